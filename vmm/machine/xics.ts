// XICS, the pseries interrupt controller as a PAPR guest drives it in XIVE legacy mode (LoPAR
// "Interrupt Controller", built on the PowerPC External Interrupt Architecture). Two halves:
// - an ICP (presentation controller) per server, i.e. per vCPU: CPPR, the priority the CPU runs
//   at; MFRR, its inter-processor interrupt request; XISR, the interrupt being presented, with
//   its pending priority. While XISR is non-zero the ICP holds the CPU's external line up.
// - one ICS (source controller) for device interrupts, numbered from 0x1000 as in QEMU's
//   pseries: each source has an XIVE (server, priority) and is level (LSI) or message (MSI).
// Lower priority numbers are more favoured, and 0xff is masked. An interrupt is presented only
// if strictly more favoured than the CPPR and than whatever the ICP already presents, which it
// then displaces; an interrupt that cannot be presented, or is displaced, is rejected back to its
// source and resent when the CPPR drops (EOI or H_CPPR).

/** XISR of an inter-processor interrupt: the MFRR, not an ICS source. */
export const XICS_IPI = 2;
/** First source number (QEMU's XICS_IRQ_BASE) and number of sources (its SPAPR_NR_XIRQS). */
export const XICS_IRQ_BASE = 0x1000;
export const XICS_SOURCES = 0x1000;
/** The least favoured priority: a source or MFRR at this level signals nothing. */
export const PRIORITY_MASKED = 0xff;
const XISR_MASK = 0xffffff;

export type InterruptKind = "lsi" | "msi";

/** Presentation controller of one server. */
export class Icp {
  /** LoPAR R1-6.2.1-13: CPPR starts most favoured, so nothing is signalled until the OS opens it. */
  cppr = 0;
  mfrr = PRIORITY_MASKED;
  xisr = 0;
  pendingPriority = PRIORITY_MASKED;

  constructor(
    readonly server: number,
    private readonly ics: Ics,
    private readonly setLine: (pending: boolean) => void,
  ) {}

  /** The XIRR register: CPPR in the top byte, XISR below. */
  get xirr(): number {
    return ((this.cppr << 24) | this.xisr) >>> 0;
  }

  /**
   * Present `irq` at `priority` if it is more favoured than the CPPR and the pending interrupt;
   * the one it displaces goes back to its source. False if refused (nothing changes).
   */
  offer(irq: number, priority: number): boolean {
    if (priority >= this.cppr || priority >= this.pendingPriority) return false;
    const displaced = this.xisr;
    this.present(irq, priority);
    if (displaced !== 0 && displaced !== irq) this.reject(displaced);
    return true;
  }

  /** Accept (H_XIRR): return XIRR and raise CPPR to the accepted interrupt's priority. */
  accept(): number {
    const xirr = this.xirr;
    if (this.xisr !== 0) {
      this.cppr = this.pendingPriority;
      this.present(0, PRIORITY_MASKED);
    }
    return xirr;
  }

  setCppr(cppr: number): void {
    const old = this.cppr;
    this.cppr = cppr;
    if (cppr < old) {
      // More favoured: a pending interrupt no longer above the CPPR is rejected.
      if (this.xisr !== 0 && this.pendingPriority >= cppr) {
        const rejected = this.xisr;
        this.present(0, PRIORITY_MASKED);
        this.reject(rejected);
      }
    } else if (cppr > old) {
      // Less favoured: an IPI or interrupts rejected earlier may now get through.
      this.checkIpi();
      this.ics.resend(this.server);
    }
  }

  setMfrr(mfrr: number): void {
    this.mfrr = mfrr;
    this.checkIpi();
  }

  /**
   * End of interrupt (H_EOI): CPPR takes the XIRR's top byte, then the source hears the EOI (a
   * level source still asserted is presented again). False if XISR names no interrupt source.
   */
  eoi(xirr: number): boolean {
    const irq = xirr & XISR_MASK;
    if (irq !== XICS_IPI && !this.ics.owns(irq)) return false;
    this.setCppr(xirr >>> 24);
    if (irq !== XICS_IPI) this.ics.eoi(irq);
    return true;
  }

  private checkIpi(): void {
    if (this.mfrr < this.cppr) this.offer(XICS_IPI, this.mfrr);
  }

  private present(xisr: number, priority: number): void {
    this.xisr = xisr;
    this.pendingPriority = priority;
    this.setLine(xisr !== 0);
  }

  /** A rejected IPI needs nothing: the MFRR still holds it and is checked again when CPPR drops. */
  private reject(irq: number): void {
    if (irq !== XICS_IPI) this.ics.reject(irq);
  }
}

interface Source {
  kind: InterruptKind;
  /** The XIVE, as ibm,set-xive writes it. */
  server: number;
  priority: number;
  /** The interrupt enable bit of ibm,int-on/ibm,int-off, kept apart from the XIVE priority. */
  enabled: boolean;
  /** LSI: the device holds the line. */
  asserted: boolean;
  /** LSI: presented to an ICP and not yet ended or rejected, so not to be presented twice. */
  presented: boolean;
  /** MSI: signalled while masked; presented once unmasked rather than lost. */
  maskedPending: boolean;
}

/** Source controller: the device interrupts and their XIVEs. */
export class Ics {
  private readonly sources = new Map<number, Source>();
  /** Sources that could not be presented and wait for their server's CPPR to drop. */
  private readonly awaitingResend = new Set<number>();

  constructor(
    readonly count: number,
    private readonly icpOf: (server: number) => Icp,
  ) {}

  /**
   * Claim a source for a device: the next free number, or `irq` if given. Sources start on
   * server 0, masked (priority 0xff) and enabled (LoPAR R1-6.2.1-13), until the OS sets their XIVE.
   */
  allocate(kind: InterruptKind, irq?: number): number {
    const number = irq ?? this.firstFree();
    if (!Number.isInteger(number) || number < XICS_IRQ_BASE || number >= XICS_IRQ_BASE + this.count || this.sources.has(number)) {
      throw new Error(`XICS: interrupt source 0x${number.toString(16)} is not free`);
    }
    this.sources.set(number, { kind, server: 0, priority: PRIORITY_MASKED, enabled: true, asserted: false, presented: false, maskedPending: false });
    return number;
  }

  owns(irq: number): boolean {
    return this.sources.has(irq);
  }

  /** A level-sensitive device raises or lowers its line. */
  setLevel(irq: number, asserted: boolean): void {
    const source = this.source(irq, "lsi");
    source.asserted = asserted;
    if (asserted) this.deliver(irq, source);
  }

  /** A message (edge) interrupt fires. */
  trigger(irq: number): void {
    this.deliver(irq, this.source(irq, "msi"));
  }

  getXive(irq: number): { server: number; priority: number } {
    const { server, priority } = this.source(irq);
    return { server, priority };
  }

  setXive(irq: number, server: number, priority: number): void {
    const source = this.source(irq);
    source.server = server;
    source.priority = priority;
    this.xiveChanged(irq, source);
  }

  setEnabled(irq: number, enabled: boolean): void {
    const source = this.source(irq);
    source.enabled = enabled;
    this.xiveChanged(irq, source);
  }

  // ---- From the ICPs

  /** An ICP gave the interrupt back: present it again where it can go, or wait for a resend. */
  reject(irq: number): void {
    const source = this.source(irq);
    source.presented = false;
    this.deliver(irq, source);
  }

  eoi(irq: number): void {
    const source = this.source(irq);
    if (source.kind !== "lsi") return;
    source.presented = false;
    this.deliver(irq, source);
  }

  /** `server`'s CPPR dropped: retry the sources waiting for it. */
  resend(server: number): void {
    if (this.awaitingResend.size === 0) return;
    for (const irq of [...this.awaitingResend]) {
      const source = this.source(irq);
      if (source.server === server) this.deliver(irq, source);
    }
  }

  // ----

  private deliver(irq: number, source: Source): void {
    this.awaitingResend.delete(irq);
    const level = source.kind === "lsi";
    if (level && (!source.asserted || source.presented)) return;
    if (isMasked(source)) {
      // LoPAR R1-6.2.1-15: a masked source signals nothing. A level stays asserted; a message is held.
      if (!level) source.maskedPending = true;
      return;
    }
    // Marked before the offer: the displacement it causes can, across servers, reject this one.
    if (level) source.presented = true;
    if (!this.icpOf(source.server).offer(irq, source.priority)) {
      if (level) source.presented = false;
      this.awaitingResend.add(irq);
    }
  }

  /** After a XIVE or enable change: an unmasked source with something to signal signals it. */
  private xiveChanged(irq: number, source: Source): void {
    if (isMasked(source)) return;
    if (source.kind === "lsi" || source.maskedPending || this.awaitingResend.has(irq)) {
      source.maskedPending = false;
      this.deliver(irq, source);
    }
  }

  private firstFree(): number {
    for (let irq = XICS_IRQ_BASE; irq < XICS_IRQ_BASE + this.count; irq++) if (!this.sources.has(irq)) return irq;
    throw new Error("XICS: no free interrupt source");
  }

  private source(irq: number, kind?: InterruptKind): Source {
    const source = this.sources.get(irq);
    if (!source) throw new Error(`XICS: no interrupt source 0x${irq.toString(16)}`);
    if (kind && source.kind !== kind) throw new Error(`XICS: interrupt source 0x${irq.toString(16)} is ${source.kind}, not ${kind}`);
    return source;
  }
}

function isMasked(source: Source): boolean {
  return source.priority === PRIORITY_MASKED || !source.enabled;
}

/** The interrupt controller: one ICP per server (vCPU) and the source controller. */
export class Xics {
  readonly ics: Ics;
  readonly icps: readonly Icp[];

  /** `setLine(server, pending)` drives server's external interrupt line (Cpu.setExternalInterrupt). */
  constructor(servers: number, setLine: (server: number, pending: boolean) => void, sources = XICS_SOURCES) {
    if (!Number.isInteger(servers) || servers < 1) throw new Error(`XICS: ${servers} servers`);
    const icps: Icp[] = [];
    this.ics = new Ics(sources, (server) => icps[server]);
    for (let server = 0; server < servers; server++) icps.push(new Icp(server, this.ics, (pending) => setLine(server, pending)));
    this.icps = icps;
  }

  /** The ICP of server number `server`, or undefined if the partition has no such server. */
  icp(server: number): Icp | undefined {
    return Number.isInteger(server) && server >= 0 && server < this.icps.length ? this.icps[server] : undefined;
  }
}
