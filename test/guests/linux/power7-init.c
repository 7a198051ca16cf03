/*
 * power7-init.c - the /init of the compat=power7 initramfs: a static ppc64le Linux program built
 * for ISA 2.06 (-mcpu=power7) with no libc (glibc's static objects are built for POWER8), so it
 * runs where PCR[v2.06] makes every ISA 2.07 instruction illegal in problem state.
 *
 * It mounts /proc, prints the cpu and MMU lines of /proc/cpuinfo and the hardware capabilities
 * the kernel put in its auxiliary vector, runs a workload of fixed-point, scalar FP and VSX
 * instructions whose results the test knows, and powers the machine off. Every line it prints
 * starts with "power7-init: " except the two copied from /proc/cpuinfo.
 *
 * Built by build-power7-init.sh; the test suite uses the committed binary.
 */
#include <altivec.h>

typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned char u8;

/* ---- Linux system calls (powerpc64: sc, number in r0, CR0[SO] set on error) */

enum { SYS_exit = 1, SYS_read = 3, SYS_write = 4, SYS_open = 5, SYS_close = 6, SYS_mount = 21, SYS_reboot = 88 };

static long syscall5(long n, long a, long b, long c, long d, long e)
{
	register long r0 __asm__("r0") = n;
	register long r3 __asm__("r3") = a;
	register long r4 __asm__("r4") = b;
	register long r5 __asm__("r5") = c;
	register long r6 __asm__("r6") = d;
	register long r7 __asm__("r7") = e;
	__asm__ volatile("sc\n\tbns+ 1f\n\tneg %1,%1\n1:"
			 : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
			 :
			 : "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory");
	return r3;
}

/* ---- Output */

static u64 strlen(const char *s)
{
	u64 n = 0;
	while (s[n])
		n++;
	return n;
}

static void write_all(const char *s, u64 n)
{
	while (n > 0) {
		long w = syscall5(SYS_write, 1, (long)s, (long)n, 0, 0);
		if (w <= 0)
			return;
		s += w;
		n -= (u64)w;
	}
}

static void puts_(const char *s) { write_all(s, strlen(s)); }

static void put_hex(u64 v, int digits)
{
	char b[16];
	for (int i = digits - 1; i >= 0; i--, v >>= 4)
		b[i] = "0123456789abcdef"[v & 15];
	write_all(b, (u64)digits);
}

static void put_dec(u64 v)
{
	char b[20];
	int i = 20;
	do
		b[--i] = (char)('0' + v % 10);
	while (v /= 10);
	write_all(b + i, (u64)(20 - i));
}

static void line(const char *label) { puts_("power7-init: "); puts_(label); }

static void fail(const char *what, long err)
{
	line(what);
	puts_(" failed: errno ");
	put_dec((u64)-err);
	puts_("\n");
	syscall5(SYS_exit, 1, 0, 0, 0, 0);
}

/* ---- /proc/cpuinfo: copy the lines that start with "cpu\t" and "MMU\t" */

static char cpuinfo[16384];

static int starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

static void print_cpuinfo(void)
{
	long fd = syscall5(SYS_open, (long)"/proc/cpuinfo", 0, 0, 0, 0);
	if (fd < 0)
		fail("open /proc/cpuinfo", fd);
	u64 len = 0;
	for (long n; len < sizeof cpuinfo - 1 && (n = syscall5(SYS_read, fd, (long)(cpuinfo + len), (long)(sizeof cpuinfo - 1 - len), 0, 0)) > 0;)
		len += (u64)n;
	syscall5(SYS_close, fd, 0, 0, 0, 0);
	cpuinfo[len] = 0;
	for (char *p = cpuinfo; *p;) {
		char *end = p;
		while (*end && *end != '\n')
			end++;
		if (starts_with(p, "cpu\t") || starts_with(p, "MMU\t"))
			write_all(p, (u64)(end - p) + (*end == '\n'));
		p = *end ? end + 1 : end;
	}
}

/* ---- The auxiliary vector (after argv and envp on the initial stack) */

enum { AT_NULL = 0, AT_PLATFORM = 15, AT_HWCAP = 16, AT_BASE_PLATFORM = 24, AT_HWCAP2 = 26 };

static void print_auxv(u64 *sp)
{
	u64 argc = sp[0];
	u64 *p = sp + 1 + argc + 1;
	while (*p)
		p++;
	u64 hwcap = 0, hwcap2 = 0;
	const char *platform = "?", *base_platform = "?";
	for (p++; p[0] != AT_NULL; p += 2) {
		if (p[0] == AT_HWCAP)
			hwcap = p[1];
		else if (p[0] == AT_HWCAP2)
			hwcap2 = p[1];
		else if (p[0] == AT_PLATFORM)
			platform = (const char *)p[1];
		else if (p[0] == AT_BASE_PLATFORM)
			base_platform = (const char *)p[1];
	}
	line("AT_HWCAP 0x");
	put_hex(hwcap, 8);
	puts_("\n");
	line("AT_HWCAP2 0x");
	put_hex(hwcap2, 8);
	puts_("\n");
	line("AT_PLATFORM ");
	puts_(platform);
	puts_("\n");
	line("AT_BASE_PLATFORM ");
	puts_(base_platform);
	puts_("\n");
}

/* ---- Workload: SHA-256 (FIPS 180-4) and CRC-32 (IEEE 802.3, reflected) of a fixed buffer */

static const u32 K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static u32 ror(u32 x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha256_block(u32 h[8], const u8 *b)
{
	u32 w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (u32)b[4 * i] << 24 | (u32)b[4 * i + 1] << 16 | (u32)b[4 * i + 2] << 8 | b[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		u32 s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		u32 s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	u32 a = h[0], b_ = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int i = 0; i < 64; i++) {
		u32 t1 = hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		u32 t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b_) ^ (a & c) ^ (b_ & c));
		hh = g, g = f, f = e, e = d + t1, d = c, c = b_, b_ = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b_, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

static void print_sha256(const char *label, const u8 *data, u64 n)
{
	u32 h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	u8 last[128];
	u64 full = n & ~63UL;
	for (u64 i = 0; i < full; i += 64)
		sha256_block(h, data + i);
	u64 rest = n - full, padded = rest < 56 ? 64 : 128;
	for (u64 i = 0; i < padded; i++)
		last[i] = i < rest ? data[full + i] : i == rest ? 0x80 : 0;
	for (int i = 0; i < 8; i++)
		last[padded - 1 - i] = (u8)((n * 8) >> (8 * i));
	for (u64 i = 0; i < padded; i += 64)
		sha256_block(h, last + i);
	line(label);
	for (int i = 0; i < 8; i++)
		put_hex(h[i], 8);
	puts_("\n");
}

static u32 crc32(const u8 *data, u64 n)
{
	u32 crc = 0xffffffff;
	for (u64 i = 0; i < n; i++) {
		crc ^= data[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

/* The buffer: bytes (i * 7 + i / 256) mod 256, for i in 0 .. 4095. */
static u8 buffer[4096];

/* ---- Workload: floating point. Results print as IEEE bit patterns (exact) and in decimal. */

static u64 bits(double x)
{
	union { double d; u64 u; } v = { x };
	return v.u;
}

static void print_double(const char *label, double x)
{
	line(label);
	puts_("0x");
	put_hex(bits(x), 16);
	puts_(" ");
	if (x < 0) {
		puts_("-");
		x = -x;
	}
	u64 micro = (u64)(x * 1e6 + 0.5);
	put_dec(micro / 1000000);
	puts_(".");
	char frac[6];
	for (int i = 5; i >= 0; i--, micro /= 10)
		frac[i] = (char)('0' + micro % 10);
	write_all(frac, 6);
	puts_("\n");
}

static double a[64] __attribute__((aligned(16))), b[64] __attribute__((aligned(16)));

static void floating_point(void)
{
	/* Scalar double: the harmonic number H(1000), summed in order, and Newton's sqrt(2) against fsqrt. */
	double h = 0;
	for (int i = 1; i <= 1000; i++)
		h += 1.0 / i;
	print_double("H(1000) ", h);
	double r = 1;
	for (int i = 0; i < 6; i++)
		r = 0.5 * (r + 2 / r);
	print_double("newton sqrt(2) ", r);
	print_double("fsqrt(2) ", __builtin_sqrt(2.0));

	/* Single precision: the partial sum of the Leibniz series for pi, in float. */
	float pi4 = 0;
	for (int k = 0; k < 2000; k++)
		pi4 += (k & 1 ? -1.0f : 1.0f) / (float)(2 * k + 1);
	print_double("leibniz pi (float) ", 4 * (double)pi4);

	/* VSX vector double: a dot product by fused multiply-add, two lanes at a time. */
	for (int i = 0; i < 64; i++) {
		a[i] = (double)(i + 1) / 8;
		b[i] = 1.0 / (double)(i + 3);
	}
	vector double acc = { 0, 0 };
	for (int i = 0; i < 64; i += 2)
		acc = vec_madd(vec_ld(0, a + i), vec_ld(0, b + i), acc);
	print_double("vsx dot ", acc[0] + acc[1]);
	vector double q = vec_div(vec_sqrt(vec_ld(0, a + 8)), vec_ld(0, b + 8));
	print_double("vsx sqrt/div lane 0 ", q[0]);
	print_double("vsx sqrt/div lane 1 ", q[1]);
}

/* ---- Entry */

static const char hello[] = "abc";

void start_c(u64 *sp) __attribute__((noreturn, used));
void start_c(u64 *sp)
{
	long err = syscall5(SYS_mount, (long)"proc", (long)"/proc", (long)"proc", 0, 0);
	if (err < 0)
		fail("mount /proc", err);
	line("ISA 2.06 userland\n");
	print_cpuinfo();
	print_auxv(sp);

	print_sha256("sha256(abc) ", (const u8 *)hello, 3);
	for (u32 i = 0; i < sizeof buffer; i++)
		buffer[i] = (u8)(i * 7 + i / 256);
	print_sha256("sha256(buffer) ", buffer, sizeof buffer);
	line("crc32(buffer) ");
	put_hex(crc32(buffer, sizeof buffer), 8);
	puts_("\n");
	floating_point();

	line("power off\n");
	/* reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF) */
	err = syscall5(SYS_reboot, 0xfee1dead, 672274793, 0x4321fedc, 0, 0);
	fail("reboot", err);
	for (;;)
		;
}

/* The kernel enters with r1 at argc; make a minimal ABI frame, set the TOC and call start_c. */
__asm__(".section .text._start,\"ax\",@progbits\n"
	".globl _start\n"
	"_start:\n"
	"	bcl 20,31,1f\n"
	"1:	mflr 12\n"
	"	addis 2,12,(.TOC.-1b)@ha\n"
	"	addi 2,2,(.TOC.-1b)@l\n"
	"	mr 3,1\n"
	"	clrrdi 1,1,4\n"
	"	li 0,0\n"
	"	stdu 0,-32(1)\n"
	"	bl start_c\n"
	"	nop\n"
	"	b .\n");
