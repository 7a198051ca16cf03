// Guest RAM: one ArrayBuffer holding guest physical memory from address 0, in guest byte order.
// Typed-array views serve aligned accesses; the DataView serves unaligned ones. A per-page code
// map lets the soft TLB keep pages holding decoded instructions out of its write side, so
// stores to code always take the slow path that invalidates the decode cache.

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;

/** spar keeps guest RAM in one JavaScript ArrayBuffer; 2 GiB keeps every offset an int32. */
export const MAX_RAM = 2 * 1024 * 1024 * 1024;

export class GuestMemory {
  readonly size: number;
  readonly buffer: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
  readonly view: DataView;
  /** Non-zero for pages that hold decoded instructions. */
  readonly codePages: Uint8Array;

  constructor(size: number) {
    if (size <= 0 || size > MAX_RAM || size % PAGE_SIZE !== 0)
      throw new RangeError(`guest RAM must be a multiple of 4 KiB between 4 KiB and 2 GiB, got ${size}`);
    this.size = size;
    this.buffer = new ArrayBuffer(size);
    this.u8 = new Uint8Array(this.buffer);
    this.u16 = new Uint16Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.view = new DataView(this.buffer);
    this.codePages = new Uint8Array(size >>> PAGE_SHIFT);
  }

  /** Called when a write from outside the CPUs (loaders, devices) lands on a code page. */
  readonly codeWriteListeners: ((addr: number, length: number) => void)[] = [];

  /** Copy bytes in at a physical address (loaders, firmware, device DMA); bounds-checked. */
  write(addr: number, bytes: Uint8Array): void {
    if (addr < 0 || addr + bytes.length > this.size)
      throw new RangeError(`write of ${bytes.length} bytes at 0x${addr.toString(16)} is outside guest RAM (${this.size} bytes)`);
    this.u8.set(bytes, addr);
    for (let p = addr >>> PAGE_SHIFT; p <= (addr + bytes.length - 1) >>> PAGE_SHIFT; p++) {
      if (this.codePages[p]) {
        for (const listener of this.codeWriteListeners) listener(addr, bytes.length);
        break;
      }
    }
  }

  read(addr: number, length: number): Uint8Array {
    if (addr < 0 || addr + length > this.size)
      throw new RangeError(`read of ${length} bytes at 0x${addr.toString(16)} is outside guest RAM`);
    return this.u8.slice(addr, addr + length);
  }
}
