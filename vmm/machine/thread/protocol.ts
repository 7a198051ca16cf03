// Messages between the dashboard's thread and a guest's Worker. Counters never travel as
// messages: the Worker hands over its statistics block (a SharedArrayBuffer) once per boot.

import type { MachineConfig } from "../config.ts";
import type { StatsLayout } from "../stats.ts";

export type ToGuest =
  | { type: "start"; config: MachineConfig }
  | { type: "input"; bytes: Uint8Array }
  | { type: "pause" }
  | { type: "resume" }
  /** Power-cycle: a fresh machine from the same configuration (an NVRAM image keeps its contents). */
  | { type: "reset" }
  /** Stop the guest, flush the log and close the NVRAM image; the Worker answers "closed". */
  | { type: "shutdown" };

export type FromGuest =
  /** A machine booted (at start and after each reset): read its counters from `buffer`. */
  | { type: "booted"; layout: StatsLayout; buffer: SharedArrayBuffer }
  | { type: "console"; bytes: Uint8Array }
  | { type: "log"; line: string }
  /** The guest stopped (power-off, os-term...) with this status; the Worker waits for a reset. */
  | { type: "exit"; status: number }
  /** The machine could not be built or booted, or failed while running. */
  | { type: "error"; message: string }
  | { type: "closed" };
