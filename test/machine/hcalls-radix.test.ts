// H_REGISTER_PROC_TBL (LoPAR ch. 14, "H_REGISTER_PROCESS_TABLE"): the flag checks and return
// codes, what the partition records, and a first translation through the registered table.
import { describe, expect, test } from "bun:test";
import { HcallTable, H_PARAMETER, H_SUCCESS } from "../../vmm/machine/hcalls.ts";
import { H_P2, H_P3, H_P4 } from "../../vmm/machine/hcalls-mode.ts";
import { H_REGISTER_PROC_TBL, registerRadixHcalls } from "../../vmm/machine/hcalls-radix.ts";
import { ACCESS_READ, newTranslateResult } from "../../vmm/mmu/mmu.ts";
import { PartitionState } from "../../vmm/mmu/partition.ts";
import { RadixMmu } from "../../vmm/mmu/radix64.ts";
import { makeCpu } from "../cpu/helpers.ts";

// Linux's PROC_TABLE_* flags (arch/powerpc/include/asm/hvcall.h).
const NEW = 0x18n, DEREG = 0x10n, RADIX = 0x04n, HPT_PT = 0x02n, GTSE = 0x01n;

function setup() {
  const cpu = makeCpu({ ram: 2 << 20 });
  const table = new HcallTable(() => {});
  const partition = new PartitionState();
  let changes = 0;
  registerRadixHcalls(table, partition, () => changes++);
  const call = (flags: bigint, base: bigint, pageSize: bigint, tableSize: bigint): number => {
    cpu.setGpr(3, H_REGISTER_PROC_TBL);
    [flags, base, pageSize, tableSize].forEach((v, i) => cpu.setGpr(4 + i, v));
    table.dispatch(cpu);
    return Number(BigInt.asIntN(64, cpu.gpr(3)));
  };
  return { cpu, table, partition, call, changes: () => changes };
}

describe("H_REGISTER_PROC_TBL", () => {
  test("Linux's radix registration (flags 0x1d) records radix, the table and GTSE, and flushes once", () => {
    const { partition, call, changes, table } = setup();
    expect(call(0x1dn, 0x3e000000n, 0n, 12n)).toBe(H_SUCCESS);
    expect({ ...partition }).toEqual({ radix: true, processTableBase: 0x3e000000, processTableSize: 1 << 24, gtse: true });
    expect(changes()).toBe(1);
    // The same call again changes nothing the MMU uses.
    expect(call(0x1dn, 0x3e000000n, 0n, 12n)).toBe(H_SUCCESS);
    expect(changes()).toBe(1);
    expect(table.families()).toEqual(["hcall-imtt"]);
  });

  test("reserved flag bits (0-58) are H_PARAMETER, and nothing changes", () => {
    const { partition, call, changes } = setup();
    for (const flags of [0x20n, 0x1dn | (1n << 40n), 1n << 63n]) expect(call(flags, 0x10000n, 0n, 4n)).toBe(H_PARAMETER);
    expect(partition.radix).toBe(false);
    expect(changes()).toBe(0);
  });

  test("a radix table: base 4 KiB-aligned below 2^60 (H_P2), page size 0 (H_P3), size <= 24 (H_P4)", () => {
    const { partition, call } = setup();
    expect(call(NEW | RADIX, 0x10800n, 0n, 4n)).toBe(H_P2);
    expect(call(NEW | RADIX, 1n << 60n, 0n, 4n)).toBe(H_P2);
    expect(call(NEW | RADIX, 0x10000n, 1n, 4n)).toBe(H_P3);
    expect(call(NEW | RADIX, 0x10000n, 0n, 25n)).toBe(H_P4);
    expect(partition.processTableSize).toBe(0);
    // The largest legal values are accepted (a table beyond RAM machine-checks when walked).
    expect(call(NEW | RADIX, (1n << 60n) - 4096n, 0n, 24n)).toBe(H_SUCCESS);
    expect(partition.processTableBase).toBe(2 ** 60 - 4096);
    expect(partition.processTableSize).toBe(2 ** 36);
  });

  test("hash through a process table (flags 61:62 = 01) is not offered: H_PARAMETER", () => {
    const { call } = setup();
    expect(call(NEW | HPT_PT, 0x10000n, 0n, 4n)).toBe(H_PARAMETER);
    expect(call(HPT_PT, 0n, 0n, 0n)).toBe(H_PARAMETER);
  });

  test("keeping the registration (flags 59 = 0) cannot switch between hash and radix", () => {
    const { partition, call, changes } = setup();
    expect(call(0n, 0n, 0n, 0n)).toBe(H_SUCCESS); // a hash guest's call, at reset
    expect(call(RADIX, 0n, 0n, 0n)).toBe(H_PARAMETER);
    expect(call(NEW | RADIX, 0x10000n, 0n, 4n)).toBe(H_SUCCESS);
    expect(call(0n, 0n, 0n, 0n)).toBe(H_PARAMETER);
    expect(call(RADIX | GTSE, 0n, 0n, 0n)).toBe(H_SUCCESS);
    expect(partition).toMatchObject({ radix: true, processTableBase: 0x10000, processTableSize: 0x10000, gtse: true });
    expect(changes()).toBe(1);
  });

  test("hash with the SLB: no process table; VSID (H_P2), L||LP page size (H_P3) and size (H_P4) checked", () => {
    const { partition, call, changes } = setup();
    expect(call(NEW | RADIX, 0x10000n, 0n, 4n)).toBe(H_SUCCESS);
    expect(call(NEW, 1n << 38n, 0n, 0n)).toBe(H_P2);
    expect(call(NEW, 0n, 8n, 0n)).toBe(H_P3);
    expect(call(NEW, 0n, 0n, 25n)).toBe(H_P4);
    expect(call(NEW, 0n, 0n, 0n)).toBe(H_SUCCESS);
    expect({ ...partition }).toEqual({ radix: false, processTableBase: 0, processTableSize: 0, gtse: false });
    expect(changes()).toBe(2);
  });

  test("deregistration (flags 59:60 = 10) leaves no process table; the mode follows flag 61", () => {
    const { partition, call, changes } = setup();
    expect(call(NEW | RADIX | GTSE, 0x10000n, 0n, 4n)).toBe(H_SUCCESS);
    expect(call(DEREG | RADIX, 0n, 0n, 0n)).toBe(H_SUCCESS);
    expect({ ...partition }).toEqual({ radix: true, processTableBase: 0, processTableSize: 0, gtse: false });
    expect(changes()).toBe(2);
  });

  test("the registered table is the one the radix MMU walks (Book III §6.7.10)", () => {
    const { cpu, partition, call } = setup();
    const view = cpu.mem.view;
    // Process table at 64 KiB (4 KiB, PRTS 0); PID 0's tree: root 64 KiB at 128 KiB, then three 4 KiB levels.
    expect(call(NEW | RADIX | GTSE, 0x10000n, 0n, 0n)).toBe(H_SUCCESS);
    const valid = 1n << 63n;
    view.setBigUint64(0x10000, (2n << 61n) | (5n << 5n) | 0x20000n | 13n, false);
    view.setBigUint64(0x20000 + 0 * 8, valid | 0x30000n | 9n, false);
    view.setBigUint64(0x30000, valid | 0x31000n | 9n, false);
    view.setBigUint64(0x31000, valid | 0x32000n | 9n, false);
    view.setBigUint64(0x32000 + 5 * 8, valid | (1n << 62n) | 0x4000n | 0x6n, false); // EA page 5 -> 0x4000, R/RW
    const out = newTranslateResult();
    expect(new RadixMmu(partition, cpu.mem).translate(cpu, 0xc0000000 | 0, 0x5678, ACCESS_READ, out)).toBe(true);
    expect(out.ra).toBe(0x4678);
  });
});
