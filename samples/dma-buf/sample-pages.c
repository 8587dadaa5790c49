// SPDX-License-Identifier: GPL-2.0
/*
 * System memory as an array of pages, for the sample exporters that hand
 * out system memory: the system heap and a GPU buffer while it is out of
 * VRAM.  They differ in how they negotiate and
 * for which device they map, not in how the memory is held or mapped, so
 * that part is here once.
 */
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"

/**
 * sample_pages_alloc - allocate zeroed pages for a buffer
 * @sp: what to fill in
 * @size: bytes, a non-zero multiple of the page size
 *
 * Return: 0, -EINVAL for a bad size, or -ENOMEM (nothing left allocated).
 */
int sample_pages_alloc(struct sample_pages *sp, size_t size)
{
	unsigned int i;

	if (!size || !PAGE_ALIGNED(size) || size / PAGE_SIZE > UINT_MAX)
		return -EINVAL;
	sp->pages = kvcalloc(size / PAGE_SIZE, sizeof(*sp->pages), GFP_KERNEL);
	if (!sp->pages)
		return -ENOMEM;
	for (i = 0; i < size / PAGE_SIZE; i++) {
		sp->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!sp->pages[i]) {
			sp->nr_pages = i;
			sample_pages_free(sp);
			return -ENOMEM;
		}
	}
	sp->nr_pages = i;
	return 0;
}

/**
 * sample_pages_free - free what sample_pages_alloc() allocated
 * @sp: the pages; emptied
 */
void sample_pages_free(struct sample_pages *sp)
{
	while (sp->nr_pages)
		__free_page(sp->pages[--sp->nr_pages]);
	kvfree(sp->pages);
	sp->pages = NULL;
}

/**
 * sample_pages_map - a DMA-mapped table of the pages for a device
 * @sp: the pages
 * @dev: the device that will DMA
 * @dir: the direction
 *
 * Return: the table, for sample_pages_unmap(); or an ERR_PTR.
 */
struct sg_table *sample_pages_map(const struct sample_pages *sp,
				  struct device *dev,
				  enum dma_data_direction dir)
{
	struct sg_table *sgt;
	int ret;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table_from_pages(sgt, sp->pages, sp->nr_pages, 0,
					(unsigned long)sp->nr_pages * PAGE_SIZE,
					GFP_KERNEL);
	if (ret)
		goto err_free_sgt;
	ret = dma_map_sgtable(dev, sgt, dir, 0);
	if (ret)
		goto err_free_table;
	return sgt;

err_free_table:
	sg_free_table(sgt);
err_free_sgt:
	kfree(sgt);
	return ERR_PTR(ret);
}

/**
 * sample_pages_unmap - undo sample_pages_map()
 * @dev: the device it was mapped for
 * @sgt: the table
 * @dir: the direction it was mapped with
 */
void sample_pages_unmap(struct device *dev, struct sg_table *sgt,
			enum dma_data_direction dir)
{
	dma_unmap_sgtable(dev, sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

/**
 * sample_pages_phys - the physical address behind a byte offset
 * @sp: the pages
 * @offset: below their total size
 *
 * Return: the CPU physical address.
 */
phys_addr_t sample_pages_phys(const struct sample_pages *sp, size_t offset)
{
	return page_to_phys(sp->pages[offset / PAGE_SIZE]) + offset % PAGE_SIZE;
}

/**
 * sample_pages_export - allocate pages and export them with @ops
 * @size: bytes, a non-zero multiple of the page size
 * @ops: the exporter's ops; their release must be sample_pages_release()
 * @exp_name: the exporter's name in bufinfo
 *
 * Return: the dma-buf, whose priv is its struct sample_pages; or an
 * ERR_PTR: -EINVAL for a bad size, -ENOMEM, or dma_buf_export()'s error.
 */
struct dma_buf *sample_pages_export(size_t size, const struct dma_buf_ops *ops,
				    const char *exp_name)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct sample_pages *sp;
	struct dma_buf *dmabuf;
	int ret;

	sp = kzalloc(sizeof(*sp), GFP_KERNEL);
	if (!sp)
		return ERR_PTR(-ENOMEM);
	ret = sample_pages_alloc(sp, size);
	if (ret)
		goto err_free_sp;

	exp_info.exp_name = exp_name;
	exp_info.ops = ops;
	exp_info.size = size;
	exp_info.priv = sp;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		ret = PTR_ERR(dmabuf);
		goto err_free_pages;
	}
	return dmabuf;

err_free_pages:
	sample_pages_free(sp);
err_free_sp:
	kfree(sp);
	return ERR_PTR(ret);
}

/**
 * sample_pages_dmabuf_phys - the physical address behind a buffer offset
 * @dmabuf: a buffer from sample_pages_export(): the system heap's
 * @offset: byte offset, below the buffer's size
 *
 * Return: the CPU physical address.
 */
phys_addr_t sample_pages_dmabuf_phys(struct dma_buf *dmabuf, size_t offset)
{
	return sample_pages_phys(dmabuf->priv, offset);
}

/**
 * sample_pages_release - &dma_buf_ops.release of sample_pages_export()
 * @dmabuf: the buffer
 */
void sample_pages_release(struct dma_buf *dmabuf)
{
	struct sample_pages *sp = dmabuf->priv;

	sample_pages_free(sp);
	kfree(sp);
}
