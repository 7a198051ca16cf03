#!/usr/bin/env bun
// spar's executable: parse the QEMU-style command line, then run the machine. Every failure ends as
// one "spar: ..." line on stderr and status 1, never a stack trace.
import { errorLine, parseCommandLine } from "./command-line.ts";

function fail(error: unknown): never {
  process.stderr.write(`spar: ${errorLine(error)}\n`);
  process.exit(1);
}

process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

const result = parseCommandLine(process.argv.slice(2), process.env);
if (result.kind === "exit") {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  // Leaving through exitCode rather than exit() lets piped help text drain first.
  process.exitCode = result.status;
} else {
  try {
    // Loaded only now, so that --help and friends work without the machine.
    const { refusal, startMachine } = await import("../vmm/machine/start.ts");
    const config = result.config;
    if (config.display !== "tui") process.exit(await startMachine(config));
    const refused = refusal(config);
    if (refused) fail(refused);
    const { guestName, runDashboard } = await import("../tui/run-dashboard.tsx");
    process.exit(await runDashboard([{ name: guestName(config), config }]));
  } catch (error) {
    fail(error);
  }
}
