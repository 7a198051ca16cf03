// Floating-point arithmetic, rounding, conversion and compare (Book I §4.6.6-4.6.8). The
// arithmetic itself is fpu/softfloat.ts; these handlers pick operands and complete the FPSCR
// (fp-facility.ts). compareInto and setTestField also serve the VSX compares and tests.

import { FI, FPCC, FPCC_SHIFT, FR, RN, VE, VXSNAN, VXVC } from "../fpu/fpscr.ts";
import { add, compareCode, divide, fromInteger, fusedMultiplyAdd, isSignalling, multiply, reciprocalEstimate, result, roundTo, roundToIntegral, SINGLE, sqrt, toInteger } from "../fpu/softfloat.ts";
import { testDivide, testSqrt } from "../fpu/sw-tests.ts";
import { CVT_TRUNCATE, CVT_UNSIGNED, CVT_WORD } from "../isa/table-fp.ts";
import type { Cpu } from "../state.ts";
import { completeArith, finishStatus, fpOff, fprHi, fprLo, FPRF_NONE, FPRF_RESULT, FRA, FRB, FRC, FRT } from "./fp-facility.ts";

export function floatAdd(c: Cpu, insn: number, subtract: number, single: number): void {
  if (fpOff(c)) return;
  const a = FRA(insn), b = FRB(insn);
  add(fprHi(c, a), fprLo(c, a), fprHi(c, b), fprLo(c, b), subtract, single, c.fpscr);
  completeArith(c, insn, FRT(insn), single, FPRF_RESULT);
}

export function floatMultiply(c: Cpu, insn: number, single: number): void {
  if (fpOff(c)) return;
  const a = FRA(insn), m = FRC(insn);
  multiply(fprHi(c, a), fprLo(c, a), fprHi(c, m), fprLo(c, m), single, c.fpscr);
  completeArith(c, insn, FRT(insn), single, FPRF_RESULT);
}

export function floatDivide(c: Cpu, insn: number, single: number): void {
  if (fpOff(c)) return;
  const a = FRA(insn), b = FRB(insn);
  divide(fprHi(c, a), fprLo(c, a), fprHi(c, b), fprLo(c, b), single, c.fpscr);
  completeArith(c, insn, FRT(insn), single, FPRF_RESULT);
}

export function floatSqrt(c: Cpu, insn: number, single: number): void {
  if (fpOff(c)) return;
  const b = FRB(insn);
  sqrt(fprHi(c, b), fprLo(c, b), single, c.fpscr);
  completeArith(c, insn, FRT(insn), single, FPRF_RESULT);
}

/** fre / frsqrte (and the single forms): the correctly rounded value (reciprocalEstimate). */
export function floatReciprocal(c: Cpu, insn: number, ofSqrt: number, single: number): void {
  if (fpOff(c)) return;
  const b = FRB(insn);
  reciprocalEstimate(fprHi(c, b), fprLo(c, b), ofSqrt, single, c.fpscr);
  completeArith(c, insn, FRT(insn), single, FPRF_RESULT);
}

export function floatMultiplyAdd(c: Cpu, insn: number, negate: number, single: number): void {
  if (fpOff(c)) return;
  const a = FRA(insn), b = FRB(insn), m = FRC(insn);
  fusedMultiplyAdd(fprHi(c, a), fprLo(c, a), fprHi(c, m), fprLo(c, m), fprHi(c, b), fprLo(c, b), negate, single, c.fpscr);
  completeArith(c, insn, FRT(insn), single, FPRF_RESULT);
}

export function floatRoundSingle(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  const b = FRB(insn);
  roundTo(fprHi(c, b), fprLo(c, b), SINGLE, c.fpscr);
  completeArith(c, insn, FRT(insn), SINGLE, FPRF_RESULT);
}

export function floatToInteger(c: Cpu, insn: number, kind: number): void {
  if (fpOff(c)) return;
  const b = FRB(insn);
  toInteger(fprHi(c, b), fprLo(c, b), kind & CVT_WORD, kind & CVT_UNSIGNED, kind & CVT_TRUNCATE ? 1 : c.fpscr & RN);
  completeArith(c, insn, FRT(insn), 0, FPRF_NONE);
}

export function floatFromInteger(c: Cpu, insn: number, unsigned: number, single: number): void {
  if (fpOff(c)) return;
  const b = FRB(insn);
  fromInteger(fprHi(c, b), fprLo(c, b), unsigned, single, c.fpscr);
  completeArith(c, insn, FRT(insn), single, FPRF_RESULT);
}

/** frin, friz, frip, frim: FR and FI end up clear, and XX is never set (§4.6.7). */
export function floatRoundToInteger(c: Cpu, insn: number, mode: number): void {
  if (fpOff(c)) return;
  const b = FRB(insn);
  roundToIntegral(fprHi(c, b), fprLo(c, b), mode);
  result.flags &= ~(FI | FR);
  completeArith(c, insn, FRT(insn), 0, FPRF_RESULT);
}

/** fcmpu / fcmpo. */
export function floatCompare(c: Cpu, insn: number, ordered: number): void {
  if (fpOff(c)) return;
  const a = FRA(insn), b = FRB(insn);
  compareInto(c, insn, fprHi(c, a), fprLo(c, a), fprHi(c, b), fprLo(c, b), ordered);
}

/**
 * The compares to a CR field (fcmpu, fcmpo, xscmpudp, xscmpodp): CR field BF and FPSCR[FPCC] get
 * (FL, FG, FE, FU). A signalling NaN raises VXSNAN; an ordered compare of a NaN raises VXVC,
 * except for a signalling NaN while VE=1.
 */
export function compareInto(c: Cpu, insn: number, aHi: number, aLo: number, bHi: number, bLo: number, ordered: number): void {
  const cc = compareCode(aHi, aLo, bHi, bLo);
  let raised = 0;
  if (cc === 1) {
    const signalling = isSignalling(aHi, aLo) || isSignalling(bHi, bLo);
    if (signalling) raised |= VXSNAN;
    if (ordered && (!signalling || !(c.fpscr & VE))) raised |= VXVC;
  }
  const bf = 4 * (7 - ((insn >>> 23) & 7));
  c.cr = (c.cr & ~(0xf << bf)) | (cc << bf);
  const old = c.fpscr;
  finishStatus(c, 0, old, (old & ~FPCC) | (cc << FPCC_SHIFT) | raised, raised ? VE : 0);
}

/** ftdiv: may a software divide of FRA by FRB need special handling? */
export function floatTestDivide(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  const a = FRA(insn), b = FRB(insn);
  setTestField(c, insn, testDivide(fprHi(c, a), fprLo(c, a), fprHi(c, b), fprLo(c, b), 0));
}

/** ftsqrt: may a software square root of FRB need special handling? */
export function floatTestSqrt(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  const b = FRB(insn);
  setTestField(c, insn, testSqrt(fprHi(c, b), fprLo(c, b), 0));
}

/** CR field BF = 0b1 || fg || fe || 0 (fg and fe from sw-tests.ts). */
export function setTestField(c: Cpu, insn: number, fgFe: number): void {
  const bf = 4 * (7 - ((insn >>> 23) & 7));
  c.cr = (c.cr & ~(0xf << bf)) | ((8 | fgFe) << bf);
}
