// Boot image loaders: ELF64 (kernels, firmware) and flat images (initrd, raw blobs).
export { type LoadTarget, LoadError, loadRaw } from "./raw.ts";
export { inflateGzip, initrdImage } from "./gzip.ts";
export {
  ElfError,
  loadElf,
  parseElf,
  PF_R,
  PF_W,
  PF_X,
  PSERIES_KERNEL_PLACEMENT,
  type ElfEndian,
  type ElfLoadSegment,
  type ElfLoadOptions,
  type ElfSegment,
  type LoadedElf,
  type ParsedElf,
  type PowerElfAbi,
} from "./elf.ts";
