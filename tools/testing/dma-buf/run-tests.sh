#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs every host test binary in $1, and tools/p2p-check/test.sh on its
# p2p-check (from the top of the tree), and sums their results into one closing
# line, "N passed, M failed".  Exits non-zero if anything failed, if a binary
# crashed or exited non-zero, or if a binary printed no result at all (a run
# that tested nothing is not a pass).  NODEBUG_DIR holds the suites built
# without CONFIG_DMABUF_DEBUG.
set -u
dir=${1:?usage: run-tests.sh BUILD_DIR [NODEBUG_DIR]}
nodebug=${2:-}
here=$(dirname "$0")
. "$here/tally.sh"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# $1: how to count, $2: label, rest: the command.
run() {
	count=$1
	label=$2
	shift 2
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	"$count" "$label" "$rc" "$log"
}

run tally_summary dma-buf-tests "$dir/dma-buf-tests"
[ -z "$nodebug" ] ||
	run tally_summary "dma-buf-tests, no CONFIG_DMABUF_DEBUG" "$nodebug/dma-buf-tests"
run tally_summary kunit-selftest "$dir/kunit-selftest"
run tally_tap kunit-selftest.sh sh "$here/tests/kunit-selftest.sh" \
	"$dir/kunit-selftest-fail"
run tally_tap p2p-check sh tools/p2p-check/test.sh "$dir/p2p-check"
tally_end
