// VSX loads and stores (Book I §7.6.1). Scalar accesses go through exec/memory.ts like the
// fixed-point ones. Vector accesses move 16 bytes (or lxvl's count) between storage and a scratch
// buffer in storage order, then place them in the register: in little-endian mode each element
// of the access (doubleword for lxvd2x, word for lxvw4x, the whole quadword for lxvx/lxv, ...)
// has its bytes reversed, in big-endian mode nothing is. Misaligned accesses are allowed.
// A store that faults on its second page may have stored its first part, which Book III
// ("Partially Executed Instructions") permits; a faulting load changes no register.

import { TLB_MASK } from "../../mmu/soft-tlb.ts";
import { E_QUAD, FAC_VEC, FAC_VSX_VEC, SC_BYTE, SC_DWORD, SC_HALF, SC_SINGLE, SC_WORD, SC_WORD_SIGNED } from "../isa/table-vsx.ts";
import { ACCESS_READ, ACCESS_WRITE, SPLIT_ACCESS, type Cpu } from "../state.ts";
import { bswap32 } from "./int64.ts";
import { eaDisp, eaIndexed, eaRegister, read16, read32, read64, read8, write16, write32, write64, write8 } from "./memory.ts";
import { doubleToSingle, singleToDouble } from "../fpu/format.ts";
import { RA, RB, RT, XT, facilityOn } from "./vsx-common.ts";

const raw = new Uint8Array(16);
const raw32 = new Int32Array(raw.buffer);

// ---- Storage side: `size` bytes at c.ea, in storage order, through raw.

/** Real address of `size` bytes at (hi, lo) that sit together in RAM, SPLIT_ACCESS, or -1 after an interrupt. */
function dataAddress(c: Cpu, hi: number, lo: number, size: number, write: boolean): number {
  const i = (lo >>> 12) & TLB_MASK, tag = lo & ~0xfff;
  // A soft-TLB hit serves any access inside the page, aligned or not.
  if ((lo & 0xfff) <= 0x1000 - size) {
    if (write) {
      if (c.tlbWriteLo[i] === tag && c.tlbWriteHi[i] === hi) return c.tlbWritePage[i] | (lo & 0xfff);
    } else if (c.tlbReadLo[i] === tag && c.tlbReadHi[i] === hi) return c.tlbReadPage[i] | (lo & 0xfff);
  }
  return c.translateData(hi, lo, size, write ? ACCESS_WRITE : ACCESS_READ);
}

/** Real address of byte `i` of an access split over two pages mapped apart (both already translated). */
function splitByte(c: Cpu, hi: number, lo: number, i: number, write: boolean): number {
  const l = (lo + i) | 0;
  const h = (l >>> 0) < (lo >>> 0) ? (hi + 1) & -c.mode64 : hi;
  return c.translateData(h, l, 1, write ? ACCESS_WRITE : ACCESS_READ);
}

/** raw[0..size) = storage at c.ea; false after an interrupt. */
function fetchBytes(c: Cpu, size: number): boolean {
  const hi = c.eaHi, lo = c.eaLo;
  const pa = dataAddress(c, hi, lo, size, false);
  if (pa >= 0) {
    if (size === 16 && (pa & 3) === 0) {
      const w = pa >> 2;
      raw32[0] = c.ram32[w];
      raw32[1] = c.ram32[w + 1];
      raw32[2] = c.ram32[w + 2];
      raw32[3] = c.ram32[w + 3];
    } else for (let i = 0; i < size; i++) raw[i] = c.ram8[pa + i];
    return true;
  }
  if (pa !== SPLIT_ACCESS) {
    c.fault = false;
    return false;
  }
  for (let i = 0; i < size; i++) raw[i] = c.ram8[splitByte(c, hi, lo, i, false)];
  return true;
}

/** Storage at c.ea = raw[0..size); false after an interrupt. */
function storeBytes(c: Cpu, size: number): boolean {
  const hi = c.eaHi, lo = c.eaLo;
  const pa = dataAddress(c, hi, lo, size, true);
  if (pa >= 0) {
    if (size === 16 && (pa & 3) === 0) {
      const w = pa >> 2;
      c.ram32[w] = raw32[0];
      c.ram32[w + 1] = raw32[1];
      c.ram32[w + 2] = raw32[2];
      c.ram32[w + 3] = raw32[3];
    } else for (let i = 0; i < size; i++) c.ram8[pa + i] = raw[i];
    return true;
  }
  if (pa !== SPLIT_ACCESS) {
    c.fault = false;
    return false;
  }
  for (let i = 0; i < size; i++) c.ram8[splitByte(c, hi, lo, i, true)] = raw[i];
  return true;
}

// ---- Register side. VSR byte k (big-endian numbering) is raw[k ^ m], where m is the element
// mask (E_*) in little-endian mode and 0 in big-endian mode. VSR storage keeps doublewords in
// host (little-endian) order, so storage byte j of the VSR is raw[j ^ 7 ^ m]: whole words move,
// with their bytes reversed (low bits 3), halfwords swapped (2) or kept (0).

function rawToVsr(c: Cpu, x: number, m: number): void {
  const mask = 7 ^ m, words = mask >> 2, bytes = mask & 3, v = c.vsrI32, at = 4 * x;
  for (let w = 0; w < 4; w++) {
    const r = raw32[w ^ words];
    v[at + w] = bytes === 0 ? r : bytes === 3 ? bswap32(r) : (r << 16) | (r >>> 16);
  }
}

function vsrToRaw(c: Cpu, x: number, m: number): void {
  const mask = 7 ^ m, words = mask >> 2, bytes = mask & 3, v = c.vsrI32, at = 4 * x;
  for (let w = 0; w < 4; w++) {
    const r = v[at + w];
    raw32[w ^ words] = bytes === 0 ? r : bytes === 3 ? bswap32(r) : (r << 16) | (r >>> 16);
  }
}

// ---- Whole vectors

/** lxvd2x, lxvw4x, lxvh8x, lxvb16x, lxvx: elements of `m + 1` bytes from (RA|0)+RB. */
export function vsxLoadVector(c: Cpu, insn: number, m: number, facility: number): void {
  const xt = XT(insn);
  if (!facilityOn(c, facility, xt)) return;
  eaIndexed(c, RA(insn), RB(insn));
  if (fetchBytes(c, 16)) rawToVsr(c, xt, c.le ? m : 0);
}

export function vsxStoreVector(c: Cpu, insn: number, m: number, facility: number): void {
  const xs = XT(insn);
  if (!facilityOn(c, facility, xs)) return;
  eaIndexed(c, RA(insn), RB(insn));
  vsrToRaw(c, xs, c.le ? m : 0);
  storeBytes(c, 16);
}

/** DQ-form: TX at bit 28, EA = (RA|0) + EXTS(DQ||0b0000). */
const XTQ = (i: number) => ((i >>> 21) & 31) | ((i & 8) << 2);

/** lxv: the quadword in the current byte order. */
export function vsxLoadVectorDQ(c: Cpu, insn: number): void {
  const xt = XTQ(insn);
  if (!facilityOn(c, FAC_VSX_VEC, xt)) return;
  eaDisp(c, RA(insn), ((insn << 16) >> 16) & ~15);
  if (fetchBytes(c, 16)) rawToVsr(c, xt, c.le ? E_QUAD : 0);
}

export function vsxStoreVectorDQ(c: Cpu, insn: number): void {
  const xs = XTQ(insn);
  if (!facilityOn(c, FAC_VSX_VEC, xs)) return;
  eaDisp(c, RA(insn), ((insn << 16) >> 16) & ~15);
  vsrToRaw(c, xs, c.le ? E_QUAD : 0);
  storeBytes(c, 16);
}

/** lxvdsx, lxvwsx: one element loaded and copied to every element. */
export function vsxLoadSplat(c: Cpu, insn: number, size: number, facility: number): void {
  const xt = XT(insn);
  if (!facilityOn(c, facility, xt)) return;
  eaIndexed(c, RA(insn), RB(insn));
  const lo = size === 8 ? read64(c, c.eaHi, c.eaLo) : read32(c, c.eaHi, c.eaLo);
  if (c.fault) {
    c.fault = false;
    return;
  }
  const hi = size === 8 ? c.loadHi : lo, v = c.vsrI32, at = 4 * xt;
  v[at] = v[at + 2] = lo;
  v[at + 1] = v[at + 3] = hi;
}

/** Byte count of lxvl/stxvl: GPR[RB] bits 0:7, at most 16. */
function lengthOf(c: Cpu, insn: number): number {
  return Math.min(c.gprHi[RB(insn)] >>> 24, 16);
}

/**
 * lxvl (left = 0) and lxvll (left = 1): `n` bytes from (RA|0), the rest zero. lxvll and
 * big-endian lxvl fill from byte 0; little-endian lxvl fills from byte 15 down, so n = 16
 * matches lxvx.
 */
export function vsxLoadLength(c: Cpu, insn: number, left: number): void {
  const xt = XT(insn);
  if (!facilityOn(c, FAC_VSX_VEC, xt)) return;
  eaRegister(c, RA(insn));
  const n = lengthOf(c, insn);
  if (n > 0 && !fetchBytes(c, n)) return;
  const reversed = c.le && !left, u8 = c.vsrU8, at = 16 * xt;
  for (let k = 0; k < 16; k++) {
    const i = reversed ? 15 - k : k;
    u8[at + (k ^ 7)] = i < n ? raw[i] : 0;
  }
}

export function vsxStoreLength(c: Cpu, insn: number, left: number): void {
  const xs = XT(insn);
  if (!facilityOn(c, FAC_VSX_VEC, xs)) return;
  eaRegister(c, RA(insn));
  const n = lengthOf(c, insn);
  if (n === 0) return;
  const reversed = c.le && !left, u8 = c.vsrU8, at = 16 * xs;
  for (let i = 0; i < n; i++) raw[i] = u8[at + ((reversed ? 15 - i : i) ^ 7)];
  storeBytes(c, n);
}

// ---- Scalars: doubleword 0 of the VSR; loads set doubleword 1 to zero (ISA 3.0 RTL; ISA 2.07
// left it undefined).

function loadScalar(c: Cpu, x: number, kind: number): void {
  const hi = c.eaHi, lo = c.eaLo;
  let vh = 0, vl: number;
  if (kind === SC_DWORD) {
    vl = read64(c, hi, lo);
    vh = c.loadHi;
  } else if (kind === SC_HALF) vl = read16(c, hi, lo);
  else if (kind === SC_BYTE) vl = read8(c, hi, lo);
  else vl = read32(c, hi, lo);
  if (c.fault) {
    c.fault = false;
    return;
  }
  const v = c.vsrI32, at = 4 * x;
  if (kind === SC_SINGLE) singleToDouble(v, at, vl);
  else {
    v[at] = vl;
    v[at + 1] = kind === SC_WORD_SIGNED ? vl >> 31 : vh;
  }
  v[at + 2] = 0;
  v[at + 3] = 0;
}

function storeScalar(c: Cpu, x: number, kind: number): void {
  const v = c.vsrI32, at = 4 * x, hi = c.eaHi, lo = c.eaLo;
  if (kind === SC_DWORD) write64(c, hi, lo, v[at + 1], v[at]);
  else if (kind === SC_SINGLE) write32(c, hi, lo, doubleToSingle(v[at + 1], v[at]));
  else if (kind === SC_WORD) write32(c, hi, lo, v[at]);
  else if (kind === SC_HALF) write16(c, hi, lo, v[at] & 0xffff);
  else write8(c, hi, lo, v[at] & 0xff);
  c.fault = false;
}

/** lxsdx, lxsiwax, lxsiwzx, lxsspx, lxsibzx, lxsihzx. */
export function vsxLoadScalar(c: Cpu, insn: number, kind: number, facility: number): void {
  const xt = XT(insn);
  if (!facilityOn(c, facility, xt)) return;
  eaIndexed(c, RA(insn), RB(insn));
  loadScalar(c, xt, kind);
}

/** stxsdx, stxsiwx, stxsspx, stxsibx, stxsihx: word 1, halfword 3 or byte 7 of doubleword 0. */
export function vsxStoreScalar(c: Cpu, insn: number, kind: number, facility: number): void {
  const xs = XT(insn);
  if (!facilityOn(c, facility, xs)) return;
  eaIndexed(c, RA(insn), RB(insn));
  storeScalar(c, xs, kind);
}

/** lxsd, lxssp: DS-form, into VR VRT (VSR 32+VRT), which needs only MSR[VEC]. */
export function vsxLoadScalarDS(c: Cpu, insn: number, kind: number): void {
  if (!facilityOn(c, FAC_VEC, 32)) return;
  eaDisp(c, RA(insn), ((insn << 16) >> 16) & ~3);
  loadScalar(c, 32 + RT(insn), kind);
}

export function vsxStoreScalarDS(c: Cpu, insn: number, kind: number): void {
  if (!facilityOn(c, FAC_VEC, 32)) return;
  eaDisp(c, RA(insn), ((insn << 16) >> 16) & ~3);
  storeScalar(c, 32 + RT(insn), kind);
}
