#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Checks that a tree with the series applied holds the engine files exactly
# as the project does: the engine exists once, in the project, and the
# series is only its history.
#
#   kernel/check-engine.sh TREE
set -eu
tree=${1:?usage: check-engine.sh TREE}
top=$(cd "$(dirname "$0")/.." && pwd)
stale=0

for f in $("$top/kernel/series-files.sh" --engine); do
	if ! cmp -s "$top/$f" "$tree/$f"; then
		echo "check-engine: the series leaves $f different from the project's"
		stale=1
	fi
done
if [ "$stale" -ne 0 ]; then
	echo "check-engine: run 'make refresh-series' to fold the engine into kernel/patches"
	exit 1
fi
