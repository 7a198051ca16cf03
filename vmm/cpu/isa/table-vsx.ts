// Vector-Scalar Extension instructions (Book I ch. 7) that move bits without rounding: loads and
// stores, logical and permute operations, GPR<->VSR moves, and sign/exponent bit operations.
// The floating-point arithmetic, compares and conversions are table-vsx-float.ts's, joined here.

import { bits } from "./forms.ts";
import { insn, v207, v300, type InsnSpec, type MemSpec, type Opts } from "./spec.ts";
import { VSX_FLOAT_INSNS } from "./table-vsx-float.ts";

// Handler argument vocabularies, shared with exec/vsx-*.ts.

/**
 * Which MSR facility an instruction needs (each instruction's RTL in Book I ch. 7). FAC_VSX_VEC:
 * MSR[VSX] for VSRs 0-31 and MSR[VEC] for VSRs 32-63 (most ISA 3.0 instructions); FAC_FP_VEC:
 * MSR[FP] or MSR[VEC] likewise (the ISA 2.07 direct moves, which touch only doubleword 0).
 */
export const FAC_VSX = 0, FAC_VSX_VEC = 1, FAC_FP_VEC = 2, FAC_VEC = 3;

/** Scalar load/store kinds: what doubleword 0 holds and how many bytes move. */
export const SC_DWORD = 0, SC_WORD = 1, SC_WORD_SIGNED = 2, SC_HALF = 3, SC_BYTE = 4, SC_SINGLE = 5;

/** Element byte-order masks for whole-vector accesses: element size - 1, so the XOR that maps a
 *  byte's place in the element to its little-endian place. E_QUAD: the whole quadword. */
export const E_BYTE = 0, E_HALF = 1, E_WORD = 3, E_DWORD = 7, E_QUAD = 15;

/** Logical operations (xxland...). */
export const X_AND = 0, X_ANDC = 1, X_OR = 2, X_XOR = 3, X_NOR = 4, X_ORC = 5, X_NAND = 6, X_EQV = 7;

/** GPR<->VSR moves: what moves from (mfvsr*) or to (mtvsr*) the VSR. */
export const MF_DWORD = 0, MF_WORD = 1, MF_LOW_DWORD = 2;
export const MT_DWORD = 0, MT_WORD_SIGNED = 1, MT_WORD = 2, MT_SPLAT_WORD = 3;

/** Sign-bit operations (xsabsdp, xvnegsp...). */
export const S_ABS = 0, S_NABS = 1, S_NEG = 2, S_CPSGN = 3;

/** Byte-reverse and exponent/significand extraction selectors (xxbr*, xvxexp*, xvxsig*). */
export const BR_HALF = 1, BR_WORD = 3, BR_DWORD = 7, BR_QUAD = 15;

function mem(size: MemSpec["size"], store: boolean, indexed = true): MemSpec {
  return { size, store, indexed };
}

/** An X-form (XX1) access in opcode 31: XT,RA,RB or XS,RA,RB. */
function x31(name: string, xo: number, exec: string, args: number[], m: MemSpec, o: Opts = {}): InsnSpec {
  return insn(name, "XX1", 31, xo, m.store ? "XS,RA,RB" : "XT,RA,RB", exec, args, { ...o, mem: m });
}

function xx3(name: string, xo: number, exec: string, args: number[], o: Opts = {}): InsnSpec {
  return insn(name, "XX3", 60, xo, "XT,XA,XB", exec, args, o);
}

function xx2(name: string, xo: number, exec: string, args: number[], o: Opts = {}): InsnSpec {
  return insn(name, "XX2", 60, xo, "XT,XB", exec, args, o);
}

/** XX2 instructions told apart by bits 11..15 (xxbr*, xvxexp*, xsxexpdp...). */
function xx2sub(name: string, xo: number, sub: number, syntax: string, exec: string, args: number[], o: Opts = {}): InsnSpec {
  return insn(name, "XX2", 60, xo, syntax, exec, args, { ...o, fixed: [bits(11, 15), sub << 16] });
}

export const VSX_INSNS: readonly InsnSpec[] = [
  // ### Loads and stores (§7.6.1)
  x31("lxsdx", 588, "vsxLoadScalar", [SC_DWORD, FAC_VSX], mem(8, false)),
  x31("lxsiwax", 76, "vsxLoadScalar", [SC_WORD_SIGNED, FAC_VSX], mem(4, false), v207),
  x31("lxsiwzx", 12, "vsxLoadScalar", [SC_WORD, FAC_VSX], mem(4, false), v207),
  x31("lxsspx", 524, "vsxLoadScalar", [SC_SINGLE, FAC_VSX], mem(4, false), v207),
  x31("lxsibzx", 781, "vsxLoadScalar", [SC_BYTE, FAC_VSX_VEC], mem(1, false), v300),
  x31("lxsihzx", 813, "vsxLoadScalar", [SC_HALF, FAC_VSX_VEC], mem(2, false), v300),
  x31("stxsdx", 716, "vsxStoreScalar", [SC_DWORD, FAC_VSX], mem(8, true)),
  x31("stxsiwx", 140, "vsxStoreScalar", [SC_WORD, FAC_VSX], mem(4, true), v207),
  x31("stxsspx", 652, "vsxStoreScalar", [SC_SINGLE, FAC_VSX], mem(4, true), v207),
  x31("stxsibx", 909, "vsxStoreScalar", [SC_BYTE, FAC_VSX_VEC], mem(1, true), v300),
  x31("stxsihx", 941, "vsxStoreScalar", [SC_HALF, FAC_VSX_VEC], mem(2, true), v300),
  insn("lxsd", "DS", 57, 2, "VRT,DS(RA)", "vsxLoadScalarDS", [SC_DWORD], { ...v300, mem: mem(8, false, false) }),
  insn("lxssp", "DS", 57, 3, "VRT,DS(RA)", "vsxLoadScalarDS", [SC_SINGLE], { ...v300, mem: mem(4, false, false) }),
  insn("stxsd", "DS", 61, 2, "VRS,DS(RA)", "vsxStoreScalarDS", [SC_DWORD], { ...v300, mem: mem(8, true, false) }),
  insn("stxssp", "DS", 61, 3, "VRS,DS(RA)", "vsxStoreScalarDS", [SC_SINGLE], { ...v300, mem: mem(4, true, false) }),
  x31("lxvd2x", 844, "vsxLoadVector", [E_DWORD, FAC_VSX], mem(16, false)),
  x31("lxvw4x", 780, "vsxLoadVector", [E_WORD, FAC_VSX], mem(16, false)),
  x31("lxvh8x", 812, "vsxLoadVector", [E_HALF, FAC_VSX_VEC], mem(16, false), v300),
  x31("lxvb16x", 876, "vsxLoadVector", [E_BYTE, FAC_VSX_VEC], mem(16, false), v300),
  x31("lxvx", 268, "vsxLoadVector", [E_QUAD, FAC_VSX_VEC], mem(16, false), v300),
  x31("stxvd2x", 972, "vsxStoreVector", [E_DWORD, FAC_VSX], mem(16, true)),
  x31("stxvw4x", 908, "vsxStoreVector", [E_WORD, FAC_VSX], mem(16, true)),
  x31("stxvh8x", 940, "vsxStoreVector", [E_HALF, FAC_VSX_VEC], mem(16, true), v300),
  x31("stxvb16x", 1004, "vsxStoreVector", [E_BYTE, FAC_VSX_VEC], mem(16, true), v300),
  x31("stxvx", 396, "vsxStoreVector", [E_QUAD, FAC_VSX_VEC], mem(16, true), v300),
  insn("lxv", "DQX", 61, 1, "XTQ,DQ(RA)", "vsxLoadVectorDQ", [], { ...v300, mem: mem(16, false, false) }),
  insn("stxv", "DQX", 61, 5, "XSQ,DQ(RA)", "vsxStoreVectorDQ", [], { ...v300, mem: mem(16, true, false) }),
  x31("lxvdsx", 332, "vsxLoadSplat", [8, FAC_VSX], mem(8, false)),
  x31("lxvwsx", 364, "vsxLoadSplat", [4, FAC_VSX_VEC], mem(4, false), v300),
  // With Length: EA is (RA|0), and RB's top byte holds the byte count.
  x31("lxvl", 269, "vsxLoadLength", [0], mem(16, false, false), v300),
  x31("lxvll", 301, "vsxLoadLength", [1], mem(16, false, false), v300),
  x31("stxvl", 397, "vsxStoreLength", [0], mem(16, true, false), v300),
  x31("stxvll", 429, "vsxStoreLength", [1], mem(16, true, false), v300),

  // ### Moves between GPRs and VSRs (§7.6.1.x, ISA 2.07 and 3.0)
  insn("mfvsrd", "XX1", 31, 51, "RA,XS", "moveFromVsr", [MF_DWORD], v207),
  insn("mfvsrwz", "XX1", 31, 115, "RA,XS", "moveFromVsr", [MF_WORD], v207),
  insn("mfvsrld", "XX1", 31, 307, "RA,XS", "moveFromVsr", [MF_LOW_DWORD], v300),
  insn("mtvsrd", "XX1", 31, 179, "XT,RA", "moveToVsr", [MT_DWORD], v207),
  insn("mtvsrwa", "XX1", 31, 211, "XT,RA", "moveToVsr", [MT_WORD_SIGNED], v207),
  insn("mtvsrwz", "XX1", 31, 243, "XT,RA", "moveToVsr", [MT_WORD], v207),
  insn("mtvsrws", "XX1", 31, 403, "XT,RA", "moveToVsr", [MT_SPLAT_WORD], v300),
  insn("mtvsrdd", "XX1", 31, 435, "XT,RA,RB", "moveToVsrDouble", [], v300),

  // ### Logical (§7.6.1.x)
  xx3("xxland", 130, "xxLogical", [X_AND]),
  xx3("xxlandc", 138, "xxLogical", [X_ANDC]),
  xx3("xxlor", 146, "xxLogical", [X_OR]),
  xx3("xxlxor", 154, "xxLogical", [X_XOR]),
  xx3("xxlnor", 162, "xxLogical", [X_NOR]),
  xx3("xxlorc", 170, "xxLogical", [X_ORC], v207),
  xx3("xxlnand", 178, "xxLogical", [X_NAND], v207),
  xx3("xxleqv", 186, "xxLogical", [X_EQV], v207),
  insn("xxsel", "XX4", 60, 3, "XT,XA,XB,XC", "xxSelect", []),

  // ### Permute
  insn("xxpermdi", "XX3S", 60, 10, "XT,XA,XB,DM", "xxPermuteDoubleword", [], { fixed: [bits(21, 21), 0] }),
  insn("xxsldwi", "XX3S", 60, 2, "XT,XA,XB,SHW", "xxShiftLeftDouble", [], { fixed: [bits(21, 21), 0] }),
  xx3("xxmrghw", 18, "xxMergeWord", [0]),
  xx3("xxmrglw", 50, "xxMergeWord", [2]),
  xx3("xxperm", 26, "xxPermute", [0], v300),
  xx3("xxpermr", 58, "xxPermute", [1], v300),
  insn("xxspltw", "XX2", 60, 164, "XT,XB,UIM2", "xxSplatWord", []),
  insn("xxspltib", "XX1", 60, 360, "XT,IMM8", "xxSplatImmediateByte", [], { ...v300, fixed: [bits(11, 12), 0] }),
  insn("xxextractuw", "XX2", 60, 165, "XT,XB,UIM4", "xxExtractWord", [], v300),
  insn("xxinsertw", "XX2", 60, 181, "XT,XB,UIM4", "xxInsertWord", [], v300),
  xx2sub("xxbrh", 475, 7, "XT,XB", "xxByteReverse", [BR_HALF], v300),
  xx2sub("xxbrw", 475, 15, "XT,XB", "xxByteReverse", [BR_WORD], v300),
  xx2sub("xxbrd", 475, 23, "XT,XB", "xxByteReverse", [BR_DWORD], v300),
  xx2sub("xxbrq", 475, 31, "XT,XB", "xxByteReverse", [BR_QUAD], v300),

  // ### Sign-bit operations: pure bit manipulation, no FPSCR effects
  xx2("xsabsdp", 345, "xsSignOp", [S_ABS]),
  xx2("xsnabsdp", 361, "xsSignOp", [S_NABS]),
  xx2("xsnegdp", 377, "xsSignOp", [S_NEG]),
  xx3("xscpsgndp", 176, "xsSignOp", [S_CPSGN]),
  xx2("xvabsdp", 473, "xvSignOp", [S_ABS, 64]),
  xx2("xvnabsdp", 489, "xvSignOp", [S_NABS, 64]),
  xx2("xvnegdp", 505, "xvSignOp", [S_NEG, 64]),
  xx3("xvcpsgndp", 240, "xvSignOp", [S_CPSGN, 64]),
  xx2("xvabssp", 409, "xvSignOp", [S_ABS, 32]),
  xx2("xvnabssp", 425, "xvSignOp", [S_NABS, 32]),
  xx2("xvnegsp", 441, "xvSignOp", [S_NEG, 32]),
  xx3("xvcpsgnsp", 208, "xvSignOp", [S_CPSGN, 32]),

  // ### Exponent and significand fields (ISA 3.0)
  xx2sub("xsxexpdp", 347, 0, "RT,XB", "xsExtractExponent", [], v300),
  xx2sub("xsxsigdp", 347, 1, "RT,XB", "xsExtractSignificand", [], v300),
  insn("xsiexpdp", "XX1", 60, 918, "XT,RA,RB", "xsInsertExponent", [], v300),
  xx2sub("xvxexpdp", 475, 0, "XT,XB", "xvExtractField", [64, 0], v300),
  xx2sub("xvxsigdp", 475, 1, "XT,XB", "xvExtractField", [64, 1], v300),
  xx2sub("xvxexpsp", 475, 8, "XT,XB", "xvExtractField", [32, 0], v300),
  xx2sub("xvxsigsp", 475, 9, "XT,XB", "xvExtractField", [32, 1], v300),
  xx3("xviexpdp", 248, "xvInsertExponent", [64], v300),
  xx3("xviexpsp", 216, "xvInsertExponent", [32], v300),

  // ### Data class tests (ISA 3.0)
  insn("xststdcdp", "XX2", 60, 362, "BF,XB,DCMX", "xsTestDataClass", [64], v300),
  insn("xststdcsp", "XX2", 60, 298, "BF,XB,DCMX", "xsTestDataClass", [32], v300),
  insn("xvtstdcdp", "XX2DC", 60, 5, "XT,XB,DCMXV", "xvTestDataClass", [64], { ...v300, fixed: [bits(21, 24), 15 << 7] }),
  insn("xvtstdcsp", "XX2DC", 60, 5, "XT,XB,DCMXV", "xvTestDataClass", [32], { ...v300, fixed: [bits(21, 24), 13 << 7] }),

  ...VSX_FLOAT_INSNS,
];
