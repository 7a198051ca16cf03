// The page frame table hcalls (LoPAR §14.5.4.1, hcall-pft and hcall-bulk): return codes, results
// and what lands in the hashed page table, including bad arguments.
import { beforeEach, describe, expect, test } from "bun:test";
import { findCpuModel } from "../../vmm/cpu/models.ts";
import { Cpu } from "../../vmm/cpu/state.ts";
import { H_PARAMETER, H_SUCCESS, HcallTable } from "../../vmm/machine/hcalls.ts";
import {
  H_BULK_REMOVE,
  H_CLEAR_MOD,
  H_CLEAR_REF,
  H_ENTER,
  H_NOT_FOUND,
  H_PROTECT,
  H_PTEG_FULL,
  H_READ,
  H_REMOVE,
  registerPftHcalls,
} from "../../vmm/machine/hcalls-pft.ts";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { HashMmu } from "../../vmm/mmu/hash64.ts";
import { HashPageTable, POWER_SEGMENT_PAGE_SIZES } from "../../vmm/mmu/hpt.ts";
import { ACCESS_WRITE, newTranslateResult } from "../../vmm/mmu/mmu.ts";
import { Slb } from "../../vmm/mmu/slb.ts";

const RAM_SIZE = 32 << 20;
const PTE_COUNT = 1 << (18 - 4);

// PAPR flag bits, counted from the most significant.
const bit = (n: number) => 1n << BigInt(63 - n);
const H_EXACT = bit(24), H_R_XLATE = bit(25), H_READ_4 = bit(26), H_AVPN = bit(32), H_ANDCOND = bit(33), H_ZERO_PAGE = bit(48);
// PTE bits (pre-ISA-3.0 format).
const V = 1n, L = 4n, SW_LOCK = 8n, HV_BITS = 0x60n;
const PP0 = 1n << 63n, KEY_HI = 3n << 60n, KEY_LO = 7n << 9n, R = 0x100n, C = 0x80n, I = 0x20n, M = 0x10n, G = 0x8n, N = 0x4n;

const cpu = new Cpu(findCpuModel("power9")!, new GuestMemory(RAM_SIZE));
let table: HcallTable, hpt: HashPageTable, invalidations: number;

beforeEach(() => {
  cpu.gprHi.fill(0);
  cpu.gprLo.fill(0);
  table = new HcallTable(() => {});
  hpt = new HashPageTable(18);
  invalidations = 0;
  registerPftHcalls(table, hpt, () => invalidations++);
});

/** Make hcall `number` with r4.. = args; the status (r3) as a signed number. */
function hcall(number: number, ...args: bigint[]): number {
  cpu.setGpr(3, number);
  args.forEach((a, i) => cpu.setGpr(4 + i, a));
  table.dispatch(cpu);
  return Number(BigInt.asIntN(64, cpu.gpr(3)));
}

function pte(ptex: number): [bigint, bigint] {
  const dw = (h: number, l: number) => (BigInt(h >>> 0) << 32n) | BigInt(l >>> 0);
  return [dw(hpt.vHi(ptex), hpt.vLo(ptex)), dw(hpt.rHi(ptex), hpt.rLo(ptex))];
}

/** A 4K PTE (first doubleword) for AVPN `avpn`, and a coherent RAM page at `pa` (second). */
const pteh = (avpn: bigint, extra = 0n) => (avpn << 7n) | extra | V;
const ptel = (pa: bigint, extra = 0n) => pa | M | extra;

describe("H_ENTER", () => {
  test("takes the first free slot of the PTEG and returns its index in r4", () => {
    expect(hcall(H_ENTER, 0n, 8n * 5n + 3n, pteh(0x1234n), ptel(0x5000n))).toBe(H_SUCCESS);
    expect(cpu.gpr(4)).toBe(40n);
    expect(pte(40)).toEqual([pteh(0x1234n), ptel(0x5000n)]);
    expect(hcall(H_ENTER, 0n, 40n, pteh(0x1235n), ptel(0x6000n))).toBe(H_SUCCESS);
    expect(cpu.gpr(4)).toBe(41n);
    expect(invalidations).toBe(0);
  });

  test("a full PTEG returns H_PTEG_FULL", () => {
    for (let i = 0; i < 8; i++) expect(hcall(H_ENTER, 0n, 16n, pteh(BigInt(i)), ptel(0x1000n))).toBe(H_SUCCESS);
    expect(hcall(H_ENTER, 0n, 16n, pteh(9n), ptel(0x1000n))).toBe(H_PTEG_FULL);
  });

  test("H_EXACT uses exactly the PTEX given, and fails with H_PTEG_FULL when it is taken", () => {
    expect(hcall(H_ENTER, H_EXACT, 21n, pteh(1n), ptel(0x1000n))).toBe(H_SUCCESS);
    expect(cpu.gpr(4)).toBe(21n);
    expect(hcall(H_ENTER, H_EXACT, 21n, pteh(2n), ptel(0x2000n))).toBe(H_PTEG_FULL);
    expect(pte(21)[0]).toBe(pteh(1n));
  });

  test("PTEH bits 57:58 are the hypervisor's: dropped; the guest's software bits are kept", () => {
    expect(hcall(H_ENTER, H_EXACT, 3n, pteh(7n, HV_BITS | SW_LOCK), ptel(0x1000n))).toBe(H_SUCCESS);
    expect(pte(3)[0]).toBe(pteh(7n, SW_LOCK));
  });

  test("large pages: 64K (LP 0001) and 16M (LP 0) in RAM are accepted", () => {
    expect(hcall(H_ENTER, 0n, 0n, pteh(0n, L), 0x7_0000n | 0x1000n | M)).toBe(H_SUCCESS);
    expect(hcall(H_ENTER, 0n, 0n, pteh(0n, L), 0x100_0000n | M)).toBe(H_SUCCESS);
  });

  test.each([
    ["a PTEX beyond the table", 0n, BigInt(PTE_COUNT), pteh(1n), ptel(0x1000n)],
    ["a PTEX above 2^32", 0n, 1n << 32n, pteh(1n), ptel(0x1000n)],
    ["an RPN beyond RAM", 0n, 0n, pteh(1n), ptel(BigInt(RAM_SIZE))],
    ["an RPN far beyond RAM", 0n, 0n, pteh(1n), ptel(1n << 44n)],
    ["a 16M page that ends beyond RAM", 0n, 0n, pteh(1n, L), BigInt(RAM_SIZE) | M],
    ["WIMG other than 0010 for RAM (I)", 0n, 0n, pteh(1n), 0x1000n | I],
    ["WIMG other than 0010 for RAM (G)", 0n, 0n, pteh(1n), 0x1000n | M | G],
    ["an L/LP with no page size", 0n, 0n, pteh(1n, L), 0x3000n | M],
    ["a reserved segment size (B = 0b10)", 0n, 0n, (2n << 62n) | pteh(1n), ptel(0x1000n)],
  ])("%s is H_PARAMETER", (_what, flags, ptex, h, l) => {
    expect(hcall(H_ENTER, flags, ptex, h, l)).toBe(H_PARAMETER);
    expect(hpt.bytes.some((b) => b !== 0)).toBe(false);
  });

  test("H_ZERO_PAGE clears the page before mapping it", () => {
    cpu.mem.u8.fill(0xaa, 0x3000, 0x5000);
    expect(hcall(H_ENTER, H_ZERO_PAGE, 0n, pteh(1n), ptel(0x3000n))).toBe(H_SUCCESS);
    expect(cpu.mem.u8.subarray(0x3000, 0x4000).every((b) => b === 0)).toBe(true);
    expect(cpu.mem.u8[0x4000]).toBe(0xaa);
  });
});

describe("H_REMOVE", () => {
  beforeEach(() => {
    expect(hcall(H_ENTER, H_EXACT, 10n, pteh(0x77n, L), 0x100_0000n | M | R)).toBe(H_SUCCESS);
  });

  test("returns the old PTE in r4/r5, clears it and flushes translations", () => {
    expect(hcall(H_REMOVE, 0n, 10n, 0n)).toBe(H_SUCCESS);
    expect([cpu.gpr(4), cpu.gpr(5)]).toEqual([pteh(0x77n, L), 0x100_0000n | M | R]);
    expect(pte(10)).toEqual([0n, 0n]);
    expect(invalidations).toBe(1);
    expect(hcall(H_REMOVE, 0n, 10n, 0n)).toBe(H_NOT_FOUND);
  });

  test("H_AVPN: dword 0 bits 0:56 must equal r6", () => {
    expect(hcall(H_REMOVE, H_AVPN, 10n, 0x78n << 7n)).toBe(H_NOT_FOUND);
    expect(pte(10)[0]).toBe(pteh(0x77n, L));
    expect(hcall(H_REMOVE, H_AVPN, 10n, 0x77n << 7n)).toBe(H_SUCCESS);
  });

  test("H_ANDCOND: dword 0 ANDed with r6 must be 0", () => {
    expect(hcall(H_REMOVE, H_ANDCOND, 10n, 0x1n << 7n)).toBe(H_NOT_FOUND);
    expect(invalidations).toBe(0);
    expect(hcall(H_REMOVE, H_ANDCOND, 10n, 0x8n << 7n)).toBe(H_SUCCESS);
  });

  test("an empty slot is H_NOT_FOUND, a PTEX beyond the table H_PARAMETER", () => {
    expect(hcall(H_REMOVE, 0n, 11n, 0n)).toBe(H_NOT_FOUND);
    expect(hcall(H_REMOVE, 0n, BigInt(PTE_COUNT), 0n)).toBe(H_PARAMETER);
    expect(hcall(H_REMOVE, 0n, -1n, 0n)).toBe(H_PARAMETER);
  });
});

describe("H_READ", () => {
  beforeEach(() => {
    for (let i = 0n; i < 4n; i++) expect(hcall(H_ENTER, H_EXACT, 20n + i, pteh(i), ptel(0x1000n * (i + 1n)))).toBe(H_SUCCESS);
  });

  test("one PTE in r4/r5", () => {
    expect(hcall(H_READ, 0n, 22n)).toBe(H_SUCCESS);
    expect([cpu.gpr(4), cpu.gpr(5)]).toEqual([pteh(2n), ptel(0x3000n)]);
    expect(hcall(H_READ, H_R_XLATE, 23n)).toBe(H_SUCCESS); // RPNs are already logical
    expect(cpu.gpr(5)).toBe(ptel(0x4000n));
  });

  test("H_READ_4: four PTEs from PTEX rounded down to a multiple of 4, in r4..r11", () => {
    expect(hcall(H_READ, H_READ_4, 23n)).toBe(H_SUCCESS);
    const got = [4, 5, 6, 7, 8, 9, 10, 11].map((r) => cpu.gpr(r));
    expect(got).toEqual([0n, 1n, 2n, 3n].flatMap((i) => [pteh(i), ptel(0x1000n * (i + 1n))]));
  });

  test("an empty slot reads as zeros; a PTEX beyond the table is H_PARAMETER", () => {
    expect(hcall(H_READ, 0n, 24n)).toBe(H_SUCCESS);
    expect([cpu.gpr(4), cpu.gpr(5)]).toEqual([0n, 0n]);
    expect(hcall(H_READ, H_READ_4, BigInt(PTE_COUNT))).toBe(H_PARAMETER);
  });
});

describe("H_PROTECT", () => {
  beforeEach(() => {
    expect(hcall(H_ENTER, H_EXACT, 30n, pteh(0x55n), ptel(0x8000n, R | C | 2n))).toBe(H_SUCCESS);
  });

  test("sets PP0, key, N and PP from the flags; R, C and the RPN stay", () => {
    const flags = (1n << 8n) | (3n << 12n) | (5n << 9n) | 4n | 1n; // pp0, key 0:1, key 2:4, N, pp
    expect(hcall(H_PROTECT, flags, 30n, 0n)).toBe(H_SUCCESS);
    expect(pte(30)[1]).toBe(PP0 | KEY_HI | (5n << 9n) | 0x8000n | R | C | M | N | 1n);
    expect(invalidations).toBe(1);
    expect(hcall(H_PROTECT, 2n, 30n, 0n)).toBe(H_SUCCESS);
    expect(pte(30)[1] & (PP0 | KEY_HI | KEY_LO | N | 3n)).toBe(2n);
  });

  test("H_AVPN mismatch and an invalid PTE are H_NOT_FOUND, a bad PTEX H_PARAMETER", () => {
    expect(hcall(H_PROTECT, H_AVPN | 3n, 30n, 0x56n << 7n)).toBe(H_NOT_FOUND);
    expect(pte(30)[1] & 3n).toBe(2n);
    expect(hcall(H_PROTECT, H_AVPN | 3n, 30n, 0x55n << 7n)).toBe(H_SUCCESS);
    expect(pte(30)[1] & 3n).toBe(3n);
    expect(hcall(H_PROTECT, 0n, 31n, 0n)).toBe(H_NOT_FOUND);
    expect(hcall(H_PROTECT, 0n, BigInt(PTE_COUNT), 0n)).toBe(H_PARAMETER);
  });
});

describe("H_CLEAR_MOD and H_CLEAR_REF", () => {
  beforeEach(() => {
    expect(hcall(H_ENTER, H_EXACT, 40n, pteh(1n), ptel(0x2000n, R | C))).toBe(H_SUCCESS);
  });

  test("return the second doubleword as it was and clear C (or R)", () => {
    expect(hcall(H_CLEAR_MOD, 0n, 40n)).toBe(H_SUCCESS);
    expect(cpu.gpr(4)).toBe(ptel(0x2000n, R | C));
    expect(pte(40)[1]).toBe(ptel(0x2000n, R));
    expect(invalidations).toBe(1);
    expect(hcall(H_CLEAR_REF, 0n, 40n)).toBe(H_SUCCESS);
    expect(cpu.gpr(4)).toBe(ptel(0x2000n, R));
    expect(pte(40)[1]).toBe(ptel(0x2000n));
    expect(invalidations).toBe(2);
    expect(hcall(H_CLEAR_REF, 0n, 40n)).toBe(H_SUCCESS);
    expect(invalidations).toBe(2); // nothing to clear, nothing to flush
  });

  test("an invalid PTE is H_NOT_FOUND, a bad PTEX H_PARAMETER", () => {
    expect(hcall(H_CLEAR_MOD, 0n, 41n)).toBe(H_NOT_FOUND);
    expect(hcall(H_CLEAR_REF, 0n, 41n)).toBe(H_NOT_FOUND);
    expect(hcall(H_CLEAR_MOD, 0n, BigInt(PTE_COUNT))).toBe(H_PARAMETER);
    expect(hcall(H_CLEAR_REF, 0n, 1n << 40n)).toBe(H_PARAMETER);
  });
});

describe("H_BULK_REMOVE", () => {
  // Translation specifier high doubleword: type 0:1, code 2:3, RC 4:5, flags 6:7, PTEX 8:63.
  const request = (ptex: bigint, flags = 0n) => (1n << 62n) | (flags << 56n) | ptex;
  const response = (ptex: bigint, code: bigint, rc = 0n, flags = 0n) => (2n << 62n) | (code << 60n) | (rc << 58n) | (flags << 56n) | ptex;
  const END = 3n << 62n;
  const ABSOLUTE = 0n, ANDCOND = 1n, AVPN = 2n;
  const SUCCESS = 0n, NOT_FOUND = 1n, PARAMETER = 2n;

  beforeEach(() => {
    expect(hcall(H_ENTER, H_EXACT, 50n, pteh(0x50n), ptel(0x1000n, R | C))).toBe(H_SUCCESS);
    expect(hcall(H_ENTER, H_EXACT, 51n, pteh(0x51n), ptel(0x2000n, R))).toBe(H_SUCCESS);
    expect(hcall(H_ENTER, H_EXACT, 52n, pteh(0x52n), ptel(0x3000n))).toBe(H_SUCCESS);
  });

  test("removes each request and rewrites it as a response with R and C; an end marker stops", () => {
    const status = hcall(H_BULK_REMOVE, request(50n), 0n, request(51n, AVPN), 0x51n << 7n, request(53n), 0n, END, 0n, request(52n), 0n);
    expect(status).toBe(H_SUCCESS);
    expect(cpu.gpr(4)).toBe(response(50n, SUCCESS, 3n));
    expect(cpu.gpr(6)).toBe(response(51n, SUCCESS, 2n, AVPN));
    expect(cpu.gpr(8)).toBe(response(53n, NOT_FOUND));
    expect(cpu.gpr(10)).toBe(END);
    expect(cpu.gpr(5)).toBe(0n);
    expect([pte(50)[0], pte(51)[0], pte(52)[0]]).toEqual([0n, 0n, pteh(0x52n)]);
    expect(invalidations).toBe(1);
  });

  test("all four specifiers are processed without an end marker; AVPN and ANDCOND mismatches are not found", () => {
    const status = hcall(H_BULK_REMOVE, request(50n, AVPN), 0x99n << 7n, request(51n, ANDCOND), 0x1n << 7n, request(52n, ABSOLUTE), 0n, request(50n, ANDCOND), 0x2n << 7n);
    expect(status).toBe(H_SUCCESS);
    expect([cpu.gpr(4), cpu.gpr(6), cpu.gpr(8), cpu.gpr(10)]).toEqual([
      response(50n, NOT_FOUND, 0n, AVPN),
      response(51n, NOT_FOUND, 0n, ANDCOND),
      response(52n, SUCCESS),
      response(50n, SUCCESS, 3n, ANDCOND),
    ]);
  });

  test("AVPN and ANDCOND together, or a PTEX beyond the table: a parameter response and H_PARAMETER", () => {
    expect(hcall(H_BULK_REMOVE, request(50n, 3n), 0n, request(51n), 0n)).toBe(H_PARAMETER);
    expect(cpu.gpr(4)).toBe(response(50n, PARAMETER, 0n, 3n));
    expect(cpu.gpr(6)).toBe(request(51n)); // not reached
    expect(pte(51)[0]).toBe(pteh(0x51n));
    expect(hcall(H_BULK_REMOVE, request(52n), 0n, request(BigInt(PTE_COUNT)), 0n)).toBe(H_PARAMETER);
    expect(cpu.gpr(4)).toBe(response(52n, SUCCESS));
    expect(cpu.gpr(6)).toBe(response(BigInt(PTE_COUNT), PARAMETER));
    expect(invalidations).toBe(1);
  });

  test("a specifier that is neither a request nor the end marker is H_PARAMETER", () => {
    expect(hcall(H_BULK_REMOVE, response(50n, SUCCESS), 0n)).toBe(H_PARAMETER);
    expect(hcall(H_BULK_REMOVE, 50n, 0n)).toBe(H_PARAMETER);
    expect(pte(50)[0]).toBe(pteh(0x50n));
  });
});

test("the hcalls register under hcall-pft and hcall-bulk", () => {
  expect(table.families()).toEqual(["hcall-bulk", "hcall-pft"]);
});

test("a mapping made with H_ENTER translates through the hash MMU, which records R and C in it", () => {
  const slb = new Slb();
  const mmu = new HashMmu(slb, hpt, cpu.mem, POWER_SEGMENT_PAGE_SIZES);
  const vsid = 0x1_2345n, ea = 0xc000_0000_0004_2000n;
  const rs = vsid << 12n, rb = (ea & ~0xfff_ffffn) | (1n << 27n);
  expect(slb.slbmte(Number(rs >> 32n), Number(BigInt.asIntN(32, rs)), Number(BigInt.asIntN(32, rb >> 32n)), Number(BigInt.asIntN(32, rb)))).toBe(true);
  const hash = vsid ^ ((ea & 0xfff_ffffn) >> 12n);
  const avpn = ((vsid << 28n) | (ea & 0xfff_ffffn)) >> 23n;
  expect(hcall(H_ENTER, 0n, (hash & BigInt(hpt.htabMask)) * 8n, pteh(avpn), ptel(0x7000n))).toBe(H_SUCCESS);
  const ptex = cpu.gpr(4);
  const out = newTranslateResult();
  expect(mmu.translate(cpu, Number(BigInt.asIntN(32, ea >> 32n)), Number(BigInt.asIntN(32, ea)) + 0x10, ACCESS_WRITE, out)).toBe(true);
  expect(out.ra).toBe(0x7010);
  expect(hcall(H_READ, 0n, ptex)).toBe(H_SUCCESS);
  expect(cpu.gpr(5)).toBe(ptel(0x7000n, R | C));
});
