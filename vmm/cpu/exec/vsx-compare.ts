// VSX compares, maximum and minimum (Book I §7.6.1): to a CR field (xscmpudp, xscmpodp,
// xscmpexpdp), to an all-ones/all-zeros mask per element (xscmp*dp, xvcmp*, with CR6 for Rc=1),
// and max/min of each kind. They raise VXSNAN (and VXVC for the ordered ones), never touch FR,
// FI or FPRF, and an enabled exception suppresses the whole target register.

import { FPCC, FPCC_SHIFT, VE, VXSNAN, VXVC } from "../fpu/fpscr.ts";
import { doubleToSingle, singleToDouble } from "../fpu/format.ts";
import { compareCode, isNaN64, isSignalling, result } from "../fpu/softfloat.ts";
import { CMP_EQ, CMP_GT, MM_MAXC, MM_MAXJ, MM_MINC } from "../isa/table-vsx-float.ts";
import type { Cpu } from "../state.ts";
import { compareInto } from "./fp-arith.ts";
import { finishStatus } from "./fp-facility.ts";
import { vsxOn, XA, XB, XT } from "./vsx-common.ts";
import { laneOut, wide } from "./vsx-lanes.ts";

/** xscmpudp, xscmpodp: fcmpu and fcmpo on doubleword 0. */
export function xsCompare(c: Cpu, insn: number, ordered: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * XB(insn);
  compareInto(c, insn, v[a + 1], v[a], v[b + 1], v[b], ordered);
}

/** xscmpexpdp: CR field BF and FPCC compare the biased exponents (unordered if either is a NaN). */
export function xsCompareExponents(c: Cpu, insn: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, aHi = v[4 * XA(insn) + 1], bHi = v[4 * XB(insn) + 1];
  const ea = (aHi >>> 20) & 0x7ff, eb = (bHi >>> 20) & 0x7ff;
  const unordered = isNaN64(aHi, v[4 * XA(insn)]) || isNaN64(bHi, v[4 * XB(insn)]);
  const cc = unordered ? 1 : ea < eb ? 8 : ea > eb ? 4 : 2;
  const bf = 4 * (7 - ((insn >>> 23) & 7));
  c.cr = (c.cr & ~(0xf << bf)) | (cc << bf);
  c.fpscr = (c.fpscr & ~FPCC) | (cc << FPCC_SHIFT);
}

/** The exceptions of the last compareLane. */
let compareFlags = 0;

/**
 * Does a `cond` b hold (CMP_EQ, CMP_GT, CMP_GE)? Sets compareFlags: VXSNAN for a signalling NaN,
 * and for the ordered GT and GE, VXVC for a NaN (not for a signalling one while VE=1).
 */
function compareLane(cond: number, aHi: number, aLo: number, bHi: number, bLo: number, fpscr: number): boolean {
  const cc = compareCode(aHi, aLo, bHi, bLo);
  compareFlags = 0;
  if (cc === 1) {
    const signalling = isSignalling(aHi, aLo) || isSignalling(bHi, bLo);
    if (signalling) compareFlags = VXSNAN;
    if (cond !== CMP_EQ && (!signalling || !(fpscr & VE))) compareFlags |= VXVC;
  }
  return cond === CMP_EQ ? cc === 2 : cond === CMP_GT ? cc === 4 : (cc & 6) !== 0;
}

/** Store the invalid-operation bits `flags` (FX on a new one; the interrupt if VE=1 and MSR[FE0,FE1] ask). */
function raiseInvalid(c: Cpu, flags: number): void {
  finishStatus(c, 0, c.fpscr, c.fpscr | flags, flags ? VE : 0);
}

/** An enabled invalid operation suppresses the target (the interrupt, if any, comes after). */
const suppressed = (c: Cpu, flags: number) => flags !== 0 && (c.fpscr & VE) !== 0;

/** xscmpeqdp, xscmpgtdp, xscmpgedp: doubleword 0 of XT all ones if the compare holds, doubleword 1 zero. */
export function xsCompareMask(c: Cpu, insn: number, cond: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * XB(insn), t = 4 * XT(insn);
  const mask = compareLane(cond, v[a + 1], v[a], v[b + 1], v[b], c.fpscr) ? -1 : 0;
  if (!suppressed(c, compareFlags)) {
    v[t] = v[t + 1] = mask;
    v[t + 2] = v[t + 3] = 0;
  }
  raiseInvalid(c, compareFlags);
}

/** xvcmpeq/gt/ge dp (`width` 64) and sp (32); Rc=1 sets CR6 to all-true || 0 || all-false || 0. */
export function xvCompare(c: Cpu, insn: number, cond: number, width: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * XB(insn), fpscr = c.fpscr;
  let flags = 0, all = -1, none = -1;
  if (width === 64) {
    for (let d = 0; d < 4; d += 2) {
      const mask = compareLane(cond, v[a + d + 1], v[a + d], v[b + d + 1], v[b + d], fpscr) ? -1 : 0;
      laneOut[d] = laneOut[d + 1] = mask;
      all &= mask;
      none &= ~mask;
      flags |= compareFlags;
    }
  } else {
    for (let w = 0; w < 4; w++) {
      singleToDouble(wide, 0, v[a + w]);
      singleToDouble(wide, 2, v[b + w]);
      const mask = compareLane(cond, wide[1], wide[0], wide[3], wide[2], fpscr) ? -1 : 0;
      laneOut[w] = mask;
      all &= mask;
      none &= ~mask;
      flags |= compareFlags;
    }
  }
  if (!suppressed(c, flags)) v.set(laneOut, 4 * XT(insn));
  if (insn & (1 << 10)) c.cr = (c.cr & ~0xf0) | ((all & 8) << 4) | ((none & 2) << 4);
  raiseInvalid(c, flags);
}

/**
 * One lane of maximum or minimum into `result` (VXSNAN in its flags for a signalling operand):
 * - MM_MAX/MM_MIN (maxNum/minNum): a quiet NaN gives way to a number; otherwise a signalling NaN
 *   wins, made quiet (a's first); +0 is greater than -0;
 * - MM_MAXC/MM_MINC: (a > b) ? a : b and (a < b) ? a : b, so b when either is a NaN, as it is;
 * - MM_MAXJ/MM_MINJ (Java): a NaN a, else a NaN b, as they are; +0 is greater than -0.
 */
function maxMinLane(kind: number, aHi: number, aLo: number, bHi: number, bLo: number): void {
  const aNaN = isNaN64(aHi, aLo), bNaN = isNaN64(bHi, bLo), typeC = kind === MM_MAXC || kind === MM_MINC;
  const aSignalling = isSignalling(aHi, aLo), bSignalling = isSignalling(bHi, bLo);
  const max = (kind & 1) === 0;
  let pickA: boolean, quiet = 0;
  if (aNaN || bNaN) {
    if (typeC) pickA = false;
    else if (kind >= MM_MAXJ) pickA = aNaN;
    else {
      pickA = aSignalling || (!bSignalling && bNaN);
      if (pickA ? aNaN : bNaN) quiet = 0x80000;
    }
  } else {
    const cc = compareCode(aHi, aLo, bHi, bLo);
    // Equal operands differ at most as +0 and -0: max takes the positive one, min the negative.
    pickA = cc === 2 && !typeC ? aHi < 0 !== max : cc === (max ? 4 : 8);
  }
  result.hi = (pickA ? aHi : bHi) | quiet;
  result.lo = pickA ? aLo : bLo;
  result.flags = aSignalling || bSignalling ? VXSNAN : 0;
}

/** xsmaxdp, xsmindp, xsmaxcdp, xsmincdp, xsmaxjdp, xsminjdp on doubleword 0; doubleword 1 zero. */
export function xsMaxMin(c: Cpu, insn: number, kind: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * XB(insn), t = 4 * XT(insn);
  maxMinLane(kind, v[a + 1], v[a], v[b + 1], v[b]);
  if (!suppressed(c, result.flags)) {
    v[t + 1] = result.hi;
    v[t] = result.lo;
    v[t + 2] = v[t + 3] = 0;
  }
  raiseInvalid(c, result.flags);
}

/** xvmaxdp, xvmindp (`width` 64), xvmaxsp, xvminsp (32). */
export function xvMaxMin(c: Cpu, insn: number, kind: number, width: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * XB(insn);
  let flags = 0;
  if (width === 64) {
    for (let d = 0; d < 4; d += 2) {
      maxMinLane(kind, v[a + d + 1], v[a + d], v[b + d + 1], v[b + d]);
      laneOut[d] = result.lo;
      laneOut[d + 1] = result.hi;
      flags |= result.flags;
    }
  } else {
    for (let w = 0; w < 4; w++) {
      singleToDouble(wide, 0, v[a + w]);
      singleToDouble(wide, 2, v[b + w]);
      maxMinLane(kind, wide[1], wide[0], wide[3], wide[2]);
      laneOut[w] = doubleToSingle(result.hi, result.lo);
      flags |= result.flags;
    }
  }
  if (!suppressed(c, flags)) v.set(laneOut, 4 * XT(insn));
  raiseInvalid(c, flags);
}
