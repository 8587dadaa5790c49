#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs each libFuzzer target for a bounded time from its seed corpus and
# prints, per target, the executions it made; ends with "N passed, M
# failed" (a target passes when it ran to its time without a finding).
#
#   fuzz/run.sh BUILD_DIR SECONDS TARGET...
#
# The kernel log the host prints (WARN splats the targets provoke on
# purpose) goes to stdout, which the targets close (-close_fd_mask=1);
# libFuzzer reports on stderr, kept in BUILD_DIR/<target>.log.
set -u
dir=${1:?usage: run.sh BUILD_DIR SECONDS TARGET...}
secs=${2:?usage: run.sh BUILD_DIR SECONDS TARGET...}
shift 2
here=$(dirname "$0")
. "$here/../tally.sh"

for t in "$@"; do
	work=$dir/corpus/$t
	seeds=$here/corpus/$t
	log=$dir/$t.log
	mkdir -p "$work" "$seeds"
	"$dir/$t" -max_total_time="$secs" -close_fd_mask=1 \
		-print_final_stats=1 -artifact_prefix="$dir/$t-" \
		-timeout=10 -rss_limit_mb=2048 "$work" "$seeds" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -E '^#[0-9]+.*cov:' "$log" | tail -n 1 |
		sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	if [ "$rc" -eq 0 ] && [ -n "$runs" ]; then
		echo "ok $t: ${runs} executions in ${secs} s, coverage ${cov:-?}"
	else
		echo "not ok $t: exit $rc after ${runs:-?} executions"
		grep -E 'fuzz:|ERROR|SUMMARY|BUG|Test unit written' "$log" |
			head -n 20 | sed 's/^/#   /'
		[ "$rc" -ne 0 ] || rc=1
	fi
	tally_one "$t" "$rc"
done
tally_end
