// `bun run bench:boot`: a Linux boot, from process start to the first line the initramfs's /init
// prints ("spar guest: ..."), on spar and on qemu-system-ppc64 -M pseries,x-vof=on (QEMU's own VOF
// firmware, the closest to spar's), with the same kernel, initramfs and host, one after the other.
// Two guests: the bundled one (its kernel and initramfs inflated into the git-ignored cache for
// QEMU, which loads no gzip kernel; spar inflates both itself) and, when `bun run guest:debian` has fetched
// it, the Debian kernel. Prints wall seconds and, for spar, the guest instructions executed. spar
// runs in this process from machine construction (kernel loading included; Bun's own start-up,
// about 0.05 s, is not); QEMU is timed from its spawn.
//
//   bun test/bench/boot.ts [--cpu POWER8|POWER9] [--runs N]

import { parseArgs } from "node:util";
import { GuestSession } from "../../cmd/test-runner/session.ts";
import { DEBIAN_KERNEL, debianFetched } from "../guests/linux/fetch-debian.ts";
import { debianImageArgs, inflatedBundledGuest } from "../guests/linux/linux-guests.ts";
import { findQemu, QEMU_LINUX_MACHINE } from "./qemu.ts";

const MARKER = "spar guest: ";
const { values } = parseArgs({ options: { cpu: { type: "string", default: "POWER9" }, runs: { type: "string", default: "3" } } });
const cpu = values.cpu!, runs = Number(values.runs);

/** spar in this process: seconds from building the machine to the marker, and instructions run. */
async function sparToMarker(machineArgs: string[]): Promise<{ seconds: number; instructions?: number }> {
  const start = performance.now();
  await using guest = await GuestSession.boot(["-M", "pseries", ...machineArgs], { env: {} });
  await guest.waitFor(MARKER, { timeout: 300_000 });
  return { seconds: (performance.now() - start) / 1000, instructions: guest.instructions };
}

/** Seconds from spawning `cmd` to the marker on its stdout; the process is killed there. */
async function timeToMarker(cmd: string[]): Promise<{ seconds: number; instructions?: number }> {
  const start = performance.now();
  const child = Bun.spawn(cmd, { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    text += decoder.decode(chunk);
    if (text.includes(MARKER)) break;
  }
  const seconds = (performance.now() - start) / 1000;
  child.kill();
  if (!text.includes(MARKER)) throw new Error(`${cmd[0]} ended before /init printed; its console:\n${text.slice(-1000)}`);
  return { seconds };
}

const best = async (measure: () => Promise<{ seconds: number; instructions?: number }>) => {
  let result = await measure();
  for (let i = 1; i < runs; i++) {
    const r = await measure();
    if (r.seconds < result.seconds) result = r;
  }
  return result;
};

const qemu = findQemu();
const bundled = inflatedBundledGuest();
const guests = [
  { title: "the bundled guest", spar: ["-cpu", cpu, "-nographic"], qemu: ["-cpu", cpu, "-nographic", "-kernel", bundled.kernel, "-initrd", bundled.initrd] },
];
const debian = ["-cpu", cpu, "-nographic", ...debianImageArgs()];
if (debianFetched()) guests.push({ title: `Debian ${DEBIAN_KERNEL.split("/").pop()} with the busybox initramfs`, spar: debian, qemu: debian });
else console.log("(the Debian kernel is not fetched: bun run guest:debian)");

for (const guest of guests) {
  console.log(`${guest.title}, -cpu ${cpu}, to /init's first line; best of ${runs}`);
  const s = await best(() => sparToMarker(guest.spar));
  console.log(`  spar:               ${s.seconds.toFixed(2)} s, ${(s.instructions! / 1e6).toFixed(1)} M guest instructions, ${(s.instructions! / 1e6 / s.seconds).toFixed(0)} MIPS`);
  if (qemu) {
    const q = await best(() => timeToMarker([qemu, ...QEMU_LINUX_MACHINE, ...guest.qemu]));
    console.log(`  qemu-system-ppc64:  ${q.seconds.toFixed(2)} s (TCG)   spar/QEMU = ${(s.seconds / q.seconds).toFixed(1)}`);
  } else console.log("  qemu-system-ppc64:  not installed");
}
