#!/bin/busybox sh
# /init of spar's busybox initramfs: install the applets, mount the kernel's file systems, say
# hello, and give a shell on the console. The machine powers off when that shell ends, or when
# busybox's poweroff/halt/reboot signal PID 1 (USR2/USR1/TERM, as they signal busybox init):
# the shell runs in the background so that `wait` lets these traps run at once.
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
hostname spar
trap 'poweroff -f' USR1 USR2
trap 'reboot -f' TERM
echo "spar guest: Linux $(uname -r) on $(uname -m), $(grep -m1 '^cpu' /proc/cpuinfo | cut -d: -f2 | cut -c2-)"
echo "Type 'poweroff' to stop the machine."
echo "Ctrl-A x quits spar at any time."
cd /root
setsid cttyhack sh -l &
wait
poweroff -f
