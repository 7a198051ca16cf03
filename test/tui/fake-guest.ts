// A guest for dashboard tests: a real statistics block whose counters the test sets, a real
// MachineConfig from a command line, and a record of what the dashboard asked of it.
import { parseCommandLine } from "../../cmd/command-line.ts";
import { type Scalar, scalarIndex, StatsBlock } from "../../vmm/machine/stats.ts";
import type { GuestControl } from "../../vmm/machine/thread/guest-thread.ts";

export class FakeGuest implements GuestControl {
  readonly config;
  stats: StatsBlock | null = new StatsBlock({ hcalls: ["H_PUT_TERM_CHAR", "H_CEDE"], rtas: ["power-off"] });
  exitStatus: number | undefined;
  error: string | undefined;
  readonly log: string[] = [];
  readonly typed: number[] = [];
  readonly asked: string[] = [];

  constructor(
    readonly name: string,
    args: string[] = [],
  ) {
    const parsed = parseCommandLine(["-nographic", "-m", "1G", "-bios", new URL("../guests/bin/hello-le.bin", import.meta.url).pathname, ...args], {});
    if (parsed.kind !== "run") throw new Error(parsed.stderr);
    this.config = parsed.config;
    this.set("state", 1); // running
  }

  set(name: Scalar, value: number): void {
    this.stats!.values[scalarIndex(name)] = value;
  }

  counter(group: string, name: string, value: number): void {
    this.stats!.values[this.stats!.counters.find((c) => c.group === group && c.name === name)!.index] = value;
  }

  get active(): boolean {
    return this.stats?.state === "running" || this.stats?.state === "paused";
  }

  input(bytes: Uint8Array): void {
    this.typed.push(...bytes);
  }

  togglePause(): void {
    this.asked.push("pause");
  }

  reset(): void {
    this.asked.push("reset");
  }

  async shutdown(): Promise<void> {
    this.asked.push("shutdown");
  }
}
