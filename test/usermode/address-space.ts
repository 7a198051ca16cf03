// A process's flat user address space, as spar's Mmu: 4 KiB virtual pages, each with Linux
// PROT_* permissions, backed by pages of one GuestMemory handed out on first touch (so a large
// anonymous mapping or the 8 MiB stack costs nothing until used). A refused access becomes the
// architected DSI/ISI, which the harness reports as SIGSEGV. The kernel side of system calls
// copies in and out through read/write here, with the same permission checks (EFAULT).

import { GuestMemory, PAGE_SHIFT, PAGE_SIZE } from "../../vmm/mmu/guest-memory.ts";
import {
  ACCESS_EXEC, ACCESS_WRITE, DSISR_NO_PTE, DSISR_PROTECTION, FAULT_NONE, FAULT_STORAGE, SRR1_ISI_NO_PTE, SRR1_ISI_PROTECTION,
  type Access, type Mmu, type MmuCpuState, type TranslateResult,
} from "../../vmm/mmu/mmu.ts";

export const PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
export { PAGE_SIZE };

interface Page {
  prot: number;
  /** Guest physical address of the backing page; -1 until the page is first touched. */
  pa: number;
}

const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

export const pageFloor = (addr: number) => addr - (addr % PAGE_SIZE);
export const pageCeil = (addr: number) => pageFloor(addr + PAGE_SIZE - 1);

export class AddressSpace implements Mmu {
  /** A process's pages have no storage keys. */
  readonly amrInProblemState = false;
  private readonly pages = new Map<number, Page>();
  private nextPhysical = 0;
  private readonly freePhysical: number[] = [];
  /** Called after mappings shrink or lose permissions, so the CPU's soft TLB forgets them. */
  onUnmap: () => void = () => {};

  constructor(readonly mem: GuestMemory) {}

  translate(_cpu: MmuCpuState, eaHi: number, eaLo: number, access: Access, out: TranslateResult): boolean {
    const page = this.pages.get(eaHi * 0x100000 + (eaLo >>> PAGE_SHIFT));
    const need = access === ACCESS_EXEC ? PROT_EXEC : access === ACCESS_WRITE ? PROT_WRITE : PROT_READ;
    if (page === undefined || (page.prot & need) === 0) {
      out.fault = FAULT_STORAGE;
      out.dsisr = page === undefined ? DSISR_NO_PTE : DSISR_PROTECTION;
      out.srr1 = page === undefined ? SRR1_ISI_NO_PTE : SRR1_ISI_PROTECTION;
      return false;
    }
    out.ra = this.backing(page) | (eaLo & (PAGE_SIZE - 1));
    out.read = (page.prot & PROT_READ) !== 0;
    out.write = (page.prot & PROT_WRITE) !== 0;
    out.exec = (page.prot & PROT_EXEC) !== 0;
    out.fault = FAULT_NONE;
    return true;
  }

  /** Map [start, start + length) with `prot`, replacing what was there (start page-aligned). */
  map(start: number, length: number, prot: number): void {
    this.unmap(start, length);
    for (let a = start; a < start + length; a += PAGE_SIZE) this.pages.set(a / PAGE_SIZE, { prot, pa: -1 });
  }

  unmap(start: number, length: number): void {
    let dropped = false;
    for (let a = start; a < start + length; a += PAGE_SIZE) {
      const page = this.pages.get(a / PAGE_SIZE);
      if (page === undefined) continue;
      this.pages.delete(a / PAGE_SIZE);
      if (page.pa >= 0) this.release(page.pa);
      dropped = true;
    }
    if (dropped) this.onUnmap();
  }

  /** mprotect: false (ENOMEM) if part of the range is not mapped, changing nothing. */
  protect(start: number, length: number, prot: number): boolean {
    if (!this.isMapped(start, length)) return false;
    for (let a = start; a < start + length; a += PAGE_SIZE) this.pages.get(a / PAGE_SIZE)!.prot = prot;
    this.onUnmap();
    return true;
  }

  /** The protection of the page holding `addr`, or undefined if it is not mapped. */
  protectionAt(addr: number): number | undefined {
    return this.pages.get(Math.floor(addr / PAGE_SIZE))?.prot;
  }

  isMapped(start: number, length: number): boolean {
    for (let a = start; a < start + length; a += PAGE_SIZE) if (!this.pages.has(a / PAGE_SIZE)) return false;
    return true;
  }

  /** The highest free range of `length` bytes ending at or below `top` and starting at or above `bottom`. */
  findFree(length: number, top: number, bottom: number): number | undefined {
    let end = top;
    search: while (end - length >= bottom) {
      for (let a = end - PAGE_SIZE; a >= end - length; a -= PAGE_SIZE) {
        if (this.pages.has(a / PAGE_SIZE)) {
          end = a;
          continue search;
        }
      }
      return end - length;
    }
    return undefined;
  }

  /** Move the pages of [from, from + length) to `to` (mremap), keeping their contents and permissions. */
  move(from: number, length: number, to: number): void {
    const moved: Page[] = [];
    for (let a = 0; a < length; a += PAGE_SIZE) {
      moved.push(this.pages.get((from + a) / PAGE_SIZE)!);
      this.pages.delete((from + a) / PAGE_SIZE);
    }
    this.unmap(to, length);
    moved.forEach((page, i) => this.pages.set(to / PAGE_SIZE + i, page));
    this.onUnmap();
  }

  /** Copy out of user memory (a system call's input), or undefined (EFAULT) if not all readable. */
  read(addr: number, length: number): Uint8Array | undefined {
    const out = new Uint8Array(length);
    for (let done = 0; done < length; ) {
      const page = this.pages.get(Math.floor((addr + done) / PAGE_SIZE));
      if (page === undefined || (page.prot & PROT_READ) === 0) return undefined;
      const offset = (addr + done) % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - offset, length - done);
      if (page.pa >= 0) out.set(this.mem.u8.subarray(page.pa + offset, page.pa + offset + n), done);
      done += n;
    }
    return out;
  }

  /** Copy into user memory; false (EFAULT) if not all writable. `force` is the loader's way past permissions. */
  write(addr: number, bytes: Uint8Array, force = false): boolean {
    for (let done = 0; done < bytes.length; ) {
      const page = this.pages.get(Math.floor((addr + done) / PAGE_SIZE));
      if (page === undefined || (!force && (page.prot & PROT_WRITE) === 0)) return false;
      const offset = (addr + done) % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - offset, bytes.length - done);
      this.mem.write(this.backing(page) + offset, bytes.subarray(done, done + n)); // GuestMemory.write keeps decoded code coherent
      done += n;
    }
    return true;
  }

  /** A NUL-terminated string from user memory, or undefined (EFAULT). */
  readCString(addr: number, max = 4096): string | undefined {
    const bytes: number[] = [];
    for (let i = 0; i < max; i++) {
      const b = this.read(addr + i, 1);
      if (b === undefined) return undefined;
      if (b[0] === 0) return new TextDecoder().decode(new Uint8Array(bytes));
      bytes.push(b[0]);
    }
    return undefined;
  }

  /** Guest memory not yet backing a page. */
  freeBytes(): number {
    return this.mem.size - this.nextPhysical + this.freePhysical.length * PAGE_SIZE;
  }

  private backing(page: Page): number {
    if (page.pa < 0) page.pa = this.allocate();
    return page.pa;
  }

  /** A zeroed physical page: a released one, or the next never-used one. */
  private allocate(): number {
    const reused = this.freePhysical.pop();
    if (reused !== undefined) return reused;
    if (this.nextPhysical + PAGE_SIZE > this.mem.size) throw new Error(`guest memory exhausted (${this.mem.size >> 20} MiB); give the process more`);
    const pa = this.nextPhysical;
    this.nextPhysical += PAGE_SIZE;
    return pa;
  }

  /** Zero a page as it is freed (through GuestMemory.write, which drops any instructions decoded from it). */
  private release(pa: number): void {
    this.mem.write(pa, ZERO_PAGE);
    this.freePhysical.push(pa);
  }
}
