// The system call table (64-bit PowerPC numbers) and Linux's `sc` return convention: r3 is the
// result, or on failure the positive errno with CR0[SO] set. A call not in the table returns
// ENOSYS and is reported by name.

import { ENOSYS } from "./errno.ts";
import type { Process } from "./process.ts";
import { syscallName } from "./syscall-names.ts";
import * as files from "./sys-files.ts";
import * as memory from "./sys-memory.ts";
import * as proc from "./sys-process.ts";

type Handler = (p: Process) => number;

const TABLE: Record<number, Handler> = {
  1: proc.sysExit,
  3: files.sysRead,
  4: files.sysWrite,
  5: files.sysOpen,
  6: files.sysClose,
  13: proc.sysTime,
  19: files.sysLseek,
  20: proc.sysGetpid,
  24: proc.sysGetuid,
  33: files.sysAccess,
  37: proc.sysKill,
  41: files.sysDup,
  45: memory.sysBrk,
  47: proc.sysGetgid,
  49: proc.sysGetuid, // geteuid
  50: proc.sysGetgid, // getegid
  54: files.sysIoctl,
  55: files.sysFcntl,
  63: files.sysDup2,
  64: proc.sysGetppid,
  78: proc.sysGettimeofday,
  85: files.sysReadlink,
  90: memory.sysMmap,
  91: memory.sysMunmap,
  106: files.sysStat,
  107: files.sysLstat,
  108: files.sysFstat,
  116: proc.sysSysinfo,
  122: proc.sysUname,
  125: memory.sysMprotect,
  140: files.sysLlseek,
  145: files.sysReadv,
  146: files.sysWritev,
  163: memory.sysMremap,
  171: proc.sysPrctl,
  173: proc.sysRtSigaction,
  174: proc.sysRtSigprocmask,
  182: files.sysGetcwd,
  190: proc.sysUgetrlimit,
  207: proc.sysGetpid, // gettid: the one thread's id is the process id
  208: proc.sysTkill,
  232: proc.sysSetTidAddress,
  234: proc.sysExit, // exit_group
  246: proc.sysClockGettime,
  250: proc.sysTgkill,
  286: files.sysOpenat,
  291: files.sysNewfstatat,
  296: files.sysReadlinkat,
  298: files.sysFaccessat,
  300: proc.sysSetRobustList,
  316: files.sysDup3,
  325: proc.sysPrlimit64,
  359: proc.sysGetrandom,
  383: files.sysStatx,
  439: files.sysFaccessat, // faccessat2: the flags argument changes nothing for a single user
};

/** CR0[SO], the error flag of Linux's `sc` return. */
const CR0_SO = 1 << 28;

/** Run the system call the process asked for (number in r0) and set r3 and CR0[SO] as Linux returns them. */
export function systemCall(p: Process): void {
  const nr = p.cpu.gprLo[0];
  const handler = p.cpu.gprHi[0] === 0 ? TABLE[nr] : undefined;
  let result: number;
  const args = p.trace && [3, 4, 5, 6, 7, 8].map((r) => `0x${p.cpu.gpr(r).toString(16)}`).join(", ");
  if (handler !== undefined) result = handler(p);
  else {
    p.unimplemented(syscallName(nr));
    result = -ENOSYS;
  }
  p.trace?.(`${syscallName(nr)}(${args}) = ${result < 0 && result >= -4095 ? `-${-result}` : `0x${result.toString(16)}`}`);
  const cpu = p.cpu;
  if (result < 0 && result >= -4095) {
    cpu.cr |= CR0_SO;
    cpu.gprHi[3] = 0;
    cpu.gprLo[3] = -result;
  } else {
    cpu.cr &= ~CR0_SO;
    cpu.gprHi[3] = Math.floor(result / 2 ** 32);
    cpu.gprLo[3] = result >>> 0;
  }
}
