// The initramfs whose /init is power7-init (a program built for ISA 2.06, bin/power7-init), for
// -cpu POWER8,compat=power7, where Debian's busybox (built for POWER8) stops at once.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { S_IFREG } from "../../../cmd/bundled-guest/cpio.ts";
import { initramfsArchive } from "../../../cmd/bundled-guest/initramfs.ts";

export const POWER7_INIT = join(import.meta.dir, "bin", "power7-init");

/** The gzipped initramfs whose /init is power7-init. */
export function buildPower7Initramfs(): Uint8Array<ArrayBuffer> {
  return Bun.gzipSync(initramfsArchive(["dev", "proc"], [{ path: "init", mode: S_IFREG | 0o755, data: readFileSync(POWER7_INIT) }]), { level: 9 });
}
