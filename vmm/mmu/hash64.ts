// Hash translation with relocation on, as a pseries guest sees it (Power ISA 3.0 Book III,
// Storage Control: "Segment Lookaside Buffer", "Page Table Search", "Reference and Change
// Recording", "Storage Protection", "Virtual Page Class Key Protection"). The steps, in the order
// the ISA (and QEMU) check them:
//
//  1. SLB lookup; none translates the EA: segment fault (DSegI/ISegI).
//  2. Instruction fetch from a no-execute segment (SLB N): ISI, SRR1 bit 35.
//  3. VA = VSID || EA offset. Primary hash: VSID ^ page index (256M), or VSID ^ VSID<<25 ^ page
//     index (1T), page index = EA offset >> base page shift; secondary hash: its complement. Each
//     selects a PTEG; a PTE matches with V=1, H = the hash used, B and AVPN = the VA's (EA bits
//     below the base page size left out) and an L/LP encoding the segment's base size allows.
//     None in either PTEG: DSI/ISI "no PTE".
//  4. Access authority: PP0||PP with the key bit (Ks if MSR[PR]=0, Kp if 1); no fetch from N=1 or
//     G=1 pages; the PTE's storage key against AMR (loads, stores) and IAMR (fetches), in both
//     privileged and problem state, which is how Linux uses them (KUAP/KUEP and pkeys). UAMOR
//     only limits problem-state mtspr AMR, and LPCR's hash fields are the hypervisor's: neither
//     changes a translation here.
//  5. RA = ARPN with the offset inside the actual page; beyond guest RAM: machine check.
//  6. R on every access, C on stores, written back into the HPT.
//
// The soft TLB may cache a write only once C is set, so the first store to a page comes back here.

import type { GuestMemory } from "./guest-memory.ts";
import {
  ACCESS_EXEC,
  ACCESS_WRITE,
  DSISR_KEY,
  DSISR_NO_PTE,
  DSISR_PROTECTION,
  DSISR_STORE,
  FAULT_MACHINE_CHECK,
  FAULT_NONE,
  FAULT_SEGMENT,
  FAULT_STORAGE,
  SRR1_ISI_KEY,
  SRR1_ISI_NO_PTE,
  SRR1_ISI_NOEXEC,
  SRR1_ISI_PROTECTION,
  type Access,
  type Mmu,
  type MmuCpuState,
  type TranslateResult,
} from "./mmu.ts";
import {
  actualPageShift,
  HashPageTable,
  HPTE_R_C,
  HPTE_R_G,
  HPTE_R_N,
  HPTE_R_PP,
  HPTE_R_R,
  HPTE_R_RPN_HI,
  HPTE_R_RPN_LO,
  HPTE_V_AVPN_LO,
  HPTE_V_SECONDARY,
  HPTE_V_VALID,
  HPTES_PER_GROUP,
  hpteKey,
  type SegmentPageSize,
} from "./hpt.ts";
import { SLB_B_1T, SLB_B_SHIFT, Slb, SLB_VSID_KP, SLB_VSID_KS, SLB_VSID_LLP, SLB_VSID_N } from "./slb.ts";

/** MSR[PR] (bit 49) in the low word. */
const MSR_PR = 1 << 14;
const SPR_AMR = 29;
const SPR_IAMR = 61;

const READ = 1, WRITE = 2, EXEC = 4;
const RX = READ | EXEC, RWX = READ | WRITE | EXEC;
/** Access authority by (Ks or Kp) << 3 | PP0 PP1 PP2 (ISA "Storage Protection" table for hash
 *  translation). Read authority allows fetch; reserved combinations allow nothing. */
const PP_AUTHORITY = Uint8Array.of(
  RWX, RWX, RWX, RX, 0, 0, RX, 0, // K=0: 000 001 010 read/write, 011 110 read-only
  0, RX, RWX, RX, 0, 0, 0, 0, //     K=1: 001 011 read-only, 010 read/write, 000 110 none
);

export class HashMmu implements Mmu {
  readonly amrInProblemState = true;
  /** Actual page shift of the PTE the last search found. */
  private foundShift = 0;

  constructor(
    readonly slb: Slb,
    readonly hpt: HashPageTable,
    readonly ram: GuestMemory,
    readonly segmentPageSizes: readonly SegmentPageSize[],
  ) {}

  translate(cpu: MmuCpuState, eaHi: number, eaLo: number, access: Access, out: TranslateResult): boolean {
    const exec = access === ACCESS_EXEC;
    const store = access === ACCESS_WRITE;
    const entry = this.slb.lookup(eaHi, eaLo);
    if (entry < 0) return fail(out, FAULT_SEGMENT, 0, 0);
    const slbHi = this.slb.vsidHi[entry];
    const slbLo = this.slb.vsidLo[entry];
    if (exec && slbLo & SLB_VSID_N) return fail(out, FAULT_STORAGE, 0, SRR1_ISI_NOEXEC);

    const segment = this.basePageSize(slbLo);
    const ptex = segment ? this.search(eaHi, eaLo, slbHi, slbLo, segment) : -1;
    if (ptex < 0) return exec ? fail(out, FAULT_STORAGE, 0, SRR1_ISI_NO_PTE) : fail(out, FAULT_STORAGE, DSISR_NO_PTE | (store ? DSISR_STORE : 0), 0);
    const rHi = this.hpt.rHi(ptex);
    const rLo = this.hpt.rLo(ptex);

    // Access authority: PP with the segment's K bit, then N/G, then the storage key.
    const keyBit = cpu.msrLo & MSR_PR ? slbLo & SLB_VSID_KP : slbLo & SLB_VSID_KS;
    const pp = PP_AUTHORITY[(keyBit ? 8 : 0) | ((rHi >>> 31) << 2) | (rLo & HPTE_R_PP)];
    const noExec = rLo & (HPTE_R_N | HPTE_R_G) ? EXEC : 0;
    const key = hpteKey(rHi, rLo);
    const amr = classKeyBits(cpu.sprHi[SPR_AMR], cpu.sprLo[SPR_AMR], key);
    const iamr = classKeyBits(cpu.sprHi[SPR_IAMR], cpu.sprLo[SPR_IAMR], key);
    // AMR bit 2k denies stores, 2k+1 loads; IAMR bit 2k+1 denies fetches, for key k.
    const keyDenied = (amr & 2 ? WRITE : 0) | (amr & 1 ? READ : 0) | (iamr & 1 ? EXEC : 0);
    const allowed = pp & ~noExec & ~keyDenied;
    const need = exec ? EXEC : store ? WRITE : READ;
    if (!(allowed & need)) {
      if (exec) {
        const srr1 = (noExec ? SRR1_ISI_NOEXEC : pp & EXEC ? 0 : SRR1_ISI_PROTECTION) | (keyDenied & EXEC ? SRR1_ISI_KEY : 0);
        return fail(out, FAULT_STORAGE, 0, srr1);
      }
      const dsisr = (pp & need ? 0 : DSISR_PROTECTION) | (keyDenied & need ? DSISR_KEY : 0) | (store ? DSISR_STORE : 0);
      return fail(out, FAULT_STORAGE, dsisr, 0);
    }

    // Real address: the ARPN above the actual page size, the EA below it.
    const shift = this.foundShift;
    let raHi: number, raLo: number;
    if (shift < 32) {
      const offset = (1 << shift) - 1;
      raHi = rHi & HPTE_R_RPN_HI;
      raLo = (rLo & HPTE_R_RPN_LO & ~offset) | (eaLo & offset);
    } else {
      const offsetHi = (1 << (shift - 32)) - 1;
      raHi = (rHi & HPTE_R_RPN_HI & ~offsetHi) | (eaHi & offsetHi);
      raLo = eaLo;
    }
    if (raHi !== 0 || raLo >>> 0 >= this.ram.size) return fail(out, FAULT_MACHINE_CHECK, 0, 0);

    const recorded = rLo | HPTE_R_R | (store ? HPTE_R_C : 0);
    if (recorded !== rLo) this.hpt.writeSecond(ptex, rHi, recorded);

    out.ra = raLo >>> 0;
    out.read = (allowed & READ) !== 0;
    out.write = (allowed & WRITE) !== 0 && (recorded & HPTE_R_C) !== 0;
    out.exec = (allowed & EXEC) !== 0;
    out.fault = FAULT_NONE;
    out.dsisr = 0;
    out.srr1 = 0;
    return true;
  }

  private basePageSize(slbLo: number): SegmentPageSize | undefined {
    for (const size of this.segmentPageSizes) if (size.sllp === (slbLo & SLB_VSID_LLP)) return size;
    return undefined;
  }

  /** The index of the PTE translating the EA in the primary, then the secondary PTEG, or -1. Only
   *  the low 32 bits of the hash matter: the table has at most 2^23 PTEGs. */
  private search(eaHi: number, eaLo: number, slbHi: number, slbLo: number, segment: SegmentPageSize): number {
    const oneT = slbHi >>> SLB_B_SHIFT === SLB_B_1T;
    // EA offset in the segment, cut to the base page (hi/lo): 28 bits (256M) or 40 bits (1T).
    const shift = segment.shift;
    const offsetHi = oneT ? eaHi & 0xff : 0;
    const offsetLo = oneT ? eaLo : eaLo & 0x0fffffff;
    const epnHi = shift < 32 ? offsetHi : offsetHi & ~((1 << (shift - 32)) - 1);
    const epnLo = shift < 32 ? offsetLo & ~((1 << shift) - 1) : 0;
    const pageIndex = shift < 32 ? (epnHi << (32 - shift)) | (epnLo >>> shift) : epnHi >>> (shift - 32);
    // VSID: SLB bits 2:51 (256M), or bits 2:39 (1T).
    const vsid = oneT ? (slbHi << 8) | (slbLo >>> 24) : (slbHi << 20) | (slbLo >>> 12);
    // (The 1T term VSID<<25 only reaches hash bits 25 and up, above any PTEG index spar has.)
    const hash = oneT ? vsid ^ (vsid << 25) ^ pageIndex : vsid ^ pageIndex;
    // The PTE's B||AVPN (bits 0:56) is the VA's bits 0:54 with B in front: the SLB's B||VSID,
    // then the EA offset from bit 2^23 up.
    const avpnHi = slbHi;
    const avpnLo = (slbLo & (oneT ? 0xff000000 : 0xfffff000)) | (((epnHi << 16) | (epnLo >>> 16)) & HPTE_V_AVPN_LO);
    const primary = this.searchGroup(this.hpt.ptegIndex(hash), avpnHi, avpnLo, 0, segment);
    return primary >= 0 ? primary : this.searchGroup(this.hpt.ptegIndex(~hash), avpnHi, avpnLo, HPTE_V_SECONDARY, segment);
  }

  private searchGroup(pteg: number, avpnHi: number, avpnLo: number, secondary: number, segment: SegmentPageSize): number {
    const hpt = this.hpt;
    for (let ptex = pteg * HPTES_PER_GROUP, end = ptex + HPTES_PER_GROUP; ptex < end; ptex++) {
      const vLo = hpt.vLo(ptex);
      if ((vLo & (HPTE_V_VALID | HPTE_V_SECONDARY)) !== (HPTE_V_VALID | secondary)) continue;
      if ((vLo & HPTE_V_AVPN_LO) !== avpnLo || hpt.vHi(ptex) !== avpnHi) continue;
      // A PTE for another base page size (left behind when Linux demotes a segment) never matches.
      const shift = actualPageShift(segment, vLo, hpt.rHi(ptex), hpt.rLo(ptex));
      if (!shift) continue;
      this.foundShift = shift;
      return ptex;
    }
    return -1;
  }
}

/** The two AMR/IAMR bits of storage key `key`: bits 2k:2k+1 of the doubleword (hi, lo). */
function classKeyBits(hi: number, lo: number, key: number): number {
  const shift = 62 - 2 * key;
  return (shift >= 32 ? hi >>> (shift - 32) : lo >>> shift) & 3;
}

function fail(out: TranslateResult, fault: number, dsisr: number, srr1: number): false {
  out.fault = fault;
  out.dsisr = dsisr;
  out.srr1 = srr1;
  out.read = out.write = out.exec = false;
  return false;
}
