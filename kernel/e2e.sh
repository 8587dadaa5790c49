#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# End to end: in a guest booted from the kernel `make kunit` built, with
# an Intel IOMMU, QEMU's edu device DMAs into an NVMe controller's memory
# buffer (CMB, BAR 2) through the IOMMU, via a VFIO dma-buf of the BAR
# mapped into iommufd (tools/vfio-p2p/vfio-p2p-dma.c says each step).  The
# program is built static against the kernel's uapi headers and packed
# with a busybox init into an initramfs; the init binds both devices to
# vfio-pci and runs it.  QEMU runs on plain TCG.  Prints its TAP and ends
# with "N passed, M failed": a splat in the guest's log is one more
# failure.  The guest's log is kept in $KUNIT_WORK/e2e/guest.log.
#
#   kernel/e2e.sh             what `make e2e` runs
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
build=$work/x86_64
out=$work/e2e
. "$top/tools/testing/dma-buf/tally.sh"

. "$top/kernel/guest.sh"

guest_prepare sh mount echo cat poweroff
gcc -static -Wall -Wextra -O2 -I"$build/usr/include" -I"$tree/tools/include" \
	-o "$out/root/vfio-p2p-dma" "$top/tools/vfio-p2p/vfio-p2p-dma.c"
# The program's TAP goes to a file and is printed after it exits, with the
# console quiet: kernel messages (the DMAR faults it provokes) print to the
# console as they come and could cut a TAP line in two.
cat >>"$out/root/init" <<'INIT'

# The PCI function whose sysfs FILE reads VALUE.
find_pci() {
	for d in /sys/bus/pci/devices/*; do
		if [ "$(cat "$d/$1")" = "$2" ]; then
			echo "${d##*/}"
			return
		fi
	done
}

# Hands a PCI function to vfio-pci, taking it from its driver.
bind_vfio() {
	d=/sys/bus/pci/devices/$1
	if [ -e "$d/driver" ]; then
		echo "$1" >"$d/driver/unbind"
	fi
	echo vfio-pci >"$d/driver_override"
	echo "$1" >/sys/bus/pci/drivers_probe
}

edu=$(find_pci device 0x11e8)
nvme=$(find_pci class 0x010802)
echo "== edu ${edu:-missing}, NVMe ${nvme:-missing}"
rc=1
if [ -n "$edu" ] && [ -n "$nvme" ]; then
	bind_vfio "$edu"
	bind_vfio "$nvme"
	/vfio-p2p-dma "$edu" "$nvme" >/tmp/tap 2>&1
	rc=$?
fi
echo 1 >/proc/sys/kernel/printk
echo "== tap"
cat /tmp/tap
echo "== exit $rc"
poweroff -f
INIT
# The IOMMU before the devices it translates for; the NVMe behind a root
# port, edu on the root bus.  Without interrupt remapping (QEMU's
# intel-iommu has none without a split irqchip) iommufd refuses to bind a
# device unless allow_unsafe_interrupts is set.
guest_boot "intel_iommu=on iommufd.allow_unsafe_interrupts=1" \
	-device intel-iommu,caching-mode=on \
	-device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=0x4 \
	-device nvme,serial=cmb1,cmb_size_mb=16,bus=rp1 -device edu
log=$out/guest.log
grep -a -E '^(ok|not ok|# |1\.\.|== )' "$log" || true
set +e
sed -n '/^== tap$/,/^== exit /p' "$log" >"$out/vfio-p2p-dma.tap"
rc=$(sed -n 's/^== exit \([0-9]*\)$/\1/p' "$log")
tally_tap vfio-p2p-dma "${rc:-1}" "$out/vfio-p2p-dma.tap"
python3 "$top/kernel/check-splats.py" "$log"
tally_one "guest log without splats" $?
tally_end
