/* probe: prints the machine state found at entry and what the runtime read
 * from the device tree.  Output is platform-specific (FDT address and size,
 * tokens, PVR), so it is a diagnostic, not a golden-output test.  Under
 * QEMU 7.2 `-M pseries -m 512M` (default CPU power9_v2.0), the LE build prints:
 *   probe: entry msr=0x0 r3=0x1fe00000 r4=0x0 r5=0x0
 *   probe: fdt magic=0xd00dfeed totalsize=0x3c08
 *   probe: vty unit=0x71000000 (fdt) rtas power-off token=0x2003
 *   probe: model=IBM pSeries (emulated by qemu)
 *   probe: msr now=0x8000000000001001 pvr=0x4e1200
 *   exit 0
 * (the BE build: msr now=0x8000000000001000).  r3 = min(RAM, 2 GiB) - 2 MiB.
 */
#include "runtime/hv.h"

int main(void *fdt)
{
	u64 msr, pvr;
	const u8 *f = fdt;
	int len = 0;
	const char *model;

	__asm__ __volatile__("mfmsr %0" : "=r"(msr));
	__asm__ __volatile__("mfpvr %0" : "=r"(pvr));
	puts("probe: entry msr=");
	print_hex(__entry_regs[3]);
	puts(" r3=");
	print_hex(__entry_regs[0]);
	puts(" r4=");
	print_hex(__entry_regs[1]);
	puts(" r5=");
	print_hex(__entry_regs[2]);
	putchar('\n');
	puts("probe: fdt magic=");
	print_hex(((u32)f[0] << 24) | ((u32)f[1] << 16) | ((u32)f[2] << 8) | f[3]);
	puts(" totalsize=");
	print_hex(((u32)f[4] << 24) | ((u32)f[5] << 16) | ((u32)f[6] << 8) | f[7]);
	putchar('\n');
	puts("probe: vty unit=");
	print_hex(vty_unit);
	puts(vty_found ? " (fdt)" : " (default)");
	puts(" rtas power-off token=");
	if (rtas_power_off_found)
		print_hex(rtas_power_off_token);
	else
		puts("(none)");
	putchar('\n');
	model = fdt_getprop(fdt, "/", "model", &len);
	puts("probe: model=");
	puts(model ? model : "(none)");
	putchar('\n');
	puts("probe: msr now=");
	print_hex(msr);
	puts(" pvr=");
	print_hex(pvr);
	putchar('\n');
	return 0;
}
