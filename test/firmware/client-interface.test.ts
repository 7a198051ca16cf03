// The Open Firmware client interface: the device-tree model (phandles, path resolution, edits,
// serialisation), every service through the argument-array format in a fake guest memory, the
// claim rules, hostile argument arrays, and the entry stub run on the CPU through hcall 0xf005.
import { describe, expect, test } from "bun:test";
import { ClientInterface, type ClientMemory } from "../../firmware/client-interface.ts";
import { DeviceTreeModel } from "../../firmware/device-tree-model.ts";
import {
  CLIENT_ENTRY_ADDRESS,
  CLIENT_ENTRY_STUB,
  CLIENT_STACK_POINTER,
  FIRMWARE_AREA,
  KVMPPC_H_RTAS,
  KVMPPC_H_VOF_CLIENT,
  RTAS_ENTRY_STUB,
} from "../../firmware/entry-stub.ts";
import { FdtBuilder, FdtError } from "../../firmware/fdt.ts";
import { findNode, getU32, parseFdt } from "../../firmware/fdt-reader.ts";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { disassemble } from "../../vmm/cpu/isa/disasm.ts";
import { MSR_ME } from "../../vmm/cpu/msr.ts";
import { registerClientInterface } from "../../vmm/machine/hcalls-client-interface.ts";
import { H_PARAMETER, H_SUCCESS, HcallTable } from "../../vmm/machine/hcalls.ts";
import { makeCpu } from "../cpu/helpers.ts";

const MiB = 1 << 20;
const RAM = 16 * MiB;
const RMA = 8 * MiB;
const KERNEL = { start: 0x400000, size: 0x200000 };
/** The memory reservation block entry of the test tree. */
const MEMRESERVE = { start: 0xf00000, size: 0x10000 };
const BLOCK = 0x100000; // argument arrays
const DATA = 0x101000; // strings and buffers the calls point at
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

// Phandles as VOF assigns them: the interrupt controller keeps its 0x1111; the rest follow from
// 0x1112 in tree order.
const PH = { root: 0x1112, chosen: 0x1113, aliases: 0x1114, cpus: 0x1115, cpu: 0x1116, memory: 0x1117, rtas: 0x1118, vdevice: 0x1119, vty: 0x111a, intc: 0x1111 };

function buildTree(): Uint8Array {
  const fdt = new FdtBuilder();
  fdt.addReservation(MEMRESERVE.start, MEMRESERVE.size);
  fdt.beginNode("");
  fdt.propU32("#address-cells", 2);
  fdt.propU32("#size-cells", 2);
  fdt.propString("compatible", "qemu,pseries");
  fdt.beginNode("chosen");
  fdt.propString("bootargs", "console=hvc0");
  fdt.propString("stdout-path", "/vdevice/vty@71000000");
  fdt.endNode();
  fdt.beginNode("aliases");
  fdt.propString("hvterm", "/vdevice/vty@71000000");
  fdt.endNode();
  fdt.beginNode("cpus");
  fdt.propU32("#address-cells", 1);
  fdt.propU32("#size-cells", 0);
  fdt.beginNode("PowerPC,POWER9@0");
  fdt.propString("device_type", "cpu");
  fdt.propU32("reg", 0);
  fdt.endNode();
  fdt.endNode();
  fdt.beginNode("memory@0");
  fdt.propString("device_type", "memory");
  fdt.propU64s("reg", [0, RAM]);
  fdt.endNode();
  fdt.beginNode("rtas");
  fdt.propU32("rtas-size", 0x82c);
  fdt.endNode();
  fdt.beginNode("vdevice");
  fdt.propU32("#address-cells", 1);
  fdt.propU32("#size-cells", 0);
  fdt.beginNode("vty@71000000");
  fdt.propString("name", "vty");
  fdt.propString("device_type", "serial");
  fdt.propU32("reg", 0x71000000);
  fdt.endNode();
  fdt.endNode();
  fdt.beginNode("interrupt-controller");
  fdt.propU32("phandle", PH.intc);
  fdt.endNode();
  fdt.endNode();
  return fdt.finish({ bootCpuid: 0 });
}

/** Guest RAM that throws on any access outside it, so a service that forgot a check fails the test. */
class StrictMemory implements ClientMemory {
  readonly bytes: Uint8Array;
  constructor(readonly size: number) {
    this.bytes = new Uint8Array(size);
  }
  read(address: number, length: number): Uint8Array {
    if (address < 0 || length < 0 || address + length > this.size) throw new RangeError(`read at 0x${address.toString(16)}+${length}`);
    return this.bytes.slice(address, address + length);
  }
  write(address: number, bytes: Uint8Array): void {
    if (address < 0 || address + bytes.length > this.size) throw new RangeError(`write at 0x${address.toString(16)}+${bytes.length}`);
    this.bytes.set(bytes, address);
  }
}

function setup(options: { cas?: boolean } = {}) {
  const memory = new StrictMemory(RAM);
  const tree = DeviceTreeModel.fromFdt(buildTree());
  const output: number[] = [];
  const input: number[] = [];
  const logged: string[] = [];
  const hooks = { casVectors: [] as number[], quiesced: 0, exited: 0 };
  const ci = new ClientInterface(tree, {
    memory,
    console: { write: (bytes) => output.push(...bytes), read: (max) => Uint8Array.from(input.splice(0, max)) },
    images: [FIRMWARE_AREA, KERNEL],
    realModeLimit: RMA,
    milliseconds: () => 1234.5,
    logOnce: (what) => logged.push(what),
    cas: options.cas === false ? undefined : (vector) => (hooks.casVectors.push(vector), 0),
    quiesce: () => hooks.quiesced++,
    exit: () => hooks.exited++,
  });
  let dataAt = DATA;
  /** Bytes placed in guest memory; returns their address. */
  const place = (bytes: Uint8Array) => {
    const at = dataAt;
    memory.write(at, bytes);
    dataAt = (at + bytes.length + 15) & ~15;
    return at;
  };
  const str = (text: string) => place(utf8.encode(`${text}\0`));
  const buffer = (size: number) => place(new Uint8Array(size).fill(0xee));
  /** Make a call with the results prefilled with 0xdeadbeef; the results as signed numbers, or undefined if the hypercall failed. */
  const call = (service: string | number, args: number[], nret = 1, at = BLOCK): number[] | undefined => {
    const block = new DataView(new ArrayBuffer(12 + 4 * (args.length + nret)));
    [typeof service === "string" ? str(service) : service, args.length, nret, ...args, ...Array(nret).fill(0xdeadbeef)].forEach((v, i) =>
      block.setUint32(i * 4, v >>> 0),
    );
    memory.write(at, new Uint8Array(block.buffer));
    if (!ci.call(at)) return undefined;
    const rets = new DataView(memory.read(at + 12 + 4 * args.length, 4 * nret).buffer);
    return Array.from({ length: nret }, (_, i) => rets.getInt32(i * 4));
  };
  const text = (at: number, length: number) => fromUtf8.decode(memory.read(at, length));
  const chosenCell = (name: string) => new DataView(tree.nodeByPhandle(PH.chosen)!.properties.get(name)!.buffer).getUint32(0);
  return { ci, tree, memory, call, str, buffer, place, text, output, input, logged, hooks, stdout: chosenCell("stdout"), stdin: chosenCell("stdin") };
}

describe("device tree model", () => {
  test("phandles: the blob's are kept, the rest are numbered from the largest in tree order, each in a phandle property", () => {
    const { tree } = setup();
    const paths = Object.fromEntries(Object.entries(PH).map(([k, ph]) => [k, tree.nodeByPhandle(ph)?.path]));
    expect(paths).toEqual({
      root: "/", chosen: "/chosen", aliases: "/aliases", cpus: "/cpus", cpu: "/cpus/PowerPC,POWER9@0", memory: "/memory@0",
      rtas: "/rtas", vdevice: "/vdevice", vty: "/vdevice/vty@71000000", intc: "/interrupt-controller",
    });
    expect([...tree.root.properties.keys()]).toEqual(["#address-cells", "#size-cells", "compatible", "phandle"]);
    expect(tree.nodeByPhandle(0)).toBeUndefined();
  });

  test("linux,phandle counts as the phandle; duplicates and invalid values are refused", () => {
    const blob = (props: [string, string, number][]) => {
      const fdt = new FdtBuilder();
      fdt.beginNode("");
      for (const [node, name, value] of props) {
        fdt.beginNode(node);
        fdt.propU32(name, value);
        fdt.endNode();
      }
      fdt.endNode();
      return fdt.finish({ bootCpuid: 0 });
    };
    const tree = DeviceTreeModel.fromFdt(blob([["a", "linux,phandle", 7]]));
    expect(tree.find("/a")!.phandle).toBe(7);
    expect(getU32(findNode(parseFdt(tree.toFdt()).root, "/a")!, "phandle")).toBe(7);
    expect(tree.root.phandle).toBe(8);
    expect(() => DeviceTreeModel.fromFdt(blob([["a", "phandle", 7], ["b", "phandle", 7]]))).toThrow("phandle 0x7 is on both /a and /b");
    expect(() => DeviceTreeModel.fromFdt(blob([["a", "phandle", 0xffffffff]]))).toThrow(FdtError);
  });

  test("path resolution: unit addresses, names without units, @unit alone, aliases, arguments", () => {
    const { tree } = setup();
    const path = (spec: string) => tree.find(spec)?.path;
    expect(path("/")).toBe("/");
    expect(path("/memory")).toBe("/memory@0");
    expect(path("/memory@00000000")).toBe("/memory@0");
    expect(path("/cpus/PowerPC,POWER9")).toBe("/cpus/PowerPC,POWER9@0");
    expect(path("/vdevice/vty@071000000")).toBe("/vdevice/vty@71000000");
    expect(path("/vdevice/@71000000")).toBe("/vdevice/vty@71000000");
    expect(path("/chosen/")).toBe("/chosen");
    expect(path("hvterm")).toBe("/vdevice/vty@71000000");
    expect(tree.resolve("hvterm:115200")).toEqual({ node: tree.find("/vdevice/vty@71000000")!, args: "115200" });
    expect(tree.resolve("/vdevice/vty@71000000:a,b")?.args).toBe("a,b");
    for (const missing of ["", "/nothing", "/memory@1", "/vdevice/vty@71000001", "/VDEVICE", "nosuchalias", "chosen"]) expect(path(missing)).toBeUndefined();
  });

  test("edits and serialisation: setprop, addNode and removeNode survive a round trip through an FDT", () => {
    const { tree } = setup();
    const chosen = tree.find("/chosen")!;
    tree.setProperty(chosen, "linux,rtas-base", Uint8Array.of(0, 0, 0x10, 0));
    const added = tree.addNode(tree.find("/vdevice")!, "v-scsi@2000");
    expect(added.phandle).toBe(0x111b);
    expect(tree.nodeByPhandle(0x111b)).toBe(added);
    tree.removeNode(tree.find("/interrupt-controller")!);
    expect(tree.nodeByPhandle(PH.intc)).toBeUndefined();
    expect(() => tree.setProperty(chosen, "phandle", Uint8Array.of(0, 0, 0, 1))).toThrow(FdtError);
    expect(() => tree.addNode(tree.root, "chosen")).toThrow(FdtError);

    const again = DeviceTreeModel.fromFdt(tree.toFdt());
    expect(again.find("/chosen")!.properties.get("linux,rtas-base")).toEqual(Uint8Array.of(0, 0, 0x10, 0));
    expect(again.find("/vdevice/v-scsi@2000")!.phandle).toBe(0x111b);
    expect(again.find("/interrupt-controller")).toBeUndefined();
    expect(again.reservations).toEqual([{ address: MEMRESERVE.start, size: MEMRESERVE.size }]);
    for (const ph of Object.values(PH).filter((p) => p !== PH.intc)) expect(again.nodeByPhandle(ph)?.path).toBe(tree.nodeByPhandle(ph)!.path);
  });
});

describe("device tree services", () => {
  test("finddevice: a phandle, or -1 for a missing path or an unreadable pointer", () => {
    const { call, str } = setup();
    expect(call("finddevice", [str("/")])).toEqual([PH.root]);
    expect(call("finddevice", [str("/rtas")])).toEqual([PH.rtas]);
    expect(call("finddevice", [str("hvterm")])).toEqual([PH.vty]);
    expect(call("finddevice", [str("/nothing")])).toEqual([-1]);
    expect(call("finddevice", [RAM + 4])).toEqual([-1]);
  });

  test("getprop copies at most buflen bytes and returns the full size; -1 when missing", () => {
    const { call, str, buffer, text, memory } = setup();
    const buf = buffer(64);
    expect(call("getprop", [PH.chosen, str("bootargs"), buf, 64])).toEqual([13]);
    expect(text(buf, 13)).toBe("console=hvc0\0");
    const short = buffer(8);
    expect(call("getprop", [PH.chosen, str("bootargs"), short, 4])).toEqual([13]);
    expect([...memory.read(short, 6)]).toEqual([...utf8.encode("cons"), 0xee, 0xee]);
    expect(call("getprop", [PH.chosen, str("nothing"), buf, 64])).toEqual([-1]);
    expect(call("getprop", [0x4242, str("bootargs"), buf, 64])).toEqual([-1]);
    expect(call("getprop", [0, str("bootargs"), buf, 64])).toEqual([-1]);
  });

  test('"name" exists on every node: the node name without its unit address, or the node\'s own property', () => {
    const { call, str, buffer, text } = setup();
    const buf = buffer(32);
    expect(call("getproplen", [PH.memory, str("name")])).toEqual([7]);
    expect(call("getprop", [PH.memory, str("name"), buf, 32])).toEqual([7]);
    expect(text(buf, 7)).toBe("memory\0");
    expect(call("getprop", [PH.cpu, str("name"), buf, 32])).toEqual([15]);
    expect(text(buf, 15)).toBe("PowerPC,POWER9\0");
    expect(call("getproplen", [PH.root, str("name")])).toEqual([1]);
    expect(call("getprop", [PH.vty, str("name"), buf, 32])).toEqual([4]);
  });

  test("getproplen: the size, or -1", () => {
    const { call, str } = setup();
    expect(call("getproplen", [PH.memory, str("reg")])).toEqual([16]);
    expect(call("getproplen", [PH.memory, str("nothing")])).toEqual([-1]);
    expect(call("getproplen", [0x4242, str("reg")])).toEqual([-1]);
    expect(call("getproplen", [PH.memory, RAM - 1])).toEqual([-1]); // a name that runs out of memory
  });

  test("nextprop walks name first, then the properties in order; 0 after the last; -1 for an unknown previous", () => {
    const { call, str, buffer, text } = setup();
    const names = (ph: number) => {
      const buf = buffer(64);
      const seen: string[] = [];
      let previous = str("");
      for (;;) {
        const [flag] = call("nextprop", [ph, previous, buf])!;
        if (flag !== 1) {
          expect(flag).toBe(0);
          return seen;
        }
        const name = text(buf, 64).split("\0")[0]!;
        seen.push(name);
        previous = str(name);
      }
    };
    expect(names(PH.memory)).toEqual(["name", "device_type", "reg", "phandle", "available"]);
    expect(names(PH.vty)).toEqual(["name", "device_type", "reg", "phandle"]); // its own "name" is listed once
    const buf = buffer(64);
    expect(call("nextprop", [PH.memory, 0, buf])).toEqual([1]); // a null previous starts the walk
    expect(text(buf, 5)).toBe("name\0");
    expect(call("nextprop", [PH.memory, str("nothing"), buf])).toEqual([-1]);
    expect(call("nextprop", [0x4242, str(""), buf])).toEqual([-1]);
    expect(call("nextprop", [PH.memory, str("reg"), RAM - 2])).toEqual([-1]); // "phandle" does not fit
  });

  test("setprop stores (or replaces) a value and returns its size; -1 for phandles, bad names, nodes or buffers", () => {
    const { call, str, place, buffer, text, tree } = setup();
    const value = place(Uint8Array.of(0, 0, 0, 0, 0x02, 0xc0, 0, 0));
    expect(call("setprop", [PH.chosen, str("linux,initrd-start"), value, 8])).toEqual([8]);
    expect(call("setprop", [PH.chosen, str("bootargs"), str("quiet"), 6])).toEqual([6]);
    expect(call("setprop", [PH.chosen, str("linux,stdout-path-empty"), 0, 0])).toEqual([0]);
    const buf = buffer(16);
    expect(call("getprop", [PH.chosen, str("bootargs"), buf, 16])).toEqual([6]);
    expect(text(buf, 6)).toBe("quiet\0");

    expect(call("setprop", [PH.chosen, str("phandle"), value, 4])).toEqual([-1]);
    expect(call("setprop", [PH.chosen, str("bad name"), value, 4])).toEqual([-1]);
    expect(call("setprop", [0x4242, str("x"), value, 4])).toEqual([-1]);
    expect(call("setprop", [PH.chosen, str("x"), RAM - 2, 4])).toEqual([-1]);
    expect(call("setprop", [PH.chosen, str("x"), 0, 0x100000])).toEqual([-1]); // larger than a property may grow

    const chosen = findNode(parseFdt(tree.toFdt()).root, "/chosen")!;
    expect(chosen.props.get("linux,initrd-start")).toEqual(Uint8Array.of(0, 0, 0, 0, 0x02, 0xc0, 0, 0));
    expect(fromUtf8.decode(chosen.props.get("bootargs"))).toBe("quiet\0");
    expect(chosen.props.get("linux,stdout-path-empty")).toEqual(new Uint8Array(0));
    expect(chosen.props.has("x")).toBe(false);
  });

  test("child, peer and parent walk the whole tree as prom_init does; 0 ends the walk", () => {
    const { call, tree } = setup();
    const one = (service: string, ph: number) => call(service, [ph])![0]!;
    // prom_init's prom_next_node.
    const next = (node: number): number => {
      if (node !== 0) {
        const child = one("child", node);
        if (child !== 0) return child;
      }
      const peer = one("peer", node);
      if (peer !== 0) return peer;
      for (let up = node; ; ) {
        up = one("parent", up);
        if (up === 0) return 0;
        const uncle = one("peer", up);
        if (uncle !== 0) return uncle;
      }
    };
    const visited: string[] = [];
    for (let node = next(0); node !== 0; node = next(node)) visited.push(tree.nodeByPhandle(node)!.path);
    expect(visited).toEqual([
      "/", "/chosen", "/aliases", "/cpus", "/cpus/PowerPC,POWER9@0", "/memory@0", "/rtas", "/vdevice", "/vdevice/vty@71000000", "/interrupt-controller",
    ]);
    expect(one("parent", PH.root)).toBe(0);
    expect(one("child", PH.rtas)).toBe(0);
    for (const service of ["child", "peer", "parent"]) expect(one(service, 0x4242)).toBe(0);
  });

  test("package-to-path, canon: the full length; at most buflen bytes, NUL-terminated when there is room", () => {
    const { call, str, buffer, text, memory } = setup();
    const buf = buffer(64);
    expect(call("package-to-path", [PH.vty, buf, 64])).toEqual([21]);
    expect(text(buf, 22)).toBe("/vdevice/vty@71000000\0");
    const short = buffer(16);
    expect(call("package-to-path", [PH.vty, short, 8])).toEqual([21]);
    expect([...memory.read(short, 9)]).toEqual([...utf8.encode("/vdevice"), 0xee]);
    expect(call("package-to-path", [PH.root, buf, 64])).toEqual([1]);
    expect(call("package-to-path", [0x4242, buf, 64])).toEqual([-1]);
    expect(call("package-to-path", [PH.vty, RAM - 4, 64])).toEqual([-1]);
    expect(call("canon", [str("hvterm"), buf, 64])).toEqual([21]);
    expect(text(buf, 22)).toBe("/vdevice/vty@71000000\0");
    expect(call("canon", [str("/memory"), buf, 64])).toEqual([9]);
    expect(call("canon", [str("nosuchalias"), buf, 64])).toEqual([-1]);
  });
});

describe("device I/O services", () => {
  test("/chosen holds open stdout and stdin instances of the console", () => {
    const { call, buffer, text, stdout, stdin } = setup();
    expect(stdout).not.toBe(stdin);
    expect(call("instance-to-package", [stdout])).toEqual([PH.vty]);
    expect(call("instance-to-package", [stdin])).toEqual([PH.vty]);
    const buf = buffer(64);
    expect(call("instance-to-path", [stdout, buf, 64])).toEqual([21]);
    expect(text(buf, 22)).toBe("/vdevice/vty@71000000\0");
    expect(call("instance-to-package", [0x4242])).toEqual([-1]);
    expect(call("instance-to-path", [0x4242, buf, 64])).toEqual([-1]);
  });

  test("open gives a new ihandle (0 when the device does not exist); close forgets it", () => {
    const { call, str, buffer, text } = setup();
    const [rtas] = call("open", [str("/rtas")])!;
    expect(rtas).toBeGreaterThan(0);
    expect(call("instance-to-package", [rtas!])).toEqual([PH.rtas]);
    const [tty] = call("open", [str("hvterm:9600")])!;
    const buf = buffer(64);
    expect(call("instance-to-path", [tty!, buf, 64])).toEqual([26]);
    expect(text(buf, 26)).toBe("/vdevice/vty@71000000:9600");
    expect(call("open", [str("/nothing")])).toEqual([0]);
    expect(call("close", [rtas!], 0)).toEqual([]);
    expect(call("instance-to-package", [rtas!])).toEqual([-1]);
  });

  test("write sends the bytes to the console and returns the count; -1 for other devices and bad buffers", () => {
    const { call, str, stdout, output } = setup();
    const message = str("Preparing to boot Linux\n");
    expect(call("write", [stdout, message, 24])).toEqual([24]);
    expect(fromUtf8.decode(Uint8Array.from(output))).toBe("Preparing to boot Linux\n");
    const [rtas] = call("open", [str("/rtas")])!;
    expect(call("write", [rtas!, message, 24])).toEqual([-1]);
    expect(call("write", [0x4242, message, 24])).toEqual([-1]);
    expect(call("write", [stdout, RAM - 8, 24])).toEqual([-1]);
    expect(output.length).toBe(24);
  });

  test("read returns pending console input, -2 while there is none, -1 for other devices", () => {
    const { call, buffer, text, stdin, input, str } = setup();
    const buf = buffer(8);
    expect(call("read", [stdin, buf, 8])).toEqual([-2]);
    input.push(...utf8.encode("yes"));
    expect(call("read", [stdin, buf, 2])).toEqual([2]);
    expect(text(buf, 2)).toBe("ye");
    expect(call("read", [stdin, buf, 8])).toEqual([1]);
    expect(call("read", [stdin, buf, 0])).toEqual([0]);
    const [rtas] = call("open", [str("/rtas")])!;
    expect(call("read", [rtas!, buf, 8])).toEqual([-1]);
    expect(call("read", [stdin, RAM, 8])).toEqual([-1]);
  });
});

describe("claim and release", () => {
  const available = (tree: DeviceTreeModel) => {
    const bytes = tree.find("/memory")!.properties.get("available")!;
    const view = new DataView(bytes.buffer);
    return Array.from({ length: bytes.length / 16 }, (_, i) => [view.getUint32(i * 16 + 4), view.getUint32(i * 16 + 12)]);
  };

  test('/memory "available" starts as RAM less the firmware area, the kernel and the memory reservations', () => {
    const { tree } = setup();
    expect(available(tree)).toEqual([
      [0x10000, 0x3f0000],
      [0x600000, 0x900000],
      [0xf10000, 0xf0000],
    ]);
  });

  test("a fixed claim (align 0) takes exactly that range if it is free RAM", () => {
    const { call, tree } = setup();
    expect(call("claim", [0x800000, 0x10000, 0])).toEqual([0x800000]);
    expect(call("claim", [0x808000, 0x1000, 0])).toEqual([-1]); // inside the claim just made
    expect(call("claim", [0x8000, 0x1000, 0])).toEqual([-1]); // the firmware area
    expect(call("claim", [0x5ff000, 0x2000, 0])).toEqual([-1]); // the kernel's last page
    expect(call("claim", [0xf08000, 0x1000, 0])).toEqual([-1]); // a memory reservation
    expect(call("claim", [RAM - 0x1000, 0x2000, 0])).toEqual([-1]); // beyond RAM
    expect(call("claim", [0x900000, 0, 0])).toEqual([-1]); // nothing
    expect(available(tree)).toEqual([
      [0x10000, 0x3f0000],
      [0x600000, 0x200000],
      [0x810000, 0x6f0000],
      [0xf10000, 0xf0000],
    ]);
  });

  test("an aligned claim takes the lowest aligned free range above the images and current claims, below the real mode limit", () => {
    const { call } = setup();
    expect(call("claim", [0, 0x1000, 0x10000])).toEqual([0x600000]); // above the kernel, not in the gap below it
    expect(call("claim", [0x640000, 0x10000, 0])).toEqual([0x640000]);
    expect(call("claim", [0, 0x30000, 0x10000])).toEqual([0x650000]); // skips the fixed claim
    expect(call("claim", [0, 0x100000, 0x100000])).toEqual([0x700000]);
    expect(call("claim", [0, RMA, 0x1000])).toEqual([-1]); // does not fit below the limit
    expect(call("claim", [0, 0x1000, 0x1000])).toEqual([-1]); // full above the claims, though 0x601000 is free
    expect(call("release", [0x700000, 0x100000], 0)).toEqual([]);
    expect(call("claim", [0, 0x1000, 0x1000])).toEqual([0x680000]);
  });

  test("release frees exactly one earlier claim; reserved memory cannot be released", () => {
    const { call, tree } = setup();
    const before = available(tree);
    expect(call("claim", [0x800000, 0x10000, 0])).toEqual([0x800000]);
    expect(call("release", [0x800000, 0x8000], 1)).toEqual([-1]); // not the claimed size
    expect(call("release", [KERNEL.start, KERNEL.size], 1)).toEqual([-1]);
    expect(call("release", [0x800000, 0x10000], 0)).toEqual([]);
    expect(available(tree)).toEqual(before);
    expect(call("claim", [0x800000, 0x10000, 0])).toEqual([0x800000]);
  });
});

describe("methods and the rest", () => {
  test("ibm,client-architecture-support on the root instance calls the machine's CAS with the vector address", () => {
    const { call, str, hooks } = setup();
    const [root] = call("open", [str("/")])!;
    expect(call("call-method", [str("ibm,client-architecture-support"), root!, 0x2a0000], 2)).toEqual([0, 0]);
    expect(hooks.casVectors).toEqual([0x2a0000]);
    const [rtas] = call("open", [str("/rtas")])!;
    expect(call("call-method", [str("ibm,client-architecture-support"), rtas!, 0x2a0000], 2)).toEqual([-1, 0]);
    expect(hooks.casVectors).toEqual([0x2a0000]);
  });

  test("without a CAS hook, and for unknown methods or instances, call-method's catch result is -1, logged", () => {
    const { call, str, logged } = setup({ cas: false });
    const [root] = call("open", [str("/")])!;
    expect(call("call-method", [str("ibm,client-architecture-support"), root!, 0x2a0000], 2)).toEqual([-1, 0]);
    expect(call("call-method", [str("frobnicate"), root!], 1)).toEqual([-1]);
    expect(call("call-method", [str("frobnicate"), 0x4242], 1)).toEqual([-1]);
    expect(logged).toEqual(['client interface call-method "ibm,client-architecture-support"', 'client interface call-method "frobnicate"']);
  });

  test("instantiate-rtas copies the RTAS entry stub to the client's base and returns it as the entry", () => {
    const { call, str, memory } = setup();
    const [rtas] = call("open", [str("/rtas")])!;
    expect(call("call-method", [str("instantiate-rtas"), rtas!, 0x7ff000], 2)).toEqual([0, 0x7ff000]);
    expect(memory.read(0x7ff000, RTAS_ENTRY_STUB.length)).toEqual(RTAS_ENTRY_STUB);
    expect(call("call-method", [str("instantiate-rtas"), rtas!, RAM - 8], 2)).toEqual([-1, 0]);
  });

  test("quiesce, exit and milliseconds reach the machine; test tells which services exist; interpret fails", () => {
    const { call, str, hooks, logged } = setup();
    expect(call("quiesce", [], 0)).toEqual([]);
    expect(call("exit", [], 0)).toEqual([]);
    expect(hooks).toMatchObject({ quiesced: 1, exited: 1 });
    expect(call("milliseconds", [])).toEqual([1234]);
    expect(call("test", [str("getprop")])).toEqual([0]);
    expect(call("test", [str("boot")])).toEqual([-1]);
    expect(call("interpret", [str("dev /rtas")])).toEqual([-1]);
    expect(logged).toEqual(['client interface interpret "dev /rtas"']);
  });

  test("an unknown service or a known one with the wrong counts returns -1 and is logged by name", () => {
    const { call, str, logged } = setup();
    expect(call("chain", [1, 2, 3, 4, 5])).toEqual([-1]);
    expect(call("constructor", [])).toEqual([-1]);
    expect(call("finddevice", [str("/"), 0])).toEqual([-1]);
    expect(call("getprop", [PH.root, str("name"), 0, 0], 2)).toEqual([-1, 0]);
    expect(logged).toEqual([
      'client interface service "chain"',
      'client interface service "constructor"',
      'client interface service "finddevice" with 2 arguments and 1 results',
      'client interface service "getprop" with 4 arguments and 2 results',
    ]);
  });
});

describe("hostile argument arrays", () => {
  test("64 arguments are read (and a 1-argument service refuses them with -1); 65 fail the call", () => {
    const { call, str } = setup();
    const path = str("/chosen");
    expect(call("finddevice", Array(64).fill(path))).toEqual([-1]);
    expect(call("finddevice", Array(65).fill(path))).toBeUndefined();
    expect(call("milliseconds", [], 65)).toBeUndefined();
  });

  test("arrays and service names outside memory, or unterminated, fail the call without throwing", () => {
    const { ci, call, place, str, memory } = setup();
    expect(ci.call(RAM)).toBe(false);
    expect(ci.call(RAM - 8)).toBe(false);
    expect(ci.call(0xfffffff0)).toBe(false);
    expect(call(RAM + 0x1000, [])).toBeUndefined();
    expect(call(place(new Uint8Array(64).fill(0x61)), [])).toBeUndefined(); // no NUL within 64 bytes
    // nargs and nret at their u32 limits.
    const block = new DataView(new ArrayBuffer(12));
    [0x101000, 0xffffffff, 0xffffffff].forEach((v, i) => block.setUint32(i * 4, v));
    memory.write(BLOCK, new Uint8Array(block.buffer));
    expect(ci.call(BLOCK)).toBe(false);
    // Results that would land beyond memory: the header is the last 12 bytes of RAM.
    [str("milliseconds"), 0, 1].forEach((v, i) => block.setUint32(i * 4, v));
    memory.write(RAM - 12, new Uint8Array(block.buffer));
    expect(ci.call(RAM - 12)).toBe(false);
  });

  test("pointers outside memory and huge lengths make the service return -1", () => {
    const { call, str, stdout, buffer } = setup();
    const buf = buffer(16);
    const huge = 0xffffffff;
    expect(call("getprop", [PH.chosen, 0xfffffff0, buf, 16])).toEqual([-1]);
    expect(call("getprop", [PH.chosen, str("bootargs"), 0xfffffff0, huge])).toEqual([-1]);
    expect(call("getprop", [PH.chosen, str("bootargs"), buf, huge])).toEqual([13]); // only the value's 13 bytes are copied
    expect(call("write", [stdout, buf, huge])).toEqual([-1]);
    expect(call("write", [stdout, 0xfffffff0, 16])).toEqual([-1]);
    expect(call("read", [stdout, buf, huge])).toEqual([-1]);
    expect(call("setprop", [PH.chosen, str("x"), buf, huge])).toEqual([-1]);
    expect(call("package-to-path", [PH.vty, 0xfffffff0, huge])).toEqual([-1]);
    expect(call("instance-to-path", [stdout, RAM - 4, huge])).toEqual([-1]);
    expect(call("nextprop", [PH.chosen, 0xfffffff0, buf])).toEqual([-1]);
    expect(call("open", [huge])).toEqual([0]);
    expect(call("claim", [0xfffff000, huge, 0])).toEqual([-1]);
    expect(call("claim", [0, huge, huge])).toEqual([-1]);
    expect(call("release", [huge, huge], 1)).toEqual([-1]);
    expect(call("call-method", [huge, stdout], 1)).toEqual([-1]);
    expect(call("interpret", [huge])).toEqual([-1]);
  });
});

describe("entry stub and hcall 0xf005", () => {
  test("the stubs: mr r4,r3 (or r4,r3,r3); lis/ori the hcall number; sc 1; blr (bclr 20,0,0)", () => {
    const words = (bytes: Uint8Array) => Array.from({ length: bytes.length / 4 }, (_, i) => new DataView(bytes.buffer).getUint32(i * 4));
    expect(words(CLIENT_ENTRY_STUB).map((w) => disassemble(w))).toEqual(["or r4,r3,r3", "addis r3,r0,0x0", "ori r3,r3,61445", "sc 1", "bclr 20,0,0"]);
    expect(words(RTAS_ENTRY_STUB)[2]).toBe(0x60630000 | KVMPPC_H_RTAS);
    expect(CLIENT_ENTRY_ADDRESS).not.toBe(0); // Linux reads r5 = 0 as "no Open Firmware"
    expect(CLIENT_ENTRY_ADDRESS).toBeGreaterThanOrEqual(0x100); // prom_init copies its first 0x100 bytes to 0 mid-way
    expect(CLIENT_STACK_POINTER).toBeLessThan(FIRMWARE_AREA.start + FIRMWARE_AREA.size);
  });

  test("a client call in 32-bit big-endian mode runs the stub into the service and back, r3 = H_SUCCESS", () => {
    const cpu = makeCpu({ ram: RAM });
    const tree = DeviceTreeModel.fromFdt(buildTree());
    const output: number[] = [];
    const ci = new ClientInterface(tree, {
      memory: cpu.mem,
      console: { write: (bytes) => output.push(...bytes), read: () => new Uint8Array(0) },
      images: [FIRMWARE_AREA],
      realModeLimit: RMA,
      milliseconds: () => 0,
      logOnce: () => {},
      exit: () => {},
    });
    const table = new HcallTable(() => {});
    registerClientInterface(table, ci);
    cpu.hypercall = (c) => table.dispatch(c);
    cpu.mem.write(CLIENT_ENTRY_ADDRESS, CLIENT_ENTRY_STUB);
    cpu.mem.write(0x20000, utf8.encode("finddevice\0/rtas\0"));
    const block = new DataView(cpu.mem.buffer, 0x21000, 20);
    [0x20000, 1, 1, 0x2000b, 0].forEach((v, i) => block.setUint32(i * 4, v));

    const callStub = (argsAddress: number, gprHi4 = 0) => {
      cpu.setMsr(0, MSR_ME); // as Linux's enter_prom leaves it: 32-bit, big-endian, real mode
      cpu.setGpr(3, argsAddress);
      cpu.gprHi[3] = gprHi4;
      cpu.lrHi = 0;
      cpu.lrLo = 0x3000;
      cpu.pc = BigInt(CLIENT_ENTRY_ADDRESS);
      for (let i = 0; i < 10 && cpu.pc !== 0x3000n; i++) runSlice(cpu, 1);
      expect(cpu.pc).toBe(0x3000n);
      return Number(BigInt.asIntN(64, cpu.gpr(3)));
    };
    expect(callStub(0x21000)).toBe(H_SUCCESS);
    expect(block.getUint32(16)).toBe(PH.rtas);
    expect(callStub(0x21000, 0xc0000000 | 0)).toBe(H_SUCCESS); // a kernel address's top bits are ignored
    expect(callStub(RAM)).toBe(H_PARAMETER);
    expect(callStub(0x21000, 1)).toBe(H_PARAMETER);
    expect(table.families()).toEqual(["hcall-vof"]);
    expect(KVMPPC_H_VOF_CLIENT).toBe(0xf005);
  });
});
