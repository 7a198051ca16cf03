// GuestSession, the API under `spar test`: bare-metal guests that print, read the console and
// power off, driven the way a bun test drives them.
import { describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GuestError, GuestSession } from "../../cmd/test-runner/session.ts";
import { StartError } from "../../vmm/machine/launch.ts";
import { guestBin } from "../machine/boot-machine.ts";

describe("GuestSession", () => {
  test("waits for console text and for the guest's power-off", async () => {
    await using g = await GuestSession.boot(["-bios", guestBin("hello-le")]);
    const match = await g.waitFor(/Hello from a (\w+) guest/);
    expect(match[1]).toBe("POWER");
    expect(await g.exit()).toBe(0);
    expect(g.status).toBe(0);
    expect(g.console).toBe("Hello from a POWER guest\nexit 0\n");
    expect(g.instructions).toBeGreaterThan(0);
  });

  test("types on the console; each wait starts after the previous match", async () => {
    await using g = await GuestSession.boot(`-bios ${guestBin("echo-be")}`);
    await g.waitFor("echo> ");
    g.send("one\r");
    g.send(new TextEncoder().encode("two\r\n"));
    expect((await g.waitFor(/echo: (\w+)/))[1]).toBe("one");
    expect((await g.waitFor(/echo: (\w+)/))[1]).toBe("two");
    g.send("exit 5\n");
    await g.waitFor(/^echo> exit 5$/m);
    expect(await g.exit({ timeout: 10_000 })).toBe(0); // power-off is status 0; N is only printed
    expect(g.console).toBe("echo> echo: one\necho> echo: two\necho> exit 5\n");
  });

  test("a string pattern matches itself literally", async () => {
    await using g = await GuestSession.boot(["-bios", guestBin("echo-le")]);
    await g.waitFor("echo> ");
    g.send("a+b (c)\n");
    expect((await g.waitFor("a+b (c)"))[0]).toBe("a+b (c)");
  });

  test("text that never comes fails as soon as the guest stops, with the console's last lines", async () => {
    await using g = await GuestSession.boot(["-bios", guestBin("hello-be")]);
    const error = await g.waitFor(/Goodbye/).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuestError);
    expect((error as GuestError).reason).toBe("the guest stopped with status 0 before /Goodbye/ appeared");
    expect((error as GuestError).tail).toEqual(["Hello from a POWER guest", "exit 0"]);
    expect((error as GuestError).message).toBe("the guest stopped with status 0 before /Goodbye/ appeared\nlast console lines:\n  Hello from a POWER guest\n  exit 0");
    expect(() => g.send("x")).toThrow("cannot send: the guest stopped with status 0");
  });

  test("a timeout stops the guest", async () => {
    const g = await GuestSession.boot(["-bios", guestBin("echo-le")]);
    const error = (await g.waitFor("never", { timeout: 200 }).catch((e: unknown) => e)) as GuestError;
    expect(error.reason).toBe('timed out after 0.2 s waiting for "never"');
    expect(error.tail).toEqual(["echo> "]);
    expect(g.machine.state).toBe("stopped");
    expect(g.status).toBeUndefined(); // it did not stop by itself
    expect(await g.exit().catch((e: GuestError) => e.reason)).toBe("the guest is stopped (the test stopped it after a timeout)");
    await g.stop(); // again: nothing left to do
  });

  test("spar failing while it runs the guest fails the wait, naming the error", async () => {
    await using g = await GuestSession.boot(["-bios", guestBin("echo-le")]);
    await g.waitFor("echo> ");
    g.machine.cpu.hypercall = () => {
      throw new Error("hcall handler broke");
    };
    const error = (await g.waitFor("never").catch((e: unknown) => e)) as GuestError;
    expect(error.reason).toBe('spar failed while running the guest: hcall handler broke before "never" appeared');
    expect((error.cause as Error).message).toBe("hcall handler broke");
    expect(() => g.send("x")).toThrow("cannot send: spar failed while running the guest: hcall handler broke");
  });

  test("exit times out too, and stop() ends a running guest", async () => {
    const g = await GuestSession.boot(["-bios", guestBin("echo-le")]);
    expect(await g.exit({ timeout: 100 }).catch((e: GuestError) => e.reason)).toBe("timed out after 0.1 s waiting for the guest to stop");
    const h = await GuestSession.boot(["-bios", guestBin("echo-le")]);
    await h.stop();
    expect(h.machine.state).toBe("stopped");
  });

  test("the tail shows control characters, not raw escapes", async () => {
    await using g = await GuestSession.boot(["-bios", guestBin("echo-le")]);
    await g.waitFor("echo> ");
    g.send("\x1b[1mbold\r\n");
    await g.waitFor("bold");
    expect(g.tail(2)).toEqual(["echo> echo: \\x1b[1mbold", "echo> "]);
  });

  test("what cannot boot is a StartError with spar's one-line message", async () => {
    const message = (args: string[]) => GuestSession.boot(args).catch((e: unknown) => (e instanceof StartError ? e.message : e));
    expect(await message(["-m", "banana"])).toStartWith("-m banana: expected a size");
    expect(await message(["-smp", "2", "-bios", guestBin("hello-le")])).toBe("-smp 2: spar runs one vCPU so far (SMP is not implemented yet); use -smp 1");
    expect(await message(["-display", "tui", "-bios", guestBin("hello-le")])).toBe("-display tui: a test session reads the console itself; leave -display out");
    expect(await message(["-S", "-bios", guestBin("hello-le")])).toBe("-S: a test session's machine must run; leave -S out");
    const badKernel = join(tmpdir(), `spar-session-${process.pid}.gz`);
    writeFileSync(badKernel, new Uint8Array([0x1f, 0x8b, 0, 0, 0, 0]));
    try {
      expect(await message(["-kernel", badKernel])).toStartWith(`-kernel ${badKernel}: is not valid gzip (`);
    } finally {
      rmSync(badKernel);
    }
    expect(await message(["-cpu", "help"])).toBe("-cpu help: asks for help; a guest session needs a machine");
  });

  test("the machine's log lines are kept, or handed to onLog", async () => {
    const lines: string[] = [];
    await using g = await GuestSession.boot(["-d", "in_asm", "-bios", guestBin("hello-le")], { onLog: (line) => lines.push(line) });
    await g.exit();
    expect(g.log).toEqual([]);
    expect(lines[0]).toStartWith("0x0000000000000100:  ");
    await using h = await GuestSession.boot(["-d", "in_asm", "-bios", guestBin("hello-le")]);
    await h.exit();
    expect(h.log).toEqual(lines);
  });
});
