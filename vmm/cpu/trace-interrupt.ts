// Trace interrupts (Book III §7.5.15): with MSR[SE] every instruction that completes (except
// rfid, hrfid and rfscv) is followed by a trace interrupt; with MSR[BE] every branch is. The
// interrupt goes to 0xd00 with SRR0 = the next instruction, SRR1[33] set, SRR1[35] for a
// load-type and SRR1[36] for a store-type instruction, and SIAR = the traced instruction, as
// POWER processors do. The fast interpreter never checks for this: setting SE or BE ends the
// slice, and the machine steps through here while either is on.

import { decode, specOf } from "./isa/decode.ts";
import { runSlice } from "./interp.ts";
import { MSR_BE, MSR_SE } from "./msr.ts";
import { SPR_SIAR } from "./sprs.ts";
import { VEC_TRACE, type Cpu } from "./state.ts";

const SRR1_TRACE = 1 << 30, SRR1_TRACE_LOAD = 1 << 28, SRR1_TRACE_STORE = 1 << 27;
const BRANCHES = new Set(["b", "bc", "bclr", "bcctr", "bctar"]);
const UNTRACED = new Set(["rfid", "hrfid", "rfscv"]);

/** Run up to `budget` instructions one at a time, delivering trace interrupts. */
export function runWithTrace(c: Cpu, budget: number): number {
  let ran = 0;
  while (ran < budget && c.msrLo & (MSR_SE | MSR_BE)) {
    const msr = c.msrLo, ciaHi = c.pcHi, ciaLo = c.pcLo, interrupts = c.interrupts;
    if (runSlice(c, 1) === 0) continue; // the fetch faulted: nothing completed
    ran++;
    if (c.interrupts !== interrupts) continue; // an instruction that interrupts is not traced
    const page = c.fetchPage, k = (ciaLo & 0xffc) >> 1;
    const spec = specOf(page[k] || decode(page[k + 1], c.isa));
    if (!spec || UNTRACED.has(spec.name)) continue;
    if (!(msr & MSR_SE) && !BRANCHES.has(spec.name)) continue;
    let bits = SRR1_TRACE;
    if (spec.mem && !spec.mem.block) bits |= spec.mem.store ? SRR1_TRACE_STORE : SRR1_TRACE_LOAD;
    else if (spec.name === "dcbz") bits |= SRR1_TRACE_STORE;
    else if (spec.name === "dcbf" || spec.name === "icbi") bits |= SRR1_TRACE_LOAD;
    c.sprHi[SPR_SIAR] = ciaHi;
    c.sprLo[SPR_SIAR] = ciaLo;
    c.interrupt(VEC_TRACE, c.pcHi, c.pcLo, bits);
  }
  return ran;
}
