#!/bin/sh
# build-power7-init.sh - rebuild bin/power7-init, the /init of the compat=power7 initramfs
# (power7-init.c: a static ppc64le Linux program with raw system calls and no libc).
#
#   test/guests/linux/build-power7-init.sh
#
# The test suite never runs this script: the binary is committed. Needs Debian's
# gcc-powerpc64le-linux-gnu and binutils-powerpc64le-linux-gnu.
#
# Flags (deterministic: no build id, no debug info, fixed -mcpu):
#   -mcpu=power7 -Wa,-mpower7   ISA 2.06: gcc emits nothing newer, and the assembler rejects
#                               any 2.07 mnemonic (the inline asm included)
#   -ffreestanding -nostdlib -static -fno-pie -no-pie
#                               no libc (Debian's static glibc is built for POWER8), no loader
#   -mtraceback=no              no traceback tables, so the text section holds only instructions
# The check below disassembles the result as POWER7 (`objdump -M power7`): a word that is no
# POWER7 instruction shows as .long, and fails the build.
set -eu

cd "$(dirname "$0")"
CROSS=${CROSS:-powerpc64le-linux-gnu-}

mkdir -p bin
"${CROSS}gcc" -O2 -mcpu=power7 -Wa,-mpower7 -mlittle-endian -mabi=elfv2 \
	-ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns -fno-stack-protector \
	-fno-pie -no-pie -static -nostdlib -fno-asynchronous-unwind-tables -fno-ident -mtraceback=no \
	-Wall -Wextra -Werror \
	-Wl,--build-id=none -Wl,-z,noexecstack -Wl,-e,_start \
	-o bin/power7-init power7-init.c
"${CROSS}strip" --strip-all bin/power7-init
chmod 755 bin/power7-init

if "${CROSS}objdump" -d -M power7 bin/power7-init | grep -E '^ *[0-9a-f]+:.*\s\.long\s'; then
	echo "build-power7-init.sh: words above are not POWER7 instructions" >&2
	exit 1
fi
printf '%-24s %7d bytes\n' bin/power7-init "$(wc -c < bin/power7-init)"
