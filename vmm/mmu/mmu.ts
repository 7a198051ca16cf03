// The contract between the CPU and its MMUs (Book III-S ch. 6). With MSR[IR]/[DR] on, the CPU
// asks the partition's MMU (hash or radix) to translate an effective address on a soft-TLB
// miss. The MMU reads the CPU state it needs through MmuCpuState (the Cpu class satisfies it;
// vmm/mmu never imports vmm/cpu), updates reference and change bits itself, and reports either
// a real address with the page's permissions (for the soft TLB) or a fault the CPU turns into
// the architected interrupt. Translation runs only on TLB misses, so clarity beats speed here,
// but results go into a caller-owned object: no allocation per translation.

export const ACCESS_READ = 0;
export const ACCESS_WRITE = 1;
export const ACCESS_EXEC = 2;
export type Access = typeof ACCESS_READ | typeof ACCESS_WRITE | typeof ACCESS_EXEC;

/** What stopped a translation. */
export const FAULT_NONE = 0;
/** DSI (0x300) or ISI (0x400): no PTE, protection, key. `dsisr`/`srr1` say which. */
export const FAULT_STORAGE = 1;
/** Data segment (0x380) or instruction segment (0x480): no SLB entry (hash), or a radix EA outside the tree. */
export const FAULT_SEGMENT = 2;
/** Machine check (0x200): a table or page beyond guest memory. */
export const FAULT_MACHINE_CHECK = 3;

// DSISR bits (ISA bit numbers 32..63 map to the low word; Book III-S §7.5.3).
export const DSISR_NO_PTE = 1 << 30; //        33: no translation
export const DSISR_PROTECTION = 1 << 27; //    36: PP/EAA forbids the access
export const DSISR_STORE = 1 << 25; //         38: the access was a store
export const DSISR_KEY = 1 << 21; //           42: storage key (AMR) forbids the access
export const DSISR_RADIX_FAULT = 1 << 30; //   33 as well for radix: no valid leaf/entry (see radix64.ts for others)
// SRR1 bits for ISI (Book III-S §7.5.5), low word.
export const SRR1_ISI_NO_PTE = 1 << 30; //     33
export const SRR1_ISI_NOEXEC = 1 << 28; //     35: N, no-execute segment or guarded
export const SRR1_ISI_PROTECTION = 1 << 27; // 36
export const SRR1_ISI_KEY = 1 << 21; //        42: IAMR

export interface TranslateResult {
  /** Real (guest physical) address of the byte translated. */
  ra: number;
  /** Whether the soft TLB may cache this 4 KiB page for reads, writes, instruction fetch. A write
   *  permission is only granted once the change bit is set, so the first store still comes here. */
  read: boolean;
  write: boolean;
  exec: boolean;
  fault: number;
  dsisr: number;
  srr1: number;
}

export function newTranslateResult(): TranslateResult {
  return { ra: 0, read: false, write: false, exec: false, fault: FAULT_NONE, dsisr: 0, srr1: 0 };
}

/** The CPU state an MMU reads. MSR and SPRs are hi/lo int32 halves, SPRs indexed by number. */
export interface MmuCpuState {
  readonly msrHi: number;
  readonly msrLo: number;
  readonly sprHi: Int32Array;
  readonly sprLo: Int32Array;
}

export interface Mmu {
  /** Whether the AMR governs problem-state accesses too (hash storage keys), not only privileged
   *  accesses to user pages (radix: Linux's KUAP). */
  readonly amrInProblemState: boolean;
  /** Translate the effective address (hi, lo) for `access`; false with out.fault set on failure. */
  translate(cpu: MmuCpuState, eaHi: number, eaLo: number, access: Access, out: TranslateResult): boolean;
}
