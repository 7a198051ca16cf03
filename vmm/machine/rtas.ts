// RTAS, the run-time abstraction services (LoPAR §7), entered through KVMPPC_H_RTAS (0xf000)
// with r4 pointing at a big-endian argument buffer {token, nargs, nret, args[], rets[]}. Each
// service has QEMU's token number, so a guest sees the same /rtas tokens on both; only the
// services spar implements appear there, and an unknown token returns -3 and is logged once.

import type { GuestMemory } from "../mmu/guest-memory.ts";
import type { CallCount } from "./hcalls.ts";

export const RTAS_SUCCESS = 0;
export const RTAS_HARDWARE_ERROR = -1;
export const RTAS_NOT_SUPPORTED = -3;
/** A bad argument: the same value as "not supported", per LoPAR. */
export const RTAS_PARAMETER_ERROR = -3;

/** QEMU 7.2's token numbers (include/hw/ppc/spapr.h): 0x2000 plus the service's index here. */
const QEMU_TOKEN_ORDER = [
  "display-character", "get-time-of-day", "set-time-of-day", "power-off", "system-reboot",
  "query-cpu-stopped-state", "start-cpu", "stop-self", "ibm,get-system-parameter",
  "ibm,set-system-parameter", "ibm,set-xive", "ibm,get-xive", "ibm,int-off", "ibm,int-on",
  "check-exception", "event-scan", "ibm,set-tce-bypass", "quiesce", "nvram-fetch", "nvram-store",
  "read-pci-config", "write-pci-config", "ibm,read-pci-config", "ibm,write-pci-config",
  "ibm,query-interrupt-source-number", "ibm,change-msi", "set-indicator", "set-power-level",
  "get-power-level", "get-sensor-state", "ibm,configure-connector", "ibm,os-term",
  "ibm,set-eeh-option", "ibm,get-config-addr-info2", "ibm,read-slot-reset-state2",
  "ibm,set-slot-reset", "ibm,configure-pe", "ibm,slot-error-detail", "ibm,query-pe-dma-window",
  "ibm,create-pe-dma-window", "ibm,remove-pe-dma-window", "ibm,reset-pe-dma-window",
  "ibm,suspend-me", "ibm,nmi-register", "ibm,nmi-interlock",
];
const TOKEN_BASE = 0x2000;

export interface RtasCall {
  args: number[];
  /** How many words the caller asked back, the status included. */
  nret: number;
  /** Return values after the status word. */
  rets: number[];
}

export interface RtasDef {
  name: string;
  run(call: RtasCall): number;
}

export class Rtas {
  private readonly calls = new Map<number, { def: RtasDef; calls: number }>();
  /** Calls with a token no service has. */
  unknownCalls = 0;

  constructor(
    private readonly mem: GuestMemory,
    private readonly logOnce: (what: string) => void,
  ) {}

  register(def: RtasDef): void {
    const index = QEMU_TOKEN_ORDER.indexOf(def.name);
    if (index < 0 || this.calls.has(TOKEN_BASE + index)) throw new Error(`RTAS service ${def.name}: unknown or registered twice`);
    this.calls.set(TOKEN_BASE + index, { def, calls: 0 });
  }

  /** Calls so far, in token order. */
  callCounts(): CallCount[] {
    return this.byToken().map(([, { def, calls }]) => ({ name: def.name, calls }));
  }

  private byToken(): [number, { def: RtasDef; calls: number }][] {
    return [...this.calls].sort(([a], [b]) => a - b);
  }

  /** name -> token in token order, for the device tree. */
  tokens(): Map<string, number> {
    return new Map(this.byToken().map(([token, { def }]) => [def.name, token]));
  }

  /** Serve a call whose argument buffer is at `addr`; false if the buffer is unusable. */
  call(addr: number): boolean {
    const view = this.mem.view;
    if (addr < 0 || addr + 12 > this.mem.size) return false;
    const token = view.getUint32(addr), nargs = view.getUint32(addr + 4), nret = view.getUint32(addr + 8);
    // LoPAR allows at most a few dozen arguments; reject garbage before touching memory.
    if (nargs > 64 || nret > 64 || addr + 12 + 4 * (nargs + nret) > this.mem.size) return false;
    if (nret === 0) return true;
    const args = Array.from({ length: nargs }, (_, i) => view.getUint32(addr + 12 + 4 * i));
    const entry = this.calls.get(token);
    const rets: number[] = [];
    let status: number;
    if (!entry) {
      this.unknownCalls++;
      this.logOnce(`RTAS token 0x${token.toString(16)}`);
      status = RTAS_NOT_SUPPORTED;
    } else {
      entry.calls++;
      status = entry.def.run({ args, nret, rets });
    }
    const out = addr + 12 + 4 * nargs;
    view.setInt32(out, status);
    for (let i = 0; i < nret - 1; i++) view.setUint32(out + 4 + 4 * i, rets[i] ?? 0);
    return true;
  }
}
