/*
 * hv.c - console, device-tree and RTAS helpers for the bare-metal test guests.
 * Freestanding: no libc, fixed-point only.  See hv.h.
 */
#include "hv.h"

u64 vty_unit = VTY_DEFAULT_UNIT;
int vty_found;
u32 rtas_power_off_token;
int rtas_power_off_found;
u64 __entry_regs[4] __attribute__((section(".data")));

/* ---------------------------------------------------------------- hcall */

long hcall_out(u64 opcode, u64 a1, u64 a2, u64 a3, u64 a4, u64 *out4, u64 *out5)
{
	register u64 r3 __asm__("r3") = opcode;
	register u64 r4 __asm__("r4") = a1;
	register u64 r5 __asm__("r5") = a2;
	register u64 r6 __asm__("r6") = a3;
	register u64 r7 __asm__("r7") = a4;
	/* PAPR: r3 = status, r4..r12 may be changed (return values); r0, ctr, xer, cr volatile */
	__asm__ __volatile__("sc 1"
			     : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
			     :
			     : "r0", "r8", "r9", "r10", "r11", "r12", "ctr", "xer",
			       "cr0", "cr1", "cr5", "cr6", "cr7", "memory");
	if (out4)
		*out4 = r4;
	if (out5)
		*out5 = r5;
	return (long)r3;
}

long hcall(u64 opcode, u64 a1, u64 a2, u64 a3, u64 a4)
{
	return hcall_out(opcode, a1, a2, a3, a4, 0, 0);
}

/* -------------------------------------------------------------- console */

static u8 conbuf[16];
static unsigned conlen;

void flush(void)
{
	u64 w[2] = { 0, 0 };
	unsigned i;
	int tries;

	if (!conlen)
		return;
	/* bytes packed big-endian into r6:r7, first char in the top byte of r6,
	 * independent of the guest's own endianness */
	for (i = 0; i < conlen; i++)
		w[i >> 3] |= (u64)conbuf[i] << (56 - 8 * (i & 7));
	for (tries = 0; tries < 1000; tries++)
		if (hcall(H_PUT_TERM_CHAR, vty_unit, conlen, w[0], w[1]) != H_BUSY)
			break;
	conlen = 0;
}

void putchar(int c)
{
	conbuf[conlen++] = (u8)c;
	if (conlen == sizeof conbuf || c == '\n')
		flush();
}

void puts(const char *s)
{
	while (*s)
		putchar(*s++);
}

void print_hex(u64 v)
{
	int shift = 60;
	puts("0x");
	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		putchar("0123456789abcdef"[(v >> shift) & 15]);
}

void print_hex64(u64 v)
{
	int shift;
	puts("0x");
	for (shift = 60; shift >= 0; shift -= 4)
		putchar("0123456789abcdef"[(v >> shift) & 15]);
}

void print_udec(u64 v)
{
	char buf[24];
	int i = 0;
	do {
		buf[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i)
		putchar(buf[--i]);
}

void print_dec(s64 v)
{
	if (v < 0) {
		putchar('-');
		print_udec(-(u64)v);
	} else {
		print_udec((u64)v);
	}
}

/* ------------------------------------------------------------ libc bits */

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	if (dp <= sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

void *memset(void *d, int c, size_t n)
{
	u8 *dp = d;
	while (n--)
		*dp++ = (u8)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

/* ------------------------------------------------------------------ FDT */

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9

static u32 fdt32(const void *p)
{
	const u8 *b = p;
	return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* path component `c` (length n) matches node name `name` exactly, or, when
 * `c` has no unit address, matches `name`'s part before '@' */
static int comp_match(const char *c, int n, const char *name)
{
	int i;
	for (i = 0; i < n; i++)
		if (name[i] != c[i])
			return 0;
	return name[n] == 0 || name[n] == '@';
}

const void *fdt_getprop(const void *fdt, const char *path, const char *prop, int *len)
{
	const u8 *base = fdt;
	const char *comp[8];
	int clen[8];
	int ncomp = 0, depth = 0, matched = 0;
	u32 off, limit, strings;

	if (!fdt || fdt32(base) != FDT_MAGIC)
		return 0;
	/* split path into components */
	while (*path) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		if (ncomp == 8)
			return 0;
		comp[ncomp] = path;
		while (*path && *path != '/')
			path++;
		clen[ncomp] = (int)(path - comp[ncomp]);
		ncomp++;
	}

	off = fdt32(base + 8);                  /* off_dt_struct */
	strings = fdt32(base + 12);             /* off_dt_strings */
	limit = fdt32(base + 4);                /* totalsize */
	while (off + 4 <= limit) {
		u32 tok = fdt32(base + off);
		off += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)base + off;
			depth++;
			if (depth >= 2 && matched == depth - 2 && depth - 2 < ncomp &&
			    comp_match(comp[depth - 2], clen[depth - 2], name))
				matched = depth - 1;
			off += (u32)strlen(name) + 1;
			off = (off + 3) & ~3u;
		} else if (tok == FDT_END_NODE) {
			if (depth >= 2 && matched == depth - 1)
				matched = depth - 2;
			depth--;
		} else if (tok == FDT_PROP) {
			u32 plen = fdt32(base + off);
			u32 nameoff = fdt32(base + off + 4);
			const u8 *val = base + off + 8;
			if (depth == ncomp + 1 && matched == ncomp &&
			    streq((const char *)base + strings + nameoff, prop)) {
				if (len)
					*len = (int)plen;
				return val;
			}
			off += 8 + plen;
			off = (off + 3) & ~3u;
		} else if (tok == FDT_NOP) {
			continue;
		} else {
			break;                  /* FDT_END or garbage */
		}
	}
	return 0;
}

void __runtime_init(void *fdt)
{
	int len;
	const u8 *p;

	p = fdt_getprop(fdt, "/vdevice/vty", "reg", &len);
	if (p && len >= 4) {
		vty_unit = len >= 8 ? ((u64)fdt32(p) << 32 | fdt32(p + 4)) : fdt32(p);
		vty_found = 1;
	}
	p = fdt_getprop(fdt, "/rtas", "power-off", &len);
	if (p && len >= 4) {
		rtas_power_off_token = fdt32(p);
		rtas_power_off_found = 1;
	}
}

/* ----------------------------------------------------------------- RTAS */

/* the RTAS argument buffer: big-endian u32s at a real (physical) address */
static u32 rtas_buf[16] __attribute__((aligned(16)));

long rtas_call(u32 token, int nargs, int nret, const u32 *args, u32 *rets)
{
	long rc;
	int i;

	if (nargs + nret > 13)
		return -1;
	rtas_buf[0] = cpu_to_be32(token);
	rtas_buf[1] = cpu_to_be32((u32)nargs);
	rtas_buf[2] = cpu_to_be32((u32)nret);
	for (i = 0; i < nargs; i++)
		rtas_buf[3 + i] = cpu_to_be32(args[i]);
	for (i = 0; i < nret; i++)
		rtas_buf[3 + nargs + i] = 0;
	rc = hcall(KVMPPC_H_RTAS, (u64)rtas_buf, 0, 0, 0);
	for (i = 0; i < nret; i++)
		if (rets)
			rets[i] = be32_to_cpu(rtas_buf[3 + nargs + i]);
	return rc;
}

void power_off(void)
{
	u32 args[2] = { 0, 0 };
	u32 ret = 0;

	flush();
	if (rtas_power_off_found)
		rtas_call(rtas_power_off_token, 2, 1, args, &ret);
	else
		puts("power_off: no /rtas power-off token in the device tree\n");
	flush();
	/* QEMU stops the machine asynchronously; spin until it does (or forever
	 * if the VMM ignored the request: a harness stops on the "exit N" line) */
	for (;;)
		__asm__ __volatile__("" ::: "memory");
}

void __exit(long status) __attribute__((noreturn));
void __exit(long status)
{
	flush();
	puts("exit ");
	print_dec(status);
	putchar('\n');
	power_off();
}
