// ftdiv/ftsqrt and the VSX xstdivdp, xvtdivdp, xvtdivsp, xstsqrtdp, xvtsqrtdp, xvtsqrtsp (Book I
// §4.6.6, §7.6.1): may a software divide or square root of these operands need special handling?
// The answer is a CR field 0b1 || fg || fe || 0. Operands are doubles holding a value of the
// precision tested (single elements widened exactly); exponents below the format's normal range
// count as its minimum, as the book reads denormal exponents.

import { isInf, isZero } from "./softfloat.ts";

const EMIN = [-1022, -126], EMAX = [1023, 127], PRECISION = [53, 24];
export const TEST_FG = 4, TEST_FE = 2;

const isSpecial = (hi: number) => (hi & 0x7ff00000) === 0x7ff00000;

/** The unbiased exponent, with anything below the format's normal range read as its minimum. */
function exponentOf(hi: number, prec: number): number {
  const biased = (hi >>> 20) & 0x7ff;
  return Math.max(biased === 0 ? -1022 : biased - 1023, EMIN[prec]);
}

/** Zero, or denormal in the tested format. */
function isTiny(hi: number, lo: number, prec: number): boolean {
  const biased = (hi >>> 20) & 0x7ff;
  return isZero(hi, lo) || biased === 0 || biased - 1023 < EMIN[prec];
}

/** fg and fe (TEST_FG | TEST_FE) for a / b in precision `prec` (0 double, 1 single). */
export function testDivide(aHi: number, aLo: number, bHi: number, bLo: number, prec: number): number {
  const emin = EMIN[prec], emax = EMAX[prec];
  const ea = exponentOf(aHi, prec), eb = exponentOf(bHi, prec);
  const special = isSpecial(aHi) || isSpecial(bHi) || isZero(bHi, bLo);
  let fe = special || eb <= emin || eb >= emax - 2;
  if (!special && !isZero(aHi, aLo) && (ea - eb >= emax || ea - eb <= emin + 1 || ea <= emin + PRECISION[prec] - 1)) fe = true;
  // fg: an infinity, or a zero or denormal divisor (NaNs set only fe).
  const fg = isInf(aHi, aLo) || isInf(bHi, bLo) || isTiny(bHi, bLo, prec);
  return (fg ? TEST_FG : 0) | (fe ? TEST_FE : 0);
}

/** fg and fe for the square root of b in precision `prec`. */
export function testSqrt(bHi: number, bLo: number, prec: number): number {
  const fe = isSpecial(bHi) || isZero(bHi, bLo) || bHi < 0 || exponentOf(bHi, prec) <= EMIN[prec] + PRECISION[prec] - 1;
  const fg = isInf(bHi, bLo) || isTiny(bHi, bLo, prec);
  return (fg ? TEST_FG : 0) | (fe ? TEST_FE : 0);
}
