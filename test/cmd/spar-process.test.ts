import { expect, test } from "bun:test";
import { join } from "node:path";

const root = join(import.meta.dir, "../..");

function spar(...args: string[]) {
  const env = { ...process.env, SPAR_HOST_CPU: "" };
  const result = Bun.spawnSync(["bun", "cmd/spar.ts", ...args], { cwd: root, env });
  return { status: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

test("spar -cpu help prints the models and exits 0", () => {
  const { status, stdout, stderr } = spar("-cpu", "help");
  expect(status).toBe(0);
  expect(stdout).toContain("POWER9");
  expect(stderr).toBe("");
});

test("spar -m banana prints one error line, no stack trace, and exits 1", () => {
  const { status, stdout, stderr } = spar("-m", "banana");
  expect(status).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toStartWith("spar: -m banana: ");
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s*at /m);
});
