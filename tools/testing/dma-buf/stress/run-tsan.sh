#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs the stress binary built with ThreadSanitizer and passes on its
# results, with one more failure when TSan reported anything (a race, a
# lock-order inversion) even though every check passed.
set -u
bin=${1:?usage: run-tsan.sh STRESS_BINARY}
. "$(dirname "$0")/../tally.sh"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

TSAN_OPTIONS="${TSAN_OPTIONS:-} second_deadlock_stack=1 history_size=4" \
	"$bin" >"$log" 2>&1
rc=$?
grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$log"
reports=$(grep -c '^WARNING: ThreadSanitizer' "$log")
echo "# ThreadSanitizer: $reports report(s)"
[ "$reports" -eq 0 ] || [ "$rc" -ne 0 ] || rc=66
tally_summary "the stress test" "$rc" "$log"
tally_end
