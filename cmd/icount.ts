// -icount: QEMU's instruction counting, which here selects spar's deterministic timebase. That
// timebase is fixed at one guest instruction per nanosecond (QEMU's shift=0), so only shift=0 is
// accepted; QEMU's other shifts, adaptive shift=auto, align, sleep and record/replay are refused
// by name. Without -icount the timebase follows the host clock.
import { z } from "zod";
import type { MachineConfig } from "../vmm/machine/config.ts";
import type { PropertyList } from "./property-list.ts";
import { onlyOff, propertiesOf, unsupported } from "./schemas.ts";

const FIXED = "spar's deterministic timebase is fixed at one instruction per nanosecond";
/** QEMU's largest shift (MAX_ICOUNT_SHIFT). */
const MAX_SHIFT = 10;

/** Why a shift is refused, or undefined for 0. */
function shiftProblem(text: string): string | undefined {
  if (/^\d+$/.test(text)) {
    const shift = Number(text);
    if (shift === 0) return undefined;
    if (shift <= MAX_SHIFT) return `${FIXED}, and shift=${shift} means ${2 ** shift} ns per instruction; accepted: 0`;
  }
  if (text === "auto") return `adaptive icount (shift=auto) is not supported by spar: ${FIXED}; accepted: 0`;
  return `expected 0, the one shift spar supports (QEMU also takes 1 to ${MAX_SHIFT} or auto)`;
}

// QEMU leaves icount off when -icount has no shift; spar asks for it rather than ignore the option.
const shift = z
  .string({ error: "a shift is required (QEMU would ignore -icount without one); accepted: shift=0" })
  .superRefine((text, ctx) => {
    const problem = shiftProblem(text);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: text });
  });

const NO_RECORD_REPLAY = "record/replay is not supported by spar";

const icountSchema = propertiesOf("icount", ["shift", "align", "sleep"], {
  shift,
  align: onlyOff(
    "align=on is not supported by spar: it delays the guest to keep its clock in step with the host's, " +
      "and spar's deterministic timebase does not follow the host clock",
  ).optional(),
  sleep: onlyOff(
    "sleep=on is not supported by spar: its deterministic timebase advances with guest instructions only, " +
      "never with host time while the guest idles",
  ).optional(),
  rr: unsupported(NO_RECORD_REPLAY),
  rrfile: unsupported(NO_RECORD_REPLAY),
  rrsnapshot: unsupported(NO_RECORD_REPLAY),
});

/** Every -icount, merged key by key as QEMU merges them: the deterministic timebase, or the host clock without one. */
export function resolveClock(icount: PropertyList): MachineConfig["clock"] {
  if (icount.items.length === 0) return "host";
  icount.validate(icountSchema);
  return "instructions";
}
