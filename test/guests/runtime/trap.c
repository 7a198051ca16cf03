/*
 * trap.c - print the fault cases' results; the cases every fault guest runs.
 */
#include "trap.h"
#include "mmu.h"

void trap_init(void)
{
	/* H_SET_MODE resource 4: interrupts taken in the guest's endianness (LPCR[ILE]) */
	hcall(H_SET_MODE, __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, 4, 0, 0);
	__asm__ __volatile__("mtdec %0" : : "r"(0x7fffffffUL));
}

void trap_case(const char *name, const void *fn, u64 a, u64 b)
{
	__asm__ __volatile__("mtdar %0; mtdsisr %1" : : "r"(DAR_SENTINEL), "r"(DSISR_SENTINEL));
	puts(name);
	if (!trap_try(fn, a, b)) {
		puts(": no interrupt, r3=");
		print_hex(trap_result);
		putchar('\n');
		return;
	}
	puts(": vec=");
	print_hex(trap_info[0]);
	puts(" srr0=");
	print_hex(trap_info[1]);
	puts(" srr1=");
	print_hex(trap_info[2]);
	puts(" dar=");
	print_hex(trap_info[3]);
	puts(" dsisr=");
	print_hex(trap_info[4]);
	putchar('\n');
}

void common_cases(u64 rw)
{
	trap_case("align-lwarx-odd", snip_lwarx, rw + 0x101, 0);
	trap_case("align-ldarx-4mod8", snip_ldarx, rw + 0x104, 0);
	trap_case("align-stwcx-odd", snip_stwcx, rw + 0x103, 0);
	trap_case("program-illegal", snip_illegal, 0, 0);
	trap_case("program-privileged-mfmsr", user_enter, (u64)user_mfmsr, 0);
	trap_case("program-trap", snip_trap, 0, 0);
	trap_case("decrementer", snip_dec, 0x1000, 0);
}
