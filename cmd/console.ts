// Where the guest's console goes and what the user sees: -serial, -display, -nographic, -monitor.
import { z } from "zod";
import type { MachineConfig } from "../vmm/machine/config.ts";
import { parsedFrom, propertiesOf } from "./schemas.ts";

type Serial = MachineConfig["serial"];

/** QEMU chardev specs spar understands; mon:stdio is stdio because spar has no monitor to mix in. */
function parseSerial(spec: string): Serial | undefined {
  if (spec === "stdio" || spec === "mon:stdio") return "stdio";
  if (spec === "none" || spec === "null") return "none";
  if (spec.startsWith("file:") && spec.length > "file:".length) return { file: spec.slice("file:".length) };
  return undefined;
}

export const serialSchema = parsedFrom(
  parseSerial,
  "not supported by spar; expected stdio, mon:stdio, none, null or file:PATH",
);

export const displaySchema = propertiesOf("the display", [], {
  type: z.enum(["tui", "none"], {
    error: (issue) =>
      issue.input === "curses"
        ? "spar draws its own terminal UI instead of curses: use -display tui (accepted: tui or none)"
        : "expected tui or none",
  }),
});

export const monitorSchema = z.literal("none", { error: "spar has no QEMU monitor; accepted: none" });
