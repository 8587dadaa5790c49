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
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
debian_private_apt "$work" deb-src sid
# shellcheck disable=SC2086
(cd "$work" && apt-get -q $apt_opts source --download-only sparse) >&2
orig=$(ls "$work"/sparse_*.orig.tar.*)
mkdir -p "$work/src"
tar -C "$work/src" --strip-components=1 -xf "$orig"
make -s -C "$work/src" -j"$(nproc)" sparse >&2
mkdir -p "$cache"
cp "$work/src/sparse" "$bin"
# 0.6.5~rc1 still calls itself 0.6.4: name the package's version.
echo "build-sparse: sparse $(basename "$orig" | sed 's/^sparse_\(.*\)\.orig.*/\1/') from sid in $cache" >&2
echo "$bin"
