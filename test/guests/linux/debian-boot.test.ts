// The unmodified Debian ppc64el kernel with spar's busybox initramfs (`bun run guest:debian`)
// boots to a shell, answers on the console and powers off with status 0: on POWER8 (hash MMU)
// and POWER9 (radix MMU), the latter with -device spapr-rng, whose driver gives /dev/hwrng.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { parseCommandLine } from "../../../cmd/command-line.ts";
import { MachineLog } from "../../../vmm/machine/log.ts";
import { PseriesMachine } from "../../../vmm/machine/pseries.ts";
import { DEBIAN_INITRD, DEBIAN_KERNEL, DEBIAN_RNG_MODULE } from "./fetch-debian.ts";

const present = existsSync(DEBIAN_KERNEL) && existsSync(DEBIAN_INITRD);
if (!present) console.warn("Debian guest absent: run `bun run guest:debian` to boot the Debian kernel in these tests");
const hasRngModule = existsSync(DEBIAN_RNG_MODULE);
if (present && !hasRngModule) console.warn("Debian guest without pseries-rng.ko: run `bun run guest:debian` again to test /dev/hwrng");

/** A booted machine whose console the test reads and types into. */
async function bootDebian(cpu: string, devices: string[]) {
  const parsed = parseCommandLine(["-M", "pseries", "-cpu", cpu, "-m", "1G", "-nographic", "-kernel", DEBIAN_KERNEL, "-initrd", DEBIAN_INITRD, "-append", "console=hvc0 quiet", ...devices], {});
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
  return { machine, status, expectConsole, run };
}

describe.skipIf(!present)("the Debian ppc64el kernel boots to a busybox shell", () => {
  const rng = ["-object", "rng-builtin,id=rng0", "-device", "spapr-rng,rng=rng0"];
  test.each([
    ["POWER8", "", "POWER8 (architected)", "Hash", []],
    ["POWER9", " -device spapr-rng", "POWER9 (architected)", "Radix", rng],
  ])("-cpu %s%s", async (cpu, _title, cpuLine, mmu, devices) => {
    const guest = await bootDebian(cpu, devices);
    await guest.expectConsole(/Type 'poweroff' to stop the machine\./, 90);
    await guest.run("uname -m", /\nppc64le\r?\n/);
    expect((await guest.run("grep -E '^(cpu|MMU)' /proc/cpuinfo", /cpu\s+: (.*?)\r?\nMMU\s+: (\w+)/))!.slice(1, 3)).toEqual([`${cpuLine}, altivec supported`, mmu]);
    // Floating point and VSX in userland (awk's printf), and the kernel's pipes and page cache.
    await guest.run("awk 'BEGIN { s = 0; for (i = 1; i <= 100; i++) s += 1 / i; printf \"%.6f %e\\n\", s, s * 1e300 }'", /\n5\.187378 5\.187378e\+300\r?\n/);
    await guest.run("echo hello | sha256sum", /\n5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -\r?\n/);
    // What the kernel used to miss in the tree: the RTAS event-scan rate, and stop-self for CPU hot-plug.
    await guest.run("dmesg | grep -c -e 'no rtas-event-scan-rate' -e 'CPU Hotplug not supported'", /\n0\r?\n/);
    if (devices.length > 0 && hasRngModule) {
      // The pseries-rng driver binds to /ibm,platform-facilities/ibm,random-v1 and reads H_RANDOM.
      await guest.run("insmod /lib/modules/pseries-rng.ko && cat /sys/class/misc/hw_random/rng_current", /\npseries_rng\r?\n/);
      await guest.run("head -c 16 /dev/hwrng | od -An -tx1 | wc -w", /\n16\r?\n/);
    }
    guest.run("poweroff", /$/);
    expect(await guest.status).toBe(0);
  }, 120_000);
});
