// Splits argv the way QEMU does: "-flag value" or "--flag value", switches without a value, and no
// "-flag=value" form (QEMU rejects it too, so a hint says what to write instead).
import { resolve } from "node:path";
import { OPTIONS, UNSUPPORTED_QEMU_OPTIONS, type OptionName, type OptionSpec } from "./options.ts";
import { parsePropertyList, type PropertyItem } from "./property-list.ts";
import { UsageError } from "./usage-error.ts";

export interface Occurrence {
  option: OptionName;
  /** The flag as typed, "-M" or "--machine", so that errors quote the user's own spelling. */
  spelling: string;
  /** The following argument, for options that take one. */
  value?: string;
  /** The value split into items, for options whose value is a property list. */
  properties?: PropertyItem[];
}

const OPTION_BY_NAME: ReadonlyMap<string, OptionName> = new Map(
  Object.entries(OPTIONS).flatMap(([option, spec]) => spec.names.map((name) => [name, option as OptionName])),
);

export function tokenize(argv: readonly string[]): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("-") || arg === "-") {
      throw new UsageError(
        `${arg}: unexpected argument; QEMU would take it as the -hda disk image, and spar has no disks yet`,
      );
    }
    const name = arg.startsWith("--") ? arg.slice(2) : arg.slice(1);
    const option = OPTION_BY_NAME.get(name);
    if (option === undefined) throw new UsageError(unknownOption(arg, name));
    const spec: OptionSpec = OPTIONS[option];
    if (spec.argument === undefined) {
      occurrences.push({ option, spelling: arg });
    } else if (i + 1 < argv.length) {
      const value = argv[++i]!;
      const properties = spec.impliedKey === undefined ? undefined : parsePropertyList(value, spec.impliedKey, arg);
      occurrences.push({ option, spelling: arg, value, properties });
    } else {
      throw new UsageError(`${arg}: requires an argument: ${spec.argument}`);
    }
  }
  return occurrences;
}

function unknownOption(arg: string, name: string): string {
  const eq = name.indexOf("=");
  if (eq > 0 && OPTION_BY_NAME.has(name.slice(0, eq))) {
    const flag = arg.slice(0, arg.indexOf("="));
    return `${arg}: unknown option; the value goes in the next argument: ${flag} ${name.slice(eq + 1)}`;
  }
  if (UNSUPPORTED_QEMU_OPTIONS.has(name)) {
    return `${arg}: QEMU option not supported by spar yet; see spar --help for the accepted options`;
  }
  return `${arg}: unknown option; see spar --help for the accepted options`;
}

/** The occurrences with every relative file name they give (OptionSpec.files) resolved against `baseDir`. */
export function resolveFiles(occurrences: readonly Occurrence[], baseDir: string): Occurrence[] {
  return occurrences.map((occurrence) => {
    const files = (OPTIONS[occurrence.option] as OptionSpec).files;
    if (files === undefined || occurrence.value === undefined) return occurrence;
    if (files === "value") return { ...occurrence, value: resolve(baseDir, occurrence.value) };
    if ("prefix" in files) {
      const { value } = occurrence;
      const named = value.startsWith(files.prefix) && value.length > files.prefix.length;
      return named ? { ...occurrence, value: files.prefix + resolve(baseDir, value.slice(files.prefix.length)) } : occurrence;
    }
    const properties = occurrence.properties?.map((item) =>
      files.keys.includes(item.key) && item.value !== "" ? { ...item, value: resolve(baseDir, item.value) } : item,
    );
    return { ...occurrence, properties };
  });
}
