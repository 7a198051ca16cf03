// `bun run bench:dashboard`: what the dashboard costs a guest. The same bench guest runs, in
// turn: in spar's main thread as -nographic runs it; in a Worker with nothing watching; and in a
// Worker under the real dashboard (Ink at 80x24, sampling and redrawing as on a terminal, into a
// stream that counts the bytes a terminal would get). Guest MIPS = instructions over the wall
// time from boot to power-off; the cost is the dashboard's MIPS against -nographic's.
//
//   bun run bench:dashboard [--guest bench-mpi-le] [--runs 3]

import { parseArgs } from "node:util";
import { PassThrough, Writable } from "node:stream";
import { parseCommandLine } from "../../cmd/command-line.ts";
import type { MachineConfig } from "../../vmm/machine/config.ts";
import { MachineLog } from "../../vmm/machine/log.ts";
import { PseriesMachine } from "../../vmm/machine/pseries.ts";
import { type GuestEvents, GuestThread } from "../../vmm/machine/thread/guest-thread.ts";
import { runDashboard, type Terminal } from "../../tui/run-dashboard.tsx";

const { values } = parseArgs({ options: { guest: { type: "string", default: "bench-mpi-le" }, runs: { type: "string", default: "3" } } });
const path = new URL(`../guests/bin/${values.guest}.bin`, import.meta.url).pathname;
const parsed = parseCommandLine(["-nographic", "-m", "512M", "-icount", "shift=0", "-bios", path], {});
if (parsed.kind !== "run") throw new Error(parsed.stderr);
const config = parsed.config;

interface Run {
  instructions: number;
  seconds: number;
  /** Process CPU seconds (all threads) over the run. */
  cpuSeconds?: number;
}

async function inMainThread(): Promise<Run> {
  const machine = new PseriesMachine(config, { write() {} }, new MachineLog([], () => {}));
  await machine.boot();
  const t0 = performance.now();
  await machine.run();
  return { instructions: machine.cpu.instructions, seconds: (performance.now() - t0) / 1000 };
}

/** A Worker guest that reports its boot-to-power-off time. */
function timedGuest(config: MachineConfig, events: GuestEvents, done: (run: Run) => void): GuestThread {
  let t0 = 0;
  let cpu0 = 0;
  const cpu = () => (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
  const guest: GuestThread = new GuestThread("bench", config, {
    console: events.console,
    changed: () => {
      if (guest.stats && t0 === 0) {
        t0 = performance.now();
        cpu0 = cpu();
      }
      if (guest.exitStatus !== undefined) done({ instructions: guest.stats!.get("instructions"), seconds: (performance.now() - t0) / 1000, cpuSeconds: cpu() - cpu0 });
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mips = (r: Run) => r.instructions / r.seconds / 1e6;
const results = { main: [] as number[], worker: [] as number[], dashboard: [] as number[] };
/** CPU seconds per wall second beyond the Worker's own: the dashboard thread's share of a core. */
const uiShare: number[] = [];
let bytes = 0;
for (let i = 0; i < Math.max(1, Number(values.runs) || 1); i++) {
  // Interleaved, so a busy spell on the host spreads over all three.
  results.main.push(mips(await inMainThread()));
  const w = await inWorker();
  results.worker.push(mips(w));
  const d = await underDashboard();
  results.dashboard.push(mips(d));
  uiShare.push(d.cpuSeconds! / d.seconds - w.cpuSeconds! / w.seconds);
  bytes = d.terminalBytes;
}
// On a shared host the best run is the least disturbed one, so it is shown beside the median.
const best = (xs: number[]) => Math.max(...xs);
const change = (v: number, base: number) => `${(((v - base) / base) * 100).toFixed(1).padStart(5)}%`;
console.log(`${values.guest}, ${results.main.length} runs each, guest MIPS:       median         best`);
for (const [label, series] of [["-nographic (main thread)", results.main], ["Worker, no dashboard", results.worker], ["-display tui (Worker + dashboard)", results.dashboard]] as const) {
  const m = median(series), b = best(series);
  console.log(`  ${label.padEnd(36)} ${m.toFixed(1).padStart(6)} ${change(m, median(results.main))}  ${b.toFixed(1).padStart(6)} ${change(b, best(results.main))}   (${series.map((v) => v.toFixed(1)).join(", ")})`);
}
console.log(`  the dashboard thread used ${(median(uiShare) * 100).toFixed(1)}% of a core, and wrote ${bytes} bytes to its 80x24 terminal in the last run`);
