// The cpio "newc" archive Linux unpacks as an initramfs (Documentation/driver-api/early-userspace/
// buffer-format.rst): per entry a 110-byte ASCII header of 13 hex fields, the name with its NUL,
// padding to 4 bytes, the data, padding to 4 bytes; a "TRAILER!!!" entry ends the archive.

export interface CpioEntry {
  /** Path inside the archive, without a leading slash ("bin/busybox"). */
  path: string;
  /** File type and permission bits, as st_mode (0o100755 for an executable, 0o40755 for a directory). */
  mode: number;
  /** File contents, or a symbolic link's target. */
  data?: Uint8Array | string;
  /** Character and block devices: major and minor numbers. */
  rdev?: [number, number];
}

export const S_IFDIR = 0o040000, S_IFREG = 0o100000, S_IFLNK = 0o120000, S_IFCHR = 0o020000;

const encoder = new TextEncoder();

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

/** The archive of `entries`, in order, with inode numbers from 1 and every time stamp `mtime`. */
export function writeCpio(entries: CpioEntry[], mtime = 0): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  const add = (entry: CpioEntry, ino: number) => {
    const name = encoder.encode(entry.path + "\0");
    const data = typeof entry.data === "string" ? encoder.encode(entry.data) : (entry.data ?? new Uint8Array());
    const [major, minor] = entry.rdev ?? [0, 0];
    const fields = [ino, entry.mode, 0, 0, (entry.mode & S_IFDIR) === S_IFDIR ? 2 : 1, mtime, data.length, 0, 0, major, minor, name.length, 0];
    const header = "070701" + fields.map((f) => (f >>> 0).toString(16).padStart(8, "0")).join("");
    parts.push(encoder.encode(header), name, new Uint8Array(pad4(110 + name.length)), data, new Uint8Array(pad4(data.length)));
  };
  entries.forEach((e, i) => add(e, i + 1));
  add({ path: "TRAILER!!!", mode: 0 }, 0);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
