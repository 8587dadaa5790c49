// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit test of a converted in-tree exporter: a system-heap buffer, which
 * declares itself with DMA_BUF_SIMPLE_SGT_EXP_MATCH(), attached and mapped
 * for a KUnit device through the kernel's real dma-direct.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-heap.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/scatterlist.h>

#include "st-dma-mapping.h"

#define HEAP_BUF_SIZE	(16 * PAGE_SIZE)

static void test_system_heap_attach_map(struct kunit *test)
{
	struct dmabuf_kunit_mapping *map;
	struct dma_buf_attachment *attach;
	struct scatterlist *sg;
	struct dma_buf *dmabuf;
	struct device *dev;
	size_t total = 0;
	int i;

	dmabuf = system_heap_kunit_allocate(HEAP_BUF_SIZE);
	if (PTR_ERR_OR_ZERO(dmabuf) == -ENODEV)
		kunit_skip(test, "no system heap");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_exported(test, dmabuf));

	/* The heap is an SGT exporter with one static entry. */
	KUNIT_ASSERT_NOT_NULL(test, dmabuf->ops->single_exporter_match);
	KUNIT_EXPECT_PTR_EQ(test, dmabuf->ops->single_exporter_match->type,
			    &dma_buf_mapping_sgt_type);

	dev = kunit_device_register(test, "dmabuf-heap-importer");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(dev,
							   DMA_BIT_MASK(64)), 0);

	attach = dma_buf_sgt_attach(dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), dev);
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(attach));

	map = dmabuf_kunit_map_sgt(test, attach, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map->sgt);
	for_each_sgtable_dma_sg(map->sgt, sg, i) {
		KUNIT_EXPECT_TRUE(test, PAGE_ALIGNED(sg_dma_address(sg)));
		total += sg_dma_len(sg);
	}
	KUNIT_EXPECT_EQ(test, total, HEAP_BUF_SIZE);
}

static struct kunit_case dma_mapping_heap_cases[] = {
	KUNIT_CASE(test_system_heap_attach_map),
	{}
};

static struct kunit_suite dma_mapping_heap_suite = {
	.name = "dma-buf-mapping-heap",
	.test_cases = dma_mapping_heap_cases,
};

kunit_test_suite(dma_mapping_heap_suite);

MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
