// Firmware-assisted NMI (PAPR FWNMI): with ibm,nmi-register the OS names its own handlers for
// system reset and machine check, which the platform then enters instead of 0x100 and 0x200;
// ibm,nmi-interlock releases a machine check's error log. Answered as QEMU 7.2 answers them.
// Under TCG QEMU delivers machine checks architecturally (only KVM reports them through FWNMI),
// and so does spar, so only system resets (H_SIGNAL_SYS_RESET) reach a registered handler.

import { RTAS_ERROR_LOG_MAX } from "../../firmware/device-tree.ts";
import type { Cpu } from "../cpu/state.ts";
import type { GuestMemory } from "../mmu/guest-memory.ts";
import { RTAS_NOT_SUPPORTED, RTAS_PARAMETER_ERROR, RTAS_SUCCESS, type Rtas } from "./rtas.ts";

/** PAPR: the handlers must lie in the first 32 MiB, inside the real mode area. */
const HANDLER_LIMIT = 32 * 2 ** 20;

export class Fwnmi {
  /** The handlers the OS registered, if it did. */
  handlers: { systemReset: number; machineCheck: number } | undefined;

  constructor(
    private readonly mem: GuestMemory,
    /** Where the OS instantiated RTAS, once it has. */
    readonly rtasBase: () => number | undefined,
  ) {}

  /**
   * Take a system reset on thread `index` at its next instruction. With FWNMI, as PowerVM and
   * QEMU do, the thread's r3 goes to its save area (the RTAS area holds the error log, then 16
   * bytes per thread), r3 points there and the registered handler runs.
   */
  systemReset(cpu: Cpu, index: number): void {
    const base = this.rtasBase();
    const saveArea = base === undefined ? -1 : base + RTAS_ERROR_LOG_MAX + 16 * index;
    const fwnmi = this.handlers !== undefined && saveArea >= 0 && saveArea + 16 <= this.mem.size;
    if (fwnmi) {
      this.mem.view.setBigUint64(saveArea, cpu.gpr(3));
      this.mem.view.setBigUint64(saveArea + 8, 0n);
      cpu.setGpr(3, saveArea);
    }
    cpu.systemReset();
    if (fwnmi) cpu.pcLo = this.handlers!.systemReset;
  }
}

export function registerNmiRtas(rtas: Rtas, fwnmi: Fwnmi, ramBytes: number): void {
  rtas.register({
    name: "ibm,nmi-register",
    run: ({ args }) => {
      if (fwnmi.rtasBase() === undefined) return RTAS_NOT_SUPPORTED; // nowhere to put the save areas
      if (args.length !== 2) return RTAS_PARAMETER_ERROR;
      const [systemReset, machineCheck] = args;
      const limit = Math.min(HANDLER_LIMIT, ramBytes);
      if (systemReset >= limit || machineCheck >= limit) return RTAS_PARAMETER_ERROR;
      fwnmi.handlers = { systemReset, machineCheck };
      return RTAS_SUCCESS;
    },
  });
  rtas.register({
    name: "ibm,nmi-interlock",
    run: () => {
      // No machine check is ever held for the OS, so there is nothing to release; Linux also
      // calls this after system resets, which PowerVM and QEMU answer with success.
      return fwnmi.handlers === undefined ? RTAS_PARAMETER_ERROR : RTAS_SUCCESS;
    },
  });
}
