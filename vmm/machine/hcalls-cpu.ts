// Processor-related hcalls: speculation characteristics (what `cap-cfpc`, `cap-sbbc`, `cap-ibs`
// and `cap-ccf-assist` promise the guest, with QEMU 7.2's encoding), SPRG0 and page
// initialisation.

import type { MachineConfig } from "./config.ts";
import { H_PARAMETER, H_SUCCESS, type HcallTable } from "./hcalls.ts";

export const H_SET_SPRG0 = 0x24, H_PAGE_INIT = 0x2c, H_GET_CPU_CHARACTERISTICS = 0x1c8;

// Characteristic and behaviour bits (PPC_BIT(n) = the n-th most significant bit), all in the high word.
const bit = (n: number) => (1 << (31 - n)) >>> 0;
const CHAR_SPEC_BAR_ORI31 = bit(0), CHAR_BCCTRL_SERIALISED = bit(1), CHAR_L1D_FLUSH_ORI30 = bit(2);
const CHAR_L1D_FLUSH_TRIG2 = bit(3), CHAR_L1D_THREAD_PRIV = bit(4), CHAR_HON_BRANCH_HINTS = bit(5);
const CHAR_CACHE_COUNT_DIS = bit(7), CHAR_BCCTR_FLUSH_ASSIST = bit(9);
const BEHAV_FAVOUR_SECURITY = bit(0), BEHAV_L1D_FLUSH_PR = bit(1), BEHAV_BNDS_CHK_SPEC_BAR = bit(2);
const BEHAV_FLUSH_COUNT_CACHE = bit(5), BEHAV_NO_L1D_FLUSH_ENTRY = bit(7), BEHAV_NO_L1D_FLUSH_UACCESS = bit(8);

/** The high words of H_GET_CPU_CHARACTERISTICS's two results for the machine's caps. */
export function cpuCharacteristics(caps: MachineConfig["caps"]): { characteristics: number; behaviour: number } {
  let characteristics = CHAR_HON_BRANCH_HINTS, behaviour = BEHAV_FAVOUR_SECURITY;
  if (caps.cfpc === "workaround") {
    characteristics |= CHAR_L1D_FLUSH_ORI30 | CHAR_L1D_FLUSH_TRIG2 | CHAR_L1D_THREAD_PRIV;
    behaviour |= BEHAV_L1D_FLUSH_PR;
  } else if (caps.cfpc === "fixed") behaviour |= BEHAV_NO_L1D_FLUSH_ENTRY | BEHAV_NO_L1D_FLUSH_UACCESS;
  else behaviour |= BEHAV_L1D_FLUSH_PR;
  if (caps.sbbc === "workaround") {
    characteristics |= CHAR_SPEC_BAR_ORI31;
    behaviour |= BEHAV_BNDS_CHK_SPEC_BAR;
  } else if (caps.sbbc === "broken") behaviour |= BEHAV_BNDS_CHK_SPEC_BAR;
  if (caps.ibs === "fixed-ccd") characteristics |= CHAR_CACHE_COUNT_DIS;
  else if (caps.ibs === "fixed-ibs") characteristics |= CHAR_BCCTRL_SERIALISED;
  else if (caps.ibs === "workaround") {
    behaviour |= BEHAV_FLUSH_COUNT_CACHE;
    if (caps.ccfAssist) characteristics |= CHAR_BCCTR_FLUSH_ASSIST;
  }
  return { characteristics: characteristics | 0, behaviour: behaviour | 0 };
}

const H_ZERO_PAGE = 1 << 15, H_COPY_PAGE = 1 << 14, H_ICACHE_INVALIDATE = 1 << 13, H_ICACHE_SYNCHRONIZE = 1 << 12;
const PAGE = 4096;

export function registerCpuHcalls(table: HcallTable, caps: MachineConfig["caps"]): void {
  table.register(H_GET_CPU_CHARACTERISTICS, {
    name: "H_GET_CPU_CHARACTERISTICS",
    family: "hcall-get-cpu-characteristics",
    run: ({ cpu }) => {
      const { characteristics, behaviour } = cpuCharacteristics(caps);
      cpu.gprHi[4] = characteristics;
      cpu.gprLo[4] = 0;
      cpu.gprHi[5] = behaviour;
      cpu.gprLo[5] = 0;
      return H_SUCCESS;
    },
  });
  table.register(H_SET_SPRG0, {
    name: "H_SET_SPRG0",
    family: "hcall-sprg0",
    run: ({ cpu }) => {
      cpu.sprHi[272] = cpu.gprHi[4];
      cpu.sprLo[272] = cpu.gprLo[4];
      return H_SUCCESS;
    },
  });
  table.register(H_PAGE_INIT, {
    name: "H_PAGE_INIT",
    family: "hcall-pft",
    run: (ctx) => {
      // LoPAR H_PAGE_INIT: flags, destination page, source page; both 4 KiB aligned and in RAM.
      const flags = ctx.arg32(1), dest = ctx.arg(2), src = ctx.arg(3), mem = ctx.cpu.mem;
      if (flags & ~(H_ZERO_PAGE | H_COPY_PAGE | H_ICACHE_INVALIDATE | H_ICACHE_SYNCHRONIZE) || ctx.cpu.gprHi[4] !== 0) return H_PARAMETER;
      const inRam = (a: number) => a % PAGE === 0 && a + PAGE <= mem.size;
      if (!inRam(dest)) return H_PARAMETER;
      if (flags & H_COPY_PAGE) {
        if (!inRam(src)) return H_PARAMETER;
        mem.write(dest, mem.u8.slice(src, src + PAGE));
      } else if (flags & H_ZERO_PAGE) mem.write(dest, new Uint8Array(PAGE));
      return H_SUCCESS; // writes through GuestMemory already keep decoded instructions coherent
    },
  });
}
