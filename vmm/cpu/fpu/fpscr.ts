// FPSCR bits (Book I §4.2.2), as masks of the register's low word (ISA bits 32:63), and the
// result classes FPRF reports. spar keeps the high word (DRN, bits 29:31) in Cpu.fpscrHi.

export const FX = 1 << 31, FEX = 1 << 30, VX = 1 << 29, OX = 1 << 28, UX = 1 << 27, ZX = 1 << 26, XX = 1 << 25;
export const VXSNAN = 1 << 24, VXISI = 1 << 23, VXIDI = 1 << 22, VXZDZ = 1 << 21, VXIMZ = 1 << 20, VXVC = 1 << 19;
export const FR = 1 << 18, FI = 1 << 17;
export const FPRF_SHIFT = 12, FPRF = 0x1f << FPRF_SHIFT, FPCC_SHIFT = 12, FPCC = 0xf << FPCC_SHIFT;
export const VXSOFT = 1 << 10, VXSQRT = 1 << 9, VXCVI = 1 << 8;
export const VE = 1 << 7, OE = 1 << 6, UE = 1 << 5, ZE = 1 << 4, XE = 1 << 3, NI = 1 << 2, RN = 3;
export const ENABLES = VE | OE | UE | ZE | XE;

/** Every invalid-operation exception bit; VX is their OR. */
export const VX_ANY = VXSNAN | VXISI | VXIDI | VXZDZ | VXIMZ | VXVC | VXSOFT | VXSQRT | VXCVI;
/** Exception bits whose 0 to 1 transition sets FX. */
export const EXCEPTIONS = OX | UX | ZX | XX | VX_ANY;

/** Rounding modes, as FPSCR[RN] encodes them. */
export const RN_NEAREST = 0, RN_ZERO = 1, RN_UP = 2, RN_DOWN = 3;

/** FPRF values (C || FPCC). */
export const CLASS_QNAN = 0x11, CLASS_NEG_INF = 0x09, CLASS_NEG_NORMAL = 0x08, CLASS_NEG_DENORMAL = 0x18;
export const CLASS_NEG_ZERO = 0x12, CLASS_POS_ZERO = 0x02, CLASS_POS_DENORMAL = 0x14, CLASS_POS_NORMAL = 0x04;
export const CLASS_POS_INF = 0x05;

/** The smallest biased double exponent of a normal number in double, single and half precision. */
const NORMAL_MIN = [1, 1023 - 126, 1023 - 14];

/**
 * The FPRF class of a double-format result of precision `prec` (0 double, 1 single, 2 half).
 * Lower-precision results are classified in their own format, so a single-precision value below
 * 2^-126 is a denormal there although the double holding it is normal.
 */
export function classify(hi: number, lo: number, prec: number): number {
  const neg = hi < 0;
  const biased = (hi >>> 20) & 0x7ff;
  if (biased === 0x7ff) return ((hi & 0xfffff) | lo) !== 0 ? CLASS_QNAN : neg ? CLASS_NEG_INF : CLASS_POS_INF;
  if (biased === 0 && ((hi & 0xfffff) | lo) === 0) return neg ? CLASS_NEG_ZERO : CLASS_POS_ZERO;
  return biased < NORMAL_MIN[prec] ? (neg ? CLASS_NEG_DENORMAL : CLASS_POS_DENORMAL) : neg ? CLASS_NEG_NORMAL : CLASS_POS_NORMAL;
}

/** FPSCR with VX and FEX recomputed from the bits they summarise. */
export function withSummaries(fpscr: number): number {
  let v = fpscr & ~(VX | FEX);
  if (v & VX_ANY) v |= VX;
  if ((v >>> 22) & v & ENABLES) v |= FEX; // VX,OX,UX,ZX,XX (bits 29:25) line up with VE..XE (7:3) 22 places lower
  return v;
}
