// The soft TLB's selective forgetting: what an SLB change or a new radix PID makes stale goes,
// on every side (read, write, execute), and nothing else does.
import { describe, expect, test } from "bun:test";
import { SoftTlb } from "../../vmm/mmu/soft-tlb.ts";

/** Whether the read, write and execute sides hold the page at (hi, lo). */
function held(tlb: SoftTlb, hi: number, lo: number): boolean[] {
  const i = (lo >>> 12) & 1023;
  return [
    tlb.readLo[i] === lo && tlb.readHi[i] === hi,
    tlb.writeLo[i] === lo && tlb.writeHi[i] === hi,
    tlb.execLo[i] === lo && tlb.execHi[i] === hi,
  ];
}

function fillAll(tlb: SoftTlb, hi: number, lo: number): void {
  tlb.fillRead(hi, lo, 0x1000);
  tlb.fillWrite(hi, lo, 0x1000);
  tlb.fillExec(hi, lo, 0x1000);
}

describe("SoftTlb.forgetRange", () => {
  test("forgets the 1 TiB region named, on every side, and keeps the others", () => {
    const tlb = new SoftTlb();
    fillAll(tlb, 0, 0x1000_0000); // region 0 (a user segment)
    fillAll(tlb, 0xc000_0000 | 0, 0x2000); // the kernel's region
    tlb.forgetRange(0, 0xff);
    expect(held(tlb, 0, 0x1000_0000)).toEqual([false, false, false]);
    expect(held(tlb, 0xc000_0000 | 0, 0x2000)).toEqual([true, true, true]);
  });

  test("regions that share a summary bit are told apart, before and after a scan", () => {
    // Regions 0 and 0x20 share a bit of the summary that lets an empty region skip the scan.
    const tlb = new SoftTlb();
    fillAll(tlb, 0, 0x5000);
    fillAll(tlb, 0x2000, 0x6000);
    tlb.forgetRange(0, 0xff);
    expect(held(tlb, 0, 0x5000)).toEqual([false, false, false]);
    expect(held(tlb, 0x2000, 0x6000)).toEqual([true, true, true]);
    tlb.forgetRange(0x2000, 0x20ff);
    expect(held(tlb, 0x2000, 0x6000)).toEqual([false, false, false]);
    // A region scanned empty and filled again is forgotten again.
    tlb.fillRead(0, 0x5000, 0x1000);
    tlb.forgetRange(0, 0xff);
    expect(held(tlb, 0, 0x5000)[0]).toBe(false);
  });

  test("a range of many regions (radix quadrants 0 to 2) keeps quadrant 3", () => {
    const tlb = new SoftTlb();
    fillAll(tlb, 0x7fff, 0x3000);
    fillAll(tlb, 0x4000_0000, 0x4000);
    fillAll(tlb, 0xc000_0000 | 0, 0x7000);
    tlb.forgetRange(0, 0xbfff_ffff | 0);
    expect(held(tlb, 0x7fff, 0x3000)).toEqual([false, false, false]);
    expect(held(tlb, 0x4000_0000, 0x4000)).toEqual([false, false, false]);
    expect(held(tlb, 0xc000_0000 | 0, 0x7000)).toEqual([true, true, true]);
  });
});
