// The processor RTAS calls with spar's one vCPU, answered as QEMU 7.2 answers them: the caller is
// the only thread and it is running; stop-self stops it for good.
import { describe, expect, test } from "bun:test";
import { CPU_STATE_RUNNING } from "../../vmm/machine/rtas-cpu.ts";
import { RTAS_HARDWARE_ERROR, RTAS_PARAMETER_ERROR } from "../../vmm/machine/rtas.ts";
import { bootPseries, guestBin } from "./boot-machine.ts";
import { rtasCaller } from "./rtas-call.ts";

const RTAS_BUFFER = 0x9000;

async function machineWithRtas() {
  const booted = await bootPseries(["-bios", guestBin("hello-be")]);
  return { ...booted, rtasCall: rtasCaller(booted.machine.mem, () => booted.machine.rtas, RTAS_BUFFER) };
}

describe("processor RTAS calls", () => {
  test("query-cpu-stopped-state: thread 0 runs; another id, or the wrong counts, is a parameter error", async () => {
    const { rtasCall } = await machineWithRtas();
    expect(rtasCall("query-cpu-stopped-state", [0], 2)).toEqual([0, CPU_STATE_RUNNING]);
    expect(rtasCall("query-cpu-stopped-state", [1], 2)[0]).toBe(RTAS_PARAMETER_ERROR);
    expect(rtasCall("query-cpu-stopped-state", [0], 1)).toEqual([RTAS_PARAMETER_ERROR]);
  });

  test("start-cpu: the running thread 0 is a hardware error, another id or the wrong counts a parameter error", async () => {
    const { rtasCall } = await machineWithRtas();
    expect(rtasCall("start-cpu", [0, 0x100, 0], 1)).toEqual([RTAS_HARDWARE_ERROR]);
    expect(rtasCall("start-cpu", [1, 0x100, 0], 1)).toEqual([RTAS_PARAMETER_ERROR]);
    expect(rtasCall("start-cpu", [0, 0x100], 1)).toEqual([RTAS_PARAMETER_ERROR]);
  });

  test("stop-self stops the only vCPU for good: pending interrupts do not wake it, the machine waits to be ended", async () => {
    const { machine, rtasCall, logged } = await machineWithRtas();
    rtasCall("stop-self", [], 1);
    expect(logged).toEqual(["spar: the guest stopped its only vCPU (RTAS stop-self); press Ctrl-A x to quit"]);
    const cpu = machine.cpu;
    cpu.setGpr(3, 0x68); // H_CPPR: accept every priority
    cpu.setGpr(4, 0xff);
    machine.hcalls.dispatch(cpu);
    cpu.setGpr(3, 0x6c); // H_IPI to itself
    cpu.setGpr(4, 0);
    cpu.setGpr(5, 5);
    machine.hcalls.dispatch(cpu);
    cpu.setMsr(1 << 31, (1 << 12) | (1 << 15)); // SF; ME, EE: the IPI could be taken
    expect(cpu.externalPending).toBe(true);
    const status = machine.run();
    await Bun.sleep(100);
    expect(cpu.instructions).toBe(0); // the hello guest never ran
    expect(machine.state).toBe("running");
    machine.stop(0);
    expect(await status).toBe(0);
  });
});
