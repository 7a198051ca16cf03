// Starts a machine from the command line's MachineConfig: console on the terminal (or a file,
// or nowhere), the log on stderr (or -D FILE), and QEMU's -nographic escape keys on stdin:
// Ctrl-A x quits, Ctrl-A c continues a machine started with -S, Ctrl-A h lists the keys.

import type { CharBackend } from "../devices/char-backend.ts";
import type { MachineConfig } from "./config.ts";
import { launchMachine, StartError, type LaunchedMachine } from "./launch.ts";
import type { PseriesMachine } from "./pseries.ts";

const CTRL_A = 0x01;

/** Runs a machine with its console on the terminal (or a file, or nowhere); -display tui goes to tui/ instead. */
export async function startMachine(config: MachineConfig): Promise<number> {
  const console = consoleFor(config);
  let launched: LaunchedMachine;
  try {
    launched = await launchMachine(config, console.backend, (line) => void process.stderr.write(line + "\n"));
  } catch (e) {
    if (!(e instanceof StartError)) throw e;
    process.stderr.write(`spar: ${e.message}\n`);
    return 1;
  }
  const { machine, close } = launched;
  if (config.dumpdtb) {
    await close();
    process.stderr.write(`spar: dtb dumped to ${config.dumpdtb}. Exiting.\n`); // QEMU's words
    return 0;
  }
  console.attach(machine);
  if (config.startPaused) machine.log.note("machine paused (-S): press Ctrl-A c to start it");
  try {
    return await machine.run();
  } finally {
    console.detach();
    await close();
  }
}

interface Console {
  backend: CharBackend;
  attach(machine: PseriesMachine): void;
  detach(): void;
}

function consoleFor(config: MachineConfig): Console {
  if (config.serial === "none") return { backend: { write() {} }, attach() {}, detach() {} };
  if (typeof config.serial === "object") {
    const out = Bun.file(config.serial.file).writer();
    return { backend: { write: (b) => void out.write(b) }, attach() {}, detach: () => void out.end() };
  }
  return stdioConsole();
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
      if (stdin.isTTY) stdin.setRawMode(true);
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
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
    },
  };
}
