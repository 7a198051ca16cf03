// The radix MMU against hand-built process tables and trees (Power ISA 3.0B Book III §6.7.10
// "Radix Tree Translation", §7.5.3 DSI, §7.5.5 ISI). Each test builds its tables in a fresh
// GuestMemory, big-endian as the guest writes them, and cites the rule it checks.
import { describe, expect, test } from "bun:test";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import {
  ACCESS_EXEC,
  ACCESS_READ,
  ACCESS_WRITE,
  DSISR_PROTECTION,
  DSISR_RADIX_FAULT,
  DSISR_STORE,
  FAULT_MACHINE_CHECK,
  FAULT_NONE,
  FAULT_SEGMENT,
  FAULT_STORAGE,
  SRR1_ISI_NO_PTE,
  SRR1_ISI_NOEXEC,
  newTranslateResult,
  type Access,
  type MmuCpuState,
} from "../../vmm/mmu/mmu.ts";
import { PartitionState } from "../../vmm/mmu/partition.ts";
import { DSISR_RADIX_BAD_CONFIG, RadixMmu, SRR1_ISI_RADIX_BAD_CONFIG } from "../../vmm/mmu/radix64.ts";
import { ATT_NON_IDEMPOTENT_IO, C, EXEC, LEAF, PRIV, R, RadixTables, READ, RW, VALID } from "./radix-tables.ts";

const RAM = 16 << 20;
const PROCESS_TABLE = 0x10000; // 64 KiB (PRTS 4): 4096 PIDs
const MSR_PR = 1 << 14;
const SPR_AMR = 29, SPR_PID = 48, SPR_IAMR = 61;

/** A partition with a registered process table, a bump allocator for tables, and a CPU state. */
class Machine extends RadixTables {
  readonly partition = new PartitionState();
  readonly mmu: RadixMmu;
  readonly cpu: MmuCpuState = { msrHi: 0, msrLo: 0, sprHi: new Int32Array(1024), sprLo: new Int32Array(1024) };

  constructor() {
    super(new GuestMemory(RAM), PROCESS_TABLE, 0x100000);
    this.mmu = new RadixMmu(this.partition, this.mem);
    this.partition.radix = true;
    this.partition.processTableBase = PROCESS_TABLE;
    this.partition.processTableSize = 0x10000;
  }

  translate(ea: bigint, access: Access) {
    const out = newTranslateResult();
    const ok = this.mmu.translate(this.cpu, Number(ea >> 32n) | 0, Number(ea & 0xffffffffn) | 0, access, out);
    expect(ok).toBe(out.fault === FAULT_NONE);
    return out;
  }

  set problemState(on: boolean) {
    (this.cpu as { msrLo: number }).msrLo = on ? MSR_PR : 0;
  }
}

const KERNEL = 0xc000_0000_0000_0000n;

describe("radix translation (Book III §6.7.10)", () => {
  test("a 4 KiB page in quadrant 3 translates through PID 0's tree, keeping the page offset", () => {
    const m = new Machine();
    m.map(0, KERNEL + 0x1234_5000n, 0x7000, 12);
    const r = m.translate(KERNEL + 0x1234_5abcn, ACCESS_READ);
    expect(r.ra).toBe(0x7abc);
    expect([r.read, r.exec]).toEqual([true, true]);
  });

  test.each([
    [16, 0x0004_0000_0001_2345n, 0x40000],
    [21, 0x0000_7fff_c012_3456n, 0x600000],
    [30, 0x0000_0004_0034_5678n, 0],
  ])("a leaf found higher up the tree maps a larger page (2^%i bytes, §6.7.10 page sizes)", (shift, offsetEa, rpn) => {
    const m = new Machine();
    const ea = KERNEL + offsetEa;
    m.map(0, ea, rpn, shift);
    const mask = (1n << BigInt(shift)) - 1n;
    expect(m.translate(ea, ACCESS_READ).ra).toBe(rpn + Number(ea & mask));
    // The page's first doubleword goes through the same leaf.
    expect(m.translate((ea & ~mask) | 8n, ACCESS_READ).ra).toBe(rpn + 8);
  });

  test("quadrant 0 translates through the tree of SPR PID; each PID has its own (§6.7.10, process table)", () => {
    const m = new Machine();
    const ea = 0x0000_7fff_f000_0010n;
    m.map(1, ea, 0x11000, 12);
    m.map(2, ea, 0x22000, 12);
    m.cpu.sprLo[SPR_PID] = 1;
    expect(m.translate(ea, ACCESS_READ).ra).toBe(0x11010);
    m.cpu.sprLo[SPR_PID] = 2;
    expect(m.translate(ea, ACCESS_READ).ra).toBe(0x22010);
    // Quadrant 3 ignores PID: the kernel's tree is entry 0.
    m.map(0, KERNEL + 0x5000n, 0x33000, 12);
    expect(m.translate(KERNEL + 0x5000n, ACCESS_READ).ra).toBe(0x33000);
  });

  test("quadrants 1 and 2 are the hypervisor's: a segment interrupt for the guest (§6.7.10)", () => {
    const m = new Machine();
    for (const ea of [0x4000_0000_0000_1000n, 0x8000_0000_0000_1000n]) {
      for (const access of [ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC] as Access[]) {
        const r = m.translate(ea, access);
        expect([r.fault, r.dsisr, r.srr1]).toEqual([FAULT_SEGMENT, 0, 0]);
      }
    }
  });

  test("EA bits above the 52-bit tree (2:11) are outside the address space: a segment interrupt", () => {
    const m = new Machine();
    m.map(0, KERNEL + 0x1000n, 0x1000, 12);
    expect(m.translate(KERNEL | (1n << 52n) | 0x1000n, ACCESS_READ).fault).toBe(FAULT_SEGMENT);
    expect(m.translate(KERNEL | (1n << 61n) | 0x1000n, ACCESS_EXEC).fault).toBe(FAULT_SEGMENT);
    expect(m.translate(KERNEL | 0x1000n, ACCESS_READ).fault).toBe(FAULT_NONE);
  });
});

describe("translation faults (§7.5.3 DSI, §7.5.5 ISI)", () => {
  const expectDsi = (r: ReturnType<Machine["translate"]>, dsisr: number) => expect([r.fault, r.dsisr, r.srr1]).toEqual([FAULT_STORAGE, dsisr, 0]);
  const expectIsi = (r: ReturnType<Machine["translate"]>, srr1: number) => expect([r.fault, r.dsisr, r.srr1]).toEqual([FAULT_STORAGE, 0, srr1]);

  test("a PID beyond the process table has no entry: DSISR 33, SRR1 33", () => {
    const m = new Machine();
    m.cpu.sprLo[SPR_PID] = 4096;
    expectDsi(m.translate(0x1000n, ACCESS_READ), DSISR_RADIX_FAULT);
    expectDsi(m.translate(0x1000n, ACCESS_WRITE), DSISR_RADIX_FAULT | DSISR_STORE);
    expectIsi(m.translate(0x1000n, ACCESS_EXEC), SRR1_ISI_NO_PTE);
  });

  test("no process table registered (hash, or deregistered): no translation, DSISR 33", () => {
    const m = new Machine();
    m.partition.reset();
    expectDsi(m.translate(KERNEL, ACCESS_READ), DSISR_RADIX_FAULT);
  });

  test("a process table entry with no tree (zero RTS and RPDS) is an unsupported configuration: DSISR 44, SRR1 44", () => {
    const m = new Machine();
    m.cpu.sprLo[SPR_PID] = 7; // entry 7 never written
    expectDsi(m.translate(0x1000n, ACCESS_READ), DSISR_RADIX_BAD_CONFIG);
    expectIsi(m.translate(0x1000n, ACCESS_EXEC), SRR1_ISI_RADIX_BAD_CONFIG);
  });

  test("a tree size other than 52 bits is not a POWER9 configuration: DSISR 44", () => {
    const m = new Machine();
    m.map(0, KERNEL, 0x1000, 12);
    m.write(PROCESS_TABLE, (m.read(PROCESS_TABLE) & ~(7n << 5n)) | (4n << 5n)); // RTS 20: 51 bits
    expectDsi(m.translate(KERNEL, ACCESS_READ), DSISR_RADIX_BAD_CONFIG);
  });

  test("a process table not aligned to its size is an unsupported configuration (as QEMU)", () => {
    const m = new Machine();
    m.partition.processTableBase = PROCESS_TABLE + 0x1000;
    expectDsi(m.translate(KERNEL, ACCESS_READ), DSISR_RADIX_BAD_CONFIG);
  });

  test.each([0, 1, 2])("an invalid directory entry at level %i: DSISR 33 (38 too for a store), SRR1 33", (level) => {
    const m = new Machine();
    const ea = KERNEL + 0x0123_4567_8000n;
    m.map(0, ea, 0x8000, 12);
    m.write(m.entry(0, ea, level), m.read(m.entry(0, ea, level)) & ~VALID);
    expectDsi(m.translate(ea, ACCESS_READ), DSISR_RADIX_FAULT);
    expectDsi(m.translate(ea, ACCESS_WRITE), DSISR_RADIX_FAULT | DSISR_STORE);
    expectIsi(m.translate(ea, ACCESS_EXEC), SRR1_ISI_NO_PTE);
  });

  test("an invalid leaf: DSISR 33, SRR1 33", () => {
    const m = new Machine();
    const leaf = m.map(0, KERNEL + 0x9000n, 0x9000, 12);
    m.write(leaf, m.read(leaf) & ~VALID);
    expectDsi(m.translate(KERNEL + 0x9000n, ACCESS_READ), DSISR_RADIX_FAULT);
    expectIsi(m.translate(KERNEL + 0x9000n, ACCESS_EXEC), SRR1_ISI_NO_PTE);
  });

  test("a directory with index bits POWER9 does not walk (NLS 7) is an unsupported configuration: DSISR 44", () => {
    const m = new Machine();
    const ea = KERNEL + 0x2000n;
    m.map(0, ea, 0x2000, 12);
    const pde = m.entry(0, ea, 1);
    m.write(pde, (m.read(pde) & ~0x1fn) | 7n);
    expectDsi(m.translate(ea, ACCESS_WRITE), DSISR_RADIX_BAD_CONFIG | DSISR_STORE);
  });

  test("a leaf in the root directory (a 512 GiB page) is not a POWER9 page size: DSISR 44", () => {
    const m = new Machine();
    m.write(m.entry(0, KERNEL, 0), VALID | LEAF | RW);
    expectDsi(m.translate(KERNEL, ACCESS_READ), DSISR_RADIX_BAD_CONFIG);
  });

  test("a directory base not aligned to its size loses its low bits (as POWER9 and QEMU)", () => {
    const m = new Machine();
    const ea = KERNEL + 0x3000n;
    m.map(0, ea, 0x3000, 12);
    const pde = m.entry(0, ea, 2);
    m.write(pde, m.read(pde) | 0x100n); // base + 256 inside a 4 KiB table
    expect(m.translate(ea, ACCESS_READ).ra).toBe(0x3000);
  });

  test("tables or pages beyond guest RAM are a machine check", () => {
    const m = new Machine();
    const ea = KERNEL + 0x4000n;
    m.map(0, ea, 0x4000, 12);
    // The page itself.
    const leaf = m.entry(0, ea, 3);
    m.write(leaf, VALID | LEAF | BigInt(RAM) | RW);
    expect(m.translate(ea, ACCESS_READ).fault).toBe(FAULT_MACHINE_CHECK);
    m.write(leaf, VALID | LEAF | (1n << 40n) | RW);
    expect(m.translate(ea, ACCESS_READ).fault).toBe(FAULT_MACHINE_CHECK);
    // A directory.
    const pde = m.entry(0, ea, 1);
    m.write(pde, VALID | BigInt(RAM) | 9n);
    expect(m.translate(ea, ACCESS_EXEC).fault).toBe(FAULT_MACHINE_CHECK);
    // The process table.
    m.partition.processTableBase = RAM;
    expect(m.translate(ea, ACCESS_READ).fault).toBe(FAULT_MACHINE_CHECK);
  });
});

describe("storage protection (§6.7.13: EAA, privilege, AMR/IAMR key 0)", () => {
  test.each([
    ["read-only", READ, [true, false, false]],
    ["read/write", RW, [true, true, false]],
    ["execute-only", EXEC, [false, false, true]],
    ["read/execute", READ | EXEC, [true, false, true]],
    ["no access", 0n, [false, false, false]],
  ] as [string, bigint, boolean[]][])("a %s page allows exactly its EAA, from either privilege", (_, eaa, allowed) => {
    for (const problem of [false, true]) {
      const m = new Machine();
      m.problemState = problem;
      const ea = 0x1000_0000n;
      m.map(0, ea, 0x5000, 12, eaa | C);
      const faults = [
        [ACCESS_READ, DSISR_PROTECTION, 0],
        [ACCESS_WRITE, DSISR_PROTECTION | DSISR_STORE, 0],
        [ACCESS_EXEC, 0, SRR1_ISI_NOEXEC],
      ] as const;
      faults.forEach(([access, dsisr, srr1], i) => {
        const r = m.translate(ea, access);
        if (allowed[i]) expect(r.fault).toBe(FAULT_NONE);
        else expect([r.fault, r.dsisr, r.srr1]).toEqual([FAULT_STORAGE, dsisr, srr1]);
      });
    }
  });

  test("a privileged page refuses every problem-state access, whatever its EAA", () => {
    const m = new Machine();
    m.map(0, KERNEL + 0x6000n, 0x6000, 12, PRIV | RW | EXEC);
    expect(m.translate(KERNEL + 0x6000n, ACCESS_WRITE).fault).toBe(FAULT_NONE);
    m.problemState = true;
    expect(m.translate(KERNEL + 0x6000n, ACCESS_READ).dsisr).toBe(DSISR_PROTECTION);
    expect(m.translate(KERNEL + 0x6000n, ACCESS_WRITE).dsisr).toBe(DSISR_PROTECTION | DSISR_STORE);
    expect(m.translate(KERNEL + 0x6000n, ACCESS_EXEC).srr1).toBe(SRR1_ISI_NOEXEC);
  });

  test("privileged access to a user page is limited by AMR and IAMR key 0 (KUAP, KUEP)", () => {
    const m = new Machine();
    const ea = 0x7fff_0000n;
    m.map(0, ea, 0x8000, 12, RW | EXEC | C);
    m.cpu.sprHi[SPR_AMR] = 1 << 31; // key 0 bit 0: stores denied
    expect(m.translate(ea, ACCESS_READ).fault).toBe(FAULT_NONE);
    expect(m.translate(ea, ACCESS_WRITE).dsisr).toBe(DSISR_PROTECTION | DSISR_STORE);
    m.cpu.sprHi[SPR_AMR] = 1 << 30; // key 0 bit 1: loads denied
    expect(m.translate(ea, ACCESS_READ).dsisr).toBe(DSISR_PROTECTION);
    expect(m.translate(ea, ACCESS_WRITE).fault).toBe(FAULT_NONE);
    m.cpu.sprHi[SPR_AMR] = 0;
    m.cpu.sprHi[SPR_IAMR] = 1 << 30; // key 0 bit 1: fetch denied
    expect(m.translate(ea, ACCESS_EXEC).srr1).toBe(SRR1_ISI_NOEXEC);
    // Other keys do nothing, and neither register applies in problem state or to privileged pages.
    m.cpu.sprHi[SPR_IAMR] = 0;
    m.cpu.sprHi[SPR_AMR] = 0x3fffffff;
    m.cpu.sprLo[SPR_AMR] = -1;
    expect(m.translate(ea, ACCESS_WRITE).fault).toBe(FAULT_NONE);
    m.cpu.sprHi[SPR_AMR] = m.cpu.sprHi[SPR_IAMR] = -1;
    m.problemState = true;
    expect([ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC].map((a) => m.translate(ea, a as Access).fault)).toEqual([0, 0, 0]);
    m.problemState = false;
    m.map(0, KERNEL, 0x9000, 12, PRIV | RW | EXEC | C);
    expect([ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC].map((a) => m.translate(KERNEL, a as Access).fault)).toEqual([0, 0, 0]);
  });

  test("fetch from non-idempotent I/O (guarded) storage is refused like no-execute: SRR1 35", () => {
    const m = new Machine();
    m.map(0, KERNEL + 0xa000n, 0xa000, 12, PRIV | RW | EXEC | ATT_NON_IDEMPOTENT_IO);
    expect(m.translate(KERNEL + 0xa000n, ACCESS_EXEC).srr1).toBe(SRR1_ISI_NOEXEC);
    const r = m.translate(KERNEL + 0xa000n, ACCESS_READ);
    expect([r.fault, r.exec]).toEqual([FAULT_NONE, false]);
  });
});

describe("reference and change recording (§6.7.12)", () => {
  test("a load sets R; a store sets C; write is cached only once C is set", () => {
    const m = new Machine();
    const ea = KERNEL + 0xb000n;
    const leaf = m.map(0, ea, 0xb000, 12, RW);
    let r = m.translate(ea, ACCESS_READ);
    expect(m.read(leaf) & (R | C)).toBe(R);
    expect([r.read, r.write]).toEqual([true, false]);
    r = m.translate(ea, ACCESS_WRITE);
    expect(m.read(leaf) & (R | C)).toBe(R | C);
    expect([r.read, r.write]).toEqual([true, true]);
    // With C already set, a load may let the soft TLB take stores too.
    expect(m.translate(ea, ACCESS_READ).write).toBe(true);
    // The rest of the leaf is untouched.
    expect(m.read(leaf)).toBe(VALID | LEAF | 0xb000n | RW | R | C);
  });

  test("an instruction fetch sets R only, and a refused access records nothing", () => {
    const m = new Machine();
    const leaf = m.map(0, KERNEL + 0xc000n, 0xc000, 12, READ | EXEC);
    m.translate(KERNEL + 0xc000n, ACCESS_EXEC);
    expect(m.read(leaf) & (R | C)).toBe(R);
    m.write(leaf, m.read(leaf) & ~R);
    expect(m.translate(KERNEL + 0xc000n, ACCESS_WRITE).fault).toBe(FAULT_STORAGE);
    expect(m.read(leaf) & (R | C)).toBe(0n);
  });

  test("recording R/C in a page holding decoded code tells the CPU, as other writes do", () => {
    const m = new Machine();
    const leaf = m.map(0, KERNEL + 0xd000n, 0xd000, 12, RW);
    const writes: number[] = [];
    m.mem.codeWriteListeners.push((addr) => writes.push(addr));
    m.mem.codePages[leaf >>> 12] = 1;
    m.translate(KERNEL + 0xd000n, ACCESS_WRITE);
    expect(writes).toEqual([leaf + 4]);
  });
});
