// The FPSCR instructions (Book I §4.6.10): mffs and its ISA 3.0 variants, mcrfs, mtfsfi, mtfsf,
// mtfsb0/1. A move to the FPSCR that leaves an enabled exception pending (FEX) takes the
// FP-enabled program interrupt when MSR[FE0,FE1] ask for it, as QEMU does.

import { ENABLES, EXCEPTIONS, FEX, FX, NI, RN, VE, VX, VX_ANY, withSummaries } from "../fpu/fpscr.ts";
import { MFFS, MFFSCDRN, MFFSCDRNI, MFFSCE, MFFSCRN, MFFSCRNI } from "../isa/table-fp.ts";
import { MSR_FE0, MSR_FE1 } from "../msr.ts";
import { SRR1_FP_ENABLED, type Cpu } from "../state.ts";
import { fpOff, fprHi, fprLo, FRB, FRT, recordCr1, setFpr } from "./fp-facility.ts";
/** The control ("mode") bits the mffsc* variants return: DRN in the high word, enables, NI, RN. */
const MODE_LO = ENABLES | NI | RN, MODE_HI = 7;
/** mffsl also returns the status bits FR, FI and FPRF. */
const LIGHT_LO = MODE_LO | 0x7f000;

/** Bits that hold state: the high word has only DRN; bit 52 of the low word is reserved. */
const WRITABLE_HI = 7, WRITABLE_LO = ~(1 << 11);

function store(c: Cpu, insn: number, hi: number, lo: number, trap: boolean): void {
  c.fpscrHi = hi & WRITABLE_HI;
  c.fpscr = withSummaries(lo & WRITABLE_LO);
  recordCr1(c, insn);
  if (trap && c.fpscr & FEX && c.msrLo & (MSR_FE0 | MSR_FE1)) c.programInterrupt(SRR1_FP_ENABLED);
}

export function mffs(c: Cpu, insn: number, variant: number): void {
  if (fpOff(c)) return;
  const hi = c.fpscrHi, lo = c.fpscr;
  const bHi = fprHi(c, FRB(insn)), bLo = fprLo(c, FRB(insn)); // before FRT is written: they may be the same register
  if (variant === MFFS || variant === MFFSCE) setFpr(c, FRT(insn), hi, lo);
  else if (variant === MFFSCRN || variant === MFFSCRNI || variant === MFFSCDRN || variant === MFFSCDRNI) setFpr(c, FRT(insn), hi & MODE_HI, lo & MODE_LO);
  else setFpr(c, FRT(insn), hi & MODE_HI, lo & LIGHT_LO);
  switch (variant) {
    case MFFS:
      return recordCr1(c, insn);
    case MFFSCE:
      return store(c, insn, hi, lo & ~ENABLES, false);
    case MFFSCRN:
      return store(c, insn, hi, (lo & ~RN) | (bLo & RN), false);
    case MFFSCRNI:
      return store(c, insn, hi, (lo & ~RN) | ((insn >>> 11) & RN), false);
    case MFFSCDRN:
      return store(c, insn, (hi & ~MODE_HI) | (bHi & MODE_HI), lo, false);
    case MFFSCDRNI:
      return store(c, insn, (hi & ~MODE_HI) | ((insn >>> 11) & MODE_HI), lo, false);
  }
}

/** mcrfs: copy an FPSCR field to a CR field, clearing the exception bits copied (not FEX, VX). */
export function mcrfs(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  const shift = 4 * (7 - ((insn >>> 18) & 7));
  const bf = 4 * (7 - ((insn >>> 23) & 7));
  c.cr = (c.cr & ~(0xf << bf)) | (((c.fpscr >>> shift) & 0xf) << bf);
  c.fpscr = withSummaries(c.fpscr & ~((0xf << shift) & (FX | EXCEPTIONS)));
}

/** mtfsfi BF,U,W: one field of the low word (W=0) or high word from the immediate. */
export function mtfsfi(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  const shift = 4 * (7 - ((insn >>> 23) & 7));
  const nibble = ((insn >>> 12) & 0xf) << shift, mask = 0xf << shift;
  if ((insn >>> 16) & 1) store(c, insn, (c.fpscrHi & ~mask) | nibble, c.fpscr, true);
  else store(c, insn, c.fpscrHi, (c.fpscr & ~mask) | nibble, true);
}

/** mtfsf FLM,FRB,L,W: the fields FLM selects, of the low word (W=0) or high word, from FRB; L=1: all 64 bits. */
export function mtfsf(c: Cpu, insn: number): void {
  if (fpOff(c)) return;
  const frb = FRB(insn);
  const bHi = fprHi(c, frb), bLo = fprLo(c, frb);
  if (insn & (1 << 25)) return store(c, insn, bHi, bLo, true);
  const flm = (insn >>> 17) & 0xff;
  let mask = 0;
  for (let field = 0; field < 8; field++) if (flm & (0x80 >>> field)) mask |= 0xf << (4 * (7 - field));
  if ((insn >>> 16) & 1) store(c, insn, (c.fpscrHi & ~mask) | (bHi & mask), c.fpscr, true);
  else store(c, insn, c.fpscrHi, (c.fpscr & ~mask) | (bLo & mask), true);
}

/** mtfsb0 / mtfsb1 BT: FEX and VX cannot be set or cleared this way; setting an exception bit sets FX. */
export function mtfsb(c: Cpu, insn: number, value: number): void {
  if (fpOff(c)) return;
  const mask = 1 << (31 - ((insn >>> 21) & 31));
  const old = c.fpscr;
  if (mask & (FEX | VX)) return recordCr1(c, insn);
  if (!value) return store(c, insn, c.fpscrHi, old & ~mask, false);
  let lo = old | mask;
  if (mask & ~old & EXCEPTIONS) lo |= FX;
  // A 0 to 1 transition raises the enabled exception: an exception bit whose enable is on
  // (VX* share VE; OX..XX line up with OE..XE 22 bits lower), or an enable whose exception is set.
  const enable = mask & VX_ANY ? VE : (mask >>> 22) & ENABLES;
  const raised = (mask & ~old) !== 0 && ((enable & lo) !== 0 || (mask & ENABLES && ((mask << 22) | (mask & VE ? VX_ANY : 0)) & lo) !== 0);
  store(c, insn, c.fpscrHi, lo, raised);
}

