// TAP (version 13) for a script's steps, one line per step as it finishes, so a long boot shows
// its progress in CI logs too. A failure's reason and console tail follow as # diagnostics.
import { describeStep, type StepOutcome } from "./runner.ts";

export function tapHeader(steps: number): string {
  return `TAP version 13\n1..${steps}\n`;
}

export function tapStep(index: number, outcome: StepOutcome, failedStep?: number): string {
  const name = `${index + 1} - ${describeStep(outcome.step)}`;
  if (outcome.result === "skipped") return `ok ${name} # SKIP not run: step ${failedStep! + 1} failed\n`;
  const line = `${outcome.result === "passed" ? "ok" : "not ok"} ${name} (${outcome.seconds.toFixed(1)} s)\n`;
  if (!outcome.failure) return line;
  const { reason, tail } = outcome.failure;
  const diagnostics = [reason, ...(tail.length ? ["last console lines:", ...tail.map((text) => `  ${text}`)] : ["the console is empty"])];
  return line + diagnostics.map((text) => `# ${text}\n`).join("");
}

/** The closing line: "# 3 passed, 1 failed, 2 skipped". */
export function tapSummary(outcomes: readonly StepOutcome[]): string {
  const count = (result: StepOutcome["result"]) => outcomes.filter((outcome) => outcome.result === result).length;
  return `# ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped\n`;
}
