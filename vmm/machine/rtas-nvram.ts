// nvram-fetch and nvram-store (LoPAR "NVRAM"): (index, buffer, length) in, (status, bytes moved)
// out. A range beyond the NVRAM, a buffer outside RAM or a malformed call is a parameter error.

import type { GuestMemory } from "../mmu/guest-memory.ts";
import type { SpaprNvram } from "../devices/spapr-nvram.ts";
import { RTAS_PARAMETER_ERROR, RTAS_SUCCESS, type Rtas, type RtasCall } from "./rtas.ts";

export function registerNvramRtas(rtas: Rtas, nvram: SpaprNvram, mem: GuestMemory): void {
  /** The call's (index, buffer, length) if every part of it is in range. */
  const range = ({ args, nret }: RtasCall) => {
    if (args.length !== 3 || nret !== 2) return undefined;
    const [index, buffer, length] = args;
    if (!nvram.holds(index, length) || buffer + length > mem.size) return undefined;
    return { index, buffer, length };
  };

  rtas.register({
    name: "nvram-fetch",
    run: (call) => {
      const r = range(call);
      if (!r) return RTAS_PARAMETER_ERROR;
      mem.write(r.buffer, nvram.read(r.index, r.length));
      call.rets.push(r.length);
      return RTAS_SUCCESS;
    },
  });
  rtas.register({
    name: "nvram-store",
    run: (call) => {
      const r = range(call);
      if (!r) return RTAS_PARAMETER_ERROR;
      nvram.write(r.index, mem.read(r.buffer, r.length));
      call.rets.push(r.length);
      return RTAS_SUCCESS;
    },
  });
}
