// The hypercall table (PAPR/LoPAR §14), grouped by hcall family as the device tree's
// ibm,hypertas-functions names them. `sc 1` from the guest kernel lands here with the hcall
// number in r3 and arguments in r4..r12; the status goes back in r3, results in r4 onwards.
// An hcall not in the table returns H_FUNCTION and is logged once by number.

import type { Cpu } from "../cpu/state.ts";

export const H_SUCCESS = 0;
export const H_HARDWARE = -1;
export const H_FUNCTION = -2;
export const H_PRIVILEGE = -3;
export const H_PARAMETER = -4;

/** What an hcall handler can reach: the calling CPU and the machine's services. */
export interface HcallContext {
  cpu: Cpu;
  /** 64-bit argument n (r4 is argument 1) as a number; values above 2^53 lose precision. */
  arg(n: number): number;
  /** The low 32 bits of argument n. */
  arg32(n: number): number;
}

export interface HcallDef {
  name: string;
  family: string;
  /** spar has only part of this LoPAR function set, so the set is not advertised. */
  partialSet?: true;
  run(ctx: HcallContext): number;
}

/**
 * The function sets LoPAR names in ibm,hypertas-functions (and Linux's firmware-feature table
 * reads). spar's other families (hcall-vof, hcall-rtas, hcall-random...) group its own or KVM's
 * private hcalls and are found another way, so they are not advertised.
 */
const LOPAR_FAMILIES = new Set([
  "hcall-pft", "hcall-tce", "hcall-sprg0", "hcall-dabr", "hcall-xdabr", "hcall-copy", "hcall-asr", "hcall-debug", "hcall-perf",
  "hcall-term", "hcall-dump", "hcall-interrupt", "hcall-migrate", "hcall-perfmon", "hcall-vio", "hcall-rdma",
  "hcall-splpar", "hcall-bulk", "hcall-set-mode", "hcall-multi-tce", "hcall-join", "hcall-vphn",
  "hcall-hpt-resize", "hcall-watchdog", "hcall-best-energy-1",
]);

/** How often each hcall ran, for the dashboard's statistics. */
export interface CallCount {
  name: string;
  calls: number;
}

export class HcallTable {
  private readonly byNumber = new Map<number, { def: HcallDef; calls: number }>();
  /** Calls to numbers the table does not have. */
  unknownCalls = 0;

  constructor(private readonly logOnce: (what: string) => void) {}

  register(number: number, def: HcallDef): void {
    if (this.byNumber.has(number)) throw new Error(`hcall 0x${number.toString(16)} registered twice`);
    this.byNumber.set(number, { def, calls: 0 });
  }

  /** Calls so far, in registration order. */
  callCounts(): CallCount[] {
    return [...this.byNumber.values()].map(({ def, calls }) => ({ name: def.name, calls }));
  }

  /** Families with at least one hcall. */
  families(): string[] {
    return [...new Set([...this.byNumber.values()].map(({ def }) => def.family))].sort();
  }

  /** The families a guest may rely on, for /rtas ibm,hypertas-functions: LoPAR's sets spar has whole. */
  hypertasFunctions(): string[] {
    const partial = new Set([...this.byNumber.values()].filter(({ def }) => def.partialSet).map(({ def }) => def.family));
    return this.families().filter((f) => LOPAR_FAMILIES.has(f) && !partial.has(f));
  }

  /** Serve the hypercall the CPU is making (its `sc 1`). */
  dispatch(cpu: Cpu): void {
    const number = cpu.gprLo[3] >>> 0;
    const entry = cpu.gprHi[3] === 0 ? this.byNumber.get(number) : undefined;
    if (!entry) {
      this.unknownCalls++;
      this.logOnce(`hcall 0x${number.toString(16)}`);
      return setStatus(cpu, H_FUNCTION);
    }
    entry.calls++;
    const ctx: HcallContext = {
      cpu,
      arg: (n) => (cpu.gprHi[3 + n] >>> 0) * 4294967296 + (cpu.gprLo[3 + n] >>> 0),
      arg32: (n) => cpu.gprLo[3 + n] >>> 0,
    };
    setStatus(cpu, entry.def.run(ctx));
  }
}

function setStatus(cpu: Cpu, status: number): void {
  cpu.gprHi[3] = status >> 31;
  cpu.gprLo[3] = status;
}
