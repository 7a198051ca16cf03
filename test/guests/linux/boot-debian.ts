// The unmodified Debian kernel on a pseries machine for tests, booted through spar test's
// GuestSession from a command line as a user gives it.
import { GuestSession } from "../../../cmd/test-runner/session.ts";
import { DEBIAN_INITRD, DEBIAN_KERNEL, debianFetched } from "./fetch-debian.ts";

/** Whether `bun run guest:debian` has fetched the kernel and built the busybox initramfs; says so when not. */
export function debianPresent(): boolean {
  const present = debianFetched();
  if (!present) console.warn("Debian guest absent: run `bun run guest:debian` to boot the Debian kernel in these tests");
  return present;
}

/** The kernel command line of every test boot: the console on hvc0, and no kernel chatter on it. */
export const DEBIAN_APPEND = "console=hvc0 quiet";

/** `spar -M pseries -m 1G -nographic -kernel vmlinux -initrd INITRD -append …` with `machineArgs` (-cpu …), running. */
export function bootDebian(machineArgs: string[], initrd = DEBIAN_INITRD): Promise<GuestSession> {
  return GuestSession.boot(["-M", "pseries", ...machineArgs, "-m", "1G", "-nographic", "-kernel", DEBIAN_KERNEL, "-initrd", initrd, "-append", DEBIAN_APPEND], { env: {} });
}

/** busybox ash's prompt, with the cursor-position query (ESC [ 6 n) it sends once it reads its line. */
export const SHELL_PROMPT = /\/ # \x1b\[6n/;

/** Type a command at the shell prompt and wait for its answer (input typed before the query is flushed with the tty mode change). */
export async function runCommand(guest: GuestSession, command: string, answer: RegExp): Promise<RegExpExecArray> {
  await guest.waitFor(SHELL_PROMPT, { timeout: 60_000 });
  guest.send(command + "\n");
  return guest.waitFor(answer, { timeout: 60_000 });
}
