// SPDX-License-Identifier: GPL-2.0
/*
 * Sample importer that knows nothing of mapping types.
 *
 * Stands for a classic static importer (a display controller scanning out
 * a buffer, a V4L2 output queue, drm_gem_prime_import_dev()): it attaches
 * with dma_buf_sgt_attach(), maps once and keeps the mapping until it lets go.
 * It has no invalidate_mappings, so it never takes MMIO, and a buffer that
 * could move is pinned by the core for as long as it is mapped.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/err.h>
#include <linux/slab.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"

/**
 * struct sample_static_importer - one imported buffer
 * @dmabuf: the buffer, referenced
 * @attach: its attachment
 * @sgt: the mapping, for the importer's whole use of the buffer
 */
struct sample_static_importer {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
};

/**
 * sample_static_import - attach to a buffer and map it for a device
 * @dmabuf: the buffer; a reference is taken
 * @dev: the device that will DMA to it
 *
 * Return: the importer, to be released with sample_static_release(); or
 * an ERR_PTR from attach (-EINVAL: no mapping type in common; the
 * exporter's own refusal) or from map.
 */
struct sample_static_importer *sample_static_import(struct dma_buf *dmabuf,
						    struct device *dev)
{
	struct sample_static_importer *imp;
	int ret;

	imp = kzalloc(sizeof(*imp), GFP_KERNEL);
	if (!imp)
		return ERR_PTR(-ENOMEM);
	imp->attach = dma_buf_sgt_attach(dmabuf, dev);
	if (IS_ERR(imp->attach)) {
		ret = PTR_ERR(imp->attach);
		goto err_free_imp;
	}
	imp->sgt = dma_buf_sgt_map_attachment_unlocked(imp->attach,
						       DMA_BIDIRECTIONAL);
	if (IS_ERR(imp->sgt)) {
		ret = PTR_ERR(imp->sgt);
		goto err_detach;
	}
	get_dma_buf(dmabuf);
	imp->dmabuf = dmabuf;
	return imp;

err_detach:
	dma_buf_detach(dmabuf, imp->attach);
err_free_imp:
	kfree(imp);
	return ERR_PTR(ret);
}

/**
 * sample_static_release - unmap, detach and drop the buffer
 * @imp: from sample_static_import()
 */
void sample_static_release(struct sample_static_importer *imp)
{
	dma_buf_sgt_unmap_attachment_unlocked(imp->attach, imp->sgt,
					      DMA_BIDIRECTIONAL);
	dma_buf_detach(imp->dmabuf, imp->attach);
	dma_buf_put(imp->dmabuf);
	kfree(imp);
}

/**
 * sample_static_attachment - the importer's attachment
 * @imp: from sample_static_import()
 *
 * Return: the attachment.
 */
struct dma_buf_attachment *
sample_static_attachment(struct sample_static_importer *imp)
{
	return imp->attach;
}

/**
 * sample_static_sgt - the addresses the importer programs into its device
 * @imp: from sample_static_import()
 *
 * Return: the mapping.
 */
struct sg_table *sample_static_sgt(struct sample_static_importer *imp)
{
	return imp->sgt;
}
