#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Makes sure build/kernel holds the pristine Linux 7.3 source (unpacked once
# from Debian's linux-source-7.3, scripts/fetch-linux-source.sh) and a tree
# of hard links to it with the series of kernel/series applied.  Only the
# files whose content changed are replaced, so kbuild rebuilds only what a
# change touches.  Prints the tree's path.
#
#   tree=$(kernel/tree.sh)
#
# Fails when the series does not bring the engine files (the project's
# files at kernel paths) to exactly their content in the project: then
# `make refresh-series` folds the engine into the series.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
pristine=$work/linux-7.3
tree=$work/tree

mkdir -p "$work"
# A work directory left by another base (the project ran on 6.12 once)
# holds a tree and builds of that base: start them again.
if [ "$(cat "$work/base" 2>/dev/null)" != linux-7.3 ]; then
	rm -rf "$work/tree" "$work/touched" "$work/x86_64" "$work/allmod" \
		"$work/style" "$work/selftests"
	echo linux-7.3 >"$work/base"
fi
if [ ! -f "$pristine/.unpacked" ]; then
	tarball=$("$top/scripts/fetch-linux-source.sh" 7.3)
	echo "unpacking $tarball" >&2
	rm -rf "$pristine" "$work/linux-source-7.3"
	tar -C "$work" -xf "$tarball"
	mv "$work/linux-source-7.3" "$pristine"
	touch "$pristine/.unpacked"
fi

# Apply the series to a scratch copy, then carry over only what differs;
# files the series touched before and no longer does go back to pristine.
stage=$work/stage
rm -rf "$stage"
cp -al "$pristine" "$stage"
"$top/kernel/apply.sh" "$stage" >&2
"$top/kernel/check-engine.sh" "$stage" >&2
[ -d "$tree" ] || cp -al "$pristine" "$tree"
touched=$work/touched
{
	[ -f "$touched" ] && cat "$touched"
	"$top/kernel/series-files.sh"
} | sed '/^$/d' | sort -u >"$touched.new"
while read -r f; do
	if [ -e "$stage/$f" ]; then
		if ! cmp -s "$stage/$f" "$tree/$f"; then
			mkdir -p "$(dirname "$tree/$f")"
			cp --remove-destination "$stage/$f" "$tree/$f"
		fi
	else
		rm -f "$tree/$f"
	fi
done <"$touched.new"
mv "$touched.new" "$touched"
rm -rf "$stage"
echo "$tree"
