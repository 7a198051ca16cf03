// The pseries properties of -M: the ones spar implements (with their help lines), and QEMU's others,
// refused by name so that a QEMU command line learns exactly what is missing.
import { z } from "zod";
import type { IbsCap, SpeculationCap } from "../vmm/machine/config.ts";
import { machineAccelSchema, kvmTypeSchema } from "./accel.ts";
import { GENERATIONS } from "./cpu.ts";
import {
  existingFile,
  nonEmptyPath,
  oneOf,
  oneOfIgnoringCase,
  onlyOff,
  onlyOn,
  onOff,
  propertiesOf,
  unsupported,
} from "./schemas.ts";

const SPECULATION_MODES = ["broken", "workaround", "fixed"] as const satisfies readonly SpeculationCap[];
const IBS_MODES = ["broken", "workaround", "fixed-ibs", "fixed-ccd", "fixed-na"] as const satisfies readonly IbsCap[];

/** Defaults are QEMU 7.2's pseries defaults; `values` is what -M pseries,help shows. */
export const MACHINE_PROPERTIES = {
  accel: {
    values: "tcg|kvm",
    description: "accelerator, as -accel (of QEMU's kvm:tcg fallback lists, the first)",
    schema: machineAccelSchema.optional(),
  },
  "kvm-type": {
    values: "HV|PR",
    description: "with accel=kvm: which KVM spar models (default HV)",
    schema: kvmTypeSchema.optional(),
  },
  "max-cpu-compat": {
    values: GENERATIONS.join("|"),
    description: "run the CPU in this compat mode, as -cpu MODEL,compat=MODE",
    schema: oneOf(GENERATIONS).optional(),
  },
  "cap-cfpc": {
    values: SPECULATION_MODES.join("|"),
    description: "Cache Flush on Privilege Change (default workaround)",
    schema: oneOfIgnoringCase(SPECULATION_MODES).default("workaround"),
  },
  "cap-sbbc": {
    values: SPECULATION_MODES.join("|"),
    description: "Speculation Barrier Bounds Checking (default workaround)",
    schema: oneOfIgnoringCase(SPECULATION_MODES).default("workaround"),
  },
  "cap-ibs": {
    values: IBS_MODES.join("|"),
    description: "Indirect Branch Speculation (default workaround)",
    schema: oneOfIgnoringCase(IBS_MODES).default("workaround"),
  },
  "cap-ccf-assist": {
    values: "on|off",
    description: "Count Cache Flush Assist via HW Instruction (default on)",
    schema: onOff.default(true),
  },
  "cap-large-decr": {
    values: "on|off",
    description: "Large Decrementer (default on)",
    schema: onOff.default(true),
  },
  "ic-mode": {
    values: "xics",
    description: "interrupt controller; spar implements XICS only today",
    schema: z
      .literal("xics", {
        error: (issue) =>
          issue.input === "xive" || issue.input === "dual"
            ? "spar implements XICS only today; accepted: xics"
            : "expected xics",
      })
      .default("xics"),
  },
  "x-vof": {
    values: "on",
    description: "Virtual Open Firmware: spar's firmware is always a VOF-like client interface",
    schema: onlyOn(
      "spar's firmware is always a VOF-like client interface, so x-vof=off (SLOF) is not available",
    ).optional(),
  },
  dumpdtb: { values: "FILE", description: "write the device tree to FILE and quit", schema: nonEmptyPath.optional() },
  kernel: { values: "FILE", description: "as -kernel", schema: existingFile.optional() },
  initrd: { values: "FILE", description: "as -initrd", schema: existingFile.optional() },
  append: { values: "CMDLINE", description: "as -append", schema: z.string().optional() },
  usb: { values: "off", description: "spar has no USB", schema: onlyOff("spar has no USB").optional() },
  graphics: {
    values: "off",
    description: "spar has no graphics; its display is the terminal UI",
    schema: onlyOff("spar has no graphics; its display is the terminal UI").optional(),
  },
} as const;

const NOT_YET = "not supported by spar yet";

/** QEMU 7.2's other pseries properties (qom-list-properties pseries-7.2-machine). */
export const UNSUPPORTED_MACHINE_PROPERTIES = {
  boot: NOT_YET,
  "cap-dfp": NOT_YET,
  "cap-fwnmi": NOT_YET,
  "cap-hpt-max-page-size": NOT_YET,
  "cap-htm": NOT_YET,
  "cap-nested-hv": NOT_YET,
  "cap-rpt-invalidate": NOT_YET,
  "cap-vsx": NOT_YET,
  "confidential-guest-support": NOT_YET,
  "dt-compatible": NOT_YET,
  dtb: `${NOT_YET}: spar builds the device tree itself`,
  "dump-guest-core": NOT_YET,
  firmware: `${NOT_YET}; use -bios`,
  hmat: NOT_YET,
  "host-model": NOT_YET,
  "host-serial": NOT_YET,
  "kernel-addr": NOT_YET,
  "mem-merge": NOT_YET,
  memory: `${NOT_YET}; use -m`,
  "memory-backend": NOT_YET,
  "memory-encryption": NOT_YET,
  "modern-hotplug-events": NOT_YET,
  nvdimm: NOT_YET,
  "nvdimm-persistence": NOT_YET,
  "phandle-start": NOT_YET,
  "resize-hpt": NOT_YET,
  smp: `${NOT_YET}; use -smp`,
  "suppress-vmdesc": NOT_YET,
  "vfio-no-msix-emulation": NOT_YET,
  vsmt: NOT_YET,
} as const;

// Object.fromEntries forgets the keys; the casts restore them so the schema's output stays precisely typed.
const supported = Object.fromEntries(
  Object.entries(MACHINE_PROPERTIES).map(([key, { schema }]) => [key, schema]),
) as { [K in keyof typeof MACHINE_PROPERTIES]: (typeof MACHINE_PROPERTIES)[K]["schema"] };

const refused = Object.fromEntries(
  Object.entries(UNSUPPORTED_MACHINE_PROPERTIES).map(([key, reason]) => [key, unsupported(reason)]),
) as { [K in keyof typeof UNSUPPORTED_MACHINE_PROPERTIES]: ReturnType<typeof unsupported> };

export const machineSchema = propertiesOf("pseries", Object.keys(MACHINE_PROPERTIES), {
  type: z.literal("pseries", { error: "unsupported machine type; accepted: pseries (see -M help)" }).optional(),
  ...supported,
  ...refused,
});
