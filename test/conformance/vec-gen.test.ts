// The case generator's FP/vector state: only FP/vector instructions get it, and its FPSCR holds
// what mtfsf would leave (the runner loads it with mtfsf; spar loads it as is).

import { expect, test } from "bun:test";
import { bits } from "../../vmm/cpu/isa/forms.ts";
import { FIXED_POINT_INSNS, insn } from "../../vmm/cpu/isa/table.ts";
import { generateCase } from "./case-gen.ts";
import { FLAG_FE } from "./recorder/qemu-record.ts";
import { facilityOf } from "./vec-gen.ts";

// Table-shaped entries for instructions spar may not have yet: the generator only reads the table shape.
const fadd = insn("fadd", "FA", 63, 21, "FRT,FRA,FRB", "x", [], { fixed: [bits(21, 25), 0] });
const vaddubm = insn("vaddubm", "VX", 4, 0, "VRT,VRA,VRB", "x");

test("fixed-point instructions get no FP/vector state (their recorded cases stay valid)", () => {
  expect(FIXED_POINT_INSNS.filter((s) => facilityOf(s)).map((s) => s.name)).toEqual([]);
  expect(FIXED_POINT_INSNS.filter((s) => generateCase(s, 1, true).vec).map((s) => s.name)).toEqual([]);
});

test("FPR and VR operands select the facility", () => {
  expect(facilityOf(fadd)).toBe("fp");
  expect(facilityOf(vaddubm)).toBe("vmx");
  expect(generateCase(vaddubm, 7, false).vec?.vsr.length).toBe(1024);
});

test("FPSCR summaries are consistent, and FE cases enter with FEX = 0 and an enable set", () => {
  const VX = 1n << 29n, FEX = 1n << 30n;
  for (let s = 1; s <= 500; s++) {
    const c = generateCase(fadd, s, (s & 1) === 1);
    const f = c.vec!.fpscr;
    expect((f & VX) !== 0n).toBe((f & 0x01f80700n) !== 0n);
    expect((f & FEX) !== 0n).toBe(((f >> 22n) & f & 0xf8n) !== 0n);
    if (c.flags & FLAG_FE) {
      expect(f & FEX).toBe(0n);
      expect(f & 0xf8n).not.toBe(0n);
    }
  }
});
