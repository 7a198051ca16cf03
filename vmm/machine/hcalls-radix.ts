// H_REGISTER_PROC_TBL (LoPAR ch. 14, "H_REGISTER_PROCESS_TABLE", In-Memory Table Translation
// option, hcall-imtt): an ISA 3.0 guest picks hash or radix translation and names its process
// table. Linux's radix boot calls it once, before turning relocation on, with flags 0x1d
// (register new | radix | GTSE), the table's guest real address, page size 0 and table size 12
// (2^24 bytes); a hash guest calls it with flags 0 to keep the hash/SLB mode. Semantics and
// return codes follow LoPAR as QEMU 7.2 implements it (hw/ppc/spapr_hcall.c).

import type { PartitionState } from "../mmu/partition.ts";
import { H_P2, H_P3, H_P4 } from "./hcalls-mode.ts";
import { H_PARAMETER, H_SUCCESS, type HcallContext, type HcallTable } from "./hcalls.ts";

export const H_REGISTER_PROC_TBL = 0x37c;

// Flags (r4), LoPAR bit numbers in the comments; Linux names them PROC_TABLE_*.
const FLAGS_DEFINED = 0x1f;
const FLAG_MODIFY = 0x10; //         59: change the registration (else keep the current one)
const FLAG_REGISTER = 0x08; //       60: with 59, register a new table (else deregister)
const FLAG_RADIX = 0x04; //          61: radix (else hash)
const FLAG_HASH_PROC_TBL = 0x02; //  62: hash through a process table (segment tables)
const FLAG_GTSE = 0x01; //           63: guest translation shootdown: the guest uses tlbie itself
/** The largest table: 2^(12+24) bytes. */
const MAX_TABLE_SIZE = 24;

/** Register H_REGISTER_PROC_TBL; `onChange` runs when the translation mode or table changes
 *  (every vCPU must forget its cached translations). */
export function registerRadixHcalls(table: HcallTable, partition: PartitionState, onChange: () => void): void {
  table.register(H_REGISTER_PROC_TBL, {
    name: "H_REGISTER_PROC_TBL",
    family: "hcall-imtt",
    run: (ctx) => registerProcessTable(ctx, partition, onChange),
  });
}

function registerProcessTable(ctx: HcallContext, partition: PartitionState, onChange: () => void): number {
  const flags = ctx.arg32(1);
  if (ctx.cpu.gprHi[4] !== 0 || (flags & ~FLAGS_DEFINED) !== 0) return H_PARAMETER;
  const radix = (flags & FLAG_RADIX) !== 0;
  // Hash through a process table (segment tables) is not offered, as in QEMU: an unimplemented
  // function is H_PARAMETER. With the radix bit set, bit 62 does not matter ("1X: radix").
  if (!radix && flags & FLAG_HASH_PROC_TBL) return H_PARAMETER;
  let base = partition.processTableBase;
  let size = partition.processTableSize;

  if (!(flags & FLAG_MODIFY)) {
    // Keeping the current registration cannot switch between hash and radix.
    if (radix !== partition.radix) return H_PARAMETER;
  } else if (!(flags & FLAG_REGISTER)) {
    // Deregistration leaves a benign entry: no process table.
    base = size = 0;
  } else if (radix) {
    // A 4 KiB-aligned guest real address below 2^60; radix tables have no page size.
    if ((ctx.arg32(2) & 0xfff) !== 0 || ctx.cpu.gprHi[5] >>> 28 !== 0) return H_P2;
    if (ctx.arg(3) !== 0) return H_P3;
    if (ctx.arg(4) > MAX_TABLE_SIZE) return H_P4;
    base = ctx.arg(2); // exact: a multiple of 4096 below 2^60
    size = 2 ** (12 + ctx.arg(4));
  } else {
    // Hash with the SLB has no process table, but its arguments (a 1 TiB segment's VSID, an
    // L||LP page size, a table size) are still checked.
    if (ctx.arg(2) >= 2 ** 38) return H_P2;
    if (ctx.arg(3) > 7) return H_P3;
    if (ctx.arg(4) > MAX_TABLE_SIZE) return H_P4;
    base = size = 0;
  }

  const changed = radix !== partition.radix || base !== partition.processTableBase || size !== partition.processTableSize;
  partition.radix = radix;
  partition.processTableBase = base;
  partition.processTableSize = size;
  partition.gtse = (flags & FLAG_GTSE) !== 0;
  if (changed) onChange();
  return H_SUCCESS;
}
