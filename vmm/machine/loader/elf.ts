// ELF64 loader for Power images (kernels, firmware): either endianness, ELFv1 or ELFv2.
// Everything is validated before the first byte is written, so a bad image leaves guest memory
// untouched and always fails with an ElfError that names the problem. parseElf is that check of
// the ELF and program headers on its own, for a caller that maps the segments itself.
import { type LoadTarget, LoadError, hex } from "./raw.ts";

export class ElfError extends LoadError {
  override name = "ElfError";
}

export type ElfEndian = "big" | "little";
export type PowerElfAbi = "elfv1" | "elfv2";

export interface ElfSegment {
  /** Guest physical address the segment was placed at. */
  paddr: number;
  /** Link-time virtual address, e.g. 0xc000000000000000 for a Linux kernel. */
  vaddr: bigint;
  /** Bytes occupied in guest memory (p_memsz); those past p_filesz were zeroed. */
  size: number;
}

export interface LoadedElf {
  /** Virtual address of the first instruction: e_entry, or the code address its ELFv1 descriptor holds. */
  entry: bigint;
  /** The raw e_entry, when it pointed at an ELFv1 function descriptor in .opd. */
  entryDescriptor?: bigint;
  /** Guest physical address where `entry` was loaded. */
  entryPaddr: number;
  endian: ElfEndian;
  abi: PowerElfAbi;
  segments: ElfSegment[];
  /** Lowest guest physical address loaded. */
  lowest: number;
  /** One past the highest guest physical byte loaded. */
  highest: number;
}

export interface ElfLoadOptions {
  /** Added to every segment's (masked) p_paddr to give its guest physical address. Default 0. */
  loadOffset?: number;
  /** Only these bits of p_paddr are kept before loadOffset is added. Default: all 64. */
  paddrMask?: number;
}

/**
 * Where QEMU 7.2's pseries machine puts a -kernel ELF. hw/ppc/spapr.c loads each PT_LOAD segment at
 *   translate_kernel_address(p_paddr) = (p_paddr & 0x0fffffff) + kernel_addr
 * where kernel_addr is the machine property kernel-addr, default KERNEL_LOAD_ADDR = FW_MAX_SIZE =
 * 0x400000 (SLOF lives below it). p_vaddr and e_entry play no part: spapr_machine_init then sets
 * kernel_addr to the lowest translated address, and both SLOF and VOF (x-vof=on) enter the kernel
 * there, in big-endian real mode. Observed with qemu-system-ppc64 7.2 -d in_asm on the fixtures in
 * test/fixtures/elf: p_paddr 0 (vmlinux style, linked at 0xc000000000000000) runs first at 0x400000
 * whatever e_entry says (even an ELFv1 e_entry into .opd); p_paddr 0x10000 runs at 0x410000 with the
 * warning "spapr: kernel_addr changed from 0x400000 to 0x410000"; p_paddr 0x10010000 wraps to
 * 0x410000; -M pseries,kernel-addr=0x1000000 moves a p_paddr 0 kernel to 0x1000000.
 * So a pseries boot enters at LoadedElf.lowest, not at LoadedElf.entry.
 */
export const PSERIES_KERNEL_PLACEMENT = { loadOffset: 0x400000, paddrMask: 0x0fffffff } as const;

/** p_flags bits. */
export const PF_X = 1, PF_W = 2, PF_R = 4;

/** A PT_LOAD program header whose file data lies inside the file. */
export interface ElfLoadSegment {
  /** Position in the program header table, as messages name it. */
  index: number;
  /** p_flags: PF_R | PF_W | PF_X. */
  flags: number;
  fileOffset: number;
  fileSize: number;
  vaddr: bigint;
  paddr: bigint;
  /** p_memsz, at least fileSize; may be 0. */
  memsz: bigint;
}

/** What parseElf found and checked: the ELF header and the program headers. */
export interface ParsedElf {
  endian: ElfEndian;
  /** The ABI as a boot loader takes it: an image without ABI bits in e_flags by the historical convention. */
  abi: PowerElfAbi;
  /** e_flags as the file has it. */
  flags: number;
  /** e_type: ET_EXEC or ET_DYN. */
  type: number;
  entry: bigint;
  /** The program header table (a Linux process's AT_PHDR, AT_PHENT, AT_PHNUM), inside the file. */
  phoff: number;
  phentsize: number;
  phnum: number;
  /** p_type of every program header, in table order. */
  programTypes: number[];
  /** The PT_LOAD segments in table order; at least one has a non-zero p_memsz. */
  loads: ElfLoadSegment[];
  /** The section header table, not checked: loadElf reads sections only for an ELFv1 entry. */
  shoff: bigint;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const SHDR_SIZE = 64;
const EM_PPC64 = 21;
const ET_EXEC = 2;
const ET_DYN = 3;
const PT_LOAD = 1;
const SHF_ALLOC = 2;
const EF_PPC64_ABI = 3;
const ALL_64_BITS = (1n << 64n) - 1n;
const OPD_NAME = [0x2e, 0x6f, 0x70, 0x64, 0x00]; // ".opd\0"
const ZERO_FILL_CHUNK = 1 << 20;

interface PlacedSegment extends ElfSegment {
  index: number;
  fileOffset: number;
  fileSize: number;
  executable: boolean;
}

export function loadElf(image: Uint8Array, ram: LoadTarget, opts: ElfLoadOptions = {}): LoadedElf {
  const elf = parseElf(image);
  const segments = placeSegments(elf, ram.size, opts);
  checkNoOverlap(segments);
  const entry = resolveEntry(image, elf, segments);

  for (const s of segments) {
    ram.write(s.paddr, image.subarray(s.fileOffset, s.fileOffset + s.fileSize));
    zeroFill(ram, s.paddr + s.fileSize, s.size - s.fileSize);
  }

  return {
    ...entry,
    endian: elf.endian,
    abi: elf.abi,
    segments: segments.map(({ paddr, vaddr, size }) => ({ paddr, vaddr, size })),
    lowest: segments.reduce((low, s) => Math.min(low, s.paddr), Infinity),
    highest: segments.reduce((high, s) => Math.max(high, s.paddr + s.size), 0),
  };
}

/**
 * Reads and checks an ELF64 Power executable's headers: ELF64, either byte order, EM_PPC64,
 * ET_EXEC or ET_DYN, a known ABI, and a program header table and PT_LOAD file data that lie
 * inside the file. Throws an ElfError naming the first problem. Loads nothing.
 */
export function parseElf(image: Uint8Array): ParsedElf {
  if (image.length < EHDR_SIZE) {
    throw new ElfError(`truncated: ${image.length} bytes is shorter than the 64-byte ELF64 header`);
  }
  if (image[0] !== 0x7f || image[1] !== 0x45 || image[2] !== 0x4c || image[3] !== 0x46) {
    throw new ElfError("not an ELF file (bad magic)");
  }
  const elfClass = image[4];
  if (elfClass === 1) throw new ElfError("ELF32 (EI_CLASS 1) is not supported: Power images are ELF64");
  if (elfClass !== 2) throw new ElfError(`unknown EI_CLASS ${elfClass}`);
  const data = image[5];
  if (data !== 1 && data !== 2) throw new ElfError(`unknown EI_DATA ${data}: neither little- nor big-endian`);
  if (image[6] !== 1) throw new ElfError(`unsupported EI_VERSION ${image[6]}`);

  const le = data === 1;
  const view = viewOf(image);
  const machine = view.getUint16(18, le);
  if (machine !== EM_PPC64) throw new ElfError(`e_machine ${machine} is not EM_PPC64 (21)`);
  const type = view.getUint16(16, le);
  if (type !== ET_EXEC && type !== ET_DYN) {
    throw new ElfError(`e_type ${type} is not an executable (ET_EXEC or ET_DYN)`);
  }

  const flags = view.getUint32(48, le);
  const abiBits = flags & EF_PPC64_ABI;
  if (abiBits === 3) throw new ElfError("e_flags ABI version 3 is undefined (1 = ELFv1, 2 = ELFv2)");
  // Unflagged images follow the historical convention: big-endian Power64 is ELFv1, little-endian ELFv2.
  const abi = abiBits === 1 || (abiBits === 0 && !le) ? "elfv1" : "elfv2";

  const phentsize = view.getUint16(54, le);
  const phnum = view.getUint16(56, le);
  if (phnum === 0) throw new ElfError("no program headers");
  const phoff = tableOffset(image, "program header table", view.getBigUint64(32, le), phnum, phentsize, PHDR_SIZE);
  const programTypes: number[] = [];
  const loads: ElfLoadSegment[] = [];
  for (let index = 0; index < phnum; index++) {
    const at = phoff + index * phentsize;
    programTypes.push(view.getUint32(at, le));
    if (programTypes[index] === PT_LOAD) loads.push(readLoadSegment(image, view, le, at, index));
  }
  if (!loads.some((s) => s.memsz > 0n)) throw new ElfError("no PT_LOAD segment with a non-zero size");

  return {
    endian: le ? "little" : "big",
    abi,
    flags,
    type,
    entry: view.getBigUint64(24, le),
    phoff,
    phentsize,
    phnum,
    programTypes,
    loads,
    shoff: view.getBigUint64(40, le),
    shentsize: view.getUint16(58, le),
    shnum: view.getUint16(60, le),
    shstrndx: view.getUint16(62, le),
  };
}

function readLoadSegment(image: Uint8Array, view: DataView, le: boolean, at: number, index: number): ElfLoadSegment {
  const offset = view.getBigUint64(at + 8, le);
  const filesz = view.getBigUint64(at + 32, le);
  const memsz = view.getBigUint64(at + 40, le);
  const name = `segment ${index}`;
  if (filesz > memsz) throw new ElfError(`${name}: p_filesz ${hex(filesz)} exceeds p_memsz ${hex(memsz)}`);
  if (offset + filesz > BigInt(image.length)) {
    throw new ElfError(
      `${name}: file data ${hex(offset)}..${hex(offset + filesz)} runs past the end of the ${image.length}-byte file`,
    );
  }
  return {
    index,
    flags: view.getUint32(at + 4, le),
    fileOffset: Number(offset),
    fileSize: Number(filesz),
    vaddr: view.getBigUint64(at + 16, le),
    paddr: view.getBigUint64(at + 24, le),
    memsz,
  };
}

const viewOf = (image: Uint8Array) => new DataView(image.buffer, image.byteOffset, image.byteLength);
const littleEndian = (elf: ParsedElf) => elf.endian === "little";

/** Checks that a table of `count` entries lies inside the file; returns its offset. */
function tableOffset(image: Uint8Array, what: string, offset: bigint, count: number, entsize: number, minEntsize: number): number {
  if (entsize < minEntsize) throw new ElfError(`${what} entry size ${entsize} is smaller than ${minEntsize}`);
  const end = offset + BigInt(count * entsize);
  if (end > BigInt(image.length)) {
    throw new ElfError(`${what} (${count} × ${entsize} bytes at ${hex(offset)}) runs past the end of the ${image.length}-byte file`);
  }
  return Number(offset);
}

function placeSegments(elf: ParsedElf, ramSize: number, opts: ElfLoadOptions): PlacedSegment[] {
  const mask = opts.paddrMask === undefined ? ALL_64_BITS : BigInt(opts.paddrMask);
  const loadOffset = BigInt(opts.loadOffset ?? 0);
  const placed: PlacedSegment[] = [];

  for (const s of elf.loads) {
    if (s.memsz === 0n) continue;
    const start = (s.paddr & mask) + loadOffset;
    if (start < 0n || start + s.memsz > BigInt(ramSize)) {
      throw new ElfError(
        `segment ${s.index}: ${hex(s.memsz)} bytes at guest physical ${hex(start)} (p_paddr ${hex(s.paddr)}) ` +
          `do not fit in guest RAM of ${hex(ramSize)} bytes`,
      );
    }
    placed.push({
      index: s.index,
      paddr: Number(start),
      vaddr: s.vaddr,
      size: Number(s.memsz),
      fileOffset: s.fileOffset,
      fileSize: s.fileSize,
      executable: (s.flags & PF_X) !== 0,
    });
  }
  return placed;
}

function checkNoOverlap(segments: PlacedSegment[]): void {
  const byAddress = [...segments].sort((a, b) => a.paddr - b.paddr);
  for (let k = 1; k < byAddress.length; k++) {
    const prev = byAddress[k - 1]!;
    const next = byAddress[k]!;
    if (next.paddr < prev.paddr + prev.size) {
      throw new ElfError(`segments ${prev.index} and ${next.index} overlap at guest physical ${hex(next.paddr)}`);
    }
  }
}

function resolveEntry(image: Uint8Array, h: ParsedElf, segments: PlacedSegment[]): Pick<LoadedElf, "entry" | "entryDescriptor" | "entryPaddr"> {
  const home = segmentHolding(segments, h.entry, "e_entry");
  if (h.abi === "elfv2" || !isFunctionDescriptor(image, h, home)) {
    return { entry: h.entry, entryPaddr: physicalOf(home, h.entry) };
  }
  const inSegment = Number(h.entry - home.vaddr);
  if (inSegment + 8 > home.fileSize) {
    throw new ElfError(`ELFv1 entry descriptor at ${hex(h.entry)} is not backed by file data`);
  }
  const code = viewOf(image).getBigUint64(home.fileOffset + inSegment, littleEndian(h));
  const codeHome = segmentHolding(segments, code, `code address in the entry descriptor at ${hex(h.entry)}`);
  return { entry: code, entryDescriptor: h.entry, entryPaddr: physicalOf(codeHome, code) };
}

function segmentHolding(segments: PlacedSegment[], vaddr: bigint, what: string): PlacedSegment {
  const home = segments.find((s) => vaddr >= s.vaddr && vaddr < s.vaddr + BigInt(s.size));
  if (!home) throw new ElfError(`${what} ${hex(vaddr)} lies outside every loaded segment`);
  return home;
}

const physicalOf = (s: PlacedSegment, vaddr: bigint): number => s.paddr + Number(vaddr - s.vaddr);

/**
 * An ELFv1 e_entry names a function descriptor when it points into .opd (C entry points), but a
 * code label otherwise: vmlinux's _stext is plain code inside one RWX segment that also holds .opd,
 * so the section decides. Code never lives in a non-executable segment, whatever the sections say.
 */
function isFunctionDescriptor(image: Uint8Array, h: ParsedElf, home: PlacedSegment): boolean {
  return !home.executable || inOpdSection(image, h);
}

function inOpdSection(image: Uint8Array, h: ParsedElf): boolean {
  if (h.shnum === 0) return false;
  const table = tableOffset(image, "section header table", h.shoff, h.shnum, h.shentsize, SHDR_SIZE);
  if (h.shstrndx >= h.shnum) throw new ElfError(`e_shstrndx ${h.shstrndx} is not below e_shnum ${h.shnum}`);
  const view = viewOf(image);
  const le = littleEndian(h);
  const section = (i: number) => table + i * h.shentsize;
  const names = section(h.shstrndx);
  const namesOffset = view.getBigUint64(names + 24, le);
  const namesSize = view.getBigUint64(names + 32, le);
  if (namesOffset + namesSize > BigInt(image.length)) {
    throw new ElfError(`section name table at ${hex(namesOffset)} runs past the end of the ${image.length}-byte file`);
  }

  for (let i = 0; i < h.shnum; i++) {
    const at = section(i);
    if ((view.getBigUint64(at + 8, le) & BigInt(SHF_ALLOC)) === 0n) continue;
    const addr = view.getBigUint64(at + 16, le);
    if (h.entry < addr || h.entry >= addr + view.getBigUint64(at + 32, le)) continue;
    const nameAt = BigInt(view.getUint32(at, le));
    if (nameAt + BigInt(OPD_NAME.length) > namesSize) continue;
    const start = Number(namesOffset + nameAt);
    if (OPD_NAME.every((byte, k) => image[start + k] === byte)) return true;
  }
  return false;
}

function zeroFill(ram: LoadTarget, addr: number, length: number): void {
  if (length === 0) return;
  const zeros = new Uint8Array(Math.min(length, ZERO_FILL_CHUNK));
  for (let done = 0; done < length; done += zeros.length) {
    ram.write(addr + done, zeros.subarray(0, Math.min(zeros.length, length - done)));
  }
}
