#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Lists the files the series changes or adds, one a line.
#
#   kernel/series-files.sh [--engine]
#
# With --engine, only those the project keeps at the same path (the engine,
# its KUnit suites): the series must bring them to their project content.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

for p in $(grep -v '^#' "$top/kernel/series"); do
	sed -n 's|^+++ b/||p' "$top/kernel/patches/$p"
done | sort -u | while read -r f; do
	if [ "${1:-}" != --engine ] || [ -f "$top/$f" ]; then
		echo "$f"
	fi
done
