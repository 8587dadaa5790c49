// SPDX-License-Identifier: GPL-2.0
/*
 * Sample importer: an RDMA memory region over a dma-buf.
 *
 * Stands for the on-demand-paging flavour of mlx5's dma-buf MRs
 * (drivers/infiniband/core/umem_dmabuf.c): a dynamic importer that accepts
 * peer-to-peer, so a GPU's VRAM or a device BAR can be the target of RDMA
 * directly.  When the exporter moves or revokes the buffer, invalidate_mappings
 * (reservation lock held) stops the NIC from using the old addresses and
 * gives the table back; the next access faults and maps again.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/slab.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"

/**
 * struct sample_rdma_mr - a memory region backed by a dma-buf
 * @dmabuf: the buffer, referenced
 * @attach: its attachment
 * @sgt: the current mapping; NULL while invalidated.  Reservation lock.
 * @invalidations: invalidate_mappings calls that took a mapping away
 */
struct sample_rdma_mr {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	unsigned int invalidations;
};

static void rdma_mr_invalidate(struct dma_buf_attachment *attach)
{
	struct sample_rdma_mr *mr = attach->importer_priv;

	dma_resv_assert_held(attach->dmabuf->resv);
	if (!mr->sgt)
		return;
	/* Here the NIC's page tables for the MR would be zapped first. */
	dma_buf_sgt_unmap_attachment(attach, mr->sgt, DMA_BIDIRECTIONAL);
	mr->sgt = NULL;
	mr->invalidations++;
}

static const struct dma_buf_attach_ops rdma_mr_attach_ops = {
	.allow_peer2peer = true,
	.invalidate_mappings = rdma_mr_invalidate,
};

/* Maps the buffer if it is not mapped; reservation lock held. */
static int rdma_mr_map_locked(struct sample_rdma_mr *mr)
{
	struct sg_table *sgt;

	dma_resv_assert_held(mr->dmabuf->resv);
	if (mr->sgt)
		return 0;
	sgt = dma_buf_sgt_map_attachment(mr->attach, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt))
		return PTR_ERR(sgt);
	mr->sgt = sgt;
	return 0;
}

/**
 * sample_rdma_mr_reg - register a memory region over a dma-buf
 * @dmabuf: the buffer; a reference is taken
 * @dev: the NIC's DMA device
 *
 * Attaches as a dynamic importer that accepts P2P and maps at once.
 *
 * Return: the MR, for sample_rdma_mr_dereg(); or an ERR_PTR from attach
 * (-EINVAL: no mapping type in common; the exporter's own refusal) or
 * from map (-ENODEV from a revoked exporter).
 */
struct sample_rdma_mr *sample_rdma_mr_reg(struct dma_buf *dmabuf,
					  struct device *dev)
{
	struct sample_rdma_mr *mr;
	int ret;

	mr = kzalloc(sizeof(*mr), GFP_KERNEL);
	if (!mr)
		return ERR_PTR(-ENOMEM);
	mr->dmabuf = dmabuf;
	mr->attach = dma_buf_sgt_dynamic_attach(dmabuf, dev, &rdma_mr_attach_ops,
						mr);
	if (IS_ERR(mr->attach)) {
		ret = PTR_ERR(mr->attach);
		goto err_free_mr;
	}

	dma_resv_lock(dmabuf->resv, NULL);
	ret = rdma_mr_map_locked(mr);
	dma_resv_unlock(dmabuf->resv);
	if (ret)
		goto err_detach;
	get_dma_buf(dmabuf);
	return mr;

err_detach:
	dma_buf_detach(dmabuf, mr->attach);
err_free_mr:
	kfree(mr);
	return ERR_PTR(ret);
}

/**
 * sample_rdma_mr_fault - map again after an invalidation
 * @mr: the MR
 *
 * What the NIC's page-fault handler does when it touches an invalidated
 * region.
 *
 * Return: 0, or the error mapping returned (-ENODEV while revoked).
 */
int sample_rdma_mr_fault(struct sample_rdma_mr *mr)
{
	int ret;

	dma_resv_lock(mr->dmabuf->resv, NULL);
	ret = rdma_mr_map_locked(mr);
	dma_resv_unlock(mr->dmabuf->resv);
	return ret;
}

/**
 * sample_rdma_mr_dereg - unmap, detach and drop the buffer
 * @mr: from sample_rdma_mr_reg()
 */
void sample_rdma_mr_dereg(struct sample_rdma_mr *mr)
{
	struct dma_buf *dmabuf = mr->dmabuf;

	dma_resv_lock(dmabuf->resv, NULL);
	if (mr->sgt)
		dma_buf_sgt_unmap_attachment(mr->attach, mr->sgt,
					     DMA_BIDIRECTIONAL);
	mr->sgt = NULL;
	dma_resv_unlock(dmabuf->resv);
	dma_buf_detach(dmabuf, mr->attach);
	dma_buf_put(dmabuf);
	kfree(mr);
}

/**
 * sample_rdma_mr_attachment - the MR's attachment
 * @mr: from sample_rdma_mr_reg()
 *
 * Return: the attachment.
 */
struct dma_buf_attachment *sample_rdma_mr_attachment(struct sample_rdma_mr *mr)
{
	return mr->attach;
}

/**
 * sample_rdma_mr_sgt - the addresses the NIC uses now
 * @mr: from sample_rdma_mr_reg()
 *
 * Return: the mapping, or NULL while invalidated.
 */
struct sg_table *sample_rdma_mr_sgt(struct sample_rdma_mr *mr)
{
	return mr->sgt;
}

/**
 * sample_rdma_mr_invalidations - how often the exporter took the mapping
 * @mr: from sample_rdma_mr_reg()
 *
 * Return: the number of invalidate_mappings calls that unmapped.
 */
unsigned int sample_rdma_mr_invalidations(struct sample_rdma_mr *mr)
{
	return mr->invalidations;
}
