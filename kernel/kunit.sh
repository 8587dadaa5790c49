#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Builds a Linux 6.12 KUnit kernel with the project's kernel-side changes
# and runs the dma-buf suites in it under QEMU (x86_64, plain TCG).
#
#   kernel/kunit.sh            what `make kunit` runs
#
# Work lives in build/kernel/ (ignored): the pristine source and the tree
# with our changes (kernel/tree.sh), and the build, so a one-file change
# rebuilds in seconds.  The kernel's whole log is build/kernel/x86_64/raw.log.
#
# Fails unless every case passed and the log shows no splat (WARNING, BUG,
# KASAN, lockdep, ...) other than the ones a case asked for between its
# "EXPECT_WARN begin" and "EXPECT_WARN end" marks.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
build=$work/x86_64

"$top/scripts/install-deps.sh" kernel

tree=$("$top/kernel/tree.sh")
cd "$tree"
kunit="python3 tools/testing/kunit/kunit.py"
$kunit build --arch=x86_64 --kunitconfig="$top/kernel/x86_64.kunitconfig" \
	--build_dir="$build" --jobs="$(nproc)"

# The emulated NVMe controllers probe asynchronously, so their log lines
# can land inside KUnit's KTAP headers and derail kunit.py's parser.  Keep
# the whole log for the splat check, and hand the parser only KTAP: lines
# that are indented or start with a KTAP keyword.
status=0
$kunit exec --arch=x86_64 --build_dir="$build" --timeout=600 \
	--kernel_args=preempt=full --raw_output=all \
	--qemu_args="$(cat "$top/kernel/qemu-p2p.args")" >"$build/raw.log" ||
	status=$?
grep -E '^([[:space:]]|KTAP version|TAP version|1[.][.]|ok |not ok |# )' \
	"$build/raw.log" >"$build/ktap.log" || true
$kunit parse "$build/ktap.log" || status=1
python3 "$top/kernel/check-splats.py" "$build/raw.log" || status=1
exit $status
