// Branch facility (Book I ch. 2): branches with BO/BI/CTR semantics, CR logical operations,
// and the system call. The interpreter has already advanced pc to the next instruction, so
// pc is the NIA a link register receives, and the current address is pc - 4.

import { L_AND, L_ANDC, L_EQV, L_NAND, L_NOR, L_OR, L_ORC, L_XOR } from "../isa/table.ts";
import { SPR_CFAR } from "../sprs.ts";
import { FSCR_IC_SCV, FSCR_IC_TAR, FSCR_SCV, FSCR_TAR, VEC_SYSTEM_CALL, type Cpu } from "../state.ts";

/** CFAR (Book III §4.3.3) gets the address of every branch that is taken, and of rfid and friends. */
function setCfar(c: Cpu): void {
  c.sprLo[SPR_CFAR] = (c.pcLo - 4) | 0;
  c.sprHi[SPR_CFAR] = c.pcLo === 0 ? (c.pcHi - 1) | 0 : c.pcHi;
}

function setLinkToNext(c: Cpu): void {
  c.lrHi = c.pcHi;
  c.lrLo = c.pcLo;
}

/** Jump to (hi, lo): relative targets are cia + displacement; 32-bit mode drops the high word. */
function jumpRelative(c: Cpu, disp: number): void {
  const ciaLo = (c.pcLo - 4) | 0;
  const ciaHi = c.pcLo === 0 ? (c.pcHi - 1) | 0 : c.pcHi;
  const s = (ciaLo >>> 0) + (disp >>> 0);
  c.pcLo = s | 0;
  c.pcHi = (ciaHi + (disp >> 31) + (s > 0xffffffff ? 1 : 0)) & -c.mode64;
}

function jumpAbsolute(c: Cpu, hi: number, lo: number): void {
  c.pcHi = hi & -c.mode64;
  c.pcLo = lo & ~3;
}

/** b, ba, bl, bla. */
export function branch(c: Cpu, insn: number): void {
  const disp = ((insn << 6) >> 6) & ~3;
  setCfar(c);
  if (insn & 1) {
    const nextHi = c.pcHi, nextLo = c.pcLo;
    if (insn & 2) jumpAbsolute(c, disp >> 31, disp);
    else jumpRelative(c, disp);
    c.lrHi = nextHi;
    c.lrLo = nextLo;
    return;
  }
  if (insn & 2) jumpAbsolute(c, disp >> 31, disp);
  else jumpRelative(c, disp);
}

/** Evaluate BO/BI, decrementing CTR when BO says so. In 32-bit mode the CTR test uses the low word. */
function conditionHolds(c: Cpu, insn: number): boolean {
  const bo = (insn >>> 21) & 31;
  if ((bo & 4) === 0) {
    const lo = c.ctrLo;
    c.ctrLo = (lo - 1) | 0;
    if (lo === 0) c.ctrHi = (c.ctrHi - 1) | 0;
    const zero = c.mode64 ? (c.ctrHi | c.ctrLo) === 0 : c.ctrLo === 0;
    if (zero !== ((bo & 2) !== 0)) return false;
  }
  if (bo & 16) return true;
  const bit = (c.cr >>> (31 - ((insn >>> 16) & 31))) & 1;
  return bit === ((bo >>> 3) & 1);
}

/** bc, bca, bcl, bcla. */
export function branchCond(c: Cpu, insn: number): void {
  const taken = conditionHolds(c, insn);
  const nextHi = c.pcHi, nextLo = c.pcLo;
  if (taken) {
    setCfar(c);
    const disp = ((insn << 16) >> 16) & ~3;
    if (insn & 2) jumpAbsolute(c, disp >> 31, disp);
    else jumpRelative(c, disp);
  }
  if (insn & 1) {
    c.lrHi = nextHi;
    c.lrLo = nextLo;
  }
}

/**
 * bcctr with BO[2]=0 is an invalid form in the book, but 64-bit server processors implement
 * "test and decrement" (their user manuals; Linux uses it for the Spectre v2 count-cache flush):
 * CTR is tested first, decremented only if that test passes, and the target is the old CTR.
 */
function bcctrTestAndDecrement(c: Cpu, insn: number): boolean {
  const bo = (insn >>> 21) & 31;
  const zero = c.mode64 ? (c.ctrHi | c.ctrLo) === 0 : c.ctrLo === 0;
  if (zero !== ((bo & 2) !== 0)) return false;
  const lo = c.ctrLo;
  c.ctrLo = (lo - 1) | 0;
  if (lo === 0) c.ctrHi = (c.ctrHi - 1) | 0;
  if (bo & 16) return true;
  return ((c.cr >>> (31 - ((insn >>> 16) & 31))) & 1) === ((bo >>> 3) & 1);
}

/** bclr (0), bcctr (1), bctar (2). */
export function branchCondTo(c: Cpu, insn: number, target: number): void {
  if (target === 2 && !c.facilityEnabled(FSCR_TAR)) return c.facilityUnavailable(FSCR_IC_TAR);
  // Read the target before CTR is decremented or LR is written.
  const hi = target === 0 ? c.lrHi : target === 1 ? c.ctrHi : c.tarHi;
  const lo = target === 0 ? c.lrLo : target === 1 ? c.ctrLo : c.tarLo;
  const taken = target === 1 && ((insn >>> 21) & 4) === 0 ? bcctrTestAndDecrement(c, insn) : conditionHolds(c, insn);
  if (taken) setCfar(c);
  if (insn & 1) setLinkToNext(c);
  if (taken) jumpAbsolute(c, hi, lo);
}

export function crLogical(c: Cpu, insn: number, op: number): void {
  const a = (c.cr >>> (31 - ((insn >>> 16) & 31))) & 1;
  const b = (c.cr >>> (31 - ((insn >>> 11) & 31))) & 1;
  let r: number;
  switch (op) {
    case L_AND: r = a & b; break;
    case L_OR: r = a | b; break;
    case L_XOR: r = a ^ b; break;
    case L_NAND: r = (a & b) ^ 1; break;
    case L_NOR: r = (a | b) ^ 1; break;
    case L_EQV: r = a ^ b ^ 1; break;
    case L_ANDC: r = a & (b ^ 1); break;
    case L_ORC: r = a | (b ^ 1); break;
    default: r = 0;
  }
  const bt = 31 - ((insn >>> 21) & 31);
  c.cr = (c.cr & ~(1 << bt)) | (r << bt);
}

export function mcrf(c: Cpu, insn: number): void {
  const from = 28 - 4 * ((insn >>> 18) & 7), to = 28 - 4 * ((insn >>> 23) & 7);
  c.cr = (c.cr & ~(15 << to)) | (((c.cr >>> from) & 15) << to);
}

/**
 * sc: LEV=1 from privileged state is a hypercall, served by the VMM (a pseries guest never
 * sees the hypervisor's vector); anything else is a system call interrupt with SRR0 = NIA.
 */
export function systemCall(c: Cpu, insn: number): void {
  const lev = (insn >>> 5) & 0x7f;
  if (lev === 1 && !c.problem && !c.hyper) {
    c.hypercall(c);
    return;
  }
  c.interrupt(VEC_SYSTEM_CALL, c.pcHi, c.pcLo, 0);
}

/** scv: needs FSCR[SCV] in problem state; LEV is the low 7 bits of the vector number. */
export function systemCallVectored(c: Cpu, insn: number): void {
  if (!c.facilityEnabled(FSCR_SCV)) return c.facilityUnavailable(FSCR_IC_SCV);
  c.systemCallVectored((insn >>> 5) & 0x7f);
}
