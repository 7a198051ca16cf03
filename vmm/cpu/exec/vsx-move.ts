// Moves between GPRs and VSRs (Book I §7.6.1, ISA 2.07 and 3.0). The ISA 2.07 moves touch only
// doubleword 0, so they need MSR[FP] for VSRs 0-31 (the FPRs) and MSR[VEC] for 32-63; the
// ISA 3.0 ones need MSR[VSX] or MSR[VEC]. Doubleword 1 after mtvsrd/mtvsrwa/mtvsrwz is
// undefined in the book; it is left as it was, as QEMU does.

import { FAC_FP_VEC, FAC_VSX_VEC, MF_LOW_DWORD, MF_WORD, MT_DWORD, MT_SPLAT_WORD, MT_WORD_SIGNED } from "../isa/table-vsx.ts";
import type { Cpu } from "../state.ts";
import { RA, RB, XT, facilityOn } from "./vsx-common.ts";

/** mfvsrd (doubleword 0), mfvsrwz (word 1, zero-extended), mfvsrld (doubleword 1). */
export function moveFromVsr(c: Cpu, insn: number, op: number): void {
  const xs = XT(insn);
  if (!facilityOn(c, op === MF_LOW_DWORD ? FAC_VSX_VEC : FAC_FP_VEC, xs)) return;
  const v = c.vsrI32, at = 4 * xs + (op === MF_LOW_DWORD ? 2 : 0), ra = RA(insn);
  c.gprLo[ra] = v[at];
  c.gprHi[ra] = op === MF_WORD ? 0 : v[at + 1];
}

/** mtvsrd, mtvsrwa, mtvsrwz: doubleword 0 from RA (whole, sign- or zero-extended word);
 *  mtvsrws: RA's low word to every word. */
export function moveToVsr(c: Cpu, insn: number, op: number): void {
  const xt = XT(insn);
  if (!facilityOn(c, op === MT_SPLAT_WORD ? FAC_VSX_VEC : FAC_FP_VEC, xt)) return;
  const v = c.vsrI32, at = 4 * xt, ra = RA(insn), lo = c.gprLo[ra];
  if (op === MT_SPLAT_WORD) {
    v[at] = v[at + 1] = v[at + 2] = v[at + 3] = lo;
    return;
  }
  v[at] = lo;
  v[at + 1] = op === MT_DWORD ? c.gprHi[ra] : op === MT_WORD_SIGNED ? lo >> 31 : 0;
}

/** mtvsrdd: doubleword 0 from (RA|0), doubleword 1 from RB. */
export function moveToVsrDouble(c: Cpu, insn: number): void {
  const xt = XT(insn);
  if (!facilityOn(c, FAC_VSX_VEC, xt)) return;
  const v = c.vsrI32, at = 4 * xt, ra = RA(insn), rb = RB(insn);
  const bLo = c.gprLo[rb], bHi = c.gprHi[rb];
  v[at] = ra === 0 ? 0 : c.gprLo[ra];
  v[at + 1] = ra === 0 ? 0 : c.gprHi[ra];
  v[at + 2] = bLo;
  v[at + 3] = bHi;
}
