// Replays a chapter's cases recorded from qemu-system-ppc64 (fixtures/<chapter>.jsonl, made by
// record.ts) on spar's CPU and compares every recorded register and memory result.
// Where QEMU and the Power ISA book disagree, exceptions.ts says what the book requires.

import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "bun:test";
import { disassemble } from "../../vmm/cpu/isa/disasm.ts";
import { GENERATOR_VERSION, generateCase } from "./case-gen.ts";
import { CHAPTERS, fixturePath, recordCommand, type Chapter } from "./chapters.ts";
import { storeOutput, type FixtureLine } from "./fixture-format.ts";
import { SparRunner } from "./spar-run.ts";
import { applyBookExceptions, unverifiable } from "./exceptions.ts";

export function replayChapter(chapter: Chapter): void {
  const path = fixturePath(chapter);
  if (!existsSync(path)) {
    test.skip(`${chapter}: no fixture yet (record it with \`${recordCommand(chapter)}\`)`, () => {});
    return;
  }
  const [headerLine, ...caseLines] = readFileSync(path, "utf8").trimEnd().split("\n");
  const header = JSON.parse(headerLine!);
  const byName = Map.groupBy(caseLines.map((l): FixtureLine => JSON.parse(l)), (c) => c.n);
  const runners = { le: new SparRunner(true), be: new SparRunner(false) };

  test(`${chapter} fixture was recorded by this generator`, () => {
    expect(header.generator).toBe(GENERATOR_VERSION);
  });

  describe(`${chapter} instructions match qemu-system-ppc64`, () => {
    for (const spec of CHAPTERS[chapter]) {
      const recorded = byName.get(spec.name);
      if (!recorded) continue;
      test(`${spec.name} (${recorded.length} cases)`, () => {
        const failures: string[] = [];
        for (const line of recorded) {
          const input = generateCase(spec, line.s, line.e === "le");
          const words = input.insns.map((w) => w.toString(16));
          if (words.join() !== line.w.join()) {
            failures.push(`seed ${line.s}: generator produced ${words} but the fixture has ${line.w}; re-record`);
            continue;
          }
          const got = unverifiable(spec.name, input, storeOutput(input, runners[line.e].run(input)));
          const want = unverifiable(spec.name, input, applyBookExceptions(spec.name, input, line.o));
          if (!Bun.deepEquals(got, want) && failures.length < 5) {
            const asm = input.insns.map((w) => disassemble(w)).join("; ");
            failures.push(`${line.e} seed ${line.s}: ${asm}\n  qemu ${JSON.stringify(want)}\n  spar ${JSON.stringify(got)}`);
          }
        }
        expect(failures).toEqual([]);
      });
    }
  });
}
