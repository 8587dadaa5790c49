#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# p2p-check on every committed snapshot, without QEMU: one TAP result per
# check.  Run from the top of the tree (make check does).
#
#   tools/p2p-check/test.sh BINARY            test
#   tools/p2p-check/test.sh --update BINARY   rewrite tools/p2p-check/expected/
#
# fixtures/NAME is a --capture snapshot: of a make kunit guest on
# kernel/topologies/NAME.qemu, of a machine (this-vm: the project's
# build machine, virtio only), or made up (xeon-2s, by synthetic.py: two
# sockets, two PCI domains, firmware's bus numbers).  For each:
#
#  - the matrix, --all --json and --explain outputs (and exit statuses)
#    are expected/NAME.{matrix,json,explain}; the --explain pair is the
#    first line of expected/NAME.explain;
#  - for a QEMU topology, every answer of --all --json is the kernel's in
#    kernel/fixtures/NAME.log (kernel/p2p-check.py --compare), a check
#    that does not depend on the expected files;
#  - a --capture of the snapshot gives the same answers as the snapshot.
#
# Then what a user without root sees (nested-acs with config space cut to
# 64 bytes, as an unprivileged read of sysfs gets it), and bad input: each
# must exit 2 with a message naming the problem.
set -u
update=false
if [ "${1:-}" = --update ]; then
	update=true
	shift
fi
bin=${1:?usage: test.sh [--update] BINARY}
here=tools/p2p-check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
}

# $1 description, $2 expected file, rest: the command; stdout and the exit
# status against the file.
golden() {
	what=$1
	want=$2
	shift 2
	{ "$@"; echo "exit $?"; } >"$tmp/out" 2>&1
	if $update; then
		cp "$tmp/out" "$want"
		ok "$what (written)"
	elif cmp -s "$tmp/out" "$want"; then
		ok "$what"
	else
		not_ok "$what"
		diff -u "$want" "$tmp/out" | head -n 40 | sed 's/^/# /'
	fi
}

# $1 description, $2 text the message must hold, rest: the command, which
# must exit 2.
bad() {
	what=$1
	want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 2 ] && grep -q -F -- "$want" "$tmp/err"; then
		ok "bad input: $what: $(head -n 1 "$tmp/err")"
	else
		not_ok "bad input: $what: exit $rc, wanted 2 and \"$want\""
		sed 's/^/# /' "$tmp/err"
	fi
}

for snap in "$here"/fixtures/*/; do
	snap=${snap%/}
	name=$(basename "$snap")
	golden "$name: matrix" "$here/expected/$name.matrix" \
		"$bin" --sysfs "$snap"
	golden "$name: --all --json" "$here/expected/$name.json" \
		"$bin" --sysfs "$snap" --all --json
	pair=$(head -n 1 "$here/expected/$name.explain" | sed -n 's/^# pair: //p')
	if [ -z "$pair" ]; then
		not_ok "$name: --explain: no \"# pair: P C\" first line in expected/$name.explain"
	else
		# shellcheck disable=SC2086
		golden "$name: --explain $pair" "$here/expected/$name.explain" \
			sh -c 'echo "# pair: $1 $2"; "$0" --sysfs "$3" --explain "$1" "$2"' \
			"$bin" $pair "$snap"
	fi
	"$bin" --sysfs "$snap" --all --json >"$tmp/a.json" 2>&1
	if [ -f "kernel/fixtures/$name.log" ]; then
		if kernel/p2p-check.py --compare "$tmp/a.json" \
			"kernel/fixtures/$name.log" >"$tmp/cmp" 2>&1; then
			ok "$name: every answer is the kernel's ($(tail -n 1 "$tmp/cmp"))"
		else
			not_ok "$name: answers differ from kernel/fixtures/$name.log"
			sed 's/^/# /' "$tmp/cmp" | head -n 20
		fi
	fi
	rm -rf "$tmp/again"
	"$bin" --sysfs "$snap" --capture "$tmp/again" 2>/dev/null
	"$bin" --sysfs "$tmp/again" --all --json >"$tmp/b.json" 2>&1
	if cmp -s "$tmp/a.json" "$tmp/b.json"; then
		ok "$name: a --capture of it answers the same"
	else
		not_ok "$name: a --capture of it answers differently"
	fi
done

# The made-up snapshot is what its generator writes.
rm -rf "$tmp/xeon-2s"
if tools/p2p-check/synthetic.py "$tmp/xeon-2s" &&
   diff -r "$tmp/xeon-2s" "$here/fixtures/xeon-2s" >"$tmp/diff" 2>&1; then
	ok "xeon-2s: the snapshot is what tools/p2p-check/synthetic.py writes"
else
	not_ok "xeon-2s: the snapshot is not what tools/p2p-check/synthetic.py writes"
	sed 's/^/# /' "$tmp/diff" | head -n 10
fi

# Without root: config space past 64 bytes is unreadable.
rm -rf "$tmp/noroot"
cp -a "$here/fixtures/nested-acs" "$tmp/noroot"
find "$tmp/noroot" -name config -exec truncate -s 64 {} +
golden "nested-acs without root: matrix" "$here/expected/nested-acs-noroot.matrix" \
	"$bin" --sysfs "$tmp/noroot"
if grep -q '^ACS unknown' "$here/expected/nested-acs-noroot.matrix" &&
   grep -q ' ?[SHx]' "$here/expected/nested-acs-noroot.matrix"; then
	ok "nested-acs without root: says ACS is unknown and marks the answers that depend on it"
else
	not_ok "nested-acs without root: says nothing of unknown ACS bits"
fi

# Bad input.
bad "no snapshot there" "$tmp/none/sys/bus/pci/devices: cannot open" \
	"$bin" --sysfs "$tmp/none"
bad "a device that does not exist" "0000:99:00.0: no such PCI function" \
	"$bin" --sysfs "$here/fixtures/switch" 0000:05:00.0 0000:99:00.0
bad "--explain with one device" "--explain takes two devices" \
	"$bin" --sysfs "$here/fixtures/switch" --explain 0000:05:00.0
bad "an unknown option" "unrecognized option" "$bin" --frobnicate

rm -rf "$tmp/broken"
cp -a "$here/fixtures/switch" "$tmp/broken"
dev=$tmp/broken/sys/devices/pci0000:00/0000:00:04.0/0000:02:00.0/0000:03:00.0/0000:05:00.0
rm "$dev/vendor"
bad "a missing sysfs file" "0000:05:00.0/vendor: cannot read (No such file or directory)" \
	"$bin" --sysfs "$tmp/broken"
mkdir "$dev/vendor"
bad "an unreadable sysfs file" "0000:05:00.0/vendor: cannot read (Is a directory)" \
	"$bin" --sysfs "$tmp/broken"
rmdir "$dev/vendor"
echo "nvme" >"$dev/vendor"
bad "a malformed vendor ID" "0000:05:00.0/vendor: malformed: \"nvme\" is not a hex number" \
	"$bin" --sysfs "$tmp/broken"
printf '0x1b36\n' >"$dev/vendor"
head -c 16 "$dev/config" >"$tmp/short" && cp "$tmp/short" "$dev/config"
bad "a config space cut short" "0000:05:00.0/config: malformed: 16 bytes" \
	"$bin" --sysfs "$tmp/broken"
rm -rf "$tmp/broken"
cp -a "$here/fixtures/switch" "$tmp/broken"
ln -sfn ../../../devices/0000:05:00.0 "$tmp/broken/sys/bus/pci/devices/0000:05:00.0"
bad "a link that leads to no host bridge" "the link leads to no pciDDDD:BB" \
	"$bin" --sysfs "$tmp/broken"
rm -rf "$tmp/broken"
cp -a "$here/fixtures/switch" "$tmp/broken"
rm "$tmp/broken/sys/bus/pci/devices/0000:03:00.0"
bad "a bridge missing from the snapshot" "the function above it, 0000:03:00.0, is not listed" \
	"$bin" --sysfs "$tmp/broken"
rm -rf "$tmp/broken"
cp -a "$here/fixtures/xeon-2s" "$tmp/broken"
ln -sfn ../0000:1a:00.7 "$tmp/broken/sys/devices/pci0000:00/0000:00:01.0/0000:17:00.0/0000:18:10.0/0000:1b:00.0/physfn"
bad "a VF whose PF is missing" "0000:1b:00.0/physfn: malformed: 0000:1a:00.7 is not listed" \
	"$bin" --sysfs "$tmp/broken"
rm -rf "$tmp/broken"
cp -a "$here/fixtures/switch" "$tmp/broken"
printf 'vendor_id\t: AuthenticAMD\ncpu family\t: zen\n' >"$tmp/broken/proc/cpuinfo"
bad "a malformed cpuinfo" "proc/cpuinfo: malformed: cpu family \"zen\"" \
	"$bin" --sysfs "$tmp/broken"
rm "$tmp/broken/proc/cpuinfo"
bad "no cpuinfo" "proc/cpuinfo: cannot read (No such file or directory)" \
	"$bin" --sysfs "$tmp/broken"

echo "1..$n"
echo "$((n - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
