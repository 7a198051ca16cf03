// The unmodified Debian ppc64el kernel with spar's busybox initramfs (`bun run guest:debian`)
// boots to a shell, answers on the console and powers off with status 0: on POWER8 (hash MMU)
// and POWER9 (radix MMU), the latter with -device spapr-rng, whose driver gives /dev/hwrng.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { bootDebian, debianPresent, runCommand, SHELL_PROMPT } from "./boot-debian.ts";
import { DEBIAN_RNG_MODULE } from "./fetch-debian.ts";

const present = debianPresent();
const hasRngModule = existsSync(DEBIAN_RNG_MODULE);
if (present && !hasRngModule) console.warn("Debian guest without pseries-rng.ko: run `bun run guest:debian` again to test /dev/hwrng");

describe.skipIf(!present)("the Debian ppc64el kernel boots to a busybox shell", () => {
  const rng = ["-object", "rng-builtin,id=rng0", "-device", "spapr-rng,rng=rng0"];
  test.each([
    ["POWER8", "", "POWER8 (architected)", "Hash", []],
    ["POWER9", " -device spapr-rng", "POWER9 (architected)", "Radix", rng],
  ])("-cpu %s%s", async (cpu, _title, cpuLine, mmu, devices) => {
    await using guest = await bootDebian(["-cpu", cpu, ...devices]);
    await guest.waitFor(/Type 'poweroff' to stop the machine\./, { timeout: 90_000 });
    await runCommand(guest, "uname -m", /\nppc64le\r?\n/);
    expect((await runCommand(guest, "grep -E '^(cpu|MMU)' /proc/cpuinfo", /cpu\s+: (.*?)\r?\nMMU\s+: (\w+)/)).slice(1, 3)).toEqual([`${cpuLine}, altivec supported`, mmu]);
    // Floating point and VSX in userland (awk's printf), and the kernel's pipes and page cache.
    await runCommand(guest, "awk 'BEGIN { s = 0; for (i = 1; i <= 100; i++) s += 1 / i; printf \"%.6f %e\\n\", s, s * 1e300 }'", /\n5\.187378 5\.187378e\+300\r?\n/);
    await runCommand(guest, "echo hello | sha256sum", /\n5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -\r?\n/);
    // What the kernel used to miss in the tree: the RTAS event-scan rate, and stop-self for CPU hot-plug.
    await runCommand(guest, "dmesg | grep -c -e 'no rtas-event-scan-rate' -e 'CPU Hotplug not supported'", /\n0\r?\n/);
    if (devices.length > 0 && hasRngModule) {
      // The pseries-rng driver binds to /ibm,platform-facilities/ibm,random-v1 and reads H_RANDOM.
      await runCommand(guest, "insmod /lib/modules/pseries-rng.ko && cat /sys/class/misc/hw_random/rng_current", /\npseries_rng\r?\n/);
      await runCommand(guest, "head -c 16 /dev/hwrng | od -An -tx1 | wc -w", /\n16\r?\n/);
    }
    await guest.waitFor(SHELL_PROMPT);
    guest.send("poweroff\n");
    expect(await guest.exit()).toBe(0);
  }, 120_000);
});
