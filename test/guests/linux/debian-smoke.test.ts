// debian-smoke.yaml through `spar test`: the Debian kernel boots to its initramfs shell, answers
// uname -m and the MMU line of /proc/cpuinfo, and powers off. Needs the Debian guest
// (bun run guest:debian); without it the test shows as skipped.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { debianFetched } from "./fetch-debian.ts";

const here = import.meta.dir;

if (!debianFetched()) {
  test.skip("debian-smoke.yaml on spar: the Debian guest is not built (run `bun run guest:debian`)", () => {});
} else {
  test("debian-smoke.yaml passes under spar test", () => {
    const run = Bun.spawnSync(["bun", join(here, "../../../cmd/spar.ts"), "test", join(here, "debian-smoke.yaml")], { env: { ...process.env, SPAR_HOST_CPU: "" } });
    const stdout = run.stdout.toString();
    expect(stdout).toContain("# 10 passed, 0 failed, 0 skipped\n");
    expect(run.exitCode).toBe(0);
  }, 300_000);
}
