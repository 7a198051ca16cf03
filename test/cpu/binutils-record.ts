// Records the encodings binutils gives the VSX instructions: every table entry is written out with
// two operand sets (low and high VSR halves), assembled by powerpc64le-linux-gnu-as and
// disassembled by objdump without aliases. The words and objdump's text are committed as
// test/fixtures/binutils/vsx.txt; binutils.test.ts assembles the text with spar and compares.
// Run with `bun test/cpu/binutils-record.ts` (needs the powerpc64le-linux-gnu binutils).

import { $ } from "bun";
import { FIELDS } from "../../vmm/cpu/isa/forms.ts";
import { operandsOf } from "../../vmm/cpu/isa/operands.ts";
import { VSX_INSNS } from "../../vmm/cpu/isa/table-vsx.ts";

/** Operand values by field kind or name, for the low and the high set. */
function sample(field: string, set: number, position: number): number {
  const kind = FIELDS[field].kind;
  if (kind === "vsr") return set === 0 ? position + 1 : 60 - 9 * position;
  if (kind === "vr") return set === 0 ? 2 : 31;
  if (kind === "gpr") return set === 0 ? 3 + position : 29 - position;
  const byName: Record<string, [number, number]> = { DS: [8, -16], DQ: [16, -32], DM: [1, 2], SHW: [1, 3], UIM2: [1, 3], UIM4: [4, 12], IMM8: [0x5a, 0xff], BF: [1, 7], DCMX: [0x7f, 0x41], DCMXV: [0x60, 0x25] };
  return byName[field][set];
}

const lines: string[] = [];
for (const spec of VSX_INSNS) {
  for (const set of [0, 1]) {
    const parts = operandsOf(spec).map((op, i) => (op.base ? `${sample(op.field, set, i)}(${sample(op.base, set, i + 1)})` : String(sample(op.field, set, i))));
    lines.push(`${spec.name} ${parts.join(",")}`);
  }
}

const dir = (await $`mktemp -d`.text()).trim();
await Bun.write(`${dir}/vsx.s`, lines.join("\n") + "\n");
await $`powerpc64le-linux-gnu-as -mpower9 ${dir}/vsx.s -o ${dir}/vsx.o`;
const dump = await $`powerpc64le-linux-gnu-objdump -d -Mpower9,raw ${dir}/vsx.o`.text();
await $`rm -r ${dir}`;

const out: string[] = [];
for (const l of dump.split("\n")) {
  // "   0:	99 26 43 7c 	lxvd2x  vs34,r3,r4"
  const m = /^\s+[0-9a-f]+:\t((?:[0-9a-f]{2} ){4})\t(\S+)\s+(.*)$/.exec(l);
  if (!m) continue;
  const word = m[1].trim().split(" ").reverse().join("");
  out.push(`${word}\t${m[2]} ${m[3]}`);
}
if (out.length !== lines.length) throw new Error(`objdump gave ${out.length} instructions for ${lines.length} lines`);
const header = `# VSX encodings from ${(await $`powerpc64le-linux-gnu-as --version`.text()).split("\n")[0]} (bun test/cpu/binutils-record.ts)`;
await Bun.write(new URL("../fixtures/binutils/vsx.txt", import.meta.url).pathname, [header, ...out].join("\n") + "\n");
console.log(`wrote ${out.length} encodings`);
