# SPDX-License-Identifier: GPL-2.0
#
# debian_mirror: prints the machine's Debian mirror, the first URI of a
# sources entry that serves a Debian suite, in either format apt reads.
# Sourced by the scripts that fetch from suites this machine does not use.

debian_mirror() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n 's|^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([a-z]\+://[^[:space:]]*debian\)/\?[[:space:]].*|\2|p' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		sed -n 's|^URIs:[[:space:]]*\([a-z]\+://[^[:space:]]*/debian\)/\?\([[:space:]].*\)\?$|\1|p' "$f"
	done | head -n 1
}
