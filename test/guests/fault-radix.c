/*
 * fault-radix: the radix MMU's interrupts (POWER9), one case per line (see
 * trap.h for the format).  Code, data and stack are identity-mapped in the
 * tree of PID 0 (non-privileged, RWX), the page tables too (privileged,
 * read/write) so the guest can read R and C back; the test pages below sit
 * at 16 MiB and up, each starting with `sc` and holding PATTERN at +0x100.
 */
#include "runtime/mmu.h"
#include "runtime/trap.h"

#define PAGE_NONE    0x1000000UL  /* no leaf (its level-4 table exists) */
#define PAGE_RO      0x1010000UL  /* R, X */
#define PAGE_PRIV    0x1020000UL  /* privileged, RW, X */
#define PAGE_NOEXEC  0x1030000UL  /* RW */
#define PAGE_IO      0x1040000UL  /* RW, X, ATT non-idempotent I/O */
#define PAGE_RW      0x1050000UL  /* RW, X */
#define PAGE_RC      0x1060000UL  /* RW, R=C=0 */
#define PAGE_EDGE    0x1080000UL  /* RW, the next page has no leaf */
#define PAGE_XRW     0x10a0000UL  /* RW, X, only ever fetched from */
#define PRIV_SNIP    (PAGE_PRIV + 0x200) /* a copy of snip_jump_iamr in a privileged page */
#define NO_PDE       0x10000000000UL             /* 1 TiB: no level-2 entry */
#define QUADRANT1    0x4000000000000000UL
#define QUADRANT2    0x8000000000000000UL
#define QUADRANT3    0xc000000000000000UL
#define BEYOND_TREE  0x0010000000000000UL        /* EA bit 11: above the 52-bit tree */
#define AMR_KEY0_NO_STORE (1UL << 63)
#define AMR_KEY0_NO_LOAD  (1UL << 62)  /* in the IAMR: no fetch */

static void setup(void)
{
	static const u64 pages[] = { PAGE_NONE, PAGE_RO, PAGE_PRIV, PAGE_NOEXEC, PAGE_IO, PAGE_RW, PAGE_RC, PAGE_EDGE, PAGE_XRW };
	const u64 rwx = RADIX_R | RADIX_RW | RADIX_X | RADIX_REF_CHG;
	unsigned i;
	long rc;
	u64 ea;

	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		*(u32 *)pages[i] = INSN_SC;
		*(u64 *)(pages[i] + 0x100) = PATTERN;
	}
	memcpy((void *)PRIV_SNIP, snip_jump_iamr, 16); /* mtspr IAMR; isync; mtctr; bctr */
	rc = radix_init();
	if (rc) {
		puts("H_REGISTER_PROC_TBL failed: ");
		print_dec(rc);
		putchar('\n');
	}
	for (ea = 0; ea < 0x800000; ea += PAGE_64K)
		radix_map(ea, ea, rwx);
	radix_map(PAGE_RO, PAGE_RO, RADIX_R | RADIX_X | RADIX_REF_CHG);
	radix_map(PAGE_PRIV, PAGE_PRIV, rwx | RADIX_PRIV);
	radix_map(PAGE_NOEXEC, PAGE_NOEXEC, RADIX_R | RADIX_RW | RADIX_REF_CHG);
	radix_map(PAGE_IO, PAGE_IO, rwx | RADIX_NONIDEM_IO);
	radix_map(PAGE_RW, PAGE_RW, rwx);
	radix_map(PAGE_RC, PAGE_RC, RADIX_R | RADIX_RW);
	radix_map(PAGE_EDGE, PAGE_EDGE, rwx);
	radix_map(PAGE_XRW, PAGE_XRW, rwx);
	radix_leaf(PAGE_NONE); /* its tables, no leaf */
	/* the tables last: mapping them may add tables */
	for (ea = MMU_TABLES_BASE; ea < MMU_TABLES_END; ea += PAGE_64K)
		radix_map(ea, ea, RADIX_PRIV | RADIX_R | RADIX_RW | RADIX_REF_CHG);
	trap_reset_pid = 1;
}

static void print_rc(const char *name, u64 ea)
{
	u64 leaf = *radix_leaf(ea); /* big-endian in memory */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	leaf = __builtin_bswap64(leaf);
#endif
	puts(name);
	puts(": leaf r/c=");
	print_hex(leaf & RADIX_REF_CHG);
	putchar('\n');
}

int main(void *fdt)
{
	(void)fdt;
	trap_init();
	setup();
	mmu_relocate(1);
	puts("fault-radix: relocation on\n");

	/* data: DSI (no PDE/PTE, EAA, privilege, KUAP via AMR key 0) */
	trap_case("dsi-no-pte-load", snip_load, PAGE_NONE + 0x100, 0);
	trap_case("dsi-no-pte-store", snip_store, PAGE_NONE + 0x100, 1);
	trap_case("dsi-no-pde-load", snip_load, NO_PDE + 0x100, 0);
	trap_case("load-read-only", snip_load, PAGE_RO + 0x100, 0);
	trap_case("dsi-store-read-only", snip_store, PAGE_RO + 0x100, 1);
	trap_case("load-privileged-page", snip_load, PAGE_PRIV + 0x100, 0);
	trap_case("dsi-user-load-privileged-page", user_enter, (u64)user_load, PAGE_PRIV + 0x100);
	trap_case("dsi-user-store-read-only", user_enter, (u64)user_store, PAGE_RO + 0x100);
	trap_case("user-load-rw", user_enter, (u64)user_load, PAGE_RW + 0x100);
	trap_case("dsi-kuap-load", snip_load_amr, PAGE_RW + 0x100, AMR_KEY0_NO_LOAD);
	trap_case("dsi-kuap-store", snip_store_amr, PAGE_RW + 0x100, AMR_KEY0_NO_STORE);
	trap_case("load-privileged-page-amr", snip_load_amr, PAGE_PRIV + 0x100, AMR_KEY0_NO_LOAD);
	trap_case("dsi-load-crossing-into-no-pte", snip_load, PAGE_EDGE + 0xfffc, 0);
	trap_case("load-quadrant3", snip_load, QUADRANT3 + PAGE_RO + 0x100, 0);

	/* data segment: quadrants 1 and 2, EA beyond the tree */
	trap_case("dseg-quadrant1-load", snip_load, QUADRANT1 + PAGE_RW + 0x100, 0);
	trap_case("dseg-quadrant2-store", snip_store, QUADRANT2 + PAGE_RW + 0x100, 1);
	trap_case("dseg-beyond-tree-load", snip_load, BEYOND_TREE + PAGE_RW + 0x100, 0);

	/* process table: PID without an entry, PID beyond the table (run from quadrant 3) */
	trap_case("dsi-pid-empty-entry", (const void *)(QUADRANT3 | (u64)snip_load_pid), PAGE_RW + 0x100, 1);
	trap_case("dsi-pid-beyond-table", (const void *)(QUADRANT3 | (u64)snip_load_pid), PAGE_RW + 0x100, 0x1000);

	/* instruction fetch: ISI (no PTE, no X, guarded, privileged) and instruction segment */
	trap_case("fetch-rw", snip_jump, PAGE_RW, 0);
	trap_case("isi-no-pte", snip_jump, PAGE_NONE, 0);
	trap_case("isi-noexec-page", snip_jump, PAGE_NOEXEC, 0);
	trap_case("isi-guarded-io-page", snip_jump, PAGE_IO, 0);
	/* KUEP: IAMR key 0 denies privileged fetch from non-privileged pages, this code's own too */
	trap_case("isi-kuep-iamr", (const void *)PRIV_SNIP, PAGE_XRW, AMR_KEY0_NO_LOAD);
	trap_case("isi-kuep-iamr-own-code", snip_jump_iamr, PAGE_XRW, AMR_KEY0_NO_LOAD);
	trap_case("isi-user-privileged-page", user_enter, (u64)user_jump, PAGE_PRIV);
	trap_case("iseg-quadrant1", snip_jump, QUADRANT1 + PAGE_RW, 0);
	trap_case("iseg-beyond-tree", snip_jump, BEYOND_TREE + PAGE_RW, 0);

	/* reference and change recording in the leaf */
	print_rc("rc-page-initially", PAGE_RC);
	trap_case("load-rc-page", snip_load, PAGE_RC + 0x100, 0);
	print_rc("rc-page-after-load", PAGE_RC);
	trap_case("store-rc-page", snip_store, PAGE_RC + 0x100, 2);
	print_rc("rc-page-after-store", PAGE_RC);

	common_cases(PAGE_RW);
	return 0;
}
