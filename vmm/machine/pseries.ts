// The pseries machine: guest RAM from 0, one POWER hardware thread, the spapr-vty console,
// XICS, hypercalls and RTAS, built from a MachineConfig. Guests enter as QEMU's pseries enters
// them: a -bios image runs from 0x100 with MSR=0 (big-endian, 32-bit, real mode) and r3 = the
// flattened device tree; a -kernel image runs from its lowest loaded address (0x400000 for
// kernels linked at 0) the way QEMU's VOF enters it, 32-bit big-endian with r5 = the Open
// Firmware client interface. The machine runs the CPU in slices and yields between them.

import { ClientInterface } from "../../firmware/client-interface.ts";
import { buildDeviceTree } from "../../firmware/device-tree.ts";
import { DeviceTreeModel } from "../../firmware/device-tree-model.ts";
import { CLIENT_ENTRY_ADDRESS, CLIENT_ENTRY_STUB, CLIENT_STACK_POINTER, FIRMWARE_AREA } from "../../firmware/entry-stub.ts";
import { registerClientInterface } from "./hcalls-client-interface.ts";
import { applyToCpu, applyToPartition, clientArchitectureSupport, compatState, prepareTree } from "./cas.ts";
import { SPR_PCR } from "../cpu/sprs.ts";
import { runSlice } from "../cpu/interp.ts";
import { MSR_BE, MSR_ME, MSR_SE } from "../cpu/msr.ts";
import { runWithTrace } from "../cpu/trace-interrupt.ts";
import { SPR_LPCR } from "../cpu/sprs.ts";
import { Cpu, LARGE_DEC_BITS, LPCR_LD } from "../cpu/state.ts";
import { TIMEBASE_HZ } from "../cpu/timebase.ts";
import type { CharBackend } from "../devices/char-backend.ts";
import { SpaprVty, VTY_MAX_CHUNK, VTY_REG } from "../devices/spapr-vty.ts";
import { SpaprNvram } from "../devices/spapr-nvram.ts";
import { rngBackend } from "../devices/rng-backend.ts";
import { GuestMemory } from "../mmu/guest-memory.ts";
import type { MachineConfig } from "./config.ts";
import { H_PARAMETER, H_SUCCESS, HcallTable } from "./hcalls.ts";
import { registerModeHcalls } from "./hcalls-mode.ts";
import { registerCpuHcalls } from "./hcalls-cpu.ts";
import { registerDabrHcalls } from "./hcalls-dabr.ts";
import { registerDebugHcalls } from "./hcalls-debug.ts";
import { registerSplparHcalls, type VcpuAreas } from "./hcalls-splpar.ts";
import { registerXicsHcalls } from "./hcalls-xics.ts";
import { registerXicsRtas } from "./rtas-xics.ts";
import { Xics } from "./xics.ts";
import { registerRadixHcalls } from "./hcalls-radix.ts";
import { HashMmu } from "../mmu/hash64.ts";
import { HashPageTable, POWER_SEGMENT_PAGE_SIZES, pftSizeForRam } from "../mmu/hpt.ts";
import { PartitionState } from "../mmu/partition.ts";
import { RadixMmu } from "../mmu/radix64.ts";
import { registerPftHcalls } from "./hcalls-pft.ts";
import { inflateGzip, initrdImage, LoadError, loadElf, loadRaw, PSERIES_KERNEL_PLACEMENT } from "./loader/index.ts";
import type { MachineLog } from "./log.ts";
import { Rtas } from "./rtas.ts";
import { registerPlatformRtas } from "./rtas-platform.ts";
import { timeOfDay } from "./time-of-day.ts";
import { registerNvramRtas } from "./rtas-nvram.ts";
import { registerSysparmRtas } from "./rtas-sysparm.ts";
import { registerCpuRtas } from "./rtas-cpu.ts";
import { registerDrRtas } from "./rtas-dr.ts";
import { registerPciRtas } from "./rtas-pci.ts";
import { Fwnmi, registerNmiRtas } from "./rtas-nmi.ts";
import { registerSysResetHcall } from "./hcalls-sys-reset.ts";
import { registerRandomHcall } from "./hcalls-random.ts";
import { type MachineState, StatsBlock } from "./stats.ts";
import type { CompatMode } from "../cpu/models.ts";

// ---- Memory map and entry conventions (QEMU 7.2 pseries)
export const BIOS_LOAD = 0;
export const BIOS_ENTRY = 0x100;
export const KERNEL_LOAD = PSERIES_KERNEL_PLACEMENT.loadOffset;
/** The device tree sits 2 MiB below the top of RAM (below 2 GiB), as QEMU places it. */
export const FDT_BELOW_TOP = 0x200000;
const FDT_MAX = 0x100000;
/** QEMU's private hcall numbers: RTAS entry. */
export const KVMPPC_H_RTAS = 0xf000;
export const H_GET_TERM_CHAR = 0x54;
export const H_PUT_TERM_CHAR = 0x58;

/** Instructions per slice: long enough to amortise the loop, short enough to stay responsive. */
const SLICE = 1_000_000;
/** Yield to the event loop (console input, timers, the TUI) at least this often. */
const YIELD_MS = 16;

export class PseriesMachine {
  readonly mem: GuestMemory;
  readonly cpu: Cpu;
  readonly vty: SpaprVty;
  readonly hcalls: HcallTable;
  readonly rtas: Rtas;
  /** The partition's translation mode and process table, as the hypervisor (spar) keeps them. */
  readonly partition = new PartitionState();
  /** The hashed page table belongs to the hypervisor: it lives in spar, outside guest RAM. */
  readonly hpt: HashPageTable;
  readonly hashMmu: HashMmu;
  readonly radixMmu: RadixMmu;
  /** The interrupt controller (XICS), and the interrupt sources, numbered as QEMU numbers them. */
  readonly xics: Xics;
  readonly eventIrqs: { epow: number; hotplug: number };
  readonly vtyIrq: number;
  readonly nvramIrq: number;
  readonly nvram: SpaprNvram;
  state: MachineState = "created";
  exitStatus = 0;
  /** The compat mode the CPU runs in (from -cpu compat= at reset, then CAS); undefined is raw mode. */
  compat: CompatMode | undefined;
  /** Host milliseconds spent running guest instructions (the vCPU's busy time, for CPU %). */
  busyMs = 0;
  private statsBlock: StatsBlock | undefined;
  private wake: (() => void) | undefined;
  /** Areas each vCPU registered with H_REGISTER_VPA. */
  readonly vcpuAreas: VcpuAreas[] = [{ vpa: 0, slbShadow: 0, dtl: 0 }];
  /** The vCPU called RTAS stop-self: nothing but start-cpu (from another vCPU) would wake it. */
  private cpuStopped = false;
  /** spar's Open Firmware, for a -kernel guest. */
  private clientInterface: ClientInterface | undefined;
  /** The system reset and machine check handlers the OS registered (ibm,nmi-register). */
  readonly fwnmi: Fwnmi;

  constructor(
    readonly config: MachineConfig,
    console: CharBackend,
    readonly log: MachineLog,
    /** The NVRAM, persisted by whoever opened its image (start.ts for -drive if=pflash). */
    nvram = SpaprNvram.blank(),
  ) {
    this.nvram = nvram;
    this.mem = new GuestMemory(config.memory);
    this.cpu = new Cpu(config.cpu, this.mem, { timebase: config.clock === "instructions" ? "deterministic" : "host" });
    this.cpu.logUnimplemented = (what) => log.unimplemented(what);
    this.xics = new Xics(1, (_server, pending) => this.cpu.setExternalInterrupt(pending));
    this.eventIrqs = { epow: this.xics.ics.allocate("msi", 0x1000), hotplug: this.xics.ics.allocate("msi", 0x1001) };
    this.vtyIrq = this.xics.ics.allocate("msi", 0x1100);
    this.nvramIrq = this.xics.ics.allocate("msi", 0x1101);
    this.vty = new SpaprVty(VTY_REG, console, () => this.xics.ics.trigger(this.vtyIrq));
    this.hcalls = new HcallTable((what) => log.unimplemented(what));
    this.rtas = new Rtas(this.mem, (what) => log.unimplemented(what));
    this.fwnmi = new Fwnmi(this.mem, () => this.clientInterface?.rtasBase);
    this.hpt = new HashPageTable(pftSizeForRam(config.memory));
    this.hashMmu = new HashMmu(this.cpu.slb, this.hpt, this.mem, POWER_SEGMENT_PAGE_SIZES);
    this.radixMmu = new RadixMmu(this.partition, this.mem);
    this.cpu.mmu = this.hashMmu; // partitions start in hash mode until a radix guest registers its process table
    // A compat mode (-cpu X,compat= or max-cpu-compat) applies from reset, as in QEMU: PCR and the ISA level of problem state.
    const compat = compatState(config.cpu, config.compat);
    this.compat = config.compat;
    this.cpu.sprLo[SPR_PCR] = compat.pcr;
    this.cpu.setCompatLevel(compat.isa);
    // cap-large-decr (on by default, as in QEMU) gives POWER9 guests the 56-bit decrementer.
    if (this.largeDecrementer) this.cpu.sprLo[SPR_LPCR] |= LPCR_LD;
    this.registerHcalls();
    this.registerRtas();
    this.cpu.hypercall = (c) => this.hcalls.dispatch(c);
    log.attach(this.cpu);
  }

  /** Where boot() writes the device tree. */
  get fdtAddress(): number {
    return Math.min(this.config.memory, 0x80000000) - FDT_BELOW_TOP;
  }

  /** The large decrementer exists from ISA 3.0 (POWER9) and is offered unless cap-large-decr=off. */
  get largeDecrementer(): boolean {
    return this.config.caps.largeDecr && this.config.cpu.isa >= 300;
  }

  // ---- Boot

  /** Load the guest and set the entry state. Throws LoadError for unusable images. */
  async boot(): Promise<void> {
    await this.load();
    // Every hcall is registered now (-kernel adds the client interface's), so the layout is final.
    this.statsBlock = new StatsBlock(StatsBlock.layoutOf(this));
    this.statsBlock.publish(this);
  }

  /** The statistics block, published between run slices; it exists from boot() on. */
  get stats(): StatsBlock {
    if (!this.statsBlock) throw new Error("the machine's statistics exist once it has booted");
    return this.statsBlock;
  }

  private async load(): Promise<void> {
    const { config, cpu } = this;
    const fdtAddr = this.fdtAddress;
    let entry: number, kernelBase = 0, kernelEnd = 0, initrd: { start: number; end: number } | undefined;
    if (config.bios) {
      loadRaw(await readImage(config.bios, "-bios"), this.mem, BIOS_LOAD);
      entry = BIOS_ENTRY;
    } else if (config.kernel) {
      const image = inflateGzip(await readImage(config.kernel, "-kernel"), config.memory, `-kernel ${config.kernel}`);
      if (isElf(image)) {
        const elf = loadElf(image, this.mem, PSERIES_KERNEL_PLACEMENT);
        kernelBase = elf.lowest;
        kernelEnd = elf.highest;
      } else {
        kernelBase = KERNEL_LOAD;
        kernelEnd = loadRaw(image, this.mem, KERNEL_LOAD).end;
      }
      entry = kernelBase;
      if (config.initrd) {
        const start = (kernelEnd + 0x1ffff) & ~0xffff;
        initrd = { start, end: loadRaw(initrdImage(await readImage(config.initrd, "-initrd"), config.memory, `-initrd ${config.initrd}`), this.mem, start).end };
      }
    } else if (config.dumpdtb) entry = 0; // QEMU dumps the tree of a machine with no guest too
    else throw new LoadError("no guest to boot: give -bios FILE or -kernel FILE");

    const compat = compatState(config.cpu, config.compat);
    const fdt = buildDeviceTree({
      cpuName: `PowerPC,${config.cpu.generation.toUpperCase()}`,
      pvr: compat.logicalPvr, // cpu-version: the logical PVR in a compat mode
      isa: compat.isa,
      timebaseHz: TIMEBASE_HZ,
      memoryBytes: config.memory,
      vtyReg: VTY_REG,
      nvram: { reg: this.nvram.reg, size: this.nvram.size },
      rtasTokens: this.rtas.tokens(),
      hypertasFunctions: this.hcalls.hypertasFunctions(),
      bootargs: config.append ?? "",
      initrd,
      hptShift: this.hpt.pftSize,
      segmentPageSizes: POWER_SEGMENT_PAGE_SIZES,
      radix: config.cpu.mmu.includes("radix"),
      decBits: this.largeDecrementer ? LARGE_DEC_BITS : undefined,
      vtyIrq: this.vtyIrq,
      nvramIrq: this.nvramIrq,
      eventIrqs: this.eventIrqs,
      maxCores: config.smp.maxcpus / config.smp.threads,
      // Fresh entropy at each boot, as QEMU gives it; -icount shift=0 runs repeat exactly, so they get a fixed seed.
      rngSeed: config.clock === "instructions" ? new Uint8Array(32) : crypto.getRandomValues(new Uint8Array(32)),
      rng: config.rng !== undefined,
    });
    if (fdt.length > FDT_MAX) throw new LoadError(`device tree too large (${fdt.length} bytes)`);
    if (config.dumpdtb) await Bun.write(config.dumpdtb, fdt);
    if (!config.bios && !config.kernel) return;
    cpu.writeDecrementer(0x7fffffff);
    cpu.pc = BigInt(entry);
    if (config.bios) {
      // QEMU's -bios contract: the flattened tree in RAM, its address in r3, MSR = 0.
      if (initrd && initrd.end > fdtAddr) throw new LoadError(`-initrd ends at 0x${initrd.end.toString(16)}, above the device tree at 0x${fdtAddr.toString(16)}: give more memory with -m`);
      this.mem.write(fdtAddr, fdt);
      cpu.setMsr(0, 0);
      cpu.setGpr(3, fdtAddr);
      cpu.setGpr(4, kernelBase);
      cpu.setGpr(5, 0);
      return;
    }
    // -kernel: spar's Open Firmware client interface, entered as VOF enters a kernel (32-bit
    // big-endian, r1 a stack, r3/r4 the initrd, r5 the client-interface entry point).
    this.startClientInterface(fdt, kernelBase, kernelEnd, initrd);
    cpu.setMsr(0, MSR_ME);
    cpu.setGpr(1, CLIENT_STACK_POINTER);
    cpu.setGpr(3, initrd?.start ?? 0);
    cpu.setGpr(4, initrd ? initrd.end - initrd.start : 0);
    cpu.setGpr(5, CLIENT_ENTRY_ADDRESS);
  }

  /** The client interface over the boot tree, and its entry stub in low memory. */
  private startClientInterface(fdt: Uint8Array, kernelBase: number, kernelEnd: number, initrd: { start: number; end: number } | undefined): void {
    const cpu = this.cpu;
    const tree = DeviceTreeModel.fromFdt(fdt);
    prepareTree(tree, this.config);
    const ci = new ClientInterface(tree, {
      memory: this.mem,
      console: { write: (bytes) => this.vty.put(bytes), read: (max) => new Uint8Array(this.vty.get(max)) },
      images: [FIRMWARE_AREA, { start: kernelBase, size: kernelEnd - kernelBase }, ...(initrd ? [{ start: initrd.start, size: initrd.end - initrd.start }] : [])],
      // The real mode area a pseries guest may use before its MMU is on.
      realModeLimit: Math.min(this.config.memory, 0x40000000),
      milliseconds: () => Math.floor(cpu.timebase.read(cpu.instructions) / (TIMEBASE_HZ / 1000)),
      logOnce: (what) => this.log.unimplemented(`client interface: ${what}`),
      exit: () => this.stop(0),
      cas: (address) => {
        const outcome = clientArchitectureSupport(this.mem, address, this.config, tree);
        if (!outcome.ok) {
          this.log.note(`ibm,client-architecture-support: ${outcome.reason}`);
          if (outcome.terminate) this.stop(1); // where QEMU ends the machine
          return outcome.status;
        }
        applyToCpu(this.cpu, outcome.result);
        this.compat = outcome.result.compat;
        if (applyToPartition(this.partition, outcome.result)) this.selectMmu();
        return H_SUCCESS;
      },
    });
    registerClientInterface(this.hcalls, ci);
    this.clientInterface = ci;
    this.mem.write(CLIENT_ENTRY_ADDRESS, CLIENT_ENTRY_STUB);
  }

  // ---- Run

  /** Run until the guest powers off or stop() is called; resolves with the exit status. */
  async run(): Promise<number> {
    if (this.state === "created") this.state = this.config.startPaused ? "paused" : "running";
    while (this.state !== "stopped") {
      this.statsBlock?.publish(this);
      if (this.state === "paused") {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      const start = performance.now();
      const until = start + YIELD_MS;
      while (this.state === "running" && performance.now() < until && !this.cpu.halted) this.step(SLICE);
      this.busyMs += performance.now() - start;
      if (this.cpu.halted) await this.idle();
      else await new Promise((resolve) => setImmediate(resolve));
    }
    this.statsBlock?.publish(this);
    return this.exitStatus;
  }

  /**
   * A ceded vCPU (H_CEDE) waits for an interrupt. With -icount the wait costs no time: the
   * timebase jumps to the decrementer's expiry; with the host clock spar sleeps until then.
   */
  private async idle(): Promise<void> {
    const cpu = this.cpu;
    if (this.cpuStopped) {
      await new Promise((resolve) => setTimeout(resolve, YIELD_MS)); // only a stop ends it
      return;
    }
    cpu.checkDecrementer();
    if (cpu.interruptWaiting()) {
      cpu.halted = false;
      cpu.takeAsyncInterrupts();
      return;
    }
    if (!cpu.decArmed) {
      await new Promise((resolve) => setTimeout(resolve, YIELD_MS)); // only input or a stop can wake it
      return;
    }
    if (this.config.clock === "instructions") cpu.timebase.write(cpu.instructions, cpu.decExpiry);
    else {
      // The timebase runs on while this is computed, so the expiry may just have passed.
      const untilExpiry = (cpu.decExpiry - cpu.timebase.read(cpu.instructions)) / 512_000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(YIELD_MS, untilExpiry))));
    }
  }

  /** Run one slice of up to `budget` instructions, then deliver pending interrupts. */
  step(budget: number): number {
    const cpu = this.cpu;
    const slice = Math.max(1, Math.min(budget, cpu.instructionsUntilEvent()));
    const ran = cpu.msrLo & (MSR_SE | MSR_BE) ? runWithTrace(cpu, slice) : this.log.traceExec ? this.log.runTraced(cpu, slice) : runSlice(cpu, slice);
    cpu.takeAsyncInterrupts();
    return ran;
  }

  pause(): void {
    if (this.state === "running") this.state = "paused";
  }

  resume(): void {
    if (this.state !== "paused") return;
    this.state = "running";
    this.wake?.();
  }

  stop(status: number): void {
    this.exitStatus = status;
    this.state = "stopped";
    this.cpu.endSlice();
    this.wake?.();
  }

  /** RTAS stop-self: the vCPU halts for good and, as in QEMU, the machine waits for the user to end it. */
  private stopCpu(): void {
    this.cpuStopped = true;
    this.cpu.halted = true;
    this.cpu.endSlice();
    this.log.note("the guest stopped its only vCPU (RTAS stop-self); press Ctrl-A x to quit");
  }

  /** Point the CPU at the partition's current MMU and forget cached translations. */
  private selectMmu(): void {
    this.cpu.mmu = this.partition.radix ? this.radixMmu : this.hashMmu;
    this.cpu.flushTranslation();
  }

  // ---- Hypervisor services

  private registerHcalls(): void {
    const h = this.hcalls;
    registerModeHcalls(h, () => [this.cpu], (what) => this.log.unimplemented(what));
    registerPftHcalls(h, this.hpt, () => this.cpu.flushTranslation());
    registerCpuHcalls(h, this.config.caps);
    registerDabrHcalls(h);
    registerDebugHcalls(h);
    registerSplparHcalls(h, () => [this.cpu], () => this.vcpuAreas);
    registerXicsHcalls(h, this.xics, () => 0);
    // Radix guests register their process table; hash-only CPUs do not offer the call (LoPAR).
    if (this.config.cpu.mmu.includes("radix")) registerRadixHcalls(h, this.partition, () => this.selectMmu());
    registerSysResetHcall(h, this.fwnmi);
    if (this.config.rng) registerRandomHcall(h, rngBackend(this.config.rng.file), (message) => this.log.note(message));
    h.register(H_PUT_TERM_CHAR, {
      name: "H_PUT_TERM_CHAR",
      family: "hcall-term",
      run: (ctx) => {
        const len = ctx.arg(2);
        if (ctx.arg(1) !== this.vty.reg || len > VTY_MAX_CHUNK) return H_PARAMETER;
        const bytes = new Uint8Array(VTY_MAX_CHUNK);
        const view = new DataView(bytes.buffer);
        const c = ctx.cpu;
        view.setInt32(0, c.gprHi[6]);
        view.setInt32(4, c.gprLo[6]);
        view.setInt32(8, c.gprHi[7]);
        view.setInt32(12, c.gprLo[7]);
        this.vty.put(bytes.subarray(0, len));
        return H_SUCCESS;
      },
    });
    h.register(H_GET_TERM_CHAR, {
      name: "H_GET_TERM_CHAR",
      family: "hcall-term",
      run: (ctx) => {
        if (ctx.arg(1) !== this.vty.reg) return H_PARAMETER;
        const got = this.vty.get(VTY_MAX_CHUNK);
        const bytes = new Uint8Array(VTY_MAX_CHUNK);
        bytes.set(got);
        const view = new DataView(bytes.buffer);
        const c = ctx.cpu;
        c.setGpr(4, got.length);
        c.gprHi[5] = view.getInt32(0);
        c.gprLo[5] = view.getInt32(4);
        c.gprHi[6] = view.getInt32(8);
        c.gprLo[6] = view.getInt32(12);
        return H_SUCCESS;
      },
    });
    h.register(KVMPPC_H_RTAS, {
      name: "KVMPPC_H_RTAS",
      family: "hcall-rtas",
      run: (ctx) => (this.rtas.call(ctx.arg(1)) ? H_SUCCESS : H_PARAMETER),
    });
  }

  private registerRtas(): void {
    registerPlatformRtas(this.rtas, {
      mem: this.mem,
      stop: (status) => this.stop(status),
      note: (message) => this.log.note(message),
      putChar: (byte) => this.vty.put(new Uint8Array([byte])),
      timeOfDay: timeOfDay(this.config.rtc, () => this.cpu.timebase.read(this.cpu.instructions) / (TIMEBASE_HZ / 1000)),
    });
    registerCpuRtas(this.rtas, { hasCpu: (id) => id === 0, stopSelf: () => this.stopCpu() });
    registerNmiRtas(this.rtas, this.fwnmi, this.config.memory);
    registerDrRtas(this.rtas);
    registerPciRtas(this.rtas);
    registerXicsRtas(this.rtas, this.xics);
    registerNvramRtas(this.rtas, this.nvram, this.mem);
    registerSysparmRtas(this.rtas, this.mem, { ramBytes: this.config.memory, cpus: this.config.smp.cpus, maxCpus: this.config.smp.maxcpus });
  }
}

async function readImage(path: string, flag: string): Promise<Uint8Array> {
  const file = Bun.file(path);
  if (!(await file.exists())) throw new LoadError(`${flag} ${path}: no such file`);
  return new Uint8Array(await file.arrayBuffer());
}

function isElf(image: Uint8Array): boolean {
  return image.length >= 4 && image[0] === 0x7f && image[1] === 0x45 && image[2] === 0x4c && image[3] === 0x46;
}
