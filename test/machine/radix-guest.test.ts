// The CPU running with the radix MMU through the pseries machine: the guest registers its
// process table with H_REGISTER_PROC_TBL, turns relocation on, and loads, stores, fetches and
// faults as Book III-S §6.7 and §7.5 say.
import { describe, expect, test } from "bun:test";
import { assemble } from "../../vmm/cpu/isa/asm.ts";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { MSR_DR, MSR_IR, MSR_ME, MSR_PR, MSR_SF } from "../../vmm/cpu/msr.ts";
import { SPR_DAR, SPR_DSISR, SPR_LPCR, SPR_SRR0, SPR_SRR1 } from "../../vmm/cpu/sprs.ts";
import { LPCR_AIL_SHIFT } from "../../vmm/cpu/state.ts";
import type { PseriesMachine } from "../../vmm/machine/pseries.ts";
import { bootPseries, guestBin } from "./boot-machine.ts";
import { RadixTables, READ, RW, EXEC, PRIV } from "../mmu/radix-tables.ts";

const KERNEL = 0xc000_0000_0000_0000n;
const PROCESS_TABLE = 0x100000;

async function radixMachine() {
  const { machine } = await bootPseries(["-cpu", "POWER9", "-bios", guestBin("hello-be")]);
  const cpu = machine.cpu;
  // H_REGISTER_PROC_TBL as Linux calls it: new table, radix, GTSE (flags 0x1d), 64 KiB table.
  cpu.setGpr(3, 0x37c);
  cpu.setGpr(4, 0x1d);
  cpu.setGpr(5, PROCESS_TABLE);
  cpu.setGpr(6, 0);
  cpu.setGpr(7, 4);
  machine.hcalls.dispatch(cpu);
  expect(cpu.gpr(3)).toBe(0n);
  const tables = new RadixTables(machine.mem, PROCESS_TABLE, 0x200000);
  return { machine, cpu, tables };
}

function program(cpu: PseriesMachine["cpu"], ra: number, lines: string[]) {
  const bytes = new Uint8Array(4 * lines.length);
  lines.forEach((l, i) => new DataView(bytes.buffer).setUint32(4 * i, assemble(l), false));
  cpu.mem.write(ra, bytes); // through GuestMemory, so decoded copies are dropped
}

describe("radix translation on the CPU", () => {
  test("kernel code runs from 0xc000... and loads and stores through the tree", async () => {
    const { cpu, tables } = await radixMachine();
    tables.map(0, KERNEL + 0x10000n, 0x10000, 16); // code
    tables.map(0, KERNEL + 0x400000n, 0x800000, 12); // data, at a different real address
    program(cpu, 0x10000, ["ld r3,0(r4)", "std r3,8(r4)"]);
    cpu.mem.view.setBigUint64(0x800000, 0x1122334455667788n, false);
    cpu.setMsr(MSR_SF, MSR_ME | MSR_IR | MSR_DR);
    cpu.pc = KERNEL + 0x10000n;
    cpu.setGpr(4, KERNEL + 0x400000n);
    runSlice(cpu, 2);
    expect(cpu.gpr(3)).toBe(0x1122334455667788n);
    expect(cpu.mem.view.getBigUint64(0x800008, false)).toBe(0x1122334455667788n);
    expect(cpu.pc).toBe(KERNEL + 0x10008n);
  });

  test("an unmapped load is a DSI with DAR and DSISR[33]; a store adds DSISR[38]", async () => {
    const { cpu, tables } = await radixMachine();
    tables.map(0, KERNEL + 0x10000n, 0x10000, 16);
    program(cpu, 0x10000, ["ld r3,0(r4)"]);
    cpu.setMsr(MSR_SF, MSR_ME | MSR_IR | MSR_DR);
    cpu.pc = KERNEL + 0x10000n;
    cpu.setGpr(4, KERNEL + 0x5000000n);
    runSlice(cpu, 1);
    expect(cpu.pc).toBe(0x300n);
    expect(cpu.sprLo[SPR_SRR0]).toBe(0x10000);
    expect((BigInt(cpu.sprHi[SPR_DAR] >>> 0) << 32n) | BigInt(cpu.sprLo[SPR_DAR] >>> 0)).toBe(KERNEL + 0x5000000n);
    expect(cpu.sprLo[SPR_DSISR] >>> 0).toBe(0x40000000);
    program(cpu, 0x10000, ["std r3,0(r4)"]);
    cpu.setMsr(MSR_SF, MSR_ME | MSR_IR | MSR_DR);
    cpu.pc = KERNEL + 0x10000n;
    runSlice(cpu, 1);
    expect(cpu.sprLo[SPR_DSISR] >>> 0).toBe(0x42000000);
  });

  test("fetching from an unmapped page is an ISI with SRR0 = the address and SRR1[33]", async () => {
    const { cpu, tables } = await radixMachine();
    tables.root(0); // a valid, empty tree for PID 0
    cpu.setMsr(MSR_SF, MSR_ME | MSR_IR | MSR_DR);
    cpu.pc = KERNEL + 0x7770000n;
    runSlice(cpu, 1);
    expect(cpu.pc).toBe(0x400n);
    expect((BigInt(cpu.sprHi[SPR_SRR0] >>> 0) << 32n) | BigInt(cpu.sprLo[SPR_SRR0] >>> 0)).toBe(KERNEL + 0x7770000n);
    expect(cpu.sprLo[SPR_SRR1] & 0x40000000).toBe(0x40000000);
  });

  test("problem state cannot touch a privileged page, and user code runs under its PID", async () => {
    const { cpu, tables } = await radixMachine();
    tables.map(5, 0x10000n, 0x30000, 16, READ | EXEC); // user code, PID 5
    tables.map(5, 0x400000n, 0x50000, 16, RW | PRIV); // a privileged page in the user quadrant (own 2 MiB region)
    program(cpu, 0x30000, ["ld r3,0(r4)"]);
    cpu.sprLo[48] = 5; // PID
    cpu.setMsr(MSR_SF, MSR_ME | MSR_PR | MSR_IR | MSR_DR);
    cpu.pc = 0x10000n;
    cpu.setGpr(4, 0x400000);
    runSlice(cpu, 1);
    expect(cpu.pc).toBe(0x300n);
    expect(cpu.sprLo[SPR_SRR0]).toBe(0x10000);
    expect(cpu.sprLo[SPR_DSISR] & 0x08000000).toBe(0x08000000); // protection
  });

  test("an EA outside the tree's quadrants is a data segment interrupt", async () => {
    const { cpu, tables } = await radixMachine();
    tables.map(0, KERNEL + 0x10000n, 0x10000, 16);
    program(cpu, 0x10000, ["ld r3,0(r4)"]);
    cpu.setMsr(MSR_SF, MSR_ME | MSR_IR | MSR_DR);
    cpu.pc = KERNEL + 0x10000n;
    cpu.setGpr(4, 0x4000_0000_0000_0000n); // quadrant 1: hypervisor only
    runSlice(cpu, 1);
    expect(cpu.pc).toBe(0x380n);
  });
});

describe("cached translations across privilege and PID changes", () => {
  /** Kernel code at 0xc000...0 (real 0, interrupt vectors with LPCR[AIL]=3 included) and a kernel data page. */
  async function kernel() {
    const m = await radixMachine();
    m.tables.map(0, KERNEL, 0, 16);
    m.tables.map(0, KERNEL + 0x500000n, 0x800000, 12); // a soft-TLB slot of its own
    m.cpu.mem.view.setBigUint64(0x800000, 0xc0ffeen, false);
    m.cpu.sprLo[SPR_LPCR] |= 3 << LPCR_AIL_SHIFT; // interrupts keep relocation on, as Linux asks
    m.cpu.setGpr(9, KERNEL + 0x500000n);
    return m;
  }

  test("problem state never uses what privileged state cached, and privileged translations outlive the round trip", async () => {
    const { cpu, tables } = await kernel();
    tables.map(5, 0x10000n, 0x30000, 16, READ | EXEC); // user code, PID 5
    tables.map(5, 0x400000n, 0x50000, 16, RW | PRIV); // privileged-only page in the user quadrant
    program(cpu, 0x1000, ["ld r3,0(r4)", "ld r8,0(r9)", "rfid"]);
    program(cpu, 0x30000, ["ld r3,0(r4)"]);
    program(cpu, 0x4300, ["ori r0,r0,0", "ld r10,0(r9)"]); // the DSI handler (AIL=3: 0xc000...4300)
    cpu.sprLo[48] = 5; // PID
    cpu.setMsr(MSR_SF, MSR_ME | MSR_IR | MSR_DR);
    cpu.pc = KERNEL + 0x1000n;
    cpu.setGpr(4, 0x400000);
    cpu.sprLo[SPR_SRR0] = 0x10000;
    cpu.sprHi[SPR_SRR1] = MSR_SF;
    cpu.sprLo[SPR_SRR1] = MSR_ME | MSR_PR | MSR_IR | MSR_DR;
    for (let i = 0; i < 4; i++) runSlice(cpu, 1);
    // The kernel read the page; the same load in problem state is refused (§6.7.13).
    expect(cpu.pc).toBe(KERNEL + 0x4300n);
    expect(cpu.sprLo[SPR_SRR0]).toBe(0x10000);
    expect(cpu.sprLo[SPR_DSISR] & 0x08000000).toBe(0x08000000);
    runSlice(cpu, 1); // ori: its fetch fills the handler's page
    const misses = cpu.tlbMisses;
    runSlice(cpu, 1);
    expect(cpu.gpr(10)).toBe(0xc0ffeen);
    expect(cpu.tlbMisses).toBe(misses); // the kernel data page stayed cached through rfid and the DSI
  });

  test("a new PID retargets quadrant 0 and keeps the kernel's quadrant 3", async () => {
    const { cpu, tables } = await kernel();
    tables.map(5, 0x400000n, 0x50000, 12);
    tables.map(6, 0x400000n, 0x60000, 12);
    cpu.mem.view.setBigUint64(0x50000, 5n, false);
    cpu.mem.view.setBigUint64(0x60000, 6n, false);
    program(cpu, 0x1000, ["ld r3,0(r4)", "ld r8,0(r9)", "mtspr 48,r7", "ld r11,0(r4)", "ld r12,0(r9)"]);
    cpu.sprLo[48] = 5;
    cpu.setMsr(MSR_SF, MSR_ME | MSR_IR | MSR_DR);
    cpu.pc = KERNEL + 0x1000n;
    cpu.setGpr(4, 0x400000);
    cpu.setGpr(7, 6);
    for (let i = 0; i < 3; i++) runSlice(cpu, 1);
    const misses = cpu.tlbMisses;
    runSlice(cpu, 2);
    expect([cpu.gpr(3), cpu.gpr(11)]).toEqual([5n, 6n]);
    expect(cpu.gpr(12)).toBe(0xc0ffeen);
    expect(cpu.tlbMisses).toBe(misses + 1); // only PID 6's page was walked
  });

  test("Linux's KUAP: the AMR locks the kernel out of user pages, and unlocking finds the translation cached", async () => {
    const { cpu, tables } = await kernel();
    tables.map(5, 0x400000n, 0x50000, 12);
    cpu.mem.view.setBigUint64(0x50000, 0x5eedn, false);
    program(cpu, 0x1000, ["ld r3,0(r4)", "mtspr 29,r5", "ld r6,0(r4)"]);
    program(cpu, 0x4300, ["mtspr 29,r7", "ori r0,r0,0", "ld r8,0(r4)"]); // the DSI handler (AIL=3) unlocks
    cpu.sprLo[48] = 5;
    cpu.setMsr(MSR_SF, MSR_ME | MSR_IR | MSR_DR);
    cpu.pc = KERNEL + 0x1000n;
    cpu.setGpr(4, 0x400000);
    cpu.setGpr(5, 0xc000_0000_0000_0000n); // AMR key 0: no loads, no stores
    cpu.setGpr(7, 0);
    for (let i = 0; i < 3; i++) runSlice(cpu, 1);
    expect(cpu.gpr(3)).toBe(0x5eedn);
    expect(cpu.pc).toBe(KERNEL + 0x4300n);
    expect(cpu.sprLo[SPR_DSISR] & 0x08000000).toBe(0x08000000); // protection (§6.7.13)
    runSlice(cpu, 1); // mtspr
    runSlice(cpu, 1); // the ori, whose fetch translates the handler's page again
    const misses = cpu.tlbMisses;
    runSlice(cpu, 1);
    expect(cpu.gpr(8)).toBe(0x5eedn);
    expect(cpu.tlbMisses).toBe(misses); // the unlocked AMR's translation was kept
  });

  /** Two processes (PIDs 5 and 6) at EA 0x10000, each loading its own doubleword at 0x400000 and
   *  making a system call, whose handler runs `handler`, then switches to the other PID and
   *  restarts its code. Runs 5, 6, then `between`, then 5 again; returns what each load read and
   *  the soft-TLB misses of the last one. */
  async function pingPong(handler: string[], between = (_: RadixTables) => {}) {
    const { cpu, tables } = await kernel();
    for (const [pid, code, data] of [[5, 0x30000, 0x50000], [6, 0x40000, 0x60000]]) {
      tables.map(pid, 0x10000n, code, 16, READ | EXEC);
      tables.map(pid, 0x400000n, data, 12);
      cpu.mem.view.setBigUint64(data, BigInt(pid), false);
      program(cpu, code, ["ld r3,0(r4)", "sc 0"]);
    }
    cpu.mem.view.setBigUint64(0x70000, 7n, false);
    // The system call handler (AIL=3: 0xc000...4c00): `handler` runs under the caller's PID.
    program(cpu, 0x4c00, [...handler, "mtspr 48,r7", "xor r7,r7,r8", "mtspr 26,r9", "rfid"]);
    program(cpu, 0x1000, ["mtspr 48,r10", "mtspr 26,r9", "rfid"]); // the kernel starts PID 5's process
    cpu.setMsr(MSR_SF, MSR_ME | MSR_IR | MSR_DR);
    cpu.pc = KERNEL + 0x1000n;
    cpu.sprHi[SPR_SRR1] = MSR_SF;
    cpu.sprLo[SPR_SRR1] = MSR_ME | MSR_PR | MSR_IR | MSR_DR;
    cpu.setGpr(4, 0x400000);
    cpu.setGpr(7, 6);
    cpu.setGpr(8, 5 ^ 6);
    cpu.setGpr(9, 0x10000);
    cpu.setGpr(10, 5);
    for (let i = 0; i < 3; i++) runSlice(cpu, 1);
    const seen: bigint[] = [];
    for (let round = 0; round < 2; round++) {
      runSlice(cpu, 1);
      seen.push(cpu.gpr(3));
      if (round === 1) between(tables);
      do runSlice(cpu, 1); // sc and the handler, back to the other process's first instruction
      while (!(cpu.problem && cpu.pc === 0x10000n));
    }
    const misses = cpu.tlbMisses;
    runSlice(cpu, 1);
    return { seen: [...seen, cpu.gpr(3)], misses: cpu.tlbMisses - misses };
  }

  test("a process switched back to finds its translations: problem state keeps them per PID", async () => {
    const { seen, misses } = await pingPong([]);
    expect(seen).toEqual([5n, 6n, 5n]);
    expect(misses).toBe(0); // PID 5's code and data pages were still cached
  });

  test("tlbie drops every PID's translations: a page remapped while its process slept is seen", async () => {
    // While PID 6 runs, the kernel remaps PID 5's page and invalidates (tlbie, process scope).
    const invalidateAfter6 = ["cmpi 0,1,r3,6", "bc 4,2,0x8", "tlbie r11,r0,0,1,1"];
    const { seen } = await pingPong(invalidateAfter6, (tables) => void tables.map(5, 0x400000n, 0x70000, 12));
    expect(seen).toEqual([5n, 6n, 7n]);
  });
});
