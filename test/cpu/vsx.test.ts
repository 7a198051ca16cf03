// VSX loads/stores, logical, permute, move and bit instructions (Book I ch. 7), with expected
// values worked from each instruction's RTL in the Power ISA book, in both byte orders; the
// facility-unavailable interrupts each instruction's RTL names; and the encodings binutils
// gives (fixtures/binutils/vsx.txt, recorded by binutils-record.ts).
import { describe, expect, test } from "bun:test";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { assemble } from "../../vmm/cpu/isa/asm.ts";
import { decode, OP_ILLEGAL, specOf } from "../../vmm/cpu/isa/decode.ts";
import { disassemble } from "../../vmm/cpu/isa/disasm.ts";
import { VSX_INSNS } from "../../vmm/cpu/isa/table-vsx.ts";
import { MSR_FP, MSR_LE, MSR_ME, MSR_SF, MSR_VEC, MSR_VSX } from "../../vmm/cpu/msr.ts";
import { SPR_SRR0 } from "../../vmm/cpu/sprs.ts";
import { VEC_FP_UNAVAILABLE, VEC_MACHINE_CHECK, VEC_PROGRAM, VEC_VMX_UNAVAILABLE, VEC_VSX_UNAVAILABLE, type Cpu } from "../../vmm/cpu/state.ts";
import { load, makeCpu } from "./helpers.ts";

const ALL = MSR_FP | MSR_VEC | MSR_VSX;
const DATA = 0x8000;

function vsxCpu(le: boolean, facilities = ALL, model = "power9"): Cpu {
  const c = makeCpu({ le, model });
  c.setMsr(MSR_SF, MSR_ME | facilities | (le ? MSR_LE : 0));
  return c;
}

/** VSR x as 32 hex digits, big-endian byte 0 first. */
function vsr(c: Cpu, x: number): string {
  let s = "";
  for (let k = 0; k < 16; k++) s += c.vsrU8[16 * x + (k ^ 7)].toString(16).padStart(2, "0");
  return s;
}

function setVsr(c: Cpu, x: number, hex: string): void {
  for (let k = 0; k < 16; k++) c.vsrU8[16 * x + (k ^ 7)] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
}

function memHex(c: Cpu, addr: number, n: number): string {
  return [...c.mem.u8.subarray(addr, addr + n)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));
const INDEX = "000102030405060708090a0b0c0d0e0f";
const ZERO = "0".repeat(32);

/** Run `program` with r3 = DATA and r4 = 0, memory at DATA holding `mem`. */
function run(c: Cpu, program: string[], mem = INDEX): void {
  c.mem.write(DATA, bytes(mem));
  c.setGpr(3, DATA);
  c.setGpr(4, 0);
  load(c, 0x1000, program);
  runSlice(c, program.length);
}

describe("VSX vector loads", () => {
  // Memory holds bytes 00..0f; the expected register images follow each RTL: lxvd2x/lxvw4x/
  // lxvh8x load elements in storage order, each element in MSR[LE] byte order; lxvb16x is byte
  // order independent; lxvx/lxv load one quadword in MSR[LE] byte order.
  const cases: [string, string, string, string][] = [
    ["lxvd2x vs34,r3,r4", INDEX, INDEX, "07060504030201000f0e0d0c0b0a0908"],
    ["lxvw4x vs34,r3,r4", INDEX, INDEX, "03020100070605040b0a09080f0e0d0c"],
    ["lxvh8x vs34,r3,r4", INDEX, INDEX, "010003020504070609080b0a0d0c0f0e"],
    ["lxvb16x vs34,r3,r4", INDEX, INDEX, INDEX],
    ["lxvx vs34,r3,r4", INDEX, INDEX, "0f0e0d0c0b0a09080706050403020100"],
    ["lxv vs34,0(r3)", INDEX, INDEX, "0f0e0d0c0b0a09080706050403020100"],
    ["lxvdsx vs34,r3,r4", INDEX, "00010203040506070001020304050607", "07060504030201000706050403020100"],
    ["lxvwsx vs34,r3,r4", INDEX, "00010203".repeat(4), "03020100".repeat(4)],
  ];
  for (const [asm, mem, be, le] of cases) {
    test.each([false, true])(`${asm} (LE=%p)`, (isLe) => {
      const c = vsxCpu(isLe);
      setVsr(c, 34, "ff".repeat(16));
      run(c, [asm], mem);
      expect(vsr(c, 34)).toBe(isLe ? le : be);
    });
  }

  test.each([false, true])("lxv adds DQ and reaches VSRs 0-31 (LE=%p)", (le) => {
    const c = vsxCpu(le);
    c.mem.write(DATA + 0x20, bytes(INDEX));
    run(c, ["lxv vs5,0x20(r3)"], ZERO);
    expect(vsr(c, 5)).toBe(le ? "0f0e0d0c0b0a09080706050403020100" : INDEX);
  });

  test.each([false, true])("misaligned and page-crossing vector loads (LE=%p)", (le) => {
    const c = vsxCpu(le);
    c.mem.write(0x8ff9, bytes(INDEX));
    c.setGpr(3, 0x8ff0);
    c.setGpr(4, 9);
    load(c, 0x1000, ["lxvd2x vs0,r3,r4", "lxvx vs1,r3,r4"]);
    runSlice(c, 2);
    expect(vsr(c, 0)).toBe(le ? "07060504030201000f0e0d0c0b0a0908" : INDEX);
    expect(vsr(c, 1)).toBe(le ? "0f0e0d0c0b0a09080706050403020100" : INDEX);
  });

  test("a load beyond RAM is a machine check and leaves the register alone", () => {
    const c = vsxCpu(true);
    setVsr(c, 2, INDEX);
    c.setGpr(3, (1 << 20) - 8);
    load(c, 0x1000, ["lxvd2x vs2,0,r3"]);
    runSlice(c, 1);
    expect(c.pc).toBe(BigInt(VEC_MACHINE_CHECK));
    expect(vsr(c, 2)).toBe(INDEX);
  });
});

describe("VSX vector stores", () => {
  // The register holds bytes 00..0f (big-endian numbering); the stores invert the loads above.
  const cases: [string, string][] = [
    ["stxvd2x vs34,r3,r4", "07060504030201000f0e0d0c0b0a0908"],
    ["stxvw4x vs34,r3,r4", "03020100070605040b0a09080f0e0d0c"],
    ["stxvh8x vs34,r3,r4", "010003020504070609080b0a0d0c0f0e"],
    ["stxvb16x vs34,r3,r4", INDEX],
    ["stxvx vs34,r3,r4", "0f0e0d0c0b0a09080706050403020100"],
    ["stxv vs34,0(r3)", "0f0e0d0c0b0a09080706050403020100"],
  ];
  for (const [asm, le] of cases) {
    test.each([false, true])(`${asm} (LE=%p)`, (isLe) => {
      const c = vsxCpu(isLe);
      setVsr(c, 34, INDEX);
      run(c, [asm], ZERO);
      expect(memHex(c, DATA, 16)).toBe(isLe ? le : INDEX);
    });
  }

  test.each([false, true])("a misaligned page-crossing stxvd2x (LE=%p)", (le) => {
    const c = vsxCpu(le);
    setVsr(c, 63, INDEX);
    c.setGpr(3, 0x8ffb);
    load(c, 0x1000, ["stxvd2x vs63,0,r3"]);
    runSlice(c, 1);
    expect(memHex(c, 0x8ffb, 16)).toBe(le ? "07060504030201000f0e0d0c0b0a0908" : INDEX);
  });
});

describe("VSX load and store with length", () => {
  const count = (n: number) => BigInt(n) << 56n;
  // lxvl: big-endian fills from byte 0; little-endian fills from byte 15 down (MEM(EA,nb) in LE
  // order into bytes 16-nb..15). lxvll fills from byte 0 in both.
  test.each([
    ["lxvl", false, 5, "0001020304" + "00".repeat(11)],
    ["lxvl", true, 5, "00".repeat(11) + "0403020100"],
    ["lxvll", false, 5, "0001020304" + "00".repeat(11)],
    ["lxvll", true, 5, "0001020304" + "00".repeat(11)],
    ["lxvl", true, 0, ZERO],
    ["lxvl", true, 0xff, "0f0e0d0c0b0a09080706050403020100"],
    ["lxvll", false, 16, INDEX],
  ] as const)("%s (LE=%p) with %d bytes", (name, le, n, want) => {
    const c = vsxCpu(le);
    setVsr(c, 40, "ee".repeat(16));
    c.setGpr(5, count(n) | 0x1234n);
    run(c, [`${name} vs40,r3,r5`]);
    expect(vsr(c, 40)).toBe(want);
  });

  test.each([
    ["stxvl", false, 3, "000102" + "ee".repeat(13)],
    ["stxvl", true, 3, "0f0e0d" + "ee".repeat(13)],
    ["stxvll", true, 3, "000102" + "ee".repeat(13)],
    ["stxvl", true, 0, "ee".repeat(16)],
    ["stxvl", true, 20, "0f0e0d0c0b0a09080706050403020100"],
  ] as const)("%s (LE=%p) with %d bytes", (name, le, n, want) => {
    const c = vsxCpu(le);
    setVsr(c, 7, INDEX);
    c.setGpr(5, count(n));
    run(c, [`${name} vs7,r3,r5`], "ee".repeat(16));
    expect(memHex(c, DATA, 16)).toBe(want);
  });
});

describe("VSX scalar loads and stores", () => {
  // Doubleword 0 gets the value; doubleword 1 becomes zero (ISA 3.0 RTL).
  const loads: [string, string, string, string][] = [
    ["lxsdx vs3,r3,r4", INDEX, "0001020304050607", "0706050403020100"],
    ["lxsiwzx vs3,r3,r4", "80010203", "0000000080010203", "0000000003020180"],
    ["lxsiwax vs3,r3,r4", "80010203", "ffffffff80010203", "0000000003020180"],
    ["lxsihzx vs3,r3,r4", "8001", "0000000000008001", "0000000000000180"],
    ["lxsibzx vs3,r3,r4", "80", "0000000000000080", "0000000000000080"],
    ["lxsd v3,0(r3)", INDEX, "0001020304050607", "0706050403020100"],
  ];
  for (const [asm, mem, be, le] of loads) {
    test.each([false, true])(`${asm} (LE=%p)`, (isLe) => {
      const c = vsxCpu(isLe);
      const x = asm.startsWith("lxsd ") ? 35 : 3;
      setVsr(c, x, "ff".repeat(16));
      run(c, [asm], mem);
      expect(vsr(c, x)).toBe((isLe ? le : be) + "0".repeat(16));
    });
  }

  // DOUBLE(): normal, zero, infinity, signalling NaN (kept signalling) and denormals normalised.
  test.each([
    ["3f800000", "3ff0000000000000"],
    ["80000000", "8000000000000000"],
    ["ff800000", "fff0000000000000"],
    ["7f800001", "7ff0000020000000"],
    ["7fc00000", "7ff8000000000000"],
    ["00000001", "36a0000000000000"],
    ["80400000", "b800000000000000"],
    ["007fffff", "380fffffc0000000"],
  ])("lxsspx and lxssp widen %s to %s", (single, double) => {
    for (const le of [false, true]) {
      const c = vsxCpu(le);
      const mem = le ? single.match(/../g)!.reverse().join("") : single;
      run(c, ["lxsspx vs60,r3,r4", "lxssp v4,0(r3)"], mem);
      expect(vsr(c, 60)).toBe(double + "0".repeat(16));
      expect(vsr(c, 36)).toBe(double + "0".repeat(16));
    }
  });

  // SINGLE(): the inverse, including doubles that land in the single denormal range.
  test.each([
    ["3ff0000000000000", "3f800000"],
    ["7ff0000020000000", "7f800001"],
    ["fff8000000000001", "ffc00000"],
    ["36a0000000000000", "00000001"],
    ["3800000000000000", "00400000"],
    ["b80fffffc0000000", "807fffff"],
    ["0000000000000001", "00000000"],
  ])("stxsspx and stxssp narrow %s to %s", (double, single) => {
    for (const le of [false, true]) {
      const c = vsxCpu(le);
      setVsr(c, 9, double + "0".repeat(16));
      setVsr(c, 41, double + "0".repeat(16));
      c.setGpr(5, DATA + 8);
      run(c, ["stxsspx vs9,0,r3", "stxssp v9,0(r5)"], ZERO);
      const want = le ? single.match(/../g)!.reverse().join("") : single;
      expect(memHex(c, DATA, 4)).toBe(want);
      expect(memHex(c, DATA + 8, 4)).toBe(want);
    }
  });

  const stores: [string, string, string][] = [
    ["stxsdx vs3,r3,r4", INDEX.slice(0, 16), "0706050403020100"],
    ["stxsiwx vs3,r3,r4", "04050607", "07060504"],
    ["stxsihx vs3,r3,r4", "0607", "0706"],
    ["stxsibx vs3,r3,r4", "07", "07"],
    ["stxsd v3,0(r3)", INDEX.slice(0, 16), "0706050403020100"],
  ];
  for (const [asm, be, le] of stores) {
    test.each([false, true])(`${asm} (LE=%p)`, (isLe) => {
      const c = vsxCpu(isLe);
      setVsr(c, asm.startsWith("stxsd ") ? 35 : 3, INDEX);
      run(c, [asm], "ee".repeat(16));
      expect(memHex(c, DATA, 16)).toBe((isLe ? le : be).padEnd(32, "e"));
    });
  }
});

describe("VSX logical and permute", () => {
  const A = "00112233445566778899aabbccddeeff", B = "0f0f0f0f0f0f0f0ff0f0f0f0f0f0f0f0";
  const bitwise = (f: (a: number, b: number) => number) => {
    let s = "";
    for (let k = 0; k < 16; k++) s += (f(parseInt(A.slice(2 * k, 2 * k + 2), 16), parseInt(B.slice(2 * k, 2 * k + 2), 16)) & 0xff).toString(16).padStart(2, "0");
    return s;
  };
  test.each([
    ["xxland", (a: number, b: number) => a & b],
    ["xxlandc", (a: number, b: number) => a & ~b],
    ["xxlor", (a: number, b: number) => a | b],
    ["xxlxor", (a: number, b: number) => a ^ b],
    ["xxlnor", (a: number, b: number) => ~(a | b)],
    ["xxlorc", (a: number, b: number) => a | ~b],
    ["xxlnand", (a: number, b: number) => ~(a & b)],
    ["xxleqv", (a: number, b: number) => ~(a ^ b)],
  ] as const)("%s", (name, f) => {
    const c = vsxCpu(true);
    setVsr(c, 1, A);
    setVsr(c, 40, B);
    run(c, [`${name} vs63,vs1,vs40`]);
    expect(vsr(c, 63)).toBe(bitwise(f));
  });

  test("xxsel takes XB's bits where XC is set", () => {
    const c = vsxCpu(false);
    setVsr(c, 1, "00".repeat(16));
    setVsr(c, 2, "ff".repeat(16));
    setVsr(c, 3, "0ff00000ffffffff00000000a5a5a5a5");
    run(c, ["xxsel vs4,vs1,vs2,vs3"]);
    expect(vsr(c, 4)).toBe("0ff00000ffffffff00000000a5a5a5a5");
  });

  test.each([
    [0, "0001020304050607" + "1011121314151617"],
    [1, "0001020304050607" + "18191a1b1c1d1e1f"],
    [2, "08090a0b0c0d0e0f" + "1011121314151617"],
    [3, "08090a0b0c0d0e0f" + "18191a1b1c1d1e1f"],
  ])("xxpermdi DM=%d", (dm, want) => {
    const c = vsxCpu(true);
    setVsr(c, 33, INDEX);
    setVsr(c, 34, "101112131415161718191a1b1c1d1e1f");
    run(c, [`xxpermdi vs33,vs33,vs34,${dm}`]);
    expect(vsr(c, 33)).toBe(want);
  });

  const AW = "a0a0a0a0a1a1a1a1a2a2a2a2a3a3a3a3", BW = "b0b0b0b0b1b1b1b1b2b2b2b2b3b3b3b3";
  test.each([
    ["xxmrghw vs5,vs6,vs7", "a0a0a0a0b0b0b0b0a1a1a1a1b1b1b1b1"],
    ["xxmrglw vs5,vs6,vs7", "a2a2a2a2b2b2b2b2a3a3a3a3b3b3b3b3"],
    ["xxsldwi vs5,vs6,vs7,0", AW],
    ["xxsldwi vs5,vs6,vs7,1", "a1a1a1a1a2a2a2a2a3a3a3a3b0b0b0b0"],
    ["xxsldwi vs5,vs6,vs7,3", "a3a3a3a3b0b0b0b0b1b1b1b1b2b2b2b2"],
    ["xxspltw vs5,vs7,2", "b2b2b2b2".repeat(4)],
    ["xxspltib vs5,0xa5", "a5".repeat(16)],
    ["xxbrh vs5,vs8", "010003020504070609080b0a0d0c0f0e"],
    ["xxbrw vs5,vs8", "03020100070605040b0a09080f0e0d0c"],
    ["xxbrd vs5,vs8", "07060504030201000f0e0d0c0b0a0908"],
    ["xxbrq vs5,vs8", "0f0e0d0c0b0a09080706050403020100"],
    ["xxextractuw vs5,vs8,3", "0000000003040506" + "0".repeat(16)],
    ["xxextractuw vs5,vs8,14", "000000000e0f0001" + "0".repeat(16)],
    ["xxinsertw vs5,vs8,5", "eeeeeeeeee04050607eeeeeeeeeeeeee"],
    ["xxinsertw vs5,vs8,14", "eeeeeeeeeeeeeeeeeeeeeeeeeeee0405"],
  ])("%s", (asm, want) => {
    for (const le of [false, true]) {
      const c = vsxCpu(le);
      setVsr(c, 5, "ee".repeat(16));
      setVsr(c, 6, AW);
      setVsr(c, 7, BW);
      setVsr(c, 8, INDEX);
      run(c, [asm]);
      expect(vsr(c, 5)).toBe(want);
    }
  });

  test("xxperm and xxpermr select bytes of XA || XT", () => {
    const c = vsxCpu(true);
    setVsr(c, 1, INDEX);
    setVsr(c, 2, "101112131415161718191a1b1c1d1e1f");
    setVsr(c, 3, "1f00100fe1203040506070809a0b0c0d");
    setVsr(c, 4, "101112131415161718191a1b1c1d1e1f");
    run(c, ["xxperm vs2,vs1,vs3", "xxpermr vs4,vs1,vs3"]);
    // Only the low five bits of each selector byte count: e1 -> 1, 20 -> 0, 30 -> 16, 9a -> 26.
    expect(vsr(c, 2)).toBe("1f00100f01001000100010001a0b0c0d");
    expect(vsr(c, 4)).toBe("001f0f101e1f0f1f0f1f0f1f05141312");
  });
});

describe("moves between GPRs and VSRs", () => {
  test.each([false, true])("mfvsrd, mfvsrwz, mfvsrld (LE=%p)", (le) => {
    const c = vsxCpu(le);
    setVsr(c, 1, "8899aabbccddeeff0011223344556677");
    setVsr(c, 33, "0102030405060708090a0b0c0d0e0f10");
    run(c, ["mfvsrd r5,vs1", "mfvsrwz r6,vs1", "mfvsrld r7,vs33", "mfvsrd r8,vs33"]);
    expect(c.gpr(5)).toBe(0x8899aabbccddeeffn);
    expect(c.gpr(6)).toBe(0xccddeeffn);
    expect(c.gpr(7)).toBe(0x090a0b0c0d0e0f10n);
    expect(c.gpr(8)).toBe(0x0102030405060708n);
  });

  test("mtvsrd, mtvsrwa, mtvsrwz write doubleword 0; mtvsrdd and mtvsrws all of it", () => {
    const c = vsxCpu(true);
    for (const x of [1, 2, 3, 34, 35, 36]) setVsr(c, x, "ee".repeat(16));
    c.setGpr(5, 0x0123456789abcdefn);
    c.setGpr(6, 0xfedcba9876543210n);
    run(c, ["mtvsrd vs1,r5", "mtvsrwa vs2,r5", "mtvsrwz vs34,r5", "mtvsrdd vs35,r5,r6", "mtvsrdd vs36,0,r6", "mtvsrws vs3,r6"]);
    expect(vsr(c, 1)).toBe("0123456789abcdef" + "ee".repeat(8));
    expect(vsr(c, 2)).toBe("ffffffff89abcdef" + "ee".repeat(8));
    expect(vsr(c, 34)).toBe("0000000089abcdef" + "ee".repeat(8));
    expect(vsr(c, 35)).toBe("0123456789abcdeffedcba9876543210");
    expect(vsr(c, 36)).toBe("0000000000000000fedcba9876543210");
    expect(vsr(c, 3)).toBe("76543210".repeat(4));
  });
});

describe("sign, exponent and significand bits", () => {
  test.each([
    ["xsabsdp vs5,vs6", "7ff0000000000001" + "0".repeat(16)],
    ["xsnabsdp vs5,vs6", "fff0000000000001" + "0".repeat(16)],
    ["xsnegdp vs5,vs6", "7ff0000000000001" + "0".repeat(16)],
    ["xscpsgndp vs5,vs7,vs6", "7ff0000000000001" + "0".repeat(16)],
    ["xvabsdp vs5,vs6", "7ff00000000000010000000080000000"],
    ["xvnabsdp vs5,vs6", "fff00000000000018000000080000000"],
    ["xvnegdp vs5,vs6", "7ff00000000000018000000080000000"],
    ["xvcpsgndp vs5,vs7,vs6", "7ff00000000000018000000080000000"],
    ["xvabssp vs5,vs6", "7ff00000000000010000000000000000"],
    ["xvnabssp vs5,vs6", "fff00000800000018000000080000000"],
    ["xvnegsp vs5,vs6", "7ff00000800000018000000000000000"],
    ["xvcpsgnsp vs5,vs7,vs6", "7ff00000000000018000000000000000"],
    ["xvxexpdp vs5,vs6", "00000000000007ff0000000000000000"],
    ["xvxsigdp vs5,vs6", "00000000000000010000000080000000"],
    ["xvxexpsp vs5,vs6", "000000ff000000000000000000000000"],
    ["xvxsigsp vs5,vs6", "00700000000000010000000000000000"],
    ["xviexpdp vs5,vs6,vs7", "80000000000000014010000080000000"],
    ["xviexpsp vs5,vs6,vs7", "80700000000000010000000080800000"],
  ])("%s", (asm, want) => {
    const c = vsxCpu(true);
    setVsr(c, 6, "fff00000000000010000000080000000");
    setVsr(c, 7, "7ff00000000000008000000000000401");
    run(c, [asm]);
    expect(vsr(c, 5)).toBe(want);
  });

  test("xsxexpdp, xsxsigdp, xsiexpdp", () => {
    const c = vsxCpu(true);
    setVsr(c, 40, "c00921fb54442d18" + "ff".repeat(8)); // -pi
    setVsr(c, 41, "000fffffffffffff" + "00".repeat(8)); // largest denormal
    c.setGpr(5, 0x800921fb54442d18n);
    c.setGpr(6, 0x1234n);
    run(c, ["xsxexpdp r3,vs40", "xsxsigdp r4,vs40", "xsxsigdp r7,vs41", "xsiexpdp vs42,r5,r6"]);
    expect(c.gpr(3)).toBe(0x400n);
    expect(c.gpr(4)).toBe(0x1921fb54442d18n);
    expect(c.gpr(7)).toBe(0xfffffffffffffn);
    expect(vsr(c, 42)).toBe("a34921fb54442d18" + "0".repeat(16));
  });
});

describe("data class tests", () => {
  // VSR 6: -NaN, +denormal (doublewords); as words -NaN, +denormal, +0, -0.
  test.each([
    ["xvtstdcdp vs5,vs6,0x7f", "f".repeat(32)],
    ["xvtstdcdp vs5,vs6,0x40", "f".repeat(16) + "0".repeat(16)],
    ["xvtstdcdp vs5,vs6,0x02", "0".repeat(16) + "f".repeat(16)],
    ["xvtstdcdp vs5,vs6,0x3d", ZERO],
    ["xvtstdcsp vs5,vs6,0x08", "0".repeat(16) + "ffffffff00000000"],
    ["xvtstdcsp vs5,vs6,0x04", "0".repeat(24) + "ffffffff"],
    ["xvtstdcsp vs5,vs6,0x42", "f".repeat(16) + "0".repeat(16)],
  ])("%s", (asm, want) => {
    const c = vsxCpu(true);
    setVsr(c, 6, "fff00000000000010000000080000000");
    run(c, [asm]);
    expect(vsr(c, 5)).toBe(want);
  });

  test("xststdcdp sets CR field BF and FPSCR[FPCC] to sign || 0 || match || 0", () => {
    const c = vsxCpu(false);
    setVsr(c, 40, "8000000000000000" + "0".repeat(16)); // -0
    c.cr = 0x12345670;
    run(c, ["xststdcdp cr1,vs40,0x04", "xststdcdp cr7,vs40,0x08"]);
    expect(c.cr >>> 0).toBe(0x1a345678); // cr1: negative, match; cr7: negative, no match
    expect((c.fpscr >>> 12) & 0xf).toBe(8);
  });

  test.each([
    ["3ff0000000000000", 0x40, 0x0], // 1.0: a single value, not a NaN
    ["3ff0000000000001", 0x40, 0x1], // needs more than single precision
    ["b800000000000000", 0x01, 0xa], // -2^-127: a single denormal, exact
    ["b690000000000000", 0x01, 0xb], // -2^-150: in the single denormal range, below its precision
    ["4c70000000000000", 0x7f, 0x1], // 2^200: beyond single range
    ["7ff0000000000000", 0x20, 0x2], // +Inf
  ] as const)("xststdcsp %s with DCMX %d gives %d", (double, dcmx, cc) => {
    const c = vsxCpu(true);
    setVsr(c, 40, double + "0".repeat(16));
    run(c, [`xststdcsp cr2,vs40,${dcmx}`]);
    expect((c.cr >>> 20) & 0xf).toBe(cc);
    expect((c.fpscr >>> 12) & 0xf).toBe(cc);
  });
});

describe("facility checks", () => {
  /** Run one instruction with the given MSR facility bits; return where it went. */
  function vectorOf(asm: string, facilities: number): number {
    const c = vsxCpu(true, facilities);
    run(c, [asm]);
    return Number(c.pc) === 0x1004 ? 0 : Number(c.pc);
  }

  test("VSX instructions raise VSX unavailable (0xf40) with SRR0 at the instruction", () => {
    const c = vsxCpu(true, MSR_FP | MSR_VEC);
    setVsr(c, 2, INDEX);
    run(c, ["lxvd2x vs2,r3,r4"], ZERO);
    expect(c.pc).toBe(BigInt(VEC_VSX_UNAVAILABLE));
    expect(c.sprLo[SPR_SRR0]).toBe(0x1000);
    expect(vsr(c, 2)).toBe(INDEX);
  });

  test.each([
    // ISA 2.06/2.07 VSX instructions need MSR[VSX] whatever the register.
    ["lxvd2x vs34,r3,r4", MSR_FP | MSR_VEC, VEC_VSX_UNAVAILABLE],
    ["stxsdx vs2,r3,r4", MSR_FP | MSR_VEC, VEC_VSX_UNAVAILABLE],
    ["xxlor vs40,vs41,vs42", MSR_FP | MSR_VEC, VEC_VSX_UNAVAILABLE],
    ["xxpermdi vs1,vs2,vs3,1", MSR_FP | MSR_VEC, VEC_VSX_UNAVAILABLE],
    ["xsabsdp vs1,vs2", MSR_FP | MSR_VEC, VEC_VSX_UNAVAILABLE],
    // ISA 3.0: MSR[VSX] for VSRs 0-31, MSR[VEC] for 32-63.
    ["lxv vs1,0(r3)", MSR_FP | MSR_VEC, VEC_VSX_UNAVAILABLE],
    ["lxv vs33,0(r3)", MSR_FP | MSR_VEC, 0],
    ["lxv vs33,0(r3)", MSR_FP | MSR_VSX, VEC_VMX_UNAVAILABLE],
    ["stxvx vs33,r3,r4", MSR_FP | MSR_VSX, VEC_VMX_UNAVAILABLE],
    ["lxvl vs40,r3,r4", MSR_VEC, 0],
    ["lxvb16x vs1,r3,r4", MSR_VEC, VEC_VSX_UNAVAILABLE],
    ["lxsibzx vs63,r3,r4", MSR_VSX, VEC_VMX_UNAVAILABLE],
    ["xxspltib vs33,1", MSR_VEC, 0],
    ["xxspltib vs1,1", MSR_VEC, VEC_VSX_UNAVAILABLE],
    ["mtvsrdd vs1,r3,r4", MSR_FP | MSR_VEC, VEC_VSX_UNAVAILABLE],
    ["mfvsrld r3,vs40", MSR_VSX, VEC_VMX_UNAVAILABLE],
    // lxsd/stxsd/lxssp/stxssp address only VRs: MSR[VEC].
    ["lxsd v1,0(r3)", MSR_FP | MSR_VSX, VEC_VMX_UNAVAILABLE],
    ["stxssp v1,0(r3)", MSR_VEC, 0],
    // The ISA 2.07 direct moves touch doubleword 0 only: MSR[FP] for the FPR half.
    ["mfvsrd r5,vs1", MSR_VEC | MSR_VSX, VEC_FP_UNAVAILABLE],
    ["mfvsrd r5,vs1", MSR_FP, 0],
    ["mtvsrwz vs40,r5", MSR_FP | MSR_VSX, VEC_VMX_UNAVAILABLE],
    ["mtvsrd vs40,r5", MSR_VEC, 0],
  ] as const)("%s with MSR facilities %d goes to %d", (asm, facilities, vector) => {
    expect(vectorOf(asm, facilities)).toBe(vector);
  });

  test("instructions from a later ISA are illegal on an earlier CPU", () => {
    const c = vsxCpu(false, ALL, "power8");
    run(c, ["lxv vs1,0(r3)"]);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
    expect(decode(assemble("lxvd2x vs1,r3,r4"), 206)).not.toBe(OP_ILLEGAL);
    expect(decode(assemble("mtvsrd vs1,r3"), 206)).toBe(OP_ILLEGAL);
    expect(decode(assemble("mtvsrd vs1,r3"), 207)).not.toBe(OP_ILLEGAL);
  });
});

const recording = await Bun.file(new URL("../fixtures/binutils/vsx.txt", import.meta.url)).text();

describe("encodings match binutils", () => {
  const lines = recording.trimEnd().split("\n").filter((l) => !l.startsWith("#")).map((l) => l.split("\t"));

  test("every VSX instruction is in the recording", () => {
    const recorded = new Set(lines.map(([, asm]) => asm.split(" ")[0]));
    expect(VSX_INSNS.filter((s) => !recorded.has(s.name)).map((s) => s.name)).toEqual([]);
  });

  test("spar assembles objdump's text to binutils' word and decodes it back", () => {
    const wrong: string[] = [];
    for (const [hex, asm] of lines) {
      const word = parseInt(hex, 16);
      const got = assemble(asm);
      if (got !== word) wrong.push(`${asm}: binutils ${hex}, spar ${got.toString(16).padStart(8, "0")}`);
      if (specOf(decode(word, 300))?.name !== asm.split(" ")[0]) wrong.push(`${hex} decodes as ${disassemble(word)}, not ${asm}`);
      if (assemble(disassemble(word)) !== word) wrong.push(`${hex}: disassembly ${disassemble(word)} does not reassemble`);
    }
    expect(wrong).toEqual([]);
  });
});
