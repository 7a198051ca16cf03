// Vector cryptography (Book I §6.11, ISA 2.07): AES rounds on the 16-byte state in VRA (bytes
// in column order, as FIPS-197 lays out its input), and the SHA-2 sigma functions. The S-boxes
// are computed from their GF(2^8) definition when the module loads.

import { AES_CIPHER, AES_NCIPHER } from "../isa/table-vmx.ts";
import type { Cpu } from "../state.ts";
import { VRA, VRB, VRT, byteAt, storeTmp, tmp8, vecOff, wordAt } from "./vmx-regs.ts";

/** Multiply in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
function gfMul(a: number, b: number): number {
  let p = 0;
  for (; b; b >>>= 1) {
    if (b & 1) p ^= a;
    a = (a << 1) ^ (a & 0x80 ? 0x11b : 0);
  }
  return p;
}

/** Products by the MixColumns coefficients (1, 2, 3) and their inverses (9, 11, 13, 14): MUL[m * 256 + x]. */
const MUL = new Uint8Array(15 * 256);
for (const m of [1, 2, 3, 9, 11, 13, 14]) for (let x = 0; x < 256; x++) MUL[m * 256 + x] = gfMul(x, m);

const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);
for (let x = 0; x < 256; x++) {
  let inv = 0;
  for (let y = 1; y < 256 && x; y++) if (gfMul(x, y) === 1) inv = y;
  // The affine transform: b ^ rotl(b,1) ^ rotl(b,2) ^ rotl(b,3) ^ rotl(b,4) ^ 0x63.
  let s = inv;
  for (let r = 1; r < 5; r++) s ^= ((inv << r) | (inv >>> (8 - r))) & 0xff;
  SBOX[x] = s ^ 0x63;
  INV_SBOX[SBOX[x]] = x;
}

/** The state after (Inv)SubBytes and (Inv)ShiftRows: byte r + 4c is row r of column c. */
const state = new Uint8Array(16);

/** vcipher, vcipherlast, vncipher, vncipherlast: one AES round with the round key in VRB. */
export function vecAes(c: Cpu, insn: number, kind: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), inverse = kind >= AES_NCIPHER;
  for (let col = 0; col < 4; col++) {
    for (let row = 0; row < 4; row++) {
      const from = row + 4 * ((col + (inverse ? 4 - row : row)) & 3);
      const v = c.vsrU8[byteAt(a, from)];
      state[row + 4 * col] = inverse ? INV_SBOX[v] : SBOX[v];
    }
  }
  if (kind === AES_CIPHER) mixColumns(state, false);
  for (let k = 0; k < 16; k++) tmp8[k] = state[k] ^ c.vsrU8[byteAt(b, k)];
  // vncipher mixes after adding the round key (ISA 2.07B; 2.07's RTL had the order wrong).
  if (kind === AES_NCIPHER) mixColumns(tmp8, true);
  storeTmp(c, VRT(insn));
}

/** (Inv)MixColumns in place. */
function mixColumns(s: Uint8Array, inverse: boolean): void {
  // Row offsets into MUL of the circulant matrix's first row: (2 3 1 1) or (14 11 13 9).
  const m0 = (inverse ? 14 : 2) << 8, m1 = (inverse ? 11 : 3) << 8, m2 = (inverse ? 13 : 1) << 8, m3 = (inverse ? 9 : 1) << 8;
  for (let col = 0; col < 16; col += 4) {
    const a0 = s[col], a1 = s[col + 1], a2 = s[col + 2], a3 = s[col + 3];
    s[col] = MUL[m0 + a0] ^ MUL[m1 + a1] ^ MUL[m2 + a2] ^ MUL[m3 + a3];
    s[col + 1] = MUL[m3 + a0] ^ MUL[m0 + a1] ^ MUL[m1 + a2] ^ MUL[m2 + a3];
    s[col + 2] = MUL[m2 + a0] ^ MUL[m3 + a1] ^ MUL[m0 + a2] ^ MUL[m1 + a3];
    s[col + 3] = MUL[m1 + a0] ^ MUL[m2 + a1] ^ MUL[m3 + a2] ^ MUL[m0 + a3];
  }
}

/** vsbox: SubBytes of VRA. */
export function vsbox(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), t = VRT(insn);
  for (let k = 0; k < 16; k++) c.vsrU8[byteAt(t, k)] = SBOX[c.vsrU8[byteAt(a, k)]];
}

const rotr32 = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** Rotate (or shift, when `shift`) the doubleword (hi, lo) right by n (1..63) and xor it into acc[0..1]. */
function rotrInto(acc: Int32Array, hi: number, lo: number, n: number, shift: boolean): void {
  let h: number, l: number;
  if (n < 32) {
    h = (hi >>> n) | (shift ? 0 : lo << (32 - n));
    l = (lo >>> n) | (hi << (32 - n));
  } else {
    const m = n - 32;
    h = shift ? 0 : m === 0 ? lo : (lo >>> m) | (hi << (32 - m));
    l = m === 0 ? hi : (hi >>> m) | (shift ? 0 : lo << (32 - m));
  }
  acc[0] ^= h;
  acc[1] ^= l;
}

const acc = new Int32Array(2);
/** SHA-512 sigma rotate/shift counts: σ0, σ1, Σ0, Σ1 (the last of σ is a shift). */
const SIGMA64 = [1, 8, 7, 19, 61, 6, 28, 34, 39, 14, 18, 41];
const SIGMA32 = [7, 18, 3, 17, 19, 10, 2, 13, 22, 6, 11, 25];

/**
 * vshasigmaw, vshasigmad: per element, ST selects the lower-case σ (0) or upper-case Σ (1)
 * functions of SHA-256 (SHA-512) and the element's SIX bit selects 0 or 1.
 */
export function vecShaSigma(c: Cpu, insn: number, size: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), t = VRT(insn), st = (insn >>> 15) & 1, six = (insn >>> 11) & 15, r = c.vsrI32;
  if (size === 4) {
    for (let k = 0; k < 4; k++) {
      const x = r[wordAt(a, k)], f = 6 * st + 3 * ((six >>> (3 - k)) & 1);
      const n = SIGMA32;
      r[wordAt(t, k)] = rotr32(x, n[f]) ^ rotr32(x, n[f + 1]) ^ (st ? rotr32(x, n[f + 2]) : x >>> n[f + 2]);
    }
    return;
  }
  for (let d = 0; d < 2; d++) {
    const hi = r[wordAt(a, 2 * d)], lo = r[wordAt(a, 2 * d + 1)], f = 6 * st + 3 * ((six >>> (3 - 2 * d)) & 1);
    acc[0] = acc[1] = 0;
    rotrInto(acc, hi, lo, SIGMA64[f], false);
    rotrInto(acc, hi, lo, SIGMA64[f + 1], false);
    rotrInto(acc, hi, lo, SIGMA64[f + 2], !st);
    r[wordAt(t, 2 * d)] = acc[0];
    r[wordAt(t, 2 * d + 1)] = acc[1];
  }
}
