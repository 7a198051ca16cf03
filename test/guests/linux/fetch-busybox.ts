// `bun run guest:busybox`: download Debian's static ppc64le busybox (busybox-static:ppc64el) with
// apt and extract it into test/guests/linux/.cache/busybox (git-ignored), for the user-mode
// harness (test/usermode) and the Debian guest's initramfs. Idempotent: a download is kept.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { checkCanFetch, FetchError, fetchPackage } from "./debian-package.ts";

export const BUSYBOX_DIR = join(import.meta.dir, ".cache", "busybox");
export const BUSYBOX = join(BUSYBOX_DIR, "bin", "busybox");

/** The build the fixture was recorded from; apt falls back to the archive's current one if it is gone. */
export const RECORDED_VERSION = "1:1.35.0-4+deb12u1+b1";

/** Make sure busybox is there; returns its path. */
export function fetchBusybox(): string {
  if (existsSync(BUSYBOX)) return BUSYBOX;
  checkCanFetch("guest:busybox", ["busybox-static"], BUSYBOX_DIR);
  const version = fetchPackage("busybox-static", BUSYBOX_DIR, [RECORDED_VERSION]);
  if (version !== RECORDED_VERSION) console.warn(`note: got ${version}; the fixture was recorded from ${RECORDED_VERSION}`);
  return BUSYBOX;
}

if (import.meta.main) {
  try {
    console.log(`busybox: ${fetchBusybox()}`);
  } catch (e) {
    if (!(e instanceof FetchError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
