#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Writes the kernel-side changes as a git format-patch series with a cover
# letter, ready for git am on a Linux 6.12 tree.
#
#   kernel/make-series.sh [OUTDIR]      (default build/patches)
#
# The series is built in a scratch git repository that holds the pristine
# 6.12 version of each file the patches touch: for each line of
# kernel/series, git am the patch, then add the project files it brings.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/patches}
tarball=/usr/src/linux-source-6.12.tar.xz
pristine=${KUNIT_WORK:-$top/build/kernel}/linux-6.12

repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
# The cover letter is signed by whoever runs this; the patches keep theirs.
name=$(git -C "$top" config user.name || echo "dma-buf mapping types")
email=$(git -C "$top" config user.email || echo "nobody@localhost")
g() { git -C "$repo" -c user.name="$name" -c user.email="$email" "$@"; }
g init -q

# The files the patches change, pristine.
files=$(sed -n 's|^+++ b/||p' "$top"/kernel/patches/*.patch | sort -u)
if [ -f "$pristine/.unpacked" ]; then
	for f in $files; do
		mkdir -p "$repo/$(dirname "$f")"
		cp "$pristine/$f" "$repo/$f"
	done
else
	"$top/scripts/install-deps.sh" kernel
	# shellcheck disable=SC2086
	tar -C "$repo" -xf "$tarball" --strip-components=1 \
		$(printf 'linux-source-6.12/%s ' $files)
fi
g add -A
g commit -q -m "Linux 6.12 (only the files the series touches)"
base=$(g rev-parse HEAD)

grep -v '^#' "$top/kernel/series" | while read -r patch adds; do
	[ -n "$patch" ] || continue
	g am -q --committer-date-is-author-date \
		"$top/kernel/patches/$patch"
	if [ -n "$adds" ]; then
		for f in $adds; do
			mkdir -p "$repo/$(dirname "$f")"
			cp "$top/$f" "$repo/$f"
		done
		# shellcheck disable=SC2086
		g add $adds
		g commit -q --amend --no-edit
	fi
done

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)	# git -C runs elsewhere
g format-patch -q --cover-letter -o "$out" "$base..HEAD"

# Fill the cover letter: subject and blurb from kernel/cover-letter.txt.
cover=$(ls "$out"/0000-cover-letter.patch)
subject=$(head -n 1 "$top/kernel/cover-letter.txt")
tail -n +3 "$top/kernel/cover-letter.txt" >"$repo/blurb"
awk -v subject="$subject" -v blurb="$repo/blurb" '
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
	/\*\*\* BLURB HERE \*\*\*/ {
		while ((getline line < blurb) > 0)
			print line
		next
	}
	{ print }' "$cover" >"$cover.new"
mv "$cover.new" "$cover"
ls "$out"
