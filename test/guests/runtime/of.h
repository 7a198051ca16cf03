/*
 * of.h - a freestanding Open Firmware client-interface runtime for -kernel test guests
 * (crt0-of.S, link-of.ld).  Big-endian, 32-bit mode, fixed point only.
 *
 * of_call builds the PowerPC binding's argument array of 32-bit cells
 * {service, nargs, nret, args..., rets...} and calls the entry saved from r5.  Output goes to the
 * /chosen "stdout" ihandle through the "write" service, one call per line.
 */
#ifndef SPAR_GUEST_OF_H
#define SPAR_GUEST_OF_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef int s32;
typedef unsigned long u64;
typedef unsigned long size_t;

/* r3, r4, r5 (client-interface entry), r1 and MSR as found at entry (crt0-of.S) */
extern u64 of_entry_regs[5];

long of_call_entry(void *args, u64 r4, u64 entry);

/* Call `service` with nargs u32 arguments; returns the first result (or the entry's r3 if it is
 * negative, i.e. the call itself failed, as -1 - that is also what a service's failure is).
 * All nret results are in of_rets[]. */
s32 of_call(const char *service, int nargs, int nret, ...);
extern u32 of_rets[16];
extern long of_entry_status;		/* r3 from the last entry call */

void of_exit(void) __attribute__((noreturn));

/* console: buffered, written to stdout_ih at '\n' (buffered until of_set_stdout) */
void of_set_stdout(u32 ihandle);
void putc(int c);
void puts(const char *s);
void puthex(u64 v);			/* 0x + lowercase hex */
void putdec(long v);
void flush(void);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

static inline u32 U(const void *p) { return (u32)(u64)p; }

#endif
