// hcall-debug's cache-inhibited logical loads and stores (LoPAR §14.5.4.7): a 1-, 2-, 4- or
// 8-byte big-endian access to a naturally aligned partition logical address, which must be RAM
// (spar has no memory-mapped device regions); anything else is H_PARAMETER. QEMU implements the
// same two calls and none of the set's others (cacheable loads and stores, icbi, dcbf), so the
// set is incomplete and stays out of ibm,hypertas-functions.

import { H_PARAMETER, H_SUCCESS, type HcallContext, type HcallTable } from "./hcalls.ts";

export const H_LOGICAL_CI_LOAD = 0x3c, H_LOGICAL_CI_STORE = 0x40;

/** The access's address if size and alignment are right and it lies in RAM. */
function accessAt(ctx: HcallContext, size: number): number | undefined {
  const addr = ctx.arg(2);
  if (![1, 2, 4, 8].includes(size) || addr % size !== 0 || addr + size > ctx.cpu.mem.size) return undefined;
  return addr;
}

export function registerDebugHcalls(table: HcallTable): void {
  table.register(H_LOGICAL_CI_LOAD, {
    name: "H_LOGICAL_CI_LOAD",
    family: "hcall-debug",
    partialSet: true,
    run: (ctx) => {
      const size = ctx.arg(1), addr = accessAt(ctx, size);
      if (addr === undefined) return H_PARAMETER;
      const { cpu } = ctx, view = cpu.mem.view;
      cpu.gprHi[4] = size === 8 ? view.getInt32(addr) : 0;
      cpu.gprLo[4] = size === 8 ? view.getInt32(addr + 4) : size === 4 ? view.getInt32(addr) : size === 2 ? view.getUint16(addr) : view.getUint8(addr);
      return H_SUCCESS;
    },
  });
  table.register(H_LOGICAL_CI_STORE, {
    name: "H_LOGICAL_CI_STORE",
    family: "hcall-debug",
    partialSet: true,
    run: (ctx) => {
      const size = ctx.arg(1), addr = accessAt(ctx, size);
      if (addr === undefined) return H_PARAMETER;
      const { cpu } = ctx, bytes = new Uint8Array(8), view = new DataView(bytes.buffer);
      view.setInt32(0, cpu.gprHi[6]);
      view.setInt32(4, cpu.gprLo[6]);
      cpu.mem.write(addr, bytes.subarray(8 - size)); // the value's low-order bytes, through write() for code coherence
      return H_SUCCESS;
    },
  });
}
