// The Linux guests the tests boot through spar test's GuestSession, from command lines as a user
// gives them: spar's bundled guest (no -kernel: the small kernel and busybox initramfs inside spar)
// and the unmodified Debian kernel with spar's busybox initramfs (`bun run guest:debian`).
import { GuestSession } from "../../../cmd/test-runner/session.ts";
import { DEBIAN_INITRD, DEBIAN_KERNEL, debianFetched } from "./fetch-debian.ts";

export interface LinuxGuest {
  name: string;
  /** Whether it can boot here; says why not when it cannot. */
  present(): boolean;
  /** Boot it with `machineArgs` (-cpu …) and, instead of its own initramfs, `initrd`. */
  boot(machineArgs: string[], initrd?: string): Promise<GuestSession>;
}

export const BUNDLED_GUEST: LinuxGuest = {
  name: "the bundled guest",
  present: () => true,
  boot: (machineArgs, initrd) => GuestSession.boot([...machineArgs, ...(initrd ? ["-initrd", initrd] : [])], { env: {} }),
};

/** The Debian kernel's command line in the tests: the console on hvc0, and no kernel chatter on it. */
export const DEBIAN_APPEND = "console=hvc0 quiet";

export const DEBIAN_GUEST: LinuxGuest = {
  name: "the Debian kernel",
  present() {
    const present = debianFetched();
    if (!present) console.warn("Debian guest absent: run `bun run guest:debian` to boot the Debian kernel in these tests");
    return present;
  },
  boot: (machineArgs, initrd = DEBIAN_INITRD) =>
    GuestSession.boot(["-M", "pseries", ...machineArgs, "-m", "1G", "-nographic", "-kernel", DEBIAN_KERNEL, "-initrd", initrd, "-append", DEBIAN_APPEND], { env: {} }),
};

/** busybox ash's prompt, with the cursor-position query (ESC [ 6 n) it sends once it reads its line. */
export const SHELL_PROMPT = /# \x1b\[6n/;

/** Type a command at the shell prompt and wait for its answer (input typed before the query is flushed with the tty mode change). */
export async function runCommand(guest: GuestSession, command: string, answer: RegExp): Promise<RegExpExecArray> {
  await guest.waitFor(SHELL_PROMPT, { timeout: 60_000 });
  guest.send(command + "\n");
  return guest.waitFor(answer, { timeout: 60_000 });
}
