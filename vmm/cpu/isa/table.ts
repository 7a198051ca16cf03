// The instruction table: one entry per instruction of the Power ISA that spar implements.
// Decode, execute dispatch (gen-interpreter.ts writes generated/interpreter.ts from it), the
// disassembler and the differential test generator all read this table and nothing else.
// Entries are grouped as the book's chapters are; floating point and vector live in their own
// chapter files (table-fp.ts, table-vmx.ts, table-vsx.ts) and are joined here.

import { bits } from "./forms.ts";
import { BRANCH, HV, INTERRUPTS, L_AND, L_ANDC, L_EQV, L_NAND, L_NOR, L_OR, L_ORC, L_XOR, NONDETERMINISTIC, PRIV, RECORD, insn, v207, v300, type InsnSpec, type MemSpec, type Opts } from "./spec.ts";
import { FP_INSNS } from "./table-fp.ts";
import { VMX_INSNS } from "./table-vmx.ts";
import { VSX_INSNS } from "./table-vsx.ts";

export * from "./spec.ts";

// Handler argument vocabularies, shared with exec/.
/** Load flags for exec/loadstore.ts. */
/** LD_DS: a DS-form displacement, whose low two bits belong to the opcode. */
export const LD_SIGNED = 1, LD_REVERSE = 2, LD_UPDATE = 4, LD_DS = 8;
/** CR logical operations (exec/branch.ts), same numbering as the logical ops. */

function load(name: string, opcd: number, size: 1 | 2 | 4 | 8, flags: number, o: Opts = {}): InsnSpec[] {
  const mem = (extra: Partial<MemSpec>): MemSpec => ({ size, ...extra });
  return [insn(name, "D", opcd, undefined, "RT,D(RA)", "loadD", [size, flags], { ...o, mem: mem({}) }),
    insn(name + "u", "D", opcd + 1, undefined, "RT,D(RA)", "loadD", [size, flags | LD_UPDATE], { ...o, mem: mem({ update: true }) })];
}

function loadX(name: string, xo: number, size: 1 | 2 | 4 | 8, flags: number, o: Opts = {}): InsnSpec {
  const update = (flags & LD_UPDATE) !== 0;
  return insn(name, "X", 31, xo, "RT,RA,RB", "loadX", [size, flags], { ...o, mem: { size, update, indexed: true } });
}

function store(name: string, opcd: number, size: 1 | 2 | 4 | 8): InsnSpec[] {
  return [insn(name, "D", opcd, undefined, "RS,D(RA)", "storeD", [size, 0], { mem: { size, store: true } }),
    insn(name + "u", "D", opcd + 1, undefined, "RS,D(RA)", "storeD", [size, LD_UPDATE], { mem: { size, store: true, update: true } })];
}

function storeX(name: string, xo: number, size: 1 | 2 | 4 | 8, flags: number, o: Opts = {}): InsnSpec {
  const update = (flags & LD_UPDATE) !== 0;
  return insn(name, "X", 31, xo, "RS,RA,RB", "storeX", [size, flags], { ...o, mem: { size, store: true, update, indexed: true } });
}

/** Cache-block instructions address memory like a one-byte indexed access. */
const BLOCK: MemSpec = { size: 1, indexed: true, block: true };

function xo(name: string, xo: number, syntax: string, exec: string, args: number[] = [], o: Opts = {}): InsnSpec {
  return insn(name, "XO", 31, xo, syntax, exec, args, o);
}

function x31(name: string, xo: number, syntax: string, exec: string, args: number[] = [], o: Opts = {}): InsnSpec {
  return insn(name, "X", 31, xo, syntax, exec, args, o);
}

function x31rc(name: string, xo: number, syntax: string, exec: string, args: number[] = [], o: Opts = {}): InsnSpec {
  return insn(name, "XRc", 31, xo, syntax, exec, args, o);
}

function xl(name: string, xo: number, syntax: string, exec: string, args: number[] = [], o: Opts = {}): InsnSpec {
  return insn(name, "XL", 19, xo, syntax, exec, args, o);
}

// ---------------------------------------------------------------------------------------------

/** Branch, fixed-point, storage-control and Book III instructions: everything but FP and vector. */
export const FIXED_POINT_INSNS: readonly InsnSpec[] = [
  // ### Branch facility (Book I ch. 2)
  insn("b", "I", 18, undefined, "LI", "branch", [], { flags: BRANCH }),
  insn("bc", "B", 16, undefined, "BO,BI,BD", "branchCond", [], { flags: BRANCH }),
  xl("bclr", 16, "BO,BI,BH", "branchCondTo", [0], { flags: BRANCH }),
  xl("bcctr", 528, "BO,BI,BH", "branchCondTo", [1], { flags: BRANCH }),
  xl("bctar", 560, "BO,BI,BH", "branchCondTo", [2], { ...v207, flags: BRANCH }),
  insn("sc", "SC", 17, 2, "LEV", "systemCall", [], { flags: BRANCH | INTERRUPTS }),
  insn("scv", "SC", 17, 1, "LEV", "systemCallVectored", [], { ...v300, flags: BRANCH | INTERRUPTS }),
  xl("crand", 257, "BT,BA,BB", "crLogical", [L_AND]),
  xl("cror", 449, "BT,BA,BB", "crLogical", [L_OR]),
  xl("crxor", 193, "BT,BA,BB", "crLogical", [L_XOR]),
  xl("crnand", 225, "BT,BA,BB", "crLogical", [L_NAND]),
  xl("crnor", 33, "BT,BA,BB", "crLogical", [L_NOR]),
  xl("creqv", 289, "BT,BA,BB", "crLogical", [L_EQV]),
  xl("crandc", 129, "BT,BA,BB", "crLogical", [L_ANDC]),
  xl("crorc", 417, "BT,BA,BB", "crLogical", [L_ORC]),
  xl("mcrf", 0, "BF,BFA", "mcrf"),

  // ### Fixed-point loads and stores (Book I §3.3.2-3.3.6)
  ...load("lbz", 34, 1, 0),
  ...load("lhz", 40, 2, 0),
  ...load("lha", 42, 2, LD_SIGNED),
  ...load("lwz", 32, 4, 0),
  insn("ld", "DS", 58, 0, "RT,DS(RA)", "loadD", [8, LD_DS], { mem: { size: 8 } }),
  insn("ldu", "DS", 58, 1, "RT,DS(RA)", "loadD", [8, LD_DS | LD_UPDATE], { mem: { size: 8, update: true } }),
  insn("lwa", "DS", 58, 2, "RT,DS(RA)", "loadD", [4, LD_DS | LD_SIGNED], { mem: { size: 4 } }),
  loadX("lbzx", 87, 1, 0), loadX("lbzux", 119, 1, LD_UPDATE),
  loadX("lhzx", 279, 2, 0), loadX("lhzux", 311, 2, LD_UPDATE),
  loadX("lhax", 343, 2, LD_SIGNED), loadX("lhaux", 375, 2, LD_SIGNED | LD_UPDATE),
  loadX("lwzx", 23, 4, 0), loadX("lwzux", 55, 4, LD_UPDATE),
  loadX("lwax", 341, 4, LD_SIGNED), loadX("lwaux", 373, 4, LD_SIGNED | LD_UPDATE),
  loadX("ldx", 21, 8, 0), loadX("ldux", 53, 8, LD_UPDATE),
  ...store("stb", 38, 1),
  ...store("sth", 44, 2),
  ...store("stw", 36, 4),
  insn("std", "DS", 62, 0, "RS,DS(RA)", "storeD", [8, LD_DS], { mem: { size: 8, store: true } }),
  insn("stdu", "DS", 62, 1, "RS,DS(RA)", "storeD", [8, LD_DS | LD_UPDATE], { mem: { size: 8, store: true, update: true } }),
  storeX("stbx", 215, 1, 0), storeX("stbux", 247, 1, LD_UPDATE),
  storeX("sthx", 407, 2, 0), storeX("sthux", 439, 2, LD_UPDATE),
  storeX("stwx", 151, 4, 0), storeX("stwux", 183, 4, LD_UPDATE),
  storeX("stdx", 149, 8, 0), storeX("stdux", 181, 8, LD_UPDATE),
  insn("lq", "DQ", 56, 0, "RTp,DQ(RA)", "loadQuad", [], { ...v207, mem: { size: 16 } }),
  insn("stq", "DS", 62, 2, "RSp,DS(RA)", "storeQuad", [], { ...v207, mem: { size: 16, store: true } }),
  loadX("lhbrx", 790, 2, LD_REVERSE), loadX("lwbrx", 534, 4, LD_REVERSE), loadX("ldbrx", 532, 8, LD_REVERSE),
  storeX("sthbrx", 918, 2, LD_REVERSE), storeX("stwbrx", 662, 4, LD_REVERSE), storeX("stdbrx", 660, 8, LD_REVERSE),
  insn("lmw", "D", 46, undefined, "RT,D(RA)", "loadMultiple", [], { mem: { size: 4, multiple: true } }),
  insn("stmw", "D", 47, undefined, "RS,D(RA)", "storeMultiple", [], { mem: { size: 4, store: true, multiple: true } }),
  x31("lswi", 597, "RT,RA,NB", "loadString", [0], { mem: { size: 1, multiple: true } }),
  x31("lswx", 533, "RT,RA,RB", "loadString", [1], { mem: { size: 1, multiple: true, indexed: true } }),
  x31("stswi", 725, "RS,RA,NB", "storeString", [0], { mem: { size: 1, store: true, multiple: true } }),
  x31("stswx", 661, "RS,RA,RB", "storeString", [1], { mem: { size: 1, store: true, multiple: true, indexed: true } }),

  // ### Fixed-point arithmetic (Book I §3.3.9)
  insn("addi", "D", 14, undefined, "RT,RA,SI", "addImmediate", [0]),
  insn("addis", "D", 15, undefined, "RT,RA,SI", "addImmediate", [16]),
  insn("addpcis", "DX", 19, 2, "RT,DX", "addpcis", [], v300),
  insn("addic", "D", 12, undefined, "RT,RA,SI", "addImmediateCarrying", [0]),
  insn("addic.", "D", 13, undefined, "RT,RA,SI", "addImmediateCarrying", [1]),
  insn("subfic", "D", 8, undefined, "RT,RA,SI", "subfImmediateCarrying"),
  xo("add", 266, "RT,RA,RB", "add"),
  xo("subf", 40, "RT,RA,RB", "subf"),
  xo("addc", 10, "RT,RA,RB", "addc"),
  xo("subfc", 8, "RT,RA,RB", "subfc"),
  xo("adde", 138, "RT,RA,RB", "adde"),
  xo("subfe", 136, "RT,RA,RB", "subfe"),
  xo("addme", 234, "RT,RA", "addme", [0]),
  xo("subfme", 232, "RT,RA", "addme", [1]),
  xo("addze", 202, "RT,RA", "addze", [0]),
  xo("subfze", 200, "RT,RA", "addze", [1]),
  xo("neg", 104, "RT,RA", "neg"),
  insn("addex", "Z23", 31, 170, "RT,RA,RB,CY", "addex", [], { ...v300, fixed: [bits(21, 22), 0] }),
  insn("mulli", "D", 7, undefined, "RT,RA,SI", "mulli"),
  xo("mullw", 235, "RT,RA,RB", "mullw"),
  xo("mulhw", 75, "RT,RA,RB", "mulhw", [1], { fixed: [bits(21, 21), 0] }),
  xo("mulhwu", 11, "RT,RA,RB", "mulhw", [0], { fixed: [bits(21, 21), 0] }),
  xo("mulld", 233, "RT,RA,RB", "mulld"),
  xo("mulhd", 73, "RT,RA,RB", "mulhd", [1], { fixed: [bits(21, 21), 0] }),
  xo("mulhdu", 9, "RT,RA,RB", "mulhd", [0], { fixed: [bits(21, 21), 0] }),
  insn("maddhd", "VA", 4, 48, "RT,RA,RB,RC", "maddhd", [1], v300),
  insn("maddhdu", "VA", 4, 49, "RT,RA,RB,RC", "maddhd", [0], v300),
  insn("maddld", "VA", 4, 51, "RT,RA,RB,RC", "maddld", [], v300),
  xo("divw", 491, "RT,RA,RB", "divw", [1, 0]),
  xo("divwu", 459, "RT,RA,RB", "divw", [0, 0]),
  xo("divwe", 427, "RT,RA,RB", "divw", [1, 1]),
  xo("divweu", 395, "RT,RA,RB", "divw", [0, 1]),
  xo("divd", 489, "RT,RA,RB", "divd", [1, 0]),
  xo("divdu", 457, "RT,RA,RB", "divd", [0, 0]),
  xo("divde", 425, "RT,RA,RB", "divd", [1, 1]),
  xo("divdeu", 393, "RT,RA,RB", "divd", [0, 1]),
  x31("modsw", 779, "RT,RA,RB", "modw", [1], v300),
  x31("moduw", 267, "RT,RA,RB", "modw", [0], v300),
  x31("modsd", 777, "RT,RA,RB", "modd", [1], v300),
  x31("modud", 265, "RT,RA,RB", "modd", [0], v300),
  x31("darn", 755, "RT,L14_15", "darn", [], { ...v300, flags: NONDETERMINISTIC }),

  // ### Fixed-point compare, trap, select (Book I §3.3.10-3.3.12)
  insn("cmpi", "D", 11, undefined, "BF,L10,RA,SI", "compareImmediate", [1]),
  insn("cmpli", "D", 10, undefined, "BF,L10,RA,UI", "compareImmediate", [0]),
  x31("cmp", 0, "BF,L10,RA,RB", "compare", [1]),
  x31("cmpl", 32, "BF,L10,RA,RB", "compare", [0]),
  x31("cmprb", 192, "BF,L10,RA,RB", "cmprb", [], v300),
  x31("cmpeqb", 224, "BF,RA,RB", "cmpeqb", [], v300),
  x31("setb", 128, "RT,BFA", "setb", [], v300),
  x31("mcrxrx", 576, "BF", "mcrxrx", [], v300),
  insn("twi", "D", 3, undefined, "TO,RA,SI", "trapImmediate", [0], { flags: INTERRUPTS }),
  insn("tdi", "D", 2, undefined, "TO,RA,SI", "trapImmediate", [1], { flags: INTERRUPTS }),
  x31("tw", 4, "TO,RA,RB", "trap", [0], { flags: INTERRUPTS }),
  x31("td", 68, "TO,RA,RB", "trap", [1], { flags: INTERRUPTS }),
  insn("isel", "A", 31, 15, "RT,RA,RB,BC", "isel"),

  // ### Fixed-point logical (Book I §3.3.13)
  insn("andi.", "D", 28, undefined, "RA,RS,UI", "logicalImmediate", [L_AND, 0, 1]),
  insn("andis.", "D", 29, undefined, "RA,RS,UI", "logicalImmediate", [L_AND, 16, 1]),
  insn("ori", "D", 24, undefined, "RA,RS,UI", "logicalImmediate", [L_OR, 0, 0]),
  insn("oris", "D", 25, undefined, "RA,RS,UI", "logicalImmediate", [L_OR, 16, 0]),
  insn("xori", "D", 26, undefined, "RA,RS,UI", "logicalImmediate", [L_XOR, 0, 0]),
  insn("xoris", "D", 27, undefined, "RA,RS,UI", "logicalImmediate", [L_XOR, 16, 0]),
  x31rc("and", 28, "RA,RS,RB", "logical", [L_AND]),
  x31rc("or", 444, "RA,RS,RB", "logical", [L_OR]),
  x31rc("xor", 316, "RA,RS,RB", "logical", [L_XOR]),
  x31rc("nand", 476, "RA,RS,RB", "logical", [L_NAND]),
  x31rc("nor", 124, "RA,RS,RB", "logical", [L_NOR]),
  x31rc("eqv", 284, "RA,RS,RB", "logical", [L_EQV]),
  x31rc("andc", 60, "RA,RS,RB", "logical", [L_ANDC]),
  x31rc("orc", 412, "RA,RS,RB", "logical", [L_ORC]),
  x31rc("extsb", 954, "RA,RS", "extendSign", [8]),
  x31rc("extsh", 922, "RA,RS", "extendSign", [16]),
  x31rc("extsw", 986, "RA,RS", "extendSign", [32]),
  x31rc("cntlzw", 26, "RA,RS", "countZeros", [0]),
  x31rc("cntlzd", 58, "RA,RS", "countZeros", [1]),
  x31rc("cnttzw", 538, "RA,RS", "countZeros", [2], v300),
  x31rc("cnttzd", 570, "RA,RS", "countZeros", [3], v300),
  x31("cmpb", 508, "RA,RS,RB", "cmpb"),
  x31("popcntb", 122, "RA,RS", "popcount", [8]),
  x31("popcntw", 378, "RA,RS", "popcount", [32]),
  x31("popcntd", 506, "RA,RS", "popcount", [64]),
  x31("prtyw", 154, "RA,RS", "parity", [32]),
  x31("prtyd", 186, "RA,RS", "parity", [64]),
  x31("bpermd", 252, "RA,RS,RB", "bpermd"),

  // ### Fixed-point rotate and shift (Book I §3.3.14)
  insn("rlwinm", "M", 21, undefined, "RA,RS,SH,MB,ME", "rotateWord", [0]),
  insn("rlwnm", "M", 23, undefined, "RA,RS,RB,MB,ME", "rotateWord", [1]),
  insn("rlwimi", "M", 20, undefined, "RA,RS,SH,MB,ME", "rotateWord", [2]),
  insn("rldicl", "MD", 30, 0, "RA,RS,SH6,MB6", "rotateDoubleImmediate", [0]),
  insn("rldicr", "MD", 30, 1, "RA,RS,SH6,ME6", "rotateDoubleImmediate", [1]),
  insn("rldic", "MD", 30, 2, "RA,RS,SH6,MB6", "rotateDoubleImmediate", [2]),
  insn("rldimi", "MD", 30, 3, "RA,RS,SH6,MB6", "rotateDoubleImmediate", [3]),
  insn("rldcl", "MDS", 30, 8, "RA,RS,RB,MB6", "rotateDouble", [0]),
  insn("rldcr", "MDS", 30, 9, "RA,RS,RB,ME6", "rotateDouble", [1]),
  x31rc("slw", 24, "RA,RS,RB", "shiftWord", [0]),
  x31rc("srw", 536, "RA,RS,RB", "shiftWord", [1]),
  x31rc("sraw", 792, "RA,RS,RB", "shiftWord", [2]),
  x31rc("srawi", 824, "RA,RS,SH", "srawi"),
  x31rc("sld", 27, "RA,RS,RB", "shiftDouble", [0]),
  x31rc("srd", 539, "RA,RS,RB", "shiftDouble", [1]),
  x31rc("srad", 794, "RA,RS,RB", "shiftDouble", [2]),
  insn("sradi", "XS", 31, 413, "RA,RS,SH6", "sradi"),
  insn("extswsli", "XS", 31, 445, "RA,RS,SH6", "extswsli", [], v300),

  // ### Moves to and from system registers (Book I §3.3.17, Book III §5.4.4)
  insn("mtspr", "XFX", 31, 467, "SPR,RS", "mtspr"),
  insn("mfspr", "XFX", 31, 339, "RT,SPR", "mfspr"),
  insn("mftb", "XFX", 31, 371, "RT,TBR", "mfspr", [], { flags: NONDETERMINISTIC }),
  insn("mtcrf", "XFX", 31, 144, "FXM,RS", "mtcrf", [0], { fixed: [bits(11, 11), 0] }),
  insn("mtocrf", "XFX", 31, 144, "FXM,RS", "mtcrf", [1], { fixed: [bits(11, 11), bits(11, 11)] }),
  insn("mfcr", "XFX", 31, 19, "RT", "mfcr", [0], { fixed: [bits(11, 11), 0] }),
  insn("mfocrf", "XFX", 31, 19, "RT,FXM", "mfcr", [1], { fixed: [bits(11, 11), bits(11, 11)] }),

  // ### Storage control (Book II ch. 4): reservations, cache management, barriers
  x31("lbarx", 52, "RT,RA,RB", "loadAndReserve", [1], { ...v207, mem: { size: 1, indexed: true, reserve: true } }),
  x31("lharx", 116, "RT,RA,RB", "loadAndReserve", [2], { ...v207, mem: { size: 2, indexed: true, reserve: true } }),
  x31("lwarx", 20, "RT,RA,RB", "loadAndReserve", [4], { mem: { size: 4, indexed: true, reserve: true } }),
  x31("ldarx", 84, "RT,RA,RB", "loadAndReserve", [8], { mem: { size: 8, indexed: true, reserve: true } }),
  x31("lqarx", 276, "RTp,RA,RB", "loadAndReserve", [16], { ...v207, mem: { size: 16, indexed: true, reserve: true } }),
  x31("stbcx.", 694, "RS,RA,RB", "storeConditional", [1], { ...v207, flags: RECORD, mem: { size: 1, store: true, indexed: true, reserve: true } }),
  x31("sthcx.", 726, "RS,RA,RB", "storeConditional", [2], { ...v207, flags: RECORD, mem: { size: 2, store: true, indexed: true, reserve: true } }),
  x31("stwcx.", 150, "RS,RA,RB", "storeConditional", [4], { flags: RECORD, mem: { size: 4, store: true, indexed: true, reserve: true } }),
  x31("stdcx.", 214, "RS,RA,RB", "storeConditional", [8], { flags: RECORD, mem: { size: 8, store: true, indexed: true, reserve: true } }),
  x31("stqcx.", 182, "RSp,RA,RB", "storeConditional", [16], { ...v207, flags: RECORD, mem: { size: 16, store: true, indexed: true, reserve: true } }),
  x31("dcbz", 1014, "RA,RB", "dcbz", [], { mem: { size: 1, store: true, indexed: true, block: true } }),
  x31("dcbst", 54, "RA,RB", "cacheFlush", [], { mem: BLOCK }),
  x31("dcbf", 86, "RA,RB", "cacheFlush", [], { mem: BLOCK }),
  x31("dcbt", 278, "RA,RB,TH", "cacheHint", [], { mem: BLOCK }),
  x31("dcbtst", 246, "RA,RB,TH", "cacheHint", [], { mem: BLOCK }),
  x31("icbi", 982, "RA,RB", "cacheFlush", [], { mem: BLOCK }),
  x31("sync", 598, "L9_10", "sync"),
  x31("eieio", 854, "", "cacheHint"),
  xl("isync", 150, "", "isync", [], { flags: BRANCH }),

  // ### Privileged (Book III ch. 5)
  x31("mfmsr", 83, "RT", "mfmsr", [], { flags: PRIV }),
  x31("mtmsr", 146, "RS,L15", "mtmsr", [0], { flags: PRIV | BRANCH }),
  x31("mtmsrd", 178, "RS,L15", "mtmsr", [1], { flags: PRIV | BRANCH }),
  xl("rfid", 18, "", "returnFromInterrupt", [0], { flags: PRIV | BRANCH }),
  xl("hrfid", 274, "", "returnFromInterrupt", [1], { flags: HV | BRANCH }),
  xl("rfscv", 82, "", "returnFromScv", [], { ...v300, flags: PRIV | BRANCH }),
  x31("tlbie", 306, "RB,RS,RIC,PRS,R", "tlbInvalidate", [], { flags: PRIV }),
  x31("tlbiel", 274, "RB,RS,RIC,PRS,R", "tlbInvalidate", [], { flags: PRIV }),
  x31("tlbsync", 566, "", "tlbsync", [], { flags: PRIV }),
  x31("slbmte", 402, "RS,RB", "slbmte", [], { flags: PRIV }),
  x31("slbmfee", 915, "RT,RB", "slbmf", [0], { flags: PRIV }),
  x31("slbmfev", 851, "RT,RB", "slbmf", [1], { flags: PRIV }),
  x31("slbie", 434, "RB", "slbie", [], { flags: PRIV }),
  x31("slbia", 498, "IH", "slbia", [], { flags: PRIV }),
  x31("slbfee.", 979, "RT,RB", "slbfee", [], { flags: PRIV | RECORD }),
  x31("slbsync", 338, "", "slbsync", [], { ...v300, flags: PRIV }),

  // ### Processor control (Book III ch. 11): doorbells
  x31("msgsndp", 142, "RB", "privilegedDoorbell", [1], { ...v207, flags: PRIV }),
  x31("msgclrp", 174, "RB", "privilegedDoorbell", [0], { ...v207, flags: PRIV }),
  x31("msgsnd", 206, "RB", "hypervisorDoorbell", [], { ...v207, flags: HV }),
  x31("msgclr", 238, "RB", "hypervisorDoorbell", [], { ...v207, flags: HV }),
  x31("msgsync", 886, "", "hypervisorDoorbell", [], { ...v300, flags: HV }),
];

export const INSNS: readonly InsnSpec[] = [...FIXED_POINT_INSNS, ...FP_INSNS, ...VMX_INSNS, ...VSX_INSNS];

/** Every distinct handler named by the table, for the dispatch generator and its test. */
export function handlerNames(): string[] {
  return [...new Set(INSNS.map((s) => s.exec))].sort();
}
