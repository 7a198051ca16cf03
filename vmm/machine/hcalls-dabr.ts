// The data address breakpoint calls: H_SET_DABR (hcall-dabr) and H_SET_XDABR (hcall-xdabr),
// LoPAR §14.5.4.4, with QEMU 7.2's answers for POWER7-9, whose DABR and DABRX only the
// hypervisor may write. H_SET_DABR also sets DABRX to "problem and privileged state";
// H_SET_XDABR takes DABRX from the guest: only its user and kernel bits, at least one of them,
// never the hypervisor bit. Like QEMU's TCG, spar keeps both values but arms no watchpoint.

import type { Cpu } from "../cpu/state.ts";
import { H_PARAMETER, H_SUCCESS, type HcallTable } from "./hcalls.ts";

export const H_SET_DABR = 0x28, H_SET_XDABR = 0x134;
export const SPR_DABR = 1013, SPR_DABRX = 1015;
const DABRX_USER = 1, DABRX_KERNEL = 2, DABRX_HYPERVISOR = 4;

function setDabr(cpu: Cpu, dabrx: number): void {
  cpu.sprHi[SPR_DABRX] = 0;
  cpu.sprLo[SPR_DABRX] = dabrx;
  cpu.sprHi[SPR_DABR] = cpu.gprHi[4];
  cpu.sprLo[SPR_DABR] = cpu.gprLo[4];
}

export function registerDabrHcalls(table: HcallTable): void {
  table.register(H_SET_DABR, {
    name: "H_SET_DABR",
    family: "hcall-dabr",
    run: ({ cpu }) => {
      setDabr(cpu, DABRX_USER | DABRX_KERNEL);
      return H_SUCCESS;
    },
  });
  table.register(H_SET_XDABR, {
    name: "H_SET_XDABR",
    family: "hcall-xdabr",
    run: ({ cpu }) => {
      const hi = cpu.gprHi[5], dabrx = cpu.gprLo[5] >>> 0;
      if (hi !== 0 || dabrx & ~0xf || dabrx & DABRX_HYPERVISOR || !(dabrx & (DABRX_USER | DABRX_KERNEL))) return H_PARAMETER;
      setDabr(cpu, dabrx);
      return H_SUCCESS;
    },
  });
}
