// Processor control (Book III ch. 11): the privileged doorbell a guest kernel sends within its
// own core (msgsndp, msgclrp), and the hypervisor's doorbell instructions, which a guest
// may not run. spar gives each core one thread, so the only target is thread 0.

import { HFSCR_IC_MSGP, HFSCR_MSGP, SRR1_PRIVILEGED, type Cpu } from "../state.ts";

const RB = (i: number) => (i >>> 11) & 31;

/** RB[32:36]: message type 5 is the only one defined ("directed doorbell"); others make the instruction a no-op. */
const DOORBELL_TYPE = 5;

function isDoorbell(c: Cpu, insn: number): boolean {
  return ((c.gprLo[RB(insn)] >>> 27) & 0x1f) === DOORBELL_TYPE;
}

/** msgsndp (send=1) and msgclrp (send=0): set or clear the DPDES bit of a thread of this core. */
export function privilegedDoorbell(c: Cpu, insn: number, send: number): void {
  if (c.problem) return c.programInterrupt(SRR1_PRIVILEGED);
  if (!c.hypervisorFacilityEnabled(HFSCR_MSGP)) return c.hypervisorFacilityUnavailable(HFSCR_IC_MSGP);
  if (!isDoorbell(c, insn)) return;
  if (!send) return c.setDoorbell(false); // msgclrp acts on the issuing thread
  // RB[57:63] names the target thread (TIR); a thread the core does not have is no target.
  if ((c.gprLo[RB(insn)] & 0x7f) === 0) c.setDoorbell(true);
}

/**
 * msgsnd, msgclr and msgsync are hypervisor privileged. From the guest kernel the architected
 * interrupt is Hypervisor Emulation Assistance, which reaches the hypervisor (spar); spar
 * reflects a privileged-instruction program interrupt, as QEMU does for a pseries guest and as
 * it does for hrfid and the hypervisor SPRs. There is no other core to signal, so in
 * hypervisor state they do nothing.
 */
export function hypervisorDoorbell(c: Cpu, _insn: number): void {
  if (!c.hyper) c.programInterrupt(SRR1_PRIVILEGED);
}
