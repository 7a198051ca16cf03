// The lane layer the VSX floating-point handlers share (Book I §7.6.1): one lane of arithmetic for
// the scalar forms (doubleword 0, in double or single precision) and the vector forms (two
// doubles or four singles, each single widened exactly to double and narrowed back after
// rounding), and the two ways a result completes:
// - scalar: as the FP chapter's arithmetic (fp-facility.ts), with the VSX RTL's differences: FR
//   and FI cleared when an enabled exception suppresses the result, doubleword 1 set to zero;
// - vector: exception bits only (never FPRF, FR or FI), and no element written when any element
//   raises an exception whose enable bit is on.

import { FI, FR, OX, UX, VX_ANY, XX, ZX } from "../fpu/fpscr.ts";
import { doubleToHalf, doubleToSingle } from "../fpu/format.ts";
import { add, divide, DOUBLE, fusedMultiplyAdd, HALF, multiply, reciprocalEstimate, result, SINGLE, sqrt } from "../fpu/softfloat.ts";
import { A_ADD, A_DIV, A_FMA, A_MUL, A_RSQRTE, A_SQRT, A_SUB, F16, F32, F64, S32, U32 } from "../isa/table-vsx-float.ts";
import type { Cpu } from "../state.ts";
import { arithStatus, enabledBy, finishStatus, suppresses } from "./fp-facility.ts";

/** Single elements widened to double format, as (lo, hi) pairs: operand A at 0, B at 2, C at 4. */
export const wide = new Int32Array(6);
/** A vector result under construction, in VSR layout (vsrI32 order), until it is known to stand. */
export const laneOut = new Int32Array(4);

/** The rounding precision of an element format's results. */
export const precisionOf = (format: number) => (format === F64 ? DOUBLE : format === F16 ? HALF : SINGLE);

/**
 * One lane of `op` (table-vsx-float.ts A_*) into `result`: a op b, op(b) for the unary ones, or
 * a x c + b for the multiply-adds, rounded to `prec`.
 */
export function arithLane(op: number, prec: number, aHi: number, aLo: number, bHi: number, bLo: number, cHi: number, cLo: number, fpscr: number): void {
  if (op >= A_FMA) return fusedMultiplyAdd(aHi, aLo, cHi, cLo, bHi, bLo, op & 3, prec, fpscr);
  switch (op) {
    case A_ADD:
    case A_SUB:
      return add(aHi, aLo, bHi, bLo, op === A_SUB ? 1 : 0, prec, fpscr);
    case A_MUL:
      return multiply(aHi, aLo, bHi, bLo, prec, fpscr);
    case A_DIV:
      return divide(aHi, aLo, bHi, bLo, prec, fpscr);
    case A_SQRT:
      return sqrt(bHi, bLo, prec, fpscr);
  }
  reciprocalEstimate(bHi, bLo, op === A_RSQRTE ? 1 : 0, prec, fpscr);
}

/**
 * Complete a VSX scalar instruction from `result`: unless an enabled invalid operation or zero
 * divide suppresses it, doubleword 0 of VSR `xt` gets the result in format `to` (words 0 and 1
 * for a single or word, the low halfword for a half) and doubleword 1 gets zero; then the FPSCR
 * as the FP chapter's arithmetic, FPRF set per `fprf` in `to`'s precision.
 */
export function completeScalar(c: Cpu, xt: number, to: number, fprf: number): void {
  const flags = result.flags, old = c.fpscr, suppressed = suppresses(flags, old);
  if (!suppressed) {
    const v = c.vsrI32, t = 4 * xt, hi = result.hi, lo = result.lo;
    if (to === F32) v[t + 1] = v[t] = doubleToSingle(hi, lo);
    else if (to === F16) {
      v[t + 1] = 0;
      v[t] = doubleToHalf(hi, lo);
    } else if (to === S32 || to === U32) v[t + 1] = v[t] = lo;
    else {
      v[t + 1] = hi;
      v[t] = lo;
    }
    v[t + 2] = v[t + 3] = 0;
  }
  finishStatus(c, 0, old, arithStatus(old, flags, suppressed, precisionOf(to), fprf, FR | FI), enabledBy(flags));
}

/**
 * Complete a VSX vector instruction whose lanes raised `flags` (ORed) and left their results in
 * laneOut: the exception bits (XX for an inexact lane), and VSR `xt` only if no lane raised an
 * enabled exception.
 */
export function completeVector(c: Cpu, xt: number, flags: number): void {
  const old = c.fpscr, raised = enabledBy(flags);
  if (!(raised & old)) c.vsrI32.set(laneOut, 4 * xt);
  const fpscr = old | (flags & (VX_ANY | ZX | OX | UX)) | (flags & FI ? XX : 0);
  finishStatus(c, 0, old, fpscr, raised);
}

