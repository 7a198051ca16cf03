# spar conformance recorder: single-instruction test runner for QEMU pseries.
#
# One source, two images: assembled with --defsym LE=0 (-mbig) or LE=1
# (-mlittle).  Loaded by `-bios` at physical 0, entered at 0x100 in BE real
# mode with MSR=0; tramp.S (always BE, .incbin'd at 0x100) rfid's to `boot`.
#
# Memory map (guest physical):
#   0x00100          boot trampoline; overwritten by the 0x100 stub after boot
#   0x00200-0x01fff  interrupt stubs, one per 0x20 slot (generated at boot)
#   0x02000-0x03eff  runner code
#   0x03f00-0x03fff  runner variables (the test clobbers every GPR)
#   0x04000-0x07fff  absolute-branch landing pad (tw 31,0,0)
#   0x10000-0x100ff  scratch data area
#   0x17000-0x17fff  scv vectors (stubs, AIL=0 => 0x17000 + LEV*0x20)
#   0x18000-0x27fff  landing pad (tw 31,0,0); test words at S=0x20000
#   0x70000          radix process table (4 KiB, entry 0 only)
#   0x80000          radix root directory (64 KiB, 2^13 entries)
#   0x90000          radix level-1 directory: entry 0 = 1 GiB leaf RA 0
#                    (identity map used by MSR[PR]=1 cases, for which
#                    rfid forces IR=DR=EE=1)
#   0x1000000        cases: u64 count, records of 0x700 from 0x1000100
#   0x3fff000        u64 done flag "DONEDONE"; 0x3fff008 u64 progress index
#   0x4000000        results, 0x700 per case
#
# Case record:   0x000 u32 insn[4]; 0x010 u32 ninsn; 0x014 u32 flags
#                (bit0 32-bit mode, bit1 problem state, bit2 FP off, bit3 VEC
#                off, bit4 VSX off, bit5 FE0=FE1=1, bit6 FP|VEC|VSX on minus
#                bits 2-4); 0x018 cr; 0x020 xer; 0x028 lr; 0x030 ctr;
#                0x038 tar; 0x040 gpr[32]; 0x140 mem[256]; 0x240 fpscr;
#                0x248 zero; 0x250 vscr quadword (VSCR in word 3);
#                0x260-0x2ff zero; 0x300 vsr[64] (16 bytes each)
# Result record: 0x000 gpr[32]; 0x100 cr; 0x108 xer; 0x110 lr; 0x118 ctr;
#                0x120 tar; 0x128 srr0; 0x130 srr1; 0x138 vector; 0x140 dar;
#                0x148 dsisr; 0x150-0x17f zero; 0x180 mem[256]; 0x280 fpscr;
#                0x288 zero; 0x290 vscr quadword (mfvscr); 0x2a0-0x2ff zero;
#                0x300 vsr[64]
# Every case loads FPSCR, VSCR and the 64 VSRs (zeros unless the host gave
# them) and every result saves them; only bit 6 makes them usable by the test.
# VSRs move with lxvd2x/stxvd2x: two doublewords, each in the runner's byte
# order, doubleword 0 (the most significant) first.

	.ifndef LE
	.set LE, 0
	.endif

	.set S,		0x20000
	.set SCRATCH,	0x10000
	.set CASES,	0x1000000
	.set RESULTS,	0x4000000
	.set RECSZ,	0x700
	.set DONE,	0x3fff000
	.set TRAPW,	0x7fe00008		# tw 31,0,0

	.set PROCTBL,	0x70000
	.set RADIX_L0,	0x80000
	.set RADIX_L1,	0x90000

	# runner variables (absolute, addressed as d(0))
	.set V_RESPTR,	0x3f00		# result record of the running case
	.set V_INDEX,	0x3f08		# index of the running case
	.set V_VEC,	0x3f10		# vector, stashed by the stubs
	.set V_RC_MODE,	0x3f18		# H_SET_MODE return code (debug)
	.set V_RC_PRTB,	0x3f20		# H_REGISTER_PROC_TBL return code (debug)
	.set V_FSCR0,	0x3f28		# FSCR as found at boot (debug)
	.set V_MSR0,	0x3f30		# MSR at boot: (debug)
	.set V_RSV,	0x3f38		# dummy stdcx. target

	.set SPR_TAR,	815
	.set SPR_FSCR,	153
	.set SPR_PIDR,	48
	.set FSCR_EN,	0x1100		# FSCR[TAR] (1<<8) | FSCR[SCV] (1<<12)

	# MSR facility bits: FP (low half), VEC and VSX (oris halves), FE0|FE1.
	.set MSR_FP,	0x2000
	.set MSR_VEC_H,	0x0200
	.set MSR_VSX_H,	0x0080
	.set MSR_FE,	0x0900

	# Case flags (see the case record).
	.set F_FP_OFF,	4
	.set F_VEC_OFF,	8
	.set F_VSX_OFF,	16
	.set F_FE,	32
	.set F_VECTOR,	64

	# Case/result record offsets of the FP/vector state.
	.set C_FPSCR,	0x240
	.set C_VSCR,	0x250
	.set R_FPSCR,	0x280
	.set R_VSCR,	0x290
	.set VSRS,	0x300		# both records

	# The runner itself uses FP, VMX and VSX (every interrupt turns them off).
	.macro FACILITIES_ON rtmp
	mfmsr	\rtmp
	ori	\rtmp, \rtmp, MSR_FP
	oris	\rtmp, \rtmp, MSR_VEC_H | MSR_VSX_H
	mtmsrd	\rtmp
	isync
	.endm

	# H-calls
	.set H_SET_MODE,	0x31c
	.set H_REGISTER_PROC_TBL, 0x37c

	# Store a doubleword big-endian (radix tables are always BE).
	.macro STD_BE rs, ra, rtmp
	.if LE
	li	\rtmp, 0
	stdbrx	\rs, \ra, \rtmp
	.else
	std	\rs, 0(\ra)
	.endif
	.endm

	# Load a 64-bit constant (only used outside the hot loop).
	.macro LOAD64 rd, val
	lis	\rd, ((\val) >> 48) & 0xffff
	ori	\rd, \rd, ((\val) >> 32) & 0xffff
	sldi	\rd, \rd, 32
	oris	\rd, \rd, ((\val) >> 16) & 0xffff
	ori	\rd, \rd, (\val) & 0xffff
	.endm

	.text
	.globl _start
_start:
	.org 0x100
	.if LE
	.incbin "tramp-le.bin"
	.else
	.incbin "tramp-be.bin"
	.endif

# Stub template, copied to every vector slot by gen_stub.
# The second and third words get the vector's high/low halves OR'd in; the
# fourth is replaced by a relative branch to `save`.
	.org 0x1c0
stub_tmpl:
	mtsprg1	r13
	lis	r13, 0
	ori	r13, r13, 0
	b	.

################################################################## boot
	.org 0x2000
boot:
	mfmsr	r3
	std	r3, V_MSR0(0)

	# Interrupts in the runner's endianness: H_SET_MODE(mflags=LE, resource=4)
	li	r3, H_SET_MODE
	li	r4, LE
	li	r5, 4
	li	r6, 0
	li	r7, 0
	sc	1
	std	r3, V_RC_MODE(0)

	# Radix identity map for problem-state cases.
	lis	r4, PROCTBL@h		# zero 0x70000 .. 0x91fff
	lis	r5, 0x2				# 0x22000 / 8 doublewords
	ori	r5, r5, 0x2000
	srdi	r5, r5, 3
	mtctr	r5
	addi	r4, r4, -8
	li	r3, 0
1:	stdu	r3, 8(r4)
	bdnz	1b

	lis	r4, PROCTBL@h		# PRTB0: RTS=21 (52-bit), RPDB, RPDS=13
	LOAD64	r3, 0x40000000000800ad
	STD_BE	r3, r4, r6
	lis	r4, RADIX_L0@h		# root[0] -> L1, NLS=9
	LOAD64	r3, 0x8000000000090009
	STD_BE	r3, r4, r6
	lis	r4, RADIX_L1@h		# L1[0]: V|L, RPN 0, R|C, read|write|exec, user
	LOAD64	r3, 0xc000000000000187
	STD_BE	r3, r4, r6
	sync

	li	r3, H_REGISTER_PROC_TBL
	li	r4, 0x1d		# MODIFY | REGISTER | RADIX | GTSE
	lis	r5, PROCTBL@h
	li	r6, 0			# page size
	li	r7, 0			# table size 2^(12+0) bytes
	sc	1
	std	r3, V_RC_PRTB(0)
	li	r3, 0
	mtspr	SPR_PIDR, r3

	# Facilities a Linux user process would have: TAR, scv.
	mfspr	r3, SPR_FSCR
	std	r3, V_FSCR0(0)
	ori	r3, r3, FSCR_EN
	mtspr	SPR_FSCR, r3

	# Landing pads.
	lis	r3, TRAPW@h
	ori	r3, r3, TRAPW@l
	li	r4, 0x4000 - 4
	li	r5, 0x4000 / 4
	mtctr	r5
1:	stwu	r3, 4(r4)
	bdnz	1b
	lis	r4, 0x18000@h
	ori	r4, r4, 0x18000@l
	addi	r4, r4, -4
	li	r5, 0x10000 / 4
	mtctr	r5
1:	stwu	r3, 4(r4)
	bdnz	1b

	# Interrupt stubs: 0x100, every 0x20 slot in 0x200-0x1fe0, scv 0x17000-0x17fe0.
	li	r4, 0x100
	bl	gen_stub
	li	r4, 0x200
1:	bl	gen_stub
	addi	r4, r4, 0x20
	cmpldi	r4, 0x2000
	blt	1b
	lis	r4, 0x17000@h
	ori	r4, r4, 0x17000@l
	lis	r5, 0x18000@h
	ori	r5, r5, 0x18000@l
1:	bl	gen_stub
	addi	r4, r4, 0x20
	cmpld	r4, r5
	blt	1b
	sync
	isync

	FACILITIES_ON r3
	li	r3, 0
	std	r3, V_INDEX(0)
	b	run_case

# gen_stub: write a stub for vector r4 at r4.  Clobbers r6-r9.
gen_stub:
	li	r6, stub_tmpl
	lwz	r7, 0(r6)
	stw	r7, 0(r4)
	lwz	r7, 4(r6)
	srdi	r8, r4, 16
	or	r7, r7, r8
	stw	r7, 4(r4)
	lwz	r7, 8(r6)
	andi.	r8, r4, 0xffff
	or	r7, r7, r8
	stw	r7, 8(r4)
	li	r7, save		# b save, from r4+12
	addi	r8, r4, 12
	subf	r7, r8, r7
	rldicl	r7, r7, 0, 38		# & 0x03ffffff
	rldicr	r7, r7, 0, 61		# & ~3
	oris	r7, r7, 0x4800
	stw	r7, 12(r4)
	dcbst	0, r4
	sync
	icbi	0, r4
	blr

################################################################## per case
run_case:
	ld	r5, V_INDEX(0)
	lis	r6, CASES@h
	ld	r6, 0(r6)			# case count
	lis	r7, DONE@h
	ori	r7, r7, DONE@l
	std	r5, 8(r7)			# progress word
	cmpld	r5, r6
	bge	all_done

	mulli	r8, r5, RECSZ
	lis	r31, CASES@h
	ori	r31, r31, 0x100
	add	r31, r31, r8			# r31 = case record
	lis	r10, RESULTS@h
	add	r10, r10, r8
	std	r10, V_RESPTR(0)

	# Restore the landing pad at S, then copy in the instruction words.
	lis	r3, TRAPW@h
	ori	r3, r3, TRAPW@l
	lis	r4, S@h
	stw	r3, 0(r4)
	stw	r3, 4(r4)
	stw	r3, 8(r4)
	stw	r3, 12(r4)
	lwz	r5, 0x10(r31)			# ninsn, clamped to 0..4
	cmplwi	r5, 4
	ble	1f
	li	r5, 4
1:	cmplwi	r5, 0
	beq	3f
	mtctr	r5
	addi	r6, r31, -4
	addi	r7, r4, -4
2:	lwzu	r3, 4(r6)
	stwu	r3, 4(r7)
	bdnz	2b
3:	dcbst	0, r4
	sync
	icbi	0, r4
	isync

	# Scratch area.
	li	r5, 32
	mtctr	r5
	addi	r6, r31, 0x140 - 8
	lis	r7, SCRATCH@h
	addi	r7, r7, -8
1:	ldu	r3, 8(r6)
	stdu	r3, 8(r7)
	bdnz	1b

	# FPSCR (all 64 bits), VSCR, then the 64 VSRs.  The runner's MSR has
	# FE0=FE1=0, so enabled exception bits raise nothing here.
	lfd	f0, C_FPSCR(r31)
	mtfsf	0xff, f0, 1, 0
	li	r5, C_VSCR
	lxvd2x	vs32, r31, r5
	mtvscr	v0
	addi	r6, r31, VSRS
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	li	r5, 16 * \n
	lxvd2x	\n, r6, r5
	.endr

	# No reservation carried over from the previous case (QEMU would honour it).
	li	r3, V_RSV
	stdcx.	r3, 0, r3

	# Deterministic DAR/DSISR; DEC far from expiry (PR cases run with EE=1).
	li	r3, 0
	mtdar	r3
	mtdsisr	r3
	lis	r3, 0x7fff
	ori	r3, r3, 0xffff
	mtdec	r3
	mfspr	r3, SPR_PIDR			# PID 0 (write only if changed: QEMU flushes the TLB)
	cmpldi	r3, 0
	beq	1f
	li	r3, 0
	mtspr	SPR_PIDR, r3
1:
	# Test MSR: ME | RI | LE, SF unless flags.0, PR if flags.1,
	# FP|VEC|VSX if flags.6 less those flags.2-4 turn off, FE0|FE1 if flags.5.
	lwz	r5, 0x14(r31)
	li	r6, 0x1002 | LE
	andi.	r7, r5, 1
	bne	1f
	li	r7, 1
	sldi	r7, r7, 63
	or	r6, r6, r7
1:	andi.	r7, r5, 2
	beq	1f
	ori	r6, r6, 0x4000
1:	andi.	r7, r5, F_VECTOR
	beq	2f
	ori	r6, r6, MSR_FP
	oris	r6, r6, MSR_VEC_H | MSR_VSX_H
	andi.	r7, r5, F_FP_OFF
	beq	1f
	xori	r6, r6, MSR_FP
1:	andi.	r7, r5, F_VEC_OFF
	beq	1f
	xoris	r6, r6, MSR_VEC_H
1:	andi.	r7, r5, F_VSX_OFF
	beq	2f
	xoris	r6, r6, MSR_VSX_H
2:	andi.	r7, r5, F_FE
	beq	1f
	ori	r6, r6, MSR_FE
1:	mtsrr1	r6
	mtsrr0	r4

	ld	r3, 0x20(r31)
	mtxer	r3
	ld	r3, 0x28(r31)
	mtlr	r3
	ld	r3, 0x30(r31)
	mtctr	r3
	ld	r3, 0x38(r31)
	mtspr	SPR_TAR, r3
	ld	r3, 0x18(r31)
	mtcrf	0xff, r3

	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	\n, 0x40 + 8 * \n(r31)
	.endr
	rfid

################################################################## save
# Entered from a stub: r13 = vector, SPRG1 = the test's r13, everything else
# (GPRs, CR, XER, LR, CTR, TAR, SRR0/1, DAR, DSISR) as the interrupt left it.
save:
	std	r13, V_VEC(0)
	ld	r13, V_RESPTR(0)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	std	\n, 8 * \n(r13)
	.endr
	mfsprg1	r0
	std	r0, 8 * 13(r13)
	mfcr	r0
	std	r0, 0x100(r13)
	mfxer	r0
	std	r0, 0x108(r13)
	mflr	r0
	std	r0, 0x110(r13)
	mfctr	r0
	std	r0, 0x118(r13)
	mfspr	r0, SPR_TAR
	std	r0, 0x120(r13)
	mfsrr0	r0
	std	r0, 0x128(r13)
	mfsrr1	r0
	std	r0, 0x130(r13)
	ld	r0, V_VEC(0)
	std	r0, 0x138(r13)
	mfdar	r0
	std	r0, 0x140(r13)
	mfdsisr	r0
	std	r0, 0x148(r13)
	li	r0, 0
	std	r0, 0x150(r13)
	std	r0, 0x158(r13)
	std	r0, 0x160(r13)
	std	r0, 0x168(r13)
	std	r0, 0x170(r13)
	std	r0, 0x178(r13)
	li	r3, 32
	mtctr	r3
	lis	r4, SCRATCH@h
	addi	r4, r4, -8
	addi	r5, r13, 0x180 - 8
1:	ldu	r3, 8(r4)
	stdu	r3, 8(r5)
	bdnz	1b

	# FP/vector state: the interrupt turned the facilities off.
	FACILITIES_ON r3
	addi	r6, r13, VSRS
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	li	r5, 16 * \n
	stxvd2x	\n, r6, r5
	.endr
	mffs	f0
	stfd	f0, R_FPSCR(r13)
	mfvscr	v0
	li	r5, R_VSCR
	stxvd2x	vs32, r13, r5
	li	r0, 0
	std	r0, 0x288(r13)
	li	r5, 0x2a0
1:	stdx	r0, r13, r5
	addi	r5, r5, 8
	cmpldi	r5, VSRS
	blt	1b

	ld	r5, V_INDEX(0)
	addi	r5, r5, 1
	std	r5, V_INDEX(0)
	b	run_case

################################################################## done
all_done:				# r7 = DONE
	lis	r3, 0x444f		# "DONE"
	ori	r3, r3, 0x4e45
	rldimi	r3, r3, 32, 0		# "DONEDONE"
	sync
	std	r3, 0(r7)
	sync
1:	b	1b

	.org 0x3f00			# variables follow; code must end before here
