// Vector logical, select, permute, shift, splat, merge, pack/unpack, gather and extract/insert
// instructions (Book I §6.8-6.9). Expected values are worked out by hand from the book's
// definitions; inputs are chosen so each byte's origin is visible.
import { describe, expect, test } from "bun:test";
import { vecCases as cases, vecCpu, vexec } from "./vmx-helpers.ts";

/** Bytes 0x00..0x0f and 0x10..0x1f: a permute result names its source bytes. */
const A = "00010203 04050607 08090a0b 0c0d0e0f";
const B = "10111213 14151617 18191a1b 1c1d1e1f";

const LA = "ff00ff00 f0f0f0f0 12345678 00000000";
const LB = "ffff0000 ff00ff00 0f0f0f0f ffffffff";
cases("logical", [
  ["vand v4,v1,v2", { 1: LA, 2: LB }, "ff000000 f000f000 02040608 00000000"],
  ["vandc v4,v1,v2", { 1: LA, 2: LB }, "0000ff00 00f000f0 10305070 00000000"],
  ["vor v4,v1,v2", { 1: LA, 2: LB }, "ffffff00 fff0fff0 1f3f5f7f ffffffff"],
  ["vorc v4,v1,v2", { 1: LA, 2: LB }, "ff00ffff f0fff0ff f2f4f6f8 00000000"],
  ["vnor v4,v1,v2", { 1: LA, 2: LB }, "000000ff 000f000f e0c0a080 00000000"],
  ["vxor v4,v1,v2", { 1: LA, 2: LB }, "00ffff00 0ff00ff0 1d3b5977 ffffffff"],
  ["veqv v4,v1,v2", { 1: LA, 2: LB }, "ff0000ff f00ff00f e2c4a688 00000000"],
  ["vnand v4,v1,v2", { 1: LA, 2: LB }, "00ffffff 0fff0fff fdfbf9f7 ffffffff"],
  ["vxor v4,v4,v4", { 4: LA }, "00000000 00000000 00000000 00000000"],
  ["vsel v4,v1,v2,v3", { 1: LA, 2: LB, 3: "00ff00ff 0f0f0f0f ffff0000 f0f0f0f0" }, "ffffff00 fff0fff0 0f0f5678 f0f0f0f0"],
]);

cases("permute", [
  // Byte k of the result is byte (VRC[k] & 31) of VRA || VRB, which here is that number.
  ["vperm v4,v1,v2,v3", { 1: A, 2: B, 3: "1f00110e 2fe30510 0102a0b0 7f8081c1" }, "1f00110e 0f030510 01020010 1f000101"],
  ["vpermr v4,v1,v2,v3", { 1: A, 2: B, 3: "1f00110e 2fe30510 0102a0b0 7f8081c1" }, "001f0e11 101c1a0f 1e1d1f0f 001f1e1e"],
  // VRA[c >> 4] ^ VRB[c & 15]
  ["vpermxor v4,v1,v2,v3", { 1: "00112233 44556677 8899aabb ccddeeff", 2: B, 3: "01234567 89abcdef 00000000 ffffffff" }, "11315171 91b1d1f1 10101010 e0e0e0e0"],
  ["vperm v4,v1,v2,v1", { 1: "0f0e0d0c 0b0a0908 07060504 03020100", 2: B }, "00010203 04050607 08090a0b 0c0d0e0f"],
  ["vsldoi v4,v1,v2,3", { 1: A, 2: B }, "03040506 0708090a 0b0c0d0e 0f101112"],
  ["vsldoi v4,v1,v2,0", { 1: A, 2: B }, A],
]);

cases("shifts of the whole vector", [
  ["vsl v4,v1,v2", { 1: A, 2: "04040404 04040404 04040404 04040404" }, "00102030 40506070 8090a0b0 c0d0e0f0"],
  ["vsr v4,v1,v2", { 1: A, 2: "04040404 04040404 04040404 04040404" }, "00001020 30405060 708090a0 b0c0d0e0"],
  // The octet count is VRB[121:124]: 0x18 >> 3 = 3.
  ["vslo v4,v1,v2", { 1: A, 2: "00000000 00000000 00000000 00000018" }, "03040506 0708090a 0b0c0d0e 0f000000"],
  ["vsro v4,v1,v2", { 1: A, 2: "00000000 00000000 00000000 00000018" }, "00000000 01020304 05060708 090a0b0c"],
  // Per byte: shifted by VRB[k] & 7, filling from the neighbouring byte (0 beyond the ends).
  ["vslv v4,v1,v2", { 1: "f00ff00f f00ff00f f00ff00f f00ff00f", 2: "01020304 05060700 01020304 05060700" }, "e03f80ff 01fc070f e03f80ff 01fc070f"],
  ["vsrv v4,v1,v2", { 1: "f00ff00f f00ff00f f00ff00f f00ff00f", 2: "01020304 05060700 01020304 05060700" }, "7803fe00 7fc01f0f f803fe00 7fc01f0f"],
]);

cases("splat and merge", [
  ["vspltb v4,v2,5", { 2: B }, "15151515 15151515 15151515 15151515"],
  ["vsplth v4,v2,3", { 2: B }, "16171617 16171617 16171617 16171617"],
  ["vspltw v4,v2,2", { 2: B }, "18191a1b 18191a1b 18191a1b 18191a1b"],
  ["vspltisb v4,-7", {}, "f9f9f9f9 f9f9f9f9 f9f9f9f9 f9f9f9f9"],
  ["vspltish v4,-7", {}, "fff9fff9 fff9fff9 fff9fff9 fff9fff9"],
  ["vspltisw v4,15", {}, "0000000f 0000000f 0000000f 0000000f"],
  ["vmrghb v4,v1,v2", { 1: A, 2: B }, "00100111 02120313 04140515 06160717"],
  ["vmrghh v4,v1,v2", { 1: A, 2: B }, "00011011 02031213 04051415 06071617"],
  ["vmrghw v4,v1,v2", { 1: A, 2: B }, "00010203 10111213 04050607 14151617"],
  ["vmrglb v4,v1,v2", { 1: A, 2: B }, "08180919 0a1a0b1b 0c1c0d1d 0e1e0f1f"],
  ["vmrglh v4,v1,v2", { 1: A, 2: B }, "08091819 0a0b1a1b 0c0d1c1d 0e0f1e1f"],
  ["vmrglw v4,v1,v2", { 1: A, 2: B }, "08090a0b 18191a1b 0c0d0e0f 1c1d1e1f"],
  ["vmrgew v4,v1,v2", { 1: A, 2: B }, "00010203 10111213 08090a0b 18191a1b"],
  ["vmrgow v4,v1,v2", { 1: A, 2: B }, "04050607 14151617 0c0d0e0f 1c1d1e1f"],
  ["vmrghb v4,v4,v2", { 4: A, 2: B }, "00100111 02120313 04140515 06160717"], // the target is a source
]);

const H1 = "007f0080 00ff0100 7fff8000 fffffffe";
const H2 = "00000001 ff80ff7f 00421234 80010000";
const W1 = "0000ffff 00010000 7fffffff 80000000";
const W2 = "ffffffff 00007fff ffff8000 ffff7fff";
const D1 = "00000000 ffffffff 00000001 00000000";
const D2 = "ffffffff ffffffff 7fffffff ffffffff";
cases("pack (SAT set when an element is clipped)", [
  ["vpkuhum v4,v1,v2", { 1: A, 2: B }, "01030507 090b0d0f 11131517 191b1d1f", 0],
  ["vpkuwum v4,v1,v2", { 1: A, 2: B }, "02030607 0a0b0e0f 12131617 1a1b1e1f", 0],
  ["vpkudum v4,v1,v2", { 1: A, 2: B }, "04050607 0c0d0e0f 14151617 1c1d1e1f", 0],
  ["vpkuhus v4,v1,v2", { 1: H1, 2: H2 }, "7f80ffff ffffffff 0001ffff 42ffff00", 1],
  ["vpkuhus v4,v1,v2", { 1: "00010002 00030004 00050006 00070008", 2: "00ff0080 007f0000 00100020 00300040" }, "01020304 05060708 ff807f00 10203040", 0],
  ["vpkshus v4,v1,v2", { 1: H1, 2: H2 }, "7f80ffff ff000000 00010000 42ff0000", 1],
  ["vpkshss v4,v1,v2", { 1: H1, 2: H2 }, "7f7f7f7f 7f80fffe 00018080 427f8000", 1],
  ["vpkuwus v4,v1,v2", { 1: W1, 2: W2 }, "ffffffff ffffffff ffff7fff ffffffff", 1],
  ["vpkswus v4,v1,v2", { 1: W1, 2: W2 }, "ffffffff ffff0000 00007fff 00000000", 1],
  ["vpkswss v4,v1,v2", { 1: W1, 2: W2 }, "7fff7fff 7fff8000 ffff7fff 80008000", 1],
  ["vpkudus v4,v1,v2", { 1: D1, 2: D2 }, "ffffffff ffffffff ffffffff ffffffff", 1],
  ["vpksdus v4,v1,v2", { 1: D1, 2: D2 }, "ffffffff ffffffff 00000000 ffffffff", 1],
  ["vpksdss v4,v1,v2", { 1: D1, 2: D2 }, "7fffffff 7fffffff ffffffff 7fffffff", 1],
  // 1:5:5:5 pixels from bit 7 and the high five bits of bytes 1, 2, 3 of each word.
  ["vpkpx v4,v1,v2", { 1: "01f8f8f8 00080808 fe000000 01000000", 2: "00f80000 0000f800 000000f8 ffffffff" }, "ffff0421 00008000 7c0003e0 001fffff"],
]);

const U = "807f01ff 0040c081 80007fff 0001ffff";
cases("unpack", [
  ["vupkhsb v4,v2", { 2: U }, "ff80007f 0001ffff 00000040 ffc0ff81"],
  ["vupklsb v4,v2", { 2: U }, "ff800000 007fffff 00000001 ffffffff"],
  ["vupkhsh v4,v2", { 2: U }, "ffff807f 000001ff 00000040 ffffc081"],
  ["vupklsh v4,v2", { 2: U }, "ffff8000 00007fff 00000001 ffffffff"],
  ["vupkhsw v4,v2", { 2: U }, "ffffffff 807f01ff 00000000 0040c081"],
  ["vupklsw v4,v2", { 2: U }, "ffffffff 80007fff 00000000 0001ffff"],
  // Pixel 1:5:5:5 to 8:8:8:8 with the 1-bit channel sign-extended.
  ["vupkhpx v4,v2", { 2: U }, "ff00031f 00000f1f 00000200 ff100401"],
  ["vupklpx v4,v2", { 2: U }, "ff000000 001f1f1f 00000001 ff1f1f1f"],
  ["vupkhsb v4,v4", { 4: U }, "ff80007f 0001ffff 00000040 ffc0ff81"],
]);

cases("bit gather and permute", [
  // Each doubleword as an 8x8 bit matrix, transposed.
  ["vgbbd v4,v2", { 2: "ff000000 00000000 01020408 10204080" }, "80808080 80808080 01020408 10204080"],
  // Bits 0, 127, 1, (128: 0), (255: 0), 0 ... 127 of VRA into bits 48:63.
  ["vbpermq v4,v1,v2", { 1: "80000000 00000000 00000000 00000001", 2: "007f0180 ff000000 00000000 0000007f" }, "00000000 0000c7ff 00000000 00000000"],
  ["vbpermd v4,v1,v2", { 1: "80000000 00000001 ffffffff 00000000", 2: "003f4001 ff003f3e 001f203f 4010ff21" }, "00000000 000000c6 00000000 000000c4"],
]);

cases("extract and insert (ISA 3.0)", [
  ["vextractub v4,v2,5", { 2: B }, "00000000 00000015 00000000 00000000"],
  ["vextractuh v4,v2,3", { 2: B }, "00000000 00001314 00000000 00000000"],
  ["vextractuw v4,v2,6", { 2: B }, "00000000 16171819 00000000 00000000"],
  ["vextractd v4,v2,8", { 2: B }, "18191a1b 1c1d1e1f 00000000 00000000"],
  ["vinsertb v4,v2,5", { 2: B, 4: A }, "00010203 04170607 08090a0b 0c0d0e0f"],
  ["vinserth v4,v2,14", { 2: B, 4: A }, "00010203 04050607 08090a0b 0c0d1617"],
  ["vinsertw v4,v2,1", { 2: B, 4: A }, "00141516 17050607 08090a0b 0c0d0e0f"],
  ["vinsertd v4,v2,8", { 2: B, 4: A }, "00010203 04050607 10111213 14151617"],
]);

describe("extract to a GPR (ISA 3.0)", () => {
  test.each([
    // [instruction, RA (only bits 60:63 count), RT]
    ["vextublx r7,r8,v2", 0xfffffff5, 0x15],
    ["vextuhlx r7,r8,v2", 3, 0x1314],
    ["vextuwlx r7,r8,v2", 6, 0x16171819],
    ["vextubrx r7,r8,v2", 5, 0x1a], // byte 15 - 5
    ["vextuhrx r7,r8,v2", 2, 0x1c1d], // bytes 12:13
    ["vextuwrx r7,r8,v2", 4, 0x18191a1b], // bytes 8:11
  ])("%s with RA=%d", (insn, ra, rt) => {
    const c = vecCpu();
    c.setGpr(7, -1);
    c.setGpr(8, ra);
    vexec(insn, { 2: B }, { cpu: c });
    expect(c.gpr(7)).toBe(BigInt(rt));
  });
});
