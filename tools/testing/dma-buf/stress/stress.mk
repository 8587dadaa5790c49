# SPDX-License-Identifier: GPL-2.0
#
# make check-tsan   the host built with -fsanitize=thread into build/tsan,
#                   and dma-buf-stress.c (beside this file) run on it: importer threads
#                   against exporters that move their buffers.  Ends with
#                   "N passed, M failed"; a ThreadSanitizer report is a
#                   failure.

TSAN_DIR := $(BUILD)/tsan
TSAN_SRC := $(ENGINE_SRC) $(filter-out $(HOST)/lib/kunit%.c,$(HOST_SRC)) \
	$(HOST)/stress/dma-buf-stress.c samples/dma-buf/gpu-vram.c samples/dma-buf/vfio-bar.c \
	samples/dma-buf/sample-pages.c
TSAN_FLAGS := -fsanitize=thread -fno-omit-frame-pointer

.PHONY: check-tsan

$(TSAN_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC-TSAN $<
	$(Q)$(CC) $(CFLAGS_COMMON) $(WARN) -Werror $(TSAN_FLAGS) $(modname) \
		-MMD -MP -c $< -o $@

$(TSAN_DIR)/dma-buf-stress: $(call objs,$(TSAN_DIR),$(TSAN_SRC))
	$(say) LD $@
	$(Q)$(CC) -pthread $(TSAN_FLAGS) $^ -o $@

check-tsan: $(TSAN_DIR)/dma-buf-stress
	@$(HOST)/stress/run-tsan.sh $(TSAN_DIR)/dma-buf-stress
