// `bun run guest:debian`: the unmodified Debian ppc64el kernel and a busybox initramfs, as
// test/guests/linux/.cache/debian/{vmlinux,initrd.gz} (git-ignored). The kernel comes from
// linux-image-<KERNEL_ABI>-powerpc64le, or from whatever linux-image-powerpc64le depends on when
// that one has left the archive; of its modules the initramfs carries pseries-rng.ko (the
// spapr-rng driver, for /dev/hwrng). Idempotent: a fetched kernel is kept; the initramfs is rebuilt.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "bun";
import { fetchBusybox } from "./fetch-busybox.ts";
import { checkCanFetch, FetchError, fetchPackage } from "./debian-package.ts";
import { busyboxInitramfs } from "../../../cmd/bundled-guest/initramfs.ts";

export const DEBIAN_DIR = join(import.meta.dir, ".cache", "debian");
export const DEBIAN_KERNEL = join(DEBIAN_DIR, "vmlinux");
export const DEBIAN_INITRD = join(DEBIAN_DIR, "initrd.gz");
/** pseries-rng.ko, also in the initramfs as /lib/modules/pseries-rng.ko. */
export const DEBIAN_RNG_MODULE = join(DEBIAN_DIR, "pseries-rng.ko");
/** Whether `bun run guest:debian` has fetched the kernel and built the initramfs. */
export function debianFetched(): boolean {
  return existsSync(DEBIAN_KERNEL) && existsSync(DEBIAN_INITRD);
}

/** The kernel the reference boot in ../shared was measured with. */
const KERNEL_PACKAGE = "linux-image-6.1.0-50-powerpc64le";

/** The current kernel image package the metapackage points at. */
function currentKernelPackage(): string | undefined {
  const r = spawnSync(["apt-cache", "depends", "linux-image-powerpc64le:ppc64el"], { stderr: "ignore" });
  return r.stdout.toString().match(/Depends: (linux-image-[\w.+-]+-powerpc64le)/)?.[1];
}

function fetchKernel(): void {
  const unpacked = join(DEBIAN_DIR, "kernel-package");
  let version: string;
  try {
    version = fetchPackage(KERNEL_PACKAGE, unpacked);
  } catch (e) {
    const current = currentKernelPackage();
    if (!(e instanceof FetchError) || current === undefined) throw e;
    console.warn(`note: ${KERNEL_PACKAGE} is gone from the archive; using ${current}`);
    version = fetchPackage(current, unpacked);
  }
  const image = readdirSync(join(unpacked, "boot")).find((f) => f.startsWith("vmlinux-"));
  if (image === undefined) throw new FetchError(`no boot/vmlinux-* in the kernel package ${version}`);
  copyFileSync(join(unpacked, "boot", image), DEBIAN_KERNEL);
  const modules = join(unpacked, "lib", "modules");
  const rng = join(modules, readdirSync(modules)[0] ?? "", "kernel", "drivers", "char", "hw_random", "pseries-rng.ko");
  if (!existsSync(rng)) throw new FetchError(`no pseries-rng.ko in the kernel package ${version}`);
  copyFileSync(rng, DEBIAN_RNG_MODULE);
  rmSync(unpacked, { recursive: true }); // the other modules are not needed
  console.log(`kernel ${image} (${version}): ${DEBIAN_KERNEL}`);
}

export function fetchDebianGuest(): void {
  mkdirSync(DEBIAN_DIR, { recursive: true });
  if (!existsSync(DEBIAN_KERNEL) || !existsSync(DEBIAN_RNG_MODULE)) {
    checkCanFetch("guest:debian", [KERNEL_PACKAGE, "busybox-static"], DEBIAN_DIR);
    fetchKernel();
  }
  // Always rebuilt (it takes a moment), so that it follows changes to spar's /init.
  writeFileSync(DEBIAN_INITRD, Bun.gzipSync(busyboxInitramfs(readFileSync(fetchBusybox()), { "pseries-rng.ko": readFileSync(DEBIAN_RNG_MODULE) }), { level: 9 }));
  console.log(`initramfs: ${DEBIAN_INITRD}`);
}

if (import.meta.main) {
  try {
    fetchDebianGuest();
    console.log(`boot it: bun start -M pseries -m 1G -nographic -kernel ${DEBIAN_KERNEL} -initrd ${DEBIAN_INITRD} -append console=hvc0`);
  } catch (e) {
    if (!(e instanceof FetchError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
