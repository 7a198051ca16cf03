// Segment lookaside buffer instructions (Book III §6.9.3), all privileged. The SLB itself is
// vmm/mmu/slb.ts; changing it makes cached translations stale: those of the segment's 1 TiB
// region go from the soft TLB (slbie, slbmte), or all of them (slbia).

import { SLB_INDEX } from "../../mmu/slb.ts";
import { SRR1_ILLEGAL, SRR1_PRIVILEGED, type Cpu } from "../state.ts";

const RT = (i: number) => (i >>> 21) & 31;
const RB = (i: number) => (i >>> 11) & 31;
const entry = new Int32Array(2);

/** False (after the interrupt) in problem state; the check must precede the interrupt's MSR change. */
function privileged(c: Cpu): boolean {
  if (!c.problem) return true;
  c.programInterrupt(SRR1_PRIVILEGED);
  return false;
}

/** Forget the soft TLB's translations in a 1 TiB region (EA bits 0:23), which holds any segment. */
function forgetRegion(c: Cpu, region: number): void {
  c.forgetTranslations(region << 8, (region << 8) | 0xff);
}

/** slbmte: invalid operands (index, reserved segment size, unknown page size) are illegal, as in QEMU. */
export function slbmte(c: Cpu, insn: number): void {
  if (!privileged(c)) return;
  const rs = RT(insn), rb = RB(insn);
  const replaced = c.slb.region(c.gprLo[rb] & SLB_INDEX);
  if (!c.slb.slbmte(c.gprHi[rs], c.gprLo[rs], c.gprHi[rb], c.gprLo[rb])) return c.programInterrupt(SRR1_ILLEGAL);
  // Translations made through the entry replaced, or that the new one may now take, go.
  if (replaced >= 0) forgetRegion(c, replaced);
  const written = c.slb.region(c.gprLo[rb] & SLB_INDEX);
  if (written >= 0 && written !== replaced) forgetRegion(c, written);
}

/** slbmfee (0) and slbmfev (1): read entry RB[52:63]'s ESID or VSID doubleword. */
export function slbmf(c: Cpu, insn: number, vsid: number): void {
  if (!privileged(c)) return;
  const index = c.gprLo[RB(insn)] & 0xfff;
  const ok = vsid ? c.slb.slbmfev(index, entry) : c.slb.slbmfee(index, entry);
  if (!ok) return c.programInterrupt(SRR1_ILLEGAL);
  c.gprHi[RT(insn)] = entry[0];
  c.gprLo[RT(insn)] = entry[1];
}

export function slbie(c: Cpu, insn: number): void {
  if (!privileged(c)) return;
  const rb = RB(insn);
  if (c.slb.slbie(c.gprHi[rb], c.gprLo[rb])) forgetRegion(c, c.gprHi[rb] >>> 8);
}

export function slbia(c: Cpu, insn: number): void {
  if (!privileged(c)) return;
  c.slb.slbia((insn >>> 21) & 7);
  c.flushTranslation();
}

/** slbfee.: find the entry translating RB; CR0 EQ on a hit. */
export function slbfee(c: Cpu, insn: number): void {
  if (!privileged(c)) return;
  const rb = RB(insn), rt = RT(insn);
  const index = c.slb.slbfee(c.gprHi[rb], c.gprLo[rb], entry);
  c.gprHi[rt] = entry[0];
  c.gprLo[rt] = entry[1];
  c.cr = (c.cr & 0x0fffffff) | (((index >= 0 ? 2 : 0) | c.so) << 28);
}

/** slbsync: orders SLB updates against other threads; nothing to wait for in one interpreter. */
export function slbsync(c: Cpu, _insn: number): void {
  privileged(c);
}
