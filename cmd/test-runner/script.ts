// A test script: the machine's command line and the steps to run against its console, read from
// YAML (or JSON, which is YAML too) and checked whole before anything boots. A mistake is one
// line naming the file, the line, the step and the problem:
//   checks/smoke.yaml:9: step 3: unknown step 'expec'; expected expect, send or exit
import { readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import type { MachineConfig } from "../../vmm/machine/config.ts";
import { errorLine, parseCommandLine } from "../command-line.ts";
import { UsageError } from "../usage-error.ts";
import { decodeEscapes } from "./escapes.ts";
import { splitShellWords } from "./shell-words.ts";

export type Step =
  /** Wait until the pattern appears in the console after the previous match. */
  | { kind: "expect"; pattern: RegExp; timeout: number }
  /** Type the bytes on the console. */
  | { kind: "send"; bytes: Uint8Array }
  /** Wait until the guest ends (powers off, or stops), then compare its exit status. */
  | { kind: "exit"; status: number; timeout: number };

export interface Script {
  file: string;
  /** The machine, from the script's args as parseCommandLine reads them. */
  config: MachineConfig;
  steps: Step[];
}

/** Seconds a step waits when neither it nor the script says. */
export const DEFAULT_TIMEOUT = 30;

type Path = (string | number)[];
interface Problem {
  /** What the message is about: "step 3: timeout: ". */
  path: Path;
  message: string;
  /** Where in the file, when not at `path` (an unknown key sits below the mapping it is about). */
  at?: Path;
}

const seconds = z
  .number({ error: "expected a number of seconds" })
  .refine((n) => n > 0 && Number.isFinite(n), { error: "expected a number of seconds above 0" });

const scriptSchema = z.strictObject(
  {
    args: z.union([z.string(), z.array(z.string())], {
      error: (issue) => `${issue.input === undefined ? "missing; " : ""}expected the machine's command line (a string, or a list of strings)`,
    }),
    timeout: seconds.optional(),
    steps: z
      .array(z.unknown(), { error: (issue) => `${issue.input === undefined ? "missing; " : ""}expected a list of steps` })
      .min(1, { error: "expected at least one step" }),
  },
  {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") return `unknown key '${issue.keys[0]}'; accepted: args, timeout, steps`;
      if (issue.code === "invalid_type") return "expected a mapping with args, steps and optionally timeout";
      return undefined;
    },
  },
);

const regex = z.string({ error: "expected a regular expression" }).transform((source, ctx) => {
  try {
    // Multiline: ^ and $ match at every line of the console, which is what a console pattern means.
    return new RegExp(source, "m");
  } catch (e) {
    ctx.issues.push({ code: "custom", message: `bad regular expression: ${(e as Error).message}`, input: source });
    return z.NEVER;
  }
});

const sendText = z.string({ error: "expected the text to send" }).transform((text, ctx) => {
  const decoded = decodeEscapes(text);
  if ("bytes" in decoded) return decoded.bytes;
  ctx.issues.push({ code: "custom", message: decoded.error, input: text });
  return z.NEVER;
});

const exitStatus = z.number({ error: "expected an exit status (a whole number, 0 or more)" }).int().nonnegative();

const STEP_SCHEMAS = {
  expect: stepSchema("expect", { expect: regex, timeout: seconds.optional() }),
  send: stepSchema("send", { send: sendText }),
  exit: stepSchema("exit", { exit: exitStatus, timeout: seconds.optional() }),
};
const STEP_KINDS = Object.keys(STEP_SCHEMAS) as Step["kind"][];

function stepSchema<const S extends z.core.$ZodLooseShape>(kind: Step["kind"], shape: S) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `${kind} takes no '${issue.keys[0]}'; accepted: ${Object.keys(shape).join(", ")}` : undefined,
  });
}

/** Read, parse and check a script; throws UsageError with the one line to print. */
export function loadScript(file: string, env: Record<string, string | undefined>): Script {
  const text = readScriptFile(file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    // YAML decodes backslashes in double quotes, where "\d" is an error; regexes belong in single quotes.
    const hint = syntax.code === "BAD_DQ_ESCAPE" ? " (in double quotes YAML reads the backslashes: put regular expressions in single quotes)" : "";
    throw new UsageError(`${file}:${line}:${col}: not valid YAML or JSON: ${syntax.message}${hint}`);
  }
  const result = checkScript(doc.toJS(), file, env);
  if ("problem" in result) {
    const { path, message, at = path } = result.problem;
    const line = lineOf(doc, lines, at);
    throw new UsageError(`${file}${line ? `:${line}` : ""}: ${describePath(path)}${message}`);
  }
  return result.script;
}

function readScriptFile(file: string): string {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) throw new UsageError(`${file}: no such file`);
  if (!stat.isFile()) throw new UsageError(`${file}: not a regular file`);
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${file}: ${errorLine(e)}`);
  }
}

/** The script the data describes, or its first problem. */
export function checkScript(data: unknown, file: string, env: Record<string, string | undefined>): { script: Script } | { problem: Problem } {
  const top = scriptSchema.safeParse(data);
  if (!top.success) return { problem: zodProblem(top.error) };
  const { args, timeout = DEFAULT_TIMEOUT, steps } = top.data;

  let argv: string[];
  try {
    argv = typeof args === "string" ? splitShellWords(args) : args;
  } catch (e) {
    return { problem: { path: ["args"], message: errorLine(e) } };
  }
  if (argv.length === 0) return { problem: { path: ["args"], message: "expected the machine's command line, e.g. -bios guest.bin" } };
  const parsed = parseCommandLine(argv, env, dirname(file));
  if (parsed.kind === "exit") {
    const why = parsed.status === 0 ? "asks for help, but a test needs a machine to boot" : parsed.stderr.trim().replace(/^spar: /, "");
    return { problem: { path: ["args"], message: why } };
  }

  const checked: Step[] = [];
  for (const [index, raw] of steps.entries()) {
    const step = checkStep(raw, timeout);
    if ("problem" in step) {
      const { path, message, at = path } = step.problem;
      return { problem: { path: ["steps", index, ...path], message, at: ["steps", index, ...at] } };
    }
    checked.push(step.step);
  }
  return { script: { file, config: parsed.config, steps: checked } };
}

function checkStep(raw: unknown, defaultTimeout: number): { step: Step } | { problem: Problem } {
  const problem = (message: string, path: Path = []) => ({ problem: { path, message } });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return problem(`expected a mapping such as {expect: REGEX}, {send: TEXT} or {exit: STATUS}`);
  }
  const keys = Object.keys(raw);
  const kinds = STEP_KINDS.filter((kind) => keys.includes(kind));
  if (kinds.length === 0) return problem(`unknown step '${keys[0] ?? ""}'; expected ${STEP_KINDS.join(", ").replace(/, (?=[^,]*$)/, " or ")}`);
  if (kinds.length > 1) return problem(`one step does one thing; found ${kinds.join(" and ")}: make them separate steps`);
  const kind = kinds[0]!;
  const parsed = STEP_SCHEMAS[kind].safeParse(raw);
  if (!parsed.success) return { problem: zodProblem(parsed.error) };
  const data = parsed.data as { expect?: RegExp; send?: Uint8Array; exit?: number; timeout?: number };
  const timeout = data.timeout ?? defaultTimeout;
  switch (kind) {
    case "expect":
      return { step: { kind, pattern: data.expect!, timeout } };
    case "send":
      return { step: { kind, bytes: data.send! } };
    case "exit":
      return { step: { kind, status: data.exit!, timeout } };
  }
}

/** The first issue, unknown keys before the rest (a misspelt key also shows as a missing one). */
function zodProblem(error: z.ZodError): Problem {
  const issue = error.issues.find((each) => each.code === "unrecognized_keys") ?? error.issues[0]!;
  const path = issue.path as Path;
  return { path, message: issue.message, at: issue.code === "unrecognized_keys" ? [...path, issue.keys[0]!] : path };
}

/** "step 3: timeout: ", "args: ", or "" for the whole script. */
function describePath(path: Path): string {
  const [top, index, ...rest] = path;
  if (top === undefined) return "";
  if (top !== "steps" || typeof index !== "number") return `${path.join(".")}: `;
  return [`step ${index + 1}`, ...rest].map((part) => `${part}: `).join("");
}

/** The line of the innermost entry on the path that the document has: a key's line for a mapping entry. */
function lineOf(doc: Document, lines: LineCounter, path: Path): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const parent: unknown = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
    const last = path[depth - 1];
    const entry = isMap(parent)
      ? parent.items.find((pair) => isScalar(pair.key) && pair.key.value === last)?.key
      : isSeq(parent) && typeof last === "number"
        ? parent.items[last]
        : undefined;
    const start = (entry as { range?: [number, number, number] } | undefined)?.range?.[0];
    if (start !== undefined) return lines.linePos(start).line;
  }
  const start = doc.contents?.range?.[0];
  return start === undefined ? undefined : lines.linePos(start).line;
}
