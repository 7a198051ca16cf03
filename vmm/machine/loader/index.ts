// Boot image loaders: ELF64 (kernels, firmware) and flat images (initrd, raw blobs).
export { type LoadTarget, LoadError, loadRaw } from "./raw.ts";
export { initrdImage, kernelImage } from "./gzip.ts";
export {
  ElfError,
  loadElf,
  PSERIES_KERNEL_PLACEMENT,
  type ElfEndian,
  type ElfLoadOptions,
  type ElfSegment,
  type LoadedElf,
  type PowerElfAbi,
} from "./elf.ts";
