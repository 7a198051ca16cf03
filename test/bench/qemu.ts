// Reference timings: run a bare-metal test guest (test/guests/bin/*.bin) under QEMU's pseries
// machine with TCG, so spar's numbers can be put next to QEMU's on the same host.
//
// What is measured: wall time from Bun.spawn() until the guest's "exit N" console line arrives
// (every guest built from test/guests prints it right before its RTAS power-off). QEMU's
// start-up (process launch, machine construction, device tree) is part of that, so the same
// measurement is made for the `hello` guest of the same endianness (which does nothing but print
// one line), and its time is subtracted: `seconds` = t(guest) - t(hello), floored at 0. The hello
// run is the fastest of HELLO_RUNS and is cached per (cpu, endianness, QEMU binary) for the life
// of the process. `rawSeconds` and `startupSeconds` carry the two parts.
//
// QEMU 7.2's RTAS power-off ends the process (exit status 0) a few ms after "exit N"; if it has
// not gone within EXIT_GRACE_MS of that line it is killed. Returns null when qemu-system-ppc64 is
// not on PATH (or $QEMU_PPC64 does not name one).
//
//   bun test/bench/qemu.ts [--cpu power9] [guest.bin ...]   # default: all bench-* guests

import { basename, dirname, join } from "node:path";
import { existsSync } from "node:fs";

export interface QemuTiming {
  /** Guest run time with QEMU's start-up cost (the `hello` guest's time) subtracted. */
  seconds: number;
  /** Everything the guest wrote to its console (spapr-vty), up to and including "exit N". */
  output: string;
  /** Spawn-to-"exit N" wall time of the guest itself, start-up included. */
  rawSeconds: number;
  /** Spawn-to-"exit N" wall time of `hello` (the start-up cost that was subtracted). */
  startupSeconds: number;
  /** N from the guest's "exit N" line (0 = the guest's own checks passed). */
  exitStatus: number;
}

export interface QemuOptions {
  /** QEMU -cpu model (e.g. "power9", "power8_v2.0"); QEMU's default when absent. */
  cpu?: string;
  /** Give up (kill QEMU, throw) when "exit N" has not appeared after this long. Default 300 s. */
  timeoutMs?: number;
}

/** Machine options: pseries, with the Spectre/Meltdown capability warnings of TCG silenced. */
export const QEMU_MACHINE = "pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off";
/** For a Linux guest: the same machine with QEMU's own VOF firmware, the closest to spar's. */
export const QEMU_LINUX_MACHINE = ["-M", `${QEMU_MACHINE},x-vof=on`];
const EXIT_GRACE_MS = 2000;
const HELLO_RUNS = 3;
const GUEST_BIN_DIR = join(import.meta.dir, "..", "guests", "bin");
const EXIT_LINE = /^exit (-?\d+)\r?$/m;

/** Path of qemu-system-ppc64 ($QEMU_PPC64 or PATH), or null. */
export function findQemu(): string | null {
  const env = process.env.QEMU_PPC64;
  if (env) return existsSync(env) ? env : null;
  return Bun.which("qemu-system-ppc64");
}

/** The command line used for a guest (everything after the executable). */
export function qemuArgs(binPath: string, opts: QemuOptions = {}): string[] {
  return [
    "-M", QEMU_MACHINE,
    ...(opts.cpu ? ["-cpu", opts.cpu] : []),
    "-m", "512M",
    "-accel", "tcg",
    "-display", "none",
    "-monitor", "none",
    "-serial", "stdio",
    "-bios", binPath,
  ];
}

interface RawRun { seconds: number; output: string; exitStatus: number }

async function runOnce(qemu: string, binPath: string, opts: QemuOptions): Promise<RawRun> {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const t0 = performance.now();
  const proc = Bun.spawn([qemu, ...qemuArgs(binPath, opts)], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const stderrText = new Response(proc.stderr).text();
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let output = "";
  let seen: { at: number; status: number } | null = null;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill();
  }, timeoutMs);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      output += decoder.decode(value, { stream: true });
      const m = EXIT_LINE.exec(output);
      if (m) {
        seen = { at: performance.now(), status: Number(m[1]) };
        output = output.slice(0, m.index + m[0].length) + "\n";
        break;
      }
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
  if (!seen) {
    proc.kill();
    await proc.exited;
    const why = timedOut ? `no "exit N" line within ${timeoutMs} ms` : `QEMU exited (status ${proc.exitCode}) without an "exit N" line`;
    throw new Error(`${basename(binPath)}: ${why}\n--- console ---\n${output}\n--- stderr ---\n${await stderrText}`);
  }
  // RTAS power-off should end QEMU by itself; don't let a guest that spins keep it alive.
  const grace = setTimeout(() => proc.kill(), EXIT_GRACE_MS);
  await proc.exited;
  clearTimeout(grace);
  return { seconds: (seen.at - t0) / 1000, output, exitStatus: seen.status };
}

const startupCache = new Map<string, number>();

/** Path of the `hello` guest with the same endianness as `binPath` (…-le.bin, …-be-hash.bin, ...). */
function helloFor(binPath: string): string {
  const endian = /-(le|be)(-\w+)?\.bin$/.exec(basename(binPath))?.[1] ?? "be";
  const sibling = join(dirname(binPath), `hello-${endian}.bin`);
  return existsSync(sibling) ? sibling : join(GUEST_BIN_DIR, `hello-${endian}.bin`);
}

async function startupSeconds(qemu: string, hello: string, opts: QemuOptions): Promise<number> {
  const key = `${qemu}\0${opts.cpu ?? ""}\0${hello}`;
  const cached = startupCache.get(key);
  if (cached !== undefined) return cached;
  let best = Infinity;
  for (let i = 0; i < HELLO_RUNS; i++) best = Math.min(best, (await runOnce(qemu, hello, opts)).seconds);
  startupCache.set(key, best);
  return best;
}

/**
 * Time a raw test guest under qemu-system-ppc64 -M pseries (TCG). Resolves to null when QEMU is
 * not installed; throws if the guest never prints "exit N".
 */
export async function timeUnderQemu(binPath: string, opts: QemuOptions = {}): Promise<QemuTiming | null> {
  const qemu = findQemu();
  if (!qemu) return null;
  const startup = await startupSeconds(qemu, helloFor(binPath), opts);
  const run = await runOnce(qemu, binPath, opts);
  return {
    seconds: Math.max(0, run.seconds - startup),
    output: run.output,
    rawSeconds: run.seconds,
    startupSeconds: startup,
    exitStatus: run.exitStatus,
  };
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const opts: QemuOptions = {};
  const bins: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--cpu") opts.cpu = args[++i];
    else bins.push(args[i]!);
  }
  if (bins.length === 0)
    for (const g of ["bench-mpi", "bench-memcpy", "bench-sort"])
      for (const e of ["be", "le"]) bins.push(join(GUEST_BIN_DIR, `${g}-${e}.bin`));
  for (const bin of bins) {
    const r = await timeUnderQemu(bin, opts);
    if (!r) {
      console.log("qemu-system-ppc64 not found");
      process.exit(0);
    }
    const last = r.output.trimEnd().split("\n").filter((l) => l.startsWith("checksum")).pop() ?? "";
    console.log(
      `${basename(bin).padEnd(22)} ${r.seconds.toFixed(3)} s  (raw ${r.rawSeconds.toFixed(3)} s - start-up ${r.startupSeconds.toFixed(3)} s)  exit ${r.exitStatus}  ${last}`,
    );
  }
}
