#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Folds the engine into the series: for every engine file (the project's
# files at kernel paths, kernel/series-files.sh --engine) whose content at
# the end of the series differs from the project's, the last patch that
# touches the file takes the difference.  Earlier patches keep their
# intermediate versions, so every patch still stands on its own.
#
#   kernel/refresh-series.sh           what `make refresh-series` runs
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
g() { git -C "$repo" -c user.name=series -c user.email=series@localhost "$@"; }

"$top/kernel/series-git.sh" "$repo"
changed=0
for f in $("$top/kernel/series-files.sh" --engine); do
	cmp -s "$top/$f" "$repo/$f" && continue
	owner=$(g log -1 --format=%H base..HEAD -- "$f")
	cp "$top/$f" "$repo/$f"
	g commit -q --fixup="$owner" -- "$f"
	echo "refresh-series: $f goes into $(g log -1 --format=%s "$owner")"
	changed=1
done
if [ "$changed" -eq 0 ]; then
	echo "refresh-series: the series already ends with the project's engine"
	exit 0
fi
GIT_SEQUENCE_EDITOR=: g rebase -q -i --autosquash base
"$top/kernel/series-export.sh" "$repo"
