// The instruction table drives decode, dispatch, disassembly and test generation: check it is
// consistent and that the generated interpreter is current.
import { describe, expect, test } from "bun:test";
import * as handlers from "../../vmm/cpu/exec/index.ts";
import { assemble, encode } from "../../vmm/cpu/isa/asm.ts";
import { decode, FIRST_OP, OP_ILLEGAL, specOf } from "../../vmm/cpu/isa/decode.ts";
import { disassemble } from "../../vmm/cpu/isa/disasm.ts";
import { generateInterpreter } from "../../vmm/cpu/isa/gen-interpreter.ts";
import { operandsOf } from "../../vmm/cpu/isa/operands.ts";
import { INSNS, handlerNames } from "../../vmm/cpu/isa/table.ts";

describe("instruction table", () => {
  test("every handler it names exists", () => {
    for (const name of handlerNames()) expect(typeof (handlers as Record<string, unknown>)[name]).toBe("function");
  });

  test("generated/interpreter.ts is current (run `bun run gen`)", async () => {
    const committed = await Bun.file(new URL("../../vmm/cpu/generated/interpreter.ts", import.meta.url)).text();
    expect(committed).toBe(generateInterpreter());
  });

  test("every entry decodes to itself, with operands, in both directions", () => {
    for (const [i, spec] of INSNS.entries()) {
      // Register pairs must be even; addex's CY must be 0 (other values are reserved in ISA 3.0).
      const value = (field: string) => (field === "RTp" || field === "RSp" ? 2 : field === "CY" ? 0 : 1);
      const values = operandsOf(spec).flatMap((op) => (op.base ? [value(op.field), 2] : [value(op.field)]));
      const word = encode(spec, values);
      expect(specOf(decode(word, 300))?.name).toBe(spec.name);
      expect(decode(word, 300)).toBe(i + FIRST_OP);
      expect(assemble(disassemble(word))).toBe(word);
    }
  });

  test("known encodings from binutils", () => {
    expect(assemble("add r3,r4,r5")).toBe(0x7c642a14);
    expect(assemble("addo. r3,r4,r5")).toBe(0x7c642e15);
    expect(assemble("lwz r3,-8(r1)")).toBe(0x8061fff8);
    expect(assemble("rldicl r3,r4,60,4")).toBe(0x7883e102);
    expect(assemble("stwcx. r3,r4,r5")).toBe(0x7c64292d);
    expect(assemble("bcctrl 20,0,0")).toBe(0x4e800421);
    expect(assemble("mtspr 8,r3")).toBe(0x7c6803a6);
  });

  test("instructions from a later ISA decode as illegal on an earlier CPU", () => {
    const modsw = assemble("modsw r3,r4,r5"); // ISA 3.0
    const lbarx = assemble("lbarx r3,r4,r5"); // ISA 2.07
    expect(decode(modsw, 300)).not.toBe(OP_ILLEGAL);
    expect(decode(modsw, 207)).toBe(OP_ILLEGAL);
    expect(decode(lbarx, 207)).not.toBe(OP_ILLEGAL);
    expect(decode(lbarx, 206)).toBe(OP_ILLEGAL);
  });

  test("unassigned words are illegal and disassemble as data", () => {
    expect(decode(0, 300)).toBe(OP_ILLEGAL);
    expect(disassemble(0)).toBe(".long 0x00000000");
  });
});
