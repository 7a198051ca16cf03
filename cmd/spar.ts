#!/usr/bin/env bun
// spar's executable: parse the QEMU-style command line, then run the machine (on the terminal, or
// under the dashboard with -display tui); or, as `spar test SCRIPT`, run a scripted boot test.
// Every failure ends as one "spar: ..." line on stderr and status 1, never a stack trace.
import { guestName } from "../vmm/machine/config.ts";
import { errorLine, parseInvocation, type Invocation } from "./command-line.ts";

function fail(error: unknown): never {
  process.stderr.write(`spar: ${errorLine(error)}\n`);
  process.exit(1);
}

process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

const argv = process.argv.slice(2);
// A bare word is never a QEMU option, so "test" cannot clash with a machine's command line.
if (argv[0] === "test") await runTest(argv.slice(1));
else await runMachine(parseInvocation(argv, process.env));

async function runMachine(result: Invocation): Promise<void> {
  if (result.kind === "exit") {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    // Leaving through exitCode rather than exit() lets piped help text drain first.
    process.exitCode = result.status;
    return;
  }
  try {
    // Loaded only now, so that --help and friends work without the machine.
    if (result.kind === "run" && result.config.display !== "tui") {
      const { startMachine } = await import("../vmm/machine/start.ts");
      process.exit(await startMachine(result.config));
    }
    const guests = result.kind === "guests" ? result.guests : [{ name: guestName(result.config), config: result.config }];
    // Refuse before the dashboard takes the terminal.
    const { refusal } = await import("../vmm/machine/launch.ts");
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

async function runTest(args: string[]): Promise<void> {
  try {
    const { testCommand } = await import("./test-runner/command.ts");
    // exitCode, not exit(): the report may still be draining into a pipe.
    process.exitCode = await testCommand(args, { stdout: process.stdout, stderr: process.stderr, env: process.env });
  } catch (error) {
    fail(error);
  }
}
