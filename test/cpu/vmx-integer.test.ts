// Vector integer instructions (Book I §6.9-6.10): modulo and saturating arithmetic, carries,
// quadword arithmetic, average, absolute difference, max/min, multiplies and multiply-sums,
// sums across, rotates and shifts, compares (with CR6), counts, parity and polynomial
// multiply. Expected values follow the book's definitions: worked by hand, or (products,
// sums, carry-less products) by a few lines of independent arithmetic over the same inputs.
import { describe, expect, test } from "bun:test";
import { vecCases as cases, vecCpu, vexec } from "./vmx-helpers.ts";

const A = "01ff7f80 0001ffff 7fffffff 80000000";
const B = "01017f80 0001ffff 00000001 80000000";
const S1 = "7f80007f 7fff8000 7fffffff 80000000";
const S2 = "807f01ff 80007fff 80000000 00000001";
cases("add and subtract", [
  ["vaddubm v4,v1,v2", { 1: A, 2: B }, "0200fe00 0002fefe 7fffff00 00000000"],
  ["vadduhm v4,v1,v2", { 1: A, 2: B }, "0300ff00 0002fffe 7fff0000 00000000"],
  ["vadduwm v4,v1,v2", { 1: A, 2: B }, "0300ff00 0003fffe 80000000 00000000"],
  ["vaddudm v4,v1,v2", { 1: A, 2: B }, "0300ff00 0003fffe 80000001 00000000"],
  ["vsububm v4,v1,v2", { 1: A, 2: B }, "00fe0000 00000000 7ffffffe 00000000"],
  ["vsubuhm v4,v1,v2", { 1: A, 2: B }, "00fe0000 00000000 7ffffffe 00000000"],
  ["vsubuwm v4,v1,v2", { 1: A, 2: B }, "00fe0000 00000000 7ffffffe 00000000"],
  ["vsubudm v4,v1,v2", { 1: A, 2: B }, "00fe0000 00000000 7ffffffe 00000000"],
  ["vsubudm v4,v2,v1", { 1: A, 2: B }, "ff020000 00000000 80000002 00000000"],
  ["vaddubs v4,v1,v2", { 1: A, 2: B }, "02fffeff 0002ffff 7fffffff ff000000", 1],
  ["vaddsbs v4,v1,v2", { 1: A, 2: B }, "02007f80 0002fefe 7fffff00 80000000", 1],
  ["vadduhs v4,v1,v2", { 1: A, 2: B }, "0300ff00 0002ffff 7fffffff ffff0000", 1],
  ["vaddshs v4,v1,v2", { 1: A, 2: B }, "03007fff 0002fffe 7fff0000 80000000", 1],
  ["vadduws v4,v1,v2", { 1: A, 2: B }, "0300ff00 0003fffe 80000000 ffffffff", 1],
  ["vaddsws v4,v1,v2", { 1: A, 2: B }, "0300ff00 0003fffe 7fffffff 80000000", 1],
  ["vadduws v4,v1,v1", { 1: "00000001 00000002 7fffffff 00000000" }, "00000002 00000004 fffffffe 00000000", 0],
  ["vsububs v4,v1,v2", { 1: A, 2: B }, "00fe0000 00000000 7ffffffe 00000000", 0],
  ["vsububs v4,v1,v2", { 1: S1, 2: S2 }, "00010000 00ff0100 00ffffff 80000000", 1],
  ["vsubsbs v4,v1,v2", { 1: S1, 2: S2 }, "7f80ff7f 7fff8001 7fffffff 800000ff", 1],
  ["vsubuhs v4,v1,v2", { 1: S1, 2: S2 }, "00000000 00000001 0000ffff 80000000", 1],
  ["vsubshs v4,v1,v2", { 1: S1, 2: S2 }, "7ffffe80 7fff8000 7fffffff 8000ffff", 1],
  ["vsubuws v4,v1,v2", { 1: S1, 2: S2 }, "00000000 00000000 00000000 7fffffff", 1],
  ["vsubsws v4,v1,v2", { 1: S1, 2: S2 }, "7fffffff 7fffffff 7fffffff 80000000", 1],
  ["vaddcuw v4,v1,v2", { 1: A, 2: B }, "00000000 00000000 00000000 00000001"],
  ["vsubcuw v4,v1,v2", { 1: S1, 2: S2 }, "00000000 00000000 00000000 00000001"],
]);

const ONES = "ffffffff ffffffff ffffffff ffffffff";
const ONE = "00000000 00000000 00000000 00000001";
/** Only bit 127 of VRC is the carry in. */
const CARRY1 = "ffffffff ffffffff ffffffff fffffff1";
const CARRY0 = "ffffffff ffffffff ffffffff fffffffe";
cases("quadword add and subtract", [
  ["vadduqm v4,v1,v2", { 1: ONES, 2: ONE }, "00000000 00000000 00000000 00000000"],
  ["vadduqm v4,v1,v2", { 1: A, 2: B }, "0300ff00 0003fffe 80000001 00000000"],
  ["vaddcuq v4,v1,v2", { 1: ONES, 2: ONE }, ONE],
  ["vaddcuq v4,v1,v2", { 1: A, 2: B }, "00000000 00000000 00000000 00000000"],
  ["vsubuqm v4,v2,v1", { 1: ONES, 2: ONE }, "00000000 00000000 00000000 00000002"],
  ["vsubuqm v4,v1,v2", { 1: ONES, 2: ONE }, "ffffffff ffffffff ffffffff fffffffe"],
  ["vsubcuq v4,v2,v1", { 1: ONES, 2: ONE }, "00000000 00000000 00000000 00000000"],
  ["vsubcuq v4,v1,v2", { 1: ONES, 2: ONE }, ONE],
  ["vaddeuqm v4,v1,v2,v3", { 1: ONES, 2: ONE, 3: CARRY1 }, ONE],
  ["vaddeuqm v4,v1,v2,v3", { 1: ONES, 2: ONE, 3: CARRY0 }, "00000000 00000000 00000000 00000000"],
  ["vaddecuq v4,v1,v2,v3", { 1: ONES, 2: "00000000 00000000 00000000 00000000", 3: CARRY1 }, ONE],
  ["vaddecuq v4,v1,v2,v3", { 1: ONES, 2: "00000000 00000000 00000000 00000000", 3: CARRY0 }, "00000000 00000000 00000000 00000000"],
  ["vsubeuqm v4,v2,v1,v3", { 1: ONES, 2: ONE, 3: CARRY1 }, "00000000 00000000 00000000 00000002"],
  ["vsubeuqm v4,v2,v1,v3", { 1: ONES, 2: ONE, 3: CARRY0 }, ONE],
  ["vsubecuq v4,v1,v2,v3", { 1: ONES, 2: ONE, 3: CARRY0 }, ONE],
  ["vsubecuq v4,v2,v1,v3", { 1: ONES, 2: ONE, 3: CARRY1 }, "00000000 00000000 00000000 00000000"],
]);

cases("average, absolute difference, max and min", [
  ["vavgub v4,v1,v2", { 1: A, 2: B }, "01807f80 0001ffff 40808080 80000000"],
  ["vavgsb v4,v1,v2", { 1: A, 2: B }, "01007f80 0001ffff 40000000 80000000"],
  ["vavguh v4,v1,v2", { 1: A, 2: B }, "01807f80 0001ffff 40008000 80000000"],
  ["vavgsh v4,v1,v2", { 1: A, 2: B }, "01807f80 0001ffff 40000000 80000000"],
  ["vavguw v4,v1,v2", { 1: A, 2: B }, "01807f80 0001ffff 40000000 80000000"],
  ["vavgsw v4,v1,v2", { 1: A, 2: B }, "01807f80 0001ffff 40000000 80000000"],
  ["vabsdub v4,v2,v1", { 1: A, 2: B }, "00fe0000 00000000 7ffffffe 00000000"],
  ["vabsduh v4,v2,v1", { 1: A, 2: B }, "00fe0000 00000000 7ffffffe 00000000"],
  ["vabsduw v4,v2,v1", { 1: A, 2: B }, "00fe0000 00000000 7ffffffe 00000000"],
  ["vmaxub v4,v1,v2", { 1: S1, 2: S2 }, "808001ff 80ff80ff 80ffffff 80000001"],
  ["vmaxsb v4,v1,v2", { 1: S1, 2: S2 }, "7f7f017f 7f007f00 7f000000 00000001"],
  ["vminub v4,v1,v2", { 1: S1, 2: S2 }, "7f7f007f 7f007f00 7f000000 00000000"],
  ["vminsb v4,v1,v2", { 1: S1, 2: S2 }, "808000ff 80ff80ff 80ffffff 80000000"],
  ["vmaxuh v4,v1,v2", { 1: S1, 2: S2 }, "807f01ff 80008000 8000ffff 80000001"],
  ["vmaxsh v4,v1,v2", { 1: S1, 2: S2 }, "7f8001ff 7fff7fff 7fff0000 00000001"],
  ["vminuh v4,v1,v2", { 1: S1, 2: S2 }, "7f80007f 7fff7fff 7fff0000 00000000"],
  ["vminsh v4,v1,v2", { 1: S1, 2: S2 }, "807f007f 80008000 8000ffff 80000000"],
  ["vmaxuw v4,v1,v2", { 1: S1, 2: S2 }, "807f01ff 80007fff 80000000 80000000"],
  ["vmaxsw v4,v1,v2", { 1: S1, 2: S2 }, "7f80007f 7fff8000 7fffffff 00000001"],
  ["vminuw v4,v1,v2", { 1: S1, 2: S2 }, "7f80007f 7fff8000 7fffffff 00000001"],
  ["vminsw v4,v1,v2", { 1: S1, 2: S2 }, "807f01ff 80007fff 80000000 80000000"],
  ["vmaxud v4,v1,v2", { 1: S1, 2: S2 }, "807f01ff 80007fff 80000000 00000001"],
  ["vmaxsd v4,v1,v2", { 1: S1, 2: S2 }, S1],
  ["vminud v4,v1,v2", { 1: S1, 2: S2 }, S1],
  ["vminsd v4,v1,v2", { 1: S1, 2: S2 }, S2],
]);

const M1 = "ff02fe7f 800301ff 7fffffff fffffffe";
const M2 = "02ff037f 8004ffff 00000002 fffffffd";
const MC = "00000001 ffffffff 80000000 7fffffff";
cases("multiply", [
  ["vmuleub v4,v1,v2", { 1: M1, 2: M2 }, "01fe02fa 400000ff 00000000 fe01fe01"],
  ["vmuloub v4,v1,v2", { 1: M1, 2: M2 }, "01fe3f01 000cfe01 000001fe fe01fb06"],
  ["vmulesb v4,v1,v2", { 1: M1, 2: M2 }, "fffefffa 4000ffff 00000000 00010001"],
  ["vmulosb v4,v1,v2", { 1: M1, 2: M2 }, "fffe3f01 000c0001 0000fffe 00010006"],
  ["vmuleuh v4,v1,v2", { 1: M1, 2: M2 }, "02fc06fe 4003800c 00000000 fffe0001"],
  ["vmulouh v4,v1,v2", { 1: M1, 2: M2 }, "0379be01 01fefe01 0001fffe fffb0006"],
  ["vmulesh v4,v1,v2", { 1: M1, 2: M2 }, "fffd06fe 3ffc800c 00000000 00000001"],
  ["vmulosh v4,v1,v2", { 1: M1, 2: M2 }, "fffabe01 fffffe01 fffffffe 00000006"],
  ["vmuleuw v4,v1,v2", { 1: M1, 2: M2 }, "02fc0d74 09f8be01 00000000 fffffffe"],
  ["vmulouw v4,v1,v2", { 1: M1, 2: M2 }, "4004010e 09f7fe01 fffffffb 00000006"],
  ["vmulesw v4,v1,v2", { 1: M1, 2: M2 }, "fffd09f5 09f8be01 00000000 fffffffe"],
  ["vmulosw v4,v1,v2", { 1: M1, 2: M2 }, "3ffbff10 09f7fe01 00000000 00000006"],
  ["vmuluwm v4,v1,v2", { 1: M1, 2: M2 }, "09f8be01 09f7fe01 fffffffe 00000006"],
  ["vmuleub v4,v4,v2", { 4: M1, 2: M2 }, "01fe02fa 400000ff 00000000 fe01fe01"],
  ["vmhaddshs v4,v1,v2,v3", { 1: M1, 2: M2, 3: MC }, "fffafff6 7ff8fffe 8000ffff 7fffffff", 0],
  ["vmhaddshs v4,v1,v1,v3", { 1: "80008000 00000000 00000000 00000000", 3: "7fff0000 00000000 00000000 00000000" }, "7fff7fff 00000000 00000000 00000000", 1],
  ["vmhraddshs v4,v1,v2,v3", { 1: M1, 2: M2, 3: MC }, "fffafff6 7ff8ffff 80000000 7fffffff", 0],
  ["vmladduhm v4,v1,v2,v3", { 1: M1, 2: M2, 3: MC }, "06febe02 800bfe00 8000fffe 80000005"],
  ["vmsumubm v4,v1,v2,v3", { 1: M1, 2: M2, 3: MC }, "000045f8 00013f0b 800001fe 8003f508"],
  ["vmsummbm v4,v1,v2,v3", { 1: M1, 2: M2, 3: MC }, "000040f8 ffffc00b 7ffffffe 7ffffb08"],
  ["vmsumuhm v4,v1,v2,v3", { 1: M1, 2: M2, 3: MC }, "0675c500 42027e0c 8001fffe 7ff90006"],
  ["vmsumuhs v4,v1,v2,v3", { 1: M1, 2: M2, 3: MC }, "0675c500 ffffffff 8001fffe ffffffff", 1],
  ["vmsumshm v4,v1,v2,v3", { 1: M1, 2: M2, 3: MC }, "fff7c500 3ffc7e0c 7ffffffe 80000006"],
  ["vmsumshs v4,v1,v2,v3", { 1: M1, 2: M2, 3: MC }, "fff7c500 3ffc7e0c 80000000 7fffffff", 1],
  ["vsum4ubs v4,v1,v2", { 1: M1, 2: MC }, "0000027f ffffffff 8000037c 800003fa", 1],
  ["vsum4sbs v4,v1,v2", { 1: M1, 2: MC }, "0000007f ffffff82 8000007c 7ffffffa", 0],
  ["vsum4shs v4,v1,v2", { 1: M1, 2: MC }, "fffffd82 ffff8201 80007ffe 7ffffffc", 0],
  ["vsum2sws v4,v1,v2", { 1: M1, 2: MC }, "00000000 80000000 00000000 7fffffff", 1],
  ["vsumsws v4,v1,v2", { 1: M1, 2: MC }, "00000000 00000000 00000000 7f06007a", 0],
  ["vpmsumb v4,v1,v2", { 1: M1, 2: M2 }, "00001457 400c55aa 000001fe 00000103"],
  ["vpmsumh v4,v1,v2", { 1: M1, 2: M2 }, "00836eab 40a97f59 0001fffe 00010003"],
  ["vpmsumw v4,v1,v2", { 1: M1, 2: M2 }, "41a8af71 ab54c100 55555554 aaaaaaa8"],
  ["vpmsumd v4,v1,v2", { 1: M1, 2: M2 }, "01ab507c 07ab3b88 9702fe0e 5202aa03"],
]);

const R1 = "8101f0ff 80010f0f 80000001 f0000003";
const R2 = "01070309 0f110203 00000021 0000001f";
const T = "11111111 22222222 33333333 44444444";
cases("rotate and shift by element", [
  ["vrlb v4,v1,v2", { 1: R1, 2: R2 }, "038087ff 40023c78 80000002 f0000081"],
  ["vslb v4,v1,v2", { 1: R1, 2: R2 }, "028080fe 00023c78 80000002 f0000080"],
  ["vsrb v4,v1,v2", { 1: R1, 2: R2 }, "40001e7f 01000301 80000000 f0000000"],
  ["vsrab v4,v1,v2", { 1: R1, 2: R2 }, "c000feff ff000301 80000000 f0000000"],
  ["vrlh v4,v1,v2", { 1: R1, 2: R2 }, "80c0ffe1 00037878 80000002 f0008001"],
  ["vslh v4,v1,v2", { 1: R1, 2: R2 }, "8080fe00 00027878 80000002 f0008000"],
  ["vsrh v4,v1,v2", { 1: R1, 2: R2 }, "01020078 400001e1 80000000 f0000000"],
  ["vsrah v4,v1,v2", { 1: R1, 2: R2 }, "ff02fff8 c00001e1 80000000 f0000000"],
  ["vrlw v4,v1,v2", { 1: R1, 2: R2 }, "03e1ff02 0008787c 00000003 f8000001"],
  ["vslw v4,v1,v2", { 1: R1, 2: R2 }, "03e1fe00 00087878 00000002 80000000"],
  ["vsrw v4,v1,v2", { 1: R1, 2: R2 }, "004080f8 100021e1 40000000 00000001"],
  ["vsraw v4,v1,v2", { 1: R1, 2: R2 }, "ffc080f8 f00021e1 c0000000 ffffffff"],
  ["vrld v4,v1,v2", { 1: R1, 2: R2 }, "080f87fc 0008787c f8000001 c0000000"],
  ["vsld v4,v1,v2", { 1: R1, 2: R2 }, "080f87fc 00087878 f8000001 80000000"],
  ["vsrd v4,v1,v2", { 1: R1, 2: R2 }, "10203e1f f00021e1 00000001 00000003"],
  ["vsrad v4,v1,v2", { 1: R1, 2: R2 }, "f0203e1f f00021e1 ffffffff 00000003"],
  // VRB element: mb in bits 11:15 (16:21 for doublewords), me in 19:23 (50:55), count in 27:31 (58:63).
  ["vrlwnm v4,v1,v2", { 1: R1, 2: "00081004 001f0000 00000010 00050a03", 4: T }, "001f0000 80000001 00000000 00000000"],
  ["vrlwmi v4,v1,v2", { 1: R1, 2: "00081004 001f0000 00000010 00050a03", 4: T }, "111f1111 a2222223 33333333 40044444"],
  ["vrldnm v4,v1,v2", { 1: R1, 2: "00000000 00083004 00000000 003f0201", 4: T }, "001f0ff8 00108000 00000000 00000001"],
  ["vrldmi v4,v1,v2", { 1: R1, 2: "00000000 00083004 00000000 003f0201", 4: T }, "111f0ff8 0010a222 13333333 44444445"],
]);

const CN = "80400100 00018000 00010000 00000001";
const P = "01010000 01000000 01010101 00000000";
cases("counts, parity, negate, sign extension", [
  ["vclzb v4,v2", { 2: CN }, "00010708 08070008 08070808 08080807"],
  ["vclzh v4,v2", { 2: CN }, "00000007 000f0000 000f0010 0010000f"],
  ["vclzw v4,v2", { 2: CN }, "00000000 0000000f 0000000f 0000001f"],
  ["vclzd v4,v2", { 2: CN }, "00000000 00000000 00000000 0000000f"],
  ["vctzb v4,v2", { 2: CN }, "07060008 08000708 08000808 08080800"],
  ["vctzh v4,v2", { 2: CN }, "00060008 0000000f 00000010 00100000"],
  ["vctzw v4,v2", { 2: CN }, "00000008 0000000f 00000010 00000000"],
  ["vctzd v4,v2", { 2: CN }, "00000000 0000000f 00000000 00000000"],
  ["vpopcntb v4,v2", { 2: CN }, "01010100 00010100 00010000 00000001"],
  ["vpopcnth v4,v2", { 2: CN }, "00020001 00010001 00010000 00000001"],
  ["vpopcntw v4,v2", { 2: CN }, "00000003 00000002 00000001 00000001"],
  ["vpopcntd v4,v2", { 2: CN }, "00000000 00000005 00000000 00000002"],
  ["vprtybw v4,v2", { 2: P }, "00000000 00000001 00000000 00000000"],
  ["vprtybd v4,v2", { 2: P }, "00000000 00000001 00000000 00000000"],
  ["vprtybq v4,v2", { 2: P }, "00000000 00000000 00000000 00000001"],
  ["vnegw v4,v2", { 2: "00000001 ffffffff 80000000 7fffffff" }, "ffffffff 00000001 80000000 80000001"],
  ["vnegd v4,v2", { 2: "00000000 00000001 80000000 00000000" }, "ffffffff ffffffff 80000000 00000000"],
  ["vextsb2w v4,v2", { 2: "000000ff 00000080 1234567f ffffff01" }, "ffffffff ffffff80 0000007f 00000001"],
  ["vextsh2w v4,v2", { 2: "000000ff 00000080 1234567f ffffff01" }, "000000ff 00000080 0000567f ffffff01"],
  ["vextsb2d v4,v2", { 2: "000000ff 00000080 1234567f ffffff01" }, "ffffffff ffffff80 00000000 00000001"],
  ["vextsh2d v4,v2", { 2: "000000ff 00000080 1234567f ffffff01" }, "00000000 00000080 ffffffff ffffff01"],
  ["vextsw2d v4,v2", { 2: "000000ff 80000080 1234567f 7fffff01" }, "ffffffff 80000080 00000000 7fffff01"],
]);

describe("counts of leading/trailing bytes with a clear low bit, into RT", () => {
  test.each([
    ["vclzlsbb r7,v2", CN, 2],
    ["vctzlsbb r7,v2", CN, 0],
    ["vctzlsbb r7,v2", "00000000 00000000 00000000 00000102", 1],
    ["vclzlsbb r7,v2", "00000000 00000000 00000000 00000000", 16],
  ])("%s of %s is %d", (insn, v, n) => {
    const c = vecCpu();
    c.setGpr(7, -1);
    vexec(insn, { 2: v }, { cpu: c });
    expect(c.gpr(7)).toBe(BigInt(n));
  });
});

const E1 = "01020304 05060708 090a0b0c 0d0e0f10";
const E2 = "01ff0380 05060708 ff0a0b0c 0d0e0f10";
cases("compare", [
  ["vcmpequb v4,v1,v2", { 1: E1, 2: E2 }, "ff00ff00 ffffffff 00ffffff ffffffff"],
  ["vcmpequh v4,v1,v2", { 1: E1, 2: E2 }, "00000000 ffffffff 0000ffff ffffffff"],
  ["vcmpequw v4,v1,v2", { 1: E1, 2: E2 }, "00000000 ffffffff 00000000 ffffffff"],
  ["vcmpequd v4,v1,v2", { 1: E1, 2: E2 }, "00000000 00000000 00000000 00000000"],
  ["vcmpgtub v4,v2,v1", { 1: E1, 2: E2 }, "00ff00ff 00000000 ff000000 00000000"],
  ["vcmpgtsb v4,v1,v2", { 1: E1, 2: E2 }, "00ff00ff 00000000 ff000000 00000000"],
  ["vcmpgtuh v4,v2,v1", { 1: E1, 2: E2 }, "ffffffff 00000000 ffff0000 00000000"],
  ["vcmpgtsh v4,v1,v2", { 1: E1, 2: E2 }, "00000000 00000000 ffff0000 00000000"],
  ["vcmpgtuw v4,v2,v1", { 1: E1, 2: E2 }, "ffffffff 00000000 ffffffff 00000000"],
  ["vcmpgtsw v4,v1,v2", { 1: E1, 2: E2 }, "00000000 00000000 ffffffff 00000000"],
  ["vcmpgtud v4,v2,v1", { 1: E1, 2: E2 }, "ffffffff ffffffff ffffffff ffffffff"],
  ["vcmpgtsd v4,v2,v1", { 1: E1, 2: E2 }, "ffffffff ffffffff 00000000 00000000"],
  ["vcmpneb v4,v1,v2", { 1: E1, 2: E2 }, "00ff00ff 00000000 ff000000 00000000"],
  ["vcmpneh v4,v1,v2", { 1: E1, 2: E2 }, "ffffffff 00000000 ffff0000 00000000"],
  ["vcmpnew v4,v1,v2", { 1: E1, 2: E2 }, "ffffffff 00000000 ffffffff 00000000"],
  // vcmpnez*: not equal, or either element zero.
  ["vcmpnezb v4,v1,v2", { 1: E1, 2: "01ff0380 05060700 ff0a0b0c 0d0e0f10" }, "00ff00ff 000000ff ff000000 00000000"],
  ["vcmpnezh v4,v1,v2", { 1: E1, 2: "01ff0380 05060700 ff0a0b0c 0d0e0f10" }, "ffffffff 0000ffff ffff0000 00000000"],
  ["vcmpnezw v4,v1,v1", { 1: "00000000 05060708 090a0b0c 0d0e0f10" }, "ffffffff 00000000 00000000 00000000"],
]);

describe("compare with Rc=1 sets CR6 (LT: all true, EQ: all false) and leaves the other fields", () => {
  test.each([
    ["vcmpequb. v4,v1,v2", E1, E2, 0b0000],
    ["vcmpequb. v4,v1,v2", E1, E1, 0b1000],
    ["vcmpequd. v4,v1,v2", E1, E2, 0b0010],
    ["vcmpgtud. v4,v2,v1", E1, E2, 0b1000],
    ["vcmpgtsw. v4,v1,v2", E1, E2, 0b0000],
    ["vcmpneh. v4,v1,v2", E1, E1, 0b0010],
    ["vcmpnezw. v4,v1,v2", E1, E1, 0b0010],
    ["vcmpgtsd. v4,v1,v2", E1, E1, 0b0010],
  ])("%s", (insn, a, b, cr6) => {
    const c = vecCpu();
    c.cr = 0x12345678;
    vexec(insn, { 1: a, 2: b }, { cpu: c });
    expect(c.cr).toBe((0x12345678 & ~0xf0) | (cr6 << 4));
  });

  test("without Rc, CR is untouched", () => {
    const c = vecCpu();
    c.cr = 0x12345678;
    vexec("vcmpequb v4,v1,v2", { 1: E1, 2: E1 }, { cpu: c });
    expect(c.cr).toBe(0x12345678);
  });
});
