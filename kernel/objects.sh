#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel objects that build the C files named on the command line, in
# TREE, one a line, sorted: FILE.o, except for a .c file that another .c
# file of its driver #includes (i915's and xe's selftests), which builds
# as part of that file's object, and for a header under include/, the
# dma-buf core files that include it.  User programs under tools/ are not
# kernel objects, and the objects of kernel/not-on-x86_64 cannot build
# here: both are left out, the latter with a line on stderr.
#
#   kernel/objects.sh TREE FILE...
set -eu
tree=${1:?usage: objects.sh TREE FILE...}
shift
for f in "$@"; do
	case "$f" in
	tools/*) continue ;;
	include/*.h)
		# A header builds through the dma-buf core files that include it.
		h=${f#include/}
		grep -l "^#include <$h>" "$tree"/drivers/dma-buf/*.c 2>/dev/null |
			sed "s|^$tree/||" | head -n 2
		continue ;;
	*.c) ;;
	*) continue ;;
	esac
	dir=$(dirname "$f")
	includer=""
	# The includer lives in the file's directory or one above it.
	for d in "$dir" "$(dirname "$dir")"; do
		includer=$(grep -l -E "^#include \"([a-z0-9_/]*/)?$(basename "$f")\"" \
			"$tree/$d"/*.c 2>/dev/null | head -n 1) || true
		[ -z "$includer" ] || break
	done
	if [ -n "$includer" ]; then
		echo "${includer#"$tree"/}"
	else
		echo "$f"
	fi
done | sed 's/\.c$/.o/' | sort -u | while read -r o; do
	why=$(sed -n "s|^$o[[:space:]]\{1,\}||p" "$(dirname "$0")/not-on-x86_64")
	if [ -n "$why" ]; then
		echo "objects: not built on x86_64: $o ($why)" >&2
	else
		echo "$o"
	fi
done
