import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FdtBuilder, FdtError } from "../../firmware/fdt.ts";
import { findNode, getString, getStrings, getU32, parseFdt } from "../../firmware/fdt-reader.ts";

// tree.dtb is dtc's compilation of tree.dts (test/fixtures/fdt/build.sh); buildTree() is the same tree.
const dtcBlob = new Uint8Array(readFileSync(join(import.meta.dir, "../fixtures/fdt/tree.dtb")));

function buildTree(): FdtBuilder {
  const fdt = new FdtBuilder();
  fdt.addReservation(0, 0x10000);
  fdt.addReservation(0x1ff00000n, 0x100000);
  fdt.beginNode("");
  fdt.propU32("#address-cells", 2);
  fdt.propU32("#size-cells", 2);
  fdt.propString("compatible", "qemu,pseries");
  fdt.propString("model", "IBM pSeries (emulated by spar)");
  fdt.propString("device_type", "chrp");

  fdt.beginNode("chosen");
  fdt.propString("bootargs", "console=hvc0 root=/dev/vda");
  fdt.propU32("linux,initrd-start", 0x2000000);
  fdt.propU32("linux,initrd-end", 0x2100000);
  fdt.propString("stdout-path", "/vdevice/vty@71000000");
  fdt.endNode();

  fdt.beginNode("memory@0");
  fdt.propString("device_type", "memory");
  fdt.propU64s("reg", [0, 0x20000000n]);
  fdt.endNode();

  fdt.beginNode("cpus");
  fdt.propU32("#address-cells", 1);
  fdt.propU32("#size-cells", 0);
  fdt.beginNode("PowerPC,POWER9@0");
  fdt.propString("device_type", "cpu");
  fdt.propU32("reg", 0);
  fdt.propU32s("ibm,ppc-interrupt-server#s", [0, 1]);
  fdt.propBytes(
    "ibm,pa-features",
    Uint8Array.of(0x18, 0, 0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0),
  );
  fdt.propU32("cpu-version", 0x4e1200);
  fdt.propEmpty("64-bit");
  fdt.propU32("linux,phandle", 1);
  fdt.propU32("phandle", 1);
  fdt.endNode();
  fdt.endNode();

  fdt.beginNode("vdevice");
  fdt.propString("compatible", "IBM,vdevice");
  fdt.propString("device_type", "vdevice");
  fdt.propU32("#address-cells", 1);
  fdt.propU32("#size-cells", 0);
  fdt.propEmpty("interrupt-controller");
  fdt.propU32("#interrupt-cells", 2);
  fdt.beginNode("vty@71000000");
  fdt.propStrings("compatible", ["hvterm1", "IBM,hvterm"]);
  fdt.propU32("reg", 0x71000000);
  fdt.propString("device_type", "serial");
  fdt.endNode();
  fdt.endNode();

  fdt.endNode();
  return fdt;
}

describe("FdtBuilder", () => {
  test("writes exactly the blob dtc compiles from the same tree", () => {
    expect(buildTree().finish({ bootCpuid: 0 })).toEqual(dtcBlob);
  });

  test("header: version 17, last compatible 16, boot_cpuid_phys as given", () => {
    const parsed = parseFdt(buildTree().finish({ bootCpuid: 8 }));
    expect(parsed.version).toBe(17);
    expect(parsed.lastCompatibleVersion).toBe(16);
    expect(parsed.bootCpuid).toBe(8);
  });

  test("property names are stored once, sharing tails of longer names", () => {
    const blob = buildTree().finish({ bootCpuid: 0 });
    const view = new DataView(blob.buffer);
    const strings = new TextDecoder().decode(blob.subarray(view.getUint32(12), view.getUint32(12) + view.getUint32(32)));
    expect(strings.split("\0").filter((s) => s === "device_type")).toHaveLength(1);
    expect(strings).not.toContain("\0phandle\0");
    expect(strings).toContain("linux,phandle\0");
  });

  test("a minimal tree", () => {
    const fdt = new FdtBuilder();
    fdt.beginNode("");
    fdt.endNode();
    const parsed = parseFdt(fdt.finish({ bootCpuid: 0 }));
    expect(parsed.reservations).toEqual([]);
    expect(parsed.root).toEqual({ name: "", props: new Map(), children: [] });
  });

  describe("refuses a malformed walk", () => {
    const rooted = (...steps: ((fdt: FdtBuilder) => void)[]) => () => {
      const fdt = new FdtBuilder();
      fdt.beginNode("");
      for (const step of steps) step(fdt);
    };
    const cases: [string, () => void, RegExp][] = [
      ["endNode without beginNode", () => new FdtBuilder().endNode(), /endNode without a matching beginNode/],
      ["one endNode too many", rooted((f) => f.endNode(), (f) => f.endNode()), /endNode without/],
      ["unclosed node at finish", rooted((f) => f.beginNode("cpus"), (f) => f.finish({ bootCpuid: 0 })), /node \/cpus was never ended/],
      ["empty tree", () => new FdtBuilder().finish({ bootCpuid: 0 }), /empty tree/],
      ["named root", () => new FdtBuilder().beginNode("root"), /root node must be named ""/],
      ["second root", rooted((f) => f.endNode(), (f) => f.beginNode("")), /a second root node/],
      ["property outside a node", () => new FdtBuilder().propU32("reg", 0), /property reg outside any node/],
      ["duplicate property", rooted((f) => f.propU32("reg", 0), (f) => f.propString("reg", "x")), /duplicate property reg in \//],
      ["duplicate sibling", rooted((f) => f.beginNode("cpus"), (f) => f.endNode(), (f) => f.beginNode("cpus")), /duplicate node \/cpus/],
      ["property after a child", rooted((f) => f.beginNode("a"), (f) => f.endNode(), (f) => f.propEmpty("late")), /property late in \/ comes after a child node/],
      ["empty node name", rooted((f) => f.beginNode("")), /illegal node name ""/],
      ["slash in node name", rooted((f) => f.beginNode("a/b")), /illegal node name "a\/b"/],
      ["space in node name", rooted((f) => f.beginNode("my node")), /illegal node name/],
      ["two unit addresses", rooted((f) => f.beginNode("a@1@2")), /illegal node name/],
      ["illegal property name", rooted((f) => f.propEmpty("bad name")), /illegal property name "bad name" in \//],
      ["empty property name", rooted((f) => f.propEmpty("")), /illegal property name ""/],
      ["u32 out of range", rooted((f) => f.propU32("reg", 2 ** 32)), /property reg: 4294967296 is not a 32-bit unsigned integer/],
      ["negative u32", rooted((f) => f.propU32s("reg", [1, -1])), /-1 is not a 32-bit/],
      ["u64 out of range", rooted((f) => f.propU64s("reg", [1n << 64n])), /not a 64-bit unsigned integer/],
      ["inexact u64 number", rooted((f) => f.propU64s("reg", [2 ** 60])), /not an exact integer; pass a bigint/],
      ["NUL in a string", rooted((f) => f.propString("model", "a\0b")), /strings cannot contain NUL/],
      ["NUL in a string list", rooted((f) => f.propStrings("compatible", ["a", "b\0"])), /strings cannot contain NUL/],
      ["zero-sized reservation", () => new FdtBuilder().addReservation(0x1000, 0), /reservation at 0x1000 has size 0/],
      ["bad boot cpuid", rooted((f) => f.endNode(), (f) => f.finish({ bootCpuid: -1 })), /bootCpuid: -1/],
      ["use after finish", rooted((f) => f.endNode(), (f) => f.finish({ bootCpuid: 0 }), (f) => f.addReservation(0, 1)), /already finished/],
    ];
    for (const [what, run, message] of cases) {
      test(what, () => {
        expect(run).toThrow(message);
        expect(run).toThrow(FdtError);
      });
    }
  });

  test("node and property names that real trees use are accepted", () => {
    const fdt = new FdtBuilder();
    fdt.beginNode("");
    fdt.propEmpty("ibm,#dma-address-cells");
    fdt.propEmpty("linux,rtas-base");
    fdt.propEmpty("ibm,associativity-reference-points");
    fdt.beginNode("ibm,dynamic-reconfiguration-memory");
    fdt.endNode();
    fdt.beginNode("l2-cache@2000");
    fdt.endNode();
    fdt.beginNode("pci@800000020000000");
    fdt.endNode();
    fdt.endNode();
    expect(parseFdt(fdt.finish({ bootCpuid: 0 })).root.children).toHaveLength(3);
  });
});

describe("parseFdt", () => {
  test("reads dtc's blob: header, reservations, nodes and properties", () => {
    const fdt = parseFdt(dtcBlob);
    expect(fdt.version).toBe(17);
    expect(fdt.bootCpuid).toBe(0);
    expect(fdt.reservations).toEqual([
      { address: 0n, size: 0x10000n },
      { address: 0x1ff00000n, size: 0x100000n },
    ]);
    expect(fdt.root.children.map((c) => c.name)).toEqual(["chosen", "memory@0", "cpus", "vdevice"]);
    expect(getU32(fdt.root, "#address-cells")).toBe(2);
    expect(getString(fdt.root, "model")).toBe("IBM pSeries (emulated by spar)");

    const cpu = findNode(fdt.root, "/cpus/PowerPC,POWER9@0")!;
    expect(getU32(cpu, "cpu-version")).toBe(0x4e1200);
    expect(cpu.props.get("64-bit")).toEqual(new Uint8Array(0));
    expect(cpu.props.get("ibm,ppc-interrupt-server#s")).toEqual(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1));
    expect(findNode(fdt.root, "/memory")!.props.get("reg")).toEqual(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0));
    expect(getStrings(findNode(fdt.root, "/vdevice/vty@71000000")!, "compatible")).toEqual(["hvterm1", "IBM,hvterm"]);
  });

  test("findNode and the getters: absent things are undefined, wrong shapes are errors", () => {
    const { root } = parseFdt(dtcBlob);
    expect(findNode(root, "/")).toBe(root);
    expect(findNode(root, "/cpus/nope")).toBeUndefined();
    expect(findNode(root, "/vdevice/vty@1")).toBeUndefined();
    expect(getU32(root, "absent")).toBeUndefined();
    expect(getString(root, "absent")).toBeUndefined();
    const cpu = findNode(root, "/cpus/PowerPC,POWER9")!;
    expect(() => getU32(cpu, "ibm,ppc-interrupt-server#s")).toThrow(/8 bytes, not a single u32/);
    expect(() => getString(cpu, "linux,phandle")).toThrow(/not a NUL-terminated string list/);
    expect(() => getString(findNode(root, "/vdevice/vty")!, "compatible")).toThrow(/holds 2 strings, not one/);
  });

  test("skips FDT_NOP tokens", () => {
    const fdt = new FdtBuilder();
    fdt.beginNode("");
    fdt.propU32("x", 7);
    fdt.endNode();
    const blob = fdt.finish({ bootCpuid: 0 });
    // The root's one property (token, length, name offset, value) becomes four FDT_NOPs.
    const view = new DataView(blob.buffer);
    const structAt = view.getUint32(8);
    for (let at = structAt + 8; at < structAt + 8 + 16; at += 4) view.setUint32(at, 4);
    expect(parseFdt(blob).root.props.size).toBe(0);
  });

  describe("rejects malformed blobs", () => {
    const patched = (offset: number, value: number) => {
      const copy = dtcBlob.slice();
      new DataView(copy.buffer).setUint32(offset, value);
      return copy;
    };
    // The root's first property token follows its FDT_BEGIN_NODE and empty, padded name.
    const structAt = new DataView(dtcBlob.buffer).getUint32(8);
    const cases: [string, Uint8Array, RegExp][] = [
      ["truncated header", dtcBlob.subarray(0, 39), /truncated: 39 bytes/],
      ["bad magic", patched(0, 0xfeedd00d), /bad magic 0xfeedd00d/],
      ["totalsize past the blob", dtcBlob.subarray(0, 1000), /totalsize 10\d\d exceeds the 1000-byte blob/],
      ["old version", patched(20, 15), /version 15 is older than 16/],
      ["future format", patched(24, 18), /last compatible version 18 is newer than 17/],
      ["strings block past the end", patched(32, 0x10000), /strings block .* runs past totalsize/],
      ["structure block past the end", patched(36, 0x10000), /structure block .* runs past totalsize/],
      ["unterminated reservations", patched(16, dtcBlob.length - 8), /no terminating entry/],
      ["unknown token", patched(structAt, 7), /unknown token 0x7/],
      ["property outside a node", patched(structAt, 3), /outside any node/],
      ["stray FDT_END_NODE", patched(structAt, 2), /without a matching FDT_BEGIN_NODE/],
      ["property name offset out of range", patched(structAt + 16, 0x10000), /name offset 65536 is outside the strings block/],
      ["property value out of range", patched(structAt + 12, 0x10000), /property value .* runs past the structure block/],
      ["no FDT_END", patched(36, new DataView(dtcBlob.buffer).getUint32(36) - 4), /ends without FDT_END/],
    ];
    for (const [what, blob, message] of cases) {
      test(what, () => {
        expect(() => parseFdt(blob)).toThrow(message);
        expect(() => parseFdt(blob)).toThrow(FdtError);
      });
    }
  });

  test("fuzz: random truncations and byte flips only ever give FdtError or a tree", () => {
    let seed = 0xfd7fd7;
    const random = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const outcomes = { parsed: 0, rejected: 0 };
    for (let round = 0; round < 4000; round++) {
      let blob = dtcBlob.slice();
      if (random(4) === 0) blob = blob.subarray(0, random(blob.length));
      for (let flips = 1 + random(4); flips > 0 && blob.length > 0; flips--) blob[random(blob.length)] ^= 1 << random(8);
      try {
        parseFdt(blob);
        outcomes.parsed++;
      } catch (error) {
        if (!(error instanceof FdtError)) throw error;
        outcomes.rejected++;
      }
    }
    expect(outcomes.parsed).toBeGreaterThan(100);
    expect(outcomes.rejected).toBeGreaterThan(100);
  });
});
