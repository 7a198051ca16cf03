// Floating-point loads, stores and moves (Book I §4.6.2-4.6.5): bit-exact, no FPSCR effects.

import { FMOVE_ABS, FMOVE_NABS, FMOVE_NEG } from "../isa/table-fp.ts";
import { doubleToSingle, singleToDouble } from "../fpu/format.ts";
import { isNaN64 } from "../fpu/softfloat.ts";
import { SRR1_ILLEGAL, type Cpu } from "../state.ts";
import { fpOff, fprHi, fprLo, FRB, FRC, FRT, recordCr1, setFpr } from "./fp-facility.ts";
import { eaDisp, eaIndexed, read32, read64, write32, write64 } from "./memory.ts";

const RA = (i: number) => (i >>> 16) & 31;
const RB = (i: number) => (i >>> 11) & 31;

function loadTo(c: Cpu, frt: number, size: number): void {
  if (size === 4) {
    const w = read32(c, c.eaHi, c.eaLo);
    if (c.fault) return;
    singleToDouble(c.vsrI32, 4 * frt, w);
    c.vsrF64[2 * frt + 1] = 0;
  } else {
    const lo = read64(c, c.eaHi, c.eaLo);
    if (c.fault) return;
    setFpr(c, frt, c.loadHi, lo);
  }
}

function storeFrom(c: Cpu, frs: number, size: number): void {
  if (size === 4) write32(c, c.eaHi, c.eaLo, doubleToSingle(fprHi(c, frs), fprLo(c, frs)));
  else write64(c, c.eaHi, c.eaLo, fprHi(c, frs), fprLo(c, frs));
}

/** An update form with RA = 0 is an invalid form: illegal, as for the fixed-point loads. */
function updateBase(c: Cpu, ra: number): void {
  c.gprHi[ra] = c.eaHi;
  c.gprLo[ra] = c.eaLo;
}

function access(c: Cpu, insn: number, size: number, update: number, indexed: boolean, store: boolean): void {
  if (fpOff(c)) return;
  const ra = RA(insn);
  if (update && ra === 0) return c.programInterrupt(SRR1_ILLEGAL);
  if (indexed) eaIndexed(c, ra, RB(insn));
  else eaDisp(c, ra, (insn << 16) >> 16);
  if (store) storeFrom(c, FRT(insn), size);
  else loadTo(c, FRT(insn), size);
  if (c.fault) {
    c.fault = false;
    return;
  }
  if (update) updateBase(c, ra);
}

export function loadFloatD(c: Cpu, insn: number, size: number, update: number): void {
  access(c, insn, size, update, false, false);
}

export function loadFloatX(c: Cpu, insn: number, size: number, update: number): void {
  access(c, insn, size, update, true, false);
}

export function storeFloatD(c: Cpu, insn: number, size: number, update: number): void {
  access(c, insn, size, update, false, true);
}

export function storeFloatX(c: Cpu, insn: number, size: number, update: number): void {
  access(c, insn, size, update, true, true);
}

/** lfiwax / lfiwzx: a word into the FPR as a sign- or zero-extended integer. */
export function loadFloatWord(c: Cpu, insn: number, signed: number): void {
  if (fpOff(c)) return;
  eaIndexed(c, RA(insn), RB(insn));
  const w = read32(c, c.eaHi, c.eaLo);
  if (c.fault) {
    c.fault = false;
    return;
  }
  setFpr(c, FRT(insn), signed && w < 0 ? -1 : 0, w);
}

/** stfiwx: the FPR's low word. */
export function storeFloatWord(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  eaIndexed(c, RA(insn), RB(insn));
  write32(c, c.eaHi, c.eaLo, fprLo(c, FRT(insn)));
  c.fault = false;
}

/** fmr, fneg, fabs, fnabs: sign-bit operations, NaNs included. */
export function floatMove(c: Cpu, insn: number, op: number): void {
  if (fpOff(c)) return;
  const frb = FRB(insn);
  let hi = fprHi(c, frb);
  if (op === FMOVE_NEG) hi ^= 0x80000000;
  else if (op === FMOVE_ABS) hi &= 0x7fffffff;
  else if (op === FMOVE_NABS) hi |= 0x80000000;
  setFpr(c, FRT(insn), hi, fprLo(c, frb));
  recordCr1(c, insn);
}

export function floatCopySign(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  const frb = FRB(insn);
  setFpr(c, FRT(insn), (fprHi(c, RA(insn)) & 0x80000000) | (fprHi(c, frb) & 0x7fffffff), fprLo(c, frb));
  recordCr1(c, insn);
}

/** fmrgew / fmrgow: the even (high) or odd (low) words of FRA and FRB. */
export function floatMergeWord(c: Cpu, insn: number, odd: number): void {
  if (fpOff(c)) return;
  const fra = RA(insn), frb = RB(insn);
  if (odd) setFpr(c, FRT(insn), fprLo(c, fra), fprLo(c, frb));
  else setFpr(c, FRT(insn), fprHi(c, fra), fprHi(c, frb));
}

/** fsel: FRC if FRA >= 0 (either zero counts), else FRB; a NaN FRA selects FRB. */
export function floatSelect(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  const fra = RA(insn);
  const aHi = fprHi(c, fra), aLo = fprLo(c, fra);
  const zero = (aHi & 0x7fffffff) === 0 && aLo === 0;
  const pick = !isNaN64(aHi, aLo) && (aHi >= 0 || zero) ? FRC(insn) : FRB(insn);
  setFpr(c, FRT(insn), fprHi(c, pick), fprLo(c, pick));
  recordCr1(c, insn);
}
