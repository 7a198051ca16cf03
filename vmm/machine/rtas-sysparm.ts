// ibm,get-system-parameter and ibm,set-system-parameter (LoPAR "System Parameters Option"). A
// parameter comes back as a 2-byte big-endian length and then its bytes, cut to the caller's
// buffer. spar gives QEMU's answers for TCG: the SPLPAR characteristics string Linux's lparcfg
// parses, the diagnostics run mode (disabled) and the partition UUID, which is empty as in QEMU
// without -uuid. The guest may set none of them.

import type { GuestMemory } from "../mmu/guest-memory.ts";
import { RTAS_SUCCESS, type Rtas } from "./rtas.ts";

export const SYSPARM_SPLPAR_CHARACTERISTICS = 20;
export const SYSPARM_DIAGNOSTICS_RUN_MODE = 42;
export const SYSPARM_UUID = 48;
/** LoPAR's statuses for these calls. */
export const SYSPARM_NOT_SUPPORTED = -3;
export const SYSPARM_NOT_AUTHORIZED = -9002;
export const SYSPARM_PARAMETER_ERROR = -9999;

export interface PartitionShape {
  ramBytes: number;
  cpus: number;
  maxCpus: number;
}

export function registerSysparmRtas(rtas: Rtas, mem: GuestMemory, shape: PartitionShape): void {
  const values = new Map<number, Uint8Array>([
    [
      SYSPARM_SPLPAR_CHARACTERISTICS,
      new TextEncoder().encode(
        `MaxEntCap=${shape.maxCpus},DesMem=${Math.floor(shape.ramBytes / 2 ** 20)},DesProcs=${shape.cpus},MaxPlatProcs=${shape.maxCpus}\0`,
      ),
    ],
    [SYSPARM_DIAGNOSTICS_RUN_MODE, new Uint8Array([0])],
    [SYSPARM_UUID, new Uint8Array(0)],
  ]);

  rtas.register({
    name: "ibm,get-system-parameter",
    run: ({ args }) => {
      if (args.length !== 3) return SYSPARM_PARAMETER_ERROR;
      const [parameter, buffer, length] = args;
      const value = values.get(parameter);
      if (!value) return SYSPARM_NOT_SUPPORTED;
      if (length < 2 || buffer + length > mem.size) return SYSPARM_PARAMETER_ERROR;
      const out = new Uint8Array(2 + Math.min(value.length, length - 2));
      new DataView(out.buffer).setUint16(0, value.length);
      out.set(value.subarray(0, out.length - 2), 2);
      mem.write(buffer, out);
      return RTAS_SUCCESS;
    },
  });
  rtas.register({
    name: "ibm,set-system-parameter",
    run: ({ args }) => {
      if (args.length !== 2) return SYSPARM_PARAMETER_ERROR;
      return values.has(args[0]) ? SYSPARM_NOT_AUTHORIZED : SYSPARM_NOT_SUPPORTED;
    },
  });
}
