// A minimal Linux user-mode harness for spar's CPU: it loads a static ppc64le ELF executable,
// builds the initial stack as Linux's exec does, and runs the CPU in problem state (64-bit,
// little-endian, FP/VMX/VSX available, translation on through the process's AddressSpace). A
// `sc` reaches the harness as the 0xc00 interrupt: the system call runs in TypeScript and the
// process resumes at SRR0 with the MSR from SRR1, as Linux's return does. Any other interrupt
// ends the run with a report: the illegal instruction and its disassembly, the faulting address
// of a SIGSEGV. Test code: it may use vmm/cpu, vmm/mmu and the ELF loader, and nothing in the product uses it.

import { runSlice } from "../../vmm/cpu/interp.ts";
import { findCpuModel } from "../../vmm/cpu/models.ts";
import { MSR_DR, MSR_FP, MSR_IR, MSR_LE, MSR_ME, MSR_PR, MSR_RI, MSR_SF, MSR_VEC, MSR_VSX } from "../../vmm/cpu/msr.ts";
import { SPR_DAR, SPR_DSISR, SPR_FSCR, SPR_SRR0, SPR_SRR1 } from "../../vmm/cpu/sprs.ts";
import {
  Cpu, FSCR_DSCR, FSCR_TAR, SRR1_FP_ENABLED, SRR1_ILLEGAL, SRR1_PRIVILEGED, SRR1_TRAP,
  VEC_ALIGNMENT, VEC_DSI, VEC_FACILITY_UNAVAILABLE, VEC_ISI, VEC_PROGRAM, VEC_SYSTEM_CALL,
} from "../../vmm/cpu/state.ts";
import { PF_R, PF_W, PF_X } from "../../vmm/machine/loader/index.ts";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { DSISR_STORE } from "../../vmm/mmu/mmu.ts";
import { AddressSpace, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE, pageCeil, pageFloor } from "./address-space.ts";
import { describeInstruction } from "./describe-insn.ts";
import { parseExecutable, phdrAddress, type ElfImage } from "./elf.ts";
import { Files, type Description } from "./files.ts";
import { Process, STACK_SIZE, STACK_TOP } from "./process.ts";
import * as at from "./stack.ts";
import { systemCall } from "./syscalls.ts";

export interface LinuxUserOptions {
  /** The static ELF64 little-endian executable. */
  executable: Uint8Array;
  argv: string[];
  env?: string[];
  stdin?: Uint8Array;
  /** Host directory that is the guest's root directory. */
  sandbox: string;
  /** Guest working directory (default "/"). */
  cwd?: string;
  /** AT_EXECFN, the path the program was executed as (default argv[0]). */
  execfn?: string;
  /** The processor the process runs on: spar's CPU model and the auxiliary vector's AT_HWCAP,
   *  AT_HWCAP2 and AT_PLATFORM, which choose glibc's string and memory routines. */
  cpu?: "power8" | "power9";
  /** Guest memory backing the process, in MiB (default 64: bzip2 -9 needs about 8). */
  memoryMiB?: number;
  /** Stop with a report after this many instructions. */
  maxInstructions?: number;
  /** Told, once per process, each system call (or variant) the harness does not implement
   *  (default: a warning on the console). An instruction spar lacks needs no such report: it
   *  ends the run with `illegal` set. */
  onUnimplemented?: (what: string) => void;
  /** Told each system call with its arguments and result, as strace prints them. */
  trace?: (line: string) => void;
}

export interface LinuxUserResult {
  /** exit/exit_group status; undefined when the process did not exit. */
  status: number | undefined;
  /** The signal that ended the process (abort's SIGABRT, say), if one did. */
  signal: number | undefined;
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** Why the harness stopped the process, if it did: an illegal instruction, a SIGSEGV... */
  fault: string | undefined;
  /** The illegal instruction that stopped the process, if that is what did. */
  illegal: { pc: number; word: number; name: string } | undefined;
  instructions: number;
  /** Time spent running the process (loading excluded). */
  seconds: number;
}

// AT_HWCAP for POWER8 as Linux's cputable gives it (COMMON_USER_POWER8 with AltiVec and VSX), minus
// DFP: spar has no decimal floating point. AT_HWCAP2 without HTM (no transactional memory in spar,
// and glibc would elide locks with it) and without SCV, so glibc makes system calls with `sc`.
const PPC_FEATURE_32 = 0x80000000, PPC_FEATURE_64 = 0x40000000, PPC_FEATURE_HAS_ALTIVEC = 0x10000000;
const PPC_FEATURE_HAS_FPU = 0x08000000, PPC_FEATURE_HAS_MMU = 0x04000000, PPC_FEATURE_SMT = 0x00004000;
const PPC_FEATURE_ICACHE_SNOOP = 0x00002000, PPC_FEATURE_ARCH_2_05 = 0x00001000, PPC_FEATURE_ARCH_2_06 = 0x00000100;
const PPC_FEATURE_HAS_VSX = 0x00000080, PPC_FEATURE_PSERIES_PERFMON_COMPAT = 0x00000040, PPC_FEATURE_TRUE_LE = 0x00000002;
const PPC_FEATURE2_ARCH_2_07 = 0x80000000, PPC_FEATURE2_DSCR = 0x20000000, PPC_FEATURE2_ISEL = 0x08000000;
const PPC_FEATURE2_TAR = 0x04000000, PPC_FEATURE2_VEC_CRYPTO = 0x02000000;
export const HWCAP_POWER8 =
  (PPC_FEATURE_32 | PPC_FEATURE_64 | PPC_FEATURE_HAS_ALTIVEC | PPC_FEATURE_HAS_FPU | PPC_FEATURE_HAS_MMU | PPC_FEATURE_SMT |
    PPC_FEATURE_ICACHE_SNOOP | PPC_FEATURE_ARCH_2_05 | PPC_FEATURE_ARCH_2_06 | PPC_FEATURE_HAS_VSX |
    PPC_FEATURE_PSERIES_PERFMON_COMPAT | PPC_FEATURE_TRUE_LE) >>> 0;
export const HWCAP2_POWER8 = (PPC_FEATURE2_ARCH_2_07 | PPC_FEATURE2_DSCR | PPC_FEATURE2_ISEL | PPC_FEATURE2_TAR | PPC_FEATURE2_VEC_CRYPTO) >>> 0;
// POWER9 adds ISA 3.0 and darn; not IEEE128 (spar has no quad-precision floating point).
const PPC_FEATURE2_ARCH_3_00 = 0x00800000, PPC_FEATURE2_DARN = 0x00200000;
export const HWCAP2_POWER9 = (HWCAP2_POWER8 | PPC_FEATURE2_ARCH_3_00 | PPC_FEATURE2_DARN) >>> 0;
const HWCAP2 = { power8: HWCAP2_POWER8, power9: HWCAP2_POWER9 };
/** POWER8's 128-byte cache blocks (glibc's memset sizes dcbz by AT_DCACHEBSIZE). */
const CACHE_BLOCK = 128;

/**
 * Linux's MSR for a 64-bit user process (MSR_USER64: SF, PR, IR, DR, RI, LE, ME) with FP, VEC and
 * VSX on, as the kernel turns them on at first use. EE stays off: nothing here raises
 * asynchronous interrupts, so there is nothing for it to enable.
 */
const USER_MSR_LO = MSR_PR | MSR_IR | MSR_DR | MSR_RI | MSR_LE | MSR_ME | MSR_FP | MSR_VEC | MSR_VSX;
/** VSCR at exec: NJ set (start_thread's vr_state.vscr). */
const VSCR_NJ = 0x10000;
const SLICE = 1 << 20;

export function runLinuxUser(o: LinuxUserOptions): LinuxUserResult {
  const stdout: Description = { kind: "output", chunks: [], flags: 1, refs: 0 };
  const stderr: Description = { kind: "output", chunks: [], flags: 1, refs: 0 };
  const p = createProcess(o, new Files(o.sandbox, o.cwd ?? "/", o.stdin ?? new Uint8Array(0), stdout, stderr));
  const started = performance.now();
  const stop = runUntilExit(p, o.maxInstructions ?? Number.MAX_SAFE_INTEGER);
  const seconds = (performance.now() - started) / 1000;
  p.files.closeAll();
  return { status: p.exitStatus, signal: p.killedBy, stdout: concat(stdout), stderr: concat(stderr), ...stop, instructions: p.cpu.instructions, seconds };
}

/** exec: a CPU and an address space holding the program and its initial stack, registers as start_thread leaves them. */
function createProcess(o: LinuxUserOptions, files: Files): Process {
  const memory = new GuestMemory((o.memoryMiB ?? 64) << 20);
  const platform = o.cpu ?? "power8";
  const cpu = new Cpu(findCpuModel(platform)!, memory);
  const space = new AddressSpace(memory);
  space.onUnmap = () => cpu.flushTranslation();
  cpu.mmu = space;
  const reported = new Set<string>();
  const p = new Process(cpu, space, files, (what) => {
    if (!reported.has(what)) (o.onUnimplemented ?? ((w) => console.warn(`[linux-user] not implemented: ${w}`)))(what);
    reported.add(what);
  }, o.trace);

  const image = parseExecutable(o.executable);
  p.brkStart = p.brk = loadSegments(space, image);
  space.map(STACK_TOP - STACK_SIZE, STACK_SIZE, PROT_READ | PROT_WRITE);
  const sp = at.buildInitialStack(space, STACK_TOP, {
    argv: o.argv,
    envp: o.env ?? [],
    execfn: o.execfn ?? o.argv[0],
    platform,
    random: Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 0xff),
    auxv: (s) => auxiliaryVector(image, s, HWCAP2[platform]),
  });

  // start_thread: every register zero but r1 (the stack) and r12 (the ELFv2 global entry point).
  cpu.setGpr(1, sp);
  cpu.setGpr(12, image.entry);
  cpu.pc = BigInt(image.entry);
  cpu.setMsr(MSR_SF, USER_MSR_LO);
  cpu.sprLo[SPR_FSCR] = FSCR_TAR | FSCR_DSCR; // the problem-state facilities Linux enables for POWER8 processes
  cpu.vscr = VSCR_NJ;
  return p;
}

/** Run until exit, a fatal signal, a fault or `limit` instructions; says why it stopped if not by exiting. */
function runUntilExit(p: Process, limit: number): Pick<LinuxUserResult, "fault" | "illegal"> {
  const cpu = p.cpu;
  let vector = -1;
  cpu.onInterrupt = (v) => {
    vector = v;
    cpu.endSlice();
  };
  while (p.exitStatus === undefined && p.killedBy === undefined) {
    if (cpu.instructions >= limit) return { fault: `stopped after ${limit} instructions at pc 0x${cpu.pc.toString(16)}`, illegal: undefined };
    vector = -1;
    runSlice(cpu, Math.min(SLICE, limit - cpu.instructions));
    if (vector < 0) continue;
    if (vector !== VEC_SYSTEM_CALL) return stopped(p, vector);
    systemCall(p);
    // Back to the instruction after sc, with the user MSR: what Linux's return through rfid does.
    cpu.pcHi = cpu.sprHi[SPR_SRR0];
    cpu.pcLo = cpu.sprLo[SPR_SRR0];
    cpu.setMsr(cpu.sprHi[SPR_SRR1], cpu.sprLo[SPR_SRR1]);
  }
  return { fault: undefined, illegal: undefined };
}

/** The report for an interrupt Linux would turn into a signal: the illegal instruction, or the fault. */
function stopped(p: Process, vector: number): Pick<LinuxUserResult, "fault" | "illegal"> {
  const cpu = p.cpu;
  const srr0 = reg(cpu.sprHi[SPR_SRR0], cpu.sprLo[SPR_SRR0]);
  if (vector !== VEC_PROGRAM || !(cpu.sprLo[SPR_SRR1] & SRR1_ILLEGAL)) return { fault: describeFault(cpu, vector, srr0), illegal: undefined };
  const bytes = p.space.read(srr0, 4);
  const word = bytes === undefined ? 0 : new DataView(bytes.buffer).getUint32(0, true);
  const illegal = { pc: srr0, word, name: describeInstruction(word, cpu.isa) };
  return { fault: `illegal instruction 0x${hex(word, 8)} (${illegal.name}) at pc 0x${hex(srr0)}`, illegal };
}

/** Map the PT_LOAD segments as Linux does (file pages from the page holding p_vaddr, bss zeroed); returns the initial break. */
function loadSegments(space: AddressSpace, image: ElfImage): number {
  let end = 0;
  for (const seg of image.loads) {
    const start = pageFloor(seg.vaddr), stop = pageCeil(seg.vaddr + seg.memsz);
    const prot = (seg.flags & PF_R ? PROT_READ : 0) | (seg.flags & PF_W ? PROT_WRITE : 0) | (seg.flags & PF_X ? PROT_EXEC : 0);
    for (let a = start; a < stop; a += PAGE_SIZE) {
      const shared = space.protectionAt(a); // a page two segments share gets both permissions
      if (shared === undefined) space.map(a, PAGE_SIZE, prot);
      else space.protect(a, PAGE_SIZE, shared | prot);
    }
    const fileStart = seg.offset - (seg.vaddr - start);
    space.write(start, image.bytes.subarray(fileStart, seg.offset + seg.filesz), true);
    end = Math.max(end, stop);
  }
  return end;
}

/** create_elf_tables' order: powerpc's ARCH_DLINFO first (no vDSO here), then the generic entries. */
function auxiliaryVector(image: ElfImage, s: at.StackStrings, hwcap2: number): [number, number][] {
  const uid = process.getuid?.() ?? 0, gid = process.getgid?.() ?? 0;
  return [
    [at.AT_IGNOREPPC, at.AT_IGNOREPPC],
    [at.AT_IGNOREPPC, at.AT_IGNOREPPC],
    [at.AT_DCACHEBSIZE, CACHE_BLOCK],
    [at.AT_ICACHEBSIZE, CACHE_BLOCK],
    [at.AT_UCACHEBSIZE, 0],
    [at.AT_HWCAP, HWCAP_POWER8],
    // 4096, the harness's page (spar's translation granule), where Linux on POWER would say 65536.
    // glibc takes either (the binary's segments are 64 KiB aligned), and 4096 is what qemu-user
    // reports on x86 hosts, so glibc rounds brk and mmap requests alike in both runs.
    [at.AT_PAGESZ, PAGE_SIZE],
    [at.AT_CLKTCK, 100],
    [at.AT_PHDR, phdrAddress(image)],
    [at.AT_PHENT, image.phentsize],
    [at.AT_PHNUM, image.phnum],
    [at.AT_BASE, 0],
    [at.AT_FLAGS, 0],
    [at.AT_ENTRY, image.entry],
    [at.AT_UID, uid],
    [at.AT_EUID, uid],
    [at.AT_GID, gid],
    [at.AT_EGID, gid],
    [at.AT_SECURE, 0],
    [at.AT_RANDOM, s.random],
    [at.AT_HWCAP2, hwcap2],
    [at.AT_EXECFN, s.execfn],
    [at.AT_PLATFORM, s.platform],
  ];
}

function describeFault(cpu: Cpu, vector: number, srr0: number): string {
  const pc = `pc 0x${hex(srr0)}`;
  const srr1 = cpu.sprLo[SPR_SRR1];
  const dar = `0x${hex(reg(cpu.sprHi[SPR_DAR], cpu.sprLo[SPR_DAR]))}`;
  switch (vector) {
    case VEC_DSI:
      return `SIGSEGV: ${cpu.sprLo[SPR_DSISR] & DSISR_STORE ? "write to" : "read from"} ${dar} at ${pc}`;
    case VEC_ISI:
      return `SIGSEGV: instruction fetch from ${pc}`;
    case VEC_ALIGNMENT:
      return `SIGBUS: alignment interrupt for ${dar} at ${pc}`;
    case VEC_PROGRAM:
      if (srr1 & SRR1_PRIVILEGED) return `SIGILL: privileged instruction at ${pc}`;
      if (srr1 & SRR1_TRAP) return `SIGTRAP: trap at ${pc}`;
      if (srr1 & SRR1_FP_ENABLED) return `SIGFPE: enabled floating-point exception at ${pc}`;
      return `program interrupt (SRR1 0x${hex(srr1 >>> 0)}) at ${pc}`;
    case VEC_FACILITY_UNAVAILABLE:
      return `SIGILL: facility unavailable (FSCR cause ${cpu.sprHi[SPR_FSCR] >>> 24}) at ${pc}`;
  }
  return `unexpected interrupt 0x${vector.toString(16)} at ${pc}`;
}

const reg = (hi: number, lo: number) => (hi >>> 0) * 2 ** 32 + (lo >>> 0);
const hex = (v: number, width = 1) => v.toString(16).padStart(width, "0");

function concat(d: Description): Uint8Array {
  if (d.kind !== "output") return new Uint8Array(0);
  return new Uint8Array(Buffer.concat(d.chunks));
}
