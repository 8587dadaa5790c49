#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Writes the kernel-side changes as a git format-patch series with a cover
# letter, ready for git am on a Linux 7.3 tree.
#
#   kernel/make-series.sh [OUTDIR]      (default build/patches)
#
# The patches of kernel/patches are git am'd into a repository of the
# files they touch (kernel/series-git.sh) and written out again, numbered,
# behind a cover letter from kernel/cover-letter.txt.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/patches}
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT

"$top/kernel/series-git.sh" "$repo"
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)	# git -C runs elsewhere
name=$(git -C "$top" config user.name || echo "dma-buf mapping types")
email=$(git -C "$top" config user.email || echo "nobody@localhost")
git -C "$repo" -c user.name="$name" -c user.email="$email" format-patch -q \
	--cover-letter --zero-commit -o "$out" base..HEAD

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
