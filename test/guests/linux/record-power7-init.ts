// `bun test/guests/linux/record-power7-init.ts [bundled|debian]`: boot a kernel with the
// power7-init initramfs on qemu-system-ppc64 in POWER7 compat mode and record its console as the
// fixture power7-init.test.ts compares spar with (fixtures/power7-init.<guest>.qemu.json, with the
// command). Needs qemu-system-ppc (apt-get install qemu-system-ppc); the Debian kernel needs
// `bun run guest:debian`. The initramfs is written to .cache/power7 (git-ignored); the bundled
// kernel is inflated into .cache/bundled, since QEMU loads no gzip kernel.
//
// QEMU 7.2 spells the compat mode as a machine property, -M pseries,max-cpu-compat=power7; it
// refuses the older -cpu POWER8,compat=power7 (which spar still accepts as the same setting), and
// the fixture records that refusal too.

import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "bun";
import { DEBIAN_KERNEL } from "./fetch-debian.ts";
import { DEBIAN_APPEND, inflatedBundledGuest } from "./linux-guests.ts";
import { buildPower7Initramfs } from "./power7-initramfs.ts";

const REPO = join(import.meta.dir, "..", "..", "..");
export type Power7Guest = "bundled" | "debian";
export const power7Fixture = (guest: Power7Guest) => join(import.meta.dir, "fixtures", `power7-init.${guest}.qemu.json`);

export interface Power7Fixture {
  /** The command that made `console`, run from the repository's root. */
  command: string[];
  qemu: string;
  /** Everything QEMU wrote to its console, byte for byte (the kernel's CR LF line ends). */
  console: string;
  /** The older spelling and what QEMU answers to it. */
  legacySpelling: { command: string[]; stderr: string };
}

function record(guest: Power7Guest): void {
  const dir = join(import.meta.dir, ".cache", "power7");
  mkdirSync(dir, { recursive: true });
  const initrd = join(dir, "initrd-power7.gz");
  writeFileSync(initrd, buildPower7Initramfs());
  let kernel = DEBIAN_KERNEL, append = ["-append", DEBIAN_APPEND];
  if (guest === "bundled") {
    kernel = inflatedBundledGuest().kernel;
    append = [];
  }
  const qemuCommand = (machine: string, cpu: string) =>
    ["qemu-system-ppc64", "-M", machine, "-cpu", cpu, "-m", "1G", "-nographic", "-kernel", relative(REPO, kernel), "-initrd", relative(REPO, initrd), ...append];
  const command = qemuCommand("pseries,x-vof=on,max-cpu-compat=power7", "POWER8");
  const run = spawnSync(command, { cwd: REPO, timeout: 120_000, stdin: "ignore" });
  if (run.exitCode !== 0) throw new Error(`${command.join(" ")}: status ${run.exitCode}\n${run.stderr}`);
  const legacy = qemuCommand("pseries,x-vof=on", "POWER8,compat=power7");
  const refused = spawnSync(legacy, { cwd: REPO, timeout: 120_000, stdin: "ignore" });
  const fixture: Power7Fixture = {
    command,
    qemu: spawnSync(["qemu-system-ppc64", "--version"]).stdout.toString().split("\n")[0],
    console: run.stdout.toString(),
    legacySpelling: { command: legacy, stderr: refused.stderr.toString() },
  };
  const file = power7Fixture(guest);
  mkdirSync(join(import.meta.dir, "fixtures"), { recursive: true });
  writeFileSync(file, JSON.stringify(fixture, null, 2) + "\n");
  console.log(`${relative(REPO, file)}: ${fixture.console.split("\n").filter((l) => l.startsWith("power7-init: ")).length} power7-init lines`);
}

if (import.meta.main) {
  const which = process.argv[2];
  for (const guest of ["bundled", "debian"] as const) if (which === undefined || which === guest) record(guest);
}
