// Fixed-point logical instructions (Book I §3.3.13): boolean ops, sign extension, counting,
// byte compare, population count, parity and bit permute.

import { L_AND, L_ANDC, L_EQV, L_NAND, L_NOR, L_OR, L_ORC, L_XOR } from "../isa/table.ts";
import { SPR_PPR } from "../sprs.ts";
import type { Cpu } from "../state.ts";
import { setCr0 } from "./arith.ts";
import { ctz32, popcount32 } from "./int64.ts";

const RS = (i: number) => (i >>> 21) & 31;
const RA = (i: number) => (i >>> 16) & 31;
const RB = (i: number) => (i >>> 11) & 31;

/** One 32-bit logical operation (L_AND, ...): the fixed-point and vector logicals share it. */
export function logicalWord(op: number, a: number, b: number): number {
  switch (op) {
    case L_AND: return a & b;
    case L_OR: return a | b;
    case L_XOR: return a ^ b;
    case L_NAND: return ~(a & b);
    case L_NOR: return ~(a | b);
    case L_EQV: return ~(a ^ b);
    case L_ANDC: return a & ~b;
    case L_ORC: return a | ~b;
  }
  return 0;
}

/** andi., andis., ori, oris, xori, xoris: the immediate is zero-extended, then shifted. */
export function logicalImmediate(c: Cpu, insn: number, op: number, shift: number, record: number): void {
  const rs = RS(insn), ra = RA(insn), ui = (insn & 0xffff) << shift;
  const hi = op === L_AND ? 0 : c.gprHi[rs];
  const lo = logicalWord(op, c.gprLo[rs], ui);
  c.gprHi[ra] = hi;
  c.gprLo[ra] = lo;
  if (record) setCr0(c, hi, lo);
}

export function logical(c: Cpu, insn: number, op: number): void {
  const rs = RS(insn), ra = RA(insn), rb = RB(insn);
  if (op === L_OR && rs === ra && rs === rb && (insn & 1) === 0) return priorityHint(c, rs);
  const hi = logicalWord(op, c.gprHi[rs], c.gprHi[rb]);
  const lo = logicalWord(op, c.gprLo[rs], c.gprLo[rb]);
  c.gprHi[ra] = hi;
  c.gprLo[ra] = lo;
  if (insn & 1) setCr0(c, hi, lo);
}

/** `or Rx,Rx,Rx` sets the program priority in PPR[11:13] (Book II §3.2); the privileged levels only in privileged state. */
function priorityHint(c: Cpu, rx: number): void {
  const levels: Record<number, [number, boolean]> = { 31: [1, true], 1: [2, false], 6: [3, false], 2: [4, false], 5: [5, true], 3: [6, true] };
  const level = levels[rx];
  if (level === undefined || (level[1] && c.problem)) return;
  c.sprHi[SPR_PPR] = (c.sprHi[SPR_PPR] & ~0x001c0000) | (level[0] << 18);
}

export function extendSign(c: Cpu, insn: number, width: number): void {
  const rs = RS(insn), ra = RA(insn), v = c.gprLo[rs];
  const lo = width === 8 ? (v << 24) >> 24 : width === 16 ? (v << 16) >> 16 : v;
  c.gprLo[ra] = lo;
  c.gprHi[ra] = lo >> 31;
  if (insn & 1) setCr0(c, lo >> 31, lo);
}

/** cntlzw, cntlzd, cnttzw, cnttzd (kind 0..3). */
export function countZeros(c: Cpu, insn: number, kind: number): void {
  const rs = RS(insn), hi = c.gprHi[rs], lo = c.gprLo[rs];
  let n: number;
  switch (kind) {
    case 0: n = Math.clz32(lo); break;
    case 1: n = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo); break;
    case 2: n = ctz32(lo); break;
    default: n = lo !== 0 ? ctz32(lo) : 32 + ctz32(hi); break;
  }
  const ra = RA(insn);
  c.gprHi[ra] = 0;
  c.gprLo[ra] = n;
  if (insn & 1) setCr0(c, 0, n);
}

function byteCompare(a: number, b: number): number {
  let r = 0;
  for (let s = 0; s < 32; s += 8) if (((a >>> s) & 0xff) === ((b >>> s) & 0xff)) r |= 0xff << s;
  return r;
}

export function cmpb(c: Cpu, insn: number): void {
  const rs = RS(insn), rb = RB(insn), ra = RA(insn);
  c.gprHi[ra] = byteCompare(c.gprHi[rs], c.gprHi[rb]);
  c.gprLo[ra] = byteCompare(c.gprLo[rs], c.gprLo[rb]);
}

function popcountBytes(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (v + (v >>> 4)) & 0x0f0f0f0f;
}

export function popcount(c: Cpu, insn: number, width: number): void {
  const rs = RS(insn), ra = RA(insn), hi = c.gprHi[rs], lo = c.gprLo[rs];
  if (width === 8) {
    c.gprHi[ra] = popcountBytes(hi);
    c.gprLo[ra] = popcountBytes(lo);
  } else if (width === 32) {
    c.gprHi[ra] = popcount32(hi);
    c.gprLo[ra] = popcount32(lo);
  } else {
    c.gprHi[ra] = 0;
    c.gprLo[ra] = popcount32(hi) + popcount32(lo);
  }
}

/** prtyw/prtyd: parity of the least significant bit of each byte, per word or doubleword. */
export function parity(c: Cpu, insn: number, width: number): void {
  const rs = RS(insn), ra = RA(insn);
  const ph = popcount32(c.gprHi[rs] & 0x01010101) & 1, pl = popcount32(c.gprLo[rs] & 0x01010101) & 1;
  if (width === 32) {
    c.gprHi[ra] = ph;
    c.gprLo[ra] = pl;
  } else {
    c.gprHi[ra] = 0;
    c.gprLo[ra] = ph ^ pl;
  }
}

/** bpermd: each byte of RS selects a bit of RB (bit 0 = most significant); 64+ selects 0. */
export function bpermd(c: Cpu, insn: number): void {
  const rs = RS(insn), rb = RB(insn), bh = c.gprHi[rb], bl = c.gprLo[rb];
  let r = 0;
  for (let i = 0; i < 8; i++) {
    const word = i < 4 ? c.gprHi[rs] : c.gprLo[rs];
    const index = (word >>> (24 - 8 * (i & 3))) & 0xff;
    let bit = 0;
    if (index < 32) bit = (bh >>> (31 - index)) & 1;
    else if (index < 64) bit = (bl >>> (63 - index)) & 1;
    r |= bit << (7 - i);
  }
  const ra = RA(insn);
  c.gprHi[ra] = 0;
  c.gprLo[ra] = r;
}
