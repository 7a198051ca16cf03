// Builds and boots the machine a MachineConfig describes, whoever drives it afterwards: the
// terminal (start.ts) or a scripted test (cmd/test-runner). It opens the files the machine holds
// for its whole run (the -D log, the NVRAM image) and refuses what spar cannot run with a
// StartError, which spar prints as one line before exiting with status 1.

import type { CharBackend } from "../devices/char-backend.ts";
import type { MachineConfig } from "./config.ts";
import { LoadError } from "./loader/index.ts";
import { MachineLog } from "./log.ts";
import { openNvramImage } from "./nvram-image.ts";
import { PseriesMachine } from "./pseries.ts";

/** Why the machine cannot start; the message is the whole line after "spar: ". */
export class StartError extends Error {
  override name = "StartError";
}

export interface LaunchedMachine {
  machine: PseriesMachine;
  /** Close what the machine held open (the NVRAM image, the -D log file), once it has stopped. */
  close(): Promise<void>;
}

/** Why spar cannot run this configuration at all, or undefined; checked before any file is opened. */
export function refusal(config: MachineConfig): string | undefined {
  // Never run fewer CPUs than asked for without saying so.
  if (config.smp.cpus > 1) return `-smp ${config.smp.cpus}: spar runs one vCPU so far (SMP is not implemented yet); use -smp 1`;
  return undefined;
}

/** The machine booted and ready to run, its console on `console`, its log lines to `logLine` (or -D's file). */
export async function launchMachine(config: MachineConfig, console: CharBackend, logLine: (line: string) => void): Promise<LaunchedMachine> {
  const refused = refusal(config);
  if (refused) throw new StartError(refused);
  let nvram;
  try {
    nvram = config.nvramImage === undefined ? undefined : openNvramImage(config.nvramImage);
  } catch (e) {
    throw new StartError(`-drive if=pflash,file=${config.nvramImage}: ${(e as Error).message}`);
  }
  const logFile = config.log.file ? Bun.file(config.log.file).writer() : undefined;
  const log = new MachineLog(config.log.items, logFile ? (line) => void logFile.write(line + "\n") : logLine);
  const close = async () => {
    nvram?.close();
    await logFile?.end();
  };
  const machine = new PseriesMachine(config, console, log, nvram?.device);
  try {
    await machine.boot();
  } catch (e) {
    await close();
    throw e instanceof LoadError ? new StartError(e.message) : e;
  }
  return { machine, close };
}
