// `bun run bench`: the integer guest workloads on spar's interpreter, with guest MIPS, next to
// the same guests under qemu-system-ppc64 (TCG) in the same run when QEMU is installed.
// spar's time counts from the first guest instruction to power-off (machine construction
// excluded); QEMU's start-up is subtracted the same way (see qemu.ts). spar runs with
// -icount shift=0, its deterministic timebase, so every run executes the same instructions.
//
//   bun run bench [--endian le|be] [--runs N]

import { parseArgs } from "node:util";
import { parseCommandLine } from "../../cmd/command-line.ts";
import { MachineLog } from "../../vmm/machine/log.ts";
import { PseriesMachine } from "../../vmm/machine/pseries.ts";
import { timeUnderQemu } from "./qemu.ts";

const { values } = parseArgs({ options: { endian: { type: "string", default: "le" }, runs: { type: "string", default: "3" } } });
const endian = values.endian === "be" ? "be" : "le";
const runs = Math.max(1, Number(values.runs) || 1);
const GUESTS = [
  ["bench-mpi", "bignum multiply-accumulate (mpihelp_addmul_1)"],
  ["bench-memcpy", "memcpy/memset, 256 KiB"],
  ["bench-sort", "quicksort + insertion sort"],
] as const;

interface SparRun {
  instructions: number;
  seconds: number;
  output: string;
}

async function runOnSpar(path: string): Promise<SparRun> {
  const parsed = parseCommandLine(["-nographic", "-m", "512M", "-icount", "shift=0", "-bios", path], {});
  if (parsed.kind !== "run") throw new Error(parsed.stderr);
  let output = "";
  const machine = new PseriesMachine(parsed.config, { write: (b) => (output += new TextDecoder().decode(b)) }, new MachineLog([], (l) => console.error(l)));
  await machine.boot();
  const t0 = performance.now();
  await machine.run();
  return { instructions: machine.cpu.instructions, seconds: (performance.now() - t0) / 1000, output };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: string[][] = [];
for (const [name, what] of GUESTS) {
  const path = new URL(`../guests/bin/${name}-${endian}.bin`, import.meta.url).pathname;
  const sparRuns: SparRun[] = [];
  for (let i = 0; i < runs; i++) sparRuns.push(await runOnSpar(path));
  const spar = sparRuns[0];
  if (!/ ok\n/.test(spar.output)) throw new Error(`${name} failed its own check on spar:\n${spar.output}`);
  const sparSeconds = median(sparRuns.map((r) => r.seconds));
  const sparMips = spar.instructions / sparSeconds / 1e6;
  const qemu = await timeUnderQemu(path);
  const qemuCell = qemu ? `${qemu.seconds.toFixed(3)} s (${(spar.instructions / Math.max(qemu.seconds, 1e-6) / 1e6).toFixed(0)} MIPS)` : "not installed";
  rows.push([name, what, (spar.instructions / 1e6).toFixed(1) + " M", `${sparSeconds.toFixed(2)} s`, sparMips.toFixed(1), qemuCell]);
  console.error(`${name}: ${sparMips.toFixed(1)} MIPS`);
}

const header = ["guest", "workload", "instructions", "spar time", "spar MIPS", "qemu-system-ppc64 (TCG)"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
console.log(`spar ${endian.toUpperCase()} guests, median of ${runs} run(s), Bun ${Bun.version}`);
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const r of rows) console.log(line(r));
