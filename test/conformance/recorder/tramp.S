# Boot trampoline for the recorder runners.  ALWAYS assembled big-endian:
# QEMU's pseries machine enters a raw -bios image at 0x100 in big-endian,
# real mode, MSR=0 (32-bit mode).  These few words switch to 64-bit mode and
# (for the LE runner, --defsym LE=1) to little-endian, then jump to `boot`
# at 0x2000 in runner.S.  runner.S pulls this in with .incbin at 0x100.

	.ifndef LE
	.set LE, 0
	.endif

	.text
	li	%r11, 0x2000		# boot: (runner.S)
	mtsrr0	%r11
	li	%r12, 1
	sldi	%r12, %r12, 63		# MSR[SF]
	ori	%r12, %r12, 0x1002 | LE	# ME | RI | LE
	mtsrr1	%r12
	rfid
