# SPDX-License-Identifier: GPL-2.0
#
# DMA-buf mapping types: the engine built and tested in the userspace host.
#
#   make          build the host test binaries into build/
#   make check    build with -Werror, ASan and UBSan into build/check/ and run
#                 every host test; ends with "N passed, N failed"
#   make test     everything: make check, make kunit, make check-kernel-style,
#                 summed into one "N passed, N failed" (what CI runs)
#   make kunit    build Linux 6.12 with the kernel-side changes and run the
#                 KUnit suites in it under QEMU (kernel/kunit.sh)
#   make check-kernel-style   checkpatch, kernel-doc, sparse and W=1
#   make patches  the kernel-side changes as a git format-patch series with
#                 a cover letter, in build/patches
#   make check-patches   git am the series onto a pristine 6.12 repository
#                 and compare with the tree make kunit builds
#   make clean
#
# The engine (drivers/dma-buf, include/linux) is compiled unchanged; the
# host (tools/testing/dma-buf) supplies the kernel API it is written against.

HOST    := tools/testing/dma-buf
CC      ?= cc
CFLAGS_COMMON := -std=gnu11 -g -O1 -pthread -fno-strict-aliasing \
	-I$(HOST)/include -I$(HOST) -Iinclude -Isamples/dma-buf \
	-I$(HOST)/scenarios \
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
# in the kernel, kernel/patches/0004); then the host-only suites.
MAPPING_KUNIT_SRC := $(addprefix drivers/dma-buf/st-dma-mapping,\
	.c -matcher.c -attach.c -sgt.c -map.c -pal.c -debugfs.c)
SUITE_SRC := $(MAPPING_KUNIT_SRC) \
	$(filter-out $(HOST)/tests/kunit-selftest%.c,$(wildcard $(HOST)/tests/*.c))
SELFTEST_SRC := $(HOST)/tests/kunit-selftest.c

LIB_SRC := $(ENGINE_SRC) $(HOST_SRC) $(SAMPLES_SRC) $(SCENARIO_SRC)

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

.PHONY: all check test kunit check-kernel-style patches check-patches \
	clean distclean
all: $(BUILD)/dma-buf-tests

# As Kbuild: KBUILD_MODNAME is the module's name with - made _, the
# object's own unless it is linked into a module of several objects.
modname = -DKBUILD_MODNAME='"$(subst -,_,$(or $(module),$(basename $(notdir $<))))"'
$(foreach d,$(BUILD) $(CHECK),$(call objs,$(d),$(MAPPING_KUNIT_SRC))): \
	module := dmabuf_mapping_kunit

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS_COMMON) $(WARN) $(modname) -MMD -MP -c $< -o $@

$(CHECK)/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC+SAN $<
	$(Q)$(CC) $(CFLAGS_COMMON) $(WARN) -Werror $(SAN) $(modname) -MMD -MP -c $< -o $@

$(BUILD)/dma-buf-tests: $(call objs,$(BUILD),$(LIB_SRC) $(SUITE_SRC))
	$(say) LD $@
	$(Q)$(CC) -pthread $^ -o $@

$(CHECK)/dma-buf-tests: $(call objs,$(CHECK),$(LIB_SRC) $(SUITE_SRC))
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

check: $(CHECK)/dma-buf-tests $(CHECK)/kunit-selftest $(CHECK)/kunit-selftest-fail
	@$(HOST)/run-tests.sh $(CHECK)

test:
	@scripts/test-all.sh

kunit:
	@kernel/kunit.sh

check-kernel-style:
	@kernel/check-style.sh

patches:
	@kernel/make-series.sh $(BUILD)/patches

check-patches:
	@kernel/check-series.sh

# The kernel build (build/kernel) costs minutes: only distclean removes it.
clean:
	rm -rf $(filter-out $(BUILD)/kernel,$(wildcard $(BUILD)/*))

distclean:
	rm -rf $(BUILD)

# Further targets (make run, bench, fuzz, check-tsan) live beside their code.
-include $(wildcard $(HOST)/*/*.mk)

-include $(shell find $(BUILD) -path $(BUILD)/kernel -prune -o -name '*.d' -type f -print 2>/dev/null)
