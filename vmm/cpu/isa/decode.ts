// Decoder built from the instruction table at load time. Decoding happens once per instruction
// word (the interpreter caches decoded pages), so this favours clarity over speed: a lookup by
// primary opcode and bits 21..31, then a full mask check over a short candidate list.

import { INSNS, matchOf, type InsnSpec } from "./table.ts";

/** Operation ids: 0 means "not decoded yet" in decode caches, 1 is the illegal instruction. */
export const OP_UNDECODED = 0;
export const OP_ILLEGAL = 1;
export const FIRST_OP = 2;

/** The table entry behind an operation id (undefined for the two reserved ids). */
export function specOf(op: number): InsnSpec | undefined {
  return INSNS[op - FIRST_OP];
}

const masks = new Uint32Array(INSNS.length);
const values = new Uint32Array(INSNS.length);
INSNS.forEach((s, i) => ([masks[i], values[i]] = matchOf(s)));

/** candidates[(opcd << 11) | bits21to31] lists table indexes, most specific mask first. */
const candidates: number[][] = new Array(64 * 2048);
for (let opcd = 0; opcd < 64; opcd++) {
  const here = INSNS.map((s, i) => i).filter((i) => INSNS[i].opcd === opcd);
  here.sort((a, b) => popcount(masks[b]) - popcount(masks[a]));
  for (let low = 0; low < 2048; low++) {
    const list = here.filter((i) => ((low ^ values[i]) & masks[i] & 0x7ff) === 0);
    if (list.length) candidates[(opcd << 11) | low] = list;
  }
}
checkNoAmbiguity();

function popcount(v: number): number {
  let n = 0;
  for (; v; v &= v - 1) n++;
  return n;
}

/** Two entries that can match the same word are a table bug, caught when the module loads. */
function checkNoAmbiguity(): void {
  for (let i = 0; i < INSNS.length; i++)
    for (let j = i + 1; j < INSNS.length; j++) {
      const common = masks[i] & masks[j];
      if (((values[i] ^ values[j]) & common) === 0 && masks[i] === masks[j])
        throw new Error(`instruction table: ${INSNS[i].name} and ${INSNS[j].name} have the same encoding`);
    }
}

/**
 * Decode a word for a CPU implementing ISA level `isa`; instructions from a later level decode
 * as illegal, as they are on that hardware (and under a PCR compat mode).
 */
export function decode(insn: number, isa: number): number {
  const list = candidates[((insn >>> 26) << 11) | (insn & 0x7ff)];
  if (list === undefined) return OP_ILLEGAL;
  for (const i of list) {
    if (((insn & masks[i]) >>> 0) === values[i]) return INSNS[i].isa <= isa ? i + FIRST_OP : OP_ILLEGAL;
  }
  return OP_ILLEGAL;
}
