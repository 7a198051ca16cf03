// The statistics block and its sampler: counters a real guest run leaves behind, and the rates
// and history the dashboard shows.
import { describe, expect, test } from "bun:test";
import { interruptSlot } from "../../vmm/cpu/state.ts";
import { StatsSampler } from "../../vmm/machine/stats-sampler.ts";
import { SCALARS, StatsBlock, scalarIndex } from "../../vmm/machine/stats.ts";
import { bootPseries, guestBin } from "./boot-machine.ts";

const counter = (block: StatsBlock, group: string, name: string) => {
  const c = block.counters.find((c) => c.group === group && c.name === name);
  if (!c) throw new Error(`no counter ${group} ${name}`);
  return block.values[c.index];
};

describe("statistics of a guest run", () => {
  test("the hello guest: instructions, console hcalls and bytes, RTAS power-off, final state", async () => {
    const { machine, output } = await bootPseries(["-bios", guestBin("hello-le")]);
    expect(machine.stats.state).toBe("created");
    expect(await machine.run()).toBe(0);
    const stats = machine.stats;
    expect(stats.get("instructions")).toBe(machine.cpu.instructions);
    expect(stats.get("instructions")).toBeGreaterThan(1000);
    expect(stats.state).toBe("stopped");
    expect(stats.get("consoleOut")).toBe(output().length);
    // The runtime writes at most 16 bytes per H_PUT_TERM_CHAR, one call per line or chunk.
    expect(counter(stats, "hcall", "H_PUT_TERM_CHAR")).toBeGreaterThanOrEqual(Math.ceil(output().length / 16));
    expect(counter(stats, "rtas", "power-off")).toBe(1);
    expect(counter(stats, "hcall", "KVMPPC_H_RTAS")).toBe(1);
    expect(stats.mmu).toBe("hash");
    expect(stats.compat).toBeUndefined();
  });

  test("the hash fault guest: interrupts by vector match the faults it reports, segment faults are SLB misses", async () => {
    const { machine, output } = await bootPseries(["-cpu", "POWER8", "-bios", guestBin("fault-hash-le")]);
    await machine.run();
    const reported = (vector: string) => output().split("\n").filter((l) => l.includes(`vec=${vector} `)).length;
    const stats = machine.stats;
    for (const [vector, name] of [["0x300", "data storage"], ["0x380", "data segment"], ["0x400", "instruction storage"], ["0x480", "instruction segment"]]) {
      expect(reported(vector)).toBeGreaterThan(0);
      expect(counter(stats, "interrupt", name)).toBe(reported(vector));
    }
    expect(stats.get("slbMisses")).toBe(reported("0x380") + reported("0x480"));
    const interrupts = stats.counters.filter((c) => c.group === "interrupt").reduce((sum, c) => sum + stats.values[c.index], 0);
    expect(interrupts).toBe(machine.cpu.interrupts);
    expect(stats.get("tlbMisses")).toBe(machine.cpu.tlbMisses);
    expect(stats.get("tlbMisses")).toBeGreaterThan(0);
  });

  test("compat mode and the layout's hcall names; unknown hcalls count in their own slot", async () => {
    const { machine } = await bootPseries(["-cpu", "POWER9,compat=power8", "-bios", guestBin("hello-le")]);
    expect(machine.stats.compat).toBe("power8");
    expect(machine.stats.layout.hcalls).toContain("H_ENTER");
    machine.cpu.setGpr(3, 0x1234);
    machine.hcalls.dispatch(machine.cpu);
    machine.stats.publish(machine);
    expect(counter(machine.stats, "hcall", "unknown hcall")).toBe(1);
  });

  test("the block is shared memory another thread can read, and a reader built from its layout sees the same counters", async () => {
    const { machine } = await bootPseries(["-bios", guestBin("hello-be")]);
    await machine.run();
    expect(machine.stats.buffer).toBeInstanceOf(SharedArrayBuffer);
    const reader = new StatsBlock(structuredClone(machine.stats.layout), machine.stats.buffer);
    expect(reader.get("instructions")).toBe(machine.cpu.instructions);
    expect(counter(reader, "rtas", "power-off")).toBe(1);
    expect(() => new StatsBlock({ hcalls: [], rtas: [] }, machine.stats.buffer)).toThrow("does not match");
  });

  test("interrupt slots: every vector below 0x1000 has its own, scv takes the unused slot 0", () => {
    expect(interruptSlot(0x17000)).toBe(0);
    expect(interruptSlot(0x100)).toBe(8);
    expect(interruptSlot(0xf80)).toBe(124);
  });
});

describe("StatsSampler", () => {
  const fakeBlock = () => ({ values: new Float64Array(SCALARS.length + 2) });
  const set = (block: { values: Float64Array }, name: (typeof SCALARS)[number], v: number) => (block.values[scalarIndex(name)] = v);

  test("rates per second over the interval, MIPS and CPU % from instructions and busy time", () => {
    const block = fakeBlock();
    const sampler = new StatsSampler(block);
    const first = sampler.sample(1000);
    expect(first.mips).toBe(0);
    expect(sampler.history.mips).toEqual([]);
    set(block, "instructions", 50e6);
    set(block, "busyMs", 250);
    set(block, "consoleOut", 300);
    set(block, "consoleIn", 100);
    block.values[SCALARS.length] = 7;
    const second = sampler.sample(1500);
    expect(second.mips).toBe(100);
    expect(second.cpuPercent).toBe(50);
    expect(second.consoleBytesPerSecond).toBe(800);
    expect(second.rates[SCALARS.length]).toBe(14);
    expect(second.totals[SCALARS.length]).toBe(7);
    expect(sampler.history).toEqual({ mips: [100], cpuPercent: [50], consoleBytesPerSecond: [800] });
  });

  test("a counter that went down restarted from zero; CPU % never exceeds 100", () => {
    const block = fakeBlock();
    const sampler = new StatsSampler(block);
    set(block, "instructions", 500e6);
    sampler.sample(0);
    set(block, "instructions", 20e6);
    set(block, "busyMs", 1500);
    const s = sampler.sample(1000);
    expect(s.mips).toBe(20);
    expect(s.cpuPercent).toBe(100);
  });

  test("history keeps the last `capacity` samples", () => {
    const block = fakeBlock();
    const sampler = new StatsSampler(block, 3);
    for (let t = 0; t <= 5; t++) {
      set(block, "instructions", t * 1e6);
      sampler.sample(t * 1000);
    }
    expect(sampler.history.mips).toEqual([1, 1, 1]);
    expect(sampler.history.mips.length).toBe(3);
  });
});
