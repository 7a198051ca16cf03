// FP/vector register state for differential cases of instructions that use the FP, VMX or VSX
// facility: edge-case floating-point values, vector element patterns, an FPSCR with random
// rounding, sticky and enable bits, and a VSCR. Drawn from its own random stream, so adding it
// to a case changes nothing else the generator draws.

import { FIELDS, type FieldKind } from "../../vmm/cpu/isa/forms.ts";
import { operandsOf } from "../../vmm/cpu/isa/operands.ts";
import { FP_INSNS } from "../../vmm/cpu/isa/table-fp.ts";
import { VMX_INSNS } from "../../vmm/cpu/isa/table-vmx.ts";
import { VSX_INSNS } from "../../vmm/cpu/isa/table-vsx.ts";
import type { InsnSpec } from "../../vmm/cpu/isa/spec.ts";
import { FLAG_FE, FLAG_FP_OFF, FLAG_VEC_OFF, FLAG_VSX_OFF, type CaseInput, type VecState } from "./recorder/qemu-record.ts";

export type Facility = "fp" | "vmx" | "vsx";

/** The facility whose registers an operand field names. */
const FACILITY_OF_KIND: Partial<Record<FieldKind, Facility>> = { fpr: "fp", vr: "vmx", vsr: "vsx" };

/** Instructions with no register operand of their facility (mtfsfi, mcrfs, mtfsb0, ...) go by chapter. */
const FACILITY_OF_CHAPTER = new Map<InsnSpec, Facility>([
  ...FP_INSNS.map((s) => [s, "fp"] as const),
  ...VMX_INSNS.map((s) => [s, "vmx"] as const),
  ...VSX_INSNS.map((s) => [s, "vsx"] as const),
]);

/** Which facility an instruction needs (so its cases carry FP/vector state), or undefined. */
export function facilityOf(spec: InsnSpec): Facility | undefined {
  for (const op of operandsOf(spec)) {
    const f = FACILITY_OF_KIND[FIELDS[op.field]!.kind];
    if (f) return f;
  }
  return FACILITY_OF_CHAPTER.get(spec);
}

const FACILITY_OFF_FLAG: Record<Facility, number> = { fp: FLAG_FP_OFF, vmx: FLAG_VEC_OFF, vsx: FLAG_VSX_OFF };

/** The random source case-gen.ts uses (its `Rng`), as far as this module needs it. */
export interface Random {
  u32(): number;
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  u64(): bigint;
}

// ---- floating-point values, as bit patterns (a NaN must never pass through a JS number)

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const doubleBits = (x: number): bigint => ((f64[0] = x), u64[0]!);
const singleBits = (x: number): number => ((f32[0] = x), u32[0]!);

const SIGN = 1n << 63n;

/** Doubles that sit on IEEE class boundaries, NaN payloads included. */
const DOUBLE_SPECIALS: readonly bigint[] = [
  0n, SIGN, // ±0
  0x7ff0000000000000n, 0xfff0000000000000n, // ±inf
  0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff8000000000001n, 0x7ffc0000deadbeefn, 0xffffffffffffffffn, // quiet NaNs
  0x7ff0000000000001n, 0x7ff4000000000000n, 0xfff0000000000001n, 0x7ff7ffffffffffffn, 0x7ff00000cafef00dn, // signalling NaNs
  0x0000000000000001n, 0x8000000000000001n, 0x000fffffffffffffn, 0x800fffffffffffffn, // denormal min, max
  0x0010000000000000n, 0x8010000000000000n, 0x7fefffffffffffffn, 0xffefffffffffffffn, // normal min, max
];

/** Ordinary values near conversion and rounding boundaries. */
const DOUBLE_NUMBERS: readonly number[] = [
  1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.5, 0.49999999999999994, 1 / 3, -Math.PI,
  2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 31 - 0.5, -(2 ** 31) - 0.5, -(2 ** 31) - 1, 2 ** 31 + 0.5,
  2 ** 32, 2 ** 32 - 1, 2 ** 32 - 0.5, 2 ** 32 + 0.5,
  2 ** 52, 2 ** 52 - 0.5, 2 ** 52 + 1, -(2 ** 52) - 1, 2 ** 53, 2 ** 53 - 1, 2 ** 53 + 2,
  2 ** 63, -(2 ** 63), 2 ** 63 - 1024, -(2 ** 63) - 2048, 2 ** 64, 2 ** 64 - 2048, -(2 ** 64),
  1e308, -1e-308, 2 ** -1022 * 1.5, 2 ** -1074 * 3,
];

/** Single-precision values (exact in both formats) and doubles that round or overflow as singles. */
const SINGLE_NUMBERS: readonly number[] = [
  3.4028234663852886e38, -3.4028234663852886e38, 2 ** -126, -(2 ** -126), 2 ** -149, -(2 ** -149), 2 ** -127 * 1.5,
  1 + 2 ** -23, 1 - 2 ** -24, 16777216, 16777217, 1 + 2 ** -24, 1 + 2 ** -24 + 2 ** -52, // 1 + 2^-24: a tie
  3.5e38, -3.5e38, 1e-40, 1e-46, 2 ** -150, 0.1, -0.1,
];

function fpValue(r: Random): bigint {
  const k = r.int(10);
  if (k < 3) return r.pick(DOUBLE_SPECIALS);
  if (k < 5) return doubleBits(r.pick(DOUBLE_NUMBERS));
  if (k < 6) return doubleBits(r.pick(SINGLE_NUMBERS));
  if (k < 7) return doubleBits(Math.fround((r.u32() / 2 ** 32 - 0.5) * 2 ** (r.int(80) - 40)));
  if (k < 9) return doubleBits((r.u32() / 2 ** 32 - 0.5) * 2 ** (r.int(140) - 70));
  return r.u64();
}

/** Single-precision words for vector float elements. */
const SINGLE_SPECIALS: readonly number[] = [
  0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc00001, 0x7f800001, 0x7fa00000, 0xff800001,
  0x00000001, 0x807fffff, 0x00800000, 0x7f7fffff, 0xff7fffff,
  ...[1, -1, 0.5, 1.5, 2.5, -2.5, 2 ** 31, -(2 ** 31), 2 ** 32, 8388608.5, 1 + 2 ** -23].map(singleBits),
];

// ---- vector register patterns

function vrValue(r: Random, out: Uint8Array): void {
  const dv = new DataView(out.buffer, out.byteOffset, 16);
  switch (r.int(8)) {
    case 0:
      out.fill(0);
      return;
    case 1:
      out.fill(0xff);
      return;
    case 2: {
      // Signed/unsigned saturation edges per element: 0x80.., 0x7f.., 0, all ones, 1.
      const size = r.pick([1, 2, 4, 8]);
      for (let e = 0; e < 16; e += size) {
        const kind = r.int(5);
        for (let b = 0; b < size; b++) {
          out[e + b] = kind === 0 ? (b === 0 ? 0x80 : 0) : kind === 1 ? (b === 0 ? 0x7f : 0xff) : kind === 2 ? 0 : kind === 3 ? 0xff : b === size - 1 ? 1 : 0;
        }
      }
      return;
    }
    case 3: {
      // Small element values (shift counts, splat indices, carries).
      const size = r.pick([1, 2, 4, 8]);
      out.fill(0);
      for (let e = 0; e < 16; e += size) out[e + size - 1] = r.int(r.chance(0.5) ? 4 : 130);
      return;
    }
    case 4:
      for (let w = 0; w < 4; w++) dv.setUint32(4 * w, r.chance(0.7) ? r.pick(SINGLE_SPECIALS) : singleBits((r.u32() / 2 ** 32 - 0.5) * 2 ** (r.int(60) - 30)));
      return;
    default:
      for (let b = 0; b < 16; b++) out[b] = r.int(256);
  }
}

// ---- FPSCR (value bits: bit 63 - n is the book's bit n) and VSCR

const FX = 1n << 31n, FEX = 1n << 30n, VX = 1n << 29n;
/** The five exception summaries VX OX UX ZX XX sit 22 bits above their enables VE OE UE ZE XE. */
const EXC_SHIFT = 22n;
/** OX UX ZX XX and the invalid-operation causes (VXSNAN .. VXVC, VXSOFT, VXSQRT, VXCVI). */
const STICKY = [1n << 28n, 1n << 27n, 1n << 26n, 1n << 25n];
const VX_CAUSES = [24n, 23n, 22n, 21n, 20n, 19n, 10n, 9n, 8n].map((b) => 1n << b);
const FR_FI_FPRF = 0x7f000n; // FR, FI, C, FPCC
const ENABLES = 0xf8n; // VE OE UE ZE XE
const VE = 0x80n;
const NI = 4n;
const VX_ALL = VX_CAUSES.reduce((a, b) => a | b);

/** FEX and VX as mtfsf computes them (the case must hold what the registers will). */
function withSummaries(f: bigint): bigint {
  f &= ~(FEX | VX);
  if (f & VX_ALL) f |= VX;
  if ((f >> EXC_SHIFT) & f & ENABLES) f |= FEX;
  return f;
}

function fpscrValue(r: Random, trapping: boolean): bigint {
  let f = BigInt(r.int(4)); // RN
  if (r.chance(0.5)) for (const b of [FX, ...STICKY, ...VX_CAUSES]) if (r.chance(0.12)) f |= b;
  if (r.chance(0.3)) f |= BigInt(r.u32()) & FR_FI_FPRF;
  if (trapping || r.chance(0.15)) {
    const en = BigInt(r.u32()) & ENABLES;
    f |= en || r.pick([0x80n, 0x40n, 0x20n, 0x10n, 0x08n]);
  }
  if (trapping) {
    // Enter with FEX = 0 so the interrupt, if any, is the instruction's own.
    for (const b of STICKY) if ((b >> EXC_SHIFT) & f) f &= ~b;
    if (f & VE) f &= ~VX_ALL;
  }
  if (r.chance(0.03)) f |= NI;
  if (r.chance(0.1)) f |= BigInt(r.int(8)) << 32n; // DRN
  return withSummaries(f);
}

const VSCR_NJ = 0x10000, VSCR_SAT = 1;

/**
 * Give `input` FP/vector state for an instruction of `facility`, and flags: in some cases the
 * facility is off (the unavailable interrupt) or FP exceptions are precise (MSR[FE0|FE1]).
 */
export function addVectorState(input: CaseInput, facility: Facility, r: Random): void {
  const vsr = new Uint8Array(1024);
  const dv = new DataView(vsr.buffer);
  for (let i = 0; i < 32; i++) {
    dv.setBigUint64(16 * i, fpValue(r), false);
    dv.setBigUint64(16 * i + 8, fpValue(r), false);
  }
  for (let i = 32; i < 64; i++) vrValue(r, vsr.subarray(16 * i, 16 * i + 16));
  const trapping = facility !== "vmx" && r.chance(0.1);
  if (trapping) input.flags |= FLAG_FE;
  if (r.chance(0.05)) input.flags |= FACILITY_OFF_FLAG[facility];
  const vec: VecState = {
    vsr,
    fpscr: fpscrValue(r, trapping),
    vscr: (r.chance(0.5) ? VSCR_NJ : 0) | (r.chance(0.5) ? VSCR_SAT : 0),
  };
  input.vec = vec;
}
