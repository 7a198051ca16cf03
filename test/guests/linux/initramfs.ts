// spar's initramfs images, gzipped cpio newc archives. Each has /dev/console, which the kernel
// opens for /init's standard streams before devtmpfs is mounted, and /proc.
//  - The busybox one: busybox, the project's /init (init.sh) and /etc/profile, the directories
//    the applets install into, and the kernel modules given (in /lib/modules, for tests to insmod).
//  - The power7 one: /init is power7-init (a program built for ISA 2.06, bin/power7-init), for
//    -cpu POWER8,compat=power7, where Debian's busybox (built for POWER8) stops at once.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { S_IFCHR, S_IFDIR, S_IFREG, writeCpio, type CpioEntry } from "./cpio.ts";

const BUSYBOX_DIRECTORIES = ["bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "etc", "proc", "sys", "tmp", "root", "lib", "lib/modules"];
export const POWER7_INIT = join(import.meta.dir, "bin", "power7-init");

const executable = (path: string, data: Uint8Array): CpioEntry => ({ path, mode: S_IFREG | 0o755, data });

/** The directories, /dev/console and then `files`, archived and gzipped. */
function initramfs(directories: readonly string[], files: CpioEntry[]): Uint8Array<ArrayBuffer> {
  const entries: CpioEntry[] = [
    ...directories.map((path) => ({ path, mode: S_IFDIR | 0o755 })),
    { path: "dev/console", mode: S_IFCHR | 0o600, rdev: [5, 1] },
    ...files,
  ];
  return Bun.gzipSync(writeCpio(entries), { level: 9 });
}

/** The gzipped initramfs around a ppc64le busybox binary, with `modules` (file name -> .ko). */
export function buildInitramfs(busybox: Uint8Array, modules: Record<string, Uint8Array> = {}): Uint8Array<ArrayBuffer> {
  const file = (path: string, source: string) => executable(path, readFileSync(join(import.meta.dir, source)));
  return initramfs(BUSYBOX_DIRECTORIES, [
    executable("bin/busybox", busybox),
    file("init", "init.sh"),
    { ...file("etc/profile", "profile"), mode: S_IFREG | 0o644 },
    ...Object.entries(modules).map(([name, data]) => ({ path: `lib/modules/${name}`, mode: S_IFREG | 0o644, data })),
  ]);
}

/** The gzipped initramfs whose /init is power7-init. */
export function buildPower7Initramfs(): Uint8Array<ArrayBuffer> {
  return initramfs(["dev", "proc"], [executable("init", readFileSync(POWER7_INIT))]);
}
