// -cpu and compat modes, and the KVM-HV rule that ties the guest CPU to the (pretend) host's.
import {
  COMPAT_MODES,
  CPU_MODELS,
  DEFAULT_CPU,
  findCpuModel,
  type CompatMode,
  type CpuModel,
  type Generation,
} from "../vmm/cpu/models.ts";
import type { Accel } from "../vmm/machine/config.ts";
import type { Sourced } from "./property-list.ts";
import { oneOf, parsedFrom, propertiesOf } from "./schemas.ts";
import { expected, listOf, UsageError } from "./usage-error.ts";

/** The generations spar models; each is also the name of its compat mode. */
export const GENERATIONS = ["power7", "power8", "power9"] as const satisfies readonly Generation[];

const DEFAULT_HOST: Generation = "power9";

/** accel=kvm models a host; SPAR_HOST_CPU says which generation it is (POWER9 unless set). */
export function hostGeneration(env: Record<string, string | undefined>): Generation {
  const text = env.SPAR_HOST_CPU;
  if (text === undefined || text === "") return DEFAULT_HOST;
  const generation = GENERATIONS.find((g) => g === text.toLowerCase());
  if (generation === undefined) throw new UsageError(`SPAR_HOST_CPU=${text}: ${expected(GENERATIONS)}`);
  return generation;
}

/** "host" is the host generation's model, as -cpu host is the host's CPU under QEMU with KVM. */
function modelOfGeneration(generation: Generation): CpuModel {
  return findCpuModel(generation)!;
}

const MODEL_NAMES = [...CPU_MODELS.map((m) => `${m.name} (${m.aliases.join(", ")})`), "host"];

export const cpuSchema = propertiesOf("the CPU", ["compat"], {
  model: parsedFrom(
    (text) => (text.toLowerCase() === "host" ? "host" : findCpuModel(text)),
    `expected a CPU model: ${listOf(MODEL_NAMES)}; see -cpu help`,
  ),
  compat: oneOf(GENERATIONS).optional(),
});

export interface CpuRequest {
  model?: CpuModel | "host";
  /** "-cpu POWER8": how errors about the model name it. */
  source: string;
  /** The compat mode and the item that asked for it, "-cpu compat=power7" or "-M max-cpu-compat=power7". */
  compat?: Sourced<CompatMode>;
  maxCpuCompat?: Sourced<CompatMode>;
}

export function resolveCpu(
  request: CpuRequest,
  accel: Accel,
  host: Generation,
): { cpu: CpuModel; compat?: CompatMode } {
  // Under KVM QEMU's default CPU is the host's; under TCG it is the pseries default.
  const requested = request.model ?? (accel.kind === "kvm" ? "host" : findCpuModel(DEFAULT_CPU)!);
  const cpu = requested === "host" ? modelOfGeneration(host) : requested;
  const compat = resolveCompat(request, cpu);
  if (accel.kind === "kvm" && accel.type === "HV" && cpu.generation !== host) {
    throw new UsageError(`${request.source}: ${hvMismatch(cpu.generation, compat ?? cpu.generation, host)}`);
  }
  return compat === undefined ? { cpu } : { cpu, compat };
}

function resolveCompat(request: CpuRequest, cpu: CpuModel): CompatMode | undefined {
  const { compat, maxCpuCompat } = request;
  // QEMU once turned -cpu X,compat=Y into -M max-cpu-compat=Y: both name the same setting.
  if (compat && maxCpuCompat && compat.value !== maxCpuCompat.value) {
    throw new UsageError(
      `${compat.source} conflicts with ${maxCpuCompat.source}: both set the compat mode; give one, or the same mode`,
    );
  }
  const chosen = compat ?? maxCpuCompat;
  if (chosen === undefined) return undefined;
  const possible = GENERATIONS.filter((mode) => COMPAT_MODES[mode].isa <= cpu.isa);
  if (!possible.includes(chosen.value)) {
    throw new UsageError(
      `${chosen.source}: compat mode ${chosen.value} is newer than the CPU ${cpu.name} (${upper(cpu.generation)}); ` +
        `accepted: ${listOf(possible)}`,
    );
  }
  return chosen.value;
}

function hvMismatch(guest: Generation, wanted: CompatMode, host: Generation): string {
  const hostCanRunWanted = COMPAT_MODES[wanted].isa < COMPAT_MODES[host].isa;
  const suggestion = `-cpu ${upper(host)}${hostCanRunWanted ? `,compat=${wanted}` : ""}`;
  return (
    `kvm-type=HV runs guest supervisor code directly on the host, so the guest CPU must be the host's ` +
    `generation (${upper(host)}) or use compat=: got ${upper(guest)}. Use ${suggestion} or kvm-type=PR.`
  );
}

function upper(generation: Generation): string {
  return generation.toUpperCase();
}
