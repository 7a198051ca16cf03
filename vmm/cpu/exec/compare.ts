// Fixed-point compare, trap and select (Book I §3.3.10-3.3.12, plus the ISA 3.0 additions
// cmprb, cmpeqb, setb and mcrxrx).

import { SRR1_TRAP, type Cpu } from "../state.ts";

const RA = (i: number) => (i >>> 16) & 31;
const RB = (i: number) => (i >>> 11) & 31;
const BF = (i: number) => (i >>> 23) & 7;

function setCrField(c: Cpu, bf: number, bits: number): void {
  const shift = 28 - 4 * bf;
  c.cr = (c.cr & ~(15 << shift)) | (bits << shift);
}

/** LT/GT/EQ of a comparison: signed or unsigned, 64-bit (wide) or of the low words. */
function compareBits(ah: number, al: number, bh: number, bl: number, signed: number, wide: number): number {
  if (wide && ah !== bh) return (signed ? ah < bh : ah >>> 0 < bh >>> 0) ? 8 : 4;
  if (al === bl) return 2;
  if (signed && !wide) return al < bl ? 8 : 4;
  return al >>> 0 < bl >>> 0 ? 8 : 4;
}

/** cmp, cmpl: L selects a 64-bit comparison. */
export function compare(c: Cpu, insn: number, signed: number): void {
  const ra = RA(insn), rb = RB(insn), wide = (insn >>> 21) & 1;
  setCrField(c, BF(insn), compareBits(c.gprHi[ra], c.gprLo[ra], c.gprHi[rb], c.gprLo[rb], signed, wide) | c.so);
}

/** cmpi (SI sign-extended), cmpli (UI zero-extended). */
export function compareImmediate(c: Cpu, insn: number, signed: number): void {
  const ra = RA(insn), wide = (insn >>> 21) & 1;
  const imm = signed ? (insn << 16) >> 16 : insn & 0xffff;
  setCrField(c, BF(insn), compareBits(c.gprHi[ra], c.gprLo[ra], imm >> 31, imm, signed, wide) | c.so);
}

/** cmprb: is the low byte of RA within one (L=0) or either of two (L=1) byte ranges in RB? */
export function cmprb(c: Cpu, insn: number): void {
  const v = c.gprLo[RA(insn)] & 0xff, r = c.gprLo[RB(insn)];
  const inRange = (hi: number, lo: number) => lo <= v && v <= hi;
  let hit = inRange((r >>> 8) & 0xff, r & 0xff);
  if ((insn >>> 21) & 1) hit ||= inRange(r >>> 24, (r >>> 16) & 0xff);
  setCrField(c, BF(insn), hit ? 4 : 0);
}

/** cmpeqb: does any byte of RB equal the low byte of RA? */
export function cmpeqb(c: Cpu, insn: number): void {
  const v = c.gprLo[RA(insn)] & 0xff, rb = RB(insn);
  let hit = false;
  for (const w of [c.gprHi[rb], c.gprLo[rb]]) for (let s = 0; s < 32; s += 8) if (((w >>> s) & 0xff) === v) hit = true;
  setCrField(c, BF(insn), hit ? 4 : 0);
}

/** setb: -1 if CR field BFA has LT, else 1 if GT, else 0. */
export function setb(c: Cpu, insn: number): void {
  const field = (c.cr >>> (28 - 4 * ((insn >>> 18) & 7))) & 15;
  const v = field & 8 ? -1 : field & 4 ? 1 : 0;
  const rt = (insn >>> 21) & 31;
  c.gprHi[rt] = v >> 31;
  c.gprLo[rt] = v;
}

export function mcrxrx(c: Cpu, insn: number): void {
  setCrField(c, BF(insn), (c.ov << 3) | (c.ov32 << 2) | (c.ca << 1) | c.ca32);
}

/** Does TO select a trap for a against b (signed and unsigned views of the same bits)? */
function trapTaken(to: number, ah: number, al: number, bh: number, bl: number, wide: number): boolean {
  let lt: boolean, gt: boolean, ltu: boolean, gtu: boolean;
  if (wide && ah !== bh) {
    lt = ah < bh;
    gt = !lt;
    ltu = ah >>> 0 < bh >>> 0;
    gtu = !ltu;
  } else if (al === bl) {
    return (to & 4) !== 0;
  } else {
    lt = wide ? al >>> 0 < bl >>> 0 : al < bl;
    gt = !lt;
    ltu = al >>> 0 < bl >>> 0;
    gtu = !ltu;
  }
  return ((to & 16) !== 0 && lt) || ((to & 8) !== 0 && gt) || ((to & 2) !== 0 && ltu) || ((to & 1) !== 0 && gtu);
}

/** tw (wide=0), td (wide=1). */
export function trap(c: Cpu, insn: number, wide: number): void {
  const ra = RA(insn), rb = RB(insn);
  if (trapTaken((insn >>> 21) & 31, c.gprHi[ra], c.gprLo[ra], c.gprHi[rb], c.gprLo[rb], wide)) c.programInterrupt(SRR1_TRAP);
}

export function trapImmediate(c: Cpu, insn: number, wide: number): void {
  const ra = RA(insn), si = (insn << 16) >> 16;
  if (trapTaken((insn >>> 21) & 31, c.gprHi[ra], c.gprLo[ra], si >> 31, si, wide)) c.programInterrupt(SRR1_TRAP);
}

/** isel: RT = CR[BC] ? (RA|0) : RB. */
export function isel(c: Cpu, insn: number): void {
  const rt = (insn >>> 21) & 31, ra = RA(insn), bc = (insn >>> 6) & 31;
  if ((c.cr >>> (31 - bc)) & 1) {
    c.gprHi[rt] = ra === 0 ? 0 : c.gprHi[ra];
    c.gprLo[rt] = ra === 0 ? 0 : c.gprLo[ra];
  } else {
    const rb = RB(insn);
    c.gprHi[rt] = c.gprHi[rb];
    c.gprLo[rt] = c.gprLo[rb];
  }
}
