// spapr-nvram: the partition's non-volatile RAM (LoPAR "NVRAM"), read and written only through
// the RTAS calls nvram-fetch and nvram-store. Its contents are the guest's business (CHRP
// partitions Linux lays out itself); spar starts it zeroed, as QEMU does without -prom-env, or
// from a raw image whose every store is written through, so nothing is lost when the run ends.

/** QEMU gives the second VIO device this unit address. */
export const NVRAM_REG = 0x71000001;
export const NVRAM_DEFAULT_SIZE = 64 * 1024;
/** QEMU's bounds on a backing image's size. */
export const NVRAM_MIN_SIZE = 8 * 1024;
export const NVRAM_MAX_SIZE = 1024 * 1024;

/** Where stores go besides the in-memory copy (the -drive if=pflash image). */
export interface NvramBacking {
  write(offset: number, bytes: Uint8Array): void;
}

export class SpaprNvram {
  readonly reg = NVRAM_REG;

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly backing?: NvramBacking,
  ) {}

  /** An empty NVRAM of QEMU's default size, kept in memory only. */
  static blank(): SpaprNvram {
    return new SpaprNvram(new Uint8Array(NVRAM_DEFAULT_SIZE));
  }

  /** NVRAM holding `image` (its size is the NVRAM's), with stores written through to `backing`. */
  static fromImage(image: Uint8Array, backing: NvramBacking): SpaprNvram {
    if (image.length < NVRAM_MIN_SIZE || image.length > NVRAM_MAX_SIZE) {
      throw new RangeError(`spapr-nvram must be between ${NVRAM_MIN_SIZE} and ${NVRAM_MAX_SIZE} bytes in size (the image is ${image.length})`);
    }
    return new SpaprNvram(image.slice(), backing);
  }

  get size(): number {
    return this.bytes.length;
  }

  /** Whether [offset, offset+length) lies inside the NVRAM. */
  holds(offset: number, length: number): boolean {
    return offset >= 0 && length >= 0 && offset + length <= this.bytes.length;
  }

  /** The bytes at [offset, offset+length); the caller has checked holds(). */
  read(offset: number, length: number): Uint8Array {
    return this.bytes.subarray(offset, offset + length);
  }

  /** Store `data` at `offset` (checked with holds()) and write it through to the backing image. */
  write(offset: number, data: Uint8Array): void {
    this.bytes.set(data, offset);
    this.backing?.write(offset, data);
  }
}
