// `bun run bench:dashboard`: what the dashboard costs a guest. The same bench guest runs, in
// turn: in spar's main thread as -nographic runs it; in a Worker with nothing watching; and in a
// Worker under the real dashboard (Ink at 80x24, sampling and redrawing as on a terminal, into a
// stream that counts the bytes a terminal would get). For each it reports guest MIPS two ways:
// over wall time from boot to power-off (what a user sees, but at the mercy of other load on the
// host), and over the guest thread's own CPU time (what the instructions cost, steady on a busy
// host); and the dashboard thread's CPU time as a share of one core. Every run is a fresh process,
// as every spar is, so none inherits another's warmed-up JIT.
//
//   bun run bench:dashboard [--guest bench-mpi-le] [--runs 5]

import { readFileSync } from "node:fs";
import { PassThrough, Writable } from "node:stream";
import { parseArgs } from "node:util";
import { parseCommandLine } from "../../cmd/command-line.ts";
import { runDashboard, type Terminal } from "../../tui/run-dashboard.tsx";
import type { MachineConfig } from "../../vmm/machine/config.ts";
import { MachineLog } from "../../vmm/machine/log.ts";
import { PseriesMachine } from "../../vmm/machine/pseries.ts";
import { type GuestEvents, GuestThread } from "../../vmm/machine/thread/guest-thread.ts";

const { values } = parseArgs({ options: { guest: { type: "string", default: "bench-mpi-le" }, runs: { type: "string", default: "5" }, mode: { type: "string" } } });
const path = new URL(`../guests/bin/${values.guest}.bin`, import.meta.url).pathname;
const parsed = parseCommandLine(["-nographic", "-m", "512M", "-icount", "shift=0", "-bios", path], {});
if (parsed.kind !== "run") throw new Error(parsed.stderr);
const config = parsed.config;

/** CPU seconds of the whole process, and of this (the main) thread alone (Linux: /proc/thread-self). */
function cpuNow(): { process: number; main: number } {
  const usage = process.cpuUsage();
  const fields = readFileSync("/proc/thread-self/stat", "utf8").split(") ")[1]!.split(" ");
  return { process: (usage.user + usage.system) / 1e6, main: (Number(fields[11]) + Number(fields[12])) / 100 };
}

interface Run {
  instructions: number;
  wallSeconds: number;
  /** CPU seconds of the thread running the guest. */
  guestCpuSeconds: number;
  /** CPU seconds of the main thread while a Worker ran the guest. */
  mainCpuSeconds: number;
}

function measure(instructions: number, t0: number, cpu0: ReturnType<typeof cpuNow>, guestInMain: boolean): Run {
  const cpu = cpuNow();
  const main = cpu.main - cpu0.main, all = cpu.process - cpu0.process;
  return { instructions, wallSeconds: (performance.now() - t0) / 1000, guestCpuSeconds: guestInMain ? all : all - main, mainCpuSeconds: guestInMain ? 0 : main };
}

async function inMainThread(): Promise<Run> {
  const machine = new PseriesMachine(config, { write() {} }, new MachineLog([], () => {}));
  await machine.boot();
  const t0 = performance.now(), cpu0 = cpuNow();
  await machine.run();
  return measure(machine.cpu.instructions, t0, cpu0, true);
}

/** A Worker guest that reports its run from boot to power-off. */
function timedGuest(config: MachineConfig, events: GuestEvents, done: (run: Run) => void): GuestThread {
  let t0 = 0;
  let cpu0 = cpuNow();
  const guest: GuestThread = new GuestThread("bench", config, {
    console: events.console,
    changed: () => {
      if (guest.stats && t0 === 0) {
        t0 = performance.now();
        cpu0 = cpuNow();
      }
      if (guest.exitStatus !== undefined) done(measure(guest.stats!.get("instructions"), t0, cpu0, false));
      events.changed();
    },
  });
  return guest;
}

async function inWorker(): Promise<Run> {
  const { promise, resolve } = Promise.withResolvers<Run>();
  const guest = timedGuest(config, { console() {}, changed() {} }, resolve);
  const run = await promise;
  await guest.shutdown();
  return run;
}

async function underDashboard(): Promise<Run & { terminalBytes: number }> {
  let terminalBytes = 0;
  const stdout = Object.assign(
    new Writable({
      write(chunk, _encoding, callback) {
        terminalBytes += chunk.length;
        callback();
      },
    }),
    { isTTY: true, columns: 80, rows: 24 },
  ) as unknown as NodeJS.WriteStream;
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
  const terminal: Terminal = { stdin: stdin as unknown as Terminal["stdin"], stdout, stderr: { write: () => true } };
  const { promise, resolve } = Promise.withResolvers<Run>();
  const quit = runDashboard([{ name: "bench", config }], { terminal, createGuest: (spec, events) => timedGuest(spec.config, events, resolve) });
  const run = await promise;
  stdin.write("q"); // the guest has stopped, so q quits without asking
  await quit;
  return { ...run, terminalBytes };
}

const MODES = { main: inMainThread, worker: inWorker, dashboard: underDashboard } as const;
type Mode = keyof typeof MODES;
if (values.mode) {
  // A child: one run, reported as JSON.
  console.log(JSON.stringify(await MODES[values.mode as Mode]()));
  process.exit(0);
}

async function runChild(mode: Mode): Promise<Run & { terminalBytes?: number }> {
  const child = Bun.spawn(["bun", import.meta.path, "--guest", values.guest!, "--mode", mode], { stdout: "pipe", stderr: "pipe" });
  const [out, err] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
  if ((await child.exited) !== 0) throw new Error(`${mode} run failed: ${err}`);
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runs = { main: [] as Run[], worker: [] as Run[], dashboard: [] as Run[] };
let bytes = 0;
for (let i = 0; i < Math.max(1, Number(values.runs) || 1); i++) {
  // Interleaved, so a busy spell on the host spreads over all three.
  runs.main.push(await runChild("main"));
  runs.worker.push(await runChild("worker"));
  const d = await runChild("dashboard");
  runs.dashboard.push(d);
  bytes = d.terminalBytes ?? 0;
}

const wallMips = (r: Run) => r.instructions / r.wallSeconds / 1e6;
const cpuMips = (r: Run) => r.instructions / r.guestCpuSeconds / 1e6;
const change = (v: number, base: number) => `${v >= base ? "+" : ""}${(((v - base) / base) * 100).toFixed(1)}%`.padStart(7);
const base = { wall: median(runs.main.map(wallMips)), cpu: median(runs.main.map(cpuMips)) };
console.log(`${values.guest}, ${runs.main.length} runs each (medians)   MIPS/wall s          MIPS/CPU s    main thread`);
for (const [label, series] of [["-nographic (main thread)", runs.main], ["Worker, no dashboard", runs.worker], ["-display tui (Worker + dashboard)", runs.dashboard]] as const) {
  const wall = median(series.map(wallMips)), cpu = median(series.map(cpuMips));
  const main = label.startsWith("-nographic") ? "" : `${(median(series.map((r) => r.mainCpuSeconds / r.wallSeconds)) * 100).toFixed(1)}% of a core`;
  console.log(`  ${label.padEnd(36)} ${wall.toFixed(1).padStart(6)} ${change(wall, base.wall)}   ${cpu.toFixed(1).padStart(6)} ${change(cpu, base.cpu)}   ${main}`);
}
console.log(`  the dashboard wrote ${bytes} bytes to its 80x24 terminal in the last run; load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)}`);
