// The committed images of the bundled guest are what their build scripts make: the initramfs is
// busyboxInitramfs() over Debian's busybox (checked when `bun run guest:busybox` has fetched it),
// and the kernel is a little-endian ELF64 for PowerPC, Linux 6.1 with the "-spar" version suffix
// and the built-in drivers kernel.config asks for.
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { BUNDLED_INITRAMFS, BUNDLED_KERNEL } from "../../../cmd/bundled-guest/bundled-guest.ts";
import { busyboxInitramfs } from "../../../cmd/bundled-guest/initramfs.ts";
import { BUSYBOX } from "../../guests/linux/fetch-busybox.ts";

const inflate = (path: string) => Bun.gunzipSync(readFileSync(path));

describe("the bundled guest's images", () => {
  test.skipIf(!existsSync(BUSYBOX))("initramfs.cpio.gz is busyboxInitramfs() over Debian's busybox-static (rebuild: bun run guest:bundled)", () => {
    expect(inflate(BUNDLED_INITRAMFS)).toEqual(busyboxInitramfs(readFileSync(BUSYBOX)));
  });

  test("vmlinux.gz is a ppc64le ELF kernel, Linux 6.1-spar, with the pseries drivers built in", () => {
    const kernel = inflate(BUNDLED_KERNEL);
    expect(Array.from(kernel.subarray(0, 6))).toEqual([0x7f, 0x45, 0x4c, 0x46, 2, 1]); // ELF64, little-endian
    expect(new DataView(kernel.buffer, kernel.byteOffset).getUint16(18, true)).toBe(21); // EM_PPC64
    const text = new TextDecoder("latin1").decode(kernel);
    expect(text).toMatch(/Linux version 6\.1\.\d+-spar \(spar@spar\)/);
    // One name each from the drivers kernel.config builds in: hvc_vio, ibmveth, ibmvscsi, pseries-rng, virtio-pci, virtio-blk, virtio-net.
    for (const driver of ["hvc_console", "ibmveth", "ibmvscsi", "pseries_rng", "virtio-pci", "virtio_blk", "virtio_net"]) expect(text).toContain(driver);
  });
});
