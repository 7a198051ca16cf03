// The SLB and its management instructions (Power ISA 3.0 Book III, Storage Control, "Segment
// Lookaside Buffer (SLB)" and the SLB management instructions).
import { describe, expect, test } from "bun:test";
import { Slb, SLB_SIZE } from "../../vmm/mmu/slb.ts";

const hi = (v: bigint) => Number(BigInt.asIntN(32, v >> 32n));
const lo = (v: bigint) => Number(BigInt.asIntN(32, v));
const dword = (out: Int32Array) => (BigInt(out[0] >>> 0) << 32n) | BigInt(out[1] >>> 0);

const V = 1n << 27n; // ESID V, bit 36
const B_1T = 1n << 62n;
const KS = 0x800n, KP = 0x400n, N = 0x200n, C = 0x80n, LLP_64K = 0x110n, LLP_16G = 0x120n;

/** slbmte RS,RB for a segment at `esid` (an EA within it) with `vsid` and extra RS bits. */
function install(slb: Slb, index: number, ea: bigint, vsid: bigint, rsBits = 0n, oneT = false): boolean {
  const esid = oneT ? ea & ~0xff_ffff_ffffn : ea & ~0xfff_ffffn;
  const rs = (oneT ? B_1T | (vsid << 24n) : vsid << 12n) | rsBits;
  const rb = esid | V | BigInt(index);
  return slb.slbmte(hi(rs), lo(rs), hi(rb), lo(rb));
}

function lookup(slb: Slb, ea: bigint): number {
  return slb.lookup(hi(ea), lo(ea));
}

describe("slbmte, slbmfee, slbmfev", () => {
  test("an entry reads back as the ESID and VSID doublewords it was written with", () => {
    const slb = new Slb();
    expect(install(slb, 5, 0xc000_0000_1000_0000n, 0x1234_5678_9abn, KP | N | C | LLP_64K)).toBe(true);
    const out = new Int32Array(2);
    expect(slb.slbmfee(5, out)).toBe(true);
    expect(dword(out)).toBe(0xc000_0000_1000_0000n | V);
    expect(slb.slbmfev(5, out)).toBe(true);
    expect(dword(out)).toBe((0x1234_5678_9abn << 12n) | KP | N | C | LLP_64K);
  });

  test("RS bits 57 and 60:63 are not stored: slbmfev returns them as 0", () => {
    const slb = new Slb();
    expect(install(slb, 1, 0n, 0x42n, 0x4fn)).toBe(true);
    const out = new Int32Array(2);
    slb.slbmfev(1, out);
    expect(dword(out)).toBe(0x42n << 12n);
  });

  test("an invalid entry reads as 0", () => {
    const slb = new Slb();
    const rs = 0x42n << 12n;
    expect(slb.slbmte(hi(rs), lo(rs), 0x1000, 3)).toBe(true); // V=0
    const out = new Int32Array([7, 7]);
    slb.slbmfee(3, out);
    expect(dword(out)).toBe(0n);
    slb.slbmfev(3, out);
    expect(dword(out)).toBe(0n);
    expect(slb.lookup(0x1000, 0)).toBe(-1);
  });

  test("slbmte refuses an index beyond the 32 entries, RB 37:51, B=0b1x and unknown L||LP", () => {
    const slb = new Slb();
    expect(install(slb, SLB_SIZE - 1, 0n, 1n)).toBe(true);
    expect(install(slb, SLB_SIZE, 0n, 1n)).toBe(false);
    expect(slb.slbmte(0, 0, 0, lo(V | 0x1000n))).toBe(false); // RB bit 51
    expect(slb.slbmte(hi(2n << 62n), 0, 0, lo(V))).toBe(false); // B = 0b10
    expect(slb.slbmte(0, 0x130, 0, lo(V))).toBe(false); // L||LP = 1 11
    expect(install(slb, 2, 0n, 1n, LLP_16G, true)).toBe(true); // 16G base pages are a POWER size
    const out = new Int32Array(2);
    expect(slb.slbmfee(SLB_SIZE, out)).toBe(false);
    expect(slb.slbmfev(SLB_SIZE, out)).toBe(false);
  });
});

describe("lookup", () => {
  test("a 256M segment translates EA 0:35: every address in it, none beside it", () => {
    const slb = new Slb();
    install(slb, 4, 0xc000_0000_3000_0000n, 0x99n);
    expect(lookup(slb, 0xc000_0000_3000_0000n)).toBe(4);
    expect(lookup(slb, 0xc000_0000_3fff_fffcn)).toBe(4);
    expect(lookup(slb, 0xc000_0000_4000_0000n)).toBe(-1);
    expect(lookup(slb, 0xc000_0000_2fff_ffffn)).toBe(-1);
    expect(lookup(slb, 0xc000_0001_3000_0000n)).toBe(-1);
  });

  test("a 1T segment translates EA 0:23 (ESID bits 24:35 ignored)", () => {
    const slb = new Slb();
    install(slb, 7, 0x0000_1500_0000_0000n, 0x3_0000_0001n, KS, true);
    expect(lookup(slb, 0x0000_1500_0000_0000n)).toBe(7);
    expect(lookup(slb, 0x0000_15ff_ffff_f000n)).toBe(7);
    expect(lookup(slb, 0x0000_1600_0000_0000n)).toBe(-1);
    const rs = B_1T | (1n << 24n);
    expect(slb.slbmte(hi(rs), lo(rs), 0x0000_2000 | 0x12, lo(0x3000_0000n | V | 8n))).toBe(true);
    expect(lookup(slb, 0x0000_2000_0000_0000n)).toBe(8);
    expect(lookup(slb, 0x0000_2012_3000_0000n)).toBe(8);
    expect(lookup(slb, 0x0000_20ff_0000_0000n)).toBe(8);
  });

  test("the remembered last hit does not outlive its entry", () => {
    const slb = new Slb();
    install(slb, 0, 0x1000_0000n, 1n);
    install(slb, 1, 0x2000_0000n, 2n);
    expect(lookup(slb, 0x2000_0000n)).toBe(1);
    expect(lookup(slb, 0x2000_0000n)).toBe(1);
    slb.slbie(0, 0x2000_0000);
    expect(lookup(slb, 0x2000_0000n)).toBe(-1);
    install(slb, 1, 0x3000_0000n, 3n);
    expect(lookup(slb, 0x3000_0000n)).toBe(1);
    expect(lookup(slb, 0x2000_0000n)).toBe(-1);
  });
});

describe("slbie", () => {
  test("invalidates the entry of the size RB 37:38 names that translates RB 0:35", () => {
    const slb = new Slb();
    install(slb, 2, 0x5000_0000n, 5n);
    install(slb, 3, 0x0000_4400_0000_0000n, 6n, 0n, true);
    expect(slb.slbie(0, 0x5000_0000 | (1 << 25))).toBe(false); // size 1T: not this 256M entry
    expect(lookup(slb, 0x5000_0000n)).toBe(2);
    expect(slb.slbie(0, 0x5000_0000)).toBe(true);
    expect(lookup(slb, 0x5000_0000n)).toBe(-1);
    expect(slb.slbie(0x4400, 0)).toBe(false); // size 256M: not the 1T entry
    expect(slb.slbie(0x4400, 0x0800_0000 | (1 << 25))).toBe(true); // class bit set: still goes
    expect(lookup(slb, 0x0000_4400_0000_0000n)).toBe(-1);
    const out = new Int32Array(2);
    slb.slbmfee(2, out);
    expect(dword(out)).toBe(0n);
  });
});

describe("slbia (ISA 3.0 IH field)", () => {
  function filled(): Slb {
    const slb = new Slb();
    for (let i = 0; i < SLB_SIZE; i++) install(slb, i, BigInt(i) << 28n, BigInt(i + 1), i % 2 ? C : 0n);
    return slb;
  }
  const validEntries = (slb: Slb) => [...Array(SLB_SIZE).keys()].filter((i) => lookup(slb, BigInt(i) << 28n) === i);

  test.each([0, 1, 2, 5, 6])("IH=%d invalidates every entry except entry 0", (ih) => {
    const slb = filled();
    slb.slbia(ih);
    expect(validEntries(slb)).toEqual([0]);
  });

  test("IH=3 invalidates the class-1 entries only, entry 0 included", () => {
    const slb = new Slb();
    install(slb, 0, 0n, 1n, C);
    install(slb, 1, 1n << 28n, 2n);
    install(slb, 2, 2n << 28n, 3n, C);
    slb.slbia(3);
    expect(validEntries(slb)).toEqual([1]);
  });

  test("IH=4 invalidates all entries, IH=7 none", () => {
    const slb = filled();
    slb.slbia(7);
    expect(validEntries(slb).length).toBe(SLB_SIZE);
    slb.slbia(4);
    expect(validEntries(slb)).toEqual([]);
  });
});

describe("slbfee.", () => {
  test("finds the entry translating RB 0:35 and returns its VSID doubleword", () => {
    const slb = new Slb();
    install(slb, 9, 0xd000_0000_0000_0000n, 0xabcn, KP | KS);
    const out = new Int32Array(2);
    expect(slb.slbfee(hi(0xd000_0000_0fff_ffffn), lo(0xd000_0000_0fff_ffffn), out)).toBe(9);
    expect(dword(out)).toBe((0xabcn << 12n) | KP | KS);
    expect(slb.slbfee(hi(0xd000_0000_1000_0000n), 0x1000_0000, out)).toBe(-1);
    expect(dword(out)).toBe(0n);
  });
});

test("clear empties the SLB", () => {
  const slb = new Slb();
  install(slb, 0, 0n, 1n);
  slb.clear();
  expect(lookup(slb, 0n)).toBe(-1);
  const out = new Int32Array(2);
  slb.slbmfev(0, out);
  expect(dword(out)).toBe(0n);
});
