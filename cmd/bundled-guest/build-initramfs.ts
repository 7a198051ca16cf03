// `bun run guest:bundled`: rebuilds cmd/bundled-guest/initramfs.cpio.gz, the bundled guest's
// initramfs, from Debian's busybox-static:ppc64el (fetched with apt, test/guests/linux/fetch-busybox.ts)
// and this directory's init.sh and /etc files. Not run by the tests, which check that the committed
// archive is what this would build. The kernel is rebuilt by build-kernel.sh.

import { readFileSync, writeFileSync } from "node:fs";
import { fetchBusybox } from "../../test/guests/linux/fetch-busybox.ts";
import { FetchError } from "../../test/guests/linux/debian-package.ts";
import { BUNDLED_INITRAMFS } from "./bundled-guest.ts";
import { busyboxInitramfs } from "./initramfs.ts";

if (import.meta.main) {
  try {
    const archive = Bun.gzipSync(busyboxInitramfs(readFileSync(fetchBusybox())), { level: 9 });
    writeFileSync(BUNDLED_INITRAMFS, archive);
    console.log(`${Math.round(archive.length / 1024)} KiB: ${BUNDLED_INITRAMFS}`);
  } catch (e) {
    if (!(e instanceof FetchError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
