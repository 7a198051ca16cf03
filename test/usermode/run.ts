// Run a static ppc64le Linux program on spar from the command line, for debugging: stdin, stdout
// and stderr are the terminal's, files come from the sandbox directory (default: the current
// one), and a fault is reported on stderr.
//
//   bun test/usermode/run.ts [--cpu power8|power9] [--trace] [--sandbox DIR] PROGRAM [ARGS...]
//   bun test/usermode/run.ts test/guests/linux/.cache/busybox/bin/busybox sort inventory.txt

import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { runLinuxUser } from "./linux-user.ts";

// Options come before PROGRAM; everything after it belongs to the program.
const first = process.argv.slice(2).findIndex((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--cpu" && all[i - 1] !== "--sandbox");
if (first < 0) {
  console.error("usage: bun test/usermode/run.ts [--cpu power8|power9] [--trace] [--sandbox DIR] PROGRAM [ARGS...]");
  process.exit(2);
}
const { values } = parseArgs({
  args: process.argv.slice(2, 2 + first),
  options: { cpu: { type: "string", default: "power8" }, trace: { type: "boolean" }, sandbox: { type: "string", default: "." } },
});
const [program, ...args] = process.argv.slice(2 + first);
const r = runLinuxUser({
  executable: readFileSync(program),
  cpu: values.cpu === "power9" ? "power9" : "power8",
  argv: [basename(program), ...args],
  env: ["PATH=/bin:/usr/bin", "HOME=/"],
  stdin: process.stdin.isTTY ? undefined : readFileSync(0),
  sandbox: values.sandbox!,
  onUnimplemented: (what) => console.error(`[linux-user] not implemented: ${what}`),
  trace: values.trace ? (line) => console.error(`[linux-user] ${line}`) : undefined,
});
process.stdout.write(r.stdout);
process.stderr.write(r.stderr);
console.error(`[linux-user] ${(r.instructions / 1e6).toFixed(1)} M instructions, ${(r.instructions / r.seconds / 1e6).toFixed(0)} MIPS`);
if (r.fault) console.error(`[linux-user] ${r.fault}`);
// A fault exits as the shell reports a signal: SIGSEGV 139, SIGILL (and the rest) 132.
process.exit(r.status ?? 128 + (r.signal ?? (r.fault?.startsWith("SIGSEGV") ? 11 : 4)));
