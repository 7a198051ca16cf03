// PCI configuration reads and writes with no PCI host bridge: every address names a missing
// device, so QEMU 7.2 answers -1 (hardware error) whatever the arguments; a read's value is all ones.
import { expect, test } from "bun:test";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { registerPciRtas } from "../../vmm/machine/rtas-pci.ts";
import { Rtas } from "../../vmm/machine/rtas.ts";
import { rtasCaller } from "./rtas-call.ts";

const mem = new GuestMemory(1 << 16);
const rtas = new Rtas(mem, () => {});
registerPciRtas(rtas);
const rtasCall = rtasCaller(mem, () => rtas, 0x1000);
// QEMU's first PHB, BUID 0x800000020000000, as the Debian kernel probes it under QEMU.
const BUID_HI = 0x8000000, BUID_LO = 0x20000000;

test("QEMU's token numbers", () => {
  expect([...rtas.tokens()]).toEqual([
    ["read-pci-config", 0x2014], ["write-pci-config", 0x2015], ["ibm,read-pci-config", 0x2016], ["ibm,write-pci-config", 0x2017],
  ]);
});

test("reads: hardware error and all ones, for any bus, device, size or argument count", () => {
  expect(rtasCall("ibm,read-pci-config", [0x6, BUID_HI, BUID_LO, 2], 2)).toEqual([-1, 0xffffffff]); // vendor ID's neighbour, bus 0 device 0
  expect(rtasCall("ibm,read-pci-config", [0x890, BUID_HI, BUID_LO, 4], 2)).toEqual([-1, 0xffffffff]); // device 1
  expect(rtasCall("ibm,read-pci-config", [0x834, 0, 0, 1], 2)).toEqual([-1, 0xffffffff]);
  expect(rtasCall("ibm,read-pci-config", [0x0, BUID_HI, BUID_LO, 3], 2)).toEqual([-1, 0xffffffff]); // bad size
  expect(rtasCall("read-pci-config", [0x10000, 4], 2)).toEqual([-1, 0xffffffff]); // bus 1
  expect(rtasCall("read-pci-config", [0x0, 4], 1)).toEqual([-1]);
});

test("writes: hardware error", () => {
  expect(rtasCall("ibm,write-pci-config", [0x10, BUID_HI, BUID_LO, 4, 0x80000000], 1)).toEqual([-1]);
  expect(rtasCall("ibm,write-pci-config", [0x804, BUID_HI, BUID_LO, 2, 0], 1)).toEqual([-1]);
  expect(rtasCall("write-pci-config", [0x4, 2, 0x107], 1)).toEqual([-1]);
});
