// VSX binary floating point (Book I ch. 7, ISA 2.06-3.0): scalar and vector arithmetic,
// multiply-adds, reciprocal estimates, software divide/square-root tests, compares, maximum and
// minimum, conversions and round-to-integral. Quad precision is not implemented. Joined into
// VSX_INSNS by table-vsx.ts; the handlers are exec/vsx-float*.ts.

import { bits } from "./forms.ts";
import { FMA_NEG_ADDEND, FMA_NEG_RESULT, ROUND_DOWN, ROUND_NEAREST_AWAY, ROUND_UP, ROUND_ZERO } from "./table-fp.ts";
import { insn, v207, v300, type InsnSpec, type Opts } from "./spec.ts";

// Handler argument vocabularies, shared with exec/vsx-float*.ts.

/**
 * Per-lane arithmetic. The multiply-adds are A_FMA plus FMA_NEG_ADDEND/FMA_NEG_RESULT (table-fp.ts)
 * plus A_MTYPE for the M forms (XT is the multiplicand, XB the addend; the A forms add XT).
 */
export const A_ADD = 0, A_SUB = 1, A_MUL = 2, A_DIV = 3, A_SQRT = 4, A_RE = 5, A_RSQRTE = 6, A_FMA = 8, A_MTYPE = 16;

/**
 * Element formats of the conversions. F32D is a single-precision value in double format (xsrsp,
 * xscvsxdsp: scalar results only). S/U are signed and unsigned integers.
 */
export const F64 = 0, F32 = 1, F16 = 2, F32D = 3, S64 = 4, U64 = 5, S32 = 6, U32 = 7;

/** Maximum and minimum: IEEE maxNum/minNum, type C ((x>y)?x:y) and type J (Java). */
export const MM_MAX = 0, MM_MIN = 1, MM_MAXC = 2, MM_MINC = 3, MM_MAXJ = 4, MM_MINJ = 5;

/** Compares that give a mask: equal, greater than, greater than or equal. */
export const CMP_EQ = 0, CMP_GT = 1, CMP_GE = 2;

/** Round to integral in the FPSCR's mode (xsrdpic...); the others are table-fp.ts's ROUND_*. */
export const ROUND_BY_RN = 5;

function xx3(name: string, xo: number, exec: string, args: number[], o: Opts = {}): InsnSpec {
  return insn(name, "XX3", 60, xo, "XT,XA,XB", exec, args, o);
}

function xx2(name: string, xo: number, exec: string, args: number[], o: Opts = {}): InsnSpec {
  return insn(name, "XX2", 60, xo, "XT,XB", exec, args, o);
}

/** XX2 instructions told apart by bits 11..15 (they share xo 347 and 475 with vsx-bits ones). */
function xx2sub(name: string, xo: number, sub: number, exec: string, args: number[]): InsnSpec {
  return insn(name, "XX2", 60, xo, "XT,XB", exec, args, { ...v300, fixed: [bits(11, 15), sub << 16] });
}

/** A CR-field result: BF in 6..8, bits 9..10 and 31 reserved. */
function toCr(name: string, xo: number, syntax: string, exec: string, args: number[], o: Opts = {}): InsnSpec {
  const form = syntax.includes("XA") ? "XX3" : "XX2";
  const reserved = bits(9, 10) | bits(31, 31) | (form === "XX2" ? bits(11, 15) : 0);
  return insn(name, form, 60, xo, syntax, exec, args, { ...o, fixed: [reserved, 0] });
}

/** The eight multiply-adds of one shape and precision (xsmaddadp...): [A-form xo, M-form xo] per variant. */
function multiplyAdds(prefix: string, suffix: string, exec: string, last: number, xos: [number, number][], o: Opts = {}): InsnSpec[] {
  const variants: [string, number][] = [["madd", 0], ["msub", FMA_NEG_ADDEND], ["nmadd", FMA_NEG_RESULT], ["nmsub", FMA_NEG_ADDEND | FMA_NEG_RESULT]];
  return variants.flatMap(([v, neg], i) => [
    xx3(`${prefix}${v}a${suffix}`, xos[i][0], exec, [A_FMA | neg, last], o),
    xx3(`${prefix}${v}m${suffix}`, xos[i][1], exec, [A_FMA | A_MTYPE | neg, last], o),
  ]);
}

export const VSX_FLOAT_INSNS: readonly InsnSpec[] = [
  // ### Scalar arithmetic (§7.6.1): double, and single rounded into double format (ISA 2.07)
  xx3("xsadddp", 32, "xsArith", [A_ADD, 0]),
  xx3("xssubdp", 40, "xsArith", [A_SUB, 0]),
  xx3("xsmuldp", 48, "xsArith", [A_MUL, 0]),
  xx3("xsdivdp", 56, "xsArith", [A_DIV, 0]),
  xx2("xssqrtdp", 75, "xsArith", [A_SQRT, 0]),
  xx2("xsredp", 90, "xsArith", [A_RE, 0]),
  xx2("xsrsqrtedp", 74, "xsArith", [A_RSQRTE, 0]),
  xx3("xsaddsp", 0, "xsArith", [A_ADD, 1], v207),
  xx3("xssubsp", 8, "xsArith", [A_SUB, 1], v207),
  xx3("xsmulsp", 16, "xsArith", [A_MUL, 1], v207),
  xx3("xsdivsp", 24, "xsArith", [A_DIV, 1], v207),
  xx2("xssqrtsp", 11, "xsArith", [A_SQRT, 1], v207),
  xx2("xsresp", 26, "xsArith", [A_RE, 1], v207),
  xx2("xsrsqrtesp", 10, "xsArith", [A_RSQRTE, 1], v207),
  ...multiplyAdds("xs", "dp", "xsArith", 0, [[33, 41], [49, 57], [161, 169], [177, 185]]),
  ...multiplyAdds("xs", "sp", "xsArith", 1, [[1, 9], [17, 25], [129, 137], [145, 153]], v207),
  toCr("xstdivdp", 61, "BF,XA,XB", "vsxTestDivide", [64, 1]),
  toCr("xstsqrtdp", 106, "BF,XB", "vsxTestSqrt", [64, 1]),

  // ### Scalar compares, maximum and minimum
  toCr("xscmpudp", 35, "BF,XA,XB", "xsCompare", [0]),
  toCr("xscmpodp", 43, "BF,XA,XB", "xsCompare", [1]),
  toCr("xscmpexpdp", 59, "BF,XA,XB", "xsCompareExponents", [], v300),
  xx3("xscmpeqdp", 3, "xsCompareMask", [CMP_EQ], v300),
  xx3("xscmpgtdp", 11, "xsCompareMask", [CMP_GT], v300),
  xx3("xscmpgedp", 19, "xsCompareMask", [CMP_GE], v300),
  xx3("xsmaxdp", 160, "xsMaxMin", [MM_MAX]),
  xx3("xsmindp", 168, "xsMaxMin", [MM_MIN]),
  xx3("xsmaxcdp", 128, "xsMaxMin", [MM_MAXC], v300),
  xx3("xsmincdp", 136, "xsMaxMin", [MM_MINC], v300),
  xx3("xsmaxjdp", 144, "xsMaxMin", [MM_MAXJ], v300),
  xx3("xsminjdp", 152, "xsMaxMin", [MM_MINJ], v300),

  // ### Scalar conversions and rounding
  xx2("xscvdpsp", 265, "xsConvert", [F64, F32]),
  xx2("xsrsp", 281, "xsConvert", [F64, F32D], v207),
  xx2("xscvspdp", 329, "xsConvert", [F32, F64]),
  xx2("xscvdpspn", 267, "xsConvertNonSignalling", [1], v207),
  xx2("xscvspdpn", 331, "xsConvertNonSignalling", [0], v207),
  xx2("xscvdpsxds", 344, "xsConvert", [F64, S64]),
  xx2("xscvdpsxws", 88, "xsConvert", [F64, S32]),
  xx2("xscvdpuxds", 328, "xsConvert", [F64, U64]),
  xx2("xscvdpuxws", 72, "xsConvert", [F64, U32]),
  xx2("xscvsxddp", 376, "xsConvert", [S64, F64]),
  xx2("xscvuxddp", 360, "xsConvert", [U64, F64]),
  xx2("xscvsxdsp", 312, "xsConvert", [S64, F32D], v207),
  xx2("xscvuxdsp", 296, "xsConvert", [U64, F32D], v207),
  xx2sub("xscvhpdp", 347, 16, "xsConvert", [F16, F64]),
  xx2sub("xscvdphp", 347, 17, "xsConvert", [F64, F16]),
  xx2("xsrdpi", 73, "xsRoundToIntegral", [ROUND_NEAREST_AWAY]),
  xx2("xsrdpic", 107, "xsRoundToIntegral", [ROUND_BY_RN]),
  xx2("xsrdpim", 121, "xsRoundToIntegral", [ROUND_DOWN]),
  xx2("xsrdpip", 105, "xsRoundToIntegral", [ROUND_UP]),
  xx2("xsrdpiz", 89, "xsRoundToIntegral", [ROUND_ZERO]),

  // ### Vector arithmetic: two doubles or four singles
  xx3("xvadddp", 96, "xvArith", [A_ADD, 64]),
  xx3("xvsubdp", 104, "xvArith", [A_SUB, 64]),
  xx3("xvmuldp", 112, "xvArith", [A_MUL, 64]),
  xx3("xvdivdp", 120, "xvArith", [A_DIV, 64]),
  xx2("xvsqrtdp", 203, "xvArith", [A_SQRT, 64]),
  xx2("xvredp", 218, "xvArith", [A_RE, 64]),
  xx2("xvrsqrtedp", 202, "xvArith", [A_RSQRTE, 64]),
  xx3("xvaddsp", 64, "xvArith", [A_ADD, 32]),
  xx3("xvsubsp", 72, "xvArith", [A_SUB, 32]),
  xx3("xvmulsp", 80, "xvArith", [A_MUL, 32]),
  xx3("xvdivsp", 88, "xvArith", [A_DIV, 32]),
  xx2("xvsqrtsp", 139, "xvArith", [A_SQRT, 32]),
  xx2("xvresp", 154, "xvArith", [A_RE, 32]),
  xx2("xvrsqrtesp", 138, "xvArith", [A_RSQRTE, 32]),
  ...multiplyAdds("xv", "dp", "xvArith", 64, [[97, 105], [113, 121], [225, 233], [241, 249]]),
  ...multiplyAdds("xv", "sp", "xvArith", 32, [[65, 73], [81, 89], [193, 201], [209, 217]]),
  toCr("xvtdivdp", 125, "BF,XA,XB", "vsxTestDivide", [64, 2]),
  toCr("xvtdivsp", 93, "BF,XA,XB", "vsxTestDivide", [32, 4]),
  toCr("xvtsqrtdp", 234, "BF,XB", "vsxTestSqrt", [64, 2]),
  toCr("xvtsqrtsp", 170, "BF,XB", "vsxTestSqrt", [32, 4]),

  // ### Vector compares (Rc=1 sets CR6), maximum and minimum
  insn("xvcmpeqdp", "XX3Rc", 60, 99, "XT,XA,XB", "xvCompare", [CMP_EQ, 64]),
  insn("xvcmpgtdp", "XX3Rc", 60, 107, "XT,XA,XB", "xvCompare", [CMP_GT, 64]),
  insn("xvcmpgedp", "XX3Rc", 60, 115, "XT,XA,XB", "xvCompare", [CMP_GE, 64]),
  insn("xvcmpeqsp", "XX3Rc", 60, 67, "XT,XA,XB", "xvCompare", [CMP_EQ, 32]),
  insn("xvcmpgtsp", "XX3Rc", 60, 75, "XT,XA,XB", "xvCompare", [CMP_GT, 32]),
  insn("xvcmpgesp", "XX3Rc", 60, 83, "XT,XA,XB", "xvCompare", [CMP_GE, 32]),
  xx3("xvmaxdp", 224, "xvMaxMin", [MM_MAX, 64]),
  xx3("xvmindp", 232, "xvMaxMin", [MM_MIN, 64]),
  xx3("xvmaxsp", 192, "xvMaxMin", [MM_MAX, 32]),
  xx3("xvminsp", 200, "xvMaxMin", [MM_MIN, 32]),

  // ### Vector conversions and rounding
  xx2("xvcvdpsp", 393, "xvConvert", [F64, F32]),
  xx2("xvcvspdp", 457, "xvConvert", [F32, F64]),
  xx2("xvcvdpsxds", 472, "xvConvert", [F64, S64]),
  xx2("xvcvdpsxws", 216, "xvConvert", [F64, S32]),
  xx2("xvcvdpuxds", 456, "xvConvert", [F64, U64]),
  xx2("xvcvdpuxws", 200, "xvConvert", [F64, U32]),
  xx2("xvcvspsxds", 408, "xvConvert", [F32, S64]),
  xx2("xvcvspsxws", 152, "xvConvert", [F32, S32]),
  xx2("xvcvspuxds", 392, "xvConvert", [F32, U64]),
  xx2("xvcvspuxws", 136, "xvConvert", [F32, U32]),
  xx2("xvcvsxddp", 504, "xvConvert", [S64, F64]),
  xx2("xvcvuxddp", 488, "xvConvert", [U64, F64]),
  xx2("xvcvsxdsp", 440, "xvConvert", [S64, F32]),
  xx2("xvcvuxdsp", 424, "xvConvert", [U64, F32]),
  xx2("xvcvsxwdp", 248, "xvConvert", [S32, F64]),
  xx2("xvcvuxwdp", 232, "xvConvert", [U32, F64]),
  xx2("xvcvsxwsp", 184, "xvConvert", [S32, F32]),
  xx2("xvcvuxwsp", 168, "xvConvert", [U32, F32]),
  xx2sub("xvcvhpsp", 475, 24, "xvConvert", [F16, F32]),
  xx2sub("xvcvsphp", 475, 25, "xvConvert", [F32, F16]),
  xx2("xvrdpi", 201, "xvRoundToIntegral", [ROUND_NEAREST_AWAY, 64]),
  xx2("xvrdpic", 235, "xvRoundToIntegral", [ROUND_BY_RN, 64]),
  xx2("xvrdpim", 249, "xvRoundToIntegral", [ROUND_DOWN, 64]),
  xx2("xvrdpip", 233, "xvRoundToIntegral", [ROUND_UP, 64]),
  xx2("xvrdpiz", 217, "xvRoundToIntegral", [ROUND_ZERO, 64]),
  xx2("xvrspi", 137, "xvRoundToIntegral", [ROUND_NEAREST_AWAY, 32]),
  xx2("xvrspic", 171, "xvRoundToIntegral", [ROUND_BY_RN, 32]),
  xx2("xvrspim", 185, "xvRoundToIntegral", [ROUND_DOWN, 32]),
  xx2("xvrspip", 169, "xvRoundToIntegral", [ROUND_UP, 32]),
  xx2("xvrspiz", 153, "xvRoundToIntegral", [ROUND_ZERO, 32]),
];
