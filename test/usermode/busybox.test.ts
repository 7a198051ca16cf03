// Debian's static ppc64le busybox on spar's CPU through the Linux user-mode harness: every step of
// the busybox script must print what the same binary printed under qemu-ppc64le (stdout, stderr,
// exit status and the files it writes, byte for byte; fixtures/busybox-expected.json, made by
// record-busybox.ts). A step that stops on an instruction spar lacks fails with the instruction's
// word, disassembly and address.
//
// Each step gets the recorded outputs of the steps before it as its input files, so one failing
// step does not cascade into the ones after it.

import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { BUSYBOX, FIXTURE, prepareSandbox } from "./busybox-script.ts";
import { runLinuxUser, type LinuxUserResult } from "./linux-user.ts";
import type { BusyboxFixture, RecordedStep } from "./record-busybox.ts";

const fixture: BusyboxFixture = JSON.parse(readFileSync(FIXTURE, "utf8"));
const encoder = new TextEncoder();

if (!existsSync(BUSYBOX)) {
  test.skip("busybox script on spar: busybox is not downloaded (run `bun run guest:busybox`)", () => {});
} else {
  const binary = readFileSync(BUSYBOX);
  const sha256 = createHash("sha256").update(binary).digest("hex");
  if (sha256 !== fixture.busybox.sha256)
    console.warn(`busybox differs from the recorded ${fixture.busybox.package}; re-record with ${fixture.command}`);
  describe("busybox on spar (POWER8), compared with qemu-ppc64le", () => scriptTests(binary, "power8", fixture.steps));
  // POWER9's AT_HWCAP2 makes glibc pick its ISA 3.0 string and memory routines: the light steps again.
  describe("busybox on spar (POWER9: glibc's ISA 3.0 routines), compared with qemu-ppc64le", () =>
    scriptTests(binary, "power9", fixture.steps.filter((s) => !s.heavy)));
}

/** Run the steps in order in a fresh sandbox, then declare a test for each. */
function scriptTests(binary: Uint8Array, cpu: "power8" | "power9", steps: RecordedStep[]): void {
  const sandbox = mkdtempSync(join(tmpdir(), "busybox-spar-"));
  prepareSandbox(sandbox);
  const unimplemented = new Set<string>();
  const runs = steps.map((step) => {
    const result = runLinuxUser({
      executable: binary,
      cpu,
      argv: ["busybox", ...step.args],
      env: fixture.env,
      execfn: "/bin/busybox",
      stdin: step.stdin ? readFileSync(join(sandbox, step.stdin)) : undefined,
      sandbox,
      maxInstructions: 2e9,
      onUnimplemented: (what) => unimplemented.add(what),
    });
    const files = Object.fromEntries((step.writes ?? []).map((f) => [f, existsSync(join(sandbox, f)) ? readFileSync(join(sandbox, f), "utf8") : undefined]));
    // Later steps read the recorded outputs, so a failure here stays here.
    // (An output recorded only by hash is passed on as spar printed it: identical when its step passes.)
    if (step.stdoutTo) writeFileSync(join(sandbox, step.stdoutTo), step.stdout ?? result.stdout);
    for (const [name, content] of Object.entries(step.files ?? {})) writeFileSync(join(sandbox, name), content);
    return { step, result, files };
  });
  rmSync(sandbox, { recursive: true, force: true });

  for (const { step, result, files } of runs) test(step.name, () => compare(step, result, files));
  test("the system calls busybox makes are implemented, except rseq (which glibc probes and qemu-user lacks too)", () => {
    expect([...unimplemented].filter((name) => name !== "rseq")).toEqual([]);
  });
}

function signalName(signal: number | undefined): string | undefined {
  return signal === undefined ? undefined : Object.entries(constants.signals).find(([, n]) => n === signal)?.[0] ?? `signal ${signal}`;
}

function compare(step: RecordedStep, result: LinuxUserResult, files: Record<string, string | undefined>): void {
  expect(result.fault).toBeUndefined();
  expect({ status: result.status ?? null, signal: signalName(result.signal) }).toEqual({ status: step.status, signal: step.signal });
  expect(Buffer.from(result.stderr).toString()).toBe(step.stderr);
  expect(files).toEqual(step.files ?? {});
  if (step.stdout === undefined) {
    const printed: { bytes?: number; sha256?: string } = { bytes: result.stdout.length, sha256: createHash("sha256").update(result.stdout).digest("hex") };
    expect(printed).toEqual({ bytes: step.stdoutBytes, sha256: step.stdoutSha256 });
    return;
  }
  expect(Buffer.from(result.stdout).toString()).toBe(step.stdout);
  expect(result.stdout).toEqual(encoder.encode(step.stdout)); // byte for byte, not just as decoded text
}
