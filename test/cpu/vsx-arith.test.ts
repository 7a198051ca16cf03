// VSX floating point (Book I ch. 7): the scalar forms checked against the FP chapter's
// instructions (themselves checked against QEMU and an exact BigInt reference), the vector forms
// checked lane by lane against the scalar ones, and each RTL's own rules from the book: operand
// order of the A- and M-form multiply-adds, NaN propagation, element placement, max/min kinds,
// compares, conversions, the FPSCR bits each form sets, and enabled exceptions. It also covers
// what the QEMU fixture cannot (vsx-float-exceptions.ts lists those cases).
import { describe, expect, test } from "bun:test";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { assemble } from "../../vmm/cpu/isa/asm.ts";
import { decode, OP_ILLEGAL } from "../../vmm/cpu/isa/decode.ts";
import { MSR_FE0, MSR_FE1, MSR_FP, MSR_LE, MSR_ME, MSR_SF, MSR_VEC, MSR_VSX } from "../../vmm/cpu/msr.ts";
import { SPR_SRR0, SPR_SRR1 } from "../../vmm/cpu/sprs.ts";
import { doubleToSingle, singleToDouble } from "../../vmm/cpu/fpu/format.ts";
import { SRR1_FP_ENABLED, VEC_PROGRAM, VEC_VSX_UNAVAILABLE, type Cpu } from "../../vmm/cpu/state.ts";
import { makeCpu } from "./helpers.ts";

const FX = 1 << 31, OX = 1 << 28, UX = 1 << 27, ZX = 1 << 26, XX = 1 << 25, VXSNAN = 1 << 24, VXISI = 1 << 23;
const VXVC = 1 << 19, FR = 1 << 18, FI = 1 << 17, FPRF = 0x1f << 12, VXCVI = 1 << 8;
const VE = 1 << 7, OE = 1 << 6, UE = 1 << 5, ZE = 1 << 4, XE = 1 << 3;
const RN_UP = 2, RN_DOWN = 3;

function vsxCpu(opts: { le?: boolean; fe?: boolean; model?: string; facilities?: number } = {}): Cpu {
  const c = makeCpu({ le: opts.le ?? true, model: opts.model });
  const facilities = opts.facilities ?? MSR_FP | MSR_VEC | MSR_VSX;
  c.setMsr(MSR_SF, MSR_ME | facilities | (opts.le ?? true ? MSR_LE : 0) | (opts.fe ? MSR_FE0 | MSR_FE1 : 0));
  return c;
}

/** Run one instruction at 0x1000 with this FPSCR (low word). GuestMemory.write drops the
 *  decoded copy of the previous instruction there. */
function run(c: Cpu, asm: string, fpscr = 0): void {
  c.fpscr = fpscr;
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, assemble(asm), c.le === 1);
  c.mem.write(0x1000, bytes);
  c.pc = 0x1000n;
  runSlice(c, 1);
}

// VSR access by big-endian element: doubleword d, word w, as unsigned BigInt / number.
const dw = (c: Cpu, x: number, d: number) => (BigInt(c.vsrI32[4 * x + 2 * d + 1] >>> 0) << 32n) | BigInt(c.vsrI32[4 * x + 2 * d] >>> 0);
function setDw(c: Cpu, x: number, d: number, v: bigint): void {
  c.vsrI32[4 * x + 2 * d + 1] = Number(v >> 32n) | 0;
  c.vsrI32[4 * x + 2 * d] = Number(v & 0xffffffffn) | 0;
}
const word = (c: Cpu, x: number, w: number) => c.vsrI32[4 * x + (w ^ 1)] >>> 0;
const setWord = (c: Cpu, x: number, w: number, v: number) => (c.vsrI32[4 * x + (w ^ 1)] = v | 0);
const words = (c: Cpu, x: number) => [0, 1, 2, 3].map((w) => word(c, x, w).toString(16).padStart(8, "0")).join(" ");

const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const D = (x: number) => ((f64[0] = x), u64[0]);
const S = (x: number) => ((f32[0] = x), u32[0]);

const QNAN = 0x7ff8000000000000n, SNAN = 0x7ff0000000000001n, QUIET = 0x8000000000000n;

/** A random double mixing magnitudes, special values and NaN payloads. */
function randomBits(r: () => number, single = false): bigint {
  const specials = [0n, 1n << 63n, D(Infinity), D(-Infinity), QNAN, SNAN, 0xfff4000000000123n, 1n, 0x000fffffffffffffn, D(1), D(-1.5)];
  const k = Math.floor(r() * 10);
  if (k === 0) return specials[Math.floor(r() * specials.length)];
  const x = (r() < 0.5 ? -1 : 1) * (1 + r()) * 2 ** (Math.floor(r() * (k < 3 ? 2100 : 120)) - (k < 3 ? 1075 : 60));
  return D(single ? Math.fround(x) : x);
}

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0) / 4294967296;
}

describe("scalar forms compute what the FP instructions compute", () => {
  // [VSX instruction, FP instruction computing the same]; operands vs1/f1 (target and
  // multiply-add addend), vs2/f2, vs3/f3. Enables off: FR, FI, FPRF and every exception bit agree.
  const pairs: [string, string][] = [
    ["xsadddp vs1,vs2,vs3", "fadd f1,f2,f3"],
    ["xssubdp vs1,vs2,vs3", "fsub f1,f2,f3"],
    ["xsmuldp vs1,vs2,vs3", "fmul f1,f2,f3"],
    ["xsdivdp vs1,vs2,vs3", "fdiv f1,f2,f3"],
    ["xssqrtdp vs1,vs3", "fsqrt f1,f3"],
    ["xsredp vs1,vs3", "fre f1,f3"],
    ["xsrsqrtedp vs1,vs3", "frsqrte f1,f3"],
    ["xsaddsp vs1,vs2,vs3", "fadds f1,f2,f3"],
    ["xssubsp vs1,vs2,vs3", "fsubs f1,f2,f3"],
    ["xsmulsp vs1,vs2,vs3", "fmuls f1,f2,f3"],
    ["xsdivsp vs1,vs2,vs3", "fdivs f1,f2,f3"],
    ["xssqrtsp vs1,vs3", "fsqrts f1,f3"],
    ["xsresp vs1,vs3", "fres f1,f3"],
    ["xsrsqrtesp vs1,vs3", "frsqrtes f1,f3"],
    // A forms add XT: XA x XB + XT. M forms multiply by XT: XA x XT + XB.
    ["xsmaddadp vs1,vs2,vs3", "fmadd f1,f2,f3,f1"],
    ["xsmaddmdp vs1,vs2,vs3", "fmadd f1,f2,f1,f3"],
    ["xsmsubadp vs1,vs2,vs3", "fmsub f1,f2,f3,f1"],
    ["xsmsubmdp vs1,vs2,vs3", "fmsub f1,f2,f1,f3"],
    ["xsnmaddadp vs1,vs2,vs3", "fnmadd f1,f2,f3,f1"],
    ["xsnmaddmdp vs1,vs2,vs3", "fnmadd f1,f2,f1,f3"],
    ["xsnmsubadp vs1,vs2,vs3", "fnmsub f1,f2,f3,f1"],
    ["xsnmsubmdp vs1,vs2,vs3", "fnmsub f1,f2,f1,f3"],
    ["xsmaddasp vs1,vs2,vs3", "fmadds f1,f2,f3,f1"],
    ["xsmaddmsp vs1,vs2,vs3", "fmadds f1,f2,f1,f3"],
    ["xsnmsubasp vs1,vs2,vs3", "fnmsubs f1,f2,f3,f1"],
    ["xsnmsubmsp vs1,vs2,vs3", "fnmsubs f1,f2,f1,f3"],
    ["xsrsp vs1,vs3", "frsp f1,f3"],
    ["xscvsxddp vs1,vs3", "fcfid f1,f3"],
    ["xscvuxddp vs1,vs3", "fcfidu f1,f3"],
    ["xscvsxdsp vs1,vs3", "fcfids f1,f3"],
    ["xscvuxdsp vs1,vs3", "fcfidus f1,f3"],
    ["xsrdpi vs1,vs3", "frin f1,f3"],
    ["xsrdpiz vs1,vs3", "friz f1,f3"],
    ["xsrdpip vs1,vs3", "frip f1,f3"],
    ["xsrdpim vs1,vs3", "frim f1,f3"],
  ];
  for (const [vsx, fp] of pairs) {
    test(`${vsx} = ${fp} in every rounding mode`, () => {
      const r = rng(vsx.length * 7919 + 1);
      const failures: string[] = [];
      const cpus = [vsxCpu(), vsxCpu()];
      for (let i = 0; i < 600 && failures.length < 3; i++) {
        const ops = [randomBits(r), randomBits(r), randomBits(r)], rn = i & 3;
        const outs = [vsx, fp].map((asm, n) => {
          const c = cpus[n];
          ops.forEach((v, k) => {
            setDw(c, k + 1, 0, v);
            setDw(c, k + 1, 1, 0x1234n);
          });
          run(c, asm, rn);
          return `${dw(c, 1, 0).toString(16)} ${dw(c, 1, 1)} fpscr ${(c.fpscr >>> 0).toString(16)}`;
        });
        if (outs[0] !== outs[1]) failures.push(`${ops.map((o) => o.toString(16))} RN=${rn}: ${outs[0]} vs ${outs[1]}`);
      }
      expect(failures).toEqual([]);
    });
  }

  test("xscmpudp/xscmpodp and xstdivdp/xstsqrtdp set CR and FPSCR as fcmpu/fcmpo and ftdiv/ftsqrt", () => {
    const pairsCr: [string, string][] = [
      ["xscmpudp cr3,vs2,vs3", "fcmpu cr3,f2,f3"],
      ["xscmpodp cr3,vs2,vs3", "fcmpo cr3,f2,f3"],
      ["xstdivdp cr3,vs2,vs3", "ftdiv cr3,f2,f3"],
      ["xstsqrtdp cr3,vs3", "ftsqrt cr3,f3"],
    ];
    const r = rng(5);
    for (const [vsx, fp] of pairsCr) {
      for (let i = 0; i < 300; i++) {
        const a = randomBits(r), b = randomBits(r), fpscr = i & 1 ? VE : 0;
        const outs = [vsx, fp].map((asm) => {
          const c = vsxCpu();
          setDw(c, 2, 0, a);
          setDw(c, 3, 0, b);
          run(c, asm, fpscr);
          return [c.cr, c.fpscr];
        });
        expect(outs[0]).toEqual(outs[1]);
      }
    }
  });

  test("the conversions to integer truncate like fctidz/fctiwz; words go to words 0 and 1, doubleword 1 is zero", () => {
    const r = rng(8);
    for (const [vsx, fp, isWord] of [["xscvdpsxds vs1,vs3", "fctidz f1,f3", false], ["xscvdpuxds vs1,vs3", "fctiduz f1,f3", false], ["xscvdpsxws vs1,vs3", "fctiwz f1,f3", true], ["xscvdpuxws vs1,vs3", "fctiwuz f1,f3", true]] as const) {
      for (let i = 0; i < 300; i++) {
        const b = randomBits(r);
        const [v, f] = [vsx, fp].map((asm) => {
          const c = vsxCpu();
          setDw(c, 3, 0, b);
          setDw(c, 1, 1, 0x55n);
          run(c, asm, FPRF);
          return c;
        });
        const want = isWord ? (dw(f, 1, 0) & 0xffffffffn) * 0x100000001n : dw(f, 1, 0);
        expect(dw(v, 1, 0)).toBe(want);
        expect(dw(v, 1, 1)).toBe(0n);
        // FPRF is left alone (fcti* give an invalid result QEMU's QNaN class).
        expect(v.fpscr & ~FPRF).toBe(f.fpscr & ~FPRF);
        expect(v.fpscr & FPRF).toBe(FPRF);
      }
    }
  });
});

describe("vector forms are the scalar operation on each element", () => {
  // Single elements go to the scalar form widened to double format (DOUBLE, exact) and its result
  // comes back through SINGLE (exact for a single-precision result). Exception bits are the OR of
  // the elements'; FR, FI and FPRF never change.
  const STATUS = FR | FI | FPRF | 3;
  const binary: [string, string, boolean][] = [
    ["xvadddp", "xsadddp", false], ["xvsubdp", "xssubdp", false], ["xvmuldp", "xsmuldp", false], ["xvdivdp", "xsdivdp", false],
    ["xvmaddadp", "xsmaddadp", false], ["xvmaddmdp", "xsmaddmdp", false], ["xvnmsubadp", "xsnmsubadp", false], ["xvnmaddmdp", "xsnmaddmdp", false],
    ["xvaddsp", "xsaddsp", true], ["xvmulsp", "xsmulsp", true], ["xvdivsp", "xsdivsp", true], ["xvmsubasp", "xsmsubasp", true], ["xvnmaddmsp", "xsnmaddmsp", true],
    ["xvmaxdp", "xsmaxdp", false], ["xvmindp", "xsmindp", false], ["xvmaxsp", "xsmaxdp", true], ["xvminsp", "xsmindp", true],
  ];
  const unary: [string, string, boolean][] = [
    ["xvsqrtdp", "xssqrtdp", false], ["xvredp", "xsredp", false], ["xvrsqrtedp", "xsrsqrtedp", false],
    ["xvsqrtsp", "xssqrtsp", true], ["xvresp", "xsresp", true], ["xvrsqrtesp", "xsrsqrtesp", true],
    ["xvrdpi", "xsrdpi", false], ["xvrdpic", "xsrdpic", false], ["xvrspiz", "xsrdpiz", true], ["xvrspic", "xsrdpic", true],
  ];
  const SINGLE_SPECIALS = [0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffa00123, 1, 0x007fffff, 0x3f800000, 0xbfc00000];
  const randomSingle = (r: () => number) => (r() < 0.15 ? SINGLE_SPECIALS[Math.floor(r() * SINGLE_SPECIALS.length)] : S((r() < 0.5 ? -1 : 1) * (1 + r()) * 2 ** (Math.floor(r() * 300) - 150)));
  const widened = new Int32Array(2);
  const widen = (w: number) => (singleToDouble(widened, 0, w), (BigInt(widened[1] >>> 0) << 32n) | BigInt(widened[0] >>> 0));

  for (const [vector, scalar, single] of [...binary, ...unary]) {
    const isUnary = unary.some(([v]) => v === vector);
    test(`${vector} = ${scalar} per ${single ? "word" : "doubleword"}`, () => {
      const r = rng(vector.length * 131 + (single ? 7 : 0));
      const asm = (name: string) => (isUnary ? `${name} vs1,vs3` : `${name} vs1,vs2,vs3`);
      const lanes = single ? 4 : 2, v = vsxCpu(), s = vsxCpu();
      for (let i = 0; i < 200; i++) {
        const rn = i & 3;
        const elements = [1, 2, 3].map(() => Array.from({ length: lanes }, () => (single ? BigInt(randomSingle(r)) : randomBits(r))));
        elements.forEach((values, k) => values.forEach((x, e) => (single ? setWord(v, k + 1, e, Number(x)) : setDw(v, k + 1, e, x))));
        run(v, asm(vector), rn | FR);
        let flags = 0;
        for (let e = 0; e < lanes; e++) {
          elements.forEach((values, k) => setDw(s, k + 1, 0, single ? widen(Number(values[e])) : values[e]!));
          run(s, asm(scalar), rn);
          flags |= s.fpscr & ~STATUS;
          const result = dw(s, 1, 0);
          const want = single ? BigInt(doubleToSingle(Number(result >> 32n) | 0, Number(result & 0xffffffffn) | 0) >>> 0) : result;
          const got = single ? BigInt(word(v, 1, e)) : dw(v, 1, e);
          expect(`element ${e}: ${got.toString(16)}`).toBe(`element ${e}: ${want.toString(16)}`);
        }
        expect((v.fpscr & ~STATUS) >>> 0).toBe(flags >>> 0);
        expect(v.fpscr & STATUS).toBe(FR | rn);
      }
    });
  }
});

describe("multiply-add operands and NaN precedence", () => {
  // 2 x 3 + 10 with the operands in vs1 (XT), vs2 (XA), vs3 (XB).
  test.each([
    ["xsmaddadp", D(10), D(2), D(3), D(16)], // XA x XB + XT
    ["xsmaddmdp", D(3), D(2), D(10), D(16)], // XA x XT + XB
    ["xsmsubadp", D(10), D(2), D(3), D(-4)],
    ["xsnmaddadp", D(10), D(2), D(3), D(-16)],
    ["xsnmsubmdp", D(3), D(2), D(10), D(4)],
  ])("%s", (name, xt, xa, xb, want) => {
    const c = vsxCpu();
    setDw(c, 1, 0, xt);
    setDw(c, 2, 0, xa);
    setDw(c, 3, 0, xb);
    run(c, `${name} vs1,vs2,vs3`);
    expect(dw(c, 1, 0)).toBe(want);
  });

  // The first NaN in the order XA, addend, multiplicand: XA, XT, XB for the A forms and XA,
  // XB, XT for the M forms. Each NaN is told apart by its payload.
  const nanA = QNAN | 0xaaan, nanB = QNAN | 0xbbbn, nanT = QNAN | 0xcccn;
  test.each([
    ["xsmaddadp", nanT, D(2), nanB, nanT],
    ["xsmaddmdp", nanT, D(2), nanB, nanB],
    ["xsmaddadp", nanT, nanA, nanB, nanA],
    ["xsnmaddadp", D(1), D(2), nanB | (1n << 63n), nanB | (1n << 63n)], // a NaN result is not negated
  ])("%s NaN precedence", (name, xt, xa, xb, want) => {
    const c = vsxCpu();
    setDw(c, 1, 0, xt);
    setDw(c, 2, 0, xa);
    setDw(c, 3, 0, xb);
    run(c, `${name} vs1,vs2,vs3`);
    expect(dw(c, 1, 0).toString(16)).toBe(want.toString(16));
  });

  test("negative multiply-adds negate the rounded result under directed rounding", () => {
    // 1/3 x 3 + 2^-60: inexact. Rounded toward +inf then negated, the magnitude is the larger.
    for (const [name, pos] of [["xsnmaddadp", "xsmaddadp"], ["xvnmaddadp", "xvmaddadp"]] as const) {
      for (const rn of [RN_UP, RN_DOWN]) {
        const results = [name, pos].map((asm) => {
          const c = vsxCpu();
          for (const d of [0, 1]) {
            setDw(c, 1, d, D(2 ** -60));
            setDw(c, 2, d, D(1 / 3));
            setDw(c, 3, d, D(3));
          }
          run(c, `${asm} vs1,vs2,vs3`, rn);
          return dw(c, 1, 0);
        });
        expect(results[0]).toBe(results[1] ^ (1n << 63n));
      }
    }
  });
});

describe("scalar FPSCR and enabled exceptions", () => {
  test("FR reports a rounded-up magnitude, FI an inexact result; FPRF the class", () => {
    const c = vsxCpu();
    setDw(c, 2, 0, D(1));
    setDw(c, 3, 0, D(2 ** -60));
    run(c, "xsadddp vs1,vs2,vs3", RN_UP);
    expect(dw(c, 1, 0)).toBe(D(1 + 2 ** -52));
    expect(c.fpscr & (FR | FI | XX | FX)).toBe(FR | FI | XX | FX);
    expect((c.fpscr & FPRF) >>> 12).toBe(0x04);
    run(c, "xsadddp vs1,vs2,vs3", 0);
    expect(dw(c, 1, 0)).toBe(D(1));
    expect(c.fpscr & (FR | FI)).toBe(FI);
  });

  test("an enabled invalid operation leaves XT and FPRF alone and clears FR and FI", () => {
    const c = vsxCpu();
    setDw(c, 1, 0, 0x1111n);
    setDw(c, 1, 1, 0x2222n);
    setDw(c, 2, 0, D(Infinity));
    setDw(c, 3, 0, D(-Infinity));
    run(c, "xsadddp vs1,vs2,vs3", VE | FR | FI | (0x05 << 12));
    expect([dw(c, 1, 0), dw(c, 1, 1)]).toEqual([0x1111n, 0x2222n]);
    expect(c.fpscr & (FR | FI | FPRF | VXISI)).toBe((0x05 << 12) | VXISI);
    expect(c.pc).toBe(0x1004n);
  });

  test("with MSR[FE0,FE1] set, the enabled exception interrupts at the instruction", () => {
    const c = vsxCpu({ fe: true });
    setDw(c, 2, 0, SNAN);
    run(c, "xsmuldp vs1,vs2,vs3", VE);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
    expect(c.sprLo[SPR_SRR0]).toBe(0x1000);
    expect(c.sprLo[SPR_SRR1] & SRR1_FP_ENABLED).toBe(SRR1_FP_ENABLED);
  });

  test("reciprocal estimates of zero: infinity and ZX; with ZE=1 the target stays", () => {
    for (const name of ["xsredp", "xsrsqrtedp", "xsresp", "xsrsqrtesp"]) {
      const c = vsxCpu();
      setDw(c, 3, 0, 1n << 63n);
      run(c, `${name} vs1,vs3`);
      expect(dw(c, 1, 0)).toBe(D(-Infinity));
      expect(c.fpscr & (ZX | FX | FPRF)).toBe(ZX | FX | (0x09 << 12));
      setDw(c, 1, 0, 7n);
      run(c, `${name} vs1,vs3`, ZE | FI | FR);
      expect(dw(c, 1, 0)).toBe(7n);
      expect(c.fpscr & (ZX | FI | FR)).toBe(ZX);
    }
  });

  test("single-precision results under an enabled overflow are scaled by 2^-192 (half: 2^-24)", () => {
    const c = vsxCpu();
    setDw(c, 2, 0, D(2 ** 100));
    setDw(c, 3, 0, D(2 ** 100));
    run(c, "xsmulsp vs1,vs2,vs3", OE);
    expect(dw(c, 1, 0)).toBe(D(2 ** 8));
    expect(c.fpscr & (OX | XX)).toBe(OX);
    run(c, "xsmuldp vs1,vs2,vs3", OE);
    expect(dw(c, 1, 0)).toBe(D(2 ** 200));
    setDw(c, 3, 0, D(2 ** 20));
    run(c, "xscvdphp vs1,vs3", OE);
    expect(dw(c, 1, 0)).toBe(0x2c00n); // 2^-4
  });

  test("single precision detects underflow on the single-precision result", () => {
    // 2^-149 + 2^-1073: a tiny, inexact single result (QEMU, rounding twice, misses the UX).
    const c = vsxCpu();
    setDw(c, 2, 0, D(2 ** -149));
    setDw(c, 3, 0, 2n);
    run(c, "xsaddsp vs1,vs2,vs3");
    expect(dw(c, 1, 0)).toBe(D(2 ** -149));
    expect(c.fpscr & (UX | XX | FI | FPRF)).toBe(UX | XX | FI | (0x14 << 12));
  });
});

describe("vector FPSCR and enabled exceptions", () => {
  test("one element overflowing and another underflowing set both OX and UX", () => {
    const c = vsxCpu();
    setDw(c, 2, 0, D(2 ** 1000));
    setDw(c, 3, 0, D(2 ** 1000));
    setDw(c, 2, 1, D(2 ** -1000));
    setDw(c, 3, 1, D(2 ** -100));
    run(c, "xvmuldp vs1,vs2,vs3", FI);
    expect(dw(c, 1, 0)).toBe(D(Infinity));
    expect(c.fpscr & (OX | UX | XX | FI | FR)).toBe(OX | UX | XX | FI);
  });

  test("an enabled exception in any element leaves every element of XT alone", () => {
    const c = vsxCpu({ fe: true });
    setDw(c, 1, 0, 1n);
    setDw(c, 1, 1, 2n);
    setDw(c, 2, 0, D(1));
    setDw(c, 3, 0, D(2)); // exact
    setDw(c, 2, 1, D(1));
    setDw(c, 3, 1, D(3)); // inexact: XE
    run(c, "xvdivdp vs1,vs2,vs3", XE);
    expect([dw(c, 1, 0), dw(c, 1, 1)]).toEqual([1n, 2n]);
    expect(c.fpscr & XX).toBe(XX);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
    expect(c.sprLo[SPR_SRR1] & SRR1_FP_ENABLED).toBe(SRR1_FP_ENABLED);
  });

  test("an enabled invalid element does not stop the others' exceptions", () => {
    const c = vsxCpu({ fe: true });
    setDw(c, 2, 0, D(Infinity));
    setDw(c, 3, 0, D(-Infinity)); // VXISI
    setDw(c, 2, 1, D(1));
    setDw(c, 3, 1, D(2 ** -60)); // inexact
    run(c, "xvadddp vs1,vs2,vs3", VE);
    expect(c.fpscr & (VXISI | XX)).toBe(VXISI | XX);
    expect(c.pc).toBe(BigInt(VEC_PROGRAM));
  });

  test("vector compares: masks, CR6 for Rc=1, VXVC for ordered compares of a NaN", () => {
    const c = vsxCpu();
    setDw(c, 2, 0, D(2));
    setDw(c, 3, 0, D(1));
    setDw(c, 2, 1, D(3));
    setDw(c, 3, 1, D(3));
    run(c, "xvcmpgedp. vs1,vs2,vs3");
    expect([dw(c, 1, 0), dw(c, 1, 1)]).toEqual([(1n << 64n) - 1n, (1n << 64n) - 1n]);
    expect((c.cr >>> 4) & 0xf).toBe(8); // all true
    run(c, "xvcmpgtdp. vs1,vs2,vs3");
    expect((c.cr >>> 4) & 0xf).toBe(0); // mixed
    setDw(c, 3, 1, QNAN);
    run(c, "xvcmpeqdp. vs1,vs3,vs3");
    expect((c.cr >>> 4) & 0xf).toBe(0);
    expect(c.fpscr & (VXVC | VXSNAN)).toBe(0);
    run(c, "xvcmpgtdp vs1,vs2,vs3");
    expect(c.fpscr & VXVC).toBe(VXVC);
    // Enabled: no element written, the interrupt follows.
    const t = vsxCpu({ fe: true });
    setDw(t, 3, 1, QNAN);
    setDw(t, 1, 0, 5n);
    run(t, "xvcmpgesp vs1,vs2,vs3", VE);
    expect(dw(t, 1, 0)).toBe(5n);
    expect(t.pc).toBe(BigInt(VEC_PROGRAM));
  });

  test("xvcmp*sp compare words; a signalling NaN raises VXSNAN, and VXVC only for gt/ge when VE=0", () => {
    const c = vsxCpu();
    [1, 2, 3, 4].forEach((x, w) => setWord(c, 2, w, S(x)));
    [2, 2, 2, 0x7f800001].forEach((x, w) => setWord(c, 3, w, w === 3 ? x : S(x)));
    run(c, "xvcmpgtsp vs1,vs2,vs3");
    expect(words(c, 1)).toBe("00000000 00000000 ffffffff 00000000");
    expect(c.fpscr & (VXSNAN | VXVC)).toBe(VXSNAN | VXVC);
    run(c, "xvcmpeqsp vs1,vs2,vs3");
    expect(words(c, 1)).toBe("00000000 ffffffff 00000000 00000000");
    expect(c.fpscr & (VXSNAN | VXVC)).toBe(VXSNAN);
  });
});

describe("maximum and minimum", () => {
  const run2 = (name: string, a: bigint, b: bigint, fpscr = 0) => {
    const c = vsxCpu();
    setDw(c, 2, 0, a);
    setDw(c, 3, 0, b);
    setDw(c, 1, 1, 9n);
    run(c, `${name} vs1,vs2,vs3`, fpscr);
    expect(dw(c, 1, 1)).toBe(0n);
    return [dw(c, 1, 0).toString(16), c.fpscr & VXSNAN] as const;
  };
  const NEG0 = 1n << 63n;
  test.each([
    // maxNum/minNum: a quiet NaN gives way, a signalling one wins (quieted), +0 > -0.
    ["xsmaxdp", QNAN, D(1), D(1), 0],
    ["xsmaxdp", D(1), QNAN, D(1), 0],
    ["xsmaxdp", QNAN | 5n, SNAN, SNAN | QUIET, VXSNAN],
    ["xsmindp", SNAN, QNAN, SNAN | QUIET, VXSNAN],
    ["xsmaxdp", NEG0, 0n, 0n, 0],
    ["xsmindp", 0n, NEG0, NEG0, 0],
    // Type C: (a > b) ? a : b, so XB, as it is, for a NaN or equal zeros.
    ["xsmaxcdp", QNAN, D(1), D(1), 0],
    ["xsmaxcdp", D(1), SNAN, SNAN, VXSNAN],
    ["xsmaxcdp", NEG0, 0n, 0n, 0],
    ["xsmaxcdp", 0n, NEG0, NEG0, 0],
    ["xsmincdp", D(-1), D(2), D(-1), 0],
    // Type J: the first NaN, as it is; -0 < +0.
    ["xsmaxjdp", SNAN, QNAN, SNAN, VXSNAN],
    ["xsmaxjdp", D(1), QNAN | 3n, QNAN | 3n, 0],
    ["xsmaxjdp", NEG0, 0n, 0n, 0],
    ["xsminjdp", 0n, NEG0, NEG0, 0],
  ])("%s(%s, %s)", (name, a, b, want, vxsnan) => {
    expect(run2(name, a, b)).toEqual([want.toString(16), vxsnan]);
  });

  test("a denormal is returned as it is (no underflow, even with UE=1)", () => {
    const c = vsxCpu();
    setDw(c, 2, 0, 3n);
    setDw(c, 3, 0, D(-1));
    run(c, "xsmaxdp vs1,vs2,vs3", UE);
    expect(dw(c, 1, 0)).toBe(3n);
    expect(c.fpscr & (UX | FX)).toBe(0);
  });

  test("an enabled signalling NaN leaves XT alone", () => {
    const c = vsxCpu();
    setDw(c, 1, 0, 4n);
    setDw(c, 2, 0, SNAN);
    run(c, "xsmaxjdp vs1,vs2,vs3", VE);
    expect(dw(c, 1, 0)).toBe(4n);
    expect(c.fpscr & VXSNAN).toBe(VXSNAN);
  });
});

describe("scalar compares to a mask and of exponents", () => {
  test.each([
    ["xscmpeqdp", D(1), D(1), -1n, 0],
    ["xscmpgtdp", D(2), D(1), -1n, 0],
    ["xscmpgedp", D(1), D(2), 0n, 0],
    ["xscmpeqdp", QNAN, D(1), 0n, 0],
    ["xscmpgtdp", QNAN, D(1), 0n, VXVC],
    ["xscmpeqdp", SNAN, D(1), 0n, VXSNAN],
    ["xscmpgedp", SNAN, D(1), 0n, VXSNAN | VXVC],
  ])("%s", (name, a, b, mask, flags) => {
    const c = vsxCpu();
    setDw(c, 2, 0, a);
    setDw(c, 3, 0, b);
    setDw(c, 1, 1, 1n);
    run(c, `${name} vs1,vs2,vs3`);
    expect([dw(c, 1, 0), dw(c, 1, 1)]).toEqual([BigInt.asUintN(64, mask), 0n]);
    expect(c.fpscr & (VXSNAN | VXVC)).toBe(flags);
  });

  test("xscmpexpdp compares biased exponents; a NaN is unordered, an infinity is not", () => {
    const cases: [bigint, bigint, number][] = [[D(1), D(1.5), 2], [D(1), D(2), 8], [D(Infinity), D(1), 4], [QNAN, D(1), 1], [0n, 1n, 2]];
    for (const [a, b, cc] of cases) {
      const c = vsxCpu();
      setDw(c, 2, 0, a);
      setDw(c, 3, 0, b);
      run(c, "xscmpexpdp cr2,vs2,vs3", FX);
      expect((c.cr >>> 20) & 0xf).toBe(cc);
      expect(c.fpscr).toBe(FX | (cc << 12));
    }
  });
});

describe("conversions", () => {
  test("xscvdpsp rounds to single, fills words 0 and 1 and classifies in single format", () => {
    const c = vsxCpu();
    setDw(c, 3, 0, D(1 + 2 ** -30));
    run(c, "xscvdpsp vs1,vs3", RN_UP);
    expect(words(c, 1)).toBe("3f800001 3f800001 00000000 00000000");
    expect(c.fpscr & (FR | FI | XX | FPRF)).toBe(FR | FI | XX | (0x04 << 12));
    setDw(c, 3, 0, D(2 ** -130));
    run(c, "xscvdpsp vs1,vs3");
    expect(word(c, 1, 0)).toBe(S(2 ** -130));
    expect((c.fpscr & FPRF) >>> 12).toBe(0x14); // a single denormal
    setDw(c, 3, 0, SNAN | 0x20000000n);
    run(c, "xscvdpsp vs1,vs3");
    expect(word(c, 1, 0).toString(16)).toBe("7fc00001");
    expect(c.fpscr & VXSNAN).toBe(VXSNAN);
  });

  test("xscvdpspn converts like a store: no rounding, no status", () => {
    const c = vsxCpu();
    setDw(c, 3, 0, D(1 + 2 ** -24 + 2 ** -40)); // would round up
    run(c, "xscvdpspn vs1,vs3", FI);
    expect(words(c, 1)).toBe("3f800000 3f800000 00000000 00000000");
    expect(c.fpscr).toBe(FI);
    setDw(c, 3, 0, SNAN | 0x20000000n);
    run(c, "xscvdpspn vs1,vs3");
    expect(word(c, 1, 0).toString(16)).toBe("7f800001"); // still signalling
  });

  test("xscvspdp quiets a signalling NaN (VXSNAN), xscvspdpn keeps it", () => {
    const c = vsxCpu();
    setWord(c, 3, 0, 0x7f800001);
    run(c, "xscvspdp vs1,vs3");
    expect(dw(c, 1, 0).toString(16)).toBe("7ff8000020000000");
    expect(c.fpscr & VXSNAN).toBe(VXSNAN);
    run(c, "xscvspdpn vs1,vs3");
    expect(dw(c, 1, 0).toString(16)).toBe("7ff0000020000000");
    expect(c.fpscr & VXSNAN).toBe(0);
  });

  test("conversions to integer saturate and raise VXCVI; unsigned ones give 0 for negatives", () => {
    const cases: [string, bigint, bigint, number][] = [
      ["xscvdpsxws", D(-2.9), 0xfffffffefffffffen, 0],
      ["xscvdpsxws", D(2 ** 40), 0x7fffffff7fffffffn, VXCVI],
      ["xscvdpuxws", D(-1), 0n, VXCVI],
      ["xscvdpuxws", D(-0.5), 0n, 0],
      ["xscvdpsxds", QNAN, 0x8000000000000000n, VXCVI],
      ["xscvdpuxds", SNAN, 0n, VXCVI | VXSNAN],
      ["xscvdpsxds", D(-(2 ** 63)), 0x8000000000000000n, 0],
    ];
    for (const [name, b, want, flags] of cases) {
      const c = vsxCpu();
      setDw(c, 3, 0, b);
      run(c, `${name} vs1,vs3`);
      expect(dw(c, 1, 0).toString(16)).toBe(want.toString(16));
      expect(c.fpscr & (VXCVI | VXSNAN)).toBe(flags);
    }
  });

  test("vector conversions: where elements come from and go to", () => {
    const c = vsxCpu();
    setDw(c, 3, 0, D(1.5));
    setDw(c, 3, 1, D(-2));
    run(c, "xvcvdpsp vs1,vs3");
    expect(words(c, 1)).toBe("3fc00000 3fc00000 c0000000 c0000000");
    run(c, "xvcvdpsxws vs1,vs3");
    expect(words(c, 1)).toBe("00000001 00000001 fffffffe fffffffe");
    [S(1), S(9), S(-4), S(9)].forEach((x, w) => setWord(c, 3, w, x));
    run(c, "xvcvspdp vs1,vs3"); // words 0 and 2
    expect([dw(c, 1, 0), dw(c, 1, 1)]).toEqual([D(1), D(-4)]);
    run(c, "xvcvspsxds vs1,vs3");
    expect([dw(c, 1, 0), dw(c, 1, 1)]).toEqual([1n, BigInt.asUintN(64, -4n)]);
    [7, 0xfffffffe, 3, 0x80000000].forEach((x, w) => setWord(c, 3, w, x));
    run(c, "xvcvsxwdp vs1,vs3"); // words 0 and 2
    expect([dw(c, 1, 0), dw(c, 1, 1)]).toEqual([D(7), D(3)]);
    run(c, "xvcvuxwsp vs1,vs3");
    expect(words(c, 1)).toBe(`40e00000 ${S(4294967294).toString(16)} 40400000 4f000000`);
    setDw(c, 3, 0, (1n << 63n) - 1n);
    setDw(c, 3, 1, 5n);
    run(c, "xvcvsxdsp vs1,vs3", RN_DOWN);
    expect(words(c, 1)).toBe("5effffff 5effffff 40a00000 40a00000");
    expect(c.fpscr & (XX | FI)).toBe(XX);
  });

  test("vector conversions to integer convert every element, also after an invalid one", () => {
    const c = vsxCpu();
    setDw(c, 3, 0, QNAN);
    setDw(c, 3, 1, D(-0.75));
    run(c, "xvcvdpsxds vs1,vs3");
    expect([dw(c, 1, 0), dw(c, 1, 1)]).toEqual([0x8000000000000000n, 0n]);
    expect(c.fpscr & (VXCVI | XX | FI)).toBe(VXCVI | XX);
  });

  test("half precision: exact widening, rounding narrowing, placement", () => {
    const widen: [number, bigint][] = [[0x3c00, D(1)], [0x7bff, D(65504)], [0x0001, D(2 ** -24)], [0x8400, D(-(2 ** -14))], [0xfc00, D(-Infinity)], [0x7e01, 0x7ff8040000000000n]];
    for (const [h, want] of widen) {
      const c = vsxCpu();
      setDw(c, 3, 0, 0xffff0000n | BigInt(h));
      run(c, "xscvhpdp vs1,vs3", FR | FI);
      expect(dw(c, 1, 0).toString(16)).toBe(want.toString(16));
      expect(c.fpscr & (FR | FI)).toBe(0);
    }
    const narrow: [bigint, number, number, number][] = [
      [D(1), 0, 0x3c00, 0],
      [D(65520), 0, 0x7c00, OX | XX], // rounds to infinity
      [D(65520), 1, 0x7bff, XX], // toward zero it rounds to the largest half: no overflow
      [D(2 ** -25), 0, 0x0000, UX | XX], // a tie rounds to even: zero
      [D(3 * 2 ** -25), 0, 0x0002, UX | XX],
      [SNAN | (1n << 42n), 0, 0x7e01, VXSNAN],
    ];
    for (const [d, rn, want, flags] of narrow) {
      const c = vsxCpu();
      setDw(c, 3, 0, d);
      setDw(c, 1, 1, 1n);
      run(c, "xscvdphp vs1,vs3", rn);
      expect([dw(c, 1, 0).toString(16), dw(c, 1, 1)]).toEqual([want.toString(16), 0n]);
      expect(c.fpscr & (OX | UX | XX | VXSNAN)).toBe(flags);
    }
    const v = vsxCpu();
    [S(1), S(-2), S(65504), S(0.5)].forEach((x, w) => setWord(v, 3, w, x));
    run(v, "xvcvsphp vs1,vs3");
    expect(words(v, 1)).toBe("00003c00 0000c000 00007bff 00003800");
    [0xffff3c00, 0x1234c000, 0x7bff, 0x3800].forEach((x, w) => setWord(v, 3, w, x));
    run(v, "xvcvhpsp vs1,vs3");
    expect(words(v, 1)).toBe("3f800000 c0000000 477fe000 3f000000");
  });

  test("round to integral: nearest away (xsrdpi) and in the FPSCR's mode (xsrdpic, which alone sets XX)", () => {
    const cases: [string, number, number, number, number][] = [
      ["xsrdpi", 2.5, 0, 3, 0],
      ["xsrdpi", -0.5, 0, -1, 0],
      ["xsrdpic", 2.5, 0, 2, FI | XX],
      ["xsrdpic", 3.5, 0, 4, FI | XX | FR],
      ["xsrdpic", -2.5, RN_DOWN, -3, FI | XX | FR],
      ["xsrdpiz", -2.7, 0, -2, 0],
      ["xsrdpip", -0.2, 0, -0, 0],
    ];
    for (const [name, x, rn, want, flags] of cases) {
      const c = vsxCpu();
      setDw(c, 3, 0, D(x));
      run(c, `${name} vs1,vs3`, rn | FI);
      expect(dw(c, 1, 0)).toBe(D(want));
      expect(c.fpscr & (FI | FR | XX)).toBe(flags);
    }
  });
});

describe("xvrsqrtesp returns the correctly rounded reciprocal square root", () => {
  /** round-to-nearest-even single of 1/sqrt(x) for a positive finite single x, exactly. */
  function exactRsqrt(x: number): number {
    const b = S(x), biased = b >>> 23;
    let m = BigInt((b & 0x7fffff) | (biased ? 0x800000 : 0)), e = (biased || 1) - 150; // x = m 2^e
    if (e & 1) {
      m <<= 1n;
      e -= 1;
    }
    // 1/sqrt(m 2^e) = 2^(-e/2) / sqrt(m); q = floor(2^200 / sqrt(m)) via an integer square root.
    const n = (1n << 400n) / m;
    let r = 1n << 200n;
    for (;;) {
      const next = (r + n / r) / 2n;
      if (next >= r) break;
      r = next;
    }
    const exact = r * r === n && n * m === 1n << 400n;
    const bits = r.toString(2).length, drop = bits - 24;
    let k = r >> BigInt(drop);
    const half = 1n << BigInt(drop - 1), rest = r & ((1n << BigInt(drop)) - 1n);
    if (rest > half || (rest === half && (!exact || (k & 1n) === 1n))) k += 1n;
    return Number(k) * 2 ** (drop - 200 - e / 2);
  }

  test("random singles", () => {
    const r = rng(99);
    const c = vsxCpu();
    for (let i = 0; i < 500; i++) {
      const xs = [0, 1, 2, 3].map(() => Math.fround((1 + r()) * 2 ** (Math.floor(r() * 200) - 100)));
      xs.forEach((x, w) => setWord(c, 3, w, S(x)));
      run(c, "xvrsqrtesp vs1,vs3");
      xs.forEach((x, w) => expect(`${x}: ${word(c, 1, w).toString(16)}`).toBe(`${x}: ${S(exactRsqrt(x)).toString(16)}`));
    }
  });
});

describe("software divide and square root tests", () => {
  test("xvtdivdp and xvtdivsp OR fe and fg over the elements", () => {
    const c = vsxCpu();
    setDw(c, 2, 0, D(1));
    setDw(c, 3, 0, D(3));
    setDw(c, 2, 1, D(1));
    setDw(c, 3, 1, D(3));
    run(c, "xvtdivdp cr1,vs2,vs3");
    expect((c.cr >>> 24) & 0xf).toBe(8);
    setDw(c, 3, 1, 0n); // zero divisor: fe and fg
    run(c, "xvtdivdp cr1,vs2,vs3");
    expect((c.cr >>> 24) & 0xf).toBe(0xe);
    // Single elements use single-precision bounds: 2^120 / 2^-10 is near single overflow.
    [1, 1, 1, 2 ** 120].forEach((x, w) => setWord(c, 2, w, S(x)));
    [3, 3, 3, 2 ** -10].forEach((x, w) => setWord(c, 3, w, S(x)));
    run(c, "xvtdivsp cr1,vs2,vs3");
    expect((c.cr >>> 24) & 0xf).toBe(0xa);
    [1, 4, 9, 2 ** -140].forEach((x, w) => setWord(c, 3, w, S(x)));
    run(c, "xvtsqrtsp cr1,vs3"); // a single denormal: fg and fe
    expect((c.cr >>> 24) & 0xf).toBe(0xe);
  });
});

describe("facility and ISA level", () => {
  test.each(["xsadddp vs1,vs2,vs3", "xvmulsp vs40,vs41,vs42", "xscmpudp cr1,vs2,vs3", "xscvdpsp vs1,vs2", "xvcmpeqdp. vs1,vs2,vs3", "xsmaxcdp vs1,vs2,vs3"])("%s needs MSR[VSX]", (asm) => {
    const c = vsxCpu({ facilities: MSR_FP | MSR_VEC });
    run(c, asm);
    expect(c.pc).toBe(BigInt(VEC_VSX_UNAVAILABLE));
  });

  test("ISA 2.07 and 3.0 instructions are illegal on earlier CPUs", () => {
    expect(decode(assemble("xsadddp vs1,vs2,vs3"), 206)).not.toBe(OP_ILLEGAL);
    expect(decode(assemble("xsaddsp vs1,vs2,vs3"), 206)).toBe(OP_ILLEGAL);
    expect(decode(assemble("xsaddsp vs1,vs2,vs3"), 207)).not.toBe(OP_ILLEGAL);
    for (const asm of ["xscmpeqdp vs1,vs2,vs3", "xscvhpdp vs1,vs2", "xvcvsphp vs1,vs2", "xsmaxjdp vs1,vs2,vs3", "xscmpexpdp cr0,vs1,vs2"]) {
      expect(decode(assemble(asm), 207)).toBe(OP_ILLEGAL);
      expect(decode(assemble(asm), 300)).not.toBe(OP_ILLEGAL);
    }
  });

  test("big-endian guests see the same register images", () => {
    const c = vsxCpu({ le: false });
    setDw(c, 2, 0, D(1.5));
    setDw(c, 3, 0, D(2));
    run(c, "xsmuldp vs1,vs2,vs3");
    expect(dw(c, 1, 0)).toBe(D(3));
  });
});
