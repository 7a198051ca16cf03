// ibm,client-architecture-support (LoPAR B.5): the format of the architecture vector a client
// (Linux's prom_init) passes, read from guest memory, and of the option-vector-5 properties the
// platform publishes in /chosen. The policy (which compat mode, which MMU) lives in the machine.
//
// The vector at the client's address (LoPAR B.5.2; QEMU spapr_hcall.c/spapr_ovec.c read it so):
//   1. a PVR list: big-endian (mask, value) word pairs. The list ends with a pair whose value has
//      bits outside its mask; that pair is a terminator, not a candidate (Linux's last pair,
//      mask 0xfffffffe value 0x0f000001, is both "ISA 2.04 and earlier" and the terminator).
//   2. one byte: the number of option vectors minus 1.
//   3. each option vector: a length byte (its bytes, the length byte excluded, minus 1), then
//      its bytes. "Byte n" of a vector in LoPAR and in Linux's OV5_* is the n-th byte after the
//      length byte, counting from 1.

/** Guest memory as CAS reads it: real addresses from 0 up to size. ClientMemory satisfies it. */
export interface CasMemory {
  readonly size: number;
  read(address: number, length: number): Uint8Array;
}

export interface PvrMatch {
  mask: number;
  value: number;
}

export interface ArchitectureVector {
  /** The PVR list, without its terminator. */
  pvrs: PvrMatch[];
  /** Option vectors by number (1-based), each without its length byte: index 0 is byte 1. */
  vectors: Map<number, Uint8Array>;
}

/** QEMU reads at most this many PVR pairs looking for the terminator (cas_check_pvr). */
const MAX_PVRS = 512;
/** CAS reads no option vector beyond vector 5, so a malformed later vector does not matter (as in QEMU). */
const LAST_VECTOR_READ = 5;

/**
 * The architecture vector at `address`, or undefined when it is malformed: a PVR list or an
 * option vector that runs past memory, or no terminator in MAX_PVRS pairs.
 */
export function parseArchitectureVector(memory: CasMemory, address: number): ArchitectureVector | undefined {
  const read = (at: number, length: number) => (at >= 0 && at + length <= memory.size ? memory.read(at, length) : undefined);
  const pvrs: PvrMatch[] = [];
  let at = address;
  for (let terminated = false; !terminated; at += 8) {
    const pair = read(at, 8);
    if (!pair || pvrs.length === MAX_PVRS) return undefined;
    const view = new DataView(pair.buffer, pair.byteOffset, 8);
    const mask = view.getUint32(0), value = view.getUint32(4);
    terminated = (value & ~mask) !== 0;
    if (!terminated) pvrs.push({ mask, value });
  }
  const count = read(at++, 1);
  if (!count) return undefined;
  const vectors = new Map<number, Uint8Array>();
  for (let n = 1; n <= Math.min(count[0] + 1, LAST_VECTOR_READ); n++) {
    const length = read(at++, 1);
    const bytes = length && read(at, length[0] + 1);
    if (!bytes) return undefined;
    vectors.set(n, bytes.slice());
    at += bytes.length;
  }
  return { pvrs, vectors };
}

/** One option-vector-5 feature: its byte (1-based, as LoPAR and Linux's OV5_INDX count) and bits. */
export interface Ov5Feature {
  byte: number;
  bits: number;
}

/**
 * The option vector 5 features CAS decides (Linux arch/powerpc/include/asm/prom.h OV5_*, QEMU
 * spapr_ovec.h). Bytes QEMU also negotiates and spar does not offer, for lack of the function:
 * 2 DRCONF_MEMORY 0x20, 5 FORM1/FORM2 NUMA affinity 0x80/0x20, 6 HP_EVT 0x04 and HPT resizing
 * 0x01, 22 DRMEM_V2 0x80.
 */
export const OV5 = {
  /** Byte 23, interrupt controller: 0x40 XIVE exploitation; 0x00 XICS (legacy). */
  XIVE_EXPLOIT: { byte: 23, bits: 0x40 },
  /** Byte 23 0x80, "either mode": a platform offer; a client asking it is invalid. */
  XIVE_EITHER: { byte: 23, bits: 0x80 },
  /** Byte 24, MMU: 0x40 radix; 0x00 hash. */
  MMU_RADIX: { byte: 24, bits: 0x40 },
  /** Byte 24 0x80, "hash or radix": a platform offer; a client asking it is invalid. */
  MMU_EITHER: { byte: 24, bits: 0x80 },
  /** Byte 26 0x40: guest translation shootdown (tlbie from the guest) under radix. */
  RADIX_GTSE: { byte: 26, bits: 0x40 },
} as const satisfies Record<string, Ov5Feature>;

/** Whether the vector (index 0 = byte 1) has every bit of the feature; a short vector lacks it. */
export function hasFeature(vector: Uint8Array, feature: Ov5Feature): boolean {
  return ((vector[feature.byte - 1] ?? 0) & feature.bits) === feature.bits;
}

/** A vector with exactly these features set. */
export function vectorOf(features: readonly Ov5Feature[]): Uint8Array {
  const vector = new Uint8Array(Math.max(0, ...features.map((f) => f.byte)));
  for (const f of features) vector[f.byte - 1] |= f.bits;
  return vector;
}

/** Bytes set in both: the negotiated vector (QEMU's spapr_ovec_intersect), as long as the shorter. */
export function intersect(a: Uint8Array, b: Uint8Array): Uint8Array {
  return Uint8Array.from({ length: Math.min(a.length, b.length) }, (_, i) => a[i] & b[i]);
}

/**
 * A vector as a /chosen property (ibm,architecture-vec-5), in QEMU's spapr_ovec_populate_dt
 * format: the length byte (bytes - 1), then the vector up to its last nonzero byte, at least one
 * byte. Property byte n is then vector byte n, which is how Linux's firmware_has_feature and
 * early_check_vec5 index it.
 */
export function vectorProperty(vector: Uint8Array): Uint8Array {
  let length = vector.length;
  while (length > 1 && vector[length - 1] === 0) length--;
  const bytes = new Uint8Array(Math.max(1, length) + 1);
  bytes[0] = bytes.length - 2;
  bytes.set(vector.subarray(0, length), 1);
  return bytes;
}

/** What the platform offers in option vector 5, published before CAS so the client knows what to ask. */
export interface PlatformSupport {
  /** Byte 23: 0x00 XICS only, 0x40 XIVE only, 0x80 either. */
  interruptController: number;
  /** Byte 24: 0x00 hash only, 0x40 radix only, 0x80 either, 0xc0 either and switchable later. */
  mmu: number;
  /** Byte 26: 0x40 GTSE under radix. */
  radixExtensions: number;
}

/**
 * /chosen ibm,arch-vec-5-platform-support: (byte number, value) pairs, the four QEMU writes
 * (spapr_dt_ov5_platform_support); byte 25 (hash extensions: segment tables, hash GTSE) is
 * always 0. Linux's prom_check_platform_support builds its OV5 request from these.
 */
export function platformSupportProperty(offer: PlatformSupport): Uint8Array {
  return Uint8Array.from([23, offer.interruptController, 24, offer.mmu, 25, 0x00, 26, offer.radixExtensions]);
}
