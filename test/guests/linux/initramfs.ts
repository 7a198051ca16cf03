// spar's busybox initramfs: a gzipped cpio newc archive holding busybox, the project's /init
// (init.sh) and /etc/profile, the directories the applets install into, and /dev/console, which
// the kernel opens for /init's standard streams before devtmpfs is mounted.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { S_IFCHR, S_IFDIR, S_IFREG, writeCpio, type CpioEntry } from "./cpio.ts";

const DIRECTORIES = ["bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "etc", "proc", "sys", "tmp", "root"];

/** The gzipped initramfs around a ppc64le busybox binary. */
export function buildInitramfs(busybox: Uint8Array): Uint8Array<ArrayBuffer> {
  const file = (path: string, source: string): CpioEntry => ({ path, mode: S_IFREG | 0o755, data: readFileSync(join(import.meta.dir, source)) });
  const entries: CpioEntry[] = [
    ...DIRECTORIES.map((path) => ({ path, mode: S_IFDIR | 0o755 })),
    { path: "dev/console", mode: S_IFCHR | 0o600, rdev: [5, 1] },
    { path: "bin/busybox", mode: S_IFREG | 0o755, data: busybox },
    file("init", "init.sh"),
    { ...file("etc/profile", "profile"), mode: S_IFREG | 0o644 },
  ];
  return Bun.gzipSync(writeCpio(entries), { level: 9 });
}
