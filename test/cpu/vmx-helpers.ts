// Test helpers for the vector facility: VRs written and read as hex in the ISA's element order
// (byte 0 first), one instruction run on a CPU with MSR[VEC] on.
import { describe, expect, test } from "bun:test";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { MSR_VEC } from "../../vmm/cpu/msr.ts";
import type { Cpu } from "../../vmm/cpu/state.ts";
import { load, makeCpu } from "./helpers.ts";

/** A CPU with the vector facility enabled. */
export function vecCpu(opts: { le?: boolean; model?: string } = {}): Cpu {
  const c = makeCpu(opts);
  c.setMsr(c.msrHi, c.msrLo | MSR_VEC);
  return c;
}

/** Set VR n from 32 hex digits (spaces and underscores ignored), byte 0 first. */
export function setVr(c: Cpu, n: number, hex: string): void {
  const digits = hex.replace(/[\s_]/g, "");
  if (digits.length !== 32) throw new Error(`VR value needs 32 hex digits: ${hex}`);
  for (let k = 0; k < 16; k++) c.vsrU8[((32 + n) << 4) + (k ^ 7)] = parseInt(digits.slice(2 * k, 2 * k + 2), 16);
}

/** VR n as 32 hex digits, grouped in words. */
export function vr(c: Cpu, n: number): string {
  let s = "";
  for (let k = 0; k < 16; k++) s += c.vsrU8[((32 + n) << 4) + (k ^ 7)].toString(16).padStart(2, "0") + (k % 4 === 3 && k < 15 ? " " : "");
  return s;
}

/** Normalise a hex vector the way vr() prints it. */
export function words(hex: string): string {
  const d = hex.replace(/[\s_]/g, "");
  return d.match(/.{8}/g)!.join(" ");
}

/** Run one instruction (text or word) at 0x1000 (forgetting what was decoded there before). */
export function step(c: Cpu, insn: string | number): void {
  c.flushDecodeCache();
  load(c, 0x1000, [insn]);
  runSlice(c, 1);
}

/**
 * Run `insn` with v1, v2, v3 (and v4, the usual target) set from `regs`, and return v4 (or
 * the VR named by `result`).
 */
export function vexec(insn: string, regs: Record<number, string>, opts: { vscr?: number; result?: number; cpu?: Cpu } = {}): string {
  const c = opts.cpu ?? vecCpu();
  for (const [n, hex] of Object.entries(regs)) setVr(c, Number(n), hex);
  c.vscr = opts.vscr ?? 0;
  step(c, insn);
  return vr(c, opts.result ?? 4);
}

/** A case: instruction, VR inputs by number, expected v4, and VSCR[SAT] afterwards if it matters. */
export type VecCase = [string, Record<number, string>, string, number?];

/** Run each case on a fresh vector CPU and compare v4 (and SAT). */
export function vecCases(title: string, list: VecCase[]): void {
  describe(title, () => {
    test.each(list.map(([insn, regs, want, sat]) => [insn, regs, want, sat ?? -1] as const))("%s", (insn, regs, want, sat) => {
      const c = vecCpu();
      expect(vexec(insn, regs, { cpu: c })).toBe(words(want));
      if (sat >= 0) expect(c.vscr & 1).toBe(sat);
    });
  });
}
