// ibm,client-architecture-support as the pseries machine answers it (LoPAR B.5; behaviour of
// QEMU 7.2's do_client_architecture_support with ic-mode=xics): the compat mode from the
// client's PVR list, hash or radix from its option vector 5, XICS always, and the device-tree
// updates the client reads back. Failures come back as a status for the client, never a throw.

import {
  type ArchitectureVector,
  type CasMemory,
  hasFeature,
  intersect,
  OV5,
  parseArchitectureVector,
  platformSupportProperty,
  type PvrMatch,
  vectorOf,
  vectorProperty,
} from "../../firmware/cas.ts";
import { type DeviceTreeModel, u32Bytes } from "../../firmware/device-tree-model.ts";
import { paFeatures } from "../../firmware/device-tree.ts";
import { COMPAT_MODES, type CompatMode, type IsaLevel } from "../cpu/models.ts";
import { SPR_PCR } from "../cpu/sprs.ts";
import type { Cpu } from "../cpu/state.ts";
import type { PartitionState } from "../mmu/partition.ts";
import type { MachineConfig } from "./config.ts";
import { H_HARDWARE, H_PARAMETER } from "./hcalls.ts";

/** PCR bits (Book III §2.5, QEMU's PCR_COMPAT_*): each makes the thread hide what came after that ISA level. */
const PCR_V2_06 = 0x4;
const PCR_V2_07 = 0x8;

/** What CAS depends on in the machine's configuration: the CPU model and -cpu compat= / max-cpu-compat. */
export type CasConfig = Pick<MachineConfig, "cpu" | "compat">;

export interface CasResult {
  /** The compat mode the CPU runs in; undefined is raw mode (the client matched the real PVR). */
  compat: CompatMode | undefined;
  /** cpu-version after CAS: the compat mode's logical PVR, or the real PVR in raw mode. */
  logicalPvr: number;
  /** The PCR value that puts the CPU in the compat mode, and the ISA level it then decodes. */
  pcr: number;
  isa: IsaLevel;
  radix: boolean;
  /** Guest translation shootdown under radix. */
  gtse: boolean;
  /** The negotiated option vector 5 (index 0 = byte 1): the client's request within spar's offer. */
  ov5: Uint8Array;
}

export type CasOutcome =
  | { ok: true; result: CasResult }
  /** terminate: QEMU ends the machine here (a client asking what no platform can give). */
  | { ok: false; status: number; reason: string; terminate: boolean };

/**
 * /chosen properties CAS relies on, set before the client runs, as in QEMU's boot tree:
 * ibm,arch-vec-5-platform-support (spar's offer, read by Linux's prom_check_platform_support to
 * build its request) and ibm,architecture-vec-5 with nothing negotiated yet.
 */
export function prepareTree(tree: DeviceTreeModel, config: CasConfig): void {
  const chosen = tree.find("/chosen");
  if (!chosen) return;
  tree.setProperty(chosen, "ibm,architecture-vec-5", vectorProperty(new Uint8Array(0)));
  tree.setProperty(chosen, "ibm,arch-vec-5-platform-support", platformSupportProperty({
    interruptController: 0x00, // XICS only: spar has no XIVE
    mmu: offersRadix(config) ? 0xc0 : 0x00, // hash and radix, switchable (QEMU's TCG answer), or hash only
    radixExtensions: 0x40, // GTSE, written even for hash-only CPUs as QEMU does
  }));
}

/** Read the client's vector, negotiate, and update the tree on success. The CPU and partition are the caller's: see applyToCpu, applyToPartition. */
export function clientArchitectureSupport(memory: CasMemory, vectorAddress: number, config: CasConfig, tree: DeviceTreeModel): CasOutcome {
  const vector = parseArchitectureVector(memory, vectorAddress);
  if (!vector) return failure(H_PARAMETER, "the architecture vector is malformed or runs past memory");
  const outcome = negotiate(vector, config);
  if (outcome.ok) applyToTree(tree, outcome.result);
  return outcome;
}

/** The logical PVR, PCR bits and ISA level of a compat mode on a CPU (QEMU's ppc_set_compat), or the CPU's own. */
export function compatState(cpu: CasConfig["cpu"], compat: CasConfig["compat"]): { logicalPvr: number; pcr: number; isa: IsaLevel } {
  const isa = compat ? COMPAT_MODES[compat].isa : cpu.isa;
  return {
    logicalPvr: compat ? COMPAT_MODES[compat].logicalPvr : cpu.pvr,
    pcr: (isa <= 206 && cpu.isa > 206 ? PCR_V2_06 : 0) | (isa <= 207 && cpu.isa > 207 ? PCR_V2_07 : 0),
    isa,
  };
}

export function negotiate(vector: ArchitectureVector, config: CasConfig): CasOutcome {
  const pvr = choosePvr(vector.pvrs, config);
  // QEMU's answer when no PVR in the client's list fits.
  if (!pvr) return failure(H_HARDWARE, "no PVR in the client's list fits the CPU and its compat limit");
  const guestOv5 = vector.vectors.get(5);
  if (!vector.vectors.has(1) || !guestOv5) return failure(H_PARAMETER, "the client gave no option vector 1 or 5");
  // "Either" values are platform offers; a client must pick one (QEMU exits on both).
  if (hasFeature(guestOv5, OV5.MMU_EITHER)) return failure(H_PARAMETER, "the client asked for hash and radix at once", true);
  if (hasFeature(guestOv5, OV5.XIVE_EITHER)) return failure(H_PARAMETER, "the client asked for an invalid interrupt mode", true);
  if (hasFeature(guestOv5, OV5.XIVE_EXPLOIT)) return failure(H_PARAMETER, "the client asked for XIVE; spar has only XICS", true);

  const { logicalPvr, pcr, isa } = compatState(config.cpu, pvr.compat);
  // Radix needs ISA 3.0 in the negotiated mode too, not only in the offer.
  const offer = offersRadix(config) && isa >= 300 ? vectorOf([OV5.MMU_RADIX, OV5.RADIX_GTSE]) : new Uint8Array(0);
  const ov5 = intersect(guestOv5, offer);
  const radix = hasFeature(ov5, OV5.MMU_RADIX);
  return {
    ok: true,
    result: {
      compat: pvr.compat,
      logicalPvr,
      pcr,
      isa,
      radix,
      gtse: radix && hasFeature(ov5, OV5.RADIX_GTSE),
      ov5,
    },
  };
}

/** The tree CAS returns, edited in place: /chosen ibm,architecture-vec-5 and every CPU's cpu-version. */
export function applyToTree(tree: DeviceTreeModel, result: CasResult): void {
  const chosen = tree.find("/chosen");
  if (chosen) tree.setProperty(chosen, "ibm,architecture-vec-5", vectorProperty(result.ov5));
  for (const node of tree.find("/cpus")?.children ?? []) {
    if (!node.properties.has("cpu-version")) continue;
    tree.setProperty(node, "cpu-version", u32Bytes(result.logicalPvr));
    tree.setProperty(node, "ibm,pa-features", paFeatures(result.isa));
  }
}

/** Put the CPU in the negotiated mode, as QEMU's ppc_set_compat does: PCR, and the ISA level it implies. */
export function applyToCpu(cpu: Cpu, result: CasResult): void {
  cpu.sprHi[SPR_PCR] = 0;
  cpu.sprLo[SPR_PCR] = result.pcr;
  cpu.setCompatLevel(result.isa);
}

/**
 * A client that negotiated hash gets the hash MMU back if the partition was radix (QEMU sets up
 * the HPT again there); a radix client registers its process table next (H_REGISTER_PROC_TBL).
 * True when the translation mode changed: the caller must reselect the MMU and flush.
 */
export function applyToPartition(partition: PartitionState, result: CasResult): boolean {
  if (result.radix || !partition.radix) return false;
  partition.reset();
  return true;
}

/** Radix is on offer when the CPU has it and no compat limit below POWER9 is set (QEMU's spapr_machine_init). */
function offersRadix(config: CasConfig): boolean {
  return config.cpu.mmu.includes("radix") && (!config.compat || COMPAT_MODES[config.compat].isa >= 300);
}

/**
 * QEMU's cas_check_pvr: the newest logical PVR in the list that the CPU can run and the compat
 * limit allows; else raw mode if the list matches the real PVR and no limit is set; else none.
 * Logical PVRs spar has no mode for (POWER6's 0x0f000002, POWER7+'s 0x0f100003) are skipped.
 */
function choosePvr(pvrs: readonly PvrMatch[], config: CasConfig): { compat: CompatMode | undefined } | undefined {
  const limit = config.compat ? COMPAT_MODES[config.compat].isa : config.cpu.isa;
  let matchesRealPvr = false;
  let best: CompatMode | undefined;
  for (const { mask, value } of pvrs) {
    if ((config.cpu.pvr & mask) === (value & mask)) {
      matchesRealPvr = true;
      continue;
    }
    const mode = compatModeOf(value);
    if (mode && COMPAT_MODES[mode].isa <= Math.min(limit, config.cpu.isa) && (!best || COMPAT_MODES[mode].isa > COMPAT_MODES[best].isa)) best = mode;
  }
  if (best) return { compat: best };
  return matchesRealPvr && !config.compat ? { compat: undefined } : undefined;
}

function compatModeOf(logicalPvr: number): CompatMode | undefined {
  return (Object.keys(COMPAT_MODES) as CompatMode[]).find((mode) => COMPAT_MODES[mode].logicalPvr === logicalPvr);
}

function failure(status: number, reason: string, terminate = false): CasOutcome {
  return { ok: false, status, reason, terminate };
}
