/*
 * of-client.c - a -kernel guest that drives the Open Firmware client interface (IEEE 1275
 * §6.3.2 as the PowerPC binding calls it; QEMU's VOF, spar's firmware/client-interface.ts) the
 * way Linux's prom_init does, and prints one line per step.  Lines that may legitimately differ
 * between firmwares (phandles, ihandles, addresses the firmware chooses, RTAS tokens, the model
 * string) start with "info: "; test/machine/of-client.test.ts compares all the others with
 * QEMU's recording (test/fixtures/of-client/).
 *
 * Big-endian, 32-bit mode throughout (crt0-of.S); ends with RTAS power-off through the RTAS
 * instance it instantiated.
 */
#include "runtime/of.h"

#define FIXED_CLAIM 0x2000000UL		/* 32 MiB: inside RAM with -m 512M, above the image */

static char buf[1024];
static char name[64];

static void put_result(const char *what, s32 v)
{
	puts(what);
	puts("=");
	if (v < 0) {
		putdec(v);
	} else {
		puthex((u32)v);
	}
}

static void print_string_prop(const char *label, u32 ph, const char *prop, int info)
{
	s32 n;

	memset(buf, 0, sizeof buf);
	n = of_call("getprop", 4, 1, ph, U(prop), U(buf), sizeof buf - 1);
	puts(info ? "info: " : "");
	puts(label);
	puts(": ");
	put_result("len", n);
	puts(" \"");
	puts(n > 0 ? buf : "");	/* the first string of a string list */
	puts("\"\n");
}

/* step 3: nextprop over a node, with each property's getproplen */
static void list_props(const char *label, u32 ph)
{
	char prev[64];
	s32 r;
	int count = 0;

	prev[0] = 0;
	for (;;) {
		memset(name, 0, sizeof name);
		r = of_call("nextprop", 3, 1, ph, U(prev), U(name));
		if (r != 1)
			break;
		puts(label);
		puts(" prop ");
		puts(name);
		puts(" ");
		put_result("len", of_call("getproplen", 2, 1, ph, U(name)));
		puts("\n");
		memcpy(prev, name, sizeof prev);
		if (++count > 100)
			break;
	}
	puts(label);
	puts(" nextprop end ");
	put_result("r", r);
	puts(" count=");
	putdec(count);
	puts("\n");
}

/* step 3: child/peer walk printing package-to-path, depth-first, up to `depth` levels */
static void walk(u32 ph, int depth)
{
	u32 c;

	for (c = of_call("child", 1, 1, ph); c != 0 && c != (u32)-1; c = of_call("peer", 1, 1, c)) {
		s32 n;
		memset(buf, 0, sizeof buf);
		n = of_call("package-to-path", 3, 1, c, U(buf), sizeof buf - 1);
		puts("node ");
		puts(n > 0 ? buf : "?");
		puts(" ");
		put_result("len", n);
		puts("\n");
		if (depth > 1)
			walk(c, depth - 1);
	}
}

/* step 5: a Linux-like ibm,client-architecture-support vector (arch/powerpc/kernel/prom_init.c) */
static u8 archvec[256] __attribute__((aligned(8)));

static unsigned build_archvec(void)
{
	static const u32 pvrs[][2] = {
		{ 0xffff0000, 0x003e0000 },	/* POWER6 */
		{ 0xffff0000, 0x003f0000 },	/* POWER7 */
		{ 0xffff0000, 0x004b0000 },	/* POWER8E */
		{ 0xffff0000, 0x004c0000 },	/* POWER8NVL */
		{ 0xffff0000, 0x004d0000 },	/* POWER8 */
		{ 0xffff0000, 0x004e0000 },	/* POWER9 */
		{ 0xffffffff, 0x0f000005 },	/* all 3.00-compliant */
		{ 0xffffffff, 0x0f000004 },	/* all 2.07-compliant */
		{ 0xffffffff, 0x0f000003 },	/* all 2.06-compliant */
		{ 0xffffffff, 0x0f000002 },	/* all 2.05-compliant */
		{ 0x00000000, 0xffffffff },	/* terminator: value bits outside the mask */
	};
	u8 *p = archvec;
	unsigned i;

	for (i = 0; i < sizeof pvrs / sizeof pvrs[0]; i++) {
		memcpy(p, &pvrs[i][0], 4);
		memcpy(p + 4, &pvrs[i][1], 4);
		p += 8;
	}
	*p++ = 5 - 1;			/* number of option vectors - 1 */
	/* vector 1: ISA levels (byte 1: 2.00..2.07, byte 2: 3.00) */
	*p++ = 2 - 1;
	*p++ = 0xff;
	*p++ = 0x80;
	/* vector 2: as Linux, 33 bytes: real mode base/size etc.; zeroes = no constraints but rma size */
	*p++ = 33 - 1;
	memset(p, 0, 33);
	p[3] = 0xff; p[4] = 0xff; p[5] = 0xff; p[6] = 0xff;	/* real_base: none */
	p[7] = 0xff; p[8] = 0xff; p[9] = 0xff; p[10] = 0xff;	/* real_size */
	p[11] = 0xff; p[12] = 0xff; p[13] = 0xff; p[14] = 0xff;	/* virt_base */
	p[15] = 0xff; p[16] = 0xff; p[17] = 0xff; p[18] = 0xff;	/* virt_size */
	p[22] = 0x00; p[23] = 0x00; p[24] = 0x01; p[25] = 0x00;	/* min_rma 256 MiB? (bytes 24..27) */
	p[26] = 48;			/* max_pft_size */
	p += 33;
	/* vector 3: FP, VMX */
	*p++ = 2 - 1;
	*p++ = 0x00;
	*p++ = 0x80 | 0x40;
	/* vector 4: min VP capacity */
	*p++ = 2 - 1;
	*p++ = 0x00;
	*p++ = 0x00;
	/* vector 5: 26 bytes; byte 23 (interrupt controller) = 0 (XICS), byte 24 (MMU) = 0 (hash) */
	*p++ = 26 - 1;
	memset(p, 0, 26);
	p += 26;
	return p - archvec;
}

static u32 rtas_buf[16] __attribute__((aligned(8)));
static u64 rtas_entry, rtas_base;

static long rtas(u32 token, int nargs, int nret, u32 a0, u32 a1)
{
	rtas_buf[0] = token;
	rtas_buf[1] = nargs;
	rtas_buf[2] = nret;
	rtas_buf[3] = a0;
	rtas_buf[4] = a1;
	rtas_buf[3 + nargs] = 0xdeadbeef;	/* the first result: the status */
	/* Linux's enter_rtas: r3 = the argument buffer, r4 = the RTAS base, MMU off (it is) */
	of_entry_status = of_call_entry(rtas_buf, rtas_base, rtas_entry);
	return (s32)rtas_buf[3 + nargs];
}

static void print_cpu_versions(const char *when)
{
	u32 cpus = of_call("finddevice", 1, 1, U("/cpus"));
	u32 c;

	for (c = of_call("child", 1, 1, cpus); c != 0 && c != (u32)-1; c = of_call("peer", 1, 1, c)) {
		u32 v = 0;
		s32 n;

		memset(name, 0, sizeof name);
		of_call("getprop", 4, 1, c, U("device_type"), U(name), sizeof name - 1);
		if (strcmp(name, "cpu"))
			continue;
		memset(buf, 0, sizeof buf);
		of_call("package-to-path", 3, 1, c, U(buf), sizeof buf - 1);
		n = of_call("getprop", 4, 1, c, U("cpu-version"), U(&v), 4);
		puts(when);
		puts(" cpu ");
		puts(buf);
		puts(" cpu-version ");
		put_result("len", n);
		puts(" ");
		puthex(v);
		puts("\n");
	}
}

int main(void)
{
	u32 chosen, root, ih = 0, rtas_ph, rtas_ih, root_ih, size = 0, tok_dc = 0, tok_off = 0;
	s32 r, n;
	const char *p;
	unsigned vlen, i;

	/* 1: the console */
	chosen = of_call("finddevice", 1, 1, U("/chosen"));
	n = of_call("getprop", 4, 1, chosen, U("stdout"), U(&ih), 4);
	of_set_stdout(ih);
	puts("of-client: hello\n");
	puts("step1: getprop stdout ");
	put_result("len", n);
	puts("\n");
	puts("info: entry r3=");
	puthex(of_entry_regs[0]);
	puts(" r4=");
	puthex(of_entry_regs[1]);
	puts(" r5=");
	puthex(of_entry_regs[2]);
	puts(" r1=");
	puthex(of_entry_regs[3]);
	puts(" msr=");
	puthex(of_entry_regs[4]);
	puts("\n");
	puts("info: chosen=");
	puthex(chosen);
	puts(" stdout=");
	puthex(ih);
	puts("\n");
	puts("step1: entry msr sf=");
	putdec(of_entry_regs[4] >> 63);
	puts(" le=");
	putdec(of_entry_regs[4] & 1);
	puts(" ir=");
	putdec((of_entry_regs[4] >> 5) & 1);
	puts(" dr=");
	putdec((of_entry_regs[4] >> 4) & 1);
	puts(" r3=");
	puthex(of_entry_regs[0]);
	puts(" r4=");
	puthex(of_entry_regs[1]);
	puts("\n");
	r = of_call("write", 3, 1, ih, U("step1: write\n"), 13);
	put_result("step1: write ret", r);
	puts("\n");
	r = of_call("test", 1, 1, U("write"));
	put_result("step1: test write", r);
	puts("\n");
	r = of_call("test", 1, 1, U("no-such-service"));
	put_result("step1: test no-such-service", r);
	puts("\n");
	r = of_call("finddevice", 1, 1, U("/no-such-node"));
	put_result("step1: finddevice /no-such-node", r);
	puts("\n");

	/* 2: the root */
	root = of_call("finddevice", 1, 1, U("/"));
	print_string_prop("step2: / compatible", root, "compatible", 0);
	print_string_prop("step2: / model", root, "model", 1);
	print_string_prop("step2: / device_type", root, "device_type", 0);
	r = of_call("getprop", 4, 1, root, U("no-such-prop"), U(buf), 4);
	put_result("step2: getprop no-such-prop", r);
	puts("\n");
	r = of_call("peer", 1, 1, 0);
	puts(r == (s32)root ? "step2: peer(0) is /\n" : "step2: peer(0) is not /\n");
	r = of_call("parent", 1, 1, root);
	put_result("step2: parent(/)", r);
	puts("\n");

	/* 3: /chosen's properties, and the tree */
	list_props("step3: /chosen", chosen);
	walk(root, 2);

	/* 4: memory */
	r = of_call("claim", 3, 1, 0, 0x10000, 0x1000);
	puts(r != -1 && (r & 0xfff) == 0 ? "step4: claim 64K align 4K ok\n" : "step4: claim 64K align 4K FAILED\n");
	puts("info: step4 claimed at ");
	puthex((u32)r);
	puts("\n");
	if (r != -1) {
		of_call("release", 2, 0, (u32)r, 0x10000);
		puts("step4: released\n");
	}
	r = of_call("claim", 3, 1, FIXED_CLAIM, 0x10000, 0);
	put_result("step4: claim fixed 0x2000000", r);
	puts("\n");
	r = of_call("claim", 3, 1, FIXED_CLAIM + 0x8000, 0x1000, 0);
	put_result("step4: claim overlapping", r);
	puts("\n");

	/* 5: ibm,client-architecture-support */
	print_cpu_versions("step5: before CAS");
	root_ih = of_call("open", 1, 1, U("/"));
	puts(root_ih ? "step5: open / ok\n" : "step5: open / FAILED\n");
	vlen = build_archvec();
	puts("step5: vector bytes=");
	putdec(vlen);
	puts("\n");
	r = of_call("call-method", 3, 2, U("ibm,client-architecture-support"), root_ih, U(archvec));
	puts("step5: CAS ");
	put_result("catch", r);
	puts(" ");
	put_result("status", (s32)of_rets[1]);
	puts("\n");
	print_cpu_versions("step5: after CAS");
	memset(buf, 0, sizeof buf);
	n = of_call("getprop", 4, 1, chosen, U("ibm,architecture-vec-5"), U(buf), sizeof buf);
	puts("step5: /chosen ibm,architecture-vec-5 ");
	put_result("len", n);
	puts(" bytes");
	for (i = 0; n > 0 && i < (unsigned)n && i < 64; i++) {
		puts(" ");
		puthex((u8)buf[i]);
	}
	puts("\n");

	/* 6: RTAS */
	rtas_ph = of_call("finddevice", 1, 1, U("/rtas"));
	n = of_call("getprop", 4, 1, rtas_ph, U("rtas-size"), U(&size), 4);
	puts("step6: rtas-size ");
	put_result("len", n);
	puts(size ? " nonzero\n" : " zero\n");
	puts("info: rtas-size ");
	puthex(size);
	puts("\n");
	of_call("getprop", 4, 1, rtas_ph, U("display-character"), U(&tok_dc), 4);
	of_call("getprop", 4, 1, rtas_ph, U("power-off"), U(&tok_off), 4);
	puts("info: tokens display-character=");
	puthex(tok_dc);
	puts(" power-off=");
	puthex(tok_off);
	puts("\n");
	rtas_base = (u32)of_call("claim", 3, 1, 0, size ? size : 0x1000, 0x1000);
	puts("info: rtas base ");
	puthex(rtas_base);
	puts("\n");
	rtas_ih = of_call("open", 1, 1, U("/rtas"));
	puts(rtas_ih ? "step6: open /rtas ok\n" : "step6: open /rtas FAILED\n");
	r = of_call("call-method", 3, 2, U("instantiate-rtas"), rtas_ih, (u32)rtas_base);
	rtas_entry = of_rets[1];
	puts("step6: instantiate-rtas ");
	put_result("catch", r);
	puts(rtas_entry == rtas_base ? " entry=base\n" : " entry!=base\n");
	puts("info: rtas entry ");
	puthex(rtas_entry);
	puts("\n");
	/* after the last aligned claim: QEMU 7.2's VOF grants this and then has no room left for
	 * aligned claims (its claimed_base moves past the RMA) */
	r = of_call("claim", 3, 1, 0x40000000, 0x1000, 0);
	put_result("step6: claim beyond RAM (0x40000000)", r);
	puts("\n");
	flush();
	for (p = "rtas: display-character\n"; *p; p++) {
		r = rtas(tok_dc, 1, 1, (u8)*p, 0);
		if (r != 0)
			break;
	}
	put_result("step6: display-character status", r);
	puts("\n");
	r = rtas(0x7777, 0, 1, 0, 0);
	put_result("step6: unknown token status", r);
	puts("\n");
	puts("step6: power-off\n");
	flush();
	r = rtas(tok_off, 2, 1, 0, 0);
	put_result("step6: power-off returned status", r);
	puts("\n");
	return 0;
}
