// The time-of-day clock RTAS get-time-of-day reads (-rtc): it starts at the host's UTC or local
// time or at a given date, then advances with the host's clock, its monotonic clock or the
// guest's timebase. As in QEMU's spapr RTC, local time is the host's offset when the machine
// starts, shown to the guest as UTC (the guest's clock has no zone).
import type { MachineConfig } from "./config.ts";

/** Milliseconds since the epoch as the guest's clock reads them now. */
export type TimeOfDay = () => number;

/** `guestMs` reads the guest's timebase in milliseconds, for clock=vm. */
export function timeOfDay({ base, clock }: MachineConfig["rtc"], guestMs: () => number): TimeOfDay {
  const reference = clock === "host" ? () => Date.now() : clock === "rt" ? () => performance.now() : guestMs;
  const start = base === "utc" ? Date.now() : base === "localtime" ? Date.now() - new Date().getTimezoneOffset() * 60_000 : base.date;
  const referenceAtStart = reference();
  return () => start + (reference() - referenceAtStart);
}
