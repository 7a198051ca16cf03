// IEEE 754 binary arithmetic as the Power ISA defines it (Book I §4.3-4.5, §7.3): every operation
// forms its exact result (or an exact stand-in) as a 128-bit significand with a sticky bit, then
// rounds once, in the FPSCR's mode, to double, single or (VSX conversions) half precision. That
// single rounding is what makes single-precision results, FMA, directed rounding, FR/FI, and
// tiny/huge results come out as the ISA says, which native JS doubles (round-to-nearest only, no
// FMA) cannot give.
//
// Operands and results are doubles as (hi, lo) int32 halves; a result of lower precision is a
// double holding a value of that precision. Results go to `result`, with the FPSCR bits the
// operation raised in result.flags (FR, FI, OX, UX, ZX and the VX* causes); the caller merges them
// into the FPSCR. Nothing here allocates.

import { FI, FR, OE, OX, RN, RN_DOWN, RN_NEAREST, RN_UP, UE, UX, VX_ANY, VXCVI, VXIDI, VXIMZ, VXISI, VXSNAN, VXSQRT, VXZDZ, ZX } from "./fpscr.ts";

export const result = { hi: 0, lo: 0, flags: 0 };

/** Target precisions, the `prec` argument of the operations (FP_SINGLE in table-fp.ts is SINGLE). */
export const DOUBLE = 0, SINGLE = 1, HALF = 2;
const PRECISION = [53, 24, 11], EMIN = [-1022, -126, -14], EMAX = [1023, 127, 15];
/**
 * Exponent adjustment for enabled overflow/underflow (§4.4.4-4.4.5): 1536 and 192 by the book;
 * half precision takes IEEE 754's wrapping bias 3 x 2^(w-2) too, as QEMU does.
 */
const SCALE = [1536, 192, 24];
/** The largest finite value of each precision, as a double's (hi, lo). */
const MAX_HI = [0x7fefffff, 0x47efffff, 0x40effc00], MAX_LO = [-1, 0xe0000000 | 0, 0];
/** The bits of a double's (hi, lo) a NaN keeps when its payload is cut to each precision. */
const NAN_HI = [-1, -1, 0xfffffc00 | 0], NAN_LO = [-1, 0xe0000000 | 0, 0];

const TWO32 = 4294967296;
/** The default quiet NaN, produced by disabled invalid operations. */
export const QNAN_HI = 0x7ff80000;

// The working significand W and a second operand X: four 32-bit limbs, most significant first.
const W = new Uint32Array(4);
const X = new Uint32Array(4);
let sticky = 0;

export function isNaN64(hi: number, lo: number): boolean {
  return (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) | lo) !== 0;
}

export function isSignalling(hi: number, lo: number): boolean {
  return isNaN64(hi, lo) && (hi & 0x80000) === 0;
}

export const isInf = (hi: number, lo: number) => (hi & 0x7fffffff) === 0x7ff00000 && lo === 0;
export const isZero = (hi: number, lo: number) => (hi & 0x7fffffff) === 0 && lo === 0;

const view = new DataView(new ArrayBuffer(8));

/** A non-NaN double's value as a JS number (a NaN would lose its payload, so callers test first). */
export function valueOf64(hi: number, lo: number): number {
  view.setInt32(0, hi);
  view.setInt32(4, lo);
  return view.getFloat64(0);
}

function set(hi: number, lo: number, flags: number): void {
  result.hi = hi | 0;
  result.lo = lo | 0;
  result.flags = flags;
}

/** A NaN operand as the result: made quiet, and its payload cut to the target precision's. */
function nanResult(hi: number, lo: number, prec: number, flags: number): void {
  set((hi | 0x80000) & NAN_HI[prec], lo & NAN_LO[prec], flags);
}

// ---- Unpacking: a finite nonzero double into a normalised 64-bit significand and exponent.

let uExp = 0, u0 = 0, u1 = 0;

function unpack(hi: number, lo: number): void {
  const biased = (hi >>> 20) & 0x7ff;
  let m0 = (((hi & 0xfffff) << 11) | (lo >>> 21)) >>> 0;
  let m1 = (lo << 11) >>> 0;
  if (biased !== 0) {
    uExp = biased - 1023;
    m0 = (m0 | 0x80000000) >>> 0;
  } else {
    const n = m0 !== 0 ? Math.clz32(m0) : 32 + Math.clz32(m1);
    uExp = -1022 - n;
    if (n >= 32) {
      m0 = (m1 << (n - 32)) >>> 0;
      m1 = 0;
    } else {
      m0 = ((m0 << n) | (m1 >>> (32 - n))) >>> 0;
      m1 = (m1 << n) >>> 0;
    }
  }
  u0 = m0;
  u1 = m1;
}

// ---- 128-bit helpers on W and X.

/** Shift an operand right by n bits; returns 1 if any bit shifted out was set. */
function shiftRight(a: Uint32Array, n: number): number {
  if (n <= 0) return 0;
  if (n >= 128) {
    const lost = a[0] | a[1] | a[2] | a[3];
    a.fill(0);
    return lost !== 0 ? 1 : 0;
  }
  let lost = 0;
  const words = n >>> 5, bitsN = n & 31;
  for (let i = 3; i >= 4 - words; i--) lost |= a[i];
  for (let i = 3; i >= 0; i--) a[i] = i - words >= 0 ? a[i - words] : 0;
  if (bitsN) {
    lost |= a[3] & ((1 << bitsN) - 1);
    for (let i = 3; i > 0; i--) a[i] = (a[i] >>> bitsN) | (a[i - 1] << (32 - bitsN));
    a[0] = a[0] >>> bitsN;
  }
  return lost !== 0 ? 1 : 0;
}

function shiftLeft(a: Uint32Array, n: number): void {
  const words = n >>> 5, bitsN = n & 31;
  for (let i = 0; i < 4; i++) a[i] = i + words < 4 ? a[i + words] : 0;
  if (bitsN) {
    for (let i = 0; i < 3; i++) a[i] = (a[i] << bitsN) | (a[i + 1] >>> (32 - bitsN));
    a[3] = a[3] << bitsN;
  }
}

function leadingZeros(a: Uint32Array): number {
  for (let i = 0; i < 4; i++) if (a[i] !== 0) return 32 * i + Math.clz32(a[i]);
  return 128;
}

function compare(a: Uint32Array, b: Uint32Array): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i] > b[i] ? 1 : -1;
  return 0;
}

/** a += b; returns the carry out. */
function addTo(a: Uint32Array, b: Uint32Array): number {
  let carry = 0;
  for (let i = 3; i >= 0; i--) {
    const s = a[i] + b[i] + carry;
    a[i] = s;
    carry = s >= TWO32 ? 1 : 0;
  }
  return carry;
}

/** a -= b + borrowIn (a >= b). */
function subtractFrom(a: Uint32Array, b: Uint32Array, borrowIn: number): void {
  let borrow = borrowIn;
  for (let i = 3; i >= 0; i--) {
    const d = a[i] - b[i] - borrow;
    a[i] = d;
    borrow = d < 0 ? 1 : 0;
  }
}

let mulHi = 0, mulLo = 0;

/** Exact 32 x 32 -> 64-bit product into mulHi:mulLo (doubles hold 48-bit partial products exactly). */
function mul32(x: number, y: number): void {
  const p = (x & 0xffff) * y, q = (x >>> 16) * y;
  const pLo = p % TWO32, qLow16 = q % 65536;
  let lo = pLo + qLow16 * 65536;
  const carry = lo >= TWO32 ? 1 : 0;
  lo -= carry * TWO32;
  mulLo = lo;
  mulHi = (p - pLo) / TWO32 + (q - qLow16) / 65536 + carry;
}

/** W = (a0:a1) x (b0:b1), the full 128-bit product. */
function multiply64(a0: number, a1: number, b0: number, b1: number): void {
  mul32(a1, b1);
  let l3 = mulLo, l2 = mulHi, l1 = 0, l0 = 0;
  mul32(a0, b1);
  l2 += mulLo;
  l1 += mulHi;
  mul32(a1, b0);
  l2 += mulLo;
  l1 += mulHi;
  mul32(a0, b0);
  l1 += mulLo;
  l0 += mulHi;
  // Propagate carries (each sum is below 2^34, exact in a double).
  let c = Math.floor(l2 / TWO32);
  l2 -= c * TWO32;
  l1 += c;
  c = Math.floor(l1 / TWO32);
  l1 -= c * TWO32;
  l0 += c;
  W[0] = l0;
  W[1] = l1;
  W[2] = l2;
  W[3] = l3;
}

// ---- Rounding (§4.3.6) and packing.

/**
 * Round sign x W x 2^(exp-127) (W normalised: bit 127 set), plus the sticky bit, to precision
 * `prec` in the FPSCR's rounding mode, with the ISA's overflow and underflow rules: tininess is
 * detected before rounding, and an enabled OE/UE scales the exponent by 2^-+1536 (192 for prec)
 * instead of denormalising or saturating. Half precision has no scaled form: it denormalises or
 * saturates whatever the enables say.
 */
function roundPack(sign: number, exp: number, prec: number, fpscr: number): void {
  const p = PRECISION[prec], emin = EMIN[prec], emax = EMAX[prec], bias = SCALE[prec];
  let flags = 0, e = exp, keep = p;
  const tiny = e < emin;
  // Enabled underflow scales the result into range; if even that falls short (a single-precision
  // product of double denormals), the ISA leaves the result undefined and spar denormalises it.
  const scaled = tiny && (fpscr & UE) !== 0 && e + bias >= emin;
  if (scaled) {
    e += bias;
    flags |= UX;
  } else if (tiny) keep = p - (emin - e);
  // The kept significand K (an exact integer in a double), the round bit and the rest.
  let k: number, round: number, rest: number;
  if (keep <= 0) {
    k = 0;
    round = keep === 0 ? 1 : 0;
    rest = keep === 0 ? (W[0] & 0x7fffffff) | W[1] | W[2] | W[3] | sticky : 1;
  } else if (keep < 32) {
    k = W[0] >>> (32 - keep);
    round = (W[0] >>> (31 - keep)) & 1;
    rest = (W[0] & ((1 << (31 - keep)) - 1)) | W[1] | W[2] | W[3] | sticky;
  } else if (keep === 32) {
    k = W[0];
    round = W[1] >>> 31;
    rest = (W[1] & 0x7fffffff) | W[2] | W[3] | sticky;
  } else {
    const low = keep - 32;
    k = W[0] * 2 ** low + (W[1] >>> (32 - low));
    round = (W[1] >>> (31 - low)) & 1;
    rest = (W[1] & ((1 << (31 - low)) - 1)) | W[2] | W[3] | sticky;
  }
  const inexact = round !== 0 || rest !== 0;
  const mode = fpscr & RN;
  let up: boolean;
  if (mode === RN_NEAREST) up = round !== 0 && (rest !== 0 || (k & 1) !== 0);
  else if (mode === RN_UP) up = inexact && sign === 0;
  else if (mode === RN_DOWN) up = inexact && sign !== 0;
  else up = false;
  if (up) {
    k += 1;
    flags |= FR;
  }
  if (inexact) flags |= FI;
  if (tiny && !scaled && (inexact || fpscr & UE)) flags |= UX;
  const signBit = sign << 31;
  if (k === 0) return set(signBit, 0, flags);
  const scale = e + 1 - keep; // value = k x 2^scale
  const top = k >= TWO32 ? 63 - Math.clz32(Math.floor(k / TWO32)) : 31 - Math.clz32(k);
  let exponent = top + scale;
  if (exponent > emax) {
    if (fpscr & OE) {
      exponent -= bias;
      flags |= OX;
    } else {
      // Disabled overflow: infinity or the largest finite number, by rounding direction.
      const toInf = mode === RN_NEAREST || (mode === RN_UP && sign === 0) || (mode === RN_DOWN && sign !== 0);
      if (toInf) return set(signBit | 0x7ff00000, 0, OX | FI | FR);
      return set(signBit | MAX_HI[prec], MAX_LO[prec], OX | FI);
    }
  }
  if (exponent >= -1022) {
    const f = k * 2 ** (52 - top); // the significand with its leading one at bit 52
    const fHi = Math.floor(f / TWO32);
    set(signBit | ((exponent + 1023) << 20) | (fHi & 0xfffff), f - fHi * TWO32, flags);
  } else {
    const f = k * 2 ** (scale + 1074); // a double denormal: units of 2^-1074
    const fHi = Math.floor(f / TWO32);
    set(signBit | fHi, f - fHi * TWO32, flags);
  }
}

/** Normalise W (nonzero) so bit 127 is set, adjusting the exponent; then round. */
function normaliseRound(sign: number, exp: number, prec: number, fpscr: number): void {
  const n = leadingZeros(W);
  if (n) shiftLeft(W, n);
  roundPack(sign, exp - n, prec, fpscr);
}

/** A signed zero from an exact cancellation: +0, or -0 when rounding toward minus infinity. */
function cancellationZero(fpscr: number): void {
  set((fpscr & RN) === RN_DOWN ? 0x80000000 : 0, 0, 0);
}

// ---- Operations

/** Two-operand NaN rule: the first NaN of (a, b), quiet; VXSNAN if either is signalling. */
function nan2(aHi: number, aLo: number, bHi: number, bLo: number, prec: number): void {
  const flags = isSignalling(aHi, aLo) || isSignalling(bHi, bLo) ? VXSNAN : 0;
  if (isNaN64(aHi, aLo)) nanResult(aHi, aLo, prec, flags);
  else nanResult(bHi, bLo, prec, flags);
}

function invalid(flags: number): void {
  set(QNAN_HI, 0, flags);
}

/**
 * W (sign sw, exponent ew) plus X (sx, ex), both normalised, the sticky bit empty: the exact sum,
 * rounded. The smaller operand's bits shifted out of the 128-bit window become the sticky bit.
 */
function addAligned(sw: number, ew: number, sx: number, ex: number, prec: number, fpscr: number): void {
  if (ex > ew || (ex === ew && compare(X, W) > 0)) {
    for (let i = 0; i < 4; i++) {
      const t = W[i];
      W[i] = X[i];
      X[i] = t;
    }
    const s = sw, e = ew;
    sw = sx;
    ew = ex;
    sx = s;
    ex = e;
  }
  sticky = shiftRight(X, ew - ex);
  if (sw === sx) {
    if (addTo(W, X)) {
      sticky |= shiftRight(W, 1);
      W[0] |= 0x80000000;
      ew++;
    }
    return roundPack(sw, ew, prec, fpscr);
  }
  // The sticky bit stands for a fraction of a unit below X: subtract one more unit, keep it set.
  subtractFrom(W, X, sticky);
  if (sticky === 0 && (W[0] | W[1] | W[2] | W[3]) === 0) return cancellationZero(fpscr);
  normaliseRound(sw, ew, prec, fpscr);
}

/** Unpack a finite nonzero double into operand `to` (W or X); returns its exponent. */
function load(to: Uint32Array, hi: number, lo: number): number {
  unpack(hi, lo);
  to[0] = u0;
  to[1] = u1;
  to[2] = to[3] = 0;
  return uExp;
}

/** Round a finite nonzero double to the target precision (also adds a zero to it). */
function roundOperand(hi: number, lo: number, prec: number, fpscr: number): void {
  const e = load(W, hi, lo);
  sticky = 0;
  roundPack(hi >>> 31, e, prec, fpscr);
}

/** a + b, or a - b with negB. */
export function add(aHi: number, aLo: number, bHi: number, bLo: number, negB: number, prec: number, fpscr: number): void {
  if (isNaN64(aHi, aLo) || isNaN64(bHi, bLo)) return nan2(aHi, aLo, bHi, bLo, prec);
  bHi ^= negB << 31;
  const aInf = isInf(aHi, aLo), bInf = isInf(bHi, bLo);
  if (aInf || bInf) {
    if (aInf && bInf && (aHi ^ bHi) < 0) return invalid(VXISI);
    return aInf ? set(aHi, 0, 0) : set(bHi, 0, 0);
  }
  const aZero = isZero(aHi, aLo), bZero = isZero(bHi, bLo);
  if (aZero && bZero) return (aHi ^ bHi) < 0 ? cancellationZero(fpscr) : set(aHi & 0x80000000, 0, 0);
  if (aZero) return roundOperand(bHi, bLo, prec, fpscr);
  if (bZero) return roundOperand(aHi, aLo, prec, fpscr);
  const ea = load(W, aHi, aLo), eb = load(X, bHi, bLo);
  addAligned(aHi >>> 31, ea, bHi >>> 31, eb, prec, fpscr);
}

/** Exact product of two finite nonzero doubles into W; returns its exponent (W normalised). */
function productInto(aHi: number, aLo: number, cHi: number, cLo: number): number {
  unpack(aHi, aLo);
  const ea = uExp, a0 = u0, a1 = u1;
  unpack(cHi, cLo);
  multiply64(a0, a1, u0, u1);
  // Significands in [1,2) give a product in [1,4): bit 127 or bit 126 leads.
  if (W[0] & 0x80000000) return ea + uExp + 1;
  shiftLeft(W, 1);
  return ea + uExp;
}

export function multiply(aHi: number, aLo: number, cHi: number, cLo: number, prec: number, fpscr: number): void {
  if (isNaN64(aHi, aLo) || isNaN64(cHi, cLo)) return nan2(aHi, aLo, cHi, cLo, prec);
  const sign = (aHi ^ cHi) & 0x80000000;
  const aInf = isInf(aHi, aLo), cInf = isInf(cHi, cLo), aZero = isZero(aHi, aLo), cZero = isZero(cHi, cLo);
  if ((aInf && cZero) || (cInf && aZero)) return invalid(VXIMZ);
  if (aInf || cInf) return set(sign | 0x7ff00000, 0, 0);
  if (aZero || cZero) return set(sign, 0, 0);
  const e = productInto(aHi, aLo, cHi, cLo);
  sticky = 0;
  roundPack(sign >>> 31, e, prec, fpscr);
}

/**
 * a x c + b (b negated first with negB), rounded once. NaN operands take precedence in the
 * order a, b, c (§4.3.5); 0 x inf is invalid even when b is a quiet NaN, as QEMU does.
 */
export function multiplyAdd(aHi: number, aLo: number, cHi: number, cLo: number, bHi: number, bLo: number, negB: number, prec: number, fpscr: number): void {
  const aInf = isInf(aHi, aLo), cInf = isInf(cHi, cLo), aZero = isZero(aHi, aLo), cZero = isZero(cHi, cLo);
  const infTimesZero = (aInf && cZero) || (cInf && aZero);
  if (isNaN64(aHi, aLo) || isNaN64(bHi, bLo) || isNaN64(cHi, cLo)) {
    let flags = isSignalling(aHi, aLo) || isSignalling(bHi, bLo) || isSignalling(cHi, cLo) ? VXSNAN : 0;
    if (infTimesZero) flags |= VXIMZ;
    if (isNaN64(aHi, aLo)) return nanResult(aHi, aLo, prec, flags);
    if (isNaN64(bHi, bLo)) return nanResult(bHi, bLo, prec, flags);
    return nanResult(cHi, cLo, prec, flags);
  }
  if (infTimesZero) return invalid(VXIMZ);
  bHi ^= negB << 31;
  const productSign = (aHi ^ cHi) & 0x80000000;
  const bInf = isInf(bHi, bLo);
  if (aInf || cInf) {
    if (bInf && (productSign ^ bHi) < 0) return invalid(VXISI);
    return set(productSign | 0x7ff00000, 0, 0);
  }
  if (bInf) return set(bHi, 0, 0);
  const bZero = isZero(bHi, bLo);
  if (aZero || cZero) {
    if (bZero) return (productSign ^ bHi) < 0 ? cancellationZero(fpscr) : set(productSign, 0, 0);
    return roundOperand(bHi, bLo, prec, fpscr);
  }
  const ep = productInto(aHi, aLo, cHi, cLo);
  if (bZero) {
    sticky = 0;
    return roundPack(productSign >>> 31, ep, prec, fpscr);
  }
  const eb = load(X, bHi, bLo);
  addAligned(productSign >>> 31, ep, bHi >>> 31, eb, prec, fpscr);
}

/**
 * The fmadd family and the VSX multiply-adds: a x c + b with the addend negated (`negate` bit 0,
 * msub) and/or the rounded result negated (bit 1, nmadd/nmsub: §4.6.6 negates after rounding,
 * and never a NaN).
 */
export function fusedMultiplyAdd(aHi: number, aLo: number, cHi: number, cLo: number, bHi: number, bLo: number, negate: number, prec: number, fpscr: number): void {
  multiplyAdd(aHi, aLo, cHi, cLo, bHi, bLo, negate & 1, prec, fpscr);
  if (negate & 2 && !isNaN64(result.hi, result.lo)) result.hi ^= 0x80000000;
}

// Division and square root start from the correctly rounded native result q (IEEE 754 makes
// JS division and Math.sqrt exact-rounded to nearest), then decide exactly on which side of q
// the true result lies. q ± a hair (the sticky bit) rounds correctly at any precision up to 53
// bits and in every mode, because the true result is never a 54-bit midpoint.

/** Significand bits of a double in [1,2) or [0.5,1) as a top-aligned 64-bit pair. */
function significandOf(q: number): void {
  // q * 2^52 (or 2^53) is an integer below 2^53: split it exactly.
  const i = q >= 1 ? q * 2 ** 52 : q * 2 ** 53;
  const hi = Math.floor(i / TWO32);
  const lo = i - hi * TWO32;
  u0 = ((hi << 11) | (lo >>> 21)) >>> 0;
  u1 = (lo << 11) >>> 0;
}

/**
 * Round q's significand (in u0:u1), corrected by the sign of (true - q): 0 exact, 1 above,
 * -1 below.
 */
function roundNear(sign: number, exp: number, side: number, prec: number, fpscr: number): void {
  W[0] = u0;
  W[1] = u1;
  W[2] = W[3] = 0;
  sticky = side !== 0 ? 1 : 0;
  if (side < 0) {
    X.fill(0);
    X[3] = 1;
    subtractFrom(W, X, 0);
    if (!(W[0] & 0x80000000)) return normaliseRound(sign, exp, prec, fpscr);
  }
  roundPack(sign, exp, prec, fpscr);
}

export function divide(aHi: number, aLo: number, bHi: number, bLo: number, prec: number, fpscr: number): void {
  if (isNaN64(aHi, aLo) || isNaN64(bHi, bLo)) return nan2(aHi, aLo, bHi, bLo, prec);
  const sign = (aHi ^ bHi) & 0x80000000;
  const aInf = isInf(aHi, aLo), bInf = isInf(bHi, bLo), aZero = isZero(aHi, aLo), bZero = isZero(bHi, bLo);
  if (aInf && bInf) return invalid(VXIDI);
  if (aZero && bZero) return invalid(VXZDZ);
  if (aInf) return set(sign | 0x7ff00000, 0, 0);
  if (bZero) return set(sign | 0x7ff00000, 0, ZX);
  if (bInf || aZero) return set(sign, 0, 0);
  unpack(aHi, aLo);
  const ea = uExp, a0 = u0, a1 = u1;
  unpack(bHi, bLo);
  const eb = uExp, b0 = u0, b1 = u1;
  const q = (a0 * TWO32 + a1) / (b0 * TWO32 + b1); // both exact: 53 significant bits
  significandOf(q);
  // Compare a with q x b exactly: q = Q/2^63 (or 2^64 when q < 1), so q x b = Q x B / 2^63.
  const q0 = u0, q1 = u1;
  multiply64(q0, q1, b0, b1);
  X[0] = a0;
  X[1] = a1;
  X[2] = X[3] = 0;
  if (q >= 1) shiftRight(X, 1);
  const side = compare(X, W);
  u0 = q0;
  u1 = q1;
  roundNear(sign >>> 31, ea - eb - (q >= 1 ? 0 : 1), side, prec, fpscr);
}

export function sqrt(bHi: number, bLo: number, prec: number, fpscr: number): void {
  if (isNaN64(bHi, bLo)) return nanResult(bHi, bLo, prec, isSignalling(bHi, bLo) ? VXSNAN : 0);
  if (isZero(bHi, bLo)) return set(bHi, 0, 0);
  if (bHi < 0) return invalid(VXSQRT);
  if (isInf(bHi, bLo)) return set(bHi, 0, 0);
  unpack(bHi, bLo);
  const odd = uExp & 1, b0 = u0, b1 = u1;
  const m = ((b0 * TWO32 + b1) / 2 ** 63) * (odd ? 2 : 1); // in [1,4)
  const s = Math.sqrt(m);
  significandOf(s);
  const s0 = u0, s1 = u1;
  multiply64(s0, s1, s0, s1); // s^2 x 2^126
  X[0] = b0;
  X[1] = b1;
  X[2] = X[3] = 0;
  if (!odd) shiftRight(X, 1); // m x 2^126, with the significand at 2^63
  const side = compare(X, W);
  u0 = s0;
  u1 = s1;
  roundNear(0, (uExp - odd) / 2, side, prec, fpscr);
}

/** frsp, xsrsp, xscvdpsp, xscvdphp: round a double to `prec` (NaNs made quiet, payload cut). */
export function roundTo(bHi: number, bLo: number, prec: number, fpscr: number): void {
  if (isNaN64(bHi, bLo)) return nanResult(bHi, bLo, prec, isSignalling(bHi, bLo) ? VXSNAN : 0);
  if (isInf(bHi, bLo) || isZero(bHi, bLo)) return set(bHi, bLo, 0);
  roundOperand(bHi, bLo, prec, fpscr);
}

/**
 * fre/frsqrte and the VSX reciprocal estimates: the ISA asks only for an estimate within 1/16384;
 * spar, like QEMU, returns the correctly rounded reciprocal, of the rounded square root for
 * `ofSqrt` (FI reports either rounding).
 */
export function reciprocalEstimate(bHi: number, bLo: number, ofSqrt: number, prec: number, fpscr: number): void {
  let sqrtInexact = 0;
  if (ofSqrt) {
    sqrt(bHi, bLo, isNaN64(bHi, bLo) ? prec : 0, fpscr & RN); // a NaN passes through in the result's precision
    if (result.flags & VX_ANY || isNaN64(result.hi, result.lo)) return;
    bHi = result.hi;
    bLo = result.lo;
    sqrtInexact = result.flags & FI;
  }
  divide(0x3ff00000, 0, bHi, bLo, prec, fpscr);
  result.flags |= sqrtInexact;
}

/** fcfid family: a 64-bit integer (signed unless `unsigned`) rounded to double or single. */
export function fromInteger(hi: number, lo: number, unsigned: number, prec: number, fpscr: number): void {
  let sign = 0;
  if (!unsigned && hi < 0) {
    sign = 1;
    lo = -lo | 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
  }
  if ((hi | lo) === 0) return set(0, 0, 0);
  W[0] = hi >>> 0;
  W[1] = lo >>> 0;
  W[2] = W[3] = 0;
  sticky = 0;
  normaliseRound(sign, 63, prec, fpscr);
}

/**
 * fcti* family: round to an integer in the FPSCR's mode (or toward zero) and saturate to the
 * target range. NaNs and out-of-range values are invalid (VXCVI) and give the range's end, or
 * for a NaN the most negative value (signed) or 0 (unsigned). Word results leave bits 0:31
 * undefined in the ISA; spar sign-extends signed results and zero-extends a NaN's, as QEMU does.
 */
export function toInteger(bHi: number, bLo: number, word: number, unsigned: number, mode: number): void {
  if (isNaN64(bHi, bLo)) {
    const flags = VXCVI | (isSignalling(bHi, bLo) ? VXSNAN : 0);
    return unsigned ? set(0, 0, flags) : word ? set(0, 0x80000000, flags) : set(0x80000000, 0, flags);
  }
  const x = valueOf64(bHi, bLo);
  const t = Math.trunc(x), f = x - t; // both exact (f is NaN for an infinity)
  let r = t;
  if (f !== 0 && f === f) {
    if (mode === RN_NEAREST) r = Math.abs(f) > 0.5 || (Math.abs(f) === 0.5 && t % 2 !== 0) ? t + Math.sign(f) : t;
    else if (mode === RN_UP) r = f > 0 ? t + 1 : t;
    else if (mode === RN_DOWN) r = f < 0 ? t - 1 : t;
  }
  const min = unsigned ? 0 : word ? -(2 ** 31) : -(2 ** 63);
  const limit = word ? (unsigned ? 2 ** 32 : 2 ** 31) : unsigned ? 2 ** 64 : 2 ** 63; // first value above the range
  if (r < min) return unsigned ? set(0, 0, VXCVI) : word ? set(-1, 0x80000000, VXCVI) : set(0x80000000, 0, VXCVI);
  if (r >= limit) return word ? set(0, unsigned ? -1 : 0x7fffffff, VXCVI) : set(unsigned ? -1 : 0x7fffffff, -1, VXCVI);
  const flags = f !== 0 ? FI | (Math.abs(r) > Math.abs(x) ? FR : 0) : 0;
  const m = Math.abs(r);
  let hi = Math.floor(m / TWO32), lo = m - hi * TWO32;
  if (r < 0) {
    lo = -lo | 0;
    hi = ~hi + (lo === 0 ? 1 : 0);
  }
  set(hi, lo, flags);
}

/** roundToIntegral's mode for round to nearest, ties to even (xsrdpic and friends under RN=0). */
export const NEAREST_EVEN = 4;

/**
 * fri*, xsrdpi*, xvrdpi*, xvrspi*: round to an integral value in mode RN_ZERO, RN_UP, RN_DOWN,
 * RN_NEAREST (ties away from zero) or NEAREST_EVEN. FI and FR report an inexact result and a
 * magnitude increase; the fri* family and most of the VSX forms discard them. Exact in doubles.
 */
export function roundToIntegral(bHi: number, bLo: number, mode: number): void {
  if (isNaN64(bHi, bLo)) return nanResult(bHi, bLo, 0, isSignalling(bHi, bLo) ? VXSNAN : 0);
  const x = valueOf64(bHi, bLo);
  const t = Math.trunc(x), f = x - t;
  let r = t;
  if (mode === RN_NEAREST) r = Math.abs(f) >= 0.5 ? t + Math.sign(f) : t;
  else if (mode === NEAREST_EVEN) r = Math.abs(f) > 0.5 || (Math.abs(f) === 0.5 && t % 2 !== 0) ? t + Math.sign(f) : t;
  else if (mode === RN_UP) r = f > 0 ? t + 1 : t;
  else if (mode === RN_DOWN) r = f < 0 ? t - 1 : t;
  const flags = f !== 0 && f === f ? FI | (Math.abs(r) > Math.abs(x) ? FR : 0) : 0;
  if (r === 0) r = bHi < 0 ? -0 : 0; // keep the sign of a zero result
  view.setFloat64(0, r);
  set(view.getInt32(0), view.getInt32(4), flags);
}

/** The FPCC code of comparing a with b: 8 less, 4 greater, 2 equal, 1 unordered (a NaN). */
export function compareCode(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (isNaN64(aHi, aLo) || isNaN64(bHi, bLo)) return 1;
  const x = valueOf64(aHi, aLo), y = valueOf64(bHi, bLo);
  return x < y ? 8 : x > y ? 4 : 2;
}
