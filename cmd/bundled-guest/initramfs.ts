// spar's busybox initramfs: the bundled guest's (build-initramfs.ts) and the Debian test guest's.
// It holds busybox, the project's /init (init.sh) and /etc files, /dev/console (which the kernel
// opens for /init's standard streams before devtmpfs is mounted), the directories the applets
// install into, and any kernel modules given (in /lib/modules, for tests to insmod).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { S_IFCHR, S_IFDIR, S_IFREG, writeCpio, type CpioEntry } from "./cpio.ts";

const BUSYBOX_DIRECTORIES = ["bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "etc", "proc", "sys", "tmp", "root", "lib", "lib/modules"];

/** The uncompressed newc archive of `directories`, /dev/console and then `files`. */
export function initramfsArchive(directories: readonly string[], files: CpioEntry[]): Uint8Array<ArrayBuffer> {
  return writeCpio([
    ...directories.map((path) => ({ path, mode: S_IFDIR | 0o755 })),
    { path: "dev/console", mode: S_IFCHR | 0o600, rdev: [5, 1] },
    ...files,
  ]);
}

/** The initramfs around a ppc64le busybox binary, with `modules` (file name -> .ko), uncompressed. */
export function busyboxInitramfs(busybox: Uint8Array, modules: Record<string, Uint8Array> = {}): Uint8Array<ArrayBuffer> {
  const text = (path: string, source: string, mode: number) => ({ path, mode: S_IFREG | mode, data: readFileSync(join(import.meta.dir, source)) });
  return initramfsArchive(BUSYBOX_DIRECTORIES, [
    { path: "bin/busybox", mode: S_IFREG | 0o755, data: busybox },
    text("init", "init.sh", 0o755),
    text("etc/profile", "profile", 0o644),
    { path: "etc/passwd", mode: S_IFREG | 0o644, data: "root:x:0:0:root:/root:/bin/sh\n" },
    { path: "etc/group", mode: S_IFREG | 0o644, data: "root:x:0:\n" },
    ...Object.entries(modules).map(([name, data]) => ({ path: `lib/modules/${name}`, mode: S_IFREG | 0o644, data })),
  ]);
}
