// Starts a machine from the command line's MachineConfig: console on the terminal (or a file, a
// unix socket, or nowhere), the log on stderr (or -D FILE), and QEMU's -nographic escape keys on
// stdin: Ctrl-A x quits, Ctrl-A c continues a machine started with -S, Ctrl-A h lists the keys.
// SIGINT, SIGTERM and SIGHUP end the run as QEMU's "terminating on signal" does (status 0), and
// the terminal leaves raw mode however spar exits.

import type { CharBackend } from "../devices/char-backend.ts";
import type { MachineConfig } from "./config.ts";
import { launchMachine, StartError, type LaunchedMachine } from "./launch.ts";
import type { PseriesMachine } from "./pseries.ts";
import { listenConsole } from "./socket-console.ts";

const CTRL_A = 0x01;

/** Runs a machine with its console on the terminal (or a file, or nowhere); -display tui goes to tui/ instead. */
export async function startMachine(config: MachineConfig): Promise<number> {
  // From the start, so a signal while the console or the machine is still being set up counts too.
  let machine: PseriesMachine | undefined;
  let terminated = false;
  const signals = onTerminatingSignals((signal) => {
    process.stderr.write(`spar: terminating on signal ${signal}\n`);
    terminated = true;
    machine?.stop(0);
  });
  try {
    return await startWith(config, signals.received, (m) => {
      machine = m;
      if (terminated) m.stop(0);
    });
  } finally {
    signals.remove();
  }
}

async function startWith(config: MachineConfig, signalled: Promise<void>, started: (machine: PseriesMachine) => void): Promise<number> {
  const console = consoleFor(config);
  let launched: LaunchedMachine;
  try {
    launched = await launchMachine(config, console.backend, (line) => void process.stderr.write(line + "\n"));
  } catch (e) {
    console.detach();
    if (!(e instanceof StartError)) throw e;
    process.stderr.write(`spar: ${e.message}\n`);
    return 1;
  }
  const { machine, close } = launched;
  started(machine);
  if (config.dumpdtb) {
    console.detach();
    await close();
    process.stderr.write(`spar: dtb dumped to ${config.dumpdtb}. Exiting.\n`); // QEMU's words
    return 0;
  }
  try {
    console.attach(machine);
    if (config.startPaused) machine.log.note("machine paused (-S): press Ctrl-A c to start it");
    await Promise.race([console.ready, signalled]);
    return await machine.run();
  } finally {
    console.detach();
    await close();
  }
}

const TERMINATING_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Calls `handler` on each terminating signal; `received` settles at the first. */
function onTerminatingSignals(handler: (signal: string) => void): { received: Promise<void>; remove(): void } {
  let settle!: () => void;
  const received = new Promise<void>((resolve) => (settle = resolve));
  const listener = (signal: string) => {
    handler(signal);
    settle();
  };
  for (const signal of TERMINATING_SIGNALS) process.on(signal, listener);
  return { received, remove: () => TERMINATING_SIGNALS.forEach((signal) => process.off(signal, listener)) };
}

interface Console {
  backend: CharBackend;
  /** Settles when the guest may start: with -serial unix:…,wait=on, once a client connects. */
  ready?: Promise<void>;
  attach(machine: PseriesMachine): void;
  detach(): void;
}

function consoleFor(config: MachineConfig): Console {
  if (config.serial === "none") return { backend: { write() {} }, attach() {}, detach() {} };
  if (typeof config.serial === "object" && "socket" in config.serial) {
    const { socket, wait } = config.serial;
    const listening = listenConsole(socket);
    return { backend: listening.backend, ready: wait ? listening.connected : undefined, attach() {}, detach: () => listening.close() };
  }
  if (typeof config.serial === "object") {
    const out = Bun.file(config.serial.file).writer();
    return { backend: { write: (b) => void out.write(b) }, attach() {}, detach: () => void out.end() };
  }
  return stdioConsole();
}

/** Leave raw mode; also run on process.exit, which an uncaught error takes (cmd/spar.ts). */
function restoreTerminal(): void {
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
}

/** The terminal as the guest's console, with QEMU's Ctrl-A escapes. */
function stdioConsole(): Console {
  let deliver: ((bytes: Uint8Array) => void) | undefined;
  let escape = false;
  let onData: ((chunk: Buffer) => void) | undefined;
  const stdin = process.stdin;
  return {
    backend: {
      write: (bytes) => void process.stdout.write(bytes),
      onInput: (listener) => (deliver = listener),
    },
    attach(machine) {
      if (stdin.isTTY) {
        stdin.setRawMode(true);
        process.on("exit", restoreTerminal);
      }
      onData = (chunk) => {
        const pass: number[] = [];
        for (const b of chunk) {
          if (escape) {
            escape = false;
            const key = String.fromCharCode(b);
            if (key === "x") machine.stop(0);
            else if (key === "c") machine.resume();
            else if (key === "h") process.stderr.write("\r\nC-a x  quit\r\nC-a c  continue a paused machine\r\nC-a h  this help\r\nC-a C-a  send C-a\r\n");
            else if (b === CTRL_A) pass.push(b);
          } else if (b === CTRL_A) escape = true;
          else pass.push(b);
        }
        if (pass.length) deliver?.(new Uint8Array(pass));
      };
      stdin.on("data", onData);
      stdin.resume();
    },
    detach() {
      if (onData) stdin.off("data", onData);
      restoreTerminal();
      process.off("exit", restoreTerminal);
      stdin.pause();
    },
  };
}
