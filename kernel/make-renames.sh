#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Writes the tree-wide rename patches, the last of the series, anew: the
# hand-written patches of kernel/series are git am'd onto the whole
# pristine tree, kernel/renames.sh generate runs each semantic patch of
# scripts/coccinelle on the result, one commit each, and those commits
# replace the previous rename patches in kernel/patches and kernel/series.
# On a newer base, this is what brings the renames up to date.
#
#   kernel/make-renames.sh              what `make patches` runs first
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
repo=$work/renames
patches=$top/kernel/patches
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$top/scripts/install-deps.sh" kernel
is_rename() {
	grep -q '^Subject: \[PATCH\] treewide: Rename dma_buf_' "$1"
}

"$top/kernel/full-git.sh" "$repo"
hand=""
for p in $(grep -v '^#' "$top/kernel/series"); do
	if is_rename "$patches/$p"; then
		continue
	fi
	hand="$hand $p"
	git -C "$repo" -c user.name=series -c user.email=series@localhost \
		am -q "$patches/$p"
done
"$top/kernel/renames.sh" generate "$repo" "$out"

for p in $(grep -v '^#' "$top/kernel/series"); do
	if is_rename "$patches/$p"; then
		rm -f "$patches/$p"
	fi
done
n=$(echo $hand | wc -w)
new=""
for f in "$out"/*.patch; do
	n=$((n + 1))
	name=$(printf '%04d-%s' "$n" "$(basename "$f" | cut -d- -f2-)")
	mv "$f" "$patches/$name"
	new="$new $name"
done
{
	sed -n '/^#/p' "$top/kernel/series"
	for p in $hand $new; do
		echo "$p"
	done
} >"$top/kernel/series.new"
mv "$top/kernel/series.new" "$top/kernel/series"
rm -rf "$repo"
echo "make-renames: $(echo $new | wc -w) rename patches after $(echo $hand | wc -w) written by hand"
