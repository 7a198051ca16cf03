// The timebase runs at 512 MHz, as on POWER8/9 and in QEMU's pseries. In deterministic mode it
// advances with guest instructions (one instruction counts as one nanosecond, like QEMU's
// -icount shift=0), so runs repeat exactly; in host mode it follows the host clock.

export const TIMEBASE_HZ = 512_000_000;

export type TimebaseMode = "deterministic" | "host";

const TICKS_PER_NS = TIMEBASE_HZ / 1e9;
const TICKS_PER_US = TIMEBASE_HZ / 1e6;

/** Host mode's guess at guest speed, for sizing run slices. Deliberately below the interpreter's
 *  ~100 MIPS: a slice that ends early only costs another slice (and the next one is sized from
 *  the time then left), while one that runs past the deadline makes the decrementer late. */
const HOST_INSTRUCTIONS_PER_US = 10;

export class Timebase {
  /** Added to the mode's own count, so writes to TBL/TBU and resets can move the timebase. */
  private offset = 0;
  private readonly hostStart = performance.now();

  constructor(readonly mode: TimebaseMode) {}

  /** Current value in ticks (a double: exact for 2^53 ticks, about 200 days). */
  read(instructions: number): number {
    const raw = this.mode === "deterministic" ? instructions * TICKS_PER_NS : (performance.now() - this.hostStart) * 1e6 * TICKS_PER_NS;
    return Math.floor(raw) + this.offset;
  }

  write(instructions: number, value: number): void {
    this.offset += value - this.read(instructions);
  }

  /** Instructions to run before the timebase reaches `ticks`: exact in deterministic mode. In host
   *  mode it is an estimate from the time left (at least 1), so that the caller checks again soon. */
  instructionsUntil(instructions: number, ticks: number): number {
    const remaining = ticks - this.read(instructions);
    if (this.mode === "deterministic") return Math.max(0, Math.ceil(remaining / TICKS_PER_NS));
    return Math.max(1, Math.floor((remaining / TICKS_PER_US) * HOST_INSTRUCTIONS_PER_US));
  }
}
