#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Shows that the series applies with git am to a pristine Linux 7.3 tree,
# one patch at a time, that every patch builds on its own, and that the
# result is the tree `make kunit` builds.
#
#   kernel/check-series.sh          what `make check-patches` runs
#
# The pristine source is committed to a scratch repository (about a
# minute).  After each git am, the C files the patch touches are compiled
# with W=1 in an allmodconfig build of x86_64 (which enables COMPILE_TEST,
# so the drivers of other architectures build too), and the iommufd
# selftests it touches are built as the static user programs they are;
# an error or a warning fails the check.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
repo=$work/series-check
allmod=$work/allmod

tree=$("$top/kernel/tree.sh")

"$top/kernel/full-git.sh" "$repo"
g() { git -C "$repo" -c user.name=check -c user.email=check@localhost "$@"; }
if [ ! -f "$allmod/.config" ]; then
	mkdir -p "$allmod"
	make -s -C "$repo" O="$allmod" allmodconfig
fi
make -s -C "$repo" O="$allmod" -j"$(nproc)" prepare

log=$(mktemp)
bin=$(mktemp -d)
trap 'rm -rf "$log" "$log.new" "$bin"' EXIT

# The selftests a patch touches build as the user programs they are.
build_selftests() {
	g diff --quiet HEAD~1 HEAD -- tools/testing/selftests/iommu && return
	make -s -C "$repo" O="$allmod" headers &&
		"$top/kernel/iommu-selftests.sh" "$repo" "$allmod" "$bin"
}
failed=0
n=0
for p in $(grep -v '^#' "$top/kernel/series"); do
	n=$((n + 1))
	g am -q "$top/kernel/patches/$p"
	# shellcheck disable=SC2046
	objs=$("$top/kernel/objects.sh" "$repo" \
		$(g diff --name-only --diff-filter=AMR HEAD~1 HEAD -- '*.[ch]'))
	: >"$log"
	# shellcheck disable=SC2086
	if [ -n "$objs" ] &&
	   ! make -s -C "$repo" O="$allmod" -j"$(nproc)" W=1 $objs >"$log" 2>&1 ||
	   ! build_selftests >>"$log" 2>&1 ||
	   ! python3 "$top/kernel/new-warnings.py" "$work/linux-7.3" "$repo" \
		"$log" >"$log.new"; then
		echo "not ok $n $p"
		sed 's/^/#   /' "$log" "$log.new"
		failed=$((failed + 1))
	else
		echo "ok $n $p ($(echo $objs | wc -w) objects)"
	fi
done

# The tree the series gives is the one make kunit builds.
for f in $("$top/kernel/series-files.sh"); do
	if ! cmp -s "$repo/$f" "$tree/$f"; then
		echo "not ok: git am gives another $f than make kunit builds"
		failed=$((failed + 1))
	fi
done
echo "check-series: $n patches, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$repo"
[ "$failed" -eq 0 ]
