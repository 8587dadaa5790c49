#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Makes a git repository of the series, to read or edit its patches as
# commits: the pristine Linux 7.3 version of every file the series touches
# (only those: seconds, not minutes), then one commit per patch, git am'd.
#
#   kernel/series-git.sh DIR
#
# After editing the commits (git rebase -i, commit --fixup, ...),
# kernel/series-export.sh DIR writes them back to kernel/patches.
set -eu
dir=${1:?usage: series-git.sh DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
pristine=$work/linux-7.3

[ -f "$pristine/.unpacked" ] || "$top/kernel/tree.sh" >/dev/null 2>&1 ||
	[ -f "$pristine/.unpacked" ]
rm -rf "$dir"
mkdir -p "$dir"
g() { git -C "$dir" -c user.name=series -c user.email=series@localhost "$@"; }
g init -q
for f in $("$top/kernel/series-files.sh"); do
	if [ -f "$pristine/$f" ]; then
		mkdir -p "$dir/$(dirname "$f")"
		cp "$pristine/$f" "$dir/$f"
	fi
done
g add -A
g commit -q -m "Linux 7.3 (only the files the series touches)"
g tag base
for p in $(grep -v '^#' "$top/kernel/series"); do
	g am -q --committer-date-is-author-date "$top/kernel/patches/$p"
done
