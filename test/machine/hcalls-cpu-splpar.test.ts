// Processor and shared-processor hcalls through the pseries machine, with PAPR's return codes.
import { describe, expect, test } from "bun:test";
import { MSR_EE, MSR_ME, MSR_SF } from "../../vmm/cpu/msr.ts";
import { cpuCharacteristics } from "../../vmm/machine/hcalls-cpu.ts";
import { bootPseries, guestBin, hcall } from "./boot-machine.ts";

async function machine(extra: string[] = []) {
  return (await bootPseries(["-icount", "shift=0", ...extra, "-bios", guestBin("hello-be")])).machine;
}

describe("H_GET_CPU_CHARACTERISTICS", () => {
  test("QEMU's default caps (workarounds, count-cache flush assist)", async () => {
    const m = await machine();
    expect(hcall(m, 0x1c8)).toBe(0);
    // ORI31 bar, L1D flush ori30/trig2/thread-private, branch hints, bcctr flush assist | security, L1D flush PR, bounds-check bar, flush count cache
    expect(m.cpu.gpr(4)).toBe(0xbc40_0000_0000_0000n);
    expect(m.cpu.gpr(5)).toBe(0xe400_0000_0000_0000n);
  });

  test("broken caps advertise the flushes the guest must do itself", () => {
    const { characteristics, behaviour } = cpuCharacteristics({ cfpc: "broken", sbbc: "broken", ibs: "broken", ccfAssist: false, largeDecr: true });
    expect(characteristics >>> 0).toBe(0x0400_0000);
    expect(behaviour >>> 0).toBe(0xe000_0000);
  });
});

describe("H_PAGE_INIT", () => {
  test("zeroes and copies 4 KiB pages, refusing misaligned or out-of-RAM pages", async () => {
    const m = await machine();
    m.mem.write(0x20000, new Uint8Array(4096).fill(7));
    expect(hcall(m, 0x2c, 1n << 14n, 0x30000n, 0x20000n)).toBe(0); // H_COPY_PAGE
    expect(m.mem.u8[0x30fff]).toBe(7);
    expect(hcall(m, 0x2c, 1n << 15n, 0x30000n, 0n)).toBe(0); // H_ZERO_PAGE
    expect(m.mem.u8[0x30fff]).toBe(0);
    expect(hcall(m, 0x2c, 1n << 15n, 0x30010n, 0n)).toBe(-4);
    expect(hcall(m, 0x2c, 1n << 14n, 0x30000n, BigInt(m.mem.size))).toBe(-4);
    expect(hcall(m, 0x2c, 1n << 3n, 0x30000n, 0n)).toBe(-4); // unknown flag
  });
});

describe("H_REGISTER_VPA", () => {
  const REGISTER_VPA = 1n << 45n, REGISTER_SLB_SHADOW = 3n << 45n, DEREGISTER_VPA = 5n << 45n;

  test("checks the processor, alignment, size and page crossing, and orders the areas", async () => {
    const m = await machine();
    m.mem.view.setUint16(0x40004, 640); // VPA size
    expect(hcall(m, 0xdc, REGISTER_SLB_SHADOW, 0n, 0x41000n)).toBe(-16); // H_RESOURCE: no VPA yet
    expect(hcall(m, 0xdc, REGISTER_VPA, 1n, 0x40000n)).toBe(-4); // no processor 1
    expect(hcall(m, 0xdc, REGISTER_VPA, 0n, 0x40040n)).toBe(-4); // not cache-line aligned
    m.mem.view.setUint16(0x40f84, 640);
    expect(hcall(m, 0xdc, REGISTER_VPA, 0n, 0x40f80n)).toBe(-4); // crosses a 4 KiB page
    m.mem.view.setUint16(0x42004, 100);
    expect(hcall(m, 0xdc, REGISTER_VPA, 0n, 0x42000n)).toBe(-4); // too small
    expect(hcall(m, 0xdc, REGISTER_VPA, 0n, 0x40000n)).toBe(0);
    m.mem.view.setUint32(0x41004, 64);
    expect(hcall(m, 0xdc, REGISTER_SLB_SHADOW, 0n, 0x41000n)).toBe(0);
    expect(hcall(m, 0xdc, DEREGISTER_VPA, 0n, 0n)).toBe(-16); // the SLB shadow is still registered
  });
});

describe("H_CEDE", () => {
  test("idles until the decrementer fires, then takes it (with -icount, no instructions pass)", async () => {
    const m = await machine();
    const cpu = m.cpu;
    cpu.setMsr(MSR_SF, MSR_ME);
    cpu.writeDecrementer(1_000_000);
    cpu.pcLo = 0x3000;
    expect(hcall(m, 0xe0)).toBe(0);
    expect(cpu.halted).toBe(true);
    expect(cpu.msrLo & MSR_EE).toBe(MSR_EE);
    const before = cpu.instructions;
    let taken = 0;
    cpu.onInterrupt = (vector) => {
      taken = vector;
      m.stop(0);
    };
    m.state = "running";
    await m.run();
    expect(taken).toBe(0x900);
    expect(cpu.sprLo[26]).toBe(0x3000); // SRR0: where the guest ceded
    expect(cpu.instructions).toBe(before); // the idle time was skipped, not executed
  });

  test("a decrementer that expires as the guest cedes wakes it: it runs the handler, not idles at the vector", async () => {
    // The cede and the interrupt land in the same machine step: the thread must not stay halted at 0x900.
    const m = await machine();
    const cpu = m.cpu;
    cpu.setMsr(MSR_SF, MSR_ME);
    cpu.writeDecrementer(0);
    expect(hcall(m, 0xe0)).toBe(0);
    cpu.takeAsyncInterrupts();
    expect(cpu.pcLo).toBe(0x900);
    expect(cpu.halted).toBe(false);
  });

  test("a privileged doorbell the guest sent itself before ceding ends the cede at once, at 0xa00", async () => {
    const m = await machine();
    const cpu = m.cpu;
    cpu.setMsr(MSR_SF, MSR_ME);
    cpu.setDoorbell(true); // msgsndp with MSR[EE]=0
    expect(hcall(m, 0xe0)).toBe(0);
    expect(cpu.halted).toBe(false);
    cpu.takeAsyncInterrupts();
    expect(cpu.pcLo).toBe(0xa00);
  });
});
