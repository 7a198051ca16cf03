// Flattened device tree (DTB) writer: version 17, last compatible 16, big-endian, laid out as dtc
// does (header, memory reservation block, structure block, strings block), so its output can be
// compared byte for byte with dtc's.

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_VERSION = 17;
export const FDT_LAST_COMPATIBLE_VERSION = 16;
export const FDT_HEADER_SIZE = 40;
export const FDT_BEGIN_NODE = 1;
export const FDT_END_NODE = 2;
export const FDT_PROP = 3;
export const FDT_NOP = 4;
export const FDT_END = 9;

export class FdtError extends Error {
  override name = "FdtError";
}

const NODE_NAME = /^[A-Za-z0-9,._+-]+(@[A-Za-z0-9,._+-]+)?$/;
const PROPERTY_NAME = /^[A-Za-z0-9,._+?#-]+$/;
const U64_LIMIT = 1n << 64n;
const utf8 = new TextEncoder();

/** Append-only big-endian byte buffer. */
class ByteSink {
  private bytes = new Uint8Array(256);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  private reserve(extra: number): number {
    const at = this.length;
    if (at + extra > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, at + extra));
      grown.set(this.bytes.subarray(0, at));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length += extra;
    return at;
  }

  // Reserve before touching this.view or this.bytes: reserving may replace them.
  u32(value: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, value);
  }

  u64(value: bigint): void {
    const at = this.reserve(8);
    this.view.setBigUint64(at, value);
  }

  append(data: Uint8Array): void {
    const at = this.reserve(data.length);
    this.bytes.set(data, at);
  }

  /** Zero-pads to a multiple of 4, as the structure block requires after names and values. */
  align4(): void {
    this.reserve((4 - (this.length % 4)) % 4);
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

interface OpenNode {
  name: string;
  propertyNames: Set<string>;
  childNames: Set<string>;
}

function checkU32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new FdtError(`${what}: ${value} is not a 32-bit unsigned integer`);
  }
  return value;
}

function checkU64(value: number | bigint, what: string): bigint {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new FdtError(`${what}: ${value} is not an exact integer; pass a bigint`);
  }
  const big = BigInt(value);
  if (big < 0n || big >= U64_LIMIT) throw new FdtError(`${what}: ${value} is not a 64-bit unsigned integer`);
  return big;
}

function encodeString(value: string, what: string): Uint8Array {
  if (value.includes("\0")) throw new FdtError(`${what}: strings cannot contain NUL`);
  return utf8.encode(`${value}\0`);
}

/**
 * Builds a DTB by walking the tree in order: beginNode, its properties, its children, endNode.
 * Mistakes in that walk (unbalanced nodes, duplicate names, properties after children, illegal
 * characters) throw FdtError at the call that makes them.
 */
export class FdtBuilder {
  private readonly struct = new ByteSink();
  private readonly strings = new ByteSink();
  /** The strings block as text, to find an existing name (or a name it ends with) to share. */
  private stringsText = "";
  private readonly reservations: [bigint, bigint][] = [];
  private readonly open: OpenNode[] = [];
  private rootSeen = false;
  private finished = false;

  beginNode(name: string): void {
    this.checkNotFinished();
    const parent = this.open.at(-1);
    if (!parent) {
      if (this.rootSeen) throw new FdtError("a second root node; a device tree has exactly one");
      if (name !== "") throw new FdtError(`the root node must be named "" (got "${name}")`);
      this.rootSeen = true;
    } else {
      if (!NODE_NAME.test(name)) throw new FdtError(`illegal node name "${name}" in ${this.path()}`);
      if (parent.childNames.has(name)) throw new FdtError(`duplicate node ${this.path(name)}`);
      parent.childNames.add(name);
    }
    this.open.push({ name, propertyNames: new Set(), childNames: new Set() });
    this.struct.u32(FDT_BEGIN_NODE);
    this.struct.append(utf8.encode(`${name}\0`));
    this.struct.align4();
  }

  endNode(): void {
    this.checkNotFinished();
    if (!this.open.pop()) throw new FdtError("endNode without a matching beginNode");
    this.struct.u32(FDT_END_NODE);
  }

  propU32(name: string, value: number): void {
    this.propU32s(name, [value]);
  }

  propU32s(name: string, values: readonly number[]): void {
    const data = new DataView(new ArrayBuffer(values.length * 4));
    values.forEach((v, i) => data.setUint32(i * 4, checkU32(v, `property ${name}`)));
    this.prop(name, new Uint8Array(data.buffer));
  }

  propU64s(name: string, values: readonly (number | bigint)[]): void {
    const data = new DataView(new ArrayBuffer(values.length * 8));
    values.forEach((v, i) => data.setBigUint64(i * 8, checkU64(v, `property ${name}`)));
    this.prop(name, new Uint8Array(data.buffer));
  }

  propString(name: string, value: string): void {
    this.prop(name, encodeString(value, `property ${name}`));
  }

  /** A string list, e.g. compatible = "a", "b": each string NUL-terminated, back to back. */
  propStrings(name: string, values: readonly string[]): void {
    const data = new ByteSink();
    for (const value of values) data.append(encodeString(value, `property ${name}`));
    this.prop(name, data.result());
  }

  propBytes(name: string, bytes: Uint8Array): void {
    this.prop(name, bytes);
  }

  /** A boolean property: present with no value. */
  propEmpty(name: string): void {
    this.prop(name, new Uint8Array(0));
  }

  addReservation(address: number | bigint, size: number | bigint): void {
    this.checkNotFinished();
    const start = checkU64(address, "reservation address");
    const length = checkU64(size, "reservation size");
    // A zero-sized entry would read as the block's terminator.
    if (length === 0n) throw new FdtError(`reservation at 0x${start.toString(16)} has size 0`);
    this.reservations.push([start, length]);
  }

  finish(opts: { bootCpuid: number }): Uint8Array {
    this.checkNotFinished();
    if (this.open.length > 0) throw new FdtError(`node ${this.path()} was never ended`);
    if (!this.rootSeen) throw new FdtError("empty tree: no root node");
    this.finished = true;
    this.struct.u32(FDT_END);

    const reservationsOffset = FDT_HEADER_SIZE; // already 8-byte aligned, as the block requires
    const structOffset = reservationsOffset + (this.reservations.length + 1) * 16;
    const stringsOffset = structOffset + this.struct.length;
    const totalSize = stringsOffset + this.strings.length;

    const out = new ByteSink();
    for (const field of [
      FDT_MAGIC,
      totalSize,
      structOffset,
      stringsOffset,
      reservationsOffset,
      FDT_VERSION,
      FDT_LAST_COMPATIBLE_VERSION,
      checkU32(opts.bootCpuid, "bootCpuid"),
      this.strings.length,
      this.struct.length,
    ]) {
      out.u32(field);
    }
    for (const [address, size] of this.reservations) {
      out.u64(address);
      out.u64(size);
    }
    out.u64(0n); // terminator entry
    out.u64(0n);
    out.append(this.struct.result());
    out.append(this.strings.result());
    return out.result();
  }

  private prop(name: string, value: Uint8Array): void {
    this.checkNotFinished();
    const node = this.open.at(-1);
    if (!node) throw new FdtError(`property ${name} outside any node`);
    if (!PROPERTY_NAME.test(name)) throw new FdtError(`illegal property name "${name}" in ${this.path()}`);
    if (node.propertyNames.has(name)) throw new FdtError(`duplicate property ${name} in ${this.path()}`);
    if (node.childNames.size > 0) {
      throw new FdtError(`property ${name} in ${this.path()} comes after a child node; properties must come first`);
    }
    node.propertyNames.add(name);
    this.struct.u32(FDT_PROP);
    this.struct.u32(value.length);
    this.struct.u32(this.nameOffset(name));
    this.struct.append(value);
    this.struct.align4();
  }

  /** Offset of `name` in the strings block, sharing an existing string or tail of one (as dtc and libfdt do). */
  private nameOffset(name: string): number {
    const existing = this.stringsText.indexOf(`${name}\0`);
    if (existing >= 0) return existing;
    const offset = this.strings.length;
    this.strings.append(utf8.encode(`${name}\0`));
    this.stringsText += `${name}\0`;
    return offset;
  }

  private path(child?: string): string {
    const names = this.open.slice(1).map((n) => n.name);
    if (child !== undefined) names.push(child);
    return `/${names.join("/")}`;
  }

  private checkNotFinished(): void {
    if (this.finished) throw new FdtError("the tree is already finished");
  }
}
