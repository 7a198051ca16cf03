// Soft TLBs for the last few values of a register translation depends on (a radix PID, the AMR),
// as the hardware tags its TLB entries with the PID: switching back to a value finds its
// translations instead of walking again. The least recently selected TLB is emptied for a new
// value. Every other change of translation reaches all of them (flush, forgetRange).

import { SoftTlb } from "./soft-tlb.ts";

export class TlbSet {
  readonly tlbs: readonly SoftTlb[];
  /** The 64-bit value (hi, lo) each TLB holds translations for; NaN for none yet. */
  private readonly keyHi: Float64Array;
  private readonly keyLo: Float64Array;
  /** When each TLB was last selected. */
  private readonly used: Float64Array;
  private clock = 0;
  /** The TLB of the value selected last. */
  current: SoftTlb;

  constructor(size: number) {
    this.tlbs = Array.from({ length: size }, () => new SoftTlb());
    this.keyHi = new Float64Array(size).fill(NaN);
    this.keyLo = new Float64Array(size).fill(NaN);
    this.used = new Float64Array(size);
    this.current = this.tlbs[0];
    this.used[0] = ++this.clock;
  }

  /**
   * The value changed from (fromHi, fromLo) to (hi, lo): make the new value's TLB current,
   * emptying the least recently used one if it has none. The TLB current until now was filled
   * under the old value, which it is known by from now on if it had none (the first change).
   */
  select(fromHi: number, fromLo: number, hi: number, lo: number): SoftTlb {
    const was = this.tlbs.indexOf(this.current);
    if (Number.isNaN(this.keyHi[was])) {
      this.keyHi[was] = fromHi;
      this.keyLo[was] = fromLo;
    }
    let slot = -1;
    for (let i = 0; i < this.tlbs.length; i++) if (this.keyHi[i] === hi && this.keyLo[i] === lo) slot = i;
    if (slot < 0) {
      slot = 0;
      for (let i = 1; i < this.tlbs.length; i++) if (this.used[i] < this.used[slot]) slot = i;
      this.tlbs[slot].flush();
      this.keyHi[slot] = hi;
      this.keyLo[slot] = lo;
    }
    this.used[slot] = ++this.clock;
    return (this.current = this.tlbs[slot]);
  }

  flush(): void {
    for (const tlb of this.tlbs) tlb.flush();
  }

  forgetRange(fromHi: number, toHi: number): void {
    for (const tlb of this.tlbs) tlb.forgetRange(fromHi, toHi);
  }

  dropWritesTo(pagePa: number): void {
    for (const tlb of this.tlbs) tlb.dropWritesTo(pagePa);
  }

  /** Fills so far, all TLBs. */
  get misses(): number {
    let misses = 0;
    for (const tlb of this.tlbs) misses += tlb.misses;
    return misses;
  }
}
