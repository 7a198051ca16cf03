// The hashed page table of a pseries partition (Power ISA 3.0 Book III, Storage Control: "Page
// Table", "Page Table Search"). The hypervisor owns it: it lives in spar's memory, not in guest
// RAM, and the guest edits it only through the hcall-pft family (LoPAR §14.5.4.1). Its size is
// 2^pftSize bytes, the device tree's ibm,pft-size; 128-byte PTEGs of eight 16-byte PTEs, each
// two big-endian doublewords as the architecture lays them out.
//
// One in-memory format: the pre-3.0 one (ISA 2.06/2.07), on every CPU model. PAPR's H_ENTER,
// H_READ and H_REMOVE exchange that format even on POWER9 (Linux's pseries code never calls
// hpte_old_to_new_v/r; only bare-metal code does), and the table is invisible to the guest, so
// there is nothing to convert: the MMU reads this format directly, as QEMU's spapr does.
//
//   dword 0:  B 0:1 | AVPN 2:56 | SW 57:60 | L 61 | H 62 | V 63
//   dword 1:  PP0 0 | / 1 | KEY 2:3 | ARPN 4:51 (low bits: LP) | KEY 52:54 | R 55 | C 56 | WIMG 57:60 | N 61 | PP 62:63
//
// ISA 3.0's own format differs: dword 0 loses B and AVPN 2:11 (AVPN is 12:56), and B moves to
// dword 1 bits 4:5, shrinking ARPN to 7:51. Everything below bit 52 of dword 1 is the same.
// Values are hi/lo int32 halves; the constants name bits of one half (ISA bit numbers in comments).

// ---- First doubleword, high word
/** B (bits 0:1), the segment size: this shift on the high word. */
export const HPTE_V_B_SHIFT = 30;
// ---- First doubleword, low word
/** AVPN bits 32:56 (bits 2:31 are the whole high word below B). */
export const HPTE_V_AVPN_LO = 0xffffff80 | 0;
/** Bits 57:58: hypervisor-reserved in PAPR; H_ENTER drops what the guest puts there. */
export const HPTE_V_HV_RESERVED = 0x60;
export const HPTE_V_LARGE = 0x4; //     61: L
export const HPTE_V_SECONDARY = 0x2; // 62: H
export const HPTE_V_VALID = 0x1; //     63: V
// ---- Second doubleword, high word
export const HPTE_R_PP0_HI = 0x80000000 | 0; // 0
export const HPTE_R_KEY_HI = 0x30000000; //     2:3, key bits 0:1
export const HPTE_R_RPN_HI = 0x0fffffff; //     4:31 of ARPN
// ---- Second doubleword, low word
export const HPTE_R_RPN_LO = 0xfffff000 | 0; // 32:51 of ARPN
export const HPTE_R_KEY_LO = 0xe00; //          52:54, key bits 2:4
export const HPTE_R_R = 0x100; //               55: referenced
export const HPTE_R_C = 0x80; //                56: changed
export const HPTE_R_WIMG = 0x78; //             57:60
export const HPTE_R_M = 0x10; //                59: memory coherence
export const HPTE_R_G = 0x8; //                 60: guarded
export const HPTE_R_N = 0x4; //                 61: no-execute
export const HPTE_R_PP = 0x3; //                62:63

export const HPTE_SIZE = 16;
export const HPTES_PER_GROUP = 8;
export const PTEG_SIZE = HPTE_SIZE * HPTES_PER_GROUP;
/** ISA minimum table size (2^18 bytes). spar's maximum keeps PTE indexes comfortably in an int32. */
export const MIN_PFT_SIZE = 18;
export const MAX_PFT_SIZE = 30;

/** The 5-bit storage key of a PTE (KEY 2:3 || KEY 52:54). */
export function hpteKey(rHi: number, rLo: number): number {
  return (((rHi & HPTE_R_KEY_HI) >>> 28) << 3) | ((rLo & HPTE_R_KEY_LO) >>> 9);
}

/** ibm,pft-size for a RAM size, as QEMU picks it: 1/128 of RAM rounded up to a power of two, at least 2^18. */
export function pftSizeForRam(ramSize: number): number {
  let shift = MIN_PFT_SIZE;
  while (2 ** (shift + 7) < ramSize) shift++;
  return shift;
}

// ---- Page sizes (ISA "Page Size Encoding"; the device tree's ibm,segment-page-sizes)

/** An actual page size allowed in a segment, and its LP encoding in the low ARPN bits (above bit 12). */
export interface ActualPageSize {
  shift: number;
  lp: number;
}

/** A segment base page size: its SLB L||LP encoding and the actual page sizes its PTEs may map. */
export interface SegmentPageSize {
  shift: number;
  /** SLB VSID-doubleword L||LP bits (L = 0x100, LP = 0x30). */
  sllp: number;
  actual: readonly ActualPageSize[];
}

/** POWER7, POWER8 and POWER9 (QEMU's table for all three): 4K, 64K, 16M, 16G base pages, with
 *  64K and 16M pages in 4K segments and 16M pages in 64K segments (MPSS). */
export const POWER_SEGMENT_PAGE_SIZES: readonly SegmentPageSize[] = [
  { shift: 12, sllp: 0x000, actual: [{ shift: 12, lp: 0x0 }, { shift: 16, lp: 0x7 }, { shift: 24, lp: 0x38 }] },
  { shift: 16, sllp: 0x110, actual: [{ shift: 16, lp: 0x1 }, { shift: 24, lp: 0x8 }] },
  { shift: 24, sllp: 0x100, actual: [{ shift: 24, lp: 0x0 }] },
  { shift: 34, sllp: 0x120, actual: [{ shift: 34, lp: 0x0 }] },
];

/** The actual page shift a PTE maps in a segment of base size `segment`, or 0 when its L/LP
 *  encoding is not one the segment allows (the ISA says such a PTE does not match). */
export function actualPageShift(segment: SegmentPageSize, vLo: number, rHi: number, rLo: number): number {
  if (!(vLo & HPTE_V_LARGE)) return segment.shift === 12 ? 12 : 0;
  for (const page of segment.actual) {
    if (page.shift === 12) continue; // L=1 never means a 4K page
    // LP sits in the ARPN bits below the page size, which carry no address.
    const loMask = page.shift >= 32 ? HPTE_R_RPN_LO : ((1 << page.shift) - 1) & HPTE_R_RPN_LO;
    const hiMask = page.shift > 32 ? (1 << (page.shift - 32)) - 1 : 0;
    if ((rLo & loMask) === page.lp << 12 && (rHi & hiMask) === 0) return page.shift;
  }
  return 0;
}

/** Page shift of a PTE whose segment is unknown (H_ENTER): the first base size whose encodings
 *  accept it, as QEMU decides. The POWER encodings are unambiguous except that a 16G page (LP
 *  bits all 0) reads as 16M; no 16G page fits in spar's RAM anyway. */
export function pteActualPageShift(sizes: readonly SegmentPageSize[], vLo: number, rHi: number, rLo: number): number {
  for (const segment of sizes) {
    const shift = actualPageShift(segment, vLo, rHi, rLo);
    if (shift) return shift;
  }
  return 0;
}

export class HashPageTable {
  readonly pftSize: number;
  /** The architected bytes of the table (big-endian doublewords). */
  readonly bytes: Uint8Array;
  readonly ptegCount: number;
  readonly pteCount: number;
  /** Hash bits that select a PTEG: ptegCount - 1. */
  readonly htabMask: number;
  private readonly view: DataView;

  constructor(pftSize: number) {
    if (!Number.isInteger(pftSize) || pftSize < MIN_PFT_SIZE || pftSize > MAX_PFT_SIZE)
      throw new RangeError(`ibm,pft-size must be ${MIN_PFT_SIZE}..${MAX_PFT_SIZE}, got ${pftSize}`);
    this.pftSize = pftSize;
    this.bytes = new Uint8Array(2 ** pftSize);
    this.view = new DataView(this.bytes.buffer);
    this.ptegCount = this.bytes.length / PTEG_SIZE;
    this.pteCount = this.ptegCount * HPTES_PER_GROUP;
    this.htabMask = this.ptegCount - 1;
  }

  /** The PTEG a hash value selects (its low bits), as a PTEG number. */
  ptegIndex(hash: number): number {
    return hash & this.htabMask;
  }

  /** True when `ptex` (a PTE index as the hcalls receive it) lies in the table. */
  validPtex(ptexHi: number, ptexLo: number): boolean {
    return ptexHi === 0 && ptexLo >>> 0 < this.pteCount;
  }

  vHi(ptex: number): number {
    return this.view.getInt32(ptex * HPTE_SIZE);
  }
  vLo(ptex: number): number {
    return this.view.getInt32(ptex * HPTE_SIZE + 4);
  }
  rHi(ptex: number): number {
    return this.view.getInt32(ptex * HPTE_SIZE + 8);
  }
  rLo(ptex: number): number {
    return this.view.getInt32(ptex * HPTE_SIZE + 12);
  }

  write(ptex: number, vHi: number, vLo: number, rHi: number, rLo: number): void {
    this.writeSecond(ptex, rHi, rLo);
    this.view.setInt32(ptex * HPTE_SIZE, vHi);
    this.view.setInt32(ptex * HPTE_SIZE + 4, vLo);
  }

  /** Rewrite the second doubleword only (R/C recording, H_PROTECT). */
  writeSecond(ptex: number, rHi: number, rLo: number): void {
    this.view.setInt32(ptex * HPTE_SIZE + 8, rHi);
    this.view.setInt32(ptex * HPTE_SIZE + 12, rLo);
  }

  clear(): void {
    this.bytes.fill(0);
  }
}
