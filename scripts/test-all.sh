#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Everything the project tests, in order of speed, summed into one closing
# line "N passed, M failed":
#
#  1. make check               the userspace host (every case counts)
#  2. make kunit               Linux 7.3 under QEMU, a boot per topology
#                              (every KUnit result counts; a splat or a
#                              failed build is a failure)
#     make p2p-check-guest    p2p-check in each of those boots gave the
#                              kernel's answer for every pair (a result
#                              per topology)
#  3. make selftests           the iommufd kselftests in a guest of that
#                              kernel (every TAP result; a splat fails)
#  4. make e2e                 edu DMAs into an NVMe's BAR via a VFIO
#                              dma-buf in iommufd, in a guest of that kernel
#                              (every TAP result; a splat fails)
#  5. make check-tree          checkpatch, kernel-doc, sparse, W=1 (a result
#                              per patch, added file and object)
#  6. make check-tsan          the stress test under ThreadSanitizer (one
#                              result per exporter; a TSan report fails)
#  7. make fuzz-smoke          each libFuzzer target briefly (one result per
#                              target; a finding fails)
#
# Exits non-zero when anything failed.
set -u
cd "$(dirname "$0")/.."
. tools/testing/dma-buf/tally.sh
log=$(mktemp)
trap 'rm -f "$log" "$log.rc"' EXIT

# Runs "$@", showing its output and keeping it in $log; its exit status
# (not tee's) is the function's.
run_logged() {
	{ "$@" 2>&1; echo "$?" >"$log.rc"; } | tee "$log"
	return "$(cat "$log.rc")"
}

run_logged make check
tally_summary "make check" $? "$log"

run_logged make kunit
tally_kunit "make kunit" $? "$log"

run_logged make p2p-check-guest
tally_summary "make p2p-check-guest" $? "$log"

run_logged make selftests
tally_summary "make selftests" $? "$log"

run_logged make e2e
tally_summary "make e2e" $? "$log"

run_logged make check-tree
tally_summary "make check-tree" $? "$log"

run_logged make check-renames
tally_summary "make check-renames" $? "$log"

run_logged make check-tsan
tally_summary "make check-tsan" $? "$log"

run_logged make fuzz-smoke
tally_summary "make fuzz-smoke" $? "$log"

tally_end
