// Effective-to-real translation as a pseries guest sees it. With MSR[IR]/[DR] off (real mode)
// the top four bits of the effective address are ignored and the rest is a guest real address;
// anything beyond guest RAM is a machine check, as PAPR specifies for a logical partition.
// The hash and radix MMUs (issue 3) plug in here behind the same contract.

/** Result of a failed translation (a non-negative result is the real address). */
export const FAULT_MACHINE_CHECK = -1;

/** Translate in real mode: `hi`/`lo` are the halves of the effective address. */
export function translateReal(hi: number, lo: number, ramSize: number): number {
  if ((hi & 0x0fffffff) !== 0) return FAULT_MACHINE_CHECK;
  const ra = lo >>> 0;
  return ra < ramSize ? ra : FAULT_MACHINE_CHECK;
}
