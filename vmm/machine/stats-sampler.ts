// Turns a statistics block's running totals into per-second rates, as kvm_stat does (each
// counter's total and its rate over the last interval), and keeps a few minutes of the figures
// the dashboard charts. The caller chooses when to sample; about once a second suits both.

import { scalarIndex } from "./stats.ts";

export interface Sample {
  /** Host milliseconds (performance.now()) when taken. */
  time: number;
  totals: Float64Array;
  /** Seconds since the previous sample: 0 for the first, whose rates are all zero. */
  interval: number;
  /** Per second over that interval. */
  rates: Float64Array;
  /** Guest instructions per second of wall time, in millions. */
  mips: number;
  /** Share of wall time the vCPU spent running guest instructions. */
  cpuPercent: number;
  /** Console bytes per second, both directions: the only I/O device so far. */
  consoleBytesPerSecond: number;
}

/** The charted series, oldest first. */
export interface History {
  mips: number[];
  cpuPercent: number[];
  consoleBytesPerSecond: number[];
}

const INSTRUCTIONS = scalarIndex("instructions");
const BUSY_MS = scalarIndex("busyMs");
const CONSOLE_OUT = scalarIndex("consoleOut");
const CONSOLE_IN = scalarIndex("consoleIn");

export class StatsSampler {
  latest: Sample | undefined;
  readonly history: History = { mips: [], cpuPercent: [], consoleBytesPerSecond: [] };

  constructor(
    /** Replaced when the machine restarts; the counters' drop reads as a restart. */
    public block: { readonly values: Float64Array },
    /** Samples of history kept: five minutes at one a second. */
    readonly capacity = 300,
  ) {}

  sample(now: number): Sample {
    const totals = this.block.values.slice();
    const rates = new Float64Array(totals.length);
    // After a restart with another layout the old totals do not line up: start the rates afresh.
    const previous = this.latest?.totals.length === totals.length ? this.latest : undefined;
    const seconds = previous ? (now - previous.time) / 1000 : 0;
    if (previous && seconds > 0) {
      for (let i = 0; i < totals.length; i++) {
        const delta = totals[i] - previous.totals[i];
        // A counter that went down was reset (the machine restarted): it counted from zero since.
        rates[i] = (delta >= 0 ? delta : totals[i]) / seconds;
      }
    }
    const sample: Sample = {
      time: now,
      interval: previous ? seconds : 0,
      totals,
      rates,
      mips: rates[INSTRUCTIONS] / 1e6,
      cpuPercent: Math.min(100, rates[BUSY_MS] / 10),
      consoleBytesPerSecond: rates[CONSOLE_OUT] + rates[CONSOLE_IN],
    };
    if (previous) this.record(sample);
    this.latest = sample;
    return sample;
  }

  private record(sample: Sample): void {
    for (const key of ["mips", "cpuPercent", "consoleBytesPerSecond"] as const) {
      const series = this.history[key];
      series.push(sample[key]);
      if (series.length > this.capacity) series.shift();
    }
  }
}
