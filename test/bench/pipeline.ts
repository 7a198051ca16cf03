// `bun run bench:pipeline`: a shell pipeline in the bundled Linux guest, where the kernel does
// most of the work: `seq 1 20000 | sort -r | sha256sum`. The shell's stdout is line-buffered, so
// seq writes a line at a time and the processes take turns: ~70 k system calls and ~40 k context
// switches, the load the bare-metal `bun run bench` guests never give the soft TLB. Prints the
// guest instructions, seconds and MIPS of the command alone (boot excluded), with soft-TLB fills
// and system calls, on POWER8 (hash MMU) and POWER9 (radix); then QEMU's seconds for the same
// command, timed the same way on its console, when qemu-system-ppc64 is installed. --debian runs
// the Debian kernel (`bun run guest:debian`) with the same initramfs instead: its KUAP changes
// the AMR around every user access, which the bundled kernel's configuration leaves out.
//
//   bun test/bench/pipeline.ts [--cpu POWER8,POWER9] [--lines N] [--runs N] [--debian]

import { parseArgs } from "node:util";
import { GuestSession } from "../../cmd/test-runner/session.ts";
import { interruptSlot, VEC_SCV, VEC_SYSTEM_CALL } from "../../vmm/cpu/state.ts";
import { debianFetched } from "../guests/linux/fetch-debian.ts";
import { debianImageArgs, inflatedBundledGuest, SHELL_PROMPT, sortedSeqSha256 } from "../guests/linux/linux-guests.ts";
import { findQemu, QEMU_LINUX_MACHINE } from "./qemu.ts";

const { values } = parseArgs({
  options: { cpu: { type: "string", default: "POWER8,POWER9" }, lines: { type: "string", default: "20000" }, runs: { type: "string", default: "1" }, debian: { type: "boolean" } },
});
if (values.debian && !debianFetched()) throw new Error("the Debian kernel is not fetched: bun run guest:debian");
/** The guest's image arguments: none for spar's bundled guest, which QEMU gets inflated. */
const guestArgs = (forQemu: boolean) => {
  if (values.debian) return debianImageArgs();
  if (!forQemu) return [];
  const images = inflatedBundledGuest();
  return ["-kernel", images.kernel, "-initrd", images.initrd];
};
const lines = Number(values.lines), runs = Math.max(1, Number(values.runs) || 1);
const command = `seq 1 ${lines} | sort -r | sha256sum`;
const answer = new RegExp(`\\n${sortedSeqSha256(lines)}  -\\r?\\n`);

interface SparRun {
  seconds: number;
  instructions: number;
  tlbFills: number;
  systemCalls: number;
}

async function onSpar(cpu: string): Promise<SparRun> {
  await using guest = await GuestSession.boot(["-M", "pseries", "-cpu", cpu, "-nographic", ...guestArgs(false)], { env: {} });
  await guest.waitFor(SHELL_PROMPT, { timeout: 120_000 });
  const c = guest.machine.cpu;
  const systemCalls = () => c.interruptsByVector[interruptSlot(VEC_SYSTEM_CALL)] + c.interruptsByVector[interruptSlot(VEC_SCV)];
  const before = { instructions: c.instructions, tlbFills: c.tlbMisses, systemCalls: systemCalls() };
  const start = performance.now();
  guest.send(command + "\n");
  await guest.waitFor(answer, { timeout: 600_000 });
  return {
    seconds: (performance.now() - start) / 1000,
    instructions: c.instructions - before.instructions,
    tlbFills: c.tlbMisses - before.tlbFills,
    systemCalls: systemCalls() - before.systemCalls,
  };
}

/** QEMU's seconds from typing the command at the guest's prompt to its answer on the console. */
async function onQemu(qemu: string, cpu: string): Promise<number> {
  const child = Bun.spawn([qemu, ...QEMU_LINUX_MACHINE, "-cpu", cpu, "-nographic", ...guestArgs(true)], { stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  try {
    const decoder = new TextDecoder();
    let text = "", start = 0;
    for await (const chunk of child.stdout) {
      text += decoder.decode(chunk, { stream: true });
      if (start === 0 && SHELL_PROMPT.test(text)) {
        start = performance.now();
        text = "";
        child.stdin.write(command + "\n");
        child.stdin.flush();
      } else if (start !== 0 && answer.test(text)) return (performance.now() - start) / 1000;
    }
    throw new Error(`qemu-system-ppc64 ended before answering; its console:\n${text.slice(-1000)}`);
  } finally {
    child.kill();
  }
}

const qemu = findQemu();
console.log(`\`${command}\` in ${values.debian ? "the Debian kernel's busybox initramfs" : "the bundled guest"}, from typing it to its answer; best of ${runs}`);
for (const cpu of values.cpu!.split(",")) {
  let best: SparRun | undefined;
  for (let i = 0; i < runs; i++) {
    const r = await onSpar(cpu);
    if (!best || r.seconds < best.seconds) best = r;
  }
  const s = best!;
  console.log(`  -cpu ${cpu}`);
  console.log(`    spar: ${s.seconds.toFixed(2)} s, ${(s.instructions / 1e6).toFixed(1)} M instructions, ${(s.instructions / 1e6 / s.seconds).toFixed(1)} MIPS; ${(s.tlbFills / 1e3).toFixed(0)} k soft-TLB fills, ${(s.systemCalls / 1e3).toFixed(1)} k system calls`);
  if (!qemu) {
    console.log("    qemu-system-ppc64: not installed");
    continue;
  }
  let q = Infinity;
  for (let i = 0; i < runs; i++) q = Math.min(q, await onQemu(qemu, cpu));
  console.log(`    qemu-system-ppc64: ${q.toFixed(2)} s (TCG)   spar/QEMU = ${(s.seconds / q).toFixed(1)}`);
}
