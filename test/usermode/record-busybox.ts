// Records what Debian's busybox prints for the busybox script under qemu-ppc64le (Debian's
// qemu-user), into fixtures/busybox-expected.json, which busybox.test.ts compares spar against
// byte for byte. Needs `bun run guest:busybox` and `apt-get install qemu-user`.
//
//   bun test/usermode/record-busybox.ts

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { BUSYBOX, BUSYBOX_DIR, ENV, FIXTURE, QEMU_CPU, STEPS, prepareSandbox, type Step } from "./busybox-script.ts";

export interface RecordedStep extends Step {
  status: number | null;
  signal?: string;
  /** stdout as text, or for binary or long output (over STDOUT_TEXT_LIMIT) its SHA-256 and length. */
  stdout?: string;
  stdoutSha256?: string;
  stdoutBytes?: number;
  stderr: string;
  /** The files the applet wrote (Step.writes), by name. */
  files?: Record<string, string>;
}

export interface BusyboxFixture {
  command: string;
  qemu: string;
  cpu: string;
  busybox: { package: string; sha256: string };
  env: string[];
  steps: RecordedStep[];
}

const decoder = new TextDecoder("utf-8", { fatal: true }); // the fixture holds text: refuse anything else
/** Longer outputs are recorded by hash, so the fixture stays small. */
const STDOUT_TEXT_LIMIT = 32 << 10;

function text(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function main(): void {
  const qemu = Bun.which("qemu-ppc64le");
  if (!qemu) throw new Error("qemu-ppc64le not found: apt-get install qemu-user");
  if (!existsSync(BUSYBOX)) throw new Error("busybox not downloaded: bun run guest:busybox");
  const version = Bun.spawnSync([qemu, "--version"]).stdout.toString().split("\n")[0];
  const sandbox = mkdtempSync(join(tmpdir(), "busybox-record-"));
  try {
    prepareSandbox(sandbox);
    const steps = STEPS.map((step) => record(qemu, sandbox, step));
    const fixture: BusyboxFixture = {
      command: "bun test/usermode/record-busybox.ts",
      qemu: version,
      cpu: QEMU_CPU,
      busybox: {
        package: `busybox-static:ppc64el ${readFileSync(join(BUSYBOX_DIR, "VERSION"), "utf8").trim()}`,
        sha256: createHash("sha256").update(readFileSync(BUSYBOX)).digest("hex"),
      },
      env: ENV,
      steps,
    };
    mkdirSync(dirname(FIXTURE), { recursive: true });
    writeFileSync(FIXTURE, JSON.stringify(fixture, null, 1) + "\n");
    console.log(`${steps.length} steps recorded with ${version} into ${FIXTURE}`);
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
}

function record(qemu: string, sandbox: string, step: Step): RecordedStep {
  const run = Bun.spawnSync([qemu, "-cpu", QEMU_CPU, BUSYBOX, ...step.args], {
    cwd: sandbox,
    env: Object.fromEntries(ENV.map((e) => e.split("=", 2))),
    stdin: step.stdin ? readFileSync(join(sandbox, step.stdin)) : new Uint8Array(0),
  });
  const recorded: RecordedStep = { ...step, status: run.exitCode, stderr: decoder.decode(run.stderr) };
  const stdout = text(run.stdout);
  if (stdout !== undefined && run.stdout.length <= STDOUT_TEXT_LIMIT) recorded.stdout = stdout;
  else {
    recorded.stdoutSha256 = createHash("sha256").update(run.stdout).digest("hex");
    recorded.stdoutBytes = run.stdout.length;
  }
  if (run.signalCode) recorded.signal = String(run.signalCode);
  if (step.stdoutTo) writeFileSync(join(sandbox, step.stdoutTo), run.stdout);
  if (step.writes) recorded.files = Object.fromEntries(step.writes.map((f) => [f, decoder.decode(readFileSync(join(sandbox, f)))]));
  console.log(`${step.name}: status ${run.exitCode}, ${run.stdout.length} bytes out, ${run.stderr.length} bytes err`);
  return recorded;
}

if (import.meta.main) main();
