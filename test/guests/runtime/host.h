/*
 * host.h - lets a guest's source be compiled and run on the build host
 * (build.sh does this with `cc -DHOST`) to cross-check the checksums that the
 * guests carry as constants.  Only the subset of hv.h the benches use.
 */
#ifndef SPAR_GUEST_HOST_H
#define SPAR_GUEST_HOST_H
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#define puts(s) fputs((s), stdout)
static inline void print_hex(u64 v) { printf("0x%llx", (unsigned long long)v); }
static inline void print_hex64(u64 v) { printf("0x%016llx", (unsigned long long)v); }
static inline void print_udec(u64 v) { printf("%llu", (unsigned long long)v); }
static inline void print_dec(s64 v) { printf("%lld", (long long)v); }
static inline void flush(void) { fflush(stdout); }

int guest_main(void *fdt);
#define main guest_main
int main(void *fdt);
#undef main
int main(void)
{
	int r = guest_main(0);
	printf("exit %d\n", r);
	return r;
}
#define main guest_main
#endif
