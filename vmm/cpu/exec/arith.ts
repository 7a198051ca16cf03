// Fixed-point arithmetic (Book I §3.3.9): add/subtract with carries and overflow, multiply,
// divide, modulo. Where the book leaves a result undefined (division by zero, overflow, the
// high word of word results), spar does what QEMU 7.2 does, so guests see one behaviour.
// In 32-bit mode CA and OV come from bit 32 and CR0 from the low word (Book I §3.3.9 intro).

import type { Cpu } from "../state.ts";
import { divU128, mulHighS32, mulHighU32, mulS64, mulU64, neg64, out } from "./int64.ts";

const RT = (i: number) => (i >>> 21) & 31;
const RA = (i: number) => (i >>> 16) & 31;
const RB = (i: number) => (i >>> 11) & 31;

/** CR0 from a result: LT/GT/EQ of the signed value (low word in 32-bit mode), plus SO. */
export function setCr0(c: Cpu, hi: number, lo: number): void {
  let bits: number;
  if (c.mode64) bits = hi < 0 ? 8 : (hi | lo) === 0 ? 2 : 4;
  else bits = lo < 0 ? 8 : lo === 0 ? 2 : 4;
  c.cr = (c.cr & 0x0fffffff) | ((bits | c.so) << 28);
}

/** OV (and OV32 on ISA 3.0), accumulating into SO. */
function setOv(c: Cpu, ov: number, ov32: number): void {
  c.ov = ov;
  if (c.isa >= 300) c.ov32 = ov32;
  c.so |= ov;
}

/**
 * RT = a + b + cin with the flags an XO-form add/subtract sets: CA (and CA32) when `setCa`,
 * OV/OV32/SO when OE=1, CR0 when Rc=1.
 */
function addInto(c: Cpu, insn: number, rt: number, ah: number, al: number, bh: number, bl: number, cin: number, setCa: boolean): void {
  // Carries from the majority function of the operand and result sign bits, in int32 only.
  const lo = (al + bl + cin) | 0;
  const c32 = ((al & bl) | ((al | bl) & ~lo)) >>> 31;
  const hi = (ah + bh + c32) | 0;
  c.gprHi[rt] = hi;
  c.gprLo[rt] = lo;
  if (setCa) {
    c.ca = c.mode64 ? ((ah & bh) | ((ah | bh) & ~hi)) >>> 31 : c32;
    if (c.isa >= 300) c.ca32 = c32;
  }
  if (insn & 0x401) addRecord(c, insn, ah, al, bh, bl, hi, lo);
}

/** The OE and Rc effects of an add, out of the hot path. */
function addRecord(c: Cpu, insn: number, ah: number, al: number, bh: number, bl: number, hi: number, lo: number): void {
  if (insn & 0x400) {
    const ov32 = ((al ^ lo) & (bl ^ lo)) >>> 31;
    setOv(c, c.mode64 ? ((ah ^ hi) & (bh ^ hi)) >>> 31 : ov32, ov32);
  }
  if (insn & 1) setCr0(c, hi, lo);
}

export function addImmediate(c: Cpu, insn: number, shift: number): void {
  const rt = RT(insn), ra = RA(insn);
  const si = ((insn << 16) >> 16) << shift;
  if (ra === 0) {
    c.gprHi[rt] = si >> 31;
    c.gprLo[rt] = si;
    return;
  }
  const al = c.gprLo[ra], lo = (al + si) | 0;
  c.gprHi[rt] = (c.gprHi[ra] + (si >> 31) + (((al & si) | ((al | si) & ~lo)) >>> 31)) | 0;
  c.gprLo[rt] = lo;
}

/** addic, addic.: the record form is its own opcode, so `record` comes from the table. */
export function addImmediateCarrying(c: Cpu, insn: number, record: number): void {
  const ra = RA(insn), si = (insn << 16) >> 16;
  addInto(c, (insn & ~0x401) | record, RT(insn), c.gprHi[ra], c.gprLo[ra], si >> 31, si, 0, true);
}

export function subfImmediateCarrying(c: Cpu, insn: number): void {
  const ra = RA(insn), si = (insn << 16) >> 16;
  addInto(c, insn & ~0x401, RT(insn), ~c.gprHi[ra], ~c.gprLo[ra], si >> 31, si, 1, true);
}

// The add/subtract family: RT = (RA or ~RA) + (RB, -1 or 0) + (0, 1 or CA). One small function
// per instruction, so each call site is specialised (subtraction is ~RA + RB + 1).

export function add(c: Cpu, i: number): void {
  const ra = RA(i), rb = RB(i);
  addInto(c, i, RT(i), c.gprHi[ra], c.gprLo[ra], c.gprHi[rb], c.gprLo[rb], 0, false);
}

export function subf(c: Cpu, i: number): void {
  const ra = RA(i), rb = RB(i);
  addInto(c, i, RT(i), ~c.gprHi[ra], ~c.gprLo[ra], c.gprHi[rb], c.gprLo[rb], 1, false);
}

export function addc(c: Cpu, i: number): void {
  const ra = RA(i), rb = RB(i);
  addInto(c, i, RT(i), c.gprHi[ra], c.gprLo[ra], c.gprHi[rb], c.gprLo[rb], 0, true);
}

export function subfc(c: Cpu, i: number): void {
  const ra = RA(i), rb = RB(i);
  addInto(c, i, RT(i), ~c.gprHi[ra], ~c.gprLo[ra], c.gprHi[rb], c.gprLo[rb], 1, true);
}

export function adde(c: Cpu, i: number): void {
  const ra = RA(i), rb = RB(i);
  addInto(c, i, RT(i), c.gprHi[ra], c.gprLo[ra], c.gprHi[rb], c.gprLo[rb], c.ca, true);
}

export function subfe(c: Cpu, i: number): void {
  const ra = RA(i), rb = RB(i);
  addInto(c, i, RT(i), ~c.gprHi[ra], ~c.gprLo[ra], c.gprHi[rb], c.gprLo[rb], c.ca, true);
}

/** addme (subtract=0), subfme (1): RB is replaced by -1. */
export function addme(c: Cpu, i: number, subtract: number): void {
  const ra = RA(i);
  const ah = c.gprHi[ra], al = c.gprLo[ra];
  addInto(c, i, RT(i), subtract ? ~ah : ah, subtract ? ~al : al, -1, -1, c.ca, true);
}

/** addze (subtract=0), subfze (1): RB is replaced by 0. */
export function addze(c: Cpu, i: number, subtract: number): void {
  const ra = RA(i);
  const ah = c.gprHi[ra], al = c.gprLo[ra];
  addInto(c, i, RT(i), subtract ? ~ah : ah, subtract ? ~al : al, 0, 0, c.ca, true);
}

export function neg(c: Cpu, insn: number): void {
  const ra = RA(insn);
  addInto(c, insn, RT(insn), ~c.gprHi[ra], ~c.gprLo[ra], 0, 0, 1, false);
}

/** addex with CY=0: OV is both the carry in and the carry out; OV32 takes the bit-32 carry. */
export function addex(c: Cpu, insn: number): void {
  const rt = RT(insn), ra = RA(insn), rb = RB(insn);
  const sLo = (c.gprLo[ra] >>> 0) + (c.gprLo[rb] >>> 0) + c.ov;
  const c32 = sLo > 0xffffffff ? 1 : 0;
  const sHi = (c.gprHi[ra] >>> 0) + (c.gprHi[rb] >>> 0) + c32;
  c.gprHi[rt] = sHi | 0;
  c.gprLo[rt] = sLo | 0;
  c.ov = c.mode64 ? (sHi > 0xffffffff ? 1 : 0) : c32;
  c.ov32 = c32;
}

/** addpcis: RT = NIA + (D << 16). */
export function addpcis(c: Cpu, insn: number): void {
  const d = (((insn >>> 6) & 0x3ff) << 6) | (((insn >>> 16) & 31) << 1) | (insn & 1);
  const v = ((d << 16) >> 16) << 16;
  const s = (c.pcLo >>> 0) + (v >>> 0);
  // A 64-bit sum even in 32-bit mode, where NIA's high word is zero.
  c.gprLo[RT(insn)] = s | 0;
  c.gprHi[RT(insn)] = (c.pcHi + (v >> 31) + (s > 0xffffffff ? 1 : 0)) | 0;
}

// ---- Multiply

export function mulli(c: Cpu, insn: number): void {
  const ra = RA(insn), si = (insn << 16) >> 16;
  mulS64(c.gprHi[ra], c.gprLo[ra], si >> 31, si);
  c.gprHi[RT(insn)] = out[2];
  c.gprLo[RT(insn)] = out[3];
}

/** mullw: the full 64-bit product of the signed low words; OE checks it fits 32 bits. */
export function mullw(c: Cpu, insn: number): void {
  const rt = RT(insn), a = c.gprLo[RA(insn)], b = c.gprLo[RB(insn)];
  const lo = Math.imul(a, b), hi = mulHighS32(a, b);
  c.gprHi[rt] = hi;
  c.gprLo[rt] = lo;
  if (insn & 0x400) {
    const ov = hi !== lo >> 31 ? 1 : 0;
    setOv(c, ov, ov);
  }
  if (insn & 1) setCr0(c, hi, lo);
}

/** mulhw/mulhwu: high word of the 32x32 product, zero-extended (QEMU's choice for bits 0:31). */
export function mulhw(c: Cpu, insn: number, signed: number): void {
  const rt = RT(insn), a = c.gprLo[RA(insn)], b = c.gprLo[RB(insn)];
  const hi = signed ? mulHighS32(a, b) : mulHighU32(a, b);
  c.gprHi[rt] = 0;
  c.gprLo[rt] = hi;
  if (insn & 1) setCr0(c, 0, hi);
}

/** mulld: the low doubleword needs one high-word product and three low-word ones; OE needs all 128 bits. */
export function mulld(c: Cpu, insn: number): void {
  const rt = RT(insn), ra = RA(insn), rb = RB(insn);
  const ah = c.gprHi[ra], al = c.gprLo[ra], bh = c.gprHi[rb], bl = c.gprLo[rb];
  let hi: number, lo: number;
  if (insn & 0x400) {
    mulS64(ah, al, bh, bl);
    hi = out[2];
    lo = out[3];
    const ov = out[0] !== hi >> 31 || out[1] !== hi >> 31 ? 1 : 0;
    setOv(c, ov, ov);
  } else {
    lo = Math.imul(al, bl);
    hi = (mulHighU32(al, bl) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
  }
  c.gprHi[rt] = hi;
  c.gprLo[rt] = lo;
  if (insn & 1) setCr0(c, hi, lo);
}

export function mulhd(c: Cpu, insn: number, signed: number): void {
  const rt = RT(insn), ra = RA(insn), rb = RB(insn);
  if (signed) mulS64(c.gprHi[ra], c.gprLo[ra], c.gprHi[rb], c.gprLo[rb]);
  else mulU64(c.gprHi[ra], c.gprLo[ra], c.gprHi[rb], c.gprLo[rb]);
  c.gprHi[rt] = out[0];
  c.gprLo[rt] = out[1];
  if (insn & 1) setCr0(c, out[0], out[1]);
}

/** 128-bit product of RA and RB plus RC (sign- or zero-extended) into out[]. */
function multiplyAdd(c: Cpu, insn: number, signed: number): void {
  const ra = RA(insn), rb = RB(insn), rc = (insn >>> 6) & 31;
  if (signed) mulS64(c.gprHi[ra], c.gprLo[ra], c.gprHi[rb], c.gprLo[rb]);
  else mulU64(c.gprHi[ra], c.gprLo[ra], c.gprHi[rb], c.gprLo[rb]);
  const ch = c.gprHi[rc], cl = c.gprLo[rc];
  const ext = signed ? ch >> 31 : 0;
  const s3 = (out[3] >>> 0) + (cl >>> 0);
  const s2 = (out[2] >>> 0) + (ch >>> 0) + (s3 > 0xffffffff ? 1 : 0);
  const s1 = (out[1] >>> 0) + (ext >>> 0) + (s2 > 0xffffffff ? 1 : 0);
  out[0] = (out[0] + ext + (s1 > 0xffffffff ? 1 : 0)) | 0;
  out[1] = s1 | 0;
  out[2] = s2 | 0;
  out[3] = s3 | 0;
}

export function maddhd(c: Cpu, insn: number, signed: number): void {
  multiplyAdd(c, insn, signed);
  c.gprHi[RT(insn)] = out[0];
  c.gprLo[RT(insn)] = out[1];
}

export function maddld(c: Cpu, insn: number): void {
  multiplyAdd(c, insn, 1);
  c.gprHi[RT(insn)] = out[2];
  c.gprLo[RT(insn)] = out[3];
}

// ---- Divide and modulo

/**
 * divw, divwu, divwe, divweu. Invalid divisions (by zero, or the most negative value by -1, or
 * an extended quotient that does not fit 32 bits) set OV under OE; the result is QEMU's.
 */
export function divw(c: Cpu, insn: number, signed: number, extended: number): void {
  const rt = RT(insn), a = c.gprLo[RA(insn)], b = c.gprLo[RB(insn)];
  let q = 0, invalid = 0;
  if (!extended) {
    invalid = b === 0 || (signed && a === -0x80000000 && b === -1) ? 1 : 0;
    q = invalid ? a : signed ? (a / b) | 0 : ((a >>> 0) / (b >>> 0)) >>> 0;
  } else if (b === 0) {
    invalid = 1;
  } else {
    // Dividend a || 32 zero bits, a 64-bit value; the quotient must fit 32 bits.
    const negative = signed && (a < 0) !== (b < 0);
    const na = signed && a < 0 ? -a >>> 0 : a >>> 0, nb = signed && b < 0 ? -b >>> 0 : b >>> 0;
    divU128(0, 0, na, 0, 0, nb);
    const qh = out[0], ql = out[1];
    if (signed) {
      const limit = negative ? 0x80000000 : 0x7fffffff;
      invalid = qh !== 0 || (ql >>> 0) > limit ? 1 : 0;
      q = invalid ? 0 : negative ? -ql | 0 : ql;
    } else {
      invalid = qh !== 0 ? 1 : 0;
      q = invalid ? 0 : ql;
    }
  }
  // QEMU returns divwe's quotient sign-extended and the others zero-extended.
  const hi = extended && signed ? q >> 31 : 0;
  c.gprHi[rt] = hi;
  c.gprLo[rt] = q;
  if (insn & 0x400) setOv(c, invalid, invalid);
  if (insn & 1) setCr0(c, hi, q);
}

/** Signed or unsigned 64/64 (or extended 128/64) division; see divw for invalid cases. */
export function divd(c: Cpu, insn: number, signed: number, extended: number): void {
  const rt = RT(insn), ra = RA(insn), rb = RB(insn);
  let ah = c.gprHi[ra], al = c.gprLo[ra], bh = c.gprHi[rb], bl = c.gprLo[rb];
  let qh = 0, ql = 0, invalid = 0;
  if ((bh | bl) === 0) {
    invalid = 1;
    if (!extended) { qh = ah; ql = al; }
  } else if (!extended && signed && ah === -0x80000000 && al === 0 && bh === -1 && bl === -1) {
    invalid = 1;
    qh = ah;
    ql = al;
  } else {
    const negative = signed && (ah < 0) !== (bh < 0);
    if (signed && ah < 0) { neg64(ah, al); ah = out[0]; al = out[1]; }
    if (signed && bh < 0) { neg64(bh, bl); bh = out[0]; bl = out[1]; }
    const fits = extended ? divU128(ah, al, 0, 0, bh, bl) : divU128(0, 0, ah, al, bh, bl);
    qh = out[0];
    ql = out[1];
    if (!fits) invalid = 1;
    else if (signed) {
      // |q| must fit: up to 2^63 - 1, or 2^63 when the result is negative.
      if (qh < 0 && !(negative && qh === -0x80000000 && ql === 0)) invalid = 1;
    }
    if (negative && !invalid) { neg64(qh, ql); qh = out[0]; ql = out[1]; }
    if (invalid && extended) { qh = 0; ql = 0; }
  }
  c.gprHi[rt] = qh;
  c.gprLo[rt] = ql;
  if (insn & 0x400) setOv(c, invalid, invalid);
  if (insn & 1) setCr0(c, qh, ql);
}

/** modsw/moduw: remainder; QEMU divides by 1 when the division is invalid, giving 0. */
export function modw(c: Cpu, insn: number, signed: number): void {
  const rt = RT(insn), a = c.gprLo[RA(insn)], b = c.gprLo[RB(insn)];
  if (signed) {
    const r = b === 0 || (a === -0x80000000 && b === -1) ? 0 : a % b | 0;
    c.gprLo[rt] = r;
    c.gprHi[rt] = r >> 31;
  } else {
    c.gprLo[rt] = b === 0 ? 0 : (a >>> 0) % (b >>> 0);
    c.gprHi[rt] = 0;
  }
}

export function modd(c: Cpu, insn: number, signed: number): void {
  const rt = RT(insn), ra = RA(insn), rb = RB(insn);
  let ah = c.gprHi[ra], al = c.gprLo[ra], bh = c.gprHi[rb], bl = c.gprLo[rb];
  if ((bh | bl) === 0 || (signed && ah === -0x80000000 && al === 0 && bh === -1 && bl === -1)) {
    c.gprHi[rt] = 0;
    c.gprLo[rt] = 0;
    return;
  }
  const negative = signed && ah < 0;
  if (signed && ah < 0) { neg64(ah, al); ah = out[0]; al = out[1]; }
  if (signed && bh < 0) { neg64(bh, bl); bh = out[0]; bl = out[1]; }
  divU128(0, 0, ah, al, bh, bl);
  let rh = out[2], rl = out[3];
  if (negative) { neg64(rh, rl); rh = out[0]; rl = out[1]; }
  c.gprHi[rt] = rh;
  c.gprLo[rt] = rl;
}
