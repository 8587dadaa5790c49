#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Everything the project tests, in order of speed, summed into one closing
# line "N passed, M failed":
#
#  1. make check               the userspace host (every case counts)
#  2. make kunit               Linux 6.12 under QEMU (every KUnit result
#                              counts; a splat or a failed build is a failure)
#  3. make check-kernel-style  checkpatch, kernel-doc, sparse, W=1 (one check)
#  4. make check-tsan          the stress test under ThreadSanitizer (one
#                              result per exporter; a TSan report fails)
#  5. make fuzz-smoke          each libFuzzer target briefly (one result per
#                              target; a finding fails)
#
# Exits non-zero when anything failed.
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log" "$log.rc"' EXIT

# Runs "$@", showing its output and keeping it in $log; its exit status
# (not tee's) is the function's.
run_logged() {
	{ "$@" 2>&1; echo "$?" >"$log.rc"; } | tee "$log"
	return "$(cat "$log.rc")"
}

# Adds a step's "N passed, M failed" closing line to the sums.  A step that
# exits non-zero without counting a failure, or prints no such line, counts
# as one failure.
count_closing_line() {
	name=$1
	rc=$2
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "# $name ended before its summary (exit $rc)"
		failed=$((failed + 1))
		return
	fi
	f=${line#*passed, }
	f=${f%% failed*}
	passed=$((passed + ${line%% passed*}))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "# $name exited $rc with no failure counted: one failure"
		failed=$((failed + 1))
	fi
}

# 1. The host.
run_logged make check
count_closing_line "make check" $?

# 2. The kernel: kunit.py's summary ("Ran N tests: passed: P, failed: F,
# crashed: C, ..."), plus one failure for a splat or anything else that
# made the run fail without failing a test.
run_logged make kunit
rc=$?
sum=$(grep -E 'Testing complete\. Ran [0-9]+ tests' "$log" | tail -n 1)
if [ -n "$sum" ]; then
	p=$(echo "$sum" | sed -n 's/.*passed: \([0-9]*\).*/\1/p')
	bad=0
	for k in failed crashed errors timed_out; do
		n=$(echo "$sum" | sed -n "s/.*$k: \([0-9]*\).*/\1/p")
		bad=$((bad + ${n:-0}))
	done
	passed=$((passed + ${p:-0}))
	failed=$((failed + bad))
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "# make kunit failed (exit $rc) with no failed test: one failure"
		failed=$((failed + 1))
	fi
else
	echo "# make kunit ran no tests (exit $rc)"
	failed=$((failed + 1))
fi

# 3. Kernel hygiene: one check.
if make check-kernel-style; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi

# 4 and 5: each ends with its own "N passed, M failed".
run_logged make check-tsan
count_closing_line "make check-tsan" $?
run_logged make fuzz-smoke
count_closing_line "make fuzz-smoke" $?

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
