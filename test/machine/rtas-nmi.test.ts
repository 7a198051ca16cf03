// Firmware-assisted NMI: ibm,nmi-register and ibm,nmi-interlock as QEMU 7.2 answers them, and
// H_SIGNAL_SYS_RESET delivering a system reset to spar's one vCPU, at 0x100 or at the registered
// handler with r3 pointing at the thread's save area in the RTAS area.
import { beforeEach, describe, expect, test } from "bun:test";
import { Cpu } from "../../vmm/cpu/state.ts";
import { findCpuModel } from "../../vmm/cpu/models.ts";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { HcallTable } from "../../vmm/machine/hcalls.ts";
import { H_SIGNAL_SYS_RESET, registerSysResetHcall } from "../../vmm/machine/hcalls-sys-reset.ts";
import { Fwnmi, registerNmiRtas } from "../../vmm/machine/rtas-nmi.ts";
import { Rtas } from "../../vmm/machine/rtas.ts";
import { rtasCaller } from "./rtas-call.ts";

const MiB = 2 ** 20;
const RTAS_BASE = 0x2fff0000 % (64 * MiB); // where Linux's prom_init put RTAS, within this RAM
const mem = new GuestMemory(64 * MiB);
let rtas: Rtas, fwnmi: Fwnmi, rtasBase: number | undefined, hcalls: HcallTable, cpu: Cpu;
const rtasCall = rtasCaller(mem, () => rtas, 0x1000);

beforeEach(() => {
  rtasBase = RTAS_BASE;
  rtas = new Rtas(mem, () => {});
  fwnmi = new Fwnmi(mem, () => rtasBase);
  registerNmiRtas(rtas, fwnmi, mem.size);
  hcalls = new HcallTable(() => {});
  registerSysResetHcall(hcalls, fwnmi);
  cpu = new Cpu(findCpuModel("power8")!, mem);
});

describe("ibm,nmi-register and ibm,nmi-interlock", () => {
  test("Linux's registration (system reset 0x1920, machine check 0x1990) succeeds", () => {
    expect(rtasCall("ibm,nmi-register", [0x1920, 0x1990], 1)).toEqual([0]);
    expect(fwnmi.handlers).toEqual({ systemReset: 0x1920, machineCheck: 0x1990 });
  });

  test("handlers at or above 32 MiB, or the wrong argument count, are a parameter error", () => {
    expect(rtasCall("ibm,nmi-register", [32 * MiB, 0x1990], 1)).toEqual([-3]);
    expect(rtasCall("ibm,nmi-register", [0x1920, 32 * MiB], 1)).toEqual([-3]);
    expect(rtasCall("ibm,nmi-register", [0x1920], 1)).toEqual([-3]);
    expect(fwnmi.handlers).toBeUndefined();
  });

  test("before the OS has instantiated RTAS there is nowhere for the save areas: not supported", () => {
    rtasBase = undefined;
    expect(rtasCall("ibm,nmi-register", [0x1920, 0x1990], 1)).toEqual([-3]);
  });

  test("ibm,nmi-interlock is a parameter error before registration, success after (no machine check is held)", () => {
    expect(rtasCall("ibm,nmi-interlock", [], 1)).toEqual([-3]);
    rtasCall("ibm,nmi-register", [0x1920, 0x1990], 1);
    expect(rtasCall("ibm,nmi-interlock", [], 1)).toEqual([0]);
  });
});

describe("H_SIGNAL_SYS_RESET", () => {
  const signal = (target: bigint) => {
    cpu.pcHi = 0;
    cpu.pcLo = 0x4004; // the instruction after the hcall's sc
    cpu.setGpr(3, H_SIGNAL_SYS_RESET);
    cpu.setGpr(4, BigInt.asUintN(64, target));
    hcalls.dispatch(cpu);
    return BigInt.asIntN(64, cpu.gpr(3));
  };

  test("all but self reaches no one; a thread that does not exist, or a target below -2, is H_PARAMETER", () => {
    expect(signal(-2n)).toBe(0n);
    expect(cpu.pcLo).toBe(0x4004);
    for (const target of [1n, 7n, -3n]) expect(signal(target)).toBe(-4n);
    expect(cpu.interrupts).toBe(0);
  });

  test.each([-1n, 0n])("target %p resets the caller at 0x100 after the call completes", (target) => {
    cpu.setMsr(1 << 31, (1 << 12) | (1 << 15) | 0x30); // SF; ME, EE, IR, DR
    expect(signal(target)).toBe(0n); // H_SUCCESS
    expect([cpu.pcHi, cpu.pcLo]).toEqual([0, 0x100]);
    expect(cpu.sprLo[26]).toBe(0x4004); // SRR0: the next instruction
    expect(cpu.sprLo[27]).toBe((1 << 12) | (1 << 15) | 0x30); // SRR1: the MSR
    expect(cpu.msrLo & 0x30).toBe(0); // translation off, as for every system reset
  });

  test("with FWNMI the registered handler runs, r3 pointing at the save area that holds the call's r3", () => {
    rtasCall("ibm,nmi-register", [0x1920, 0x1990], 1);
    const saveArea = RTAS_BASE + 2048; // after the error log (rtas-error-log-max), thread 0
    mem.view.setBigUint64(saveArea + 8, 0xdeadn);
    expect(signal(-1n)).toBe(BigInt(saveArea));
    expect(cpu.pcLo).toBe(0x1920);
    expect(cpu.sprLo[26]).toBe(0x4004);
    expect(mem.view.getBigUint64(saveArea)).toBe(0n); // H_SUCCESS, the r3 the interrupted code had
    expect(mem.view.getBigUint64(saveArea + 8)).toBe(0n);
  });
});
