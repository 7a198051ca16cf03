// What the harness takes from a static ELF64 little-endian PowerPC executable: the entry point,
// the program headers (their address goes into AT_PHDR) and the PT_LOAD segments. The product's
// parseElf reads and checks the headers; this adds what a static ELFv2 process needs.
import { parseElf } from "../../vmm/machine/loader/index.ts";

const ET_EXEC = 2, PT_INTERP = 3, EF_PPC64_ABI = 3, ELFV2 = 2;

export interface Segment {
  vaddr: number;
  offset: number;
  filesz: number;
  memsz: number;
  /** p_flags: the loader's PF_R | PF_W | PF_X. */
  flags: number;
}

export interface ElfImage {
  bytes: Uint8Array;
  entry: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  loads: Segment[];
}

export function parseExecutable(bytes: Uint8Array): ElfImage {
  const elf = parseElf(bytes);
  if (elf.endian !== "little") throw new Error("not a little-endian executable");
  // Linux runs a process as ELFv2 only when e_flags says so (SET_PERSONALITY), unlike the boot
  // convention parseElf's abi follows, which also takes an unflagged little-endian image for ELFv2.
  if ((elf.flags & EF_PPC64_ABI) !== ELFV2) throw new Error("only ELFv2 executables are supported");
  if (elf.type !== ET_EXEC) throw new Error("only static executables (ET_EXEC) are supported");
  if (elf.programTypes.includes(PT_INTERP)) throw new Error("dynamically linked executables (PT_INTERP) are not supported");
  return {
    bytes,
    entry: Number(elf.entry),
    phoff: elf.phoff,
    phentsize: elf.phentsize,
    phnum: elf.phnum,
    loads: elf.loads.map((s) => ({ vaddr: Number(s.vaddr), offset: s.fileOffset, filesz: s.fileSize, memsz: Number(s.memsz), flags: s.flags })),
  };
}

/** Where the program headers sit in memory: inside the segment that maps file offset e_phoff. */
export function phdrAddress(image: ElfImage): number {
  const seg = image.loads.find((s) => image.phoff >= s.offset && image.phoff < s.offset + s.filesz);
  if (!seg) throw new Error("the program headers are not in a loaded segment");
  return seg.vaddr + (image.phoff - seg.offset);
}
