# SPDX-License-Identifier: GPL-2.0
#
# make run: the sample drivers on a simulated machine (tools/testing/dma-buf/demo).
#
# The demo links the engine, the host's kernel API without the KUnit runner,
# the samples, and the scenario harness whose machine and table the
# dma-buf-scenario-machine suite asserts.

DEMO_SRC := $(HOST)/demo/dma-buf-demo.c \
	$(SCENARIO_SRC)
DEMO_LIB_SRC := $(ENGINE_SRC) $(filter-out $(HOST)/lib/kunit%.c,$(HOST_SRC)) \
	$(SAMPLES_SRC)

.PHONY: run
run: $(BUILD)/dma-buf-demo
	@$(BUILD)/dma-buf-demo

$(BUILD)/dma-buf-demo: $(call objs,$(BUILD),$(DEMO_LIB_SRC) $(DEMO_SRC))
	$(say) LD $@
	$(Q)$(CC) -pthread $^ -o $@
