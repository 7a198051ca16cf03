// The guest spar boots when the command line names none (no -kernel, no -bios): a small pseries
// Linux built from Debian's linux-source-6.1 (kernel.config, build-kernel.sh) and a busybox
// initramfs (build-initramfs.ts), both committed gzipped. Imported as files, so that
// `bun build --compile` embeds them into dist/spar and these paths then name the embedded copies.

import kernel from "./vmlinux.gz" with { type: "file" };
import initramfs from "./initramfs.cpio.gz" with { type: "file" };

export const BUNDLED_KERNEL: string = kernel;
export const BUNDLED_INITRAMFS: string = initramfs;
/** The dashboard's and the logs' name for it. */
export const BUNDLED_GUEST_NAME = "spar-linux";
