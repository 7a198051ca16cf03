// A guest's Worker: launches the pseries machine from the MachineConfig it is sent and runs it at
// full speed on its own thread. Console output is batched until the run loop yields (about every
// 16 ms), so a chatty guest costs a message per batch, not per hcall.

import type { CharBackend } from "../../devices/char-backend.ts";
import type { MachineConfig } from "../config.ts";
import { launchMachine } from "../launch.ts";
import type { PseriesMachine } from "../pseries.ts";
import type { FromGuest, ToGuest } from "./protocol.ts";

declare const self: Worker;

const post = (message: FromGuest, transfer: Transferable[] = []) => self.postMessage(message, transfer);

let config: MachineConfig | undefined;
let machine: PseriesMachine | undefined;
let deliverInput: ((bytes: Uint8Array) => void) | undefined;
let resetting = false;
let shuttingDown = false;
/** The run in progress (through resets), and what it holds open. */
let running: Promise<void> | undefined;

/** Output since the last yield of the run loop. */
let pending: Uint8Array[] = [];
const consoleBackend: CharBackend = {
  write(bytes) {
    if (pending.length === 0) queueMicrotask(flushConsole);
    pending.push(bytes.slice());
  },
  onInput: (listener) => (deliverInput = listener),
};

function flushConsole(): void {
  const bytes = new Uint8Array(pending.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of pending) {
    bytes.set(b, at);
    at += b.length;
  }
  pending = [];
  post({ type: "console", bytes }, [bytes.buffer]);
}

self.onmessage = (event: MessageEvent<ToGuest>) => {
  const message = event.data;
  switch (message.type) {
    case "start":
      config = message.config;
      running = run(config);
      break;
    case "input":
      deliverInput?.(message.bytes);
      break;
    case "pause":
      machine?.pause();
      break;
    case "resume":
      machine?.resume();
      break;
    case "reset":
      if (machine && machine.state !== "stopped") {
        resetting = true;
        machine.stop(0); // run() launches the next machine when this one has wound down
      } else if (config) running = run(config);
      break;
    case "shutdown":
      void shutdown();
      break;
  }
};

/** Launch, run, and on a reset launch again; the -D log and the NVRAM image are closed after each. */
async function run(config: MachineConfig): Promise<void> {
  try {
    do {
      resetting = false;
      const launched = await launchMachine(config, consoleBackend, (line) => post({ type: "log", line }));
      machine = launched.machine;
      post({ type: "booted", layout: machine.stats.layout, buffer: machine.stats.buffer });
      const status = await machine.run();
      await launched.close();
      if (!resetting && !shuttingDown) post({ type: "exit", status });
    } while (resetting && !shuttingDown);
  } catch (error) {
    post({ type: "error", message: (error instanceof Error ? error.message : String(error)).split("\n")[0]! });
  }
}

async function shutdown(): Promise<void> {
  shuttingDown = true;
  if (machine && machine.state !== "stopped") machine.stop(machine.exitStatus);
  await running;
  post({ type: "closed" });
}
