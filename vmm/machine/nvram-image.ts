// The NVRAM's raw image on the host (-drive if=pflash): read once at start, and every guest store
// written straight to the file, so nothing is lost however the run ends.

import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { SpaprNvram } from "../devices/spapr-nvram.ts";

export interface NvramImage {
  device: SpaprNvram;
  close(): void;
}

/** Throws with a message for the user if the file cannot be opened read-write or has a bad size. */
export function openNvramImage(path: string): NvramImage {
  const fd = openSync(path, "r+");
  try {
    const device = SpaprNvram.fromImage(new Uint8Array(readFileSync(fd)), {
      write: (offset, bytes) => void writeSync(fd, bytes, 0, bytes.length, offset),
    });
    return { device, close: () => closeSync(fd) };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}
