/*
 * crt0.S - entry point of the spar/QEMU bare-metal test guests.
 *
 * QEMU's pseries machine started with `-bios image.bin` (and spar, which
 * mirrors it) copies the raw image to guest physical 0 and starts the boot
 * CPU at 0x100 with:
 *     MSR = 0     -> real mode, 32-bit mode (SF=0), big-endian, EE=ME=0
 *     r3  = guest physical address of the flattened device tree
 *
 * Everything at 0x100..0x13f is therefore executed big-endian in 32-bit mode,
 * whatever endianness the rest of the guest was compiled for.  Those
 * instructions are emitted with BEWORD(), which produces big-endian bytes in
 * both builds (a plain `.long` would be byte-swapped by a little-endian
 * assembler).  They build the real MSR (SF | ME, plus LE for little-endian
 * builds) in SRR1, the address of _start64 (0x140) in SRR0, and rfid there.
 *
 * _start64 then runs in 64-bit mode with the build's own endianness:
 * it saves the entry registers, sets r2 (TOC) and the stack, zeroes .bss,
 * and calls  __runtime_init(fdt); r = main(fdt); __exit(r)  (see hv.c).
 * __exit prints "exit N" on the console and asks RTAS to power off.
 *
 * Built with -DMMU_ON=fn, crt0 calls fn(fdt) before main (mmu.c: the MMU-on
 * bench variants); with -DTRAP_VECTORS it also fills 0x200..0xfff with
 * interrupt vectors (trap.S: the fault guests).
 */

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define BEWORD(x) .byte (((x) >> 24) & 0xff), (((x) >> 16) & 0xff), (((x) >> 8) & 0xff), ((x) & 0xff)
#define MSR_LOW_ORI 0x616b1001 /* ori r11,r11,0x1001   (ME | LE) */
#else
#define BEWORD(x) .long (x)
#define MSR_LOW_ORI 0x616b1000 /* ori r11,r11,0x1000   (ME) */
#endif

	.section .text.entry, "ax"
	.globl _start
_start:					/* linked at 0x100 (see link.ld) */
	BEWORD(0x7d4000a6)		/* mfmsr  r10          entry MSR, kept for __entry_regs */
	BEWORD(0x39600001)		/* li     r11,1                                         */
	BEWORD(0x796bf806)		/* sldi   r11,r11,63   MSR_SF                           */
	BEWORD(MSR_LOW_ORI)		/* ori    r11,r11,ME[|LE]                              */
	BEWORD(0x39800140)		/* li     r12,0x140    &_start64                        */
	BEWORD(0x7d9a03a6)		/* mtsrr0 r12                                           */
	BEWORD(0x7d7b03a6)		/* mtsrr1 r11                                           */
	BEWORD(0x4c000024)		/* rfid                                                 */
	BEWORD(0x48000000)		/* b      .            (not reached)                    */

	.org 0x40			/* _start64 must sit at 0x140: the stub's `li r12,0x140` */
	.globl _start64
_start64:
	/* r3 = fdt, r4/r5 = whatever the loader left, r10 = entry MSR */
	mr	r27, r3
	mr	r28, r4
	mr	r29, r5
	mr	r30, r10

	/* TOC pointer and stack (image is linked at 0, non-PIC, below 2 GiB) */
	lis	r2, .TOC.@ha
	addi	r2, r2, .TOC.@l
	lis	r1, __stack_top@ha
	addi	r1, r1, __stack_top@l
	clrrdi	r1, r1, 4
	li	r0, 0
	stdu	r0, -64(r1)		/* terminating back chain */

	/* zero .bss (8-byte aligned, size multiple of 8: see link.ld) */
	lis	r8, __bss_start@ha
	addi	r8, r8, __bss_start@l
	lis	r9, __bss_end@ha
	addi	r9, r9, __bss_end@l
	li	r0, 0
1:	cmpld	r8, r9
	bge	2f
	std	r0, 0(r8)
	addi	r8, r8, 8
	b	1b
2:
	/* __entry_regs = { r3, r4, r5, msr } as found at 0x100 (lives in .data) */
	lis	r8, __entry_regs@ha
	addi	r8, r8, __entry_regs@l
	std	r27, 0(r8)
	std	r28, 8(r8)
	std	r29, 16(r8)
	std	r30, 24(r8)

	mr	r3, r27
	bl	__runtime_init
	nop
#ifdef MMU_ON
	/* MMU variants (-DMMU_ON=mmu_bench_hash|mmu_bench_radix, mmu.c): map, relocation on */
	mr	r3, r27
	bl	MMU_ON
	nop
#endif
	mr	r3, r27
	bl	main
	nop
	extsw	r3, r3
	bl	__exit			/* does not return */
	nop
3:	b	3b

#ifdef TRAP_VECTORS
	/* Fault guests: every Book III-S vector from 0x200 to 0xf80 enters trap_entry (trap.S)
	 * with r3 = the vector and the interrupted r3 in SPRG1.  Interrupts run with MSR[LE] =
	 * LPCR[ILE], which the guests set to their own endianness with H_SET_MODE first. */
	.macro VECTOR addr
	.org \addr - 0x100		/* .text.entry starts at 0x100 */
	mtsprg1	r3
	li	r3, \addr
	b	trap_entry
	.endm
	.irp v, 0x200,0x300,0x380,0x400,0x480,0x500,0x600,0x700,0x800,0x900,0x980,0xa00,0xb00,0xc00,0xd00
	VECTOR \v
	.endr
	.irp v, 0xe00,0xe20,0xe40,0xe60,0xe80,0xea0,0xf00,0xf20,0xf40,0xf60,0xf80
	VECTOR \v
	.endr
	.org 0x1000 - 0x100
#endif

	.section .note.GNU-stack, "", @progbits
