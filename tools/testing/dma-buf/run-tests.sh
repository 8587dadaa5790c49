#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs every host test binary in $1 and sums their results into one closing
# line, "N passed, M failed".  Exits non-zero if anything failed, if a binary
# crashed or exited non-zero, or if a binary printed no closing line at all
# (a run that tested nothing is not a pass).
set -u
dir=${1:?usage: run-tests.sh BUILD_DIR}
here=$(dirname "$0")
passed=0
failed=0
status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# $1: label, rest: the command; its output must end "N passed, M failed".
run() {
	label=$1
	shift
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$last" ]; then
		echo "# $label: no result line (exit $rc)"
		failed=$((failed + 1))
		status=1
		return
	fi
	p=${last%% passed*}
	f=${last#*passed, }
	f=${f%% failed*}
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
		echo "# $label: exit $rc, $f failed"
		status=1
	fi
}

# $1: label, rest: a TAP-producing command; its ok / not ok lines count.
run_tap() {
	label=$1
	shift
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ] || [ "$p" -eq 0 ]; then
		echo "# $label: exit $rc, $f failed, $p passed"
		status=1
	fi
}

run "dma-buf-tests" "$dir/dma-buf-tests"
run "kunit-selftest" "$dir/kunit-selftest"
run_tap "kunit-selftest.sh" sh "$here/tests/kunit-selftest.sh" \
	"$dir/kunit-selftest-fail"

echo "$passed passed, $failed failed"
exit $status
