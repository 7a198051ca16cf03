// Which instructions does the busybox script need that spar lacks? Runs every step under
// qemu-ppc64le -d in_asm (the instructions QEMU translated, so at least those executed) and lists
// each distinct word spar's table does not decode at the POWER8 level, with QEMU's disassembly
// and the steps that reach it. The harness stops at the first such word; this sees them all.
//
//   bun test/usermode/missing-instructions.ts

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OP_ILLEGAL, decode } from "../../vmm/cpu/isa/decode.ts";
import { findCpuModel } from "../../vmm/cpu/models.ts";
import { BUSYBOX, ENV, QEMU_CPU, STEPS, prepareSandbox } from "./busybox-script.ts";

const qemu = Bun.which("qemu-ppc64le");
if (!qemu) throw new Error("qemu-ppc64le not found: apt-get install qemu-user");
const isa = findCpuModel(QEMU_CPU)!.isa;
const sandbox = mkdtempSync(join(tmpdir(), "busybox-insns-"));
const missing = new Map<number, { text: string; steps: Set<string> }>();
try {
  prepareSandbox(sandbox);
  for (const step of STEPS) {
    const log = join(sandbox, "in_asm.log");
    const run = Bun.spawnSync([qemu, "-cpu", QEMU_CPU, "-d", "in_asm", "-D", log, BUSYBOX, ...step.args], {
      cwd: sandbox,
      env: Object.fromEntries(ENV.map((e) => e.split("=", 2))),
      stdin: step.stdin ? readFileSync(join(sandbox, step.stdin)) : new Uint8Array(0),
    });
    if (step.stdoutTo) writeFileSync(join(sandbox, step.stdoutTo), run.stdout);
    for (const [, word, text] of readFileSync(log, "utf8").matchAll(/^0x[0-9a-f]+:\s+([0-9a-f]{8})\s+(.*)$/gm)) {
      const w = parseInt(word, 16) | 0;
      if (decode(w, isa) !== OP_ILLEGAL) continue;
      const entry = missing.get(w) ?? { text: text.replace(/\s+/g, " "), steps: new Set<string>() };
      entry.steps.add(step.name);
      missing.set(w, entry);
    }
    rmSync(log, { force: true });
  }
} finally {
  rmSync(sandbox, { recursive: true, force: true });
}
const byMnemonic = new Map<string, { words: string[]; steps: Set<string> }>();
for (const [w, { text, steps }] of missing) {
  const name = text.split(" ")[0];
  const entry = byMnemonic.get(name) ?? { words: [], steps: new Set<string>() };
  entry.words.push(`0x${(w >>> 0).toString(16).padStart(8, "0")} ${text}`);
  steps.forEach((s) => entry.steps.add(s));
  byMnemonic.set(name, entry);
}
console.log(`${byMnemonic.size} mnemonics (${missing.size} distinct words) the busybox script executes under QEMU and spar does not decode at ISA ${isa}:`);
for (const [name, { words, steps }] of [...byMnemonic].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${name}: ${words.length} word(s), e.g. ${words[0]}; in ${[...steps].join(", ")}`);
}
