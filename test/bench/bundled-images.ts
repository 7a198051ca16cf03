// What the Linux benches hand qemu-system-ppc64: the bundled guest's images inflated (QEMU loads
// no gzip kernel; spar inflates both itself), and the pseries machine closest to spar's.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUNDLED_INITRAMFS, BUNDLED_KERNEL } from "../../cmd/bundled-guest/bundled-guest.ts";

/** QEMU's own VOF firmware (the closest to spar's), without the speculation mitigations spar lacks. */
export const QEMU_LINUX_MACHINE = ["-M", "pseries,x-vof=on,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off"];

/** The bundled guest's images inflated for QEMU, in the git-ignored cache. */
export function inflatedBundledGuest(): { kernel: string; initrd: string } {
  const dir = join(import.meta.dir, "..", "guests", "linux", ".cache", "bench");
  mkdirSync(dir, { recursive: true });
  const kernel = join(dir, "vmlinux-bundled"), initrd = join(dir, "initramfs-bundled.cpio");
  writeFileSync(kernel, Bun.gunzipSync(readFileSync(BUNDLED_KERNEL)));
  writeFileSync(initrd, Bun.gunzipSync(readFileSync(BUNDLED_INITRAMFS)));
  return { kernel, initrd };
}
