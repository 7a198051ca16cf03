// The initial process stack, laid out as Linux's exec (fs/exec.c, fs/binfmt_elf.c
// create_elf_tables) builds it, from the top down: a NULL word, the AT_EXECFN file name, the
// environment strings, the argument strings (so in ascending order: argv strings, envp strings,
// file name), 16-byte alignment, the AT_PLATFORM string, the 16 AT_RANDOM bytes, then at a
// 16-byte aligned sp: argc, argv[], NULL, envp[], NULL, the auxiliary vector ending in AT_NULL.

import type { AddressSpace } from "./address-space.ts";

export const AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9;
export const AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17;
export const AT_DCACHEBSIZE = 19, AT_ICACHEBSIZE = 20, AT_UCACHEBSIZE = 21, AT_IGNOREPPC = 22, AT_SECURE = 23;
export const AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31;

/** Addresses of the strings and bytes the auxiliary vector points at. */
export interface StackStrings {
  execfn: number;
  platform: number;
  random: number;
}

export interface StackContents {
  argv: string[];
  envp: string[];
  execfn: string;
  platform: string;
  random: Uint8Array;
  /** The auxiliary vector (without AT_NULL), given where the strings landed. */
  auxv: (at: StackStrings) => [number, number][];
}

const encoder = new TextEncoder();
const cString = (s: string) => encoder.encode(s + "\0");
/** Addresses exceed 32 bits, so no bitwise operators on them. */
const align16 = (addr: number) => addr - (addr % 16);

/** Write the initial stack below `top` (the end of the stack mapping); returns sp. */
export function buildInitialStack(space: AddressSpace, top: number, c: StackContents): number {
  let p = top - 8; // exec leaves one NULL word at the very top
  const push = (bytes: Uint8Array) => {
    p -= bytes.length;
    if (!space.write(p, bytes)) throw new Error("initial stack does not fit its mapping");
    return p;
  };
  const execfn = push(cString(c.execfn));
  // copy_strings works from the last string down, so the first lands lowest.
  const envAddrs = c.envp.map(cString).reverse().map(push).reverse();
  const argAddrs = c.argv.map(cString).reverse().map(push).reverse();
  p = align16(p); // arch_align_stack, without the random offset
  const platform = push(cString(c.platform));
  const random = push(c.random);

  const auxv = [...c.auxv({ execfn, platform, random }), [AT_NULL, 0] as [number, number]];
  const words = [c.argv.length, ...argAddrs, 0, ...envAddrs, 0, ...auxv.flat()];
  const sp = align16(p - words.length * 8);
  const table = new Uint8Array(words.length * 8);
  const view = new DataView(table.buffer);
  words.forEach((w, i) => view.setBigUint64(i * 8, BigInt(w), true));
  if (!space.write(sp, table)) throw new Error("initial stack does not fit its mapping");
  return sp;
}
