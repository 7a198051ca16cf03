// Instruction forms of the Power ISA (Book I §1.6) and the operand fields they carry.
// Bits are numbered as the book numbers them: bit 0 is the most significant bit of the word.
// A form says where its extended opcode sits; a field says how to pull an operand out. The
// decoder, disassembler and test generator all read these, so they are the single source.

/** Mask of IBM bits [from..to] of a 32-bit word, as an unsigned number. */
export function bits(from: number, to: number): number {
  const width = to - from + 1;
  return (width === 32 ? 0xffffffff : ((1 << width) - 1) << (31 - to)) >>> 0;
}

/** Extract IBM bits [from..to] of a word. */
export function field(insn: number, from: number, to: number): number {
  return (insn >>> (31 - to)) & ((1 << (to - from + 1)) - 1);
}

export interface FormSpec {
  /** IBM bit range of the extended opcode, if the form has one. */
  xo?: [number, number];
  /** Record bit available for this form: Rc at bit 31, or at `rcBit` (VC-form: 21). */
  rc?: boolean;
  rcBit?: number;
  /** Overflow-enable bit (OE at bit 21), XO-form only. */
  oe?: boolean;
}

export const FORMS = {
  I: {},
  B: {},
  SC: { xo: [30, 31] },
  D: {},
  DS: { xo: [30, 31] },
  DQ: { xo: [28, 31] },
  DX: { xo: [26, 30] },
  X: { xo: [21, 30] },
  XRc: { xo: [21, 30], rc: true },
  XL: { xo: [21, 30] },
  XFX: { xo: [21, 30] },
  XO: { xo: [22, 30], rc: true, oe: true },
  XS: { xo: [21, 29], rc: true },
  A: { xo: [26, 30] },
  M: { rc: true },
  MD: { xo: [27, 29], rc: true },
  MDS: { xo: [27, 30], rc: true },
  VA: { xo: [26, 31] },
  Z23: { xo: [23, 30] },
  /** Floating-point A-form: xo at 26..30 and Rc. */
  FA: { xo: [26, 30], rc: true },
  VX: { xo: [21, 31] },
  /** Vector compare: Rc sits at bit 21, above the extended opcode. */
  VC: { xo: [22, 31], rc: true, rcBit: 21 },
  // VSX (Book I ch. 7): 6-bit VSR numbers whose high bit (TX, SX, AX, BX, CX) sits low in the word.
  XX1: { xo: [21, 30] },
  XX2: { xo: [21, 29] },
  XX3: { xo: [21, 28] },
  /** XX3 with a 2-bit operand at 22..23 (xxpermdi DM, xxsldwi SHW): xo at 24..28, bit 21 fixed 0. */
  XX3S: { xo: [24, 28] },
  /** XX3 vector compares: Rc at bit 21, above the extended opcode. */
  XX3Rc: { xo: [22, 28], rc: true, rcBit: 21 },
  XX4: { xo: [26, 27] },
  /** xvtstdc*: xo at 26..28 (and 21..24 fixed), DCMX split over 25, 29 and 11..15. */
  XX2DC: { xo: [26, 28] },
  /** DQ-form lxv/stxv: TX at bit 28, xo at 29..31. */
  DQX: { xo: [29, 31] },
} as const satisfies Record<string, FormSpec>;

export type FormName = keyof typeof FORMS;

/** The Rc bit of a form, as a mask of the instruction word. */
export function rcMask(form: FormName): number {
  const f: FormSpec = FORMS[form];
  return bits(f.rcBit ?? 31, f.rcBit ?? 31);
}

// ---------------------------------------------------------------------------------------------
// Operand fields by the names the ISA book uses in assembler syntax.

export type FieldKind =
  | "gpr" // general-purpose register number
  | "gprPair" // even register of a pair (lq/stq)
  | "fpr" // floating-point register
  | "vr" // vector (VMX) register
  | "vsr" // vector-scalar register, 0..63
  | "crField" // CR field number 0..7
  | "crBit" // CR bit number 0..31
  | "simm" // signed immediate
  | "uimm" // unsigned immediate
  | "disp" // branch displacement, byte offset
  | "spr" // special-purpose register number
  | "mask"; // plain unsigned bit field (BO, TO, FXM, L, SH, MB, ...)

export interface FieldSpec {
  kind: FieldKind;
  get(insn: number): number;
  /** Place a value into the field; used by the test generator and assembler helpers. */
  put(insn: number, value: number): number;
  /** Number of distinct values (for unsigned fields) used to draw random operands. */
  width: number;
}

function plain(kind: FieldKind, from: number, to: number, signed = false): FieldSpec {
  const width = to - from + 1;
  const m = bits(from, to);
  return {
    kind,
    width,
    get: signed
      ? (i) => ((i << from) >> (32 - width)) // sign-extend
      : (i) => field(i, from, to),
    put: (i, v) => ((i & ~m) | ((v << (31 - to)) & m)) >>> 0,
  };
}

/** A field whose value is scaled (DS, DQ, BD, LI are word or quadword offsets). */
function scaled(kind: FieldKind, from: number, to: number, shift: number): FieldSpec {
  const f = plain(kind, from, to, true);
  return { kind, width: f.width, get: (i) => f.get(i) * (1 << shift), put: (i, v) => f.put(i, v >> shift) };
}

/** A 6-bit field split as 5 low bits at [lo..lo+4] plus the high bit elsewhere (MD-form sh, VSX XT). */
function split6(lo: number, hiBit: number, kind: FieldKind = "mask"): FieldSpec {
  return {
    kind,
    width: 6,
    get: (i) => field(i, lo, lo + 4) | (field(i, hiBit, hiBit) << 5),
    put: (i, v) => {
      const low = bits(lo, lo + 4), high = bits(hiBit, hiBit);
      return ((i & ~(low | high)) | (((v & 31) << (31 - (lo + 4))) & low) | ((((v >> 5) & 1) << (31 - hiBit)) & high)) >>> 0;
    },
  };
}

/** MD/MDS-form mb/me: 6 bits stored as mb[0:4] at 21..25 then mb5 at 26, read as mb5||mb0:4. */
const mb6: FieldSpec = {
  kind: "mask",
  width: 6,
  get: (i) => field(i, 21, 25) | (field(i, 26, 26) << 5),
  put: (i, v) => ((i & ~bits(21, 26)) | ((v & 31) << 6) | (((v >> 5) & 1) << 5)) >>> 0,
};

/** xvtstdc* DCMX: dc (bit 25) || dm (bit 29) || dx (11..15). */
const dcmxSplit: FieldSpec = {
  kind: "uimm",
  width: 7,
  get: (i) => (field(i, 25, 25) << 6) | (field(i, 29, 29) << 5) | field(i, 11, 15),
  put: (i, v) => ((i & ~(bits(25, 25) | bits(29, 29) | bits(11, 15))) | (((v >> 6) & 1) << 6) | (((v >> 5) & 1) << 2) | ((v & 31) << 16)) >>> 0,
};

/** SPR numbers are stored with their two 5-bit halves swapped. */
const sprField: FieldSpec = {
  kind: "spr",
  width: 10,
  get: (i) => (field(i, 11, 15) | (field(i, 16, 20) << 5)),
  put: (i, v) => ((i & ~bits(11, 20)) | ((v & 31) << 16) | (((v >> 5) & 31) << 11)) >>> 0,
};

/** DX-form (addpcis): d0 at 16..25, d1 at 11..15, d2 at 31; value is d0||d1||d2, signed. */
const dxField: FieldSpec = {
  kind: "simm",
  width: 16,
  get: (i) => ((field(i, 16, 25) << 6 | field(i, 11, 15) << 1 | field(i, 31, 31)) << 16) >> 16,
  put: (i, v) => ((i & ~(bits(16, 25) | bits(11, 15) | bits(31, 31))) | (((v >> 6) & 0x3ff) << 6) | (((v >> 1) & 31) << 16) | (v & 1)) >>> 0,
};

export const FIELDS: Record<string, FieldSpec> = {
  RT: plain("gpr", 6, 10),
  RS: plain("gpr", 6, 10),
  RA: plain("gpr", 11, 15),
  RB: plain("gpr", 16, 20),
  RC: plain("gpr", 21, 25),
  RTp: plain("gprPair", 6, 10),
  RSp: plain("gprPair", 6, 10),
  BF: plain("crField", 6, 8),
  BFA: plain("crField", 11, 13),
  BT: plain("crBit", 6, 10),
  BA: plain("crBit", 11, 15),
  BB: plain("crBit", 16, 20),
  BC: plain("crBit", 21, 25),
  BO: plain("mask", 6, 10),
  BI: plain("crBit", 11, 15),
  BH: plain("mask", 19, 20),
  BD: scaled("disp", 16, 29, 2),
  LI: scaled("disp", 6, 29, 2),
  D: plain("simm", 16, 31, true),
  SI: plain("simm", 16, 31, true),
  UI: plain("uimm", 16, 31),
  DS: scaled("simm", 16, 29, 2),
  DQ: scaled("simm", 16, 27, 4),
  DX: dxField,
  TO: plain("mask", 6, 10),
  L10: plain("mask", 10, 10), // cmp family
  L15: plain("mask", 15, 15), // mtmsrd
  L9_10: plain("mask", 9, 10), // sync
  L14_15: plain("mask", 14, 15), // darn
  LEV: plain("uimm", 20, 26),
  NB: plain("uimm", 16, 20),
  SH: plain("uimm", 16, 20),
  MB: plain("uimm", 21, 25),
  ME: plain("uimm", 26, 30),
  SH6: split6(16, 30),
  MB6: mb6,
  ME6: mb6,
  SPR: sprField,
  TBR: sprField,
  FXM: plain("mask", 12, 19),
  CY: plain("mask", 21, 22),
  IH: plain("mask", 8, 10), // slbia: which entries to keep
  RIC: plain("mask", 12, 13), // tlbie(l): what to invalidate (TLB, PWC, both)
  PRS: plain("mask", 14, 14), // tlbie(l): process- or partition-scoped
  R: plain("mask", 15, 15), // tlbie(l): radix or hash entries
  TH: plain("uimm", 6, 10),
  // Floating point (Book I ch. 4)
  FRT: plain("fpr", 6, 10),
  FRS: plain("fpr", 6, 10),
  FRA: plain("fpr", 11, 15),
  FRB: plain("fpr", 16, 20),
  FRC: plain("fpr", 21, 25),
  FLM: plain("mask", 7, 14), // mtfsf: FPSCR fields to write
  L6: plain("mask", 6, 6), // mtfsf: write all 64 bits
  W15: plain("mask", 15, 15), // mtfsf/mtfsfi: upper word
  U: plain("uimm", 16, 19), // mtfsfi immediate
  DRM: plain("uimm", 18, 20), // mffscdrni
  RM: plain("uimm", 19, 20), // mffscrni
  // Vector (Book I ch. 6)
  VRT: plain("vr", 6, 10),
  VRS: plain("vr", 6, 10),
  VRA: plain("vr", 11, 15),
  VRB: plain("vr", 16, 20),
  VRC: plain("vr", 21, 25),
  UIM: plain("uimm", 11, 15), // vcfux and friends: scale
  UIM4: plain("uimm", 12, 15), // vspltb, vextract*, vinsert*, xxextractuw, xxinsertw: byte index
  UIM3: plain("uimm", 13, 15), // vsplth: halfword index
  UIM2: plain("uimm", 14, 15), // vspltw, xxspltw: word index
  SIM: plain("simm", 11, 15, true), // vspltis*
  SHB: plain("uimm", 22, 25), // vsldoi
  ST: plain("mask", 16, 16), // vshasigma*
  SIX: plain("mask", 17, 20), // vshasigma*
  PS: plain("mask", 22, 22), // bcd*
  // Vector-scalar (Book I ch. 7): XT = TX||T and so on
  XT: split6(6, 31, "vsr"),
  XS: split6(6, 31, "vsr"),
  XA: split6(11, 29, "vsr"),
  XB: split6(16, 30, "vsr"),
  XC: split6(21, 28, "vsr"),
  XTQ: split6(6, 28, "vsr"), // lxv
  XSQ: split6(6, 28, "vsr"), // stxv
  DM: plain("uimm", 22, 23), // xxpermdi
  SHW: plain("uimm", 22, 23), // xxsldwi
  IMM8: plain("uimm", 13, 20), // xxspltib
  DCMX: plain("uimm", 9, 15), // xststdc*: data classes to test
  DCMXV: dcmxSplit, // xvtstdc*
  STRM: plain("uimm", 9, 10), // dst*, dss: data stream number
};

/** The assembler's prefix for a register operand (r3, f3, v3), or undefined for other operands. */
export function registerPrefix(name: string): string | undefined {
  switch (FIELDS[name]?.kind) {
    case "gpr":
    case "gprPair":
      return "r";
    case "fpr":
      return "f";
    case "vr":
      return "v";
    case "vsr":
      return "vs";
  }
  return undefined;
}
