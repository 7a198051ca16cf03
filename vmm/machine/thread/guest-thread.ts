// A guest running in its own Worker, seen from the dashboard's thread: its configuration, its
// statistics block (shared memory, read whenever the dashboard likes), its console as a stream
// of bytes, and the controls a user has: input, pause, resume, reset, shut down.

import type { MachineConfig } from "../config.ts";
import { StatsBlock } from "../stats.ts";
import type { FromGuest, ToGuest } from "./protocol.ts";

export interface GuestEvents {
  console(bytes: Uint8Array): void;
  /** A log line (unimplemented features, notes), "error" and "exit" changes: anything to redraw. */
  changed(): void;
}

/**
 * The Worker's entry. From source it sits beside this file; in the single binary (`bun run build`
 * adds it as a second entry point) it is named by its path from the project root, inside the
 * binary's own file system.
 */
const WORKER = import.meta.url.startsWith("file:///$bunfs/") ? "./vmm/machine/thread/guest-worker.ts" : new URL("./guest-worker.ts", import.meta.url).href;

/** What a dashboard needs of a guest: GuestThread, or a stand-in in tests. */
export interface GuestControl {
  readonly name: string;
  readonly config: MachineConfig;
  readonly stats: StatsBlock | null;
  readonly exitStatus: number | undefined;
  readonly error: string | undefined;
  readonly log: readonly string[];
  readonly active: boolean;
  input(bytes: Uint8Array): void;
  togglePause(): void;
  reset(): void;
  shutdown(): Promise<void>;
}

export class GuestThread implements GuestControl {
  /** Null until the machine has booted; replaced at each reset. */
  stats: StatsBlock | null = null;
  /** Set when the guest stopped by itself; cleared by a reset. */
  exitStatus: number | undefined;
  /** Why the machine could not start or failed (one line). */
  error: string | undefined;
  readonly log: string[] = [];
  private readonly worker: Worker;
  private closed: (() => void) | undefined;

  constructor(
    readonly name: string,
    readonly config: MachineConfig,
    private readonly events: GuestEvents,
  ) {
    this.worker = new Worker(WORKER);
    this.worker.onmessage = (event: MessageEvent<FromGuest>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      this.error = event.message;
      events.changed();
    };
    this.send({ type: "start", config });
  }

  /** Running or paused: quitting would end it. */
  get active(): boolean {
    const state = this.stats?.state;
    return this.error === undefined && (state === undefined || state === "running" || state === "paused" || state === "created");
  }

  input(bytes: Uint8Array): void {
    this.send({ type: "input", bytes });
  }

  /** Pause a running guest, resume a paused one. */
  togglePause(): void {
    const state = this.stats?.state;
    if (state === "running") this.send({ type: "pause" });
    else if (state === "paused") this.send({ type: "resume" });
  }

  reset(): void {
    this.exitStatus = undefined;
    this.send({ type: "reset" });
  }

  /** Stop the guest and end its Worker, giving it up to `graceMs` to close its -D log and NVRAM image. */
  async shutdown(graceMs = 2000): Promise<void> {
    const closed = new Promise<void>((resolve) => (this.closed = resolve));
    this.send({ type: "shutdown" });
    await Promise.race([closed, Bun.sleep(graceMs)]);
    this.worker.terminate();
  }

  private send(message: ToGuest): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromGuest): void {
    switch (message.type) {
      case "booted":
        this.stats = new StatsBlock(message.layout, message.buffer);
        this.error = undefined;
        break;
      case "console":
        this.events.console(message.bytes);
        return;
      case "log":
        this.log.push(message.line);
        break;
      case "exit":
        this.exitStatus = message.status;
        break;
      case "error":
        this.error = message.message;
        break;
      case "closed":
        this.closed?.();
        return;
    }
    this.events.changed();
  }
}
