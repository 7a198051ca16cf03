// The Linux guests the tests boot through spar test's GuestSession, from command lines as a user
// gives them: spar's bundled guest (no -kernel: the small kernel and busybox initramfs inside spar)
// and the unmodified Debian kernel with spar's busybox initramfs (`bun run guest:debian`).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUNDLED_INITRAMFS, BUNDLED_KERNEL } from "../../../cmd/bundled-guest/bundled-guest.ts";
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

/** The Debian guest's memory, images and kernel command line, for spar and QEMU alike. */
export function debianImageArgs(initrd = DEBIAN_INITRD): string[] {
  return ["-m", "1G", "-kernel", DEBIAN_KERNEL, "-initrd", initrd, "-append", DEBIAN_APPEND];
}

export const DEBIAN_GUEST: LinuxGuest = {
  name: "the Debian kernel",
  present() {
    const present = debianFetched();
    if (!present) console.warn("Debian guest absent: run `bun run guest:debian` to boot the Debian kernel in these tests");
    return present;
  },
  boot: (machineArgs, initrd) => GuestSession.boot(["-M", "pseries", ...machineArgs, "-nographic", ...debianImageArgs(initrd)], { env: {} }),
};

/** The bundled guest's images inflated into the git-ignored cache, for QEMU, which loads no gzip kernel (spar inflates both itself). */
export function inflatedBundledGuest(): { kernel: string; initrd: string } {
  const dir = join(import.meta.dir, ".cache", "bundled");
  mkdirSync(dir, { recursive: true });
  const kernel = join(dir, "vmlinux"), initrd = join(dir, "initramfs.cpio");
  writeFileSync(kernel, Bun.gunzipSync(readFileSync(BUNDLED_KERNEL)));
  writeFileSync(initrd, Bun.gunzipSync(readFileSync(BUNDLED_INITRAMFS)));
  return { kernel, initrd };
}

/** sha256 of what `seq 1 N | sort -r` prints: the numbers in reverse string order, one per line. */
export function sortedSeqSha256(lines: number): string {
  const sorted = Array.from({ length: lines }, (_, i) => String(i + 1)).sort().reverse();
  return new Bun.CryptoHasher("sha256").update(sorted.join("\n") + "\n").digest("hex");
}

/** busybox ash's prompt, with the cursor-position query (ESC [ 6 n) it sends once it reads its line. */
export const SHELL_PROMPT = /# \x1b\[6n/;

/** Type a command at the shell prompt and wait for its answer (input typed before the query is flushed with the tty mode change). */
export async function runCommand(guest: GuestSession, command: string, answer: RegExp): Promise<RegExpExecArray> {
  await guest.waitFor(SHELL_PROMPT, { timeout: 60_000 });
  guest.send(command + "\n");
  return guest.waitFor(answer, { timeout: 60_000 });
}
