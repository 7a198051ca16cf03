// Shared by the floating-point handlers: the MSR[FP] check, FPR access, and how an arithmetic
// result lands in FRT and the FPSCR (Book I §4.4: suppressed on enabled invalid/zero-divide,
// FR/FI/FPRF and the sticky exception bits, FX on a 0 to 1 transition, the enabled-exception
// program interrupt when MSR[FE0,FE1] ask for it).

import { classify, EXCEPTIONS, FI, FPRF, FPRF_SHIFT, FR, FX, OE, OX, UE, UX, VE, VX_ANY, withSummaries, XE, XX, ZE, ZX } from "../fpu/fpscr.ts";
import { result } from "../fpu/softfloat.ts";
import { MSR_FE0, MSR_FE1, MSR_FP } from "../msr.ts";
import { SRR1_FP_ENABLED, VEC_FP_UNAVAILABLE, type Cpu } from "../state.ts";

export const FRT = (i: number) => (i >>> 21) & 31;
export const FRA = (i: number) => (i >>> 16) & 31;
export const FRB = (i: number) => (i >>> 11) & 31;
export const FRC = (i: number) => (i >>> 6) & 31;

/** FP unavailable interrupt when MSR[FP] is off; true if the instruction must stop. */
export function fpOff(c: Cpu): boolean {
  if (c.msrLo & MSR_FP) return false;
  c.facilityOff(VEC_FP_UNAVAILABLE);
  return true;
}

export const fprHi = (c: Cpu, n: number) => c.vsrI32[4 * n + 1];
export const fprLo = (c: Cpu, n: number) => c.vsrI32[4 * n];

/** Write FPR n (or VSR n's doubleword 0). Doubleword 1 of the VSR becomes 0 (undefined in the
 *  ISA's FP chapter; zero in QEMU and POWER9, and required by the VSX scalar RTL). */
export function setFpr(c: Cpu, n: number, hi: number, lo: number): void {
  c.vsrI32[4 * n + 1] = hi;
  c.vsrI32[4 * n] = lo;
  c.vsrF64[2 * n + 1] = 0;
}

/** CR1 <- FPSCR[FX, FEX, VX, OX], for the Rc=1 forms. */
export function recordCr1(c: Cpu, insn: number): void {
  if (insn & 1) c.cr = (c.cr & ~0x0f000000) | ((c.fpscr >>> 28) << 24);
}

/**
 * How an instruction sets FPRF: from the result's class; not at all (conversions to integer, with
 * QEMU's class of an invalid result's QNaN); or never (the VSX conversions to integer).
 */
export const FPRF_RESULT = 0, FPRF_NONE = 1, FPRF_KEEP = 2;

/** Does an enabled invalid operation or zero divide suppress the result (§4.4.1-4.4.2, §7.4)? */
export function suppresses(flags: number, fpscr: number): boolean {
  return ((flags & VX_ANY) !== 0 && (fpscr & VE) !== 0) || ((flags & ZX) !== 0 && (fpscr & ZE) !== 0);
}

/**
 * The FPSCR (before summaries) after an arithmetic `result` with these flags: only the exception
 * bits when suppressed (also clearing `suppressedClears`: FR and FI for VSX); else FR, FI, XX and
 * FPRF from the result, classified in precision `prec`.
 */
export function arithStatus(old: number, flags: number, suppressed: boolean, prec: number, fprf: number, suppressedClears: number): number {
  if (suppressed) return (old & ~suppressedClears) | (flags & (VX_ANY | ZX));
  let fpscr = (old & ~(FR | FI)) | (flags & (FR | FI | VX_ANY | ZX | OX | UX));
  if (flags & FI) fpscr |= XX;
  if (fprf === FPRF_RESULT) fpscr = (fpscr & ~FPRF) | (classify(result.hi, result.lo, prec) << FPRF_SHIFT);
  else if (fprf === FPRF_NONE && flags & VX_ANY) fpscr = (fpscr & ~FPRF) | (0x11 << FPRF_SHIFT); // an invalid conversion's QNaN class, as QEMU
  return fpscr;
}

/**
 * Complete an arithmetic instruction from `result`: write FRT unless an enabled invalid
 * operation or zero divide suppresses it, update the FPSCR, CR1 for Rc=1, and take the
 * FP-enabled program interrupt for an exception this instruction raised while enabled.
 */
export function completeArith(c: Cpu, insn: number, frt: number, prec: number, fprf: number): void {
  const flags = result.flags, old = c.fpscr, suppressed = suppresses(flags, old);
  if (!suppressed) setFpr(c, frt, result.hi, result.lo);
  finishStatus(c, insn, old, arithStatus(old, flags, suppressed, prec, fprf, 0), enabledBy(flags));
}

/** The enable bits matching the exceptions in `flags`. */
export function enabledBy(flags: number): number {
  return (flags & VX_ANY ? VE : 0) | (flags & ZX ? ZE : 0) | (flags & OX ? OE : 0) | (flags & UX ? UE : 0) | (flags & (FI | OX) ? XE : 0);
}

/** Store the FPSCR with FX/VX/FEX, record CR1, and interrupt if an enabled exception was raised. */
export function finishStatus(c: Cpu, insn: number, old: number, fpscr: number, raised: number): void {
  if (fpscr & ~old & EXCEPTIONS) fpscr |= FX;
  fpscr = withSummaries(fpscr);
  c.fpscr = fpscr;
  recordCr1(c, insn);
  if (raised & fpscr && c.msrLo & (MSR_FE0 | MSR_FE1)) c.programInterrupt(SRR1_FP_ENABLED);
}
