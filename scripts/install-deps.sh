#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Installs the Debian 12 packages the project needs, and nothing when they
# are all there already (so it runs offline on a prepared machine).
#
#   scripts/install-deps.sh [host]   compiler and tools for make / make check
#   scripts/install-deps.sh kernel   also the kernel's build tools and
#                                    Linux 7.3's source (Debian's
#                                    linux-source-7.3, from trixie-backports,
#                                    by scripts/fetch-linux-source.sh), for
#                                    the kernel-side checks
#
# Needs root (or sudo) and Debian's package archive when something is missing.
set -eu

host_pkgs="build-essential make gcc libc6-dev"
# make check-tsan, make fuzz / fuzz-smoke, make bench-stable
robust_pkgs="clang-14 libclang-rt-14-dev valgrind"
kernel_pkgs="flex bison bc libelf-dev libssl-dev python3 xz-utils perl
	qemu-system-x86 sparse git busybox-static cpio libcap-dev coccinelle"

case "${1:-host}" in
host) pkgs=$host_pkgs ;;
kernel) pkgs="$host_pkgs $robust_pkgs $kernel_pkgs" ;;
*) echo "usage: $0 [host|kernel]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
# The kernel source comes from another Debian release's suite: fetched
# into a cache, never installed (scripts/fetch-linux-source.sh).
fetch_source() {
	[ "${1:-host}" != kernel ] ||
		"$(dirname "$0")/fetch-linux-source.sh" 7.3 >/dev/null
}

if [ -z "$missing" ]; then
	fetch_source "${1:-host}"
	exit
fi

echo "installing:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
	--no-install-recommends $missing
fetch_source "${1:-host}"
