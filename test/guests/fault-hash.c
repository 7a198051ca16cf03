/*
 * fault-hash: the hash MMU's interrupts, one case per line (see trap.h for
 * the format).  Code, data and stack are identity-mapped (segment 0, VSID
 * 0x42, Ks=0 Kp=1, PP=0b010: read/write for both states); the test pages
 * below sit at 16 MiB and up, each starting with `sc` and holding PATTERN
 * at +0x100.  Runs on POWER8 and POWER9.
 */
#include "runtime/mmu.h"
#include "runtime/trap.h"

#define VSID        0x42UL
#define VSID_NX     0x43UL
#define SEG_NONE    0x10000000UL /* segment 1: no SLB entry */
#define SEG_NX      0x20000000UL /* segment 2: SLB N=1, its first page -> PAGE_RW */
#define PAGE_NONE   0x1000000UL  /* never entered */
#define PAGE_RO     0x1010000UL  /* PP=0b011 */
#define PAGE_SUPER  0x1020000UL  /* PP=0b000: supervisor only (Kp=1) */
#define PAGE_KEY    0x1030000UL  /* storage key KEY */
#define PAGE_NOEXEC 0x1040000UL  /* N=1 */
#define PAGE_RW     0x1050000UL
#define PAGE_IO     0x1060000UL  /* -> IO_ADDR, I|G: guarded */
#define PAGE_EDGE   0x1080000UL  /* read/write, the next page has no PTE */
#define PAGE_XKEY   0x10a0000UL  /* storage key KEY, only ever fetched from */
#define IO_ADDR     0x40000000UL /* beyond the 512 MiB of RAM */
#define KEY         5
#define AMR_KEY(k, bits) ((u64)(bits) << (62 - 2 * (k))) /* bits: 2 = no store, 1 = no load */

static u64 ro_ptex, rw_ptex;

static void enter(u64 ea, u64 pa, u64 vsid, u64 rflags, u64 *ptex)
{
	long rc = hash_enter(ea, pa, vsid, rflags, ptex);
	if (rc) {
		puts("H_ENTER ");
		print_hex(ea);
		puts(" failed: ");
		print_dec(rc);
		putchar('\n');
	}
}

static void setup(void *fdt)
{
	static const u64 pages[] = { PAGE_NONE, PAGE_RO, PAGE_SUPER, PAGE_KEY, PAGE_NOEXEC, PAGE_RW, PAGE_EDGE, PAGE_XKEY };
	unsigned i;
	u64 ea;

	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		*(u32 *)pages[i] = INSN_SC;
		*(u64 *)(pages[i] + 0x100) = PATTERN;
	}
	if (hash_init(fdt)) {
		puts("no ibm,pft-size\n");
		__asm__ __volatile__("trap");
	}
	slb_set(0, 0, VSID, SLB_KP);
	slb_set(1, SEG_NX, VSID_NX, SLB_KP | SLB_N);
	for (ea = 0; ea < 0x800000; ea += PAGE_64K)
		enter(ea, ea, VSID, HPTE_R_PP_RW, 0);
	enter(PAGE_RO, PAGE_RO, VSID, HPTE_R_PP_RO, &ro_ptex);
	enter(PAGE_SUPER, PAGE_SUPER, VSID, HPTE_R_PP_SUPER, 0);
	enter(PAGE_KEY, PAGE_KEY, VSID, HPTE_R_PP_RW | HPTE_R_KEY(KEY), 0);
	enter(PAGE_NOEXEC, PAGE_NOEXEC, VSID, HPTE_R_PP_RW | HPTE_R_N, 0);
	enter(PAGE_RW, PAGE_RW, VSID, HPTE_R_PP_RW, &rw_ptex);
	enter(PAGE_EDGE, PAGE_EDGE, VSID, HPTE_R_PP_RW, 0);
	enter(PAGE_XKEY, PAGE_XKEY, VSID, HPTE_R_PP_RW | HPTE_R_KEY(KEY), 0);
	enter(SEG_NX, PAGE_RW, VSID_NX, HPTE_R_PP_RW, 0);
	/* PAPR lets I/O pages (outside RAM) be entered with I (and G) set */
	puts("H_ENTER of an I/O page, WIMG=0b0111: ");
	print_dec(hash_enter(PAGE_IO, IO_ADDR, VSID, HPTE_R_PP_RW | HPTE_R_I | HPTE_R_G, 0));
	putchar('\n');
}

static void print_rc(const char *name, u64 ptex)
{
	u64 v = 0, r = 0;
	long rc = hash_read(ptex, &v, &r);
	puts(name);
	puts(": H_READ ");
	print_dec(rc);
	puts(" r/c=");
	print_hex(r & HPTE_R_REF_CHG);
	putchar('\n');
}

int main(void *fdt)
{
	trap_init();
	setup(fdt);
	mmu_relocate(1);
	puts("fault-hash: relocation on\n");

	/* data: DSI (no PTE, PP, key) and data segment */
	trap_case("dsi-no-pte-load", snip_load, PAGE_NONE + 0x100, 0);
	trap_case("dsi-no-pte-store", snip_store, PAGE_NONE + 0x100, 1);
	trap_case("load-read-only", snip_load, PAGE_RO + 0x100, 0);
	trap_case("dsi-store-read-only", snip_store, PAGE_RO + 0x100, 1);
	trap_case("load-supervisor-page", snip_load, PAGE_SUPER + 0x100, 0);
	trap_case("dsi-user-load-supervisor-page", user_enter, (u64)user_load, PAGE_SUPER + 0x100);
	trap_case("dsi-user-store-read-only", user_enter, (u64)user_store, PAGE_RO + 0x100);
	trap_case("user-load-rw", user_enter, (u64)user_load, PAGE_RW + 0x100);
	trap_case("dsi-key-load", snip_load_amr, PAGE_KEY + 0x100, AMR_KEY(KEY, 1));
	trap_case("dsi-key-store", snip_store_amr, PAGE_KEY + 0x100, AMR_KEY(KEY, 2));
	trap_case("load-key-amr-denies-other-key", snip_load_amr, PAGE_KEY + 0x100, AMR_KEY(KEY + 1, 3));
	trap_case("dsi-load-crossing-into-no-pte", snip_load, PAGE_EDGE + 0xfffc, 0);
	trap_case("dseg-load", snip_load, SEG_NONE + 0x100, 0);
	trap_case("dseg-store", snip_store, SEG_NONE + 0x100, 1);

	/* instruction fetch: ISI (no PTE, N, G, PP, N segment) and instruction segment */
	trap_case("fetch-rw", snip_jump, PAGE_RW, 0);
	trap_case("isi-no-pte", snip_jump, PAGE_NONE, 0);
	trap_case("isi-noexec-page", snip_jump, PAGE_NOEXEC, 0);
	trap_case("isi-guarded-io-page", snip_jump, PAGE_IO, 0);
	trap_case("isi-key-iamr", snip_jump_iamr, PAGE_XKEY, AMR_KEY(KEY, 1));
	trap_case("fetch-key-iamr-denies-other-key", snip_jump_iamr, PAGE_XKEY, AMR_KEY(KEY + 1, 1));
	trap_case("isi-key-iamr-page-loaded-before", snip_jump_iamr, PAGE_KEY, AMR_KEY(KEY, 1));
	trap_case("isi-noexec-segment", snip_jump, SEG_NX, 0);
	trap_case("load-noexec-segment", snip_load, SEG_NX + 0x100, 0);
	trap_case("isi-user-supervisor-page", user_enter, (u64)user_jump, PAGE_SUPER);
	trap_case("iseg", snip_jump, SEG_NONE, 0);

	/* the guest takes translations away: slbie, H_REMOVE */
	__asm__ __volatile__("slbie %0; isync" : : "r"(SEG_NX) : "memory");
	trap_case("dseg-after-slbie", snip_load, SEG_NX + 0x100, 0);
	puts("H_REMOVE read-only page: ");
	print_dec(hash_remove(ro_ptex));
	putchar('\n');
	trap_case("dsi-after-h-remove", snip_load, PAGE_RO + 0x100, 0);

	/* reference and change recording */
	print_rc("rw-page-after-loads", rw_ptex);
	trap_case("store-rw", snip_store, PAGE_RW + 0x100, 2);
	print_rc("rw-page-after-store", rw_ptex);

	common_cases(PAGE_RW);
	return 0;
}
