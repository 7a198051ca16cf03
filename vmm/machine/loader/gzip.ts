// gzip-compressed boot images, inflated by spar before loading: a kernel as vmlinux.gz (spar's
// bundled guest is shipped so), and an initramfs, which Linux unpacks the same compressed or not,
// so inflating it on the host spares the guest the work (a sizeable share of a small boot).

import { gunzipSync } from "node:zlib";
import { LoadError } from "./raw.ts";

const isGzip = (image: Uint8Array): boolean => image.length >= 2 && image[0] === 0x1f && image[1] === 0x8b;

/** `image` inflated if it is gzip (a -kernel), else itself; never more than `limit` bytes (guest RAM) come out. */
export function inflateGzip(image: Uint8Array, limit: number, what: string): Uint8Array {
  if (!isGzip(image)) return image;
  try {
    return new Uint8Array(gunzipSync(image, { maxOutputLength: limit }));
  } catch (e) {
    const reason = (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? `inflates to more than guest RAM (${limit} bytes)` : `is not valid gzip (${(e as Error).message})`;
    throw new LoadError(`${what}: ${reason}`);
  }
}

/** A -initrd image, inflated when it is a gzip-compressed cpio archive (an initramfs); any other initrd is loaded as given. */
export function initrdImage(image: Uint8Array, limit: number, what: string): Uint8Array {
  if (!isGzip(image)) return image;
  const inflated = inflateGzip(image, limit, what);
  const magic = new TextDecoder().decode(inflated.subarray(0, 6));
  return magic === "070701" || magic === "070702" ? inflated : image;
}
