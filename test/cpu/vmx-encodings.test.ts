// Every VMX instruction in the table, with distinct operands, against the words binutils
// assembles for the same text (fixtures/vmx-encodings.json, written by
// fixtures/record-vmx-encodings.ts). The differential fixtures replay exact words, so the
// table's opcodes and operand fields must agree with the hardware's encodings.
import { expect, test } from "bun:test";
import { assemble } from "../../vmm/cpu/isa/asm.ts";
import { disassemble } from "../../vmm/cpu/isa/disasm.ts";
import { sampleLines } from "./fixtures/record-vmx-encodings.ts";

const recorded: [string, string][] = await Bun.file(new URL("./fixtures/vmx-encodings.json", import.meta.url)).json();

test("the fixture covers every VMX table entry and Rc form", () => {
  expect(recorded.map(([text]) => text)).toEqual(sampleLines());
});

test.each(recorded)("%s is %s", (text, word) => {
  expect(assemble(text)).toBe(Number(word));
  expect(assemble(disassemble(Number(word)))).toBe(Number(word));
});
