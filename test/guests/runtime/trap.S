/*
 * trap.S - catch one interrupt and carry on (the fault guests).
 *
 * trap_try(fn, a, b) saves the caller's non-volatile state, calls fn(a, b)
 * and returns 0 (fn's r3 in trap_result).  If an interrupt comes first, the
 * vectors (crt0.S, -DTRAP_VECTORS) enter trap_entry in real mode with
 * SPRG1 = r3 and r3 = vector; trap_entry records the vector, SRR0, SRR1,
 * DAR and DSISR in trap_info, clears what a case may have left behind (AMR,
 * IAMR, the decrementer, PID if trap_reset_pid), and rfids back to trap_try's
 * caller with the MSR it had there, returning 1.
 *
 * user_enter(pc, arg) rfids to pc in problem state (MSR[PR] on) with r3 =
 * arg; the code there ends with `sc` (vector 0xc00) unless it faults first.
 */
	.section .text
	.abiversion 2

#define CTX_R1   0
#define CTX_R2   8
#define CTX_LR   16
#define CTX_CR   24
#define CTX_MSR  32
#define CTX_GPRS 40             /* r14..r31 */

	.globl trap_try
trap_try:
	mflr	r0
	lis	r6, trap_ctx@ha
	addi	r6, r6, trap_ctx@l
	std	r1, CTX_R1(r6)
	std	r2, CTX_R2(r6)
	std	r0, CTX_LR(r6)
	mfcr	r7
	std	r7, CTX_CR(r6)
	mfmsr	r7
	std	r7, CTX_MSR(r6)
	.irp n, 14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	std	r\n, CTX_GPRS+8*(\n-14)(r6)
	.endr
	lis	r7, 0x7fff		/* no decrementer interrupt during the case */
	ori	r7, r7, 0xffff
	mtdec	r7
	std	r0, 16(r1)
	stdu	r1, -32(r1)
	mtctr	r3
	mr	r12, r3			/* ELFv2: global entry point address */
	mr	r3, r4
	mr	r4, r5
	bctrl
	addi	r1, r1, 32
	lis	r6, trap_ctx@ha
	addi	r6, r6, trap_ctx@l
	ld	r2, CTX_R2(r6)
	lis	r6, trap_result@ha
	std	r3, trap_result@l(r6)
	ld	r0, 16(r1)
	mtlr	r0
	li	r3, 0
	blr

	.globl trap_entry
trap_entry:				/* real mode; r3 = vector, SPRG1 = the case's r3 */
	lis	r4, trap_info@ha
	addi	r4, r4, trap_info@l
	std	r3, 0(r4)
	mfsrr0	r3
	std	r3, 8(r4)
	mfsrr1	r3
	std	r3, 16(r4)
	mfdar	r3
	std	r3, 24(r4)
	mfdsisr	r3
	std	r3, 32(r4)
	lis	r3, 0x7fff
	ori	r3, r3, 0xffff
	mtdec	r3
	li	r3, 0
	mtspr	29, r3			/* AMR */
	mtspr	61, r3			/* IAMR */
	lis	r4, trap_reset_pid@ha
	ld	r4, trap_reset_pid@l(r4)
	cmpdi	r4, 0
	beq	1f
	mtspr	48, r3			/* PID (radix guests only: not an SPR before ISA 3.0) */
1:	lis	r4, trap_ctx@ha
	addi	r4, r4, trap_ctx@l
	.irp n, 14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	r\n, CTX_GPRS+8*(\n-14)(r4)
	.endr
	ld	r1, CTX_R1(r4)
	ld	r2, CTX_R2(r4)
	ld	r3, CTX_CR(r4)
	mtcr	r3
	ld	r3, CTX_LR(r4)
	mtsrr0	r3
	ld	r3, CTX_MSR(r4)
	mtsrr1	r3
	li	r3, 1
	rfid

	.globl user_enter
user_enter:
	mfmsr	r5
	ori	r5, r5, 0x4000		/* MSR[PR] */
	mtsrr1	r5
	mtsrr0	r3
	mr	r3, r4
	rfid

	.section .bss
	.balign 8
	.globl trap_info, trap_result, trap_reset_pid
trap_info:	.space 40		/* vector, SRR0, SRR1, DAR, DSISR */
trap_result:	.space 8
trap_reset_pid:	.space 8
trap_ctx:	.space CTX_GPRS + 8 * 18

	.section .note.GNU-stack, "", @progbits
