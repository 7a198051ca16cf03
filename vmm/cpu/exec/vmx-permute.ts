// Vector logical, select, permute, shift-whole-vector, splat, merge, pack/unpack, bit gather
// and element extract/insert instructions (Book I §6.8-6.9). Anything that reads elements it
// may overwrite builds its result in the scratch vector first (VRT may be a source).

import { P_MOD, P_SS, P_SU, P_UU } from "../isa/table-vmx.ts";
import type { Cpu } from "../state.ts";
import { logicalWord } from "./logical.ts";
import {
  VRA, VRB, VRC, VRT, byteAt, clamp, getS, getU, halfAt, put, saturated, setTmpWord, storeTmp, tmp8, vecOff, wordAt,
} from "./vmx-regs.ts";

/** vand, vor, vxor, ... one word at a time. */
export function vecLogical(c: Cpu, insn: number, op: number): void {
  if (vecOff(c)) return;
  const t = (32 + VRT(insn)) << 2, a = (32 + VRA(insn)) << 2, b = (32 + VRB(insn)) << 2, r = c.vsrI32;
  for (let j = 0; j < 4; j++) r[t + j] = logicalWord(op, r[a + j], r[b + j]);
}

/** vsel: bits of VRB where VRC is 1, of VRA where it is 0. */
export function vsel(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  const t = (32 + VRT(insn)) << 2, a = (32 + VRA(insn)) << 2, b = (32 + VRB(insn)) << 2, m = (32 + VRC(insn)) << 2, r = c.vsrI32;
  for (let j = 0; j < 4; j++) r[t + j] = (r[a + j] & ~r[m + j]) | (r[b + j] & r[m + j]);
}

/** Byte i (0..31) of VRA || VRB. */
function pairByte(c: Cpu, a: number, b: number, i: number): number {
  return i < 16 ? c.vsrU8[byteAt(a, i)] : c.vsrU8[byteAt(b, i - 16)];
}

/** vperm (reverse = 0): byte k is byte VRC[k] of VRA || VRB; vpermr counts from the right end. */
export function vperm(c: Cpu, insn: number, reverse: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), ctl = VRC(insn);
  for (let k = 0; k < 16; k++) {
    const i = c.vsrU8[byteAt(ctl, k)] & 31;
    tmp8[k] = pairByte(c, a, b, reverse ? 31 - i : i);
  }
  storeTmp(c, VRT(insn));
}

/** vpermxor: byte k is VRA[VRC[k] high nibble] ^ VRB[VRC[k] low nibble]. */
export function vpermxor(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), ctl = VRC(insn);
  for (let k = 0; k < 16; k++) {
    const s = c.vsrU8[byteAt(ctl, k)];
    tmp8[k] = c.vsrU8[byteAt(a, s >>> 4)] ^ c.vsrU8[byteAt(b, s & 15)];
  }
  storeTmp(c, VRT(insn));
}

/** vsldoi: bytes SHB..SHB+15 of VRA || VRB. */
export function vsldoi(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), sh = (insn >>> 6) & 15;
  for (let k = 0; k < 16; k++) tmp8[k] = pairByte(c, a, b, sh + k);
  storeTmp(c, VRT(insn));
}

/** vsl, vsr: the whole vector shifted by VRB[125:127] bits (the ISA asks every byte to hold the same count). */
export function vecShiftBits(c: Cpu, insn: number, right: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), sh = c.vsrU8[byteAt(VRB(insn), 15)] & 7, u8 = c.vsrU8;
  for (let k = 0; k < 16; k++) {
    if (right) {
      const prev = k === 0 ? 0 : u8[byteAt(a, k - 1)];
      tmp8[k] = ((prev << 8) | u8[byteAt(a, k)]) >>> sh;
    } else {
      const next = k === 15 ? 0 : u8[byteAt(a, k + 1)];
      tmp8[k] = ((u8[byteAt(a, k)] << 8) | next) >>> (8 - sh);
    }
  }
  storeTmp(c, VRT(insn));
}

/** vslo, vsro: the whole vector shifted by VRB[121:124] bytes. */
export function vecShiftOctets(c: Cpu, insn: number, right: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), sh = (c.vsrU8[byteAt(VRB(insn), 15)] >>> 3) & 15;
  for (let k = 0; k < 16; k++) {
    const from = right ? k - sh : k + sh;
    tmp8[k] = from >= 0 && from < 16 ? c.vsrU8[byteAt(a, from)] : 0;
  }
  storeTmp(c, VRT(insn));
}

/** vslv, vsrv (ISA 3.0): each byte of VRA shifted by the low 3 bits of the matching VRB byte, pulling bits from its neighbour. */
export function vecShiftVariable(c: Cpu, insn: number, right: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), u8 = c.vsrU8;
  for (let k = 0; k < 16; k++) {
    const sh = u8[byteAt(b, k)] & 7;
    if (right) {
      const prev = k === 0 ? 0 : u8[byteAt(a, k - 1)];
      tmp8[k] = ((prev << 8) | u8[byteAt(a, k)]) >>> sh;
    } else {
      const next = k === 15 ? 0 : u8[byteAt(a, k + 1)];
      tmp8[k] = (((u8[byteAt(a, k)] << 8) | next) << sh) >>> 8;
    }
  }
  storeTmp(c, VRT(insn));
}

/** vspltb, vsplth, vspltw: element UIM of VRB in every element. */
export function vecSplat(c: Cpu, insn: number, size: number): void {
  if (vecOff(c)) return;
  const v = getU(c, VRB(insn), size, (insn >>> 16) & (16 / size - 1)), t = VRT(insn);
  for (let k = 0; k < 16 / size; k++) put(c, t, size, k, v);
}

/** vspltisb, vspltish, vspltisw: the sign-extended 5-bit immediate in every element. */
export function vecSplatImmediate(c: Cpu, insn: number, size: number): void {
  if (vecOff(c)) return;
  const v = (insn << 11) >> 27, t = VRT(insn);
  for (let k = 0; k < 16 / size; k++) put(c, t, size, k, v);
}

/** Copy element `from` of VR n (elements of `size` bytes) to element `to` of the scratch vector. */
function elementToTmp(c: Cpu, n: number, size: number, from: number, to: number): void {
  for (let i = 0; i < size; i++) tmp8[to * size + i] = c.vsrU8[byteAt(n, from * size + i)];
}

/** vmrgh*, vmrgl*: interleave the high (or low) halves of VRA and VRB. */
export function vecMerge(c: Cpu, insn: number, size: number, low: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), half = 8 / size, first = low ? half : 0;
  for (let i = 0; i < half; i++) {
    elementToTmp(c, a, size, first + i, 2 * i);
    elementToTmp(c, b, size, first + i, 2 * i + 1);
  }
  storeTmp(c, VRT(insn));
}

/** vmrgew (odd = 0), vmrgow: the even (odd) words of VRA and VRB, interleaved. */
export function vecMergeEvenOdd(c: Cpu, insn: number, odd: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), t = VRT(insn), r = c.vsrI32;
  const a0 = r[wordAt(a, odd)], a1 = r[wordAt(a, 2 + odd)], b0 = r[wordAt(b, odd)], b1 = r[wordAt(b, 2 + odd)];
  r[wordAt(t, 0)] = a0;
  r[wordAt(t, 1)] = b0;
  r[wordAt(t, 2)] = a1;
  r[wordAt(t, 3)] = b1;
}

/** One element narrowed to `bits` (8, 16) with the pack kind's saturation (P_UU reads it unsigned, the others signed). */
function narrow(c: Cpu, v: number, bits: number, kind: number): number {
  const umax = (1 << bits) - 1, smax = umax >>> 1;
  if (kind === P_MOD) return v & umax;
  return kind === P_SS ? clamp(c, v, -smax - 1, smax) : clamp(c, v, 0, umax);
}

/** A doubleword (hi, lo) narrowed to a word with the pack kind's saturation. */
function narrowDouble(c: Cpu, hi: number, lo: number, kind: number): number {
  if (kind === P_MOD || (kind === P_SS ? hi === lo >> 31 : hi === 0)) return lo;
  saturated(c);
  if (kind === P_SS) return hi < 0 ? 0x80000000 : 0x7fffffff;
  return kind === P_SU && hi < 0 ? 0 : 0xffffffff;
}

/** vpk*: the elements of VRA then VRB, each narrowed to half its size. */
export function vecPack(c: Cpu, insn: number, size: number, kind: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), n = 16 / size;
  for (let i = 0; i < 2 * n; i++) {
    const src = i < n ? a : b, k = i % n;
    if (size === 8) {
      const r = c.vsrI32, base = (32 + src) << 2;
      setTmpWord(i, narrowDouble(c, r[base + 2 * k + 1], r[base + 2 * k], kind));
    } else {
      const v = kind === P_UU || kind === P_MOD ? getU(c, src, size, k) : getS(c, src, size, k);
      const w = narrow(c, v, size * 4, kind);
      if (size === 2) tmp8[i] = w;
      else {
        tmp8[2 * i] = w >>> 8;
        tmp8[2 * i + 1] = w;
      }
    }
  }
  storeTmp(c, VRT(insn));
}

/** vpkpx: each word's 1:5:5:5 pixel (bit 7 and the top 5 bits of bytes 1..3) as a halfword. */
export function vpkpx(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn);
  for (let i = 0; i < 8; i++) {
    const w = c.vsrI32[wordAt(i < 4 ? a : b, i & 3)];
    const px = (((w >>> 24) & 1) << 15) | (((w >>> 19) & 31) << 10) | (((w >>> 11) & 31) << 5) | ((w >>> 3) & 31);
    tmp8[2 * i] = px >>> 8;
    tmp8[2 * i + 1] = px;
  }
  storeTmp(c, VRT(insn));
}

/** vupkhs*, vupkls*: the high (or low) half of VRB's elements, sign-extended to twice their size. */
export function vecUnpack(c: Cpu, insn: number, size: number, low: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn), n = 8 / size, first = low ? n : 0;
  for (let i = 0; i < n; i++) {
    const v = getS(c, b, size, first + i);
    if (size === 4) {
      setTmpWord(2 * i, v >> 31);
      setTmpWord(2 * i + 1, v);
    } else if (size === 2) setTmpWord(i, v);
    else {
      tmp8[2 * i] = v >> 8;
      tmp8[2 * i + 1] = v;
    }
  }
  storeTmp(c, VRT(insn));
}

/** vupkhpx, vupklpx: 1:5:5:5 pixels to 8:8:8:8, the 1-bit channel sign-extended to a byte. */
export function vecUnpackPixel(c: Cpu, insn: number, low: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn);
  for (let i = 0; i < 4; i++) {
    const px = c.vsrU16[halfAt(b, (low ? 4 : 0) + i)];
    setTmpWord(i, (px & 0x8000 ? 0xff000000 : 0) | (((px >>> 10) & 31) << 16) | (((px >>> 5) & 31) << 8) | (px & 31));
  }
  storeTmp(c, VRT(insn));
}

/** vgbbd: each doubleword as an 8x8 bit matrix, transposed. */
export function vgbbd(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn);
  for (let d = 0; d < 16; d += 8) {
    for (let j = 0; j < 8; j++) {
      let out = 0;
      for (let m = 0; m < 8; m++) out |= ((c.vsrU8[byteAt(b, d + m)] >>> (7 - j)) & 1) << (7 - m);
      tmp8[d + j] = out;
    }
  }
  storeTmp(c, VRT(insn));
}

/** Bit i (0 = most significant) of VR n. */
function vrBit(c: Cpu, n: number, i: number): number {
  return (c.vsrU8[byteAt(n, i >>> 3)] >>> (7 - (i & 7))) & 1;
}

/** vbpermq: sixteen bits of VRA picked by the bytes of VRB (128 and above pick 0), into bits 48:63. */
export function vbpermq(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn);
  let bits = 0;
  for (let k = 0; k < 16; k++) {
    const i = c.vsrU8[byteAt(b, k)];
    bits = (bits << 1) | (i < 128 ? vrBit(c, a, i) : 0);
  }
  const t = VRT(insn);
  c.vsrI32[wordAt(t, 0)] = 0;
  c.vsrI32[wordAt(t, 1)] = bits;
  c.vsrI32[wordAt(t, 2)] = 0;
  c.vsrI32[wordAt(t, 3)] = 0;
}

/** vbpermd (ISA 3.0): per doubleword, eight bits of VRA's doubleword picked by VRB's bytes, into its low byte. */
export function vbpermd(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn);
  for (let d = 0; d < 2; d++) {
    let bits = 0;
    for (let j = 0; j < 8; j++) {
      const i = c.vsrU8[byteAt(b, 8 * d + j)];
      bits = (bits << 1) | (i < 64 ? vrBit(c, a, 64 * d + i) : 0);
    }
    setTmpWord(2 * d, 0);
    setTmpWord(2 * d + 1, bits);
  }
  storeTmp(c, VRT(insn));
}

/** vextractub/uh/uw, vextractd: bytes UIM.. of VRB, zero-extended into doubleword 0 (bytes past 15 read as 0: undefined in the ISA). */
export function vecExtract(c: Cpu, insn: number, size: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn), uim = (insn >>> 16) & 15;
  tmp8.fill(0);
  for (let i = 0; i < size; i++) if (uim + i < 16) tmp8[8 - size + i] = c.vsrU8[byteAt(b, uim + i)];
  storeTmp(c, VRT(insn));
}

/** vinsertb/h/w/d: the low `size` bytes of VRB's doubleword 0 into VRT at byte UIM (bytes past 15 are dropped). */
export function vecInsert(c: Cpu, insn: number, size: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn), t = VRT(insn), uim = (insn >>> 16) & 15;
  for (let i = 0; i < size; i++) tmp8[i] = c.vsrU8[byteAt(b, 8 - size + i)];
  for (let i = 0; i < size && uim + i < 16; i++) c.vsrU8[byteAt(t, uim + i)] = tmp8[i];
}

/** vextu[bhw]lx (right = 0), vextu[bhw]rx: the element at byte offset RA[60:63] from the left (right) end into RT. */
export function vecExtractToGpr(c: Cpu, insn: number, size: number, right: number): void {
  if (vecOff(c)) return;
  const rt = (insn >>> 21) & 31, index = c.gprLo[(insn >>> 16) & 31] & 15, b = VRB(insn);
  const first = right ? 16 - index - size : index;
  let v = 0;
  for (let i = 0; i < size; i++) {
    const k = first + i;
    v = (v << 8) | (k >= 0 && k < 16 ? c.vsrU8[byteAt(b, k)] : 0);
  }
  c.gprHi[rt] = 0;
  c.gprLo[rt] = v;
}
