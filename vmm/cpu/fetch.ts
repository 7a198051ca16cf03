// Instruction fetch for the interpreter: entering a new page (translation through the execute
// side of the soft TLB) and decoding a word into the page's decode cache.

import { PAGE_SHIFT } from "../mmu/guest-memory.ts";
import { TLB_MASK } from "../mmu/soft-tlb.ts";
import { bswap32 } from "./exec/int64.ts";
import { decode } from "./isa/decode.ts";
import type { Cpu } from "./state.ts";

/** Make the page holding (hi, lo) the current fetch page; false if the fetch faulted. */
export function enterPage(c: Cpu, hi: number, lo: number): boolean {
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

/** Decode the word at slot k of the current fetch page into the page's cache. */
export function decodeInto(c: Cpu, page: Int32Array, k: number): number {
  const w = c.ram32[(c.fetchPagePa + (k << 1)) >> 2];
  const insn = c.le ? w : bswap32(w);
  const op = decode(insn, c.isa);
  c.onDecode?.(c.fetchTagHi, c.fetchTagLo | (k << 1), insn);
  page[k] = op;
  page[k + 1] = insn;
  return op;
}
