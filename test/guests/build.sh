#!/bin/sh
# build.sh - rebuild the bare-metal pseries test guests for both endians.
#
#   test/guests/build.sh            # build everything into test/guests/bin/
#   test/guests/build.sh hello      # just one guest
#
# Output, per guest NAME and endian E in {be, le}:
#   bin/NAME-E.elf   ELF64 (ELFv2 ABI), one PT_LOAD at physical 0, entry 0x100
#   bin/NAME-E.bin   the same image as raw bytes from address 0 (for -bios)
# The benches also get bin/NAME-E-hash.* and bin/NAME-E-radix.*: the same
# workload with translation on (crt0.S -DMMU_ON=..., runtime/mmu.c).  The
# fault guests (fault-*) link the trap runtime: crt0.S -DTRAP_VECTORS,
# runtime/trap.S, trap.c, cases.S, mmu.c.
#
# The test suite never runs this script: the binaries are committed.  Needs
# Debian's gcc-powerpc64le-linux-gnu + binutils-powerpc64le-linux-gnu (the LE
# toolchain builds big-endian too, with -mbig-endian) and, for the checksum
# cross-check, a host cc.
#
# Flags (deterministic: no build ids, no debug info/paths, fixed -mcpu):
#   -O2 -mcpu=power7        ISA 2.06 baseline, so every CPU model spar offers
#                           (power7 .. power9) can run the guests
#   -mabi=elfv2             for both endians (no function descriptors)
#   -msoft-float -mno-altivec -mno-vsx
#                           fixed-point instructions only; verified below by
#                           scanning the disassembly for FP/VMX/VSX mnemonics
#   -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns
#                           no libc, and gcc must not turn loops into memcpy calls
#   -fno-pic -fno-pie -static -nostdlib, linked with runtime/link.ld
#
# Each bench NAME.c carries its expected checksum; when a host cc is present
# the script also compiles NAME.c natively (-DHOST, runtime/host.h) and fails
# if the host run does not print "ok", i.e. the constant is checked against an
# independent compiler and architecture.
set -eu

cd "$(dirname "$0")"
CROSS=${CROSS:-powerpc64le-linux-gnu-}
CC="${CROSS}gcc"
OBJCOPY="${CROSS}objcopy"
OBJDUMP="${CROSS}objdump"
HOSTCC=${HOSTCC:-cc}

GUESTS=${*:-"hello probe echo bench-mpi bench-memcpy bench-sort fault-hash fault-radix"}

CFLAGS="-O2 -mcpu=power7 -mabi=elfv2 -msoft-float -mno-altivec -mno-vsx
 -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns
 -fno-pic -fno-pie -fno-stack-protector -fno-common -fno-strict-aliasing
 -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident
 -Wall -Wextra -Werror -Wno-main"
ASFLAGS="-mcpu=power7 -mabi=elfv2 -Wa,-mregnames"
LDFLAGS="-nostdlib -static -no-pie -Wl,-T,runtime/link.ld -Wl,--build-id=none
 -Wl,-z,noexecstack -Wl,-z,max-page-size=0x1000 -Wl,--no-warn-rwx-segments"

mkdir -p bin

# link NAME OBJ...: bin/NAME.elf and bin/NAME.bin, checked for FP/VMX/VSX instructions
link() {
	name=$1
	shift
	$CC $EF $LDFLAGS -o "bin/$name.elf" "$@"
	$OBJCOPY -O binary "bin/$name.elf" "bin/$name.bin"
	chmod 644 "bin/$name.elf" "bin/$name.bin"
	if $OBJDUMP -d "bin/$name.elf" | grep -E "$BAD_INSN"; then
		echo "build.sh: $name contains FP/VMX/VSX instructions (above)" >&2
		exit 1
	fi
	printf '%-30s %7d bytes\n' "bin/$name.bin" "$(wc -c < "bin/$name.bin")"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# mnemonics that only FP / VMX / VSX instructions have
BAD_INSN='^ *[0-9a-f]+:\s+([0-9a-f]{2} ){4}\s*(f[a-z]+|lf[a-z]*|stf[a-z]*|lv[a-z]*|stv[a-z]*|v[a-z]+|x[sv][a-z]+|lx[a-z]+|stx[sv][a-z]*|m[ft]vsr[a-z]*|m[ft]fs[a-z]*|m[ft]vscr|dss[a-z]*|dst[a-z]*)\b'

for e in be le; do
	case $e in
	be) EF=-mbig-endian ;;
	le) EF=-mlittle-endian ;;
	esac
	# the runtime, once per endian; crt0 also with the MMU hooks of the -hash/-radix variants
	$CC $EF $ASFLAGS -c runtime/crt0.S -o "$tmp/crt0-$e.o"
	$CC $EF $ASFLAGS -DMMU_ON=mmu_bench_hash -c runtime/crt0.S -o "$tmp/crt0-hash-$e.o"
	$CC $EF $ASFLAGS -DMMU_ON=mmu_bench_radix -c runtime/crt0.S -o "$tmp/crt0-radix-$e.o"
	$CC $EF $CFLAGS -c runtime/hv.c -o "$tmp/hv-$e.o"
	$CC $EF $CFLAGS -c runtime/mmu.c -o "$tmp/mmu-$e.o"
	# the fault guests' runtime: vectors in crt0, trap_try, the case snippets
	$CC $EF $ASFLAGS -DTRAP_VECTORS -c runtime/crt0.S -o "$tmp/crt0-trap-$e.o"
	$CC $EF $ASFLAGS -c runtime/trap.S -o "$tmp/trap-$e.o"
	$CC $EF $ASFLAGS -c runtime/cases.S -o "$tmp/cases-$e.o"
	$CC $EF $CFLAGS -c runtime/trap.c -o "$tmp/trapc-$e.o"
	for g in $GUESTS; do
		$CC $EF $CFLAGS -c "$g.c" -o "$tmp/$g-$e.o"
		case $g in
		fault-*)
			link "$g-$e" "$tmp/crt0-trap-$e.o" "$tmp/$g-$e.o" "$tmp/hv-$e.o" "$tmp/mmu-$e.o" \
				"$tmp/trap-$e.o" "$tmp/trapc-$e.o" "$tmp/cases-$e.o"
			continue ;;
		esac
		link "$g-$e" "$tmp/crt0-$e.o" "$tmp/$g-$e.o" "$tmp/hv-$e.o"
		case $g in
		bench-*)	# the same workload with translation on (runtime/mmu.c)
			link "$g-$e-hash" "$tmp/crt0-hash-$e.o" "$tmp/$g-$e.o" "$tmp/hv-$e.o" "$tmp/mmu-$e.o"
			link "$g-$e-radix" "$tmp/crt0-radix-$e.o" "$tmp/$g-$e.o" "$tmp/hv-$e.o" "$tmp/mmu-$e.o" ;;
		esac
	done
done

# checksum cross-check on the host
if command -v "$HOSTCC" >/dev/null 2>&1; then
	for g in $GUESTS; do
		case $g in bench-*) ;; *) continue ;; esac
		$HOSTCC -O2 -fno-strict-aliasing -DHOST -I. -o "$tmp/$g-host" "$g.c"
		out=$("$tmp/$g-host") || true
		echo "$out" | sed "s/^/host $g: /"
		echo "$out" | grep -q ' ok$' || { echo "build.sh: host run of $g disagrees with EXPECTED" >&2; exit 1; }
	done
else
	echo "build.sh: no host cc ($HOSTCC); skipped the checksum cross-check" >&2
fi

# ---- Open Firmware client guest (of-client.c): booted with -kernel, big-endian only.
# runtime/crt0-of.S + of.c, linked by runtime/link-of.ld at 0x400000 with p_paddr 0 (QEMU and
# spar load it at 0x400000 and enter its first byte in 32-bit big-endian mode, r5 = the client
# interface).  Output: bin/of-client-be.elf.  Built on every run (it is not in GUESTS: the loop
# above links every guest with crt0.S).
$CC -mbig-endian $ASFLAGS -c runtime/crt0-of.S -o "$tmp/crt0-of-be.o"
$CC -mbig-endian $CFLAGS -c runtime/of.c -o "$tmp/of-be.o"
$CC -mbig-endian $CFLAGS -c of-client.c -o "$tmp/of-client-be.o"
$CC -mbig-endian $(echo "$LDFLAGS" | sed 's,runtime/link.ld,runtime/link-of.ld,') \
	-o bin/of-client-be.elf "$tmp/crt0-of-be.o" "$tmp/of-client-be.o" "$tmp/of-be.o"
chmod 644 bin/of-client-be.elf
if $OBJDUMP -d bin/of-client-be.elf | grep -E "$BAD_INSN"; then
	echo "build.sh: of-client contains FP/VMX/VSX instructions (above)" >&2
	exit 1
fi
printf '%-30s %7d bytes\n' "bin/of-client-be.elf" "$(wc -c < bin/of-client-be.elf)"
