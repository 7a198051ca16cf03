#!/usr/bin/env bun
// spar's executable: parse the QEMU-style command line, then run the machine. Every failure ends as
// one "spar: ..." line on stderr and status 1, never a stack trace.
import { guestName } from "../vmm/machine/config.ts";
import { errorLine, parseInvocation } from "./command-line.ts";

function fail(error: unknown): never {
  process.stderr.write(`spar: ${errorLine(error)}\n`);
  process.exit(1);
}

process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

const result = parseInvocation(process.argv.slice(2), process.env);
if (result.kind === "exit") {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  // Leaving through exitCode rather than exit() lets piped help text drain first.
  process.exitCode = result.status;
} else {
  try {
    // Loaded only now, so that --help and friends work without the machine.
    const { refusal, startMachine } = await import("../vmm/machine/start.ts");
    if (result.kind === "run" && result.config.display !== "tui") process.exit(await startMachine(result.config));
    const guests = result.kind === "guests" ? result.guests : [{ name: guestName(result.config), config: result.config }];
    for (const { name, config } of guests) {
      const refused = refusal(config);
      if (refused) fail(guests.length > 1 ? `${name}: ${refused}` : refused);
    }
    const { runDashboard } = await import("../tui/run-dashboard.tsx");
    process.exit(await runDashboard(guests));
  } catch (error) {
    fail(error);
  }
}
