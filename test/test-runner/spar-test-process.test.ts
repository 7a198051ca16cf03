// `spar test FILE` as a user runs it: the real executable in a subprocess, its TAP on stdout and
// its exit status.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { guestBin } from "../machine/boot-machine.ts";

const root = join(import.meta.dir, "../..");
const dir = mkdtempSync(join(tmpdir(), "spar-test-process-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sparTest(...args: string[]) {
  const result = Bun.spawnSync(["bun", "cmd/spar.ts", "test", ...args], { cwd: root, env: { ...process.env, SPAR_HOST_CPU: "" } });
  return { status: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

test("spar test runs the script's steps, prints TAP and exits 0 when all pass", () => {
  const file = join(dir, "echo.yaml");
  // The guest's path relative to the script's directory, as a script beside its guest would name it.
  writeFileSync(file, `args: -bios ${relative(dir, guestBin("echo-be"))}\nsteps:\n  - expect: 'echo> $'\n  - send: 'spar\\n'\n  - expect: 'echo: spar'\n  - send: 'exit 0\\n'\n  - exit: 0\n`);
  const { status, stdout, stderr } = sparTest(file);
  expect(stderr).toBe("");
  expect(stdout.replace(/\(\d+\.\d s\)/g, "(T)")).toBe(`TAP version 13
1..5
ok 1 - expect /echo> $/ (T)
ok 2 - send "spar\\n" (T)
ok 3 - expect /echo: spar/ (T)
ok 4 - send "exit 0\\n" (T)
ok 5 - exit 0 (T)
# 5 passed, 0 failed, 0 skipped
`);
  expect(status).toBe(0);
});

test("the example script beside the guests passes from any directory", () => {
  const run = Bun.spawnSync(["bun", join(root, "cmd/spar.ts"), "test", join(root, "test/guests/echo-smoke.yaml")], { cwd: dir });
  expect(run.stdout.toString()).toEndWith("# 6 passed, 0 failed, 0 skipped\n");
  expect(run.exitCode).toBe(0);
});

test("a failing step makes the status 1", () => {
  const file = join(dir, "fail.yaml");
  writeFileSync(file, `args: [-bios, ${guestBin("hello-le")}]\nsteps:\n  - exit: 1\n`);
  const { status, stdout } = sparTest(file);
  expect(stdout).toContain("not ok 1 - exit 1 (");
  expect(stdout).toContain("# the guest stopped with status 0, expected 1\n");
  expect(status).toBe(1);
});

test("a bad script is one line on stderr and status 1", () => {
  const file = join(dir, "bad.yaml");
  writeFileSync(file, `args: [-bios, ${guestBin("hello-le")}]\nsteps:\n  - expect: '('\n`);
  const { status, stdout, stderr } = sparTest(file);
  expect({ status, stdout, stderr }).toEqual({
    status: 1,
    stdout: "",
    stderr: `spar: ${file}:3: step 1: expect: bad regular expression: Invalid regular expression: missing )\n`,
  });
});
