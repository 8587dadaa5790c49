#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs the kernel's own iommufd selftests (tools/testing/selftests/iommu:
# iommufd and iommufd_fail_nth) in a guest booted from the kernel `make
# kunit` built, with the series applied.  The tests are built static
# (Debian's libcap-dev has the static library) and packed with a busybox
# init into an initramfs; QEMU runs on plain TCG.  Prints their TAP and
# ends with "N passed, M failed": a result the test itself skips counts as
# passed, and a splat in the guest's log is one more failure.
#
#   kernel/selftests.sh             what `make selftests` runs
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
build=$work/x86_64
out=$work/selftests
. "$top/tools/testing/dma-buf/tally.sh"

tree=$("$top/kernel/tree.sh")
if [ ! -f "$build/arch/x86/boot/bzImage" ]; then
	echo "selftests: no kernel in $build: run make kunit first" >&2
	exit 1
fi
rm -rf "$out"
mkdir -p "$out/root/bin" "$out/root/proc" "$out/root/sys" "$out/root/dev" \
	"$out/root/tmp"
make -s -C "$tree" O="$build" headers >/dev/null
for t in iommufd iommufd_fail_nth; do
	gcc -static -D_GNU_SOURCE -Wall -O2 -Wno-unused-function \
		-I"$build/usr/include" -I"$tree/tools/include" \
		-isystem "$tree/tools/testing/selftests" \
		-o "$out/root/$t" "$tree/tools/testing/selftests/iommu/$t.c" -lcap
done
cp /bin/busybox "$out/root/bin/busybox"
for c in sh mount echo poweroff sleep; do
	ln -s busybox "$out/root/bin/$c"
done
cat >"$out/root/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
echo 64 >/proc/sys/vm/nr_hugepages
cd /tmp
for t in /iommufd /iommufd_fail_nth; do
	echo "== selftest $t"
	$t
	echo "== exit $t $?"
done
poweroff -f
INIT
chmod +x "$out/root/init"
(cd "$out/root" && find . | cpio -o -H newc 2>/dev/null | gzip -9) \
	>"$out/initramfs.gz"

log=$out/guest.log
timeout 1200 qemu-system-x86_64 -M q35 -m 2048 -nodefaults -nographic \
	-accel tcg -no-reboot -serial stdio -bios qboot.rom \
	-kernel "$build/arch/x86/boot/bzImage" -initrd "$out/initramfs.gz" \
	-append "console=ttyS0 kunit.enable=0 preempt=full panic=-1 hugepages=64" \
	</dev/null 2>&1 | tr -d '\r' >"$log" || true
grep -a -E '^(ok|not ok|# |TAP|1\.\.|== )' "$log" || true
set +e
for t in iommufd iommufd_fail_nth; do
	sed -n "/== selftest \/$t\$/,/== exit \/$t /p" "$log" >"$out/$t.tap"
	rc=$(sed -n "s|== exit /$t \([0-9]*\)|\1|p" "$log")
	tally_tap "$t" "${rc:-1}" "$out/$t.tap"
done
python3 "$top/kernel/check-splats.py" "$log"
tally_one "guest log without splats" $?
tally_end
