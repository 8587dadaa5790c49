# SPDX-License-Identifier: GPL-2.0
#
# DMA-buf mapping types: one engine (drivers/dma-buf, include/linux), two
# hosts.  The engine compiles unchanged into a Linux kernel (kernel/) and
# into the userspace host (tools/testing/dma-buf), where the tests run in
# seconds.  `make help` lists every target.
#
# make test runs, in this order, and sums into one "N passed, M failed"
# (scripts/test-all.sh; CI runs it through .ci/run):
#   make check               the host, -Werror + ASan + UBSan, every suite,
#                            and the suites again without CONFIG_DMABUF_DEBUG
#   make kunit               Linux 7.3 with the series, KUnit under QEMU
#   make p2p-check-guest     tools/p2p-check in those boots, against the
#                            kernel's own P2P answers
#   make selftests           iommufd's kselftests in a guest of that kernel
#   make e2e                 in a guest of that kernel, a device DMAs into
#                            another device's BAR via a VFIO dma-buf
#   make check-tree          checkpatch --strict, kernel-doc, sparse, W=1,
#                            a result per patch and object
#   make check-bisect        the series git am'd patch by patch, each built
#   make check-tsan          the stress test under ThreadSanitizer
#   make fuzz-smoke          each libFuzzer target for 10 s
#
# The engine is compiled unchanged; the host (tools/testing/dma-buf)
# supplies the kernel API it is written against.

HOST    := tools/testing/dma-buf
CC      ?= cc
CFLAGS_COMMON := -std=gnu11 -g -O1 -pthread -fno-strict-aliasing \
	-I$(HOST)/include -I$(HOST) -Iinclude -Isamples/dma-buf \
	-I$(HOST)/scenarios -Idrivers/dma-buf \
	-DCONFIG_DMABUF_DEBUG=1 -DCONFIG_PCI_P2PDMA=1 -DCONFIG_LOCKDEP=1
WARN    := -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wno-sign-compare
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

ENGINE_SRC := drivers/dma-buf/dma-buf-mapping.c \
	drivers/dma-buf/dma-buf-mapping-sgt.c \
	drivers/dma-buf/dma-buf-mapping-pal.c \
	drivers/dma-buf/dma-buf-phys-vec.c
HOST_SRC := $(wildcard $(HOST)/lib/*.c)
# Reference exporters and importers, and the scenario library that puts
# them on a simulated machine for the scenario suites and the demo.
SAMPLES_SRC := $(wildcard samples/dma-buf/*.c)
SCENARIO_SRC := $(wildcard $(HOST)/scenarios/*.c)
# The KUnit suites of mapping types, which run in both hosts (one module
# in the kernel, kernel/patches/0014); then the host-only suites.
MAPPING_KUNIT_SRC := $(addprefix drivers/dma-buf/st-dma-mapping,\
	.c -matcher.c -attach.c -sgt.c -map.c -pal.c -debugfs.c)
SUITE_SRC := $(MAPPING_KUNIT_SRC) \
	$(filter-out $(HOST)/tests/kunit-selftest%.c,$(wildcard $(HOST)/tests/*.c))
SELFTEST_SRC := $(HOST)/tests/kunit-selftest.c

LIB_SRC := $(ENGINE_SRC) $(HOST_SRC) $(SAMPLES_SRC) $(SCENARIO_SRC)

# p2p-check (tools/p2p-check) asks the host's PCI model, the one copy of
# drivers/pci/p2pdma.c's rules, about a machine's sysfs: these files and
# what they need.  Static, so a busybox initramfs can run it.
P2P_CHECK_SRC := tools/p2p-check/p2p-check.c \
	$(addprefix $(HOST)/lib/,pci.c pci-topology.c pci-p2pdma.c device.c \
	warn.c alloc.c dma.c dma-iova.c iommu.c lock.c scatterlist.c)

# $(call objs,DIR,SOURCES)
objs = $(patsubst %.c,$(1)/%.o,$(2))

# Quiet by default, as Kbuild: V=1 shows the commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-7s %s\n'
endif

BUILD := build
CHECK := build/check
# The same suites without CONFIG_DMABUF_DEBUG, as a production kernel runs
# the engine: what the option checks is skipped, what remains is tested.
CHECK_NODEBUG := build/check-nodebug

.PHONY: all help check test kunit check-tree check-kernel-style patches \
	check-patches check-bisect \
	check-renames \
	refresh-series fixtures selftests e2e p2p-check-guest p2p-fixtures \
	clean distclean
all: $(BUILD)/dma-buf-tests $(BUILD)/p2p-check

help:
	@echo 'Targets (the README says more of each):'
	@echo '  all                 build the host test binary, build/dma-buf-tests, and build/p2p-check'
	@echo '  check               host build with -Werror, ASan, UBSan; run every host suite'
	@echo '  test                everything CI runs: check, kunit, p2p-check-guest, selftests, e2e, check-tree, check-renames, check-tsan, fuzz-smoke'
	@echo '  run                 the demo: the reference drivers on a simulated machine'
	@echo '  kunit               build Linux with the series, run the KUnit suites under QEMU'
	@echo '  selftests           the kernel'"'"'s iommufd selftests in a guest of the make kunit kernel'
	@echo '  e2e                 in a guest of that kernel, edu DMAs into an NVMe CMB via a VFIO dma-buf'
	@echo '  p2p-check-guest     p2p-check in each make kunit guest gave the kernel'"'"'s answer for every pair'
	@echo '  p2p-fixtures        tools/p2p-check/fixtures from the snapshots p2p-check took in those guests'
	@echo '  check-tree          checkpatch --strict, kernel-doc -Wall, sparse and W=1: a result per patch and object'
	@echo '  check-kernel-style  the same as check-tree'
	@echo '  patches             regenerate the coccinelle renames, then the series in build/patches'
	@echo '  check-patches       git am the series onto pristine 7.3 patch by patch, build each, compare'
	@echo '  check-bisect        the same as check-patches'
	@echo '  check-renames       the coccinelle renames change nothing more and leave no old name'
	@echo '  refresh-series      fold engine changes into the last patch of kernel/patches that touches each file'
	@echo '  fixtures            kernel/fixtures from the last make kunit: the kernel'"'"'s P2P answers per topology'
	@echo '  check-tsan          the stress test under ThreadSanitizer'
	@echo '  fuzz                each libFuzzer target for FUZZ_SECONDS (60)'
	@echo '  fuzz-smoke          each libFuzzer target for FUZZ_SMOKE_SECONDS (10)'
	@echo '  fuzz-build          build the libFuzzer targets only'
	@echo '  bench               the benchmarks: a table and build/bench/results.json'
	@echo '  bench-stable        instructions per operation under callgrind'
	@echo '  clean               remove build/ except the kernel tree and build'
	@echo '  distclean           remove build/'
	@echo 'Variables: V=1 shows commands; CC, FUZZ_CC choose compilers.'

# As Kbuild: KBUILD_MODNAME is the module's name with - made _, the
# object's own unless it is linked into a module of several objects.
modname = -DKBUILD_MODNAME='"$(subst -,_,$(or $(module),$(basename $(notdir $<))))"'
$(foreach d,$(BUILD) $(CHECK) $(CHECK_NODEBUG),$(call objs,$(d),$(MAPPING_KUNIT_SRC))): \
	module := dmabuf_kunit

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS_COMMON) $(WARN) $(modname) -MMD -MP -c $< -o $@

$(CHECK)/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC+SAN $<
	$(Q)$(CC) $(CFLAGS_COMMON) $(WARN) -Werror $(SAN) $(modname) -MMD -MP -c $< -o $@

$(CHECK_NODEBUG)/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC-NODBG $<
	$(Q)$(CC) $(filter-out -DCONFIG_DMABUF_DEBUG=1,$(CFLAGS_COMMON)) $(WARN) \
		-Werror $(SAN) $(modname) -MMD -MP -c $< -o $@

$(BUILD)/dma-buf-tests: $(call objs,$(BUILD),$(LIB_SRC) $(SUITE_SRC))
	$(say) LD $@
	$(Q)$(CC) -pthread $^ -o $@

$(BUILD)/p2p-check: $(call objs,$(BUILD),$(P2P_CHECK_SRC))
	$(say) LD $@
	$(Q)$(CC) -static -pthread $^ -o $@

$(CHECK)/p2p-check: $(call objs,$(CHECK),$(P2P_CHECK_SRC))
	$(say) LD $@
	$(Q)$(CC) -pthread $(SAN) $^ -o $@

$(CHECK)/dma-buf-tests: $(call objs,$(CHECK),$(LIB_SRC) $(SUITE_SRC))
	$(say) LD $@
	$(Q)$(CC) -pthread $(SAN) $^ -o $@

$(CHECK_NODEBUG)/dma-buf-tests: $(call objs,$(CHECK_NODEBUG),$(LIB_SRC) $(SUITE_SRC))
	$(say) LD $@
	$(Q)$(CC) -pthread $(SAN) $^ -o $@

$(CHECK)/kunit-selftest: $(call objs,$(CHECK),$(LIB_SRC) $(SELFTEST_SRC))
	$(say) LD $@
	$(Q)$(CC) -pthread $(SAN) $^ -o $@

# The same file with its deliberately failing suites, for kunit-selftest.sh.
$(CHECK)/kunit-selftest-fail.o: $(SELFTEST_SRC)
	$(say) CC+SAN $@
	$(Q)$(CC) $(CFLAGS_COMMON) $(WARN) -Werror $(SAN) -DKUNIT_SELFTEST_FAILING \
		-DKBUILD_MODNAME='"kunit_selftest"' -MMD -MP -c $< -o $@

$(CHECK)/kunit-selftest-fail: $(call objs,$(CHECK),$(LIB_SRC)) $(CHECK)/kunit-selftest-fail.o
	$(say) LD $@
	$(Q)$(CC) -pthread $(SAN) $^ -o $@

check: $(CHECK)/dma-buf-tests $(CHECK)/kunit-selftest $(CHECK)/kunit-selftest-fail \
		$(CHECK_NODEBUG)/dma-buf-tests $(CHECK)/p2p-check
	@$(HOST)/run-tests.sh $(CHECK) $(CHECK_NODEBUG)

test:
	@scripts/test-all.sh

kunit:
	@kernel/kunit.sh

check-tree check-kernel-style:
	@kernel/check-style.sh

patches:
	@kernel/make-renames.sh
	@kernel/make-series.sh $(BUILD)/patches

check-renames:
	@kernel/check-renames.sh

check-patches check-bisect:
	@kernel/check-series.sh

refresh-series:
	@kernel/refresh-series.sh

fixtures:
	@kernel/fixtures.sh

selftests:
	@kernel/selftests.sh

e2e:
	@kernel/e2e.sh

# p2p-check in the guests of the last make kunit against the kernel's answers
KERNEL_WORK := $(or $(KUNIT_WORK),$(BUILD)/kernel)
p2p-check-guest:
	@kernel/p2p-check.py $(KERNEL_WORK)/x86_64

# The snapshots those guests captured, as tools/p2p-check/fixtures/NAME
p2p-fixtures:
	@kernel/p2p-check.py --save tools/p2p-check/fixtures $(KERNEL_WORK)/x86_64

# The kernel build (build/kernel) costs minutes: only distclean removes it.
clean:
	rm -rf $(filter-out $(BUILD)/kernel,$(wildcard $(BUILD)/*))

distclean:
	rm -rf $(BUILD)

# Further targets (make run, bench, fuzz, check-tsan) live beside their code.
-include $(wildcard $(HOST)/*/*.mk)

-include $(shell find $(BUILD) -path $(BUILD)/kernel -prune -o -name '*.d' -type f -print 2>/dev/null)
