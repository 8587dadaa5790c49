# SPDX-License-Identifier: GPL-2.0
#
# Sourced by every test runner of the project, so that each one counts and
# prints its closing line "N passed, M failed" the same way.
#
#   tally_summary NAME RC LOG   add LOG's last "N passed, M failed" line
#   tally_tap NAME RC LOG       add LOG's top-level "ok" / "not ok" lines
#   tally_kunit NAME RC LOG     add kunit.py's "Testing complete. Ran N
#                               tests: passed: P, failed: F, crashed: C..."
#   tally_one NAME RC           one result: passed when RC is 0
#   tally_end                   print the closing line; status 0 iff none
#                               failed
#
# A run is never a silent pass: one that prints no result counts as one
# failure, and so does one that exits non-zero without counting a failure
# (a crash, a sanitizer report, a splat).

passed=0
failed=0

# $1 name, $2 exit status, $3 failures counted: one more failure when the
# run failed and counted none.
tally__exit() {
	if [ "$2" -ne 0 ] && [ "$3" -eq 0 ]; then
		echo "# $1: exit $2 with no failure counted: one failure"
		failed=$((failed + 1))
	fi
}

tally_summary() {
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$3" | tail -n 1)
	if [ -z "$line" ]; then
		echo "# $1: ended before its summary (exit $2): one failure"
		failed=$((failed + 1))
		return
	fi
	f=${line#*passed, }
	f=${f%% failed*}
	passed=$((passed + ${line%% passed*}))
	failed=$((failed + f))
	tally__exit "$1" "$2" "$f"
}

tally_tap() {
	p=$(grep -c '^ok ' "$3" || true)
	f=$(grep -c '^not ok ' "$3" || true)
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "# $1: no result (exit $2): one failure"
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	tally__exit "$1" "$2" "$f"
}

tally_kunit() {
	if ! grep -q -E 'Testing complete\. Ran [0-9]+ tests' "$3"; then
		echo "# $1: ran no tests (exit $2): one failure"
		failed=$((failed + 1))
		return
	fi
	# One summary per boot (a boot per topology): sum them all.
	p=0
	f=0
	for sum in $(grep -E 'Testing complete\. Ran [0-9]+ tests' "$3" |
		     tr ' ' '_'); do
		n=$(echo "$sum" | sed -n 's/.*passed:_\([0-9]*\).*/\1/p')
		p=$((p + ${n:-0}))
		for k in failed crashed errors timed_out; do
			n=$(echo "$sum" | sed -n "s/.*${k}:_\([0-9]*\).*/\1/p")
			f=$((f + ${n:-0}))
		done
	done
	passed=$((passed + p))
	failed=$((failed + f))
	tally__exit "$1" "$2" "$f"
}

tally_one() {
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
	else
		echo "# $1: failed (exit $2)"
		failed=$((failed + 1))
	fi
}

tally_end() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
