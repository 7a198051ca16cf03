// The unmodified Debian ppc64el kernel with spar's busybox initramfs (`bun run guest:debian`)
// boots to a shell, answers on the console and powers off with status 0: on POWER8 (hash MMU)
// and POWER9 (radix MMU).
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { GuestSession } from "../../../cmd/test-runner/session.ts";
import { DEBIAN_INITRD, DEBIAN_KERNEL } from "./fetch-debian.ts";

const present = existsSync(DEBIAN_KERNEL) && existsSync(DEBIAN_INITRD);
if (!present) console.warn("Debian guest absent: run `bun run guest:debian` to boot the Debian kernel in these tests");

const PROMPT = /\/ # \x1b\[6n/;

/** Type a command at the shell prompt and wait for its answer. busybox ash sends ESC [ 6 n
 *  (ask the cursor position) once it reads its line: input typed before is flushed with the tty mode change. */
async function run(guest: GuestSession, command: string, answer: RegExp) {
  await guest.waitFor(PROMPT, { timeout: 60_000 });
  guest.send(command + "\n");
  return guest.waitFor(answer, { timeout: 60_000 });
}

describe.skipIf(!present)("the Debian ppc64el kernel boots to a busybox shell", () => {
  test.each([
    ["POWER8", "POWER8 (architected)", "Hash"],
    ["POWER9", "POWER9 (architected)", "Radix"],
  ])("-cpu %s", async (cpu, cpuLine, mmu) => {
    await using guest = await GuestSession.boot(["-M", "pseries", "-cpu", cpu, "-m", "1G", "-nographic", "-kernel", DEBIAN_KERNEL, "-initrd", DEBIAN_INITRD, "-append", "console=hvc0 quiet"], { env: {} });
    await guest.waitFor(/Type 'poweroff' to stop the machine\./, { timeout: 90_000 });
    await run(guest, "uname -m", /\nppc64le\r?\n/);
    expect((await run(guest, "grep -E '^(cpu|MMU)' /proc/cpuinfo", /cpu\s+: (.*?)\r?\nMMU\s+: (\w+)/)).slice(1, 3)).toEqual([`${cpuLine}, altivec supported`, mmu]);
    // Floating point and VSX in userland (awk's printf), and the kernel's pipes and page cache.
    await run(guest, "awk 'BEGIN { s = 0; for (i = 1; i <= 100; i++) s += 1 / i; printf \"%.6f %e\\n\", s, s * 1e300 }'", /\n5\.187378 5\.187378e\+300\r?\n/);
    await run(guest, "echo hello | sha256sum", /\n5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -\r?\n/);
    await guest.waitFor(PROMPT);
    guest.send("poweroff\n");
    expect(await guest.exit()).toBe(0);
  }, 120_000);
});
