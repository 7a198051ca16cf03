// -object and -device: what QEMU adds to a pseries machine on request. spar has one such device
// so far, spapr-rng (H_RANDOM and the device-tree node Linux's pseries-rng driver binds to), with
// the RNG backends it links to: -object rng-random,id=ID[,filename=FILE] (a file, /dev/urandom
// by default) and -object rng-builtin,id=ID (the host's generator). QEMU's rules: the device
// needs a backend (rng=ID) unless use-kvm=on finds KVM's in-kernel H_RANDOM, which in spar means
// accel=kvm; it can be added once.
import { accessSync, constants, statSync } from "node:fs";
import { z } from "zod";
import type { Accel, MachineConfig } from "../vmm/machine/config.ts";
import type { Occurrence } from "./args.ts";
import { PropertyList } from "./property-list.ts";
import { nonEmptyPath, onOff, oneOf, propertiesOf } from "./schemas.ts";
import { UsageError } from "./usage-error.ts";

export const OBJECT_TYPES = ["rng-random", "rng-builtin"] as const;
export const DEVICES = ["spapr-rng"] as const;

/** Properties of each, for -device spapr-rng,help and the error naming what is accepted. */
export const SPAPR_RNG_PROPERTIES = {
  rng: "ID of the random number generator backend (-object rng-random or rng-builtin)",
  "use-kvm": "use KVM's in-kernel H_RANDOM (spar: with accel=kvm, the host's generator) (default: false)",
} as const;

/** A file spar can read random bytes from: a character device like /dev/urandom will do. */
const readableFile = nonEmptyPath.superRefine((path, ctx) => {
  try {
    if (statSync(path).isDirectory()) throw new Error();
    accessSync(path, constants.R_OK);
  } catch {
    ctx.addIssue({ code: "custom", message: `cannot read '${path}' (expected a file of random bytes, such as /dev/urandom)`, input: path });
  }
});

const objectSchema = z.discriminatedUnion("qom-type", [
  propertiesOf("-object rng-random", ["qom-type", "id", "filename"], {
    "qom-type": z.literal("rng-random"),
    id: z.string().min(1, { error: "expected a name" }),
    filename: readableFile.default("/dev/urandom"),
  }),
  propertiesOf("-object rng-builtin", ["qom-type", "id"], {
    "qom-type": z.literal("rng-builtin"),
    id: z.string().min(1, { error: "expected a name" }),
  }),
], { error: (issue) => (issue.code === "invalid_union" ? `not supported by spar; accepted: ${OBJECT_TYPES.join(", ")}` : undefined) });

const spaprRngSchema = propertiesOf("-device spapr-rng", ["driver", "id", ...Object.keys(SPAPR_RNG_PROPERTIES)], {
  driver: z.literal("spapr-rng"),
  id: z.string().optional(),
  rng: z.string().optional(),
  "use-kvm": onOff.default(false),
});

const driverSchema = oneOf(DEVICES);

/** The -device spapr-rng the command line asks for, with its entropy source, if any. */
export function resolveDevices(objects: readonly Occurrence[], devices: readonly Occurrence[], accel: Accel): Pick<MachineConfig, "rng"> {
  const backends = new Map<string, { file?: string }>();
  for (const occurrence of objects) {
    const list = listOf(occurrence);
    if (!list.items.some((item) => item.key === "id")) throw new UsageError(`${list.sourceOf("qom-type")}: id= is required, as in QEMU`);
    const object = list.validate(objectSchema);
    if (backends.has(object.id)) throw new UsageError(`${list.sourceOf("id")}: id ${object.id} is already used`);
    backends.set(object.id, object["qom-type"] === "rng-random" ? { file: object.filename } : {});
  }
  let rng: MachineConfig["rng"];
  for (const occurrence of devices) {
    const list = listOf(occurrence);
    const driver = list.items[0]?.key === "driver" ? list.items[0].value : "";
    if (!driverSchema.safeParse(driver).success) {
      throw new UsageError(`${list.sourceOf("driver")}: not supported by spar yet; spar's devices: ${DEVICES.join(", ")}`);
    }
    const device = list.validate(spaprRngSchema);
    if (rng !== undefined) throw new UsageError(`${list.sourceOf("driver")}: spapr-rng can only be added once, as in QEMU`);
    if (device["use-kvm"] && accel.kind === "kvm") rng = {}; // KVM's in-kernel H_RANDOM
    else if (device.rng !== undefined) {
      const backend = backends.get(device.rng);
      if (backend === undefined) throw new UsageError(`${list.sourceOf("rng")}: no -object with id=${device.rng}`);
      rng = backend;
    } else if (device["use-kvm"]) {
      throw new UsageError(`${list.sourceOf("use-kvm")}: KVM's in-kernel H_RANDOM needs accel=kvm; with TCG give the device a backend: -object rng-random,id=rng0 -device spapr-rng,rng=rng0`);
    } else {
      throw new UsageError(`${list.sourceOf("driver")}: spapr-rng needs an RNG backend, as in QEMU: -object rng-random,id=rng0 -device spapr-rng,rng=rng0`);
    }
  }
  return { rng };
}

function listOf(occurrence: Occurrence): PropertyList {
  const list = new PropertyList(occurrence.spelling);
  list.add(occurrence.properties ?? []);
  return list;
}
