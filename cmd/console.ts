// Where the guest's console goes and what the user sees: -serial, -chardev, -display, -nographic,
// -monitor.
import { z } from "zod";
import type { MachineConfig } from "../vmm/machine/config.ts";
import { parsePropertyList, PropertyList, type PropertyItem } from "./property-list.ts";
import { nonEmptyPath, onOff, parsedFrom, propertiesOf, validateValue } from "./schemas.ts";
import { UsageError } from "./usage-error.ts";

type Serial = MachineConfig["serial"];

const SERIAL_ACCEPTED = "expected stdio, mon:stdio, none, null, file:PATH, unix:PATH,server=on[,wait=off] or chardev:ID";

/** QEMU chardev specs spar understands; mon:stdio is stdio because spar has no monitor to mix in. */
function parseSimpleSerial(spec: string): Serial | undefined {
  if (spec === "stdio" || spec === "mon:stdio") return "stdio";
  if (spec === "none" || spec === "null") return "none";
  if (spec.startsWith("file:") && spec.length > "file:".length) return { file: spec.slice("file:".length) };
  return undefined;
}

export const serialSchema = parsedFrom(parseSimpleSerial, `not supported by spar; ${SERIAL_ACCEPTED}`);

// A listening unix socket, as QEMU's socket chardev: server=on is required (spar does not connect
// out), wait defaults to on (the guest starts once a client connects); QEMU's older bare
// `server` and `nowait` are server=on and wait=off.
const socketShape = {
  path: nonEmptyPath,
  server: onOff.optional(),
  wait: onOff.optional(),
  nowait: onOff.optional(),
};

/** `source` names the option in the error when server=on is missing. */
function socketOf(props: { path: string; server?: boolean; wait?: boolean; nowait?: boolean }, source: string): Serial {
  if (props.server !== true) throw new UsageError(`${source}: spar listens for the console's client, so the socket needs server=on`);
  return { socket: props.path, wait: props.wait ?? !props.nowait };
}

const unixSerialSchema = propertiesOf("a unix socket", ["path", "server", "wait"], socketShape);

const chardevSchema = propertiesOf("-chardev", ["id", "path", "server", "wait"], {
  backend: z.literal("socket", { error: "spar's -chardev takes socket (a unix socket: path=P,server=on); use -serial for stdio or a file" }),
  id: z.string().min(1, { error: "expected an id" }),
  ...socketShape,
});

/** Every -chardev by id. */
export function resolveChardevs(occurrences: readonly { properties?: PropertyItem[]; spelling: string }[]): Map<string, Serial> {
  const chardevs = new Map<string, Serial>();
  for (const { properties = [], spelling } of occurrences) {
    const list = new PropertyList(spelling);
    list.add(properties);
    const { id, ...socket } = list.validate(chardevSchema);
    if (chardevs.has(id)) throw new UsageError(`${list.sourceOf("id")}: a -chardev with id ${id} already exists`);
    chardevs.set(id, socketOf(socket, list.describe()));
  }
  return chardevs;
}

/** One -serial value: a simple backend, a unix socket, or a -chardev by id. */
export function parseSerial(value: string, source: string, chardevs: ReadonlyMap<string, Serial>): Serial {
  if (value.startsWith("unix:")) {
    const list = new PropertyList("-serial");
    list.add(parsePropertyList(value.slice("unix:".length), "path", "-serial"));
    return socketOf(list.validate(unixSerialSchema), source);
  }
  if (value.startsWith("chardev:")) {
    const id = value.slice("chardev:".length);
    const chardev = chardevs.get(id);
    if (!chardev) throw new UsageError(`${source}: no -chardev has id=${id}`);
    return chardev;
  }
  return validateValue(serialSchema, value, source);
}

export const displaySchema = propertiesOf("the display", [], {
  type: z.enum(["tui", "none"], {
    error: (issue) =>
      issue.input === "curses"
        ? "spar draws its own terminal UI instead of curses: use -display tui (accepted: tui or none)"
        : "expected tui or none",
  }),
});

export const monitorSchema = z.literal("none", { error: "spar has no QEMU monitor; accepted: none" });
