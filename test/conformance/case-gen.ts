// Differential test cases, generated from the instruction table. A case is a deterministic
// function of (instruction, seed, endianness): the fixture stores only the seed and the words,
// and the replay regenerates the inputs with this same code (and checks the words agree).
//
// Instructions of the FP, VMX and VSX facilities also get register state (vec-gen.ts).
//
// The execution environment mirrors test/conformance/recorder (see its README): instruction
// words at S = 0x20000 surrounded by trap words, a 256-byte scratch area at 0x10000, and the
// MSR the runner enters the case with.

import { encode } from "../../vmm/cpu/isa/asm.ts";
import { operandsOf, variantsOf } from "../../vmm/cpu/isa/operands.ts";
import { HV, INSNS, NONDETERMINISTIC, PRIV, type InsnSpec } from "../../vmm/cpu/isa/table.ts";
import { FIELDS } from "../../vmm/cpu/isa/forms.ts";
import { FLAG_32BIT, FLAG_PR, type CaseInput } from "./recorder/qemu-record.ts";
import { addVectorState, facilityOf } from "./vec-gen.ts";

export { FLAG_32BIT, FLAG_PR, type CaseInput };

/** Bump when generation changes: recorded fixtures then no longer match and must be re-recorded. */
export const GENERATOR_VERSION = 1;

export const S = 0x20000;
export const SCRATCH = 0x10000;
export const SCRATCH_SIZE = 256;
export const ABS_PAD = 0x4000;
/** Every word around S that is not the case's own: `tw 31,0,0`. */
export const TRAP_WORD = 0x7fe00008;

const M64 = (1n << 64n) - 1n;

/** A 32-bit xorshift: deterministic and plenty for test data. */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return this.u32() % n;
  }
  chance(p: number): boolean {
    return this.u32() / 4294967296 < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }
}

/** Values that sit on carry, overflow and sign boundaries. */
const EDGES = [
  0n, 1n, 2n, M64, M64 - 1n, 0x7fffffffn, 0x80000000n, 0x80000001n, 0xffffffffn, 0x100000000n, 0xfffffffen,
  0x7fffffffffffffffn, 0x8000000000000000n, 0x8000000000000001n, 0xffffffff7fffffffn, 0xffffffff80000000n,
  0x00000000ffff0000n, 0x0000ffffffffffffn, 0x8080808080808080n, 0x0101010101010101n, 0x7f7f7f7f7f7f7f7fn,
];

function value(r: Rng): bigint {
  const k = r.int(10);
  if (k < 4) return r.pick(EDGES);
  if (k < 6) return BigInt.asUintN(64, BigInt(r.int(513) - 256));
  if (k < 7) return BigInt(r.u32());
  return r.u64();
}

/** A scratch offset for an access of `size` bytes, aligned or deliberately misaligned. */
function scratchOffset(r: Rng, size: number, align: number, misalign: boolean): number {
  const span = Math.max(size, 1);
  let off = r.int(SCRATCH_SIZE - span + 1);
  off -= off % align;
  if (misalign && align > 1) off = Math.min(off + 1 + r.int(align - 1), SCRATCH_SIZE - span);
  return off;
}

/**
 * Build one case. Operand fields get random values within their width; then the instruction's
 * kind adjusts them: memory accesses land in the scratch area, branches land on trap pads,
 * invalid forms are mostly avoided (a few are kept, since spar follows QEMU on them).
 */
export function generateCase(spec: InsnSpec, seed: number, le: boolean): CaseInput {
  const r = new Rng(seed * 2654435761 + (le ? 1 : 0));
  const gpr = Array.from({ length: 32 }, () => value(r));
  const mem = new Uint8Array(SCRATCH_SIZE);
  for (let i = 0; i < mem.length; i++) mem[i] = r.int(256);
  const input: CaseInput = {
    insns: [],
    flags: 0,
    cr: r.u32() | 0,
    xer: BigInt((r.int(2) << 31) | (r.int(2) << 30) | (r.int(2) << 29) | (r.int(2) << 19) | (r.int(2) << 18) | r.int(128)) & 0xffffffffn,
    lr: value(r),
    ctr: value(r),
    tar: value(r),
    gpr,
    mem,
  };
  if ((spec.flags & (PRIV | HV)) !== 0) input.flags |= FLAG_PR; // the differential checks privilege
  else if (r.chance(0.25)) input.flags |= FLAG_32BIT;

  const ops = operandsOf(spec);
  const values: number[] = [];
  const fields: string[] = [];
  for (const op of ops) {
    for (const name of op.base ? [op.field, op.base] : [op.field]) {
      const f = FIELDS[name];
      let v = r.int(2 ** Math.min(f.width, 30));
      if (f.kind === "simm" || f.kind === "disp") v = (v << (32 - f.width)) >> (32 - f.width);
      if (name === "DS") v = ((r.int(65536) << 16) >> 16) & ~3;
      if (name === "DQ") v = ((r.int(65536) << 16) >> 16) & ~15;
      if (name === "LI" || name === "BD") v = (r.int(0x4000) - 0x2000) * 4;
      values.push(v);
      fields.push(name);
    }
  }
  const set = (name: string, v: number) => {
    const i = fields.indexOf(name);
    if (i >= 0) values[i] = v;
  };
  const get = (name: string) => values[fields.indexOf(name)];
  const variant = { rc: false, oe: false, aa: false, lk: false };
  const { rc, oe } = variantsOf(spec);
  variant.rc = rc && r.chance(0.5);
  variant.oe = oe && r.chance(0.5);

  if (spec.mem) memoryOperands(spec, r, input, set, get);
  else if (BRANCHES.has(spec.name)) branchOperands(spec, r, input, set, variant);
  else otherOperands(spec, r, input, set, get);

  const first = encode(spec, values, variant);
  if (spec.mem?.reserve && spec.mem.store && r.chance(0.6)) {
    // Pair a Store Conditional with the matching Load and Reserve, usually at the same address.
    const load = INSNS.find((s) => s.mem?.reserve && !s.mem.store && s.mem.size === spec.mem!.size)!;
    const rt = spec.mem.size === 16 ? 10 : 9;
    input.insns = [encode(load, [rt, get("RA"), get("RB")]), first];
    if (get("RA") === rt || get("RB") === rt || get("RA") === rt + 1 || get("RB") === rt + 1) input.insns = [first];
  } else input.insns = [first];
  // FP/vector state comes from a stream of its own: fixed-point cases stay exactly as they were.
  const facility = facilityOf(spec);
  if (facility) addVectorState(input, facility, new Rng(seed * 0x85ebca77 + (le ? 0x2545 : 0x5f35)));
  return input;
}

/** Instructions with BO/BI/LK/AA fields (other BRANCH-flagged ones, like rfid, have none). */
const BRANCHES = new Set(["b", "bc", "bclr", "bcctr", "bctar", "sc"]);

type Setter = (name: string, v: number) => void;
type Getter = (name: string) => number;

function memoryOperands(spec: InsnSpec, r: Rng, c: CaseInput, set: Setter, get: Getter): void {
  const m = spec.mem!;
  const mode32 = (c.flags & FLAG_32BIT) !== 0;
  // Base register: never 0 for D-forms (EA would point into the runner); indexed forms may use 0.
  const ra = m.indexed && r.chance(0.1) ? 0 : 1 + r.int(31);
  set("RA", ra);
  const quad = m.size === 16;
  if (quad) {
    set(spec.syntax.startsWith("RT") ? "RTp" : "RSp", 2 * r.int(16));
  }
  const rt = spec.syntax.includes("RTp") ? get("RTp") : spec.syntax.includes("RSp") ? get("RSp") : spec.syntax.startsWith("RT") ? get("RT") : -1;
  // Keep register operands apart (invalid forms are kept for 5% of cases).
  if (r.chance(0.95)) {
    if (m.update && rt >= 0 && ra === rt) set("RA", (ra % 31) + 1 === rt ? ((ra + 1) % 31) + 1 : (ra % 31) + 1);
    if (quad && (get("RA") === rt || get("RA") === rt + 1)) set("RA", ((rt + 2) % 30) + 1);
  }
  let size = m.size as number;
  let align = m.size as number;
  if (m.multiple) {
    if (spec.name === "lmw" || spec.name === "stmw") {
      const first = 16 + r.int(16);
      set(spec.name === "lmw" ? "RT" : "RS", first);
      if (spec.name === "lmw") set("RA", 1 + r.int(first - 1));
      size = 4 * (32 - first);
      align = 4;
    } else {
      const nb = spec.name.endsWith("i") ? r.int(32) : 0;
      const count = spec.name.endsWith("i") ? nb || 32 : r.int(65);
      if (spec.name.endsWith("i")) set("NB", nb);
      else c.xer = (c.xer & ~0x7fn) | BigInt(count);
      size = Math.max(count, 1);
      align = 1;
      // Loaded registers must not include RA or RB: start above them.
      const regs = Math.ceil(count / 4);
      const start = 1 + r.int(31 - Math.max(regs, 1));
      set(spec.name.startsWith("l") ? "RT" : "RS", start);
      const outside = (x: number) => x < start || x >= start + regs;
      if (!outside(get("RA")) || get("RA") === 0) set("RA", start > 1 ? start - 1 : (start + regs) % 32 || 31);
      if (spec.name.endsWith("x") && !outside(get("RB"))) set("RB", start > 2 ? start - 2 : (start + regs + 1) % 32);
    }
  }
  if (m.block) {
    size = 1;
    align = 1;
  }
  const misalign = !m.multiple && r.chance(m.reserve || quad ? 0.1 : 0.2);
  const off = scratchOffset(r, size, align, misalign);
  const ea = BigInt(SCRATCH + off);
  const raNow = get("RA");
  const high = mode32 ? BigInt(r.u32()) << 32n : 0n; // 32-bit mode ignores the high word of the EA
  const rb = /(^|,)RB(,|$)/.test(spec.syntax) ? get("RB") : -1;
  if (!spec.syntax.includes("(") && rb < 0) {
    c.gpr[raNow] = (ea + high) & M64; // lswi/stswi: EA = (RA)
  } else if (rb >= 0) {
    if (raNow === 0) c.gpr[rb] = (ea + high) & M64;
    else if (rb === raNow) c.gpr[rb] = ea / 2n; // EA = 2 * (RB), rounded down to even
    else {
      const b = value(r) & 0xffffffn;
      c.gpr[rb] = b;
      c.gpr[raNow] = (ea - b + high) & M64;
    }
  } else {
    const dField = spec.syntax.includes("DQ(") ? "DQ" : spec.syntax.includes("DS(") ? "DS" : "D";
    const d = get(dField);
    c.gpr[raNow] = (ea - BigInt(d) + high) & M64;
  }
}

function branchOperands(spec: InsnSpec, r: Rng, c: CaseInput, set: Setter, v: { aa: boolean; lk: boolean }): void {
  v.lk = r.chance(0.5);
  if (spec.name === "sc") {
    set("LEV", r.chance(0.9) ? 0 : 2); // sc 1 is a hypercall, served inside QEMU
    v.lk = false;
    return;
  }
  const padTarget = () => BigInt(ABS_PAD + 4 * r.int(0x1000));
  if (spec.form === "I" || spec.form === "B") {
    v.aa = r.chance(0.15);
    const field = spec.form === "I" ? "LI" : "BD";
    if (v.aa) set(field, ABS_PAD + 4 * r.int(0xfff));
    else {
      let d = (r.int(0x1ffe) - 0xfff) * 4;
      if (d === 0) d = 8;
      set(field, d);
    }
  }
  if (spec.form === "XL") {
    // Targets: trap pads around S (never S itself) or the absolute pad, with junk low bits.
    const near = () => BigInt(S + (r.chance(0.5) ? 4 : -4) * (1 + r.int(0x1000)) + r.int(4));
    const target = (r.chance(0.5) ? near() : padTarget() + BigInt(r.int(4))) + (c.flags & FLAG_32BIT ? BigInt(r.u32()) << 32n : 0n);
    if (spec.name === "bclr") c.lr = target & M64;
    if (spec.name === "bcctr") c.ctr = target & M64;
    if (spec.name === "bctar") c.tar = target & M64;
    set("BH", r.int(4) === 2 ? 0 : r.int(4));
    // bcctr may not decrement CTR (invalid form, illegal in QEMU); keep 5% of those.
    if (spec.name === "bcctr" && r.chance(0.95)) set("BO", (r.int(32) | 4));
  }
  if ((spec.form === "B" || spec.form === "XL") && spec.name !== "bcctr") {
    if (r.chance(0.3)) c.ctr = (c.ctr & ~0xffffffffn) | BigInt(r.int(3)); // CTR near zero
  }
}

function otherOperands(spec: InsnSpec, r: Rng, c: CaseInput, set: Setter, get: Getter): void {
  vectorOperands(spec, r, c, set, get);
  switch (spec.name) {
    case "mtspr":
    case "mfspr":
      set("SPR", r.pick([1, 8, 9, 815]));
      break;
    case "mtocrf":
    case "mfocrf":
      set("FXM", r.chance(0.9) ? 1 << r.int(8) : r.int(256));
      break;
    case "mtmsr":
    case "mtmsrd":
      set("L15", r.int(2));
      break;
    case "tw":
    case "td":
    case "twi":
    case "tdi": {
      set("TO", r.int(32));
      break;
    }
  }
  // Shift and rotate amounts that straddle the interesting boundaries.
  if (spec.name === "sld" || spec.name === "srd" || spec.name === "srad" || spec.name.startsWith("sl") || spec.name.startsWith("sr")) {
    for (let i = 0; i < 32; i++) if (r.chance(0.5)) c.gpr[i] = (c.gpr[i] & ~0xffn) | BigInt(r.pick([0, 1, 31, 32, 33, 63, 64, 65, 127, r.int(128)]));
  }
}

/**
 * Data stream touches with RA=0: QEMU 7.2 takes them as an invalid form (their EA is (RA), not
 * (RA|0)) and raises an illegal-instruction interrupt; ISA 3.0 no longer defines these
 * phased-out hints at all, and spar runs every form as a no-op. Only RA != 0 is generated.
 */
const DATA_STREAM_TOUCH = new Set(["dst", "dstt", "dstst", "dststt"]);

/**
 * Keep VMX operands where the book defines the result. An element that would run past byte 15
 * of the vector is undefined (Book I §6.8, ISA 3.0: vextractuh/uw/d and vinserth/w/d with UIM
 * above 14/12/8, vextu[hw][lr]x with an index above 14/12). Only out-of-range draws are
 * replaced, so every other case stays as it was.
 */
function vectorOperands(spec: InsnSpec, r: Rng, c: CaseInput, set: Setter, get: Getter): void {
  if (DATA_STREAM_TOUCH.has(spec.name) && get("RA") === 0) set("RA", 1 + r.int(31));
  const last = 16 - (spec.args[0] ?? 0); // the highest byte index an element may start at
  if ((spec.exec === "vecExtract" || spec.exec === "vecInsert") && get("UIM4") > last) set("UIM4", r.int(last + 1));
  if (spec.exec === "vecExtractToGpr") {
    const ra = get("RA");
    if (Number(c.gpr[ra] & 15n) > last) c.gpr[ra] = (c.gpr[ra] & ~15n) | BigInt(r.int(last + 1));
  }
}

/** Why an instruction has no recorded cases (unit tests cover it instead), or undefined. */
export function exclusionReason(spec: InsnSpec): string | undefined {
  if (spec.flags & NONDETERMINISTIC) return "its result depends on time or randomness";
  return undefined;
}
