// `bun test/guests/linux/record-power7-init.ts`: boot the Debian kernel with the power7-init
// initramfs on qemu-system-ppc64 in POWER7 compat mode and record its console as the fixture
// power7-init.test.ts compares spar with (fixtures/power7-init.qemu.json, with the command).
// Needs `bun run guest:debian` and qemu-system-ppc (apt-get install qemu-system-ppc).
//
// QEMU 7.2 spells the compat mode as a machine property, -M pseries,max-cpu-compat=power7; it
// refuses the older -cpu POWER8,compat=power7 (which spar still accepts as the same setting), and
// the fixture records that refusal too.

import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "bun";
import { DEBIAN_APPEND } from "./boot-debian.ts";
import { DEBIAN_DIR, DEBIAN_KERNEL } from "./fetch-debian.ts";
import { buildPower7Initramfs } from "./initramfs.ts";

const REPO = join(import.meta.dir, "..", "..", "..");
export const POWER7_FIXTURE = join(import.meta.dir, "fixtures", "power7-init.qemu.json");

export interface Power7Fixture {
  /** The command that made `console`, run from the repository's root. */
  command: string[];
  qemu: string;
  /** Everything QEMU wrote to its console, byte for byte (the kernel's CR LF line ends). */
  console: string;
  /** The older spelling and what QEMU answers to it. */
  legacySpelling: { command: string[]; stderr: string };
}

function qemuCommand(machine: string, cpu: string, initrd: string): string[] {
  return ["qemu-system-ppc64", "-M", machine, "-cpu", cpu, "-m", "1G", "-nographic", "-kernel", relative(REPO, DEBIAN_KERNEL), "-initrd", relative(REPO, initrd), "-append", DEBIAN_APPEND];
}

if (import.meta.main) {
  const initrd = join(DEBIAN_DIR, "initrd-power7.gz");
  writeFileSync(initrd, buildPower7Initramfs());
  const command = qemuCommand("pseries,x-vof=on,max-cpu-compat=power7", "POWER8", initrd);
  const run = spawnSync(command, { cwd: REPO, timeout: 120_000, stdin: "ignore" });
  if (run.exitCode !== 0) throw new Error(`${command.join(" ")}: status ${run.exitCode}\n${run.stderr}`);
  const legacy = qemuCommand("pseries,x-vof=on", "POWER8,compat=power7", initrd);
  const refused = spawnSync(legacy, { cwd: REPO, timeout: 120_000, stdin: "ignore" });
  const fixture: Power7Fixture = {
    command,
    qemu: spawnSync(["qemu-system-ppc64", "--version"]).stdout.toString().split("\n")[0],
    console: run.stdout.toString(),
    legacySpelling: { command: legacy, stderr: refused.stderr.toString() },
  };
  mkdirSync(join(import.meta.dir, "fixtures"), { recursive: true });
  writeFileSync(POWER7_FIXTURE, JSON.stringify(fixture, null, 2) + "\n");
  console.log(`${relative(REPO, POWER7_FIXTURE)}: ${fixture.console.split("\n").filter((l) => l.startsWith("power7-init: ")).length} power7-init lines`);
}
