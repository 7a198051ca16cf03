// A guest under test: a pseries machine running at full speed in the background, its console
// captured, driven through waitFor/send/exit. `spar test` scripts and bun tests both use it:
//
//   await using g = await GuestSession.boot("-bios test/guests/bin/echo-le.bin");
//   await g.waitFor("echo> ");
//   g.send("hi\n");
//   await g.waitFor(/echo: (\w+)/, { timeout: 5_000 });
//   expect(await g.exit()).toBe(0);
//
// The machine's run loop yields to the event loop between slices, so the console is checked
// between them (never per instruction) and timeouts are wall-clock. A timeout stops the guest.
import { launchMachine, StartError, type LaunchedMachine } from "../../vmm/machine/launch.ts";
import type { MachineConfig } from "../../vmm/machine/config.ts";
import type { PseriesMachine } from "../../vmm/machine/pseries.ts";
import { errorLine, parseCommandLine } from "../command-line.ts";
import { splitShellWords } from "./shell-words.ts";

/** Milliseconds waitFor and exit wait unless told otherwise. */
export const DEFAULT_WAIT_MS = 30_000;
/** Console lines a failure reports. */
export const TAIL_LINES = 20;

export interface SessionOptions {
  /** Where relative file names in the arguments resolve; the current directory by default. */
  baseDir?: string;
  env?: Record<string, string | undefined>;
  /** Receives the machine's log lines ("spar: unimplemented: ...", -d items); otherwise kept in `log`. */
  onLog?: (line: string) => void;
}

export interface WaitOptions {
  /** Milliseconds before giving up, which stops the guest. */
  timeout?: number;
}

/** A wait that failed: the guest stopped, spar failed running it, or the time ran out. */
export class GuestError extends Error {
  override name = "GuestError";
  constructor(
    /** What went wrong, one line. */
    readonly reason: string,
    /** The last console lines at the time. */
    readonly tail: string[],
    /** What spar threw, when it failed while running the guest. */
    cause?: unknown,
  ) {
    super([reason, "last console lines:", ...tail.map((line) => `  ${line}`)].join("\n"), { cause });
  }
}

type Ending = { status: number } | { error: unknown };

export class GuestSession {
  private text = "";
  /** The machine's log lines, when no onLog was given. */
  readonly log: string[] = [];
  /** Where the next waitFor starts looking: just after the previous match. */
  private cursor = 0;
  private readonly decoder = new TextDecoder();
  private deliver: ((bytes: Uint8Array) => void) | undefined;
  /** Pending waits, each re-checked after console output and when the guest stops. */
  private readonly checks = new Set<() => void>();
  private checkQueued = false;
  private launched: LaunchedMachine | undefined;
  private running: Promise<void> | undefined;
  private ending: Ending | undefined;
  /** Why the session stopped the guest itself, if it did. */
  private stoppedBecause: string | undefined;
  private closed: Promise<void> | undefined;

  private constructor() {}

  /** Boot a guest from a QEMU-style command line: a list of arguments, or one string split as a shell would. */
  static async boot(args: string | readonly string[], options: SessionOptions = {}): Promise<GuestSession> {
    const argv = typeof args === "string" ? splitShellWords(args) : args;
    const parsed = parseCommandLine(argv, options.env ?? process.env, options.baseDir);
    if (parsed.kind === "exit") {
      throw new StartError(parsed.status === 0 ? `${argv.join(" ")}: asks for help; a guest session needs a machine` : parsed.stderr.trim().replace(/^spar: /, ""));
    }
    return GuestSession.start(parsed.config, options);
  }

  /** Boot a guest from a parsed configuration and start it running. */
  static async start(config: MachineConfig, options: SessionOptions = {}): Promise<GuestSession> {
    if (config.display === "tui") throw new StartError("-display tui: a test session reads the console itself; leave -display out");
    if (config.startPaused) throw new StartError("-S: a test session's machine must run; leave -S out");
    const session = new GuestSession();
    const logLine = options.onLog ?? ((line: string) => void session.log.push(line));
    session.launched = await launchMachine(config, session.backend(), logLine);
    session.running = session.run(config.dumpdtb !== undefined);
    return session;
  }

  private backend() {
    return {
      write: (bytes: Uint8Array) => {
        this.text += this.decoder.decode(bytes, { stream: true });
        this.queueChecks();
      },
      onInput: (listener: (bytes: Uint8Array) => void) => (this.deliver = listener),
    };
  }

  private async run(treeOnly: boolean): Promise<void> {
    try {
      // -M dumpdtb= writes the tree at boot and ends the run, as QEMU does.
      this.ending = { status: treeOnly ? 0 : await this.machine.run() };
    } catch (error) {
      this.ending = { error };
    }
    this.runChecks();
  }

  get machine(): PseriesMachine {
    return this.launched!.machine;
  }

  /** Everything the guest wrote to its console, as text (UTF-8). */
  get console(): string {
    return this.text;
  }

  /** Guest instructions executed so far. */
  get instructions(): number {
    return this.machine.cpu.instructions;
  }

  /** The guest's exit status once it has stopped by itself; undefined while it runs. */
  get status(): number | undefined {
    return this.ending && "status" in this.ending && this.stoppedBecause === undefined ? this.ending.status : undefined;
  }

  /**
   * Wait for the pattern in the console output that follows the previous match (a string matches
   * itself literally), and resolve with the match. Rejects with a GuestError if the guest stops
   * first, or if the time runs out, which also stops the guest.
   */
  waitFor(pattern: RegExp | string, options: WaitOptions = {}): Promise<RegExpExecArray> {
    const regex = typeof pattern === "string" ? new RegExp(RegExp.escape(pattern)) : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
    // Shown without the flags that say nothing about what is looked for.
    const what = typeof pattern === "string" ? JSON.stringify(pattern) : `/${pattern.source}/${pattern.flags.replace(/[gmy]/g, "")}`;
    return this.until(what, ` before ${what} appeared`, options, () => {
      const match = regex.exec(this.text.slice(this.cursor));
      if (match === null) return undefined;
      this.cursor += match.index + match[0].length;
      return match;
    });
  }

  /** Type on the guest's console (strings as UTF-8). */
  send(input: string | Uint8Array): void {
    if (this.ending) throw new GuestError(`cannot send: ${this.endedReason()}`, this.tail());
    this.deliver?.(typeof input === "string" ? new TextEncoder().encode(input) : input);
  }

  /** Wait for the guest to stop by itself (power-off, os-term...) and resolve with its exit status. */
  exit(options: WaitOptions = {}): Promise<number> {
    return this.until("the guest to stop", "", options, () => this.status);
  }

  /** Stop the guest if it still runs, and close what its machine held open. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.ending === undefined) {
      this.stoppedBecause ??= "the test stopped it";
      this.machine.stop(0);
    }
    await this.running;
    await (this.closed ??= this.launched!.close());
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /** The last console lines, carriage returns dropped and control characters shown as \xHH. */
  tail(count = TAIL_LINES): string[] {
    // Only the end of a long console needs splitting; the first line of the slice may be partial.
    const lines = this.text.slice(-count * 1000).replace(/\r+\n/g, "\n").split("\n");
    if (lines.at(-1) === "") lines.pop();
    return lines.slice(-count).map(visible);
  }

  /**
   * Resolve with what `poll` finds once it finds something; reject when the guest stops first
   * (the reason ends with `unmet`) or when the time runs out waiting for `what`.
   */
  private until<T>(what: string, unmet: string, { timeout = DEFAULT_WAIT_MS }: WaitOptions, poll: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.checks.delete(check);
      };
      const check = () => {
        const found = poll();
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (this.ending) {
          done();
          reject(new GuestError(this.endedReason() + unmet, this.tail(), "error" in this.ending ? this.ending.error : undefined));
        }
      };
      const timer = setTimeout(() => {
        done();
        const reason = `timed out after ${(timeout / 1000).toFixed(1)} s waiting for ${what}`;
        this.stoppedBecause ??= "the test stopped it after a timeout";
        const tail = this.tail();
        void this.stop().then(() => reject(new GuestError(reason, tail)), reject);
      }, timeout);
      this.checks.add(check);
      check();
    });
  }

  private endedReason(): string {
    const ending = this.ending!;
    if ("error" in ending) return `spar failed while running the guest: ${errorLine(ending.error)}`;
    if (this.stoppedBecause) return `the guest is stopped (${this.stoppedBecause})`;
    return `the guest stopped with status ${ending.status}`;
  }

  /** Check the waits once the current slice of guest output is in, not on every console write. */
  private queueChecks(): void {
    if (this.checkQueued || this.checks.size === 0) return;
    this.checkQueued = true;
    setImmediate(() => this.runChecks());
  }

  private runChecks(): void {
    this.checkQueued = false;
    for (const check of [...this.checks]) check();
  }
}

function visible(line: string): string {
  return line.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
