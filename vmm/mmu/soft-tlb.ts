// A direct-mapped software TLB in front of translation, as QEMU's softmmu does. Read, write and
// execute have their own tags, so one lookup is two typed-array loads and two compares. The tag
// keeps the low bits of the effective address below the access size, so a misaligned access
// never hits and takes the slow path. Pages holding decoded code never enter the write side.

import { PAGE_SHIFT } from "./guest-memory.ts";

export const TLB_BITS = 10;
export const TLB_SIZE = 1 << TLB_BITS;
export const TLB_MASK = TLB_SIZE - 1;
/** Tag bits compared for a page; the low bits are left for the alignment check. */
export const PAGE_TAG_MASK = ~((1 << PAGE_SHIFT) - 1);
/** No effective address produces this low tag (its low bits are not page-aligned and all set). */
const INVALID = -1;

export class SoftTlb {
  readonly readHi = new Int32Array(TLB_SIZE);
  readonly readLo = new Int32Array(TLB_SIZE).fill(INVALID);
  readonly writeHi = new Int32Array(TLB_SIZE);
  readonly writeLo = new Int32Array(TLB_SIZE).fill(INVALID);
  readonly execHi = new Int32Array(TLB_SIZE);
  readonly execLo = new Int32Array(TLB_SIZE).fill(INVALID);
  /** Physical page base for each side. Read and write keep their own, so a load and a store whose
   *  pages share an index (a copy between buffers 4 MiB apart) never redirect each other. */
  readonly readPage = new Int32Array(TLB_SIZE);
  readonly writePage = new Int32Array(TLB_SIZE);
  readonly execPage = new Int32Array(TLB_SIZE);
  /** Statistics for the dashboard: slow-path fills. */
  misses = 0;
  /** The 1 TiB regions entries may have been filled in since the last scan, by regionBit: a superset. */
  private regions = 0;

  flush(): void {
    if (this.regions === 0) return; // nothing cached since the last flush or scan
    this.regions = 0;
    this.readLo.fill(INVALID);
    this.writeLo.fill(INVALID);
    this.execLo.fill(INVALID);
  }

  /** Forget one effective page (tlbie, and stores into code pages). */
  flushPage(hi: number, lo: number): void {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK;
    const tag = lo & PAGE_TAG_MASK;
    if (this.readLo[i] === tag && this.readHi[i] === hi) this.readLo[i] = INVALID;
    if (this.writeLo[i] === tag && this.writeHi[i] === hi) this.writeLo[i] = INVALID;
    if (this.execLo[i] === tag && this.execHi[i] === hi) this.execLo[i] = INVALID;
  }

  /** Forget every entry whose effective address has its high word in [fromHi, toHi] (unsigned):
   *  a 1 TiB region for a segment (EA bits 0:23), or radix quadrants 0 to 2 for a new PID. A
   *  region nothing was cached in since the last scan costs no scan (a context switch replaces
   *  several SLB entries of the same user regions in a row). */
  forgetRange(fromHi: number, toHi: number): void {
    if ((fromHi ^ toHi) >>> 8 === 0 && (this.regions & regionBit(fromHi)) === 0) return;
    const span = (toHi - fromHi) >>> 0;
    let regions = 0;
    for (let i = 0; i < TLB_SIZE; i++) {
      const r = this.readHi[i], w = this.writeHi[i], x = this.execHi[i];
      if ((r - fromHi) >>> 0 <= span) this.readLo[i] = INVALID;
      else if (this.readLo[i] !== INVALID) regions |= regionBit(r);
      if ((w - fromHi) >>> 0 <= span) this.writeLo[i] = INVALID;
      else if (this.writeLo[i] !== INVALID) regions |= regionBit(w);
      if ((x - fromHi) >>> 0 <= span) this.execLo[i] = INVALID;
      else if (this.execLo[i] !== INVALID) regions |= regionBit(x);
    }
    this.regions = regions;
  }

  /** Drop every write entry that maps physical page `pagePa` (it just became a code page). */
  dropWritesTo(pagePa: number): void {
    for (let i = 0; i < TLB_SIZE; i++) if (this.writeLo[i] !== INVALID && this.writePage[i] === pagePa) this.writeLo[i] = INVALID;
  }

  fillRead(hi: number, lo: number, pagePa: number): void {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK;
    this.readHi[i] = hi;
    this.readLo[i] = lo & PAGE_TAG_MASK;
    this.readPage[i] = pagePa;
    this.regions |= regionBit(hi);
    this.misses++;
  }

  fillWrite(hi: number, lo: number, pagePa: number): void {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK;
    this.writeHi[i] = hi;
    this.writeLo[i] = lo & PAGE_TAG_MASK;
    this.writePage[i] = pagePa;
    this.regions |= regionBit(hi);
    this.misses++;
  }

  fillExec(hi: number, lo: number, pagePa: number): void {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK;
    this.execHi[i] = hi;
    this.execLo[i] = lo & PAGE_TAG_MASK;
    this.execPage[i] = pagePa;
    this.regions |= regionBit(hi);
    this.misses++;
  }
}

/** A bit standing for the 1 TiB region of EA high word `hi` (EA bits 0:23): its low five bits
 *  mixed with its top five, so the kernel's 0xc... regions and the user's low ones differ. */
function regionBit(hi: number): number {
  return 1 << (((hi >>> 8) ^ (hi >>> 27)) & 31);
}
