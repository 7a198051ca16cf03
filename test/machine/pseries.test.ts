// The pseries machine end to end: bare-metal guests from test/guests boot from -bios as they do
// on QEMU, print on the spapr-vty and power off through RTAS.
import { describe, expect, test } from "bun:test";
import { parseFdt, findNode, getStrings, getU32 } from "../../firmware/fdt-reader.ts";
import { FDT_BELOW_TOP, PseriesMachine } from "../../vmm/machine/pseries.ts";
import { runSlice } from "../../vmm/cpu/interp.ts";
import { MSR_ME, MSR_PR, MSR_SF } from "../../vmm/cpu/msr.ts";
import { SPR_SRR0, SPR_SRR1 } from "../../vmm/cpu/sprs.ts";
import { SRR1_ILLEGAL, VEC_PROGRAM } from "../../vmm/cpu/state.ts";
import { load } from "../cpu/helpers.ts";
import { bootPseries, bootTree, guestBin } from "./boot-machine.ts";


describe("pseries machine", () => {
  test.each(["be", "le"])("the hello guest prints and powers off (%s)", async (endian) => {
    const { machine, output } = await bootPseries(["-bios", guestBin(`hello-${endian}`)]);
    expect(await machine.run()).toBe(0);
    expect(output()).toBe("Hello from a POWER guest\nexit 0\n");
    expect(machine.state).toBe("stopped");
  });

  test("the device tree carries the RTAS tokens and console the guests look up", async () => {
    const { machine } = await bootPseries(["-bios", guestBin("hello-be")]);
    const fdtAddr = 256 * 1024 * 1024 - FDT_BELOW_TOP;
    expect(machine.cpu.gpr(3)).toBe(BigInt(fdtAddr));
    const tree = parseFdt(machine.mem.read(fdtAddr, 0x10000));
    expect(getU32(findNode(tree.root, "/rtas")!, "power-off")).toBe(machine.rtas.tokens().get("power-off"));
    expect(getU32(findNode(tree.root, "/vdevice/vty@71000000")!, "reg")).toBe(0x71000000);
  });

  test.each([
    ["POWER7", "0600f63fc70080c0"],
    ["POWER8", "1800f63fc7c080f0800000000000000000008000800080000000"],
    ["POWER8,compat=power7", "0600f63fc70080c0"],
  ])("-cpu %s: the CPU node says VMX+VSX, no transactional memory, and QEMU's cache geometry", async (cpu, paFeatures) => {
    // Linux takes VSX from ibm,vmx = 2 and clears every ibm,pa-features bit that is 0 (TM, byte 22).
    const { machine } = await bootPseries(["-cpu", cpu, "-bios", guestBin("hello-be")]);
    const node = findNode(bootTree(machine).root, `/cpus/PowerPC,${cpu.slice(0, 6)}@0`)!;
    expect(getU32(node, "ibm,vmx")).toBe(2);
    expect(Buffer.from(node.props.get("ibm,pa-features")!).toString("hex")).toBe(paFeatures);
    expect(node.props.has("64-bit")).toBe(true);
    for (const side of ["i", "d"]) {
      expect(getU32(node, `${side}-cache-size`)).toBe(0x8000);
      expect(getU32(node, `${side}-cache-line-size`)).toBe(0x80);
      expect(getU32(node, `${side}-cache-block-size`)).toBe(0x80);
    }
    expect(getU32(node, "ibm,purr")).toBe(1);
    expect(node.props.has("ibm,dfp")).toBe(false); // no decimal FP in spar
  });

  test("ibm,hypertas-functions names the LoPAR function sets spar implements, and only those", async () => {
    const { machine } = await bootPseries(["-bios", guestBin("hello-be")]);
    const tree = bootTree(machine);
    expect(getStrings(findNode(tree.root, "/rtas")!, "ibm,hypertas-functions")).toEqual([
      "hcall-bulk", "hcall-dabr", "hcall-interrupt", "hcall-pft", "hcall-set-mode", "hcall-splpar", "hcall-sprg0", "hcall-term", "hcall-xdabr",
    ]);
    // H_LOGICAL_CI_LOAD/STORE are hcall-debug's, but spar lacks the rest of that set.
    expect(machine.hcalls.families()).toContain("hcall-debug");
    // spar's private groupings (KVM's H_RTAS, H_RANDOM...) are not advertised.
    expect(machine.hcalls.families()).toContain("hcall-rtas");
  });

  test("the timebase follows the host clock unless -icount shift=0 asks for the deterministic one", async () => {
    expect((await bootPseries(["-bios", guestBin("hello-be")])).machine.cpu.timebase.mode).toBe("host");
    const { machine } = await bootPseries(["-icount", "shift=0", "-bios", guestBin("hello-be")]);
    expect(machine.cpu.timebase.mode).toBe("deterministic");
    expect(await machine.run()).toBe(0);
  });

  test("an unknown hcall returns H_FUNCTION and is logged once", async () => {
    const { machine, logged } = await bootPseries(["-bios", guestBin("hello-be")]);
    const cpu = machine.cpu;
    for (let i = 0; i < 2; i++) {
      cpu.setGpr(3, 0x1234);
      machine.hcalls.dispatch(cpu);
      expect(cpu.gpr(3)).toBe(BigInt.asUintN(64, -2n));
    }
    expect(logged).toEqual(["spar: unimplemented: hcall 0x1234"]);
  });

  test("an unknown RTAS token returns -3, and a buffer outside RAM is refused", async () => {
    const { machine, logged } = await bootPseries(["-bios", guestBin("hello-be")]);
    const view = machine.mem.view;
    view.setUint32(0x9000, 0x1fff); // token
    view.setUint32(0x9004, 0);
    view.setUint32(0x9008, 1);
    expect(machine.rtas.call(0x9000)).toBe(true);
    expect(view.getInt32(0x900c)).toBe(-3);
    expect(logged).toEqual(["spar: unimplemented: RTAS token 0x1fff"]);
    expect(machine.rtas.call(machine.mem.size - 4)).toBe(false);
  });
});

describe("H_SET_MODE", () => {
  const call = (machine: PseriesMachine, args: number[]) => {
    const cpu = machine.cpu;
    cpu.setGpr(3, 0x31c);
    args.forEach((v, i) => cpu.setGpr(4 + i, v));
    machine.hcalls.dispatch(cpu);
    return Number(BigInt.asIntN(64, cpu.gpr(3)));
  };

  test("sets interrupt endianness and AIL as Linux asks (mflags 1/resource 4, mflags 3/resource 3)", async () => {
    const { machine } = await bootPseries(["-bios", guestBin("hello-be")]);
    expect(call(machine, [1, 4, 0, 0])).toBe(0);
    expect(machine.cpu.interruptLittleEndian).toBe(true);
    expect(call(machine, [3, 3, 0, 0])).toBe(0);
    expect((machine.cpu.sprLo[318] >>> 23) & 3).toBe(3);
  });

  test("rejects what PAPR rejects", async () => {
    const { machine, logged } = await bootPseries(["-bios", guestBin("hello-be")]);
    expect(call(machine, [1, 9, 0, 0])).toBe(-55); // H_P2: unknown resource, logged
    expect(call(machine, [1, 4, 5, 0])).toBe(-56); // H_P3
    expect(call(machine, [1, 4, 0, 5])).toBe(-57); // H_P4
    expect(call(machine, [2, 4, 0, 0])).toBe(-256); // H_UNSUPPORTED_FLAG
    expect(call(machine, [1, 3, 0, 0])).toBe(-256);
    expect(logged).toEqual(["spar: unimplemented: H_SET_MODE resource 9"]);
  });
});

describe("large decrementer", () => {
  test.each([["POWER9", 56], ["POWER8", undefined]])("%s: LPCR[LD] and ibm,dec-bits follow cap-large-decr", async (cpuName, bits) => {
    const { machine } = await bootPseries(["-cpu", String(cpuName), "-bios", guestBin("hello-be")]);
    const tree = bootTree(machine);
    const cpuNode = findNode(tree.root, `/cpus/PowerPC,${cpuName}@0`)!;
    expect(cpuNode.props.has("ibm,dec-bits") ? getU32(cpuNode, "ibm,dec-bits") : undefined).toBe(bits);
    expect((machine.cpu.sprLo[318] & (1 << 17)) !== 0).toBe(bits !== undefined);
  });
});

describe("XICS in the machine", () => {
  test("an IPI to self reaches the CPU as an external interrupt and is accepted with H_XIRR", async () => {
    const { machine } = await bootPseries(["-bios", guestBin("hello-be")]);
    const cpu = machine.cpu;
    const call = (n: number, ...args: number[]) => {
      cpu.setGpr(3, n);
      args.forEach((a, i) => cpu.setGpr(4 + i, a));
      machine.hcalls.dispatch(cpu);
      return cpu.gpr(3);
    };
    expect(call(0x68, 0xff)).toBe(0n); // H_CPPR: accept every priority
    expect(call(0x6c, 0, 5)).toBe(0n); // H_IPI to server 0, priority 5
    expect(cpu.externalPending).toBe(true);
    cpu.setMsr(1 << 31, (1 << 12) | (1 << 15)); // SF; ME, EE
    cpu.pcLo = 0x2000;
    expect(cpu.takeAsyncInterrupts()).toBe(true);
    expect(cpu.pc).toBe(0x500n);
    expect(call(0x74)).toBe(0n); // H_XIRR
    expect(cpu.gpr(4)).toBe(0xff000002n);
    expect(cpu.externalPending).toBe(false);
  });
});

describe("compat modes from reset", () => {
  test("-cpu POWER8,compat=power7: cpu-version is the logical PVR and ISA 2.07 instructions are illegal in problem state", async () => {
    const { machine } = await bootPseries(["-cpu", "POWER8,compat=power7", "-bios", guestBin("hello-be")]);
    const tree = bootTree(machine);
    expect(getU32(findNode(tree.root, "/cpus/PowerPC,POWER8@0")!, "cpu-version")).toBe(0x0f000003);
    const cpu = machine.cpu;
    expect(cpu.sprLo[338]).toBe(0x4); // PCR[v2.06]
    expect(cpu.compatIsa).toBe(206);
    expect(cpu.sprLo[287]).toBe(0x004d0200); // the PVR register still reads the real CPU
    // lbarx (ISA 2.07): the kernel may use it, a program may not (Book III: the PCR governs problem state only).
    cpu.setGpr(5, 0x200000);
    load(cpu, 0x100000, ["lbarx r4,0,r5"]);
    runSlice(cpu, 1);
    expect(cpu.pc).toBe(0x100004n);
    cpu.setMsr(MSR_SF, MSR_ME | MSR_PR);
    cpu.pc = 0x100000n;
    runSlice(cpu, 1);
    expect(cpu.pc).toBe(BigInt(VEC_PROGRAM));
    expect([cpu.sprHi[SPR_SRR0], cpu.sprLo[SPR_SRR0]]).toEqual([0, 0x100000]);
    expect([cpu.sprHi[SPR_SRR1], cpu.sprLo[SPR_SRR1]]).toEqual([MSR_SF, MSR_ME | MSR_PR | SRR1_ILLEGAL]);
  });
});
