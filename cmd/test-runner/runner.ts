// Runs a test script's steps, in order, on a GuestSession: a thin loop over the same API bun tests
// use. The first failing step ends the run (the guest is stopped, later steps are skipped).
import { showEscaped } from "./escapes.ts";
import type { Script, Step } from "./script.ts";
import { GuestError, GuestSession, type SessionOptions } from "./session.ts";

export interface StepOutcome {
  step: Step;
  result: "passed" | "failed" | "skipped";
  /** Wall-clock seconds the step took. */
  seconds: number;
  /** Why it failed, one line, and the console's last lines then. */
  failure?: { reason: string; tail: string[] };
}

export interface RunObserver {
  /** The session is booted and the step is about to run. */
  stepStarted?(index: number, step: Step, session: GuestSession): void;
  stepFinished?(index: number, outcome: StepOutcome): void;
}

/** Boot the script's machine and run its steps. Throws StartError if the machine cannot start. */
export async function runScript(script: Script, observer: RunObserver = {}, options: SessionOptions = {}): Promise<StepOutcome[]> {
  const session = await GuestSession.start(script.config, options);
  const outcomes: StepOutcome[] = [];
  try {
    for (const [index, step] of script.steps.entries()) {
      let outcome: StepOutcome;
      if (outcomes.some(({ result }) => result === "failed")) {
        outcome = { step, result: "skipped", seconds: 0 };
      } else {
        observer.stepStarted?.(index, step, session);
        const started = performance.now();
        const failure = await runStep(session, step);
        const seconds = (performance.now() - started) / 1000;
        outcome = failure ? { step, result: "failed", seconds, failure } : { step, result: "passed", seconds };
      }
      outcomes.push(outcome);
      observer.stepFinished?.(index, outcome);
    }
  } finally {
    await session.stop();
  }
  return outcomes;
}

async function runStep(session: GuestSession, step: Step): Promise<StepOutcome["failure"]> {
  try {
    switch (step.kind) {
      case "expect":
        await session.waitFor(step.pattern, { timeout: step.timeout * 1000 });
        return undefined;
      case "send":
        session.send(step.bytes);
        return undefined;
      case "exit": {
        const status = await session.exit({ timeout: step.timeout * 1000 });
        if (status === step.status) return undefined;
        return { reason: `the guest stopped with status ${status}, expected ${step.status}`, tail: session.tail() };
      }
    }
  } catch (error) {
    if (error instanceof GuestError) return { reason: error.reason, tail: error.tail };
    throw error;
  }
}

/** How reports name a step: expect /login: /, send "root\n", exit 0. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case "expect":
      return `expect /${step.pattern.source}/`;
    case "send":
      return `send "${showEscaped(step.bytes)}"`;
    case "exit":
      return `exit ${step.status}`;
  }
}
