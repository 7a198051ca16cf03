// The parts of a static ELF64 little-endian PowerPC executable the loader needs: the entry point,
// the program headers (their address goes into AT_PHDR) and the PT_LOAD segments.

export const PT_LOAD = 1;
export const PF_X = 1, PF_W = 2, PF_R = 4;
const EM_PPC64 = 21, ET_EXEC = 2;

export interface Segment {
  vaddr: number;
  offset: number;
  filesz: number;
  memsz: number;
  /** PF_R | PF_W | PF_X. */
  flags: number;
}

export interface ElfImage {
  bytes: Uint8Array;
  entry: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  /** e_flags & 3: 2 for the ELFv2 ABI. */
  abi: number;
  loads: Segment[];
}

export function parseElf(bytes: Uint8Array): ElfImage {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0) !== 0x7f454c46) throw new Error("not an ELF file");
  if (bytes[4] !== 2 || bytes[5] !== 1) throw new Error("not a 64-bit little-endian ELF file");
  const u64 = (off: number) => Number(v.getBigUint64(off, true));
  if (v.getUint16(16, true) !== ET_EXEC) throw new Error("only static executables (ET_EXEC) are supported");
  if (v.getUint16(18, true) !== EM_PPC64) throw new Error("not a PowerPC64 executable");
  const image: ElfImage = {
    bytes,
    entry: u64(24),
    phoff: u64(32),
    phentsize: v.getUint16(54, true),
    phnum: v.getUint16(56, true),
    abi: v.getUint32(48, true) & 3,
    loads: [],
  };
  for (let i = 0; i < image.phnum; i++) {
    const ph = image.phoff + i * image.phentsize;
    const type = v.getUint32(ph, true);
    if (type === 3) throw new Error("dynamically linked executables (PT_INTERP) are not supported");
    if (type !== PT_LOAD) continue;
    image.loads.push({ flags: v.getUint32(ph + 4, true), offset: u64(ph + 8), vaddr: u64(ph + 16), filesz: u64(ph + 32), memsz: u64(ph + 40) });
  }
  if (image.loads.length === 0) throw new Error("no PT_LOAD segment");
  return image;
}

/** Where the program headers sit in memory: inside the segment that maps file offset e_phoff. */
export function phdrAddress(image: ElfImage): number {
  const seg = image.loads.find((s) => image.phoff >= s.offset && image.phoff < s.offset + s.filesz);
  if (!seg) throw new Error("the program headers are not in a loaded segment");
  return seg.vaddr + (image.phoff - seg.offset);
}
