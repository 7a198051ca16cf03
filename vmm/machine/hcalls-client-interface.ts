// KVMPPC_H_VOF_CLIENT (0xf005), QEMU's private hypercall behind the Open Firmware client-interface
// entry stub (firmware/entry-stub.ts): r4 holds the real address of the client's argument array;
// the service runs in firmware/client-interface.ts and writes its results into the array. r3
// returns H_SUCCESS, or H_PARAMETER when the array itself is unusable, as VOF answers; the stub
// hands r3 back to the client, which takes a negative value as a failed call.

import type { ClientInterface } from "../../firmware/client-interface.ts";
import { KVMPPC_H_VOF_CLIENT } from "../../firmware/entry-stub.ts";
import { H_PARAMETER, H_SUCCESS, type HcallTable } from "./hcalls.ts";

export function registerClientInterface(table: HcallTable, ci: ClientInterface): void {
  table.register(KVMPPC_H_VOF_CLIENT, {
    name: "KVMPPC_H_VOF_CLIENT",
    family: "hcall-vof",
    run: (ctx) => {
      // As VOF does (ppc64_phys_to_real), ignore the top 4 address bits, where a kernel address
      // would carry 0xc; anything else above 4 GiB is outside spar's RAM.
      if ((ctx.cpu.gprHi[4] & 0x0fffffff) !== 0) return H_PARAMETER;
      return ci.call(ctx.arg32(1)) ? H_SUCCESS : H_PARAMETER;
    },
  });
}
