// hcall-splpar: the shared-processor partition calls (LoPAR §14.11). H_REGISTER_VPA checks its
// parameters as PAPR lists them; H_CEDE gives up the processor until an interrupt is pending and
// returns with MSR[EE] set; H_PROD wakes a ceded processor; H_CONFER yields to another.

import { MSR_EE } from "../cpu/msr.ts";
import type { Cpu } from "../cpu/state.ts";
import { H_PARAMETER, H_SUCCESS, type HcallTable } from "./hcalls.ts";

export const H_REGISTER_VPA = 0xdc, H_CEDE = 0xe0, H_CONFER = 0xe4, H_PROD = 0xe8;
export const H_RESOURCE = -16;

const VPA_MIN_SIZE = 640, CACHE_LINE = 128, PAGE = 4096;
// Subfunctions in flags bits 16:18.
const REGISTER_VPA = 1, REGISTER_DTL = 2, REGISTER_SLB_SHADOW = 3, DEREGISTER_VPA = 5, DEREGISTER_DTL = 6, DEREGISTER_SLB_SHADOW = 7;

/** The areas a vCPU has registered with the hypervisor. */
export interface VcpuAreas {
  vpa: number;
  slbShadow: number;
  dtl: number;
}

export function registerSplparHcalls(table: HcallTable, cpus: () => readonly Cpu[], areas: () => VcpuAreas[]): void {
  table.register(H_REGISTER_VPA, {
    name: "H_REGISTER_VPA",
    family: "hcall-splpar",
    run: (ctx) => {
      const sub = (ctx.cpu.gprHi[4] >>> 13) & 7, proc = ctx.arg(2), addr = ctx.arg(3), mem = ctx.cpu.mem;
      const target = areas()[proc];
      if (target === undefined) return H_PARAMETER; // no such processor
      const sizeAt = (a: number, offset: number, bytes: 2 | 4) => (a + offset + bytes <= mem.size ? (bytes === 2 ? mem.view.getUint16(a + offset) : mem.view.getUint32(a + offset)) : -1);
      switch (sub) {
        case REGISTER_VPA: {
          if (addr % CACHE_LINE !== 0 || addr >= mem.size) return H_PARAMETER;
          const size = sizeAt(addr, 4, 2); // the VPA's size field
          if (size < VPA_MIN_SIZE || Math.floor(addr / PAGE) !== Math.floor((addr + size - 1) / PAGE)) return H_PARAMETER;
          target.vpa = addr;
          return H_SUCCESS;
        }
        case REGISTER_DTL:
        case REGISTER_SLB_SHADOW: {
          if (target.vpa === 0) return H_RESOURCE; // the VPA comes first
          const size = sizeAt(addr, 4, 4);
          if (addr % 8 !== 0 || size < 0 || addr + size > mem.size || size < (sub === REGISTER_DTL ? 48 : 8)) return H_PARAMETER;
          if (sub === REGISTER_DTL) target.dtl = addr;
          else target.slbShadow = addr;
          return H_SUCCESS;
        }
        case DEREGISTER_VPA:
          if (target.slbShadow || target.dtl) return H_RESOURCE;
          target.vpa = 0;
          return H_SUCCESS;
        case DEREGISTER_DTL:
          target.dtl = 0;
          return H_SUCCESS;
        case DEREGISTER_SLB_SHADOW:
          target.slbShadow = 0;
          return H_SUCCESS;
        default:
          return H_PARAMETER;
      }
    },
  });
  table.register(H_CEDE, {
    name: "H_CEDE",
    family: "hcall-splpar",
    run: ({ cpu }) => {
      cpu.setMsr(cpu.msrHi, cpu.msrLo | MSR_EE);
      if (!cpu.interruptWaiting()) {
        cpu.halted = true; // the machine idles it until an interrupt is pending
        cpu.endSlice();
      }
      return H_SUCCESS;
    },
  });
  table.register(H_PROD, {
    name: "H_PROD",
    family: "hcall-splpar",
    run: (ctx) => {
      const target = cpus()[ctx.arg(1)];
      if (target === undefined) return H_PARAMETER;
      target.halted = false;
      return H_SUCCESS;
    },
  });
  table.register(H_CONFER, {
    name: "H_CONFER",
    family: "hcall-splpar",
    run: (ctx) => {
      // -1 confers to any processor; otherwise the target must exist. One vCPU has nothing to yield to.
      const any = ctx.cpu.gprHi[4] === -1 && ctx.cpu.gprLo[4] === -1;
      if (!any && cpus()[ctx.arg(1)] === undefined) return H_PARAMETER;
      return H_SUCCESS;
    },
  });
}
