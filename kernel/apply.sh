#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Lays the project's kernel-side changes over a Linux 6.12 tree: for each
# line of kernel/series, apply the patch, then copy the files it adds.
#
#   kernel/apply.sh TREE
#
# Files are replaced, never edited in place, so TREE may be a hard-linked
# copy (cp -al) of a pristine tree without touching the original.
set -eu
tree=${1:?usage: apply.sh TREE}
top=$(cd "$(dirname "$0")/.." && pwd)

grep -v '^#' "$top/kernel/series" | while read -r patch files; do
	[ -n "$patch" ] || continue
	# --backup-if-mismatch off, no .orig files; patch writes new inodes.
	patch -s -p1 -N --no-backup-if-mismatch -d "$tree" \
		<"$top/kernel/patches/$patch"
	for f in $files; do
		mkdir -p "$tree/$(dirname "$f")"
		cp --remove-destination "$top/$f" "$tree/$f"
	done
done
