// The entropy behind spapr-rng, as QEMU's RNG backends provide it: rng-random reads a file
// (/dev/urandom unless told otherwise; a host hardware generator such as /dev/hwrng works too),
// rng-builtin takes the host's cryptographic generator.

import { openSync, readSync } from "node:fs";

export interface RngBackend {
  /** Fill `bytes`; false when the source has run dry (a regular file at its end) or failed. */
  fill(bytes: Uint8Array): boolean;
}

export function rngBackend(file: string | undefined): RngBackend {
  if (file === undefined) return { fill: (bytes) => (crypto.getRandomValues(bytes), true) };
  let fd: number | undefined; // opened on first use and kept for the machine's life
  return {
    fill(bytes) {
      try {
        fd ??= openSync(file, "r");
        for (let done = 0; done < bytes.length; ) {
          const n = readSync(fd, bytes, done, bytes.length - done, null);
          if (n === 0) return false;
          done += n;
        }
        return true;
      } catch {
        return false;
      }
    },
  };
}
