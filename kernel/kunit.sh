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
# rebuilds in seconds.
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
status=0
python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
	--kunitconfig="$top/kernel/x86_64.kunitconfig" \
	--build_dir="$build" --jobs="$(nproc)" --timeout=600 \
	--kernel_args=preempt=full \
	--qemu_args="$(cat "$top/kernel/qemu-p2p.args")" || status=$?

python3 "$top/kernel/check-splats.py" "$build/test.log" || status=1
exit $status
