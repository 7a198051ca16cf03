// The interrupt hcalls (LoPAR "Interrupt Support hcall()s", function set hcall-interrupt, as the
// LoPAR hcall table and QEMU's ibm,hypertas-functions name it): the guest's window on its ICP in
// XIVE legacy mode. H_XIRR accepts, H_EOI ends, H_CPPR sets the processor priority, H_IPI writes
// a server's MFRR, H_IPOLL reads a server's XIRR and MFRR without side effects.

import type { Cpu } from "../cpu/state.ts";
import { H_PARAMETER, H_SUCCESS, type HcallContext, type HcallTable } from "./hcalls.ts";
import type { Icp, Xics } from "./xics.ts";

export const H_EOI = 0x64;
export const H_CPPR = 0x68;
export const H_IPI = 0x6c;
export const H_IPOLL = 0x70;
export const H_XIRR = 0x74;
export const H_XIRR_X = 0x2fc;
const FAMILY = "hcall-interrupt";

/** Register the XICS hcalls; `cpuIndexOf` gives the calling CPU's server number. */
export function registerXicsHcalls(table: HcallTable, xics: Xics, cpuIndexOf: (cpu: Cpu) => number): void {
  const own = (ctx: HcallContext): Icp => xics.icps[cpuIndexOf(ctx.cpu)];
  const define = (number: number, name: string, run: (ctx: HcallContext) => number) => table.register(number, { name, family: FAMILY, run });

  // Registers carry the low byte (priorities) or the low word (XIRR) of their argument.
  define(H_CPPR, "H_CPPR", (ctx) => {
    own(ctx).setCppr(ctx.arg32(1) & 0xff);
    return H_SUCCESS;
  });
  define(H_EOI, "H_EOI", (ctx) => (own(ctx).eoi(ctx.arg32(1)) ? H_SUCCESS : H_PARAMETER));
  define(H_IPI, "H_IPI", (ctx) => {
    const icp = xics.icp(ctx.arg(1));
    if (!icp) return H_PARAMETER;
    icp.setMfrr(ctx.arg32(2) & 0xff);
    return H_SUCCESS;
  });
  define(H_IPOLL, "H_IPOLL", (ctx) => {
    const icp = xics.icp(ctx.arg(1));
    if (!icp) return H_PARAMETER;
    setResult(ctx.cpu, 4, icp.xirr);
    setResult(ctx.cpu, 5, icp.mfrr);
    return H_SUCCESS;
  });
  // PAPR gives H_XIRR-X a CPPR argument (Linux passes one to H_XIRR too); as in QEMU and KVM it
  // changes nothing: accepting sets CPPR.
  define(H_XIRR, "H_XIRR", (ctx) => {
    setResult(ctx.cpu, 4, own(ctx).accept());
    return H_SUCCESS;
  });
  define(H_XIRR_X, "H_XIRR_X", (ctx) => {
    const cpu = ctx.cpu;
    setResult(cpu, 4, own(ctx).accept());
    // The timestamp of the interrupt: spar presents at once, so the timebase now (as KVM does).
    const tb = cpu.timebase.read(cpu.instructions);
    cpu.gprHi[5] = Math.floor(tb / 4294967296);
    cpu.gprLo[5] = tb % 4294967296;
    return H_SUCCESS;
  });
}

/** An unsigned 32-bit result in register n. */
function setResult(cpu: Cpu, n: number, value: number): void {
  cpu.gprHi[n] = 0;
  cpu.gprLo[n] = value;
}
