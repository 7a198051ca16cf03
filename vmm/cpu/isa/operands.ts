// Operand syntax from the table ("RT,D(RA)", "BF,L10,RA,SI"): parsed once into field names, in
// assembly order. The assembler, disassembler and test generator all walk this.

import { FORMS } from "./forms.ts";
import { RECORD, type InsnSpec } from "./table.ts";

export interface Operand {
  field: string;
  /** D(RA)-style: this displacement is followed by a base register in parentheses. */
  base?: string;
}

const cache = new Map<InsnSpec, Operand[]>();

export function operandsOf(spec: InsnSpec): Operand[] {
  let ops = cache.get(spec);
  if (ops) return ops;
  ops = spec.syntax === "" ? [] : spec.syntax.split(",").map((part) => {
    const m = /^(\w+)\((\w+)\)$/.exec(part);
    return m ? { field: m[1], base: m[2] } : { field: part };
  });
  cache.set(spec, ops);
  return ops;
}

/** Whether the instruction has Rc and OE variants (add. / addo / addo.). */
export function variantsOf(spec: InsnSpec): { rc: boolean; oe: boolean } {
  const form = FORMS[spec.form];
  const fixedRc = (spec.flags & RECORD) !== 0;
  return { rc: "rc" in form && form.rc && !fixedRc, oe: "oe" in form && form.oe && !(spec.fixed && spec.fixed[0] & (1 << 10)) };
}
