// Special-purpose registers spar implements, by number (Book III §5.4.4 table, plus Book I's
// user SPRs). mfspr/mtspr of a number missing here is an illegal instruction, logged once.
// Registers the hot path touches (XER, LR, CTR, TAR) live in Cpu fields; the rest in arrays.

import type { IsaLevel } from "./models.ts";

/** Who may access: problem state, privileged state, or the hypervisor only. */
export type SprAccess = "user" | "priv" | "hv" | "none";

export interface SprDef {
  name: string;
  read: SprAccess;
  write: SprAccess;
  isa: IsaLevel;
  /** Registers architected as 32 bits read back with a zero upper half. */
  bits32?: boolean;
  /** Another number for the same register (DSCR 3/17, AMR 13/29, SPRG3 259/275, CTRL 136/152, the Performance Monitor's 768-782). */
  alias?: number;
}

const SPR_LIST: [number, SprDef][] = [
  [1, { name: "XER", read: "user", write: "user", isa: 206 }],
  [3, { name: "DSCR", read: "user", write: "user", isa: 207, alias: 17 }],
  [8, { name: "LR", read: "user", write: "user", isa: 206 }],
  [9, { name: "CTR", read: "user", write: "user", isa: 206 }],
  [13, { name: "UAMR", read: "user", write: "user", isa: 207, alias: 29 }],
  [17, { name: "DSCR", read: "priv", write: "priv", isa: 206 }],
  [18, { name: "DSISR", read: "priv", write: "priv", isa: 206, bits32: true }],
  [19, { name: "DAR", read: "priv", write: "priv", isa: 206 }],
  [22, { name: "DEC", read: "priv", write: "priv", isa: 206 }],
  [25, { name: "SDR1", read: "hv", write: "hv", isa: 206 }],
  [26, { name: "SRR0", read: "priv", write: "priv", isa: 206 }],
  [27, { name: "SRR1", read: "priv", write: "priv", isa: 206 }],
  [28, { name: "CFAR", read: "priv", write: "priv", isa: 206 }],
  [29, { name: "AMR", read: "priv", write: "priv", isa: 206 }],
  [48, { name: "PID", read: "priv", write: "priv", isa: 300, bits32: true }],
  [61, { name: "IAMR", read: "priv", write: "priv", isa: 207 }],
  [136, { name: "CTRL", read: "user", write: "none", isa: 206, bits32: true, alias: 152 }],
  [152, { name: "CTRL", read: "none", write: "priv", isa: 206, bits32: true }],
  [153, { name: "FSCR", read: "priv", write: "priv", isa: 207 }],
  [157, { name: "UAMOR", read: "priv", write: "priv", isa: 207 }],
  // Directed privileged doorbell state: one bit per thread (bit 63 for thread 0); the guest reads it, the hypervisor writes it.
  [176, { name: "DPDES", read: "priv", write: "hv", isa: 207 }],
  [190, { name: "HFSCR", read: "hv", write: "hv", isa: 207 }],
  [256, { name: "VRSAVE", read: "user", write: "user", isa: 206, bits32: true }],
  [259, { name: "SPRG3", read: "user", write: "none", isa: 206, alias: 275 }],
  [268, { name: "TB", read: "user", write: "none", isa: 206 }],
  [269, { name: "TBU", read: "user", write: "none", isa: 206 }],
  [272, { name: "SPRG0", read: "priv", write: "priv", isa: 206 }],
  [273, { name: "SPRG1", read: "priv", write: "priv", isa: 206 }],
  [274, { name: "SPRG2", read: "priv", write: "priv", isa: 206 }],
  [275, { name: "SPRG3", read: "priv", write: "priv", isa: 206 }],
  [284, { name: "TBL", read: "none", write: "hv", isa: 206 }],
  [285, { name: "TBU", read: "none", write: "hv", isa: 206 }],
  [287, { name: "PVR", read: "priv", write: "none", isa: 206, bits32: true }],
  [304, { name: "HSPRG0", read: "hv", write: "hv", isa: 206 }],
  [305, { name: "HSPRG1", read: "hv", write: "hv", isa: 206 }],
  [308, { name: "SPURR", read: "priv", write: "hv", isa: 206 }],
  [309, { name: "PURR", read: "priv", write: "hv", isa: 206 }],
  [310, { name: "HDEC", read: "hv", write: "hv", isa: 206 }],
  [314, { name: "HSRR0", read: "hv", write: "hv", isa: 206 }],
  [315, { name: "HSRR1", read: "hv", write: "hv", isa: 206 }],
  [318, { name: "LPCR", read: "hv", write: "hv", isa: 206 }],
  [319, { name: "LPIDR", read: "hv", write: "hv", isa: 206, bits32: true }],
  [338, { name: "PCR", read: "hv", write: "hv", isa: 206 }],
  // Performance Monitor (Book III, Performance Monitor Facility; pmu.ts). 768-782 are the same
  // registers under their problem-state numbers: group A (MMCR0, MMCR2, MMCRA, PMC1-6) under
  // MMCR0[PMCC] there (exec/system.ts), group B (SIER, SIAR, SDAR, MMCR1) readable there and
  // written by privileged software only, as QEMU 7.2 has them.
  [768, { name: "SIER", read: "user", write: "priv", isa: 207, alias: 784 }],
  [769, { name: "MMCR2", read: "user", write: "user", isa: 207, alias: 785 }],
  [770, { name: "MMCRA", read: "user", write: "user", isa: 206, alias: 786 }],
  ...[1, 2, 3, 4, 5, 6].map((n): [number, SprDef] => [770 + n, { name: `PMC${n}`, read: "user", write: "user", isa: 206, bits32: true, alias: 786 + n }]),
  [779, { name: "MMCR0", read: "user", write: "user", isa: 206, bits32: true, alias: 795 }],
  [780, { name: "SIAR", read: "user", write: "priv", isa: 206, alias: 796 }],
  [781, { name: "SDAR", read: "user", write: "priv", isa: 206, alias: 797 }],
  [782, { name: "MMCR1", read: "user", write: "priv", isa: 206, alias: 798 }],
  [784, { name: "SIER", read: "priv", write: "priv", isa: 207 }],
  [785, { name: "MMCR2", read: "priv", write: "priv", isa: 207 }],
  [786, { name: "MMCRA", read: "priv", write: "priv", isa: 206 }],
  ...[1, 2, 3, 4, 5, 6].map((n): [number, SprDef] => [786 + n, { name: `PMC${n}`, read: "priv", write: "priv", isa: 206, bits32: true }]),
  [795, { name: "MMCR0", read: "priv", write: "priv", isa: 206, bits32: true }],
  [796, { name: "SIAR", read: "priv", write: "priv", isa: 206 }],
  [797, { name: "SDAR", read: "priv", write: "priv", isa: 206 }],
  [798, { name: "MMCR1", read: "priv", write: "priv", isa: 206 }],
  // Event-based branch registers: plain registers. The Performance Monitor counts, but its alerts
  // never become event-based branches (MMCR0[EBE] is logged once), so nothing sets BESCR's event bits.
  [804, { name: "EBBHR", read: "user", write: "user", isa: 207 }],
  [805, { name: "EBBRR", read: "user", write: "user", isa: 207 }],
  [806, { name: "BESCR", read: "user", write: "user", isa: 207 }],
  [815, { name: "TAR", read: "user", write: "user", isa: 207 }],
  [849, { name: "VTB", read: "priv", write: "hv", isa: 207 }],
  // TRIG2: writing it is the L1D-flush trigger Linux's rfi-flush uses ("mttrig") when
  // H_GET_CPU_CHARACTERISTICS offers it (cap-cfpc=workaround). spar has no cache to flush, so the
  // write does nothing; reads give 0. Any model: the hcall offers it on all of them.
  [882, { name: "TRIG2", read: "priv", write: "priv", isa: 206 }],
  // MMCRS: POWER8's (and QEMU's POWER8/9) implementation Performance Monitor register; Linux zeroes
  // it at start-up on POWER8 even as a guest. Plain storage, as in QEMU: nothing in it is modelled.
  [894, { name: "MMCRS", read: "priv", write: "priv", isa: 207 }],
  [896, { name: "PPR", read: "user", write: "user", isa: 206 }],
  [1023, { name: "PIR", read: "priv", write: "none", isa: 206, bits32: true }],
];

export const SPRS: ReadonlyMap<number, SprDef> = new Map(SPR_LIST);

export const SPR_XER = 1, SPR_LR = 8, SPR_CTR = 9, SPR_DEC = 22, SPR_SRR0 = 26, SPR_SRR1 = 27;
export const SPR_DAR = 19, SPR_DSISR = 18, SPR_CFAR = 28, SPR_TB = 268, SPR_TBU = 269;
export const SPR_TBL_W = 284, SPR_TBU_W = 285, SPR_PVR = 287, SPR_LPCR = 318, SPR_PCR = 338;
export const SPR_HSRR0 = 314, SPR_HSRR1 = 315, SPR_HDEC = 310, SPR_TAR = 815, SPR_PIR = 1023;
export const SPR_SPURR = 308, SPR_PURR = 309, SPR_VTB = 849;
export const SPR_EBBHR = 804, SPR_BESCR = 806;
export const SPR_MMCR0 = 795, SPR_MMCR1 = 798, SPR_MMCR2 = 785, SPR_SIER = 784, SPR_PMC1 = 787, SPR_PMC6 = 792;
export const SPR_UMMCR0 = 779, SPR_UMMCR1 = 782, SPR_UMMCR2 = 769, SPR_UPMC1 = 771, SPR_UPMC6 = 776, SPR_CTRL_W = 152, SPR_TRIG2 = 882;
export const SPR_DPDES = 176, SPR_HFSCR = 190, SPR_UAMOR = 157;
export const SPR_PPR = 896, SPR_FSCR = 153, SPR_SIAR = 796, SPR_PID = 48, SPR_AMR = 29, SPR_UAMR = 13, SPR_IAMR = 61;

/** Storage index: aliases share the register they name. */
export function sprStorage(num: number): number {
  return SPRS.get(num)?.alias ?? num;
}
