#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Builds a Linux 6.12 KUnit kernel with the project's kernel-side changes
# and runs the dma-buf suites in it under QEMU (x86_64, plain TCG).
#
#   kernel/kunit.sh            what `make kunit` runs
#
# Work lives in build/kernel/ (ignored): the pristine source, unpacked once
# from Debian's linux-source-6.12; a tree of hard links to it with our files
# laid over (kernel/apply.sh), refreshed so that only changed files get a
# new mtime and a one-file change rebuilds in seconds; and the build.
#
# Fails unless every case passed and the log shows no splat (WARNING, BUG,
# KASAN, lockdep, ...) other than the ones a case asked for between its
# "EXPECT_WARN begin" and "EXPECT_WARN end" marks.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
pristine=$work/linux-6.12
tree=$work/tree
build=$work/x86_64
tarball=/usr/src/linux-source-6.12.tar.xz

"$top/scripts/install-deps.sh" kernel

mkdir -p "$work"
if [ ! -f "$pristine/.unpacked" ]; then
	echo "unpacking $tarball"
	rm -rf "$pristine" "$work/linux-source-6.12"
	tar -C "$work" -xf "$tarball"
	mv "$work/linux-source-6.12" "$pristine"
	touch "$pristine/.unpacked"
fi

# Lay our changes over a scratch copy, then carry over only what differs.
stage=$work/stage
rm -rf "$stage"
cp -al "$pristine" "$stage"
"$top/kernel/apply.sh" "$stage"
[ -d "$tree" ] || cp -al "$pristine" "$tree"
touched=$work/touched
{
	[ -f "$touched" ] && cat "$touched"
	sed -n 's|^+++ b/||p' "$top"/kernel/patches/*.patch
	grep -v '^#' "$top/kernel/series" | cut -s -d' ' -f2- | tr ' ' '\n'
} | sed '/^$/d' | sort -u >"$touched.new"
while read -r f; do
	if [ -e "$stage/$f" ]; then
		cmp -s "$stage/$f" "$tree/$f" 2>/dev/null ||
			{ mkdir -p "$(dirname "$tree/$f")";
			  cp --remove-destination "$stage/$f" "$tree/$f"; }
	else
		rm -f "$tree/$f"
	fi
done <"$touched.new"
mv "$touched.new" "$touched"
rm -rf "$stage"

cd "$tree"
status=0
python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
	--kunitconfig="$top/kernel/x86_64.kunitconfig" \
	--build_dir="$build" --jobs="$(nproc)" --timeout=600 \
	--kernel_args=preempt=full \
	--qemu_args="$(cat "$top/kernel/qemu-p2p.args")" || status=$?

python3 "$top/kernel/check-splats.py" "$build/test.log" || status=1
exit $status
