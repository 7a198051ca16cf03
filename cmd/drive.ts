// -drive: QEMU's block devices. The interface spar has so far is if=pflash, which on pseries is
// the spapr-nvram's backing image (raw, 8 KiB to 1 MiB, written on every nvram-store). Disks
// (if=virtio, if=scsi, QEMU's pseries default) wait for virtio-blk and spapr-vscsi and are
// refused by name, as are formats other than raw.
import { accessSync, constants } from "node:fs";
import { z } from "zod";
import { PropertyList } from "./property-list.ts";
import type { Occurrence } from "./args.ts";
import { existingFile, oneOf, propertiesOf, unsupported } from "./schemas.ts";
import { UsageError } from "./usage-error.ts";

const NO_DISKS = "not supported yet: spar's only -drive interface is pflash (the NVRAM image); virtio-blk and spapr-vscsi disks are to come";

const driveSchema = propertiesOf("-drive", ["if", "file", "format", "id", "index", "unit"], {
  if: z
    .string()
    .superRefine((value, ctx) => {
      if (value !== "pflash") ctx.addIssue({ code: "custom", message: `if=${value}: ${NO_DISKS}`, input: value });
    }),
  file: z.string({ error: "file= is required (the NVRAM image)" }).pipe(existingFile),
  format: oneOf(["raw"]).optional(),
  id: z.string().optional(),
  index: oneOf(["0"]).optional(),
  unit: oneOf(["0"]).optional(),
  readonly: unsupported("readonly is not supported for the NVRAM image: the guest's nvram-store writes it"),
  snapshot: unsupported("snapshot is not supported by spar"),
});

/** The NVRAM image path from the -drive options, if one is given. */
export function resolveDrives(drives: readonly Occurrence[]): { nvramImage?: string } {
  let nvramImage: string | undefined;
  for (const occurrence of drives) {
    const list = new PropertyList(occurrence.spelling);
    list.add(occurrence.properties ?? []);
    // Without if=, QEMU's pseries gives the drive to its default SCSI controller.
    if (!list.items.some((item) => item.key === "if")) throw new UsageError(`${list.describe()}: a SCSI disk (QEMU's default without if=) is ${NO_DISKS}`);
    const drive = list.validate(driveSchema);
    if (nvramImage !== undefined) {
      throw new UsageError(`${list.describe()}: spar has one pflash unit (the NVRAM) and it is already given`);
    }
    try {
      accessSync(drive.file, constants.W_OK);
    } catch {
      throw new UsageError(`${list.sourceOf("file")}: permission denied (the NVRAM image is written on every nvram-store)`);
    }
    nvramImage = drive.file;
  }
  return { nvramImage };
}
