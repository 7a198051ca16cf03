// 64- and 128-bit integer arithmetic on int32 halves, without BigInt (which costs ~100 ns per
// operation on Bun). Results that do not fit a return value land in the shared `out` array,
// read by the caller straight after the call.

/** Scratch results: out[0..1] = high/low of a 64-bit result, out[2..3] a second one. */
export const out = new Int32Array(4);

/**
 * High 32 bits of the unsigned 64-bit product of two 32-bit values. The double product is
 * within 2^11 of the exact one; subtracting the exact low word (Math.imul) leaves a value
 * within 2^-21 of a multiple of 2^32, so rounding recovers the high word exactly.
 */
export function mulHighU32(a: number, b: number): number {
  return Math.round(((a >>> 0) * (b >>> 0) - (Math.imul(a, b) >>> 0)) / 4294967296) | 0;
}

/** High 32 bits of the signed 64-bit product of two signed 32-bit values. */
export function mulHighS32(a: number, b: number): number {
  let hi = mulHighU32(a, b);
  if (a < 0) hi = (hi - b) | 0;
  if (b < 0) hi = (hi - a) | 0;
  return hi;
}

/**
 * Unsigned 64x64 -> 128-bit product. out[0..3] = bits 0:31, 32:63, 64:95, 96:127 (most
 * significant first), i.e. out[0..1] is the high doubleword and out[2..3] the low one.
 */
export function mulU64(ah: number, al: number, bh: number, bl: number): void {
  // Four partial products of 32-bit limbs, each as (high, low).
  const llLo = Math.imul(al, bl), llHi = mulHighU32(al, bl);
  const lhLo = Math.imul(al, bh), lhHi = mulHighU32(al, bh);
  const hlLo = Math.imul(ah, bl), hlHi = mulHighU32(ah, bl);
  const hhLo = Math.imul(ah, bh), hhHi = mulHighU32(ah, bh);
  // Column 1 (bits 32..63): llHi + lhLo + hlLo
  const c1 = (llHi >>> 0) + (lhLo >>> 0) + (hlLo >>> 0);
  const w1 = c1 | 0, k1 = Math.floor(c1 / 4294967296);
  // Column 2: lhHi + hlHi + hhLo + carry
  const c2 = (lhHi >>> 0) + (hlHi >>> 0) + (hhLo >>> 0) + k1;
  const w2 = c2 | 0, k2 = Math.floor(c2 / 4294967296);
  out[0] = (hhHi + k2) | 0;
  out[1] = w2;
  out[2] = w1;
  out[3] = llLo;
}

/** Signed 64x64 -> 128-bit product, same layout as mulU64. */
export function mulS64(ah: number, al: number, bh: number, bl: number): void {
  mulU64(ah, al, bh, bl);
  // Two's-complement correction of the high doubleword: subtract b if a < 0, a if b < 0.
  let hh = out[0], hl = out[1];
  if (ah < 0) {
    const lo = (hl >>> 0) - (bl >>> 0);
    hl = lo | 0;
    hh = (hh - bh - (lo < 0 ? 1 : 0)) | 0;
  }
  if (bh < 0) {
    const lo = (hl >>> 0) - (al >>> 0);
    hl = lo | 0;
    hh = (hh - ah - (lo < 0 ? 1 : 0)) | 0;
  }
  out[0] = hh;
  out[1] = hl;
}

const TWO32 = 4294967296;

/**
 * Unsigned 128/64 division of n3:n2:n1:n0 (most significant word first) by dh:dl (non-zero). Quotient low 64 bits in out[0..1], remainder in
 * out[2..3]. Returns true when the quotient fits in 64 bits.
 */
export function divU128(n3: number, n2: number, n1: number, n0: number, dh: number, dl: number): boolean {
  // Fast path: a 64-bit dividend and both values below 2^53, where doubles are exact.
  if (n3 === 0 && n2 === 0 && (n1 >>> 0) < 0x200000 && (dh >>> 0) < 0x200000) {
    const n = (n1 >>> 0) * TWO32 + (n0 >>> 0), d = (dh >>> 0) * TWO32 + (dl >>> 0);
    let q = Math.floor(n / d);
    let r = n - q * d;
    if (r < 0) { q -= 1; r += d; } else if (r >= d) { q += 1; r -= d; }
    out[0] = Math.floor(q / TWO32) | 0;
    out[1] = q | 0;
    out[2] = Math.floor(r / TWO32) | 0;
    out[3] = r | 0;
    return true;
  }
  return divU128Slow(n3, n2, n1, n0, dh, dl);
}

/** Restoring shift-subtract division, one dividend bit at a time (rare: operands beyond 2^53). */
const divN = new Uint32Array(4), divQ = new Uint32Array(4);

function divU128Slow(n3: number, n2: number, n1: number, n0: number, dh: number, dl: number): boolean {
  const n = divN, q = divQ;
  n[0] = n3; n[1] = n2; n[2] = n1; n[3] = n0;
  q.fill(0);
  let rHi = 0, rLo = 0, rTop = 0; // 65-bit remainder: rTop:rHi:rLo
  const D_HI = dh >>> 0, D_LO = dl >>> 0;
  for (let i = 0; i < 128; i++) {
    const bit = (n[i >> 5] >>> (31 - (i & 31))) & 1;
    rTop = rHi >>> 31;
    rHi = ((rHi << 1) | (rLo >>> 31)) >>> 0;
    rLo = ((rLo << 1) | bit) >>> 0;
    if (rTop || rHi > D_HI || (rHi === D_HI && rLo >= D_LO)) {
      const lo = rLo - D_LO;
      rLo = lo >>> 0;
      rHi = (rHi - D_HI - (lo < 0 ? 1 : 0)) >>> 0;
      q[i >> 5] |= 1 << (31 - (i & 31));
    }
  }
  out[0] = q[2] | 0;
  out[1] = q[3] | 0;
  out[2] = rHi | 0;
  out[3] = rLo | 0;
  return q[0] === 0 && q[1] === 0;
}

/** Count leading zeros of a 64-bit value. */
export function clz64(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

/** Count trailing zeros of a 32-bit value (32 for zero). */
export function ctz32(v: number): number {
  return v === 0 ? 32 : 31 - Math.clz32(v & -v);
}

export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

export function bswap32(v: number): number {
  return (v << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

export function bswap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
}

/** Unsigned compare of two 64-bit values: -1, 0 or 1. */
export function cmpU64(ah: number, al: number, bh: number, bl: number): number {
  if (ah !== bh) return (ah >>> 0) < (bh >>> 0) ? -1 : 1;
  if (al !== bl) return (al >>> 0) < (bl >>> 0) ? -1 : 1;
  return 0;
}

/** Signed compare of two 64-bit values: -1, 0 or 1. */
export function cmpS64(ah: number, al: number, bh: number, bl: number): number {
  if (ah !== bh) return ah < bh ? -1 : 1;
  if (al !== bl) return (al >>> 0) < (bl >>> 0) ? -1 : 1;
  return 0;
}

/** Two's-complement negation of a 64-bit value into out[0..1]. */
export function neg64(hi: number, lo: number): void {
  out[1] = -lo | 0;
  out[0] = (~hi + (lo === 0 ? 1 : 0)) | 0;
}
