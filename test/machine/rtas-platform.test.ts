// The platform RTAS calls (LoPAR "RTAS Call Definitions"), driven through the argument buffer as
// a guest drives them.
import { beforeEach, describe, expect, test } from "bun:test";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { rtasCaller } from "./rtas-call.ts";
import { RTAS_NO_ERRORS_FOUND, registerPlatformRtas } from "../../vmm/machine/rtas-platform.ts";
import { RTAS_PARAMETER_ERROR, Rtas } from "../../vmm/machine/rtas.ts";

const RTAS_BUFFER = 0x1000, MESSAGE = 0x2000;
const mem = new GuestMemory(1 << 16);
let rtas: Rtas, stopped: number[], notes: string[], chars: number[];

beforeEach(() => {
  stopped = [];
  notes = [];
  chars = [];
  rtas = new Rtas(mem, () => {});
  registerPlatformRtas(rtas, {
    mem,
    stop: (status) => stopped.push(status),
    note: (message) => notes.push(message),
    putChar: (byte) => chars.push(byte),
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

  test("set-time-of-day moves the clock get-time-of-day reads", () => {
    expect(rtasCall("set-time-of-day", [2001, 2, 3, 4, 5, 6, 7_000_000], 1)).toEqual([0]);
    const [status, year, month, day, hour, minute, second] = rtasCall("get-time-of-day", [], 8);
    expect([status, year, month, day, hour, minute]).toEqual([0, 2001, 2, 3, 4, 5]);
    expect(second === 6 || second === 7).toBe(true); // the clock keeps running
  });

  test("get-time-of-day reads the host's UTC clock until the guest sets it", () => {
    const [status, year, month] = rtasCall("get-time-of-day", [], 8);
    const now = new Date();
    expect([status, year, month]).toEqual([0, now.getUTCFullYear(), now.getUTCMonth() + 1]);
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
