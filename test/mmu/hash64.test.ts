// Hash translation (Power ISA 3.0 Book III, Storage Control: "Page Table Search", "Storage
// Protection", "Virtual Page Class Key Protection", "Reference and Change Recording") on
// hand-built SLB entries and PTEs. Expected hashes, AVPNs and PTEs are computed here with BigInt,
// independently of the int32 arithmetic in vmm/mmu/hash64.ts.
import { beforeEach, describe, expect, test } from "bun:test";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { HashMmu } from "../../vmm/mmu/hash64.ts";
import { HashPageTable, pftSizeForRam, POWER_SEGMENT_PAGE_SIZES } from "../../vmm/mmu/hpt.ts";
import {
  ACCESS_EXEC,
  ACCESS_READ,
  ACCESS_WRITE,
  DSISR_KEY,
  DSISR_NO_PTE,
  DSISR_PROTECTION,
  DSISR_STORE,
  FAULT_MACHINE_CHECK,
  FAULT_NONE,
  FAULT_SEGMENT,
  FAULT_STORAGE,
  newTranslateResult,
  SRR1_ISI_KEY,
  SRR1_ISI_NO_PTE,
  SRR1_ISI_NOEXEC,
  SRR1_ISI_PROTECTION,
  type Access,
} from "../../vmm/mmu/mmu.ts";
import { Slb } from "../../vmm/mmu/slb.ts";

const hi = (v: bigint) => Number(BigInt.asIntN(32, v >> 32n));
const lo = (v: bigint) => Number(BigInt.asIntN(32, v));

const RAM_SIZE = 64 << 20;
const PFT_SIZE = 18;
const HTAB_MASK = (1n << BigInt(PFT_SIZE - 7)) - 1n;
const SPR_AMR = 29, SPR_IAMR = 61;
const MSR_PR = 1 << 14;

// SLB VSID-doubleword bits and base page encodings (L||LP).
const KS = 0x800n, KP = 0x400n, SLB_N = 0x200n;
const LLP = { 12: 0x000n, 16: 0x110n, 24: 0x100n, 34: 0x120n } as const;
type Base = keyof typeof LLP;
// PTE second-doubleword bits.
const PP0 = 1n << 63n, R = 0x100n, C = 0x80n, M = 0x10n, G = 0x8n, N = 0x4n;

let slb: Slb, hpt: HashPageTable, mmu: HashMmu;
const ram = new GuestMemory(RAM_SIZE); // the MMU never touches RAM contents: one for all tests
const cpu = { msrHi: 0, msrLo: 0, sprHi: new Int32Array(1024), sprLo: new Int32Array(1024) };
const out = newTranslateResult();

beforeEach(() => {
  slb = new Slb();
  hpt = new HashPageTable(PFT_SIZE);
  mmu = new HashMmu(slb, hpt, ram, POWER_SEGMENT_PAGE_SIZES);
  cpu.msrLo = 0;
  cpu.sprHi.fill(0);
  cpu.sprLo.fill(0);
});

interface Segment {
  ea: bigint;
  vsid: bigint;
  oneT?: boolean;
  base?: Base;
  bits?: bigint;
}

let nextSlbIndex = 0;
function addSegment(s: Segment): void {
  const segBits = s.oneT ? 40n : 28n;
  const rs = (s.oneT ? 1n << 62n : 0n) | (s.vsid << (s.oneT ? 24n : 12n)) | LLP[s.base ?? 12] | (s.bits ?? 0n);
  const rb = ((s.ea >> segBits) << segBits) | (1n << 27n) | BigInt(nextSlbIndex++ % 32);
  expect(slb.slbmte(hi(rs), lo(rs), hi(rb), lo(rb))).toBe(true);
}

interface Page extends Segment {
  /** Real address of the page (aligned to its actual size). */
  pa: bigint;
  actual?: number;
  lp?: bigint;
  secondary?: boolean;
  /** Put the PTE in the other PTEG from the one its H bit says (a PTE that must not match). */
  wrongGroup?: boolean;
  slot?: number;
  second?: bigint;
}

/** The ISA's hash for an EA, computed on the full-width VSID. */
function hashOf(p: Segment): bigint {
  const shift = BigInt(p.base ?? 12);
  if (p.oneT) return p.vsid ^ (p.vsid << 25n) ^ ((p.ea & ((1n << 40n) - 1n)) >> shift);
  return p.vsid ^ ((p.ea & ((1n << 28n) - 1n)) >> shift);
}

/** Write the PTE mapping `p` into its PTEG and return its index. */
function addPte(p: Page): number {
  const base = p.base ?? 12;
  const actual = p.actual ?? base;
  const hash = hashOf(p);
  const inSecondary = p.secondary !== p.wrongGroup;
  const group = (inSecondary ? ~hash : hash) & HTAB_MASK;
  const ptex = Number(group) * 8 + (p.slot ?? 0);
  const va = p.oneT ? (p.vsid << 40n) | (p.ea & ((1n << 40n) - 1n)) : (p.vsid << 28n) | (p.ea & ((1n << 28n) - 1n));
  const avpnIgnored = base > 23 ? (1n << BigInt(base - 23)) - 1n : 0n;
  const avpn = (va >> 23n) & ~avpnIgnored;
  const v = ((p.oneT ? 1n : 0n) << 62n) | (avpn << 7n) | (actual !== 12 ? 4n : 0n) | (p.secondary ? 2n : 0n) | 1n;
  const r = p.pa | ((p.lp ?? 0n) << 12n) | (p.second ?? M);
  hpt.write(ptex, hi(v), lo(v), hi(r), lo(r));
  return ptex;
}

function map(p: Page): number {
  addSegment(p);
  return addPte(p);
}

function translate(ea: bigint, access: Access): boolean {
  return mmu.translate(cpu, hi(ea), lo(ea), access, out);
}

const second = (ptex: number) => (BigInt(hpt.rHi(ptex) >>> 0) << 32n) | BigInt(hpt.rLo(ptex) >>> 0);

function expectRa(ea: bigint, access: Access, ra: number): void {
  expect(translate(ea, access)).toBe(true);
  expect(out.fault).toBe(FAULT_NONE);
  expect(out.ra).toBe(ra);
}

function expectFault(ea: bigint, access: Access, fault: number, dsisr: number, srr1: number): void {
  expect(translate(ea, access)).toBe(false);
  expect({ fault: out.fault, dsisr: out.dsisr, srr1: out.srr1 }).toEqual({ fault, dsisr, srr1 });
}

describe("HashPageTable", () => {
  test("ibm,pft-size is 1/128 of RAM rounded up to a power of two, at least 2^18 (QEMU's choice)", () => {
    expect(pftSizeForRam(1 << 30)).toBe(0x17);
    expect(pftSizeForRam(256 << 20)).toBe(21);
    expect(pftSizeForRam(200 << 20)).toBe(21);
    expect(pftSizeForRam(1 << 20)).toBe(18);
  });

  test("the table is 2^pftSize bytes of 128-byte PTEGs, PTEs as big-endian doublewords", () => {
    const table = new HashPageTable(18);
    expect(table.bytes.length).toBe(1 << 18);
    expect(table.ptegCount).toBe(2048);
    expect(table.pteCount).toBe(16384);
    expect(table.htabMask).toBe(0x7ff);
    expect(table.ptegIndex(0x12345)).toBe(0x345);
    expect(table.ptegIndex(~0x12345)).toBe(0x4ba);
    table.write(9, 0x01020304, 0x05060708, 0x090a0b0c, 0x0d0e0f10 | 0);
    expect([...table.bytes.subarray(9 * 16, 10 * 16)]).toEqual([...Array(16).keys()].map((i) => i + 1));
    expect(table.validPtex(0, 16383)).toBe(true);
    expect(table.validPtex(0, 16384)).toBe(false);
    expect(table.validPtex(1, 0)).toBe(false);
    expect(() => new HashPageTable(17)).toThrow(RangeError);
  });
});

describe("translation (Page Table Search)", () => {
  test("4K page, 256M segment, primary hash: RA, and R recorded in the HPT", () => {
    const ptex = map({ ea: 0xc000_0000_0123_4000n, vsid: 0x5_4321_0fedn, pa: 0x0002_3000n });
    expectRa(0xc000_0000_0123_4abcn, ACCESS_READ, 0x23abc);
    expect(second(ptex)).toBe(0x23000n | M | R);
    expect({ read: out.read, write: out.write, exec: out.exec }).toEqual({ read: true, write: false, exec: true });
  });

  test("a store sets C; writes are cached only once C is set", () => {
    const ptex = map({ ea: 0x1000_5000n, vsid: 0x77n, pa: 0x9000n });
    expectRa(0x1000_5008n, ACCESS_READ, 0x9008);
    expect(out.write).toBe(false);
    expectRa(0x1000_5008n, ACCESS_WRITE, 0x9008);
    expect(out.write).toBe(true);
    expect(second(ptex)).toBe(0x9000n | M | R | C);
    expectRa(0x1000_5000n, ACCESS_READ, 0x9000);
    expect(out.write).toBe(true);
    // Big-endian in the table: R is bit 0 of byte 14, C bit 7 of byte 15.
    expect(hpt.bytes[ptex * 16 + 14] & 1).toBe(1);
    expect(hpt.bytes[ptex * 16 + 15] & 0x80).toBe(0x80);
  });

  test("secondary hash: an H=1 PTE in the PTEG of ~hash", () => {
    map({ ea: 0x2000_7000n, vsid: 0x1234n, pa: 0x4_5000n, secondary: true, slot: 7 });
    expectRa(0x2000_7ffcn, ACCESS_READ, 0x4_5ffc);
  });

  test("H must match the hash used: PTEs in the other group are not found", () => {
    map({ ea: 0x2000_7000n, vsid: 0x1234n, pa: 0x4_5000n, secondary: true, wrongGroup: true });
    addPte({ ea: 0x3000_1000n, vsid: 0x99n, pa: 0x1000n, wrongGroup: true });
    addSegment({ ea: 0x3000_0000n, vsid: 0x99n });
    expectFault(0x2000_7000n, ACCESS_READ, FAULT_STORAGE, DSISR_NO_PTE, 0);
    expectFault(0x3000_1000n, ACCESS_READ, FAULT_STORAGE, DSISR_NO_PTE, 0);
  });

  test("the AVPN must match: another VSID's PTE in the same PTEG is not taken", () => {
    addSegment({ ea: 0x4000_0000n, vsid: 0x100n });
    // VSID 0x100 ^ 0x800 page 0x101 hashes like VSID 0x100 page 0x001 only when the XOR agrees: build it.
    addPte({ ea: 0x4000_1000n, vsid: 0x100n ^ 0x800n, pa: 0x1000n });
    addPte({ ea: 0x4080_1000n, vsid: 0x100n, pa: 0x7000n, slot: 1 }); // same group: 0x100 ^ 0x801 = 0x800 ^ 0x101
    expectFault(0x4000_1000n, ACCESS_READ, FAULT_STORAGE, DSISR_NO_PTE, 0);
    expectRa(0x4080_1004n, ACCESS_READ, 0x7004);
  });

  test("64K page in a 64K segment (L||LP 1 01, LP 0001)", () => {
    map({ ea: 0x5000_0000_0003_0000n, vsid: 0xabcn, base: 16, pa: 0x0012_0000n, lp: 0x1n });
    expectRa(0x5000_0000_0003_fedcn, ACCESS_READ, 0x12_fedc);
  });

  test("64K page in a 4K segment (MPSS, LP 0111): hashed and matched by the 4K base page", () => {
    map({ ea: 0x6000_3000n, vsid: 0x31n, base: 12, actual: 16, pa: 0x0005_0000n, lp: 0x7n });
    expectRa(0x6000_3010n, ACCESS_READ, 0x5_3010);
  });

  test("16M page in a 16M segment: the whole page, both halves, through one PTE", () => {
    const ptex = map({ ea: 0x7000_0000_0100_0000n, vsid: 0x4_0000n, base: 24, pa: 0x0200_0000n });
    expectRa(0x7000_0000_0100_0010n, ACCESS_READ, 0x200_0010);
    expectRa(0x7000_0000_01ff_fff0n, ACCESS_WRITE, 0x2ff_fff0);
    expect(second(ptex) & (R | C)).toBe(R | C);
  });

  test("16M page in a 4K segment (LP 0011 1000)", () => {
    map({ ea: 0x8000_5000n, vsid: 0x8n, base: 12, actual: 24, pa: 0x0100_0000n, lp: 0x38n });
    expectRa(0x8000_5678n, ACCESS_READ, 0x100_5678);
  });

  test("4K page in a 1T segment: hash VSID ^ VSID<<25 ^ page, EA bits 24:39 in the offset", () => {
    map({ ea: 0x0000_0123_4567_8000n, vsid: 0x1_2345_6789n, oneT: true, pa: 0x0033_3000n });
    expectRa(0x0000_0123_4567_8abcn, ACCESS_READ, 0x33_3abc);
    expectFault(0x0000_0122_4567_8abcn, ACCESS_READ, FAULT_STORAGE, DSISR_NO_PTE, 0);
  });

  test("16M page in a 1T segment", () => {
    map({ ea: 0x0000_4000_ff00_0000n, vsid: 0x3f_ffff_ffffn, oneT: true, base: 24, pa: 0x0300_0000n });
    expectRa(0x0000_4000_ff12_3456n, ACCESS_READ, 0x312_3456);
  });

  test("16G page in a 1T segment translates, and its RA is beyond RAM: machine check", () => {
    map({ ea: 0x0000_0400_0000_0000n, vsid: 0x5n, oneT: true, base: 34, pa: 1n << 34n });
    expectFault(0x0000_0400_0000_1000n, ACCESS_READ, FAULT_MACHINE_CHECK, 0, 0);
  });

  test("RA beyond guest RAM: machine check", () => {
    map({ ea: 0x1000n, vsid: 0x1n, pa: BigInt(RAM_SIZE) });
    map({ ea: 0x1000_1000n, vsid: 0x2n, pa: 1n << 40n });
    expectFault(0x1000n, ACCESS_READ, FAULT_MACHINE_CHECK, 0, 0);
    expectFault(0x1000_1000n, ACCESS_READ, FAULT_MACHINE_CHECK, 0, 0);
  });

  test("a PTE whose L/LP the segment's base size does not allow is ignored", () => {
    map({ ea: 0x9000_0000n, vsid: 0x10n, base: 16, actual: 12, pa: 0x1000n }); // L=0 in a 64K segment
    expectFault(0x9000_0000n, ACCESS_READ, FAULT_STORAGE, DSISR_NO_PTE, 0);
    map({ ea: 0xa000_0000n, vsid: 0x11n, base: 12, actual: 16, pa: 0x10000n, lp: 0x1n }); // 64K-base LP in a 4K segment
    expectFault(0xa000_0000n, ACCESS_READ, FAULT_STORAGE, DSISR_NO_PTE, 0);
  });
});

describe("faults", () => {
  test("no SLB entry: segment fault for data and instruction accesses", () => {
    expectFault(0xc000_0000_0000_0000n, ACCESS_READ, FAULT_SEGMENT, 0, 0);
    expectFault(0xc000_0000_0000_0000n, ACCESS_EXEC, FAULT_SEGMENT, 0, 0);
  });

  test("no PTE: DSISR bit 33 (and 38 for a store), SRR1 bit 33 for a fetch", () => {
    addSegment({ ea: 0n, vsid: 0x3n });
    expectFault(0x4000n, ACCESS_READ, FAULT_STORAGE, DSISR_NO_PTE, 0);
    expectFault(0x4000n, ACCESS_WRITE, FAULT_STORAGE, DSISR_NO_PTE | DSISR_STORE, 0);
    expectFault(0x4000n, ACCESS_EXEC, FAULT_STORAGE, 0, SRR1_ISI_NO_PTE);
  });

  // ISA "Storage Protection" (hash): access authority from the key bit and PP0||PP1||PP2.
  const AUTHORITY: Record<string, string> = {
    "0 000": "rw", "0 001": "rw", "0 010": "rw", "0 011": "r", "0 110": "r", "0 100": "", "0 101": "", "0 111": "",
    "1 000": "", "1 001": "r", "1 010": "rw", "1 011": "r", "1 110": "", "1 100": "", "1 101": "", "1 111": "",
  };
  test.each(Object.entries(AUTHORITY))("key %s grants '%s'", (combo, authority) => {
    const [key, pp] = combo.split(" ");
    const ppBits = BigInt(parseInt(pp, 2));
    const second = M | (ppBits & 4n ? PP0 : 0n) | (ppBits & 3n);
    // Problem state picks Kp: set only Kp, so the key is the wanted one only with MSR[PR]=1.
    map({ ea: 0x3000n, vsid: 0x21n, pa: 0x3000n, second, bits: key === "1" ? KP : 0n });
    cpu.msrLo = MSR_PR;
    expect(translate(0x3000n, ACCESS_READ)).toBe(authority.includes("r"));
    if (!authority.includes("r")) expect(out.dsisr).toBe(DSISR_PROTECTION);
    expect(translate(0x3000n, ACCESS_EXEC)).toBe(authority.includes("r"));
    if (!authority.includes("r")) expect(out.srr1).toBe(SRR1_ISI_PROTECTION);
    expect(translate(0x3000n, ACCESS_WRITE)).toBe(authority.includes("w"));
    if (!authority.includes("w")) expect(out.dsisr).toBe(DSISR_PROTECTION | DSISR_STORE);
  });

  test("MSR[PR]=0 uses Ks, MSR[PR]=1 uses Kp", () => {
    map({ ea: 0x5000n, vsid: 0x22n, pa: 0x5000n, bits: KP, second: M }); // PP 000: key 1 = no access
    expect(translate(0x5000n, ACCESS_WRITE)).toBe(true);
    cpu.msrLo = MSR_PR;
    expectFault(0x5000n, ACCESS_READ, FAULT_STORAGE, DSISR_PROTECTION, 0);
    slb.clear();
    addSegment({ ea: 0n, vsid: 0x22n, bits: KS });
    expect(translate(0x5000n, ACCESS_WRITE)).toBe(true);
    cpu.msrLo = 0;
    expectFault(0x5000n, ACCESS_WRITE, FAULT_STORAGE, DSISR_PROTECTION | DSISR_STORE, 0);
  });

  test("no-execute page (PTE N): ISI SRR1 bit 35; data still allowed", () => {
    map({ ea: 0x6000n, vsid: 0x23n, pa: 0x6000n, second: M | N });
    expectFault(0x6000n, ACCESS_EXEC, FAULT_STORAGE, 0, SRR1_ISI_NOEXEC);
    expect(translate(0x6000n, ACCESS_WRITE)).toBe(true);
    expect(out.exec).toBe(false);
  });

  test("no-execute segment (SLB N): ISI SRR1 bit 35 before the page table is searched", () => {
    addSegment({ ea: 0x7000_0000n, vsid: 0x24n, bits: SLB_N });
    expectFault(0x7000_0000n, ACCESS_EXEC, FAULT_STORAGE, 0, SRR1_ISI_NOEXEC);
    expectFault(0x7000_0000n, ACCESS_READ, FAULT_STORAGE, DSISR_NO_PTE, 0);
  });

  test("guarded page (WIMG G): no instruction fetch", () => {
    map({ ea: 0x8000n, vsid: 0x25n, pa: 0x8000n, second: M | G });
    expectFault(0x8000n, ACCESS_EXEC, FAULT_STORAGE, 0, SRR1_ISI_NOEXEC);
    expect(translate(0x8000n, ACCESS_READ)).toBe(true);
  });

  // Virtual Page Class Key Protection: key k owns AMR/IAMR bits 2k (store) and 2k+1 (load, fetch).
  const keyBits = (key: number) => (BigInt(key >> 3) << 60n) | (BigInt(key & 7) << 9n);
  const setSpr = (n: number, v: bigint) => {
    cpu.sprHi[n] = hi(v);
    cpu.sprLo[n] = lo(v);
  };

  test("AMR denies stores and loads by the PTE's key (key 3: AMR bits 6:7), in either state", () => {
    map({ ea: 0x9000n, vsid: 0x26n, pa: 0x9000n, second: M | C | keyBits(3) });
    setSpr(SPR_AMR, 1n << 57n); // bit 6: no stores for key 3
    expectFault(0x9000n, ACCESS_WRITE, FAULT_STORAGE, DSISR_KEY | DSISR_STORE, 0);
    expect(translate(0x9000n, ACCESS_READ)).toBe(true);
    expect(out.write).toBe(false);
    setSpr(SPR_AMR, 1n << 56n); // bit 7: no loads for key 3
    expectFault(0x9000n, ACCESS_READ, FAULT_STORAGE, DSISR_KEY, 0);
    cpu.msrLo = MSR_PR;
    expectFault(0x9000n, ACCESS_READ, FAULT_STORAGE, DSISR_KEY, 0);
    expect(translate(0x9000n, ACCESS_EXEC)).toBe(true); // AMR never stops fetches
  });

  test("AMR for a key with PTE KEY bits 2:3 set (key 20: AMR bits 40:41)", () => {
    map({ ea: 0xa000n, vsid: 0x27n, pa: 0xa000n, second: M | keyBits(20) });
    setSpr(SPR_AMR, 3n << 22n);
    expectFault(0xa000n, ACCESS_READ, FAULT_STORAGE, DSISR_KEY, 0);
    setSpr(SPR_AMR, 3n << 20n); // key 21's bits
    expect(translate(0xa000n, ACCESS_WRITE)).toBe(true);
  });

  test("PP and AMR both denying a store report both", () => {
    map({ ea: 0xb000n, vsid: 0x28n, pa: 0xb000n, second: M | 3n | keyBits(31) });
    setSpr(SPR_AMR, 2n);
    expectFault(0xb000n, ACCESS_WRITE, FAULT_STORAGE, DSISR_PROTECTION | DSISR_KEY | DSISR_STORE, 0);
  });

  test("IAMR denies fetches by key: ISI SRR1 bit 42; data untouched", () => {
    map({ ea: 0xc000n, vsid: 0x29n, pa: 0xc000n, second: M | keyBits(5) });
    setSpr(SPR_IAMR, 1n << 52n); // bit 11 = 2*5+1
    expectFault(0xc000n, ACCESS_EXEC, FAULT_STORAGE, 0, SRR1_ISI_KEY);
    expect(translate(0xc000n, ACCESS_WRITE)).toBe(true);
    expect(out.exec).toBe(false);
  });
});
