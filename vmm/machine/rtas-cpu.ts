// The RTAS calls that start and stop processors (LoPAR "RTAS Call Definitions":
// query-cpu-stopped-state, start-cpu, stop-self), answered as QEMU 7.2 answers them. spar runs
// one vCPU, and whoever calls is that vCPU, so it is running: start-cpu on it is a hardware error
// (QEMU's answer for a thread that is not stopped), and stop-self leaves the partition with no
// running processor, which waits, as QEMU's does, until the user ends it.

import { RTAS_HARDWARE_ERROR, RTAS_PARAMETER_ERROR, RTAS_SUCCESS, type Rtas } from "./rtas.ts";

/** query-cpu-stopped-state: the thread is running. */
export const CPU_STATE_RUNNING = 2;

export interface CpuControlHooks {
  /** Whether a hardware thread with this id (the device tree's reg) exists. */
  hasCpu(id: number): boolean;
  /** Stop the calling thread for good: no interrupt wakes it, only start-cpu would. */
  stopSelf(): void;
}

export function registerCpuRtas(rtas: Rtas, hooks: CpuControlHooks): void {
  rtas.register({
    name: "query-cpu-stopped-state",
    run: ({ args, nret, rets }) => {
      if (args.length !== 1 || nret !== 2 || !hooks.hasCpu(args[0])) return RTAS_PARAMETER_ERROR;
      rets.push(CPU_STATE_RUNNING); // the one thread is the caller
      return RTAS_SUCCESS;
    },
  });
  rtas.register({
    name: "start-cpu",
    run: ({ args, nret }) => {
      // (thread id, start address, r3): only a stopped thread can be started.
      if (args.length !== 3 || nret !== 1 || !hooks.hasCpu(args[0])) return RTAS_PARAMETER_ERROR;
      return RTAS_HARDWARE_ERROR;
    },
  });
  rtas.register({
    name: "stop-self",
    run: () => {
      hooks.stopSelf();
      return RTAS_SUCCESS; // never seen: the thread does not come back
    },
  });
}
