/* echo: a console guest for scripted tests (spar test, GuestSession). It prints the prompt
 * "echo> ", reads a line from the console and answers it, until told to exit:
 *   exit N          main returns N: the runtime prints "exit N" and powers off
 *   anything else   "echo: LINE"
 * A line ends at '\r' or '\n' (a terminal sends '\r'; "\r\n" counts once). Input is polled with
 * H_GET_TERM_CHAR; typed characters are not echoed back. Expected session for "hi\nexit 3\n":
 *   echo> echo: hi
 *   echo> exit 3
 */
#include "runtime/hv.h"

#define H_GET_TERM_CHAR 0x54

/* Up to 16 bytes of console input into buf; returns how many. */
static unsigned get_term_chars(u8 *buf)
{
	register u64 r3 __asm__("r3") = H_GET_TERM_CHAR;
	register u64 r4 __asm__("r4") = vty_unit;
	register u64 r5 __asm__("r5") = 0;
	register u64 r6 __asm__("r6") = 0;
	u64 w[2];
	unsigned i, n;

	__asm__ __volatile__("sc 1"
			     : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
			     :
			     : "r0", "r7", "r8", "r9", "r10", "r11", "r12", "ctr", "xer",
			       "cr0", "cr1", "cr5", "cr6", "cr7", "memory");
	if (r3 != H_SUCCESS)
		return 0;
	n = r4 > 16 ? 16 : (unsigned)r4;
	/* the bytes come big-endian in r5:r6, first character in the top byte of r5 */
	w[0] = r5;
	w[1] = r6;
	for (i = 0; i < n; i++)
		buf[i] = (u8)(w[i >> 3] >> (56 - 8 * (i & 7)));
	return n;
}

static u8 input[16];
static unsigned input_len, input_pos;

/* The next console byte, waiting for one. */
static u8 getchar(void)
{
	while (input_pos == input_len) {
		input_len = get_term_chars(input);
		input_pos = 0;
	}
	return input[input_pos++];
}

/* A line into buf (at most size - 1 bytes kept); "\r\n" ends a line once. */
static void read_line(char *buf, unsigned size)
{
	static int after_cr;
	unsigned len = 0;
	u8 c;

	for (;;) {
		c = getchar();
		if (c == '\n' && after_cr) {
			after_cr = 0;
			continue;
		}
		after_cr = c == '\r';
		if (c == '\r' || c == '\n')
			break;
		if (len < size - 1)
			buf[len++] = (char)c;
	}
	buf[len] = 0;
}

static int parse_exit(const char *s, int *status)
{
	int n = 0;

	if (memcmp(s, "exit ", 5) != 0 || !s[5])
		return 0;
	for (s += 5; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		n = n * 10 + (*s - '0');
	}
	*status = n;
	return 1;
}

int main(void *fdt)
{
	char line[256];
	int status;

	(void)fdt;
	for (;;) {
		puts("echo> ");
		flush();
		read_line(line, sizeof line);
		if (parse_exit(line, &status))
			return status;
		puts("echo: ");
		puts(line);
		putchar('\n');
	}
}
