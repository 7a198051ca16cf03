/*
 * mmu.c - hash and radix translation set-up for the bare-metal test guests.
 *
 * Hash (Book III "Segment Lookaside Buffer", "Page Table"; PAPR hcall-pft):
 * 256 MiB segments with 64 KiB base pages (SLB L||LP = 0b1_01), PTEs in the
 * pre-ISA-3.0 format through H_ENTER into the primary PTEG.  VSIDs stay small,
 * so the ISA 3.0 PTE format (no B or AVPN 2:11 in dword 0) reads the same bytes.
 *
 * Radix (Book III "Radix Tree Translation"; PAPR H_REGISTER_PROC_TBL):
 * a 4 KiB process table and 52-bit trees with 13/9/9/5 index bits, so the
 * leaves map 64 KiB pages.  All tables are big-endian, allocated from
 * MMU_TABLES_BASE upwards (real addresses; the benches leave them unmapped).
 *
 * A pseries partition starts in hash mode (QEMU 7.2 on POWER9 too: no CAS
 * or H_REGISTER_PROC_TBL is needed before H_ENTER).
 */
#include "mmu.h"

void __exit(long status) __attribute__((noreturn));

static u64 htab_mask;            /* PTEG index bits */
static u64 table_next = MMU_TABLES_BASE;
static u64 process_table;
static u64 radix_root;

/* hcall returning r4 and r5 (H_ENTER: the PTE index; H_READ: the PTE) */
static u64 be64(u64 v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap64(v);
#else
	return v;
#endif
}

static u32 rd_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

/* The first property called `name` anywhere in the tree (the cpu nodes' names differ by model). */
static const u8 *fdt_find_any(const void *fdt, const char *name, u32 *len)
{
	const u8 *base = fdt;
	u32 off = rd_be32(base + 8), strings = rd_be32(base + 12), limit = rd_be32(base + 4);

	if (rd_be32(base) != 0xd00dfeed)
		return 0;
	while (off + 4 <= limit) {
		u32 tok = rd_be32(base + off);
		off += 4;
		if (tok == 1) {                 /* BEGIN_NODE */
			off += (u32)strlen((const char *)base + off) + 1;
			off = (off + 3) & ~3u;
		} else if (tok == 3) {          /* PROP */
			u32 plen = rd_be32(base + off);
			const char *pname = (const char *)base + strings + rd_be32(base + off + 4);
			if (!memcmp(pname, name, strlen(name) + 1)) {
				*len = plen;
				return base + off + 8;
			}
			off = (off + 8 + plen + 3) & ~3u;
		} else if (tok == 2 || tok == 4) { /* END_NODE, NOP */
			continue;
		} else {
			break;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ hash */

int hash_init(const void *fdt)
{
	u32 len = 0;
	const u8 *p = fdt_find_any(fdt, "ibm,pft-size", &len);

	if (!p || len != 8)
		return -1;
	htab_mask = (1UL << (rd_be32(p + 4) - 7)) - 1;
	return 0;
}

void slb_set(int index, u64 ea, u64 vsid, u64 flags)
{
	u64 rs = (vsid << 12) | 0x110 | flags;  /* B=256M, L||LP = 64 KiB */
	u64 rb = (ea & ~0xfffffffUL) | (1UL << 27) | (u64)index;
	__asm__ __volatile__("slbmte %0,%1; isync" : : "r"(rs), "r"(rb) : "memory");
}

long hash_enter(u64 ea, u64 pa, u64 vsid, u64 rflags, u64 *ptex)
{
	u64 offset = ea & 0xfffffff;
	u64 hash = vsid ^ (offset >> 16);
	/* AVPN = VA bits 0:54 (VA = VSID || offset), L = 1, V = 1 */
	u64 v = (((vsid << 5) | (offset >> 23)) << 7) | 0x4 | 0x1;
	/* ARPN, LP = 0b0001 (64 KiB) in bits 48:51, M = 1 (RAM must be WIMG 0010 for H_ENTER) */
	u64 r = (pa & ~0xffffUL) | 0x1000 | 0x10 | rflags;

	return hcall_out(H_ENTER, 0, (hash & htab_mask) * 8, v, r, ptex, 0);
}

long hash_remove(u64 ptex)
{
	return hcall_out(H_REMOVE, 0, ptex, 0, 0, 0, 0);
}

long hash_read(u64 ptex, u64 *v, u64 *r)
{
	return hcall_out(H_READ, 0, ptex, 0, 0, v, r);
}

/* ----------------------------------------------------------------- radix */

/* Zeroed table memory, aligned to its size (radix tables must be). */
static u64 table_alloc(u64 size)
{
	u64 t = (table_next + size - 1) & ~(size - 1);
	u64 *p = (u64 *)t;
	u64 i;

	table_next = t + size;
	if (table_next > MMU_TABLES_END) {
		puts("mmu: out of table memory\n");
		__exit(2);
	}
	for (i = 0; i < size / 8; i++)
		p[i] = 0;
	return t;
}

#define PDE_VALID (1UL << 63)
#define PTE_LEAF  (1UL << 62)

int radix_init(void)
{
	u64 *prte;

	process_table = table_alloc(0x1000);
	radix_root = table_alloc(8UL << 13);
	/* entry 0: RTS = 21 (52-bit), split as bits 1:2 = 0b10 and 56:58 = 0b101; RPDS = 13 */
	prte = (u64 *)process_table;
	prte[0] = be64((2UL << 61) | radix_root | (5 << 5) | 13);
	prte[1] = 0;
	__asm__ __volatile__("sync" ::: "memory");
	/* new table | radix | GTSE, 2^(12+0) bytes */
	return (int)hcall(H_REGISTER_PROC_TBL, 0x1d, process_table, 0, 0);
}

/* The next-level table behind entry `index` of `table`, created with 2^bits entries if absent. */
static u64 next_table(u64 table, u64 index, unsigned bits)
{
	u64 *e = (u64 *)table + index;
	u64 v = be64(*e);

	if (!(v & PDE_VALID)) {
		v = PDE_VALID | table_alloc(8UL << bits) | bits;
		*e = be64(v);
	}
	return v & 0x0fffffffffffff00UL;
}

u64 *radix_leaf(u64 ea)
{
	u64 l2 = next_table(radix_root, (ea >> 39) & 0x1fff, 9);
	u64 l3 = next_table(l2, (ea >> 30) & 0x1ff, 9);
	u64 l4 = next_table(l3, (ea >> 21) & 0x1ff, 5);
	return (u64 *)l4 + ((ea >> 16) & 0x1f);
}

void radix_map(u64 ea, u64 pa, u64 flags)
{
	*radix_leaf(ea) = be64(PDE_VALID | PTE_LEAF | (pa & ~0xffffUL) | flags);
	__asm__ __volatile__("ptesync" ::: "memory");
}

/* ------------------------------------------------------------------ both */

void mmu_relocate(int on)
{
	u64 msr, pc;
	__asm__ __volatile__("mfmsr %0" : "=r"(msr));
	msr = on ? msr | MSR_IR | MSR_DR : msr & ~(MSR_IR | MSR_DR);
	__asm__ __volatile__(
		"mtsrr1 %1\n\t"
		"bcl 20,31,1f\n"
		"1:\tmflr %0\n\t"
		"addi %0,%0,2f-1b\n\t"
		"mtsrr0 %0\n\t"
		"rfid\n"
		"2:"
		: "=&r"(pc)
		: "r"(msr)
		: "lr", "memory");
}

#define BENCH_MAP_END 0x800000UL /* code, data, .bss and the stack (top 0x7f0000) */

void mmu_bench_hash(void *fdt)
{
	u64 ea;
	long rc;

	if (hash_init(fdt)) {
		puts("mmu: no ibm,pft-size in the device tree\n");
		__exit(2);
	}
	slb_set(0, 0, 0x42, 0);
	for (ea = 0; ea < BENCH_MAP_END; ea += PAGE_64K) {
		rc = hash_enter(ea, ea, 0x42, HPTE_R_PP_RW, 0);
		if (rc) {
			puts("mmu: H_ENTER failed ");
			print_dec(rc);
			putchar('\n');
			__exit(2);
		}
	}
	mmu_relocate(1);
	puts("mmu: hash, 64K pages, identity 0..8M\n");
}

void mmu_bench_radix(void *fdt)
{
	u64 ea;
	long rc;

	(void)fdt;
	rc = radix_init();
	if (rc) {
		puts("mmu: H_REGISTER_PROC_TBL failed ");
		print_dec(rc);
		putchar('\n');
		__exit(2);
	}
	for (ea = 0; ea < BENCH_MAP_END; ea += PAGE_64K)
		radix_map(ea, ea, RADIX_R | RADIX_RW | RADIX_X | RADIX_REF_CHG);
	mmu_relocate(1);
	puts("mmu: radix, 64K pages, identity 0..8M\n");
}
