// The machine's log, QEMU's -d/-D in spar's terms. Unimplemented features are always reported,
// once each by name (never silently ignored). Tracing hooks are installed only when asked for,
// so the interpreter's fast path carries no tracing cost otherwise:
//   in_asm  each instruction as it is first decoded      int  every interrupt taken
//   exec    every instruction executed (single-step)     cpu  register state with exec
//   unimp, guest_errors   accepted: spar always reports these

import { runSlice } from "../cpu/interp.ts";
import { disassemble } from "../cpu/isa/disasm.ts";
import type { Cpu } from "../cpu/state.ts";

const hex16 = (hi: number, lo: number) => (hi >>> 0).toString(16).padStart(8, "0") + (lo >>> 0).toString(16).padStart(8, "0");

export class MachineLog {
  private readonly seen = new Set<string>();
  private readonly items: Set<string>;

  constructor(
    items: readonly string[],
    private readonly sink: (line: string) => void,
  ) {
    this.items = new Set(items);
  }

  get traceExec(): boolean {
    return this.items.has("exec") || this.items.has("cpu");
  }

  unimplemented(what: string): void {
    if (this.seen.has(what)) return;
    this.seen.add(what);
    this.sink(`spar: unimplemented: ${what}`);
  }

  note(message: string): void {
    this.sink(`spar: ${message}`);
  }

  /** Install the CPU hooks the -d items ask for. */
  attach(cpu: Cpu): void {
    if (this.items.has("in_asm"))
      cpu.onDecode = (hi, lo, insn) => this.sink(`0x${hex16(hi, lo)}:  ${(insn >>> 0).toString(16).padStart(8, "0")}  ${disassemble(insn, cpu.isa)}`);
    if (this.items.has("int"))
      cpu.onInterrupt = (vector) => this.sink(`Raise exception at ${hex16(cpu.ciaHi(), cpu.ciaLo())} => vector 0x${vector.toString(16)}`);
  }

  /** Single-step `budget` instructions, logging each (and the registers with -d cpu). */
  runTraced(cpu: Cpu, budget: number): number {
    let ran = 0;
    while (ran < budget) {
      if (this.items.has("cpu")) this.sink(dumpState(cpu));
      this.sink(`Trace 0: [${hex16(cpu.pcHi, cpu.pcLo)}]`);
      const n = runSlice(cpu, 1);
      ran += n;
      if (n === 0) break;
    }
    return ran;
  }
}

/** Register dump in the layout of QEMU's ppc cpu_dump_state, so traces diff line by line. */
export function dumpState(c: Cpu): string {
  const lines = [
    `NIP ${hex16(c.pcHi, c.pcLo)}   LR ${hex16(c.lrHi, c.lrLo)} CTR ${hex16(c.ctrHi, c.ctrLo)} XER ${hex16(0, c.xer)} CPU#0`,
    `MSR ${hex16(c.msrHi, c.msrLo)}`,
  ];
  for (let i = 0; i < 32; i += 4) {
    const regs = [0, 1, 2, 3].map((j) => hex16(c.gprHi[i + j], c.gprLo[i + j])).join(" ");
    lines.push(`GPR${String(i).padStart(2, "0")} ${regs}`);
  }
  lines.push(`CR ${(c.cr >>> 0).toString(16).padStart(8, "0")}`);
  return lines.join("\n");
}
