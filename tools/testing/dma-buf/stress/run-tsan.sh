#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs the stress binary built with ThreadSanitizer and passes on its
# closing line, with one more failure when TSan reported anything (a race,
# a lock-order inversion) even though every check passed.
set -u
bin=${1:?usage: run-tsan.sh STRESS_BINARY}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

TSAN_OPTIONS="${TSAN_OPTIONS:-} second_deadlock_stack=1 history_size=4" \
	"$bin" >"$log" 2>&1
rc=$?
grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
reports=$(grep -c '^WARNING: ThreadSanitizer' "$log")
if [ -z "$line" ]; then
	echo "# the stress test ended before its summary (exit $rc)"
	echo "0 passed, 1 failed"
	exit 1
fi
p=${line%% passed*}
f=${line#*passed, }
f=${f%% failed*}
if [ "$reports" -ne 0 ] || [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
	echo "# ThreadSanitizer: $reports report(s), exit $rc"
	f=$((f + 1))
	p=$((p > 0 ? p - 1 : 0))
fi
echo "# ThreadSanitizer: $reports report(s)"
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
