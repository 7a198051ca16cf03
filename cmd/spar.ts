#!/usr/bin/env bun
// spar's executable: parse the QEMU-style command line, then run the machine; or, as `spar test
// SCRIPT`, run a scripted boot test. Every failure ends as one "spar: ..." line on stderr and
// status 1, never a stack trace.
import { errorLine, parseCommandLine, type CommandLineResult } from "./command-line.ts";

function fail(error: unknown): never {
  process.stderr.write(`spar: ${errorLine(error)}\n`);
  process.exit(1);
}

process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

const argv = process.argv.slice(2);
// A bare word is never a QEMU option, so "test" cannot clash with a machine's command line.
if (argv[0] === "test") await runTest(argv.slice(1));
else await runMachine(parseCommandLine(argv, process.env));

async function runMachine(result: CommandLineResult): Promise<void> {
  if (result.kind === "exit") {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    // Leaving through exitCode rather than exit() lets piped help text drain first.
    process.exitCode = result.status;
    return;
  }
  try {
    // Loaded only now, so that --help and friends work without the machine.
    const { startMachine } = await import("../vmm/machine/start.ts");
    process.exit(await startMachine(result.config));
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
