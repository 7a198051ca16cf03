// Vector (VMX/AltiVec) instructions (Book I ch. 6), as POWER7 (the original set), POWER8 (ISA
// 2.07) and POWER9 (ISA 3.0) implement them. Handlers live in exec/vmx-*.ts; the constants
// below are their argument vocabularies.

import { bits } from "./forms.ts";
import { L_AND, L_ANDC, L_EQV, L_NAND, L_NOR, L_OR, L_ORC, L_XOR, insn, v207, v300, type InsnSpec, type Opts } from "./spec.ts";


/** Element-wise integer operations (exec/vmx-integer.ts). */
export const V_ADD = 0, V_SUB = 1, V_ADDS_U = 2, V_ADDS_S = 3, V_SUBS_U = 4, V_SUBS_S = 5, V_ADDC = 6, V_SUBC = 7;
export const V_AVG_U = 8, V_AVG_S = 9, V_MAX_U = 10, V_MAX_S = 11, V_MIN_U = 12, V_MIN_S = 13, V_ABSD = 14;
export const V_RL = 15, V_SL = 16, V_SR = 17, V_SRA = 18, V_MUL = 19;
/** Element compares. */
export const C_EQ = 0, C_GTU = 1, C_GTS = 2, C_NE = 3, C_NEZ = 4;
/** Pack saturation kinds: modulo, unsigned source to unsigned, signed to unsigned, signed to signed. */
export const P_MOD = 0, P_UU = 1, P_SU = 2, P_SS = 3;
/** Element counts. */
export const N_CLZ = 0, N_CTZ = 1, N_POP = 2;
/** Multiply-sum kinds. */
export const MS_UBM = 0, MS_MBM = 1, MS_UHM = 2, MS_UHS = 3, MS_SHM = 4, MS_SHS = 5;
/** Sum-across kinds. */
export const SUM_4UBS = 0, SUM_4SBS = 1, SUM_4SHS = 2, SUM_2SWS = 3, SUM_SWS = 4;
/** Quadword add/subtract: the result (modulo) or the carry out. */
export const Q_MOD = 0, Q_CARRY = 1;
/** Floating-point operations (exec/vmx-float.ts). */
export const F_ADD = 0, F_SUB = 1, F_MAX = 2, F_MIN = 3;
export const E_RE = 0, E_RSQRTE = 1, E_EXP = 2, E_LOG = 3;
export const R_NEAR = 0, R_ZERO = 1, R_UP = 2, R_DOWN = 3;
export const FC_EQ = 0, FC_GE = 1, FC_GT = 2, FC_BOUNDS = 3;
/** AES rounds (exec/vmx-crypto.ts). */
export const AES_CIPHER = 0, AES_CIPHER_LAST = 1, AES_NCIPHER = 2, AES_NCIPHER_LAST = 3;

function vx(name: string, xo: number, syntax: string, exec: string, args: number[] = [], o: Opts = {}): InsnSpec {
  return insn(name, "VX", 4, xo, syntax, exec, args, o);
}

/** VX-form with a sub-opcode in the VRA field (bits 11:15): vclzlsbb, vnegw, vctzb, ... */
function vxSub(name: string, xo: number, sub: number, syntax: string, exec: string, args: number[] = [], o: Opts = {}): InsnSpec {
  return insn(name, "VX", 4, xo, syntax, exec, args, { ...o, fixed: [bits(11, 15), sub << 16] });
}

function va(name: string, xo: number, syntax: string, exec: string, args: number[] = [], o: Opts = {}): InsnSpec {
  return insn(name, "VA", 4, xo, syntax, exec, args, o);
}

function vc(name: string, xo: number, exec: string, args: number[], o: Opts = {}): InsnSpec {
  return insn(name, "VC", 4, xo, "VRT,VRA,VRB", exec, args, o);
}

const T_AB = "VRT,VRA,VRB";
const T_B = "VRT,VRB";

function x31(name: string, xo: number, syntax: string, exec: string, args: number[], store: boolean, size: 1 | 2 | 4 | 16): InsnSpec {
  return insn(name, "X", 31, xo, syntax, exec, args, { mem: { size, store, indexed: true } });
}

export const VMX_INSNS: readonly InsnSpec[] = [
  // ### Loads, stores, VSCR (§6.7, §6.8, §6.13)
  x31("lvebx", 7, "VRT,RA,RB", "vecLoadElement", [1], false, 1),
  x31("lvehx", 39, "VRT,RA,RB", "vecLoadElement", [2], false, 2),
  x31("lvewx", 71, "VRT,RA,RB", "vecLoadElement", [4], false, 4),
  x31("lvx", 103, "VRT,RA,RB", "vecLoad", [], false, 16),
  x31("lvxl", 359, "VRT,RA,RB", "vecLoad", [], false, 16),
  x31("stvebx", 135, "VRS,RA,RB", "vecStoreElement", [1], true, 1),
  x31("stvehx", 167, "VRS,RA,RB", "vecStoreElement", [2], true, 2),
  x31("stvewx", 199, "VRS,RA,RB", "vecStoreElement", [4], true, 4),
  x31("stvx", 231, "VRS,RA,RB", "vecStore", [], true, 16),
  x31("stvxl", 487, "VRS,RA,RB", "vecStore", [], true, 16),
  insn("lvsl", "X", 31, 6, "VRT,RA,RB", "vecLoadShift", [0]),
  insn("lvsr", "X", 31, 38, "VRT,RA,RB", "vecLoadShift", [1]),
  // Data stream touch and stop (§6.7 / Book II): hints, no-ops here as on POWER8/9. They never
  // take the VMX unavailable interrupt (Linux issues dssall with MSR[VEC]=0 when switching mm).
  insn("dst", "X", 31, 342, "RA,RB,STRM", "cacheHint", [], { fixed: [bits(6, 8), 0] }),
  insn("dstt", "X", 31, 342, "RA,RB,STRM", "cacheHint", [], { fixed: [bits(6, 8), bits(6, 6)] }),
  insn("dstst", "X", 31, 374, "RA,RB,STRM", "cacheHint", [], { fixed: [bits(6, 8), 0] }),
  insn("dststt", "X", 31, 374, "RA,RB,STRM", "cacheHint", [], { fixed: [bits(6, 8), bits(6, 6)] }),
  insn("dss", "X", 31, 822, "STRM", "cacheHint", [], { fixed: [bits(6, 8) | bits(11, 20), 0] }),
  insn("dssall", "X", 31, 822, "", "cacheHint", [], { fixed: [bits(6, 20), bits(6, 6)] }),
  vx("mfvscr", 1540, "VRT", "mfvscr"),
  vx("mtvscr", 1604, "VRB", "mtvscr"),

  // ### Logical, select, permute, shift (§6.9)
  vx("vand", 1028, T_AB, "vecLogical", [L_AND]),
  vx("vandc", 1092, T_AB, "vecLogical", [L_ANDC]),
  vx("vor", 1156, T_AB, "vecLogical", [L_OR]),
  vx("vorc", 1348, T_AB, "vecLogical", [L_ORC], v207),
  vx("vnor", 1284, T_AB, "vecLogical", [L_NOR]),
  vx("vxor", 1220, T_AB, "vecLogical", [L_XOR]),
  vx("veqv", 1668, T_AB, "vecLogical", [L_EQV], v207),
  vx("vnand", 1412, T_AB, "vecLogical", [L_NAND], v207),
  va("vsel", 42, "VRT,VRA,VRB,VRC", "vsel"),
  va("vperm", 43, "VRT,VRA,VRB,VRC", "vperm", [0]),
  va("vpermr", 59, "VRT,VRA,VRB,VRC", "vperm", [1], v300),
  va("vpermxor", 45, "VRT,VRA,VRB,VRC", "vpermxor", [], v207),
  va("vsldoi", 44, "VRT,VRA,VRB,SHB", "vsldoi", [], { fixed: [bits(21, 21), 0] }),
  vx("vsl", 452, T_AB, "vecShiftBits", [0]),
  vx("vsr", 708, T_AB, "vecShiftBits", [1]),
  vx("vslo", 1036, T_AB, "vecShiftOctets", [0]),
  vx("vsro", 1100, T_AB, "vecShiftOctets", [1]),
  vx("vslv", 1860, T_AB, "vecShiftVariable", [0], v300),
  vx("vsrv", 1796, T_AB, "vecShiftVariable", [1], v300),
  vx("vspltb", 524, "VRT,VRB,UIM4", "vecSplat", [1], { fixed: [bits(11, 11), 0] }),
  vx("vsplth", 588, "VRT,VRB,UIM3", "vecSplat", [2], { fixed: [bits(11, 12), 0] }),
  vx("vspltw", 652, "VRT,VRB,UIM2", "vecSplat", [4], { fixed: [bits(11, 13), 0] }),
  vx("vspltisb", 780, "VRT,SIM", "vecSplatImmediate", [1]),
  vx("vspltish", 844, "VRT,SIM", "vecSplatImmediate", [2]),
  vx("vspltisw", 908, "VRT,SIM", "vecSplatImmediate", [4]),
  vx("vmrghb", 12, T_AB, "vecMerge", [1, 0]),
  vx("vmrghh", 76, T_AB, "vecMerge", [2, 0]),
  vx("vmrghw", 140, T_AB, "vecMerge", [4, 0]),
  vx("vmrglb", 268, T_AB, "vecMerge", [1, 1]),
  vx("vmrglh", 332, T_AB, "vecMerge", [2, 1]),
  vx("vmrglw", 396, T_AB, "vecMerge", [4, 1]),
  vx("vmrgew", 1932, T_AB, "vecMergeEvenOdd", [0], v207),
  vx("vmrgow", 1676, T_AB, "vecMergeEvenOdd", [1], v207),
  vx("vpkuhum", 14, T_AB, "vecPack", [2, P_MOD]),
  vx("vpkuwum", 78, T_AB, "vecPack", [4, P_MOD]),
  vx("vpkudum", 1102, T_AB, "vecPack", [8, P_MOD], v207),
  vx("vpkuhus", 142, T_AB, "vecPack", [2, P_UU]),
  vx("vpkuwus", 206, T_AB, "vecPack", [4, P_UU]),
  vx("vpkudus", 1230, T_AB, "vecPack", [8, P_UU], v207),
  vx("vpkshus", 270, T_AB, "vecPack", [2, P_SU]),
  vx("vpkswus", 334, T_AB, "vecPack", [4, P_SU]),
  vx("vpksdus", 1358, T_AB, "vecPack", [8, P_SU], v207),
  vx("vpkshss", 398, T_AB, "vecPack", [2, P_SS]),
  vx("vpkswss", 462, T_AB, "vecPack", [4, P_SS]),
  vx("vpksdss", 1486, T_AB, "vecPack", [8, P_SS], v207),
  vx("vpkpx", 782, T_AB, "vpkpx"),
  vx("vupkhsb", 526, T_B, "vecUnpack", [1, 0]),
  vx("vupkhsh", 590, T_B, "vecUnpack", [2, 0]),
  vx("vupkhsw", 1614, T_B, "vecUnpack", [4, 0], v207),
  vx("vupklsb", 654, T_B, "vecUnpack", [1, 1]),
  vx("vupklsh", 718, T_B, "vecUnpack", [2, 1]),
  vx("vupklsw", 1742, T_B, "vecUnpack", [4, 1], v207),
  vx("vupkhpx", 846, T_B, "vecUnpackPixel", [0]),
  vx("vupklpx", 974, T_B, "vecUnpackPixel", [1]),
  vx("vgbbd", 1292, T_B, "vgbbd", [], v207),
  vx("vbpermq", 1356, T_AB, "vbpermq", [], v207),
  vx("vbpermd", 1484, T_AB, "vbpermd", [], v300),
  vx("vextractub", 525, "VRT,VRB,UIM4", "vecExtract", [1], { ...v300, fixed: [bits(11, 11), 0] }),
  vx("vextractuh", 589, "VRT,VRB,UIM4", "vecExtract", [2], { ...v300, fixed: [bits(11, 11), 0] }),
  vx("vextractuw", 653, "VRT,VRB,UIM4", "vecExtract", [4], { ...v300, fixed: [bits(11, 11), 0] }),
  vx("vextractd", 717, "VRT,VRB,UIM4", "vecExtract", [8], { ...v300, fixed: [bits(11, 11), 0] }),
  vx("vinsertb", 781, "VRT,VRB,UIM4", "vecInsert", [1], { ...v300, fixed: [bits(11, 11), 0] }),
  vx("vinserth", 845, "VRT,VRB,UIM4", "vecInsert", [2], { ...v300, fixed: [bits(11, 11), 0] }),
  vx("vinsertw", 909, "VRT,VRB,UIM4", "vecInsert", [4], { ...v300, fixed: [bits(11, 11), 0] }),
  vx("vinsertd", 973, "VRT,VRB,UIM4", "vecInsert", [8], { ...v300, fixed: [bits(11, 11), 0] }),
  vx("vextublx", 1549, "RT,RA,VRB", "vecExtractToGpr", [1, 0], v300),
  vx("vextuhlx", 1613, "RT,RA,VRB", "vecExtractToGpr", [2, 0], v300),
  vx("vextuwlx", 1677, "RT,RA,VRB", "vecExtractToGpr", [4, 0], v300),
  vx("vextubrx", 1805, "RT,RA,VRB", "vecExtractToGpr", [1, 1], v300),
  vx("vextuhrx", 1869, "RT,RA,VRB", "vecExtractToGpr", [2, 1], v300),
  vx("vextuwrx", 1933, "RT,RA,VRB", "vecExtractToGpr", [4, 1], v300),

  // ### Integer arithmetic (§6.9.1)
  vx("vaddubm", 0, T_AB, "vecArith", [V_ADD, 1]),
  vx("vadduhm", 64, T_AB, "vecArith", [V_ADD, 2]),
  vx("vadduwm", 128, T_AB, "vecArith", [V_ADD, 4]),
  vx("vaddudm", 192, T_AB, "vecArithDouble", [V_ADD], v207),
  vx("vaddubs", 512, T_AB, "vecArith", [V_ADDS_U, 1]),
  vx("vadduhs", 576, T_AB, "vecArith", [V_ADDS_U, 2]),
  vx("vadduws", 640, T_AB, "vecArith", [V_ADDS_U, 4]),
  vx("vaddsbs", 768, T_AB, "vecArith", [V_ADDS_S, 1]),
  vx("vaddshs", 832, T_AB, "vecArith", [V_ADDS_S, 2]),
  vx("vaddsws", 896, T_AB, "vecArith", [V_ADDS_S, 4]),
  vx("vaddcuw", 384, T_AB, "vecArith", [V_ADDC, 4]),
  vx("vsububm", 1024, T_AB, "vecArith", [V_SUB, 1]),
  vx("vsubuhm", 1088, T_AB, "vecArith", [V_SUB, 2]),
  vx("vsubuwm", 1152, T_AB, "vecArith", [V_SUB, 4]),
  vx("vsubudm", 1216, T_AB, "vecArithDouble", [V_SUB], v207),
  vx("vsububs", 1536, T_AB, "vecArith", [V_SUBS_U, 1]),
  vx("vsubuhs", 1600, T_AB, "vecArith", [V_SUBS_U, 2]),
  vx("vsubuws", 1664, T_AB, "vecArith", [V_SUBS_U, 4]),
  vx("vsubsbs", 1792, T_AB, "vecArith", [V_SUBS_S, 1]),
  vx("vsubshs", 1856, T_AB, "vecArith", [V_SUBS_S, 2]),
  vx("vsubsws", 1920, T_AB, "vecArith", [V_SUBS_S, 4]),
  vx("vsubcuw", 1408, T_AB, "vecArith", [V_SUBC, 4]),
  vx("vadduqm", 256, T_AB, "vecQuad", [0, Q_MOD], v207),
  vx("vaddcuq", 320, T_AB, "vecQuad", [0, Q_CARRY], v207),
  vx("vsubuqm", 1280, T_AB, "vecQuad", [1, Q_MOD], v207),
  vx("vsubcuq", 1344, T_AB, "vecQuad", [1, Q_CARRY], v207),
  va("vaddeuqm", 60, "VRT,VRA,VRB,VRC", "vecQuadExtended", [0, Q_MOD], v207),
  va("vaddecuq", 61, "VRT,VRA,VRB,VRC", "vecQuadExtended", [0, Q_CARRY], v207),
  va("vsubeuqm", 62, "VRT,VRA,VRB,VRC", "vecQuadExtended", [1, Q_MOD], v207),
  va("vsubecuq", 63, "VRT,VRA,VRB,VRC", "vecQuadExtended", [1, Q_CARRY], v207),
  vx("vavgub", 1026, T_AB, "vecArith", [V_AVG_U, 1]),
  vx("vavguh", 1090, T_AB, "vecArith", [V_AVG_U, 2]),
  vx("vavguw", 1154, T_AB, "vecArith", [V_AVG_U, 4]),
  vx("vavgsb", 1282, T_AB, "vecArith", [V_AVG_S, 1]),
  vx("vavgsh", 1346, T_AB, "vecArith", [V_AVG_S, 2]),
  vx("vavgsw", 1410, T_AB, "vecArith", [V_AVG_S, 4]),
  vx("vabsdub", 1027, T_AB, "vecArith", [V_ABSD, 1], v300),
  vx("vabsduh", 1091, T_AB, "vecArith", [V_ABSD, 2], v300),
  vx("vabsduw", 1155, T_AB, "vecArith", [V_ABSD, 4], v300),
  vx("vmaxub", 2, T_AB, "vecArith", [V_MAX_U, 1]),
  vx("vmaxuh", 66, T_AB, "vecArith", [V_MAX_U, 2]),
  vx("vmaxuw", 130, T_AB, "vecArith", [V_MAX_U, 4]),
  vx("vmaxud", 194, T_AB, "vecArithDouble", [V_MAX_U], v207),
  vx("vmaxsb", 258, T_AB, "vecArith", [V_MAX_S, 1]),
  vx("vmaxsh", 322, T_AB, "vecArith", [V_MAX_S, 2]),
  vx("vmaxsw", 386, T_AB, "vecArith", [V_MAX_S, 4]),
  vx("vmaxsd", 450, T_AB, "vecArithDouble", [V_MAX_S], v207),
  vx("vminub", 514, T_AB, "vecArith", [V_MIN_U, 1]),
  vx("vminuh", 578, T_AB, "vecArith", [V_MIN_U, 2]),
  vx("vminuw", 642, T_AB, "vecArith", [V_MIN_U, 4]),
  vx("vminud", 706, T_AB, "vecArithDouble", [V_MIN_U], v207),
  vx("vminsb", 770, T_AB, "vecArith", [V_MIN_S, 1]),
  vx("vminsh", 834, T_AB, "vecArith", [V_MIN_S, 2]),
  vx("vminsw", 898, T_AB, "vecArith", [V_MIN_S, 4]),
  vx("vminsd", 962, T_AB, "vecArithDouble", [V_MIN_S], v207),
  vx("vmuleub", 520, T_AB, "vecMultiply", [1, 0, 0]),
  vx("vmuleuh", 584, T_AB, "vecMultiply", [2, 0, 0]),
  vx("vmuleuw", 648, T_AB, "vecMultiply", [4, 0, 0], v207),
  vx("vmulesb", 776, T_AB, "vecMultiply", [1, 1, 0]),
  vx("vmulesh", 840, T_AB, "vecMultiply", [2, 1, 0]),
  vx("vmulesw", 904, T_AB, "vecMultiply", [4, 1, 0], v207),
  vx("vmuloub", 8, T_AB, "vecMultiply", [1, 0, 1]),
  vx("vmulouh", 72, T_AB, "vecMultiply", [2, 0, 1]),
  vx("vmulouw", 136, T_AB, "vecMultiply", [4, 0, 1], v207),
  vx("vmulosb", 264, T_AB, "vecMultiply", [1, 1, 1]),
  vx("vmulosh", 328, T_AB, "vecMultiply", [2, 1, 1]),
  vx("vmulosw", 392, T_AB, "vecMultiply", [4, 1, 1], v207),
  vx("vmuluwm", 137, T_AB, "vecArith", [V_MUL, 4], v207),
  va("vmhaddshs", 32, "VRT,VRA,VRB,VRC", "vecMultiplyHighAdd", [0]),
  va("vmhraddshs", 33, "VRT,VRA,VRB,VRC", "vecMultiplyHighAdd", [1]),
  va("vmladduhm", 34, "VRT,VRA,VRB,VRC", "vmladduhm"),
  va("vmsumubm", 36, "VRT,VRA,VRB,VRC", "vecMultiplySum", [MS_UBM]),
  va("vmsummbm", 37, "VRT,VRA,VRB,VRC", "vecMultiplySum", [MS_MBM]),
  va("vmsumuhm", 38, "VRT,VRA,VRB,VRC", "vecMultiplySum", [MS_UHM]),
  va("vmsumuhs", 39, "VRT,VRA,VRB,VRC", "vecMultiplySum", [MS_UHS]),
  va("vmsumshm", 40, "VRT,VRA,VRB,VRC", "vecMultiplySum", [MS_SHM]),
  va("vmsumshs", 41, "VRT,VRA,VRB,VRC", "vecMultiplySum", [MS_SHS]),
  vx("vsum4ubs", 1544, T_AB, "vecSumAcross", [SUM_4UBS]),
  vx("vsum4sbs", 1800, T_AB, "vecSumAcross", [SUM_4SBS]),
  vx("vsum4shs", 1608, T_AB, "vecSumAcross", [SUM_4SHS]),
  vx("vsum2sws", 1672, T_AB, "vecSumAcross", [SUM_2SWS]),
  vx("vsumsws", 1928, T_AB, "vecSumAcross", [SUM_SWS]),
  vxSub("vnegw", 1538, 6, T_B, "vecNegate", [4], v300),
  vxSub("vnegd", 1538, 7, T_B, "vecNegate", [8], v300),
  vxSub("vextsb2w", 1538, 16, T_B, "vecExtendSign", [1, 4], v300),
  vxSub("vextsh2w", 1538, 17, T_B, "vecExtendSign", [2, 4], v300),
  vxSub("vextsb2d", 1538, 24, T_B, "vecExtendSign", [1, 8], v300),
  vxSub("vextsh2d", 1538, 25, T_B, "vecExtendSign", [2, 8], v300),
  vxSub("vextsw2d", 1538, 26, T_B, "vecExtendSign", [4, 8], v300),

  // ### Rotate and shift by element (§6.9.1.7)
  vx("vrlb", 4, T_AB, "vecArith", [V_RL, 1]),
  vx("vrlh", 68, T_AB, "vecArith", [V_RL, 2]),
  vx("vrlw", 132, T_AB, "vecArith", [V_RL, 4]),
  vx("vrld", 196, T_AB, "vecArithDouble", [V_RL], v207),
  vx("vslb", 260, T_AB, "vecArith", [V_SL, 1]),
  vx("vslh", 324, T_AB, "vecArith", [V_SL, 2]),
  vx("vslw", 388, T_AB, "vecArith", [V_SL, 4]),
  vx("vsld", 1476, T_AB, "vecArithDouble", [V_SL], v207),
  vx("vsrb", 516, T_AB, "vecArith", [V_SR, 1]),
  vx("vsrh", 580, T_AB, "vecArith", [V_SR, 2]),
  vx("vsrw", 644, T_AB, "vecArith", [V_SR, 4]),
  vx("vsrd", 1732, T_AB, "vecArithDouble", [V_SR], v207),
  vx("vsrab", 772, T_AB, "vecArith", [V_SRA, 1]),
  vx("vsrah", 836, T_AB, "vecArith", [V_SRA, 2]),
  vx("vsraw", 900, T_AB, "vecArith", [V_SRA, 4]),
  vx("vsrad", 964, T_AB, "vecArithDouble", [V_SRA], v207),
  vx("vrlwnm", 389, T_AB, "vecRotateMask", [4, 0], v300),
  vx("vrlwmi", 133, T_AB, "vecRotateMask", [4, 1], v300),
  vx("vrldnm", 453, T_AB, "vecRotateMask", [8, 0], v300),
  vx("vrldmi", 197, T_AB, "vecRotateMask", [8, 1], v300),

  // ### Compare (§6.9.3): Rc sets CR6
  vc("vcmpequb", 6, "vecCompare", [C_EQ, 1]),
  vc("vcmpequh", 70, "vecCompare", [C_EQ, 2]),
  vc("vcmpequw", 134, "vecCompare", [C_EQ, 4]),
  vc("vcmpequd", 199, "vecCompareDouble", [C_EQ], v207),
  vc("vcmpgtub", 518, "vecCompare", [C_GTU, 1]),
  vc("vcmpgtuh", 582, "vecCompare", [C_GTU, 2]),
  vc("vcmpgtuw", 646, "vecCompare", [C_GTU, 4]),
  vc("vcmpgtud", 711, "vecCompareDouble", [C_GTU], v207),
  vc("vcmpgtsb", 774, "vecCompare", [C_GTS, 1]),
  vc("vcmpgtsh", 838, "vecCompare", [C_GTS, 2]),
  vc("vcmpgtsw", 902, "vecCompare", [C_GTS, 4]),
  vc("vcmpgtsd", 967, "vecCompareDouble", [C_GTS], v207),
  vc("vcmpneb", 7, "vecCompare", [C_NE, 1], v300),
  vc("vcmpneh", 71, "vecCompare", [C_NE, 2], v300),
  vc("vcmpnew", 135, "vecCompare", [C_NE, 4], v300),
  vc("vcmpnezb", 263, "vecCompare", [C_NEZ, 1], v300),
  vc("vcmpnezh", 327, "vecCompare", [C_NEZ, 2], v300),
  vc("vcmpnezw", 391, "vecCompare", [C_NEZ, 4], v300),

  // ### Bit counts, parity, polynomial multiply (§6.9.1, §6.10)
  vx("vclzb", 1794, T_B, "vecCount", [N_CLZ, 1], v207),
  vx("vclzh", 1858, T_B, "vecCount", [N_CLZ, 2], v207),
  vx("vclzw", 1922, T_B, "vecCount", [N_CLZ, 4], v207),
  vx("vclzd", 1986, T_B, "vecCount", [N_CLZ, 8], v207),
  vxSub("vctzb", 1538, 28, T_B, "vecCount", [N_CTZ, 1], v300),
  vxSub("vctzh", 1538, 29, T_B, "vecCount", [N_CTZ, 2], v300),
  vxSub("vctzw", 1538, 30, T_B, "vecCount", [N_CTZ, 4], v300),
  vxSub("vctzd", 1538, 31, T_B, "vecCount", [N_CTZ, 8], v300),
  vx("vpopcntb", 1795, T_B, "vecCount", [N_POP, 1], v207),
  vx("vpopcnth", 1859, T_B, "vecCount", [N_POP, 2], v207),
  vx("vpopcntw", 1923, T_B, "vecCount", [N_POP, 4], v207),
  vx("vpopcntd", 1987, T_B, "vecCount", [N_POP, 8], v207),
  vxSub("vclzlsbb", 1538, 0, "RT,VRB", "vecCountLsbb", [0], v300),
  vxSub("vctzlsbb", 1538, 1, "RT,VRB", "vecCountLsbb", [1], v300),
  vxSub("vprtybw", 1538, 8, T_B, "vecParity", [4], v300),
  vxSub("vprtybd", 1538, 9, T_B, "vecParity", [8], v300),
  vxSub("vprtybq", 1538, 10, T_B, "vecParity", [16], v300),
  vx("vpmsumb", 1032, T_AB, "vecPolyMultiply", [1], v207),
  vx("vpmsumh", 1096, T_AB, "vecPolyMultiply", [2], v207),
  vx("vpmsumw", 1160, T_AB, "vecPolyMultiply", [4], v207),
  vx("vpmsumd", 1224, T_AB, "vecPolyMultiply", [8], v207),

  // ### Cryptography (§6.11)
  vx("vcipher", 1288, T_AB, "vecAes", [AES_CIPHER], v207),
  vx("vcipherlast", 1289, T_AB, "vecAes", [AES_CIPHER_LAST], v207),
  vx("vncipher", 1352, T_AB, "vecAes", [AES_NCIPHER], v207),
  vx("vncipherlast", 1353, T_AB, "vecAes", [AES_NCIPHER_LAST], v207),
  vx("vsbox", 1480, "VRT,VRA", "vsbox", [], v207),
  vx("vshasigmaw", 1666, "VRT,VRA,ST,SIX", "vecShaSigma", [4], v207),
  vx("vshasigmad", 1730, "VRT,VRA,ST,SIX", "vecShaSigma", [8], v207),

  // ### Single-precision floating point (§6.12)
  vx("vaddfp", 10, T_AB, "vecFloatArith", [F_ADD]),
  vx("vsubfp", 74, T_AB, "vecFloatArith", [F_SUB]),
  vx("vmaxfp", 1034, T_AB, "vecFloatArith", [F_MAX]),
  vx("vminfp", 1098, T_AB, "vecFloatArith", [F_MIN]),
  va("vmaddfp", 46, "VRT,VRA,VRC,VRB", "vecMultiplyAddFloat", [0]),
  va("vnmsubfp", 47, "VRT,VRA,VRC,VRB", "vecMultiplyAddFloat", [1]),
  vx("vrefp", 266, T_B, "vecFloatEstimate", [E_RE]),
  vx("vrsqrtefp", 330, T_B, "vecFloatEstimate", [E_RSQRTE]),
  vx("vexptefp", 394, T_B, "vecFloatEstimate", [E_EXP]),
  vx("vlogefp", 458, T_B, "vecFloatEstimate", [E_LOG]),
  vx("vrfin", 522, T_B, "vecRoundFloat", [R_NEAR]),
  vx("vrfiz", 586, T_B, "vecRoundFloat", [R_ZERO]),
  vx("vrfip", 650, T_B, "vecRoundFloat", [R_UP]),
  vx("vrfim", 714, T_B, "vecRoundFloat", [R_DOWN]),
  vx("vcfux", 778, "VRT,VRB,UIM", "vecConvertFromFixed", [0]),
  vx("vcfsx", 842, "VRT,VRB,UIM", "vecConvertFromFixed", [1]),
  vx("vctuxs", 906, "VRT,VRB,UIM", "vecConvertToFixed", [0]),
  vx("vctsxs", 970, "VRT,VRB,UIM", "vecConvertToFixed", [1]),
  vc("vcmpeqfp", 198, "vecFloatCompare", [FC_EQ]),
  vc("vcmpgefp", 454, "vecFloatCompare", [FC_GE]),
  vc("vcmpgtfp", 710, "vecFloatCompare", [FC_GT]),
  vc("vcmpbfp", 966, "vecFloatCompare", [FC_BOUNDS]),
];
