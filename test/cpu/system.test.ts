// Book III behaviour the QEMU differential cannot record: privilege rules, PCR compat modes,
// the timebase and decrementer, hypercalls and rfid. Expected values come from the ISA book.
import { describe, expect, test } from "bun:test";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { MSR_EE, MSR_HV, MSR_IR, MSR_DR, MSR_LE, MSR_ME, MSR_PR, MSR_RI, MSR_SF } from "../../vmm/cpu/msr.ts";
import { SPR_FSCR, SPR_SRR0, SPR_SRR1 } from "../../vmm/cpu/sprs.ts";
import { FSCR_EBB, SRR1_ILLEGAL, SRR1_PRIVILEGED, VEC_DECREMENTER, VEC_PROGRAM, VEC_SYSTEM_CALL } from "../../vmm/cpu/state.ts";
import { load, makeCpu } from "./helpers.ts";

const srr0 = (c: ReturnType<typeof makeCpu>) => (BigInt(c.sprHi[SPR_SRR0] >>> 0) << 32n) | BigInt(c.sprLo[SPR_SRR0] >>> 0);

describe("special-purpose registers", () => {
  test.each([["power7", 0x003f0203], ["power8", 0x004d0200], ["power9", 0x004e1200]])("PVR of %s", (model, pvr) => {
    const c = makeCpu({ model });
    load(c, 0x1000, ["mfspr r3,287"]);
    runSlice(c, 1);
    expect(c.gpr(3)).toBe(BigInt(pvr));
  });

  test("32-bit SPRs read back with a zero upper half (VRSAVE)", () => {
    const c = makeCpu();
    c.setGpr(3, 0x123456789abcdef0n);
    load(c, 0x1000, ["mtspr 256,r3", "mfspr r4,256"]);
    runSlice(c, 2);
    expect(c.gpr(4)).toBe(0x9abcdef0n);
  });

  test("a privileged SPR from problem state is a privileged-instruction program interrupt", () => {
    const c = makeCpu();
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    load(c, 0x1000, ["mfspr r3,26"]);
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
    expect(srr0(c)).toBe(0x1000n);
    expect(c.sprLo[SPR_SRR1] & SRR1_PRIVILEGED).toBe(SRR1_PRIVILEGED);
  });

  test("a hypervisor SPR from the guest kernel is a privileged-instruction program interrupt", () => {
    const c = makeCpu();
    load(c, 0x1000, ["mtspr 318,r3"]); // LPCR
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
    expect(c.sprLo[SPR_SRR1] & SRR1_PRIVILEGED).toBe(SRR1_PRIVILEGED);
  });

  test("an undefined SPR is a no-op in privileged state, logged once, and illegal from problem state", () => {
    const c = makeCpu();
    const logged: string[] = [];
    c.logUnimplemented = (what) => logged.push(what);
    load(c, 0x1000, ["mtspr 777,r3", "mfspr r4,777"]);
    runSlice(c, 2);
    expect(c.pc).toBe(0x1008n);
    expect(logged).toEqual(["mtspr 777", "mfspr 777"]);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    load(c, 0x1000, ["mtspr 778,r3"]); // 778 has the 0x10 bit clear: illegal, not privileged
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
    expect(c.sprLo[SPR_SRR1] & SRR1_ILLEGAL).toBe(SRR1_ILLEGAL);
  });

  test("PCR compat bits make newer instructions illegal in problem state, and only there (Book III, PCR)", () => {
    const c = makeCpu();
    c.setMsr(MSR_SF | MSR_HV, MSR_ME);
    c.setGpr(3, 0x8); // PCR[v2.07]: modsw (ISA 3.0) becomes illegal in problem state
    c.setGpr(5, 7);
    c.setGpr(6, 2);
    load(c, 0x1000, ["mtspr 338,r3", "modsw r4,r5,r6"]);
    runSlice(c, 1);
    runSlice(c, 1);
    expect([c.pc, c.gpr(4)]).toEqual([0x1008n, 1n]); // the hypervisor still has ISA 3.0
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    c.pc = 0x1004n;
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
    expect(srr0(c)).toBe(0x1004n);
    expect([c.sprHi[SPR_SRR1], c.sprLo[SPR_SRR1]]).toEqual([MSR_SF, MSR_ME | MSR_PR | SRR1_ILLEGAL]);
  });

  test("problem-state mtspr AMR (SPR 13) changes only the bits UAMOR allows; the kernel's write all of them", () => {
    const c = makeCpu();
    c.setGpr(3, 0xf0f0_0000_0000_00ffn); // UAMOR: the user may change these bits
    c.setGpr(4, 0xffff_ffff_0000_0000n); // the kernel's AMR
    c.setGpr(5, 0x0f0f_ffff_ffff_ff0fn); // what the user writes
    load(c, 0x1000, ["mtspr 157,r3", "mtspr 29,r4", "mfspr r7,29"]);
    for (let i = 0; i < 3; i++) runSlice(c, 1); // an AMR write ends the slice (it flushes cached translations)
    expect(c.gpr(7)).toBe(0xffff_ffff_0000_0000n);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    load(c, 0x2000, ["mtspr 13,r5", "mfspr r6,13"]);
    for (let i = 0; i < 2; i++) runSlice(c, 1);
    // The kernel's bits where UAMOR is 0 (0f0f_ffff_0000_0000), the user's where it is 1 (0x0f).
    expect(c.gpr(6)).toBe(0x0f0f_ffff_0000_000fn);
  });
});

describe("timebase and decrementer", () => {
  test("the deterministic timebase advances 512 ticks per 1000 instructions", () => {
    // The count includes the instruction reading the timebase: 1 and 1000 instructions.
    const c = makeCpu({ ram: 1 << 22 });
    const nops = Array.from({ length: 998 }, () => "ori r0,r0,0");
    load(c, 0x1000, ["mfspr r3,268", ...nops, "mfspr r4,268"]);
    runSlice(c, 1000);
    expect(c.gpr(4) - c.gpr(3)).toBe(512n); // floor(1000 * 0.512) - floor(1 * 0.512)
  });

  test("PURR and SPURR count with the timebase (the one thread owns every cycle); the guest cannot write them", () => {
    const c = makeCpu({ ram: 1 << 22 });
    const nops = Array.from({ length: 998 }, () => "ori r0,r0,0");
    load(c, 0x1000, ["mfspr r3,309", ...nops, "mfspr r4,309", "mfspr r5,308", "mtspr 309,r3"]);
    runSlice(c, 1001);
    expect(c.gpr(4) - c.gpr(3)).toBe(512n);
    expect(c.gpr(5)).toBe(c.gpr(4)); // SPURR one instruction later: floor(1001 x 0.512) = floor(1000 x 0.512)
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
  });

  test("VTB, the partition's virtual timebase, reads as the timebase (QEMU's); writing it is the hypervisor's", () => {
    const c = makeCpu({ model: "power8", ram: 1 << 22 });
    const nops = Array.from({ length: 998 }, () => "ori r0,r0,0");
    load(c, 0x1000, ["mfspr r3,268", ...nops, "mfspr r4,849", "mtspr 849,r3"]);
    runSlice(c, 1000);
    expect(c.gpr(4) - c.gpr(3)).toBe(512n); // floor(1000 x 0.512) - floor(1 x 0.512), as TB reads
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
  });

  test("the EBB registers (EBBHR, EBBRR, BESCR) hold what is written; from problem state only with FSCR[EBB]", () => {
    const c = makeCpu({ model: "power8" });
    c.setGpr(3, 0xc000000000001234n);
    load(c, 0x1000, ["mtspr 804,r3", "mfspr r4,804", "mtspr 806,r3", "mfspr r5,806", "mfspr r6,805"]);
    c.setGpr(6, 7);
    runSlice(c, 5);
    expect([c.gpr(4), c.gpr(5), c.gpr(6)]).toEqual([0xc000000000001234n, 0xc000000000001234n, 0n]);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    load(c, 0x2000, ["mfspr r7,804"]);
    runSlice(c, 1);
    expect(c.pc).toBe(0xf60n); // facility unavailable, FSCR[IC] = 7
    expect(c.sprHi[SPR_FSCR] >>> 24).toBe(7);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    c.sprLo[SPR_FSCR] = FSCR_EBB;
    load(c, 0x2000, ["mfspr r7,804"]);
    runSlice(c, 1);
    expect(c.gpr(7)).toBe(0xc000000000001234n);
  });

  test("DEC going negative interrupts at 0x900 once MSR[EE] is set", () => {
    const c = makeCpu();
    c.setGpr(3, 10);
    const nops = Array.from({ length: 40 }, () => "ori r0,r0,0");
    load(c, 0x1000, ["mtspr 22,r3", ...nops]);
    for (let i = 0; i < 41; i++) {
      runSlice(c, 1);
      c.checkDecrementer();
    }
    expect(c.decPending).toBe(true); // EE is off: latched, not taken
    c.setMsr(MSR_SF, MSR_ME | MSR_EE);
    c.checkDecrementer();
    expect(c.pc).toBe(BigInt(VEC_DECREMENTER));
    expect(srr0(c)).toBe(0x10a4n);
  });

  test("mfspr DEC reads the remaining count", () => {
    const c = makeCpu();
    c.setGpr(3, 1000);
    load(c, 0x1000, ["mtspr 22,r3", "mfspr r4,22"]);
    while (c.pc !== 0x1008n) runSlice(c, 1); // writing DEC ends the slice
    expect(c.gpr(4)).toBe(999n); // written at instruction 1 (tick 0), read at instruction 2 (tick 1)
  });
});

describe("system linkage", () => {
  test("sc 1 from the guest kernel goes to the hypervisor", () => {
    const c = makeCpu();
    let served = 0;
    c.hypercall = (cpu) => {
      served = cpu.gprLo[3];
      cpu.setGpr(3, 0);
    };
    c.setGpr(3, 0x58);
    load(c, 0x1000, ["sc 1", "addi r4,0,1"]);
    runSlice(c, 2);
    expect(served).toBe(0x58);
    expect(c.gpr(4)).toBe(1n);
  });

  test("sc 0 is a system call interrupt with SRR0 = the next instruction", () => {
    const c = makeCpu({ le: true });
    c.interruptLittleEndian = true;
    load(c, 0x1000, ["sc 0"]);
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_SYSTEM_CALL));
    expect(srr0(c)).toBe(0x1004n);
    expect(c.msrLo & MSR_LE).toBe(MSR_LE); // LPCR[ILE]
  });

  test("rfid to problem state turns on EE, IR and DR and keeps ME", () => {
    const c = makeCpu();
    c.sprLo[SPR_SRR0] = 0x2000;
    c.sprHi[SPR_SRR1] = MSR_SF;
    c.sprLo[SPR_SRR1] = MSR_PR; // ME clear in SRR1, but it may not change outside hypervisor state
    load(c, 0x1000, ["rfid"]);
    runSlice(c, 1);
    expect(c.pc).toBe(0x2000n);
    expect(c.msrLo).toBe(MSR_PR | MSR_EE | MSR_IR | MSR_DR | MSR_ME);
  });

  test("mtmsrd with L=1 changes only EE and RI", () => {
    const c = makeCpu();
    c.setGpr(3, 0xffffffffffffffffn);
    load(c, 0x1000, ["mtmsrd r3,1"]);
    runSlice(c, 1);
    expect(c.msrHi).toBe(MSR_SF);
    expect(c.msrLo).toBe(MSR_ME | MSR_EE | MSR_RI);
  });

  test("darn gives 32-bit or 64-bit values and fails with L=3", () => {
    const c = makeCpu();
    load(c, 0x1000, [0x7c6005e6, 0x7c8305e6]); // darn r3,0 and darn r4,3
    runSlice(c, 2);
    expect(c.gpr(3) >> 32n).toBe(0n);
    expect(c.gpr(4)).toBe(0xffffffffffffffffn);
  });
});

describe("interpreter", () => {
  test("a PCR write reaches problem-state code decoded before it", () => {
    const c = makeCpu();
    c.setGpr(5, 0x8000);
    load(c, 0x2000, ["lbarx r4,0,r5"]);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    runSlice(c, 1);
    expect(c.pc).toBe(0x2004n); // ISA 2.07 on POWER9: it runs, and stays decoded
    c.setMsr(MSR_SF | MSR_HV, MSR_ME);
    c.setGpr(3, 0x4); // PCR[v2.06]: lbarx becomes illegal in problem state
    load(c, 0x1000, ["mtspr 338,r3"]);
    runSlice(c, 1);
    c.setMsr(MSR_SF, MSR_ME | MSR_PR);
    c.pc = 0x2000n;
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
    expect(srr0(c)).toBe(0x2000n);
  });
});

describe("large decrementer (LPCR[LD])", () => {
  test("DEC holds 56 bits, sign-extended from bit 8, and reads back through mfspr", () => {
    const c = makeCpu();
    c.sprLo[318] |= 1 << 17; // LPCR[LD]
    c.setGpr(3, 0x0000_0123_4567_89abn); // beyond 32 bits
    c.setGpr(5, 0xff80_0000_0000_0000n); // bit 8 set: a negative 56-bit value
    load(c, 0x1000, ["mtspr 22,r3", "mfspr r4,22", "mtspr 22,r5", "mfspr r6,22"]);
    while (c.pc < 0x1010n) runSlice(c, 1);
    expect(c.gpr(4)).toBe(0x0000_0123_4567_89abn - 1n); // one tick passed (instruction 2, 0.512 ticks each)
    expect(BigInt.asIntN(64, c.gpr(6))).toBeLessThan(0n);
  });

  test("without LPCR[LD], DEC is 32 bits and reads back sign-extended", () => {
    const c = makeCpu();
    c.setGpr(3, 0x0000_0001_8000_0010n);
    load(c, 0x1000, ["mtspr 22,r3", "mfspr r4,22"]);
    while (c.pc < 0x1008n) runSlice(c, 1);
    expect(c.gpr(4)).toBe(0xffff_ffff_8000_000fn);
  });
});
