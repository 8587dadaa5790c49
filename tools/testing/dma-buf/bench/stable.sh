#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench-stable: instructions per operation of the negotiation,
# routing and phys-vec figures, counted by valgrind --tool=callgrind, which
# stay the same from run to run however busy the machine is.
#
# Each figure runs N times inside bench_stable_loop() (after one untimed
# run, so first-use paths do not count); callgrind collects only inside
# that function, setup and teardown are left out.  The bench prints
# "operations M", what the count is divided by: N, N x ranges for the
# per-range figures (which run N / 100 times: the DMA models are slow).
#
# Two columns: everything executed (the engine, the host's models, libc),
# and the engine alone, printed again as "engine FIGURE INSTRUCTIONS".
#
# The engine's count is the self cost of the engine's functions, counted
# by function, from the callgrind output itself:
#  - a function counts when callgrind places its definition (the fl= line
#    before its fn=) in drivers/dma-buf/dma-buf-mapping*.c,
#    drivers/dma-buf/dma-buf-phys-vec.c or include/linux/dma-buf-mapping.h;
#  - all of its self cost counts, including the lines callgrind attributes
#    to a header through fi=/fe= (list_add(), sg_next(), IS_ERR(), the
#    argument set-up of an inline wrapper): the compiler emitted them into
#    the engine's function, and a kernel build inlines the same helpers;
#  - what it calls out of line does not count: the host's models (the
#    allocator, locks, the DMA, IOMMU and P2P models, WARN), libc, and the
#    bench's own exporter ops;
#  - lines of include/linux/dma-buf-mapping.h inlined into a function
#    that is not the engine's count too (an engine inline in a caller).
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

# "TOTAL ENGINE" instructions of callgrind output $1, as above.
count() {
	awk '
	function name(kind, s,   id, rest) {
		if (match(s, /^\([0-9]+\)/)) {
			id = substr(s, 2, RLENGTH - 2)
			rest = substr(s, RLENGTH + 1)
			sub(/^ /, "", rest)
			if (rest != "")
				names[kind, id] = rest
			return names[kind, id]
		}
		return s
	}
	function engine(f) {
		return f ~ /(^|\/)drivers\/dma-buf\/dma-buf-(mapping[^\/]*|phys-vec)\.c$/ ||
		       f ~ /(^|\/)include\/linux\/dma-buf-mapping\.h$/
	}
	/^fl=/ { fl = name("fl", substr($0, 4)); cur = fl; next }
	/^(fi|fe)=/ { cur = name("fl", substr($0, 4)); next }
	/^fn=/ { name("fn", substr($0, 4)); in_engine = engine(fl); cur = fl; next }
	/^cfn=/ { name("fn", substr($0, 5)); next }
	/^(cfi|cfl)=/ { name("fl", substr($0, 5)); next }
	/^calls=/ { skip = 1; next }
	/^[-+*0-9]/ {
		if (skip) { skip = 0; next }	# the inclusive cost of a call
		total += $2
		if (in_engine || engine(cur))
			eng += $2
	}
	END { printf "%d %d\n", total, eng }' "$1"
}

# "TOTAL ENGINE" instructions per operation of one figure.
ir_per_op() {
	f=$out/$1.out
	ops=$(valgrind --tool=callgrind --callgrind-out-file="$f" \
		--collect-atstart=no --toggle-collect=bench_stable_loop \
		"$bench" --stable "$1" "$n" 2>/dev/null |
		sed -n 's/^operations //p')
	[ -n "$ops" ] || { echo "bench-stable: $1 did not run" >&2; exit 1; }
	count "$f" | awk -v ops="$ops" '{ printf "%.1f %.1f", $1 / ops, $2 / ops }'
}

printf 'instructions per operation (callgrind, %s iterations each, N / 100 for phys-vec)\n\n' "$n"
printf '  %-32s %12s %12s\n' figure total engine
engine_lines=
for fig in $("$bench" --list); do
	set -- $(ir_per_op "$fig")
	var=$(echo "$fig" | tr - _)
	eval "ir_$var=$1 eng_$var=$2"
	printf '  %-32s %12s %12s\n' "$fig" "$1" "$2"
done
echo
echo "$ir_route_heap_routed $ir_route_heap_direct $ir_route_noop_routed $ir_route_noop_direct" |
	awk '{ printf "  routing ratio, heap-like exporter: %.4f (%+.0f instructions per map + unmap)\n", $1 / $2, $1 - $2;
	       printf "  routing ratio, no-op exporter:     %.4f (%+.0f instructions per map + unmap)\n", $3 / $4, $3 - $4 }'
echo
# The issue's figures, engine only.  route-pair is one map + unmap of a
# static importer through the engine (the no-op exporter's run: the
# engine's path is the heap-like exporter's).
for pair in match-1x1 match-2x2 match-8x8 match-32x32 \
	    attach-detach-1x1 attach-detach-2x2 attach-detach-32x32 \
	    route-pair:route-noop-routed \
	    phys-vec-bus-per-range phys-vec-host-bridge-per-range; do
	name=${pair%%:*}
	fig=${pair#*:}
	eval "v=\$eng_$(echo "$fig" | tr - _)"
	echo "engine $name $v"
done
echo
echo "  per-function profiles: callgrind_annotate --inclusive=no $out/FIGURE.out"
