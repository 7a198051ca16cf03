// spar's pseries tree against QEMU 7.2's (qemu-system-ppc64 -M pseries,x-vof=on,dumpdtb=F, then
// dtc -I dtb -O dts; /work/shared/reference/pseries-boot/p8.dts). Each node is rendered as dtc
// shows it, one property a line; QEMU's lines are copied from its dump, less the phandles VOF
// adds and the properties of devices spar does not have. Property order is free (IEEE 1275).
import { describe, expect, test } from "bun:test";
import { findNode, type FdtNode } from "../../firmware/fdt-reader.ts";
import { bootPseries, bootTree, guestBin } from "./boot-machine.ts";

/** A property as dtc prints it: a string list, cells, bytes, or just the name when empty. */
function dtsLine(name: string, value: Uint8Array): string {
  if (value.length === 0) return `${name};`;
  const text = new TextDecoder().decode(value);
  if (value[value.length - 1] === 0 && /^[\x20-\x7e]+(\0[\x20-\x7e]+)*\0$/.test(text)) return `${name} = "${text.slice(0, -1).replaceAll("\0", "\\0")}";`;
  if (value.length % 4 === 0) {
    const view = new DataView(value.buffer, value.byteOffset, value.length);
    const cells = Array.from({ length: value.length / 4 }, (_, i) => `0x${view.getUint32(4 * i).toString(16).padStart(2, "0")}`);
    return `${name} = <${cells.join(" ")}>;`;
  }
  return `${name} = [${Array.from(value, (b) => b.toString(16).padStart(2, "0")).join(" ")}];`;
}

/** A node's properties and, indented, its children's, sorted: what dtc shows, order aside. */
function dts(node: FdtNode, only?: (name: string) => boolean): string[] {
  const props = [...node.props].filter(([name]) => name !== "name" && (only?.(name) ?? true)).map(([name, value]) => dtsLine(name, value));
  const children = node.children.flatMap((child) => [`${child.name} {`, ...dts(child).map((l) => `\t${l}`), "};"]);
  return [...props.sort(), ...children];
}

const lines = (text: string) => text.trim().split("\n").map((l) => l.trim()).sort();

async function tree(args: string[] = []) {
  const { machine } = await bootPseries(["-cpu", "POWER8", ...args, "-bios", guestBin("hello-be")]);
  return bootTree(machine).root;
}

describe("the pseries tree as QEMU 7.2 builds it", () => {
  test("/rtas: the error-log and event-scan parameters, os-term, lrdr-capacity and QEMU's token for every service spar has", async () => {
    const rtas = findNode(await tree(), "/rtas")!;
    // Every line of QEMU's /rtas whose service or property spar implements, and nothing else.
    const qemu = lines(`
      ibm,nmi-interlock = <0x202c>;
      ibm,nmi-register = <0x202b>;
      ibm,os-term = <0x201f>;
      get-sensor-state = <0x201d>;
      get-power-level = <0x201c>;
      set-power-level = <0x201b>;
      set-indicator = <0x201a>;
      ibm,write-pci-config = <0x2017>;
      ibm,read-pci-config = <0x2016>;
      write-pci-config = <0x2015>;
      read-pci-config = <0x2014>;
      nvram-store = <0x2013>;
      nvram-fetch = <0x2012>;
      event-scan = <0x200f>;
      check-exception = <0x200e>;
      ibm,int-on = <0x200d>;
      ibm,int-off = <0x200c>;
      ibm,get-xive = <0x200b>;
      ibm,set-xive = <0x200a>;
      ibm,set-system-parameter = <0x2009>;
      ibm,get-system-parameter = <0x2008>;
      stop-self = <0x2007>;
      start-cpu = <0x2006>;
      query-cpu-stopped-state = <0x2005>;
      system-reboot = <0x2004>;
      power-off = <0x2003>;
      set-time-of-day = <0x2002>;
      get-time-of-day = <0x2001>;
      display-character = <0x2000>;
      ibm,lrdr-capacity = <0x00 0x00 0x00 0x10000000 0x01>;
      ibm,extended-os-term;
      rtas-event-scan-rate = <0x01>;
      rtas-error-log-max = <0x800>;
      rtas-size = <0x82c>;
    `);
    expect(dts(rtas, (name) => name !== "ibm,hypertas-functions")).toEqual(qemu);
  });

  test("/event-sources: EPOW and hot-plug events on QEMU's interrupts", async () => {
    expect(dts(findNode(await tree(), "/event-sources")!)).toEqual([
      "#interrupt-cells = <0x02>;",
      "interrupt-controller;",
      "interrupt-ranges = <0x1000 0x01 0x1001 0x01>;",
      "hot-plug-events {",
      "\tinterrupts = <0x1001 0x00>;",
      "};",
      "epow-events {",
      "\tinterrupts = <0x1000 0x00>;",
      "};",
    ]);
  });

  test("/vdevice/nvram has its VIO interrupt, as QEMU's", async () => {
    expect(dts(findNode(await tree(), "/vdevice/nvram@71000001")!)).toEqual(lines(`
      #bytes = <0x10000>;
      interrupts = <0x1101 0x00>;
      compatible = "qemu,spapr-nvram";
      device_type = "nvram";
      reg = <0x71000001>;
    `));
  });

  test("/chosen: both stdout paths, and 32 fresh random bytes of rng-seed at each boot", async () => {
    const [chosen, again] = [findNode(await tree(), "/chosen")!, findNode(await tree(), "/chosen")!];
    expect(dts(chosen, (name) => name.includes("stdout"))).toEqual(lines(`
      stdout-path = "/vdevice/vty@71000000";
      linux,stdout-path = "/vdevice/vty@71000000";
    `));
    expect(chosen.props.get("rng-seed")!.length).toBe(32);
    expect(chosen.props.get("rng-seed")).not.toEqual(again.props.get("rng-seed"));
  });

  test("-icount shift=0 runs repeat exactly: their rng-seed is fixed", async () => {
    const seeds = [await tree(["-icount", "shift=0"]), await tree(["-icount", "shift=0"])].map((root) => findNode(root, "/chosen")!.props.get("rng-seed"));
    expect(seeds[0]).toEqual(new Uint8Array(32));
    expect(seeds[1]).toEqual(seeds[0]);
  });

  test("-device spapr-rng adds QEMU's /ibm,platform-facilities/ibm,random-v1; without it there is none", async () => {
    expect(findNode(await tree(), "/ibm,platform-facilities")).toBeUndefined();
    const root = await tree(["-object", "rng-builtin,id=rng0", "-device", "spapr-rng,rng=rng0"]);
    expect(dts(findNode(root, "/ibm,platform-facilities")!)).toEqual([
      ...lines(`
        #size-cells = <0x00>;
        #address-cells = <0x01>;
        device_type = "ibm,platform-facilities";
      `),
      "ibm,random-v1 {",
      '\tcompatible = "ibm,random";',
      "};",
    ]);
  });
});
