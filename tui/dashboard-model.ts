// The dashboard's state apart from React: the guests, their console screens and samplers, which
// pane has the focus, which guest is selected, the open dialog, and what every key does. The
// panes get plain data from view(); the runner redraws at most ten times a second, and only
// when something changed (invalidate).

import type { MachineConfig } from "../vmm/machine/config.ts";
import { type History, type Sample, StatsSampler } from "../vmm/machine/stats-sampler.ts";
import { scalarIndex, type StatsBlock } from "../vmm/machine/stats.ts";
import type { GuestControl, GuestEvents } from "../vmm/machine/thread/guest-thread.ts";
import { ConsoleScreen } from "./console-screen.ts";
import { KeyRouter, type Key } from "./keys.ts";

export const PANES = ["guests", "console", "stats"] as const;
export type Pane = (typeof PANES)[number];
export type Dialog = "help" | "quit" | null;

export interface GuestRow {
  name: string;
  state: string;
  vcpus: number;
  memory: number;
  /** Undefined until the first interval has been sampled. */
  cpuPercent: number | undefined;
  mips: number | undefined;
}

export interface StatRow {
  label: string;
  /** Undefined: spar has no source for this figure yet. */
  total: number | undefined;
  perSecond: number | undefined;
}

export interface Status {
  machine: string;
  cpu: string;
  compat: string;
  mmu: string;
  accel: string;
}

interface Entry {
  guest: GuestControl;
  screen: ConsoleScreen;
  sampler: StatsSampler | undefined;
}

export class DashboardModel {
  focus: Pane = "guests";
  selected = 0;
  dialog: Dialog = null;
  statsScroll = 0;
  private readonly entries: Entry[] = [];
  private readonly router = new KeyRouter();
  private dirty = true;
  private readonly listeners = new Set<() => void>();

  constructor(
    /** Called when the user has confirmed quitting (or nothing was running). */
    private readonly onQuit: () => void,
  ) {}

  /** Add a guest; `create` gets the callbacks its console and changes must reach. */
  add(create: (events: GuestEvents) => GuestControl): GuestControl {
    const screen = new ConsoleScreen();
    let entry: Entry | undefined;
    const guest = create({
      console: (bytes) => {
        screen.write(bytes);
        this.invalidate();
      },
      changed: () => {
        // A machine that just booted gets its first sample now, so its first rates come a second later.
        if (entry && entry.sampler?.block !== entry.guest.stats) this.sampleEntry(entry, performance.now());
        this.invalidate();
      },
    });
    entry = { guest, screen, sampler: undefined };
    this.entries.push(entry);
    this.invalidate();
    return guest;
  }

  get guests(): GuestControl[] {
    return this.entries.map((e) => e.guest);
  }

  get current(): GuestControl | undefined {
    return this.entries[this.selected]?.guest;
  }

  // ---- Redraws

  invalidate(): void {
    this.dirty = true;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tell the view to redraw if anything changed since the last time. */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    for (const listener of this.listeners) listener();
  }

  /** Turn every guest's counters into rates (about once a second). */
  sample(now: number): void {
    for (const entry of this.entries) this.sampleEntry(entry, now);
    this.invalidate();
  }

  private sampleEntry(entry: Entry, now: number): void {
    const block = entry.guest.stats;
    if (!block) return;
    entry.sampler ??= new StatsSampler(block);
    entry.sampler.block = block;
    entry.sampler.sample(now);
  }

  // ---- Input

  input(bytes: Uint8Array): void {
    const { keys, guest } = this.router.route(bytes, this.focus === "console" && this.dialog === null);
    if (guest.length) this.current?.input(guest);
    for (const key of keys) this.press(key);
  }

  press(key: Key): void {
    this.invalidate();
    if (this.dialog === "quit") {
      this.dialog = null;
      if (key === "y" || key === "Y" || key === "q" || key === "ctrl-c") this.onQuit();
      return;
    }
    if (this.dialog === "help") {
      this.dialog = null; // any key closes help
      return;
    }
    switch (key) {
      case "tab":
        this.focus = PANES[(PANES.indexOf(this.focus) + 1) % PANES.length];
        break;
      case "shift-tab":
        this.focus = PANES[(PANES.indexOf(this.focus) + PANES.length - 1) % PANES.length];
        break;
      case "p":
        this.current?.togglePause();
        break;
      case "r":
        this.current?.reset();
        break;
      case "q":
      case "ctrl-c":
        if (this.guests.some((g) => g.active)) this.dialog = "quit";
        else this.onQuit();
        break;
      case "?":
      case "h":
        this.dialog = "help";
        break;
      case "enter":
        if (this.focus === "guests") this.focus = "console";
        break;
      case "up":
      case "down":
      case "page-up":
      case "page-down":
        this.move(key.endsWith("up") ? -1 : 1, key.startsWith("page") ? 10 : 1);
        break;
    }
  }

  private move(direction: number, step: number): void {
    if (this.focus === "guests") {
      this.selected = Math.min(this.entries.length - 1, Math.max(0, this.selected + direction));
      this.statsScroll = 0;
    } else if (this.focus === "stats") this.statsScroll = Math.max(0, this.statsScroll + direction * step);
  }

  // ---- What the panes show

  guestRows(): GuestRow[] {
    return this.entries.map(({ guest, sampler }) => {
      // Rates need one whole interval, and describe a running guest only.
      const latest = sampler?.latest?.interval && guest.stats?.state === "running" ? sampler.latest : undefined;
      return {
        name: guest.name,
        state: stateOf(guest),
        vcpus: guest.config.smp.cpus,
        memory: guest.config.memory,
        cpuPercent: latest?.cpuPercent,
        mips: latest?.mips,
      };
    });
  }

  consoleLines(width: number, rows: number): string[] {
    return this.entries[this.selected]?.screen.view(width, rows) ?? [];
  }

  /** kvm_stat's view of the selected guest: every counter that moved, busiest first. */
  statRows(): StatRow[] {
    const entry = this.entries[this.selected];
    const block = entry?.guest.stats;
    if (!entry || !block) return [];
    return statRowsOf(block, entry.sampler?.latest, entry.guest.config);
  }

  history(): History {
    return this.entries[this.selected]?.sampler?.history ?? { mips: [], cpuPercent: [], consoleBytesPerSecond: [] };
  }

  status(): Status | undefined {
    const guest = this.current;
    if (!guest) return undefined;
    const { config, stats } = guest;
    return {
      machine: config.machine,
      cpu: config.cpu.name,
      compat: (stats ? stats.compat : config.compat) ?? "none",
      mmu: stats?.mmu ?? "hash",
      accel: config.accel.kind === "kvm" ? `kvm-type ${config.accel.type}` : "accel tcg",
    };
  }
}

function stateOf(guest: GuestControl): string {
  if (guest.error !== undefined) return "error";
  const state = guest.stats?.state;
  if (state === undefined || state === "created") return "booting";
  if (state === "stopped") return guest.exitStatus === undefined ? "stopped" : `stopped ${guest.exitStatus}`;
  return state;
}

const GROUP_LABELS = { interrupt: "irq", hcall: "hcall", rtas: "rtas" } as const;

export function statRowsOf(block: StatsBlock, sample: Sample | undefined, config: Pick<MachineConfig, "accel">): StatRow[] {
  const rate = (index: number) => sample?.rates[index];
  const total = (index: number) => block.values[index];
  const fixed: StatRow[] = (["instructions", "tlbMisses", "slbMisses", "consoleOut", "consoleIn"] as const).map((name) => {
    const index = scalarIndex(name);
    return { label: FIXED_LABELS[name], total: total(index), perSecond: rate(index) };
  });
  if (config.accel.kind === "kvm" && config.accel.type === "PR") fixed.push({ label: "KVM-PR privileged exits", total: undefined, perSecond: undefined });
  const moving = block.counters
    .filter((c) => total(c.index) > 0)
    .map((c) => ({ label: `${GROUP_LABELS[c.group]} ${c.name}`, total: total(c.index), perSecond: rate(c.index) }))
    .sort((a, b) => (b.perSecond ?? 0) - (a.perSecond ?? 0) || b.total - a.total);
  return [...fixed, ...moving];
}

const FIXED_LABELS = {
  instructions: "instructions",
  tlbMisses: "soft-TLB misses",
  slbMisses: "SLB misses",
  consoleOut: "console bytes out",
  consoleIn: "console bytes in",
} as const;
