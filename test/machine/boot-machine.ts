// A pseries machine for tests, built from a command line as a user gives it, with its console
// output and log lines captured.
import { parseCommandLine } from "../../cmd/command-line.ts";
import { parseFdt, type ParsedFdt } from "../../firmware/fdt-reader.ts";
import { MachineLog } from "../../vmm/machine/log.ts";
import { PseriesMachine } from "../../vmm/machine/pseries.ts";

/** A bundled bare-metal test guest (test/guests/bin/NAME.bin). */
export const guestBin = (name: string) => new URL(`../guests/bin/${name}.bin`, import.meta.url).pathname;

/** `spar -nographic -m 256M ARGS` (a later -m wins), booted but not yet run. */
export async function bootPseries(args: string[]) {
  const parsed = parseCommandLine(["-nographic", "-m", "256M", ...args], {});
  if (parsed.kind !== "run") throw new Error(parsed.stderr);
  let output = "";
  const logged: string[] = [];
  const machine = new PseriesMachine(parsed.config, { write: (b) => (output += new TextDecoder().decode(b)) }, new MachineLog([], (l) => logged.push(l)));
  await machine.boot();
  return { machine, output: () => output, logged };
}

/** The device tree the machine handed its guest. */
export function bootTree(machine: PseriesMachine): ParsedFdt {
  return parseFdt(machine.mem.read(machine.fdtAddress, 0x10000));
}

/** Make hypercall `number` with arguments r4 onwards as the guest's `sc 1` does; the status (r3). */
export function hcall(m: PseriesMachine, number: number, ...args: bigint[]): number {
  m.cpu.setGpr(3, number);
  args.forEach((a, i) => m.cpu.setGpr(4 + i, a));
  m.hcalls.dispatch(m.cpu);
  return Number(BigInt.asIntN(64, m.cpu.gpr(3)));
}
