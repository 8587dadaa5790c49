#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Makes DIR a git repository of the whole pristine Linux 7.3 source (hard
# links to it: git replaces the files it changes, so the source stays
# pristine), committed once, about a minute.  The caller git am's on top.
#
#   kernel/full-git.sh DIR
set -eu
dir=${1:?usage: full-git.sh DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
work=${KUNIT_WORK:-$top/build/kernel}
pristine=$work/linux-7.3

[ -f "$pristine/.unpacked" ] || "$top/kernel/tree.sh" >/dev/null
rm -rf "$dir"
cp -al "$pristine" "$dir"
rm -f "$dir/.unpacked"
g() { git -C "$dir" -c user.name=series -c user.email=series@localhost "$@"; }
g init -q
# Debian's tarball ignores its whole top level in .gitignore: force.
g add -A -f
g commit -q -m "Linux 7.3 (Debian linux-source-7.3)"
