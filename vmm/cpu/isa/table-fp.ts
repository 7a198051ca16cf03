// Floating-point instructions (Book I ch. 4): loads and stores, moves, arithmetic (opcode 63
// for double precision, 59 for single), conversions, compares and the FPSCR instructions.

import { bits } from "./forms.ts";
import { insn, v207, type InsnSpec, type Opts } from "./spec.ts";

// Handler argument vocabularies, shared with exec/fp-*.ts.
/** Arithmetic rounds to single precision (opcode 59 forms). */
export const FP_SINGLE = 1;
/** fmadd family: negate the addend (msub) and/or the result (nmadd, nmsub). */
export const FMA_NEG_ADDEND = 1, FMA_NEG_RESULT = 2;
/** Move family (exec/fp-move.ts). */
export const FMOVE_COPY = 0, FMOVE_NEG = 1, FMOVE_ABS = 2, FMOVE_NABS = 3;
/** Conversions to integer: width and signedness, and whether to truncate instead of using RN. */
export const CVT_WORD = 1, CVT_UNSIGNED = 2, CVT_TRUNCATE = 4;
/** fri*: the rounding each one uses. */
export const ROUND_NEAREST_AWAY = 0, ROUND_ZERO = 1, ROUND_UP = 2, ROUND_DOWN = 3;
/** mffs variants (ISA 3.0), by their bits 11:15. */
export const MFFS = 0, MFFSCE = 1, MFFSCDRN = 20, MFFSCDRNI = 21, MFFSCRN = 22, MFFSCRNI = 23, MFFSL = 24;


function loadD(name: string, opcd: number, size: 4 | 8, exec: string, store: boolean): InsnSpec[] {
  const reg = store ? "FRS" : "FRT";
  return [insn(name, "D", opcd, undefined, `${reg},D(RA)`, exec, [size, 0], { mem: { size, store } }),
    insn(name + "u", "D", opcd + 1, undefined, `${reg},D(RA)`, exec, [size, 1], { mem: { size, store, update: true } })];
}

function loadX(name: string, xo: number, size: 4 | 8, exec: string, store: boolean, update: boolean): InsnSpec {
  return insn(name, "X", 31, xo, `${store ? "FRS" : "FRT"},RA,RB`, exec, [size, update ? 1 : 0], { mem: { size, store, update, indexed: true } });
}

/** An A-form arithmetic instruction in both precisions: `name` (opcode 63) and `name`s (opcode 59). */
function arith(name: string, xo: number, syntax: string, exec: string, args: number[] = [], o: Opts = {}): InsnSpec[] {
  return [insn(name, "FA", 63, xo, syntax, exec, [...args, 0], o), insn(name + "s", "FA", 59, xo, syntax, exec, [...args, FP_SINGLE], o)];
}

/** A-form with unused FRC (bits 21:25 zero) or FRA. */
const NO_FRC: [number, number] = [bits(21, 25), 0];
const NO_FRA: [number, number] = [bits(11, 15), 0];
const NO_FRB: [number, number] = [bits(16, 20), 0];
const NO_FRA_FRC: [number, number] = [bits(11, 15) | bits(21, 25), 0];

function x63(name: string, xo: number, syntax: string, exec: string, args: number[] = [], o: Opts = {}): InsnSpec {
  return insn(name, "XRc", 63, xo, syntax, exec, args, o);
}

function mffs(name: string, variant: number, syntax: string, rc: boolean): InsnSpec {
  return insn(name, rc ? "XRc" : "X", 63, 583, syntax, "mffs", [variant], { isa: variant === MFFS ? 206 : 300, fixed: [bits(11, 15), variant << 16] });
}

export const FP_INSNS: readonly InsnSpec[] = [
  // ### Loads and stores (§4.6.2-4.6.3)
  ...loadD("lfs", 48, 4, "loadFloatD", false),
  ...loadD("lfd", 50, 8, "loadFloatD", false),
  ...loadD("stfs", 52, 4, "storeFloatD", true),
  ...loadD("stfd", 54, 8, "storeFloatD", true),
  loadX("lfsx", 535, 4, "loadFloatX", false, false), loadX("lfsux", 567, 4, "loadFloatX", false, true),
  loadX("lfdx", 599, 8, "loadFloatX", false, false), loadX("lfdux", 631, 8, "loadFloatX", false, true),
  loadX("stfsx", 663, 4, "storeFloatX", true, false), loadX("stfsux", 695, 4, "storeFloatX", true, true),
  loadX("stfdx", 727, 8, "storeFloatX", true, false), loadX("stfdux", 759, 8, "storeFloatX", true, true),
  insn("lfiwax", "X", 31, 855, "FRT,RA,RB", "loadFloatWord", [1], { mem: { size: 4, indexed: true } }),
  insn("lfiwzx", "X", 31, 887, "FRT,RA,RB", "loadFloatWord", [0], { mem: { size: 4, indexed: true } }),
  insn("stfiwx", "X", 31, 983, "FRS,RA,RB", "storeFloatWord", [], { mem: { size: 4, store: true, indexed: true } }),

  // ### Moves (§4.6.5)
  x63("fmr", 72, "FRT,FRB", "floatMove", [FMOVE_COPY], { fixed: NO_FRA }),
  x63("fneg", 40, "FRT,FRB", "floatMove", [FMOVE_NEG], { fixed: NO_FRA }),
  x63("fabs", 264, "FRT,FRB", "floatMove", [FMOVE_ABS], { fixed: NO_FRA }),
  x63("fnabs", 136, "FRT,FRB", "floatMove", [FMOVE_NABS], { fixed: NO_FRA }),
  x63("fcpsgn", 8, "FRT,FRA,FRB", "floatCopySign"),
  insn("fmrgew", "X", 63, 966, "FRT,FRA,FRB", "floatMergeWord", [0], v207),
  insn("fmrgow", "X", 63, 838, "FRT,FRA,FRB", "floatMergeWord", [1], v207),

  // ### Arithmetic (§4.6.6)
  ...arith("fadd", 21, "FRT,FRA,FRB", "floatAdd", [0], { fixed: NO_FRC }),
  ...arith("fsub", 20, "FRT,FRA,FRB", "floatAdd", [1], { fixed: NO_FRC }),
  ...arith("fmul", 25, "FRT,FRA,FRC", "floatMultiply", [], { fixed: NO_FRB }),
  ...arith("fdiv", 18, "FRT,FRA,FRB", "floatDivide", [], { fixed: NO_FRC }),
  ...arith("fsqrt", 22, "FRT,FRB", "floatSqrt", [], { fixed: NO_FRA_FRC }),
  ...arith("fre", 24, "FRT,FRB", "floatReciprocal", [0], { fixed: NO_FRA_FRC }),
  ...arith("frsqrte", 26, "FRT,FRB", "floatReciprocal", [1], { fixed: NO_FRA_FRC }),
  ...arith("fmadd", 29, "FRT,FRA,FRC,FRB", "floatMultiplyAdd", [0]),
  ...arith("fmsub", 28, "FRT,FRA,FRC,FRB", "floatMultiplyAdd", [FMA_NEG_ADDEND]),
  ...arith("fnmadd", 31, "FRT,FRA,FRC,FRB", "floatMultiplyAdd", [FMA_NEG_RESULT]),
  ...arith("fnmsub", 30, "FRT,FRA,FRC,FRB", "floatMultiplyAdd", [FMA_NEG_ADDEND | FMA_NEG_RESULT]),
  insn("fsel", "FA", 63, 23, "FRT,FRA,FRC,FRB", "floatSelect"),
  insn("ftdiv", "X", 63, 128, "BF,FRA,FRB", "floatTestDivide", [], { fixed: [bits(9, 10), 0] }),
  insn("ftsqrt", "X", 63, 160, "BF,FRB", "floatTestSqrt", [], { fixed: [bits(9, 15), 0] }),

  // ### Rounding and conversion (§4.6.7)
  x63("frsp", 12, "FRT,FRB", "floatRoundSingle", [], { fixed: NO_FRA }),
  x63("fctid", 814, "FRT,FRB", "floatToInteger", [0], { fixed: NO_FRA }),
  x63("fctidz", 815, "FRT,FRB", "floatToInteger", [CVT_TRUNCATE], { fixed: NO_FRA }),
  x63("fctidu", 942, "FRT,FRB", "floatToInteger", [CVT_UNSIGNED], { fixed: NO_FRA }),
  x63("fctiduz", 943, "FRT,FRB", "floatToInteger", [CVT_UNSIGNED | CVT_TRUNCATE], { fixed: NO_FRA }),
  x63("fctiw", 14, "FRT,FRB", "floatToInteger", [CVT_WORD], { fixed: NO_FRA }),
  x63("fctiwz", 15, "FRT,FRB", "floatToInteger", [CVT_WORD | CVT_TRUNCATE], { fixed: NO_FRA }),
  x63("fctiwu", 142, "FRT,FRB", "floatToInteger", [CVT_WORD | CVT_UNSIGNED], { fixed: NO_FRA }),
  x63("fctiwuz", 143, "FRT,FRB", "floatToInteger", [CVT_WORD | CVT_UNSIGNED | CVT_TRUNCATE], { fixed: NO_FRA }),
  x63("fcfid", 846, "FRT,FRB", "floatFromInteger", [0, 0], { fixed: NO_FRA }),
  x63("fcfidu", 974, "FRT,FRB", "floatFromInteger", [1, 0], { fixed: NO_FRA }),
  insn("fcfids", "XRc", 59, 846, "FRT,FRB", "floatFromInteger", [0, FP_SINGLE], { fixed: NO_FRA }),
  insn("fcfidus", "XRc", 59, 974, "FRT,FRB", "floatFromInteger", [1, FP_SINGLE], { fixed: NO_FRA }),
  x63("frin", 392, "FRT,FRB", "floatRoundToInteger", [ROUND_NEAREST_AWAY], { fixed: NO_FRA }),
  x63("friz", 424, "FRT,FRB", "floatRoundToInteger", [ROUND_ZERO], { fixed: NO_FRA }),
  x63("frip", 456, "FRT,FRB", "floatRoundToInteger", [ROUND_UP], { fixed: NO_FRA }),
  x63("frim", 488, "FRT,FRB", "floatRoundToInteger", [ROUND_DOWN], { fixed: NO_FRA }),

  // ### Compare (§4.6.8)
  insn("fcmpu", "X", 63, 0, "BF,FRA,FRB", "floatCompare", [0], { fixed: [bits(9, 10), 0] }),
  insn("fcmpo", "X", 63, 32, "BF,FRA,FRB", "floatCompare", [1], { fixed: [bits(9, 10), 0] }),

  // ### FPSCR (§4.6.10)
  mffs("mffs", MFFS, "FRT", true),
  mffs("mffsce", MFFSCE, "FRT", false),
  mffs("mffscdrn", MFFSCDRN, "FRT,FRB", false),
  mffs("mffscdrni", MFFSCDRNI, "FRT,DRM", false),
  mffs("mffscrn", MFFSCRN, "FRT,FRB", false),
  mffs("mffscrni", MFFSCRNI, "FRT,RM", false),
  mffs("mffsl", MFFSL, "FRT", false),
  insn("mcrfs", "X", 63, 64, "BF,BFA", "mcrfs", [], { fixed: [bits(9, 10) | bits(14, 20), 0] }),
  x63("mtfsfi", 134, "BF,U,W15", "mtfsfi", [], { fixed: [bits(9, 14) | bits(20, 20), 0] }),
  x63("mtfsf", 711, "FLM,FRB,L6,W15", "mtfsf"),
  x63("mtfsb0", 70, "BT", "mtfsb", [0], { fixed: [bits(11, 20), 0] }),
  x63("mtfsb1", 38, "BT", "mtfsb", [1], { fixed: [bits(11, 20), 0] }),
];

