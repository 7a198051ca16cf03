// Vector loads and stores (Book I §6.7-6.8), lvsl/lvsr and the VSCR moves (§6.13).
// Quadword accesses ignore the low four EA bits. In big-endian mode byte k of the VR is the
// byte at EA+k; in little-endian mode the whole quadword is reversed (byte k comes from
// EA+15-k), so an element access lands in the mirrored element and is read in LE byte order.

import type { Cpu } from "../state.ts";
import { eaIndexed, read16, read32, read64, read8, write16, write32, write64, write8 } from "./memory.ts";
import { VRB, VRT, byteAt, halfAt, vecOff, wordAt } from "./vmx-regs.ts";

const RA = (i: number) => (i >>> 16) & 31;
const RB = (i: number) => (i >>> 11) & 31;

/** Doubleword d of VR n: high word index (the low word is one below). */
const dwHi = (n: number, d: number) => ((32 + n) << 2) + 2 * d + 1;

/** lvx, lvxl. */
export function vecLoad(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  eaIndexed(c, RA(insn), RB(insn));
  const hi = c.eaHi, lo = c.eaLo & ~15;
  const firstLo = read64(c, hi, lo), firstHi = c.loadHi;
  if (c.fault) return void (c.fault = false);
  const secondLo = read64(c, hi, lo | 8), secondHi = c.loadHi;
  if (c.fault) return void (c.fault = false);
  const vt = VRT(insn), d0 = c.le ? 1 : 0;
  c.vsrI32[dwHi(vt, d0)] = firstHi;
  c.vsrI32[dwHi(vt, d0) - 1] = firstLo;
  c.vsrI32[dwHi(vt, d0 ^ 1)] = secondHi;
  c.vsrI32[dwHi(vt, d0 ^ 1) - 1] = secondLo;
}

/** stvx, stvxl. */
export function vecStore(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  eaIndexed(c, RA(insn), RB(insn));
  const hi = c.eaHi, lo = c.eaLo & ~15;
  const vs = VRT(insn), d0 = c.le ? 1 : 0;
  // Both doublewords sit in one page, so the second write cannot fault after the first.
  write64(c, hi, lo, c.vsrI32[dwHi(vs, d0)], c.vsrI32[dwHi(vs, d0) - 1]);
  if (c.fault) return void (c.fault = false);
  write64(c, hi, lo | 8, c.vsrI32[dwHi(vs, d0 ^ 1)], c.vsrI32[dwHi(vs, d0 ^ 1) - 1]);
  c.fault = false;
}

/** lvebx, lvehx, lvewx: one element into its place in VRT; the other elements are left as they were. */
export function vecLoadElement(c: Cpu, insn: number, size: number): void {
  if (vecOff(c)) return;
  eaIndexed(c, RA(insn), RB(insn));
  const lo = c.eaLo & -size, hi = c.eaHi;
  const v = size === 1 ? read8(c, hi, lo) : size === 2 ? read16(c, hi, lo) : read32(c, hi, lo);
  if (c.fault) return void (c.fault = false);
  const vt = VRT(insn), last = 16 / size - 1;
  const k = c.le ? last - (lo & 15) / size : (lo & 15) / size;
  if (size === 1) c.vsrU8[byteAt(vt, k)] = v;
  else if (size === 2) c.vsrU16[halfAt(vt, k)] = v;
  else c.vsrI32[wordAt(vt, k)] = v;
}

/** stvebx, stvehx, stvewx: the element the EA selects. */
export function vecStoreElement(c: Cpu, insn: number, size: number): void {
  if (vecOff(c)) return;
  eaIndexed(c, RA(insn), RB(insn));
  const lo = c.eaLo & -size, hi = c.eaHi;
  const vs = VRT(insn), last = 16 / size - 1;
  const k = c.le ? last - (lo & 15) / size : (lo & 15) / size;
  if (size === 1) write8(c, hi, lo, c.vsrU8[byteAt(vs, k)]);
  else if (size === 2) write16(c, hi, lo, c.vsrU16[halfAt(vs, k)]);
  else write32(c, hi, lo, c.vsrI32[wordAt(vs, k)]);
  c.fault = false;
}

/** lvsl (right = 0), lvsr: the permute control for a misaligned quadword; no storage access. */
export function vecLoadShift(c: Cpu, insn: number, right: number): void {
  if (vecOff(c)) return;
  eaIndexed(c, RA(insn), RB(insn));
  const sh = c.eaLo & 15, vt = VRT(insn);
  const first = right ? 16 - sh : sh;
  for (let k = 0; k < 16; k++) c.vsrU8[byteAt(vt, k)] = first + k;
}

/** VSCR bits that exist: NJ and SAT. */
const VSCR_MASK = 0x10001;

export function mfvscr(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  const vt = VRT(insn);
  c.vsrI32[wordAt(vt, 0)] = 0;
  c.vsrI32[wordAt(vt, 1)] = 0;
  c.vsrI32[wordAt(vt, 2)] = 0;
  c.vsrI32[wordAt(vt, 3)] = c.vscr;
}

export function mtvscr(c: Cpu, insn: number): void {
  if (vecOff(c)) return;
  c.vscr = c.vsrI32[wordAt(VRB(insn), 3)] & VSCR_MASK;
}
