// VSX conversions and round-to-integral (Book I §7.6.1): between double, single and half
// precision, to and from integers, scalar and vector, through one lane conversion. Elements
// of a vector form sit in doublewords when either side is 64 bits wide (a 32-bit source is
// word 2i, a 32-bit result fills both words 2i and 2i+1), otherwise in the four words (a half
// in the low halfword, the high one zero). Conversions to integer round toward zero.

import { FI, FR, RN, RN_NEAREST, RN_ZERO } from "../fpu/fpscr.ts";
import { doubleToHalf, doubleToSingle, halfToDouble, singleToDouble } from "../fpu/format.ts";
import { fromInteger, NEAREST_EVEN, result, roundTo, roundToIntegral, toInteger } from "../fpu/softfloat.ts";
import { F16, F32, F64, ROUND_BY_RN, S32, S64, U32, U64 } from "../isa/table-vsx-float.ts";
import type { Cpu } from "../state.ts";
import { FPRF_KEEP, FPRF_RESULT } from "./fp-facility.ts";
import { vsxOn, XB, XT } from "./vsx-common.ts";
import { completeScalar, completeVector, laneOut, precisionOf, wide } from "./vsx-lanes.ts";

const isInteger = (format: number) => format >= S64;
const isUnsigned = (format: number) => (format === U64 || format === U32 ? 1 : 0);
const is64 = (format: number) => format === F64 || format === S64 || format === U64;

/**
 * Convert one element into `result`. `hi`, `lo` hold it widened: a float as a double (exactly),
 * an integer as 64 bits.
 */
function convertLane(from: number, to: number, hi: number, lo: number, fpscr: number): void {
  if (isInteger(to)) return toInteger(hi, lo, is64(to) ? 0 : 1, isUnsigned(to), RN_ZERO);
  if (isInteger(from)) return fromInteger(hi, lo, isUnsigned(from), precisionOf(to), fpscr);
  roundTo(hi, lo, precisionOf(to), fpscr);
}

/** A 32-bit element widened for convertLane: a single to double, an integer to 64 bits. */
function convert32(from: number, to: number, w: number, fpscr: number): void {
  if (from === F32) {
    singleToDouble(wide, 0, w);
    return convertLane(from, to, wide[1], wide[0], fpscr);
  }
  convertLane(from, to, from === S32 ? w >> 31 : 0, w, fpscr);
}

/** The 32-bit image of a converted element (a single, a half in the low halfword, or a word). */
function narrow(to: number): number {
  return to === F32 ? doubleToSingle(result.hi, result.lo) : to === F16 ? doubleToHalf(result.hi, result.lo) : result.lo;
}

/**
 * The scalar conversions: doubleword 0 of XB (word 0 for a single, the low halfword for a half)
 * in format `from` to format `to` (table-vsx-float.ts F64...U32) in doubleword 0 of XT.
 */
export function xsConvert(c: Cpu, insn: number, from: number, to: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, b = 4 * XB(insn);
  if (from === F32) convert32(from, to, v[b + 1], c.fpscr);
  else if (from === F16) {
    halfToDouble(wide, 0, v[b] & 0xffff);
    convertLane(from, to, wide[1], wide[0], c.fpscr);
  } else convertLane(from, to, v[b + 1], v[b], c.fpscr);
  completeScalar(c, XT(insn), to, isInteger(to) ? FPRF_KEEP : FPRF_RESULT);
}

/** The vector conversions, element by element (see the header for where elements sit). */
export function xvConvert(c: Cpu, insn: number, from: number, to: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, b = 4 * XB(insn), fpscr = c.fpscr;
  let flags = 0;
  if (is64(from) || is64(to)) {
    for (let d = 0; d < 4; d += 2) {
      if (is64(from)) convertLane(from, to, v[b + d + 1], v[b + d], fpscr);
      else convert32(from, to, v[b + d + 1], fpscr);
      if (is64(to)) {
        laneOut[d] = result.lo;
        laneOut[d + 1] = result.hi;
      } else laneOut[d] = laneOut[d + 1] = narrow(to);
      flags |= result.flags;
    }
  } else {
    for (let w = 0; w < 4; w++) {
      if (from === F16) {
        halfToDouble(wide, 0, v[b + w] & 0xffff);
        convertLane(from, to, wide[1], wide[0], fpscr);
      } else convert32(from, to, v[b + w], fpscr);
      laneOut[w] = narrow(to);
      flags |= result.flags;
    }
  }
  completeVector(c, XT(insn), flags);
}

/**
 * xscvdpspn (`toSingle`) and xscvspdpn: the format conversions of a load or store (SINGLE and
 * DOUBLE of §4.6.2-4.6.3), with no rounding and no status: xscvdpspn fills words 0 and 1.
 */
export function xsConvertNonSignalling(c: Cpu, insn: number, toSingle: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, b = 4 * XB(insn), t = 4 * XT(insn);
  if (toSingle) v[t + 1] = v[t] = doubleToSingle(v[b + 1], v[b]);
  else singleToDouble(v, t, v[b + 1]);
  v[t + 2] = v[t + 3] = 0;
}

/**
 * Round one double to an integral value in `mode` (ROUND_BY_RN: the FPSCR's, ties to even, which
 * alone reports inexact results; the fixed modes leave FR and FI clear).
 */
function roundLane(mode: number, hi: number, lo: number, fpscr: number): void {
  if (mode !== ROUND_BY_RN) {
    roundToIntegral(hi, lo, mode);
    result.flags &= ~(FI | FR);
    return;
  }
  const rn = fpscr & RN;
  roundToIntegral(hi, lo, rn === RN_NEAREST ? NEAREST_EVEN : rn);
}

/** xsrdpi, xsrdpic, xsrdpim, xsrdpip, xsrdpiz. */
export function xsRoundToIntegral(c: Cpu, insn: number, mode: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, b = 4 * XB(insn);
  roundLane(mode, v[b + 1], v[b], c.fpscr);
  completeScalar(c, XT(insn), F64, FPRF_RESULT);
}

/** xvrdpi* (`width` 64) and xvrspi* (32). */
export function xvRoundToIntegral(c: Cpu, insn: number, mode: number, width: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, b = 4 * XB(insn), fpscr = c.fpscr;
  let flags = 0;
  if (width === 64) {
    for (let d = 0; d < 4; d += 2) {
      roundLane(mode, v[b + d + 1], v[b + d], fpscr);
      laneOut[d] = result.lo;
      laneOut[d + 1] = result.hi;
      flags |= result.flags;
    }
  } else {
    for (let w = 0; w < 4; w++) {
      singleToDouble(wide, 0, v[b + w]);
      roundLane(mode, wide[1], wide[0], fpscr);
      laneOut[w] = doubleToSingle(result.hi, result.lo);
      flags |= result.flags;
    }
  }
  completeVector(c, XT(insn), flags);
}
