// The process's file descriptors. stdin is a buffer the caller supplies and stdout/stderr collect
// into buffers the caller gets back (all three behave as pipes: not seekable, not terminals).
// Other files come from a sandbox directory on the host, which is the guest's root directory:
// guest paths are resolved inside it and a path leading out of it (through a symbolic link) is
// refused with EACCES. Offsets belong to the open file description, shared by dup'ed descriptors,
// as in Linux.

import * as fs from "node:fs";
import { join, posix } from "node:path";
import { EACCES, EBADF, EMFILE, errnoOf } from "./errno.ts";

export type Description =
  | { kind: "input"; data: Uint8Array; pos: number; flags: number; refs: number }
  | { kind: "output"; chunks: Uint8Array[]; flags: number; refs: number }
  | { kind: "host"; fd: number; pos: number; flags: number; guestPath: string; refs: number };

interface Slot {
  file: Description;
  cloexec: boolean;
}

const MAX_FDS = 1024;

/** A host file-system call's failure as a negative errno (anything else is a harness bug, rethrown). */
export function hostErrno(e: unknown): number {
  const code = (e as { code?: string }).code;
  const errno = code === undefined ? undefined : errnoOf(code);
  if (errno === undefined) throw e;
  return -errno;
}

export class Files {
  private readonly slots: (Slot | undefined)[] = [];
  readonly sandboxReal: string;
  /** The guest's working directory, an absolute guest path. */
  cwd: string;

  constructor(sandbox: string, cwd: string, stdin: Uint8Array, stdout: Description, stderr: Description) {
    this.sandboxReal = fs.realpathSync(sandbox);
    this.cwd = posix.resolve("/", cwd);
    this.install({ kind: "input", data: stdin, pos: 0, flags: 0, refs: 0 }, false);
    this.install(stdout, false);
    this.install(stderr, false);
  }

  get(fd: number): Description | undefined {
    return fd >= 0 ? this.slots[fd]?.file : undefined;
  }

  slot(fd: number): Slot | undefined {
    return fd >= 0 ? this.slots[fd] : undefined;
  }

  /** Install a description at the lowest free descriptor at or above `min` (one more reference to it); -EMFILE when full. */
  install(file: Description, cloexec: boolean, min = 0): number {
    for (let fd = min; fd < MAX_FDS; fd++) {
      if (this.slots[fd] === undefined) {
        this.slots[fd] = { file, cloexec };
        file.refs++;
        return fd;
      }
    }
    return -EMFILE;
  }

  /** dup2/dup3: make `to` refer to `from`'s description. */
  duplicateTo(from: number, to: number, cloexec: boolean): number {
    const file = this.get(from);
    if (file === undefined || to < 0 || to >= MAX_FDS) return -EBADF;
    if (from === to) return to;
    file.refs++;
    if (this.slots[to] !== undefined) this.close(to);
    this.slots[to] = { file, cloexec };
    return to;
  }

  close(fd: number): number {
    const slot = this.slot(fd);
    if (slot === undefined) return -EBADF;
    this.slots[fd] = undefined;
    if (--slot.file.refs === 0 && slot.file.kind === "host") fs.closeSync(slot.file.fd);
    return 0;
  }

  /** Close every host file (the process is gone). */
  closeAll(): void {
    for (let fd = 0; fd < this.slots.length; fd++) if (this.slots[fd] !== undefined) this.close(fd);
  }

  /** The guest path `path` names, relative to `base` (a guest directory) when not absolute. */
  guestPath(path: string, base = this.cwd): string {
    return posix.resolve(base, path);
  }

  /** The host path for a guest path, or -EACCES if it would leave the sandbox through a link. */
  hostPath(guestPath: string): string | number {
    const host = join(this.sandboxReal, guestPath);
    // The deepest part that exists must resolve inside the sandbox.
    for (let probe = host; ; probe = join(probe, "..")) {
      let real: string;
      try {
        real = fs.realpathSync(probe);
      } catch {
        continue;
      }
      return real === this.sandboxReal || real.startsWith(this.sandboxReal + "/") ? host : -EACCES;
    }
  }
}
