// Moving values between single format (in storage) and the double format FPRs hold, without
// arithmetic: the ISA's DOUBLE and SINGLE functions (Book I §4.6.1, §4.6.3). Bit patterns pass
// unchanged, signalling NaNs included; single denormals become normal doubles and back.

const TWO32 = 4294967296;
export const converted = { hi: 0, lo: 0 };

/** DOUBLE(w): a single-format word as a double, into `converted`. */
export function singleToDouble(w: number): void {
  const exponent = (w >>> 23) & 0xff;
  if (exponent !== 0) {
    converted.hi = (w & 0xc0000000) | (w & 0x40000000 ? 0 : 0x38000000) | ((w & 0x3fffffff) >>> 3);
    converted.lo = (w & 7) << 29;
    return;
  }
  const fraction = w & 0x7fffff;
  if (fraction === 0) {
    converted.hi = w & 0x80000000;
    converted.lo = 0;
    return;
  }
  // A denormal: value = fraction x 2^-149, normalised to a leading one at bit `top`.
  const top = 31 - Math.clz32(fraction);
  const f = (fraction - 2 ** top) * 2 ** (52 - top);
  const fHi = Math.floor(f / TWO32);
  converted.hi = (w & 0x80000000) | ((top - 149 + 1023) << 20) | fHi;
  converted.lo = (f - fHi * TWO32) | 0;
}

/** SINGLE(FRS): the double's single-format word (truncating, as stfs does). */
export function doubleToSingle(hi: number, lo: number): number {
  const exponent = (hi >>> 20) & 0x7ff;
  if (exponent > 896) return (hi & 0xc0000000) | ((hi & 0x07ffffff) << 3) | (lo >>> 29);
  const sign = hi & 0x80000000;
  if (exponent < 874) return sign; // below single's denormals: undefined in the ISA, zero here as in QEMU
  const significand = 2 ** 52 + (hi & 0xfffff) * TWO32 + (lo >>> 0);
  return sign | Math.floor(significand / 2 ** (926 - exponent));
}
