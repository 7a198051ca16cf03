// Records the fixed-point differential fixture with qemu-system-ppc64 (pseries, TCG, POWER9):
//   bun test/conformance/record.ts            # writes fixtures/fixed-point.jsonl
// Needs QEMU (Debian: apt-get install qemu-system-ppc); the test suite only reads the result.

import { INSNS } from "../../vmm/cpu/isa/table.ts";
import { GENERATOR_VERSION, exclusionReason, generateCase, type CaseInput } from "./case-gen.ts";
import { storeOutput, type FixtureLine } from "./fixture-format.ts";
import { recordWithQemu } from "./recorder/qemu-record.ts";

export const CASES_PER_ENDIAN = 64;
const OUT = new URL("./fixtures/fixed-point.jsonl", import.meta.url).pathname;

const specs = INSNS.filter((s) => !exclusionReason(s));
const lines: string[] = [];
const qemuVersion = (await Bun.$`qemu-system-ppc64 --version`.text()).split("\n")[0];
lines.push(JSON.stringify({ generator: GENERATOR_VERSION, recordedWith: qemuVersion, machine: "pseries (TCG), -cpu POWER9", command: "bun test/conformance/record.ts" }));

for (const endian of ["be", "le"] as const) {
  const le = endian === "le";
  const meta: { n: string; s: number; input: CaseInput }[] = [];
  for (const spec of specs) for (let s = 1; s <= CASES_PER_ENDIAN; s++) meta.push({ n: spec.name, s, input: generateCase(spec, s, le) });
  const outputs = await recordWithQemu(meta.map((m) => m.input), endian, { batch: 20000, parallel: 2 });
  meta.forEach((m, i) => {
    const line: FixtureLine = { n: m.n, s: m.s, e: endian, w: m.input.insns.map((w) => w.toString(16)), o: storeOutput(m.input, outputs[i]) };
    lines.push(JSON.stringify(line));
  });
  console.log(`${endian}: ${meta.length} cases recorded`);
}
await Bun.write(OUT, lines.join("\n") + "\n");
console.log(`wrote ${OUT}: ${specs.length} instructions, ${lines.length - 1} cases`);
