// A small assembler driven by the instruction table: `assemble("addo. r3,r4,r5")`. It serves
// tests and the test generator; guest programs are built with binutils (test/guests).

import { FIELDS, rcMask } from "./forms.ts";
import { operandsOf, variantsOf } from "./operands.ts";
import { INSNS, matchOf, type InsnSpec } from "./table.ts";

const byName = new Map(INSNS.map((s) => [s.name, s]));

export interface Variant {
  rc?: boolean;
  oe?: boolean;
  /** AA and LK bits of branches. */
  aa?: boolean;
  lk?: boolean;
}

/** Encode a table entry with operand values in syntax order. */
export function encode(spec: InsnSpec, values: number[], v: Variant = {}): number {
  let word = matchOf(spec)[1];
  const ops = operandsOf(spec);
  let k = 0;
  for (const op of ops) {
    word = FIELDS[op.field].put(word, values[k++]);
    if (op.base) word = FIELDS[op.base].put(word, values[k++]);
  }
  if (v.rc) word |= rcMask(spec.form);
  if (v.oe) word |= 1 << 10;
  if (v.aa) word |= 2;
  if (v.lk) word |= 1;
  return word >>> 0;
}

/** Find the entry and variant bits for a mnemonic such as "addo.", "bl", "bcctrl". */
export function lookupMnemonic(mnemonic: string): { spec: InsnSpec; variant: Variant } | undefined {
  const direct = byName.get(mnemonic);
  if (direct) return { spec: direct, variant: {} };
  const candidates: [string, Variant][] = [];
  if (mnemonic.endsWith(".")) {
    const base = mnemonic.slice(0, -1);
    candidates.push([base, { rc: true }]);
    if (base.endsWith("o")) candidates.push([base.slice(0, -1), { rc: true, oe: true }]);
  }
  if (mnemonic.endsWith("o")) candidates.push([mnemonic.slice(0, -1), { oe: true }]);
  if (mnemonic.endsWith("la")) candidates.push([mnemonic.slice(0, -2), { lk: true, aa: true }]);
  if (mnemonic.endsWith("l")) candidates.push([mnemonic.slice(0, -1), { lk: true }]);
  if (mnemonic.endsWith("a")) candidates.push([mnemonic.slice(0, -1), { aa: true }]);
  for (const [name, variant] of candidates) {
    const spec = byName.get(name);
    if (!spec) continue;
    const { rc, oe } = variantsOf(spec);
    const branchy = spec.form === "I" || spec.form === "B" || spec.form === "XL";
    if ((variant.rc && !rc) || (variant.oe && !oe) || ((variant.lk || variant.aa) && !branchy)) continue;
    if (variant.aa && spec.form === "XL") continue;
    return { spec, variant };
  }
  return undefined;
}

/** Assemble one instruction in the ISA's syntax: registers as rN or N, immediates in any JS base. */
export function assemble(text: string): number {
  const m = /^\s*(\S+)\s*(.*)$/.exec(text);
  if (!m) throw new Error(`cannot assemble "${text}"`);
  const found = lookupMnemonic(m[1]);
  if (!found) throw new Error(`unknown mnemonic "${m[1]}"`);
  const values = m[2].trim() === "" ? [] : m[2].split(/[,()]+/).filter((s) => s.trim() !== "").map((s) => {
    const t = s.trim().replace(/^(r|cr|f|vs|v)(\d+)$/, "$2");
    const n = t.startsWith("-") ? -Number(t.slice(1)) : Number(t); // Number() rejects "-0x1c"
    if (!Number.isInteger(n)) throw new Error(`bad operand "${s}" in "${text}"`);
    return n;
  });
  const expected = operandsOf(found.spec).reduce((n, op) => n + (op.base ? 2 : 1), 0);
  if (values.length !== expected) throw new Error(`"${text}": ${found.spec.name} takes ${found.spec.syntax}`);
  return encode(found.spec, values, found.variant);
}
