/*
 * mmu.h - translation set-up for the bare-metal test guests (see mmu.c).
 *
 * Hash: the hypervisor owns the page table; the guest loads SLB entries and
 * asks for PTEs with H_ENTER.  Every segment uses 64 KiB base pages.
 * Radix (POWER9): the guest builds a process table and 52-bit trees
 * (13/9/9/5 bits: 64 KiB leaves) in its own RAM and registers the table
 * with H_REGISTER_PROC_TBL.  Both map 64 KiB pages.
 */
#ifndef SPAR_GUEST_MMU_H
#define SPAR_GUEST_MMU_H
#include "hv.h"

#define H_REMOVE             0x04
#define H_ENTER              0x08
#define H_READ               0x0c
#define H_SET_MODE           0x31c
#define H_REGISTER_PROC_TBL  0x37c

#define PAGE_64K             0x10000UL
#define MSR_IR               0x20UL
#define MSR_DR               0x10UL
#define MSR_PR               0x4000UL
#define MSR_EE               0x8000UL

/* The region page tables are carved from (real addresses, above the stack). */
#define MMU_TABLES_BASE      0x800000UL
#define MMU_TABLES_END       0xa00000UL

/* ---- hash ---- */
/* HPTE second doubleword bits (pre-ISA-3.0 format, as PAPR's H_ENTER takes it) */
#define HPTE_R_PP_RW         0x2UL   /* PP=0b010: read/write for Ks=0 and for Kp=1 */
#define HPTE_R_PP_RO         0x3UL   /* PP=0b011: read-only for both keys */
#define HPTE_R_PP_SUPER      0x0UL   /* PP=0b000: read/write if key 0, no access if key 1 */
#define HPTE_R_N             0x4UL   /* no-execute */
#define HPTE_R_G             0x8UL   /* guarded */
#define HPTE_R_I             0x20UL  /* caching inhibited (I/O pages only: RAM must be M alone) */
#define HPTE_R_REF_CHG       0x180UL /* R, C */
#define HPTE_R_KEY(k)        ((((u64)(k) & 0x18) << 57) | (((u64)(k) & 7) << 9))
/* SLB VSID-doubleword bits */
#define SLB_KS               0x800UL
#define SLB_KP               0x400UL
#define SLB_N                0x200UL

/* Find the HPT size (ibm,pft-size).  0 on success. */
int hash_init(const void *fdt);
/* slbmte: entry `index` maps the 256 MiB segment holding `ea` to `vsid` (64 KiB pages). */
void slb_set(int index, u64 ea, u64 vsid, u64 flags);
/* H_ENTER a 64 KiB page ea -> pa in the segment of `vsid`; `rflags` = PP|N|G|KEY. Returns
 * the hcall status; *ptex (if given) receives the PTE index. */
long hash_enter(u64 ea, u64 pa, u64 vsid, u64 rflags, u64 *ptex);
long hash_remove(u64 ptex);
/* H_READ: the PTE's two doublewords */
long hash_read(u64 ptex, u64 *v, u64 *r);

/* ---- radix ---- */
/* leaf EAA bits */
#define RADIX_X              0x1UL
#define RADIX_RW             0x2UL
#define RADIX_R              0x4UL
#define RADIX_PRIV           0x8UL
#define RADIX_NONIDEM_IO     0x20UL  /* ATT=0b10: non-idempotent I/O, treated as guarded */
#define RADIX_REF_CHG        0x180UL /* R, C */

/* Build an empty process table and the tree of PID 0, register them (radix | GTSE).  0 on success. */
int radix_init(void);
/* Map the 64 KiB page ea -> pa in the tree of PID 0 (quadrants 0 and 3 both use it);
 * `flags` = EAA | ATT | R/C bits of the leaf. */
void radix_map(u64 ea, u64 pa, u64 flags);
/* The leaf for ea (a real address; big-endian), creating the tables on the way. */
u64 *radix_leaf(u64 ea);

/* ---- both ---- */
/* rfid to the caller with MSR[IR,DR] on (or off). */
void mmu_relocate(int on);
/* crt0 hooks (-DMMU_ON=...): identity-map 0..8 MiB in 64 KiB pages, then relocation on. */
void mmu_bench_hash(void *fdt);
void mmu_bench_radix(void *fdt);

#endif
