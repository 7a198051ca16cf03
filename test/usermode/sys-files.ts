// File system calls on the sandbox and the stdio buffers: open/openat, read/write and their vector
// forms, lseek, the stat family (struct stat and struct statx as 64-bit PowerPC lays them out),
// fcntl, dup*, ioctl (no descriptor is a terminal), getcwd, readlink and access.

import * as fs from "node:fs";
import { EBADF, EFAULT, EINVAL, ENOENT, ENOTDIR, ENOTTY, ERANGE, ESPIPE } from "./errno.ts";
import { hostErrno, type Description } from "./files.ts";
import type { Process } from "./process.ts";

const AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;
// open flags, with powerpc's own O_DIRECTORY and O_NOFOLLOW (asm/fcntl.h)
const O_ACCMODE = 3, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200, O_APPEND = 0x400;
const O_NONBLOCK = 0x800, O_DIRECTORY = 0x4000, O_NOFOLLOW = 0x8000, O_CLOEXEC = 0x80000;
const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030, FD_CLOEXEC = 1;
const S_IFIFO = 0o010000;
/** Longest single transfer; longer reads and writes come back short, as Linux allows. */
const MAX_TRANSFER = 1 << 22;

const encoder = new TextEncoder();

function readable(f: Description): boolean {
  return f.kind === "input" || (f.kind === "host" && (f.flags & O_ACCMODE) !== O_WRONLY);
}

function writable(f: Description): boolean {
  return f.kind === "output" || (f.kind === "host" && (f.flags & O_ACCMODE) !== 0);
}

/** Read up to `count` bytes from a description at its offset. */
function readFrom(f: Description, count: number): Uint8Array | number {
  if (!readable(f)) return -EBADF;
  if (f.kind === "input") {
    const chunk = f.data.subarray(f.pos, f.pos + count);
    f.pos += chunk.length;
    return chunk;
  }
  if (f.kind !== "host") return -EBADF;
  const buf = new Uint8Array(Math.min(count, MAX_TRANSFER));
  try {
    const n = fs.readSync(f.fd, buf, 0, buf.length, f.pos);
    f.pos += n;
    return buf.subarray(0, n);
  } catch (e) {
    return hostErrno(e);
  }
}

function writeTo(f: Description, data: Uint8Array): number {
  if (!writable(f)) return -EBADF;
  if (f.kind === "output") {
    f.chunks.push(data);
    return data.length;
  }
  if (f.kind !== "host") return -EBADF;
  try {
    if (f.flags & O_APPEND) f.pos = fs.fstatSync(f.fd).size;
    const n = fs.writeSync(f.fd, data, 0, data.length, f.pos);
    f.pos += n;
    return n;
  } catch (e) {
    return hostErrno(e);
  }
}

export function sysRead(p: Process): number {
  const f = p.files.get(p.int(0));
  if (f === undefined) return -EBADF;
  const data = readFrom(f, Math.min(p.u64(2), MAX_TRANSFER));
  if (typeof data === "number") return data;
  return p.space.write(p.u64(1), data) ? data.length : -EFAULT;
}

export function sysWrite(p: Process): number {
  const f = p.files.get(p.int(0));
  if (f === undefined) return -EBADF;
  const data = p.space.read(p.u64(1), Math.min(p.u64(2), MAX_TRANSFER));
  return data === undefined ? -EFAULT : writeTo(f, data);
}

/** The (base, length) pairs of an iovec array, or undefined on EFAULT. */
function iovecs(p: Process, addr: number, count: number): [number, number][] | undefined {
  const raw = p.space.read(addr, count * 16);
  if (raw === undefined) return undefined;
  const view = new DataView(raw.buffer);
  return Array.from({ length: count }, (_, i) => [Number(view.getBigUint64(i * 16, true)), Number(view.getBigUint64(i * 16 + 8, true))]);
}

export function sysReadv(p: Process): number {
  const f = p.files.get(p.int(0));
  if (f === undefined) return -EBADF;
  const vec = iovecs(p, p.u64(1), p.int(2));
  if (vec === undefined) return -EFAULT;
  let total = 0;
  for (const [base, length] of vec) {
    const data = readFrom(f, length);
    if (typeof data === "number") return total > 0 ? total : data;
    if (!p.space.write(base, data)) return total > 0 ? total : -EFAULT;
    total += data.length;
    if (data.length < length) break;
  }
  return total;
}

export function sysWritev(p: Process): number {
  const f = p.files.get(p.int(0));
  if (f === undefined) return -EBADF;
  const vec = iovecs(p, p.u64(1), p.int(2));
  if (vec === undefined) return -EFAULT;
  let total = 0;
  for (const [base, length] of vec) {
    const data = p.space.read(base, length);
    if (data === undefined) return total > 0 ? total : -EFAULT;
    const n = writeTo(f, data);
    if (n < 0) return total > 0 ? total : n;
    total += n;
  }
  return total;
}

/** A path argument resolved against a directory descriptor: guest and host paths, or a negative errno. */
function resolveAt(p: Process, dirfd: number, pathAddr: number): { guest: string; host: string } | number {
  const path = p.space.readCString(pathAddr);
  if (path === undefined) return -EFAULT;
  if (path === "") return -ENOENT;
  let base = p.files.cwd;
  if (!path.startsWith("/") && dirfd !== AT_FDCWD) {
    const dir = p.files.get(dirfd);
    if (dir === undefined) return -EBADF;
    if (dir.kind !== "host") return -ENOTDIR;
    base = dir.guestPath;
  }
  const guest = p.files.guestPath(path, base);
  const host = p.files.hostPath(guest);
  return typeof host === "number" ? host : { guest, host };
}

function hostOpenFlags(flags: number): number {
  const c = fs.constants;
  const access = (flags & O_ACCMODE) === O_WRONLY ? c.O_WRONLY : (flags & O_ACCMODE) === O_RDWR ? c.O_RDWR : c.O_RDONLY;
  const bits: [number, number][] = [[O_CREAT, c.O_CREAT], [O_EXCL, c.O_EXCL], [O_TRUNC, c.O_TRUNC], [O_APPEND, c.O_APPEND], [O_DIRECTORY, c.O_DIRECTORY], [O_NOFOLLOW, c.O_NOFOLLOW]];
  return bits.reduce((host, [guest, bit]) => (flags & guest ? host | bit : host), access);
}

function open(p: Process, dirfd: number, pathAddr: number, flags: number, mode: number): number {
  const at = resolveAt(p, dirfd, pathAddr);
  if (typeof at === "number") return at;
  try {
    const fd = fs.openSync(at.host, hostOpenFlags(flags), mode & 0o7777);
    const installed = p.files.install({ kind: "host", fd, pos: 0, flags, guestPath: at.guest, refs: 0 }, (flags & O_CLOEXEC) !== 0);
    if (installed < 0) fs.closeSync(fd);
    return installed;
  } catch (e) {
    return hostErrno(e);
  }
}

export const sysOpen = (p: Process) => open(p, AT_FDCWD, p.u64(0), p.int(1), p.int(2));
export const sysOpenat = (p: Process) => open(p, p.int(0), p.u64(1), p.int(2), p.int(3));
export const sysClose = (p: Process) => p.files.close(p.int(0));

export const sysLseek = (p: Process) => seek(p, p.int(0), p.i64(1), p.int(2));

/** _llseek(fd, offset_high, offset_low, &result, whence): what glibc's lseek uses on 64-bit powerpc too. */
export function sysLlseek(p: Process): number {
  const position = seek(p, p.int(0), (p.u64(1) % 2 ** 32) * 2 ** 32 + (p.u64(2) % 2 ** 32), p.int(4));
  if (position < 0) return position;
  return p.writeU64s(p.u64(3), [position]) ? 0 : -EFAULT;
}

function seek(p: Process, fd: number, offset: number, whence: number): number {
  const f = p.files.get(fd);
  if (f === undefined) return -EBADF;
  if (f.kind !== "host") return -ESPIPE;
  let base: number;
  if (whence === 0) base = 0;
  else if (whence === 1) base = f.pos;
  else if (whence === 2) base = fs.fstatSync(f.fd).size;
  else return -EINVAL;
  if (base + offset < 0) return -EINVAL;
  f.pos = base + offset;
  return f.pos;
}

// ---- stat

interface StatFields {
  dev: bigint; ino: bigint; mode: number; nlink: number; uid: number; gid: number; rdev: bigint;
  size: bigint; blksize: number; blocks: bigint; atimeNs: bigint; mtimeNs: bigint; ctimeNs: bigint;
}

/** What fstat says about the stdio buffers: an empty pipe owned by the process. */
function pipeStat(): StatFields {
  const uid = process.getuid?.() ?? 0, gid = process.getgid?.() ?? 0;
  return { dev: 0n, ino: 0n, mode: S_IFIFO | 0o600, nlink: 1, uid, gid, rdev: 0n, size: 0n, blksize: 4096, blocks: 0n, atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n };
}

function hostStat(st: fs.BigIntStats): StatFields {
  return {
    dev: st.dev, ino: st.ino, mode: Number(st.mode), nlink: Number(st.nlink), uid: Number(st.uid), gid: Number(st.gid), rdev: st.rdev,
    size: st.size, blksize: Number(st.blksize), blocks: st.blocks, atimeNs: st.atimeNs, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs,
  };
}

/** stat of a descriptor, or of a path relative to one (newfstatat's rules); a negative errno on failure. */
function statAt(p: Process, dirfd: number, pathAddr: number, flags: number): StatFields | number {
  const path = p.space.readCString(pathAddr);
  if (path === undefined) return -EFAULT;
  if (path === "" && flags & AT_EMPTY_PATH) {
    const f = p.files.get(dirfd);
    if (f === undefined) return -EBADF;
    return f.kind === "host" ? hostStat(fs.fstatSync(f.fd, { bigint: true })) : pipeStat();
  }
  const at = resolveAt(p, dirfd, pathAddr);
  if (typeof at === "number") return at;
  try {
    return hostStat(flags & AT_SYMLINK_NOFOLLOW ? fs.lstatSync(at.host, { bigint: true }) : fs.statSync(at.host, { bigint: true }));
  } catch (e) {
    return hostErrno(e);
  }
}

const BILLION = 1_000_000_000n;

/** struct stat of 64-bit powerpc (asm/stat.h): 144 bytes, st_nlink before st_mode. */
function writeStat(p: Process, addr: number, st: StatFields | number): number {
  if (typeof st === "number") return st;
  const b = new Uint8Array(144), v = new DataView(b.buffer);
  v.setBigUint64(0, st.dev, true);
  v.setBigUint64(8, st.ino, true);
  v.setBigUint64(16, BigInt(st.nlink), true);
  v.setUint32(24, st.mode, true);
  v.setUint32(28, st.uid, true);
  v.setUint32(32, st.gid, true);
  v.setBigUint64(40, st.rdev, true);
  v.setBigInt64(48, st.size, true);
  v.setBigUint64(56, BigInt(st.blksize), true);
  v.setBigUint64(64, st.blocks, true);
  [st.atimeNs, st.mtimeNs, st.ctimeNs].forEach((ns, i) => {
    v.setBigUint64(72 + 16 * i, ns / BILLION, true);
    v.setBigUint64(80 + 16 * i, ns % BILLION, true);
  });
  return p.space.write(addr, b) ? 0 : -EFAULT;
}

export function sysFstat(p: Process): number {
  const f = p.files.get(p.int(0));
  if (f === undefined) return -EBADF;
  return writeStat(p, p.u64(1), f.kind === "host" ? hostStat(fs.fstatSync(f.fd, { bigint: true })) : pipeStat());
}

export const sysStat = (p: Process) => writeStat(p, p.u64(1), statAt(p, AT_FDCWD, p.u64(0), 0));
export const sysLstat = (p: Process) => writeStat(p, p.u64(1), statAt(p, AT_FDCWD, p.u64(0), AT_SYMLINK_NOFOLLOW));
export const sysNewfstatat = (p: Process) => writeStat(p, p.u64(2), statAt(p, p.int(0), p.u64(1), p.int(3)));

const STATX_BASIC_STATS = 0x7ff;

/** statx(dirfd, path, flags, mask, buf): the basic fields, in struct statx's 256 bytes. */
export function sysStatx(p: Process): number {
  const st = statAt(p, p.int(0), p.u64(1), p.int(2));
  if (typeof st === "number") return st;
  const b = new Uint8Array(256), v = new DataView(b.buffer);
  v.setUint32(0, STATX_BASIC_STATS, true);
  v.setUint32(4, st.blksize, true);
  v.setUint32(16, st.nlink, true);
  v.setUint32(20, st.uid, true);
  v.setUint32(24, st.gid, true);
  v.setUint16(28, st.mode, true);
  v.setBigUint64(32, st.ino, true);
  v.setBigUint64(40, st.size, true);
  v.setBigUint64(48, st.blocks, true);
  // atime, btime (left zero: not in the mask), ctime, mtime: 16-byte timestamps from offset 64
  for (const [offset, ns] of [[64, st.atimeNs], [96, st.ctimeNs], [112, st.mtimeNs]] as const) {
    v.setBigInt64(offset, ns / BILLION, true);
    v.setUint32(offset + 8, Number(ns % BILLION), true);
  }
  v.setUint32(128, Number((st.rdev >> 8n) & 0xfffn), true);
  v.setUint32(132, Number((st.rdev & 0xffn) | ((st.rdev >> 12n) & 0xfff00n)), true);
  v.setUint32(136, Number((st.dev >> 8n) & 0xfffn), true);
  v.setUint32(140, Number((st.dev & 0xffn) | ((st.dev >> 12n) & 0xfff00n)), true);
  return p.space.write(p.u64(4), b) ? 0 : -EFAULT;
}

// ---- descriptors

export function sysFcntl(p: Process): number {
  const fd = p.int(0), cmd = p.int(1), arg = p.int(2);
  const slot = p.files.slot(fd);
  if (slot === undefined) return -EBADF;
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      if (arg < 0) return -EINVAL;
      return p.files.install(slot.file, cmd === F_DUPFD_CLOEXEC, arg);
    case F_GETFD:
      return slot.cloexec ? FD_CLOEXEC : 0;
    case F_SETFD:
      slot.cloexec = (arg & FD_CLOEXEC) !== 0;
      return 0;
    case F_GETFL:
      return slot.file.kind === "host" ? slot.file.flags & ~O_CLOEXEC : slot.file.kind === "input" ? 0 : O_WRONLY;
    case F_SETFL:
      slot.file.flags = (slot.file.flags & ~(O_APPEND | O_NONBLOCK)) | (arg & (O_APPEND | O_NONBLOCK));
      return 0;
  }
  p.unimplemented(`fcntl command ${cmd}`);
  return -EINVAL;
}

export function sysDup(p: Process): number {
  const f = p.files.get(p.int(0));
  if (f === undefined) return -EBADF;
  return p.files.install(f, false);
}

export const sysDup2 = (p: Process) => p.files.duplicateTo(p.int(0), p.int(1), false);

export function sysDup3(p: Process): number {
  const flags = p.int(2);
  if (p.int(0) === p.int(1) || flags & ~O_CLOEXEC) return -EINVAL;
  return p.files.duplicateTo(p.int(0), p.int(1), (flags & O_CLOEXEC) !== 0);
}

/** Terminal ioctls fail with ENOTTY since no descriptor here is a terminal; others are reported. */
export function sysIoctl(p: Process): number {
  if (p.files.get(p.int(0)) === undefined) return -EBADF;
  const request = p.int(1) >>> 0, type = (request >>> 8) & 0xff;
  if (type !== 0x74 /* 't' */ && type !== 0x54 /* 'T' */) p.unimplemented(`ioctl 0x${request.toString(16)}`);
  return -ENOTTY;
}

export function sysGetcwd(p: Process): number {
  const path = encoder.encode(p.files.cwd + "\0");
  if (p.u64(1) < path.length) return -ERANGE;
  return p.space.write(p.u64(0), path) ? path.length : -EFAULT;
}

function readlink(p: Process, dirfd: number, pathAddr: number, buf: number, size: number): number {
  if (size <= 0) return -EINVAL;
  const at = resolveAt(p, dirfd, pathAddr);
  if (typeof at === "number") return at;
  try {
    const target = encoder.encode(fs.readlinkSync(at.host)).subarray(0, size);
    return p.space.write(buf, target) ? target.length : -EFAULT;
  } catch (e) {
    return hostErrno(e);
  }
}

export const sysReadlink = (p: Process) => readlink(p, AT_FDCWD, p.u64(0), p.u64(1), p.int(2));
export const sysReadlinkat = (p: Process) => readlink(p, p.int(0), p.u64(1), p.u64(2), p.int(3));

function access(p: Process, dirfd: number, pathAddr: number, mode: number): number {
  if (mode & ~7) return -EINVAL;
  const at = resolveAt(p, dirfd, pathAddr);
  if (typeof at === "number") return at;
  try {
    fs.accessSync(at.host, mode);
    return 0;
  } catch (e) {
    return hostErrno(e);
  }
}

export const sysAccess = (p: Process) => access(p, AT_FDCWD, p.u64(0), p.int(1));
export const sysFaccessat = (p: Process) => access(p, p.int(0), p.u64(1), p.int(2));
