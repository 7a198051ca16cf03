// A guest's Worker: builds the pseries machine from the MachineConfig it is sent and runs it at
// full speed on its own thread. Console output is batched until the run loop yields (about every
// 16 ms), so a chatty guest costs a message per batch, not per hcall.

import type { FileSink } from "bun";
import type { CharBackend } from "../../devices/char-backend.ts";
import { MachineLog } from "../log.ts";
import { openNvramImage, type NvramImage } from "../nvram-image.ts";
import { PseriesMachine } from "../pseries.ts";
import type { MachineConfig } from "../config.ts";
import type { FromGuest, ToGuest } from "./protocol.ts";

declare const self: Worker;

const post = (message: FromGuest, transfer: Transferable[] = []) => self.postMessage(message, transfer);

let machine: PseriesMachine | undefined;
let deliverInput: ((bytes: Uint8Array) => void) | undefined;
let resetting = false;
let shuttingDown = false;
// The NVRAM and the log outlive resets, as a real NVRAM does.
let nvram: NvramImage | undefined;
let logFile: FileSink | undefined;
let log: MachineLog;

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
      void start(message.config);
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
        machine.stop(0); // run() starts the next machine when this one has wound down
      } else if (machine) void run(machine.config);
      break;
    case "shutdown":
      void shutdown();
      break;
  }
};

async function shutdown(): Promise<void> {
  shuttingDown = true;
  if (machine && machine.state !== "stopped") machine.stop(machine.exitStatus);
  await logFile?.end();
  nvram?.close();
  post({ type: "closed" });
}

async function start(config: MachineConfig): Promise<void> {
  try {
    if (config.nvramImage !== undefined) nvram = openNvramImage(config.nvramImage);
    logFile = config.log.file ? Bun.file(config.log.file).writer() : undefined;
    log = new MachineLog(config.log.items, (line) => (logFile ? void logFile.write(line + "\n") : post({ type: "log", line })));
  } catch (error) {
    post({ type: "error", message: messageOf(error) });
    return;
  }
  await run(config);
}

async function run(config: MachineConfig): Promise<void> {
  try {
    do {
      resetting = false;
      machine = new PseriesMachine(config, consoleBackend, log, nvram?.device);
      await machine.boot();
      post({ type: "booted", layout: machine.stats.layout, buffer: machine.stats.buffer });
      const status = await machine.run();
      if (!resetting && !shuttingDown) post({ type: "exit", status });
    } while (resetting);
  } catch (error) {
    post({ type: "error", message: messageOf(error) });
  }
}

/** One line for the user, never a stack trace. */
function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
