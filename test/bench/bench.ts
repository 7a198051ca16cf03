// `bun run bench`: the integer guest workloads on spar's interpreter, with guest MIPS, next to
// the same guests under qemu-system-ppc64 (TCG) in the same run when QEMU is installed. Each
// workload runs in real mode (MMU off) and with translation on: hash (SLB + H_ENTER, 64 KiB
// pages) and radix (POWER9 process table + tree, 64 KiB pages), the -hash/-radix builds of
// test/guests. "on/off" is the MMU-on MIPS over the MMU-off MIPS (QEMU's MIPS use spar's
// instruction count: the guests are deterministic and take no interrupts).
// spar's time counts from the first guest instruction to power-off (machine construction
// excluded); QEMU's start-up is subtracted the same way (see qemu.ts). spar runs with
// -icount shift=0, its deterministic timebase, so every run executes the same instructions.
//
//   bun run bench [--endian le|be] [--runs N] [--cpu POWER9|POWER8] [--mmu off,hash,radix]

import { parseArgs } from "node:util";
import { parseCommandLine } from "../../cmd/command-line.ts";
import { MachineLog } from "../../vmm/machine/log.ts";
import { PseriesMachine } from "../../vmm/machine/pseries.ts";
import { timeUnderQemu } from "./qemu.ts";

const { values } = parseArgs({
  options: {
    endian: { type: "string", default: "le" },
    runs: { type: "string", default: "3" },
    cpu: { type: "string", default: "POWER9" },
    mmu: { type: "string", default: "off,hash,radix" },
  },
});
const endian = values.endian === "be" ? "be" : "le";
const runs = Math.max(1, Number(values.runs) || 1);
const cpu = values.cpu!;
const radixCpu = /^power9/i.test(cpu);
const MODES = ["off", "hash", "radix"] as const;
type Mode = (typeof MODES)[number];
const modes = MODES.filter((m) => values.mmu!.split(",").includes(m) && (m !== "radix" || radixCpu));
const GUESTS = [
  ["bench-mpi", "bignum multiply-accumulate (mpihelp_addmul_1)"],
  ["bench-memcpy", "memcpy/memset, 256 KiB"],
  ["bench-sort", "quicksort + insertion sort"],
] as const;

const binPath = (name: string) => new URL(`../guests/bin/${name}.bin`, import.meta.url).pathname;
const guestBin = (name: string, mode: Mode) => binPath(`${name}-${endian}${mode === "off" ? "" : `-${mode}`}`);

interface SparRun {
  instructions: number;
  seconds: number;
  output: string;
}

async function runOnSpar(path: string): Promise<SparRun> {
  const parsed = parseCommandLine(["-nographic", "-m", "512M", "-cpu", cpu, "-icount", "shift=0", "-bios", path], {});
  if (parsed.kind !== "run") throw new Error(parsed.stderr);
  let output = "";
  const machine = new PseriesMachine(parsed.config, { write: (b) => (output += new TextDecoder().decode(b)) }, new MachineLog([], (l) => console.error(l)));
  await machine.boot();
  const t0 = performance.now();
  await machine.run();
  return { instructions: machine.cpu.instructions, seconds: (performance.now() - t0) / 1000, output };
}

/** QEMU seconds with start-up subtracted (qemu.ts measures the hello guest of the same endianness). */
async function qemuSeconds(path: string): Promise<number | null> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timeUnderQemu(path, { cpu });
    if (!r) return null;
    if (r.exitStatus !== 0 || !/ ok\n/.test(r.output)) throw new Error(`${path} failed its own check on QEMU:\n${r.output}`);
    times.push(r.seconds);
  }
  return median(times);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: string[][] = [];
for (const [name, what] of GUESTS) {
  let offMips = { spar: 0, qemu: 0 };
  for (const mode of modes) {
    const path = guestBin(name, mode);
    const sparRuns: SparRun[] = [];
    for (let i = 0; i < runs; i++) sparRuns.push(await runOnSpar(path));
    const spar = sparRuns[0];
    if (!/ ok\n/.test(spar.output)) throw new Error(`${name} (${mode}) failed its own check on spar:\n${spar.output}`);
    const sparSeconds = median(sparRuns.map((r) => r.seconds));
    const sparMips = spar.instructions / sparSeconds / 1e6;
    const qemu = await qemuSeconds(path);
    const qemuMips = qemu === null ? 0 : spar.instructions / Math.max(qemu, 1e-6) / 1e6;
    if (mode === "off") offMips = { spar: sparMips, qemu: qemuMips };
    const ratio = (on: number, off: number) => (mode === "off" || !off ? "" : (on / off).toFixed(2));
    rows.push([
      mode === modes[0] ? name : "",
      mode,
      (spar.instructions / 1e6).toFixed(1) + " M",
      `${sparSeconds.toFixed(2)} s`,
      sparMips.toFixed(1),
      ratio(sparMips, offMips.spar),
      qemu === null ? "not installed" : `${qemu.toFixed(3)} s`,
      qemu === null ? "" : qemuMips.toFixed(0),
      ratio(qemuMips, offMips.qemu),
    ]);
    console.error(`${name} ${mode}: ${sparMips.toFixed(1)} MIPS${qemu === null ? "" : `, QEMU ${qemu.toFixed(3)} s`}  (${what})`);
  }
}

const header = ["guest", "MMU", "instructions", "spar time", "spar MIPS", "on/off", "QEMU time", "QEMU MIPS", "on/off"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const right = new Set([2, 3, 4, 5, 6, 7, 8]);
const line = (cells: string[]) => "| " + cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ") + " |";
console.log(`spar ${endian.toUpperCase()} guests, -cpu ${cpu}, median of ${runs} run(s), Bun ${Bun.version}; QEMU: qemu-system-ppc64 TCG, same -cpu`);
console.log("MMU: off = real mode; hash = SLB + H_ENTER; radix = process table + tree (POWER9); 64 KiB pages, identity 0..8 MiB");
console.log("on/off: MIPS with translation on over MIPS in real mode (QEMU MIPS use spar's instruction count)");
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const r of rows) console.log(line(r));
