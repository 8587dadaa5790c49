#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Installs the Debian 12 packages the project needs, and nothing when they
# are all there already (so it runs offline on a prepared machine).
#
#   scripts/install-deps.sh [host]   compiler and tools for make / make check
#   scripts/install-deps.sh kernel   also Linux 6.12 source and its build
#                                    tools, for the kernel-side checks
#
# Needs root (or sudo) and Debian's package archive when something is missing.
set -eu

host_pkgs="build-essential make gcc libc6-dev"
# make check-tsan, make fuzz / fuzz-smoke, make bench-stable
robust_pkgs="clang-14 libclang-rt-14-dev valgrind"
kernel_pkgs="linux-source-6.12 flex bison bc libelf-dev libssl-dev python3
	xz-utils perl qemu-system-x86 sparse git"

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
[ -z "$missing" ] && exit 0

echo "installing:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
	--no-install-recommends $missing
