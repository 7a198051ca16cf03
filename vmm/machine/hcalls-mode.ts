// H_SET_MODE (PAPR/LoPAR §14.5.4.3.19): the guest asks the hypervisor to change partition
// modes that live in hypervisor registers. Linux sets the interrupt endianness (LPCR[ILE],
// resource 4) and relocation-on interrupts (LPCR[AIL], resource 3) early in boot.

import { SPR_LPCR } from "../cpu/sprs.ts";
import { LPCR_AIL_SHIFT, LPCR_ILE, type Cpu } from "../cpu/state.ts";
import { H_SUCCESS, type HcallTable } from "./hcalls.ts";

export const H_SET_MODE = 0x31c;
export const H_P2 = -55, H_P3 = -56, H_P4 = -57, H_UNSUPPORTED_FLAG = -256;
const RESOURCE_ADDR_TRANS_MODE = 3, RESOURCE_LE = 4;

/** Register H_SET_MODE; `cpus` gives every vCPU of the partition, whose LPCR the call changes. */
export function registerModeHcalls(table: HcallTable, cpus: () => readonly Cpu[], logOnce: (what: string) => void): void {
  table.register(H_SET_MODE, {
    name: "H_SET_MODE",
    family: "hcall-set-mode",
    run: (ctx) => {
      const mflags = ctx.arg(1), resource = ctx.arg(2);
      if (resource !== RESOURCE_ADDR_TRANS_MODE && resource !== RESOURCE_LE) {
        logOnce(`H_SET_MODE resource ${resource}`);
        return H_P2;
      }
      if (ctx.arg(3) !== 0) return H_P3;
      if (ctx.arg(4) !== 0) return H_P4;
      let set: (lpcr: number) => number;
      if (resource === RESOURCE_LE) {
        if (mflags > 1) return H_UNSUPPORTED_FLAG;
        set = (lpcr) => (mflags ? lpcr | LPCR_ILE : lpcr & ~LPCR_ILE);
      } else {
        // AIL 0 (vectors at 0) and 3 (0xc000_0000_0000_4000); 1 is reserved and 2 is not offered to guests.
        if (mflags !== 0 && mflags !== 3) return H_UNSUPPORTED_FLAG;
        set = (lpcr) => (lpcr & ~(3 << LPCR_AIL_SHIFT)) | (mflags << LPCR_AIL_SHIFT);
      }
      for (const cpu of cpus()) cpu.sprLo[SPR_LPCR] = set(cpu.sprLo[SPR_LPCR]);
      return H_SUCCESS;
    },
  });
}
