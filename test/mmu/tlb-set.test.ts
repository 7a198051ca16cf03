// TlbSet: a soft TLB per recent value of a register translation depends on (PID, AMR).
import { describe, expect, test } from "bun:test";
import { TlbSet } from "../../vmm/mmu/tlb-set.ts";

const holds = (set: TlbSet, lo: number) => set.current.readLo[(lo >>> 12) & 1023] === lo;

describe("TlbSet", () => {
  test("the first TLB keeps the translations made before the first change, under the old value", () => {
    const set = new TlbSet(2);
    set.current.fillRead(0, 0x5000, 0x1000); // made under value 0
    set.select(0, 0, 0, 7);
    expect(holds(set, 0x5000)).toBe(false);
    set.select(0, 7, 0, 0);
    expect(holds(set, 0x5000)).toBe(true);
  });

  test("a new value empties the least recently selected TLB", () => {
    const set = new TlbSet(2);
    set.current.fillRead(0, 0x5000, 0x1000); // value 0
    set.select(0, 0, 0, 1);
    set.current.fillRead(0, 0x6000, 0x1000); // value 1
    set.select(0, 1, 0, 0); // 0 is now the most recent
    set.select(0, 0, 0, 2); // takes value 1's TLB
    expect(holds(set, 0x6000)).toBe(false);
    set.select(0, 2, 0, 0);
    expect(holds(set, 0x5000)).toBe(true);
    set.select(0, 0, 0, 1); // value 1 starts afresh
    expect(holds(set, 0x6000)).toBe(false);
  });

  test("64-bit values tell apart on either half; flush empties every TLB", () => {
    const set = new TlbSet(3);
    set.select(0, 0, 0xc000_0000 | 0, 0);
    set.current.fillRead(0, 0x5000, 0x1000);
    set.select(0xc000_0000 | 0, 0, 0, 0);
    expect(holds(set, 0x5000)).toBe(false);
    set.select(0, 0, 0xc000_0000 | 0, 0);
    expect(holds(set, 0x5000)).toBe(true);
    set.flush();
    expect(holds(set, 0x5000)).toBe(false);
  });
});
