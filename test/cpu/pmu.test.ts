// The Performance Monitor (Power ISA Book III, Performance Monitor Facility; vmm/cpu/pmu.ts):
// problem-state access under MMCR0[PMCC], the freeze bits, exact PMC counts over known
// instruction sequences (one cycle per instruction), and the counter-negative alert at 0xf00.
import { describe, expect, test } from "bun:test";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { MSR_EE, MSR_HV, MSR_ME, MSR_PMM, MSR_PR, MSR_SF } from "../../vmm/cpu/msr.ts";
import { CTRL_RUN, MMCR0_C56RUN, MMCR0_EBE, MMCR0_FC, MMCR0_FC14, MMCR0_FC56, MMCR0_FCECE, MMCR0_FCM1, MMCR0_FCP, MMCR0_FCPC, MMCR0_FCS, MMCR0_PMAE, MMCR0_PMAO, MMCR0_PMC1CE, MMCR0_PMCC_SHIFT, MMCR0_PMCJCE, SIER_SIAR_VALID, SIER_SIPR } from "../../vmm/cpu/pmu.ts";
import { SPR_FSCR, SPR_MMCR0, SPR_SIAR, SPR_SIER, SPR_SRR0, SPR_SRR1 } from "../../vmm/cpu/sprs.ts";
import { FSCR_IC_PMU, SRR1_PRIVILEGED, VEC_FACILITY_UNAVAILABLE, VEC_PERFORMANCE_MONITOR, VEC_PROGRAM, type Cpu } from "../../vmm/cpu/state.ts";
import { load, makeCpu } from "./helpers.ts";

const nops = (n: number) => Array.from({ length: n }, () => "ori r0,r0,0");
const pmcc = (v: number) => v << MMCR0_PMCC_SHIFT;

/** A kernel (or, with `user`, a problem-state program) about to run `program` at 0x1000, CTRL[RUN] set. */
function cpu(program: string[], opts: { model?: string; msr?: number; hv?: boolean } = {}): Cpu {
  const c = makeCpu({ model: opts.model ?? "power9", ram: 1 << 22 });
  c.setMsr(MSR_SF | (opts.hv ? MSR_HV : 0), MSR_ME | (opts.msr ?? 0));
  c.sprLo[152] = CTRL_RUN;
  load(c, 0x1000, program);
  return c;
}

/** Run as the machine does: slices sized to the next event, then the asynchronous interrupts. */
function step(c: Cpu, budget: number): void {
  while (budget > 0) {
    const ran = runSlice(c, Math.max(1, Math.min(budget, c.instructionsUntilEvent())));
    c.takeAsyncInterrupts();
    budget -= ran;
  }
}

describe("SPR numbers and access (Book III SPR table; Linux reg.h)", () => {
  test("the kernel's numbers hold what it writes: MMCRA 786, MMCR1 798, MMCR2 785, SIER 784, SIAR 796, SDAR 797", () => {
    const c = cpu(["mtspr 786,r3", "mtspr 798,r3", "mtspr 785,r3", "mtspr 784,r3", "mtspr 796,r3", "mtspr 797,r3",
      "mfspr r4,786", "mfspr r5,798", "mfspr r6,785", "mfspr r7,784", "mfspr r8,796", "mfspr r9,797"]);
    c.setGpr(3, 0x0123_4567_0000_0000n); // no event selected in MMCR1's PMCnSEL bytes
    runSlice(c, 12);
    for (let r = 4; r <= 9; r++) expect(c.gpr(r)).toBe(0x0123_4567_0000_0000n);
  });

  test("the problem-state numbers read the same registers: USIER 768, UMMCRA 770, USIAR 780, USDAR 781, UMMCR1 782", () => {
    const c = cpu(["mtspr 784,r3", "mtspr 786,r3", "mtspr 796,r3", "mtspr 797,r3", "mtspr 798,r3"]);
    c.setGpr(3, 0x8000_0000_0000_0001n);
    runSlice(c, 5);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    load(c, 0x2000, ["mfspr r4,768", "mfspr r5,770", "mfspr r6,780", "mfspr r7,781", "mfspr r8,782"]);
    runSlice(c, 5);
    expect(c.pc).toBe(0x2014n);
    for (let r = 4; r <= 8; r++) expect(c.gpr(r)).toBe(0x8000_0000_0000_0001n);
  });

  test("problem state cannot write the group B registers (SIER, SIAR, SDAR, MMCR1), whatever PMCC says", () => {
    for (const spr of [768, 780, 781, 782]) {
      const c = cpu([`mtspr 795,r3`], {});
      c.setGpr(3, pmcc(2));
      runSlice(c, 1);
      c.setMsr(MSR_SF, MSR_ME | MSR_PR);
      load(c, 0x2000, [`mtspr ${spr},r4`]);
      runSlice(c, 1);
      expect([spr, c.pc, c.sprLo[SPR_SRR1] & SRR1_PRIVILEGED]).toEqual([spr, BigInt(VEC_PROGRAM), SRR1_PRIVILEGED]);
    }
  });

  test("MMCR2 and SIER arrive with ISA 2.07: undefined on POWER7 (a logged no-op for the kernel)", () => {
    const c = cpu(["mtspr 785,r3", "mtspr 784,r3", "mtspr 786,r3"], { model: "power7" });
    const logged: string[] = [];
    c.logUnimplemented = (what) => logged.push(what);
    runSlice(c, 3);
    expect(c.pc).toBe(0x100cn);
    expect(logged).toEqual(["mtspr 785", "mtspr 784"]);
  });

  test("the kernel's PMU set-up and rfi-flush SPRs are implemented: no unimplemented log (Linux init_PMU, POWER8's MMCRS, mttrig)", () => {
    const c = cpu(["mtspr 786,r0", "mtspr 795,r0", "mtspr 798,r0", "mtspr 785,r0", "mtspr 894,r0", "mtspr 882,r0", "mfspr r3,882"], { model: "power8" });
    const logged: string[] = [];
    c.logUnimplemented = (what) => logged.push(what);
    c.setGpr(3, -1);
    runSlice(c, 7);
    expect(logged).toEqual([]);
    expect(c.pc).toBe(0x101cn);
    expect(c.gpr(3)).toBe(0n); // TRIG2 reads as 0: the write only triggers a flush
  });

  test("TRIG2 is privileged: mtspr 882 from problem state is a privileged-instruction program interrupt", () => {
    const c = cpu(["mtspr 882,r0"], { msr: MSR_PR });
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
    expect(c.sprLo[SPR_SRR1] & SRR1_PRIVILEGED).toBe(SRR1_PRIVILEGED);
  });
});

describe("problem-state access to group A under MMCR0[PMCC] (ISA 2.07)", () => {
  /** Problem state running `insn` after the kernel set MMCR0 (FC set, so nothing counts) with this PMCC. */
  function user(pmccValue: number, insn: string): Cpu {
    const c = cpu(["mtspr 795,r3"]);
    c.setGpr(3, MMCR0_FC | MMCR0_FCS | pmcc(pmccValue));
    runSlice(c, 1);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    c.setGpr(4, 0x1234);
    load(c, 0x2000, [insn]);
    runSlice(c, 1);
    return c;
  }
  const facilityUnavailable = (c: Cpu) => [c.pc, c.sprHi[SPR_FSCR] >>> 24, c.sprLo[SPR_SRR0]];
  const FU = [BigInt(VEC_FACILITY_UNAVAILABLE), FSCR_IC_PMU, 0x2000];

  test.each([["UMMCR2", 769], ["UMMCRA", 770], ["UPMC1", 771], ["UPMC4", 774], ["UPMC5", 775], ["UPMC6", 776], ["UMMCR0", 779]])(
    "PMCC=00: %s is readable, and writing it is a privileged-instruction program interrupt",
    (_, spr) => {
      expect(user(0, `mfspr r5,${spr}`).pc).toBe(0x2004n);
      const c = user(0, `mtspr ${spr},r4`);
      expect([c.pc, c.sprLo[SPR_SRR1] & SRR1_PRIVILEGED]).toEqual([BigInt(VEC_PROGRAM), SRR1_PRIVILEGED]);
    },
  );

  test.each([769, 770, 771, 775, 779])("PMCC=01: reading or writing %i is a facility unavailable interrupt (FSCR[IC]=3)", (spr) => {
    expect(facilityUnavailable(user(1, `mfspr r5,${spr}`))).toEqual(FU);
    expect(facilityUnavailable(user(1, `mtspr ${spr},r4`))).toEqual(FU);
  });

  test("PMCC=10: problem state reads and writes PMC1-6", () => {
    for (const spr of [771, 772, 773, 774, 775, 776]) {
      const c = user(2, `mtspr ${spr},r4`);
      expect(c.pc).toBe(0x2004n);
      load(c, 0x2004, [`mfspr r5,${spr}`]);
      runSlice(c, 1);
      expect(c.gpr(5)).toBe(0x1234n);
    }
  });

  test("PMCC=11: PMC5 and PMC6 leave the Performance Monitor (facility unavailable); PMC1-4 stay read/write", () => {
    expect(facilityUnavailable(user(3, "mfspr r5,775"))).toEqual(FU);
    expect(facilityUnavailable(user(3, "mtspr 776,r4"))).toEqual(FU);
    expect(user(3, "mtspr 774,r4").pc).toBe(0x2004n);
  });

  test("problem state sees and changes only MMCR0[FC, PMAE, PMAO] through UMMCR0", () => {
    const c = user(2, "mfspr r5,779");
    expect(c.gpr(5)).toBe(BigInt(MMCR0_FC >>> 0)); // FCS and PMCC read as 0
    load(c, 0x2004, ["mtspr 779,r6"]);
    c.setGpr(6, -1);
    runSlice(c, 1);
    expect(c.sprLo[SPR_MMCR0] >>> 0).toBe((MMCR0_FC | MMCR0_FCS | pmcc(2) | MMCR0_PMAE | MMCR0_PMAO) >>> 0);
  });

  test("problem state sees and changes only MMCR2[FCnP0] through UMMCR2", () => {
    const c = cpu(["mtspr 795,r3", "mtspr 785,r4"]);
    c.setGpr(3, MMCR0_FC | pmcc(2));
    c.setGpr(4, 0x8000_0000_0000_0000n); // FC1S
    runSlice(c, 2);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    c.setGpr(5, -1);
    load(c, 0x2000, ["mtspr 769,r5", "mfspr r6,769"]);
    runSlice(c, 2);
    expect(c.gpr(6)).toBe(0x4020_1008_0402_0000n); // FC1P0 .. FC6P0
    c.setMsr(MSR_SF, MSR_ME);
    load(c, 0x3000, ["mfspr r7,785"]);
    runSlice(c, 1);
    expect(c.gpr(7)).toBe(0xc020_1008_0402_0000n); // the kernel's FC1S is kept
  });

  test("POWER7 (ISA 2.06, no PMCC): the user numbers are read-only in problem state", () => {
    const c = cpu(["mtspr 795,r3"], { model: "power7" });
    c.setGpr(3, pmcc(2));
    runSlice(c, 1);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    load(c, 0x2000, ["mfspr r5,771", "mtspr 771,r5"]);
    runSlice(c, 2);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
    expect(c.sprLo[SPR_SRR0]).toBe(0x2004);
  });
});

describe("counting: PMC5 run instructions, PMC6 run cycles (one per instruction), PMC1-4 by MMCR1 event", () => {
  test("MMCR0 resets with FC set: nothing counts until the kernel clears it", () => {
    const c = cpu([...nops(10), "mfspr r5,791", "mfspr r6,792"]);
    runSlice(c, 12);
    expect([c.gpr(5), c.gpr(6)]).toEqual([0n, 0n]);
  });

  test("PMC5 and PMC6 count every instruction after the mtspr that unfreezes them, the reading one included", () => {
    const c = cpu(["mtspr 795,r0", ...nops(100), "mfspr r5,791", "mfspr r6,792"]);
    runSlice(c, 103);
    expect(c.gpr(5)).toBe(101n); // 100 nops and the mfspr
    expect(c.gpr(6)).toBe(102n); // and the mfspr of PMC5 before it
  });

  test("counting crosses slices and branches exactly (a loop of 3 instructions x 50)", () => {
    const c = cpu(["addi r4,r0,50", "mtspr 9,r4", "mtspr 795,r0", "addi r3,r3,1", "ori r0,r0,0", "bc 16,0,-8", "mfspr r5,791"]);
    for (let left = 3 + 150 + 1; left > 0; ) left -= runSlice(c, Math.min(7, left)); // slices end at arbitrary places
    expect(c.gpr(3)).toBe(50n);
    expect(c.gpr(5)).toBe(151n);
  });

  test("MMCR0[FC] freezes and a write of the counter restarts it from the written value", () => {
    const c = cpu(["mtspr 795,r0", ...nops(9), "mtspr 795,r3", ...nops(20), "mfspr r5,791", "mtspr 791,r4", "mtspr 795,r0", ...nops(4), "mfspr r6,791"]);
    c.setGpr(3, MMCR0_FC);
    c.setGpr(4, 1000);
    runSlice(c, 40);
    expect(c.gpr(5)).toBe(10n); // 9 nops and the freezing mtspr
    expect(c.gpr(6)).toBe(1005n); // 1000, then 4 nops and the mfspr
  });

  test("MMCR0[FC56] freezes PMC5-6 only; MMCR0[FC14] freezes PMC1-4 only", () => {
    const c = cpu(["mtspr 798,r4", "mtspr 795,r3", ...nops(10), "mfspr r5,787", "mfspr r6,791"]);
    c.setGpr(4, 0x02_00_00_00); // PMC1: PM_INST_CMPL
    c.setGpr(3, MMCR0_FC56);
    runSlice(c, 14);
    expect([c.gpr(5), c.gpr(6)]).toEqual([11n, 0n]);
    const d = cpu(["mtspr 798,r4", "mtspr 795,r3", ...nops(10), "mfspr r5,787", "mfspr r6,791"]);
    d.setGpr(4, 0x02_00_00_00);
    d.setGpr(3, MMCR0_FC14);
    runSlice(d, 14);
    expect([d.gpr(5), d.gpr(6)]).toEqual([0n, 12n]);
  });

  test("PMC1-4 count the events QEMU 7.2 models: 0x02 instructions, 0x1e cycles, PMC1 0xfe/0xf0, PMC4 0xfa run instructions", () => {
    const c = cpu(["mtspr 798,r4", "mtspr 795,r0", ...nops(10), "mfspr r5,787", "mfspr r6,788", "mfspr r7,789", "mfspr r8,790"]);
    c.setGpr(4, 0xfe_1e_02_fa);
    runSlice(c, 16);
    expect([c.gpr(5), c.gpr(6), c.gpr(7), c.gpr(8)]).toEqual([11n, 12n, 13n, 14n]);
  });

  test("an event spar does not model counts nothing and is logged once by name", () => {
    const c = cpu(["mtspr 798,r4", "mtspr 795,r0", ...nops(3), "mfspr r5,787"]);
    const logged: string[] = [];
    c.logUnimplemented = (what) => logged.push(what);
    c.setGpr(4, 0x34_00_00_00);
    runSlice(c, 6);
    expect(c.gpr(5)).toBe(0n);
    expect(logged).toContain("performance monitor event 0x34 on PMC1");
  });

  test("CTRL[RUN]=0 stops PMC5, PMC6 and PM_RUN_INST_CMPL unless MMCR0[C56RUN]; plain PM_INST_CMPL goes on", () => {
    const c = cpu(["mtspr 798,r4", "mtspr 795,r0", "mtspr 152,r0", ...nops(10), "mfspr r5,791", "mfspr r6,790", "mfspr r7,787",
      "mtspr 795,r3", ...nops(5), "mfspr r8,791"]);
    c.setGpr(4, 0x02_00_00_fa);
    c.setGpr(3, MMCR0_C56RUN);
    runSlice(c, 23);
    expect([c.gpr(5), c.gpr(6), c.gpr(7)]).toEqual([1n, 1n, 14n]); // the CTRL write itself still ran with RUN set
    expect(c.gpr(8)).toBe(7n); // C56RUN: 1 from before RUN dropped, then the 5 nops and this mfspr
  });

  test("MMCR0[FCS] freezes the counters in privileged state and [FCP] in problem state", () => {
    const c = cpu(["mtspr 795,r3", ...nops(5), "mfspr r5,791"]);
    c.setGpr(3, MMCR0_FCS);
    runSlice(c, 7);
    expect(c.gpr(5)).toBe(0n);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR); // problem state counts
    load(c, 0x2000, [...nops(5)]);
    runSlice(c, 5);
    c.setMsr(MSR_SF, MSR_ME);
    load(c, 0x3000, [...nops(3), "mfspr r6,791", "mtspr 795,r4"]);
    c.setGpr(4, MMCR0_FCP);
    runSlice(c, 5);
    expect(c.gpr(6)).toBe(5n);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    load(c, 0x4000, [...nops(5)]);
    runSlice(c, 5);
    c.setMsr(MSR_SF, MSR_ME);
    load(c, 0x5000, ["mfspr r7,791"]);
    runSlice(c, 1);
    expect(c.gpr(7)).toBe(6n); // the 5 before and this mfspr: problem state did not count
  });

  test("MMCR0[FCP, FCPC]: 01 freezes hypervisor problem state only, 11 guest problem state only", () => {
    const count = (bits: number, hv: boolean) => {
      const c = cpu(["mtspr 795,r3"], { hv: true });
      c.setGpr(3, bits);
      runSlice(c, 1);
      c.setMsr(MSR_SF | (hv ? MSR_HV : 0), MSR_ME | MSR_PR);
      load(c, 0x2000, [...nops(8)]);
      runSlice(c, 8);
      return c.pmu.readCounter(4);
    };
    expect([count(MMCR0_FCPC, true), count(MMCR0_FCPC, false)]).toEqual([0, 8]);
    expect([count(MMCR0_FCP | MMCR0_FCPC, true), count(MMCR0_FCP | MMCR0_FCPC, false)]).toEqual([8, 0]);
    expect([count(MMCR0_FCP, true), count(MMCR0_FCP, false)]).toEqual([0, 0]);
  });

  test("MMCR0[FCM1] freezes the counters while MSR[PMM] is set", () => {
    const c = cpu(["mtspr 795,r3", ...nops(4)]);
    c.setGpr(3, MMCR0_FCM1);
    runSlice(c, 5);
    c.setMsr(MSR_SF, MSR_ME | MSR_PMM);
    load(c, 0x2000, [...nops(6), "mfspr r5,791"]);
    runSlice(c, 7);
    expect(c.gpr(5)).toBe(4n);
  });

  test("MMCR2[FC5P0] freezes PMC5 alone in problem state (Linux's per-event exclude_user on POWER8/9)", () => {
    const c = cpu(["mtspr 785,r4", "mtspr 795,r0"]);
    c.setGpr(4, 1n << BigInt(63 - 37)); // FC5P0 = ISA bit 9 x 4 + 1
    runSlice(c, 2);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    load(c, 0x2000, [...nops(6)]);
    runSlice(c, 6);
    expect([c.pmu.readCounter(4), c.pmu.readCounter(5)]).toEqual([0, 6]);
  });
});

describe("the counter-negative alert and the Performance Monitor interrupt (0xf00)", () => {
  test("PMC5 going negative with PMCjCE and PMAE: PMAE clears, PMAO sets, SIAR/SIER sample, 0xf00 after that instruction", () => {
    const c = cpu(["mtspr 791,r4", "mtspr 795,r3", ...nops(20)], { msr: MSR_EE });
    c.setGpr(4, 0x8000_0000 - 10);
    c.setGpr(3, MMCR0_PMAE | MMCR0_PMCJCE);
    load(c, VEC_PERFORMANCE_MONITOR, nops(10)); // a handler for the rest of the budget
    c.pc = 0x1000n;
    step(c, 22); // the alert ends the slice at the 10th nop
    expect(c.interruptsByVector[VEC_PERFORMANCE_MONITOR >>> 5]).toBe(1);
    expect(c.sprLo[SPR_SRR0]).toBe(0x1008 + 4 * 10); // the 10th nop sent PMC5 negative
    expect(c.sprLo[SPR_MMCR0] & (MMCR0_PMAE | MMCR0_PMAO)).toBe(MMCR0_PMAO);
    expect(c.sprLo[SPR_SIAR]).toBe(0x1008 + 4 * 10);
    expect(c.sprLo[SPR_SIER]).toBe(SIER_SIAR_VALID);
    expect(c.pmu.readCounter(4) >>> 0).toBe(0x8000_000a); // and on through the handler's 10 nops
    expect(c.interrupts).toBe(1);
  });

  test("PMAO is the exception: with MSR[EE]=0 it waits, and the kernel's mtmsrd EE takes it", () => {
    const c = cpu(["mtspr 791,r4", "mtspr 795,r3", ...nops(5), "mtmsrd r5,1", ...nops(3)]);
    c.setGpr(4, 0x8000_0000 - 2);
    c.setGpr(3, MMCR0_PMAE | MMCR0_PMCJCE);
    c.setGpr(5, MSR_EE);
    step(c, 7);
    expect(c.interrupts).toBe(0);
    expect(c.sprLo[SPR_MMCR0] & MMCR0_PMAO).toBe(MMCR0_PMAO);
    step(c, 1);
    expect(c.pc).toBe(BigInt(VEC_PERFORMANCE_MONITOR));
    expect(c.sprLo[SPR_SRR0]).toBe(0x1020);
  });

  test("PMC1 alerts with PMC1CE; a counter already negative alerts at once when enabled", () => {
    const c = cpu(["mtspr 787,r4", "mtspr 795,r3", "ori r0,r0,0"], { msr: MSR_EE });
    c.setGpr(4, 0x8000_0005);
    c.setGpr(3, MMCR0_FC | MMCR0_PMAE | MMCR0_PMC1CE);
    step(c, 2);
    expect(c.pc).toBe(BigInt(VEC_PERFORMANCE_MONITOR));
    expect(c.sprLo[SPR_SRR0]).toBe(0x1008);
  });

  test("MMCR0[FCECE] freezes the counters on the alert, without PMAE and without an interrupt", () => {
    const c = cpu(["mtspr 791,r4", "mtspr 795,r3", ...nops(20)], { msr: MSR_EE });
    c.setGpr(4, 0x8000_0000 - 4);
    c.setGpr(3, MMCR0_FCECE | MMCR0_PMCJCE);
    step(c, 22);
    expect(c.interrupts).toBe(0);
    expect(c.sprLo[SPR_MMCR0] & MMCR0_FC).toBe(MMCR0_FC);
    expect(c.pmu.readCounter(4) >>> 0).toBe(0x8000_0000);
  });

  test("software setting PMAO raises the exception (Linux replays a lost PMI that way)", () => {
    const c = cpu(["mtspr 795,r3", "ori r0,r0,0"], { msr: MSR_EE });
    c.setGpr(3, MMCR0_FC | MMCR0_PMAO);
    step(c, 1);
    expect(c.pc).toBe(BigInt(VEC_PERFORMANCE_MONITOR));
  });

  test("problem state alerts sample MSR[PR] in SIER[SIPR]", () => {
    const c = cpu(["mtspr 791,r4", "mtspr 795,r3"]);
    c.setGpr(4, 0x8000_0000 - 3);
    c.setGpr(3, MMCR0_PMAE | MMCR0_PMCJCE);
    step(c, 2);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR | MSR_EE);
    load(c, 0x2000, [...nops(5)]);
    step(c, 3);
    expect(c.sprLo[SPR_SRR0]).toBe(0x200c);
    expect(c.sprLo[SPR_SIER]).toBe(SIER_SIAR_VALID | SIER_SIPR);
  });

  test("with MMCR0[EBE] the alert would be an event-based branch: PMAO sets, no interrupt, logged once", () => {
    const c = cpu(["mtspr 791,r4", "mtspr 795,r3", ...nops(5)], { msr: MSR_EE });
    const logged: string[] = [];
    c.logUnimplemented = (what) => logged.push(what);
    c.setGpr(4, 0x8000_0000 - 2);
    c.setGpr(3, MMCR0_PMAE | MMCR0_PMCJCE | MMCR0_EBE);
    step(c, 7);
    expect(c.interrupts).toBe(0);
    expect(c.sprLo[SPR_MMCR0] & MMCR0_PMAO).toBe(MMCR0_PMAO);
    expect(logged).toEqual(["performance monitor event-based branches (MMCR0[EBE])"]);
  });
});
