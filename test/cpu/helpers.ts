// Test helpers: a CPU on a small RAM with a program placed at an address.
import { assemble } from "../../vmm/cpu/isa/asm.ts";
import { findCpuModel } from "../../vmm/cpu/models.ts";
import { MSR_LE, MSR_ME, MSR_SF } from "../../vmm/cpu/msr.ts";
import { Cpu } from "../../vmm/cpu/state.ts";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";

export function makeCpu(opts: { le?: boolean; model?: string; ram?: number } = {}): Cpu {
  const cpu = new Cpu(findCpuModel(opts.model ?? "power9")!, new GuestMemory(opts.ram ?? 1 << 20));
  cpu.setMsr(MSR_SF, MSR_ME | (opts.le ? MSR_LE : 0));
  return cpu;
}

/** Store instruction words (in the CPU's current byte order) at `addr` and point pc there. */
export function load(cpu: Cpu, addr: number, program: (string | number)[]): void {
  program.forEach((line, i) => {
    const word = typeof line === "number" ? line : assemble(line);
    cpu.mem.view.setUint32(addr + 4 * i, word, cpu.le === 1);
  });
  cpu.pc = BigInt(addr);
}
