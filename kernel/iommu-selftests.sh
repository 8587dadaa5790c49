#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Builds the kernel's iommufd selftests (tools/testing/selftests/iommu:
# iommufd and iommufd_fail_nth) of TREE against the uapi headers that
# `make headers` installed in BUILD/usr/include, into OUT, static (Debian's
# libcap-dev has the static library).  Compiler messages go to stderr.
#
#   kernel/iommu-selftests.sh TREE BUILD OUT
set -eu
tree=${1:?usage: iommu-selftests.sh TREE BUILD OUT}
build=${2:?usage: iommu-selftests.sh TREE BUILD OUT}
out=${3:?usage: iommu-selftests.sh TREE BUILD OUT}

for t in iommufd iommufd_fail_nth; do
	gcc -static -D_GNU_SOURCE -Wall -O2 -Wno-unused-function \
		-I"$build/usr/include" -I"$tree/tools/include" \
		-isystem "$tree/tools/testing/selftests" \
		-o "$out/$t" "$tree/tools/testing/selftests/iommu/$t.c" -lcap
done
