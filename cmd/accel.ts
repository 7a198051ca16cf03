// -accel, -M accel=, -enable-kvm and kvm-type. There is no /dev/kvm for POWER here: "kvm" selects
// spar's own models of KVM-HV and KVM-PR execution.
import { z } from "zod";
import type { Accel } from "../vmm/machine/config.ts";
import type { Sourced } from "./property-list.ts";
import { oneOf, parsedFrom, propertiesOf } from "./schemas.ts";
import { UsageError } from "./usage-error.ts";

export const ACCELERATORS = ["tcg", "kvm"] as const;
type AcceleratorName = (typeof ACCELERATORS)[number];

function isAccelerator(name: string): name is AcceleratorName {
  return (ACCELERATORS as readonly string[]).includes(name);
}

/** QEMU reads kvm-type without regard to case and calls its default "auto": KVM-HV when available. */
export const kvmTypeSchema = z
  .string()
  .transform((text) => text.toUpperCase())
  .pipe(z.enum(["HV", "PR", "AUTO"], { error: () => "expected HV or PR" }))
  .transform((type) => (type === "PR" ? "PR" : "HV"));

/** -M accel= may be QEMU's fallback list, "kvm:tcg"; spar's accelerators always start, so the first wins. */
export const machineAccelSchema = parsedFrom((text) => {
  const names = text.split(":");
  return names.every(isAccelerator) ? names[0] : undefined;
}, "expected tcg or kvm");

export const accelSchema = propertiesOf("the accelerator", ["kvm-type"], {
  accel: oneOf(ACCELERATORS),
  "kvm-type": kvmTypeSchema.optional(),
});

export interface AccelRequest {
  /** From -M accel= or -enable-kvm. */
  machineAccel?: Sourced<AcceleratorName>;
  machineKvmType?: Sourced<"HV" | "PR">;
  /** Every -accel, in order: QEMU tries them in turn, and spar's first one always starts. */
  accelFlags: { accel: Sourced<AcceleratorName>; kvmType?: Sourced<"HV" | "PR"> }[];
}

export function resolveAccel(request: AccelRequest): Accel {
  const { machineAccel, machineKvmType, accelFlags } = request;
  const [firstFlag] = accelFlags;
  if (machineAccel && firstFlag) {
    throw new UsageError(
      `${firstFlag.accel.source}: -accel and ${machineAccel.source} are incompatible, as in QEMU; give one of them`,
    );
  }
  const accel = machineAccel ?? firstFlag?.accel;
  const flagKvmType = firstFlag?.kvmType;
  if (machineKvmType && flagKvmType && machineKvmType.value !== flagKvmType.value) {
    throw new UsageError(`${flagKvmType.source} conflicts with ${machineKvmType.source}; give one of them`);
  }
  const kvmType = flagKvmType ?? machineKvmType;
  if (accel?.value !== "kvm") {
    if (kvmType) {
      throw new UsageError(
        `${kvmType.source}: kvm-type needs accel=kvm, but the accelerator is tcg; ` +
          `add -accel kvm, -M accel=kvm or -enable-kvm`,
      );
    }
    return { kind: "tcg" };
  }
  return { kind: "kvm", type: kvmType?.value ?? "HV" };
}
