// Flattened device tree (DTB) reader: turns a blob (ours, dtc's, or a user's -dtb) into a tree of
// nodes with raw property values. Malformed blobs fail with an FdtError naming the problem.
import {
  FDT_BEGIN_NODE,
  FDT_END,
  FDT_END_NODE,
  FDT_HEADER_SIZE,
  FDT_MAGIC,
  FDT_NOP,
  FDT_PROP,
  FDT_VERSION,
  FdtError,
} from "./fdt.ts";

export interface FdtNode {
  name: string;
  props: Map<string, Uint8Array>;
  children: FdtNode[];
}

export interface FdtReservation {
  address: bigint;
  size: bigint;
}

export interface ParsedFdt {
  version: number;
  lastCompatibleVersion: number;
  bootCpuid: number;
  reservations: FdtReservation[];
  root: FdtNode;
}

const utf8 = new TextDecoder();
const hex = (n: number) => `0x${n.toString(16)}`;

export function parseFdt(blob: Uint8Array): ParsedFdt {
  if (blob.length < FDT_HEADER_SIZE) {
    throw new FdtError(`truncated: ${blob.length} bytes is shorter than the ${FDT_HEADER_SIZE}-byte header`);
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const field = (index: number) => view.getUint32(index * 4);
  if (field(0) !== FDT_MAGIC) throw new FdtError(`bad magic ${hex(field(0))} (expected ${hex(FDT_MAGIC)})`);
  const [totalSize, structOffset, stringsOffset, reservationsOffset, version, lastCompatibleVersion, bootCpuid] =
    [1, 2, 3, 4, 5, 6, 7].map(field) as [number, number, number, number, number, number, number];
  if (totalSize > blob.length) throw new FdtError(`totalsize ${totalSize} exceeds the ${blob.length}-byte blob`);
  if (version < 16) throw new FdtError(`version ${version} is older than 16, the oldest this reader knows`);
  if (lastCompatibleVersion > FDT_VERSION) {
    throw new FdtError(`last compatible version ${lastCompatibleVersion} is newer than ${FDT_VERSION}`);
  }

  const block = (name: string, offset: number, size: number) => {
    if (offset + size > totalSize) {
      throw new FdtError(`${name} (${size} bytes at ${hex(offset)}) runs past totalsize ${totalSize}`);
    }
    return { start: offset, end: offset + size };
  };
  const strings = block("strings block", stringsOffset, field(8));
  // Version 16 headers have no size_dt_struct; the block then runs at most to the end of the blob.
  const struct = block("structure block", structOffset, version >= 17 ? field(9) : totalSize - structOffset);

  return {
    version,
    lastCompatibleVersion,
    bootCpuid,
    reservations: readReservations(view, reservationsOffset, totalSize),
    root: readStructure(blob, view, struct, strings),
  };
}

function readReservations(view: DataView, offset: number, totalSize: number): FdtReservation[] {
  const reservations: FdtReservation[] = [];
  for (let at = offset; ; at += 16) {
    if (at + 16 > totalSize) throw new FdtError("memory reservation block has no terminating entry");
    const address = view.getBigUint64(at);
    const size = view.getBigUint64(at + 8);
    if (address === 0n && size === 0n) return reservations;
    reservations.push({ address, size });
  }
}

function readStructure(
  blob: Uint8Array,
  view: DataView,
  struct: { start: number; end: number },
  strings: { start: number; end: number },
): FdtNode {
  /** Offset of the NUL ending the text at `at`, which must come before `limit`. */
  const nulAfter = (at: number, limit: number, what: string) => {
    const nul = blob.subarray(at, limit).indexOf(0);
    if (nul < 0) throw new FdtError(`${what} at ${hex(at)} is not NUL-terminated`);
    return at + nul;
  };
  // Tokens are 4-byte aligned relative to the start of the structure block.
  const align4 = (at: number) => struct.start + ((at - struct.start + 3) & ~3);

  const open: FdtNode[] = [];
  let root: FdtNode | undefined;
  let at = struct.start;
  const u32 = () => {
    if (at + 4 > struct.end) throw new FdtError("structure block ends without FDT_END");
    const value = view.getUint32(at);
    at += 4;
    return value;
  };

  for (;;) {
    const tokenAt = at;
    const token = u32();
    switch (token) {
      case FDT_BEGIN_NODE: {
        const nameEnd = nulAfter(at, struct.end, "node name");
        const name = utf8.decode(blob.subarray(at, nameEnd));
        at = align4(nameEnd + 1);
        const node: FdtNode = { name, props: new Map(), children: [] };
        const parent = open.at(-1);
        if (parent) parent.children.push(node);
        else if (root) throw new FdtError(`a second root node at ${hex(tokenAt)}`);
        else root = node;
        open.push(node);
        break;
      }
      case FDT_END_NODE:
        if (!open.pop()) throw new FdtError(`FDT_END_NODE at ${hex(tokenAt)} without a matching FDT_BEGIN_NODE`);
        break;
      case FDT_PROP: {
        const length = u32();
        const nameOffset = u32();
        const node = open.at(-1);
        if (!node) throw new FdtError(`property at ${hex(tokenAt)} outside any node`);
        if (at + length > struct.end) throw new FdtError(`property value at ${hex(at)} runs past the structure block`);
        if (nameOffset >= strings.end - strings.start) {
          throw new FdtError(`property name offset ${nameOffset} is outside the strings block`);
        }
        const nameAt = strings.start + nameOffset;
        const name = utf8.decode(blob.subarray(nameAt, nulAfter(nameAt, strings.end, "property name")));
        if (node.props.has(name)) throw new FdtError(`duplicate property ${name} in node "${node.name}"`);
        node.props.set(name, blob.slice(at, at + length));
        at = align4(at + length);
        break;
      }
      case FDT_NOP:
        break;
      case FDT_END:
        if (open.length > 0) throw new FdtError(`FDT_END inside node "${open.at(-1)!.name}"`);
        if (!root) throw new FdtError("no root node");
        return root;
      default:
        throw new FdtError(`unknown token ${hex(token)} at ${hex(tokenAt)}`);
    }
  }
}

/**
 * The node at an absolute path such as "/cpus/PowerPC,POWER9@0". As in libfdt, a path component
 * without a unit address also matches a node that has one ("memory" finds "memory@0").
 */
export function findNode(root: FdtNode, path: string): FdtNode | undefined {
  let node: FdtNode | undefined = root;
  for (const part of path.split("/").filter((p) => p !== "")) {
    node = node.children.find((c) => c.name === part) ?? node.children.find((c) => !part.includes("@") && c.name.startsWith(`${part}@`));
    if (!node) return undefined;
  }
  return node;
}

export function getU32(node: FdtNode, name: string): number | undefined {
  const value = node.props.get(name);
  if (value === undefined) return undefined;
  if (value.length !== 4) throw new FdtError(`property ${name} is ${value.length} bytes, not a single u32`);
  return new DataView(value.buffer, value.byteOffset).getUint32(0);
}

export function getStrings(node: FdtNode, name: string): string[] | undefined {
  const value = node.props.get(name);
  if (value === undefined) return undefined;
  if (value.at(-1) !== 0) throw new FdtError(`property ${name} is not a NUL-terminated string list`);
  return utf8.decode(value.subarray(0, -1)).split("\0");
}

export function getString(node: FdtNode, name: string): string | undefined {
  const list = getStrings(node, name);
  if (list && list.length !== 1) throw new FdtError(`property ${name} holds ${list.length} strings, not one`);
  return list?.[0];
}
