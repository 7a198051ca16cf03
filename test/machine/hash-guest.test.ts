// The CPU running with the hash MMU through the pseries machine, as a guest kernel does it:
// slbmte to load a segment, H_ENTER (sc 1) to map a page, mtmsrd to turn data relocation on,
// then loads that translate, miss the page table (DSI) or miss the SLB (data segment).
import { describe, expect, test } from "bun:test";
import { assemble } from "../../vmm/cpu/isa/asm.ts";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { MSR_DR, MSR_ME, MSR_PR, MSR_SF } from "../../vmm/cpu/msr.ts";
import { SPR_DAR, SPR_DSISR, SPR_SRR0 } from "../../vmm/cpu/sprs.ts";
import type { PseriesMachine } from "../../vmm/machine/pseries.ts";
import { bootPseries, guestBin } from "./boot-machine.ts";

const VSID = 0x12345n;
const EA = 0xc000_0000_0004_2000n; // in the segment starting at 0xc000_0000_0000_0000
const H_ENTER = 8, H_REMOVE = 4;

async function hashMachine() {
  const { machine } = await bootPseries(["-cpu", "POWER8", "-bios", guestBin("hello-be")]);
  const cpu = machine.cpu;
  cpu.setMsr(MSR_SF, MSR_ME);
  const code = [
    "slbmte r20,r21", // the segment for EA
    "sc 1", // H_ENTER: r3..r7 set up by the test
    "mtmsrd r22,0", // data relocation on
    "ld r9,0(r10)", // a mapped page
    "ld r11,0(r12)", // same segment, no PTE: DSI
  ];
  const bytes = new Uint8Array(4 * code.length);
  code.forEach((l, i) => new DataView(bytes.buffer).setUint32(4 * i, assemble(l), false));
  machine.mem.write(0x10000, bytes);
  cpu.pc = 0x10000n;
  cpu.setGpr(20, VSID << 12n); // RS: 256M segment, VSID, Ks=Kp=0
  cpu.setGpr(21, (EA & ~0xfff_ffffn) | (1n << 27n)); // RB: ESID, V, index 0
  const hash = VSID ^ ((EA & 0xfff_ffffn) >> 12n);
  const avpn = ((VSID << 28n) | (EA & 0xfff_ffffn)) >> 23n;
  cpu.setGpr(3, H_ENTER);
  cpu.setGpr(4, 0);
  cpu.setGpr(5, (hash & BigInt(machine.hpt.htabMask)) * 8n); // PTEG of the primary hash
  cpu.setGpr(6, (avpn << 7n) | 1n); // V
  cpu.setGpr(7, 0x800000n | 0x10n | 0x2n); // RPN 0x800000, M, PP=0b10 (read/write)
  cpu.setGpr(22, (BigInt(MSR_SF >>> 0) << 32n) | BigInt(MSR_ME | MSR_DR));
  cpu.setGpr(10, EA + 0x10n);
  cpu.setGpr(12, EA + 0x100000n);
  machine.mem.view.setBigUint64(0x800010, 0xfeedface12345678n, false);
  return { machine, cpu };
}

/** Step until pc reaches `addr` (SLB, MSR and PTE changes end slices early). */
function runTo(cpu: PseriesMachine["cpu"], addr: bigint): void {
  for (let i = 0; i < 100 && cpu.pc < addr && cpu.pc >= 0x10000n; i++) runSlice(cpu, 1);
}

/** H_ENTER a read/write 4 KiB page at `ea` in the 256M segment of `vsid`, mapping real `rpn`. */
function enter(machine: PseriesMachine, vsid: bigint, ea: bigint, rpn: bigint): void {
  const cpu = machine.cpu;
  const hash = vsid ^ ((ea & 0xfff_ffffn) >> 12n);
  const avpn = ((vsid << 28n) | (ea & 0xfff_ffffn)) >> 23n;
  [H_ENTER, 0n, (hash & BigInt(machine.hpt.htabMask)) * 8n, (avpn << 7n) | 1n, rpn | 0x10n | 0x2n].forEach((v, i) => cpu.setGpr(3 + i, v));
  machine.hcalls.dispatch(cpu);
  expect(cpu.gpr(3)).toBe(0n);
}

describe("hash translation on the CPU", () => {
  test("a page entered with H_ENTER is read through the SLB and the hashed page table", async () => {
    const { machine, cpu } = await hashMachine();
    runTo(cpu, 0x10008n);
    expect(cpu.gpr(3)).toBe(0n); // H_SUCCESS
    runTo(cpu, 0x10010n);
    expect(cpu.gpr(9)).toBe(0xfeedface12345678n);
    const ptex = Number(cpu.gpr(4));
    expect(machine.hpt.rLo(ptex) & 0x100).toBe(0x100); // R recorded in the PTE
  });

  test("a page with no PTE is a DSI: DAR = EA, DSISR[33]", async () => {
    const { cpu } = await hashMachine();
    runTo(cpu, 0x10010n);
    runSlice(cpu, 1);
    expect(cpu.pc).toBe(0x300n);
    expect(cpu.sprLo[SPR_SRR0]).toBe(0x10010);
    expect((BigInt(cpu.sprHi[SPR_DAR] >>> 0) << 32n) | BigInt(cpu.sprLo[SPR_DAR] >>> 0)).toBe(EA + 0x100000n);
    expect(cpu.sprLo[SPR_DSISR] >>> 0).toBe(0x40000000);
  });

  test("an address outside every SLB entry is a data segment interrupt", async () => {
    const { cpu } = await hashMachine();
    cpu.setGpr(12, 0xd000_0000_0000_0000n);
    runTo(cpu, 0x10010n);
    runSlice(cpu, 1);
    expect(cpu.pc).toBe(0x380n);
  });

  test("H_REMOVE unmaps the page: the next load misses even though it was cached", async () => {
    const { machine, cpu } = await hashMachine();
    runTo(cpu, 0x10010n); // the mapped load has filled the soft TLB
    const ptex = cpu.gpr(4);
    cpu.setGpr(3, H_REMOVE);
    cpu.setGpr(4, 0);
    cpu.setGpr(5, ptex);
    machine.hcalls.dispatch(cpu);
    expect(cpu.gpr(3)).toBe(0n);
    cpu.setGpr(12, EA + 0x10n);
    runSlice(cpu, 1);
    expect(cpu.pc).toBe(0x300n);
  });
});

test("an AMR change reaches problem state's cached translations: hash storage keys govern both states", async () => {
  const { cpu } = await hashMachine();
  runTo(cpu, 0x10010n); // EA's page (storage key 0) is mapped read/write for both states
  const code = ["ld r9,0(r10)", "mtspr 29,r5", "ld r9,0(r10)"];
  const bytes = new Uint8Array(4 * code.length);
  code.forEach((l, i) => new DataView(bytes.buffer).setUint32(4 * i, assemble(l), false));
  cpu.mem.write(0x20000, bytes);
  cpu.setGpr(5, 0xc000_0000_0000_0000n); // AMR key 0: no loads, no stores
  cpu.setMsr(MSR_SF, MSR_ME | MSR_PR | MSR_DR);
  cpu.pc = 0x20000n;
  runSlice(cpu, 1); // problem state caches the page
  expect(cpu.gpr(9)).toBe(0xfeedface12345678n);
  cpu.setMsr(MSR_SF, MSR_ME | MSR_DR);
  runSlice(cpu, 1); // the kernel locks key 0
  cpu.setMsr(MSR_SF, MSR_ME | MSR_PR | MSR_DR);
  runSlice(cpu, 1);
  expect(cpu.pc).toBe(0x300n);
  expect(cpu.sprLo[SPR_DSISR] & (1 << 21)).toBe(1 << 21); // DSISR[42]: key
});

describe("SLB changes and cached translations", () => {
  const USER_VSID = 0x6789n, USER_EA = 0x1000_0000n; // segment 1, soft-TLB slot apart from EA's

  /** After EA's page is cached: a user segment at SLB index 1 with a page, loaded (cached), then
   *  `change`, a load from EA's page (the kernel's region) and one from the user page again. The
   *  code runs in real mode, whose fetch translation goes with region 0's: a nop refetches it. */
  async function afterSlbChange(change: string) {
    const { machine, cpu } = await hashMachine();
    runTo(cpu, 0x10010n);
    enter(machine, USER_VSID, USER_EA, 0x900000n);
    machine.mem.view.setBigUint64(0x900000, 0x5eedn, false);
    const code = ["slbmte r20,r21", "ld r13,0(r14)", change, "ori r0,r0,0", "ld r9,0(r10)", "ld r13,0(r14)"];
    const bytes = new Uint8Array(4 * code.length);
    code.forEach((l, i) => new DataView(bytes.buffer).setUint32(4 * i, assemble(l), false));
    machine.mem.write(0x20000, bytes);
    cpu.pc = 0x20000n;
    cpu.setGpr(20, USER_VSID << 12n);
    cpu.setGpr(21, USER_EA | (1n << 27n) | 1n); // ESID, V, index 1
    cpu.setGpr(14, USER_EA);
    cpu.setGpr(15, USER_EA); // slbie RB: the ESID, 256M
    cpu.setGpr(16, 0x2000_0000n | (1n << 27n) | 1n); // another segment for index 1
    runTo(cpu, 0x20010n);
    expect(cpu.gpr(13)).toBe(0x5eedn);
    const misses = cpu.tlbMisses;
    runSlice(cpu, 1);
    expect(cpu.gpr(9)).toBe(0xfeedface12345678n);
    expect(cpu.tlbMisses).toBe(misses); // the other region's translation stayed cached
    runSlice(cpu, 1);
    return cpu;
  }

  test("slbie forgets the translations of its segment", async () => {
    expect((await afterSlbChange("slbie r15")).pc).toBe(0x380n);
  });

  test("slbmte forgets the translations of the entry it replaces", async () => {
    expect((await afterSlbChange("slbmte r20,r16")).pc).toBe(0x380n);
  });
});
