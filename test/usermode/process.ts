// One Linux process on spar's CPU: the CPU, its address space, its files, and the kernel-side
// state system calls keep (program break, signal dispositions, limits). System call arguments
// are read here as the 64-bit PowerPC ABI passes them: r3..r8, number in r0.

import type { Cpu } from "../../vmm/cpu/state.ts";
import type { AddressSpace } from "./address-space.ts";
import type { Files } from "./files.ts";

const TWO32 = 2 ** 32;

/** Virtual memory layout: the stack at the top of a 47-bit space, mmap below it growing down. */
export const STACK_TOP = 0x7fff_ffff_0000;
export const STACK_SIZE = 8 << 20;
export const MMAP_TOP = 0x7fff_0000_0000;
export const MMAP_BOTTOM = 0x1_0000_0000;

export class Process {
  /** Start of the heap (page-aligned end of the loaded image) and the current break. */
  brkStart = 0;
  brk = 0;
  exitStatus: number | undefined;
  /** The signal that ended the process, when one did. */
  killedBy: number | undefined;
  /** rt_sigaction records dispositions (struct sigaction, 32 bytes) and never delivers a signal. */
  readonly signalActions = new Map<number, Uint8Array>();
  signalMask = 0n;
  /** prlimit64 values by resource: [soft, hard]. */
  readonly limits = new Map<number, [bigint, bigint]>();
  /** prctl(PR_SET_NAME) name, 16 bytes with the NUL. */
  comm = "";
  /** State of the deterministic getrandom generator. */
  randomState = 0x2545f491;

  constructor(
    readonly cpu: Cpu,
    readonly space: AddressSpace,
    readonly files: Files,
    /** Report something the harness does not implement (once per name is the caller's business). */
    readonly unimplemented: (what: string) => void,
    /** strace-like log of every system call, when wanted. */
    readonly trace?: (line: string) => void,
  ) {}

  /** Argument i (0 = r3) as an unsigned 64-bit number: addresses and sizes. */
  u64(i: number): number {
    return (this.cpu.gprHi[3 + i] >>> 0) * TWO32 + (this.cpu.gprLo[3 + i] >>> 0);
  }

  /** Argument i as a signed 64-bit number (offsets). */
  i64(i: number): number {
    return this.cpu.gprHi[3 + i] * TWO32 + (this.cpu.gprLo[3 + i] >>> 0);
  }

  /** Argument i as a C int: the low 32 bits, signed (descriptors, flags). */
  int(i: number): number {
    return this.cpu.gprLo[3 + i];
  }

  /** Write a 64-bit little-endian value list into user memory; false on EFAULT. */
  writeU64s(addr: number, values: (number | bigint)[]): boolean {
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setBigUint64(i * 8, BigInt.asUintN(64, BigInt(v)), true));
    return this.space.write(addr, bytes);
  }
}
