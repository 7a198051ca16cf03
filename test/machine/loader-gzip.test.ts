// gzip-compressed boot images: a -kernel is inflated; an -initrd only when it is an initramfs
// (a cpio newc archive, which Linux unpacks the same either way); anything that inflates beyond
// guest RAM or is not valid gzip is refused with a LoadError naming the image.
import { describe, expect, test } from "bun:test";
import { gzipSync } from "node:zlib";
import { inflateGzip, initrdImage, LoadError } from "../../vmm/machine/loader/index.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const MiB = 2 ** 20;

describe("gzip boot images", () => {
  test("a gzip kernel is inflated; a plain one is loaded as given", () => {
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(100).fill(7)]);
    expect(inflateGzip(gzipSync(elf), MiB, "-kernel k")).toEqual(elf);
    expect(inflateGzip(elf, MiB, "-kernel k")).toBe(elf);
  });

  test("a gzip initramfs (cpio newc, 070701 or 070702) is inflated; any other gzip initrd is kept compressed", () => {
    for (const magic of ["070701", "070702"]) {
      const cpio = bytes(`${magic}00000001TRAILER!!!`);
      expect(initrdImage(gzipSync(cpio), MiB, "-initrd i")).toEqual(cpio);
    }
    const ext2 = gzipSync(new Uint8Array(4096));
    expect(initrdImage(ext2, MiB, "-initrd i")).toBe(ext2);
    const plain = bytes("070701 plain");
    expect(initrdImage(plain, MiB, "-initrd i")).toBe(plain);
  });

  test("an image that inflates beyond guest RAM is refused, without inflating it all", () => {
    const bomb = gzipSync(new Uint8Array(4 * MiB));
    expect(() => inflateGzip(bomb, MiB, "-kernel big.gz")).toThrow(new LoadError(`-kernel big.gz: inflates to more than guest RAM (${MiB} bytes)`));
    expect(() => initrdImage(bomb, MiB, "-initrd big.gz")).toThrow(LoadError);
  });

  test("a corrupt gzip stream is refused with the reason", () => {
    const corrupt = gzipSync(bytes("x".repeat(1000)));
    corrupt[20] ^= 0xff;
    corrupt[corrupt.length - 5] ^= 0xff;
    expect(() => inflateGzip(corrupt, MiB, "-kernel bad.gz")).toThrow(/^-kernel bad\.gz: is not valid gzip \(/);
    expect(() => inflateGzip(new Uint8Array([0x1f, 0x8b]), MiB, "-kernel short.gz")).toThrow(/^-kernel short\.gz: is not valid gzip/);
  });
});
