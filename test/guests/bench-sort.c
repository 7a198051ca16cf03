/*
 * bench-sort: branchy integer code.  Fills a 64 Ki-element u32 array from an
 * xorshift32 generator, sorts it with quicksort (median-of-three, recursion
 * on the smaller side) finishing small partitions with insertion sort,
 * checks that it is sorted, and folds it into a checksum; repeated with
 * different seeds.
 *
 * Expected console output:
 *   bench-sort: 65536 u32, ROUNDS rounds
 *   checksum 0x................ expected 0x................ ok
 *   exit 0
 */
#ifdef HOST
#include "runtime/host.h"
#else
#include "runtime/hv.h"
#endif

#define NELEM 65536
#define ROUNDS 32
#define EXPECTED 0xe3e81c062071babdUL

#define NOINLINE __attribute__((noinline))

static u32 arr[NELEM];

static u32 xs32;
static u32 xorshift32(void)
{
	u32 x = xs32;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return xs32 = x;
}

NOINLINE void insertion_sort(u32 *a, long n)
{
	long i, j;
	for (i = 1; i < n; i++) {
		u32 v = a[i];
		for (j = i; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static inline void swap(u32 *a, u32 *b)
{
	u32 t = *a;
	*a = *b;
	*b = t;
}

NOINLINE void quicksort(u32 *a, long n)
{
	while (n > 16) {
		long i, j, m = n / 2;
		u32 pivot;

		/* median of three into a[m] */
		if (a[m] < a[0])
			swap(&a[m], &a[0]);
		if (a[n - 1] < a[m]) {
			swap(&a[n - 1], &a[m]);
			if (a[m] < a[0])
				swap(&a[m], &a[0]);
		}
		pivot = a[m];
		i = 0;
		j = n - 1;
		for (;;) {
			while (a[i] < pivot)
				i++;
			while (pivot < a[j])
				j--;
			if (i >= j)
				break;
			swap(&a[i], &a[j]);
			i++;
			j--;
		}
		/* a[0..j] <= pivot <= a[j+1..n) ; recurse on the smaller side */
		if (j + 1 < n - (j + 1)) {
			quicksort(a, j + 1);
			a += j + 1;
			n -= j + 1;
		} else {
			quicksort(a + j + 1, n - (j + 1));
			n = j + 1;
		}
	}
	insertion_sort(a, n);
}

int main(void *fdt)
{
	u64 sum = 0;
	int r, bad = 0;
	long i;

	(void)fdt;
	puts("bench-sort: 65536 u32, ");
	print_udec(ROUNDS);
	puts(" rounds\n");

	for (r = 0; r < ROUNDS; r++) {
		xs32 = 2463534242u + (u32)r * 7919u;
		for (i = 0; i < NELEM; i++)
			arr[i] = xorshift32() >> (r & 3) * 4;  /* later rounds: more duplicates */
		quicksort(arr, NELEM);
		for (i = 1; i < NELEM; i++)
			if (arr[i - 1] > arr[i])
				bad++;
		for (i = 0; i < NELEM; i += 8)
			sum = (sum << 3 | sum >> 61) ^ (arr[i] + (u64)i);
	}
	if (bad) {
		puts("NOT SORTED: ");
		print_udec((u64)bad);
		puts(" inversions\n");
	}

	puts("checksum ");
	print_hex64(sum);
	puts(" expected ");
	print_hex64(EXPECTED);
	if (sum == EXPECTED && !bad) {
		puts(" ok\n");
		return 0;
	}
	puts(" FAIL\n");
	return 1;
}
