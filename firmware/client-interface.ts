// The Open Firmware client interface (IEEE 1275 §6.3.2, called as the PowerPC binding says),
// served by the VMM as QEMU's VOF serves it: the client's entry point is a stub that hands its
// argument array to the hypervisor (entry-stub.ts), and every service runs here over a
// DeviceTreeModel. The array is 32-bit big-endian cells at a guest real address:
// {service-name pointer, nargs, nret, args[nargs], rets[nret]}. Services fail as IEEE 1275 says,
// mostly with -1 in the first result; guest pointers and lengths are checked, never trusted.

import { canSetProperty, type DeviceTreeModel, type DeviceTreeNode, u32Bytes } from "./device-tree-model.ts";
import { RTAS_ENTRY_STUB } from "./entry-stub.ts";

/** Guest memory as the client interface reaches it: real addresses from 0 up to size. */
export interface ClientMemory {
  readonly size: number;
  read(address: number, length: number): Uint8Array;
  write(address: number, bytes: Uint8Array): void;
}

/** The console behind the stdout and stdin instances. */
export interface ClientConsole {
  write(bytes: Uint8Array): void;
  /** Up to `max` bytes of pending input, possibly none. */
  read(max: number): Uint8Array;
}

export interface AddressRange {
  start: number;
  size: number;
}

export interface ClientInterfaceOptions {
  memory: ClientMemory;
  console: ClientConsole;
  /** The images the machine loaded (firmware area, kernel, initrd): never claimable or releasable. */
  images: readonly AddressRange[];
  /** Claims that leave the address to the firmware (align != 0) stay below this: the real mode area. */
  realModeLimit: number;
  milliseconds(): number;
  logOnce(what: string): void;
  /** ibm,client-architecture-support with the client's vector at this address; the result goes back to the client. Absent: the method is unimplemented. */
  cas?(vectorAddress: number): number;
  /** The client is done with the firmware: the tree it flattened is final. */
  quiesce?(): void;
  exit(): void;
}

const PROM_ERROR = -1;
/** read's answer when the console has no input yet, as IEEE 1275 serial devices (and SLOF) answer. */
const NO_INPUT_YET = -2;
/** Larger argument arrays fail the hypercall. The PowerPC binding's clients use at most 10 cells. */
const MAX_ARGS = 64;
const MAX_RETS = 64;
/** Longest strings read from the client, NUL included: service names as VOF, then paths and names. */
const SERVICE_NAME_MAX = 64;
const STRING_MAX = 256;
const SETPROP_MAX = 0x10000;
const FOUR_GIB = 0x1_0000_0000;
const CAS_METHOD = "ibm,client-architecture-support";

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

/**
 * Claimed and reserved real memory, with VOF's rules. A claim at a fixed address (align 0) must
 * lie in RAM and overlap nothing claimed or reserved. A claim that leaves the address to the
 * firmware takes the lowest aligned free range above the client's images and every current claim
 * (VOF's claimed_base), below the real-mode limit: the kernel copies itself down over the memory
 * below it once it is done with the client interface.
 */
export class MemoryClaims {
  private readonly claimed: AddressRange[] = [];
  private readonly reserved: AddressRange[] = [];
  private imagesEnd = 0;

  constructor(
    /** The RAM ranges of /memory; aligned claims use the first, the real mode area. */
    private readonly ram: readonly AddressRange[],
    private readonly realModeLimit: number,
  ) {}

  /** Memory the firmware keeps (the memory reservation block): never claimable. */
  reserve(range: AddressRange): void {
    this.reserved.push(range);
  }

  /** A loaded image (firmware area, kernel, initrd): reserved, and aligned claims go above it. */
  reserveImage(range: AddressRange): void {
    this.reserve(range);
    this.imagesEnd = Math.max(this.imagesEnd, range.start + range.size);
  }

  /** The claimed base address, or -1. */
  claim(address: number, size: number, align: number): number {
    if (size === 0) return PROM_ERROR;
    if (align === 0) {
      const inRam = this.ram.some((r) => address >= r.start && address + size <= r.start + r.size);
      return inRam && !this.overlapping(address, size) ? this.take(address, size) : PROM_ERROR;
    }
    const area = this.ram[0];
    if (!area) return PROM_ERROR;
    const limit = Math.min(this.realModeLimit, FOUR_GIB, area.start + area.size);
    const floor = Math.max(area.start, this.imagesEnd, ...this.claimed.map((c) => c.start + c.size));
    let at = alignUp(floor, align);
    while (at + size <= limit) {
      const clash = this.overlapping(at, size);
      if (!clash) return this.take(at, size);
      at = alignUp(clash.start + clash.size, align);
    }
    return PROM_ERROR;
  }

  /** Release exactly one earlier claim; false if there is none at that address and size. */
  release(address: number, size: number): boolean {
    const index = this.claimed.findIndex((c) => c.start === address && c.size === size);
    if (index < 0) return false;
    this.claimed.splice(index, 1);
    return true;
  }

  /** RAM that is neither claimed nor reserved, in address order. */
  available(): AddressRange[] {
    const busy = [...this.reserved, ...this.claimed].sort((a, b) => a.start - b.start);
    const free: AddressRange[] = [];
    for (const range of this.ram) {
      const end = range.start + range.size;
      let at = range.start;
      for (const b of busy) {
        if (b.start + b.size <= at || b.start >= end) continue;
        if (b.start > at) free.push({ start: at, size: b.start - at });
        at = b.start + b.size;
      }
      if (at < end) free.push({ start: at, size: end - at });
    }
    return free;
  }

  private take(start: number, size: number): number {
    this.claimed.push({ start, size });
    return start;
  }

  private overlapping(start: number, size: number): AddressRange | undefined {
    return [...this.reserved, ...this.claimed].find((r) => start < r.start + r.size && r.start < start + size);
  }
}

function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

/** An open device: the package and the arguments it was opened with. */
interface Instance {
  node: DeviceTreeNode;
  args: string;
}

interface Service {
  nargs: number;
  nret: number;
  /** call-method and interpret take at least nargs arguments and nret results; the rest must match exactly (nret 0: any). */
  variadic?: boolean;
  run(args: readonly number[]): number[];
}

export class ClientInterface {
  readonly claims: MemoryClaims;
  private readonly memory: ClientMemory;
  private readonly instances = new Map<number, Instance>();
  private lastIhandle = 0;
  /** Where the client instantiated RTAS (instantiate-rtas), once it has: the platform's RTAS area. */
  rtasBase: number | undefined;
  private readonly services: ReadonlyMap<string, Service>;
  /** The node /chosen's stdout-path names: the stdout and stdin instances, and write and read, go to the console. */
  private readonly consoleNode: DeviceTreeNode | undefined;
  /** The node whose "available" property tracks claims, as VOF keeps it on /memory@0. */
  private readonly memoryNode: DeviceTreeNode | undefined;
  private readonly addressCells: number;
  private readonly sizeCells: number;

  constructor(
    readonly tree: DeviceTreeModel,
    private readonly options: ClientInterfaceOptions,
  ) {
    this.memory = options.memory;
    // IEEE 1275 defaults when the root does not say.
    this.addressCells = cellProperty(tree.root, "#address-cells") ?? 2;
    this.sizeCells = cellProperty(tree.root, "#size-cells") ?? 1;
    this.memoryNode = tree.find("/memory");
    const reg = this.memoryNode?.properties.get("reg");
    this.claims = new MemoryClaims(reg ? this.decodeRanges(reg) : [], options.realModeLimit);
    for (const range of options.images) this.claims.reserveImage(range);
    for (const r of tree.reservations) this.claims.reserve({ start: r.address, size: r.size });
    this.publishAvailable();

    const chosen = tree.find("/chosen");
    const stdoutPath = chosen && (stringProperty(chosen, "stdout-path") ?? stringProperty(chosen, "linux,stdout-path"));
    const stdout = stdoutPath === undefined ? undefined : tree.resolve(stdoutPath);
    this.consoleNode = stdout?.node;
    if (chosen && stdout) {
      // Clients find the console through /chosen's ihandles, as SLOF and VOF provide them.
      tree.setProperty(chosen, "stdout", u32Bytes(this.openInstance(stdout.node, stdout.args)));
      tree.setProperty(chosen, "stdin", u32Bytes(this.openInstance(stdout.node, stdout.args)));
    }
    this.services = this.serviceTable();
  }

  /**
   * Serve the call whose argument array is at `blockAddress`, writing its results into the array.
   * False when the array itself is unusable (outside memory, too many cells, an unreadable
   * service name): the hypercall then fails and the client sees the call fail.
   */
  call(blockAddress: number): boolean {
    const header = this.cells(blockAddress, 3);
    if (!header) return false;
    const [servicePointer, nargs, nret] = header;
    if (nargs > MAX_ARGS || nret > MAX_RETS) return false;
    const args = this.cells(blockAddress + 12, nargs);
    const service = this.string(servicePointer, SERVICE_NAME_MAX);
    if (!args || service === undefined) return false;
    const rets = this.serve(service, args, nret);
    const out = new Uint8Array(nret * 4);
    const view = new DataView(out.buffer);
    for (let i = 0; i < nret; i++) view.setUint32(i * 4, (rets[i] ?? 0) >>> 0);
    return this.store(blockAddress + 12 + nargs * 4, out);
  }

  private serve(name: string, args: readonly number[], nret: number): number[] {
    const service = this.services.get(name);
    if (!service) {
      this.options.logOnce(`client interface service "${name}"`);
      return [PROM_ERROR];
    }
    const fits = service.variadic
      ? args.length >= service.nargs && nret >= service.nret
      : args.length === service.nargs && (service.nret === 0 || nret === service.nret);
    if (!fits) {
      this.options.logOnce(`client interface service "${name}" with ${args.length} arguments and ${nret} results`);
      return [PROM_ERROR];
    }
    return service.run(args);
  }

  private serviceTable(): Map<string, Service> {
    const s = (nargs: number, nret: number, run: Service["run"], variadic = false): Service => ({ nargs, nret, run, variadic });
    return new Map<string, Service>([
      // §6.3.2.1 Client interface
      ["test", s(1, 1, ([name]) => [this.services.has(this.string(name) ?? "") ? 0 : PROM_ERROR])],
      // §6.3.2.2 Device tree
      ["peer", s(1, 1, ([ph]) => [this.peer(ph)])],
      ["child", s(1, 1, ([ph]) => [this.tree.nodeByPhandle(ph)?.children[0]?.phandle ?? 0])],
      ["parent", s(1, 1, ([ph]) => [this.tree.nodeByPhandle(ph)?.parent?.phandle ?? 0])],
      ["instance-to-package", s(1, 1, ([ih]) => [this.instances.get(ih)?.node.phandle ?? PROM_ERROR])],
      ["getproplen", s(2, 1, ([ph, name]) => [this.property(ph, name)?.length ?? PROM_ERROR])],
      ["getprop", s(4, 1, ([ph, name, buf, buflen]) => [this.getprop(ph, name, buf, buflen)])],
      ["nextprop", s(3, 1, ([ph, previous, buf]) => [this.nextprop(ph, previous, buf)])],
      ["setprop", s(4, 1, ([ph, name, buf, len]) => [this.setprop(ph, name, buf, len)])],
      ["canon", s(3, 1, ([spec, buf, buflen]) => [this.canon(spec, buf, buflen)])],
      ["finddevice", s(1, 1, ([spec]) => [this.resolve(spec)?.node.phandle ?? PROM_ERROR])],
      ["instance-to-path", s(3, 1, ([ih, buf, buflen]) => [this.instanceToPath(ih, buf, buflen)])],
      ["package-to-path", s(3, 1, ([ph, buf, buflen]) => [this.packageToPath(ph, buf, buflen)])],
      ["call-method", s(2, 1, (args) => this.callMethod(args), true)],
      // §6.3.2.3 Device I/O
      ["open", s(1, 1, ([spec]) => [this.open(spec)])],
      ["close", s(1, 0, ([ih]) => {
        this.instances.delete(ih);
        return [];
      })],
      ["read", s(3, 1, ([ih, buf, len]) => [this.read(ih, buf, len)])],
      ["write", s(3, 1, ([ih, buf, len]) => [this.write(ih, buf, len)])],
      // §6.3.2.4 Memory
      ["claim", s(3, 1, ([virt, size, align]) => [this.claim(virt, size, align)])],
      ["release", s(2, 0, ([virt, size]) => [this.release(virt, size)])],
      // §6.3.2.5 Control transfer
      ["exit", s(0, 0, () => {
        this.options.exit();
        return [];
      })],
      // §6.3.2.6 User interface: no Forth here, so every command fails as if it threw.
      ["interpret", s(1, 1, ([cmd]) => {
        this.options.logOnce(`client interface interpret "${this.string(cmd) ?? "?"}"`);
        return [PROM_ERROR];
      }, true)],
      // §6.3.2.7 Time
      ["milliseconds", s(0, 1, () => [this.options.milliseconds()])],
      // PowerPC binding: the client takes over the machine.
      ["quiesce", s(0, 0, () => {
        this.options.quiesce?.();
        return [];
      })],
    ]);
  }

  // ---- Device tree

  /** peer(0) is the root, as IEEE 1275 defines it. Unknown phandles answer 0, ending a client's walk, as VOF does. */
  private peer(phandle: number): number {
    if (phandle === 0) return this.tree.root.phandle;
    const node = this.tree.nodeByPhandle(phandle);
    const siblings = node?.parent?.children;
    return siblings?.[siblings.indexOf(node!) + 1]?.phandle ?? 0;
  }

  /** A property's value; "name" always exists, made from the node name when the tree has no such property. */
  private property(phandle: number, namePointer: number): Uint8Array | undefined {
    const node = this.tree.nodeByPhandle(phandle);
    const name = this.string(namePointer);
    if (!node || name === undefined) return undefined;
    return node.properties.get(name) ?? (name === "name" ? utf8Encoder.encode(`${node.baseName}\0`) : undefined);
  }

  /** The property's full size; at most buflen bytes of it are copied. */
  private getprop(phandle: number, namePointer: number, buf: number, buflen: number): number {
    const value = this.property(phandle, namePointer);
    if (!value) return PROM_ERROR;
    return this.store(buf, value.subarray(0, Math.min(value.length, buflen))) ? value.length : PROM_ERROR;
  }

  /** 1 with the next property's name in buf, 0 after the last, -1 if previous is not a property. "name" comes first, as VOF lists it. */
  private nextprop(phandle: number, previousPointer: number, buf: number): number {
    const node = this.tree.nodeByPhandle(phandle);
    const previous = previousPointer === 0 ? "" : this.string(previousPointer);
    if (!node || previous === undefined) return PROM_ERROR;
    const names = ["name", ...[...node.properties.keys()].filter((n) => n !== "name")];
    const index = previous === "" ? -1 : names.indexOf(previous);
    if (previous !== "" && index < 0) return PROM_ERROR;
    const next = names[index + 1];
    if (next === undefined) return 0;
    return this.store(buf, utf8Encoder.encode(`${next}\0`)) ? 1 : PROM_ERROR;
  }

  /** The stored size, or -1. Phandles belong to the model; values are capped so a guest cannot grow the tree without bound. */
  private setprop(phandle: number, namePointer: number, buf: number, len: number): number {
    const node = this.tree.nodeByPhandle(phandle);
    const name = this.string(namePointer);
    if (!node || name === undefined || !canSetProperty(name) || len > SETPROP_MAX || !this.inMemory(buf, len)) return PROM_ERROR;
    this.tree.setProperty(node, name, this.memory.read(buf, len));
    return len;
  }

  private canon(specPointer: number, buf: number, buflen: number): number {
    const node = this.resolve(specPointer)?.node;
    return node ? this.returnString(node.path, buf, buflen) : PROM_ERROR;
  }

  private packageToPath(phandle: number, buf: number, buflen: number): number {
    const node = this.tree.nodeByPhandle(phandle);
    return node ? this.returnString(node.path, buf, buflen) : PROM_ERROR;
  }

  private instanceToPath(ihandle: number, buf: number, buflen: number): number {
    const instance = this.instances.get(ihandle);
    if (!instance) return PROM_ERROR;
    return this.returnString(instance.node.path + (instance.args ? `:${instance.args}` : ""), buf, buflen);
  }

  private resolve(specPointer: number): { node: DeviceTreeNode; args: string } | undefined {
    const spec = this.string(specPointer);
    return spec === undefined ? undefined : this.tree.resolve(spec);
  }

  private callMethod(args: readonly number[]): number[] {
    const [methodPointer, ihandle, firstArg] = args;
    const method = this.string(methodPointer);
    const instance = this.instances.get(ihandle);
    if (method === undefined || !instance) return [PROM_ERROR];
    if (method === CAS_METHOD && instance.node === this.tree.root && this.options.cas && firstArg !== undefined) {
      return [0, this.options.cas(firstArg)];
    }
    if (method === "instantiate-rtas" && instance.node === this.tree.find("/rtas") && firstArg !== undefined) {
      return this.instantiateRtas(firstArg);
    }
    this.options.logOnce(`client interface call-method "${method}"`);
    return [PROM_ERROR];
  }

  /** Copy the RTAS entry stub to the client's chosen base (VOF's firmware does this in the guest); the entry is the base. */
  private instantiateRtas(base: number): number[] {
    const rtas = this.tree.find("/rtas");
    const rtasSize = rtas ? (cellProperty(rtas, "rtas-size") ?? 0) : 0;
    if (rtasSize < RTAS_ENTRY_STUB.length || !this.store(base, RTAS_ENTRY_STUB)) return [PROM_ERROR];
    this.rtasBase = base;
    return [0, base];
  }

  // ---- Device I/O

  /** An ihandle, or 0 when the device does not exist (IEEE 1275: open fails with 0). */
  private open(specPointer: number): number {
    const found = this.resolve(specPointer);
    return found ? this.openInstance(found.node, found.args) : 0;
  }

  private openInstance(node: DeviceTreeNode, args: string): number {
    this.instances.set(++this.lastIhandle, { node, args });
    return this.lastIhandle;
  }

  /** Bytes read, -2 while the console has no input, -1 for an instance that cannot read. */
  private read(ihandle: number, buf: number, len: number): number {
    if (!this.isConsole(ihandle) || !this.inMemory(buf, len)) return PROM_ERROR;
    if (len === 0) return 0;
    const input = this.options.console.read(len);
    if (input.length === 0) return NO_INPUT_YET;
    this.memory.write(buf, input.subarray(0, len));
    return Math.min(input.length, len);
  }

  private write(ihandle: number, buf: number, len: number): number {
    if (!this.isConsole(ihandle) || !this.inMemory(buf, len)) return PROM_ERROR;
    this.options.console.write(this.memory.read(buf, len));
    return len;
  }

  private isConsole(ihandle: number): boolean {
    const instance = this.instances.get(ihandle);
    return instance !== undefined && instance.node === this.consoleNode;
  }

  // ---- Memory

  private claim(address: number, size: number, align: number): number {
    const base = this.claims.claim(address, size, align);
    if (base !== PROM_ERROR) this.publishAvailable();
    return base;
  }

  /** release has no results; a client that asks for one gets 0 or -1, as VOF answers. */
  private release(address: number, size: number): number {
    if (!this.claims.release(address, size)) return PROM_ERROR;
    this.publishAvailable();
    return 0;
  }

  /** /memory's "available": RAM minus claims, in the root's address and size cells, as VOF keeps it. */
  private publishAvailable(): void {
    if (!this.memoryNode) return;
    const ranges = this.claims.available();
    const stride = (this.addressCells + this.sizeCells) * 4;
    const bytes = new Uint8Array(ranges.length * stride);
    const view = new DataView(bytes.buffer);
    ranges.forEach((r, i) => {
      writeCells(view, i * stride, this.addressCells, r.start);
      writeCells(view, i * stride + this.addressCells * 4, this.sizeCells, r.size);
    });
    this.tree.setProperty(this.memoryNode, "available", bytes);
  }

  private decodeRanges(reg: Uint8Array): AddressRange[] {
    const view = new DataView(reg.buffer, reg.byteOffset, reg.byteLength);
    const stride = (this.addressCells + this.sizeCells) * 4;
    const ranges: AddressRange[] = [];
    for (let at = 0; at + stride <= reg.length; at += stride) {
      ranges.push({ start: readCells(view, at, this.addressCells), size: readCells(view, at + this.addressCells * 4, this.sizeCells) });
    }
    return ranges;
  }

  // ---- Guest memory, bounds-checked

  private inMemory(address: number, length: number): boolean {
    return address + length <= this.memory.size;
  }

  private cells(address: number, count: number): number[] | undefined {
    if (!this.inMemory(address, count * 4)) return undefined;
    const bytes = this.memory.read(address, count * 4);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Array.from({ length: count }, (_, i) => view.getUint32(i * 4));
  }

  /** The NUL-terminated string at `address`, or undefined when it leaves memory or is longer than `max` bytes with its NUL. */
  private string(address: number, max = STRING_MAX): string | undefined {
    if (address >= this.memory.size) return undefined;
    const bytes = this.memory.read(address, Math.min(max, this.memory.size - address));
    const nul = bytes.indexOf(0);
    return nul < 0 ? undefined : utf8Decoder.decode(bytes.subarray(0, nul));
  }

  private store(address: number, bytes: Uint8Array): boolean {
    if (bytes.length === 0) return true;
    if (!this.inMemory(address, bytes.length)) return false;
    this.memory.write(address, bytes);
    return true;
  }

  /** IEEE 1275's string results: the full length (no NUL) comes back; at most buflen bytes are copied, NUL-terminated when there is room. */
  private returnString(text: string, buf: number, buflen: number): number {
    const bytes = utf8Encoder.encode(text);
    const copy = bytes.length < buflen ? utf8Encoder.encode(`${text}\0`) : bytes.subarray(0, buflen);
    return this.store(buf, copy) ? bytes.length : PROM_ERROR;
  }
}

function cellProperty(node: DeviceTreeNode, name: string): number | undefined {
  const value = node.properties.get(name);
  return value?.length === 4 ? new DataView(value.buffer, value.byteOffset).getUint32(0) : undefined;
}

function stringProperty(node: DeviceTreeNode, name: string): string | undefined {
  const value = node.properties.get(name);
  return value && utf8Decoder.decode(value).replace(/\0+$/, "");
}

function readCells(view: DataView, at: number, cells: number): number {
  let value = 0;
  for (let i = 0; i < cells; i++) value = value * FOUR_GIB + view.getUint32(at + i * 4);
  return value;
}

function writeCells(view: DataView, at: number, cells: number, value: number): void {
  for (let i = cells - 1; i >= 0; i--, value = Math.floor(value / FOUR_GIB)) view.setUint32(at + i * 4, value % FOUR_GIB);
}
