// ibm,get-system-parameter / ibm,set-system-parameter (LoPAR "System Parameters Option"), with
// the answers QEMU 7.2 gives a TCG guest.
import { beforeEach, describe, expect, test } from "bun:test";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { Rtas } from "../../vmm/machine/rtas.ts";
import {
  registerSysparmRtas,
  SYSPARM_DIAGNOSTICS_RUN_MODE,
  SYSPARM_NOT_AUTHORIZED,
  SYSPARM_NOT_SUPPORTED,
  SYSPARM_PARAMETER_ERROR,
  SYSPARM_SPLPAR_CHARACTERISTICS,
  SYSPARM_UUID,
} from "../../vmm/machine/rtas-sysparm.ts";
import { rtasCaller } from "./rtas-call.ts";

const RAM = 1 << 20, RTAS_BUFFER = 0x1000, DATA = 0x4000;
const mem = new GuestMemory(RAM);
let rtas: Rtas;
const rtasCall = rtasCaller(mem, () => rtas, RTAS_BUFFER);
const SPLPAR = "MaxEntCap=1,DesMem=1024,DesProcs=1,MaxPlatProcs=1";

beforeEach(() => {
  mem.u8.fill(0xee);
  rtas = new Rtas(mem, () => {});
  registerSysparmRtas(rtas, mem, { ramBytes: 1 << 30, cpus: 1, maxCpus: 1 });
});

const lengthAt = (addr: number) => mem.view.getUint16(addr);
const textAt = (addr: number, length: number) => new TextDecoder().decode(mem.read(addr, length));

describe("ibm,get-system-parameter", () => {
  test("SPLPAR characteristics: QEMU's string with its NUL, after a 2-byte length (Linux asks with 4 KiB)", () => {
    expect(rtasCall("ibm,get-system-parameter", [SYSPARM_SPLPAR_CHARACTERISTICS, DATA, 4096], 1)).toEqual([0]);
    expect(lengthAt(DATA)).toBe(SPLPAR.length + 1);
    expect(textAt(DATA + 2, SPLPAR.length + 1)).toBe(SPLPAR + "\0");
    expect(mem.u8[DATA + 2 + SPLPAR.length + 1]).toBe(0xee); // nothing written past the value
  });

  test("a short buffer gets the full length and as many bytes as fit", () => {
    expect(rtasCall("ibm,get-system-parameter", [SYSPARM_SPLPAR_CHARACTERISTICS, DATA, 11], 1)).toEqual([0]);
    expect(lengthAt(DATA)).toBe(SPLPAR.length + 1);
    expect(textAt(DATA + 2, 9)).toBe("MaxEntCap");
    expect(mem.u8[DATA + 11]).toBe(0xee);
  });

  test("diagnostics run mode is disabled (one zero byte)", () => {
    expect(rtasCall("ibm,get-system-parameter", [SYSPARM_DIAGNOSTICS_RUN_MODE, DATA, 16], 1)).toEqual([0]);
    expect([lengthAt(DATA), mem.u8[DATA + 2]]).toEqual([1, 0]);
  });

  test("the UUID is empty, as in QEMU without -uuid", () => {
    expect(rtasCall("ibm,get-system-parameter", [SYSPARM_UUID, DATA, 18], 1)).toEqual([0]);
    expect([lengthAt(DATA), mem.u8[DATA + 2]]).toEqual([0, 0xee]);
  });

  test("other parameters are not supported; a buffer under 2 bytes or outside RAM is a parameter error", () => {
    expect(rtasCall("ibm,get-system-parameter", [44, DATA, 4096], 1)).toEqual([SYSPARM_NOT_SUPPORTED]);
    expect(rtasCall("ibm,get-system-parameter", [SYSPARM_DIAGNOSTICS_RUN_MODE, DATA, 1], 1)).toEqual([SYSPARM_PARAMETER_ERROR]);
    expect(rtasCall("ibm,get-system-parameter", [SYSPARM_DIAGNOSTICS_RUN_MODE, RAM - 4, 16], 1)).toEqual([SYSPARM_PARAMETER_ERROR]);
    expect(rtasCall("ibm,get-system-parameter", [SYSPARM_DIAGNOSTICS_RUN_MODE, DATA], 1)).toEqual([SYSPARM_PARAMETER_ERROR]);
  });
});

describe("ibm,set-system-parameter", () => {
  test("the known parameters are not the guest's to set; others are not supported", () => {
    expect(rtasCall("ibm,set-system-parameter", [SYSPARM_SPLPAR_CHARACTERISTICS, DATA], 1)).toEqual([SYSPARM_NOT_AUTHORIZED]);
    expect(rtasCall("ibm,set-system-parameter", [SYSPARM_DIAGNOSTICS_RUN_MODE, DATA], 1)).toEqual([SYSPARM_NOT_AUTHORIZED]);
    expect(rtasCall("ibm,set-system-parameter", [SYSPARM_UUID, DATA], 1)).toEqual([SYSPARM_NOT_AUTHORIZED]);
    expect(rtasCall("ibm,set-system-parameter", [7, DATA], 1)).toEqual([SYSPARM_NOT_SUPPORTED]);
  });
});
