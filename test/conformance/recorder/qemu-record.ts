/**
 * Differential-test recorder: runs single-instruction cases on QEMU
 * (qemu-system-ppc64 -M pseries, TCG) and returns the final architected state.
 *
 * The guest side is runner-{be,le}.bin (see runner.S for the memory map and
 * record layouts).  One QEMU boot handles a whole batch: the cases are loaded
 * at 0x1000000 with `-device loader`, the runner executes them one by one,
 * sets a done flag, and we read the results back with QMP `pmemsave`.
 *
 * A case that never raises an interrupt (e.g. `b .`, `rfid` back onto itself,
 * `bdnz .` with a large CTR) stalls the runner's progress word; after
 * `stallMs` without progress we inject an NMI (QMP inject-nmi = system reset
 * interrupt on pseries), which the runner records as vector 0x100 and then
 * carries on.  Such cases' state is not meaningful — treat vector 0x100 as
 * "hung".
 *
 * Test tooling only (BigInt is fine here).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection, type Socket } from "node:net";

export interface CaseInput {
  insns: number[];
  flags: number;
  cr: number;
  xer: bigint;
  lr: bigint;
  ctr: bigint;
  tar: bigint;
  gpr: bigint[] /*32*/;
  mem: Uint8Array /*256*/;
  /** FP/vector state; when present the case runs with MSR[FP|VEC|VSX] on (less the *_OFF flags). */
  vec?: VecState;
}

/** The FP, VMX and VSX registers. */
export interface VecState {
  /** 64 VSRs, VSR i at 16*i, each big-endian (byte 0 = most significant). FPR i = VSR i bytes 0..7, VR i = VSR 32+i. */
  vsr: Uint8Array /*1024*/;
  /** All 64 bits (DRN in the high word). */
  fpscr: bigint;
  /** NJ = 0x10000, SAT = 1. */
  vscr: number;
}

export interface CaseOutput {
  gpr: bigint[];
  cr: number;
  xer: bigint;
  lr: bigint;
  ctr: bigint;
  tar: bigint;
  srr0: bigint;
  srr1: bigint;
  vector: number;
  dar: bigint;
  dsisr: number;
  mem: Uint8Array;
  /** Always read back; meaningful only when the input had `vec` (otherwise all zero going in). */
  vec: VecState;
}

export interface RecordOptions {
  /** QEMU -cpu model (default POWER9). */
  cpu?: string;
  /** Cases per QEMU boot (default 10000, at most ~28,000: the case area's size over RECSZ). */
  batch?: number;
  /** Path to qemu-system-ppc64 (default: $SPAR_QEMU or PATH lookup). */
  qemu?: string;
  /** Batches run concurrently (default 1). */
  parallel?: number;
  /** No progress for this long => inject an NMI to unstick a hung case (default 1000 ms). */
  stallMs?: number;
  /** Log QEMU's stderr and boot details. */
  verbose?: boolean;
}

/** Guest-physical layout shared with runner.S. */
export const LAYOUT = {
  S: 0x20000,
  SCRATCH: 0x10000,
  CASES: 0x1000000,
  CASE_RECORDS: 0x1000100,
  RESULTS: 0x4000000,
  RECSZ: 0x700,
  /** FP/vector state in both records (runner.S): VSRs at VSRS, FPSCR and the VSCR quadword. */
  VSRS: 0x300,
  CASE_FPSCR: 0x240,
  CASE_VSCR: 0x250,
  RESULT_FPSCR: 0x280,
  RESULT_VSCR: 0x290,
  DONE: 0x3fff000,
  PROGRESS: 0x3fff008,
  VARS: 0x3f00,
} as const;

export const FLAG_32BIT = 1;
export const FLAG_PR = 2;
/** Run with MSR[FP] = 0 (records the FP-unavailable interrupt). */
export const FLAG_FP_OFF = 4;
/** Run with MSR[VEC] = 0 (VMX unavailable). */
export const FLAG_VEC_OFF = 8;
/** Run with MSR[VSX] = 0 (VSX unavailable). */
export const FLAG_VSX_OFF = 16;
/** MSR[FE0] = MSR[FE1] = 1: precise FP-enabled exceptions. */
export const FLAG_FE = 32;
/** Set by encodeCases when the case has `vec`: MSR[FP|VEC|VSX] on, less the *_OFF flags. */
export const FLAG_VECTOR = 64;
/** vector value recorded for a case that hung and was interrupted by NMI. */
export const VECTOR_HUNG = 0x100;

const DONE_MAGIC = 0x444f4e45444f4e45n; // "DONEDONE"
const MAX_BATCH = Math.floor((LAYOUT.DONE - LAYOUT.CASE_RECORDS) / LAYOUT.RECSZ);
const M64 = (1n << 64n) - 1n;
const MAX_CONSECUTIVE_HANGS = 4;

const QEMU_MACHINE =
  "pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off";

function findQemu(explicit?: string): string {
  const cand = explicit ?? process.env.SPAR_QEMU ?? Bun.which("qemu-system-ppc64");
  if (!cand || !existsSync(cand)) {
    throw new Error(
      `qemu-system-ppc64 not found${cand ? ` at ${cand}` : " on PATH"}; install QEMU ` +
        `(Debian: apt-get install qemu-system-ppc) or set SPAR_QEMU`,
    );
  }
  return cand;
}

function runnerPath(endian: "le" | "be"): string {
  const p = join(import.meta.dir, `runner-${endian}.bin`);
  if (!existsSync(p)) throw new Error(`${p} missing; run test/conformance/recorder/build.sh`);
  return p;
}

/** Serialise a batch in the runner's endianness. */
export function encodeCases(cases: CaseInput[], le: boolean): Uint8Array {
  const buf = new Uint8Array(0x100 + cases.length * LAYOUT.RECSZ);
  const dv = new DataView(buf.buffer);
  dv.setBigUint64(0, BigInt(cases.length), le);
  cases.forEach((c, i) => {
    const o = 0x100 + i * LAYOUT.RECSZ;
    if (c.insns.length < 1 || c.insns.length > 4) throw new Error(`case ${i}: 1..4 insns required`);
    if (c.gpr.length !== 32) throw new Error(`case ${i}: 32 GPRs required`);
    if (c.mem.length !== 256) throw new Error(`case ${i}: 256 bytes of mem required`);
    c.insns.forEach((w, k) => dv.setUint32(o + 4 * k, w >>> 0, le));
    dv.setUint32(o + 0x10, c.insns.length, le);
    dv.setUint32(o + 0x14, c.flags >>> 0, le);
    dv.setBigUint64(o + 0x18, BigInt(c.cr >>> 0), le);
    dv.setBigUint64(o + 0x20, c.xer & M64, le);
    dv.setBigUint64(o + 0x28, c.lr & M64, le);
    dv.setBigUint64(o + 0x30, c.ctr & M64, le);
    dv.setBigUint64(o + 0x38, c.tar & M64, le);
    for (let r = 0; r < 32; r++) dv.setBigUint64(o + 0x40 + 8 * r, c.gpr[r]! & M64, le);
    buf.set(c.mem, o + 0x140);
    if (c.vec) {
      if (c.vec.vsr.length !== 1024) throw new Error(`case ${i}: 64*16 bytes of VSRs required`);
      dv.setUint32(o + 0x14, (c.flags | FLAG_VECTOR) >>> 0, le);
      dv.setBigUint64(o + LAYOUT.CASE_FPSCR, c.vec.fpscr & M64, le);
      dv.setBigUint64(o + LAYOUT.CASE_VSCR + 8, BigInt(c.vec.vscr >>> 0), le);
      const vsr = new DataView(c.vec.vsr.buffer, c.vec.vsr.byteOffset, 1024);
      // stxvd2x/lxvd2x order: doubleword 0 first, each doubleword in the runner's byte order.
      for (let d = 0; d < 128; d++) dv.setBigUint64(o + LAYOUT.VSRS + 8 * d, vsr.getBigUint64(8 * d, false), le);
    }
  });
  return buf;
}

export function decodeResults(buf: Uint8Array, n: number, le: boolean): CaseOutput[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: CaseOutput[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * LAYOUT.RECSZ;
    const q = (off: number) => dv.getBigUint64(o + off, le);
    const gpr: bigint[] = [];
    for (let r = 0; r < 32; r++) gpr.push(q(8 * r));
    const vsr = new Uint8Array(1024);
    const vsrView = new DataView(vsr.buffer);
    for (let d = 0; d < 128; d++) vsrView.setBigUint64(8 * d, q(LAYOUT.VSRS + 8 * d), false);
    out.push({
      gpr,
      cr: Number(q(0x100) & 0xffffffffn),
      xer: q(0x108),
      lr: q(0x110),
      ctr: q(0x118),
      tar: q(0x120),
      srr0: q(0x128),
      srr1: q(0x130),
      vector: Number(q(0x138)),
      dar: q(0x140),
      dsisr: Number(q(0x148) & 0xffffffffn),
      mem: buf.slice(o + 0x180, o + 0x280),
      vec: { vsr, fpscr: q(LAYOUT.RESULT_FPSCR), vscr: Number(q(LAYOUT.RESULT_VSCR + 8) & 0xffffffffn) },
    });
  }
  return out;
}

/** Minimal QMP client: one command in flight at a time. */
class Qmp {
  private buf = "";
  private waiters: ((msg: any) => void)[] = [];
  private closed: Error | null = null;
  private constructor(private sock: Socket) {
    sock.setEncoding("utf8");
    sock.on("data", (d: string) => {
      this.buf += d;
      let nl: number;
      while ((nl = this.buf.indexOf("\n")) >= 0) {
        const line = this.buf.slice(0, nl).trim();
        this.buf = this.buf.slice(nl + 1);
        if (!line) continue;
        const msg = JSON.parse(line);
        if ("return" in msg || "error" in msg || "QMP" in msg) this.waiters.shift()?.(msg);
      }
    });
    const fail = (e: Error) => {
      this.closed = e;
      for (const w of this.waiters.splice(0)) w({ error: { desc: e.message } });
    };
    sock.on("error", fail);
    sock.on("close", () => fail(new Error("QMP connection closed")));
  }

  static async connect(path: string, deadline: number, alive: () => boolean): Promise<Qmp> {
    for (;;) {
      try {
        const sock = await new Promise<Socket>((res, rej) => {
          const s = createConnection(path);
          s.once("connect", () => res(s));
          s.once("error", rej);
        });
        const q = new Qmp(sock);
        await q.next(); // greeting
        await q.cmd("qmp_capabilities");
        return q;
      } catch (e) {
        if (!alive()) throw new Error("QEMU exited before QMP came up");
        if (Date.now() > deadline) throw new Error(`QMP connect timed out: ${e}`);
        await Bun.sleep(20);
      }
    }
  }

  private next(): Promise<any> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((res) => this.waiters.push(res));
  }

  async cmd(execute: string, args?: object): Promise<any> {
    const p = this.next();
    this.sock.write(JSON.stringify(args ? { execute, arguments: args } : { execute }) + "\n");
    const msg = await p;
    if (msg.error) throw new Error(`QMP ${execute}: ${msg.error.desc ?? JSON.stringify(msg.error)}`);
    return msg.return;
  }

  async pmem(dir: string, addr: number, size: number): Promise<Uint8Array> {
    const f = join(dir, `pmem-${addr.toString(16)}.bin`);
    await this.cmd("pmemsave", { val: addr, size, filename: f });
    return new Uint8Array(readFileSync(f));
  }

  close() {
    this.sock.destroy();
  }
}

/** Runner variables at 0x3f00 (boot diagnostics). */
export interface RunnerInfo {
  hSetModeRc: bigint;
  hRegisterProcTblRc: bigint;
  fscrAtBoot: bigint;
  msrAtBoot: bigint;
}

interface BatchParams {
  endian: "le" | "be";
  qemu: string;
  cpu: string;
  stallMs: number;
  verbose: boolean;
  batchStart: number;
}

/** Boot QEMU once, run a batch, return the outputs and the runner's variables. */
async function runBatch(
  cases: CaseInput[],
  p: BatchParams,
): Promise<{ outputs: CaseOutput[]; info: RunnerInfo }> {
  const le = p.endian === "le";
  const n = cases.length;
  const dir = mkdtempSync(join(tmpdir(), "spar-rec-"));
  const sockPath = join(dir, "qmp.sock");
  const casesPath = join(dir, "cases.bin");
  writeFileSync(casesPath, encodeCases(cases, le));

  const args = [
    "-M", QEMU_MACHINE, "-cpu", p.cpu, "-m", "1G", "-smp", "1",
    "-bios", runnerPath(p.endian),
    "-nodefaults", "-display", "none", "-serial", "none", "-monitor", "none",
    "-qmp", `unix:${sockPath},server=on,wait=off`,
    "-device", `loader,file=${casesPath},addr=0x${LAYOUT.CASES.toString(16)},force-raw=on`,
  ];
  const proc = Bun.spawn([p.qemu, ...args], { stdout: "ignore", stderr: "pipe" });
  let stderr = "";
  const errPump = (async () => {
    const dec = new TextDecoder();
    for await (const chunk of proc.stderr as unknown as AsyncIterable<Uint8Array>) {
      const s = dec.decode(chunk);
      stderr += s;
      if (p.verbose) process.stderr.write(s);
    }
  })().catch(() => {});
  let exited = false;
  void proc.exited.then(() => (exited = true));

  let qmp: Qmp | null = null;
  try {
    qmp = await Qmp.connect(sockPath, Date.now() + 15000, () => !exited);
    // Generous: TCG runs ~70k cases/s; allow 5 ms/case plus boot, plus NMI stalls.
    const t0 = Date.now();
    let deadline = t0 + 20000 + n * 5;
    let lastProgress = -1n;
    let lastChange = Date.now();
    let nmiAt = -1n; // progress index at the last NMI
    let nmiRun = 0; // consecutive cases that needed an NMI
    let nmiRunStart = 0n;
    for (;;) {
      if (exited) throw new Error("QEMU exited unexpectedly");
      const st = await qmp.pmem(dir, LAYOUT.DONE, 16);
      const dv = new DataView(st.buffer, st.byteOffset, 16);
      if (dv.getBigUint64(0, le) === DONE_MAGIC) break;
      const progress = dv.getBigUint64(8, le);
      const now = Date.now();
      if (progress !== lastProgress) {
        lastProgress = progress;
        lastChange = now;
      } else if (now - lastChange > p.stallMs) {
        const at = p.batchStart + Number(progress);
        if (progress === nmiAt) {
          throw new Error(`runner wedged at case ${at} (batch-relative ${progress} of ${n}); an NMI did not recover it`);
        }
        // A case that never raises an interrupt (b ., rfid onto itself, bdnz .
        // with a huge CTR, ...): knock it out with a system reset, which the
        // runner records as vector 0x100 before carrying on.
        if (progress === nmiAt + 1n) nmiRun++;
        else (nmiRun = 1), (nmiRunStart = progress);
        if (nmiRun > MAX_CONSECUTIVE_HANGS) {
          // Every case hangs now: an earlier case has most likely overwritten
          // the runner (vectors, save code) or its variables.
          const first = p.batchStart + Number(nmiRunStart);
          throw new Error(
            `runner appears corrupted: cases ${first}..${at} all hung (suspect case ${first} or just before it)`,
          );
        }
        if (p.verbose) console.error(`[recorder] case ${at} hung; injecting NMI`);
        await qmp.cmd("inject-nmi");
        nmiAt = progress;
        lastChange = now;
        deadline += p.stallMs;
      }
      if (now > deadline) {
        throw new Error(
          `QEMU recorder timed out: reached case ${p.batchStart + Number(progress)} ` +
            `(batch-relative ${progress} of ${n})`,
        );
      }
      // Poll briskly at first (small batches finish in well under a second).
      await Bun.sleep(Date.now() - t0 < 1000 ? 25 : 100);
    }
    const raw = n ? await qmp.pmem(dir, LAYOUT.RESULTS, n * LAYOUT.RECSZ) : new Uint8Array(0);
    const v = await qmp.pmem(dir, LAYOUT.VARS, 0x40);
    const vd = new DataView(v.buffer, v.byteOffset, v.byteLength);
    return {
      outputs: decodeResults(raw, n, le),
      info: {
        hSetModeRc: vd.getBigInt64(0x18, le),
        hRegisterProcTblRc: vd.getBigInt64(0x20, le),
        fscrAtBoot: vd.getBigUint64(0x28, le),
        msrAtBoot: vd.getBigUint64(0x30, le),
      },
    };
  } catch (e) {
    await Promise.race([proc.exited, Bun.sleep(300)]);
    if (exited) {
      await Promise.race([errPump, Bun.sleep(300)]);
      if (stderr.trim() && e instanceof Error) e.message += `\nQEMU stderr:\n${stderr.trim()}`;
    }
    throw e;
  } finally {
    if (!exited) await qmp?.cmd("quit").catch(() => {});
    qmp?.close();
    if (!exited) await Promise.race([proc.exited, Bun.sleep(1000)]);
    if (!exited) proc.kill("SIGKILL");
    await proc.exited;
    await errPump;
    rmSync(dir, { recursive: true, force: true });
  }
}

function params(endian: "le" | "be", opts: RecordOptions, batchStart = 0): BatchParams {
  return {
    endian,
    qemu: findQemu(opts.qemu),
    cpu: opts.cpu ?? "POWER9",
    stallMs: opts.stallMs ?? 1000,
    verbose: !!opts.verbose,
    batchStart,
  };
}

/** Boot the runner with no cases and report its diagnostics (H-call rcs, FSCR, MSR). */
export async function bootInfo(endian: "le" | "be", opts: RecordOptions = {}): Promise<RunnerInfo> {
  return (await runBatch([], params(endian, opts))).info;
}

export async function recordWithQemu(
  cases: CaseInput[],
  endian: "le" | "be",
  opts: RecordOptions = {},
): Promise<CaseOutput[]> {
  const base = params(endian, opts);
  const batch = Math.max(1, Math.min(opts.batch ?? 10000, MAX_BATCH));
  const parallel = Math.max(1, opts.parallel ?? 1);
  const chunks: { start: number; cases: CaseInput[] }[] = [];
  for (let i = 0; i < cases.length; i += batch) chunks.push({ start: i, cases: cases.slice(i, i + batch) });

  const results: CaseOutput[][] = new Array(chunks.length);
  let nextChunk = 0;
  const worker = async () => {
    while (nextChunk < chunks.length) {
      const k = nextChunk++;
      const ch = chunks[k]!;
      results[k] = (await runBatch(ch.cases, { ...base, batchStart: ch.start })).outputs;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, chunks.length) }, worker));
  return results.flat();
}
