// Shared pieces of the vector (VMX) handlers: operand fields, the MSR[VEC] check, and element
// access to VR n (VSR 32+n) in the ISA's big-endian element numbering. The register file keeps
// each doubleword in host order, so element k of a VR sits at an XOR-ed index of the typed
// views (see Cpu.vsrF64). Scratch vectors are module-level, never allocated per instruction.

import { MSR_VEC } from "../msr.ts";
import { VEC_VMX_UNAVAILABLE, type Cpu } from "../state.ts";

export const VRT = (i: number) => (i >>> 21) & 31;
export const VRA = (i: number) => (i >>> 16) & 31;
export const VRB = (i: number) => (i >>> 11) & 31;
export const VRC = (i: number) => (i >>> 6) & 31;

/** True (after raising the VMX unavailable interrupt) when MSR[VEC] is off. */
export function vecOff(c: Cpu): boolean {
  if (c.msrLo & MSR_VEC) return false;
  c.facilityOff(VEC_VMX_UNAVAILABLE);
  return true;
}

/** Index of big-endian byte k of VR n in c.vsrU8. */
export const byteAt = (n: number, k: number) => ((32 + n) << 4) + (k ^ 7);
/** Index of big-endian halfword k of VR n in c.vsrU16. */
export const halfAt = (n: number, k: number) => ((32 + n) << 3) + (k ^ 3);
/** Index of big-endian word k of VR n in c.vsrI32 (and c.vsrF32). */
export const wordAt = (n: number, k: number) => ((32 + n) << 2) + (k ^ 1);

/** Element k (unsigned) of VR n with elements of `size` bytes (1, 2 or 4). */
export function getU(c: Cpu, n: number, size: number, k: number): number {
  if (size === 1) return c.vsrU8[byteAt(n, k)];
  if (size === 2) return c.vsrU16[halfAt(n, k)];
  return c.vsrI32[wordAt(n, k)] >>> 0;
}

/** Element k, sign-extended. */
export function getS(c: Cpu, n: number, size: number, k: number): number {
  if (size === 1) return (c.vsrU8[byteAt(n, k)] << 24) >> 24;
  if (size === 2) return (c.vsrU16[halfAt(n, k)] << 16) >> 16;
  return c.vsrI32[wordAt(n, k)];
}

/** Set element k (the value is truncated to the element). */
export function put(c: Cpu, n: number, size: number, k: number, v: number): void {
  if (size === 1) c.vsrU8[byteAt(n, k)] = v;
  else if (size === 2) c.vsrU16[halfAt(n, k)] = v;
  else c.vsrI32[wordAt(n, k)] = v;
}

/** A scratch vector in the ISA's byte order (tmp8[0] is byte 0); words through tmpWord/setTmpWord. */
export const tmp8 = new Uint8Array(16);
const tmpView = new DataView(tmp8.buffer);

export function tmpWord(j: number): number {
  return tmpView.getInt32(4 * j);
}

export function setTmpWord(j: number, v: number): void {
  tmpView.setInt32(4 * j, v);
}

/** Copy the scratch vector into VR n. */
export function storeTmp(c: Cpu, n: number): void {
  for (let k = 0; k < 16; k++) c.vsrU8[byteAt(n, k)] = tmp8[k];
}

/** Copy VR n into the scratch vector. */
export function loadTmp(c: Cpu, n: number): void {
  for (let k = 0; k < 16; k++) tmp8[k] = c.vsrU8[byteAt(n, k)];
}

/** Set VSCR[SAT] (a saturating operation clipped a result). */
export function saturated(c: Cpu): void {
  c.vscr |= 1;
}

/** v clamped to [lo, hi], setting VSCR[SAT] when it had to be clipped. */
export function clamp(c: Cpu, v: number, lo: number, hi: number): number {
  if (v >= lo && v <= hi) return v;
  saturated(c);
  return v < lo ? lo : hi;
}

/** CR6 for a vector compare with Rc=1: LT = every element true, EQ = every element false. */
export function setCr6(c: Cpu, allTrue: boolean, allFalse: boolean): void {
  c.cr = (c.cr & ~0xf0) | (allTrue ? 0x80 : 0) | (allFalse ? 0x20 : 0);
}

/** The Rc bit of a VC-form compare (bit 21). */
export const RC = (i: number) => (i >>> 10) & 1;
