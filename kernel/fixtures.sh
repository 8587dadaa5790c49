#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Writes kernel/fixtures/NAME.log for every topology of the last `make
# kunit`: a header (kernel, QEMU, date, topology), the QEMU command line,
# the kernel's boot-time P2P and ACS lines, and the P2P suite's KTAP block
# ("topology:" and "fixture:" lines and the P2P warnings).  The host's
# pci-p2pdma-qemu suite checks its PCI model against these.
#
#   kernel/fixtures.sh                  what `make fixtures` runs
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${KUNIT_WORK:-$top/build/kernel}/x86_64
qemu=$(qemu-system-x86_64 --version | head -n 1 | awk '{ print $4 }')

for t in "$top"/kernel/topologies/*.qemu; do
	name=$(basename "$t" .qemu)
	log=$build/$name.log
	if [ ! -f "$log" ] || [ ! -f "$build/$name.cmd" ]; then
		echo "fixtures: no log of $name: run make kunit first" >&2
		exit 1
	fi
	if ! grep -q '# Subtest: dma-buf-mapping-p2p' "$log"; then
		echo "fixtures: $log has no P2P suite" >&2
		exit 1
	fi
	kernel=$(grep -a -m 1 -o 'Linux version [^ ]*' "$log" | cut -d' ' -f3)
	{
		echo "# Linux $kernel, QEMU $qemu, q35, TCG, $(date -u +%Y-%m-%d): $name.qemu (make kunit)"
		echo "# qemu: $(sed "s|$top/||g" "$build/$name.cmd" | head -n 1)"
		sed -n '1,/# Subtest: dma-buf-mapping-p2p/p' "$log" |
			grep -a -E 'Configured ACS|peer-to-peer|P2PDMA|p2pdma|ACS redirect|Speculative Return' |
			sed 's/^/# boot: /' || true
		sed -n '/# Subtest: dma-buf-mapping-p2p/,/^\(not \)\{0,1\}ok [0-9]* dma-buf-mapping-p2p/p' "$log"
	} >"$top/kernel/fixtures/$name.log"
	echo "fixtures: kernel/fixtures/$name.log"
done
