// Architected state of one POWER hardware thread, laid out for a fast interpreter: 64-bit
// registers are hi/lo int32 halves in typed arrays (BigInt costs ~100 ns per operation on Bun),
// hot registers are plain fields, and guest RAM and the soft TLB are cached as typed arrays.

import { GuestMemory, PAGE_SHIFT } from "../mmu/guest-memory.ts";
import { PAGE_TAG_MASK, TLB_MASK } from "../mmu/soft-tlb.ts";
import { TlbSet } from "../mmu/tlb-set.ts";
import { ACCESS_EXEC, DSISR_STORE, FAULT_MACHINE_CHECK as MMU_MACHINE_CHECK, FAULT_SEGMENT, newTranslateResult, type Access, type Mmu, type TranslateResult } from "../mmu/mmu.ts";
import { Slb } from "../mmu/slb.ts";
import { FAULT_MACHINE_CHECK, translateReal } from "../mmu/translate.ts";
import { OP_UNDECODED } from "./isa/decode.ts";
import type { CpuModel, IsaLevel } from "./models.ts";
import { MSR_BE, MSR_DR, MSR_EE, MSR_HV, MSR_IR, MSR_LE, MSR_ME, MSR_PMM, MSR_PR, MSR_RI, MSR_SE, MSR_SF } from "./msr.ts";
import { MMCR0_RESET, PerformanceMonitor } from "./pmu.ts";
import { SPR_AMR, SPR_DAR, SPR_DSISR, SPR_FSCR, SPR_HFSCR, SPR_LPCR, SPR_MMCR0, SPR_PIR, SPR_PVR, SPR_SRR0, SPR_SRR1 } from "./sprs.ts";
import { Timebase, type TimebaseMode } from "./timebase.ts";

/** Interrupt vectors (Book III §7.5). */
export const VEC_SYSTEM_RESET = 0x100, VEC_MACHINE_CHECK = 0x200, VEC_DSI = 0x300, VEC_ISI = 0x400, VEC_EXTERNAL = 0x500;
export const VEC_ALIGNMENT = 0x600, VEC_PROGRAM = 0x700, VEC_FP_UNAVAILABLE = 0x800, VEC_DECREMENTER = 0x900;
export const VEC_SYSTEM_CALL = 0xc00, VEC_TRACE = 0xd00, VEC_DATA_SEGMENT = 0x380, VEC_INSTRUCTION_SEGMENT = 0x480;
export const VEC_FACILITY_UNAVAILABLE = 0xf60, VEC_SCV = 0x17000, VEC_PRIVILEGED_DOORBELL = 0xa00, VEC_PERFORMANCE_MONITOR = 0xf00;

/** Counters per interrupt vector: vectors sit 0x20 apart below 0x1000; scv's 0x1_7000 lands in slot 0, which no other vector uses. */
export const INTERRUPT_SLOTS = 0x1000 >>> 5;
export const interruptSlot = (vector: number) => (vector & 0xfff) >>> 5;
export const VEC_VMX_UNAVAILABLE = 0xf20, VEC_VSX_UNAVAILABLE = 0xf40;

/** LPCR fields (Book III §2.2), in the low word: AIL at bits 39:40, ILE at bit 38, LD at bit 46. */
export const LPCR_AIL_SHIFT = 23, LPCR_ILE = 1 << 25, LPCR_LD = 1 << 17;
/** Width of the large decrementer on POWER9 (ibm,dec-bits). */
export const LARGE_DEC_BITS = 56;

/** FSCR enable bits (low word) and the matching FSCR[IC] cause codes (Book III §4.3.2). */
export const FSCR_TAR = 1 << 8, FSCR_SCV = 1 << 12, FSCR_DSCR = 1 << 2, FSCR_EBB = 1 << 7;
export const FSCR_IC_TAR = 8, FSCR_IC_SCV = 12, FSCR_IC_DSCR = 2, FSCR_IC_EBB = 7;
/** FSCR[IC] for a problem-state Performance Monitor register access MMCR0[PMCC] forbids (no FSCR enable bit governs it). */
export const FSCR_IC_PMU = 3;

/** HFSCR[MSGP] (ISA bit 53: msgsndp, msgclrp, mfspr DPDES) and its HFSCR[IC] cause code (Book III, Hypervisor Facility Status and Control Register). */
export const HFSCR_MSGP = 1 << 10, HFSCR_IC_MSGP = 10;

/** SRR1 bits for program interrupts (ISA bits 43..47), in the low word. */
export const SRR1_FP_ENABLED = 1 << 20, SRR1_ILLEGAL = 1 << 19, SRR1_PRIVILEGED = 1 << 18, SRR1_TRAP = 1 << 17;

/** Access kinds for the slow path. */
export const ACCESS_READ = 0, ACCESS_WRITE = 1;
/** translateData's answer for an access that spans two pages mapped apart: do it byte by byte. */
export const SPLIT_ACCESS = -2;

/** Privileged soft TLBs kept for recent AMR values (Linux's KUAP: locked, read-only, write-only, open). */
const PRIVILEGED_TLBS = 4;
/** Problem-state soft TLBs kept for recent radix PIDs (a shell pipeline's processes, and more). */
const PROBLEM_TLBS = 6;
/** The last EA high word outside radix quadrant 3 (EA bits 0:1 below 0b11): what a PID retargets. */
const LAST_HI_BELOW_QUADRANT_3 = 0xbfffffff | 0;

/** The hypervisor side of `sc 1`: implemented by the machine, never by the CPU. */
export type HypercallHandler = (cpu: Cpu) => void;

/** One-time log of unimplemented things by name, as the project requires. */
export type UnimplementedLog = (what: string) => void;

export class Cpu {
  // ---- Fixed-point registers
  readonly gprHi = new Int32Array(32);
  readonly gprLo = new Int32Array(32);
  /** Next instruction address. The interpreter advances it before running each instruction. */
  pcHi = 0;
  pcLo = 0;
  cr = 0;
  // XER, one field per bit (SO, OV, CA, OV32, CA32) and the byte count of lswx/stswx.
  so = 0;
  ov = 0;
  ca = 0;
  ov32 = 0;
  ca32 = 0;
  xerCount = 0;
  lrHi = 0;
  lrLo = 0;
  ctrHi = 0;
  ctrLo = 0;
  tarHi = 0;
  tarLo = 0;

  // ---- Vector-scalar registers (Book I §7.2): 64 VSRs of 16 bytes. FPR i is doubleword 0 of
  // VSR i and VR i is VSR 32+i. Each doubleword is kept in host (little-endian) byte order, so
  // FPR i is vsrF64[2i] and the views below index by XOR: big-endian word j of VSR i is
  // vsrI32[4i + (j ^ 1)], halfword h is vsrU16[8i + (h ^ 3)], byte k is vsrU8[16i + (k ^ 7)].
  readonly vsrF64 = new Float64Array(128);
  readonly vsrF32 = new Float32Array(this.vsrF64.buffer);
  readonly vsrI32 = new Int32Array(this.vsrF64.buffer);
  readonly vsrU16 = new Uint16Array(this.vsrF64.buffer);
  readonly vsrU8 = new Uint8Array(this.vsrF64.buffer);
  /** FPSCR bits 32:63 (the classic register) and 0:31 (DRN, ISA 2.05). */
  fpscr = 0;
  fpscrHi = 0;
  /** VSCR: NJ (bit 15 of the low word) and SAT (bit 0). */
  vscr = 0;

  // ---- Machine state, with the bits the hot path tests cached as 0/1 numbers.
  msrHi = 0;
  msrLo = 0;
  /** MSR[SF]: 64-bit mode. */
  mode64 = 1;
  /** MSR[LE] at the last MSR change (data and instruction byte order). */
  le = 0;
  /** MSR[PR]: problem state. */
  problem = 0;
  /** MSR[HV]: hypervisor state (never set for a pseries guest, which runs under spar). */
  hyper = 0;
  readonly sprHi = new Int32Array(1024);
  readonly sprLo = new Int32Array(1024);
  readonly timebase: Timebase;
  /** Timebase value at which DEC goes negative; armed until that is seen, pending until taken. */
  decExpiry = 0;
  decArmed = false;
  decPending = false;
  /** PMC1-6 and their alert (pmu.ts); the MMCRs live in sprHi/sprLo. */
  readonly pmu = new PerformanceMonitor(this);

  // ---- Reservation (lwarx and friends); address -1 means none.
  resvAddr = -1;
  resvSize = 0;

  // ---- Memory: RAM views and the soft TLB arrays, cached here for the hot path.
  readonly mem: GuestMemory;
  readonly ram8: Uint8Array;
  readonly ram16: Uint16Array;
  readonly ram32: Int32Array;
  readonly ramView: DataView;
  /** Soft TLBs for each privilege: what a translation permits depends on MSR[PR] (PP and Ks/Kp,
   *  radix EAA), so a system call and its return switch TLBs instead of flushing, as QEMU keeps
   *  an MMU index per privilege. Privileged state has one per recent AMR value, which Linux's
   *  KUAP changes around every user access; problem state one per recent PID, as the hardware
   *  tags its TLB entries with the PID. Everything else that changes translation flushes all. */
  private readonly privilegedTlbs = new TlbSet(PRIVILEGED_TLBS);
  private readonly problemTlbs = new TlbSet(PROBLEM_TLBS);
  /** The current privilege's TLB and its arrays, which the hot path reads. */
  tlb = this.privilegedTlbs.current;
  tlbReadHi = this.tlb.readHi;
  tlbReadLo = this.tlb.readLo;
  tlbWriteHi = this.tlb.writeHi;
  tlbWriteLo = this.tlb.writeLo;
  tlbReadPage = this.tlb.readPage;
  tlbWritePage = this.tlb.writePage;
  /** Set by a memory access that raised an interrupt; the handler clears it and stops. */
  fault = false;
  /** Scratch for 64-bit loads: the high half of the last doubleword read. */
  loadHi = 0;
  /** Effective address computed by the exec/memory.ts helpers. */
  eaHi = 0;
  eaLo = 0;

  // ---- Decoded instructions, by physical page: pairs of [op id, instruction word]. The set in
  // use decodes at `isa`: the model's level, or in problem state under a PCR compat mode the
  // lowered level, which has a set of its own so that privilege changes need no re-decoding.
  decodePages: (Int32Array | undefined)[];
  private readonly modelDecodePages: (Int32Array | undefined)[];
  private compatDecodePages: (Int32Array | undefined)[];
  /** Fetch-side cache: effective page tag, its decoded page, and its real address. */
  fetchTagHi = 0;
  fetchTagLo = 1;
  fetchPage: Int32Array = new Int32Array(2048);
  fetchPagePa = 0;
  /** ISA level instructions decode at now: the model's, or compatIsa in problem state. */
  isa: IsaLevel;
  /** The level the PCR compat bits leave problem state (Book III, Processor Compatibility Register: it governs problem state only). */
  compatIsa: IsaLevel;

  // ---- Run control
  /** Instructions executed in the current slice, and where the slice ends (set to 0 to stop early). */
  n = 0;
  sliceEnd = 0;
  /** Instructions executed before the current slice. */
  retired = 0;
  /** Interrupts delivered so far (trace stepping and statistics), in all and by vector (interruptSlot). */
  interrupts = 0;
  readonly interruptsByVector = new Float64Array(INTERRUPT_SLOTS);
  /** Set when the CPU stops for good (power-off, fatal error) or waits (H_CEDE). */
  halted = false;

  /** This thread's segment lookaside buffer (hash translation). */
  readonly slb = new Slb();
  /** The partition's MMU for relocated accesses (hash or radix), set by the machine; real mode without it. */
  mmu: Mmu | undefined;
  private readonly xlate: TranslateResult = newTranslateResult();

  hypercall: HypercallHandler = (c) => c.setGpr(3, -2); // H_FUNCTION until a machine installs its table
  logUnimplemented: UnimplementedLog = () => {};
  /** Tracing hooks for -d in_asm and -d int; unset (and never called) unless asked for. */
  onDecode: ((hi: number, lo: number, insn: number) => void) | undefined;
  onInterrupt: ((vector: number) => void) | undefined;

  constructor(
    readonly model: CpuModel,
    memory: GuestMemory,
    opts: { timebase?: TimebaseMode; pir?: number } = {},
  ) {
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error("spar needs a little-endian host (the VSR views assume it)");
    this.mem = memory;
    this.ram8 = memory.u8;
    this.ram16 = memory.u16;
    this.ram32 = memory.i32;
    this.ramView = memory.view;
    this.decodePages = this.modelDecodePages = this.compatDecodePages = new Array(memory.size >>> PAGE_SHIFT);
    memory.codeWriteListeners.push((addr, length) => this.invalidateCode(addr, length));
    this.isa = this.compatIsa = model.isa;
    this.timebase = new Timebase(opts.timebase ?? "deterministic");
    this.sprLo[SPR_PVR] = model.pvr;
    this.sprLo[SPR_PIR] = opts.pir ?? 0;
    // spar, the hypervisor, lets its partitions send privileged doorbells, as PowerVM does.
    this.sprLo[SPR_HFSCR] = HFSCR_MSGP;
    this.sprLo[SPR_MMCR0] = MMCR0_RESET;
    this.setMsr(MSR_SF, MSR_ME);
  }

  // ---- Register helpers for the slow paths, loaders and tests (never the hot path).

  setGpr(n: number, value: number | bigint): void {
    const v = BigInt.asUintN(64, BigInt(value));
    this.gprHi[n] = Number(v >> 32n) | 0;
    this.gprLo[n] = Number(v & 0xffffffffn) | 0;
  }

  gpr(n: number): bigint {
    return (BigInt(this.gprHi[n] >>> 0) << 32n) | BigInt(this.gprLo[n] >>> 0);
  }

  get pc(): bigint {
    return (BigInt(this.pcHi >>> 0) << 32n) | BigInt(this.pcLo >>> 0);
  }

  set pc(v: bigint) {
    this.pcHi = Number(BigInt.asUintN(64, v) >> 32n) | 0;
    this.pcLo = Number(BigInt.asUintN(32, v)) | 0;
  }

  get xer(): number {
    return (this.so << 31) | (this.ov << 30) | (this.ca << 29) | (this.ov32 << 19) | (this.ca32 << 18) | this.xerCount;
  }

  set xer(v: number) {
    this.so = (v >>> 31) & 1;
    this.ov = (v >>> 30) & 1;
    this.ca = (v >>> 29) & 1;
    this.ov32 = (v >>> 19) & 1;
    this.ca32 = (v >>> 18) & 1;
    this.xerCount = v & 0x7f;
  }

  /** Instructions retired so far, the basis of the deterministic timebase. */
  get instructions(): number {
    return this.retired + this.n;
  }

  // ---- MSR

  /** Every MSR change goes through here, so cached mode bits and translation stay in step. */
  setMsr(hi: number, lo: number): void {
    const old = this.msrLo;
    const oldHi = this.msrHi;
    if (lo & ~old & MSR_EE && this.interruptWaiting()) this.endSlice(); // a waiting interrupt can now be taken
    if (lo & (MSR_SE | MSR_BE)) this.endSlice(); // trace interrupts run through runWithTrace
    this.msrHi = hi | 0;
    this.msrLo = lo | 0;
    this.mode64 = (hi & MSR_SF) !== 0 ? 1 : 0;
    this.problem = (lo & MSR_PR) !== 0 ? 1 : 0;
    this.hyper = (hi & MSR_HV) !== 0 ? 1 : 0;
    const le = lo & MSR_LE;
    if (le !== (old & MSR_LE)) {
      this.le = le;
      this.flushDecodeCache(); // the same bytes decode differently
    }
    if ((lo ^ old) & MSR_PR) {
      this.selectIsa();
      this.selectTlb();
    }
    if (this.pmu.msrSensitive && ((lo ^ old) & (MSR_PR | MSR_PMM) || (hi ^ oldHi) & MSR_HV)) this.pmu.stateChanged();
    if ((lo ^ old) & (MSR_IR | MSR_DR) || (hi ^ oldHi) & MSR_HV) this.flushTranslation();
    else if ((lo ^ old) & MSR_PR) this.dropFetchPage(); // instruction fetch now goes through the other TLB
  }

  /** Forget every cached translation (MSR relocation changes, and MMU events in issue 3). */
  flushTranslation(): void {
    this.privilegedTlbs.flush();
    this.problemTlbs.flush();
    this.dropFetchPage();
  }

  /**
   * Forget the cached translations of effective addresses whose high word lies in [fromHi,
   * toHi] (unsigned), in every TLB: an SLB entry's 1 TiB region. The rest stay, so a context
   * switch keeps the kernel's translations.
   */
  forgetTranslations(fromHi: number, toHi: number): void {
    this.privilegedTlbs.forgetRange(fromHi, toHi);
    this.problemTlbs.forgetRange(fromHi, toHi);
    this.dropFetchPage();
  }

  /**
   * SPR PID changed: radix quadrant 0 translates through another process table entry. The
   * kernel's translations of quadrants 0 to 2 go; problem state switches to the new PID's TLB,
   * reusing the least recently run one when the PID has none.
   */
  pidChanged(oldPid: number, pid: number): void {
    this.privilegedTlbs.forgetRange(0, LAST_HI_BELOW_QUADRANT_3);
    this.problemTlbs.select(0, oldPid, 0, pid);
    this.selectTlb();
    this.dropFetchPage();
  }

  /**
   * The AMR changed. It limits privileged access to user pages (radix: Linux's KUAP), so
   * privileged state switches to the TLB of the new value; under hash, whose storage keys
   * govern problem state too, problem state's translations go.
   */
  amrChanged(oldHi: number, oldLo: number): void {
    this.privilegedTlbs.select(oldHi, oldLo, this.sprHi[SPR_AMR], this.sprLo[SPR_AMR]);
    if (this.mmu?.amrInProblemState !== false) this.problemTlbs.flush();
    this.selectTlb();
    this.dropFetchPage();
  }

  /** Soft-TLB fills so far, both privileges (the dashboard's soft-TLB misses). */
  get tlbMisses(): number {
    return this.privilegedTlbs.misses + this.problemTlbs.misses;
  }

  /** Point the hot path's TLB arrays at the current privilege's TLB. */
  private selectTlb(): void {
    const tlb = (this.tlb = this.problem ? this.problemTlbs.current : this.privilegedTlbs.current);
    this.tlbReadHi = tlb.readHi;
    this.tlbReadLo = tlb.readLo;
    this.tlbWriteHi = tlb.writeHi;
    this.tlbWriteLo = tlb.writeLo;
    this.tlbReadPage = tlb.readPage;
    this.tlbWritePage = tlb.writePage;
  }

  /** Make the next fetch translate its page again. */
  private dropFetchPage(): void {
    this.fetchTagLo = 1;
    this.endSlice(); // the interpreter's straight-line loop holds the current page
  }

  /** Lower or restore the ISA level of problem state (a PCR compat mode); its decoded instructions start afresh. */
  setCompatLevel(isa: IsaLevel): void {
    if (isa === this.compatIsa) return;
    this.compatIsa = isa;
    this.compatDecodePages = isa === this.model.isa ? this.modelDecodePages : new Array(this.modelDecodePages.length);
    this.selectIsa();
    this.dropFetchPage();
  }

  /** The ISA level and decoded-page set of the current privilege (callers drop the fetch page). */
  private selectIsa(): void {
    this.isa = this.problem ? this.compatIsa : this.model.isa;
    this.decodePages = this.problem ? this.compatDecodePages : this.modelDecodePages;
  }

  flushDecodeCache(): void {
    this.modelDecodePages.fill(undefined);
    this.compatDecodePages.fill(undefined);
    this.mem.codePages.fill(0);
    this.dropFetchPage();
  }

  // ---- Interrupts (Book III §7)

  /**
   * Deliver an interrupt: SRR0 gets `srr0` (the faulting or the next instruction, by type),
   * SRR1 the MSR with bits 33:36 and 42:47 replaced by `srr1Bits`, and the new MSR is
   * 64-bit, privileged, relocation off, with HV and ME kept and LE taken from LPCR[ILE].
   * LPCR[AIL] (set through H_SET_MODE) relocates interrupts taken with translation on:
   * AIL=3 to 0xc000_0000_0000_4000 + vector, AIL=2 to 0x1_8000 + vector, with IR and DR left
   * on (Book III §7.5, never for machine check or system reset).
   */
  interrupt(vector: number, srr0Hi: number, srr0Lo: number, srr1Bits: number): void {
    this.onInterrupt?.(vector);
    this.sprHi[SPR_SRR0] = srr0Hi;
    this.sprLo[SPR_SRR0] = srr0Lo;
    this.sprHi[SPR_SRR1] = this.msrHi;
    this.sprLo[SPR_SRR1] = (this.msrLo & ~0x783f0000) | (srr1Bits & 0x783f0000);
    this.deliver(vector);
  }

  /** Enter the interrupt vector: new MSR, AIL relocation, no reservation. */
  private deliver(vector: number): void {
    this.interrupts++;
    this.interruptsByVector[interruptSlot(vector)]++;
    this.halted = false; // an interrupt wakes a ceded thread: it now runs the handler
    const lpcr = this.sprLo[SPR_LPCR];
    const ail = (lpcr >>> LPCR_AIL_SHIFT) & 3;
    const relocate = ail >= 2 && (this.msrLo & (MSR_IR | MSR_DR)) === (MSR_IR | MSR_DR) && vector > 0x200;
    const ile = lpcr & LPCR_ILE ? MSR_LE : 0;
    this.setMsr(MSR_SF | (this.msrHi & MSR_HV), (this.msrLo & MSR_ME) | ile | (relocate ? MSR_IR | MSR_DR : 0));
    if (relocate && ail === 3) {
      this.pcHi = 0xc0000000 | 0;
      this.pcLo = 0x4000 + vector;
    } else {
      this.pcHi = 0;
      this.pcLo = relocate ? 0x18000 + vector : vector;
    }
    this.resvAddr = -1;
  }

  /** LPCR[ILE] as a flag, for tests and the machine (the hypervisor owns LPCR). */
  get interruptLittleEndian(): boolean {
    return (this.sprLo[SPR_LPCR] & LPCR_ILE) !== 0;
  }

  set interruptLittleEndian(on: boolean) {
    this.sprLo[SPR_LPCR] = on ? this.sprLo[SPR_LPCR] | LPCR_ILE : this.sprLo[SPR_LPCR] & ~LPCR_ILE;
  }

  /** Address of the instruction being executed (the interpreter has already advanced pc). */
  ciaLo(): number {
    return (this.pcLo - 4) | 0;
  }

  ciaHi(): number {
    return this.pcLo === 0 && this.mode64 ? (this.pcHi - 1) | 0 : this.pcHi;
  }

  /**
   * Facility unavailable (Book III §7.5.20): a problem-state use of a facility FSCR does not
   * enable. FSCR[IC] (bits 0:7) records which one; SRR0 is the instruction.
   */
  facilityUnavailable(cause: number): void {
    this.sprHi[SPR_FSCR] = (this.sprHi[SPR_FSCR] & 0x00ffffff) | (cause << 24);
    this.interrupt(VEC_FACILITY_UNAVAILABLE, this.ciaHi(), this.ciaLo(), 0);
  }

  /** Whether problem state may use the facility with this FSCR enable bit (privileged state always may). */
  facilityEnabled(fscrBit: number): boolean {
    return !this.problem || (this.sprLo[SPR_FSCR] & fscrBit) !== 0;
  }

  /**
   * Hypervisor facility unavailable (Book III §7.5, vector 0xf80): privileged non-hypervisor use of a
   * facility HFSCR does not enable; HFSCR[IC] records which. That interrupt goes to the
   * hypervisor, which is spar: like KVM-HV for a facility it does not emulate, it reflects an
   * illegal-instruction program interrupt to the guest.
   */
  hypervisorFacilityUnavailable(cause: number): void {
    this.sprHi[SPR_HFSCR] = (this.sprHi[SPR_HFSCR] & 0x00ffffff) | (cause << 24);
    this.programInterrupt(SRR1_ILLEGAL);
  }

  /** Whether the guest may use the facility with this HFSCR enable bit (hypervisor state always may). */
  hypervisorFacilityEnabled(hfscrBit: number): boolean {
    return this.hyper === 1 || (this.sprLo[SPR_HFSCR] & hfscrBit) !== 0;
  }

  /**
   * System call vectored (scv, ISA 3.0 Book III §7.5.19): LR = the next instruction, CTR = the
   * MSR, SRR0/SRR1 untouched, and MSR[EE] and MSR[RI] kept (Linux treats its scv vectors as
   * soft-masked for that reason). The vector is 0x1_7000 + 32 x LEV; with LPCR[AIL]=3 it is
   * 0xc000_0000_0000_3000 + 32 x LEV, and AIL=2 turns translation on without moving it.
   */
  systemCallVectored(lev: number): void {
    this.onInterrupt?.(VEC_SCV + 32 * lev);
    const kept = this.msrLo & (MSR_EE | MSR_RI);
    this.lrHi = this.pcHi;
    this.lrLo = this.pcLo;
    this.ctrHi = this.msrHi;
    this.ctrLo = this.msrLo;
    this.deliver(VEC_SCV);
    this.setMsr(this.msrHi, this.msrLo | kept);
    this.pcLo = (this.pcHi === (0xc0000000 | 0) ? 0x3000 : VEC_SCV) + 32 * lev;
  }

  /** Program interrupt for the current instruction (illegal, privileged, trap). */
  programInterrupt(srr1Bits: number): void {
    this.interrupt(VEC_PROGRAM, this.ciaHi(), this.ciaLo(), srr1Bits);
  }

  /**
   * FP, VMX or VSX unavailable (Book III §7.5.9-7.5.11): the instruction needs an MSR facility bit
   * that is off. The OS enables it and reruns the instruction, so SRR0 is the instruction.
   */
  facilityOff(vector: number): void {
    this.interrupt(vector, this.ciaHi(), this.ciaLo(), 0);
  }

  /** A word that decodes to no implemented instruction: illegal-instruction program interrupt, logged once per opcode. */
  illegalInstruction(insn: number): void {
    const primary = insn >>> 26, extended = (insn >>> 1) & 0x3ff;
    this.logUnimplemented(`instruction opcode ${primary}/${extended} (0x${(insn >>> 0).toString(16).padStart(8, "0")})`);
    this.programInterrupt(SRR1_ILLEGAL);
  }

  // ---- Decrementer (Book III §9.4): an exception when DEC goes negative, taken when MSR[EE]=1.

  /**
   * Write DEC from a register (hi, lo). Without LPCR[LD] DEC is 32 bits; with it (the large
   * decrementer) 56 bits, sign-extended from its top bit (Book III §9.4).
   */
  writeDecrementer(lo: number, hi = 0): void {
    let value: number;
    if (this.sprLo[SPR_LPCR] & LPCR_LD) {
      const top = (hi << 8) >> 8; // sign-extend bits 8:63 of the register
      value = top * 4294967296 + (lo >>> 0);
    } else value = lo | 0;
    this.decExpiry = this.timebase.read(this.instructions) + value;
    this.decArmed = true;
    this.decPending = false;
    this.endSlice(); // the slice was sized for the old expiry
  }

  /** The current DEC value, as the register reads: 32 or, with LPCR[LD], 56 bits, sign-extended. */
  readDecrementer(): number {
    const remaining = this.decExpiry - this.timebase.read(this.instructions);
    if (this.sprLo[SPR_LPCR] & LPCR_LD) return remaining;
    return remaining | 0;
  }

  /** Instructions until DEC goes negative (a large number when it is not armed). */
  instructionsUntilDecrementer(): number {
    return this.decArmed ? this.timebase.instructionsUntil(this.instructions, this.decExpiry) : 0x7fffffff;
  }

  /** Instructions the machine may run before an exception becomes due: DEC going negative or a Performance Monitor alert. */
  instructionsUntilEvent(): number {
    return Math.min(this.instructionsUntilDecrementer(), this.pmu.instructionsUntilAlert());
  }

  // ---- External interrupts: the interrupt controller (XICS) drives this line.

  /** Whether the interrupt controller presents an interrupt to this thread. */
  externalPending = false;

  setExternalInterrupt(pending: boolean): void {
    this.externalPending = pending;
    if (pending) this.endSlice();
  }

  // ---- Directed privileged doorbell (Book III §7.5, vector 0xa00; Processor Control, ch. 11): msgsndp sets this thread's DPDES bit.

  /** This thread's DPDES bit: a privileged doorbell waits to be taken (it is cleared when taken or by msgclrp). */
  doorbellPending = false;

  /** Raise or withdraw the doorbell exception; a raised one is taken at the end of this instruction when MSR[EE] allows. */
  setDoorbell(pending: boolean): void {
    this.doorbellPending = pending;
    if (pending) this.endSlice();
  }

  /** Whether an asynchronous exception waits for MSR[EE] (or wakes a ceded thread). */
  interruptWaiting(): boolean {
    return this.externalPending || this.decPending || this.doorbellPending || this.pmu.exceptionPending();
  }

  /**
   * Take pending asynchronous interrupts that MSR[EE] allows, by Book III §7.8's priorities:
   * external, then decrementer, then directed privileged doorbell, then Performance Monitor.
   * SRR0 is the next instruction. Returns whether one was taken.
   */
  takeAsyncInterrupts(): boolean {
    this.pmu.checkAlert();
    if (!(this.msrLo & MSR_EE)) {
      this.checkDecrementer();
      return false;
    }
    if (this.externalPending) {
      this.interrupt(VEC_EXTERNAL, this.pcHi, this.pcLo, 0);
      return true;
    }
    const before = this.interrupts;
    this.checkDecrementer();
    if (this.interrupts !== before) return true;
    if (this.doorbellPending) {
      this.doorbellPending = false;
      this.interrupt(VEC_PRIVILEGED_DOORBELL, this.pcHi, this.pcLo, 0);
      return true;
    }
    if (!this.pmu.exceptionPending()) return false;
    this.pmu.taken();
    this.interrupt(VEC_PERFORMANCE_MONITOR, this.pcHi, this.pcLo, 0);
    return true;
  }

  /** Latch a decrementer exception once DEC has gone negative, and deliver it if enabled. */
  checkDecrementer(): void {
    if (this.decArmed && this.timebase.read(this.instructions) >= this.decExpiry) {
      this.decArmed = false;
      this.decPending = true;
    }
    if (this.decPending && this.msrLo & MSR_EE) {
      this.decPending = false;
      this.interrupt(VEC_DECREMENTER, this.pcHi, this.pcLo, 0);
    }
  }

  /** Stop the current slice after this instruction (pending interrupts, timers, halts). */
  endSlice(): void {
    this.sliceEnd = this.n;
  }

  /** Data storage interrupt for the current instruction. */
  dataInterrupt(vector: number, eaHi: number, eaLo: number, dsisr: number): void {
    this.sprHi[SPR_DAR] = eaHi;
    this.sprLo[SPR_DAR] = eaLo;
    this.sprLo[SPR_DSISR] = dsisr;
    this.interrupt(vector, this.ciaHi(), this.ciaLo(), 0);
    this.fault = true;
  }

  // ---- Memory slow paths (the fast paths are inlined in exec/memory.ts)

  /**
   * Translate an effective address for a data access of `size` bytes: the real address, or -1
   * after raising the interrupt, or SPLIT_ACCESS when the access spans two pages that are not
   * contiguous in real memory (both pages are checked first, so a store never half-happens).
   * Fills the soft TLB with what the translation permits when the access sits in one page.
   */
  translateData(hi: number, lo: number, size: number, access: number): number {
    if (!this.mode64) hi = 0;
    const crosses = (lo & 0xfff) + size > 0x1000;
    if (!crosses) {
      // A misaligned access misses the fast path by design (its tag keeps the low address bits),
      // but its page may well be cached (Linux on POWER8 stores misaligned doublewords to one
      // kernel page some 600 k times in a pipeline of 20,000 lines).
      const i = (lo >>> PAGE_SHIFT) & TLB_MASK, tag = lo & PAGE_TAG_MASK;
      if (access === ACCESS_WRITE) {
        if (this.tlbWriteLo[i] === tag && this.tlbWriteHi[i] === hi) return this.tlbWritePage[i] | (lo & 0xfff);
      } else if (this.tlbReadLo[i] === tag && this.tlbReadHi[i] === hi) return this.tlbReadPage[i] | (lo & 0xfff);
    }
    let ra: number, mayRead = true, mayWrite = true;
    if (this.msrLo & MSR_DR && this.mmu !== undefined) {
      const r = this.xlate;
      if (!this.mmu.translate(this, hi, lo, access as Access, r)) return this.dataFault(hi, lo, access, r);
      ra = r.ra;
      mayRead = r.read;
      mayWrite = r.write;
      if (crosses) {
        // The second page, addressed by its first byte (which DAR reports if it faults, as QEMU does).
        const nextLo = ((lo | 0xfff) + 1) | 0, nextHi = nextLo === 0 ? (hi + 1) & -this.mode64 : hi;
        if (!this.mmu.translate(this, nextHi, nextLo, access as Access, r)) return this.dataFault(nextHi, nextLo, access, r);
        if (r.ra !== ra + (0x1000 - (lo & 0xfff))) return SPLIT_ACCESS;
      }
    } else {
      ra = translateReal(hi, lo, this.mem.size);
      if (ra === FAULT_MACHINE_CHECK || ra + size > this.mem.size) {
        this.machineCheck();
        return -1;
      }
    }
    const pagePa = ra & ~0xfff;
    if (!crosses) {
      if (access === ACCESS_WRITE) {
        if (this.mem.codePages[ra >>> PAGE_SHIFT]) this.invalidateCode(ra, size);
        else if (mayWrite) this.tlb.fillWrite(hi, lo, pagePa);
      } else if (mayRead) this.tlb.fillRead(hi, lo, pagePa);
    } else if (access === ACCESS_WRITE) {
      // A store crossing pages: invalidate decoded code on both sides.
      if (this.mem.codePages[ra >>> PAGE_SHIFT] || this.mem.codePages[(ra + size - 1) >>> PAGE_SHIFT]) this.invalidateCode(ra, size);
    }
    return ra;
  }

  /** A failed data translation: DSI, data segment or machine check, with DAR and DSISR. */
  private dataFault(hi: number, lo: number, access: number, r: TranslateResult): number {
    if (r.fault === MMU_MACHINE_CHECK) this.machineCheck();
    else if (r.fault === FAULT_SEGMENT) this.dataInterrupt(VEC_DATA_SEGMENT, hi, lo, this.sprLo[SPR_DSISR]);
    else this.dataInterrupt(VEC_DSI, hi, lo, r.dsisr | (access === ACCESS_WRITE ? DSISR_STORE : 0));
    return -1;
  }

  /** Real address of the instruction page holding the effective address, or -1 after an interrupt. */
  translateFetch(hi: number, lo: number): number {
    if (!this.mode64) hi = 0;
    if (this.msrLo & MSR_IR && this.mmu !== undefined) {
      const r = this.xlate;
      if (this.mmu.translate(this, hi, lo, ACCESS_EXEC, r)) return r.ra & ~0xfff;
      // Instruction faults report the address being fetched in SRR0, and their cause in SRR1.
      if (r.fault === MMU_MACHINE_CHECK) this.interrupt(VEC_MACHINE_CHECK, hi, lo, 0);
      else this.interrupt(r.fault === FAULT_SEGMENT ? VEC_INSTRUCTION_SEGMENT : VEC_ISI, hi, lo, r.srr1);
      return -1;
    }
    const ra = translateReal(hi, lo, this.mem.size);
    if (ra === FAULT_MACHINE_CHECK) {
      this.interrupt(VEC_MACHINE_CHECK, hi, lo, 0);
      return -1;
    }
    return ra & ~0xfff;
  }

  /** A store hit a page holding decoded instructions: forget just the words it overwrote. */
  invalidateCode(ra: number, size: number): void {
    for (let a = ra & ~3; a < ra + size; a += 4) {
      const page = this.modelDecodePages[a >>> PAGE_SHIFT];
      if (page !== undefined) page[(a & 0xffc) >> 1] = OP_UNDECODED;
      const compatPage = this.compatDecodePages[a >>> PAGE_SHIFT];
      if (compatPage !== undefined) compatPage[(a & 0xffc) >> 1] = OP_UNDECODED;
    }
  }

  /** Decoded-instruction page for a real page address, creating it (and marking the page as code). */
  decodePage(pagePa: number): Int32Array {
    const ppn = pagePa >>> PAGE_SHIFT;
    let page = this.decodePages[ppn];
    if (page === undefined) {
      page = this.decodePages[ppn] = new Int32Array(2048);
      this.mem.codePages[ppn] = 1;
      this.privilegedTlbs.dropWritesTo(pagePa);
      this.problemTlbs.dropWritesTo(pagePa);
    }
    return page;
  }

  /** A system reset (the platform's non-maskable interrupt), taken at the next instruction. */
  systemReset(): void {
    this.interrupt(VEC_SYSTEM_RESET, this.pcHi, this.pcLo, 0);
  }

  /** Access beyond guest RAM: a machine check, as PAPR defines for a logical partition. */
  machineCheck(): void {
    this.interrupt(VEC_MACHINE_CHECK, this.ciaHi(), this.ciaLo(), 0);
    this.fault = true;
  }
}
