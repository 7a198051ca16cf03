// The guest's partition-table entry, as spar (its hypervisor) keeps it. A pseries guest never
// sees the partition table: it chooses hash or radix and names its process table through
// H_REGISTER_PROC_TBL (LoPAR), and the hypervisor records the result here: what the PATE's
// second doubleword and LPCR[HR, GTSE] hold on bare metal (Book III "Partition Table").
// Partition-scoped translation is the identity for a pseries guest, so the process table is
// all the radix MMU needs.

export class PartitionState {
  /** Radix tree translation (LPCR[HR]=1 and PATE[GR]=1); hash otherwise. */
  radix = false;
  /** Guest real address of the process table (PATE PRTB). */
  processTableBase = 0;
  /** Bytes in the process table, 2^(12+PRTS); 0 while none is registered. */
  processTableSize = 0;
  /** Guest translation shootdown enable: the guest may use tlbie itself (LPCR[GTSE]). */
  gtse = false;

  /** The state at machine reset: hash, no process table (QEMU's TCG pseries starts so). */
  reset(): void {
    this.radix = false;
    this.processTableBase = 0;
    this.processTableSize = 0;
    this.gtse = false;
  }
}
