// The texts of --help, --version and QEMU's "help" values (-cpu help, -M help, -M pseries,help,
// -d help, -accel help), all built from the same tables the parser uses.
import pkg from "../package.json";
import { CPU_MODELS, COMPAT_MODES, type IsaLevel } from "../vmm/cpu/models.ts";
import { ACCELERATORS } from "./accel.ts";
import { DEVICES, OBJECT_TYPES, SPAPR_RNG_PROPERTIES } from "./devices.ts";
import { LOG_ITEMS } from "./log.ts";
import { MACHINE_PROPERTIES, UNSUPPORTED_MACHINE_PROPERTIES } from "./machine-properties.ts";
import { OPTIONS, type OptionSpec } from "./options.ts";

export function versionText(): string {
  return `spar ${pkg.version}\n`;
}

const HEAD_WIDTH = 41;

export function usageText(): string {
  const specs: OptionSpec[] = Object.values(OPTIONS);
  const heads = specs.map((spec) => `  ${spec.names.map((n) => `-${n}`).join(", ")} ${spec.argument ?? ""}`.trimEnd());
  // A few long heads (-smp) would push every description far right; they get a short gap instead.
  const lines = specs.map((spec, i) => `${heads[i]!.padEnd(HEAD_WIDTH - 2)}  ${spec.description}`);
  return `Usage: spar [options]
       spar test [--format tap|junit] [--junit FILE] SCRIPT

spar runs an IBM POWER pseries (sPAPR) guest from the terminal. Its options follow qemu-system-ppc64:
-flag value or --flag value, property lists as key=value,key2=value2 (",," is a literal comma).
spar test boots a guest from a test script and checks its console (spar test --help).
Without -kernel or -bios spar boots its bundled guest, a small Linux with a busybox shell; -initrd
and -append then go with its kernel. The console is the terminal: Ctrl-A x quits, Ctrl-A h lists the keys.

Options:
${lines.join("\n")}

Accelerators:
  There is no /dev/kvm for POWER here: accel=kvm selects spar's own models of KVM-HV and KVM-PR
  execution, not the Linux kernel's KVM. kvm-type=HV (the default) runs guest supervisor code
  directly, as KVM-HV does on POWER hardware, so it requires the host CPU generation, or that
  generation in a compat mode (-cpu POWER9,compat=power8). kvm-type=PR runs the guest kernel in
  problem state and traps every privileged instruction: slower, but it accepts any CPU model.
  accel=tcg (the default) interprets everything.

Environment:
  SPAR_HOST_CPU=power7|power8|power9   the host generation that accel=kvm models (default power9)
`;
}

export function cpuHelp(): string {
  const row = (name: string, detail: string) => `PowerPC ${name.padEnd(17)}${detail}`;
  const rows = CPU_MODELS.flatMap((model) => [
    row(model.name, `PVR ${hex8(model.pvr)}  ${model.generation.toUpperCase()}, ISA ${ISA_NAMES[model.isa]}`),
    ...model.aliases.map((alias) => row(alias, `(alias for ${model.name})`)),
  ]);
  const compat = Object.entries(COMPAT_MODES).map(
    ([mode, { logicalPvr }]) => `  ${mode} (logical PVR ${hex8(logicalPvr)})`,
  );
  return `Available CPUs (names are case-insensitive, as in QEMU):
${rows.join("\n")}
${row("host", "(the model of the host generation: SPAR_HOST_CPU, default power9)")}

Compat modes (-cpu MODEL,compat=MODE or -M max-cpu-compat=MODE), at most the CPU's own generation:
${compat.join("\n")}
`;
}

export function machineHelp(): string {
  return `Supported machines are:
pseries              pSeries Logical Partition (PAPR compliant) (default)
`;
}

export function machinePropertiesHelp(): string {
  const heads = Object.entries(MACHINE_PROPERTIES).map(([name, { values }]) => `${name}=<${values}>`);
  const width = Math.max(...heads.map((head) => head.length)) + 1;
  const rows = Object.values(MACHINE_PROPERTIES).map(
    ({ description }, i) => `  ${heads[i]!.padEnd(width)}- ${description}`,
  );
  return `pseries machine options:
${rows.join("\n")}

QEMU pseries options spar does not support yet:
  ${Object.keys(UNSUPPORTED_MACHINE_PROPERTIES).join(", ")}
`;
}

export function logHelp(): string {
  const rows = Object.entries(LOG_ITEMS).map(([item, description]) => `${item.padEnd(16)}${description}`);
  return `Log items (comma separated):
${rows.join("\n")}
`;
}

export function accelHelp(): string {
  return `Accelerators supported by spar:
${ACCELERATORS.join("\n")}
`;
}

export function deviceHelp(): string {
  return `Devices spar can add (-device NAME,help lists a device's properties):
${DEVICES.map((name) => `name "${name}"`).join("\n")}
`;
}

export function spaprRngHelp(): string {
  const rows = Object.entries(SPAPR_RNG_PROPERTIES).map(([name, description]) => `  ${name.padEnd(8)}- ${description}`);
  return `spapr-rng options:
${rows.join("\n")}
`;
}

export function objectHelp(): string {
  return `Object types spar supports (the backends of spapr-rng):
${OBJECT_TYPES.join("\n")}
`;
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, "0");
}

const ISA_NAMES: Record<IsaLevel, string> = { 206: "2.06", 207: "2.07", 300: "3.0" };
