// VSX sign, exponent and significand bit operations (Book I §7.6.1): they move floating-point
// fields as plain bits, with no rounding and no FPSCR effects. Scalar results set doubleword 1
// to zero (ISA 3.0 RTL; ISA 2.06 left it undefined).

import { S_ABS, S_CPSGN, S_NABS, S_NEG } from "../isa/table-vsx.ts";
import type { Cpu } from "../state.ts";
import { doubleToSingle, singleToDouble } from "../fpu/format.ts";
import { RA, RB, RT, XA, XB, XT, vsxOn } from "./vsx-common.ts";

const SIGN = 0x80000000 | 0;

function signOp(op: number, a: number, b: number): number {
  switch (op) {
    case S_ABS: return b & ~SIGN;
    case S_NABS: return b | SIGN;
    case S_NEG: return b ^ SIGN;
    case S_CPSGN: return (a & SIGN) | (b & ~SIGN);
  }
  return b;
}

/** xsabsdp, xsnabsdp, xsnegdp, xscpsgndp (sign of XA, the rest of XB) on doubleword 0. */
export function xsSignOp(c: Cpu, insn: number, op: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * XB(insn), t = 4 * XT(insn);
  const lo = v[b];
  v[t + 1] = signOp(op, v[a + 1], v[b + 1]);
  v[t] = lo;
  v[t + 2] = v[t + 3] = 0;
}

/** The vector forms, on each element of `width` bits. */
export function xvSignOp(c: Cpu, insn: number, op: number, width: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * XB(insn), t = 4 * XT(insn);
  // Sign bits sit in every word (single) or in the high word of each doubleword (1 and 3).
  for (let w = 0; w < 4; w++) v[t + w] = width === 32 || w & 1 ? signOp(op, v[a + w], v[b + w]) : v[b + w];
}

/** xsxexpdp: RT = the biased exponent of doubleword 0 of XB. */
export function xsExtractExponent(c: Cpu, insn: number): void {
  if (!vsxOn(c)) return;
  const rt = RT(insn);
  c.gprHi[rt] = 0;
  c.gprLo[rt] = (c.vsrI32[4 * XB(insn) + 1] >>> 20) & 0x7ff;
}

/** The implicit bit of a double whose high word is `hi`: 0 for zero/denormal and Inf/NaN. */
function implicitDouble(hi: number): number {
  const e = (hi >>> 20) & 0x7ff;
  return e === 0 || e === 0x7ff ? 0 : 0x100000;
}

/** xsxsigdp: RT = the significand of doubleword 0 of XB, with its implicit bit. */
export function xsExtractSignificand(c: Cpu, insn: number): void {
  if (!vsxOn(c)) return;
  const rt = RT(insn), at = 4 * XB(insn), hi = c.vsrI32[at + 1];
  c.gprHi[rt] = (hi & 0xfffff) | implicitDouble(hi);
  c.gprLo[rt] = c.vsrI32[at];
}

/** xsiexpdp: doubleword 0 = sign and fraction of RA with exponent RB[53:63]. */
export function xsInsertExponent(c: Cpu, insn: number): void {
  if (!vsxOn(c)) return;
  const ra = RA(insn), v = c.vsrI32, t = 4 * XT(insn);
  const hi = (c.gprHi[ra] & 0x800fffff) | ((c.gprLo[RB(insn)] & 0x7ff) << 20);
  v[t] = c.gprLo[ra];
  v[t + 1] = hi;
  v[t + 2] = v[t + 3] = 0;
}

/** xvxexpdp/xvxsigdp/xvxexpsp/xvxsigsp: each element's exponent, or significand with its
 *  implicit bit (`significand` = 1), zero-extended. */
export function xvExtractField(c: Cpu, insn: number, width: number, significand: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, b = 4 * XB(insn), t = 4 * XT(insn);
  if (width === 64) {
    for (let d = 0; d < 4; d += 2) {
      const lo = v[b + d], hi = v[b + d + 1];
      v[t + d] = significand ? lo : (hi >>> 20) & 0x7ff;
      v[t + d + 1] = significand ? (hi & 0xfffff) | implicitDouble(hi) : 0;
    }
    return;
  }
  for (let w = 0; w < 4; w++) {
    const x = v[b + w], e = (x >>> 23) & 0xff;
    v[t + w] = significand ? (x & 0x7fffff) | (e === 0 || e === 0xff ? 0 : 0x800000) : e;
  }
}

/** xviexpdp/xviexpsp: each element's sign and fraction from XA, exponent from the low bits of XB's. */
export function xvInsertExponent(c: Cpu, insn: number, width: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * XB(insn), t = 4 * XT(insn);
  if (width === 64) {
    for (let d = 0; d < 4; d += 2) {
      const lo = v[a + d], hi = (v[a + d + 1] & 0x800fffff) | ((v[b + d] & 0x7ff) << 20);
      v[t + d] = lo;
      v[t + d + 1] = hi;
    }
    return;
  }
  for (let w = 0; w < 4; w++) v[t + w] = (v[a + w] & 0x807fffff) | ((v[b + w] & 0xff) << 23);
}

/**
 * Whether a value of the class given by its exponent (`e`, all ones at `eMax`), fraction-is-zero
 * and sign is among DCMX's classes: bit 6 NaN, 5 +Inf, 4 -Inf, 3 +0, 2 -0, 1 +denormal, 0 -denormal.
 */
function classMatches(dcmx: number, e: number, eMax: number, fractionZero: boolean, negative: boolean): number {
  let bit: number;
  if (e === eMax) bit = fractionZero ? (negative ? 4 : 5) : 6;
  else if (e === 0) bit = fractionZero ? (negative ? 2 : 3) : negative ? 0 : 1;
  else return 0;
  return (dcmx >> bit) & 1;
}

const roundTrip = new Int32Array(2);

/**
 * xststdcdp and xststdcsp: CR field BF and FPSCR[FPCC] = sign || 0 || match || not-SP for
 * doubleword 0 of XB. xststdcsp also counts doubles below the single normal range (biased
 * exponent 1..0x380) as denormal, and sets the last bit when the value does not survive the
 * trip to single format and back unchanged.
 */
export function xsTestDataClass(c: Cpu, insn: number, width: number): void {
  if (!vsxOn(c)) return;
  const at = 4 * XB(insn), hi = c.vsrI32[at + 1], lo = c.vsrI32[at];
  const e = (hi >>> 20) & 0x7ff, dcmx = (insn >>> 16) & 0x7f, negative = hi < 0;
  let match = classMatches(dcmx, e, 0x7ff, ((hi & 0xfffff) | lo) === 0, negative);
  let notSingle = 0;
  if (width === 32) {
    if (e > 0 && e <= 0x380) match = (dcmx >> (negative ? 0 : 1)) & 1;
    singleToDouble(roundTrip, 0, doubleToSingle(hi, lo));
    notSingle = roundTrip[0] !== lo || roundTrip[1] !== hi ? 1 : 0;
  }
  const cc = (negative ? 8 : 0) | (match << 1) | notSingle, shift = 28 - 4 * ((insn >>> 23) & 7);
  c.cr = (c.cr & ~(0xf << shift)) | (cc << shift);
  c.fpscr = (c.fpscr & ~0xf000) | (cc << 12); // FPCC is FPSCR bits 48:51
}

/** xvtstdcdp/xvtstdcsp: each element of XT all ones where XB's element is of a DCMX class. */
export function xvTestDataClass(c: Cpu, insn: number, width: number): void {
  if (!vsxOn(c)) return;
  const dcmx = (((insn >>> 6) & 1) << 6) | (((insn >>> 2) & 1) << 5) | ((insn >>> 16) & 31);
  const v = c.vsrI32, b = 4 * XB(insn), t = 4 * XT(insn);
  if (width === 64) {
    for (let d = 0; d < 4; d += 2) {
      const lo = v[b + d], hi = v[b + d + 1];
      v[t + d] = v[t + d + 1] = -classMatches(dcmx, (hi >>> 20) & 0x7ff, 0x7ff, ((hi & 0xfffff) | lo) === 0, hi < 0);
    }
    return;
  }
  for (let w = 0; w < 4; w++) {
    const x = v[b + w];
    v[t + w] = -classMatches(dcmx, (x >>> 23) & 0xff, 0xff, (x & 0x7fffff) === 0, x < 0);
  }
}
