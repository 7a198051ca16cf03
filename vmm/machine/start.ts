// Starts a machine from the command line's MachineConfig: console on the terminal (or a file,
// or nowhere), the log on stderr (or -D FILE), and QEMU's -nographic escape keys on stdin:
// Ctrl-A x quits, Ctrl-A c continues a machine started with -S, Ctrl-A h lists the keys.

import type { CharBackend } from "../devices/char-backend.ts";
import type { MachineConfig } from "./config.ts";
import { LoadError } from "./loader/index.ts";
import { openNvramImage, type NvramImage } from "./nvram-image.ts";
import { MachineLog } from "./log.ts";
import { PseriesMachine } from "./pseries.ts";

const CTRL_A = 0x01;

/** Why spar cannot run this configuration, or undefined. Never run fewer CPUs than asked for without saying so. */
export function refusal(config: MachineConfig): string | undefined {
  if (config.smp.cpus > 1) return `-smp ${config.smp.cpus}: spar runs one vCPU so far (SMP is not implemented yet); use -smp 1`;
  return undefined;
}

/** Runs a machine with its console on the terminal (or a file, or nowhere); -display tui goes to tui/ instead. */
export async function startMachine(config: MachineConfig): Promise<number> {
  const refused = refusal(config);
  if (refused) {
    process.stderr.write(`spar: ${refused}\n`);
    return 1;
  }
  const logFile = config.log.file ? Bun.file(config.log.file).writer() : undefined;
  const log = new MachineLog(config.log.items, (line) => (logFile ? logFile.write(line + "\n") : process.stderr.write(line + "\n")));
  let nvram: NvramImage | undefined;
  try {
    nvram = config.nvramImage === undefined ? undefined : openNvramImage(config.nvramImage);
  } catch (e) {
    process.stderr.write(`spar: -drive if=pflash,file=${config.nvramImage}: ${(e as Error).message}\n`);
    return 1;
  }
  const console = consoleFor(config);
  const machine = new PseriesMachine(config, console.backend, log, nvram?.device);
  try {
    await machine.boot();
  } catch (e) {
    if (e instanceof LoadError) {
      nvram?.close();
      process.stderr.write(`spar: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (config.dumpdtb) {
    nvram?.close();
    return 0; // QEMU writes the tree and exits
  }
  console.attach(machine);
  if (config.startPaused) log.note("machine paused (-S): press Ctrl-A c to start it");
  try {
    return await machine.run();
  } finally {
    console.detach();
    nvram?.close();
    await logFile?.end();
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
