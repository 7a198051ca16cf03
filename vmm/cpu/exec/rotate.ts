// Fixed-point rotate and shift (Book I §3.3.14). 64-bit rotates work on hi/lo halves; masks
// MASK(mb, me) follow the book, wrapping when mb > me.

import type { Cpu } from "../state.ts";
import { setCr0 } from "./arith.ts";

const RS = (i: number) => (i >>> 21) & 31;
const RA = (i: number) => (i >>> 16) & 31;
const RB = (i: number) => (i >>> 11) & 31;

/** Mask of ISA bits mb..me of a word (wrapping when mb > me). */
function mask32(mb: number, me: number): number {
  const from = -1 >>> mb, to = me === 31 ? -1 : ~(-1 >>> (me + 1));
  return mb <= me ? from & to : from | to;
}

// 64-bit scratch results of rotl64/mask64.
let rHi = 0, rLo = 0, mHi = 0, mLo = 0;

function rotl64(hi: number, lo: number, n: number): void {
  if (n & 32) {
    const t = hi;
    hi = lo;
    lo = t;
  }
  n &= 31;
  if (n === 0) {
    rHi = hi;
    rLo = lo;
  } else {
    rHi = (hi << n) | (lo >>> (32 - n));
    rLo = (lo << n) | (hi >>> (32 - n));
  }
}

/** MASK(mb, me) over 64 bits. */
function mask64(mb: number, me: number): void {
  const fromHi = mb >= 32 ? 0 : (-1 >>> mb) | 0, fromLo = mb >= 32 ? (-1 >>> (mb - 32)) | 0 : -1;
  const toHi = me >= 31 ? -1 : ~(-1 >>> (me + 1)), toLo = me >= 63 ? -1 : me >= 31 ? ~(-1 >>> (me - 31)) : 0;
  if (mb <= me) {
    mHi = fromHi & toHi;
    mLo = fromLo & toLo;
  } else {
    mHi = fromHi | toHi;
    mLo = fromLo | toLo;
  }
}

function result(c: Cpu, insn: number, hi: number, lo: number): void {
  const ra = RA(insn);
  c.gprHi[ra] = hi;
  c.gprLo[ra] = lo;
  if (insn & 1) setCr0(c, hi, lo);
}

/** rlwinm (0), rlwnm (1), rlwimi (2): rotate the low word (duplicated into both halves). */
export function rotateWord(c: Cpu, insn: number, kind: number): void {
  const rs = RS(insn), mb = (insn >>> 6) & 31, me = (insn >>> 1) & 31;
  const n = kind === 1 ? c.gprLo[RB(insn)] & 31 : (insn >>> 11) & 31;
  const v = c.gprLo[rs];
  const r = n === 0 ? v : (v << n) | (v >>> (32 - n));
  const mLow = mask32(mb, me), mHigh = mb > me ? -1 : 0;
  if (kind === 2) {
    const ra = RA(insn);
    result(c, insn, (r & mHigh) | (c.gprHi[ra] & ~mHigh), (r & mLow) | (c.gprLo[ra] & ~mLow));
  } else result(c, insn, r & mHigh, r & mLow);
}

function sh6(insn: number): number {
  return ((insn >>> 11) & 31) | ((insn & 2) << 4);
}

function mb6(insn: number): number {
  return ((insn >>> 6) & 31) | (insn & 0x20);
}

/** rldicl (0), rldicr (1), rldic (2), rldimi (3). */
export function rotateDoubleImmediate(c: Cpu, insn: number, kind: number): void {
  const rs = RS(insn), sh = sh6(insn), b = mb6(insn);
  rotl64(c.gprHi[rs], c.gprLo[rs], sh);
  if (kind === 0) mask64(b, 63);
  else if (kind === 1) mask64(0, b);
  else mask64(b, 63 - sh);
  if (kind === 3) {
    const ra = RA(insn);
    result(c, insn, (rHi & mHi) | (c.gprHi[ra] & ~mHi), (rLo & mLo) | (c.gprLo[ra] & ~mLo));
  } else result(c, insn, rHi & mHi, rLo & mLo);
}

/** rldcl (0), rldcr (1): rotate by RB[58:63]. */
export function rotateDouble(c: Cpu, insn: number, kind: number): void {
  const rs = RS(insn), b = mb6(insn);
  rotl64(c.gprHi[rs], c.gprLo[rs], c.gprLo[RB(insn)] & 63);
  if (kind === 0) mask64(b, 63);
  else mask64(0, b);
  result(c, insn, rHi & mHi, rLo & mLo);
}

function setCarry(c: Cpu, ca: number): void {
  c.ca = ca;
  if (c.isa >= 300) c.ca32 = ca;
}

/** slw (0), srw (1), sraw (2): shift the low word by RB[58:63]; 32..63 shifts everything out. */
export function shiftWord(c: Cpu, insn: number, kind: number): void {
  const v = c.gprLo[RS(insn)], n = c.gprLo[RB(insn)] & 63;
  if (kind === 0) return result(c, insn, 0, n >= 32 ? 0 : v << n);
  if (kind === 1) return result(c, insn, 0, n >= 32 ? 0 : v >>> n);
  const r = n >= 32 ? v >> 31 : v >> n;
  const lost = n >= 32 ? v : n === 0 ? 0 : v & ((1 << n) - 1);
  setCarry(c, v < 0 && lost !== 0 ? 1 : 0);
  result(c, insn, r >> 31, r);
}

export function srawi(c: Cpu, insn: number): void {
  const v = c.gprLo[RS(insn)], n = (insn >>> 11) & 31;
  const r = v >> n;
  setCarry(c, v < 0 && n !== 0 && (v & ((1 << n) - 1)) !== 0 ? 1 : 0);
  result(c, insn, r >> 31, r);
}

/** 64-bit shift right arithmetic by 0..63 of (hi, lo) into rHi/rLo; returns 1 if a 1 bit was lost from a negative value. */
function sra64(hi: number, lo: number, n: number): number {
  let lost: number;
  if (n === 0) {
    rHi = hi;
    rLo = lo;
    lost = 0;
  } else if (n < 32) {
    rLo = (lo >>> n) | (hi << (32 - n));
    rHi = hi >> n;
    lost = lo & ((1 << n) - 1);
  } else {
    rLo = hi >> (n - 32);
    rHi = hi >> 31;
    lost = lo | (n === 32 ? 0 : hi & ((1 << (n - 32)) - 1));
  }
  return hi < 0 && lost !== 0 ? 1 : 0;
}

/** sld (0), srd (1), srad (2): shift by RB[57:63]; 64..127 shifts everything out. */
export function shiftDouble(c: Cpu, insn: number, kind: number): void {
  const rs = RS(insn), hi = c.gprHi[rs], lo = c.gprLo[rs], n = c.gprLo[RB(insn)] & 127;
  if (kind === 2) {
    if (n >= 64) {
      setCarry(c, hi < 0 && (hi | lo) !== 0 ? 1 : 0);
      return result(c, insn, hi >> 31, hi >> 31);
    }
    setCarry(c, sra64(hi, lo, n));
    return result(c, insn, rHi, rLo);
  }
  if (n >= 64) return result(c, insn, 0, 0);
  if (kind === 0) {
    if (n >= 32) return result(c, insn, lo << (n - 32), 0);
    return result(c, insn, n === 0 ? hi : (hi << n) | (lo >>> (32 - n)), lo << n);
  }
  if (n >= 32) return result(c, insn, 0, (hi >>> (n - 32)) | 0);
  return result(c, insn, (hi >>> n) | 0, n === 0 ? lo : (lo >>> n) | (hi << (32 - n)));
}

export function sradi(c: Cpu, insn: number): void {
  const rs = RS(insn);
  setCarry(c, sra64(c.gprHi[rs], c.gprLo[rs], sh6(insn)));
  result(c, insn, rHi, rLo);
}

/** extswsli: sign-extend the low word, then shift left by SH (6 bits). */
export function extswsli(c: Cpu, insn: number): void {
  const v = c.gprLo[RS(insn)], n = sh6(insn);
  const hi = v >> 31;
  if (n === 0) return result(c, insn, hi, v);
  if (n >= 32) return result(c, insn, v << (n - 32), 0);
  result(c, insn, (hi << n) | (v >>> (32 - n)), v << n);
}
