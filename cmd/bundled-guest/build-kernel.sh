#!/bin/bash
# Rebuilds cmd/bundled-guest/vmlinux.gz, the bundled guest's kernel, from Debian's linux-source-6.1
# with kernel.config. Not run by the tests (the image is committed); run by hand after changing
# kernel.config, as root on Debian (it installs the toolchain it needs), or with these installed:
#   apt-get install linux-source-6.1 gcc-powerpc64le-linux-gnu flex bison bc libelf-dev libssl-dev
# Usage: cmd/bundled-guest/build-kernel.sh [WORKDIR]   (default: a new temporary directory)
# About 2 minutes on 2 cores after unpacking. The build is reproducible: fixed timestamp, user, host.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_tarball=/usr/src/linux-source-6.1.tar.xz
packages="linux-source-6.1 gcc-powerpc64le-linux-gnu flex bison bc libelf-dev libssl-dev"
cross=powerpc64le-linux-gnu-

if [ ! -f "$source_tarball" ] || ! command -v ${cross}gcc flex bison bc >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "build-kernel.sh: needs $packages; run as root on Debian, or: sudo apt-get install $packages" >&2
    exit 1
  fi
  apt-get install -y $packages
fi

work=${1:-$(mktemp -d)}
src="$work/linux-source-6.1"
if [ ! -d "$src" ]; then
  echo "unpacking $source_tarball into $work"
  tar -C "$work" -xf "$source_tarball"
fi

make_kernel() {
  make -C "$src" ARCH=powerpc CROSS_COMPILE=$cross \
    KBUILD_BUILD_TIMESTAMP="2026-11-21 00:00:00 UTC" KBUILD_BUILD_USER=spar KBUILD_BUILD_HOST=spar "$@"
}

(cd "$src" && ARCH=powerpc CROSS_COMPILE=$cross scripts/kconfig/merge_config.sh -n \
  kernel/configs/tiny-base.config kernel/configs/tiny.config "$here/kernel.config" >/dev/null)

# merge_config.sh only warns when Kconfig refuses an option: refuse to build without every one.
missing=0
while IFS= read -r line; do
  case "$line" in
    CONFIG_*=*) want=$line ;;
    "# CONFIG_"*" is not set") want=$line ;;
    *) continue ;;
  esac
  if ! grep -qxF "$want" "$src/.config"; then
    echo "kernel.config: '$want' did not survive the merge" >&2
    missing=1
  fi
done < "$here/kernel.config"
[ $missing = 0 ] || exit 1

make_kernel -j"$(nproc)" vmlinux
${cross}strip -o "$work/vmlinux" "$src/vmlinux"
gzip -9 -n -c "$work/vmlinux" > "$here/vmlinux.gz"
echo "$(make_kernel -s kernelrelease) $(du -k "$here/vmlinux.gz" | cut -f1) KiB: $here/vmlinux.gz"
