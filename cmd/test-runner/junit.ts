// JUnit XML for a script's steps: one testsuite per script, one testcase per step, a failure's
// reason as its message and the console tail as its text. Control characters that XML 1.0 cannot
// carry are shown as \xHH (the console tail already is).
import { basename, extname } from "node:path";
import { describeStep, type StepOutcome } from "./runner.ts";

export function junitReport(file: string, outcomes: readonly StepOutcome[], seconds: number): string {
  const count = (result: StepOutcome["result"]) => outcomes.filter((outcome) => outcome.result === result).length;
  const suite = basename(file, extname(file));
  const cases = outcomes.map((outcome, index) => {
    const head = `    <testcase classname="${xml(suite)}" name="${xml(`${index + 1} ${describeStep(outcome.step)}`)}" time="${outcome.seconds.toFixed(3)}"`;
    if (outcome.result === "skipped") return `${head}>\n      <skipped message="not run after a failed step"/>\n    </testcase>`;
    if (!outcome.failure) return `${head}/>`;
    const { reason, tail } = outcome.failure;
    const text = ["last console lines:", ...tail].join("\n");
    return `${head}>\n      <failure message="${xml(reason)}">${xml(text)}</failure>\n    </testcase>`;
  });
  const totals = `tests="${outcomes.length}" failures="${count("failed")}" errors="0" skipped="${count("skipped")}" time="${seconds.toFixed(3)}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="spar test" ${totals}>
  <testsuite name="${xml(suite)}" file="${xml(file)}" ${totals}>
${cases.join("\n")}
  </testsuite>
</testsuites>
`;
}

function xml(text: string): string {
  return text
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
