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
trap 'rm -f "$log"' EXIT

# 1. The host: its own closing line.
make check 2>&1 | tee "$log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
if [ -n "$line" ]; then
	passed=$((passed + ${line%% passed*}))
	f=${line#*passed, }
	failed=$((failed + ${f%% failed*}))
else
	echo "# make check ended before its summary"
	failed=$((failed + 1))
fi

# 2. The kernel: kunit.py's summary, plus the splat check.
make kunit 2>&1 | tee "$log"
rc=$?
sum=$(grep -E 'Testing complete\. Ran [0-9]+ tests' "$log" | tail -n 1)
if [ -n "$sum" ]; then
	p=$(echo "$sum" | sed -n 's/.*passed: \([0-9]*\).*/\1/p')
	f=$(echo "$sum" | sed -n 's/.*failed: \([0-9]*\).*/\1/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		echo "# make kunit failed (splats or crashes): counted as 1 failure"
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
closing_line() {
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -n "$line" ]; then
		passed=$((passed + ${line%% passed*}))
		f=${line#*passed, }
		failed=$((failed + ${f%% failed*}))
	else
		echo "# make $1 ended before its summary"
		failed=$((failed + 1))
	fi
}

make check-tsan 2>&1 | tee "$log"
closing_line check-tsan

make fuzz-smoke 2>&1 | tee "$log"
closing_line fuzz-smoke

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
