#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench-stable: instructions per operation of the negotiation and
# routing figures, counted by valgrind --tool=callgrind, which stay the
# same from run to run however busy the machine is.
#
# Each figure runs N times inside bench_stable_loop() (after one untimed
# run, so first-use paths do not count); callgrind collects only inside
# that function, setup and teardown are left out.
#
#   bench/stable.sh BENCH_BINARY [N]
set -eu
bench=${1:?usage: stable.sh BENCH_BINARY [N]}
n=${2:-2000}
out=$(dirname "$bench")/callgrind
mkdir -p "$out"

if ! command -v valgrind >/dev/null; then
	echo "bench-stable: valgrind is not installed (scripts/install-deps.sh kernel)"
	exit 1
fi

# Instructions (Ir) per operation of one figure.
ir_per_op() {
	f=$out/$1.out
	valgrind --tool=callgrind --callgrind-out-file="$f" \
		--collect-atstart=no --toggle-collect=bench_stable_loop \
		"$bench" --stable "$1" "$n" >/dev/null 2>&1
	total=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$f")
	[ -z "$total" ] && total=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$f")
	echo "$total $n" | awk '{ printf "%.1f", $1 / $2 }'
}

printf 'instructions per operation (callgrind, %s iterations each)\n\n' "$n"
printf '  %-28s %12s\n' figure instructions
for fig in $("$bench" --list); do
	v=$(ir_per_op "$fig")
	eval "ir_$(echo "$fig" | tr - _)=$v"
	printf '  %-28s %12s\n' "$fig" "$v"
done
echo
echo "$ir_route_heap_routed $ir_route_heap_direct $ir_route_noop_routed $ir_route_noop_direct" |
	awk '{ printf "  routing ratio, heap-like exporter: %.4f (%+.0f instructions per map + unmap)\n", $1 / $2, $1 - $2;
	       printf "  routing ratio, no-op exporter:     %.4f (%+.0f instructions per map + unmap)\n", $3 / $4, $3 - $4 }'
echo "  per-function profiles: callgrind_annotate $out/FIGURE.out"
