// `spar -display tui --config guests.yaml`: several guests for the dashboard, each described by
// its own spar (QEMU-style) command line, which the real command-line parser validates:
//
//   guests:
//     - name: debian                       # optional: -name, else the image's file name
//       args: [-M, pseries, -cpu, POWER9, -m, 1G, -kernel, vmlinux, -initrd, initrd.gz, -append, console=hvc0]
//     - args: [-m, 256M, -bios, test/guests/bin/hello-le.bin]
//
// Relative paths in args are taken from the file's directory.

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { guestName, type MachineConfig } from "../vmm/machine/config.ts";
import { UsageError } from "./usage-error.ts";

export interface GuestEntry {
  name: string;
  config: MachineConfig;
}

/** Guests one dashboard runs at most: each takes a Worker and its memory. */
export const MAX_GUESTS = 8;

const guestsFileSchema = z.strictObject({
  guests: z
    .array(
      z.strictObject({
        name: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,24}$/, { error: "expected 1 to 24 letters, digits, '.', '_' or '-'" })
          .optional(),
        args: z.array(z.string(), { error: "expected the guest's command line as a list, e.g. [-m, 1G, -bios, hello.bin]" }).min(1, { error: "expected the guest's command line" }),
      }),
      { error: "expected a list of guests, each with args" },
    )
    .min(1, { error: "expected at least one guest" })
    .max(MAX_GUESTS, { error: `at most ${MAX_GUESTS} guests` }),
}, { error: (issue) => (issue.code === "invalid_type" ? "expected a mapping with a guests list" : undefined) });

/** Read and check the file; `parseGuest` turns one guest's args into its MachineConfig or throws. */
export function readGuestsFile(path: string, parseGuest: (args: string[], baseDir: string) => MachineConfig): GuestEntry[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`--config ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let document: unknown;
  try {
    document = Bun.YAML.parse(text);
  } catch (e) {
    throw new UsageError(`--config ${path}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const parsed = guestsFileSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    throw new UsageError(`--config ${path}: ${where}${issue.message}`);
  }
  const names = new Set<string>();
  return parsed.data.guests.map(({ name, args }, i) => {
    let config: MachineConfig;
    try {
      config = parseGuest(args, dirname(resolve(path)));
    } catch (e) {
      throw new UsageError(`--config ${path}: guests.${i}.args: ${(e as Error).message}`);
    }
    const guest = name ?? guestName(config);
    if (names.has(guest)) throw new UsageError(`--config ${path}: guests.${i}: a second guest named ${guest}; give each a different name`);
    names.add(guest);
    return { name: guest, config: { ...config, name: guest } };
  });
}
