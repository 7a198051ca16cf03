// The two timebase modes: deterministic (instruction count, QEMU's -icount shift=0) and host
// (performance.now()), and how each sizes the slice before a deadline.
import { describe, expect, test } from "bun:test";
import { Timebase, TIMEBASE_HZ } from "../../vmm/cpu/timebase.ts";

const TICKS_PER_MS = TIMEBASE_HZ / 1000;

describe("deterministic timebase", () => {
  test("counts 0.512 ticks per instruction and sizes slices exactly", () => {
    const tb = new Timebase("deterministic");
    expect(tb.read(1000)).toBe(512);
    expect(tb.instructionsUntil(0, 512)).toBe(1000);
    expect(tb.instructionsUntil(2000, 512)).toBe(0);
  });
});

describe("host timebase", () => {
  test("advances with wall time, not with instructions", async () => {
    const tb = new Timebase("host");
    const before = tb.read(0);
    await Bun.sleep(20);
    const after = tb.read(0);
    expect(after - before).toBeGreaterThanOrEqual(15 * TICKS_PER_MS); // 20 ms, less timer slack
    expect(tb.read(1e9) - tb.read(0)).toBeLessThan(50 * TICKS_PER_MS); // the instruction count is ignored
  });

  test("instructionsUntil is an estimate of at least 1, even for a deadline already passed", async () => {
    const tb = new Timebase("host");
    await Bun.sleep(2);
    expect(tb.instructionsUntil(0, 0)).toBe(1);
    const oneMsAway = tb.instructionsUntil(0, tb.read(0) + TICKS_PER_MS);
    expect(oneMsAway).toBeGreaterThanOrEqual(1);
    expect(oneMsAway).toBeLessThanOrEqual(100_000); // at most the interpreter's ~100 instructions per µs
  });

  test("writes move it like the deterministic one", () => {
    const tb = new Timebase("host");
    tb.write(0, 1e12);
    expect(tb.read(0) - 1e12).toBeLessThan(50 * TICKS_PER_MS);
    expect(tb.read(0)).toBeGreaterThanOrEqual(1e12);
  });
});
