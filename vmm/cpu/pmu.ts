// The Performance Monitor facility (Power ISA Book III, "Performance Monitor Facility"): PMC1-6
// counting under MMCR0/MMCR1/MMCR2, and the alert that sets MMCR0[PMAO] and raises the Performance
// Monitor interrupt (0xf00).
//
// Counting is lazy, so the interpreter's loop pays nothing: the counters that run keep their value
// as of `base` (an instruction count) and add the instructions retired since. Anything that can
// start or stop a counter (an MMCR, PMC or CTRL write, or an MSR[PR], [HV] or [PMM] change while a
// freeze condition depends on them) first brings the counters up to date. Every event spar models
// is an instruction count: a cycle is one instruction, as the deterministic timebase takes one
// instruction for one nanosecond and QEMU's PMU clock runs at 1 GHz. An alert is armed like the
// decrementer: the machine ends the slice at the instruction where an enabled counter goes negative.

import { MSR_HV, MSR_PMM, MSR_PR } from "./msr.ts";
import { SPR_CTRL_W, SPR_MMCR0, SPR_MMCR1, SPR_MMCR2, SPR_SIAR, SPR_SIER } from "./sprs.ts";
import type { Cpu } from "./state.ts";

// MMCR0 (a 32-bit register: ISA bits 32:63 are the low word).
export const MMCR0_FC = 1 << 31, MMCR0_FCS = 1 << 30, MMCR0_FCP = 1 << 29, MMCR0_FCM1 = 1 << 28, MMCR0_FCM0 = 1 << 27;
export const MMCR0_PMAE = 1 << 26, MMCR0_FCECE = 1 << 25, MMCR0_TBEE = 1 << 22, MMCR0_EBE = 1 << 20;
export const MMCR0_PMCC_SHIFT = 18, MMCR0_PMC1CE = 1 << 15, MMCR0_PMCJCE = 1 << 14, MMCR0_TRIGGER = 1 << 13;
export const MMCR0_FCPC = 1 << 12, MMCR0_C56RUN = 1 << 8, MMCR0_PMAO = 1 << 7, MMCR0_FC14 = 1 << 5, MMCR0_FC56 = 1 << 4;
export const MMCR0_FCH = 1 << 0;
/** The MMCR0 bits problem state sees and may change through UMMCR0 (QEMU's MMCR0_UREG_MASK). */
export const MMCR0_USER = MMCR0_FC | MMCR0_PMAE | MMCR0_PMAO;
/** MMCR0's reset value: counters frozen (as QEMU). */
export const MMCR0_RESET = MMCR0_FC;

/** SIER bits (low word): sampled MSR[PR] and MSR[HV], and SIAR valid. */
export const SIER_SIPR = 1 << 25, SIER_SIHV = 1 << 24, SIER_SIAR_VALID = 1 << 22;

/** CTRL[RUN] (bit 63), the run latch: PMC5 counts run instructions and PMC6 run cycles. */
export const CTRL_RUN = 1;

/** MMCR2 holds 9 freeze bits per counter, PMCn's from ISA bit 9(n-1): S, P0, P1, M1, M0, WAIT, H. */
const MMCR2_FCS = 0, MMCR2_FCP0 = 1, MMCR2_FCP1 = 2, MMCR2_FCM1 = 3, MMCR2_FCM0 = 4, MMCR2_FCH = 6;
/** The MMCR2 bits problem state may see and change through UMMCR2: FCnP0 (ISA bits 1, 10, 19, 28, 37, 46). */
export const MMCR2_USER_HI = 0x40201008, MMCR2_USER_LO = 0x04020000;

const NEGATIVE = 0x80000000, WORD = 4294967296;

/** What PMC1-4 count for an MMCR1 PMCnSEL value: the events QEMU 7.2 models. */
const enum Event { None, Instructions, Cycles, RunInstructions, Unmodelled }

function selectedEvent(pmc: number, sel: number): Event {
  if (sel === 0) return Event.None;
  if (sel === 0x02 || (pmc === 0 && sel === 0xfe)) return Event.Instructions; // PM_INST_CMPL
  if (sel === 0x1e || (pmc === 0 && sel === 0xf0)) return Event.Cycles; // PM_CYC
  if (pmc === 3 && sel === 0xfa) return Event.RunInstructions; // PM_RUN_INST_CMPL
  return Event.Unmodelled;
}

/** The freeze-in-problem-state pair (MMCR0[FCP,FCPC], MMCR2[FCnP0,FCnP1]) for MSR[HV] and [PR]. */
function problemFrozen(p: boolean, c: boolean, hv: boolean, pr: boolean): boolean {
  if (!pr) return false;
  return p ? !c || !hv : c && hv; // 10: PR=1; 01: HV PR=11; 11: HV PR=01
}

function bit64(hi: number, lo: number, n: number): boolean {
  return ((n < 32 ? hi >>> (31 - n) : lo >>> (63 - n)) & 1) === 1;
}

export class PerformanceMonitor {
  /** PMC1-6 as of `base`, unsigned 32-bit. */
  private readonly pmc = new Float64Array(6);
  /** Instructions retired when the counters were last brought up to date. */
  private base = 0;
  /** Bit i set: PMC(i+1) counts now. */
  private counting = 0;
  /** Instruction count at which an enabled counter goes negative, Infinity when no alert is armed. */
  alertAt = Infinity;
  /** Whether an MSR[PR], [HV] or [PMM] change can start or stop a counter (setMsr asks). */
  msrSensitive = false;
  /** ISA 2.06 has no MMCR0[PMAO]: its exception is pending from the alert until the interrupt is taken. */
  private pending206 = false;

  constructor(private readonly c: Cpu) {}

  /** PMCn (i = n-1) as mfspr reads it. */
  readCounter(i: number): number {
    const running = (this.counting >>> i) & 1 ? this.c.instructions - this.base : 0;
    return (this.pmc[i] + running) | 0;
  }

  writeCounter(i: number, value: number): void {
    this.settle();
    this.pmc[i] = value >>> 0;
    this.update();
  }

  writeMmcr0(value: number): void {
    this.settle();
    const c = this.c;
    c.sprHi[SPR_MMCR0] = 0;
    c.sprLo[SPR_MMCR0] = value;
    if (value & MMCR0_TRIGGER) c.logUnimplemented("performance monitor MMCR0[TRIGGER]");
    if (value & MMCR0_TBEE) c.logUnimplemented("performance monitor time-base events (MMCR0[TBEE])");
    if (value & MMCR0_EBE && c.model.isa >= 207) c.logUnimplemented("performance monitor event-based branches (MMCR0[EBE])");
    this.update();
    if (this.exceptionPending()) c.endSlice(); // software may set PMAO itself
  }

  /** MMCR1 or MMCR2 (they choose events and per-counter freezes). */
  writeControl(spr: number, hi: number, lo: number): void {
    this.settle();
    this.c.sprHi[spr] = hi;
    this.c.sprLo[spr] = lo;
    this.update();
  }

  /** Something a freeze condition reads changed (MSR, CTRL[RUN]). */
  stateChanged(): void {
    this.settle();
    this.update();
  }

  /** Whether a Performance Monitor exception exists: MMCR0[PMAO] (ISA 2.07 on), unless it makes event-based branches. */
  exceptionPending(): boolean {
    const mmcr0 = this.c.sprLo[SPR_MMCR0];
    if (this.c.model.isa < 207) return this.pending206;
    return (mmcr0 & MMCR0_PMAO) !== 0 && (mmcr0 & MMCR0_EBE) === 0;
  }

  /** The interrupt was taken: ISA 2.07's PMAO stays set until software clears it. */
  taken(): void {
    this.pending206 = false;
  }

  instructionsUntilAlert(): number {
    return this.alertAt === Infinity ? 0x7fffffff : Math.max(0, this.alertAt - this.c.instructions);
  }

  /** Raise the alert if an enabled counter has gone negative by now. */
  checkAlert(): void {
    if (this.c.instructions < this.alertAt) return;
    this.settle();
    this.alert();
    this.update();
  }

  /** Add the instructions since `base` to the running counters. */
  private settle(): void {
    const now = this.c.instructions, run = now - this.base;
    this.base = now;
    if (run === 0) return;
    for (let i = 0; i < 6; i++) if ((this.counting >>> i) & 1) this.pmc[i] = (this.pmc[i] + run) % WORD;
  }

  /** Recompute which counters run, and arm the alert (after settle). */
  private update(): void {
    const c = this.c, mmcr0 = c.sprLo[SPR_MMCR0], mmcr1 = c.sprLo[SPR_MMCR1];
    const pr = c.problem === 1, hv = c.hyper === 1, pmm = (c.msrLo & MSR_PMM) !== 0;
    const run = (c.sprLo[SPR_CTRL_W] & CTRL_RUN) !== 0;
    const pmcc = c.model.isa >= 207 ? (mmcr0 >>> MMCR0_PMCC_SHIFT) & 3 : 0;
    const frozen =
      (mmcr0 & MMCR0_FC) !== 0 ||
      ((mmcr0 & MMCR0_FCS) !== 0 && !hv && !pr) ||
      ((mmcr0 & MMCR0_FCH) !== 0 && hv && !pr) ||
      problemFrozen((mmcr0 & MMCR0_FCP) !== 0, (mmcr0 & MMCR0_FCPC) !== 0, hv, pr) ||
      ((mmcr0 & MMCR0_FCM1) !== 0 && pmm) ||
      ((mmcr0 & MMCR0_FCM0) !== 0 && !pmm);
    let counting = 0;
    for (let i = 0; i < 6; i++) {
      let counts: boolean;
      if (i < 4) {
        const event = selectedEvent(i, (mmcr1 >>> (24 - 8 * i)) & 0xff);
        if (event === Event.Unmodelled) c.logUnimplemented(`performance monitor event 0x${((mmcr1 >>> (24 - 8 * i)) & 0xff).toString(16)} on PMC${i + 1}`);
        counts = !frozen && !(mmcr0 & MMCR0_FC14) && (event === Event.Instructions || event === Event.Cycles || (event === Event.RunInstructions && run));
      } else if (pmcc === 3) {
        counts = run; // PMCC=11: PMC5 and PMC6 leave the Performance Monitor, and no MMCR controls them
      } else counts = !frozen && !(mmcr0 & MMCR0_FC56) && (run || (mmcr0 & MMCR0_C56RUN) !== 0);
      if (counts && !(pmcc === 3 && i >= 4) && this.frozenByMmcr2(i, hv, pr, pmm)) counts = false;
      if (counts) counting |= 1 << i;
    }
    this.counting = counting;
    this.msrSensitive =
      (mmcr0 & MMCR0_FC) === 0 && ((mmcr0 & (MMCR0_FCS | MMCR0_FCH | MMCR0_FCP | MMCR0_FCPC | MMCR0_FCM1 | MMCR0_FCM0)) !== 0 || (c.model.isa >= 207 && (c.sprHi[SPR_MMCR2] | c.sprLo[SPR_MMCR2]) !== 0));
    this.arm(mmcr0, pmcc);
  }

  private frozenByMmcr2(i: number, hv: boolean, pr: boolean, pmm: boolean): boolean {
    const c = this.c;
    if (c.model.isa < 207) return false;
    const hi = c.sprHi[SPR_MMCR2], lo = c.sprLo[SPR_MMCR2], at = 9 * i;
    const has = (field: number) => bit64(hi, lo, at + field);
    return (
      (has(MMCR2_FCS) && !hv && !pr) ||
      (has(MMCR2_FCH) && hv && !pr) ||
      problemFrozen(has(MMCR2_FCP0), has(MMCR2_FCP1), hv, pr) ||
      (has(MMCR2_FCM1) && pmm) ||
      (has(MMCR2_FCM0) && !pmm)
    );
  }

  /** The alert needs MMCR0[PMAE] (or FCECE with counters running) and a counter whose negative condition is enabled. */
  private arm(mmcr0: number, pmcc: number): void {
    let until = Infinity;
    if (mmcr0 & MMCR0_PMAE || (mmcr0 & MMCR0_FCECE && !(mmcr0 & MMCR0_FC))) {
      for (let i = 0; i < 6; i++) {
        const enabled = i === 0 ? mmcr0 & MMCR0_PMC1CE : mmcr0 & MMCR0_PMCJCE && !(i >= 4 && pmcc === 3);
        if (!enabled) continue;
        if (this.pmc[i] >= NEGATIVE) until = 0; // the condition already exists
        else if ((this.counting >>> i) & 1) until = Math.min(until, NEGATIVE - this.pmc[i]);
      }
    }
    this.alertAt = this.base + until;
    if (until !== Infinity) this.c.endSlice(); // the machine sizes the next slice to end at the alert
  }

  /**
   * An enabled counter went negative: with MMCR0[FCECE] the counters freeze; with MMCR0[PMAE] PMAE
   * clears, PMAO sets (a Performance Monitor exception while it stays set) and SIAR takes the address
   * of the next instruction to complete (the interrupt's SRR0), SIER its MSR[PR] and [HV].
   */
  private alert(): void {
    const c = this.c;
    let mmcr0 = c.sprLo[SPR_MMCR0];
    if (mmcr0 & MMCR0_FCECE) mmcr0 |= MMCR0_FC;
    if (mmcr0 & MMCR0_PMAE) {
      mmcr0 &= ~MMCR0_PMAE;
      if (c.model.isa >= 207) {
        mmcr0 |= MMCR0_PMAO;
        c.sprHi[SPR_SIER] = 0;
        c.sprLo[SPR_SIER] = SIER_SIAR_VALID | (c.msrLo & MSR_PR ? SIER_SIPR : 0) | (c.msrHi & MSR_HV ? SIER_SIHV : 0);
      } else this.pending206 = true;
      c.sprHi[SPR_SIAR] = c.pcHi;
      c.sprLo[SPR_SIAR] = c.pcLo;
      c.endSlice();
    }
    c.sprLo[SPR_MMCR0] = mmcr0;
  }
}
