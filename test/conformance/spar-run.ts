// Run one differential case on spar's CPU in the recorder's environment (recorder/README.md):
// the same MSR, trap pads, scratch area and result fields, so outputs compare one to one.

import { findCpuModel } from "../../vmm/cpu/models.ts";
import { MSR_DR, MSR_EE, MSR_FE0, MSR_FE1, MSR_FP, MSR_IR, MSR_LE, MSR_ME, MSR_PR, MSR_RI, MSR_SF, MSR_VEC, MSR_VSX } from "../../vmm/cpu/msr.ts";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { SPR_DAR, SPR_DSISR, SPR_SRR0, SPR_SRR1 } from "../../vmm/cpu/sprs.ts";
import { Cpu } from "../../vmm/cpu/state.ts";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { ABS_PAD, FLAG_32BIT, FLAG_PR, S, SCRATCH, SCRATCH_SIZE, TRAP_WORD, type CaseInput } from "./case-gen.ts";
import { FLAG_FE, FLAG_FP_OFF, FLAG_VEC_OFF, FLAG_VSX_OFF, type CaseOutput, type VecState } from "./recorder/qemu-record.ts";

/** A case's final state, in the recorder's shape so the two compare field by field. */
export type CaseResult = CaseOutput;

const RAM = 1 << 20;
/** Vectors live below 0x2000, and scv's at 0x17000..0x17fff; reaching one ends the case. */
const isVector = (pc: bigint) => pc < 0x2000n || (pc >= 0x17000n && pc < 0x18000n);

/** What the runner loads for a case without FP/vector state. */
const ZERO_VEC: VecState = { vsr: new Uint8Array(1024), fpscr: 0n, vscr: 0 };

/** MSR bits for the case's FP/vector facilities, as the runner sets them (runner.S). */
function facilityMsr(input: CaseInput): number {
  let m = 0;
  if (input.vec) {
    if (!(input.flags & FLAG_FP_OFF)) m |= MSR_FP;
    if (!(input.flags & FLAG_VEC_OFF)) m |= MSR_VEC;
    if (!(input.flags & FLAG_VSX_OFF)) m |= MSR_VSX;
  }
  if (input.flags & FLAG_FE) m |= MSR_FE0 | MSR_FE1;
  return m;
}

/** VSR bytes are big-endian in a case; spar keeps each doubleword in host (little-endian) order. */
function loadVec(c: Cpu, v: VecState): void {
  for (let i = 0; i < 1024; i++) c.vsrU8[i ^ 7] = v.vsr[i]!;
  c.fpscr = Number(v.fpscr & 0xffffffffn) | 0;
  c.fpscrHi = Number((v.fpscr >> 32n) & 0xffffffffn) | 0;
  c.vscr = v.vscr;
}

function saveVec(c: Cpu): VecState {
  const vsr = new Uint8Array(1024);
  for (let i = 0; i < 1024; i++) vsr[i] = c.vsrU8[i ^ 7]!;
  return { vsr, fpscr: (BigInt(c.fpscrHi >>> 0) << 32n) | BigInt(c.fpscr >>> 0), vscr: c.vscr >>> 0 };
}

/** A CPU prepared with trap pads, reused across cases of one endianness. */
export class SparRunner {
  readonly cpu: Cpu;

  constructor(readonly le: boolean) {
    this.cpu = new Cpu(findCpuModel("power9")!, new GuestMemory(RAM));
    const view = this.cpu.mem.view;
    for (let a = 0x18000; a < 0x28000; a += 4) view.setUint32(a, TRAP_WORD, le);
    for (let a = ABS_PAD; a < 0x8000; a += 4) view.setUint32(a, TRAP_WORD, le);
  }

  run(input: CaseInput): CaseResult {
    const c = this.cpu, le = this.le;
    c.setMsr(MSR_SF, MSR_ME | (le ? MSR_LE : 0)); // byte order for the stores below
    this.writeWords(input.insns);
    c.mem.write(SCRATCH, input.mem);
    for (let i = 0; i < 32; i++) c.setGpr(i, input.gpr[i]);
    c.cr = input.cr;
    c.xer = Number(input.xer & 0xffffffffn);
    const split = (v: bigint) => [Number(v >> 32n) | 0, Number(v & 0xffffffffn) | 0];
    [c.lrHi, c.lrLo] = split(input.lr);
    [c.ctrHi, c.ctrLo] = split(input.ctr);
    [c.tarHi, c.tarLo] = split(input.tar);
    c.sprHi[SPR_DAR] = c.sprLo[SPR_DAR] = c.sprLo[SPR_DSISR] = 0;
    c.resvAddr = -1;
    loadVec(c, input.vec ?? ZERO_VEC);
    const msrHi = input.flags & FLAG_32BIT ? 0 : MSR_SF;
    let msrLo = MSR_ME | MSR_RI | (le ? MSR_LE : 0) | facilityMsr(input);
    if (input.flags & FLAG_PR) msrLo |= MSR_PR | MSR_EE | MSR_IR | MSR_DR;
    c.setMsr(msrHi, msrLo);
    c.interruptLittleEndian = le;
    c.pc = BigInt(S);
    // The runner enters each case with rfid, leaving SRR0 = S and SRR1 = the case's MSR.
    c.sprHi[SPR_SRR0] = 0;
    c.sprLo[SPR_SRR0] = S;
    c.sprHi[SPR_SRR1] = msrHi;
    c.sprLo[SPR_SRR1] = msrLo;
    for (let steps = 0; steps < 64 && !isVector(c.pc); steps++) runSlice(c, 1);
    const result: CaseResult = {
      gpr: Array.from({ length: 32 }, (_, i) => c.gpr(i)),
      cr: c.cr | 0,
      xer: BigInt(c.xer >>> 0),
      lr: (BigInt(c.lrHi >>> 0) << 32n) | BigInt(c.lrLo >>> 0),
      ctr: (BigInt(c.ctrHi >>> 0) << 32n) | BigInt(c.ctrLo >>> 0),
      tar: (BigInt(c.tarHi >>> 0) << 32n) | BigInt(c.tarLo >>> 0),
      srr0: (BigInt(c.sprHi[SPR_SRR0] >>> 0) << 32n) | BigInt(c.sprLo[SPR_SRR0] >>> 0),
      srr1: (BigInt(c.sprHi[SPR_SRR1] >>> 0) << 32n) | BigInt(c.sprLo[SPR_SRR1] >>> 0),
      vector: Number(c.pc),
      dar: (BigInt(c.sprHi[SPR_DAR] >>> 0) << 32n) | BigInt(c.sprLo[SPR_DAR] >>> 0),
      dsisr: c.sprLo[SPR_DSISR] >>> 0,
      mem: c.mem.read(SCRATCH, SCRATCH_SIZE),
      vec: saveVec(c),
    };
    // Put the trap words back for the next case.
    c.setMsr(MSR_SF, MSR_ME | (le ? MSR_LE : 0));
    this.writeWords(input.insns.map(() => TRAP_WORD));
    return result;
  }

  /** Words at S in the runner's byte order, through GuestMemory so decoded copies are dropped. */
  private writeWords(words: number[]): void {
    const bytes = new Uint8Array(4 * words.length);
    const view = new DataView(bytes.buffer);
    words.forEach((w, i) => view.setUint32(4 * i, w, this.le));
    this.cpu.mem.write(S, bytes);
  }
}
