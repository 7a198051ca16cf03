// Process system calls: exit, identity, uname, thread bookkeeping glibc sets up at start, signal
// dispositions and masks (recorded, never delivered), resource limits, time and getrandom.

import { EFAULT, EINVAL, ESRCH } from "./errno.ts";
import type { Process } from "./process.ts";

/** The process's ids: one process, one thread. The user and group are the host's, as under qemu-user. */
export const PID = 1000, PPID = 999;
const uid = () => process.getuid?.() ?? 0;
const gid = () => process.getgid?.() ?? 0;

export function sysExit(p: Process): number {
  p.exitStatus = p.int(0) & 0xff;
  return 0;
}

export const sysGetpid = () => PID;
export const sysGetppid = () => PPID;
export const sysGetuid = () => uid();
export const sysGetgid = () => gid();

/** struct new_utsname: six 65-byte strings. */
export function sysUname(p: Process): number {
  const fields = ["Linux", "spar", "6.1.0", "#1 SMP spar linux-user harness", "ppc64le", "(none)"];
  const b = new Uint8Array(6 * 65);
  fields.forEach((f, i) => b.set(new TextEncoder().encode(f), i * 65));
  return p.space.write(p.u64(0), b) ? 0 : -EFAULT;
}

/** glibc registers where the kernel would clear the thread id at exit; nothing to do in one thread. */
export const sysSetTidAddress = () => PID;

export function sysSetRobustList(p: Process): number {
  return p.u64(1) === 24 ? 0 : -EINVAL; // sizeof(struct robust_list_head)
}

const SIGKILL = 9, SIGSTOP = 19, SIGSET_SIZE = 8, SIGACTION_SIZE = 32;

/** rt_sigaction(sig, act, oact, sigsetsize): struct sigaction is handler, flags, restorer, mask (8 bytes each). */
export function sysRtSigaction(p: Process): number {
  const sig = p.int(0), act = p.u64(1), oact = p.u64(2);
  if (p.u64(3) !== SIGSET_SIZE || sig < 1 || sig > 64 || (act !== 0 && (sig === SIGKILL || sig === SIGSTOP))) return -EINVAL;
  const old = p.signalActions.get(sig) ?? new Uint8Array(SIGACTION_SIZE);
  if (act !== 0) {
    const next = p.space.read(act, SIGACTION_SIZE);
    if (next === undefined) return -EFAULT;
    p.signalActions.set(sig, next);
  }
  return oact === 0 || p.space.write(oact, old) ? 0 : -EFAULT;
}

const SIG_DFL = 0n, SIG_IGN = 1n;
/** Signals whose default action is to do nothing (SIGCHLD, SIGCONT, SIGURG, SIGWINCH). */
const IGNORED_BY_DEFAULT = new Set([17, 18, 23, 28]);

/** A signal the process sends itself (abort() does): ignored, or the default action ends it. */
function signalSelf(p: Process, sig: number): number {
  if (sig < 0 || sig > 64) return -EINVAL;
  if (sig === 0) return 0;
  const action = p.signalActions.get(sig);
  const handler = action === undefined ? SIG_DFL : new DataView(action.buffer).getBigUint64(0, true);
  if (handler === SIG_IGN || (handler === SIG_DFL && IGNORED_BY_DEFAULT.has(sig))) return 0;
  if (handler !== SIG_DFL) p.unimplemented(`delivery of signal ${sig} to a handler`);
  p.killedBy = sig;
  return 0;
}

export const sysKill = (p: Process) => (p.int(0) === PID || p.int(0) === 0 ? signalSelf(p, p.int(1)) : -ESRCH);
export const sysTkill = (p: Process) => (p.int(0) === PID ? signalSelf(p, p.int(1)) : -ESRCH);
export const sysTgkill = (p: Process) => (p.int(0) === PID && p.int(1) === PID ? signalSelf(p, p.int(2)) : -ESRCH);

const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
const UNBLOCKABLE = (1n << BigInt(SIGKILL - 1)) | (1n << BigInt(SIGSTOP - 1));

export function sysRtSigprocmask(p: Process): number {
  const how = p.int(0), set = p.u64(1), oset = p.u64(2);
  if (p.u64(3) !== SIGSET_SIZE) return -EINVAL;
  const old = p.signalMask;
  if (set !== 0) {
    const raw = p.space.read(set, 8);
    if (raw === undefined) return -EFAULT;
    const bits = new DataView(raw.buffer).getBigUint64(0, true);
    if (how === SIG_BLOCK) p.signalMask |= bits;
    else if (how === SIG_UNBLOCK) p.signalMask &= ~bits;
    else if (how === SIG_SETMASK) p.signalMask = bits;
    else return -EINVAL;
    p.signalMask &= ~UNBLOCKABLE;
  }
  return oset === 0 || p.writeU64s(oset, [old]) ? 0 : -EFAULT;
}

const RLIM_INFINITY = (1n << 64n) - 1n;
const RLIMIT_STACK = 3, RLIMIT_NOFILE = 7, RLIMIT_NLIMITS = 16;
const DEFAULT_LIMITS: Record<number, [bigint, bigint]> = {
  [RLIMIT_STACK]: [8n << 20n, RLIM_INFINITY],
  [RLIMIT_NOFILE]: [1024n, 4096n],
};

function limit(p: Process, resource: number): [bigint, bigint] {
  return p.limits.get(resource) ?? DEFAULT_LIMITS[resource] ?? [RLIM_INFINITY, RLIM_INFINITY];
}

/** prlimit64(pid, resource, new, old), on this process only. */
export function sysPrlimit64(p: Process): number {
  const pid = p.int(0), resource = p.int(1), next = p.u64(2), old = p.u64(3);
  if (pid !== 0 && pid !== PID) return -ESRCH;
  if (resource < 0 || resource >= RLIMIT_NLIMITS) return -EINVAL;
  const current = limit(p, resource);
  if (next !== 0) {
    const raw = p.space.read(next, 16);
    if (raw === undefined) return -EFAULT;
    const v = new DataView(raw.buffer);
    const soft = v.getBigUint64(0, true), hard = v.getBigUint64(8, true);
    if (soft > hard) return -EINVAL;
    p.limits.set(resource, [soft, hard]);
  }
  return old === 0 || p.writeU64s(old, current) ? 0 : -EFAULT;
}

export function sysUgetrlimit(p: Process): number {
  const resource = p.int(0);
  if (resource < 0 || resource >= RLIMIT_NLIMITS) return -EINVAL;
  return p.writeU64s(p.u64(1), limit(p, resource)) ? 0 : -EFAULT;
}

/** Deterministic bytes (xorshift32): runs repeat exactly, which is what a test harness wants. */
export function sysGetrandom(p: Process): number {
  const length = Math.min(p.u64(1), 1 << 16);
  const bytes = new Uint8Array(length);
  let x = p.randomState;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  p.randomState = x;
  return p.space.write(p.u64(0), bytes) ? length : -EFAULT;
}

/** struct sysinfo (112 bytes on 64-bit): the process's guest memory as the machine's RAM, no swap, one process. */
export function sysSysinfo(p: Process): number {
  const b = new Uint8Array(112), v = new DataView(b.buffer);
  v.setBigInt64(0, BigInt(Math.floor(process.uptime())), true);
  v.setBigUint64(32, BigInt(p.space.mem.size), true); // totalram
  v.setBigUint64(40, BigInt(p.space.freeBytes()), true); // freeram
  v.setUint16(80, 1, true); // procs
  v.setUint32(104, 1, true); // mem_unit: the sizes are in bytes
  return p.space.write(p.u64(0), b) ? 0 : -EFAULT;
}

const CLOCK_REALTIME = 0, CLOCK_REALTIME_COARSE = 5, CLOCK_TAI = 11;

/** clock_gettime: realtime clocks from the host's clock, every other clock from a monotonic one. */
export function sysClockGettime(p: Process): number {
  const id = p.int(0);
  if (id < 0 || id > CLOCK_TAI) return -EINVAL;
  const ns = id === CLOCK_REALTIME || id === CLOCK_REALTIME_COARSE || id === CLOCK_TAI ? BigInt(Date.now()) * 1_000_000n : process.hrtime.bigint();
  const ts = p.u64(1);
  return p.writeU64s(ts, [ns / 1_000_000_000n, ns % 1_000_000_000n]) ? 0 : -EFAULT;
}

export function sysGettimeofday(p: Process): number {
  const ms = Date.now(), tv = p.u64(0), tz = p.u64(1);
  if (tv !== 0 && !p.writeU64s(tv, [Math.floor(ms / 1000), (ms % 1000) * 1000])) return -EFAULT;
  if (tz !== 0 && !p.writeU64s(tz, [0])) return -EFAULT; // struct timezone: UTC, no DST
  return 0;
}

export function sysTime(p: Process): number {
  const now = Math.floor(Date.now() / 1000), t = p.u64(0);
  return t === 0 || p.writeU64s(t, [now]) ? now : -EFAULT;
}

const PR_SET_NAME = 15, PR_GET_NAME = 16, TASK_COMM_LEN = 16;

export function sysPrctl(p: Process): number {
  const option = p.int(0), addr = p.u64(1);
  if (option === PR_SET_NAME) {
    const name = p.space.readCString(addr, 1 << 12);
    if (name === undefined) return -EFAULT;
    p.comm = name.slice(0, TASK_COMM_LEN - 1);
    return 0;
  }
  if (option === PR_GET_NAME) {
    const b = new Uint8Array(TASK_COMM_LEN);
    b.set(new TextEncoder().encode(p.comm).subarray(0, TASK_COMM_LEN - 1));
    return p.space.write(addr, b) ? 0 : -EFAULT;
  }
  p.unimplemented(`prctl option ${option}`);
  return -EINVAL;
}
