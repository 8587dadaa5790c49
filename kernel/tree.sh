#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Makes sure build/kernel holds the pristine Linux 6.12 source (unpacked
# once from Debian's linux-source-6.12) and a tree of hard links to it with
# the project's kernel-side changes laid over (kernel/apply.sh).  Only the
# files whose content changed are replaced, so kbuild rebuilds only what a
# change touches.  Prints the tree's path.
#
#   tree=$(kernel/tree.sh)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
pristine=$work/linux-6.12
tree=$work/tree
tarball=/usr/src/linux-source-6.12.tar.xz

mkdir -p "$work"
if [ ! -f "$pristine/.unpacked" ]; then
	echo "unpacking $tarball" >&2
	rm -rf "$pristine" "$work/linux-source-6.12"
	tar -C "$work" -xf "$tarball"
	mv "$work/linux-source-6.12" "$pristine"
	touch "$pristine/.unpacked"
fi

# Lay our changes over a scratch copy, then carry over only what differs;
# files we touched before and no longer do go back to pristine.
stage=$work/stage
rm -rf "$stage"
cp -al "$pristine" "$stage"
"$top/kernel/apply.sh" "$stage" >&2
[ -d "$tree" ] || cp -al "$pristine" "$tree"
touched=$work/touched
{
	[ -f "$touched" ] && cat "$touched"
	sed -n 's|^+++ b/||p' "$top"/kernel/patches/*.patch
	grep -v '^#' "$top/kernel/series" | cut -s -d' ' -f2- | tr ' ' '\n'
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
