// Builds radix process tables and trees in guest memory, big-endian as a guest writes them,
// for the MMU's unit tests and for CPU-level tests that run with relocation on.
import type { GuestMemory } from "../../vmm/mmu/guest-memory.ts";

// Entry fields as Linux's book3s/64 radix headers write them.
export const VALID = 1n << 63n, LEAF = 1n << 62n;
export const R = 0x100n, C = 0x80n;
export const ATT_NON_IDEMPOTENT_IO = 0x20n;
export const PRIV = 0x8n, READ = 0x4n, RW = 0x2n, EXEC = 0x1n;
export const RTS_52 = (2n << 61n) | (5n << 5n); // RTS = 21 split as bits 1:2 and 56:58
export const BASE_MASK = 0x0fff_ffff_ffff_ff00n;
/** Index bits per level down to a leaf of each page size (POWER9 / Linux's radix layouts). */
export const LEVELS: Record<number, number[]> = { 12: [13, 9, 9, 9], 16: [13, 9, 9, 5], 21: [13, 9, 9], 30: [13, 9] };

export class RadixTables {
  private next: number;

  constructor(
    readonly mem: GuestMemory,
    readonly processTable: number,
    tablesFrom: number,
  ) {
    this.next = tablesFrom;
  }

  read(addr: number): bigint {
    return this.mem.view.getBigUint64(addr, false);
  }

  write(addr: number, value: bigint): void {
    this.mem.view.setBigUint64(addr, value, false);
  }

  alloc(bytes: number): number {
    const addr = Math.ceil(this.next / bytes) * bytes;
    this.next = addr + bytes;
    return addr;
  }

  /** The root directory of `pid`'s tree, creating its process table entry on first use. */
  root(pid: number): number {
    const prte = this.processTable + pid * 16;
    if (this.read(prte) === 0n) this.write(prte, RTS_52 | BigInt(this.alloc(8 << 13)) | 13n);
    return Number(this.read(prte) & BASE_MASK);
  }

  /** Map the page holding `ea` to `ra` with a leaf of 2^pageShift bytes; returns the leaf's address. */
  map(pid: number, ea: bigint, ra: number, pageShift: number, bits = RW | EXEC): number {
    const levels = LEVELS[pageShift];
    let table = this.root(pid);
    let shift = 52;
    for (let i = 0; ; i++) {
      shift -= levels[i];
      const entry = table + Number((ea >> BigInt(shift)) & ((1n << BigInt(levels[i])) - 1n)) * 8;
      if (i === levels.length - 1) {
        this.write(entry, VALID | LEAF | BigInt(ra) | bits);
        return entry;
      }
      let pde = this.read(entry);
      if (!(pde & VALID)) {
        pde = VALID | BigInt(this.alloc(8 << levels[i + 1])) | BigInt(levels[i + 1]);
        this.write(entry, pde);
      }
      table = Number(pde & BASE_MASK);
    }
  }

  /** The entry at `level` (0 = root) on the walk for `ea`, for tests that corrupt one. */
  entry(pid: number, ea: bigint, level: number, pageShift = 12): number {
    const levels = LEVELS[pageShift];
    let table = this.root(pid);
    let shift = 52;
    for (let i = 0; ; i++) {
      shift -= levels[i];
      const entry = table + Number((ea >> BigInt(shift)) & ((1n << BigInt(levels[i])) - 1n)) * 8;
      if (i === level) return entry;
      table = Number(this.read(entry) & BASE_MASK);
    }
  }
}
