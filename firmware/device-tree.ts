// The flattened device tree spar hands a pseries guest in r3. This first version carries what
// the bundled test guests and a direct-entry kernel need: CPU, memory, console, RTAS tokens and
// /chosen, the interrupt controller and the hcall function sets. The full PAPR tree grows here.

import { FdtBuilder } from "./fdt.ts";
import { writeXicsNode, xicsInterrupts } from "./xics-node.ts";

export interface DeviceTreeSpec {
  cpuName: string; // e.g. "PowerPC,POWER9"
  pvr: number;
  timebaseHz: number;
  memoryBytes: number;
  vtyReg: number;
  /** The spapr-nvram's unit address and size in bytes. */
  nvram: { reg: number; size: number };
  rtasTokens: ReadonlyMap<string, number>;
  /** The hcall function sets the guest may use (ibm,hypertas-functions). */
  hypertasFunctions: readonly string[];
  bootargs: string;
  initrd?: { start: number; end: number };
  /** log2 of the hashed page table's size in bytes (ibm,pft-size). */
  hptShift: number;
  /** Hash page sizes: each base size with its SLB encoding and the page sizes (PTE LP) it allows. */
  segmentPageSizes: readonly { shift: number; sllp: number; actual: readonly { shift: number; lp: number }[] }[];
  /** Whether the CPU offers radix translation (POWER9): adds the radix page sizes. */
  radix: boolean;
  /** The ISA level the guest sees (the CPU model's, or its compat mode's): selects ibm,pa-features. */
  isa: 206 | 207 | 300;
  /** Width of the decrementer when the large decrementer is on (ibm,dec-bits), else absent. */
  decBits?: number;
  /** The vty's XICS interrupt (a message-signalled source). */
  vtyIrq: number;
}

/** RTAS space: entry stub, error log and per-CPU buffers, as QEMU sizes it for one CPU. */
export const RTAS_SIZE = 20 + 2048 + 16 + 8;

/**
 * ibm,pa-features (LoPAR "Processor Attributes"): length, type 0, then attribute bytes, with QEMU
 * 7.2's TCG values per ISA level. Linux clears a feature whose bit is 0, so these say no
 * transactional memory (byte 22) and, on POWER9, radix (byte 40) and the rest QEMU offers.
 */
const PA_FEATURES: Record<206 | 207 | 300, string> = {
  206: "0600f63fc70080c0",
  207: "1800f63fc7c080f0800000000000000000008000800080000000",
  300: "4200f63fc7c080f080000000000000000000800080008000000080008000800080008000c000800080008000800080008000800080008000800080008000800080000000",
};

/** The ibm,pa-features bytes for an ISA level (boot tree, and the tree after CAS in a compat mode). */
export function paFeatures(isa: 206 | 207 | 300): Uint8Array {
  return Uint8Array.from(Buffer.from(PA_FEATURES[isa], "hex"));
}

/** Cache geometry QEMU gives every POWER7-9 vCPU: 32 KiB L1 caches with 128-byte lines. */
const L1_CACHE = { size: 0x8000, line: 0x80 };

/** Radix page sizes with their AP encodings: 4K, 64K, 2M, 1G (ibm,processor-radix-AP-encodings). */
const RADIX_AP_ENCODINGS = [0x0000000c, 0xa0000010, 0x20000015, 0x4000001e];

export function buildDeviceTree(spec: DeviceTreeSpec): Uint8Array {
  const fdt = new FdtBuilder();
  fdt.beginNode("");
  fdt.propStrings("compatible", ["qemu,pseries", "IBM,pSeries"]);
  fdt.propString("model", "spar pseries");
  fdt.propString("device_type", "chrp");
  fdt.propU32("#address-cells", 2);
  fdt.propU32("#size-cells", 2);

  fdt.beginNode("chosen");
  fdt.propString("bootargs", spec.bootargs);
  fdt.propString("stdout-path", `/vdevice/vty@${spec.vtyReg.toString(16)}`);
  if (spec.initrd) {
    fdt.propU64s("linux,initrd-start", [spec.initrd.start]);
    fdt.propU64s("linux,initrd-end", [spec.initrd.end]);
  }
  fdt.endNode();

  fdt.beginNode("rtas");
  // The space the client gives instantiate-rtas for the entry stub and RTAS's buffers (QEMU's size for one CPU).
  fdt.propU32("rtas-size", RTAS_SIZE);
  for (const [name, token] of spec.rtasTokens) fdt.propU32(name, token);
  fdt.propStrings("ibm,hypertas-functions", spec.hypertasFunctions);
  fdt.endNode();

  fdt.beginNode("cpus");
  fdt.propU32("#address-cells", 1);
  fdt.propU32("#size-cells", 0);
  fdt.beginNode(`${spec.cpuName}@0`);
  fdt.propString("device_type", "cpu");
  fdt.propU32("reg", 0);
  fdt.propU32s("ibm,ppc-interrupt-server#s", [0]);
  fdt.propU32s("ibm,ppc-interrupt-gserver#s", [0, 0]);
  fdt.propU32("cpu-version", spec.pvr);
  fdt.propString("status", "okay");
  fdt.propEmpty("64-bit");
  fdt.propU32("ibm,chip-id", 0);
  // ibm,vmx 2: VMX and VSX (every model spar offers has both). No ibm,dfp: spar has no decimal FP.
  fdt.propU32("ibm,vmx", 2);
  fdt.propU32("ibm,purr", 1);
  fdt.propU32("ibm,spurr", 1);
  fdt.propBytes("ibm,pa-features", paFeatures(spec.isa));
  for (const side of ["i", "d"]) {
    fdt.propU32(`${side}-cache-size`, L1_CACHE.size);
    fdt.propU32(`${side}-cache-line-size`, L1_CACHE.line);
    fdt.propU32(`${side}-cache-block-size`, L1_CACHE.line);
  }
  fdt.propU32("timebase-frequency", spec.timebaseHz);
  fdt.propU32("clock-frequency", 1_000_000_000);
  fdt.propU32s("ibm,pft-size", [0, spec.hptShift]);
  fdt.propU32("ibm,slb-size", 32);
  fdt.propU32("slb-size", 32);
  fdt.propU32s("ibm,processor-segment-sizes", [0x1c, 0x28, 0xffffffff, 0xffffffff]);
  // LoPAR ibm,segment-page-sizes: (base shift, SLB encoding, count, (page shift, PTE LP) x count)...
  fdt.propU32s("ibm,segment-page-sizes", spec.segmentPageSizes.flatMap((s) => [s.shift, s.sllp, s.actual.length, ...s.actual.flatMap((a) => [a.shift, a.lp])]));
  if (spec.radix) fdt.propU32s("ibm,processor-radix-AP-encodings", RADIX_AP_ENCODINGS);
  if (spec.decBits) fdt.propU32("ibm,dec-bits", spec.decBits);
  fdt.endNode();
  fdt.endNode();

  fdt.beginNode("memory@0");
  fdt.propString("device_type", "memory");
  fdt.propU64s("reg", [0, spec.memoryBytes]);
  fdt.endNode();

  fdt.beginNode("vdevice");
  fdt.propString("device_type", "vdevice");
  fdt.propString("compatible", "IBM,vdevice");
  fdt.propU32("#address-cells", 1);
  fdt.propU32("#size-cells", 0);
  fdt.propEmpty("interrupt-controller");
  fdt.propU32("#interrupt-cells", 2);
  fdt.beginNode(`vty@${spec.vtyReg.toString(16)}`);
  fdt.propString("name", "vty");
  fdt.propString("device_type", "serial");
  fdt.propString("compatible", "hvterm1");
  fdt.propU32("reg", spec.vtyReg);
  fdt.propU32s("interrupts", xicsInterrupts(spec.vtyIrq, "msi"));
  fdt.endNode();
  fdt.beginNode(`nvram@${spec.nvram.reg.toString(16)}`);
  fdt.propString("name", "nvram");
  fdt.propString("device_type", "nvram");
  fdt.propString("compatible", "qemu,spapr-nvram");
  fdt.propU32("reg", spec.nvram.reg);
  fdt.propU32("#bytes", spec.nvram.size);
  fdt.endNode();
  fdt.endNode();

  writeXicsNode(fdt, 1);
  fdt.endNode();
  return fdt.finish({ bootCpuid: 0 });
}
