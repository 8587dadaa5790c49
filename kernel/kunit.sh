#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Builds a Linux 7.3 KUnit kernel with the series and runs the dma-buf
# suites in it under QEMU (x86_64, plain TCG), on each PCIe topology of
# kernel/topologies/.
#
#   kernel/kunit.sh            what `make kunit` runs
#
# Work lives in build/kernel/ (ignored): the pristine source, the tree with
# the series (kernel/tree.sh) and the build, so a one-file change rebuilds
# in seconds.  Each topology's whole log is build/kernel/x86_64/NAME.log.
#
# Fails unless every case passed and no log shows a splat (WARNING, BUG,
# KASAN, lockdep, ...) other than the ones a case asked for between its
# "EXPECT_WARN begin" and "EXPECT_WARN end" marks.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
build=$work/x86_64

"$top/scripts/install-deps.sh" kernel

tree=$("$top/kernel/tree.sh")
cd "$tree"
kunit="python3 tools/testing/kunit/kunit.py"
$kunit build --arch=x86_64 --kunitconfig="$top/kernel/x86_64.kunitconfig" \
	--build_dir="$build" --jobs="$(nproc)"
head -n 1 "$build/include/config/kernel.release" 2>/dev/null |
	sed 's/^/kernel: Linux /'

# After KUnit, each boot runs tools/p2p-check (static, in a busybox
# initramfs) on the topology and prints its answer for every ordered pair
# of functions (--json) and a --capture snapshot (base64 tar), each line
# prefixed so the KTAP and splat filters skip it, then powers off;
# kernel/p2p-check.py compares the answers with the KUnit fixture lines
# of the same log.
make -s -C "$top" build/p2p-check
out=$build/p2p-check-guest
# shellcheck source=kernel/guest.sh
. "$top/kernel/guest.sh"
guest_root sh mount echo sed tar gzip base64 poweroff
cp "$top/build/p2p-check" "$out/root/bin/p2p-check"
cat >>"$out/root/init" <<'INIT'
echo "p2p-check: begin"
p2p-check --all --json >/tmp/p2p.json
rc=$?
sed 's/^/p2p-check: /' /tmp/p2p.json
echo "p2p-check: end, exit status $rc"
if p2p-check --capture /tmp/snapshot 2>/dev/null; then
	(cd /tmp/snapshot && tar cf - . | gzip -9 | base64) |
		sed 's/^/p2p-check-snapshot: /'
fi
echo "p2p-check-snapshot: end"
poweroff -f
INIT
guest_pack

# kunit.py would start QEMU with "-accel kvm" first, which a machine with
# an unusable /dev/kvm takes and then hangs in; start it here on TCG.  The
# emulated NVMe controllers probe asynchronously, so their log lines can
# land inside KUnit's KTAP headers: keep the whole log for the splat check
# and hand the parser only KTAP (indented lines or KTAP keywords).
status=0
for t in "$top"/kernel/topologies/*.qemu; do
	name=$(basename "$t" .qemu)
	log=$build/$name.log
	args=$(sed -n 's/^cmdline: //p' "$t")
	echo "== topology $name"
	set -- qemu-system-x86_64 -nodefaults -m 2048 -accel tcg \
		-no-reboot -nographic -serial stdio -bios qboot.rom \
		-kernel "$build/arch/x86/boot/bzImage" \
		-initrd "$out/initramfs.gz" \
		-append "console=ttyS0 kunit.enable=1 preempt=full panic=-1 $args"
	# shellcheck disable=SC2046
	set -- "$@" $(grep -v -e '^#' -e '^cmdline: ' "$t")
	echo "$*" >"$build/$name.cmd"	# for kernel/fixtures.sh
	timeout 900 "$@" </dev/null >"$log" 2>&1 || status=$?
	grep -a 'Linux version' "$log" | head -n 1 | cut -c1-80
	grep -a -E '^([[:space:]]|KTAP version|TAP version|1[.][.]|ok |not ok |# )' \
		"$log" >"$build/$name.ktap" || true
	$kunit parse "$build/$name.ktap" || status=1
	python3 "$top/kernel/check-splats.py" "$log" || status=1
done
exit $status
