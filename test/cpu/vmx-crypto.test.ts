// Vector cryptography (Book I §6.11): AES rounds checked against the FIPS-197 Appendix C.1
// example (AES-128, key 000102..0f, plaintext 00112233..ff), and the SHA-2 sigma functions
// (FIPS 180-4 §4.1.2-4.1.3) on single-bit inputs, where each rotate and shift is visible.
import { describe, expect, test } from "bun:test";
import { vexec, words } from "./vmx-helpers.ts";

describe("AES", () => {
  test.each([
    // round[1].start and the round-1 key give round[2].start.
    ["vcipher v4,v1,v2", "00102030405060708090a0b0c0d0e0f0", "d6aa74fdd2af72fadaa678f1d6ab76fe", "89d810e8855ace682d1843d8cb128fe4"],
    // round[10].start and the last round key give the ciphertext.
    ["vcipherlast v4,v1,v2", "bd6e7c3df2b5779e0b61216e8b10b689", "13111d7fe3944a17f307a78b4d2b30c5", "69c4e0d86a7b0430d8cdb78070b4c55a"],
    // Undo round 1: InvShiftRows, InvSubBytes of round[1].s_row give round[1].start; with the
    // key chosen so that start ^ key = round[1].m_col, InvMixColumns returns round[1].s_row.
    ["vncipher v4,v1,v2", "6353e08c0960e104cd70b751bacad0e7", "5f62442517a5dce2772e9b99dd6919ea", "6353e08c0960e104cd70b751bacad0e7"],
    // The last decryption round: round[1].s_row and the cipher key give the plaintext.
    ["vncipherlast v4,v1,v2", "6353e08c0960e104cd70b751bacad0e7", "000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff"],
  ])("%s", (insn, state, key, want) => {
    expect(vexec(insn, { 1: state, 2: key })).toBe(words(want));
  });

  test("vsbox is SubBytes (round[1].start to round[1].s_box)", () => {
    expect(vexec("vsbox v4,v1", { 1: "00102030405060708090a0b0c0d0e0f0" })).toBe(words("63cab7040953d051cd60e0e7ba70e18c"));
  });
});

describe("SHA-2 sigma", () => {
  test.each([
    // Per word, SIX bit i picks sigma1 (1) or sigma0 (0); ST=1 picks the upper-case Sigma functions.
    // sigma0(1) = ROTR7 ^ ROTR18 ^ SHR3; sigma1(1) = ROTR17 ^ ROTR19 ^ SHR10; sigma0(2^31) shows SHR3.
    ["vshasigmaw v4,v1,0,5", "00000001 00000001 80000000 00000001", "02004000 0000a000 11002000 0000a000"],
    // Sigma0(1) = ROTR2 ^ ROTR13 ^ ROTR22; Sigma1(1) = ROTR6 ^ ROTR11 ^ ROTR25.
    ["vshasigmaw v4,v1,1,3", "00000001 00000001 00000001 00000001", "40080400 40080400 04200080 04200080"],
    // Doubleword i uses SIX bit 2i. sigma0(1) = ROTR1 ^ ROTR8 ^ SHR7; sigma1(1) = ROTR19 ^ ROTR61 ^ SHR6.
    ["vshasigmad v4,v1,0,2", "00000000 00000001 00000000 00000001", "81000000 00000000 00002000 00000008"],
    // Sigma1(1) = ROTR14 ^ ROTR18 ^ ROTR41; Sigma0(1) = ROTR28 ^ ROTR34 ^ ROTR39.
    ["vshasigmad v4,v1,1,8", "00000000 00000001 00000000 00000001", "00044000 00800000 00000010 42000000"],
    // SHR7 and SHR6 of the top bit: sigma0(2^63) = 2^62 ^ 2^55 ^ 2^56; sigma1(2^63) = 2^44 ^ 2^2 ^ 2^57.
    ["vshasigmad v4,v1,0,2", "80000000 00000000 80000000 00000000", "41800000 00000000 02001000 00000004"],
  ])("%s of %s", (insn, x, want) => {
    expect(vexec(insn, { 1: x })).toBe(words(want));
  });
});
