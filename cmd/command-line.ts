// argv → one MachineConfig, or the text to print and the status to exit with. Pure apart from
// checking that the files it names exist, so tests call it directly.
import { z } from "zod";
import type { Generation } from "../vmm/cpu/models.ts";
import type { MachineConfig } from "../vmm/machine/config.ts";
import { BUNDLED_GUEST_NAME, BUNDLED_INITRAMFS, BUNDLED_KERNEL } from "./bundled-guest/bundled-guest.ts";
import { accelSchema, resolveAccel } from "./accel.ts";
import { resolveFiles, tokenize, type Occurrence } from "./args.ts";
import { displaySchema, monitorSchema, parseSerial, resolveChardevs } from "./console.ts";
import { cpuSchema, hostGeneration, resolveCpu } from "./cpu.ts";
import { accelHelp, cpuHelp, deviceHelp, logHelp, machineHelp, machinePropertiesHelp, objectHelp, spaprRngHelp, usageText, versionText } from "./help.ts";
import { resolveDevices } from "./devices.ts";
import { resolveDrives } from "./drive.ts";
import { type GuestEntry, readGuestsFile } from "./guests-file.ts";
import { resolveClock } from "./icount.ts";
import { resolveRtc } from "./rtc.ts";
import { parseLogItems } from "./log.ts";
import { machineSchema } from "./machine-properties.ts";
import { memorySchema } from "./memory.ts";
import { OPTIONS, type OptionName, type OptionSpec } from "./options.ts";
import { PropertyList } from "./property-list.ts";
import { existingFile, nonEmptyPath, propertiesOf, unsupported, validateValue } from "./schemas.ts";
import { resolveSmp } from "./smp.ts";
import { UsageError } from "./usage-error.ts";

export type CommandLineResult =
  | { kind: "run"; config: MachineConfig }
  | { kind: "exit"; status: number; stdout: string; stderr: string };

/** spar's own command line: one machine, or with -display tui --config FILE the guests FILE lists. */
export type Invocation = CommandLineResult | { kind: "guests"; guests: GuestEntry[] };

export function parseInvocation(argv: string[], env: Record<string, string | undefined>): Invocation {
  try {
    const occurrences = tokenize(argv);
    const configFile = occurrences.find((o) => o.option === "config");
    if (configFile && requestedHelp(occurrences) === undefined) return { kind: "guests", guests: guestsFrom(configFile, occurrences, env) };
  } catch (error) {
    return { kind: "exit", status: 1, stdout: "", stderr: `spar: ${errorLine(error)}\n` };
  }
  return parseCommandLine(argv, env);
}

/**
 * One machine's command line (spar's without --config, or one guest's in a --config file or a
 * test script). `baseDir`, when given, is where relative file names resolve (that file's directory).
 */
export function parseCommandLine(argv: readonly string[], env: Record<string, string | undefined>, baseDir?: string): CommandLineResult {
  try {
    const tokens = tokenize(argv);
    const occurrences = baseDir === undefined ? tokens : resolveFiles(tokens, baseDir);
    const help = requestedHelp(occurrences);
    if (help !== undefined) return { kind: "exit", status: 0, stdout: help, stderr: "" };
    const configFile = occurrences.find((o) => o.option === "config");
    if (configFile) throw new UsageError(`${configFile.spelling}: lists several guests, so it goes on spar's own command line, not in a guest's`);
    return { kind: "run", config: buildMachineConfig(occurrences, hostGeneration(env)) };
  } catch (error) {
    return { kind: "exit", status: 1, stdout: "", stderr: `spar: ${errorLine(error)}\n` };
  }
}

/** --config FILE goes with -display tui alone: every other option belongs to a guest's own line in the file. */
function guestsFrom(configFile: Occurrence, occurrences: readonly Occurrence[], env: Record<string, string | undefined>): GuestEntry[] {
  const display = occurrences.find((o) => o.option === "display");
  const other = occurrences.find((o) => o.option !== "config" && o.option !== "display");
  if (other) throw new UsageError(`${other.spelling}: with ${configFile.spelling} each guest's options come from the file; only -display tui goes with it`);
  if (!display || display.value !== "tui") throw new UsageError(`${configFile.spelling}: several guests need the dashboard: add -display tui`);
  return readGuestsFile(configFile.value!, (args, baseDir) => {
    const parsed = parseCommandLine(args, env, baseDir);
    if (parsed.kind === "exit") throw new UsageError(parsed.status === 0 ? "asks for help instead of describing a guest" : parsed.stderr.trim().replace(/^spar: /, ""));
    const { config } = parsed;
    if (config.display === "tui" || config.serial !== "stdio") throw new UsageError("the dashboard shows each guest's console: leave -display and -serial out");
    return config;
  });
}

/** One line, never a stack trace, whatever was thrown. */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!;
}

const HELP_WORDS = ["help", "?"];

/** The first help request wins once the whole command line tokenizes, whatever else it says. */
function requestedHelp(occurrences: readonly Occurrence[]): string | undefined {
  for (const { option, value, properties = [] } of occurrences) {
    const { impliedKey }: OptionSpec = OPTIONS[option];
    const first = properties.find((item) => item.key === impliedKey)?.value ?? "";
    const asksHelp = HELP_WORDS.includes(first) || properties.some((item) => item.key === "help");
    switch (option) {
      case "help":
        return usageText();
      case "version":
        return versionText();
      case "cpu":
        if (asksHelp) return cpuHelp();
        break;
      case "machine":
        if (HELP_WORDS.includes(first)) return machineHelp();
        if (asksHelp) return machinePropertiesHelp();
        break;
      case "accel":
        if (asksHelp) return accelHelp();
        break;
      case "device":
        if (HELP_WORDS.includes(first)) return deviceHelp();
        if (asksHelp && first === "spapr-rng") return spaprRngHelp();
        break;
      case "object":
        if (HELP_WORDS.includes(first)) return objectHelp();
        break;
      case "log":
        if (value!.split(",").some((item) => HELP_WORDS.includes(item))) return logHelp();
        break;
    }
  }
  return undefined;
}

const nameSchema = propertiesOf("name", ["guest"], {
  guest: z.string().optional(),
  "debug-threads": unsupported("not supported by spar"),
  process: unsupported("not supported by spar"),
});

function buildMachineConfig(occurrences: readonly Occurrence[], host: Generation): MachineConfig {
  // QEMU merges repeated -M, -m, -smp, -icount and -rtc key by key, and -kernel, -initrd, -append and
  // -enable-kvm are machine properties underneath, so they join -M's list in command-line order.
  const machine = new PropertyList("-M");
  const memory = new PropertyList("-m");
  const smp = new PropertyList("-smp");
  const icount = new PropertyList("-icount");
  const rtc = new PropertyList("-rtc");
  // Other options: the last occurrence wins, except -accel, -serial, -monitor, -drive, -object and
  // -device, where QEMU keeps each.
  const latest = new Map<OptionName, Occurrence>();
  const accels: PropertyList[] = [];
  const serials: Occurrence[] = [];
  const chardevs: Occurrence[] = [];
  const drives: Occurrence[] = [];
  const objects: Occurrence[] = [];
  const devices: Occurrence[] = [];
  for (const occurrence of occurrences) {
    const { option, spelling, value = "", properties = [] } = occurrence;
    switch (option) {
      case "machine":
        machine.add(properties);
        break;
      case "kernel":
      case "initrd":
      case "append":
        machine.add([{ key: option, value, source: sourceOf(occurrence) }]);
        break;
      case "enableKvm":
        machine.add([{ key: "accel", value: "kvm", source: spelling }]);
        break;
      case "memory":
        memory.add(properties);
        break;
      case "smp":
        smp.add(properties);
        break;
      case "icount":
        icount.add(properties);
        break;
      case "rtc":
        rtc.add(properties);
        break;
      case "accel":
        accels.push(propertyListOf(occurrence));
        break;
      case "serial":
        serials.push(occurrence);
        break;
      case "chardev":
        chardevs.push(occurrence);
        break;
      case "drive":
        drives.push(occurrence);
        break;
      case "object":
        objects.push(occurrence);
        break;
      case "device":
        devices.push(occurrence);
        break;
      case "monitor":
        validateValue(monitorSchema, value, sourceOf(occurrence));
        break;
      default:
        latest.set(option, occurrence);
    }
  }

  const props = machine.validate(machineSchema);
  const bios = latest.get("bios");
  if (props.kernel === undefined && bios) {
    for (const key of ["initrd", "append"] as const) {
      if (props[key]) {
        throw new UsageError(`${machine.sourceOf(key)}: only allowed with -kernel, as in QEMU; add -kernel FILE`);
      }
    }
  }
  // Naming no guest boots the bundled one (-M dumpdtb= alone dumps the bare machine's tree, as in
  // QEMU); -initrd and -append then go with its kernel.
  const bundled = props.kernel === undefined && !bios && props.dumpdtb === undefined;

  const accel = resolveAccel({
    machineAccel: machine.sourced("accel", props.accel),
    machineKvmType: machine.sourced("kvm-type", props["kvm-type"]),
    accelFlags: accels.map((list) => {
      const flag = list.validate(accelSchema);
      return { accel: list.sourced("accel", flag.accel)!, kvmType: list.sourced("kvm-type", flag["kvm-type"]) };
    }),
  });

  const cpuList = propertyListOf(latest.get("cpu"));
  const cpuProps = cpuList?.validate(cpuSchema);
  const { cpu, compat } = resolveCpu(
    {
      model: cpuProps?.model,
      source: cpuList?.sourceOf("model") ?? "-cpu",
      compat: cpuList?.sourced("compat", cpuProps?.compat),
      maxCpuCompat: machine.sourced("max-cpu-compat", props["max-cpu-compat"]),
    },
    accel,
    host,
  );

  const log = latest.get("log");
  const logFile = latest.get("logFile");
  const name = propertyListOf(latest.get("name"))?.validate(nameSchema).guest;
  return {
    name: name ?? (bundled ? BUNDLED_GUEST_NAME : undefined),
    machine: "pseries",
    accel,
    cpu,
    compat,
    memory: memory.validate(memorySchema).size,
    smp: resolveSmp(smp),
    kernel: bundled ? BUNDLED_KERNEL : props.kernel,
    initrd: bundled ? (props.initrd ?? BUNDLED_INITRAMFS) : props.initrd,
    append: props.append,
    bios: bios && validateValue(existingFile, bios.value!, sourceOf(bios)),
    caps: {
      cfpc: props["cap-cfpc"],
      sbbc: props["cap-sbbc"],
      ibs: props["cap-ibs"],
      ccfAssist: props["cap-ccf-assist"],
      largeDecr: props["cap-large-decr"],
    },
    icMode: props["ic-mode"],
    clock: resolveClock(icount),
    rtc: resolveRtc(rtc),
    dumpdtb: props.dumpdtb,
    ...resolveDrives(drives),
    ...resolveDevices(objects, devices, accel),
    ...consoleSettings(serials, chardevs, latest),
    noReboot: latest.has("noReboot"),
    startPaused: latest.has("startPaused"),
    log: {
      items: log ? parseLogItems(log.value!, log.spelling) : [],
      file: logFile && validateValue(nonEmptyPath, logFile.value!, sourceOf(logFile)),
    },
  };
}

/** -nographic means no display and the console on stdio; an explicit -serial still wins. */
function consoleSettings(
  serials: readonly Occurrence[],
  chardevs: readonly Occurrence[],
  latest: ReadonlyMap<OptionName, Occurrence>,
): Pick<MachineConfig, "serial" | "display"> {
  if (serials.length > 1) {
    throw new UsageError(
      `${sourceOf(serials[1]!)}: spar has one console, so -serial is accepted once ` +
        `(QEMU would add a second serial port)`,
    );
  }
  const sockets = resolveChardevs(chardevs);
  const serial = serials[0] && parseSerial(serials[0].value!, sourceOf(serials[0]), sockets);
  const displayList = propertyListOf(latest.get("display"));
  const display = displayList?.validate(displaySchema).type;
  const nographic = latest.has("nographic");
  if (nographic && display === "tui") {
    throw new UsageError(
      `${displayList!.sourceOf("type")}: cannot be used with -nographic; accepted with it: -display none`,
    );
  }
  if (display === "tui" && typeof serial === "object" && "socket" in serial) {
    throw new UsageError(`${sourceOf(serials[0]!)}: the dashboard shows the console itself; leave -serial out with -display tui`);
  }
  // The dashboard is opt-in (-display tui); by default the console is the terminal, like -nographic.
  return { serial: serial ?? "stdio", display: nographic ? "none" : (display ?? "none") };
}

function propertyListOf(occurrence: Occurrence): PropertyList;
function propertyListOf(occurrence: Occurrence | undefined): PropertyList | undefined;
function propertyListOf(occurrence: Occurrence | undefined): PropertyList | undefined {
  if (occurrence === undefined) return undefined;
  const list = new PropertyList(occurrence.spelling);
  list.add(occurrence.properties ?? []);
  return list;
}

/** "-kernel /boot/vmlinux": how errors name a plain option value. */
function sourceOf({ spelling, value }: Occurrence): string {
  return `${spelling} ${value === "" ? "''" : value}`;
}
