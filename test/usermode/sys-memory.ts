// Memory system calls: brk, mmap (anonymous, or a private copy of a file), munmap, mprotect and
// mremap, on 4 KiB pages (the AT_PAGESZ the harness gives).

import * as fs from "node:fs";
import { PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE, pageCeil } from "./address-space.ts";
import { EBADF, EEXIST, EFAULT, EINVAL, ENODEV, ENOMEM } from "./errno.ts";
import { hostErrno } from "./files.ts";
import { MMAP_BOTTOM, MMAP_TOP, type Process } from "./process.ts";

const MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_FIXED_NOREPLACE = 0x100000;
const MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;
const PROT_MASK = PROT_READ | PROT_WRITE | PROT_EXEC;

const aligned = (addr: number) => addr % PAGE_SIZE === 0;

export function sysBrk(p: Process): number {
  const want = p.u64(0);
  if (want < p.brkStart) return p.brk;
  const oldEnd = pageCeil(p.brk), newEnd = pageCeil(want);
  if (newEnd > oldEnd) {
    if (p.space.findFree(newEnd - oldEnd, newEnd, oldEnd) !== oldEnd) return p.brk; // something is in the way
    p.space.map(oldEnd, newEnd - oldEnd, PROT_READ | PROT_WRITE);
  } else if (newEnd < oldEnd) p.space.unmap(newEnd, oldEnd - newEnd);
  p.brk = want;
  return want;
}

export function sysMmap(p: Process): number {
  const hint = p.u64(0), prot = p.int(2), flags = p.int(3), fd = p.int(4), offset = p.i64(5);
  const length = pageCeil(p.u64(1));
  if (length === 0 || !aligned(offset) || offset < 0 || (flags & (MAP_SHARED | MAP_PRIVATE)) === 0 || prot & ~PROT_MASK) return -EINVAL;
  let data: Uint8Array | undefined;
  if (!(flags & MAP_ANONYMOUS)) {
    const file = p.files.get(fd);
    if (file === undefined) return -EBADF;
    if (file.kind !== "host") return -ENODEV;
    if (flags & MAP_SHARED && prot & PROT_WRITE) {
      p.unimplemented("mmap of a shared writable file");
      return -ENODEV;
    }
    data = new Uint8Array(length);
    try {
      fs.readSync(file.fd, data, 0, length, offset);
    } catch (e) {
      return e instanceof Error && "code" in e && e.code === "EISDIR" ? -ENODEV : hostErrno(e);
    }
  }
  let start: number;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (!aligned(hint)) return -EINVAL;
    if (flags & MAP_FIXED_NOREPLACE && p.space.findFree(length, hint + length, hint) !== hint) return -EEXIST;
    start = hint;
  } else {
    const free = hint !== 0 && aligned(hint) && p.space.findFree(length, hint + length, hint) === hint ? hint : p.space.findFree(length, MMAP_TOP, MMAP_BOTTOM);
    if (free === undefined) return -ENOMEM;
    start = free;
  }
  p.space.map(start, length, prot);
  if (data !== undefined) p.space.write(start, data, true);
  return start;
}

export function sysMunmap(p: Process): number {
  const addr = p.u64(0), length = pageCeil(p.u64(1));
  if (!aligned(addr) || length === 0) return -EINVAL;
  p.space.unmap(addr, length);
  return 0;
}

export function sysMprotect(p: Process): number {
  const addr = p.u64(0), length = pageCeil(p.u64(1)), prot = p.int(2);
  if (!aligned(addr) || prot & ~PROT_MASK) return -EINVAL;
  return p.space.protect(addr, length, prot) ? 0 : -ENOMEM;
}

export function sysMremap(p: Process): number {
  const old = p.u64(0), oldLength = pageCeil(p.u64(1)), newLength = pageCeil(p.u64(2)), flags = p.int(3), fixed = p.u64(4);
  if (!aligned(old) || newLength === 0 || flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) return -EINVAL;
  if (flags & MREMAP_FIXED && (!(flags & MREMAP_MAYMOVE) || !aligned(fixed))) return -EINVAL;
  if (oldLength === 0) return -EINVAL; // duplicating shared mappings: not for private memory
  if (!p.space.isMapped(old, oldLength)) return -EFAULT;
  const prot = p.space.protectionAt(old + oldLength - PAGE_SIZE)!;
  if (!(flags & MREMAP_FIXED)) {
    if (newLength <= oldLength) {
      p.space.unmap(old + newLength, oldLength - newLength);
      return old;
    }
    if (p.space.findFree(newLength - oldLength, old + newLength, old + oldLength) === old + oldLength) {
      p.space.map(old + oldLength, newLength - oldLength, prot);
      return old;
    }
    if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
  }
  const to = flags & MREMAP_FIXED ? fixed : p.space.findFree(newLength, MMAP_TOP, MMAP_BOTTOM);
  if (to === undefined) return -ENOMEM;
  if (to < old + oldLength && old < to + newLength) return -EINVAL; // overlapping source and target
  const kept = Math.min(oldLength, newLength);
  p.space.move(old, kept, to);
  if (oldLength > kept) p.space.unmap(old + kept, oldLength - kept);
  if (newLength > kept) p.space.map(to + kept, newLength - kept, prot);
  return to;
}
