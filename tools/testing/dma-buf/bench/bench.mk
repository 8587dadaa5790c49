# SPDX-License-Identifier: GPL-2.0
#
# make bench          every figure of bench.c: a table on stdout and
#                     build/bench/results.json
# make bench-stable   instruction counts of the negotiation and routing
#                     figures under valgrind --tool=callgrind
#
# The bench is built with -O2 and no sanitizers, against the engine and the
# host's models without the KUnit layer.  CONFIG_DMABUF_DEBUG and
# CONFIG_LOCKDEP (debugging options, off in production kernels) are left
# out, so the routed path neither scrambles page pointers nor checks who
# holds the lock; BENCH_DEBUG=1 puts the first back.  The walker
# figures link the iommufd-style sample importer.

BENCH_DIR := $(BUILD)/bench
BENCH_SRC := $(ENGINE_SRC) \
	$(filter-out $(HOST)/lib/kunit%.c,$(HOST_SRC)) $(HOST)/bench/bench.c \
	samples/dma-buf/iommufd-importer.c
BENCH_CFLAGS := $(filter-out -O1 -DCONFIG_DMABUF_DEBUG=1 -DCONFIG_LOCKDEP=1,\
	$(CFLAGS_COMMON)) -O2
ifeq ($(BENCH_DEBUG),1)
BENCH_CFLAGS += -DCONFIG_DMABUF_DEBUG=1
endif

.PHONY: bench bench-stable

$(BENCH_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC-O2 $<
	$(Q)$(CC) $(BENCH_CFLAGS) $(WARN) $(modname) -MMD -MP -c $< -o $@

$(BENCH_DIR)/dma-buf-bench: $(call objs,$(BENCH_DIR),$(BENCH_SRC))
	$(say) LD $@
	$(Q)$(CC) -pthread $^ -o $@

bench: $(BENCH_DIR)/dma-buf-bench
	@$(BENCH_DIR)/dma-buf-bench --json $(BENCH_DIR)/results.json $(BENCH_ARGS)

bench-stable: $(BENCH_DIR)/dma-buf-bench
	@$(HOST)/bench/stable.sh $(BENCH_DIR)/dma-buf-bench
