#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Shows that the series of `make patches` applies with git am to a pristine
# Linux 6.12 tree and gives exactly the tree `make kunit` builds and tests.
#
#   kernel/check-series.sh          what `make check-patches` runs
#
# Commits the pristine source to a scratch repository (about a minute),
# git-ams the series, and compares the result with build/kernel/tree.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
repo=$work/series-check

tree=$("$top/kernel/tree.sh")
"$top/kernel/make-series.sh" "$top/build/patches" >/dev/null

rm -rf "$repo"
cp -al "$work/linux-6.12" "$repo"
rm -f "$repo/.unpacked"
g() { git -C "$repo" -c user.name=check -c user.email=check@localhost "$@"; }
g init -q
# Debian's tarball ignores its whole top level in .gitignore: force.
g add -A -f
g commit -q -m "Linux 6.12 (Debian linux-source-6.12)"
g am -q "$top"/build/patches/000[1-9]*.patch
g log --oneline
if diff -rq --exclude=.git --exclude=.unpacked "$repo" "$tree"; then
	echo "check-series: the series applies with git am and gives the tree make kunit builds"
	rm -rf "$repo"
else
	echo "check-series: the git am result differs from build/kernel/tree"
	exit 1
fi
