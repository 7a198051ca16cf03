// XICS: the presentation and source controllers (LoPAR "Interrupt Controller"), the interrupt
// hcalls (LoPAR "Interrupt Support hcall()s"), the PowerPC External Interrupt Option RTAS calls
// (LoPAR "RTAS Call Definitions") and the device tree node. Guests drive everything through the
// hcalls and RTAS, so the tests do too; devices use the ICS API.
import { beforeEach, describe, expect, test } from "bun:test";
import { FdtBuilder } from "../../firmware/fdt.ts";
import { findNode, getString, getU32, parseFdt } from "../../firmware/fdt-reader.ts";
import { writeXicsNode, xicsInterrupts, XICS_PHANDLE } from "../../firmware/xics-node.ts";
import { findCpuModel } from "../../vmm/cpu/models.ts";
import { MSR_EE, MSR_ME, MSR_SF } from "../../vmm/cpu/msr.ts";
import { Cpu, VEC_EXTERNAL } from "../../vmm/cpu/state.ts";
import { H_PARAMETER, H_SUCCESS, HcallTable } from "../../vmm/machine/hcalls.ts";
import { H_CPPR, H_EOI, H_IPI, H_IPOLL, H_XIRR, H_XIRR_X, registerXicsHcalls } from "../../vmm/machine/hcalls-xics.ts";
import { RTAS_PARAMETER_ERROR, Rtas } from "../../vmm/machine/rtas.ts";
import { registerXicsRtas } from "../../vmm/machine/rtas-xics.ts";
import { XICS_IPI, XICS_IRQ_BASE, XICS_SOURCES, Xics } from "../../vmm/machine/xics.ts";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { rtasCaller } from "./rtas-call.ts";

const RAM_SIZE = 1 << 20;
const RTAS_BUFFER = 0x1000;
/** Linux's priorities: IPIs at 4, devices at 5 (arch/powerpc/include/asm/xics.h). */
const IPI_PRIORITY = 4, DEFAULT_PRIORITY = 5;

const mem = new GuestMemory(RAM_SIZE);
const cpus = [0, 1].map((pir) => new Cpu(findCpuModel("power9")!, mem, { pir }));
let xics: Xics, hcalls: HcallTable, rtas: Rtas;

beforeEach(() => {
  for (const cpu of cpus) {
    cpu.gprHi.fill(0);
    cpu.gprLo.fill(0);
    cpu.setExternalInterrupt(false);
  }
  xics = new Xics(cpus.length, (i, pending) => cpus[i].setExternalInterrupt(pending));
  hcalls = new HcallTable(() => {});
  registerXicsHcalls(hcalls, xics, (cpu) => cpus.indexOf(cpu));
  rtas = new Rtas(mem, () => {});
  registerXicsRtas(rtas, xics);
});

/** Hcall `number` from CPU `on` with r4.. = args; returns the status and r4, r5 (unsigned). */
function hcall(number: number, args: number[], on = 0): { status: number; r4: number; r5: number } {
  const cpu = cpus[on];
  cpu.setGpr(3, number);
  args.forEach((a, i) => cpu.setGpr(4 + i, a));
  hcalls.dispatch(cpu);
  const u64 = (n: number) => (cpu.gprHi[n] >>> 0) * 4294967296 + (cpu.gprLo[n] >>> 0);
  return { status: cpu.gprLo[3], r4: u64(4), r5: u64(5) };
}

const xirr = (on = 0) => hcall(H_XIRR, [], on).r4;
const eoi = (value: number, on = 0) => hcall(H_EOI, [value], on).status;
const cppr = (priority: number, on = 0) => hcall(H_CPPR, [priority], on).status;
const ipoll = (server: number) => hcall(H_IPOLL, [server]);
const line = (on = 0) => cpus[on].externalPending;
/** An XIRR value: CPPR in the top byte, XISR below. */
const word = (priority: number, xisr: number) => ((priority << 24) | xisr) >>> 0;

const rtasCall = rtasCaller(mem, () => rtas, RTAS_BUFFER);

/** A source set up the way Linux does it: ibm,set-xive to the server at priority 5, then ibm,int-on. */
function source(kind: "lsi" | "msi", server = 0, priority = DEFAULT_PRIORITY): number {
  const irq = xics.ics.allocate(kind);
  expect(rtasCall("ibm,set-xive", [irq, server, priority], 1)).toEqual([0]);
  expect(rtasCall("ibm,int-on", [irq], 1)).toEqual([0]);
  return irq;
}

describe("IPIs (H_IPI, H_XIRR, H_EOI)", () => {
  test("round trip: MFRR raises the line, accept returns CPPR|XISR 2 and takes the IPI's priority, EOI restores", () => {
    expect(cppr(0xff)).toBe(H_SUCCESS);
    expect(hcall(H_IPI, [0, IPI_PRIORITY]).status).toBe(H_SUCCESS);
    expect(line()).toBe(true);
    expect(ipoll(0)).toMatchObject({ status: H_SUCCESS, r4: 0xff000002, r5: IPI_PRIORITY });
    expect(xirr()).toBe(0xff000002);
    expect(line()).toBe(false);
    expect(xics.icps[0].cppr).toBe(IPI_PRIORITY);
    expect(hcall(H_IPI, [0, 0xff]).status).toBe(H_SUCCESS); // Linux clears MFRR in its IPI handler
    expect(eoi(0xff000002)).toBe(H_SUCCESS);
    expect(line()).toBe(false);
    expect(ipoll(0)).toMatchObject({ r4: 0xff000000, r5: 0xff });
  });

  test("LoPAR R1-6.2.1-13: CPPR starts at 0, so nothing is signalled until the OS lowers it", () => {
    hcall(H_IPI, [0, IPI_PRIORITY]);
    expect(line()).toBe(false);
    expect(ipoll(0).r4).toBe(0);
    cppr(0xff);
    expect(line()).toBe(true);
  });

  test("an IPI not yet cleared is presented again when CPPR drops after EOI", () => {
    cppr(0xff);
    hcall(H_IPI, [0, IPI_PRIORITY]);
    expect(xirr()).toBe(0xff000002);
    eoi(0xff000002); // MFRR still 4: the IPI is still requested
    expect(line()).toBe(true);
    expect(xirr()).toBe(0xff000002);
  });

  test("H_IPI reaches only the named server; an unknown server is H_PARAMETER", () => {
    cppr(0xff, 0);
    cppr(0xff, 1);
    expect(hcall(H_IPI, [1, IPI_PRIORITY], 0).status).toBe(H_SUCCESS);
    expect([line(0), line(1)]).toEqual([false, true]);
    expect(xirr(1)).toBe(0xff000002);
    expect(hcall(H_IPI, [2, IPI_PRIORITY]).status).toBe(H_PARAMETER);
    expect(hcall(H_IPI, [2 ** 40, IPI_PRIORITY]).status).toBe(H_PARAMETER);
  });

  test("only the low byte of the MFRR and CPPR arguments counts", () => {
    expect(cppr(0x1ff)).toBe(H_SUCCESS);
    expect(xics.icps[0].cppr).toBe(0xff);
    hcall(H_IPI, [0, 0x304]);
    expect(xics.icps[0].mfrr).toBe(4);
  });
});

describe("the CPU's external interrupt line", () => {
  test("an IPI is taken at 0x500 once MSR[EE] is set, and stays requested until accepted", () => {
    const cpu = cpus[0];
    const seen: number[] = [];
    cpu.onInterrupt = (vector) => seen.push(vector);
    cpu.setMsr(MSR_SF, MSR_ME);
    cppr(0xff);
    hcall(H_IPI, [0, IPI_PRIORITY]);
    expect(cpu.takeAsyncInterrupts()).toBe(false);
    cpu.setMsr(MSR_SF, MSR_ME | MSR_EE);
    expect(cpu.takeAsyncInterrupts()).toBe(true);
    expect(seen).toEqual([VEC_EXTERNAL]);
    expect(line()).toBe(true); // level: the ICP holds it until H_XIRR
    xirr();
    cpu.setMsr(MSR_SF, MSR_ME | MSR_EE);
    expect(cpu.takeAsyncInterrupts()).toBe(false);
    cpu.onInterrupt = undefined;
  });
});

describe("H_XIRR, H_XIRR_X, H_IPOLL, H_EOI details", () => {
  test("accept with nothing pending returns CPPR with XISR 0 and leaves CPPR alone", () => {
    cppr(0x80);
    expect(xirr()).toBe(0x80000000);
    expect(xics.icps[0].cppr).toBe(0x80);
  });

  test("H_XIRR_X accepts like H_XIRR and returns the timebase in r5", () => {
    const cpu = cpus[0];
    cpu.timebase.write(cpu.instructions, 0x123456789a);
    cppr(0xff);
    hcall(H_IPI, [0, IPI_PRIORITY]);
    const { status, r4, r5 } = hcall(H_XIRR_X, [0xff]);
    expect([status, r4, r5]).toEqual([H_SUCCESS, 0xff000002, 0x123456789a]);
    expect(xics.icps[0].cppr).toBe(IPI_PRIORITY);
  });

  test("H_IPOLL reads another server's XIRR and MFRR without accepting; bad server is H_PARAMETER", () => {
    cppr(0xff, 1);
    hcall(H_IPI, [1, 3]);
    expect(ipoll(1)).toMatchObject({ status: H_SUCCESS, r4: 0xff000002, r5: 3 });
    expect(ipoll(1).r4).toBe(0xff000002);
    expect(line(1)).toBe(true);
    expect(ipoll(7).status).toBe(H_PARAMETER);
  });

  test("H_EOI with an XISR that is no interrupt source is H_PARAMETER and changes nothing", () => {
    cppr(0x10);
    for (const bad of [0xff000000, 0xff000001, 0xff000fff, 0xff001000, 0xffffffff]) expect(eoi(bad)).toBe(H_PARAMETER);
    expect(xics.icps[0].cppr).toBe(0x10);
  });

  test("the hcalls belong to function set hcall-interrupt", () => {
    expect(hcalls.families()).toEqual(["hcall-interrupt"]);
  });
});

describe("level sources (LSI)", () => {
  test("assert, accept, EOI while still asserted presents again; EOI after deassert ends it", () => {
    cppr(0xff);
    const irq = source("lsi");
    xics.ics.setLevel(irq, true);
    expect(line()).toBe(true);
    expect(xirr()).toBe(word(0xff, irq));
    expect(xics.icps[0].cppr).toBe(DEFAULT_PRIORITY);
    xics.ics.setLevel(irq, true); // still in service: not presented twice
    expect(line()).toBe(false);
    expect(eoi(word(0xff, irq))).toBe(H_SUCCESS);
    expect(line()).toBe(true);
    expect(xirr()).toBe(word(0xff, irq));
    xics.ics.setLevel(irq, false);
    eoi(word(0xff, irq));
    expect(line()).toBe(false);
    expect(xics.icps[0].cppr).toBe(0xff);
  });

  test("a line raised while masked (priority 0xff) is presented once ibm,set-xive unmasks it", () => {
    cppr(0xff);
    const irq = xics.ics.allocate("lsi");
    xics.ics.setLevel(irq, true);
    expect(line()).toBe(false);
    rtasCall("ibm,set-xive", [irq, 0, DEFAULT_PRIORITY], 1);
    expect(xirr() & 0xffffff).toBe(irq);
  });

  test("a line that drops while masked is not presented on unmask", () => {
    cppr(0xff);
    const irq = source("lsi");
    rtasCall("ibm,int-off", [irq], 1);
    xics.ics.setLevel(irq, true);
    xics.ics.setLevel(irq, false);
    rtasCall("ibm,int-on", [irq], 1);
    expect(line()).toBe(false);
  });
});

describe("message sources (MSI)", () => {
  test("trigger, accept, EOI; one that fires again in service is presented after the EOI", () => {
    cppr(0xff);
    const irq = source("msi");
    xics.ics.trigger(irq);
    expect(xirr()).toBe(word(0xff, irq));
    xics.ics.trigger(irq);
    expect(line()).toBe(false);
    eoi(word(0xff, irq));
    expect(xirr()).toBe(word(0xff, irq));
    eoi(word(0xff, irq));
    expect(line()).toBe(false);
  });

  test("a message while masked is held, not lost, and presented by ibm,int-on", () => {
    cppr(0xff);
    const irq = source("msi");
    rtasCall("ibm,int-off", [irq], 1);
    xics.ics.trigger(irq);
    expect(line()).toBe(false);
    rtasCall("ibm,int-on", [irq], 1);
    expect(xirr() & 0xffffff).toBe(irq);
  });

  test("an MSI to server 1 raises server 1's line only", () => {
    cppr(0xff, 0);
    cppr(0xff, 1);
    const irq = source("msi", 1);
    xics.ics.trigger(irq);
    expect([line(0), line(1)]).toEqual([false, true]);
    expect(xirr(1) & 0xffffff).toBe(irq);
  });
});

describe("priorities, CPPR filtering, rejection and resend", () => {
  test("only interrupts strictly more favoured than CPPR are presented", () => {
    const irq = source("msi", 0, 5);
    cppr(5);
    xics.ics.trigger(irq);
    expect(line()).toBe(false);
    cppr(6); // CPPR drops below it: resent
    expect(xirr()).toBe(word(6, irq));
  });

  test("a more favoured interrupt displaces the pending one, which comes back after the EOI", () => {
    cppr(0xff);
    const low = source("msi", 0, 6), high = source("msi", 0, 3);
    xics.ics.trigger(low);
    xics.ics.trigger(high);
    expect(ipoll(0).r4).toBe(word(0xff, high));
    expect(xirr()).toBe(word(0xff, high));
    expect(line()).toBe(false); // the displaced one is less favoured than CPPR 3
    eoi(word(0xff, high));
    expect(xirr()).toBe(word(0xff, low));
  });

  test("a less favoured or equal interrupt waits behind the pending one", () => {
    cppr(0xff);
    const first = source("msi", 0, 5), second = source("lsi", 0, 5);
    xics.ics.trigger(first);
    xics.ics.setLevel(second, true);
    expect(xirr() & 0xffffff).toBe(first);
    eoi(word(0xff, first));
    expect(xirr() & 0xffffff).toBe(second);
  });

  test("raising CPPR above a pending interrupt rejects it (line drops); lowering CPPR resends it", () => {
    cppr(0xff);
    const irq = source("lsi", 0, 5);
    xics.ics.setLevel(irq, true);
    expect(line()).toBe(true);
    cppr(5);
    expect(line()).toBe(false);
    expect(ipoll(0).r4).toBe(0x05000000);
    cppr(0xff);
    expect(xirr() & 0xffffff).toBe(irq);
  });

  test("raising CPPR above a pending IPI withdraws it; the MFRR brings it back when CPPR drops", () => {
    cppr(0xff);
    hcall(H_IPI, [0, IPI_PRIORITY]);
    cppr(2);
    expect(line()).toBe(false);
    cppr(0xff);
    expect(xirr()).toBe(0xff000002);
  });

  test("an IPI more favoured than a pending device interrupt displaces it; the device follows", () => {
    cppr(0xff);
    const irq = source("msi", 0, 5);
    xics.ics.trigger(irq);
    hcall(H_IPI, [0, 2]);
    expect(xirr()).toBe(0xff000002);
    hcall(H_IPI, [0, 0xff]);
    eoi(0xff000002);
    expect(xirr() & 0xffffff).toBe(irq);
  });

  test("ibm,set-xive moves a waiting interrupt to another server, which takes it at once", () => {
    cppr(0, 0);
    cppr(0xff, 1);
    const irq = source("msi", 0);
    xics.ics.trigger(irq);
    expect(line(0)).toBe(false);
    rtasCall("ibm,set-xive", [irq, 1, DEFAULT_PRIORITY], 1);
    expect(line(1)).toBe(true);
    expect(xirr(1) & 0xffffff).toBe(irq);
  });
});

describe("RTAS: ibm,set-xive, ibm,get-xive, ibm,int-off, ibm,int-on", () => {
  test("set-xive then get-xive round-trips server and priority; sources start masked on server 0", () => {
    const irq = xics.ics.allocate("lsi");
    expect(rtasCall("ibm,get-xive", [irq], 3)).toEqual([0, 0, 0xff]);
    expect(rtasCall("ibm,set-xive", [irq, 1, 7], 1)).toEqual([0]);
    expect(rtasCall("ibm,get-xive", [irq], 3)).toEqual([0, 1, 7]);
  });

  test("int-off masks without touching the XIVE; set-xive while off keeps it off; int-on enables", () => {
    cppr(0xff);
    const irq = source("lsi");
    expect(rtasCall("ibm,int-off", [irq], 1)).toEqual([0]);
    expect(rtasCall("ibm,get-xive", [irq], 3)).toEqual([0, 0, DEFAULT_PRIORITY]);
    xics.ics.setLevel(irq, true);
    expect(line()).toBe(false);
    // Linux's affinity change: get-xive, then set-xive to a new server with the same priority.
    rtasCall("ibm,set-xive", [irq, 1, DEFAULT_PRIORITY], 1);
    expect([line(0), line(1)]).toEqual([false, false]);
    rtasCall("ibm,set-xive", [irq, 0, DEFAULT_PRIORITY], 1);
    expect(rtasCall("ibm,int-on", [irq], 1)).toEqual([0]);
    expect(xirr() & 0xffffff).toBe(irq);
  });

  test("Linux's mask (int-off, set-xive 0xff) and unmask (set-xive 5, int-on)", () => {
    cppr(0xff);
    const irq = source("msi");
    rtasCall("ibm,int-off", [irq], 1);
    rtasCall("ibm,set-xive", [irq, 0, 0xff], 1);
    xics.ics.trigger(irq);
    rtasCall("ibm,set-xive", [irq, 0, DEFAULT_PRIORITY], 1);
    expect(line()).toBe(false);
    rtasCall("ibm,int-on", [irq], 1);
    expect(xirr() & 0xffffff).toBe(irq);
  });

  test("argument errors (-3): unimplemented interrupt, bad server, priority > 0xff, wrong argument count", () => {
    const irq = xics.ics.allocate("msi");
    const unallocated = irq + 1;
    for (const bad of [unallocated, XICS_IPI, 0, XICS_IRQ_BASE + XICS_SOURCES]) {
      expect(rtasCall("ibm,set-xive", [bad, 0, 5], 1)).toEqual([RTAS_PARAMETER_ERROR]);
      expect(rtasCall("ibm,get-xive", [bad], 3)[0]).toBe(RTAS_PARAMETER_ERROR);
      expect(rtasCall("ibm,int-off", [bad], 1)).toEqual([RTAS_PARAMETER_ERROR]);
      expect(rtasCall("ibm,int-on", [bad], 1)).toEqual([RTAS_PARAMETER_ERROR]);
    }
    expect(rtasCall("ibm,set-xive", [irq, 2, 5], 1)).toEqual([RTAS_PARAMETER_ERROR]);
    expect(rtasCall("ibm,set-xive", [irq, 0, 0x100], 1)).toEqual([RTAS_PARAMETER_ERROR]);
    expect(rtasCall("ibm,set-xive", [irq, 0], 1)).toEqual([RTAS_PARAMETER_ERROR]);
    expect(rtasCall("ibm,get-xive", [irq, 0], 3)[0]).toBe(RTAS_PARAMETER_ERROR);
    expect(rtasCall("ibm,int-on", [], 1)).toEqual([RTAS_PARAMETER_ERROR]);
    expect(rtasCall("ibm,get-xive", [irq], 3)).toEqual([0, 0, 0xff]); // untouched by the failures
  });

  test("tokens are registered in QEMU's order", () => {
    expect([...rtas.tokens().keys()]).toEqual(["ibm,set-xive", "ibm,get-xive", "ibm,int-off", "ibm,int-on"]);
  });
});

describe("source allocation", () => {
  test("numbers run from 0x1000; a given number can be claimed once; misuse throws", () => {
    expect(xics.ics.allocate("msi")).toBe(0x1000);
    expect(xics.ics.allocate("lsi", 0x1100)).toBe(0x1100);
    expect(xics.ics.allocate("msi")).toBe(0x1001);
    expect(() => xics.ics.allocate("msi", 0x1100)).toThrow(/not free/);
    expect(() => xics.ics.allocate("msi", 0xfff)).toThrow(/not free/);
    expect(() => xics.ics.allocate("msi", XICS_IRQ_BASE + XICS_SOURCES)).toThrow(/not free/);
    expect(() => xics.ics.setLevel(0x1000, true)).toThrow(/msi, not lsi/);
    expect(() => xics.ics.trigger(0x1100)).toThrow(/lsi, not msi/);
    expect(() => xics.ics.trigger(0x1002)).toThrow(/no interrupt source/);
  });

  test("allocation fails when every source is taken", () => {
    const small = new Xics(1, () => {}, 2);
    small.ics.allocate("msi");
    small.ics.allocate("msi");
    expect(() => small.ics.allocate("msi")).toThrow(/no free/);
  });
});

describe("device tree", () => {
  test("/interrupt-controller matches QEMU's pseries node", () => {
    const fdt = new FdtBuilder();
    fdt.beginNode("");
    writeXicsNode(fdt, 2);
    fdt.endNode();
    const node = findNode(parseFdt(fdt.finish({ bootCpuid: 0 })).root, "/interrupt-controller")!;
    expect([...node.props.keys()]).toEqual([
      "phandle",
      "linux,phandle",
      "#interrupt-cells",
      "ibm,interrupt-server-ranges",
      "interrupt-controller",
      "compatible",
      "device_type",
    ]);
    expect(getU32(node, "phandle")).toBe(XICS_PHANDLE);
    expect(getU32(node, "#interrupt-cells")).toBe(2);
    expect([...node.props.get("ibm,interrupt-server-ranges")!]).toEqual([0, 0, 0, 0, 0, 0, 0, 2]);
    expect(node.props.get("interrupt-controller")!.length).toBe(0);
    expect(getString(node, "compatible")).toBe("IBM,ppc-xicp");
    expect(getString(node, "device_type")).toBe("PowerPC-External-Interrupt-Presentation");
  });

  test("interrupt specifiers: 1 for level, 0 for message, as QEMU writes them", () => {
    expect(xicsInterrupts(0x1200, "lsi")).toEqual([0x1200, 1]);
    expect(xicsInterrupts(0x1100, "msi")).toEqual([0x1100, 0]);
  });
});
