// A guest in its own Worker: console bytes, the shared statistics block, pause, reset, shutdown.
import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommandLine } from "../../cmd/command-line.ts";
import { GuestThread } from "../../vmm/machine/thread/guest-thread.ts";
import { guestBin } from "./boot-machine.ts";

function startGuest(args: string[]) {
  const parsed = parseCommandLine(["-nographic", "-m", "256M", ...args], {});
  if (parsed.kind !== "run") throw new Error(parsed.stderr);
  let output = "";
  const changes: (() => void)[] = [];
  const guest = new GuestThread("test", parsed.config, {
    console: (bytes) => (output += new TextDecoder().decode(bytes)),
    changed: () => changes.splice(0).forEach((f) => f()),
  });
  /** Resolves once `done()` holds, checked after every message that changes the guest. */
  const until = (done: () => boolean) => new Promise<void>((resolve) => {
    const check = () => (done() ? resolve() : changes.push(check));
    check();
  });
  return { guest, output: () => output, until };
}

test("the hello guest prints through its Worker and stops; its counters are shared memory", async () => {
  const { guest, output, until } = startGuest(["-bios", guestBin("hello-le")]);
  await until(() => guest.exitStatus !== undefined);
  await Bun.sleep(50); // the last console batch may trail the exit message
  expect(output()).toBe("Hello from a POWER guest\nexit 0\n");
  expect(guest.exitStatus).toBe(0);
  expect(guest.stats!.state).toBe("stopped");
  expect(guest.stats!.get("instructions")).toBeGreaterThan(1000);
  expect(guest.active).toBe(false);
  await guest.shutdown();
});

test("pause, resume and reset a running guest; a missing image is an error line", async () => {
  const { guest, output, until } = startGuest(["-bios", guestBin("bench-mpi-le")]);
  await until(() => guest.stats !== null);
  const state = (): string => guest.stats!.state;
  while (state() !== "running") await Bun.sleep(5);
  guest.togglePause();
  while (state() !== "paused") await Bun.sleep(5);
  const paused = guest.stats!.get("instructions");
  await Bun.sleep(100);
  expect(guest.stats!.get("instructions")).toBe(paused);
  guest.togglePause();
  while (guest.stats!.get("instructions") === paused) await Bun.sleep(5);
  const before = guest.stats;
  guest.reset();
  await until(() => guest.stats !== before);
  // A fresh machine: the old one stopped, the new one counts from zero.
  expect(before!.state).toBe("stopped");
  expect(guest.stats!.get("instructions")).toBeLessThan(before!.get("instructions"));
  expect(output()).not.toContain("exit");
  await guest.shutdown();

  const truncatedElf = join(mkdtempSync(join(tmpdir(), "spar-")), "vmlinux");
  writeFileSync(truncatedElf, "\x7fELF");
  const broken = startGuest(["-kernel", truncatedElf]);
  await broken.until(() => broken.guest.error !== undefined);
  expect(broken.guest.error).toMatch(/ELF/);
  await broken.guest.shutdown();
});
