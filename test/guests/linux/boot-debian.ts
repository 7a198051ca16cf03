// The unmodified Debian kernel on a pseries machine for tests: booted in process from a command
// line as a user gives it, with its console captured and typed into.
import { existsSync } from "node:fs";
import { parseCommandLine } from "../../../cmd/command-line.ts";
import { MachineLog } from "../../../vmm/machine/log.ts";
import { PseriesMachine } from "../../../vmm/machine/pseries.ts";
import { DEBIAN_INITRD, DEBIAN_KERNEL } from "./fetch-debian.ts";

/** Whether `bun run guest:debian` has fetched the kernel and built the busybox initramfs; says so when not. */
export function debianPresent(): boolean {
  const present = existsSync(DEBIAN_KERNEL) && existsSync(DEBIAN_INITRD);
  if (!present) console.warn("Debian guest absent: run `bun run guest:debian` to boot the Debian kernel in these tests");
  return present;
}

/** The kernel command line of every test boot: the console on hvc0, and no kernel chatter on it. */
export const DEBIAN_APPEND = "console=hvc0 quiet";

/** `spar -M pseries -m 1G -nographic -kernel vmlinux -initrd INITRD -append …` with `machineArgs` (-cpu …), running. */
export async function bootDebian(machineArgs: string[], initrd = DEBIAN_INITRD) {
  const parsed = parseCommandLine(["-M", "pseries", ...machineArgs, "-m", "1G", "-nographic", "-kernel", DEBIAN_KERNEL, "-initrd", initrd, "-append", DEBIAN_APPEND], {});
  if (parsed.kind !== "run") throw new Error(parsed.stderr);
  let text = "";
  let type: (bytes: Uint8Array) => void = () => {};
  const machine = new PseriesMachine(parsed.config, { write: (b) => (text += new TextDecoder().decode(b)), onInput: (l) => (type = l) }, new MachineLog([], () => {}));
  await machine.boot();
  const status = machine.run();
  let seen = 0;
  /** Wait until the console shows `pattern` after what earlier waits consumed. */
  const expectConsole = async (pattern: RegExp, seconds = 60) => {
    for (const end = Date.now() + seconds * 1000; Date.now() < end; await Bun.sleep(20)) {
      const m = pattern.exec(text.slice(seen));
      if (m) {
        seen += m.index + m[0].length;
        return m;
      }
    }
    machine.stop(1);
    throw new Error(`no ${pattern} on the console within ${seconds} s; it ends with:\n${text.slice(-800)}`);
  };
  /** Type a command at the shell prompt and wait for its answer. busybox ash sends ESC [ 6 n
   *  (ask the cursor position) once it reads its line: input typed before is flushed with the tty mode change. */
  const run = async (command: string, answer: RegExp) => {
    await expectConsole(/\/ # \x1b\[6n/);
    type(new TextEncoder().encode(command + "\n"));
    return expectConsole(answer);
  };
  return { machine, status, console: () => text, expectConsole, run };
}
