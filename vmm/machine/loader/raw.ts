// Copies a flat image (firmware blob, initrd, raw kernel) into guest memory at a fixed address.

/** Guest memory as the loaders see it: a byte sink of a known size, addressed physically. */
export interface LoadTarget {
  write(addr: number, bytes: Uint8Array): void;
  readonly size: number;
}

/** A load that cannot be done as asked; the message names the image, the address and the limit. */
export class LoadError extends Error {
  override name = "LoadError";
}

export const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

/** Loads `image` at guest physical `addr`; returns the range [start, end) it now occupies. */
export function loadRaw(image: Uint8Array, ram: LoadTarget, addr: number): { start: number; end: number } {
  if (!Number.isSafeInteger(addr) || addr < 0) {
    throw new LoadError(`raw image load address ${addr} is not a non-negative integer`);
  }
  const end = addr + image.length;
  if (end > ram.size) {
    throw new LoadError(
      `raw image of ${image.length} bytes at ${hex(addr)} ends at ${hex(end)}, beyond guest RAM (${hex(ram.size)} bytes)`,
    );
  }
  ram.write(addr, image);
  return { start: addr, end };
}
