// Shared pieces of the VSX handlers (Book I ch. 7): the 6-bit register fields and the facility
// checks each instruction's RTL starts with. VSR x is c.vsrI32[4x .. 4x+3]: doubleword 0 low and
// high halves, then doubleword 1 low and high (host-order doublewords, see state.ts).

import { FAC_FP_VEC, FAC_VSX, FAC_VSX_VEC } from "../isa/table-vsx.ts";
import { MSR_VSX } from "../msr.ts";
import { VEC_VSX_UNAVAILABLE, type Cpu } from "../state.ts";
import { fpOff } from "./fp-facility.ts";
import { vecOff } from "./vmx-regs.ts";

/** XT or XS: T at 6..10, TX at 31. */
export const XT = (i: number) => ((i >>> 21) & 31) | ((i & 1) << 5);
/** XA: A at 11..15, AX at 29. */
export const XA = (i: number) => ((i >>> 16) & 31) | ((i & 4) << 3);
/** XB: B at 16..20, BX at 30. */
export const XB = (i: number) => ((i >>> 11) & 31) | ((i & 2) << 4);
/** XC: C at 21..25, CX at 28. */
export const XC = (i: number) => ((i >>> 6) & 31) | ((i & 8) << 2);
export const RT = (i: number) => (i >>> 21) & 31;
export const RA = (i: number) => (i >>> 16) & 31;
export const RB = (i: number) => (i >>> 11) & 31;

/** MSR[VSX] is on; otherwise the VSX unavailable interrupt is raised. */
export function vsxOn(c: Cpu): boolean {
  if (c.msrLo & MSR_VSX) return true;
  c.facilityOff(VEC_VSX_UNAVAILABLE);
  return false;
}

/**
 * The facility (FAC_*) an instruction needs for VSR x is on; otherwise its unavailable interrupt
 * is raised. The split kinds name MSR[VEC] for VSRs 32-63, the vector registers.
 */
export function facilityOn(c: Cpu, facility: number, x: number): boolean {
  if (facility === FAC_VSX || (facility === FAC_VSX_VEC && x < 32)) return vsxOn(c);
  if (facility === FAC_FP_VEC && x < 32) return !fpOff(c);
  return !vecOff(c);
}
