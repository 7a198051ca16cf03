// Radix tree translation as a POWER9 pseries guest sees it (Power ISA 3.0B Book III §6.7.10,
// "Radix Tree Translation"). spar is the guest's hypervisor, so partition-scoped translation is
// the identity and only the process-scoped walk happens here: EA quadrant 0 translates through
// the process table entry of SPR PID (user), quadrant 3 through entry 0 (kernel), and 1 and 2
// belong to the hypervisor. Tables are big-endian doublewords in guest memory, read as hi/lo
// words; ISA bit numbers (0 = most significant of 64) are in the comments.
//
// Where the ISA leaves a choice to the implementation, this follows POWER9 (and QEMU 7.2's
// pseries model of it): 52-bit trees of 13/9/9/9 or 13/9/9/5 index bits, leaves at the last
// three levels (1 GiB, 2 MiB, 4 KiB or 64 KiB pages), and R and C set by the walk itself.

import type { GuestMemory } from "./guest-memory.ts";
import {
  ACCESS_EXEC,
  ACCESS_WRITE,
  DSISR_PROTECTION,
  DSISR_RADIX_FAULT,
  DSISR_STORE,
  FAULT_MACHINE_CHECK,
  FAULT_NONE,
  FAULT_SEGMENT,
  FAULT_STORAGE,
  SRR1_ISI_NO_PTE,
  SRR1_ISI_NOEXEC,
  type Access,
  type Mmu,
  type MmuCpuState,
  type TranslateResult,
} from "./mmu.ts";
import type { PartitionState } from "./partition.ts";

/** DSISR 44 / SRR1 44 (Book III §7.5.3, §7.5.5): the tables describe a radix tree configuration
 *  the processor does not support (tree size, a level's index bits, or a page size). */
export const DSISR_RADIX_BAD_CONFIG = 1 << 19;
export const SRR1_ISI_RADIX_BAD_CONFIG = 1 << 19;

// Registers read here (numbers from Book III §5.4.4; vmm/mmu does not import the CPU's table).
const SPR_AMR = 29;
const SPR_PID = 48;
const SPR_IAMR = 61;
const MSR_PR = 1 << 14; // 49: problem state

/** The only tree size POWER9 walks: RTS = 21, a 52-bit effective address space. */
const TREE_BITS = 52;
/** EA bits 2:11, which a 52-bit tree leaves untranslated: they must be zero. */
const EA_BEYOND_TREE_HI = 0x3ff00000;
const PROCESS_TABLE_ENTRY_BYTES = 16;

// Fields of process table entries (doubleword 0), PDEs and PTEs.
const ENTRY_VALID = 1 << 31; //           hi: 0
const ENTRY_LEAF = 1 << 30; //            hi: 1
const TABLE_BASE_HI = 0x0fffffff; //      hi: 4..31 of RPDB/NLB (bits 4:55)
const TABLE_BASE_LO = 0xffffff00; //      lo: 32..55
const TABLE_SIZE_MASK = 0x1f; //          lo: 59:63, RPDS/NLS: log2 of the entries in the next table
const RPN_HI = 0x01ffffff; //             hi: 7..31 of RPN (bits 7:51)
const RPN_LO = 0xfffff000; //             lo: 32..51
const PTE_REFERENCE = 0x100; //           55: R
const PTE_CHANGE = 0x80; //               56: C
const PTE_ATT = 0x30; //                  58:59: storage attributes
const ATT_NON_IDEMPOTENT_IO = 0x20; //    caching-inhibited and guarded
const EAA_PRIVILEGED = 0x8; //            60: privileged access only
const EAA_READ = 0x4; //                  61
const EAA_READ_WRITE = 0x2; //            62
const EAA_EXECUTE = 0x1; //               63

const PERM_READ = 1;
const PERM_WRITE = 2;
const PERM_EXEC = 4;
const PERM_FOR_ACCESS = [PERM_READ, PERM_WRITE, PERM_EXEC];

export class RadixMmu implements Mmu {
  readonly amrInProblemState = false;
  /** Big-endian low word of a leaf with R/C set, staged for GuestMemory.write. */
  private readonly rcBytes = new Uint8Array(4);
  private readonly rcView = new DataView(this.rcBytes.buffer);

  constructor(
    private readonly partition: PartitionState,
    private readonly ram: GuestMemory,
  ) {}

  translate(cpu: MmuCpuState, eaHi: number, eaLo: number, access: Access, out: TranslateResult): boolean {
    // Quadrants 1 and 2 are the hypervisor's, and EA bits beyond the tree are outside every
    // address space: both are segment interrupts for a guest (§6.7.10, effective address space).
    const quadrant = eaHi >>> 30;
    if (quadrant === 1 || quadrant === 2 || (eaHi & EA_BEYOND_TREE_HI) !== 0) return fail(out, FAULT_SEGMENT, 0, 0);

    // The process table entry: PID for quadrant 0, 0 for quadrant 3 (§6.7.10, process table).
    const { processTableBase, processTableSize } = this.partition;
    if (processTableSize !== 0 && processTableBase % processTableSize !== 0) return badConfig(out, access);
    const offset = (quadrant === 0 ? cpu.sprLo[SPR_PID] >>> 0 : 0) * PROCESS_TABLE_ENTRY_BYTES;
    if (offset >= processTableSize) return storageFault(out, access, DSISR_RADIX_FAULT, SRR1_ISI_NO_PTE);
    const prteAddr = processTableBase + offset;
    if (prteAddr + 8 > this.ram.size) return fail(out, FAULT_MACHINE_CHECK, 0, 0);
    let entryHi = this.ram.view.getInt32(prteAddr, false);
    let entryLo = this.ram.view.getInt32(prteAddr + 4, false);
    // RTS is split: bits 1:2 and 56:58; the address space is 2^(RTS+31) bytes.
    const rts = (((entryHi >>> 29) & 3) << 3) | ((entryLo >>> 5) & 7);
    if (rts + 31 !== TREE_BITS) return badConfig(out, access);

    // Walk: each table's base and size come from the entry above it (the PRTE for the root).
    let bits = TREE_BITS;
    let entryAddr = 0;
    for (let level = 0; ; level++) {
      const nls = entryLo & TABLE_SIZE_MASK;
      if (!supportedLevel(level, nls)) return badConfig(out, access);
      bits -= nls;
      if ((entryHi & TABLE_BASE_HI) !== 0) return fail(out, FAULT_MACHINE_CHECK, 0, 0);
      // A base not aligned to its table's size loses its low bits, as on POWER9 and in QEMU.
      const tableBase = (entryLo & TABLE_BASE_LO & ~((8 << nls) - 1)) >>> 0;
      entryAddr = tableBase + eaField(eaHi, eaLo, bits, nls) * 8;
      if (entryAddr + 8 > this.ram.size) return fail(out, FAULT_MACHINE_CHECK, 0, 0);
      entryHi = this.ram.view.getInt32(entryAddr, false);
      entryLo = this.ram.view.getInt32(entryAddr + 4, false);
      if ((entryHi & ENTRY_VALID) === 0) return storageFault(out, access, DSISR_RADIX_FAULT, SRR1_ISI_NO_PTE);
      if (entryHi & ENTRY_LEAF) {
        if (level === 0) return badConfig(out, access); // a 512 GiB page: not a POWER9 page size
        break;
      }
    }

    const perms = permissions(cpu, entryLo);
    if ((perms & PERM_FOR_ACCESS[access]) === 0) return storageFault(out, access, DSISR_PROTECTION, SRR1_ISI_NOEXEC);

    // The page (2^bits bytes) supplies the high bits of the real address, the EA the rest.
    const pageMask = (1 << bits) - 1;
    if ((entryHi & RPN_HI) !== 0) return fail(out, FAULT_MACHINE_CHECK, 0, 0);
    const ra = ((entryLo & RPN_LO & ~pageMask) | (eaLo & pageMask)) >>> 0;
    if (ra >= this.ram.size) return fail(out, FAULT_MACHINE_CHECK, 0, 0);

    // Reference and change recording (§6.7.12): POWER9 sets R on any access and C on a store
    // in the leaf itself, so the guest never sees an R/C fault (DSISR 45).
    const recorded = entryLo | PTE_REFERENCE | (access === ACCESS_WRITE ? PTE_CHANGE : 0);
    if (recorded !== entryLo) this.writeLeafLow(entryAddr + 4, recorded);

    out.ra = ra;
    out.read = (perms & PERM_READ) !== 0;
    out.write = (perms & PERM_WRITE) !== 0 && (recorded & PTE_CHANGE) !== 0;
    out.exec = (perms & PERM_EXEC) !== 0;
    out.fault = FAULT_NONE;
    out.dsisr = 0;
    out.srr1 = 0;
    return true;
  }

  /** R and C live in the leaf's low word; GuestMemory.write tells the CPU if it held code. */
  private writeLeafLow(addr: number, lo: number): void {
    this.rcView.setInt32(0, lo, false);
    this.ram.write(addr, this.rcBytes);
  }
}

/** POWER9's supported trees (POWER9 UM §4.10.4.1): 13 bits at the root, then 9, 9, and 9 or 5. */
function supportedLevel(level: number, nls: number): boolean {
  switch (level) {
    case 0:
      return nls === 13;
    case 1:
    case 2:
      return nls === 9;
    case 3:
      return nls === 9 || nls === 5;
    default:
      return false;
  }
}

/** Bits [shift, shift + n) of the 64-bit effective address; n <= 13 and shift >= 12 here. */
function eaField(hi: number, lo: number, shift: number, n: number): number {
  const mask = (1 << n) - 1;
  if (shift >= 32) return (hi >>> (shift - 32)) & mask;
  return ((lo >>> shift) | (hi << (32 - shift))) & mask;
}

/**
 * What the leaf allows this access (§6.7.13, storage protection for radix): its encoded access
 * authority (EAA) grants read (R or RW), write (RW) and execute (X). A privileged page refuses
 * every problem-state access. A privileged access to a non-privileged (user) page is further
 * limited by key 0 of the AMR (bit 0 denies stores, bit 1 loads) and IAMR (bit 1 denies fetch):
 * Linux's KUAP and KUEP. Other keys, and AMR/IAMR in problem state, play no part in radix.
 * Fetch from non-idempotent I/O (guarded) storage is refused like a no-execute page.
 */
function permissions(cpu: MmuCpuState, pteLo: number): number {
  const problem = (cpu.msrLo & MSR_PR) !== 0;
  const privilegedPage = (pteLo & EAA_PRIVILEGED) !== 0;
  if (problem && privilegedPage) return 0;
  let perms =
    (pteLo & (EAA_READ | EAA_READ_WRITE) ? PERM_READ : 0) |
    (pteLo & EAA_READ_WRITE ? PERM_WRITE : 0) |
    (pteLo & EAA_EXECUTE ? PERM_EXEC : 0);
  if (!problem && !privilegedPage) {
    const amr = cpu.sprHi[SPR_AMR] >>> 30;
    const iamr = cpu.sprHi[SPR_IAMR] >>> 30;
    if (amr & 2) perms &= ~PERM_WRITE;
    if (amr & 1) perms &= ~PERM_READ;
    if (iamr & 1) perms &= ~PERM_EXEC;
  }
  if ((pteLo & PTE_ATT) === ATT_NON_IDEMPOTENT_IO) perms &= ~PERM_EXEC;
  return perms;
}

/** A DSI or ISI (§7.5.3, §7.5.5): the DSISR for data (with bit 38 for a store), SRR1 for fetch. */
function storageFault(out: TranslateResult, access: Access, dsisr: number, srr1: number): false {
  if (access === ACCESS_EXEC) return fail(out, FAULT_STORAGE, 0, srr1);
  return fail(out, FAULT_STORAGE, dsisr | (access === ACCESS_WRITE ? DSISR_STORE : 0), 0);
}

function badConfig(out: TranslateResult, access: Access): false {
  return storageFault(out, access, DSISR_RADIX_BAD_CONFIG, SRR1_ISI_RADIX_BAD_CONFIG);
}

function fail(out: TranslateResult, fault: number, dsisr: number, srr1: number): false {
  out.read = out.write = out.exec = false;
  out.fault = fault;
  out.dsisr = dsisr;
  out.srr1 = srr1;
  return false;
}
