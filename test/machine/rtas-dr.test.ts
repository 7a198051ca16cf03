// Indicators, sensors and power domains with no dynamic-reconfiguration connectors, as QEMU 7.2
// answers: every DR index is unknown and other types are not supported (both -3); the live
// insertion power domain (-1) is at full power.
import { expect, test } from "bun:test";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { registerDrRtas } from "../../vmm/machine/rtas-dr.ts";
import { Rtas } from "../../vmm/machine/rtas.ts";
import { rtasCaller } from "./rtas-call.ts";

const mem = new GuestMemory(1 << 16);
const rtas = new Rtas(mem, () => {});
registerDrRtas(rtas);
const rtasCall = rtasCaller(mem, () => rtas, 0x1000);

test("set-indicator and get-sensor-state: -3 for DR indicators (no such connector), other types and wrong counts", () => {
  expect(rtasCall("set-indicator", [9001, 0x10000000, 0], 1)).toEqual([-3]); // DR isolation state
  expect(rtasCall("set-indicator", [9002, 0x10000000, 1], 1)).toEqual([-3]); // DR indicator
  expect(rtasCall("set-indicator", [6, 0, 0x1234], 1)).toEqual([-3]); // an operator panel (not supported)
  expect(rtasCall("set-indicator", [9001, 0], 1)).toEqual([-3]);
  expect(rtasCall("get-sensor-state", [9003, 0x10000000], 2)).toEqual([-3, 0]); // entity sense
  expect(rtasCall("get-sensor-state", [9, 0], 2)).toEqual([-3, 0]); // the EPOW sensor (not supported)
  expect(rtasCall("get-sensor-state", [9003, 0], 1)).toEqual([-3]);
});

test("get-power-level and set-power-level: domain -1 is at 100, other domains are not supported", () => {
  expect(rtasCall("get-power-level", [0xffffffff], 2)).toEqual([0, 100]);
  expect(rtasCall("set-power-level", [0xffffffff, 0], 2)).toEqual([0, 100]);
  expect(rtasCall("get-power-level", [3], 2)).toEqual([-3, 0]);
  expect(rtasCall("set-power-level", [0xffffffff], 2)).toEqual([-3, 0]);
  expect(rtasCall("get-power-level", [0xffffffff], 1)).toEqual([-3]);
});
