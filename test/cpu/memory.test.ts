// Storage behaviour from the ISA book: self-modifying code, real-mode limits, 32-bit mode
// addressing, byte order and the alignment rules for multiple/string instructions.
import { describe, expect, test } from "bun:test";
import { assemble } from "../../vmm/cpu/isa/asm.ts";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { MSR_ME } from "../../vmm/cpu/msr.ts";
import { SPR_SRR0 } from "../../vmm/cpu/sprs.ts";
import { VEC_ALIGNMENT, VEC_MACHINE_CHECK } from "../../vmm/cpu/state.ts";
import { load, makeCpu } from "./helpers.ts";

describe("storage", () => {
  test.each([false, true])("a store over a decoded instruction takes effect (LE=%p)", (le) => {
    const c = makeCpu({ le });
    c.setGpr(3, assemble("addi r5,r5,10"));
    c.setGpr(4, 0x1010);
    // Call the routine at 0x1010 (decoding it), patch its first word, call it again.
    load(c, 0x1000, ["bl 0x10", "stw r3,0(r4)", "bl 0x8", "b 0", "addi r5,r5,1", "bclr 20,0,0"]);
    runSlice(c, 8);
    expect(c.pc).toBe(0x100cn);
    expect(c.gpr(5)).toBe(11n);
  });

  test("a store goes to its own page after a load through the same soft-TLB slot (pages 4 MiB apart)", () => {
    const c = makeCpu({ ram: 8 << 20 });
    c.setGpr(4, 0x401000); // written first: the write side of the slot maps this page
    c.setGpr(5, 0x001000); // then read: the same slot's read side maps this one
    c.setGpr(6, 0x1111);
    c.setGpr(7, 0x2222);
    load(c, 0x2000, ["stw r6,0(r4)", "lwz r3,0(r5)", "stw r7,4(r4)"]);
    runSlice(c, 3);
    expect(c.mem.view.getUint32(0x401004)).toBe(0x2222);
    expect(c.mem.view.getUint32(0x001004)).toBe(0);
  });

  test.each(["ldx r0,r6,r4", "lwzx r0,r6,r4", "lbzx r0,r6,r4", "lxvd2x vs0,r6,r4"])("a copy between pages that share a soft-TLB index lands in the destination (%s)", (load1) => {
    // Linux's copy_and_flush moves the kernel from 0x400000 down to 0: source and destination
    // pages share a TLB slot, and each load must not redirect the next store.
    const c = makeCpu({ ram: 8 << 20 });
    c.mem.view.setUint32(0x400108, 0x11223344);
    c.mem.view.setUint32(0x400110, 0x55667788);
    c.setGpr(4, 0x400000);
    c.setGpr(3, 0);
    c.setGpr(6, 0x108);
    const store = load1.startsWith("lxv") ? "stxvd2x vs0,r6,r3" : { l: "stdx", w: "stwx", b: "stbx" }[load1[1] === "d" ? "l" : load1[1]] + " r0,r6,r3";
    load(c, 0x1000, [load1, store, "addi r6,r6,8", load1, store]);
    c.msrLo |= 1 << 23; // MSR[VSX], for the lxvd2x case
    runSlice(c, 5);
    expect(c.mem.view.getUint32(0x400108)).toBe(0x11223344);
    expect(c.mem.view.getUint8(0x108)).toBe(c.mem.view.getUint8(0x400108));
    expect(c.mem.view.getUint8(0x110)).toBe(c.mem.view.getUint8(0x400110));
  });

  test("a misaligned load reads through its page's cached translation", () => {
    const c = makeCpu();
    c.mem.view.setBigUint64(0x5000, 0x0011223344556677n);
    c.mem.view.setBigUint64(0x5008, 0x8899aabbccddeeffn);
    c.setGpr(4, 0x5000);
    c.setGpr(5, 3);
    load(c, 0x1000, ["ld r3,0(r4)", "ldx r6,r4,r5"]);
    runSlice(c, 1);
    const misses = c.tlbMisses;
    runSlice(c, 1);
    expect(c.gpr(6)).toBe(0x33445566778899aan);
    expect(c.tlbMisses).toBe(misses);
  });

  test("a misaligned store over a decoded instruction takes effect", () => {
    const c = makeCpu();
    // std at 0x100c (not doubleword-aligned) rewrites the words at 0x100c and 0x1010 (big-endian).
    c.setGpr(3, (BigInt(assemble("b 0")) << 32n) | BigInt(assemble("addi r5,r5,10")));
    c.setGpr(4, 0x100c);
    load(c, 0x1000, ["bl 0x10", "std r3,0(r4)", "bl 0x8", "b 0", "addi r5,r5,1", "bclr 20,0,0"]);
    runSlice(c, 8);
    expect(c.pc).toBe(0x100cn);
    expect(c.gpr(5)).toBe(11n);
  });

  test("a load beyond guest RAM is a machine check", () => {
    const c = makeCpu({ ram: 1 << 20 });
    c.setGpr(4, 1 << 20);
    load(c, 0x1000, ["lwz r3,0(r4)"]);
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_MACHINE_CHECK));
    expect(c.sprLo[SPR_SRR0]).toBe(0x1000);
  });

  test("real mode ignores the top four bits of the effective address", () => {
    const c = makeCpu();
    c.mem.view.setUint32(0x8000, 0xcafef00d);
    c.setGpr(4, 0xc000000000008000n);
    load(c, 0x1000, ["lwz r3,0(r4)"]);
    runSlice(c, 1);
    expect(c.gpr(3)).toBe(0xcafef00dn);
  });

  test("32-bit mode wraps effective addresses at 4 GiB", () => {
    const c = makeCpu();
    c.setMsr(0, MSR_ME);
    c.mem.view.setUint32(0x10, 0x11223344);
    c.setGpr(4, 0x12345678fffffff0n);
    load(c, 0x1000, ["lwz r3,0x20(r4)"]);
    runSlice(c, 1);
    expect(c.gpr(3)).toBe(0x11223344n);
  });

  test.each([false, true])("a doubleword load follows MSR[LE] (LE=%p)", (le) => {
    const c = makeCpu({ le });
    c.mem.write(0x8000, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    c.setGpr(4, 0x8000);
    load(c, 0x1000, ["ld r3,0(r4)", "ld r5,1(r4)"]);
    runSlice(c, 2);
    expect(c.gpr(3)).toBe(le ? 0x0807060504030201n : 0x0102030405060708n);
  });

  test("lmw in little-endian mode is an alignment interrupt", () => {
    const c = makeCpu({ le: true });
    c.interruptLittleEndian = true;
    c.setGpr(4, 0x8000);
    load(c, 0x1000, ["lmw r28,0(r4)"]);
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_ALIGNMENT));
  });
});
