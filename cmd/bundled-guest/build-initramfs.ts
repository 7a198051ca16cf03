// `bun run guest:bundled`: rebuilds cmd/bundled-guest/initramfs.cpio.gz, the bundled guest's
// initramfs, from Debian's busybox-static:ppc64el (fetched with apt, test/guests/linux/fetch-busybox.ts)
// and this directory's init.sh and /etc files. Not run by the tests, which check that the committed
// archive is what this would build. The kernel is rebuilt by build-kernel.sh.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fetchBusybox } from "../../test/guests/linux/fetch-busybox.ts";
import { FetchError } from "../../test/guests/linux/debian-package.ts";
import { busyboxInitramfs } from "./initramfs.ts";

export const BUNDLED_INITRAMFS_FILE = join(import.meta.dir, "initramfs.cpio.gz");

if (import.meta.main) {
  try {
    const archive = Bun.gzipSync(busyboxInitramfs(readFileSync(fetchBusybox())), { level: 9 });
    writeFileSync(BUNDLED_INITRAMFS_FILE, archive);
    console.log(`${Math.round(archive.length / 1024)} KiB: ${BUNDLED_INITRAMFS_FILE}`);
  } catch (e) {
    if (!(e instanceof FetchError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
