/*
 * hv.h - tiny freestanding runtime for the spar/QEMU pseries test guests.
 *
 * Console output goes through the PAPR H_PUT_TERM_CHAR hypercall to the
 * spapr-vty found in the device tree (/vdevice/vty@..., default 0x71000000).
 * Characters are buffered and sent up to 16 per hypercall; the buffer is
 * flushed at every '\n', when full, and before power-off.
 *
 * Note: puts() writes the string exactly as given (it does NOT append '\n').
 */
#ifndef SPAR_GUEST_HV_H
#define SPAR_GUEST_HV_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef long s64;
typedef unsigned long size_t;

#define H_SUCCESS        0
#define H_BUSY           1
#define H_PUT_TERM_CHAR  0x58
#define KVMPPC_H_RTAS    0xf000
#define VTY_DEFAULT_UNIT 0x71000000UL

/* r3..r7 in, r3 out (r4.. outputs discarded) */
long hcall(u64 opcode, u64 a1, u64 a2, u64 a3, u64 a4);
/* The same, also returning r4 and r5 (either pointer may be 0). */
long hcall_out(u64 opcode, u64 a1, u64 a2, u64 a3, u64 a4, u64 *out4, u64 *out5);

void putchar(int c);
void puts(const char *s);          /* no trailing newline added */
void print_hex(u64 v);             /* "0x" + lowercase hex, no leading zeros */
void print_hex64(u64 v);           /* "0x" + exactly 16 hex digits */
void print_dec(s64 v);             /* signed decimal */
void print_udec(u64 v);            /* unsigned decimal */
void flush(void);

/* device-tree facts gathered by __runtime_init (0 / default if absent) */
extern u64 vty_unit;               /* reg of /vdevice/vty@... */
extern int vty_found;              /* 0: not in the FDT, default used */
extern u32 rtas_power_off_token;   /* /rtas "power-off" */
extern int rtas_power_off_found;

/* registers found at 0x100: r3, r4, r5, MSR (saved by crt0.S) */
extern u64 __entry_regs[4];

/* RTAS call through KVMPPC_H_RTAS; args/rets in host-native order here,
 * converted to the big-endian RTAS buffer internally. Returns hcall status. */
long rtas_call(u32 token, int nargs, int nret, const u32 *args, u32 *rets);
void power_off(void) __attribute__((noreturn));

/* FDT lookup: value of property `prop` of the node at absolute `path`
 * ("/rtas"), or 0; *len receives the property length. */
const void *fdt_getprop(const void *fdt, const char *path, const char *prop, int *len);

/* helpers (also used by the compiler for struct copies) */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

static inline u32 be32_to_cpu(u32 v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap32(v);
#else
	return v;
#endif
}
#define cpu_to_be32 be32_to_cpu

int main(void *fdt);

#endif
