// The unmodified Debian ppc64el kernel with spar's busybox initramfs (`bun run guest:debian`)
// boots to a shell, answers on the console and powers off with status 0: on POWER8 (hash MMU)
// and POWER9 (radix MMU).
import { describe, expect, test } from "bun:test";
import { bootDebian, debianPresent, runCommand, SHELL_PROMPT } from "./boot-debian.ts";

describe.skipIf(!debianPresent())("the Debian ppc64el kernel boots to a busybox shell", () => {
  test.each([
    ["POWER8", "POWER8 (architected)", "Hash"],
    ["POWER9", "POWER9 (architected)", "Radix"],
  ])("-cpu %s", async (cpu, cpuLine, mmu) => {
    await using guest = await bootDebian(["-cpu", cpu]);
    await guest.waitFor(/Type 'poweroff' to stop the machine\./, { timeout: 90_000 });
    await runCommand(guest, "uname -m", /\nppc64le\r?\n/);
    expect((await runCommand(guest, "grep -E '^(cpu|MMU)' /proc/cpuinfo", /cpu\s+: (.*?)\r?\nMMU\s+: (\w+)/)).slice(1, 3)).toEqual([`${cpuLine}, altivec supported`, mmu]);
    // Floating point and VSX in userland (awk's printf), and the kernel's pipes and page cache.
    await runCommand(guest, "awk 'BEGIN { s = 0; for (i = 1; i <= 100; i++) s += 1 / i; printf \"%.6f %e\\n\", s, s * 1e300 }'", /\n5\.187378 5\.187378e\+300\r?\n/);
    await runCommand(guest, "echo hello | sha256sum", /\n5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -\r?\n/);
    await guest.waitFor(SHELL_PROMPT);
    guest.send("poweroff\n");
    expect(await guest.exit()).toBe(0);
  }, 120_000);
});
