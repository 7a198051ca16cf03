import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ElfError,
  LoadError,
  loadElf,
  loadRaw,
  parseElf,
  PF_R,
  PF_W,
  PF_X,
  PSERIES_KERNEL_PLACEMENT,
  type LoadTarget,
} from "../../vmm/machine/loader/index.ts";

// Fixtures are built by test/fixtures/elf/build.sh. Each has two PT_LOAD segments:
//   0: .head.text .text   file 0x100, vaddr LINK, paddr LOAD,         0x20 bytes, R E
//   1: (.opd) .data .bss  file 0x200, vaddr LINK+0x100, paddr LOAD+0x100, RW, memsz > filesz
const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dir, "../fixtures/elf", name)));
const KERNEL_BASE = 0xc000000000000000n;
const PHDR = (i: number) => 64 + i * 56;
/** File offset of the section header describing .shstrtab, in a big-endian fixture. */
const sectionNamesHeader = (image: Uint8Array) => {
  const view = new DataView(image.buffer);
  return Number(view.getBigUint64(40)) + view.getUint16(62) * 64;
};

class TestRam implements LoadTarget {
  readonly bytes: Uint8Array;
  writes = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size).fill(0xaa); // stale contents the loader must overwrite
  }
  get size() {
    return this.bytes.length;
  }
  write(addr: number, bytes: Uint8Array) {
    this.writes++;
    this.bytes.set(bytes, addr);
  }
}

/** Rewrites a header field in the fixture's own byte order. */
function patch(image: Uint8Array, offset: number, width: 2 | 4 | 8, value: number | bigint): Uint8Array {
  const copy = image.slice();
  const view = new DataView(copy.buffer);
  const le = copy[5] === 1;
  if (width === 2) view.setUint16(offset, Number(value), le);
  else if (width === 4) view.setUint32(offset, Number(value), le);
  else view.setBigUint64(offset, BigInt(value), le);
  return copy;
}

/** A copy of the image with `bytes` written at `at`. */
const withBytes = (image: Uint8Array, at: number, ...bytes: number[]) => {
  const copy = image.slice();
  copy.set(bytes, at);
  return copy;
};

describe("loadElf: fixtures", () => {
  test("ELFv2 little-endian kernel: segments at p_paddr, bss zeroed, rest of RAM untouched", () => {
    const image = fixture("v2-le.elf");
    const ram = new TestRam(0x1000);
    const elf = loadElf(image, ram);

    expect(elf).toEqual({
      entry: KERNEL_BASE + 0x10n,
      entryPaddr: 0x10,
      endian: "little",
      abi: "elfv2",
      segments: [
        { paddr: 0, vaddr: KERNEL_BASE, size: 0x20 },
        { paddr: 0x100, vaddr: KERNEL_BASE + 0x100n, size: 0x210 },
      ],
      lowest: 0,
      highest: 0x310,
    });
    expect(ram.bytes.subarray(0, 0x20)).toEqual(image.subarray(0x100, 0x120));
    expect(ram.bytes.subarray(0x100, 0x108)).toEqual(image.subarray(0x200, 0x208));
    expect(ram.bytes.subarray(0x108, 0x310).every((b) => b === 0)).toBe(true);
    expect(ram.bytes[0x20]).toBe(0xaa);
    expect(ram.bytes[0x310]).toBe(0xaa);
  });

  test("ELFv1 big-endian: e_entry into .opd resolves through the descriptor", () => {
    const elf = loadElf(fixture("v1-be.elf"), new TestRam(0x1000));
    expect(elf.endian).toBe("big");
    expect(elf.abi).toBe("elfv1");
    expect(elf.entryDescriptor).toBe(KERNEL_BASE + 0x100n);
    expect(elf.entry).toBe(KERNEL_BASE + 0x10n);
    expect(elf.entryPaddr).toBe(0x10);
  });

  test("ELFv1 big-endian: a code-label entry (vmlinux's _stext) is not a descriptor", () => {
    const elf = loadElf(fixture("v1-be-stext.elf"), new TestRam(0x1000));
    expect(elf.abi).toBe("elfv1");
    expect(elf.entryDescriptor).toBeUndefined();
    expect(elf.entry).toBe(KERNEL_BASE);
    expect(elf.entryPaddr).toBe(0);
  });

  test("ELFv1: an entry in .opd is a descriptor even inside an executable segment (vmlinux's single RWX one)", () => {
    const rwx = patch(fixture("v1-be.elf"), PHDR(1) + 4, 4, 7);
    expect(loadElf(rwx, new TestRam(0x1000)).entry).toBe(KERNEL_BASE + 0x10n);
  });

  test("ELFv1 without section headers: an entry in a non-executable segment is still a descriptor", () => {
    const stripped = patch(fixture("v1-be.elf"), 60, 2, 0); // e_shnum = 0
    expect(loadElf(stripped, new TestRam(0x1000)).entry).toBe(KERNEL_BASE + 0x10n);
    const strippedStext = patch(fixture("v1-be-stext.elf"), 60, 2, 0);
    expect(loadElf(strippedStext, new TestRam(0x1000)).entry).toBe(KERNEL_BASE);
  });

  test("unflagged e_flags: big-endian means ELFv1, little-endian ELFv2", () => {
    const be = loadElf(patch(fixture("v1-be.elf"), 48, 4, 0), new TestRam(0x1000));
    expect(be.abi).toBe("elfv1");
    expect(be.entryDescriptor).toBe(KERNEL_BASE + 0x100n);
    expect(loadElf(patch(fixture("v2-le.elf"), 48, 4, 0), new TestRam(0x1000)).abi).toBe("elfv2");
  });

  test("e_flags ABI bits override endianness", () => {
    expect(loadElf(patch(fixture("v2-le.elf"), 48, 4, 1), new TestRam(0x1000)).abi).toBe("elfv1");
    const v1AsV2 = loadElf(patch(fixture("v1-be.elf"), 48, 4, 2), new TestRam(0x1000));
    expect(v1AsV2.abi).toBe("elfv2");
    expect(v1AsV2.entry).toBe(KERNEL_BASE + 0x100n);
  });
});

describe("loadElf: QEMU pseries placement", () => {
  const ram = () => new TestRam(0x800000);

  test("a vmlinux-style image (p_paddr 0) lands at 0x400000", () => {
    const elf = loadElf(fixture("v2-le.elf"), ram(), PSERIES_KERNEL_PLACEMENT);
    expect(elf.lowest).toBe(0x400000);
    expect(elf.highest).toBe(0x400310);
    expect(elf.entryPaddr).toBe(0x400010);
    expect(elf.segments.map((s) => s.paddr)).toEqual([0x400000, 0x400100]);
  });

  test("p_paddr 0x10000 is offset to 0x410000, as QEMU warns", () => {
    expect(loadElf(fixture("low-v2-le.elf"), ram(), PSERIES_KERNEL_PLACEMENT).lowest).toBe(0x410000);
  });

  test("p_paddr bits above 0x0fffffff are dropped", () => {
    let image = patch(fixture("v1-be-stext.elf"), PHDR(0) + 24, 8, 0x10010000);
    image = patch(image, PHDR(1) + 24, 8, 0x10010100);
    expect(loadElf(image, ram(), PSERIES_KERNEL_PLACEMENT).lowest).toBe(0x410000);
  });
});

describe("loadElf: bad input gives an ElfError and writes nothing", () => {
  const v2 = fixture("v2-le.elf");
  const v1 = fixture("v1-be.elf");
  const v1Stext = fixture("v1-be-stext.elf"); // entry in an executable segment: .opd membership is looked up
  const cases: [string, Uint8Array, RegExp, number?][] = [
    ["empty file", new Uint8Array(0), /truncated: 0 bytes/],
    ["truncated header", v2.subarray(0, 63), /truncated: 63 bytes is shorter than the 64-byte ELF64 header/],
    ["bad magic", withBytes(v2, 0, 0x7f, 0x45, 0x4c, 0x47), /bad magic/],
    ["ELF32", withBytes(v2, 4, 1), /ELF32 \(EI_CLASS 1\) is not supported/],
    ["unknown class", withBytes(v2, 4, 7), /unknown EI_CLASS 7/],
    ["unknown byte order", withBytes(v2, 5, 3), /unknown EI_DATA 3/],
    ["bad EI_VERSION", withBytes(v2, 6, 2), /unsupported EI_VERSION 2/],
    ["32-bit PowerPC machine", patch(v2, 18, 2, 20), /e_machine 20 is not EM_PPC64 \(21\)/],
    ["x86-64 machine", patch(v2, 18, 2, 62), /e_machine 62 is not EM_PPC64/],
    ["relocatable object", patch(v2, 16, 2, 1), /e_type 1 is not an executable/],
    ["undefined ABI bits", patch(v2, 48, 4, 3), /e_flags ABI version 3 is undefined/],
    ["no program headers", patch(v2, 56, 2, 0), /no program headers/],
    ["program headers past EOF", patch(v2, 32, 8, 0x10000), /program header table \(2 × 56 bytes at 0x10000\) runs past the end of the \d+-byte file/],
    ["short program header entries", patch(v2, 54, 2, 32), /program header table entry size 32 is smaller than 56/],
    ["truncated program headers", v2.subarray(0, 100), /program header table .* runs past the end of the 100-byte file/],
    ["segment data past EOF", patch(v2, PHDR(1) + 8, 8, 0x10000), /segment 1: file data 0x10000\.\.0x10008 runs past the end/],
    ["huge p_filesz", patch(patch(v2, PHDR(1) + 32, 8, 1n << 62n), PHDR(1) + 40, 8, 1n << 62n), /segment 1: file data .* runs past the end/],
    ["p_filesz above p_memsz", patch(v2, PHDR(1) + 40, 8, 4), /segment 1: p_filesz 0x8 exceeds p_memsz 0x4/],
    ["segment beyond RAM", v2, /segment 1: 0x210 bytes at guest physical 0x100 \(p_paddr 0x100\) do not fit in guest RAM of 0x200 bytes/, 0x200],
    ["huge p_memsz", patch(v2, PHDR(1) + 40, 8, 1n << 63n), /segment 1: 0x8000000000000000 bytes .* do not fit in guest RAM/],
    ["p_paddr near 2^64", patch(v2, PHDR(1) + 24, 8, (1n << 64n) - 8n), /p_paddr 0xfffffffffffffff8\) do not fit/],
    ["overlapping segments", patch(v2, PHDR(1) + 24, 8, 0x10), /segments 0 and 1 overlap at guest physical 0x10/],
    ["no loadable segments", patch(patch(v2, PHDR(0), 4, 0), PHDR(1), 4, 0), /no PT_LOAD segment/],
    ["entry outside the image", patch(v2, 24, 8, 0xd000000000000000n), /e_entry 0xd000000000000000 lies outside every loaded segment/],
    ["descriptor pointing nowhere", patch(v1, 0x200, 8, 0xdead), /code address in the entry descriptor at 0xc000000000000100 0xdead lies outside/],
    ["descriptor in .bss", patch(v1, 24, 8, KERNEL_BASE + 0x200n), /entry descriptor at 0xc000000000000200 is not backed by file data/],
    ["section headers past EOF", patch(v1Stext, 40, 8, 0x100000), /section header table .* runs past the end/],
    ["section name table past EOF", patch(v1Stext, sectionNamesHeader(v1Stext) + 24, 8, 0x100000), /section name table at 0x100000 runs past the end/],
    ["bad e_shstrndx", patch(v1Stext, 62, 2, 99), /e_shstrndx 99 is not below e_shnum/],
  ];

  for (const [what, image, message, ramSize] of cases) {
    test(what, () => {
      const ram = new TestRam(ramSize ?? 0x1000);
      expect(() => loadElf(image, ram)).toThrow(message);
      expect(() => loadElf(image, ram)).toThrow(ElfError);
      expect(ram.writes).toBe(0);
    });
  }

  test("ElfError is a LoadError", () => {
    expect(new ElfError("x")).toBeInstanceOf(LoadError);
  });
});

describe("parseElf: the headers alone, checked, nothing loaded", () => {
  // Expected values as binutils' readelf -hlW prints them for the fixtures.
  const fixtureLoads = (dataSize: number, memsz: bigint) => [
    { index: 0, flags: PF_R | PF_X, fileOffset: 0x100, fileSize: 0x20, vaddr: KERNEL_BASE, paddr: 0n, memsz: 0x20n },
    { index: 1, flags: PF_R | PF_W, fileOffset: 0x200, fileSize: dataSize, vaddr: KERNEL_BASE + 0x100n, paddr: 0x100n, memsz },
  ];

  const fixtures = [
    ["little-endian ELFv2", "v2-le.elf", { endian: "little", abi: "elfv2", flags: 2, entry: KERNEL_BASE + 0x10n, loads: fixtureLoads(0x8, 0x210n) }],
    ["big-endian ELFv1 (the same layout in the other byte order)", "v1-be.elf", { endian: "big", abi: "elfv1", flags: 1, entry: KERNEL_BASE + 0x100n, loads: fixtureLoads(0x20, 0x220n) }],
  ] as const;
  for (const [what, name, expected] of fixtures) {
    test(`${what} fixture`, () => {
      // e_type 2 is ET_EXEC; both program headers are PT_LOAD (1).
      expect(parseElf(fixture(name))).toMatchObject({ type: 2, phoff: 64, phentsize: 56, phnum: 2, programTypes: [1, 1], ...expected });
    });
  }

  test("every p_type is reported; only PT_LOAD headers become segments, empty ones included", () => {
    const note = patch(fixture("v2-le.elf"), PHDR(1), 4, 4); // PT_NOTE
    expect(parseElf(note).programTypes).toEqual([1, 4]);
    expect(parseElf(note).loads.map((s) => s.index)).toEqual([0]);
    const empty = patch(patch(fixture("v2-le.elf"), PHDR(1) + 32, 8, 0), PHDR(1) + 40, 8, 0);
    expect(parseElf(empty).loads[1]).toMatchObject({ index: 1, fileSize: 0, memsz: 0n });
  });

  test("section headers are not checked: only loadElf's ELFv1 entry lookup reads them", () => {
    const image = patch(fixture("v2-le.elf"), 40, 8, 0x100000);
    expect(parseElf(image).shoff).toBe(0x100000n);
    expect(loadElf(image, new TestRam(0x1000)).entry).toBe(KERNEL_BASE + 0x10n);
  });

  const v2 = fixture("v2-le.elf");
  const v1 = fixture("v1-be.elf");
  const cases: [string, Uint8Array, RegExp][] = [
    ["truncated header", v1.subarray(0, 40), /truncated: 40 bytes is shorter than the 64-byte ELF64 header/],
    ["ELF32", withBytes(v1, 4, 1), /ELF32 \(EI_CLASS 1\) is not supported/],
    ["wrong machine (EM_PPC)", patch(v1, 18, 2, 20), /e_machine 20 is not EM_PPC64 \(21\)/],
    // EI_DATA decides how every field is read: EM_PPC64 (21) read in the wrong order is 0x1500.
    ["little-endian image marked big-endian", withBytes(v2, 5, 2), /e_machine 5376 is not EM_PPC64/],
    ["big-endian image marked little-endian", withBytes(v1, 5, 1), /e_machine 5376 is not EM_PPC64/],
    ["program header table beyond the file", patch(v1, 32, 8, v1.length - 56), /program header table \(2 × 56 bytes at 0x\w+\) runs past the end/],
    ["program header count beyond the file", patch(v1, 56, 2, 0xffff), /program header table \(65535 × 56 bytes at 0x40\) runs past the end/],
    ["e_phoff wrapping past 2^64", patch(v1, 32, 8, (1n << 64n) - 8n), /program header table .* at 0xfffffffffffffff8\) runs past the end/],
    ["segment beyond the file", patch(v1, PHDR(0) + 8, 8, v1.length - 0x10), /segment 0: file data .* runs past the end of the \d+-byte file/],
    ["p_offset + p_filesz wrapping past 2^64", patch(v1, PHDR(1) + 8, 8, (1n << 64n) - 8n), /segment 1: file data 0xfffffffffffffff8\.\.0x10000000000000018 runs past the end/],
    ["only an empty PT_LOAD segment", patch(patch(patch(v2, PHDR(0) + 32, 8, 0), PHDR(0) + 40, 8, 0), PHDR(1), 4, 4), /no PT_LOAD segment with a non-zero size/],
  ];

  for (const [what, image, message] of cases) {
    test(`refused: ${what}`, () => {
      expect(() => parseElf(image)).toThrow(message);
      expect(() => parseElf(image)).toThrow(ElfError);
    });
  }
});

describe("loadElf: fuzz", () => {
  // xorshift32 with a fixed seed: failures reproduce.
  let seed = 0x5eed1234;
  const random = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };

  test("random truncations and byte flips only ever give ElfError or a load", () => {
    const images = ["v2-le.elf", "v1-be.elf", "v1-be-stext.elf", "low-v2-le.elf"].map(fixture);
    const outcomes = { loaded: 0, rejected: 0 };
    for (let round = 0; round < 4000; round++) {
      let image = images[random(images.length)]!.slice();
      if (random(4) === 0) image = image.subarray(0, random(image.length));
      for (let flips = 1 + random(6); flips > 0 && image.length > 0; flips--) {
        // Mostly hit the headers and segment starts, where the interesting fields are.
        const span = random(3) === 0 ? image.length : Math.min(image.length, 0x240);
        image[random(span)] ^= 1 << random(8);
      }
      const ram = new TestRam(0x20000);
      try {
        loadElf(image, ram);
        outcomes.loaded++;
      } catch (error) {
        if (!(error instanceof ElfError)) throw error;
        expect(ram.writes).toBe(0);
        outcomes.rejected++;
      }
    }
    expect(outcomes.loaded).toBeGreaterThan(100);
    expect(outcomes.rejected).toBeGreaterThan(100);
  });
});

describe("loadRaw", () => {
  test("copies the image and reports the range it occupies", () => {
    const ram = new TestRam(0x100);
    expect(loadRaw(Uint8Array.of(1, 2, 3), ram, 0xfd)).toEqual({ start: 0xfd, end: 0x100 });
    expect([...ram.bytes.subarray(0xfc)]).toEqual([0xaa, 1, 2, 3]);
  });

  test("an image past the end of RAM is refused", () => {
    const ram = new TestRam(0x100);
    expect(() => loadRaw(new Uint8Array(4), ram, 0xfe)).toThrow(
      /raw image of 4 bytes at 0xfe ends at 0x102, beyond guest RAM \(0x100 bytes\)/,
    );
    expect(ram.writes).toBe(0);
  });

  test("a negative or fractional address is refused", () => {
    const ram = new TestRam(0x100);
    expect(() => loadRaw(new Uint8Array(1), ram, -1)).toThrow(LoadError);
    expect(() => loadRaw(new Uint8Array(1), ram, 1.5)).toThrow(/not a non-negative integer/);
    expect(ram.writes).toBe(0);
  });
});
