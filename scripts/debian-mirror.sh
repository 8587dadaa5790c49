# SPDX-License-Identifier: GPL-2.0
#
# For the scripts that fetch from Debian suites this machine does not use,
# without touching its own apt configuration.  Sourced.
#
#   debian_mirror                 prints the machine's Debian mirror: the
#                                 first URI of a sources entry that serves
#                                 a Debian suite, in either format apt reads
#   debian_private_apt WORK KIND SUITE
#                                 a private apt in the directory WORK with
#                                 the one line "KIND <mirror> SUITE main"
#                                 (KIND: deb or deb-src), updated; sets
#                                 $apt_opts for apt-get and apt-cache

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

debian_private_apt() {
	uri=$(debian_mirror)
	if [ -z "$uri" ]; then
		echo "$(basename "$0"): no Debian mirror found in /etc/apt/sources.list*" >&2
		exit 1
	fi
	chmod 755 "$1"	# apt-get drops to the _apt user
	mkdir -p "$1/lists/partial" "$1/archives/partial"
	echo "$2 $uri $3 main" >"$1/sources.list"
	apt_opts="-o Dir::Etc::sourcelist=$1/sources.list
		-o Dir::Etc::sourceparts=-
		-o Dir::State::Lists=$1/lists
		-o Dir::Cache::Archives=$1/archives
		-o APT::Get::List-Cleanup=0"
	echo "$(basename "$0"): $2 $uri $3" >&2
	# shellcheck disable=SC2086
	if ! apt-get -q $apt_opts update >"$1/update.log" 2>&1; then
		cat "$1/update.log" >&2
		echo "$(basename "$0"): apt-get update of $3 failed (network?)" >&2
		exit 1
	fi
}
