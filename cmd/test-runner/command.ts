// `spar test [--format tap|junit] [--junit FILE] SCRIPT`: load and check the script, boot its
// machine, run the steps, report TAP (or JUnit) and return 0 only when every step passed.
import { StartError } from "../../vmm/machine/launch.ts";
import { errorLine } from "../command-line.ts";
import { nonEmptyPath, oneOf, validateValue } from "../schemas.ts";
import { UsageError } from "../usage-error.ts";
import { junitReport } from "./junit.ts";
import { ProgressLine, progressText, type Terminal } from "./progress.ts";
import { describeStep, runScript, type RunObserver, type StepOutcome } from "./runner.ts";
import { DEFAULT_TIMEOUT, loadScript, type Script, type Step } from "./script.ts";
import { TAIL_LINES, type GuestSession } from "./session.ts";
import { tapHeader, tapStep, tapSummary } from "./tap.ts";

export interface TestIo {
  stdout: { write(text: string): unknown };
  /** Log lines and errors; the progress line too when it is a terminal. */
  stderr: Terminal;
  env: Record<string, string | undefined>;
}

interface TestOptions {
  file: string;
  format: "tap" | "junit";
  junit?: string;
}

const PROGRESS_MS = 200;

export async function testCommand(argv: readonly string[], io: TestIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`spar: ${message}\n`);
    return 1;
  };
  let options: TestOptions | "help";
  let script: Script;
  try {
    options = parseTestArgs(argv);
    if (options === "help") {
      io.stdout.write(testHelp());
      return 0;
    }
    script = loadScript(options.file, io.env);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }

  const started = performance.now();
  let outcomes: StepOutcome[];
  try {
    outcomes = await runShowingProgress(script, options.format === "tap", io);
  } catch (error) {
    if (error instanceof StartError) return fail(`${options.file}: ${error.message}`);
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  io.stdout.write(options.format === "tap" ? tapSummary(outcomes) : junitReport(options.file, outcomes, seconds));
  if (options.junit !== undefined) {
    try {
      await Bun.write(options.junit, junitReport(options.file, outcomes, seconds));
    } catch (error) {
      return fail(`--junit ${options.junit}: ${errorLine(error)}`);
    }
  }
  return outcomes.every(({ result }) => result === "passed") ? 0 : 1;
}

/** Run the script, writing each step's TAP line as it finishes (if `tap`) and the progress line on a terminal. */
async function runShowingProgress(script: Script, tap: boolean, io: TestIo): Promise<StepOutcome[]> {
  const started = performance.now();
  const progress = ProgressLine.on(io.stderr);
  let current: { index: number; step: Step; session: GuestSession } | undefined;
  let failedStep: number | undefined;
  const ticker =
    progress &&
    setInterval(() => {
      if (!current) return;
      const { index, step, session } = current;
      progress.show(progressText(index, script.steps.length, describeStep(step), (performance.now() - started) / 1000, session.instructions));
    }, PROGRESS_MS);
  try {
    const observer: RunObserver = {
      stepStarted(index, step, session) {
        if (index === 0 && tap) io.stdout.write(tapHeader(script.steps.length));
        current = { index, step, session };
      },
      stepFinished(index, outcome) {
        progress?.clear();
        if (outcome.result === "failed") failedStep = index;
        if (tap) io.stdout.write(tapStep(index, outcome, failedStep));
      },
    };
    const onLog = (line: string) => {
      progress?.clear();
      io.stderr.write(line + "\n");
    };
    return await runScript(script, observer, { onLog });
  } finally {
    clearInterval(ticker);
    progress?.clear();
  }
}

const formatSchema = oneOf(["tap", "junit"]);

function parseTestArgs(argv: readonly string[]): TestOptions | "help" {
  const files: string[] = [];
  let format: TestOptions["format"] = "tap";
  let junit: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help" || arg === "-help") return "help";
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new UsageError(`test ${flag}: requires an argument`);
      return argv[++i]!;
    };
    if (flag === "--format") {
      const text = value();
      format = validateValue(formatSchema, text, `test --format ${text}`);
    } else if (flag === "--junit") junit = validateValue(nonEmptyPath, value(), "test --junit");
    else if (arg.startsWith("-") && arg !== "-") throw new UsageError(`test ${arg}: unknown option; see spar test --help`);
    else files.push(arg);
  }
  if (files.length !== 1) {
    throw new UsageError(`test: ${files.length === 0 ? "expected a script file" : "one script at a time"}; see spar test --help`);
  }
  return { file: files[0]!, format, junit };
}

export function testHelp(): string {
  return `Usage: spar test [--format tap|junit] [--junit FILE] SCRIPT

Boots the machine a test script describes and runs the script's steps against the guest's
console: wait for text, type, wait for the guest to stop. Each step is reported as TAP on
stdout as it finishes; the exit status is 0 when every step passed, 1 otherwise.

Options:
  --format tap|junit   what stdout gets: TAP version 13 (default) or JUnit XML
  --junit FILE         also write JUnit XML to FILE
  -h, --help           print this help and exit

Script (YAML, or JSON):
  args: -M pseries -cpu POWER9 -m 1G -kernel vmlinux -initrd initrd.gz -append console=hvc0
  timeout: 60            # seconds an expect or exit step waits unless it says (default ${DEFAULT_TIMEOUT})
  steps:
    - expect: '^# '      # a regular expression, searched in the console output that follows
      timeout: 120       #   the previous match; ^ and $ match at every line
    - send: 'uname -m\\n' # typed on the console; escapes: \\n \\r \\t \\e \\\\ \\xHH
    - expect: ppc64le
    - send: 'poweroff\\n'
    - exit: 0            # wait for the guest to stop by itself, and check its exit status

  args is spar's command line: a list of strings, or one string split as a shell splits it (quotes
  and backslashes, no expansions). Relative file names in it resolve against the script's
  directory. The test captures the console, so -nographic and -serial change nothing; -display
  tui and -S are refused. Write regular expressions in single quotes or unquoted: in YAML double
  quotes a backslash is YAML's escape.

  The first step that fails (a timeout, the guest stopping before its text appears, another exit
  status) stops the guest; the report gives the reason, the time the step took and the last
  ${TAIL_LINES} console lines, and skips the later steps. On a terminal, stderr shows a progress line:
  the step, the elapsed time and the guest instructions run.
`;
}
