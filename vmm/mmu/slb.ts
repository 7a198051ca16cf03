// The Segment Lookaside Buffer (Power ISA 3.0 Book III, Storage Control: "Segment Lookaside
// Buffer (SLB)", and the SLB management instructions slbmte, slbmfee, slbmfev, slbie, slbia,
// slbfee.). 32 entries, as ibm,slb-size says on POWER8/9. Each entry is its two architected
// doublewords, kept as int32 halves:
//
//   ESID doubleword (slbmte RB):  ESID 0:35 | V 36 | / 37:51 | index 52:63 (RB only)
//   VSID doubleword (slbmte RS):  B 0:1 | VSID 2:51 | Ks 52 | Kp 53 | N 54 | L 55 | C 56 | / 57 | LP 58:59 | / 60:63
//
// A 256M segment (B=0b00) translates EA 0:35, a 1T segment (B=0b01) EA 0:23; a 1T entry's ESID
// bits 24:35 and VSID bits 40:51 are not part of the segment and are ignored.

import { POWER_SEGMENT_PAGE_SIZES, type SegmentPageSize } from "./hpt.ts";

export const SLB_SIZE = 32;

// ESID doubleword / RB, low word
export const SLB_ESID_V = 0x08000000; //        36: valid
const SLB_ESID_LO = 0xf0000000 | 0; //          32:35 of the ESID
const SLB_ESID_RESERVED = 0x07fff000; //        37:51
export const SLB_INDEX = 0xfff; //              52:63
// slbie RB, low word
const SLBIE_B_SHIFT = 25; //                    37:38: segment size (bit 36, the class, only guides lookaside)
// VSID doubleword, high word
export const SLB_B_SHIFT = 30; //               0:1: 0b00 256M, 0b01 1T
export const SLB_B_1T = 1;
// VSID doubleword, low word
export const SLB_VSID_KS = 0x800; //            52
export const SLB_VSID_KP = 0x400; //            53
export const SLB_VSID_N = 0x200; //             54: no-execute segment
export const SLB_VSID_C = 0x80; //              56: class
export const SLB_VSID_LLP = 0x130; //           55, 58:59: L||LP, the base page size
/** Fields an entry keeps (slbmfev reads back 57 and 60:63 as 0). */
const SLB_VSID_FIELDS_LO = 0xffffffb0 | 0;

/** EA bits a segment of each size compares, high and low word. */
const SEGMENT_MASK_HI = [-1, 0xffffff00 | 0];
const SEGMENT_MASK_LO = [SLB_ESID_LO, 0];

export class Slb {
  readonly esidHi = new Int32Array(SLB_SIZE);
  readonly esidLo = new Int32Array(SLB_SIZE);
  readonly vsidHi = new Int32Array(SLB_SIZE);
  readonly vsidLo = new Int32Array(SLB_SIZE);
  /** Per entry: valid, and the EA bits its segment compares with the ESID already masked by them. */
  private readonly valid = new Uint8Array(SLB_SIZE);
  private readonly maskHi = new Int32Array(SLB_SIZE);
  private readonly maskLo = new Int32Array(SLB_SIZE);
  private readonly tagHi = new Int32Array(SLB_SIZE);
  private readonly tagLo = new Int32Array(SLB_SIZE);
  /** The entry that matched last: consecutive misses of the soft TLB mostly share a segment. */
  private lastHit = 0;

  /** `pageSizes`: the base page sizes slbmte accepts (the partition's ibm,segment-page-sizes). */
  constructor(readonly pageSizes: readonly SegmentPageSize[] = POWER_SEGMENT_PAGE_SIZES) {}

  /** slbmte RS,RB. False for an entry the CPU cannot hold: index (RB 52:63) beyond the SLB, RB
   *  37:51 set, a reserved segment size (B=0b1x), or an L||LP it does not implement. QEMU raises
   *  a Program interrupt (illegal instruction) for exactly these; spar's CPU should do the same. */
  slbmte(rsHi: number, rsLo: number, rbHi: number, rbLo: number): boolean {
    const index = rbLo & SLB_INDEX;
    const size = rsHi >>> SLB_B_SHIFT;
    if (index >= SLB_SIZE || rbLo & SLB_ESID_RESERVED || size > SLB_B_1T || !this.knownBasePageSize(rsLo)) return false;
    this.esidHi[index] = rbHi;
    this.esidLo[index] = rbLo & (SLB_ESID_LO | SLB_ESID_V);
    this.vsidHi[index] = rsHi;
    this.vsidLo[index] = rsLo & SLB_VSID_FIELDS_LO;
    this.valid[index] = rbLo & SLB_ESID_V ? 1 : 0;
    this.maskHi[index] = SEGMENT_MASK_HI[size];
    this.maskLo[index] = SEGMENT_MASK_LO[size];
    this.tagHi[index] = rbHi & SEGMENT_MASK_HI[size];
    this.tagLo[index] = rbLo & SEGMENT_MASK_LO[size];
    return true;
  }

  /** The 1 TiB region (EA bits 0:23) that entry `index` translates in, or -1 when the entry is
   *  invalid or beyond the SLB. Every segment, 256 MiB or 1 TiB, lies in one region. */
  region(index: number): number {
    return index < SLB_SIZE && this.valid[index] ? this.esidHi[index] >>> 8 : -1;
  }

  /** slbmfee: the ESID doubleword of entry `index` (RB 52:63) into out[0..1]; 0 for an invalid
   *  entry. False for an index beyond the SLB (a Program interrupt, as for slbmte). */
  slbmfee(index: number, out: Int32Array): boolean {
    if (index >= SLB_SIZE) return false;
    out[0] = this.valid[index] ? this.esidHi[index] : 0;
    out[1] = this.valid[index] ? this.esidLo[index] : 0;
    return true;
  }

  /** slbmfev: the VSID doubleword of entry `index` into out[0..1]; 0 for an invalid entry. */
  slbmfev(index: number, out: Int32Array): boolean {
    if (index >= SLB_SIZE) return false;
    out[0] = this.valid[index] ? this.vsidHi[index] : 0;
    out[1] = this.valid[index] ? this.vsidLo[index] : 0;
    return true;
  }

  /** slbie RB: invalidate the entry of segment size RB 37:38 that translates ESID RB 0:35. The ISA
   *  requires the class (RB 36) to be the entry's and leaves a mismatch undefined; spar invalidates
   *  regardless, the safe choice. True when an entry went (the CPU then forgets its translations). */
  slbie(rbHi: number, rbLo: number): boolean {
    const size = (rbLo >>> SLBIE_B_SHIFT) & 3;
    if (size > SLB_B_1T) return false;
    let hit = false;
    for (let i = 0; i < SLB_SIZE; i++) {
      if (this.valid[i] && this.vsidHi[i] >>> SLB_B_SHIFT === size && this.translates(i, rbHi, rbLo)) {
        this.valid[i] = 0;
        this.esidLo[i] &= ~SLB_ESID_V;
        hit = true;
      }
    }
    return hit;
  }

  /** slbia IH (ISA 3.0): 0, 1, 2, 6 invalidate every entry but entry 0 (they differ only in which
   *  lookaside information goes, and spar's soft TLB goes whole); 3 invalidates every entry of
   *  class 1, entry 0 included (Linux's context switch keeps class-0 kernel segments this way);
   *  4 invalidates all entries; 7 none (lookaside information only). 5 is reserved: treated as 0,
   *  as QEMU does. The CPU flushes its soft TLB for every IH. */
  slbia(ih: number): void {
    if (ih === 7) return;
    const first = ih === 3 || ih === 4 ? 0 : 1;
    for (let i = first; i < SLB_SIZE; i++) {
      if (ih === 3 && !(this.vsidLo[i] & SLB_VSID_C)) continue;
      this.valid[i] = 0;
      this.esidLo[i] &= ~SLB_ESID_V;
    }
  }

  /** slbfee. RT,RB: the index of the entry translating EA = RB 0:35 || 0^28, with its VSID
   *  doubleword (slbmfev's format) in out[0..1]; -1 and 0 when none does. The CPU sets CR0 EQ on
   *  a hit (LT, GT clear, SO from XER). The ISA leaves RT undefined on a miss; QEMU gives -1. */
  slbfee(rbHi: number, rbLo: number, out: Int32Array): number {
    const index = this.lookup(rbHi, rbLo & SLB_ESID_LO);
    out[0] = index < 0 ? 0 : this.vsidHi[index];
    out[1] = index < 0 ? 0 : this.vsidLo[index];
    return index;
  }

  /** The valid entry translating effective address (eaHi, eaLo), or -1 (a segment fault). The
   *  ISA forbids two entries translating one EA; the first wins here. */
  lookup(eaHi: number, eaLo: number): number {
    const last = this.lastHit;
    if (this.valid[last] && this.translates(last, eaHi, eaLo)) return last;
    for (let i = 0; i < SLB_SIZE; i++) {
      if (this.valid[i] && this.translates(i, eaHi, eaLo)) {
        this.lastHit = i;
        return i;
      }
    }
    return -1;
  }

  clear(): void {
    this.esidHi.fill(0);
    this.esidLo.fill(0);
    this.vsidHi.fill(0);
    this.vsidLo.fill(0);
    this.valid.fill(0);
    this.tagHi.fill(0);
    this.tagLo.fill(0);
  }

  private translates(i: number, eaHi: number, eaLo: number): boolean {
    return (eaLo & this.maskLo[i]) === this.tagLo[i] && (eaHi & this.maskHi[i]) === this.tagHi[i];
  }

  private knownBasePageSize(rsLo: number): boolean {
    for (const size of this.pageSizes) if (size.sllp === (rsLo & SLB_VSID_LLP)) return true;
    return false;
  }
}
