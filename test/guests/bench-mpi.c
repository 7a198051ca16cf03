/*
 * bench-mpi: multi-precision multiply, the hot loop of a Linux boot
 * (mpi_powm -> mpihelp_mul -> mpihelp_mul_1 / mpihelp_addmul_1 /
 * mpihelp_submul_1, lib/crypto/mpi/generic_mpih-*.c), with 64-bit limbs and
 * umul_ppmm = mulld + mulhdu as in lib/crypto/mpi/longlong.h for ppc64.
 *
 * Each round multiplies two 2048-bit numbers schoolbook-style (one mul_1 row
 * and 31 addmul_1 rows), folds the high half back into the low half with
 * submul_1, and feeds the result into the next round, so every round depends
 * on the previous one.
 *
 * Expected console output:
 *   bench-mpi: 32x32-limb schoolbook multiply, ROUNDS rounds
 *   checksum 0x................ expected 0x................ ok
 *   exit 0
 */
#ifdef HOST
#include "runtime/host.h"
#else
#include "runtime/hv.h"
#endif

#define NLIMBS 32
#define ROUNDS 20000
#define EXPECTED 0x0884a62a257fbf89UL

typedef u64 mpi_limb_t;
typedef mpi_limb_t *mpi_ptr_t;
typedef long mpi_size_t;

#ifdef HOST
#define umul_ppmm(ph, pl, m0, m1)                                              \
	do {                                                                   \
		unsigned __int128 __p = (unsigned __int128)(m0) * (m1);       \
		(ph) = (u64)(__p >> 64);                                       \
		(pl) = (u64)__p;                                               \
	} while (0)
#else
#define umul_ppmm(ph, pl, m0, m1)                                              \
	do {                                                                   \
		u64 __m0 = (m0), __m1 = (m1);                                  \
		__asm__("mulhdu %0,%1,%2" : "=r"(ph) : "%r"(__m0), "r"(__m1)); \
		(pl) = __m0 * __m1;                                            \
	} while (0)
#endif

#define NOINLINE __attribute__((noinline))

NOINLINE mpi_limb_t mpihelp_mul_1(mpi_ptr_t res_ptr, mpi_ptr_t s1_ptr,
				  mpi_size_t s1_size, mpi_limb_t s2_limb)
{
	mpi_limb_t cy_limb;
	mpi_size_t j;
	mpi_limb_t prod_high, prod_low;

	j = -s1_size;
	s1_ptr -= j;
	res_ptr -= j;
	cy_limb = 0;
	do {
		umul_ppmm(prod_high, prod_low, s1_ptr[j], s2_limb);
		prod_low += cy_limb;
		cy_limb = (prod_low < cy_limb ? 1 : 0) + prod_high;
		res_ptr[j] = prod_low;
	} while (++j);
	return cy_limb;
}

NOINLINE mpi_limb_t mpihelp_addmul_1(mpi_ptr_t res_ptr, mpi_ptr_t s1_ptr,
				     mpi_size_t s1_size, mpi_limb_t s2_limb)
{
	mpi_limb_t cy_limb;
	mpi_size_t j;
	mpi_limb_t prod_high, prod_low;
	mpi_limb_t x;

	j = -s1_size;
	res_ptr -= j;
	s1_ptr -= j;
	cy_limb = 0;
	do {
		umul_ppmm(prod_high, prod_low, s1_ptr[j], s2_limb);
		prod_low += cy_limb;
		cy_limb = (prod_low < cy_limb ? 1 : 0) + prod_high;
		x = res_ptr[j];
		prod_low = x + prod_low;
		cy_limb += prod_low < x ? 1 : 0;
		res_ptr[j] = prod_low;
	} while (++j);
	return cy_limb;
}

NOINLINE mpi_limb_t mpihelp_submul_1(mpi_ptr_t res_ptr, mpi_ptr_t s1_ptr,
				     mpi_size_t s1_size, mpi_limb_t s2_limb)
{
	mpi_limb_t cy_limb;
	mpi_size_t j;
	mpi_limb_t prod_high, prod_low;
	mpi_limb_t x;

	j = -s1_size;
	res_ptr -= j;
	s1_ptr -= j;
	cy_limb = 0;
	do {
		umul_ppmm(prod_high, prod_low, s1_ptr[j], s2_limb);
		prod_low += cy_limb;
		cy_limb = (prod_low < cy_limb ? 1 : 0) + prod_high;
		x = res_ptr[j];
		prod_low = x - prod_low;
		cy_limb += prod_low > x ? 1 : 0;
		res_ptr[j] = prod_low;
	} while (++j);
	return cy_limb;
}

/* schoolbook prod[0..2n) = up[0..n) * vp[0..n), as mpih_mul's base case */
NOINLINE void mul_basecase(mpi_ptr_t prodp, mpi_ptr_t up, mpi_ptr_t vp, mpi_size_t n)
{
	mpi_size_t i;

	prodp[n] = mpihelp_mul_1(prodp, up, n, vp[0]);
	for (i = 1; i < n; i++)
		prodp[n + i] = mpihelp_addmul_1(prodp + i, up, n, vp[i]);
}

static u64 xs_state = 0x2545f4914f6cdd1dUL;
static u64 xorshift64(void)
{
	u64 x = xs_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return xs_state = x;
}

static mpi_limb_t a[NLIMBS], b[NLIMBS], prod[2 * NLIMBS];

int main(void *fdt)
{
	u64 sum = 0;
	int r, i;

	(void)fdt;
	puts("bench-mpi: 32x32-limb schoolbook multiply, ");
	print_udec(ROUNDS);
	puts(" rounds\n");

	for (i = 0; i < NLIMBS; i++) {
		a[i] = xorshift64();
		b[i] = xorshift64();
	}
	for (r = 0; r < ROUNDS; r++) {
		mpi_limb_t borrow;

		mul_basecase(prod, a, b, NLIMBS);
		/* fold: low -= high * K, then the low half becomes the next a */
		borrow = mpihelp_submul_1(prod, prod + NLIMBS, NLIMBS, 0x9e3779b97f4a7c15UL);
		for (i = 0; i < NLIMBS; i++)
			a[i] = prod[i];
		a[0] ^= borrow;
		a[NLIMBS - 1] |= 1UL << 63;     /* keep it a full-size operand */
		sum = (sum << 7 | sum >> 57) ^ prod[NLIMBS - 1] ^ borrow;
		if ((r & 1023) == 1023)
			b[r & (NLIMBS - 1)] ^= xorshift64();
	}
	for (i = 0; i < NLIMBS; i++)
		sum += a[i] * (u64)(2 * i + 1);

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
