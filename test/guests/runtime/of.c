/* of.c - Open Firmware client-interface calls and a console on top of them.  See of.h. */
#include "of.h"

u64 of_entry_regs[5] __attribute__((section(".data")));
u32 of_rets[16];
long of_entry_status;

static u32 ciargs[3 + 16 + 16] __attribute__((aligned(8)));

s32 of_call(const char *service, int nargs, int nret, ...)
{
	__builtin_va_list ap;
	int i;

	ciargs[0] = U(service);
	ciargs[1] = nargs;
	ciargs[2] = nret;
	__builtin_va_start(ap, nret);
	for (i = 0; i < nargs; i++)
		ciargs[3 + i] = __builtin_va_arg(ap, u32);
	__builtin_va_end(ap);
	for (i = 0; i < nret; i++)
		ciargs[3 + nargs + i] = 0;
	of_entry_status = of_call_entry(ciargs, 0, of_entry_regs[2]);
	for (i = 0; i < nret && i < 16; i++)
		of_rets[i] = ciargs[3 + nargs + i];
	if ((int)of_entry_status < 0)
		return -1;
	return nret ? (s32)of_rets[0] : 0;
}

void of_exit(void)
{
	flush();
	for (;;)
		of_call("exit", 0, 0);
}

/* ---------------------------------------------------------------- console */

static u32 stdout_ih;
static char line[512];
static unsigned len;

void of_set_stdout(u32 ihandle)
{
	stdout_ih = ihandle;
}

void flush(void)
{
	if (!len || !stdout_ih)
		return;
	of_call("write", 3, 1, stdout_ih, U(line), len);
	len = 0;
}

void putc(int c)
{
	if (len < sizeof line)
		line[len++] = (char)c;
	if (c == '\n' || len == sizeof line)
		flush();
}

void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

void puthex(u64 v)
{
	char b[17];
	int n = 0;

	puts("0x");
	do {
		b[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		putc(b[--n]);
}

void putdec(long v)
{
	char b[21];
	int n = 0;
	u64 u = v < 0 ? -(u64)v : (u64)v;

	if (v < 0)
		putc('-');
	do {
		b[n++] = '0' + u % 10;
		u /= 10;
	} while (u);
	while (n)
		putc(b[--n]);
}

/* ---------------------------------------------------------------- libc bits */

void *memset(void *d, int c, size_t n)
{
	u8 *p = d;
	while (n--)
		*p++ = (u8)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *p = d;
	const u8 *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (u8)*a - (u8)*b;
}
