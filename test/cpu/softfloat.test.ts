// The soft-float core against an exact reference: every operand pair is turned into an exact
// rational with BigInt, rounded once to the target precision in each rounding mode, and the
// result bits and the FR, FI, OX, UX flags must agree. This covers what the QEMU fixture cannot
// (QEMU computes no FR) and directed rounding for fnmadd/fnmsub.

import { describe, expect, test } from "bun:test";
import { FI, FR, OX, UX } from "../../vmm/cpu/fpu/fpscr.ts";
import { add, divide, multiply, multiplyAdd, result, sqrt } from "../../vmm/cpu/fpu/softfloat.ts";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { MSR_FP } from "../../vmm/cpu/msr.ts";
import { load, makeCpu } from "./helpers.ts";

const view = new DataView(new ArrayBuffer(8));
const bitsOf = (x: number): [number, number] => (view.setFloat64(0, x), [view.getInt32(0), view.getInt32(4)]);

/** A finite double as sign, integer significand and exponent: value = (-1)^s x m x 2^e. */
function exact(x: number): { s: number; m: bigint; e: number } {
  const [hi, lo] = bitsOf(x);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0);
  return { s: hi < 0 ? 1 : 0, m: biased ? frac | (1n << 52n) : frac, e: (biased || 1) - 1075 };
}

const bitLength = (n: bigint) => n.toString(2).length;

/**
 * Round sign x (n + sticky) x 2^e (n > 0) to precision p with the ISA's rules (tininess before
 * rounding, UE = OE = 0). Returns the double's bits and flags.
 */
function roundExact(s: number, n: bigint, e: number, sticky: boolean, single: boolean, mode: number): { bits: bigint; flags: number } {
  const p = single ? 24 : 53, emin = single ? -126 : -1022, emax = single ? 127 : 1023;
  const top = bitLength(n) - 1 + e; // exponent of the leading bit
  const keep = top < emin ? p - (emin - top) : p;
  const drop = bitLength(n) - keep; // bits below the kept ones
  let k: bigint, round = false, rest = sticky;
  if (drop <= 0) k = n << BigInt(-drop);
  else {
    k = n >> BigInt(drop);
    round = ((n >> BigInt(drop - 1)) & 1n) === 1n;
    rest ||= (n & ((1n << BigInt(drop - 1)) - 1n)) !== 0n;
  }
  const scale = e + Math.max(drop, 0) + Math.min(drop, 0);
  const inexact = round || rest;
  let up = false;
  if (mode === 0) up = round && (rest || (k & 1n) === 1n);
  else if (mode === 2) up = inexact && s === 0;
  else if (mode === 3) up = inexact && s === 1;
  if (up) k += 1n;
  let flags = (inexact ? FI : 0) | (up ? FR : 0) | (top < emin && inexact ? UX : 0);
  const sign = BigInt(s) << 63n;
  if (k === 0n) return { bits: sign, flags };
  const exponent = bitLength(k) - 1 + scale;
  if (exponent > emax) {
    const toInf = mode === 0 || (mode === 2 && s === 0) || (mode === 3 && s === 1);
    const max = single ? 0x47efffffe0000000n : 0x7fefffffffffffffn;
    return toInf ? { bits: sign | 0x7ff0000000000000n, flags: OX | FI | FR } : { bits: sign | max, flags: OX | FI };
  }
  if (exponent < -1022) return { bits: sign | (k << BigInt(scale + 1074)), flags }; // double denormal
  const f = (k << BigInt(52 - (bitLength(k) - 1))) & ((1n << 52n) - 1n);
  return { bits: sign | (BigInt(exponent + 1023) << 52n) | f, flags };
}

/** A random double mixing magnitudes so that tiny, huge, and cancelling results all occur. */
function randomDouble(r: () => number): number {
  const k = Math.floor(r() * 8);
  const sign = r() < 0.5 ? -1 : 1;
  if (k === 0) return sign * Math.floor(r() * 2 ** 20) * 2 ** (Math.floor(r() * 40) - 20);
  if (k === 1) return sign * r() * 2 ** -1022; // denormal
  if (k === 2) return sign * (1 + r()) * 2 ** (Math.floor(r() * 60) + 960);
  if (k === 3) return sign * (1 + r()) * 2 ** (-Math.floor(r() * 60) - 960);
  if (k === 4) return Math.fround(sign * (1 + r()) * 2 ** (Math.floor(r() * 60) - 30));
  return sign * (1 + r()) * 2 ** (Math.floor(r() * 200) - 100);
}

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0) / 4294967296;
}

const got = () => ({ bits: (BigInt(result.hi >>> 0) << 32n) | BigInt(result.lo >>> 0), flags: result.flags & (FI | FR | OX | UX) });
const show = (v: { bits: bigint; flags: number }) => `${v.bits.toString(16).padStart(16, "0")} flags ${v.flags.toString(16)}`;

/** Sum of signed exact terms as (sign, magnitude, exponent). */
function sumExact(terms: { s: number; m: bigint; e: number }[]): { s: number; n: bigint; e: number } {
  const e = Math.min(...terms.map((t) => t.e));
  const total = terms.reduce((acc, t) => acc + (t.s ? -1n : 1n) * (t.m << BigInt(t.e - e)), 0n);
  return { s: total < 0n ? 1 : 0, n: total < 0n ? -total : total, e };
}

const CASES = 3000;

describe("soft-float rounds exactly once, as the ISA says", () => {
  for (const single of [false, true]) {
    for (const mode of [0, 1, 2, 3]) {
      const label = `${single ? "single" : "double"}, RN=${mode}`;
      test(`add, multiply, multiply-add: ${label}`, () => {
        const r = rng(17 + mode + (single ? 100 : 0));
        const failures: string[] = [];
        for (let i = 0; i < CASES && failures.length < 3; i++) {
          const a = randomDouble(r), b = randomDouble(r), c = randomDouble(r);
          const [ah, al] = bitsOf(a), [bh, bl] = bitsOf(b), [ch, cl] = bitsOf(c);
          const A = exact(a), B = exact(b), C = exact(c);
          const product = { s: A.s ^ C.s, m: A.m * C.m, e: A.e + C.e };
          const checks: [string, () => void, { s: number; n: bigint; e: number }][] = [
            ["add", () => add(ah, al, bh, bl, 0, +single, mode), sumExact([A, B])],
            ["multiply", () => multiply(ah, al, ch, cl, +single, mode), { s: product.s, n: product.m, e: product.e }],
            ["multiplyAdd", () => multiplyAdd(ah, al, ch, cl, bh, bl, 0, +single, mode), sumExact([product, B])],
          ];
          for (const [name, run, want] of checks) {
            if (want.n === 0n) continue; // exact zeros: sign rules are tested by the fixture
            run();
            const expected = roundExact(want.s, want.n, want.e, false, single, mode);
            if (show(got()) !== show(expected)) failures.push(`${name}(${a}, ${c}, ${b}): ${show(got())}, want ${show(expected)}`);
          }
        }
        expect(failures).toEqual([]);
      });

      test(`divide and square root: ${label}`, () => {
        const r = rng(91 + mode + (single ? 100 : 0));
        const failures: string[] = [];
        for (let i = 0; i < CASES && failures.length < 3; i++) {
          const a = randomDouble(r), b = randomDouble(r);
          const A = exact(a), B = exact(b);
          const [ah, al] = bitsOf(a), [bh, bl] = bitsOf(b);
          // a / b with 200 quotient bits beyond the binary point, remainder as sticky.
          const num = A.m << 200n, q = num / B.m;
          divide(ah, al, bh, bl, +single, mode);
          const wantDiv = roundExact(A.s ^ B.s, q, A.e - B.e - 200, q * B.m !== num, single, mode);
          if (show(got()) !== show(wantDiv)) failures.push(`divide(${a}, ${b}): ${show(got())}, want ${show(wantDiv)}`);
          const x = Math.abs(a), X = exact(x);
          const shift = 240 + ((X.e & 1) ? 1 : 0); // even exponent for the square root
          const radicand = X.m << BigInt(shift);
          let root = 1n << BigInt(Math.ceil(bitLength(radicand) / 2)); // at least the root
          for (;;) { // Newton's method on integers, descending to floor(sqrt)
            const next = (root + radicand / root) / 2n;
            if (next >= root) break;
            root = next;
          }
          const [xh, xl] = bitsOf(x);
          sqrt(xh, xl, +single, mode);
          const wantSqrt = roundExact(0, root, (X.e - shift) / 2, root * root !== radicand, single, mode);
          if (show(got()) !== show(wantSqrt)) failures.push(`sqrt(${x}): ${show(got())}, want ${show(wantSqrt)}`);
        }
        expect(failures).toEqual([]);
      });
    }
  }

  test("FR: set when rounding increased the magnitude", () => {
    const [oh, ol] = bitsOf(1), [th, tl] = bitsOf(3);
    divide(oh, ol, th, tl, 0, 0); // 1/3 rounds down in binary
    expect(result.flags & FR).toBe(0);
    expect(result.flags & FI).toBe(FI);
    divide(oh, ol, th, tl, 0, 2); // toward +infinity
    expect(result.flags & FR).toBe(FR);
  });

  test("fnmadd negates after rounding: toward -inf rounds the un-negated sum down", () => {
    // 1 x (1 + 2^-52) + 2^-60 under RN=3: the sum rounds down to 1 + 2^-52, then fnmadd negates
    // it to -(1 + 2^-52). Rounding the negated sum toward -inf would give -(1 + 2^-51).
    const c = makeCpu();
    c.setMsr(c.msrHi, c.msrLo | MSR_FP);
    c.fpscr = 3;
    c.vsrF64[2] = 1;
    c.vsrF64[4] = 1 + 2 ** -52;
    c.vsrF64[6] = 2 ** -60;
    load(c, 0x1000, ["fnmadd f4,f1,f2,f3"]);
    runSlice(c, 1);
    expect(c.vsrF64[8]).toBe(-(1 + 2 ** -52));
    expect(c.fpscr & (FI | FR)).toBe(FI); // inexact, and the magnitude was not rounded up
  });
});
