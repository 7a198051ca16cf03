/*
 * cases.S - the instruction sequences the fault guests run (see trap.h).
 * r3, r4 = trap_try's a, b.  Privileged snippets return with blr; problem-
 * state ones (user_*) end with sc, as they cannot return.
 */
	.section .text
	.abiversion 2
	.macro SNIP name
	.globl \name
	.balign 4
\name:
	.endm

SNIP snip_load			/* r3 = *(u64 *)a */
	ld	r3, 0(r3)
	blr
SNIP snip_store			/* *(u64 *)a = b */
	std	r4, 0(r3)
	li	r3, 0
	blr
SNIP snip_jump			/* branch to a (its page starts with sc) */
	mtctr	r3
	bctr
SNIP snip_jump_iamr		/* branch to a with IAMR = b */
	mtspr	61, r4
	isync
	mtctr	r3
	bctr
SNIP snip_load_amr		/* load from a with AMR = b for that load only */
	mtspr	29, r4
	isync
	ld	r3, 0(r3)
	li	r0, 0
	mtspr	29, r0
	isync
	blr
SNIP snip_store_amr		/* store to a with AMR = b for that store only */
	mtspr	29, r4
	isync
	std	r3, 0(r3)
	li	r0, 0
	mtspr	29, r0
	isync
	li	r3, 0
	blr
SNIP snip_load_pid		/* load from a with PID = b (run it from quadrant 3) */
	mtspr	48, r4
	isync
	ld	r3, 0(r3)
	li	r0, 0
	mtspr	48, r0
	isync
	blr
SNIP snip_lwarx
	lwarx	r3, 0, r3
	blr
SNIP snip_ldarx
	ldarx	r3, 0, r3
	blr
SNIP snip_stwcx
	stwcx.	r4, 0, r3
	li	r3, 0
	blr
SNIP snip_illegal
	.long	0		/* primary opcode 0: illegal */
	blr
SNIP snip_trap
	trap
	blr
SNIP snip_dec			/* decrementer at a, MSR[EE] on, wait */
	mtdec	r3
	mfmsr	r4
	ori	r4, r4, 0x8000
	mtmsrd	r4, 1
1:	b	1b

SNIP user_load
	ld	r3, 0(r3)
	sc
SNIP user_store
	std	r3, 0(r3)
	sc
SNIP user_jump
	mtctr	r3
	bctr
SNIP user_mfmsr
	mfmsr	r3
	sc

	.section .note.GNU-stack, "", @progbits
