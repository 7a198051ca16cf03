// The page frame table hcalls (LoPAR §14.5.4.1, families hcall-pft and hcall-bulk): how a pseries
// guest edits the hashed page table the hypervisor keeps for it. PTEs travel in the pre-ISA-3.0
// format on every CPU model (see vmm/mmu/hpt.ts). Bad arguments return H_PARAMETER, never throw.
// Whenever a mapping goes or loses rights (or R/C is cleared, which the CPU must see again), the
// CPU's soft TLB is flushed through `onInvalidate`, the way the hypervisor's tlbie would.
//
// Arguments: r4 = flags, r5 = PTE index (PTEX), r6/r7 as each hcall says; results from r4 on.
// Flags are PAPR bit numbers counted from the most significant bit (bit 63 is 1).

import type { Cpu } from "../cpu/state.ts";
import {
  HashPageTable,
  HPTE_R_C,
  HPTE_R_KEY_HI,
  HPTE_R_KEY_LO,
  HPTE_R_M,
  HPTE_R_N,
  HPTE_R_PP,
  HPTE_R_PP0_HI,
  HPTE_R_R,
  HPTE_R_RPN_HI,
  HPTE_R_WIMG,
  HPTE_V_B_SHIFT,
  HPTE_V_HV_RESERVED,
  HPTE_V_AVPN_LO,
  HPTE_V_VALID,
  HPTES_PER_GROUP,
  POWER_SEGMENT_PAGE_SIZES,
  pteActualPageShift,
  type SegmentPageSize,
} from "../mmu/hpt.ts";
import { H_PARAMETER, H_SUCCESS, type HcallTable } from "./hcalls.ts";

export const H_REMOVE = 0x04;
export const H_ENTER = 0x08;
export const H_READ = 0x0c;
export const H_CLEAR_MOD = 0x10;
export const H_CLEAR_REF = 0x14;
export const H_PROTECT = 0x18;
export const H_BULK_REMOVE = 0x124;

export const H_PTEG_FULL = -6;
export const H_NOT_FOUND = -7;

// Flags in r4, by half.
const H_EXACT_HI = 1 << 7; //            bit 24: use exactly the PTEX given
const H_READ_4_HI = 1 << 5; //           bit 26: H_READ returns four PTEs
const H_AVPN_LO = 1 << 31; //            bit 32: the PTE's dword 0 (bits 0:56) must equal r6
const H_ANDCOND_LO = 1 << 30; //         bit 33: the PTE's dword 0 ANDed with r6 must be 0
const H_ZERO_PAGE_LO = 1 << 15; //       bit 48: H_ENTER zeroes the page first
// H_PROTECT's new protection, in the flags' low word.
const H_PROTECT_PP0 = 1 << 8; //         bit 55 -> PTE PP0
const H_PROTECT_KEY_HI = 0x3000; //      bits 50:51 -> PTE KEY 2:3
const H_PROTECT_LOW_BITS = HPTE_R_KEY_LO | HPTE_R_N | HPTE_R_PP; // bits 52:54, 61, 62:63 as in the PTE

// H_BULK_REMOVE translation specifier high word: type 0:1, code 2:3, RC 4:5, flags 6:7, PTEX 8:63.
const BULK_TYPE_SHIFT = 30;
const BULK_REQUEST = 1, BULK_RESPONSE = 2, BULK_END = 3;
const BULK_CODE_SHIFT = 28;
const BULK_SUCCESS = 0, BULK_NOT_FOUND = 1, BULK_PARAMETER = 2;
const BULK_R = 1 << 27, BULK_C = 1 << 26;
const BULK_FLAGS_SHIFT = 24;
const BULK_ANDCOND = 1, BULK_AVPN = 2;
const BULK_PTEX_HI = 0x00ffffff;
const BULK_PAIRS = 4;

/** Register hcall-pft and H_BULK_REMOVE on `hpt`. `pageSizes` are the partition's
 *  ibm,segment-page-sizes, which H_ENTER checks PTEs against. */
export function registerPftHcalls(
  table: HcallTable,
  hpt: HashPageTable,
  onInvalidate: () => void,
  pageSizes: readonly SegmentPageSize[] = POWER_SEGMENT_PAGE_SIZES,
): void {
  /** The AVPN check: the PTE's doubleword 0, bits 0:56, equals the caller's. */
  const avpnMatches = (vHi: number, vLo: number, avpnHi: number, avpnLo: number) => vHi === avpnHi && (vLo & HPTE_V_AVPN_LO) === avpnLo;
  /** Remove PTE `ptex` if it is valid and passes the AVPN/ANDCOND check; the old doublewords go to
   *  `removed`. Shared by H_REMOVE and H_BULK_REMOVE (LoPAR §14.5.4.1, H_REMOVE). */
  const removed = new Int32Array(4);
  const remove = (ptex: number, avpn: boolean, andcond: boolean, checkHi: number, checkLo: number): boolean => {
    const vHi = hpt.vHi(ptex), vLo = hpt.vLo(ptex);
    if (!(vLo & HPTE_V_VALID)) return false;
    if (avpn && !avpnMatches(vHi, vLo, checkHi, checkLo)) return false;
    if (andcond && ((vHi & checkHi) | (vLo & checkLo)) !== 0) return false;
    removed[0] = vHi;
    removed[1] = vLo;
    removed[2] = hpt.rHi(ptex);
    removed[3] = hpt.rLo(ptex);
    hpt.write(ptex, 0, 0, 0, 0);
    return true;
  };

  // LoPAR §14.5.4.1, H_ENTER: r4 flags, r5 PTEX, r6/r7 the PTE; the PTE index used comes back in r4.
  table.register(H_ENTER, {
    name: "H_ENTER",
    family: "hcall-pft",
    run: ({ cpu }) => {
      const vHi = cpu.gprHi[6], vLo = cpu.gprLo[6] & ~HPTE_V_HV_RESERVED;
      const rHi = cpu.gprHi[7], rLo = cpu.gprLo[7];
      if (vHi >>> HPTE_V_B_SHIFT > 1) return H_PARAMETER; // B = 0b1x is reserved
      const shift = pteActualPageShift(pageSizes, vLo, rHi, rLo);
      if (!shift) return H_PARAMETER; // L/LP is no page size the partition has
      // The page must be guest RAM (spar has no I/O pages yet), mapped coherent: WIMG = 0b0010.
      if (shift >= 31 || (rHi & HPTE_R_RPN_HI) !== 0) return H_PARAMETER;
      const ra = (rLo & ~((1 << shift) - 1)) >>> 0;
      if (ra + 2 ** shift > cpu.mem.size || (rLo & HPTE_R_WIMG) !== HPTE_R_M) return H_PARAMETER;
      if (!hpt.validPtex(cpu.gprHi[5], cpu.gprLo[5])) return H_PARAMETER;

      let ptex = cpu.gprLo[5] >>> 0;
      if (cpu.gprHi[4] & H_EXACT_HI) {
        if (hpt.vLo(ptex) & HPTE_V_VALID) return H_PTEG_FULL;
      } else {
        ptex -= ptex % HPTES_PER_GROUP;
        const end = ptex + HPTES_PER_GROUP;
        while (ptex < end && hpt.vLo(ptex) & HPTE_V_VALID) ptex++;
        if (ptex === end) return H_PTEG_FULL;
      }
      if (cpu.gprLo[4] & H_ZERO_PAGE_LO) cpu.mem.write(ra, new Uint8Array(2 ** shift));
      hpt.write(ptex, vHi, vLo, rHi, rLo);
      setResult(cpu, 4, 0, ptex);
      return H_SUCCESS;
    },
  });

  // LoPAR §14.5.4.1, H_REMOVE: r4 flags (H_AVPN, H_ANDCOND), r5 PTEX, r6 AVPN; the old PTE in r4/r5.
  table.register(H_REMOVE, {
    name: "H_REMOVE",
    family: "hcall-pft",
    run: ({ cpu }) => {
      if (!hpt.validPtex(cpu.gprHi[5], cpu.gprLo[5])) return H_PARAMETER;
      const flags = cpu.gprLo[4];
      if (!remove(cpu.gprLo[5] >>> 0, (flags & H_AVPN_LO) !== 0, (flags & H_ANDCOND_LO) !== 0, cpu.gprHi[6], cpu.gprLo[6])) return H_NOT_FOUND;
      onInvalidate();
      setResult(cpu, 4, removed[0], removed[1]);
      setResult(cpu, 5, removed[2], removed[3]);
      return H_SUCCESS;
    },
  });

  // LoPAR §14.5.4.1, H_READ: r4 flags (H_READ_4: the four PTEs from PTEX rounded down to 4), r5
  // PTEX; the PTEs in r4.., valid or not. H_R_XLATE asks for logical RPNs, which they already are.
  table.register(H_READ, {
    name: "H_READ",
    family: "hcall-pft",
    run: ({ cpu }) => {
      if (!hpt.validPtex(cpu.gprHi[5], cpu.gprLo[5])) return H_PARAMETER;
      const four = (cpu.gprHi[4] & H_READ_4_HI) !== 0;
      const first = (cpu.gprLo[5] >>> 0) & (four ? ~3 : ~0);
      for (let i = 0; i < (four ? 4 : 1); i++) {
        setResult(cpu, 4 + 2 * i, hpt.vHi(first + i), hpt.vLo(first + i));
        setResult(cpu, 5 + 2 * i, hpt.rHi(first + i), hpt.rLo(first + i));
      }
      return H_SUCCESS;
    },
  });

  // LoPAR §14.5.4.1, H_PROTECT: r4 flags (H_AVPN, new PP0, key, N, PP), r5 PTEX, r6 AVPN. R, C and
  // the rest of the PTE stay.
  table.register(H_PROTECT, {
    name: "H_PROTECT",
    family: "hcall-pft",
    run: ({ cpu }) => {
      if (!hpt.validPtex(cpu.gprHi[5], cpu.gprLo[5])) return H_PARAMETER;
      const ptex = cpu.gprLo[5] >>> 0;
      const flags = cpu.gprLo[4];
      const vHi = hpt.vHi(ptex), vLo = hpt.vLo(ptex);
      if (!(vLo & HPTE_V_VALID)) return H_NOT_FOUND;
      if (flags & H_AVPN_LO && !avpnMatches(vHi, vLo, cpu.gprHi[6], cpu.gprLo[6])) return H_NOT_FOUND;
      const rHi = (hpt.rHi(ptex) & ~(HPTE_R_PP0_HI | HPTE_R_KEY_HI)) | (flags & H_PROTECT_PP0 ? HPTE_R_PP0_HI : 0) | ((flags & H_PROTECT_KEY_HI) << 16);
      const rLo = (hpt.rLo(ptex) & ~H_PROTECT_LOW_BITS) | (flags & H_PROTECT_LOW_BITS);
      hpt.writeSecond(ptex, rHi, rLo);
      onInvalidate();
      return H_SUCCESS;
    },
  });

  // LoPAR §14.5.4.1, H_CLEAR_MOD and H_CLEAR_REF: r4 flags, r5 PTEX; the second doubleword as it
  // was (R and C included) in r4, then C (or R) cleared.
  const clearBit = (name: string, number: number, bit: number) =>
    table.register(number, {
      name,
      family: "hcall-pft",
      run: ({ cpu }) => {
        if (!hpt.validPtex(cpu.gprHi[5], cpu.gprLo[5])) return H_PARAMETER;
        const ptex = cpu.gprLo[5] >>> 0;
        if (!(hpt.vLo(ptex) & HPTE_V_VALID)) return H_NOT_FOUND;
        const rHi = hpt.rHi(ptex), rLo = hpt.rLo(ptex);
        setResult(cpu, 4, rHi, rLo);
        if (rLo & bit) {
          hpt.writeSecond(ptex, rHi, rLo & ~bit);
          onInvalidate(); // the soft TLB would otherwise keep accessing without setting it again
        }
        return H_SUCCESS;
      },
    });
  clearBit("H_CLEAR_MOD", H_CLEAR_MOD, HPTE_R_C);
  clearBit("H_CLEAR_REF", H_CLEAR_REF, HPTE_R_R);

  // LoPAR §14.5.4.1, H_BULK_REMOVE (hcall-bulk): up to four translation specifiers in r4..r11,
  // each a high doubleword (type, code, RC, flags, PTEX) and a low one (the AVPN). Each request
  // is rewritten in place as a response: code success (with the removed PTE's R and C), not found,
  // or parameter error. An end marker stops the list; any other non-request type, AVPN and
  // ANDCOND together, or a PTEX outside the table ends the call with H_PARAMETER.
  // (QEMU shifts R/C to bits 12:13 instead of 4:5; KVM and PAPR put them at 4:5.)
  table.register(H_BULK_REMOVE, {
    name: "H_BULK_REMOVE",
    family: "hcall-bulk",
    run: ({ cpu }) => {
      let status = H_SUCCESS;
      let removedAny = false;
      for (let i = 0; i < BULK_PAIRS; i++) {
        const r = 4 + 2 * i;
        const hi = cpu.gprHi[r], lo = cpu.gprLo[r];
        const type = hi >>> BULK_TYPE_SHIFT;
        if (type === BULK_END) break;
        if (type !== BULK_REQUEST) {
          status = H_PARAMETER;
          break;
        }
        const flags = (hi >>> BULK_FLAGS_SHIFT) & 3;
        const response = (BULK_RESPONSE << BULK_TYPE_SHIFT) | (flags << BULK_FLAGS_SHIFT) | (hi & BULK_PTEX_HI);
        if (flags === (BULK_ANDCOND | BULK_AVPN) || !hpt.validPtex(hi & BULK_PTEX_HI, lo)) {
          cpu.gprHi[r] = response | (BULK_PARAMETER << BULK_CODE_SHIFT);
          status = H_PARAMETER;
          break;
        }
        if (remove(lo >>> 0, flags === BULK_AVPN, flags === BULK_ANDCOND, cpu.gprHi[r + 1], cpu.gprLo[r + 1])) {
          removedAny = true;
          const rc = (removed[3] & HPTE_R_R ? BULK_R : 0) | (removed[3] & HPTE_R_C ? BULK_C : 0);
          cpu.gprHi[r] = response | (BULK_SUCCESS << BULK_CODE_SHIFT) | rc;
        } else {
          cpu.gprHi[r] = response | (BULK_NOT_FOUND << BULK_CODE_SHIFT);
        }
      }
      if (removedAny) onInvalidate();
      return status;
    },
  });
}

function setResult(cpu: Cpu, n: number, hi: number, lo: number): void {
  cpu.gprHi[n] = hi;
  cpu.gprLo[n] = lo;
}
