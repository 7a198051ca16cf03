// Disassembler driven by the instruction table, for -d in_asm and test messages. It prints the
// base mnemonics with their Rc/OE/AA/LK suffixes and operands in the ISA book's syntax.

import { FIELDS, rcMask, registerPrefix } from "./forms.ts";
import { decode, specOf } from "./decode.ts";
import { operandsOf, variantsOf } from "./operands.ts";

function show(field: string, value: number): string {
  const prefix = registerPrefix(field);
  if (prefix) return `${prefix}${value}`;
  const kind = FIELDS[field].kind;
  if (kind === "crField") return `cr${value}`;
  if (kind === "simm" || kind === "disp") return value < 0 ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
  return String(value);
}

export function disassemble(insn: number, isa = 300): string {
  const spec = specOf(decode(insn, isa));
  if (!spec) return `.long 0x${(insn >>> 0).toString(16).padStart(8, "0")}`;
  let name = spec.name;
  const { rc, oe } = variantsOf(spec);
  if (oe && insn & (1 << 10)) name += "o";
  if (spec.form === "I" || spec.form === "B" || spec.form === "XL") {
    if (spec.form !== "XL" || spec.flags & 4) {
      if (insn & 1 && spec.form !== "XL") name += "l";
      if (insn & 1 && spec.form === "XL" && spec.name.startsWith("bc")) name += "l";
      if (insn & 2 && spec.form !== "XL") name += "a";
    }
  }
  if (rc && insn & rcMask(spec.form)) name += ".";
  const parts: string[] = [];
  for (const op of operandsOf(spec)) {
    const v = FIELDS[op.field].get(insn);
    parts.push(op.base ? `${show(op.field, v)}(${show(op.base, FIELDS[op.base].get(insn))})` : show(op.field, v));
  }
  return parts.length ? `${name} ${parts.join(",")}` : name;
}
