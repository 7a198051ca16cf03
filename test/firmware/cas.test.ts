// ibm,client-architecture-support: the architecture vector as Linux 6.1's prom_init builds it
// (arch/powerpc/kernel/prom_init.c, ibm_architecture_vec_template), read from a fake guest memory,
// negotiated for POWER8/POWER9 and compat limits, applied to spar's boot tree, and compared with
// the trees QEMU 7.2 hands the same kernel (/work/shared/reference/pseries-boot, values below).
import { describe, expect, test } from "bun:test";
import { OV5, parseArchitectureVector, vectorProperty, type CasMemory } from "../../firmware/cas.ts";
import { buildDeviceTree } from "../../firmware/device-tree.ts";
import { DeviceTreeModel } from "../../firmware/device-tree-model.ts";
import { SPR_PCR } from "../../vmm/cpu/sprs.ts";
import { COMPAT_MODES, findCpuModel, type CompatMode } from "../../vmm/cpu/models.ts";
import { PartitionState } from "../../vmm/mmu/partition.ts";
import { POWER_SEGMENT_PAGE_SIZES } from "../../vmm/mmu/hpt.ts";
import {
  applyToCpu,
  applyToPartition,
  applyToTree,
  type CasConfig,
  type CasOutcome,
  type CasResult,
  clientArchitectureSupport,
  negotiate,
  prepareTree,
} from "../../vmm/machine/cas.ts";
import { H_HARDWARE, H_PARAMETER } from "../../vmm/machine/hcalls.ts";
import { makeCpu } from "../cpu/helpers.ts";

const RAM = 0x100000;
const VEC = 0x8000; // where the client's vector sits

// ---- Linux 6.1's vector

/** The PVR list: real PVRs under a family mask, then the logical PVRs of each ISA level. */
const LINUX_PVRS: [mask: number, value: number][] = [
  [0xfffe0000, 0x003a0000], // POWER5/POWER5+
  [0xffff0000, 0x003e0000], // POWER6
  [0xffff0000, 0x003f0000], // POWER7
  [0xffff0000, 0x004b0000], // POWER8E
  [0xffff0000, 0x004c0000], // POWER8NVL
  [0xffff0000, 0x004d0000], // POWER8
  [0xffff0000, 0x004e0000], // POWER9
  [0xffff0000, 0x00800000], // POWER10
  [0xffffffff, 0x0f000006], // all ISA 3.1-compliant
  [0xffffffff, 0x0f000005], // all ISA 3.00-compliant
  [0xffffffff, 0x0f000004], // all ISA 2.07-compliant
  [0xffffffff, 0x0f000003], // all ISA 2.06-compliant
  [0xffffffff, 0x0f000002], // all ISA 2.05-compliant
  [0xfffffffe, 0x0f000001], // all ISA 2.04 and earlier: value bit 31 lies outside the mask, so also the terminator
];

const be32 = (v: number) => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

/** What the client asks in the bytes CAS decides, as prom_check_platform_support derives it from /chosen. */
interface Request {
  mmu: number; // byte 24
  interruptController: number; // byte 23
  radixExtensions: number; // byte 26
}

/** Option vector 5 as Linux 6.1 (Debian's config: NR_CPUS 2048, SMLPAR, PCI_MSI) sends it. */
function linuxOv5(request: Request): number[] {
  return [
    0x00, //                    1: don't ignore, don't halt
    0xf3, //                    2: LPAR, SPLPAR, DRCONF_MEMORY, LARGE_PAGES, DONATE_DEDICATE_CPU, MSI
    0x00, //                    3
    0xc0, //                    4: CMO, XCMO
    0xe0, //                    5: FORM1 affinity, PRRN, FORM2 affinity
    0x05, //                    6: HP_EVT, RESIZE_HPT
    0x00, 0x00, //              7 micro-checkpoint, 8 reserved
    ...be32(2048), //           9-12: max_cpus
    0x00, 0x00, 0x00, 0x00, // 13-14 papr_level, 15-16 reserved
    0xe0, //                   17: platform facilities RNG, ENCR, 842
    0x00, 0x00, 0x00, //       18-20 reserved
    0x01, //                   21: subprocessors
    0xc0, //                   22: DRMEM_V2, DRC_INFO
    request.interruptController, // 23
    request.mmu, //                 24
    0x00, //                        25: hash extensions
    request.radixExtensions, //     26
  ];
}

/** The whole ibm,architecture.vec: PVR list, vector count - 1, then (length - 1, bytes) per vector. */
function linuxVector(request: Request, pvrs = LINUX_PVRS): number[] {
  const vectors = [
    [0x00, 0xff, 0xc0], // 1: ISA 2.00 to 2.07; 3.00 and 3.1
    [0x20, 0, 0, ...[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 512, 0xffffffff].flatMap(be32), 0, 48], // 2: real mode, 512 MB min RMA, HPT ≤ 2^48
    [0x00, 0xe0], // 3: FP, VMX, DFP
    [0x00, 0x01], // 4: minimum entitled capacity
    linuxOv5(request), // 5
    [0x00, 0x00, 0x02], // 6: OS name Linux
    Array.from({ length: 256 }, (_, i) => "Linux version 6.1.0".charCodeAt(i) || 0), // 7: OS identification
  ];
  return [...pvrs.flatMap(([mask, value]) => [...be32(mask), ...be32(value)]), vectors.length - 1, ...vectors.flatMap((v) => [v.length - 1, ...v])];
}

/** prom_check_platform_support: radix when offered (with GTSE if offered), XIVE when offered. */
function linuxRequestFor(platformSupport: Uint8Array): Request {
  const offer = new Map<number, number>();
  for (let i = 0; i + 1 < platformSupport.length; i += 2) offer.set(platformSupport[i], platformSupport[i + 1]);
  const mmu = offer.get(24) ?? 0;
  const radix = (mmu & 0xc0) !== 0; // 0x40 radix only, 0x80 either, 0xc0 either and switchable: Linux prefers radix
  const xive = ((offer.get(23) ?? 0) & 0xc0) !== 0;
  return { mmu: radix ? 0x40 : 0x00, interruptController: xive ? 0x40 : 0x00, radixExtensions: radix && (offer.get(26) ?? 0) & 0x40 ? 0x40 : 0x00 };
}

function memoryWith(bytes: number[], at = VEC, size = RAM): CasMemory {
  const ram = new Uint8Array(size);
  ram.set(bytes.slice(0, Math.max(0, size - at)), at);
  return { size, read: (address, length) => ram.slice(address, address + length) };
}

function config(cpu: string, compat?: CompatMode): CasConfig {
  return { cpu: findCpuModel(cpu)!, compat };
}

/** spar's boot tree for the model, with the /chosen CAS properties prepareTree adds. */
function bootTree(cas: CasConfig): DeviceTreeModel {
  const radix = cas.cpu.mmu.includes("radix");
  const tree = DeviceTreeModel.fromFdt(buildDeviceTree({
    cpuName: `PowerPC,${cas.cpu.generation.toUpperCase()}`, pvr: cas.cpu.pvr, timebaseHz: 512_000_000, memoryBytes: RAM, vtyReg: 0x71000000, nvram: { reg: 0x71000001, size: 0x10000 },
    rtasTokens: new Map([["power-off", 0x2001]]), hypertasFunctions: ["hcall-pft"], bootargs: "", hptShift: 18, segmentPageSizes: POWER_SEGMENT_PAGE_SIZES, radix, isa: cas.cpu.isa, vtyIrq: 0x1100,
    nvramIrq: 0x1101, eventIrqs: { epow: 0x1000, hotplug: 0x1001 }, maxCores: 1, rngSeed: new Uint8Array(32), rng: false,
  }));
  prepareTree(tree, cas);
  return tree;
}

/** A Linux 6.1 boot's CAS: the request built from the tree's offer, answered and applied. */
function linuxCas(cas: CasConfig): { outcome: CasOutcome; tree: DeviceTreeModel } {
  const tree = bootTree(cas);
  const request = linuxRequestFor(tree.find("/chosen")!.properties.get("ibm,arch-vec-5-platform-support")!);
  return { outcome: clientArchitectureSupport(memoryWith(linuxVector(request)), VEC, cas, tree), tree };
}

function resultOf(outcome: CasOutcome): CasResult {
  if (!outcome.ok) throw new Error(`CAS failed: ${outcome.reason}`);
  return outcome.result;
}

const cpuVersion = (tree: DeviceTreeModel) => new DataView(tree.find("/cpus")!.children[0].properties.get("cpu-version")!.buffer).getUint32(0);
const hex = (bytes: Uint8Array | undefined) => [...(bytes ?? [])].map((b) => b.toString(16).padStart(2, "0")).join(" ");

// ---- QEMU 7.2's trees (p8.dts, p9.dts before CAS; p8-guest.dts, p9-guest.dts after), ic-mode=dual by default

const QEMU = {
  p8: {
    platformSupport: "17 00 18 00 19 00 1a 40", // <0x17001800 0x19001a40>
    vec5: "15 00 20 00 00 a0 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 80",
    cpuVersion: 0x0f000004,
  },
  p9: {
    platformSupport: "17 80 18 c0 19 00 1a 40", // <0x178018c0 0x19001a40>: byte 23 0x80 is XIVE-or-XICS (ic-mode=dual)
    vec5: "19 00 20 00 00 a0 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 80 40 40 00 40",
    cpuVersion: 0x0f000005,
  },
};

/** QEMU's negotiated vector without what spar does not offer (bytes 2, 5, 6, 22, and XIVE in 23): only MMU byte 24 and GTSE byte 26 remain. */
function withinSparOffer(qemuVec5: string): string {
  const bytes = qemuVec5.split(" ").map((b) => parseInt(b, 16)).slice(1);
  const kept = bytes.map((b, i) => (i + 1 === OV5.MMU_RADIX.byte ? b & OV5.MMU_RADIX.bits : i + 1 === OV5.RADIX_GTSE.byte ? b & OV5.RADIX_GTSE.bits : 0));
  return hex(vectorProperty(Uint8Array.from(kept)));
}

describe("parsing the architecture vector", () => {
  test("Linux 6.1's vector: 13 PVR pairs before the terminator, option vectors 1 to 5 read", () => {
    const vector = parseArchitectureVector(memoryWith(linuxVector({ mmu: 0, interruptController: 0, radixExtensions: 0 })), VEC)!;
    expect(vector.pvrs).toHaveLength(13);
    expect(vector.pvrs.at(-1)).toEqual({ mask: 0xffffffff, value: 0x0f000002 });
    expect([...vector.vectors.keys()]).toEqual([1, 2, 3, 4, 5]);
    expect(vector.vectors.get(2)).toHaveLength(33);
    expect(vector.vectors.get(5)).toHaveLength(26);
  });

  test("a vector running past memory, a missing terminator, or an address beyond RAM is malformed", () => {
    const linux = linuxVector({ mmu: 0, interruptController: 0, radixExtensions: 0 });
    const ov5End = linux.length - (1 + 3) - (1 + 256); // vector 5 ends where vector 6 (3 bytes) and 7 (256) begin
    expect(parseArchitectureVector(memoryWith(linux, RAM - ov5End + 1), RAM - ov5End + 1)).toBeUndefined();
    expect(parseArchitectureVector(memoryWith(linux, RAM - ov5End), RAM - ov5End)).toBeDefined(); // vectors 6 and 7 past memory are never read
    expect(parseArchitectureVector(memoryWith([]), VEC)).toBeUndefined(); // zeros: mask 0 value 0 pairs never end
    expect(parseArchitectureVector(memoryWith([]), RAM + 8)).toBeUndefined();
  });
});

describe("negotiation with Linux 6.1", () => {
  test("POWER8: compat power8 (0x0f000004), hash, XICS; nothing else negotiated", () => {
    const { outcome, tree } = linuxCas(config("power8"));
    expect(resultOf(outcome)).toEqual({ compat: "power8", logicalPvr: 0x0f000004, pcr: 0, isa: 207, radix: false, gtse: false, ov5: new Uint8Array(0) });
    expect(cpuVersion(tree)).toBe(0x0f000004);
    expect(hex(tree.find("/chosen")!.properties.get("ibm,architecture-vec-5"))).toBe("00 00");
  });

  test("POWER9: compat power9 (0x0f000005), radix with GTSE, XICS", () => {
    const { outcome, tree } = linuxCas(config("power9"));
    const result = resultOf(outcome);
    expect(result).toMatchObject({ compat: "power9", logicalPvr: 0x0f000005, pcr: 0, isa: 300, radix: true, gtse: true });
    expect(result.ov5[OV5.XIVE_EXPLOIT.byte - 1]).toBe(0); // XICS
    expect(cpuVersion(tree)).toBe(0x0f000005);
  });

  test("POWER9 with a client that asks hash: hash, still power9", () => {
    const vector = parseArchitectureVector(memoryWith(linuxVector({ mmu: 0, interruptController: 0, radixExtensions: 0x40 })), VEC)!;
    expect(resultOf(negotiate(vector, config("power9")))).toMatchObject({ compat: "power9", radix: false, gtse: false });
  });

  test.each([
    // -cpu MODEL,compat=MODE: the mode, its logical PVR, PCR v2.06/v2.07 and the ISA level
    ["-cpu POWER8,compat=power7", "power8", "power7", 0x0f000003, 0x4, 206],
    ["-cpu POWER9,compat=power8", "power9", "power8", 0x0f000004, 0x8, 207],
    ["-cpu POWER9,compat=power7", "power9", "power7", 0x0f000003, 0xc, 206],
    ["-cpu POWER7", "power7", undefined, 0x0f000003, 0x0, 206],
  ] as const)("%s: its logical PVR, PCR and ISA level, hash", (_, cpu, compat, logicalPvr, pcr, isa) => {
    const { outcome, tree } = linuxCas(config(cpu, compat));
    expect(resultOf(outcome)).toMatchObject({ compat: compat ?? "power7", logicalPvr, pcr, isa, radix: false });
    expect(cpuVersion(tree)).toBe(logicalPvr);
    // No radix on offer below POWER9.
    expect(hex(tree.find("/chosen")!.properties.get("ibm,arch-vec-5-platform-support"))).toBe("17 00 18 00 19 00 1a 40");
  });

  test("raw mode: a client listing only real PVRs runs as the real CPU; with a compat limit it cannot", () => {
    const oldKernel: [number, number][] = [[0xffff0000, 0x004d0000], [0xfffffffe, 0x0f000001]];
    const vector = parseArchitectureVector(memoryWith(linuxVector({ mmu: 0, interruptController: 0, radixExtensions: 0 }, oldKernel)), VEC)!;
    expect(resultOf(negotiate(vector, config("power8")))).toMatchObject({ compat: undefined, logicalPvr: 0x004d0200, pcr: 0, isa: 207 });
    expect(negotiate(vector, config("power8", "power8"))).toMatchObject({ ok: false, status: H_HARDWARE, terminate: false });
    expect(negotiate(vector, config("power9"))).toMatchObject({ ok: false, status: H_HARDWARE }); // no POWER9 or logical PVR listed
  });

  test("a client asking XIVE, or hash-and-radix at once, ends the boot as QEMU does (ic-mode=xics)", () => {
    for (const request of [{ mmu: 0x40, interruptController: 0x40, radixExtensions: 0 }, { mmu: 0x80, interruptController: 0, radixExtensions: 0 }]) {
      const vector = parseArchitectureVector(memoryWith(linuxVector(request)), VEC)!;
      expect(negotiate(vector, config("power9"))).toMatchObject({ ok: false, status: H_PARAMETER, terminate: true });
    }
  });

  test("malformed vectors fail with H_PARAMETER without throwing, and leave the tree alone", () => {
    const cas = config("power9");
    const oneVector = [...be32(0xffffffff), ...be32(0x0f000005), ...be32(0xfffffffe), ...be32(0x0f000001), 0, 2, 0x00, 0xff, 0xc0];
    const linux = linuxVector({ mmu: 0x40, interruptController: 0, radixExtensions: 0x40 });
    const cases: [CasMemory, number][] = [
      [memoryWith(oneVector), VEC], // zero option vectors beyond the first: no vector 5
      [memoryWith(linux, RAM - 100), RAM - 100], // the vector runs past the end of RAM
      [memoryWith([]), RAM], // the address itself is past RAM
    ];
    for (const [memory, at] of cases) {
      const tree = bootTree(cas);
      expect(clientArchitectureSupport(memory, at, cas, tree)).toMatchObject({ ok: false, status: H_PARAMETER });
      expect(cpuVersion(tree)).toBe(cas.cpu.pvr);
    }
  });
});

describe("the tree after CAS against QEMU 7.2's", () => {
  test.each(["p8", "p9"] as const)("%s: cpu-version as QEMU's; ibm,architecture-vec-5 is QEMU's within spar's offer; phandles kept", (which) => {
    const cas = config(which === "p8" ? "power8" : "power9");
    const before = bootTree(cas);
    const phandles = [before.root, before.find("/chosen")!, before.find("/cpus")!.children[0]].map((n) => n.phandle);
    const { tree } = linuxCas(cas);
    expect(cpuVersion(tree)).toBe(QEMU[which].cpuVersion);
    expect(hex(tree.find("/chosen")!.properties.get("ibm,architecture-vec-5"))).toBe(withinSparOffer(QEMU[which].vec5));
    expect([tree.root, tree.find("/chosen")!, tree.find("/cpus")!.children[0]].map((n) => n.phandle)).toEqual(phandles);
  });

  test("ibm,arch-vec-5-platform-support: QEMU's on P8; on P9 QEMU's with ic-mode=xics (byte 23 XICS only)", () => {
    const support = (cpu: string) => hex(bootTree(config(cpu)).find("/chosen")!.properties.get("ibm,arch-vec-5-platform-support"));
    expect(support("power8")).toBe(QEMU.p8.platformSupport);
    expect(support("power9")).toBe(QEMU.p9.platformSupport.replace(/^17 80/, "17 00"));
  });

  test("P9's negotiated vector byte for byte: MMU radix (24) and GTSE (26)", () => {
    const { tree } = linuxCas(config("power9"));
    expect(hex(tree.find("/chosen")!.properties.get("ibm,architecture-vec-5"))).toBe(`19 ${"00 ".repeat(23)}40 00 40`);
  });
});

describe("applying the result to the machine", () => {
  test("applyToCpu sets PCR and the ISA level of the compat mode", () => {
    const cpu = makeCpu({ model: "power9" });
    applyToCpu(cpu, resultOf(linuxCas(config("power9", "power8")).outcome));
    expect(cpu.sprLo[SPR_PCR]).toBe(0x8);
    expect(cpu.compatIsa).toBe(COMPAT_MODES.power8.isa);
    applyToCpu(cpu, resultOf(linuxCas(config("power9")).outcome));
    expect([cpu.sprLo[SPR_PCR], cpu.compatIsa]).toEqual([0, 300]);
  });

  test("applyToPartition returns a radix partition to hash when the client negotiated hash", () => {
    const partition = new PartitionState();
    const hash = resultOf(linuxCas(config("power9", "power8")).outcome);
    expect(applyToPartition(partition, hash)).toBe(false);
    partition.radix = true;
    expect(applyToPartition(partition, resultOf(linuxCas(config("power9")).outcome))).toBe(false);
    expect(applyToPartition(partition, hash)).toBe(true);
    expect(partition.radix).toBe(false);
  });

  test("applyToTree gives ibm,pa-features of the negotiated ISA level, as QEMU's post-CAS tree does", () => {
    const tree = bootTree(config("power8"));
    applyToTree(tree, { compat: "power7", logicalPvr: 0x0f000003, pcr: 0, isa: 206, radix: false, gtse: false, ov5: new Uint8Array(0) });
    const cpu = tree.find("/cpus")!.children[0];
    expect(Buffer.from(cpu.properties.get("ibm,pa-features")!).toString("hex")).toBe("0600f63fc70080c0");
  });

  test("applyToTree in raw mode restores the real PVR", () => {
    const tree = bootTree(config("power8"));
    applyToTree(tree, { compat: "power8", logicalPvr: 0x0f000004, pcr: 0, isa: 207, radix: false, gtse: false, ov5: new Uint8Array(0) });
    applyToTree(tree, { compat: undefined, logicalPvr: 0x004d0200, pcr: 0, isa: 207, radix: false, gtse: false, ov5: new Uint8Array(0) });
    expect(cpuVersion(tree)).toBe(0x004d0200);
  });
});
