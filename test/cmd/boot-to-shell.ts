// Drives a spar process as a person at its terminal would: wait for the bundled guest's shell
// prompt on stdout, run a command, type `poweroff`, and collect the exit status. The process test
// uses it on `bun cmd/spar.ts`, and CI on dist/spar copied alone into an empty directory:
//   bun test/cmd/boot-to-shell.ts PROGRAM [ARGS...]     (prints the console; exits with spar's status)

import { SHELL_PROMPT } from "../guests/linux/linux-guests.ts";

/** Every prompt so far (input sent before a prompt's cursor query is flushed, so each command waits for one). */
const PROMPTS = new RegExp(SHELL_PROMPT.source, "g");

export interface ShellRun {
  status: number;
  console: string;
  stderr: string;
  /** Milliseconds from spawn to the first prompt. */
  promptMs: number;
}

/** Run `command` (spar and its arguments) in `cwd`; at the prompt, send `uname -m`, then `poweroff`. */
export async function bootToShell(command: string[], cwd: string, timeoutMs = 120_000): Promise<ShellRun> {
  const start = performance.now();
  const child = Bun.spawn(command, { cwd, stdin: "pipe", stdout: "pipe", stderr: "pipe", env: { ...process.env, SPAR_HOST_CPU: "" } });
  const timer = setTimeout(() => child.kill(), timeoutMs);
  const decoder = new TextDecoder();
  let console = "", promptMs = 0, prompts = 0;
  const inputs = ["uname -m\n", "poweroff\n"];
  for await (const chunk of child.stdout) {
    console += decoder.decode(chunk, { stream: true });
    const seen = console.match(PROMPTS)?.length ?? 0;
    if (seen > prompts) {
      prompts = seen;
      if (promptMs === 0) promptMs = performance.now() - start;
      const input = inputs.shift();
      if (input !== undefined) {
        child.stdin.write(input);
        child.stdin.flush();
      }
    }
  }
  const status = await child.exited;
  clearTimeout(timer);
  return { status, console, stderr: await new Response(child.stderr).text(), promptMs };
}

if (import.meta.main) {
  const run = await bootToShell(process.argv.slice(2), process.cwd());
  process.stdout.write(run.console);
  process.stderr.write(run.stderr);
  console.error(`\nfirst prompt after ${(run.promptMs / 1000).toFixed(2)} s; spar exited with status ${run.status}`);
  process.exit(run.console.includes("\nppc64le\r\n") ? run.status : 1);
}
