// The platform's own RTAS calls (LoPAR "RTAS Call Definitions"): power and reboot, the console's
// display-character, the time-of-day clock, error-log polling and the OS's last words. spar has
// no error log, so event-scan and check-exception always answer "no errors found", as QEMU does
// when its event queue is empty. Argument and result counts are checked where QEMU checks them.
// The CPU calls are in rtas-cpu.ts.

import type { GuestMemory } from "../mmu/guest-memory.ts";
import { RTAS_PARAMETER_ERROR, RTAS_SUCCESS, type Rtas } from "./rtas.ts";

/** event-scan / check-exception: nothing to report. */
export const RTAS_NO_ERRORS_FOUND = 1;
/** The longest os-term message spar copies out of the guest. */
const OS_TERM_MAX = 1024;

export interface PlatformHooks {
  mem: GuestMemory;
  /** End the run with this exit status. */
  stop(status: number): void;
  note(message: string): void;
  putChar(byte: number): void;
  /** The time-of-day clock (-rtc), in milliseconds since the epoch. */
  timeOfDay(): number;
}

export function registerPlatformRtas(rtas: Rtas, hooks: PlatformHooks): void {
  /** Guest-set time minus the -rtc clock's, in ms: set-time-of-day moves the clock the guest reads. */
  let clockOffsetMs = 0;

  rtas.register({
    name: "power-off",
    run: ({ args, nret }) => {
      if (args.length !== 2 || nret !== 1) return RTAS_PARAMETER_ERROR; // (power domains on, off)
      hooks.stop(0);
      return RTAS_SUCCESS;
    },
  });
  rtas.register({
    name: "system-reboot",
    run: ({ args, nret }) => {
      if (args.length !== 0 || nret !== 1) return RTAS_PARAMETER_ERROR;
      // spar has no reset path yet: with or without -no-reboot, a reboot ends the run.
      hooks.note("guest asked for a reboot; spar stops instead (reset is not implemented yet)");
      hooks.stop(0);
      return RTAS_SUCCESS;
    },
  });
  rtas.register({
    name: "display-character",
    run: ({ args }) => {
      hooks.putChar(args[0] & 0xff);
      return RTAS_SUCCESS;
    },
  });
  rtas.register({
    name: "get-time-of-day",
    run: ({ args, nret, rets }) => {
      if (args.length !== 0 || nret !== 8) return RTAS_PARAMETER_ERROR;
      const now = new Date(hooks.timeOfDay() + clockOffsetMs);
      rets.push(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds() * 1e6);
      return RTAS_SUCCESS;
    },
  });
  rtas.register({
    name: "set-time-of-day",
    run: ({ args, nret }) => {
      const ms = args.length === 7 && nret === 1 ? utcMs(args) : undefined;
      if (ms === undefined) return RTAS_PARAMETER_ERROR;
      clockOffsetMs = ms - hooks.timeOfDay();
      return RTAS_SUCCESS;
    },
  });
  // event-scan (mask, critical, buffer, length); check-exception (vector, info, [extended,] mask, critical, buffer, length).
  rtas.register({ name: "event-scan", run: ({ args, nret }) => (args.length === 4 && nret === 1 ? RTAS_NO_ERRORS_FOUND : RTAS_PARAMETER_ERROR) });
  rtas.register({
    name: "check-exception",
    run: ({ args, nret }) => ((args.length === 6 || args.length === 7) && nret === 1 ? RTAS_NO_ERRORS_FOUND : RTAS_PARAMETER_ERROR),
  });
  rtas.register({
    name: "ibm,os-term",
    run: ({ args }) => {
      // The guest has given up (a panic): say why and end the run with a failure status, where
      // QEMU reports a guest panic and pauses.
      hooks.note(`guest terminated (ibm,os-term): ${readCString(hooks.mem, args[0] ?? 0)}`);
      hooks.stop(1);
      return RTAS_SUCCESS;
    },
  });
}

/** [year, month, day, hour, minute, second, ns] as UTC milliseconds, or undefined if not a real date. */
function utcMs([year, month, day, hour, minute, second, ns]: number[]): number | undefined {
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || ns > 999_999_999) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(ns / 1e6));
  return new Date(ms).getUTCDate() === day && day >= 1 ? ms : undefined;
}

function readCString(mem: GuestMemory, addr: number): string {
  if (addr >= mem.size) return "(message outside RAM)";
  const bytes = mem.read(addr, Math.min(OS_TERM_MAX, mem.size - addr));
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}
