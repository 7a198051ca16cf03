// -rtc: where the guest's time-of-day clock starts and what it follows, parsed as QEMU 7.2 does
// (softmmu/rtc.c). base=utc (the default) starts it at the host's UTC time, base=localtime at the
// host's local time, base=DATE at that date; clock=host (the default) then follows the host's
// clock, clock=rt the host's monotonic clock, clock=vm the guest's own (spar's timebase). QEMU
// merges repeated -rtc key by key. driftfix only tunes the PC's RTC chip, so pseries ignores it,
// as QEMU does.
import type { MachineConfig } from "../vmm/machine/config.ts";
import type { PropertyList } from "./property-list.ts";
import { oneOf, parsedFrom, propertiesOf } from "./schemas.ts";

const DATE_ERROR = "invalid datetime format; valid formats: '2006-06-17T16:01:21' or '2006-06-17'"; // QEMU's words

/** 2006-06-17T16:01:21 or 2006-06-17 as UTC milliseconds, if it is a real date and time. */
function dateMs(text: string): number | undefined {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T(\d{1,2}):(\d{1,2}):(\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  if (month! < 1 || month! > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year!, month! - 1, day!, hour, minute, second);
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

function parseBase(text: string): MachineConfig["rtc"]["base"] | undefined {
  if (text === "utc" || text === "localtime") return text;
  const ms = dateMs(text);
  return ms === undefined ? undefined : { date: ms };
}

const rtcSchema = propertiesOf("rtc", ["base", "clock", "driftfix"], {
  base: parsedFrom(parseBase, `expected utc, localtime or a date: ${DATE_ERROR}`).optional(),
  clock: oneOf(["host", "rt", "vm"]).optional(),
  driftfix: oneOf(["none", "slew"]).optional(),
});

/** Every -rtc, merged: QEMU's defaults are base=utc,clock=host. */
export function resolveRtc(rtc: PropertyList): MachineConfig["rtc"] {
  const { base = "utc", clock = "host" } = rtc.validate(rtcSchema);
  return { base, clock };
}
