#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Writes the commits of a series repository (kernel/series-git.sh) back as
# kernel/patches and kernel/series, one patch per commit after the tag
# "base".
#
#   kernel/series-export.sh DIR
set -eu
dir=${1:?usage: series-export.sh DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/kernel/patches

rm -f "$out"/*.patch
git -C "$dir" format-patch -q --zero-commit --no-signature -N \
	-o "$out" base..HEAD
{
	sed -n '/^#/p' "$top/kernel/series"
	(cd "$out" && ls -1 -- *.patch)
} >"$top/kernel/series.new"
mv "$top/kernel/series.new" "$top/kernel/series"
