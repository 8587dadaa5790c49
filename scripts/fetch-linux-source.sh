#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Gets Debian's linux-source-SERIES package from a suite this machine does
# not use (today linux-source-7.3 from trixie-backports) without installing
# anything meant for another release: a private apt source list with the
# machine's own Debian mirror, apt-get download, dpkg-deb -x into a cache.
#
#   scripts/fetch-linux-source.sh [SERIES [SUITE]]   (default 7.3 trixie-backports)
#
# Prints the path of the source tarball.  A suite keeps only its newest
# upload, so any SERIES.x is accepted; the version used is reported.  When
# the cache already holds a tarball, nothing is fetched (so a machine
# without network that fetched once still works).
set -eu
series=${1:-7.3}
suite=${2:-trixie-backports}
pkg=linux-source-$series
cache=${LINUX_SOURCE_CACHE:-/var/cache/dma-buf-mapping}/$pkg
tarball=$cache/usr/src/$pkg.tar.xz

if [ -f "$tarball" ] && [ -f "$cache/version" ]; then
	echo "$pkg $(cat "$cache/version") (cached in $cache)" >&2
	echo "$tarball"
	exit 0
fi

. "$(dirname "$0")/debian-mirror.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetch-linux-source: $pkg" >&2
debian_private_apt "$work" deb "$suite"
# shellcheck disable=SC2086
version=$(apt-cache $apt_opts show "$pkg" 2>/dev/null |
	sed -n 's/^Version: //p' | head -n 1)
case "$version" in
"$series".*) ;;
*)
	echo "fetch-linux-source: no $pkg ($series.x) in $suite${version:+ (found $version)}" >&2
	exit 1
	;;
esac
# shellcheck disable=SC2086
(cd "$work" && apt-get -q $apt_opts download "$pkg=$version") >&2
deb=$(ls "$work"/"${pkg}"_*.deb)
rm -rf "$cache"
mkdir -p "$cache"
dpkg-deb -x "$deb" "$cache"
if [ ! -f "$tarball" ]; then
	echo "fetch-linux-source: $deb holds no $tarball" >&2
	exit 1
fi
echo "$version" >"$cache/version"
echo "$pkg $version (from $suite)" >&2
echo "$tarball"
