// The Linux user-mode harness itself: the sc return convention, the initial stack, the memory
// system calls, fault reports, and where it sits in the tree (test code nothing else imports).

import { describe, expect, test } from "bun:test";
import { Glob } from "bun";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { assemble } from "../../vmm/cpu/isa/asm.ts";
import { findCpuModel } from "../../vmm/cpu/models.ts";
import { Cpu } from "../../vmm/cpu/state.ts";
import { ElfError } from "../../vmm/machine/loader/index.ts";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { ACCESS_READ, ACCESS_WRITE, DSISR_PROTECTION, newTranslateResult } from "../../vmm/mmu/mmu.ts";
import { AddressSpace, PAGE_SIZE, PROT_READ, PROT_WRITE } from "./address-space.ts";
import { parseExecutable, phdrAddress } from "./elf.ts";
import { EBADF, EFAULT, ENOMEM } from "./errno.ts";
import { Files } from "./files.ts";
import { runLinuxUser } from "./linux-user.ts";
import { MMAP_TOP, Process } from "./process.ts";
import { AT_EXECFN, AT_NULL, AT_PLATFORM, AT_RANDOM, buildInitialStack } from "./stack.ts";
import { systemCall } from "./syscalls.ts";

const ROOT = join(import.meta.dir, "../..");
const CR0_SO = 1 << 28;
const NR_WRITE = 4, NR_CLOSE = 6, NR_BRK = 45, NR_MMAP = 90, NR_MUNMAP = 91, NR_MPROTECT = 125, NR_MREMAP = 163, NR_EXIT_GROUP = 234;

/** A static ELF64 LE executable: `code` at 0x10000100 (its entry) and `data` after it, in one R+X segment. */
function tinyElf(code: string[], data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const base = 0x10000000, codeOffset = 0x100;
  const size = codeOffset + code.length * 4 + data.length;
  const b = new Uint8Array(size), v = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]); // ELF64, little-endian, version 1
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 21, true); // EM_PPC64
  v.setUint32(20, 1, true);
  v.setBigUint64(24, BigInt(base + codeOffset), true); // e_entry
  v.setBigUint64(32, 64n, true); // e_phoff
  v.setUint32(48, 2, true); // e_flags: ELFv2
  v.setUint16(52, 64, true);
  v.setUint16(54, 56, true);
  v.setUint16(56, 1, true);
  v.setUint32(64, 1, true); // PT_LOAD
  v.setUint32(68, 5, true); // PF_R | PF_X
  v.setBigUint64(80, BigInt(base), true); // p_vaddr
  v.setBigUint64(96, BigInt(size), true); // p_filesz
  v.setBigUint64(104, BigInt(size), true); // p_memsz
  code.forEach((line, i) => v.setUint32(codeOffset + 4 * i, line.startsWith(".long ") ? Number(line.slice(6)) : assemble(line), true));
  b.set(data, codeOffset + code.length * 4);
  return b;
}

function run(code: string[], data?: Uint8Array) {
  const sandbox = mkdtempSync(join(tmpdir(), "usermode-"));
  try {
    return runLinuxUser({ executable: tinyElf(code, data), argv: ["tiny"], sandbox });
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
}

describe("running a program", () => {
  test("write, a failing close and exit_group: r3 and CR0[SO] as Linux's sc returns them", () => {
    const program = [
      `addi r0,0,${NR_WRITE}`,
      "addi r3,0,1",
      "addis r4,0,0x1000",
      `ori r4,r4,${0x100 + 4 * 18}`, // the message, after the 18 instructions
      "addi r5,0,3",
      "sc 0",
      "mfcr r6", // CR after the success
      `addi r0,0,${NR_CLOSE}`,
      "addi r3,0,99",
      "sc 0",
      "mfcr r7", // CR after the failure
      "rlwinm r7,r7,4,31,31", // its CR0[SO], as bit 0
      "rlwinm r6,r6,5,30,30", // the success's CR0[SO], as bit 1
      "or r7,r7,r6",
      "rlwinm r3,r3,2,0,29",
      "or r3,r3,r7", // status = errno * 4 + SO(success) * 2 + SO(failure)
      `addi r0,0,${NR_EXIT_GROUP}`,
      "sc 0",
    ];
    const r = run(program, new TextEncoder().encode("hi\n"));
    expect(r.fault).toBeUndefined();
    expect(new TextDecoder().decode(r.stdout)).toBe("hi\n");
    expect(r.status).toBe(EBADF * 4 + 1);
    expect(r.instructions).toBe(program.length);
  });

  test("accesses across a page boundary reach both pages when they sit apart in guest memory", () => {
    // The two stack pages around the boundary below sp's page get their guest memory at different
    // times, so they are not adjacent there: the CPU must split these accesses between them. The
    // write system calls read the bytes back through the page table, not the CPU.
    const at = ["rldicr r4,r1,0,51", "addi r4,r4,-4"]; // 4 bytes below the boundary
    const write = (reg: string, offset: number, length: number) => [
      `addi r4,${reg},${offset}`, `addi r0,0,${NR_WRITE}`, "addi r3,0,1", `addi r5,0,${length}`, "sc 0",
    ];
    const r = run([
      "addis r5,0,0x1122", "ori r5,r5,0x3344", "rldicr r5,r5,32,31", "oris r5,r5,0x5566", "ori r5,r5,0x7788",
      ...at, "std r5,0(r4)", ...write("r4", 0, 8), // a doubleword store split over the pages
      ...at, "ld r6,0(r4)", "std r6,-64(r1)", ...write("r1", -64, 8), // and a load
      ...at, "lxvd2x vs0,0,r4", "addi r7,r1,-128", "stxvd2x vs0,0,r7", ...write("r1", -128, 16), // a VSX load
      ...at, "addi r4,r4,-2", "stxvd2x vs0,0,r4", ...write("r4", 0, 16), // a VSX store, two bytes lower
      `addi r0,0,${NR_EXIT_GROUP}`, "addi r3,0,0", "sc 0",
    ]);
    expect(r.fault).toBeUndefined();
    const doubleword = [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11], zeros = new Array(8).fill(0);
    expect([...r.stdout]).toEqual([...doubleword, ...doubleword, ...doubleword, ...zeros, ...doubleword, ...zeros]);
  });

  test("an illegal instruction ends the run with its word, its disassembly and its address", () => {
    const r = run(["addi r3,0,1", ".long 0"]);
    expect(r.status).toBeUndefined();
    expect(r.illegal?.word).toBe(0);
    expect(r.illegal?.pc).toBe(0x10000104);
    expect(r.fault).toStartWith("illegal instruction 0x00000000 (");
    expect(r.fault).toEndWith(") at pc 0x10000104");
  });

  test("a store to a read-only page is a SIGSEGV naming the address and the instruction", () => {
    const r = run(["addis r4,0,0x1000", "stw r3,0x10(r4)"]);
    expect(r.fault).toBe("SIGSEGV: write to 0x10000010 at pc 0x10000104");
  });

  test("a jump to an unmapped page is a SIGSEGV on the instruction fetch", () => {
    const r = run(["addis r4,0,0x2000", "mtspr 9,r4", "bcctr 20,0,0"]);
    expect(r.fault).toBe("SIGSEGV: instruction fetch from pc 0x20000000");
  });
});

describe("the executables the harness runs", () => {
  const exit = [`addi r0,0,${NR_EXIT_GROUP}`, "addi r3,0,0", "sc 0"];
  const patched = (edit: (v: DataView, b: Uint8Array) => void) => {
    const b = tinyElf(exit);
    edit(new DataView(b.buffer), b);
    return b;
  };

  test("a static ELFv2 executable: its PT_LOAD segment and its program headers' address", () => {
    const image = parseExecutable(tinyElf(exit));
    expect(image.entry).toBe(0x10000100);
    expect(image.loads).toEqual([{ vaddr: 0x10000000, offset: 0, filesz: 0x10c, memsz: 0x10c, flags: 5 }]);
    expect(phdrAddress(image)).toBe(0x10000040);
  });

  test("what Linux would hand to an interpreter, or a 32-bit or big-endian process, is refused", () => {
    const interp = patched((v) => {
      v.setUint16(56, 2, true); // a second program header, after the first
      v.setUint32(120, 3, true); // PT_INTERP
    });
    expect(() => parseExecutable(interp)).toThrow("dynamically linked executables (PT_INTERP) are not supported");
    expect(() => parseExecutable(patched((v) => v.setUint16(16, 3, true)))).toThrow("only static executables (ET_EXEC)");
    expect(() => parseExecutable(patched((v) => v.setUint32(48, 1, true)))).toThrow("only ELFv2 executables");
    expect(() => parseExecutable(patched((v) => v.setUint32(48, 0, true)))).toThrow("only ELFv2 executables"); // Linux: ELFv1
    const bigEndian = readFileSync(join(ROOT, "test/fixtures/elf/v1-be.elf"));
    expect(() => parseExecutable(bigEndian)).toThrow("not a little-endian executable");
  });

  test("a malformed file fails with the loader's ElfError", () => {
    expect(() => parseExecutable(tinyElf(exit).subarray(0, 100))).toThrow(ElfError);
    expect(() => parseExecutable(patched((_, b) => (b[4] = 1)))).toThrow("ELF32 (EI_CLASS 1) is not supported");
  });
});

/** A process with no program, for calling system calls directly. */
function bareProcess(): Process {
  const memory = new GuestMemory(16 << 20);
  const cpu = new Cpu(findCpuModel("power8")!, memory);
  const space = new AddressSpace(memory);
  cpu.mmu = space;
  const out = { kind: "output" as const, chunks: [], flags: 1, refs: 0 };
  const p = new Process(cpu, space, new Files(tmpdir(), "/", new Uint8Array(0), out, { ...out, chunks: [] }), () => {});
  p.brkStart = p.brk = 0x10000000;
  return p;
}

/** Make system call `nr` with arguments r3.. and return r3, negated when CR0[SO] says it is an errno. */
function call(p: Process, nr: number, ...args: number[]): number {
  p.cpu.setGpr(0, nr);
  args.forEach((a, i) => p.cpu.setGpr(3 + i, a));
  systemCall(p);
  const r3 = Number(p.cpu.gpr(3));
  return p.cpu.cr & CR0_SO ? -r3 : r3;
}

const PROT_RW = PROT_READ | PROT_WRITE, MAP_PRIVATE_ANONYMOUS = 0x22, MREMAP_MAYMOVE = 1;

describe("memory system calls", () => {
  test("mmap hands out zeroed pages top-down below the stack; munmap takes them away", () => {
    const p = bareProcess();
    const a = call(p, NR_MMAP, 0, 3 * PAGE_SIZE, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
    expect(a).toBe(MMAP_TOP - 3 * PAGE_SIZE);
    expect(p.space.read(a, 3 * PAGE_SIZE)).toEqual(new Uint8Array(3 * PAGE_SIZE));
    expect(call(p, NR_MMAP, 0, PAGE_SIZE, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0)).toBe(a - PAGE_SIZE);
    expect(call(p, NR_MUNMAP, a, 3 * PAGE_SIZE)).toBe(0);
    expect(p.space.read(a, 1)).toBeUndefined();
  });

  test("mremap grows in place when it can, and moves the contents when it cannot", () => {
    const p = bareProcess();
    const a = call(p, NR_MMAP, 0, PAGE_SIZE, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
    const b = call(p, NR_MMAP, 0, PAGE_SIZE, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0); // right below a
    p.space.write(b, new Uint8Array([1, 2, 3]));
    expect(call(p, NR_MREMAP, b, PAGE_SIZE, 2 * PAGE_SIZE, 0)).toBe(-ENOMEM); // a is in the way, and no MAYMOVE
    const moved = call(p, NR_MREMAP, b, PAGE_SIZE, 2 * PAGE_SIZE, MREMAP_MAYMOVE);
    expect(moved).not.toBe(b);
    expect(p.space.read(moved, 3)).toEqual(new Uint8Array([1, 2, 3]));
    expect(p.space.read(b, 1)).toBeUndefined();
    expect(call(p, NR_MREMAP, a, PAGE_SIZE, 2 * PAGE_SIZE, 0)).toBe(a); // nothing above a
  });

  test("brk grows and shrinks the heap by pages and returns the break asked for", () => {
    const p = bareProcess();
    expect(call(p, NR_BRK, 0)).toBe(0x10000000);
    expect(call(p, NR_BRK, 0x10001800)).toBe(0x10001800);
    expect(p.space.write(0x10001fff, new Uint8Array([7]))).toBe(true);
    expect(call(p, NR_BRK, 0x10000800)).toBe(0x10000800);
    expect(p.space.read(0x10001000, 1)).toBeUndefined();
    expect(call(p, NR_BRK, 0x0fff0000)).toBe(0x10000800); // below the start: refused, the break stays
  });

  test("mprotect changes what the CPU may do; on unmapped memory it fails with ENOMEM", () => {
    const p = bareProcess();
    const a = call(p, NR_MMAP, 0, PAGE_SIZE, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
    expect(call(p, NR_MPROTECT, a, PAGE_SIZE, PROT_READ)).toBe(0);
    const t = newTranslateResult();
    expect(p.space.translate(p.cpu, Math.floor(a / 2 ** 32), a | 0, ACCESS_READ, t)).toBe(true);
    expect(p.space.translate(p.cpu, Math.floor(a / 2 ** 32), a | 0, ACCESS_WRITE, t)).toBe(false);
    expect(t.dsisr).toBe(DSISR_PROTECTION);
    expect(call(p, NR_MPROTECT, a + PAGE_SIZE, PAGE_SIZE, PROT_READ)).toBe(-ENOMEM);
  });

  test("a system call given a bad pointer fails with EFAULT", () => {
    const p = bareProcess();
    expect(call(p, NR_WRITE, 1, 0x1234, 10)).toBe(-EFAULT);
  });
});

describe("the initial stack", () => {
  test("argc, argv, envp and the auxiliary vector as Linux lays them out, sp 16-byte aligned", () => {
    const p = bareProcess();
    const top = 0x7fff0000;
    p.space.map(top - 16 * PAGE_SIZE, 16 * PAGE_SIZE, PROT_RW);
    const random = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const sp = buildInitialStack(p.space, top, {
      argv: ["busybox", "sort"],
      envp: ["A=1"],
      execfn: "/bin/busybox",
      platform: "power8",
      random,
      auxv: (at) => [[AT_RANDOM, at.random], [AT_EXECFN, at.execfn], [AT_PLATFORM, at.platform]],
    });
    expect(sp % 16).toBe(0);
    const word = (addr: number) => Number(new DataView(p.space.read(addr, 8)!.buffer).getBigUint64(0, true));
    const str = (addr: number) => p.space.readCString(addr);
    expect(word(sp)).toBe(2);
    expect([str(word(sp + 8)), str(word(sp + 16)), word(sp + 24)]).toEqual(["busybox", "sort", 0]);
    expect([str(word(sp + 32)), word(sp + 40)]).toEqual(["A=1", 0]);
    const auxv = new Map<number, number>();
    for (let a = sp + 48; ; a += 16) {
      auxv.set(word(a), word(a + 8));
      if (word(a) === AT_NULL) break;
    }
    expect(p.space.read(auxv.get(AT_RANDOM)!, 16)).toEqual(random);
    expect(str(auxv.get(AT_EXECFN)!)).toBe("/bin/busybox");
    expect(str(auxv.get(AT_PLATFORM)!)).toBe("power8");
    // The strings sit above the tables, the file name last, below one NULL word at the top.
    expect(auxv.get(AT_EXECFN)).toBe(top - 8 - "/bin/busybox".length - 1);
    expect(word(top - 8)).toBe(0);
  });
});

test("test/usermode is test code: it imports only vmm/cpu, vmm/mmu, the ELF loader and the guest fetchers, and nothing outside test/ imports it", async () => {
  const here = relative(ROOT, import.meta.dir);
  const problems: string[] = [];
  for await (const file of new Glob("**/*.ts").scan({ cwd: ROOT, onlyFiles: true })) {
    if (file.startsWith("node_modules/")) continue;
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const [, spec] of text.matchAll(/^import[^;]*?from "(\.[^"]+)"/gms)) {
      const target = relative(ROOT, join(ROOT, dirname(file), spec));
      const inside = file.startsWith(here + "/"), toHere = target.startsWith(here + "/");
      if (!file.startsWith("test/") && toHere) problems.push(`${file} imports ${target}`);
      if (inside && !toHere && !/^(vmm\/(cpu|mmu|machine\/loader)|test\/guests\/linux)\//.test(target)) problems.push(`${file} imports ${target}`);
    }
  }
  expect(problems).toEqual([]);
});
