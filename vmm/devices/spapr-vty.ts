// spapr-vty: the PAPR virtual terminal (LoPAR §14.6), reached through H_PUT_TERM_CHAR and
// H_GET_TERM_CHAR with its unit address. Output goes straight to the backend; input is queued
// until the guest polls for it.

import type { CharBackend } from "./char-backend.ts";

/** QEMU gives the first VIO device this unit address; guests and tooling expect it. */
export const VTY_REG = 0x71000000;
/** Both hcalls move at most 16 bytes (two registers) at a time. */
export const VTY_MAX_CHUNK = 16;

export class SpaprVty {
  private readonly input: number[] = [];
  /** Bytes written by the guest and typed to it, for statistics. */
  bytesOut = 0;
  bytesIn = 0;

  constructor(
    readonly reg: number,
    private readonly backend: CharBackend,
    /** Raise the vty's interrupt: input is waiting (guests that use interrupts instead of polling). */
    private readonly interrupt: () => void = () => {},
  ) {
    backend.onInput?.((bytes) => {
      this.bytesIn += bytes.length;
      this.input.push(...bytes);
      this.interrupt();
    });
  }

  put(bytes: Uint8Array): void {
    this.bytesOut += bytes.length;
    this.backend.write(bytes);
  }

  /** Take up to `max` queued input bytes. */
  get(max: number): number[] {
    return this.input.splice(0, max);
  }

  get pendingInput(): number {
    return this.input.length;
  }
}
