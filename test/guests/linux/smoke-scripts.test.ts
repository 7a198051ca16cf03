// The smoke scripts through `spar test`: bundled-smoke.yaml (the bundled guest, on POWER8) and
// debian-smoke.yaml (the Debian kernel, on POWER9; needs `bun run guest:debian`, else skipped)
// boot to the initramfs shell, answer uname -m and the MMU line of /proc/cpuinfo, and power off.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { debianFetched } from "./fetch-debian.ts";

function passesUnderSparTest(script: string): void {
  const here = import.meta.dir;
  const run = Bun.spawnSync(["bun", join(here, "../../../cmd/spar.ts"), "test", join(here, script)], { env: { ...process.env, SPAR_HOST_CPU: "" } });
  expect(run.stdout.toString()).toContain("# 10 passed, 0 failed, 0 skipped\n");
  expect(run.exitCode).toBe(0);
}

test("bundled-smoke.yaml passes under spar test", () => passesUnderSparTest("bundled-smoke.yaml"), 300_000);
test.skipIf(!debianFetched())("debian-smoke.yaml passes under spar test (needs `bun run guest:debian`)", () => passesUnderSparTest("debian-smoke.yaml"), 300_000);
