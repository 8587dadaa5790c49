# SPDX-License-Identifier: GPL-2.0
#
# make fuzz         every libFuzzer target of fuzz/ (beside this file) for FUZZ_SECONDS each
#                   (default 60), from the seed corpora in fuzz/corpus/ here
# make fuzz-smoke   the same for FUZZ_SMOKE_SECONDS each (default 10), for
#                   CI; ends with "N passed, M failed"
# make fuzz-build   just the targets, in build/fuzz/
#
# clang-14 with -fsanitize=fuzzer,address,undefined: the engine and the
# host's models (without the KUnit layer) are instrumented for coverage.
# Each run grows a working corpus in build/fuzz/corpus/<target>; the seeds
# in the repository stay as committed.  A crash leaves its input in
# build/fuzz/crash-* and fails the run.

FUZZ_CC ?= clang-14
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_TARGETS := $(patsubst $(HOST)/fuzz/%.c,%,$(wildcard $(HOST)/fuzz/fuzz-*.c))
FUZZ_LIB_SRC := $(ENGINE_SRC) $(filter-out $(HOST)/lib/kunit%.c,$(HOST_SRC))
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
FUZZ_CFLAGS := $(CFLAGS_COMMON) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	-Wno-gnu-variable-sized-type-not-at-end

.PHONY: fuzz fuzz-smoke fuzz-build
# Objects are only made by pattern rules here: keep them between builds.
.SECONDARY: $(call objs,$(FUZZ_DIR),$(FUZZ_LIB_SRC) $(wildcard $(HOST)/fuzz/fuzz-*.c))

$(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC-FUZZ $<
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(WARN) $(modname) -MMD -MP -c $< -o $@

$(FUZZ_DIR)/fuzz-%: $(FUZZ_DIR)/$(HOST)/fuzz/fuzz-%.o \
		$(call objs,$(FUZZ_DIR),$(FUZZ_LIB_SRC))
	$(say) LD $@
	$(Q)$(FUZZ_CC) -pthread $(FUZZ_SAN) -fsanitize=fuzzer $^ -o $@

fuzz-build: $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@$(HOST)/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	@$(HOST)/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)
