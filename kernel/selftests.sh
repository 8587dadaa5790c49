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

. "$top/kernel/guest.sh"

guest_prepare sh mount echo poweroff sleep
"$top/kernel/iommu-selftests.sh" "$tree" "$build" "$out/root"
cat >>"$out/root/init" <<'INIT'
echo 64 >/proc/sys/vm/nr_hugepages
cd /tmp
for t in /iommufd /iommufd_fail_nth; do
	echo "== selftest $t"
	$t
	echo "== exit $t $?"
done
poweroff -f
INIT
guest_boot hugepages=64
log=$out/guest.log
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
