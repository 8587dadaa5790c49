#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kernel hygiene of the kernel-side changes, without a full kernel build:
#
#  - scripts/checkpatch.pl --strict on every patch of the series and on
#    every project file the series adds;
#  - scripts/kernel-doc -none -Wall on those files;
#  - sparse (C=2) and W=1 on every object the series adds or changes,
#    in an x86_64 allmodconfig, which builds them all (COMPILE_TEST).
#
#   kernel/check-style.sh           what `make check-kernel-style` runs
#
# Prints each finding and a count; exits non-zero when there is any.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
style=$work/allmod

"$top/scripts/install-deps.sh" kernel
tree=$("$top/kernel/tree.sh")
series=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$series" "$log"' EXIT
"$top/kernel/make-series.sh" "$series" >/dev/null

# The project's own files in the kernel tree: the engine and its suites.
added=$("$top/kernel/series-files.sh" --engine | grep '\.[ch]$')
findings=0

note() {
	findings=$((findings + 1))
	echo "$*"
}

cd "$tree"

# checkpatch asks "does MAINTAINERS need updating?" of every patch that
# adds a file; instead of ignoring the question, answer it: every added
# file must have a maintainer in the patched tree.
echo "== checkpatch --strict"
for f in $added; do
	scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats \
		-f "$f" 2>/dev/null | grep -q '@' ||
		note "$f: no MAINTAINERS entry covers it"
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
	if ! scripts/checkpatch.pl --strict --quiet --ignore "$ignore" \
		"$p" >"$log" 2>&1; then
		note "$(basename "$p"):"
		cat "$log"
	fi
done
for f in $added; do
	if ! scripts/checkpatch.pl --strict --quiet -f "$f" >"$log" 2>&1; then
		note "$f:"
		cat "$log"
	fi
done

echo "== kernel-doc -none -Wall"
# shellcheck disable=SC2086
scripts/kernel-doc -none -Wall $added >"$log" 2>&1 || true
if [ -s "$log" ]; then
	note "kernel-doc:"
	cat "$log"
fi

echo "== sparse (C=2) and W=1"
# allmodconfig: every object the series touches builds, drivers of other
# architectures included (COMPILE_TEST); kernel/check-series.sh shares it.
if [ ! -f "$style/.config" ]; then
	mkdir -p "$style"
	make -s O="$style" allmodconfig
fi
make -s O="$style" -j"$(nproc)" prepare
# shellcheck disable=SC2046
objs=$("$top/kernel/objects.sh" "$tree" $("$top/kernel/series-files.sh"))
# shellcheck disable=SC2086
# Debian 12's sparse is too old for 7.3, which then skips it with only a
# notice: use the one scripts/build-sparse.sh builds, and fail if the
# kernel still finds it wanting.
sparse=$("$top/scripts/build-sparse.sh")
# shellcheck disable=SC2086
make O="$style" -j"$(nproc)" C=2 CHECK="$sparse" W=1 $objs >"$log" 2>&1 ||
	note "the objects do not build"
# Only what the series brings: 7.3 has warnings of its own in some of
# the files the series touches.
python3 "$top/kernel/new-warnings.py" "$work/linux-7.3" "$tree" "$log" ||
	note "sparse or W=1 findings"
if grep -q 'sparse is not available' "$log"; then
	note "sparse did not run: $(grep -m1 'sparse is not available' "$log")"
fi

echo "check-kernel-style: $findings findings"
[ "$findings" -eq 0 ]
