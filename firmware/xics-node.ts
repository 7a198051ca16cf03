// The XICS presentation controller node, as QEMU's pseries writes it (LoPAR "PowerPC External
// Interrupt Option Requirements": a presentation node under the root, with
// ibm,interrupt-server-ranges). Properties come in the order dtc shows QEMU's tree.

import type { FdtBuilder } from "./fdt.ts";

/** QEMU's PHANDLE_INTC: PCI interrupt-map entries name the controller by it. */
export const XICS_PHANDLE = 0x1111;

/** Add /interrupt-controller for servers 0..servers-1; call it with the root node open. */
export function writeXicsNode(fdt: FdtBuilder, servers: number): void {
  fdt.beginNode("interrupt-controller");
  fdt.propU32("phandle", XICS_PHANDLE);
  fdt.propU32("linux,phandle", XICS_PHANDLE);
  fdt.propU32("#interrupt-cells", 2);
  fdt.propU32s("ibm,interrupt-server-ranges", [0, servers]);
  fdt.propEmpty("interrupt-controller");
  fdt.propString("compatible", "IBM,ppc-xicp");
  fdt.propString("device_type", "PowerPC-External-Interrupt-Presentation");
  fdt.endNode();
}

/** A device's "interrupts" under XICS (#interrupt-cells 2): source number, then 1 for level, 0 for message. */
export function xicsInterrupts(irq: number, kind: "lsi" | "msi"): [number, number] {
  return [irq, kind === "lsi" ? 1 : 0];
}
