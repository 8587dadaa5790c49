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
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "dma-buf-samples.h"

/**
 * struct system_heap_buffer - one heap allocation
 * @pages: the pages, in buffer order
 * @nr_pages: how many
 */
struct system_heap_buffer {
	struct page **pages;
	unsigned int nr_pages;
};

static struct sg_table *system_heap_map(struct dma_buf_attachment *attach,
					enum dma_data_direction dir)
{
	struct system_heap_buffer *buf = attach->dmabuf->priv;
	struct sg_table *sgt;
	int ret;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table_from_pages(sgt, buf->pages, buf->nr_pages, 0,
					(unsigned long)buf->nr_pages * PAGE_SIZE,
					GFP_KERNEL);
	if (ret)
		goto err_free_sgt;
	/* The device the mapping type negotiated, not a guess. */
	ret = dma_map_sgtable(dma_buf_sgt_dma_device(attach), sgt, dir, 0);
	if (ret)
		goto err_free_table;
	return sgt;

err_free_table:
	sg_free_table(sgt);
err_free_sgt:
	kfree(sgt);
	return ERR_PTR(ret);
}

static void system_heap_unmap(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir)
{
	dma_unmap_sgtable(dma_buf_sgt_dma_device(attach), sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

static void system_heap_free_pages(struct system_heap_buffer *buf,
				   unsigned int count)
{
	while (count--)
		__free_page(buf->pages[count]);
}

static void system_heap_release(struct dma_buf *dmabuf)
{
	struct system_heap_buffer *buf = dmabuf->priv;

	system_heap_free_pages(buf, buf->nr_pages);
	kvfree(buf->pages);
	kfree(buf);
}

static const struct dma_buf_ops system_heap_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(system_heap_map, system_heap_unmap),
	.release = system_heap_release,
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
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct system_heap_buffer *buf;
	struct dma_buf *dmabuf;
	unsigned int i;
	int ret;

	if (!size || !PAGE_ALIGNED(size) || size / PAGE_SIZE > UINT_MAX)
		return ERR_PTR(-EINVAL);

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->pages = kvcalloc(size / PAGE_SIZE, sizeof(*buf->pages),
			      GFP_KERNEL);
	if (!buf->pages) {
		ret = -ENOMEM;
		goto err_free_buf;
	}
	for (i = 0; i < size / PAGE_SIZE; i++) {
		buf->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!buf->pages[i]) {
			ret = -ENOMEM;
			goto err_free_pages;
		}
	}
	buf->nr_pages = i;

	exp_info.exp_name = "system";
	exp_info.ops = &system_heap_ops;
	exp_info.size = size;
	exp_info.priv = buf;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		ret = PTR_ERR(dmabuf);
		goto err_free_pages;
	}
	return dmabuf;

err_free_pages:
	system_heap_free_pages(buf, i);
	kvfree(buf->pages);
err_free_buf:
	kfree(buf);
	return ERR_PTR(ret);
}

/**
 * sample_system_heap_phys - the physical address behind a buffer offset
 * @dmabuf: a buffer from sample_system_heap_alloc()
 * @offset: byte offset, below the buffer's size
 *
 * For tests that check an importer's addresses lead to this memory.
 *
 * Return: the CPU physical address.
 */
phys_addr_t sample_system_heap_phys(struct dma_buf *dmabuf, size_t offset)
{
	struct system_heap_buffer *buf = dmabuf->priv;

	return page_to_phys(buf->pages[offset / PAGE_SIZE]) +
	       offset % PAGE_SIZE;
}
