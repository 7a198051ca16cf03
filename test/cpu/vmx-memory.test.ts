// Vector loads and stores (Book I §6.7-6.8), lvsl/lvsr, the VSCR moves, the VMX unavailable
// interrupt and the ISA level of vector instructions. Element placement follows the book: in
// big-endian mode VR byte k is the byte at EA+k of the aligned quadword; in little-endian mode
// the quadword is reversed (byte k from EA+15-k), so elements land mirrored, in LE byte order.
import { describe, expect, test } from "bun:test";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { MSR_VEC, MSR_VSX } from "../../vmm/cpu/msr.ts";
import { SPR_SRR0, SPR_SRR1 } from "../../vmm/cpu/sprs.ts";
import { SRR1_ILLEGAL, VEC_MACHINE_CHECK, VEC_PROGRAM, VEC_VMX_UNAVAILABLE } from "../../vmm/cpu/state.ts";
import { load, makeCpu } from "./helpers.ts";
import { setVr, step, vecCpu, vr, words } from "./vmx-helpers.ts";

const BASE = 0x8000;
const PRESET = "a0a1a2a3 a4a5a6a7 a8a9aaab acadaeaf";

/** A CPU with bytes 0x10, 0x11, ... at BASE and r3 = BASE, r4 = offset. */
function withMemory(le: boolean, offset: number) {
  const c = vecCpu({ le });
  for (let i = 0; i < 32; i++) c.mem.u8[BASE + i] = 0x10 + i;
  c.setGpr(3, BASE);
  c.setGpr(4, offset);
  setVr(c, 5, PRESET);
  return c;
}

const memHex = (c: ReturnType<typeof vecCpu>, from: number, n: number) => Buffer.from(c.mem.u8.slice(BASE + from, BASE + from + n)).toString("hex");

describe("vector loads", () => {
  test.each([
    // [instruction, offset, big-endian result, little-endian result]
    ["lvx", 7, "10111213 14151617 18191a1b 1c1d1e1f", "1f1e1d1c 1b1a1918 17161514 13121110"],
    ["lvxl", 0x1f, "20212223 24252627 28292a2b 2c2d2e2f", "2f2e2d2c 2b2a2928 27262524 23222120"],
    // lvebx at EA 5: byte 5 (BE) or byte 15-5 = 10 (LE); the rest of VRT is kept.
    ["lvebx", 5, "a0a1a2a3 a415a6a7 a8a9aaab acadaeaf", "a0a1a2a3 a4a5a6a7 a8a915ab acadaeaf"],
    // lvehx at EA 7 loads the halfword at 6: halfword 3 (BE), or halfword 7-3 = 4 read LE.
    ["lvehx", 7, "a0a1a2a3 a4a51617 a8a9aaab acadaeaf", "a0a1a2a3 a4a5a6a7 1716aaab acadaeaf"],
    // lvewx at EA 0xa loads the word at 8: word 2 (BE), or word 3-2 = 1 read LE.
    ["lvewx", 0xa, "a0a1a2a3 a4a5a6a7 18191a1b acadaeaf", "a0a1a2a3 1b1a1918 a8a9aaab acadaeaf"],
  ])("%s v5,r3,r4 at offset %d", (op, offset, be, le) => {
    for (const [little, want] of [[false, be], [true, le]] as const) {
      const c = withMemory(little, offset as number);
      step(c, `${op} v5,r3,r4`);
      expect(vr(c, 5)).toBe(words(want as string));
    }
  });

  test.each([false, true])("lvsl and lvsr give the permute control for EA mod 16, in either byte order (LE=%p)", (le) => {
    const c = withMemory(le, 3);
    step(c, "lvsl v5,r3,r4");
    expect(vr(c, 5)).toBe(words("03040506 0708090a 0b0c0d0e 0f101112"));
    step(c, "lvsr v5,r3,r4");
    expect(vr(c, 5)).toBe(words("0d0e0f10 11121314 15161718 191a1b1c"));
    c.setGpr(4, 0);
    step(c, "lvsr v5,r3,r4");
    expect(vr(c, 5)).toBe(words("10111213 14151617 18191a1b 1c1d1e1f"));
  });

  test("a faulting load leaves VRT alone", () => {
    const c = vecCpu(); // 1 MiB of RAM
    setVr(c, 5, PRESET);
    c.setGpr(3, 1 << 20);
    step(c, "lvx v5,0,r3");
    expect(c.pc).toBe(BigInt(VEC_MACHINE_CHECK));
    expect(vr(c, 5)).toBe(words(PRESET));
  });
});

describe("vector stores", () => {
  const V = "00010203 04050607 08090a0b 0c0d0e0f";
  test.each([
    // [instruction, offset, bytes BASE..BASE+15 afterwards (BE), the same (LE)]
    ["stvx", 9, "000102030405060708090a0b0c0d0e0f", "0f0e0d0c0b0a09080706050403020100"],
    ["stvxl", 0, "000102030405060708090a0b0c0d0e0f", "0f0e0d0c0b0a09080706050403020100"],
    ["stvebx", 5, "ffffffffff05ffffffffffffffffffff", "ffffffffff0affffffffffffffffffff"],
    ["stvehx", 7, "ffffffffffff0607ffffffffffffffff", "ffffffffffff0908ffffffffffffffff"],
    ["stvewx", 0xb, "ffffffffffffffff08090a0bffffffff", "ffffffffffffffff07060504ffffffff"],
  ])("%s v5,r3,r4 at offset %d", (op, offset, be, le) => {
    for (const [little, want] of [[false, be], [true, le]] as const) {
      const c = vecCpu({ le: little });
      c.mem.u8.fill(0xff, BASE, BASE + 16);
      c.setGpr(3, BASE);
      c.setGpr(4, offset as number);
      setVr(c, 5, V);
      step(c, `${op} v5,r3,r4`);
      expect(memHex(c, 0, 16)).toBe(want as string);
    }
  });
});

describe("VSCR", () => {
  test("mtvscr takes NJ and SAT from word 3; mfvscr returns them in word 3", () => {
    const c = vecCpu();
    setVr(c, 2, "ffffffff ffffffff ffffffff 00010001");
    step(c, "mtvscr v2");
    expect(c.vscr).toBe(0x10001);
    setVr(c, 2, "ffffffff ffffffff ffffffff fffefffe"); // reserved bits are not kept
    step(c, "mtvscr v2");
    expect(c.vscr).toBe(0);
    c.vscr = 0x10000;
    setVr(c, 3, PRESET);
    step(c, "mfvscr v3");
    expect(vr(c, 3)).toBe(words("00000000 00000000 00000000 00010000"));
  });
});

describe("the vector facility", () => {
  test.each(["vaddubm v3,v1,v2", "lvx v3,0,r4", "stvx v3,0,r4", "mfvscr v3", "vcmpequb. v3,v1,v2", "vmaddfp v3,v1,v2,v2", "vcipher v3,v1,v2"])(
    "%s with MSR[VEC]=0 takes the VMX unavailable interrupt at 0xf20",
    (text) => {
      const c = makeCpu();
      c.setGpr(4, BASE);
      setVr(c, 3, PRESET);
      c.cr = 0x12345678;
      load(c, 0x1000, [text]);
      runSlice(c, 1);
      expect(c.pc).toBe(BigInt(VEC_VMX_UNAVAILABLE));
      expect(c.sprLo[SPR_SRR0]).toBe(0x1000);
      expect(c.sprLo[SPR_SRR1] & 0x783f0000).toBe(0);
      expect(vr(c, 3)).toBe(words(PRESET));
      expect(c.cr).toBe(0x12345678);
      expect(c.msrLo & MSR_VEC).toBe(0);
    },
  );

  // QEMU 7.2 checks MSR[VSX] for these ISA 3.0 rotates (vmx-exceptions.ts); the book checks MSR[VEC].
  test.each(["vrlwnm v3,v1,v2", "vrlwmi v3,v1,v2", "vrldnm v3,v1,v2", "vrldmi v3,v1,v2"])("%s with MSR[VEC]=0 and MSR[VSX]=1 takes the VMX unavailable interrupt", (text) => {
    const c = makeCpu();
    c.setMsr(c.msrHi, (c.msrLo | MSR_VSX) & ~MSR_VEC);
    setVr(c, 3, PRESET);
    load(c, 0x1000, [text]);
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_VMX_UNAVAILABLE));
    expect(vr(c, 3)).toBe(words(PRESET));
  });

  test.each(["dssall", "dss 1", "dst r3,r4,0", "dststt r3,r4,3"])("%s is a hint that runs with MSR[VEC]=0", (text) => {
    const c = makeCpu();
    load(c, 0x1000, [text]);
    runSlice(c, 1);
    expect(c.pc).toBe(0x1004n);
  });

  test.each([
    ["vaddubm v1,v2,v3", "power7", true],
    ["vaddudm v1,v2,v3", "power7", false],
    ["vaddudm v1,v2,v3", "power8", true],
    ["vcipher v1,v2,v3", "power8", true],
    ["vpermr v1,v2,v3,v4", "power8", false],
    ["vpermr v1,v2,v3,v4", "power9", true],
    ["vcmpnezb. v1,v2,v3", "power8", false],
  ])("%s on %s decodes: %p", (text, model, legal) => {
    const c = vecCpu({ model });
    step(c, text);
    expect(c.pc === BigInt(VEC_PROGRAM) && (c.sprLo[SPR_SRR1] & SRR1_ILLEGAL) !== 0).toBe(!legal);
  });
});
