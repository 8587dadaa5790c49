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

tree=$("$top/kernel/tree.sh")
if [ ! -f "$build/arch/x86/boot/bzImage" ]; then
	echo "e2e: no kernel in $build: run make kunit first" >&2
	exit 1
fi
rm -rf "$out"
mkdir -p "$out/root/bin" "$out/root/proc" "$out/root/sys" "$out/root/dev" \
	"$out/root/tmp"
make -s -C "$tree" O="$build" headers >/dev/null
gcc -static -Wall -Wextra -O2 -I"$build/usr/include" -I"$tree/tools/include" \
	-o "$out/root/vfio-p2p-dma" "$top/tools/vfio-p2p/vfio-p2p-dma.c"
cp /bin/busybox "$out/root/bin/busybox"
for c in sh mount echo cat poweroff; do
	ln -s busybox "$out/root/bin/$c"
done
# The program's TAP goes to a file and is printed after it exits, with the
# console quiet: kernel messages (the DMAR faults it provokes) print to the
# console as they come and could cut a TAP line in two.
cat >"$out/root/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug

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
chmod +x "$out/root/init"
(cd "$out/root" && find . | cpio -o -H newc 2>/dev/null | gzip -9) \
	>"$out/initramfs.gz"

# The IOMMU before the devices it translates for; the NVMe behind a root
# port, edu on the root bus.  Without interrupt remapping (QEMU's
# intel-iommu has none without a split irqchip) iommufd refuses to bind a
# device unless allow_unsafe_interrupts is set.
log=$out/guest.log
timeout 1200 qemu-system-x86_64 -M q35 -m 2048 -nodefaults -nographic \
	-accel tcg -no-reboot -serial stdio -bios qboot.rom \
	-kernel "$build/arch/x86/boot/bzImage" -initrd "$out/initramfs.gz" \
	-append "console=ttyS0 intel_iommu=on iommufd.allow_unsafe_interrupts=1 kunit.enable=0 preempt=full panic=-1" \
	-device intel-iommu,caching-mode=on \
	-device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=0x4 \
	-device nvme,serial=cmb1,cmb_size_mb=16,bus=rp1 -device edu \
	</dev/null 2>&1 | tr -d '\r' >"$log" || true
grep -a -E '^(ok|not ok|# |1\.\.|== )' "$log" || true
set +e
sed -n '/^== tap$/,/^== exit /p' "$log" >"$out/vfio-p2p-dma.tap"
rc=$(sed -n 's/^== exit \([0-9]*\)$/\1/p' "$log")
tally_tap vfio-p2p-dma "${rc:-1}" "$out/vfio-p2p-dma.tap"
python3 "$top/kernel/check-splats.py" "$log"
tally_one "guest log without splats" $?
tally_end
