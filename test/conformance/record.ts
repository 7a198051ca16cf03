// Records a chapter's differential fixture with qemu-system-ppc64 (pseries, TCG, POWER9):
//   bun test/conformance/record.ts fixed-point|fp|vmx|vsx  fixtures/<chapter>.jsonl
// Options for spot checks (they write elsewhere unless --out says otherwise):
//   --only=add,subf   just these instructions      --seeds=1-4   just these seeds (default 1-64)
//   --out=FILE        write here instead of the chapter's fixture
// Needs QEMU (Debian: apt-get install qemu-system-ppc); the test suite only reads the result.

import type { InsnSpec } from "../../vmm/cpu/isa/table.ts";
import { GENERATOR_VERSION, exclusionReason, generateCase, type CaseInput } from "./case-gen.ts";
import { CHAPTERS, fixturePath, isChapter, recordCommand } from "./chapters.ts";
import { storeOutput, type FixtureLine } from "./fixture-format.ts";
import { recordWithQemu } from "./recorder/qemu-record.ts";

export const CASES_PER_ENDIAN = 64;

/** Record seeds `first..last` of each instruction in both endians; returns the fixture lines after the header. */
export async function recordCases(specs: readonly InsnSpec[], first: number, last: number): Promise<FixtureLine[]> {
  const lines: FixtureLine[] = [];
  for (const endian of ["be", "le"] as const) {
    const le = endian === "le";
    const meta: { n: string; s: number; input: CaseInput }[] = [];
    for (const spec of specs) for (let s = first; s <= last; s++) meta.push({ n: spec.name, s, input: generateCase(spec, s, le) });
    const outputs = await recordWithQemu(meta.map((m) => m.input), endian, { batch: 20000, parallel: 2 });
    meta.forEach((m, i) => {
      lines.push({ n: m.n, s: m.s, e: endian, w: m.input.insns.map((w) => w.toString(16)), o: storeOutput(m.input, outputs[i]!) });
    });
    console.log(`${endian}: ${meta.length} cases recorded`);
  }
  return lines;
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const chapter = args.find((a) => !a.startsWith("--"));
  const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (!chapter || !isChapter(chapter)) {
    console.error(`usage: bun test/conformance/record.ts ${Object.keys(CHAPTERS).join("|")} [--only=a,b] [--seeds=1-64] [--out=FILE]`);
    process.exit(2);
  }
  const only = opt("only")?.split(",");
  const [first, last] = (opt("seeds") ?? `1-${CASES_PER_ENDIAN}`).split("-").map(Number) as [number, number?];
  const out = opt("out") ?? fixturePath(chapter);
  const specs = CHAPTERS[chapter].filter((s) => !exclusionReason(s) && (!only || only.includes(s.name)));
  const qemuVersion = (await Bun.$`qemu-system-ppc64 --version`.text()).split("\n")[0];
  const header = { generator: GENERATOR_VERSION, recordedWith: qemuVersion, machine: "pseries (TCG), -cpu POWER9", command: [recordCommand(chapter), ...args.filter((a) => /^--(only|seeds)=/.test(a))].join(" ") };
  const lines = await recordCases(specs, first, last ?? first);
  await Bun.write(out, [header, ...lines].map((l) => JSON.stringify(l)).join("\n") + "\n");
  console.log(`wrote ${out}: ${specs.length} instructions, ${lines.length} cases`);
}
