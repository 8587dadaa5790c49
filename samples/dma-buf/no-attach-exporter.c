// SPDX-License-Identifier: GPL-2.0
/*
 * Sample exporter that no device may attach to.
 *
 * Stands for a restricted (protected-content) heap: the buffer is shared
 * between processes as a dma-buf, but its memory is fenced off from every
 * device until a secure world hands it out, so match_mapping refuses every
 * importer.  -EOPNOTSUPP is what the importer sees from attach.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "dma-buf-samples.h"

/**
 * struct no_attach_buffer - a buffer that is never mapped
 * @size: its size, for bookkeeping only
 */
struct no_attach_buffer {
	size_t size;
};

static int no_attach_match_mapping(struct dma_buf_match_args *args)
{
	/* Whatever the importer offers: no device may see this memory. */
	return -EOPNOTSUPP;
}

static void no_attach_release(struct dma_buf *dmabuf)
{
	kfree(dmabuf->priv);
}

static const struct dma_buf_ops no_attach_ops = {
	.match_mapping = no_attach_match_mapping,
	.release = no_attach_release,
};

/**
 * sample_no_attach_export - export a buffer that refuses every importer
 * @size: bytes, a non-zero multiple of the page size
 *
 * Return: the dma-buf, released by its last dma_buf_put(); or an ERR_PTR:
 * -EINVAL for a bad size, -ENOMEM.
 */
struct dma_buf *sample_no_attach_export(size_t size)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct no_attach_buffer *buf;
	struct dma_buf *dmabuf;

	if (!size || !PAGE_ALIGNED(size))
		return ERR_PTR(-EINVAL);
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->size = size;

	exp_info.exp_name = "restricted";
	exp_info.ops = &no_attach_ops;
	exp_info.size = size;
	exp_info.priv = buf;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf))
		kfree(buf);
	return dmabuf;
}
