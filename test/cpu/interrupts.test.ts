// Interrupt delivery as Book III-S §7 describes it for a pseries guest: LPCR[AIL] relocation,
// LPCR[ILE], scv and FSCR facility checks.
import { describe, expect, test } from "bun:test";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { runWithTrace } from "../../vmm/cpu/trace-interrupt.ts";
import { MSR_BE, MSR_DR, MSR_EE, MSR_IR, MSR_LE, MSR_ME, MSR_PR, MSR_RI, MSR_SE, MSR_SF } from "../../vmm/cpu/msr.ts";
import { SPR_FSCR, SPR_LPCR, SPR_SRR0 } from "../../vmm/cpu/sprs.ts";
import { FSCR_SCV, LPCR_AIL_SHIFT, VEC_FACILITY_UNAVAILABLE, VEC_SYSTEM_CALL } from "../../vmm/cpu/state.ts";
import { load, makeCpu } from "./helpers.ts";

describe("interrupt delivery", () => {
  test("AIL=3 relocates interrupts taken with translation on to 0xc000_0000_0000_4000 + vector", () => {
    const c = makeCpu();
    c.sprLo[SPR_LPCR] = 3 << LPCR_AIL_SHIFT;
    load(c, 0x1000, ["sc 0"]);
    c.setMsr(MSR_SF, MSR_ME | MSR_IR | MSR_DR); // no MMU installed: relocation-on runs through real mode
    runSlice(c, 1);
    expect(c.pc).toBe(0xc000000000004c00n);
    expect(c.msrLo & (MSR_IR | MSR_DR)).toBe(MSR_IR | MSR_DR);
  });

  test("AIL does not apply to interrupts taken in real mode", () => {
    const c = makeCpu();
    c.sprLo[SPR_LPCR] = 3 << LPCR_AIL_SHIFT;
    load(c, 0x1000, ["sc 0"]);
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_SYSTEM_CALL));
    expect(c.msrLo & (MSR_IR | MSR_DR)).toBe(0);
  });

  test("scv goes to 0x1_7000 + 32 x LEV with LR = next instruction and CTR = MSR", () => {
    const c = makeCpu({ le: true });
    load(c, 0x1000, [0x44000061]); // scv 3
    runSlice(c, 1);
    expect(c.pc).toBe(0x17060n);
    expect(c.lrLo).toBe(0x1004);
    expect(c.ctrLo).toBe(MSR_ME | MSR_LE);
    expect(c.sprLo[SPR_SRR0]).toBe(0); // scv leaves SRR0/SRR1 alone
  });

  test.each([
    [3, 0xc000000000003020n, MSR_IR | MSR_DR],
    [2, 0x17020n, MSR_IR | MSR_DR],
    [0, 0x17020n, 0],
  ])("scv 1 from user space with AIL=%d goes to %s, keeping MSR[EE] and MSR[RI]", (ail, vector, translation) => {
    // Linux 6.1 puts its scv entry at 0xc000_0000_0000_3000 (EXC_VIRT 0x3000) and, since EE
    // stays on, treats those vectors as soft-masked.
    const c = makeCpu({ le: true });
    c.sprLo[SPR_LPCR] = ail << LPCR_AIL_SHIFT;
    c.sprLo[SPR_FSCR] = FSCR_SCV;
    c.setMsr(MSR_SF, MSR_ME | MSR_PR | MSR_EE | MSR_RI | MSR_IR | MSR_DR | MSR_LE);
    c.flushTranslation();
    load(c, 0x1000, [0x44000021]); // scv 1
    c.mmu = { amrInProblemState: false, translate: (_c, _hi, lo, _a, out) => ((out.ra = lo & 0xffffff), (out.read = out.write = out.exec = true), true) };
    runSlice(c, 1);
    expect(c.pc).toBe(vector);
    expect(c.msrLo & (MSR_EE | MSR_RI | MSR_IR | MSR_DR | MSR_PR)).toBe(MSR_EE | MSR_RI | translation);
  });

  test("scv from problem state needs FSCR[SCV]: facility unavailable, FSCR[IC] = 12", () => {
    const c = makeCpu();
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    load(c, 0x1000, [0x44000001]); // scv 0
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_FACILITY_UNAVAILABLE));
    expect(c.sprHi[SPR_FSCR] >>> 24).toBe(12);
    c.sprLo[SPR_FSCR] = FSCR_SCV;
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    load(c, 0x1000, [0x44000001]);
    runSlice(c, 1);
    expect(c.pc).toBe(0x17000n);
  });
});

describe("CFAR", () => {
  test("holds the address of the last taken branch, not of branches that fall through", () => {
    const c = makeCpu();
    // b to 0x1008; bne (bc 4,2) falls through because CR0[EQ] is set; b from 0x100c to 0x1014.
    load(c, 0x1000, ["b 0x8", "ori r0,r0,0", "bc 4,2,0x10", "b 0x8"]);
    c.cr = 0x20000000;
    runSlice(c, 3);
    expect(c.sprLo[28]).toBe(0x100c); // the b at 0x100c was the last taken branch
    expect(c.pc).toBe(0x1014n);
  });
});

describe("trace interrupts (MSR[SE], MSR[BE])", () => {
  const SRR1_33 = 1 << 30, SRR1_35 = 1 << 28, SRR1_36 = 1 << 27;

  function traced(msrBits: number, program: string[], steps = 1) {
    const c = makeCpu();
    load(c, 0x1000, program);
    c.setGpr(4, 0x8000);
    c.setMsr(MSR_SF, MSR_ME | msrBits);
    runWithTrace(c, steps);
    return c;
  }

  test("single step: after an add, 0xd00 with SRR0 = the next instruction, SRR1[33], SIAR = the add", () => {
    const c = traced(MSR_SE, ["add r3,r3,r3"]);
    expect(c.pc).toBe(0xd00n);
    expect(c.sprLo[SPR_SRR0]).toBe(0x1004);
    expect(c.sprLo[27] & (SRR1_33 | SRR1_35 | SRR1_36)).toBe(SRR1_33);
    expect(c.sprLo[796]).toBe(0x1000); // SIAR (796; 780 is its problem-state number)
    expect(c.msrLo & MSR_SE).toBe(0); // the interrupt turns tracing off
  });

  test("single step marks loads with SRR1[35] and stores with SRR1[36]", () => {
    expect(traced(MSR_SE, ["lwz r3,0(r4)"]).sprLo[27] & (SRR1_35 | SRR1_36)).toBe(SRR1_35);
    expect(traced(MSR_SE, ["stw r3,0(r4)"]).sprLo[27] & (SRR1_35 | SRR1_36)).toBe(SRR1_36);
  });

  test("branch trace fires after a branch, taken or not, and not after other instructions", () => {
    expect(traced(MSR_BE, ["add r3,r3,r3"]).pc).toBe(0x1004n);
    const c = traced(MSR_BE, ["bc 12,2,0x100"]); // not taken: CR0[EQ] is clear
    expect(c.pc).toBe(0xd00n);
    expect(c.sprLo[SPR_SRR0]).toBe(0x1004);
  });

  test("an instruction that raises its own interrupt is not traced", () => {
    const c = traced(MSR_SE, ["sc 0"]);
    expect(c.pc).toBe(BigInt(VEC_SYSTEM_CALL));
  });
});

describe("external interrupts", () => {
  test("a pending external interrupt waits for MSR[EE], then goes to 0x500 before the decrementer", () => {
    const c = makeCpu();
    c.decPending = true;
    c.setExternalInterrupt(true);
    expect(c.takeAsyncInterrupts()).toBe(false);
    c.setMsr(MSR_SF, MSR_ME | MSR_EE);
    c.pcLo = 0x2000;
    expect(c.takeAsyncInterrupts()).toBe(true);
    expect(c.pc).toBe(0x500n);
    expect(c.sprLo[SPR_SRR0]).toBe(0x2000);
    expect(c.decPending).toBe(true); // still waiting: the handler runs with EE off
  });
});
