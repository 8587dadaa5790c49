#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Applies the patches of kernel/series, in order, to a Linux 7.3 tree.
#
#   kernel/apply.sh TREE
#
# patch(1) replaces the files it changes (new inodes), so TREE may be a
# hard-linked copy (cp -al) of a pristine tree without touching the
# original.
set -eu
tree=${1:?usage: apply.sh TREE}
top=$(cd "$(dirname "$0")/.." && pwd)

for p in $(grep -v '^#' "$top/kernel/series"); do
	patch -s -p1 -N --no-backup-if-mismatch -d "$tree" \
		<"$top/kernel/patches/$p"
done
