#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that the userspace KUnit layer reports failures: runs the binary
# built from kunit-selftest.c with -DKUNIT_SELFTEST_FAILING (path in $1),
# whose suites fail on purpose, and checks each failure is reported on the
# right case, in the right words, with the right totals and exit status.
# A runner that reported everything as passing would pass the normal
# selftest; this is what catches it.
#
# Prints TAP; exits non-zero on any mismatch.

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 path/to/kunit-selftest-fail" >&2
	exit 2
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$1" >"$out" 2>&1
status=$?

n=0
failures=0

check() {
	local desc=$1

	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n $desc"
	else
		echo "not ok $n $desc"
		failures=$((failures + 1))
	fi
}

# The output of one case, from after the previous result line up to and
# including its own result line.  block CASE prints a case (all its
# parameters included); block CASE PARAM prints one parameter run.
block() {
	awk -v want_case="$1" -v want_param="$2" '
	/^        # Subtest: / {
		sub_case = $0
		sub(/^        # Subtest: /, "", sub_case)
	}
	{ pbuf = pbuf $0 "\n"; cbuf = cbuf $0 "\n" }
	/^        (not )?ok [0-9]+ / {
		desc = $0
		sub(/^        (not )?ok [0-9]+ /, "", desc)
		sub(/ # SKIP.*/, "", desc)
		if (want_param != "" && sub_case == want_case &&
		    desc == want_param)
			printf "%s", pbuf
		pbuf = ""
		next
	}
	/^    (not )?ok [0-9]+ / {
		name = $0
		sub(/^    (not )?ok [0-9]+ /, "", name)
		sub(/ # SKIP.*/, "", name)
		if (want_param == "" && name == want_case)
			printf "%s", cbuf
		pbuf = ""
		cbuf = ""
		sub_case = ""
	}
	' "$out"
}

# has CASE [PARAM] REGEX: the block matches the extended regex.
has() {
	if [ $# -eq 3 ]; then
		block "$1" "$2" | grep -Eq -- "$3"
	else
		block "$1" "" | grep -Eq -- "$2"
	fi
}

not() {
	! "$@"
}

lacks_subtest() {
	! grep -qx "    # Subtest: $1" "$out"
}

# lacks CASE REGEX: the case block does not match.
lacks() {
	! block "$1" "" | grep -Eq -- "$2"
}

# in_order CASE REGEX...: the regexes match lines of the block in order.
in_order() {
	local case=$1 line=0 found

	shift
	for re in "$@"; do
		found=$(block "$case" "" | awk -v from="$line" -v re="$re" \
			'NR > from && $0 ~ re { print NR; exit }')
		[ -n "$found" ] || return 1
		line=$found
	done
}

line_is() {
	[ "$(sed -n "$1p" "$out")" = "$2" ]
}

kinds="eq ne lt le gt ge true false null not_null not_err_or_null err_ptr
       ptr_eq ptr_ne streq strneq memeq memneq fail"

check "exit status is non-zero" [ "$status" -ne 0 ]
check "the binary did not crash (status < 128)" [ "$status" -lt 128 ]
check "no sanitizer report" \
	not grep -Eq 'Sanitizer|runtime error:' "$out"
check "KTAP header" line_is 1 "KTAP version 1"
check "plan for 3 suites" line_is 2 "1..3"

i=0
for kind in $kinds; do
	i=$((i + 1))
	check "EXPECT $kind fails its parameter" \
		has expect_kinds "$kind" "^        not ok $i $kind\$"
	check "EXPECT $kind reports an EXPECTATION failure" \
		has expect_kinds "$kind" "^    # expect_kinds: EXPECTATION FAILED at .*kunit-selftest.c:[0-9]+\$"
	check "ASSERT $kind fails its parameter" \
		has assert_kinds "$kind" "^        not ok $i $kind\$"
	check "ASSERT $kind reports an ASSERTION failure" \
		has assert_kinds "$kind" "^    # assert_kinds: ASSERTION FAILED at .*kunit-selftest.c:[0-9]+\$"
	check "ASSERT $kind stops the case" \
		not has assert_kinds "$kind" "not reached after"
	check "ASSERT $kind still runs the exit hook" \
		has assert_kinds "$kind" "^    # assert_kinds: exit hook ran\$"
done
check "parameterised case with failures is not ok" \
	has expect_kinds "^    not ok 1 expect_kinds\$"
check "per-case stats line" \
	has expect_kinds "^    # expect_kinds: pass:0 fail:19 skip:0 total:19\$"

check "integer failure shows both values" \
	in_order expect_kinds '^    Expected one == two, but$' \
		'^        one == 1 \(0x1\)$' '^        two == 2 \(0x2\)$'
check "literal operand is not repeated" \
	in_order expect_kinds '^    Expected one != 1, but$' \
		'^        one == 1 \(0x1\)$' '^    # expect_kinds: exit hook ran$'
check "unary failure wording" \
	has expect_kinds true '^    Expected one == two to be true, but is false$'
check "pointer failure prints %px style" \
	has expect_kinds ptr_eq '^        &one == [0-9a-f]{16}$'
check "error pointer wording" \
	has expect_kinds err_ptr '^    Expected err is not error, but is: -22$'
check "string failure wording" \
	has expect_kinds streq '^        kind->name == "streq"$'
check "memory failure marks differing bytes" \
	has expect_kinds memeq '^         01 <02> 03  04 $'
check "KUNIT_FAIL message" \
	has expect_kinds fail '^failing on purpose: fail$'

check "assert_stops is not ok" has assert_stops '^    not ok 3 assert_stops$'
check "assert_stops prints its _MSG text" has assert_stops '^arithmetic is hard$'
check "assert_stops does not run past the ASSERT" \
	lacks assert_stops 'not reached after the assertion'
check "after an ASSERT, exit hook then deferred action run" \
	in_order assert_stops 'ASSERTION FAILED' \
		'^    # assert_stops: exit hook ran$' \
		'^    # assert_stops: deferred action ran$'

check "a NULL action fails the case" \
	has null_action '^    not ok 4 null_action$'
check "a NULL action is an assertion, worded as 6.12 words it" \
	in_order null_action '^    # null_action: ASSERTION FAILED at .*kunit.c:[0-9]+$' \
		'^    Expected action != ((void \*)0|NULL), but$' \
		'^Tried to action a NULL function!$'
check "a NULL action stops the case" \
	lacks null_action 'not reached after a NULL action'

check "a leaked kmalloc fails the case" \
	has leaks_kmalloc '^    not ok 5 leaks_kmalloc$'
check "the leaked object is listed" \
	has leaks_kmalloc '^    # leaks_kmalloc: .*24 bytes.*kunit-selftest.c:[0-9]+'
check "the leak count is given" \
	has leaks_kmalloc '^    # leaks_kmalloc: case leaked 1 object$'

check "an unexpected WARN fails the case" \
	has unexpected_warn '^    not ok 6 unexpected_warn$'
check "the WARN splat is a KTAP diagnostic" \
	has unexpected_warn '^    # WARNING: at .*kunit-selftest.c:[0-9]+ unexpected_warn\(\)'
check "the unexpected WARN is reported" \
	has unexpected_warn '^    # unexpected_warn: 1 unexpected WARN '
check "an expected WARN does not fail the case" \
	has expected_warn '^    ok 7 expected_warn$'
check "a missing expected WARN fails the case" \
	has missing_warn '^    not ok 8 missing_warn$'
check "the missing WARN names the code" \
	has missing_warn '^    Expected WARN_ON\(0\) to WARN 1 time, but it WARNed 0 times$'
check "skip directive" \
	has skipped '^    ok 9 skipped # SKIP skipped in the failing suite$'

check "suite stats line" \
	grep -qx '# kunit_selftest_fail: pass:1 fail:7 skip:1 total:9' "$out"
check "suite totals line" \
	grep -qx '# Totals: pass:1 fail:43 skip:1 total:45' "$out"
check "failing suite is not ok" grep -qx 'not ok 1 kunit_selftest_fail' "$out"
check "suite_init failure is reported as 6.12 does" \
	grep -qx '    # kunit_selftest_init_fail:     # failed to initialize (-22)' "$out"
check "suite with failed suite_init is not ok" \
	grep -qx 'not ok 2 kunit_selftest_init_fail' "$out"
check "suite with failed suite_init runs no case" \
	lacks_subtest kunit_selftest_init_fail
check "case of the leaking suite passes" has passes '^    ok 1 passes$'
check "suite_init leak is listed" \
	grep -Eq '^    # kunit_selftest_suite_leak: .*40 bytes' "$out"
check "suite_init leak is counted" \
	grep -qx '    # kunit_selftest_suite_leak: suite_init left 1 object not freed by suite_exit' "$out"
check "suite_init leak fails the suite" \
	grep -qx 'not ok 3 kunit_selftest_suite_leak' "$out"

nkinds=$(echo $kinds | wc -w)
check "final line counts leaves" \
	[ "$(tail -n 1 "$out")" = "2 passed, $((2 * nkinds + 5)) failed, 1 skipped" ]

echo "1..$n"
if [ "$failures" -ne 0 ]; then
	echo "# $failures of $n checks failed; output of $1 follows" >&2
	sed 's/^/# /' "$out" >&2
	exit 1
fi
exit 0
