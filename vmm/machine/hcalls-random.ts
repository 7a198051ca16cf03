// hcall-random: H_RANDOM, 64 random bits in r4 (LoPAR "H_RANDOM"). As in QEMU, the call exists
// only with -device spapr-rng, whose backend supplies the bits; a backend that fails answers
// H_HARDWARE, and says so once.

import type { RngBackend } from "../devices/rng-backend.ts";
import { H_HARDWARE, H_SUCCESS, type HcallTable } from "./hcalls.ts";

export const H_RANDOM = 0x300;

export function registerRandomHcall(table: HcallTable, backend: RngBackend, note: (message: string) => void): void {
  const bytes = new Uint8Array(8);
  let failed = false;
  const view = new DataView(bytes.buffer);
  table.register(H_RANDOM, {
    name: "H_RANDOM",
    family: "hcall-random",
    run: ({ cpu }) => {
      if (!backend.fill(bytes)) {
        if (!failed) note("spapr-rng: its backend gave no more random bytes; H_RANDOM answers H_HARDWARE");
        failed = true;
        return H_HARDWARE;
      }
      // The bytes as a little-endian 64-bit value, as QEMU on an x86 host hands them over: a
      // little-endian guest storing r4 gets them in the backend's order.
      cpu.gprHi[4] = view.getInt32(4, true);
      cpu.gprLo[4] = view.getInt32(0, true);
      return H_SUCCESS;
    },
  });
}
