#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Linux 7.3 wants a sparse that knows __typeof_unqual__ (its Makefile
# checks, scripts/checker-valid.sh, and skips sparse with a notice
# otherwise); Debian 12's sparse 0.6.4 does not.  This builds the sparse
# of Debian's sid from its source package (sid's binary needs a newer
# libc) into a cache, once, and prints the path of the binary.
#
#   scripts/build-sparse.sh
set -eu
cache=${SPARSE_CACHE:-/var/cache/dma-buf-mapping}/sparse
bin=$cache/sparse

if [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

. "$(dirname "$0")/debian-mirror.sh"
uri=$(debian_mirror)
if [ -z "$uri" ]; then
	echo "build-sparse: no Debian mirror found in /etc/apt/sources.list*" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"	# apt-get drops to the _apt user
mkdir -p "$work/lists/partial"
echo "deb-src $uri sid main" >"$work/sources.list"
apt_opts="-o Dir::Etc::sourcelist=$work/sources.list
	-o Dir::Etc::sourceparts=-
	-o Dir::State::Lists=$work/lists
	-o APT::Get::List-Cleanup=0"
# shellcheck disable=SC2086
if ! apt-get -q $apt_opts update >"$work/update.log" 2>&1; then
	cat "$work/update.log" >&2
	echo "build-sparse: apt-get update of sid's sources failed (network?)" >&2
	exit 1
fi
# shellcheck disable=SC2086
(cd "$work" && apt-get -q $apt_opts source --download-only sparse) >&2
orig=$(ls "$work"/sparse_*.orig.tar.*)
mkdir -p "$work/src"
tar -C "$work/src" --strip-components=1 -xf "$orig"
make -s -C "$work/src" -j"$(nproc)" sparse >&2
mkdir -p "$cache"
cp "$work/src/sparse" "$bin"
echo "build-sparse: $("$bin" --version) in $cache" >&2
echo "$bin"
