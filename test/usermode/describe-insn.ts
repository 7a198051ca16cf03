// Names an instruction word for the harness's illegal-instruction report: spar's own disassembler
// when the word is in its table (noting when the CPU model's ISA level is what excludes it), else
// GNU objdump when the cross binutils are installed, since a word spar lacks is by definition one
// its table cannot name.

import { spawnSync } from "bun";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { disassemble } from "../../vmm/cpu/isa/disasm.ts";

const OBJDUMP = "powerpc64le-linux-gnu-objdump";

export function describeInstruction(word: number, isa: number): string {
  const own = disassemble(word, isa);
  if (!own.startsWith(".long")) return own;
  const later = disassemble(word, 300);
  if (!later.startsWith(".long")) return `${later} (ISA 3.0, above this CPU model's level)`;
  const gnu = objdumpName(word);
  return gnu === undefined ? `${own} (not in spar's instruction table)` : `${gnu} (not in spar's instruction table; name from binutils)`;
}

function objdumpName(word: number): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), "spar-insn-"));
  try {
    const file = join(dir, "word.bin");
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, word >>> 0, true);
    writeFileSync(file, bytes);
    const run = spawnSync([OBJDUMP, "-D", "-b", "binary", "-m", "powerpc:common64", "-M", "power10", "-EL", file], { stderr: "ignore" });
    if (!run.success) return undefined;
    const line = run.stdout.toString().split("\n").find((l) => /^\s+0:/.test(l));
    return line?.split("\t").slice(2).join(" ").trim() || undefined;
  } catch {
    return undefined; // no binutils: spar's .long form stands
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
