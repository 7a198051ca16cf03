// CPU models spar emulates, with QEMU's names, aliases and PVRs (qemu-system-ppc64 7.2 `-cpu help`).
// An ISA level gates instructions: a model runs everything up to its own level, and a compat mode
// (PCR) lowers that level further, as the hardware does.

export type IsaLevel = 206 | 207 | 300;
export type Generation = "power7" | "power8" | "power9";

export interface CpuModel {
  /** QEMU's canonical name, e.g. "power9_v2.0". */
  name: string;
  /** Names also accepted by -cpu (matched case-insensitively, as QEMU does). */
  aliases: string[];
  generation: Generation;
  pvr: number;
  isa: IsaLevel;
  /** Translation modes the core offers; radix arrives with ISA 3.0. */
  mmu: readonly ("hash" | "radix")[];
}

export const CPU_MODELS: readonly CpuModel[] = [
  { name: "power7_v2.3", aliases: ["power7"], generation: "power7", pvr: 0x003f0203, isa: 206, mmu: ["hash"] },
  { name: "power7+_v2.1", aliases: ["power7+"], generation: "power7", pvr: 0x004a0201, isa: 206, mmu: ["hash"] },
  { name: "power8e_v2.1", aliases: ["power8e"], generation: "power8", pvr: 0x004b0201, isa: 207, mmu: ["hash"] },
  { name: "power8nvl_v1.0", aliases: ["power8nvl"], generation: "power8", pvr: 0x004c0100, isa: 207, mmu: ["hash"] },
  { name: "power8_v2.0", aliases: ["power8"], generation: "power8", pvr: 0x004d0200, isa: 207, mmu: ["hash"] },
  { name: "power9_v2.0", aliases: ["power9"], generation: "power9", pvr: 0x004e1200, isa: 300, mmu: ["hash", "radix"] },
];

/** Compat modes (architected "logical" PVRs, PAPR's ibm,client-architecture-support values). */
export const COMPAT_MODES = {
  power7: { logicalPvr: 0x0f000003, isa: 206 },
  power8: { logicalPvr: 0x0f000004, isa: 207 },
  power9: { logicalPvr: 0x0f000005, isa: 300 },
} as const satisfies Record<Generation, { logicalPvr: number; isa: IsaLevel }>;

export type CompatMode = keyof typeof COMPAT_MODES;

export const DEFAULT_CPU = "power9_v2.0";

export function findCpuModel(name: string): CpuModel | undefined {
  const n = name.toLowerCase();
  return CPU_MODELS.find((m) => m.name === n || m.aliases.includes(n));
}
