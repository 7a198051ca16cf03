// Guest data accesses: a soft-TLB hit is two typed-array loads and two compares, then one RAM
// load in guest byte order (MSR[LE]). Misses, misaligned accesses (their low address bits make
// the tag differ) and stores to code pages go to Cpu.translateData. A failed access sets
// c.fault after delivering the interrupt; handlers test it before writing results. The ea*
// helpers leave the effective address in c.eaHi/c.eaLo.

import { TLB_MASK } from "../../mmu/soft-tlb.ts";
import { ACCESS_READ, ACCESS_WRITE, SPLIT_ACCESS, type Cpu } from "../state.ts";
import { bswap16, bswap32 } from "./int64.ts";

/** EA = (RA|0) + d, truncated to 32 bits in 32-bit mode. */
export function eaDisp(c: Cpu, ra: number, d: number): void {
  if (ra === 0) {
    c.eaHi = (d >> 31) & -c.mode64;
    c.eaLo = d;
    return;
  }
  const al = c.gprLo[ra];
  const lo = (al >>> 0) + (d >>> 0);
  c.eaLo = lo | 0;
  c.eaHi = (c.gprHi[ra] + (d >> 31) + (lo > 0xffffffff ? 1 : 0)) & -c.mode64;
}

/** EA = (RA|0) + RB, truncated to 32 bits in 32-bit mode. */
export function eaIndexed(c: Cpu, ra: number, rb: number): void {
  const bl = c.gprLo[rb], bh = c.gprHi[rb];
  if (ra === 0) {
    c.eaHi = bh & -c.mode64;
    c.eaLo = bl;
    return;
  }
  const lo = (c.gprLo[ra] >>> 0) + (bl >>> 0);
  c.eaLo = lo | 0;
  c.eaHi = (c.gprHi[ra] + bh + (lo > 0xffffffff ? 1 : 0)) & -c.mode64;
}

/** EA = (RA|0), for instructions with no displacement (lswi, stswi). */
export function eaRegister(c: Cpu, ra: number): void {
  c.eaHi = ra === 0 ? 0 : c.gprHi[ra] & -c.mode64;
  c.eaLo = ra === 0 ? 0 : c.gprLo[ra];
}

/** Real address of a read of `size` bytes at (hi, lo), or -1 after an interrupt. */
function readAddress(c: Cpu, hi: number, lo: number, size: number): number {
  const i = (lo >>> 12) & TLB_MASK;
  if (c.tlbReadLo[i] === (lo & (0xfffff000 | (size - 1))) && c.tlbReadHi[i] === hi) return c.tlbReadPage[i] | (lo & 0xfff);
  return c.translateData(hi, lo, size, ACCESS_READ);
}

function writeAddress(c: Cpu, hi: number, lo: number, size: number): number {
  const i = (lo >>> 12) & TLB_MASK;
  if (c.tlbWriteLo[i] === (lo & (0xfffff000 | (size - 1))) && c.tlbWriteHi[i] === hi) return c.tlbWritePage[i] | (lo & 0xfff);
  return c.translateData(hi, lo, size, ACCESS_WRITE);
}

export function read8(c: Cpu, hi: number, lo: number): number {
  const pa = readAddress(c, hi, lo, 1);
  return pa < 0 ? 0 : c.ram8[pa];
}

export function read16(c: Cpu, hi: number, lo: number): number {
  const pa = readAddress(c, hi, lo, 2);
  if (pa < 0) return pa === SPLIT_ACCESS ? readSplit(c, hi, lo, 2) : 0;
  if (pa & 1) return c.ramView.getUint16(pa, c.le === 1);
  const v = c.ram16[pa >> 1];
  return c.le ? v : bswap16(v);
}

export function read32(c: Cpu, hi: number, lo: number): number {
  const pa = readAddress(c, hi, lo, 4);
  if (pa < 0) return pa === SPLIT_ACCESS ? readSplit(c, hi, lo, 4) : 0;
  if (pa & 3) return c.ramView.getInt32(pa, c.le === 1);
  const v = c.ram32[pa >> 2];
  return c.le ? v : bswap32(v);
}

/** Reads a doubleword: returns the low half, leaves the high half in c.loadHi. */
export function read64(c: Cpu, hi: number, lo: number): number {
  const pa = readAddress(c, hi, lo, 8);
  if (pa < 0) return pa === SPLIT_ACCESS ? readSplit(c, hi, lo, 8) : 0;
  if (pa & 7) {
    const le = c.le === 1;
    c.loadHi = c.ramView.getInt32(le ? pa + 4 : pa, le);
    return c.ramView.getInt32(le ? pa : pa + 4, le);
  }
  const w = pa >> 2;
  if (c.le) {
    c.loadHi = c.ram32[w + 1];
    return c.ram32[w];
  }
  c.loadHi = bswap32(c.ram32[w]);
  return bswap32(c.ram32[w + 1]);
}

export function write8(c: Cpu, hi: number, lo: number, v: number): void {
  const pa = writeAddress(c, hi, lo, 1);
  if (pa >= 0) c.ram8[pa] = v;
}

export function write16(c: Cpu, hi: number, lo: number, v: number): void {
  const pa = writeAddress(c, hi, lo, 2);
  if (pa < 0) return pa === SPLIT_ACCESS ? writeSplit(c, hi, lo, 2, 0, v) : undefined;
  if (pa & 1) c.ramView.setUint16(pa, v, c.le === 1);
  else c.ram16[pa >> 1] = c.le ? v : bswap16(v);
}

export function write32(c: Cpu, hi: number, lo: number, v: number): void {
  const pa = writeAddress(c, hi, lo, 4);
  if (pa < 0) return pa === SPLIT_ACCESS ? writeSplit(c, hi, lo, 4, 0, v) : undefined;
  if (pa & 3) c.ramView.setInt32(pa, v, c.le === 1);
  else c.ram32[pa >> 2] = c.le ? v : bswap32(v);
}

export function write64(c: Cpu, hi: number, lo: number, vh: number, vl: number): void {
  const pa = writeAddress(c, hi, lo, 8);
  if (pa < 0) return pa === SPLIT_ACCESS ? writeSplit(c, hi, lo, 8, vh, vl) : undefined;
  if (pa & 7) {
    const le = c.le === 1;
    c.ramView.setInt32(le ? pa + 4 : pa, vh, le);
    c.ramView.setInt32(le ? pa : pa + 4, vl, le);
    return;
  }
  const w = pa >> 2;
  if (c.le) {
    c.ram32[w] = vl;
    c.ram32[w + 1] = vh;
  } else {
    c.ram32[w] = bswap32(vh);
    c.ram32[w + 1] = bswap32(vl);
  }
}

// ---- Accesses spanning two pages mapped apart: one byte at a time, in storage order. Both
// pages were translated before (translateData), so these cannot fault halfway.

const splitBytes = new Uint8Array(8);
const splitView = new DataView(splitBytes.buffer);

function byteAddress(c: Cpu, hi: number, lo: number, i: number, write: boolean): number {
  const l = (lo + i) | 0;
  const h = (l >>> 0) < (lo >>> 0) ? (hi + 1) & -c.mode64 : hi;
  return write ? writeAddress(c, h, l, 1) : readAddress(c, h, l, 1);
}

function readSplit(c: Cpu, hi: number, lo: number, size: number): number {
  for (let i = 0; i < size; i++) splitBytes[i] = c.ram8[byteAddress(c, hi, lo, i, false)];
  const le = c.le === 1;
  if (size === 2) return splitView.getUint16(0, le);
  if (size === 4) return splitView.getInt32(0, le);
  c.loadHi = splitView.getInt32(le ? 4 : 0, le);
  return splitView.getInt32(le ? 0 : 4, le);
}

function writeSplit(c: Cpu, hi: number, lo: number, size: number, vh: number, vl: number): void {
  const le = c.le === 1;
  if (size === 2) splitView.setUint16(0, vl, le);
  else if (size === 4) splitView.setInt32(0, vl, le);
  else {
    splitView.setInt32(le ? 4 : 0, vh, le);
    splitView.setInt32(le ? 0 : 4, vl, le);
  }
  for (let i = 0; i < size; i++) c.ram8[byteAddress(c, hi, lo, i, true)] = splitBytes[i];
}

/** Add a byte offset to the current EA (multiple/string/quadword accesses walk through memory). */
export function eaAdvance(c: Cpu, offset: number): void {
  const lo = (c.eaLo >>> 0) + offset;
  c.eaLo = lo | 0;
  if (lo > 0xffffffff) c.eaHi = (c.eaHi + 1) & -c.mode64;
}

/** Real address of the start of an access (reservations, cache-block ops); -1 after an interrupt. */
export function accessAddress(c: Cpu, hi: number, lo: number, size: number, write: boolean): number {
  return write ? writeAddress(c, hi, lo, size) : readAddress(c, hi, lo, size);
}
