#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The tree-wide renames of the SGT calls, the last patches of the series,
# done by the semantic patches of scripts/coccinelle (in the order of its
# file "order"): each renames the calls of one classic name to its SGT
# name and removes the old name's alias; then sed renames the same words
# in comments, messages and documentation.  The old names each rule
# renames are read from the rule itself (its "- name" lines).
#
#   kernel/renames.sh apply DIR COCCI     apply one rule to the files of DIR
#   kernel/renames.sh generate REPO OUT   in the git tree REPO (the series
#                                         without these patches, applied),
#                                         one commit per rule, written as
#                                         patches to OUT
#   kernel/renames.sh check DIR           TAP: each rule changes nothing in
#                                         DIR any more, and no old name is
#                                         left in it
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cocci_dir=$top/scripts/coccinelle

old_names() {
	sed -n 's/^- \(dma_buf_[a-z_]*\)$/\1/p' "$1"
}

# Files of DIR (relative paths, text only) naming any of the old names of
# rule $2, among those matching the grep --include patterns that follow.
# Tracepoints keep their names, which tracefs shows to user space:
# include/trace is left alone.
files_naming() {
	dir=$1
	pat=$(old_names "$2" | paste -sd'|')
	shift 2
	(cd "$dir" && grep -rlIwE "$pat" "$@" . 2>/dev/null | sed 's|^\./||' |
		grep -v '^include/trace/' | sort) || true
}

# The absolute path of rule $1, which must exist.
rule_path() {
	[ -f "$1" ] || { echo "renames: no rule $1" >&2; exit 1; }
	echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}

# The SGT name of the old name $1.
new_name() {
	echo "$1" | sed 's/^dma_buf_/dma_buf_sgt_/'
}

# Runs rule $2 with spatch on the C files of DIR that name its old names;
# the arguments after are spatch's: none gives the diff on stdout.
run_rule() {
	dir=$1
	cocci=$(rule_path "$2")
	shift 2
	files=$(files_naming "$dir" "$cocci" --include='*.[ch]')
	# shellcheck disable=SC2086
	[ -z "$files" ] || (cd "$dir" && spatch --sp-file "$cocci" -D patch \
		--no-includes --include-headers --very-quiet -j "$(nproc)" \
		"$@" $files)
}

apply_rule() {
	dir=$1
	cocci=$(rule_path "$2")
	files=$(files_naming "$dir" "$cocci" --include='*.[ch]')
	# Each file gets an inode of its own first: a tree of hard links to a
	# pristine source must not change the source.
	for f in $files; do
		cp -p "$dir/$f" "$dir/$f.renames" && mv -f "$dir/$f.renames" "$dir/$f"
	done
	run_rule "$dir" "$cocci" --in-place >/dev/null
	for old in $(old_names "$cocci"); do
		new=$(new_name "$old")
		for f in $(files_naming "$dir" "$cocci" --exclude-dir=.git); do
			sed -i -E "s/\\b$old\\b/$new/g" "$dir/$f"
		done
		# shellcheck disable=SC2086
		[ -z "$files" ] || (cd "$dir" &&
			python3 "$top/kernel/realign-calls.py" "$old" "$new" $files)
	done
}

# The commit message of rule $1: what it does, then the rule itself.
message() {
	first=$(old_names "$1" | head -n 1)
	echo "treewide: Rename $first() to $(new_name "$first")()"
	echo
	sed -n 's|^/// \{0,1\}||p' "$1" | fmt -w 72
	echo
	echo "The calls were converted with the semantic patch below; the same"
	echo "words in comments, messages and documentation with sed."
	echo
	sed -n '/^virtual patch$/,$p' "$1"
	echo
	echo "Signed-off-by: Seed 161c7506 maintainers <maintainers@users.noreply.r-seed-161c7506.example>"
}

generate() {
	repo=$1
	out=$2
	g() { git -C "$repo" -c user.name="Seed 161c7506 maintainers" \
		-c user.email=maintainers@users.noreply.r-seed-161c7506.example \
		"$@"; }
	start=$(g rev-parse HEAD)
	# The date of the last patch written by hand: the same input gives
	# the same patches, byte for byte.
	GIT_AUTHOR_DATE=$(g log -1 --format=%aD)
	GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
	for c in $(cat "$cocci_dir/order"); do
		apply_rule "$repo" "$cocci_dir/$c"
		message "$cocci_dir/$c" >"$repo/.git/rename-msg"
		g commit -q -a --cleanup=whitespace -F .git/rename-msg
	done
	mkdir -p "$out"
	g format-patch -q --zero-commit --no-signature -N -o "$out" "$start..HEAD"
}

check() {
	dir=$1
	n=0
	failed=0
	for c in $(cat "$cocci_dir/order"); do
		n=$((n + 1))
		left=$(run_rule "$dir" "$cocci_dir/$c" | grep -c '^+++' || true)
		if [ "$left" -eq 0 ]; then
			echo "ok $n $c changes nothing any more"
		else
			echo "not ok $n $c would still change $left files"
			failed=$((failed + 1))
		fi
		n=$((n + 1))
		left=$(files_naming "$dir" "$cocci_dir/$c" --exclude-dir=.git)
		if [ -z "$left" ]; then
			echo "ok $n no old name of $c is left"
		else
			echo "not ok $n old names of $c left in: $(echo $left)"
			failed=$((failed + 1))
		fi
	done
	echo "1..$n"
	[ "$failed" -eq 0 ]
}

case "${1:-}" in
apply) apply_rule "$2" "$3" ;;
generate) generate "$2" "$3" ;;
check) check "$2" ;;
*) echo "usage: $0 apply DIR COCCI | generate REPO OUT | check DIR" >&2
   exit 2 ;;
esac
