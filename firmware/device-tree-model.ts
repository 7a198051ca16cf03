// A mutable device tree in memory: the tree the Open Firmware client interface walks and edits
// (finddevice, getprop, setprop) and CAS rewrites, parsed from a flattened device tree and
// serialised back to one. Every node has a phandle, assigned as QEMU's VOF assigns them: a node
// keeps the blob's "phandle" (or "linux,phandle") value; every other node, in tree order, gets
// the next number above the largest in the blob, recorded in a "phandle" property so that a tree
// flattened from the client's walk carries the same handles.

import { FdtBuilder, FdtError } from "./fdt.ts";
import { parseFdt, type FdtNode } from "./fdt-reader.ts";

/** Property names fdt.ts can write. */
const PROPERTY_NAME = /^[A-Za-z0-9,._+?#-]+$/;
const PHANDLE_PROPERTIES = ["phandle", "linux,phandle"];
const utf8 = new TextDecoder();

export interface MemoryReservation {
  address: number;
  size: number;
}

export class DeviceTreeNode {
  /** Properties in the order they were added: nextprop walks them in this order. */
  readonly properties = new Map<string, Uint8Array>();
  readonly children: DeviceTreeNode[] = [];

  constructor(
    /** The full node name, "name@unit-address"; "" for the root. */
    readonly name: string,
    readonly parent: DeviceTreeNode | undefined,
    readonly phandle: number,
  ) {}

  /** The name without its unit address. */
  get baseName(): string {
    const at = this.name.indexOf("@");
    return at < 0 ? this.name : this.name.slice(0, at);
  }

  get unitAddress(): string | undefined {
    const at = this.name.indexOf("@");
    return at < 0 ? undefined : this.name.slice(at + 1);
  }

  get path(): string {
    if (!this.parent) return "/";
    const parentPath = this.parent.path;
    return `${parentPath === "/" ? "" : parentPath}/${this.name}`;
  }
}

/** Whether a client or CAS may set a property of this name: one fdt.ts can write, and not a phandle, which the model owns. */
export function canSetProperty(name: string): boolean {
  return PROPERTY_NAME.test(name) && !PHANDLE_PROPERTIES.includes(name);
}

export class DeviceTreeModel {
  private readonly nodesByPhandle = new Map<number, DeviceTreeNode>();
  private lastPhandle: number;
  readonly root: DeviceTreeNode;

  private constructor(
    fdtRoot: FdtNode,
    /** The memory reservation block, written back by toFdt(). */
    readonly reservations: MemoryReservation[],
    public bootCpuid: number,
  ) {
    this.lastPhandle = Math.max(0, ...collectPhandles(fdtRoot));
    this.root = this.adopt(fdtRoot, undefined);
  }

  static fromFdt(blob: Uint8Array): DeviceTreeModel {
    const fdt = parseFdt(blob);
    const reservations = fdt.reservations.map((r) => {
      const address = Number(r.address), size = Number(r.size);
      if (!Number.isSafeInteger(address + size)) throw new FdtError(`reservation at 0x${r.address.toString(16)} is beyond 2^53`);
      return { address, size };
    });
    return new DeviceTreeModel(fdt.root, reservations, fdt.bootCpuid);
  }

  nodeByPhandle(phandle: number): DeviceTreeNode | undefined {
    return this.nodesByPhandle.get(phandle);
  }

  /** The node a device specifier names, or undefined. See resolve(). */
  find(specifier: string): DeviceTreeNode | undefined {
    return this.resolve(specifier)?.node;
  }

  /**
   * Resolves a device specifier as Open Firmware does (IEEE 1275 §4.3.1): a path from "/", or an
   * alias from /aliases followed by more path. Each component is "name@unit:args"; the name alone
   * matches the first child of that name (as libfdt's "memory" finds "memory@0"), "@unit" alone
   * matches any name, and unit addresses compare as text with hex case and leading zeros ignored.
   * The arguments of the last component come back with the node.
   */
  resolve(specifier: string): { node: DeviceTreeNode; args: string } | undefined {
    let path = specifier;
    if (!path.startsWith("/")) {
      const end = path.search(/[/:]/);
      const alias = end < 0 ? path : path.slice(0, end);
      const target = this.find("/aliases")?.properties.get(alias);
      const targetPath = target && utf8.decode(target).replace(/\0+$/, "");
      if (!targetPath?.startsWith("/")) return undefined;
      path = targetPath + (end < 0 ? "" : path.slice(end));
    }
    let node = this.root;
    let args = "";
    for (const component of path.split("/")) {
      if (component === "") continue;
      const colon = component.indexOf(":");
      args = colon < 0 ? "" : component.slice(colon + 1);
      const child = matchChild(node, colon < 0 ? component : component.slice(0, colon));
      if (!child) return undefined;
      node = child;
    }
    return { node, args };
  }

  /** Add a node under `parent` with the next free phandle. */
  addNode(parent: DeviceTreeNode, name: string): DeviceTreeNode {
    if (parent.children.some((c) => c.name === name)) throw new FdtError(`duplicate node ${name} under ${parent.path}`);
    const node = new DeviceTreeNode(name, parent, ++this.lastPhandle);
    node.properties.set("phandle", u32Bytes(node.phandle));
    parent.children.push(node);
    this.nodesByPhandle.set(node.phandle, node);
    return node;
  }

  removeNode(node: DeviceTreeNode): void {
    if (!node.parent) throw new FdtError("the root node cannot be removed");
    node.parent.children.splice(node.parent.children.indexOf(node), 1);
    const forget = (n: DeviceTreeNode) => {
      this.nodesByPhandle.delete(n.phandle);
      n.children.forEach(forget);
    };
    forget(node);
  }

  setProperty(node: DeviceTreeNode, name: string, value: Uint8Array): void {
    if (!canSetProperty(name)) throw new FdtError(`property "${name}" cannot be set in ${node.path}`);
    node.properties.set(name, value);
  }

  toFdt(): Uint8Array {
    const fdt = new FdtBuilder();
    for (const r of this.reservations) fdt.addReservation(r.address, r.size);
    const emit = (node: DeviceTreeNode) => {
      fdt.beginNode(node.name);
      for (const [name, value] of node.properties) fdt.propBytes(name, value);
      node.children.forEach(emit);
      fdt.endNode();
    };
    emit(this.root);
    return fdt.finish({ bootCpuid: this.bootCpuid });
  }

  /** Builds the model node for `source` and its subtree, in tree order so generated phandles follow VOF's. */
  private adopt(source: FdtNode, parent: DeviceTreeNode | undefined): DeviceTreeNode {
    const explicit = explicitPhandle(source);
    const node = new DeviceTreeNode(source.name, parent, explicit ?? ++this.lastPhandle);
    const clash = this.nodesByPhandle.get(node.phandle);
    if (clash) throw new FdtError(`phandle 0x${node.phandle.toString(16)} is on both ${clash.path} and ${node.path}`);
    this.nodesByPhandle.set(node.phandle, node);
    for (const [name, value] of source.props) node.properties.set(name, value);
    if (!node.properties.has("phandle")) node.properties.set("phandle", u32Bytes(node.phandle));
    for (const child of source.children) node.children.push(this.adopt(child, node));
    return node;
  }
}

function matchChild(parent: DeviceTreeNode, component: string): DeviceTreeNode | undefined {
  const exact = parent.children.find((c) => c.name === component);
  if (exact) return exact;
  const at = component.indexOf("@");
  const name = at < 0 ? component : component.slice(0, at);
  const unit = at < 0 ? undefined : component.slice(at + 1);
  return parent.children.find((c) => {
    if (name !== "" && c.baseName !== name) return false;
    if (unit === undefined) return true;
    return c.unitAddress !== undefined && sameUnitAddress(c.unitAddress, unit);
  });
}

/** Unit addresses are comma-separated hex numbers in text: "71000000" and "071000000" are one address. */
function sameUnitAddress(a: string, b: string): boolean {
  const normalise = (unit: string) =>
    unit.split(",").map((part) => (/^[0-9a-f]+$/i.test(part) ? part.toLowerCase().replace(/^0+(?=.)/, "") : part)).join(",");
  return normalise(a) === normalise(b);
}

function explicitPhandle(node: FdtNode): number | undefined {
  for (const name of PHANDLE_PROPERTIES) {
    const value = node.props.get(name);
    if (!value) continue;
    const phandle = value.length === 4 ? new DataView(value.buffer, value.byteOffset).getUint32(0) : 0;
    if (phandle === 0 || phandle === 0xffffffff) throw new FdtError(`node "${node.name}" has an invalid ${name}`);
    return phandle;
  }
  return undefined;
}

function collectPhandles(node: FdtNode): number[] {
  const own = explicitPhandle(node);
  return [...(own === undefined ? [] : [own]), ...node.children.flatMap(collectPhandles)];
}

export function u32Bytes(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value >>> 0);
  return bytes;
}
