/*
 * crt0-of.S - entry of the Open Firmware client guests (of-client.c), booted with -kernel.
 *
 * QEMU's pseries machine (x-vof=on) and spar place an ELF whose p_paddr is 0 at 0x400000 and
 * enter its first byte (not e_entry) the way a kernel is entered from Open Firmware:
 *     32-bit mode (MSR[SF] = 0), big-endian, real mode
 *     r1 = a firmware stack, r3/r4 = initrd start/size, r5 = the client-interface entry
 * link-of.ld links the image at 0x400000 (VMA) with p_paddr 0, so absolute addresses are right.
 *
 * The guest stays in 32-bit big-endian mode throughout (as Linux's enter_prom and enter_rtas
 * run the firmware): C code compiled for 64-bit works there since every address is below 4 GiB.
 * _start saves r3/r4/r5/MSR in of_entry_regs, sets r2 (TOC) and its own stack, zeroes .bss and
 * calls main(); if main returns, the client interface's "exit" is called.
 */
	.section .text.entry, "ax"
	.globl _start
_start:
	mr	r27, r3
	mr	r28, r4
	mr	r29, r5
	mr	r30, r1
	mfmsr	r31
	lis	r2, .TOC.@ha
	addi	r2, r2, .TOC.@l
	lis	r1, __of_stack_top@ha
	addi	r1, r1, __of_stack_top@l
	li	r0, 0
	stdu	r0, -64(r1)		/* terminating back chain */
	lis	r8, __bss_start@ha
	addi	r8, r8, __bss_start@l
	lis	r9, __bss_end@ha
	addi	r9, r9, __bss_end@l
1:	cmplw	r8, r9
	bge	2f
	std	r0, 0(r8)
	addi	r8, r8, 8
	b	1b
2:	lis	r8, of_entry_regs@ha
	addi	r8, r8, of_entry_regs@l
	std	r27, 0(r8)		/* r3 */
	std	r28, 8(r8)		/* r4 */
	std	r29, 16(r8)		/* r5: client-interface entry */
	std	r30, 24(r8)		/* r1: firmware stack */
	std	r31, 32(r8)		/* MSR at entry */
	bl	main
	nop
	bl	of_exit
	nop
3:	b	3b

/* long of_call_entry(void *args, u64 r4, u64 entry): call a firmware entry (client interface or
 * instantiated RTAS) with r3 = args, r4 = r4, as Linux does; returns r3.  Firmware may clobber
 * the volatile registers; r2 is saved here. */
	.text
	.globl of_call_entry
of_call_entry:
	mflr	r0
	std	r0, 16(r1)
	stdu	r1, -128(r1)
	std	r2, 24(r1)
	mtctr	r5
	bctrl
	ld	r2, 24(r1)
	addi	r1, r1, 128
	ld	r0, 16(r1)
	mtlr	r0
	blr

	.section .note.GNU-stack, "", @progbits
