// Vector integer arithmetic, compares, rotates and shifts, counts and polynomial multiply
// (Book I §6.9-6.10). Byte, halfword and word elements go through one element-wise body per
// family (values fit a double exactly); doublewords and quadwords work on int32 halves.
// Saturating operations set VSCR[SAT] when they clip.

import {
  C_EQ, C_GTS, C_GTU, C_NE, C_NEZ, MS_MBM, MS_SHM, MS_SHS, MS_UBM, MS_UHS, N_CLZ, N_CTZ, Q_MOD,
  SUM_2SWS, SUM_4SBS, SUM_4SHS, SUM_4UBS,
  V_ABSD, V_ADD, V_ADDC, V_ADDS_S, V_ADDS_U, V_AVG_S, V_AVG_U, V_MAX_S, V_MAX_U, V_MIN_S, V_MIN_U, V_MUL, V_RL,
  V_SL, V_SR, V_SRA, V_SUB, V_SUBC, V_SUBS_S, V_SUBS_U,
} from "../isa/table-vmx.ts";
import type { Cpu } from "../state.ts";
import { cmpS64, cmpU64, ctz32, mulHighS32, mulHighU32, popcount32 } from "./int64.ts";
import { RC, VRA, VRB, VRC, VRT, byteAt, clamp, getS, getU, put, setCr6, vecOff, wordAt } from "./vmx-regs.ts";

/** Whether an element-wise op reads its operands as signed. */
function signedOp(op: number): boolean {
  return op === V_ADDS_S || op === V_SUBS_S || op === V_AVG_S || op === V_MAX_S || op === V_MIN_S || op === V_SRA;
}

function elementOp(c: Cpu, op: number, a: number, b: number, size: number): number {
  const bits = 8 * size, umax = 2 ** bits - 1, smax = 2 ** (bits - 1) - 1, sh = b & (bits - 1);
  switch (op) {
    case V_ADD: return a + b;
    case V_SUB: return a - b;
    case V_ADDS_U: return clamp(c, a + b, 0, umax);
    case V_ADDS_S: return clamp(c, a + b, -smax - 1, smax);
    case V_SUBS_U: return clamp(c, a - b, 0, umax);
    case V_SUBS_S: return clamp(c, a - b, -smax - 1, smax);
    case V_ADDC: return a + b > umax ? 1 : 0;
    case V_SUBC: return a >= b ? 1 : 0;
    case V_AVG_U:
    case V_AVG_S: return Math.floor((a + b + 1) / 2);
    case V_MAX_U:
    case V_MAX_S: return a > b ? a : b;
    case V_MIN_U:
    case V_MIN_S: return a < b ? a : b;
    case V_ABSD: return a > b ? a - b : b - a;
    case V_RL: return (a << sh) | (a >>> (bits - sh)); // sh = 0: a >>> bits is a >>> 0 for words, 0 otherwise
    case V_SL: return a << sh;
    case V_SR: return a >>> sh;
    case V_SRA: return a >> sh;
    case V_MUL: return Math.imul(a, b);
  }
  return 0;
}

/** Element-wise integer ops on byte, halfword and word elements. */
export function vecArith(c: Cpu, insn: number, op: number, size: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), t = VRT(insn), signed = signedOp(op);
  for (let k = 0; k < 16 / size; k++) {
    const x = signed ? getS(c, a, size, k) : getU(c, a, size, k);
    const y = signed ? getS(c, b, size, k) : getU(c, b, size, k);
    put(c, t, size, k, elementOp(c, op, x, y, size));
  }
}

// ---- Doublewords, as (hi, lo) int32 pairs. Results land in res.
const res = new Int32Array(4);

/** 64-bit shift of (hi, lo) left by n (0..63) into res[0..1]. */
function shl64(hi: number, lo: number, n: number): void {
  if (n === 0) {
    res[0] = hi;
    res[1] = lo;
  } else if (n < 32) {
    res[0] = (hi << n) | (lo >>> (32 - n));
    res[1] = lo << n;
  } else {
    res[0] = lo << (n - 32);
    res[1] = 0;
  }
}

/** 64-bit shift right by n (0..63), arithmetic when `arith`, into res[0..1]. */
function shr64(hi: number, lo: number, n: number, arith: boolean): void {
  if (n === 0) {
    res[0] = hi;
    res[1] = lo;
  } else if (n < 32) {
    res[1] = (lo >>> n) | (hi << (32 - n));
    res[0] = arith ? hi >> n : hi >>> n;
  } else {
    res[1] = arith ? hi >> (n - 32) : hi >>> (n - 32);
    res[0] = arith ? hi >> 31 : 0;
  }
}

/** 64-bit rotate left by n (0..63) into res[0..1]. */
function rotl64(hi: number, lo: number, n: number): void {
  if (n === 0) {
    res[0] = hi;
    res[1] = lo;
    return;
  }
  shl64(hi, lo, n);
  const h = res[0], l = res[1];
  shr64(hi, lo, 64 - n, false);
  res[0] |= h;
  res[1] |= l;
}

/** Doubleword d of VR n: index of its high word in c.vsrI32 (the low word is one below). */
const dwHi = (n: number, d: number) => ((32 + n) << 2) + 2 * d + 1;

/** vaddudm, vsubudm, vmax/vmin[us]d, vrld, vsld, vsrd, vsrad. */
export function vecArithDouble(c: Cpu, insn: number, op: number): void {
  if (vecOff(c)) return;
  const r = c.vsrI32, a = VRA(insn), b = VRB(insn), t = VRT(insn);
  for (let d = 0; d < 2; d++) {
    const ah = r[dwHi(a, d)], al = r[dwHi(a, d) - 1], bh = r[dwHi(b, d)], bl = r[dwHi(b, d) - 1], sh = bl & 63;
    switch (op) {
      case V_ADD: {
        const lo = (al >>> 0) + (bl >>> 0);
        res[0] = ah + bh + (lo > 0xffffffff ? 1 : 0);
        res[1] = lo;
        break;
      }
      case V_SUB: {
        const lo = (al >>> 0) - (bl >>> 0);
        res[0] = ah - bh - (lo < 0 ? 1 : 0);
        res[1] = lo;
        break;
      }
      case V_MAX_U:
      case V_MIN_U:
      case V_MAX_S:
      case V_MIN_S: {
        const cmp = op === V_MAX_U || op === V_MIN_U ? cmpU64(ah, al, bh, bl) : cmpS64(ah, al, bh, bl);
        const takeA = op === V_MAX_U || op === V_MAX_S ? cmp > 0 : cmp < 0;
        res[0] = takeA ? ah : bh;
        res[1] = takeA ? al : bl;
        break;
      }
      case V_RL: rotl64(ah, al, sh); break;
      case V_SL: shl64(ah, al, sh); break;
      case V_SR: shr64(ah, al, sh, false); break;
      case V_SRA: shr64(ah, al, sh, true); break;
    }
    r[dwHi(t, d)] = res[0];
    r[dwHi(t, d) - 1] = res[1];
  }
}

/**
 * 128-bit VRA + VRB (or VRA + ~VRB + 1 when subtracting) plus a carry in: the sum (Q_MOD) or
 * the carry out (Q_CARRY) into VRT.
 */
function quadAdd(c: Cpu, insn: number, sub: number, kind: number, carryIn: number): void {
  const r = c.vsrI32, a = VRA(insn), b = VRB(insn), t = VRT(insn);
  let carry = carryIn;
  for (let j = 3; j >= 0; j--) {
    const y = sub ? ~r[wordAt(b, j)] : r[wordAt(b, j)];
    const s = (r[wordAt(a, j)] >>> 0) + (y >>> 0) + carry;
    carry = s > 0xffffffff ? 1 : 0;
    res[j] = s;
  }
  if (kind === Q_MOD) for (let j = 0; j < 4; j++) r[wordAt(t, j)] = res[j];
  else {
    r[wordAt(t, 0)] = 0;
    r[wordAt(t, 1)] = 0;
    r[wordAt(t, 2)] = 0;
    r[wordAt(t, 3)] = carry;
  }
}

/** vadduqm, vaddcuq, vsubuqm, vsubcuq. */
export function vecQuad(c: Cpu, insn: number, sub: number, kind: number): void {
  if (vecOff(c)) return;
  quadAdd(c, insn, sub, kind, sub);
}

/** vaddeuqm, vaddecuq, vsubeuqm, vsubecuq: the carry in is bit 127 of VRC. */
export function vecQuadExtended(c: Cpu, insn: number, sub: number, kind: number): void {
  if (vecOff(c)) return;
  quadAdd(c, insn, sub, kind, c.vsrI32[wordAt(VRC(insn), 3)] & 1);
}

/** vmule* (odd = 0), vmulo*: products of the even (odd) elements, at twice the width. */
export function vecMultiply(c: Cpu, insn: number, size: number, signed: number, odd: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), t = VRT(insn);
  // Product i covers source elements 2i and 2i+1, read before it is written: safe in place.
  for (let i = 0; i < 8 / size; i++) {
    const k = 2 * i + odd;
    const x = signed ? getS(c, a, size, k) : getU(c, a, size, k);
    const y = signed ? getS(c, b, size, k) : getU(c, b, size, k);
    if (size < 4) put(c, t, 2 * size, i, x * y);
    else {
      c.vsrI32[dwHi(t, i)] = signed ? mulHighS32(x, y) : mulHighU32(x, y);
      c.vsrI32[dwHi(t, i) - 1] = Math.imul(x, y);
    }
  }
}

/** vmhaddshs (round = 0), vmhraddshs: high half of the halfword product (rounded) plus VRC, saturated. */
export function vecMultiplyHighAdd(c: Cpu, insn: number, round: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), m = VRC(insn), t = VRT(insn);
  for (let k = 0; k < 8; k++) {
    const p = getS(c, a, 2, k) * getS(c, b, 2, k) + (round ? 0x4000 : 0);
    put(c, t, 2, k, clamp(c, (p >> 15) + getS(c, m, 2, k), -0x8000, 0x7fff));
  }
}

/** vmladduhm: halfword multiply-low and add, modulo. */
export function vmladduhm(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), m = VRC(insn), t = VRT(insn);
  for (let k = 0; k < 8; k++) put(c, t, 2, k, Math.imul(getU(c, a, 2, k), getU(c, b, 2, k)) + getU(c, m, 2, k));
}

/** vmsum*: each word of VRC plus the products of the byte (halfword) elements of VRA and VRB in that word. */
export function vecMultiplySum(c: Cpu, insn: number, kind: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), m = VRC(insn), t = VRT(insn);
  const bytes = kind === MS_UBM || kind === MS_MBM, size = bytes ? 1 : 2, per = 4 / size;
  const signedA = kind === MS_MBM || kind === MS_SHM || kind === MS_SHS;
  const signedB = kind === MS_SHM || kind === MS_SHS;
  for (let j = 0; j < 4; j++) {
    let sum = kind === MS_SHS ? c.vsrI32[wordAt(m, j)] : c.vsrI32[wordAt(m, j)] >>> 0;
    for (let e = per * j; e < per * (j + 1); e++) {
      const x = signedA ? getS(c, a, size, e) : getU(c, a, size, e);
      const y = signedB ? getS(c, b, size, e) : getU(c, b, size, e);
      sum += x * y;
    }
    if (kind === MS_UHS) sum = clamp(c, sum, 0, 0xffffffff);
    else if (kind === MS_SHS) sum = clamp(c, sum, -0x80000000, 0x7fffffff);
    res[j] = sum; // modulo forms keep the low 32 bits (Int32Array stores wrap)
  }
  for (let j = 0; j < 4; j++) c.vsrI32[wordAt(t, j)] = res[j];
}

/** vsum4ubs, vsum4sbs, vsum4shs, vsum2sws, vsumsws: sums across elements plus VRB words, saturated. */
export function vecSumAcross(c: Cpu, insn: number, kind: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), t = VRT(insn), r = c.vsrI32;
  if (kind === SUM_4UBS || kind === SUM_4SBS || kind === SUM_4SHS) {
    const size = kind === SUM_4SHS ? 2 : 1, per = 4 / size;
    for (let j = 0; j < 4; j++) {
      let sum = kind === SUM_4UBS ? r[wordAt(b, j)] >>> 0 : r[wordAt(b, j)];
      for (let e = per * j; e < per * (j + 1); e++) sum += kind === SUM_4UBS ? getU(c, a, 1, e) : getS(c, a, size, e);
      res[j] = kind === SUM_4UBS ? clamp(c, sum, 0, 0xffffffff) : clamp(c, sum, -0x80000000, 0x7fffffff);
    }
  } else if (kind === SUM_2SWS) {
    for (let d = 0; d < 2; d++) {
      res[2 * d] = 0;
      res[2 * d + 1] = clamp(c, r[wordAt(a, 2 * d)] + r[wordAt(a, 2 * d + 1)] + r[wordAt(b, 2 * d + 1)], -0x80000000, 0x7fffffff);
    }
  } else {
    const sum = r[wordAt(a, 0)] + r[wordAt(a, 1)] + r[wordAt(a, 2)] + r[wordAt(a, 3)] + r[wordAt(b, 3)];
    res[0] = res[1] = res[2] = 0;
    res[3] = clamp(c, sum, -0x80000000, 0x7fffffff);
  }
  for (let j = 0; j < 4; j++) r[wordAt(t, j)] = res[j];
}

/** vnegw, vnegd (ISA 3.0). */
export function vecNegate(c: Cpu, insn: number, size: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn), t = VRT(insn), r = c.vsrI32;
  if (size === 4) for (let k = 0; k < 4; k++) r[wordAt(t, k)] = -r[wordAt(b, k)];
  else
    for (let d = 0; d < 2; d++) {
      const hi = r[dwHi(b, d)], lo = r[dwHi(b, d) - 1];
      r[dwHi(t, d)] = ~hi + (lo === 0 ? 1 : 0);
      r[dwHi(t, d) - 1] = -lo;
    }
}

/** vextsb2w, vextsh2w, vextsb2d, vextsh2d, vextsw2d: the low `from` bytes of each `to`-byte element, sign-extended. */
export function vecExtendSign(c: Cpu, insn: number, from: number, to: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn), t = VRT(insn), r = c.vsrI32;
  for (let k = 0; k < 16 / to; k++) {
    const low = r[wordAt(b, (k + 1) * (to / 4) - 1)]; // the element's last word
    const v = from === 1 ? (low << 24) >> 24 : from === 2 ? (low << 16) >> 16 : low;
    if (to === 4) r[wordAt(t, k)] = v;
    else {
      r[dwHi(t, k)] = v >> 31;
      r[dwHi(t, k) - 1] = v;
    }
  }
}

/** vprtybw, vprtybd, vprtybq (ISA 3.0): parity of the low bits of each element's bytes. */
export function vecParity(c: Cpu, insn: number, size: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn), t = VRT(insn);
  for (let e = 0; e < 16 / size; e++) {
    let p = 0;
    for (let k = e * size; k < (e + 1) * size; k++) p ^= c.vsrU8[byteAt(b, k)] & 1;
    res[e] = p;
  }
  const r = c.vsrI32;
  if (size === 4) for (let j = 0; j < 4; j++) r[wordAt(t, j)] = res[j];
  else
    for (let d = 0; d < 2; d++) {
      r[dwHi(t, d)] = 0;
      r[dwHi(t, d) - 1] = size === 8 ? res[d] : d === 1 ? res[0] : 0;
    }
}

function compareOp(op: number, a: number, b: number): boolean {
  switch (op) {
    case C_EQ: return a === b;
    case C_GTU:
    case C_GTS: return a > b;
    case C_NE: return a !== b;
    case C_NEZ: return a !== b || a === 0 || b === 0;
  }
  return false;
}

/** vcmpequ*, vcmpgt[su]*, vcmpne[z]* on byte, halfword and word elements; Rc=1 sets CR6. */
export function vecCompare(c: Cpu, insn: number, op: number, size: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), t = VRT(insn);
  let all = true, none = true;
  for (let k = 0; k < 16 / size; k++) {
    const x = op === C_GTS ? getS(c, a, size, k) : getU(c, a, size, k);
    const y = op === C_GTS ? getS(c, b, size, k) : getU(c, b, size, k);
    const hit = compareOp(op, x, y);
    put(c, t, size, k, hit ? -1 : 0);
    if (hit) none = false;
    else all = false;
  }
  if (RC(insn)) setCr6(c, all, none);
}

/** vcmpequd, vcmpgtud, vcmpgtsd. */
export function vecCompareDouble(c: Cpu, insn: number, op: number): void {
  if (vecOff(c)) return;
  const r = c.vsrI32, a = VRA(insn), b = VRB(insn), t = VRT(insn);
  let all = true, none = true;
  for (let d = 0; d < 2; d++) {
    const ah = r[dwHi(a, d)], al = r[dwHi(a, d) - 1], bh = r[dwHi(b, d)], bl = r[dwHi(b, d) - 1];
    const cmp = op === C_GTS ? cmpS64(ah, al, bh, bl) : cmpU64(ah, al, bh, bl);
    const hit = op === C_EQ ? cmp === 0 : cmp > 0;
    r[dwHi(t, d)] = r[dwHi(t, d) - 1] = hit ? -1 : 0;
    if (hit) none = false;
    else all = false;
  }
  if (RC(insn)) setCr6(c, all, none);
}

function count32(kind: number, v: number, bits: number): number {
  if (kind === N_CLZ) return Math.clz32(v) - (32 - bits);
  if (kind === N_CTZ) return v === 0 ? bits : ctz32(v);
  return popcount32(v);
}

/** vclz*, vctz*, vpopcnt*: per-element counts. */
export function vecCount(c: Cpu, insn: number, kind: number, size: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn), t = VRT(insn), r = c.vsrI32;
  if (size < 8) {
    for (let k = 0; k < 16 / size; k++) put(c, t, size, k, count32(kind, getU(c, b, size, k), 8 * size));
    return;
  }
  for (let d = 0; d < 2; d++) {
    const hi = r[dwHi(b, d)], lo = r[dwHi(b, d) - 1];
    let n: number;
    if (kind === N_CLZ) n = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
    else if (kind === N_CTZ) n = lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
    else n = popcount32(hi) + popcount32(lo);
    r[dwHi(t, d)] = 0;
    r[dwHi(t, d) - 1] = n;
  }
}

/** vclzlsbb (trailing = 0), vctzlsbb: bytes before the first (last) one whose low bit is set, into RT. */
export function vecCountLsbb(c: Cpu, insn: number, trailing: number): void {
  if (vecOff(c)) return;
  const b = VRB(insn);
  let n = 0;
  while (n < 16 && (c.vsrU8[byteAt(b, trailing ? 15 - n : n)] & 1) === 0) n++;
  const rt = (insn >>> 21) & 31;
  c.gprHi[rt] = 0;
  c.gprLo[rt] = n;
}

/** Carry-less product of two 32-bit values, xored into res[hi], res[hi+1] as a 64-bit value. */
function clmulInto(a: number, b: number, hi: number): void {
  for (let i = 0; i < 32; i++) {
    if ((b >>> i) & 1) {
      res[hi + 1] ^= a << i;
      if (i) res[hi] ^= a >>> (32 - i);
    }
  }
}

/** vpmsumb/h/w/d: carry-less products of element pairs, the two of each double-width lane xored. */
export function vecPolyMultiply(c: Cpu, insn: number, size: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), t = VRT(insn), r = c.vsrI32;
  if (size === 8) {
    res.fill(0);
    for (let d = 0; d < 2; d++) {
      const ah = r[dwHi(a, d)], al = r[dwHi(a, d) - 1], bh = r[dwHi(b, d)], bl = r[dwHi(b, d) - 1];
      // (ah:al) x (bh:bl) as a 128-bit carry-less product in res[0..3], from its four 32x32 parts.
      clmulInto(al, bl, 2);
      clmulInto(ah, bh, 0);
      clmulInto(ah, bl, 1);
      clmulInto(al, bh, 1);
    }
    for (let j = 0; j < 4; j++) r[wordAt(t, j)] = res[j];
    return;
  }
  // Lane i covers source elements 2i and 2i+1, read before it is written: safe in place.
  if (size === 4) {
    for (let d = 0; d < 2; d++) {
      res[0] = res[1] = 0;
      clmulInto(r[wordAt(a, 2 * d)], r[wordAt(b, 2 * d)], 0);
      clmulInto(r[wordAt(a, 2 * d + 1)], r[wordAt(b, 2 * d + 1)], 0);
      r[dwHi(t, d)] = res[0];
      r[dwHi(t, d) - 1] = res[1];
    }
    return;
  }
  // Bytes and halfwords: each product fits the low word of the 64-bit helper.
  for (let i = 0; i < 8 / size; i++) {
    res[0] = res[1] = 0;
    clmulInto(getU(c, a, size, 2 * i), getU(c, b, size, 2 * i), 0);
    clmulInto(getU(c, a, size, 2 * i + 1), getU(c, b, size, 2 * i + 1), 0);
    put(c, t, 2 * size, i, res[1]);
  }
}

/** Mask with bits mb..me set (numbered from 0 = most significant of `bits`), wrapping when mb > me. */
function maskWord(mb: number, me: number): number {
  const fromMb = 0xffffffff >>> mb, toMe = ~(me === 31 ? 0 : 0xffffffff >>> (me + 1));
  return mb <= me ? fromMb & toMe : fromMb | toMe;
}

/**
 * vrlwnm, vrlwmi, vrldnm, vrldmi (ISA 3.0): rotate each element of VRA by the count in its VRB
 * element and mask from mb to me (both taken from VRB); "mi" inserts under the mask into VRT.
 */
export function vecRotateMask(c: Cpu, insn: number, size: number, insert: number): void {
  if (vecOff(c)) return;
  const a = VRA(insn), b = VRB(insn), t = VRT(insn), r = c.vsrI32;
  if (size === 4) {
    for (let k = 0; k < 4; k++) {
      const x = r[wordAt(a, k)], ctl = r[wordAt(b, k)], sh = ctl & 31;
      const rot = sh ? (x << sh) | (x >>> (32 - sh)) : x;
      const m = maskWord((ctl >>> 16) & 31, (ctl >>> 8) & 31);
      r[wordAt(t, k)] = insert ? (rot & m) | (r[wordAt(t, k)] & ~m) : rot & m;
    }
    return;
  }
  for (let d = 0; d < 2; d++) {
    const ah = r[dwHi(a, d)], al = r[dwHi(a, d) - 1], ctl = r[dwHi(b, d) - 1], sh = ctl & 63;
    rotl64(ah, al, sh);
    const rh = res[0], rl = res[1];
    // The 64-bit mask from mb..me as two word masks.
    const mb = (ctl >>> 16) & 63, me = (ctl >>> 8) & 63;
    const mh = rangeMaskHi(mb, me), ml = rangeMaskLo(mb, me);
    r[dwHi(t, d)] = insert ? (rh & mh) | (r[dwHi(t, d)] & ~mh) : rh & mh;
    r[dwHi(t, d) - 1] = insert ? (rl & ml) | (r[dwHi(t, d) - 1] & ~ml) : rl & ml;
  }
}

/** Bits from..to (0..63, from <= to) of a doubleword, as the mask of one word (base 0 or 32). */
function spanWord(from: number, to: number, base: number): number {
  const lo = Math.max(from, base), hi = Math.min(to, base + 31);
  if (lo > hi) return 0;
  return maskWord(lo - base, hi - base);
}

/** High word of the 64-bit MASK(mb, me), which wraps around when mb > me. */
function rangeMaskHi(mb: number, me: number): number {
  return mb <= me ? spanWord(mb, me, 0) : spanWord(mb, 63, 0) | spanWord(0, me, 0);
}

function rangeMaskLo(mb: number, me: number): number {
  return mb <= me ? spanWord(mb, me, 32) : spanWord(mb, 63, 32) | spanWord(0, me, 32);
}
