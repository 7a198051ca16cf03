// What one instruction-table entry says, and the builder the chapter tables use to write one.
// An entry names the instruction (base mnemonic, without the "." or "o" of its Rc/OE variants),
// its form and opcodes, its operand syntax as the ISA book writes it, the ISA level that
// introduced it, the exec handler that runs it (exported from exec/index.ts) with constant
// arguments, and flags.

import type { IsaLevel } from "../models.ts";
import { FORMS, bits, rcMask, type FormName } from "./forms.ts";

/** The instruction may only run in privileged (supervisor) state. */
export const PRIV = 1;
/** The instruction is hypervisor-privileged. */
export const HV = 2;
/** The instruction can change the flow of control (ends a translation block). */
export const BRANCH = 4;
/** The Rc bit is part of the opcode: the instruction always records (andi., stwcx., ...). */
export const RECORD = 8;
/** Results are not reproducible (random numbers, time), so no recorded differential cases. */
export const NONDETERMINISTIC = 16;
/** Raises an interrupt by design (sc, traps): the differential runner records the interrupt. */
export const INTERRUPTS = 32;

/** Logical operations (exec/logical.ts, exec/vmx-permute.ts). */
export const L_AND = 0, L_OR = 1, L_XOR = 2, L_NAND = 3, L_NOR = 4, L_EQV = 5, L_ANDC = 6, L_ORC = 7;

export interface MemSpec {
  size: 1 | 2 | 4 | 8 | 16;
  store?: boolean;
  update?: boolean;
  indexed?: boolean;
  /** Load and Reserve / Store Conditional. */
  reserve?: boolean;
  /** lmw/stmw and the string instructions: size is per register, count comes from operands. */
  multiple?: boolean;
  /** A cache-block operation (dcbz and friends): size is the block touched. */
  block?: boolean;
}

export interface InsnSpec {
  name: string;
  form: FormName;
  opcd: number;
  xo?: number;
  /** Extra fixed bits beyond the opcodes: [mask, value]. */
  fixed?: [number, number];
  syntax: string;
  isa: IsaLevel;
  exec: string;
  args: number[];
  flags: number;
  mem?: MemSpec;
}

/** Full [mask, value] that identifies the instruction. */
export function matchOf(s: InsnSpec): [number, number] {
  let mask = bits(0, 5);
  let value = (s.opcd << 26) >>> 0;
  const form = FORMS[s.form];
  if ("xo" in form && s.xo !== undefined) {
    const [from, to] = form.xo;
    const m = bits(from, to);
    mask |= m;
    value |= (s.xo << (31 - to)) & m;
  }
  if (s.flags & RECORD) {
    const rc = rcMask(s.form);
    mask |= rc;
    value |= rc;
  }
  if (s.fixed) {
    mask |= s.fixed[0];
    value |= s.fixed[1];
  }
  return [mask >>> 0, value >>> 0];
}

// ---------------------------------------------------------------------------------------------
// Builders: one line per instruction below.

export interface Opts {
  isa?: IsaLevel;
  flags?: number;
  mem?: MemSpec;
  fixed?: [number, number];
}

export function insn(name: string, form: FormName, opcd: number, xo: number | undefined, syntax: string, exec: string, args: number[] = [], o: Opts = {}): InsnSpec {
  return { name, form, opcd, xo, syntax, exec, args, isa: o.isa ?? 206, flags: o.flags ?? 0, mem: o.mem, fixed: o.fixed };
}

export const v207 = { isa: 207 } as const;
export const v300 = { isa: 300 } as const;
