// Vector single-precision floating point (Book I §6.12). Results are rounded to nearest even
// whatever FPSCR says, and no FPSCR bit changes. VSCR[NJ] (non-Java mode) reads denormal
// inputs as zero and writes denormal results as zero, keeping the sign. A NaN operand gives
// that NaN quieted (first of VRA, VRB, VRC); an invalid operation gives the default NaN.
// Values move as bits: a NaN passed through a JS number may lose its payload.

import { E_EXP, E_LOG, E_RE, F_ADD, F_MAX, F_SUB, FC_BOUNDS, FC_EQ, FC_GE, R_DOWN, R_NEAR, R_UP } from "../isa/table-vmx.ts";
import type { Cpu } from "../state.ts";
import { RC, VRA, VRB, VRC, VRT, saturated, setCr6, vecOff, wordAt } from "./vmx-regs.ts";

const NJ = 0x10000;
const DEFAULT_NAN = 0x7fc00000;
const QUIET = 0x00400000;

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

const isNaNBits = (x: number) => (x & 0x7fffffff) > 0x7f800000;
const MIN_NORMAL = 2 ** -126;

/** Word bits as a float, with a denormal read as zero in non-Java mode (never called on a NaN). */
function toFloat(c: Cpu, x: number): number {
  if (c.vscr & NJ && (x & 0x7f800000) === 0) x &= 0x80000000;
  i32[0] = x;
  return f32[0];
}

/** Nonzero and below the smallest normal single: denormal, or rounding to one. */
const isTiny = (x: number) => x !== 0 && Math.abs(x) < MIN_NORMAL;

/**
 * Bits of a result: v rounded to single, NaN as the default NaN. Non-Java mode flushes a tiny
 * result to zero of its sign, tininess being judged before rounding (as QEMU does: a value just
 * below 2^-126 that rounds up to it is still flushed); `tiny` says whether the exact result was.
 */
function fromFloat(c: Cpu, v: number, tiny: boolean): number {
  if (v !== v) return DEFAULT_NAN;
  if (c.vscr & NJ && tiny) return v < 0 || Object.is(v, -0) ? 0x80000000 : 0;
  f32[0] = v;
  return i32[0];
}

/** vaddfp, vsubfp, vmaxfp, vminfp. */
export function vecFloatArith(c: Cpu, insn: number, op: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), t = VRT(insn), r = c.vsrI32;
  for (let k = 0; k < 4; k++) {
    const xa = r[wordAt(a, k)], xb = r[wordAt(b, k)];
    if (isNaNBits(xa) || isNaNBits(xb)) {
      r[wordAt(t, k)] = (isNaNBits(xa) ? xa : xb) | QUIET;
      continue;
    }
    const fa = toFloat(c, xa), fb = toFloat(c, xb);
    let v: number;
    if (op === F_ADD) v = fa + fb;
    else if (op === F_SUB) v = fa - fb;
    else if (fa === fb) v = (op === F_MAX) === (Object.is(fa, -0)) ? fb : fa; // +0 is the larger zero
    else v = (op === F_MAX) === fa > fb ? fa : fb;
    // A sum of two singles rounded to double then to single is correctly rounded (53 >= 2*24+2).
    r[wordAt(t, k)] = fromFloat(c, v, isTiny(v));
  }
}

/** Float adjacent to r (a float) in direction dir (±1); r may be infinite. */
function nextFloat(r: number, dir: number): number {
  f32[0] = r;
  if (r === 0) i32[0] = dir > 0 ? 1 : 0x80000001;
  else i32[0] += (r > 0) === (dir > 0) ? 1 : -1;
  return f32[0];
}

/**
 * Round s + err (s a double, err its exact error) to single once. Rounding s alone is right
 * unless s sits exactly halfway between two singles: then err decides the side.
 */
function roundOnce(s: number, err: number): number {
  const r = Math.fround(s);
  if (err === 0 || r === s || s !== s || !Number.isFinite(s)) return r;
  const rv = Number.isFinite(r) ? r : Math.sign(r) * 2 ** 128; // overflow rounds from 2^128
  const other = nextFloat(r, s > rv ? 1 : -1);
  if (s - rv !== other - s) return r;
  return (err > 0) === (other > rv) ? other : r;
}

/**
 * vmaddfp (negate = 0): VRA x VRC + VRB; vnmsubfp: -(VRA x VRC - VRB). Fused: the product of
 * two singles is exact in a double, the sum is split into its rounded value and exact error
 * (TwoSum), and roundOnce rounds the exact sum to single with one rounding.
 */
export function vecMultiplyAddFloat(c: Cpu, insn: number, negate: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), m = VRC(insn), t = VRT(insn), r = c.vsrI32;
  for (let k = 0; k < 4; k++) {
    const xa = r[wordAt(a, k)], xb = r[wordAt(b, k)], xc = r[wordAt(m, k)];
    if (isNaNBits(xa) || isNaNBits(xb) || isNaNBits(xc)) {
      r[wordAt(t, k)] = (isNaNBits(xa) ? xa : isNaNBits(xb) ? xb : xc) | QUIET;
      continue;
    }
    const p = toFloat(c, xa) * toFloat(c, xc), addend = negate ? -toFloat(c, xb) : toFloat(c, xb);
    const s = p + addend, bv = s - p;
    const err = p - (s - bv) + (addend - bv);
    const v = roundOnce(s, Number.isFinite(s) ? err : 0);
    // Tiny before rounding: s itself, or s = ±2^-126 exactly with the error pulling it below.
    const tiny = isTiny(s) || (Math.abs(s) === MIN_NORMAL && err !== 0 && err < 0 === s > 0);
    r[wordAt(t, k)] = fromFloat(c, negate && v === v ? -v : v, tiny);
  }
}

/** vrefp, vrsqrtefp, vexptefp, vlogefp: estimates, computed here to full precision (as QEMU does). */
export function vecFloatEstimate(c: Cpu, insn: number, op: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn), t = VRT(insn), r = c.vsrI32;
  for (let k = 0; k < 4; k++) {
    const x = r[wordAt(b, k)];
    if (isNaNBits(x)) {
      r[wordAt(t, k)] = x | QUIET;
      continue;
    }
    const f = toFloat(c, x);
    let v: number;
    if (op === E_RE) v = 1 / f;
    else if (op === E_EXP) v = 2 ** f;
    else if (op === E_LOG) v = Math.log2(f);
    else v = 1 / Math.fround(Math.sqrt(f));
    r[wordAt(t, k)] = fromFloat(c, v, isTiny(v));
  }
}

/** Round to an integral value, ties to even. */
function roundEven(f: number): number {
  const n = Math.round(f);
  return n - f === 0.5 && n % 2 !== 0 ? n - 1 : n;
}

/** vrfin, vrfiz, vrfip, vrfim. */
export function vecRoundFloat(c: Cpu, insn: number, mode: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn), t = VRT(insn), r = c.vsrI32;
  for (let k = 0; k < 4; k++) {
    const x = r[wordAt(b, k)];
    if (isNaNBits(x)) {
      r[wordAt(t, k)] = x | QUIET;
      continue;
    }
    const f = toFloat(c, x);
    const v = mode === R_NEAR ? roundEven(f) : mode === R_UP ? Math.ceil(f) : mode === R_DOWN ? Math.floor(f) : Math.trunc(f);
    r[wordAt(t, k)] = fromFloat(c, v, false); // integral; Math.ceil(-0.5) and friends keep the sign of zero
  }
}

/** vcfux (signed = 0), vcfsx: words as integers, divided by 2^UIM. */
export function vecConvertFromFixed(c: Cpu, insn: number, signed: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn), t = VRT(insn), r = c.vsrI32, scale = 2 ** -((insn >>> 16) & 31);
  // Scaling by a power of two commutes with rounding here (no result can be denormal).
  for (let k = 0; k < 4; k++) {
    const x = r[wordAt(b, k)];
    r[wordAt(t, k)] = fromFloat(c, Math.fround(signed ? x : x >>> 0) * scale, false); // never tiny
  }
}

/** vctuxs (signed = 0), vctsxs: VRB x 2^UIM truncated to integers, saturated (SAT); a NaN gives 0. */
export function vecConvertToFixed(c: Cpu, insn: number, signed: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn), t = VRT(insn), r = c.vsrI32, scale = 2 ** ((insn >>> 16) & 31);
  const lo = signed ? -0x80000000 : 0, hi = signed ? 0x7fffffff : 0xffffffff;
  for (let k = 0; k < 4; k++) {
    const x = r[wordAt(b, k)];
    if (isNaNBits(x)) {
      r[wordAt(t, k)] = 0; // converted, not saturated: SAT stays (as QEMU does)
      continue;
    }
    let v = Math.trunc(toFloat(c, x) * scale);
    if (v > hi) {
      v = hi;
      saturated(c);
    } else if (v < lo) {
      v = lo;
      saturated(c);
    }
    r[wordAt(t, k)] = v;
  }
}

/** vcmpeqfp, vcmpgefp, vcmpgtfp, vcmpbfp; Rc=1 sets CR6 (vcmpbfp: EQ when every element is in bounds). */
export function vecFloatCompare(c: Cpu, insn: number, op: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), t = VRT(insn), r = c.vsrI32;
  let all = true, none = true;
  for (let k = 0; k < 4; k++) {
    const xa = r[wordAt(a, k)], xb = r[wordAt(b, k)];
    const nan = isNaNBits(xa) || isNaNBits(xb);
    const fa = nan ? NaN : toFloat(c, xa), fb = nan ? NaN : toFloat(c, xb);
    let v: number;
    if (op === FC_BOUNDS) v = (nan || !(fa <= fb) ? 0x80000000 : 0) | (nan || !(fa >= -fb) ? 0x40000000 : 0);
    else v = (op === FC_EQ ? fa === fb : op === FC_GE ? fa >= fb : fa > fb) ? -1 : 0;
    r[wordAt(t, k)] = v;
    if (v !== 0) none = false;
    else all = false;
  }
  if (!RC(insn)) return;
  if (op === FC_BOUNDS) c.cr = (c.cr & ~0xf0) | (none ? 0x20 : 0);
  else setCr6(c, all, none);
}
