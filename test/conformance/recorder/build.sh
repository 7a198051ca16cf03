#!/bin/sh
# Rebuild runner-be.bin / runner-le.bin (committed; the test suite never needs
# the cross tools).  Needs binutils-powerpc64le-linux-gnu (or any binutils
# targeting powerpc64; set CROSS=prefix- to override).
set -eu
cd "$(dirname "$0")"
CROSS=${CROSS:-powerpc64le-linux-gnu-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for e in be le; do
	if [ $e = be ]; then le=0; as_end=-mbig; ld_end=-EB; else le=1; as_end=-mlittle; ld_end=-EL; fi
	# The trampoline is big-endian in both images (QEMU enters at 0x100 in BE).
	"${CROSS}as" -mbig -a64 -mpower9 -mregnames --defsym LE=$le -o "$tmp/tramp-$e.o" tramp.S
	"${CROSS}objcopy" -O binary -j .text "$tmp/tramp-$e.o" "$tmp/tramp-$e.bin"
	"${CROSS}as" $as_end -a64 -mpower9 -mregnames --defsym LE=$le -I "$tmp" -o "$tmp/runner-$e.o" runner.S
	"${CROSS}ld" $ld_end -m$( [ $e = be ] && echo elf64ppc || echo elf64lppc ) -Ttext=0 -e _start \
		-o "$tmp/runner-$e.elf" "$tmp/runner-$e.o"
	"${CROSS}objcopy" -O binary -j .text "$tmp/runner-$e.elf" "runner-$e.bin"
	echo "runner-$e.bin: $(wc -c < runner-$e.bin) bytes"
done
