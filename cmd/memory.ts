// -m: QEMU's size syntax, with pseries' 256 MiB granularity and spar's current 2 GiB ceiling.
import { parsedFrom, propertiesOf, unsupported } from "./schemas.ts";

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/** QEMU's default for pseries. */
const DEFAULT_MEMORY = 512 * MiB;
/** Guest RAM is handed out in LMBs (ibm,dynamic-memory blocks), so QEMU insists on whole ones. */
const BLOCK = 256 * MiB;
const MAX_MEMORY = 2 * GiB;

const UNIT: Record<string, number> = { b: 1, k: 2 ** 10, m: MiB, g: GiB, t: 2 ** 40, p: 2 ** 50, e: 2 ** 60 };

/** "512" (MiB: QEMU's unit for a bare -m number), "1G", "1.5G", "256m", "2048M"; undefined if not a size. */
function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([bkmgtpe]?)$/i.exec(text);
  if (!match) return undefined;
  const bytes = Number(match[1]) * (match[2] ? UNIT[match[2].toLowerCase()]! : MiB);
  return Number.isInteger(bytes) ? bytes : undefined;
}

const ACCEPTED = "accepted: 256M to 2G in steps of 256M";

const memorySize = parsedFrom(
  parseSize,
  "expected a size: a number of MiB, or a number with suffix B, k, M, G or T (e.g. 512, 1G)",
).superRefine((bytes, ctx) => {
  if (bytes > MAX_MEMORY) {
    ctx.addIssue({ code: "custom", message: `spar supports at most 2G of guest RAM for now; ${ACCEPTED}` });
  } else if (bytes === 0 || bytes % BLOCK !== 0) {
    const message = `pseries guest RAM comes in whole 256 MiB blocks, as in QEMU; ${ACCEPTED}`;
    ctx.addIssue({ code: "custom", message });
  }
});

const NO_HOTPLUG = "memory hotplug is not supported by spar yet";

export const memorySchema = propertiesOf("memory", ["size"], {
  size: memorySize.default(DEFAULT_MEMORY),
  slots: unsupported(NO_HOTPLUG),
  maxmem: unsupported(NO_HOTPLUG),
});
