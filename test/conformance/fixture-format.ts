// The recorded fixture: one JSON line per case. Inputs are regenerated from (name, seed, endian)
// by case-gen.ts; outputs are stored as differences from the inputs, hex-encoded.
//   {"n":"add","s":17,"e":"le","w":["7c642a14"],"o":{"r":{"3":"..."},"cr":"...","xer":"...",
//    "lr":..,"ctr":..,"tar":..,"v":"700","srr0":"..","srr1":"..","dar":..,"dsisr":..,"m":[[off,"hex"]]}}
// Cases with FP/vector state add the VSRs that changed (big-endian, 32 hex digits), FPSCR and VSCR:
//    "vs":{"33":"0102..."},"fpscr":"84000013","vscr":"10000"

import type { CaseInput } from "./case-gen.ts";
import type { CaseResult } from "./spar-run.ts";

export interface FixtureLine {
  n: string;
  s: number;
  e: "le" | "be";
  w: string[];
  o: StoredOutput;
}

export interface StoredOutput {
  r: Record<string, string>;
  cr: string;
  xer: string;
  lr?: string;
  ctr?: string;
  tar?: string;
  v: string;
  srr0: string;
  srr1: string;
  dar?: string;
  dsisr?: string;
  m: [number, string][];
  vs?: Record<string, string>;
  fpscr?: string;
  vscr?: string;
}

const hex = (v: bigint | number) => (typeof v === "bigint" ? v : BigInt(v >>> 0)).toString(16);

export function storeOutput(input: CaseInput, out: CaseResult): StoredOutput {
  const r: Record<string, string> = {};
  out.gpr.forEach((v, i) => {
    if (v !== input.gpr[i]) r[i] = hex(v);
  });
  const m: [number, string][] = [];
  for (let i = 0; i < out.mem.length; i++) {
    if (out.mem[i] === input.mem[i]) continue;
    let j = i;
    while (j < out.mem.length && out.mem[j] !== input.mem[j]) j++;
    m.push([i, Buffer.from(out.mem.subarray(i, j)).toString("hex")]);
    i = j;
  }
  const s: StoredOutput = { r, cr: hex(out.cr), xer: hex(out.xer), v: hex(out.vector), srr0: hex(out.srr0), srr1: hex(out.srr1), m };
  if (out.lr !== input.lr) s.lr = hex(out.lr);
  if (out.ctr !== input.ctr) s.ctr = hex(out.ctr);
  if (out.tar !== input.tar) s.tar = hex(out.tar);
  if (out.dar !== 0n) s.dar = hex(out.dar);
  if (out.dsisr !== 0) s.dsisr = hex(out.dsisr);
  if (input.vec) {
    const vs: Record<string, string> = {};
    for (let i = 0; i < 64; i++) {
      const before = input.vec.vsr.subarray(16 * i, 16 * i + 16), after = out.vec.vsr.subarray(16 * i, 16 * i + 16);
      if (!Buffer.from(before).equals(after)) vs[i] = Buffer.from(after).toString("hex");
    }
    s.vs = vs;
    s.fpscr = hex(out.vec.fpscr);
    s.vscr = hex(out.vec.vscr);
  }
  return s;
}
