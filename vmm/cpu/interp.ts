// The interpreter: fetch through a per-page decode cache, advance pc, dispatch. Instructions
// are decoded once per physical word (until a store overwrites it); the loop itself touches
// only the Cpu's fields and typed arrays, allocates nothing and makes one monomorphic call.

import { PAGE_SHIFT } from "../mmu/guest-memory.ts";
import { TLB_MASK } from "../mmu/soft-tlb.ts";
import { decode } from "./isa/decode.ts";
import { dispatch } from "./generated/dispatch.ts";
import { bswap32 } from "./exec/int64.ts";
import type { Cpu } from "./state.ts";

/** Run up to `budget` instructions (fewer if something ends the slice). Returns the count run. */
export function runSlice(c: Cpu, budget: number): number {
  c.n = 0;
  c.sliceEnd = budget;
  while (c.n < c.sliceEnd) {
    const hi = c.pcHi, lo = c.pcLo;
    if ((lo & ~0xfff) !== c.fetchTagLo || hi !== c.fetchTagHi) {
      if (!enterPage(c, hi, lo)) continue; // the fetch raised an interrupt: pc has moved
    }
    const page = c.fetchPage;
    const k = (lo & 0xffc) >> 1;
    let op = page[k];
    if (op === 0) op = decodeInto(c, page, k);
    const next = (lo + 4) | 0;
    c.pcLo = next;
    if (next === 0) c.pcHi = (hi + 1) & -c.mode64;
    c.n++;
    dispatch(c, op, page[k + 1]);
  }
  c.retired += c.n;
  const ran = c.n;
  c.n = 0;
  return ran;
}

/** Make the page holding (hi, lo) the current fetch page; false if the fetch faulted. */
function enterPage(c: Cpu, hi: number, lo: number): boolean {
  const tlb = c.tlb;
  const i = (lo >>> PAGE_SHIFT) & TLB_MASK;
  let pagePa: number;
  if (tlb.execLo[i] === (lo & ~0xfff) && tlb.execHi[i] === hi) pagePa = tlb.execPage[i];
  else {
    pagePa = c.translateFetch(hi, lo);
    if (pagePa < 0) return false;
    tlb.fillExec(hi, lo, pagePa);
  }
  c.fetchPage = c.decodePage(pagePa);
  c.fetchPagePa = pagePa;
  c.fetchTagHi = hi;
  c.fetchTagLo = lo & ~0xfff;
  return true;
}

function decodeInto(c: Cpu, page: Int32Array, k: number): number {
  const w = c.ram32[(c.fetchPagePa + (k << 1)) >> 2];
  const insn = c.le ? w : bswap32(w);
  const op = decode(insn, c.isa);
  page[k] = op;
  page[k + 1] = insn;
  return op;
}
