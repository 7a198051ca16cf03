// Moves to and from system registers (mfspr, mtspr, CR moves), the MSR, return from interrupt
// and darn. Access rules follow Book III §5.4.4 and match QEMU for a pseries guest:
// a privileged SPR from problem state or a hypervisor SPR from the guest kernel is a
// privileged-instruction program interrupt; an undefined SPR is a no-op in privileged state
// (except numbers 0, 4, 5, 6) and illegal otherwise, logged once by number.

import { MSR_DR, MSR_EE, MSR_HV, MSR_IR, MSR_ME, MSR_PR, MSR_RI } from "../msr.ts";
import { MMCR0_USER, MMCR2_USER_HI, MMCR2_USER_LO } from "../pmu.ts";
import {
  SPR_MMCR0, SPR_MMCR1, SPR_MMCR2, SPR_PMC1, SPR_PMC6, SPR_UMMCR0, SPR_UMMCR1, SPR_UMMCR2, SPR_UPMC1, SPR_UPMC6, SPR_CTRL_W, SPR_TRIG2,
  SPRS, SPR_AMR, SPR_BESCR, SPR_DPDES, SPR_EBBHR, SPR_PURR, SPR_SPURR, SPR_VTB, SPR_CFAR, SPR_CTR, SPR_DEC, SPR_HSRR0, SPR_HSRR1, SPR_IAMR, SPR_LPCR, SPR_LR, SPR_PCR, SPR_PID, SPR_UAMR, SPR_SRR0, SPR_SRR1, SPR_TAR, SPR_TB, SPR_TBL_W, SPR_TBU, SPR_UAMOR,
  SPR_TBU_W, SPR_XER, sprStorage, type SprAccess,
} from "../sprs.ts";
import { FSCR_DSCR, FSCR_EBB, FSCR_IC_DSCR, FSCR_IC_PMU, FSCR_IC_EBB, FSCR_IC_TAR, FSCR_TAR, HFSCR_IC_MSGP, HFSCR_MSGP, SRR1_ILLEGAL, SRR1_PRIVILEGED, type Cpu } from "../state.ts";

const RT = (i: number) => (i >>> 21) & 31;
const SPR = (i: number) => ((i >>> 16) & 31) | (((i >>> 11) & 31) << 5);

/** Checks access; returns false after raising the interrupt (or deciding on the architected no-op). */
function permitted(c: Cpu, num: number, access: SprAccess | undefined, write: boolean): boolean {
  if (access === undefined) {
    // Not an SPR of this CPU: a no-op in privileged state, except numbers 0, 4, 5 and 6.
    c.logUnimplemented(`${write ? "mtspr" : "mfspr"} ${num}`);
    if (c.problem) c.programInterrupt(num & 0x10 ? SRR1_PRIVILEGED : SRR1_ILLEGAL);
    else if (num === 0 || num === 4 || num === 5 || num === 6) c.programInterrupt(SRR1_ILLEGAL);
    return false;
  }
  // Read-only or write-only registers accessed the other way, privileged registers from
  // problem state, and hypervisor registers from the guest kernel.
  if (access === "none" || (access === "priv" && c.problem) || (access === "hv" && !c.hyper)) {
    c.programInterrupt(SRR1_PRIVILEGED);
    return false;
  }
  return true;
}

/** SPRs that FSCR can disable in problem state (TAR, the user DSCR number, the EBB registers) or HFSCR in the guest (DPDES). */
function facilityAllows(c: Cpu, num: number): boolean {
  if (num === SPR_DPDES && !c.hypervisorFacilityEnabled(HFSCR_MSGP)) c.hypervisorFacilityUnavailable(HFSCR_IC_MSGP);
  else if (num === SPR_TAR && !c.facilityEnabled(FSCR_TAR)) c.facilityUnavailable(FSCR_IC_TAR);
  else if (num === 3 && !c.facilityEnabled(FSCR_DSCR)) c.facilityUnavailable(FSCR_IC_DSCR);
  else if (num >= SPR_EBBHR && num <= SPR_BESCR && !c.facilityEnabled(FSCR_EBB)) c.facilityUnavailable(FSCR_IC_EBB);
  else return true;
  return false;
}

/** The Performance Monitor's group A registers by their problem-state numbers: MMCR2, MMCRA, PMC1-6, MMCR0. */
const isUserGroupA = (num: number) => (num >= SPR_UMMCR2 && num <= SPR_UPMC6) || num === SPR_UMMCR0;

/**
 * Problem-state access to group A under MMCR0[PMCC] (ISA 2.07 on; QEMU 7.2 agrees): 00 read-only (a
 * write is a privileged-instruction program interrupt, as QEMU gives a pseries guest); 01 none (facility
 * unavailable); 10 read and write; 11 read and write except PMC5 and PMC6, which have left the
 * Performance Monitor (facility unavailable). ISA 2.06 has no PMCC: always read-only.
 */
function performanceMonitorAllows(c: Cpu, num: number, write: boolean): boolean {
  if (!c.problem || !isUserGroupA(num)) return true;
  const pmcc = c.model.isa >= 207 ? (c.sprLo[SPR_MMCR0] >>> 18) & 3 : 0;
  if (pmcc === 1 || (pmcc === 3 && num >= SPR_UPMC1 + 4 && num <= SPR_UPMC6)) c.facilityUnavailable(FSCR_IC_PMU);
  else if (write && pmcc === 0) c.programInterrupt(SRR1_PRIVILEGED);
  else return true;
  return false;
}

function timebaseNow(c: Cpu): number {
  return c.timebase.read(c.instructions);
}

export function mfspr(c: Cpu, insn: number): void {
  const num = SPR(insn), def = SPRS.get(num);
  const access = def !== undefined && def.isa <= c.isa ? def.read : undefined;
  if (!permitted(c, num, access, false) || !facilityAllows(c, num) || !performanceMonitorAllows(c, num, false)) return;
  const rt = RT(insn);
  let hi: number, lo: number;
  switch (num) {
    case SPR_XER: hi = 0; lo = c.xer; break;
    case SPR_LR: hi = c.lrHi; lo = c.lrLo; break;
    case SPR_CTR: hi = c.ctrHi; lo = c.ctrLo; break;
    case SPR_TAR: hi = c.tarHi; lo = c.tarLo; break;
    case SPR_DEC: {
      const v = c.readDecrementer(); // sign-extended to 64 bits from 32 (or 56 with LPCR[LD])
      lo = v | 0;
      hi = Math.floor(v / 4294967296) | 0;
      break;
    }
    // One thread per core owns every cycle, so PURR and SPURR count with the timebase; so does
    // the partition's virtual timebase, since the partition always runs (QEMU's VTB is the TB).
    case SPR_PURR:
    case SPR_SPURR:
    case SPR_VTB:
    case SPR_TB: {
      const tb = timebaseNow(c);
      hi = Math.floor(tb / 4294967296) | 0;
      lo = tb | 0;
      break;
    }
    case SPR_TBU: hi = 0; lo = Math.floor(timebaseNow(c) / 4294967296) | 0; break;
    case SPR_DPDES: hi = 0; lo = c.doorbellPending ? 1 : 0; break; // bit 63: thread 0, the only one
    // Problem state sees only MMCR0[FC, PMAE, PMAO] and MMCR2[FCnP0]; the other bits read as 0.
    case SPR_MMCR0:
    case SPR_UMMCR0: hi = 0; lo = c.sprLo[SPR_MMCR0] & (c.problem ? MMCR0_USER : -1); break;
    case SPR_MMCR2:
    case SPR_UMMCR2:
      hi = c.sprHi[SPR_MMCR2] & (c.problem ? MMCR2_USER_HI : -1);
      lo = c.sprLo[SPR_MMCR2] & (c.problem ? MMCR2_USER_LO : -1);
      break;
    default: {
      const n = sprStorage(num);
      if (n >= SPR_PMC1 && n <= SPR_PMC6) {
        hi = 0;
        lo = c.pmu.readCounter(n - SPR_PMC1);
        break;
      }
      hi = def!.bits32 ? 0 : c.sprHi[n];
      lo = c.sprLo[n];
    }
  }
  c.gprHi[rt] = hi;
  c.gprLo[rt] = lo;
}

export function mtspr(c: Cpu, insn: number): void {
  const num = SPR(insn), def = SPRS.get(num);
  const access = def !== undefined && def.isa <= c.isa ? def.write : undefined;
  if (!permitted(c, num, access, true) || !facilityAllows(c, num) || !performanceMonitorAllows(c, num, true)) return;
  const rs = RT(insn);
  let hi = c.gprHi[rs], lo = c.gprLo[rs];
  switch (num) {
    case SPR_XER: c.xer = lo; return;
    case SPR_LR: c.lrHi = hi; c.lrLo = lo; return;
    case SPR_CTR: c.ctrHi = hi; c.ctrLo = lo; return;
    case SPR_TAR: c.tarHi = hi; c.tarLo = lo; return;
    case SPR_DEC: c.writeDecrementer(lo, hi); return;
    case SPR_DPDES: c.setDoorbell((lo & 1) !== 0); return;
    case SPR_TRIG2: return; // the L1D-flush trigger: spar has no cache to flush
    // Performance Monitor: problem state changes only MMCR0[FC, PMAE, PMAO] and MMCR2[FCnP0].
    case SPR_MMCR0:
    case SPR_UMMCR0: c.pmu.writeMmcr0(c.problem ? (c.sprLo[SPR_MMCR0] & ~MMCR0_USER) | (lo & MMCR0_USER) : lo); return;
    case SPR_MMCR1:
    case SPR_UMMCR1: c.pmu.writeControl(SPR_MMCR1, hi, lo); return;
    case SPR_MMCR2:
    case SPR_UMMCR2:
      if (c.problem) {
        hi = (c.sprHi[SPR_MMCR2] & ~MMCR2_USER_HI) | (hi & MMCR2_USER_HI);
        lo = (c.sprLo[SPR_MMCR2] & ~MMCR2_USER_LO) | (lo & MMCR2_USER_LO);
      }
      c.pmu.writeControl(SPR_MMCR2, hi, lo);
      return;
    case SPR_CTRL_W: c.sprLo[SPR_CTRL_W] = lo; c.pmu.stateChanged(); return; // CTRL[RUN] gates PMC5, PMC6 and PM_RUN_INST_CMPL
    case SPR_TBL_W: {
      const tb = timebaseNow(c);
      c.timebase.write(c.instructions, Math.floor(tb / 4294967296) * 4294967296 + (lo >>> 0));
      return;
    }
    case SPR_TBU_W: {
      const tb = timebaseNow(c);
      c.timebase.write(c.instructions, (lo >>> 0) * 4294967296 + (tb % 4294967296));
      return;
    }
    case SPR_PID:
    case SPR_LPCR:
    case SPR_AMR:
    case SPR_UAMR:
    case SPR_IAMR: {
      // Translation depends on them (PID, LPCR; AMR/IAMR decide privileged access to user pages,
      // which the soft TLB caches): cached translations go when they change (Book III §6.10).
      const n = sprStorage(num);
      if (num === SPR_UAMR && c.problem) {
        // Problem state changes only the AMR bits UAMOR allows. Privileged writes would be
        // limited by AMOR, which a pseries hypervisor sets to all ones (QEMU does too).
        hi = (c.sprHi[n] & ~c.sprHi[SPR_UAMOR]) | (hi & c.sprHi[SPR_UAMOR]);
        lo = (c.sprLo[n] & ~c.sprLo[SPR_UAMOR]) | (lo & c.sprLo[SPR_UAMOR]);
      }
      const newHi = def!.bits32 ? 0 : hi;
      const oldHi = c.sprHi[n], oldLo = c.sprLo[n];
      if (oldHi === newHi && oldLo === lo) return;
      c.sprHi[n] = newHi;
      c.sprLo[n] = lo;
      // PID names the process table entry of radix quadrant 0 only (quadrant 3 uses entry 0;
      // hash translation ignores it), so a context switch keeps the kernel's translations; the
      // AMR (also as UAMR) changes what privileged state may do, and Linux changes it often.
      if (num === SPR_PID) c.pidChanged(oldLo, lo);
      else if (n === SPR_AMR) c.amrChanged(oldHi, oldLo);
      else c.flushTranslation();
      return;
    }
    case SPR_PCR: {
      c.sprHi[num] = hi;
      c.sprLo[num] = lo;
      // PCR[v2.06] (0x4) and PCR[v2.07] (0x8) make problem state behave as that ISA level.
      c.setCompatLevel(lo & 4 ? 206 : lo & 8 ? Math.min(207, c.model.isa) as 207 : c.model.isa);
      return;
    }
    default: {
      const n = sprStorage(num);
      if (n >= SPR_PMC1 && n <= SPR_PMC6) return c.pmu.writeCounter(n - SPR_PMC1, lo);
      c.sprHi[n] = def!.bits32 ? 0 : hi;
      c.sprLo[n] = lo;
    }
  }
}

/** mtcrf (FXM selects fields) and mtocrf (exactly one field; QEMU ignores other masks). */
export function mtcrf(c: Cpu, insn: number, one: number): void {
  const fxm = (insn >>> 12) & 0xff, v = c.gprLo[RT(insn)];
  if (one && (fxm === 0 || (fxm & (fxm - 1)) !== 0)) return;
  let mask = 0;
  for (let f = 0; f < 8; f++) if (fxm & (0x80 >>> f)) mask |= 0xf0000000 >>> (4 * f);
  c.cr = (c.cr & ~mask) | (v & mask);
}

/**
 * mfcr, and mfocrf which returns only the selected field (zero elsewhere). An FXM that does not
 * select exactly one field leaves RT undefined; like QEMU, spar leaves it unchanged.
 */
export function mfcr(c: Cpu, insn: number, one: number): void {
  const rt = RT(insn), fxm = (insn >>> 12) & 0xff;
  let v = c.cr;
  if (one) {
    if (fxm === 0 || (fxm & (fxm - 1)) !== 0) return;
    v = c.cr & (0xf0000000 >>> (4 * Math.clz32(fxm << 24)));
  }
  c.gprHi[rt] = 0;
  c.gprLo[rt] = v;
}

export function mfmsr(c: Cpu, insn: number): void {
  if (c.problem) return c.programInterrupt(SRR1_PRIVILEGED);
  c.gprHi[RT(insn)] = c.msrHi;
  c.gprLo[RT(insn)] = c.msrLo;
}

/**
 * mtmsr (word) and mtmsrd. L=1 changes only EE and RI. L=0 keeps HV and (outside hypervisor
 * state) ME, and problem state forces EE, IR and DR on.
 */
export function mtmsr(c: Cpu, insn: number, doubleword: number): void {
  if (c.problem) return c.programInterrupt(SRR1_PRIVILEGED);
  const rs = RT(insn);
  let hi = c.gprHi[rs], lo = c.gprLo[rs];
  if ((insn >>> 16) & 1) {
    const bits = MSR_EE | MSR_RI;
    return c.setMsr(c.msrHi, (c.msrLo & ~bits) | (lo & bits));
  }
  if (!doubleword) hi = c.msrHi;
  hi = (hi & ~MSR_HV) | (c.msrHi & MSR_HV);
  if (!c.hyper) lo = (lo & ~MSR_ME) | (c.msrLo & MSR_ME);
  if (lo & MSR_PR) lo |= MSR_EE | MSR_IR | MSR_DR;
  c.setMsr(hi, lo);
}

/** MSR as rfid-like instructions set it: HV can only be cleared, ME changes only in hypervisor state, PR forces EE/IR/DR. */
function returnMsr(c: Cpu, hi: number, lo: number): void {
  hi = (hi & ~MSR_HV) | (hi & c.msrHi & MSR_HV);
  if (!c.hyper) lo = (lo & ~MSR_ME) | (c.msrLo & MSR_ME);
  if (lo & MSR_PR) lo |= MSR_EE | MSR_IR | MSR_DR;
  c.setMsr(hi, lo);
}

/** rfscv (ISA 3.0): MSR from CTR, NIA from LR. */
export function returnFromScv(c: Cpu, _insn: number): void {
  if (c.problem) return c.programInterrupt(SRR1_PRIVILEGED);
  c.sprHi[SPR_CFAR] = c.ciaHi();
  c.sprLo[SPR_CFAR] = c.ciaLo();
  const pcHi = c.lrHi, pcLo = c.lrLo & ~3;
  returnMsr(c, c.ctrHi, c.ctrLo);
  c.pcHi = c.mode64 ? pcHi : 0;
  c.pcLo = pcLo;
  c.resvAddr = -1;
}

/** rfid (hyper=0) and hrfid (hyper=1). */
export function returnFromInterrupt(c: Cpu, _insn: number, hyper: number): void {
  if (c.problem || (hyper && !c.hyper)) return c.programInterrupt(SRR1_PRIVILEGED);
  const r0 = hyper ? SPR_HSRR0 : SPR_SRR0, r1 = hyper ? SPR_HSRR1 : SPR_SRR1;
  const pcHi = c.sprHi[r0], pcLo = c.sprLo[r0] & ~3;
  c.sprHi[SPR_CFAR] = c.ciaHi();
  c.sprLo[SPR_CFAR] = c.ciaLo();
  returnMsr(c, c.sprHi[r1], c.sprLo[r1]);
  c.pcHi = c.mode64 ? pcHi : 0;
  c.pcLo = pcLo;
  c.resvAddr = -1;
}

/**
 * tlbie/tlbiel: spar forgets every cached translation, which covers any RIC/PRS/R/IS scope
 * the instruction names (Book III §6.10.2); the guest's tables themselves are untouched.
 */
export function tlbInvalidate(c: Cpu, _insn: number): void {
  if (c.problem) return c.programInterrupt(SRR1_PRIVILEGED);
  c.flushTranslation();
}

/** tlbsync: orders invalidations against other threads; a single interpreter has nothing to wait for. */
export function tlbsync(c: Cpu, _insn: number): void {
  if (c.problem) c.programInterrupt(SRR1_PRIVILEGED);
}

const randomWords = new Uint32Array(2);

/** darn: L=0 a 32-bit conditioned number, L=1 64-bit conditioned, L=2 64-bit raw; L=3 fails (all ones). */
export function darn(c: Cpu, insn: number): void {
  const rt = RT(insn), l = (insn >>> 16) & 3;
  if (l === 3) {
    c.gprHi[rt] = -1;
    c.gprLo[rt] = -1;
    return;
  }
  crypto.getRandomValues(randomWords);
  c.gprHi[rt] = l === 0 ? 0 : randomWords[0] | 0;
  c.gprLo[rt] = randomWords[1] | 0;
}
