// VSX floating-point arithmetic (Book I §7.6.1): add, subtract, multiply, divide, square root,
// reciprocal estimates and multiply-adds, scalar and vector, one lane at a time (vsx-lanes.ts);
// and the software divide and square root tests.

import { singleToDouble, doubleToSingle } from "../fpu/format.ts";
import { DOUBLE, result, SINGLE } from "../fpu/softfloat.ts";
import { testDivide, testSqrt } from "../fpu/sw-tests.ts";
import { A_FMA, A_MTYPE, F32D, F64 } from "../isa/table-vsx-float.ts";
import type { Cpu } from "../state.ts";
import { setTestField } from "./fp-arith.ts";
import { FPRF_RESULT } from "./fp-facility.ts";
import { vsxOn, XA, XB, XT } from "./vsx-common.ts";
import { arithLane, completeScalar, completeVector, laneOut, wide } from "./vsx-lanes.ts";

/** Operand VSRs of an arithmetic op: the multiply-adds add XT (A forms) or multiply by it (M forms). */
const addendOf = (op: number, insn: number) => (op >= A_FMA && !(op & A_MTYPE) ? XT(insn) : XB(insn));
const multiplicandOf = (op: number, insn: number) => (op & A_MTYPE ? XT(insn) : XB(insn));

/** The scalar arithmetic: xsadddp ... xsrsqrtesp, the multiply-adds, in `prec` (0 double, 1 single). */
export function xsArith(c: Cpu, insn: number, op: number, prec: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * addendOf(op, insn), m = 4 * multiplicandOf(op, insn);
  arithLane(op, prec, v[a + 1], v[a], v[b + 1], v[b], v[m + 1], v[m], c.fpscr);
  completeScalar(c, XT(insn), prec === SINGLE ? F32D : F64, FPRF_RESULT);
}

/** The vector arithmetic on two doubles (`width` 64) or four singles (32). */
export function xvArith(c: Cpu, insn: number, op: number, width: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * addendOf(op, insn), m = 4 * multiplicandOf(op, insn), fpscr = c.fpscr;
  let flags = 0;
  if (width === 64) {
    for (let d = 0; d < 4; d += 2) {
      arithLane(op, DOUBLE, v[a + d + 1], v[a + d], v[b + d + 1], v[b + d], v[m + d + 1], v[m + d], fpscr);
      laneOut[d] = result.lo;
      laneOut[d + 1] = result.hi;
      flags |= result.flags;
    }
  } else {
    for (let w = 0; w < 4; w++) {
      singleToDouble(wide, 0, v[a + w]);
      singleToDouble(wide, 2, v[b + w]);
      singleToDouble(wide, 4, v[m + w]);
      arithLane(op, SINGLE, wide[1], wide[0], wide[3], wide[2], wide[5], wide[4], fpscr);
      laneOut[w] = doubleToSingle(result.hi, result.lo);
      flags |= result.flags;
    }
  }
  completeVector(c, XT(insn), flags);
}

/**
 * xstdivdp, xvtdivdp, xvtdivsp: CR field BF = 0b1 || fg || fe || 0, fg and fe ORed over the
 * `lanes` elements of `width` bits (ftdiv's test, in that element's precision).
 */
export function vsxTestDivide(c: Cpu, insn: number, width: number, lanes: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * XB(insn);
  let fgFe = 0;
  if (width === 64) for (let d = 0; d < 2 * lanes; d += 2) fgFe |= testDivide(v[a + d + 1], v[a + d], v[b + d + 1], v[b + d], DOUBLE);
  else {
    for (let w = 0; w < 4; w++) {
      singleToDouble(wide, 0, v[a + w]);
      singleToDouble(wide, 2, v[b + w]);
      fgFe |= testDivide(wide[1], wide[0], wide[3], wide[2], SINGLE);
    }
  }
  setTestField(c, insn, fgFe);
}

/** xstsqrtdp, xvtsqrtdp, xvtsqrtsp: as vsxTestDivide, with ftsqrt's test. */
export function vsxTestSqrt(c: Cpu, insn: number, width: number, lanes: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, b = 4 * XB(insn);
  let fgFe = 0;
  if (width === 64) for (let d = 0; d < 2 * lanes; d += 2) fgFe |= testSqrt(v[b + d + 1], v[b + d], DOUBLE);
  else {
    for (let w = 0; w < 4; w++) {
      singleToDouble(wide, 0, v[b + w]);
      fgFe |= testSqrt(wide[1], wide[0], SINGLE);
    }
  }
  setTestField(c, insn, fgFe);
}
