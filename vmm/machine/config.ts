// The one typed description of a machine to build. The command line (cmd/) and, later, guest
// config files validate into this; the machine builder only ever reads this.
import { basename } from "node:path";
import type { CpuModel, CompatMode } from "../cpu/models.ts";

/** accel=tcg interprets everything; accel=kvm selects spar's own models of KVM-HV or KVM-PR. */
export type Accel = { kind: "tcg" } | { kind: "kvm"; type: "HV" | "PR" };

export type SpeculationCap = "broken" | "workaround" | "fixed";
export type IbsCap = "broken" | "workaround" | "fixed-ibs" | "fixed-ccd" | "fixed-na";

export interface MachineConfig {
  name?: string;
  machine: "pseries";
  accel: Accel;
  cpu: CpuModel;
  /** Compat mode asked for by -cpu X,compat= or -M max-cpu-compat=. */
  compat?: CompatMode;
  /** Guest RAM in bytes. */
  memory: number;
  smp: { cpus: number; cores: number; threads: number; sockets: number; maxcpus: number };
  kernel?: string;
  initrd?: string;
  append?: string;
  bios?: string;
  caps: {
    cfpc: SpeculationCap;
    sbbc: SpeculationCap;
    ibs: IbsCap;
    ccfAssist: boolean;
    largeDecr: boolean;
  };
  icMode: "xics";
  /** What the timebase follows. "instructions" is spar's deterministic timebase, one guest
   *  instruction per nanosecond (QEMU's -icount shift=0), so runs repeat exactly; "host" (the
   *  default, without -icount) follows the host's clock. */
  clock: "host" | "instructions";
  /** The time-of-day clock (-rtc): where it starts (the host's UTC or local time, or a date as
   *  UTC milliseconds) and what it then follows (the host clock, the host's monotonic clock, or
   *  the guest's timebase). */
  rtc: { base: "utc" | "localtime" | { date: number }; clock: "host" | "rt" | "vm" };
  dumpdtb?: string;
  /** The NVRAM's raw image (-drive if=pflash): read at start, written through on every store. */
  nvramImage?: string;
  /** -device spapr-rng: H_RANDOM and its device-tree node. Its bytes come from `file`
   *  (-object rng-random) or, without one, from the host's generator (rng-builtin). */
  rng?: { file?: string };
  /** Where the guest console goes: stdio, none, a file, or a listening unix socket (with `wait`,
   *  the guest starts once a client connects). The dashboard shows it with -display tui. */
  serial: "stdio" | "none" | { file: string } | { socket: string; wait: boolean };
  display: "none" | "tui";
  noReboot: boolean;
  /** -S: build the machine but do not start the CPUs. */
  startPaused: boolean;
  /** -d items (QEMU log categories) and -D log file. */
  log: { items: string[]; file?: string };
}

/** A guest's name for the dashboard: -name, else its image's file name without the extension. */
export function guestName(config: MachineConfig): string {
  const image = config.kernel ?? config.bios;
  return config.name ?? (image ? basename(image).replace(/\.[^.]*$/, "") : "guest");
}
