// SPDX-License-Identifier: GPL-2.0
/*
 * Sample exporter: a system-memory heap.
 *
 * Stands for drivers/dma-buf/heaps/system_heap.c: the buffer is a set of
 * pages, mapped for each importer through the DMA API.  It knows only one
 * mapping type and says so with DMA_BUF_SIMPLE_SGT_EXP_MATCH(); it never
 * offers peer-to-peer, because system memory is not a PCI device's MMIO.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>

#include "dma-buf-samples.h"

static struct sg_table *system_heap_map(struct dma_buf_attachment *attach,
					enum dma_data_direction dir)
{
	/* The device the mapping type negotiated, not a guess. */
	return sample_pages_map(attach->dmabuf->priv,
				dma_buf_sgt_dma_device(attach), dir);
}

static void system_heap_unmap(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir)
{
	sample_pages_unmap(dma_buf_sgt_dma_device(attach), sgt, dir);
}

static const struct dma_buf_ops system_heap_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(system_heap_map, system_heap_unmap),
	.release = sample_pages_release,
};

/**
 * sample_system_heap_alloc - allocate and export a system-memory buffer
 * @size: bytes, a non-zero multiple of the page size
 *
 * Return: the dma-buf, released by its last dma_buf_put(); or an ERR_PTR:
 * -EINVAL for a bad size, -ENOMEM.
 */
struct dma_buf *sample_system_heap_alloc(size_t size)
{
	return sample_pages_export(size, &system_heap_ops, "system");
}
