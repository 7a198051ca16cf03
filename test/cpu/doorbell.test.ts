// Directed privileged doorbells (Power ISA 3.0 Book III: interrupt 0xa00, DPDES, msgsndp/msgclrp
// under HFSCR[MSGP]) and the hypervisor doorbell instructions a guest may not run.
import { describe, expect, test } from "bun:test";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { assemble } from "../../vmm/cpu/isa/asm.ts";
import { decode, OP_ILLEGAL } from "../../vmm/cpu/isa/decode.ts";
import { MSR_EE, MSR_HV, MSR_ME, MSR_PR, MSR_SF } from "../../vmm/cpu/msr.ts";
import { SPR_HFSCR, SPR_SRR0, SPR_SRR1 } from "../../vmm/cpu/sprs.ts";
import { HFSCR_MSGP, SRR1_ILLEGAL, SRR1_PRIVILEGED, VEC_DECREMENTER, VEC_EXTERNAL, VEC_PRIVILEGED_DOORBELL, VEC_PROGRAM } from "../../vmm/cpu/state.ts";
import { load, makeCpu } from "./helpers.ts";

/** RB for a directed doorbell: message type (RB[32:36]) 5, target thread (RB[57:63]) `tir`. */
const doorbell = (tir = 0, type = 5) => (type << 27) | tir;
/** SRR1 bits 33:36 and 42:47, which interrupts set by cause (0 for a doorbell). */
const SRR1_CAUSE = 0x783f0000;

/** A guest kernel (MSR[EE] as given) about to run `program` at 0x1000 with r3 = a directed doorbell to thread 0. */
function guest(program: string[], msr = MSR_ME | MSR_EE) {
  const c = makeCpu();
  c.setMsr(MSR_SF, msr);
  c.setGpr(3, doorbell());
  load(c, 0x1000, program);
  return c;
}

/** Run as the machine does: a slice, then the asynchronous interrupts it left pending. */
function step(c: ReturnType<typeof makeCpu>, budget = 1): number {
  const ran = runSlice(c, budget);
  c.takeAsyncInterrupts();
  return ran;
}

describe("msgsndp and the directed privileged doorbell interrupt", () => {
  test("encodings match binutils (Linux's PPC_INST_MSG*)", () => {
    expect(assemble("msgsndp r3")).toBe(0x7c00191c);
    expect(assemble("msgclrp r3")).toBe(0x7c00195c);
    expect(assemble("msgsnd r3")).toBe(0x7c00199c);
    expect(assemble("msgclr r3")).toBe(0x7c0019dc);
    expect(assemble("msgsync")).toBe(0x7c0006ec);
  });

  test("msgsndp to this thread with MSR[EE]=1 interrupts at 0xa00 after the instruction, clearing DPDES", () => {
    const c = guest(["msgsndp r3", "ori r0,r0,0", "ori r0,r0,0"]);
    c.sprLo[SPR_SRR1] = -1;
    expect(step(c, 10)).toBe(1); // the doorbell ends the slice: it is taken before the next instruction
    expect(c.pc).toBe(BigInt(VEC_PRIVILEGED_DOORBELL));
    expect(c.sprLo[SPR_SRR0]).toBe(0x1004);
    expect(c.sprLo[SPR_SRR1] & SRR1_CAUSE).toBe(0);
    expect(c.sprLo[SPR_SRR1] & MSR_EE).toBe(MSR_EE);
    expect(c.msrLo & MSR_EE).toBe(0);
    expect(c.doorbellPending).toBe(false);
    expect(c.interruptsByVector[0xa00 >>> 5]).toBe(1);
  });

  test("with MSR[EE]=0 the doorbell waits in DPDES (bit 63) and is taken when mtmsrd sets EE", () => {
    const c = guest(["msgsndp r3", "mfspr r4,176", "mtmsrd r5,1", "ori r0,r0,0"], MSR_ME);
    c.setGpr(5, MSR_EE);
    step(c);
    expect(c.pc).toBe(0x1004n);
    step(c);
    expect(c.gpr(4)).toBe(1n);
    expect(c.pc).toBe(0x1008n);
    step(c);
    expect(c.pc).toBe(BigInt(VEC_PRIVILEGED_DOORBELL));
    expect(c.sprLo[SPR_SRR0]).toBe(0x100c);
  });

  test("msgclrp withdraws a waiting doorbell", () => {
    const c = guest(["msgsndp r3", "msgclrp r3", "mfspr r4,176", "mtmsrd r5,1"], MSR_ME);
    c.setGpr(5, MSR_EE);
    step(c, 1);
    step(c, 3);
    expect(c.pc).toBe(0x1010n);
    expect(c.gpr(4)).toBe(0n);
    expect(c.interrupts).toBe(0);
  });

  test.each([
    ["a reserved message type", doorbell(0, 0)],
    ["message type 6", doorbell(0, 6)],
    ["a thread the core does not have", doorbell(1)],
  ])("msgsndp with %s does nothing", (_what, rb) => {
    const c = guest(["msgsndp r3", "ori r0,r0,0"]);
    c.setGpr(3, rb);
    step(c);
    step(c);
    expect(c.pc).toBe(0x1008n);
    expect(c.doorbellPending).toBe(false);
  });

  test("priority: external, then decrementer, then the doorbell (each handler runs with EE off)", () => {
    const c = guest([]);
    c.pcLo = 0x2000;
    c.setDoorbell(true);
    c.decPending = true;
    c.setExternalInterrupt(true);
    expect(c.takeAsyncInterrupts()).toBe(true);
    expect(c.pc).toBe(BigInt(VEC_EXTERNAL));
    expect(c.takeAsyncInterrupts()).toBe(false); // EE is now off: both still wait
    c.setExternalInterrupt(false);
    c.setMsr(MSR_SF, MSR_ME | MSR_EE);
    expect(c.takeAsyncInterrupts()).toBe(true);
    expect(c.pc).toBe(BigInt(VEC_DECREMENTER));
    expect(c.doorbellPending).toBe(true);
    c.setMsr(MSR_SF, MSR_ME | MSR_EE);
    expect(c.takeAsyncInterrupts()).toBe(true);
    expect(c.pc).toBe(BigInt(VEC_PRIVILEGED_DOORBELL));
    expect(c.takeAsyncInterrupts()).toBe(false);
  });

  test("problem state: msgsndp, msgclrp and mfspr DPDES are privileged instructions", () => {
    for (const insn of ["msgsndp r3", "msgclrp r3", "mfspr r4,176"]) {
      const c = guest([insn], MSR_ME | MSR_EE | MSR_PR);
      step(c);
      expect(c.pc).toBe(BigInt(VEC_PROGRAM));
      expect(c.sprLo[SPR_SRR1] & SRR1_CAUSE).toBe(SRR1_PRIVILEGED);
      expect(c.doorbellPending).toBe(false);
    }
  });

  test("HFSCR[MSGP]=0: the guest's msgsndp and mfspr DPDES raise hypervisor facility unavailable (HFSCR[IC]=10), reflected as illegal", () => {
    for (const insn of ["msgsndp r3", "msgclrp r3", "mfspr r4,176"]) {
      const c = guest([insn]);
      c.sprLo[SPR_HFSCR] = 0;
      step(c);
      expect(c.pc).toBe(BigInt(VEC_PROGRAM));
      expect(c.sprLo[SPR_SRR0]).toBe(0x1000);
      expect(c.sprLo[SPR_SRR1] & SRR1_CAUSE).toBe(SRR1_ILLEGAL);
      expect(c.sprHi[SPR_HFSCR] >>> 24).toBe(10);
      expect(c.doorbellPending).toBe(false);
    }
  });

  test("HFSCR[MSGP] does not govern hypervisor state, and spar's partitions start with it set", () => {
    expect(makeCpu().sprLo[SPR_HFSCR] & HFSCR_MSGP).toBe(HFSCR_MSGP);
    const c = makeCpu();
    c.setMsr(MSR_SF | MSR_HV, MSR_ME);
    c.sprLo[SPR_HFSCR] = 0;
    c.setGpr(3, doorbell());
    load(c, 0x1000, ["msgsndp r3"]);
    step(c);
    expect(c.doorbellPending).toBe(true);
  });

  test("DPDES: the guest may not write it; the hypervisor may, raising or withdrawing the doorbell", () => {
    const c = guest(["mtspr 176,r5"], MSR_ME);
    c.setGpr(5, 1);
    step(c);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
    expect(c.sprLo[SPR_SRR1] & SRR1_CAUSE).toBe(SRR1_PRIVILEGED);
    const h = makeCpu();
    h.setMsr(MSR_SF | MSR_HV, MSR_ME);
    h.setGpr(5, 1);
    load(h, 0x1000, ["mtspr 176,r5", "mfspr r6,176"]);
    step(h);
    step(h);
    expect(h.doorbellPending).toBe(true);
    expect(h.gpr(6)).toBe(1n);
  });

  test("msgsndp is ISA 2.07: POWER8 decodes it, POWER7 does not; msgsync is ISA 3.0", () => {
    expect(decode(assemble("msgsndp r3"), 207)).not.toBe(OP_ILLEGAL);
    expect(decode(assemble("msgsndp r3"), 206)).toBe(OP_ILLEGAL);
    expect(decode(assemble("msgsync"), 207)).toBe(OP_ILLEGAL);
  });
});

describe("hypervisor doorbell instructions from the guest", () => {
  test.each(["msgsnd r3", "msgclr r3", "msgsync"])("%s in the guest kernel or problem state is a privileged-instruction program interrupt", (insn) => {
    for (const msr of [MSR_ME, MSR_ME | MSR_PR]) {
      const c = guest([insn], msr);
      step(c);
      expect(c.pc).toBe(BigInt(VEC_PROGRAM));
      expect(c.sprLo[SPR_SRR0]).toBe(0x1000);
      expect(c.sprLo[SPR_SRR1] & SRR1_CAUSE).toBe(SRR1_PRIVILEGED);
    }
  });

  test("in hypervisor state they run (one thread per core: nothing to signal)", () => {
    const c = makeCpu();
    c.setMsr(MSR_SF | MSR_HV, MSR_ME);
    load(c, 0x1000, ["msgsnd r3", "msgsync", "msgclr r3"]);
    step(c, 3);
    expect(c.pc).toBe(0x100cn);
    expect(c.interrupts).toBe(0);
  });
});
