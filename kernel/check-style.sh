#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kernel hygiene of the kernel-side changes, on pristine 7.3 with the
# series, without a full kernel build, one TAP result each:
#
#  - scripts/checkpatch.pl --strict on every patch of the series and on
#    every project file the series adds (which MAINTAINERS must cover);
#  - scripts/kernel-doc -none -Wall on those files;
#  - every object the series touches (kernel/objects.sh) builds with W=1
#    and sparse (C=2) in an x86_64 allmodconfig (COMPILE_TEST), without a
#    warning the series brings (kernel/new-warnings.py); one more result
#    for warnings in headers and in files built through another.
#
#   kernel/check-style.sh     what `make check-tree` (alias
#                             check-kernel-style) runs
#
# Ends with "N passed, M failed"; exits non-zero when anything failed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
style=$work/allmod

"$top/scripts/install-deps.sh" kernel
tree=$("$top/kernel/tree.sh")
series=$(mktemp -d)
log=$(mktemp)
"$top/kernel/make-series.sh" "$series" >/dev/null

# The project's own files in the kernel tree: the engine and its suites.
added=$("$top/kernel/series-files.sh" --engine | grep '\.[ch]$')
. "$top/tools/testing/dma-buf/tally.sh"
n=0
tap=$(mktemp)
trap 'rm -rf "$series" "$log" "$tap"' EXIT

# One result: $1 the status (0 passes), $2 what; the log shows under a
# failure.
result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2" | tee -a "$tap"
	else
		echo "not ok $n - $2" | tee -a "$tap"
		sed 's/^/#   /' "$log"
	fi
}

# From here on a failing command is a failed result, not the end.
set +e
cd "$tree"

# checkpatch asks "does MAINTAINERS need updating?" of every patch that
# adds a file; instead of ignoring the question, answer it: every added
# file must have a maintainer in the patched tree.
# checkpatch asks "does MAINTAINERS need updating?" of every patch that
# adds a file; instead of ignoring the question, answer it: every added
# file must have a maintainer in the patched tree.
for f in $added; do
	scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats \
		-f "$f" >"$log" 2>&1 && grep -q '@' "$log"
	result $? "MAINTAINERS covers $f"
done
# The generated renames (kernel/renames.sh) keep the layout of the lines
# they rename: a message or a call that grows past 100 columns, or a line
# that already ended with its open parenthesis, is not theirs to reflow.
for p in "$series"/0*.patch; do
	case "$p" in *0000-cover-letter.patch) continue ;; esac
	ignore=FILE_PATH_CHANGES
	if grep -q '^Subject: \[PATCH [0-9/]*\] treewide: Rename dma_buf_' "$p"; then
		ignore=$ignore,LONG_LINE,OPEN_ENDED_LINE
	fi
	scripts/checkpatch.pl --strict --quiet --ignore "$ignore" "$p" \
		>"$log" 2>&1
	result $? "checkpatch --strict $(basename "$p")"
done
for f in $added; do
	scripts/checkpatch.pl --strict --quiet -f "$f" >"$log" 2>&1
	result $? "checkpatch --strict -f $f"
done

# shellcheck disable=SC2086
scripts/kernel-doc -none -Wall $added >"$log" 2>&1
[ ! -s "$log" ]
result $? "kernel-doc -Wall of the added files"

# allmodconfig: every object the series touches builds, drivers of other
# architectures included (COMPILE_TEST); kernel/check-series.sh shares it.
if [ ! -f "$style/.config" ]; then
	mkdir -p "$style"
	make -s O="$style" allmodconfig
fi
make -s O="$style" -j"$(nproc)" prepare
# shellcheck disable=SC2046
objs=$("$top/kernel/objects.sh" "$tree" $("$top/kernel/series-files.sh"))
# Debian 12's sparse is too old for 7.3, which then skips it with only a
# notice: use the one scripts/build-sparse.sh builds.
sparse=$("$top/scripts/build-sparse.sh")
for o in $objs; do
	rm -f "$style/$o"
done
build=$(mktemp)
new=$(mktemp)
trap 'rm -rf "$series" "$log" "$tap" "$build" "$new"' EXIT
# shellcheck disable=SC2086
make -k O="$style" -j"$(nproc)" C=2 CHECK="$sparse" W=1 $objs \
	>"$build" 2>&1 || true
! grep 'sparse is not available' "$build" >"$log"
result $? "sparse runs"
# Only what the series brings: 7.3 has warnings of its own in some of
# the files the series touches.
python3 "$top/kernel/new-warnings.py" "$work/linux-7.3" "$tree" "$build" \
	>"$new" || true
tail -n 1 "$new"
for o in $objs; do
	src=$tree/${o%.o}.c
	grep -F "$src:" "$new" >"$log"
	[ -f "$style/$o" ] && [ ! -s "$log" ]
	result $? "$o builds, W=1 and sparse"
done
for o in $objs; do
	echo "$tree/${o%.o}.c:"
done >"$build"
grep -E ': (warning|error): ' "$new" | grep -v -F -f "$build" >"$log"
[ ! -s "$log" ]
result $? "no warning from the series in headers or included files"

echo "1..$n"
tally_tap "kernel style" 0 "$tap"
tally_end
