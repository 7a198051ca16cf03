// Guest MIPS of the user-mode harness on busybox sha256sum of the ~1 MiB big.txt, next to
// qemu-ppc64le running the same command when it is installed. QEMU's rate uses spar's
// instruction count (the same binary on the same input) over QEMU's time for the command minus
// its time for `busybox true` (start-up). Best of --runs.
//
//   bun test/usermode/bench-busybox.ts [--runs N] [--cpu power8|power9]

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BIG_FILE, BUSYBOX, ENV, QEMU_CPU, prepareSandbox } from "./busybox-script.ts";
import { runLinuxUser } from "./linux-user.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, cpu: { type: "string", default: "power8" } } });
const runs = Math.max(1, Number(values.runs) || 1);
const cpu = values.cpu === "power9" ? "power9" : "power8";
if (!existsSync(BUSYBOX)) throw new Error("busybox not downloaded: bun run guest:busybox");
const args = ["sha256sum", BIG_FILE];
const sandbox = mkdtempSync(join(tmpdir(), "busybox-bench-"));
try {
  prepareSandbox(sandbox);
  const binary = readFileSync(BUSYBOX);
  let best = Infinity, instructions = 0;
  const unimplemented = new Set<string>();
  for (let i = 0; i < runs; i++) {
    const r = runLinuxUser({ executable: binary, cpu, argv: ["busybox", ...args], env: ENV, sandbox, onUnimplemented: (w) => unimplemented.add(w) });
    if (r.status !== 0) throw new Error(`spar: ${r.fault ?? `status ${r.status}`}`);
    best = Math.min(best, r.seconds);
    instructions = r.instructions;
  }
  console.log(`busybox ${args.join(" ")} (${(instructions / 1e6).toFixed(1)} M instructions; system calls not implemented: ${[...unimplemented].join(", ") || "none"})`);
  console.log(`spar (${cpu}):  ${best.toFixed(3)} s, ${(instructions / best / 1e6).toFixed(0)} MIPS`);
  const qemu = Bun.which("qemu-ppc64le");
  if (!qemu) console.log("qemu-ppc64le: not installed (apt-get install qemu-user)");
  else {
    const time = (argv: string[]) => {
      let t = Infinity;
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        Bun.spawnSync([qemu, "-cpu", QEMU_CPU, BUSYBOX, ...argv], { cwd: sandbox, env: Object.fromEntries(ENV.map((e) => e.split("=", 2))) });
        t = Math.min(t, (performance.now() - start) / 1000);
      }
      return t;
    };
    const seconds = time(args) - time(["true"]);
    console.log(`qemu-ppc64le:  ${seconds.toFixed(3)} s, ${(instructions / seconds / 1e6).toFixed(0)} MIPS (start-up subtracted)`);
  }
} finally {
  rmSync(sandbox, { recursive: true, force: true });
}
