// Floating-point arithmetic, rounding, conversion and compare (Book I §4.6.6-4.6.8). The
// arithmetic itself is fpu/softfloat.ts; these handlers pick operands, complete the FPSCR
// (fp-facility.ts) and, for fnmadd/fnmsub, negate non-NaN results after rounding.

import { FI, FPCC, FPCC_SHIFT, RN, VE, VX_ANY, VXSNAN, VXVC } from "../fpu/fpscr.ts";
import { add, divide, fromInteger, isInf, isNaN64, isSignalling, isZero, multiply, multiplyAdd, result, roundToIntegral, roundToSingle, sqrt, toInteger, valueOf64 } from "../fpu/softfloat.ts";
import { CVT_TRUNCATE, CVT_UNSIGNED, CVT_WORD, FMA_NEG_ADDEND, FMA_NEG_RESULT } from "../isa/table-fp.ts";
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

/**
 * fre / frsqrte (and the single forms): the ISA asks only for an estimate within 1/16384;
 * spar, like QEMU, returns the correctly rounded reciprocal (square root).
 */
export function floatReciprocal(c: Cpu, insn: number, ofSqrt: number, single: number): void {
  if (fpOff(c)) return;
  const b = FRB(insn);
  let hi = fprHi(c, b), lo = fprLo(c, b), sqrtInexact = 0;
  if (ofSqrt) {
    sqrt(hi, lo, isNaN64(hi, lo) ? single : 0, c.fpscr & RN); // a NaN passes through in the result's precision
    if (result.flags & VX_ANY || isNaN64(result.hi, result.lo)) return completeArith(c, insn, FRT(insn), single, FPRF_RESULT);
    hi = result.hi;
    lo = result.lo;
    sqrtInexact = result.flags & FI;
  }
  divide(0x3ff00000, 0, hi, lo, single, c.fpscr);
  result.flags |= sqrtInexact;
  completeArith(c, insn, FRT(insn), single, FPRF_RESULT);
}

export function floatMultiplyAdd(c: Cpu, insn: number, negate: number, single: number): void {
  if (fpOff(c)) return;
  const a = FRA(insn), b = FRB(insn), m = FRC(insn);
  multiplyAdd(fprHi(c, a), fprLo(c, a), fprHi(c, m), fprLo(c, m), fprHi(c, b), fprLo(c, b), negate & FMA_NEG_ADDEND ? 1 : 0, single, c.fpscr);
  if (negate & FMA_NEG_RESULT && !isNaN64(result.hi, result.lo)) result.hi ^= 0x80000000;
  completeArith(c, insn, FRT(insn), single, FPRF_RESULT);
}

export function floatRoundSingle(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  const b = FRB(insn);
  roundToSingle(fprHi(c, b), fprLo(c, b), c.fpscr);
  completeArith(c, insn, FRT(insn), 1, FPRF_RESULT);
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
  completeArith(c, insn, FRT(insn), 0, FPRF_RESULT);
}

/** fcmpu / fcmpo: CR field BF and FPSCR[FPCC] get (FL, FG, FE, FU). */
export function floatCompare(c: Cpu, insn: number, ordered: number): void {
  if (fpOff(c)) return;
  const a = FRA(insn), b = FRB(insn);
  const aHi = fprHi(c, a), aLo = fprLo(c, a), bHi = fprHi(c, b), bLo = fprLo(c, b);
  let cc: number, raised = 0;
  if (isNaN64(aHi, aLo) || isNaN64(bHi, bLo)) {
    cc = 1;
    const signalling = isSignalling(aHi, aLo) || isSignalling(bHi, bLo);
    if (signalling) raised |= VXSNAN;
    if (ordered && (!signalling || !(c.fpscr & VE))) raised |= VXVC;
  } else {
    const x = valueOf64(aHi, aLo), y = valueOf64(bHi, bLo);
    cc = x < y ? 8 : x > y ? 4 : 2;
  }
  const bf = 4 * (7 - ((insn >>> 23) & 7));
  c.cr = (c.cr & ~(0xf << bf)) | (cc << bf);
  const old = c.fpscr;
  finishStatus(c, insn & ~1, old, (old & ~FPCC) | (cc << FPCC_SHIFT) | raised, raised ? VE : 0);
}

const isSpecial = (hi: number) => (hi & 0x7ff00000) === 0x7ff00000;
const isDenormalOrZero = (hi: number) => ((hi >>> 20) & 0x7ff) === 0;

/** ftdiv: may a software divide of FRA by FRB need special handling? CR field = 0b1 || fg || fe || 0. */
export function floatTestDivide(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  const aHi = fprHi(c, FRA(insn)), aLo = fprLo(c, FRA(insn)), bHi = fprHi(c, FRB(insn)), bLo = fprLo(c, FRB(insn));
  const ea = exponentOf(aHi), eb = exponentOf(bHi);
  const special = isSpecial(aHi) || isSpecial(bHi) || isZero(bHi, bLo);
  let fe = special || eb <= -1022 || eb >= 1021;
  if (!special && !isZero(aHi, aLo) && (ea - eb >= 1023 || ea - eb <= -1021 || ea <= -970)) fe = true;
  // fg: an infinity, or a zero or denormal divisor (NaNs set only fe).
  setTestField(c, insn, isInf(aHi, aLo) || isInf(bHi, bLo) || isDenormalOrZero(bHi), fe);
}

/** ftsqrt: may a software square root of FRB need special handling? */
export function floatTestSqrt(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  const bHi = fprHi(c, FRB(insn)), bLo = fprLo(c, FRB(insn));
  const special = isSpecial(bHi) || isZero(bHi, bLo);
  setTestField(c, insn, isInf(bHi, bLo) || isDenormalOrZero(bHi), special || bHi < 0 || exponentOf(bHi) <= -970);
}

function setTestField(c: Cpu, insn: number, fg: boolean, fe: boolean): void {
  const bf = 4 * (7 - ((insn >>> 23) & 7));
  c.cr = (c.cr & ~(0xf << bf)) | ((8 | (fg ? 4 : 0) | (fe ? 2 : 0)) << bf);
}

/** Unbiased exponent as ftdiv/ftsqrt read it (denormals count as -1022). */
function exponentOf(hi: number): number {
  const biased = (hi >>> 20) & 0x7ff;
  return biased === 0 ? -1022 : biased - 1023;
}
