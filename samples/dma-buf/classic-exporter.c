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

#include "dma-buf-samples.h"

static struct sg_table *classic_map(struct dma_buf_attachment *attach,
				    enum dma_data_direction dir)
{
	/* An unconverted driver only knows the classic field. */
	return sample_pages_map(attach->dmabuf->priv, attach->dev, dir);
}

static void classic_unmap(struct dma_buf_attachment *attach,
			  struct sg_table *sgt, enum dma_data_direction dir)
{
	sample_pages_unmap(attach->dev, sgt, dir);
}

static const struct dma_buf_ops classic_ops = {
	.map_dma_buf = classic_map,
	.unmap_dma_buf = classic_unmap,
	.release = sample_pages_release,
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
	return sample_pages_export(size, &classic_ops, "classic");
}
