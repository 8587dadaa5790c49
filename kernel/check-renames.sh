#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The semantic patches of scripts/coccinelle are idempotent and complete on
# the tree `make kunit` builds: each changes nothing there any more, and no
# old name it renames is left (kernel/renames.sh check).  Ends with
# "N passed, M failed".
#
#   kernel/check-renames.sh            what `make check-renames` runs
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/testing/dma-buf/tally.sh"

"$top/scripts/install-deps.sh" kernel
tree=$("$top/kernel/tree.sh")
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
"$top/kernel/renames.sh" check "$tree" >"$log"
rc=$?
cat "$log"
tally_tap "renames" "$rc" "$log"
tally_end
