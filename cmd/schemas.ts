// Value schemas shared by the options. Their messages are the reason only ("expected on or off");
// PropertyList.validate puts the flag and the offending item in front.
import { accessSync, constants, statSync } from "node:fs";
import { z } from "zod";
import { expected, UsageError } from "./usage-error.ts";

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: () => expected(values) });
}

/** QEMU matches some words (the cap-* modes) case-insensitively; the result is the canonical word. */
export function oneOfIgnoringCase<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform((text) => values.find((value) => value.toLowerCase() === text.toLowerCase()) ?? text)
    .pipe(oneOf(values));
}

/** A string turned into a value by `parse`, which returns undefined for text it rejects. */
export function parsedFrom<T>(parse: (text: string) => T | undefined, message: string) {
  return z.string().transform((text, ctx) => {
    const value = parse(text);
    if (value === undefined) {
      ctx.issues.push({ code: "custom", message, input: text });
      return z.NEVER;
    }
    return value;
  });
}

/** QEMU's boolean property words; it accepts yes/no and true/false besides on/off. */
export const onOff = z
  .enum(["on", "off", "yes", "no", "true", "false"], { error: () => "expected on or off" })
  .transform((word) => word === "on" || word === "yes" || word === "true");

/** A boolean property spar only supports one way round; the other way is refused with `reason`. */
export function onlyOn(reason: string) {
  return onOff.refine((value) => value, { error: `${reason}; accepted: on` });
}

export function onlyOff(reason: string) {
  return onOff.refine((value) => !value, { error: `${reason}; accepted: off` });
}

/** A QEMU property spar knows about but does not implement; any value is refused with `reason`. */
export function unsupported(reason: string) {
  return z.never({ error: reason }).optional();
}

export const nonEmptyPath = z.string().min(1, { error: "expected a file name" });

/** Files spar will read (-kernel, -initrd, -bios): checked now, so a typo fails before the guest starts. */
export const existingFile = nonEmptyPath.superRefine((path, ctx) => {
  const problem = fileProblem(path);
  if (problem !== undefined) {
    ctx.addIssue({ code: "custom", message: `${problem} (expected the path of an existing file)`, input: path });
  }
});

function fileProblem(path: string): string | undefined {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return "no such file";
    if (!stat.isFile()) return "not a regular file";
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : "no such file";
  }
}

/** A property list's schema: unknown keys are refused with the properties that are accepted. */
export function propertiesOf<const S extends z.core.$ZodLooseShape>(
  owner: string,
  accepted: readonly string[],
  shape: S,
) {
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const unknown = `${owner} has no property '${issue.keys[0]}'`;
      return accepted.length === 0 ? `${unknown}; it takes none` : `${unknown}; accepted: ${accepted.join(", ")}`;
    },
  });
}

/** Validates an option's plain (non-list) value; `source` is how the error names it, "-serial foo". */
export function validateValue<S extends z.ZodType>(schema: S, text: string, source: string): z.output<S> {
  const result = schema.safeParse(text);
  if (result.success) return result.data;
  throw new UsageError(`${source}: ${result.error.issues[0]!.message}`);
}
