// SPDX-License-Identifier: GPL-2.0
/*
 * Sample exporter that predates mapping types.
 *
 * Stands for the many drivers that were never converted (a V4L2
 * videobuf2-dma-sg exporter, an older DRM PRIME exporter): only the classic
 * map_dma_buf/unmap_dma_buf pair, mapping for attach->dev.  The core reaches
 * it through the SGT compat entry, which also fills in attach->dev, so the
 * driver keeps working unchanged for every SGT importer.
 */
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "dma-buf-samples.h"

/**
 * struct classic_buffer - a page-backed buffer
 * @pages: the pages, in buffer order
 * @nr_pages: how many
 */
struct classic_buffer {
	struct page **pages;
	unsigned int nr_pages;
};

static struct sg_table *classic_map(struct dma_buf_attachment *attach,
				    enum dma_data_direction dir)
{
	struct classic_buffer *buf = attach->dmabuf->priv;
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
	/* An unconverted driver only knows the classic field. */
	ret = dma_map_sgtable(attach->dev, sgt, dir, 0);
	if (ret)
		goto err_free_table;
	return sgt;

err_free_table:
	sg_free_table(sgt);
err_free_sgt:
	kfree(sgt);
	return ERR_PTR(ret);
}

static void classic_unmap(struct dma_buf_attachment *attach,
			  struct sg_table *sgt, enum dma_data_direction dir)
{
	dma_unmap_sgtable(attach->dev, sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

static void classic_free_pages(struct classic_buffer *buf, unsigned int count)
{
	while (count--)
		__free_page(buf->pages[count]);
}

static void classic_release(struct dma_buf *dmabuf)
{
	struct classic_buffer *buf = dmabuf->priv;

	classic_free_pages(buf, buf->nr_pages);
	kvfree(buf->pages);
	kfree(buf);
}

static const struct dma_buf_ops classic_ops = {
	.map_dma_buf = classic_map,
	.unmap_dma_buf = classic_unmap,
	.release = classic_release,
};

/**
 * sample_classic_export - export a page-backed buffer the classic way
 * @size: bytes, a non-zero multiple of the page size
 *
 * Return: the dma-buf, released by its last dma_buf_put(); or an ERR_PTR:
 * -EINVAL for a bad size, -ENOMEM.
 */
struct dma_buf *sample_classic_export(size_t size)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct classic_buffer *buf;
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

	exp_info.exp_name = "classic";
	exp_info.ops = &classic_ops;
	exp_info.size = size;
	exp_info.priv = buf;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		ret = PTR_ERR(dmabuf);
		goto err_free_pages;
	}
	return dmabuf;

err_free_pages:
	classic_free_pages(buf, i);
	kvfree(buf->pages);
err_free_buf:
	kfree(buf);
	return ERR_PTR(ret);
}

/**
 * sample_classic_phys - the physical address behind a buffer offset
 * @dmabuf: a buffer from sample_classic_export()
 * @offset: byte offset, below the buffer's size
 *
 * Return: the CPU physical address.
 */
phys_addr_t sample_classic_phys(struct dma_buf *dmabuf, size_t offset)
{
	struct classic_buffer *buf = dmabuf->priv;

	return page_to_phys(buf->pages[offset / PAGE_SIZE]) +
	       offset % PAGE_SIZE;
}
