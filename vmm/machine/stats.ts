// The machine's statistics as a dashboard reads them: counters the machine keeps anyway
// (instructions retired, interrupts by vector, hcalls and RTAS calls by name, soft-TLB fills,
// console bytes) copied into one Float64Array between run slices, never per instruction. The
// array sits on a SharedArrayBuffer, so a dashboard on another thread reads it as it changes
// without a message per update; a torn read of one counter only blurs one displayed rate.

import type { CompatMode } from "../cpu/models.ts";
import {
  INTERRUPT_SLOTS, interruptSlot, VEC_ALIGNMENT, VEC_DATA_SEGMENT, VEC_DECREMENTER, VEC_PRIVILEGED_DOORBELL, VEC_DSI, VEC_EXTERNAL, VEC_FACILITY_UNAVAILABLE,
  VEC_FP_UNAVAILABLE, VEC_INSTRUCTION_SEGMENT, VEC_ISI, VEC_MACHINE_CHECK, VEC_PROGRAM, VEC_SCV, VEC_SYSTEM_CALL, VEC_TRACE,
  VEC_VMX_UNAVAILABLE, VEC_VSX_UNAVAILABLE,
} from "../cpu/state.ts";
import type { CallCount } from "./hcalls.ts";

/** Single-valued slots, first in the array. busyMs is host time spent running guest instructions. */
export const SCALARS = ["instructions", "busyMs", "tlbMisses", "slbMisses", "consoleOut", "consoleIn", "state", "exitStatus", "radix", "compat"] as const;
export type Scalar = (typeof SCALARS)[number];

export const MACHINE_STATES = ["created", "running", "paused", "stopped"] as const;
export type MachineState = (typeof MACHINE_STATES)[number];
const COMPAT_CODES: readonly (CompatMode | undefined)[] = [undefined, "power7", "power8", "power9"];

const INTERRUPT_NAMES = new Map<number, string>([
  [VEC_MACHINE_CHECK, "machine check"],
  [VEC_DSI, "data storage"],
  [VEC_DATA_SEGMENT, "data segment"],
  [VEC_ISI, "instruction storage"],
  [VEC_INSTRUCTION_SEGMENT, "instruction segment"],
  [VEC_EXTERNAL, "external"],
  [VEC_ALIGNMENT, "alignment"],
  [VEC_PROGRAM, "program"],
  [VEC_FP_UNAVAILABLE, "FP unavailable"],
  [VEC_DECREMENTER, "decrementer"],
  [VEC_PRIVILEGED_DOORBELL, "privileged doorbell"],
  [VEC_SYSTEM_CALL, "system call"],
  [VEC_TRACE, "trace"],
  [VEC_VMX_UNAVAILABLE, "VMX unavailable"],
  [VEC_VSX_UNAVAILABLE, "VSX unavailable"],
  [VEC_FACILITY_UNAVAILABLE, "facility unavailable"],
  [VEC_SCV, "system call vectored"],
].map(([vector, name]) => [interruptSlot(vector as number), name as string]));

/** The names that vary by machine, in slot order; plain data, so it can be posted to another thread. */
export interface StatsLayout {
  hcalls: readonly string[];
  rtas: readonly string[];
}

export type CounterGroup = "interrupt" | "hcall" | "rtas";

export interface Counter {
  group: CounterGroup;
  name: string;
  /** Slot in StatsBlock.values. */
  index: number;
}

/** What publish() reads: the parts of a machine that keep counters. */
export interface StatsSource {
  cpu: { instructions: number; interruptsByVector: Float64Array; tlbMisses: number };
  hcalls: { callCounts(): CallCount[]; unknownCalls: number };
  rtas: { callCounts(): CallCount[]; unknownCalls: number };
  vty: { bytesOut: number; bytesIn: number };
  partition: { radix: boolean };
  state: MachineState;
  exitStatus: number;
  compat: CompatMode | undefined;
  busyMs: number;
}

const INTERRUPTS_AT = SCALARS.length;
const HCALLS_AT = INTERRUPTS_AT + INTERRUPT_SLOTS;

export class StatsBlock {
  readonly values: Float64Array;
  /** Every named counter after the scalars: interrupts by vector, hcalls and RTAS calls (each with an "unknown" slot). */
  readonly counters: readonly Counter[];
  private readonly rtasAt: number;

  constructor(
    readonly layout: StatsLayout,
    readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8 * slotCount(layout)),
  ) {
    if (buffer.byteLength !== 8 * slotCount(layout)) throw new Error("statistics buffer does not match its layout");
    this.values = new Float64Array(buffer);
    this.rtasAt = HCALLS_AT + layout.hcalls.length + 1;
    const counters: Counter[] = [];
    for (let slot = 0; slot < INTERRUPT_SLOTS; slot++) {
      counters.push({ group: "interrupt", name: INTERRUPT_NAMES.get(slot) ?? `vector 0x${(slot << 5).toString(16)}`, index: INTERRUPTS_AT + slot });
    }
    [...layout.hcalls, "unknown hcall"].forEach((name, i) => counters.push({ group: "hcall", name, index: HCALLS_AT + i }));
    [...layout.rtas, "unknown token"].forEach((name, i) => counters.push({ group: "rtas", name, index: this.rtasAt + i }));
    this.counters = counters;
  }

  /** The layout of a machine whose hcalls and RTAS services are all registered. */
  static layoutOf(source: Pick<StatsSource, "hcalls" | "rtas">): StatsLayout {
    return { hcalls: source.hcalls.callCounts().map((c) => c.name), rtas: source.rtas.callCounts().map((c) => c.name) };
  }

  /** Copy the machine's counters in (between slices: about a hundred stores). */
  publish(source: StatsSource): void {
    const v = this.values;
    v[0] = source.cpu.instructions;
    v[1] = source.busyMs;
    v[2] = source.cpu.tlbMisses;
    const byVector = source.cpu.interruptsByVector;
    v[3] = byVector[interruptSlot(VEC_DATA_SEGMENT)] + byVector[interruptSlot(VEC_INSTRUCTION_SEGMENT)];
    v[4] = source.vty.bytesOut;
    v[5] = source.vty.bytesIn;
    v[6] = MACHINE_STATES.indexOf(source.state);
    v[7] = source.exitStatus;
    v[8] = source.partition.radix ? 1 : 0;
    v[9] = COMPAT_CODES.indexOf(source.compat);
    v.set(byVector, INTERRUPTS_AT);
    copyCounts(v, HCALLS_AT, this.layout.hcalls.length, source.hcalls);
    copyCounts(v, this.rtasAt, this.layout.rtas.length, source.rtas);
  }

  get(name: Scalar): number {
    return this.values[SCALARS.indexOf(name)];
  }

  get state(): MachineState {
    return MACHINE_STATES[this.get("state")] ?? "created";
  }

  get mmu(): "hash" | "radix" {
    return this.get("radix") ? "radix" : "hash";
  }

  get compat(): CompatMode | undefined {
    return COMPAT_CODES[this.get("compat")];
  }
}

export function scalarIndex(name: Scalar): number {
  return SCALARS.indexOf(name);
}

function slotCount(layout: StatsLayout): number {
  return HCALLS_AT + layout.hcalls.length + 1 + layout.rtas.length + 1;
}

function copyCounts(v: Float64Array, at: number, length: number, table: { callCounts(): CallCount[]; unknownCalls: number }): void {
  const counts = table.callCounts();
  for (let i = 0; i < length; i++) v[at + i] = counts[i]?.calls ?? 0;
  v[at + length] = table.unknownCalls;
}
