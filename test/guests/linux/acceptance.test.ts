// The acceptance session on both Linux guests: the bundled guest (always) and the unmodified
// Debian kernel (when `bun run guest:debian` has fetched it) boot to their busybox shell and
// answer on the console, on POWER8 (hash MMU) and POWER9 (radix MMU, with -device spapr-rng,
// whose driver gives /dev/hwrng); `poweroff` ends spar with status 0.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { DEBIAN_RNG_MODULE } from "./fetch-debian.ts";
import { BUNDLED_GUEST, DEBIAN_GUEST, runCommand, SHELL_PROMPT, sortedSeqSha256, type LinuxGuest } from "./linux-guests.ts";

const RNG = ["-object", "rng-builtin,id=rng0", "-device", "spapr-rng,rng=rng0"];
const MACHINES = [
  { cpu: "POWER8", devices: [], cpuLine: "POWER8 (architected)", mmu: "Hash" },
  { cpu: "POWER9", devices: RNG, cpuLine: "POWER9 (architected)", mmu: "Radix" },
];

function acceptance(guest: LinuxGuest, rngDriver: string | undefined) {
  describe.skipIf(!guest.present())(`${guest.name} boots to a busybox shell`, () => {
    test.each(MACHINES)("-cpu $cpu ($mmu MMU)", async ({ cpu, devices, cpuLine, mmu }) => {
      await using session = await guest.boot(["-cpu", cpu, ...devices]);
      await session.waitFor(/Type 'poweroff' to stop the machine\./, { timeout: 90_000 });
      await runCommand(session, "uname -m", /\nppc64le\r?\n/);
      expect((await runCommand(session, "grep -E '^(cpu|MMU)' /proc/cpuinfo", /cpu\s+: (.*?)\r?\nMMU\s+: (\w+)/)).slice(1, 3)).toEqual([`${cpuLine}, altivec supported`, mmu]);
      // Floating point and VSX in userland (awk's printf), and the kernel's pipes and page cache.
      await runCommand(session, "awk 'BEGIN { s = 0; for (i = 1; i <= 100; i++) s += 1 / i; printf \"%.6f %e\\n\", s, s * 1e300 }'", /\n5\.187378 5\.187378e\+300\r?\n/);
      await runCommand(session, "echo hello | sha256sum", /\n5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -\r?\n/);
      await runCommand(session, "seq 1 2000 | sort -r | sha256sum", new RegExp(`\\n${sortedSeqSha256(2000)}  -\\r?\\n`));
      // What the kernel used to miss in the tree: the RTAS event-scan rate, and stop-self for CPU hot-plug.
      await runCommand(session, "dmesg | grep -c -e 'no rtas-event-scan-rate' -e 'CPU Hotplug not supported'", /\n0\r?\n/);
      if (devices.length > 0 && rngDriver !== undefined) {
        // The pseries-rng driver binds to /ibm,platform-facilities/ibm,random-v1 and reads H_RANDOM.
        await runCommand(session, `${rngDriver}cat /sys/class/misc/hw_random/rng_current`, /\npseries_rng\r?\n/);
        await runCommand(session, "head -c 16 /dev/hwrng | od -An -tx1 | wc -w", /\n16\r?\n/);
      }
      await session.waitFor(SHELL_PROMPT);
      session.send("poweroff\n");
      expect(await session.exit()).toBe(0);
    }, 120_000);
  });
}

// The bundled kernel has the driver built in; Debian's is a module the initramfs carries.
acceptance(BUNDLED_GUEST, "");
const debianRngModule = existsSync(DEBIAN_RNG_MODULE);
if (DEBIAN_GUEST.present() && !debianRngModule) console.warn("Debian guest without pseries-rng.ko: run `bun run guest:debian` again to test /dev/hwrng");
acceptance(DEBIAN_GUEST, debianRngModule ? "insmod /lib/modules/pseries-rng.ko && " : undefined);
