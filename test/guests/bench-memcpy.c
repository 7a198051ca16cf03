/*
 * bench-memcpy: word (u32) and doubleword (u64) memcpy and memset over
 * 256 KiB buffers, repeated: the other big consumer of a kernel boot
 * (page clearing, copying initramfs/unpacked data).  Every pass changes the
 * source a little so that no pass repeats the previous one's data.
 *
 * Per pass: memset64(dst) + memcpy64(dst <- src) + memcpy32(dst2 <- dst at
 * a shifting 16-byte offset) + memset32(part of src) + a sparse checksum.
 * All data is read back as u64 (and the u32 fill pattern has equal halves),
 * so the checksum is the same on big- and little-endian guests.
 *
 * Expected console output:
 *   bench-memcpy: 256 KiB buffers, PASSES passes
 *   checksum 0x................ expected 0x................ ok
 *   exit 0
 */
#ifdef HOST
#include "runtime/host.h"
#else
#include "runtime/hv.h"
#endif

#define BUF_BYTES (256 * 1024)
#define PASSES 800
#define EXPECTED 0xee2a280d2232f71bUL

#define NOINLINE __attribute__((noinline))

/* u64 copy, unrolled by 4 (n = number of doublewords, multiple of 4) */
NOINLINE void memcpy64(u64 *restrict d, const u64 *restrict s, size_t n)
{
	for (; n; n -= 4, d += 4, s += 4) {
		u64 a = s[0], b = s[1], c = s[2], e = s[3];
		d[0] = a;
		d[1] = b;
		d[2] = c;
		d[3] = e;
	}
}

/* u32 copy, unrolled by 4 (n = number of words, multiple of 4) */
NOINLINE void memcpy32(u32 *restrict d, const u32 *restrict s, size_t n)
{
	for (; n; n -= 4, d += 4, s += 4) {
		u32 a = s[0], b = s[1], c = s[2], e = s[3];
		d[0] = a;
		d[1] = b;
		d[2] = c;
		d[3] = e;
	}
}

NOINLINE void memset64(u64 *d, u64 v, size_t n)
{
	for (; n; n -= 4, d += 4) {
		d[0] = v;
		d[1] = v;
		d[2] = v;
		d[3] = v;
	}
}

NOINLINE void memset32(u32 *d, u32 v, size_t n)
{
	for (; n; n -= 4, d += 4) {
		d[0] = v;
		d[1] = v;
		d[2] = v;
		d[3] = v;
	}
}

#define N64 (BUF_BYTES / 8)
#define N32 (BUF_BYTES / 4)

static u64 src[N64] __attribute__((aligned(128)));
static u64 dst[N64] __attribute__((aligned(128)));
static u32 dst2[N32 + 64] __attribute__((aligned(128)));

int main(void *fdt)
{
	u64 sum = 0, x = 0x9e3779b97f4a7c15UL;
	size_t i;
	int p;

	(void)fdt;
	puts("bench-memcpy: 256 KiB buffers, ");
	print_udec(PASSES);
	puts(" passes\n");

	for (i = 0; i < N64; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		src[i] = x;
	}
	for (p = 0; p < PASSES; p++) {
		size_t off = (size_t)(p & 15) * 4;        /* word offset 0..60 */
		u32 *s32 = (u32 *)src;
		const u64 *d64;

		memset64(dst, 0x0101010101010101UL * (u64)(p & 0xff), N64);
		memcpy64(dst, src, N64);
		memcpy32(dst2 + off, (const u32 *)dst, N32);
		memset32(s32 + (p & 7) * 1024, 0xa5a5a5a5u ^ (u32)p, N32 / 8);
		/* sparse checksum: one doubleword in every 64 bytes, read as u64
		 * so that the value does not depend on the guest's endianness */
		d64 = (const u64 *)(dst2 + off);
		for (i = 0; i < N64; i += 8)
			sum = (sum << 5 | sum >> 59) ^ d64[i];
		src[(p * 613) % N64] ^= sum;
	}
	for (i = 0; i < N64; i++)
		sum += src[i] ^ (dst[i] >> 1);

	puts("checksum ");
	print_hex64(sum);
	puts(" expected ");
	print_hex64(EXPECTED);
	if (sum == EXPECTED) {
		puts(" ok\n");
		return 0;
	}
	puts(" FAIL\n");
	return 1;
}
