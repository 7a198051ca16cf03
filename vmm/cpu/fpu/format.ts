// The bit-pattern conversions between single and double format that lfs/stfs and the VSX
// scalar single loads and stores perform (Book I §4.6.2 "Floating-Point Load", §4.6.3
// "Floating-Point Store"): no rounding, NaN payloads and signalling bits kept, single
// denormals normalised on the way in and doubles in the single denormal range denormalised on
// the way out; and the same between half and double format for the VSX half-precision
// conversions, whose rounding is softfloat.ts's. Done on integers: a NaN must never pass
// through a JS number.

/** DOUBLE(word): write the double-format image of single `w` as (lo, hi) at v[at], v[at+1]. */
export function singleToDouble(v: Int32Array, at: number, w: number): void {
  const sign = w & 0x80000000, exp = (w >>> 23) & 0xff;
  let frac = w & 0x7fffff;
  let hi: number;
  if (exp === 0 && frac === 0) hi = sign;
  else if (exp === 0) {
    // Denormal: shift the leading one into the implicit position, lowering the exponent.
    const shift = Math.clz32(frac) - 8;
    frac = (frac << shift) & 0x7fffff;
    hi = sign | ((897 - shift) << 20);
  } else hi = sign | ((exp === 255 ? 0x7ff : exp + 896) << 20);
  v[at + 1] = hi | (frac >>> 3);
  v[at] = frac << 29;
}

/** SINGLE(hi, lo): the single-format word stored for a double. */
export function doubleToSingle(hi: number, lo: number): number {
  const exp = (hi >>> 20) & 0x7ff;
  if (exp > 896 || ((hi & 0x7fffffff) | lo) === 0) return (hi & 0xc0000000) | ((hi & 0x07ffffff) << 3) | (lo >>> 29);
  // 874..896 is the single denormal range; below it the book leaves the result undefined and
  // this gives a signed zero, as QEMU does.
  if (exp < 874) return hi & 0x80000000;
  const significand = ((hi & 0xfffff) | 0x100000) * 4294967296 + (lo >>> 0); // 53 bits, exact
  return (hi & 0x80000000) | Math.floor(significand / 2 ** (926 - exp));
}

/** The double-format image of half-precision `h` (xscvhpdp, xvcvhpsp): exact, NaN payloads kept. */
export function halfToDouble(v: Int32Array, at: number, h: number): void {
  const sign = (h & 0x8000) << 16, exp = (h >>> 10) & 0x1f;
  let frac = h & 0x3ff, biased: number;
  if (exp === 0 && frac === 0) biased = 0;
  else if (exp === 0) {
    const shift = Math.clz32(frac) - 21; // bring the leading one to the implicit position
    frac = (frac << shift) & 0x3ff;
    biased = 1009 - shift;
  } else biased = exp === 0x1f ? 0x7ff : exp + 1008;
  v[at + 1] = sign | (biased << 20) | (frac << 10);
  v[at] = 0;
}

/** The half-precision bits of a double that holds a half-precision value (or a NaN cut to one). */
export function doubleToHalf(hi: number, lo: number): number {
  const sign = (hi >>> 16) & 0x8000, biased = (hi >>> 20) & 0x7ff;
  if (biased === 0x7ff) return sign | 0x7c00 | ((hi >>> 10) & 0x3ff);
  if (((hi & 0x7fffffff) | lo) === 0) return sign;
  if (biased >= 1009) return sign | ((biased - 1008) << 10) | ((hi >>> 10) & 0x3ff);
  return sign | (((hi & 0xfffff) | 0x100000) >>> (1019 - biased)); // a half denormal, in units of 2^-24
}
