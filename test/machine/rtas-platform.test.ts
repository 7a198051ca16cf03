// The platform RTAS calls (LoPAR "RTAS Call Definitions"), driven through the argument buffer as
// a guest drives them.
import { beforeEach, describe, expect, test } from "bun:test";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { bootPseries, guestBin } from "./boot-machine.ts";
import { rtasCaller } from "./rtas-call.ts";
import { RTAS_NO_ERRORS_FOUND, registerPlatformRtas } from "../../vmm/machine/rtas-platform.ts";
import { RTAS_PARAMETER_ERROR, Rtas } from "../../vmm/machine/rtas.ts";

const RTAS_BUFFER = 0x1000, MESSAGE = 0x2000;
const mem = new GuestMemory(1 << 16);
let rtas: Rtas, stopped: number[], notes: string[], chars: number[], clockMs: number;

beforeEach(() => {
  stopped = [];
  notes = [];
  chars = [];
  clockMs = Date.UTC(2006, 5, 17, 16, 1, 21, 250);
  rtas = new Rtas(mem, () => {});
  registerPlatformRtas(rtas, {
    mem,
    stop: (status) => stopped.push(status),
    note: (message) => notes.push(message),
    putChar: (byte) => chars.push(byte),
    timeOfDay: () => clockMs,
  });
});

const rtasCall = rtasCaller(mem, () => rtas, RTAS_BUFFER);

describe("platform RTAS", () => {
  test("power-off stops with status 0; display-character prints one byte", () => {
    expect(rtasCall("display-character", [0x141], 1)).toEqual([0]);
    expect(chars).toEqual([0x41]);
    expect(rtasCall("power-off", [0, 0], 1)).toEqual([0]);
    expect(stopped).toEqual([0]);
  });

  test("system-reboot ends the run with status 0 and says reset is not implemented", () => {
    expect(rtasCall("system-reboot", [], 1)).toEqual([0]);
    expect(stopped).toEqual([0]);
    expect(notes).toEqual(["guest asked for a reboot; spar stops instead (reset is not implemented yet)"]);
  });

  test("set-time-of-day moves the clock get-time-of-day reads, which keeps running", () => {
    expect(rtasCall("set-time-of-day", [2001, 2, 3, 4, 5, 6, 7_000_000], 1)).toEqual([0]);
    clockMs += 1_500;
    expect(rtasCall("get-time-of-day", [], 8)).toEqual([0, 2001, 2, 3, 4, 5, 7, 507_000_000]);
  });

  test("get-time-of-day reads the -rtc clock until the guest sets it", () => {
    expect(rtasCall("get-time-of-day", [], 8)).toEqual([0, 2006, 6, 17, 16, 1, 21, 250_000_000]);
  });

  test.each([
    [[2001, 13, 1, 0, 0, 0, 0]],
    [[2001, 2, 30, 0, 0, 0, 0]],
    [[2001, 2, 0, 0, 0, 0, 0]],
    [[2001, 2, 3, 24, 0, 0, 0]],
    [[2001, 2, 3, 0, 0, 0, 1_000_000_000]],
    [[2001, 2, 3]],
  ])("set-time-of-day refuses %p with a parameter error", (args) => {
    expect(rtasCall("set-time-of-day", args, 1)).toEqual([RTAS_PARAMETER_ERROR]);
  });

  test("event-scan and check-exception report no errors (there is no error log)", () => {
    expect(rtasCall("event-scan", [0xffffffff, 0, 0x3000, 2048], 1)).toEqual([RTAS_NO_ERRORS_FOUND]);
    expect(rtasCall("check-exception", [0x500, 0, 0, 0xffffffff, 0, 0x3000, 2048], 1)).toEqual([RTAS_NO_ERRORS_FOUND]);
    expect(rtasCall("check-exception", [0x500, 0x1000, 0xffffffff, 0, 0x3000, 2048], 1)).toEqual([RTAS_NO_ERRORS_FOUND]);
  });

  test("wrong argument or result counts are a parameter error where QEMU checks them, and change nothing", () => {
    expect(rtasCall("power-off", [0], 1)).toEqual([RTAS_PARAMETER_ERROR]);
    expect(rtasCall("system-reboot", [0], 1)).toEqual([RTAS_PARAMETER_ERROR]);
    expect(rtasCall("get-time-of-day", [], 2)).toEqual([RTAS_PARAMETER_ERROR, 0]);
    expect(rtasCall("set-time-of-day", [2001, 2, 3, 4, 5, 6, 0], 2)).toEqual([RTAS_PARAMETER_ERROR, 0]);
    expect(rtasCall("event-scan", [0xffffffff, 0, 0x3000], 1)).toEqual([RTAS_PARAMETER_ERROR]);
    expect(rtasCall("check-exception", [0x500, 0, 0xffffffff, 0, 0x3000], 1)).toEqual([RTAS_PARAMETER_ERROR]);
    expect(stopped).toEqual([]);
  });

  test("ibm,os-term reports the guest's message and ends the run with status 1", () => {
    mem.write(MESSAGE, new TextEncoder().encode("Kernel panic - not syncing: test\0junk"));
    expect(rtasCall("ibm,os-term", [MESSAGE], 1)).toEqual([0]);
    expect(notes).toEqual(["guest terminated (ibm,os-term): Kernel panic - not syncing: test"]);
    expect(stopped).toEqual([1]);
  });

  test("ibm,os-term with a message outside RAM still ends the run", () => {
    expect(rtasCall("ibm,os-term", [0xfffffff0], 1)).toEqual([0]);
    expect(notes).toEqual(["guest terminated (ibm,os-term): (message outside RAM)"]);
    expect(stopped).toEqual([1]);
  });
});

describe("-rtc through the machine", () => {
  async function timeOfDay(rtc: string, ns = 0) {
    const { machine } = await bootPseries(["-icount", "shift=0", "-rtc", rtc, "-bios", guestBin("hello-be")]);
    machine.cpu.retired += ns; // the deterministic timebase: one instruction per ns
    return rtasCaller(machine.mem, () => machine.rtas, 0x10000)("get-time-of-day", [], 8);
  }

  test("base=DATE,clock=vm starts at the date and follows the guest's timebase, exactly", async () => {
    expect(await timeOfDay("base=2006-06-17T16:01:21,clock=vm")).toEqual([0, 2006, 6, 17, 16, 1, 21, 0]);
    expect(await timeOfDay("base=2006-06-17T23:59:59,clock=vm", 1_250_000_000)).toEqual([0, 2006, 6, 18, 0, 0, 0, 250_000_000]);
  });

  test("base=localtime is the host's local time presented as UTC", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "Asia/Kolkata"; // UTC+05:30 all year
    try {
      const [status, year, month, day, hour, minute, second] = await timeOfDay("base=localtime");
      const ahead = Date.UTC(year!, month! - 1, day, hour, minute, second) - Date.now();
      expect(status).toBe(0);
      expect(Math.abs(ahead - 5.5 * 3_600_000)).toBeLessThan(5_000);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
