// H_SIGNAL_SYS_RESET: one vCPU sends a system reset (the NMI Linux uses for crash dumps and
// stuck-CPU backtraces) to another, to all, or to all but itself, as QEMU 7.2 implements it for
// TCG. With spar's one vCPU, "all but self" reaches nobody and the only target is the caller: its
// call completes (r3 = H_SUCCESS), then it takes the reset at the next instruction, at the OS's
// FWNMI handler if it registered one. (QEMU delivers it inside the call, so the call's return
// code overwrites the r3 the FWNMI handler should find; spar gives the handler its save area.)

import { H_PARAMETER, H_SUCCESS, type HcallTable } from "./hcalls.ts";
import type { Fwnmi } from "./rtas-nmi.ts";

export const H_SIGNAL_SYS_RESET = 0x380;
const ALL = -1n, ALL_BUT_SELF = -2n;

export function registerSysResetHcall(table: HcallTable, fwnmi: Fwnmi): void {
  table.register(H_SIGNAL_SYS_RESET, {
    name: "H_SIGNAL_SYS_RESET",
    family: "hcall-sys-reset",
    run: ({ cpu }) => {
      const target = BigInt.asIntN(64, cpu.gpr(4));
      if (target === ALL_BUT_SELF) return H_SUCCESS;
      if (target !== ALL && target !== 0n) return H_PARAMETER; // no such thread (or below -2)
      cpu.setGpr(3, H_SUCCESS);
      fwnmi.systemReset(cpu, 0);
      // The dispatcher stores the returned status in r3: hand back what the reset left there.
      return cpu.gprLo[3];
    },
  });
}
