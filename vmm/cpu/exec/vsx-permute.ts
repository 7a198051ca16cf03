// VSX logical, select and permute instructions (Book I §7.6.1): whole-register bit moves. Every
// one reads its sources before writing XT, which may be one of them.

import { FAC_VSX_VEC, X_AND, X_ANDC, X_EQV, X_NAND, X_NOR, X_OR, X_ORC, X_XOR } from "../isa/table-vsx.ts";
import type { Cpu } from "../state.ts";
import { XA, XB, XC, XT, facilityOn, vsxOn } from "./vsx-common.ts";

/** Scratch: up to two source registers as big-endian bytes or words, and a selector. */
const bytes = new Uint8Array(48);
const words = new Int32Array(8);

/** Big-endian byte k of VSR x (see state.ts). */
const byteAt = (x: number, k: number) => 16 * x + (k ^ 7);
/** Big-endian word j of VSR x. */
const wordAt = (x: number, j: number) => 4 * x + (j ^ 1);

export function xxLogical(c: Cpu, insn: number, op: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * XB(insn), t = 4 * XT(insn);
  for (let w = 0; w < 4; w++) {
    const x = v[a + w], y = v[b + w];
    let r: number;
    switch (op) {
      case X_AND: r = x & y; break;
      case X_ANDC: r = x & ~y; break;
      case X_OR: r = x | y; break;
      case X_XOR: r = x ^ y; break;
      case X_NOR: r = ~(x | y); break;
      case X_ORC: r = x | ~y; break;
      case X_NAND: r = ~(x & y); break;
      case X_EQV: r = ~(x ^ y); break;
      default: r = 0;
    }
    v[t + w] = r;
  }
}

/** xxsel: each bit from XB where XC has a one, else from XA. */
export function xxSelect(c: Cpu, insn: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = 4 * XA(insn), b = 4 * XB(insn), s = 4 * XC(insn), t = 4 * XT(insn);
  for (let w = 0; w < 4; w++) v[t + w] = (v[a + w] & ~v[s + w]) | (v[b + w] & v[s + w]);
}

/** xxpermdi: doubleword DM[0] of XA, then doubleword DM[1] of XB. */
export function xxPermuteDoubleword(c: Cpu, insn: number): void {
  if (!vsxOn(c)) return;
  const dm = (insn >>> 8) & 3, v = c.vsrI32;
  const a = 4 * XA(insn) + (dm & 2), b = 4 * XB(insn) + 2 * (dm & 1), t = 4 * XT(insn);
  const aLo = v[a], aHi = v[a + 1], bLo = v[b], bHi = v[b + 1];
  v[t] = aLo;
  v[t + 1] = aHi;
  v[t + 2] = bLo;
  v[t + 3] = bHi;
}

/** xxsldwi: words SHW..SHW+3 of XA || XB. */
export function xxShiftLeftDouble(c: Cpu, insn: number): void {
  if (!vsxOn(c)) return;
  const shw = (insn >>> 8) & 3, v = c.vsrI32, a = XA(insn), b = XB(insn), t = XT(insn);
  for (let j = 0; j < 4; j++) {
    words[j] = v[wordAt(a, j)];
    words[j + 4] = v[wordAt(b, j)];
  }
  for (let j = 0; j < 4; j++) v[wordAt(t, j)] = words[shw + j];
}

/** xxmrghw (first = 0) and xxmrglw (first = 2): interleave words first, first+1 of XA and XB. */
export function xxMergeWord(c: Cpu, insn: number, first: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, a = XA(insn), b = XB(insn), t = XT(insn);
  const a0 = v[wordAt(a, first)], a1 = v[wordAt(a, first + 1)], b0 = v[wordAt(b, first)], b1 = v[wordAt(b, first + 1)];
  v[wordAt(t, 0)] = a0;
  v[wordAt(t, 1)] = b0;
  v[wordAt(t, 2)] = a1;
  v[wordAt(t, 3)] = b1;
}

/** xxperm (reverse = 0) and xxpermr: byte i is byte (XB.byte[i] & 31) of XA || XT, counted
 *  from the right for xxpermr. */
export function xxPermute(c: Cpu, insn: number, reverse: number): void {
  if (!vsxOn(c)) return;
  const u8 = c.vsrU8, a = XA(insn), b = XB(insn), t = XT(insn);
  for (let k = 0; k < 16; k++) {
    bytes[k] = u8[byteAt(a, k)];
    bytes[k + 16] = u8[byteAt(t, k)];
    bytes[k + 32] = u8[byteAt(b, k)];
  }
  for (let k = 0; k < 16; k++) {
    const i = bytes[k + 32] & 31;
    u8[byteAt(t, k)] = bytes[reverse ? 31 - i : i];
  }
}

/** xxspltw: word UIM of XB to every word. */
export function xxSplatWord(c: Cpu, insn: number): void {
  if (!vsxOn(c)) return;
  const v = c.vsrI32, t = 4 * XT(insn);
  const w = v[wordAt(XB(insn), (insn >>> 16) & 3)];
  v[t] = v[t + 1] = v[t + 2] = v[t + 3] = w;
}

/** xxspltib: IMM8 to every byte. */
export function xxSplatImmediateByte(c: Cpu, insn: number): void {
  const xt = XT(insn);
  if (!facilityOn(c, FAC_VSX_VEC, xt)) return;
  const v = c.vsrI32, t = 4 * xt;
  v[t] = v[t + 1] = v[t + 2] = v[t + 3] = ((insn >>> 11) & 0xff) * 0x01010101;
}

/**
 * xxextractuw: bytes UIM..UIM+3 of XB, zero-extended into doubleword 0; doubleword 1 is zero.
 * UIM > 12 is undefined in the book; the bytes wrap around the register as on hardware (QEMU).
 */
export function xxExtractWord(c: Cpu, insn: number): void {
  if (!vsxOn(c)) return;
  const u8 = c.vsrU8, b = XB(insn), uim = (insn >>> 16) & 15, v = c.vsrI32, t = 4 * XT(insn);
  let w = 0;
  for (let i = 0; i < 4; i++) w = (w << 8) | u8[byteAt(b, (uim + i) & 15)];
  v[t] = w;
  v[t + 1] = v[t + 2] = v[t + 3] = 0;
}

/** xxinsertw: word 1 of XB into bytes UIM..UIM+3 of XT, the rest of XT kept (truncated at byte
 *  15 when UIM > 12, which the book leaves undefined; as QEMU). */
export function xxInsertWord(c: Cpu, insn: number): void {
  if (!vsxOn(c)) return;
  const u8 = c.vsrU8, t = XT(insn), uim = (insn >>> 16) & 15;
  const w = c.vsrI32[wordAt(XB(insn), 1)];
  for (let i = 0; i < 4 && uim + i < 16; i++) u8[byteAt(t, uim + i)] = w >>> (24 - 8 * i);
}

/** xxbrh/w/d/q: reverse the bytes of each element of `m + 1` bytes. */
export function xxByteReverse(c: Cpu, insn: number, m: number): void {
  if (!vsxOn(c)) return;
  const u8 = c.vsrU8, b = 16 * XB(insn), t = 16 * XT(insn);
  for (let j = 0; j < 16; j++) bytes[j] = u8[b + j];
  // Storage byte j holds big-endian byte j ^ 7, so reversing within elements is j -> j ^ m.
  for (let j = 0; j < 16; j++) u8[t + j] = bytes[j ^ m];
}
