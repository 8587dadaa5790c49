// SPDX-License-Identifier: GPL-2.0
/*
 * Sample exporter: ranges of a device BAR, as VFIO exports them.
 *
 * Stands for drivers/vfio/pci/vfio_pci_dmabuf.c: user space picks ranges
 * of one of its assigned device's BARs and shares them as a dma-buf.  The
 * memory is MMIO, so there are two ways to hand it out: a PAL for
 * importers that own an IOMMU (iommufd mapping it into a guest), then a
 * P2P SGT built with dma_buf_phys_vec_to_sgt() for devices that can reach
 * the BAR.  No system-memory fallback exists: the BAR cannot move.
 *
 * VFIO must be able to take the MMIO away at any time (device reset, the
 * user disabling memory decode, the device being closed): that is revoke.
 * So importers that cannot be told to drop their mappings are refused,
 * revoke tells every importer through invalidate_mappings and then waits until
 * every list and table has come back (an importer may hand them back after
 * its invalidate_mappings returned), and mapping while revoked fails with
 * -ENODEV. Negotiation runs without the reservation lock, so it only uses what
 * the buffer took at export (its own pci_dev reference), never the device
 * state a revoke or close clears.
 */
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"

/**
 * struct sample_vfio_device - an open VFIO device
 * @pdev: the assigned PCI device; NULL once closed
 * @kref: the opener's reference plus one per exported buffer
 * @lock: protects @pdev, @bufs and @revoked
 * @bufs: the buffers exported from it
 * @revoked: MMIO access is currently taken away
 * @p2pdma: the kernel has P2P DMA, so the BARs have providers
 */
struct sample_vfio_device {
	struct pci_dev *pdev;
	struct kref kref;
	struct mutex lock;	/* @pdev, @bufs, @revoked */
	struct list_head bufs;
	bool revoked;
	bool p2pdma;
};

/**
 * struct vfio_dmabuf - one exported set of BAR ranges
 * @vdev: the device it came from, referenced
 * @pdev: the PCI device, referenced at export for match_mapping
 * @provider: the P2P provider of the BAR; NULL without P2P DMA, and then
 *	only importers with their own IOMMU can have the buffer
 * @dmabuf: the dma-buf
 * @node: on @vdev's list
 * @revoked: mapping is refused, with -ENODEV
 * @nr_pal: PAL lists handed out and not given back
 * @nr_sgt: tables handed out and not given back
 * @revocations: revokes so far, each one a dma_buf_invalidate_mappings()
 * @refused_static: importers turned away for not being revocable; counted
 *	during negotiation, which holds no lock
 * @users: while not revoked, one reference for the buffer itself and one
 *	per list or table handed out; a revoke drops the buffer's own
 * @users_gone: completed when the last reference is dropped
 * @nr_ranges: entries in @phys
 * @phys: the ranges, CPU physical addresses
 *
 * @revoked, @nr_pal, @nr_sgt and @revocations are protected by the
 * reservation lock.
 */
struct vfio_dmabuf {
	struct sample_vfio_device *vdev;
	struct pci_dev *pdev;
	struct p2pdma_provider *provider;
	struct dma_buf *dmabuf;
	struct list_head node;
	bool revoked;
	unsigned int nr_pal;
	unsigned int nr_sgt;
	unsigned int revocations;
	atomic_t refused_static;
	struct kref users;
	struct completion users_gone;
	size_t nr_ranges;
	struct dma_buf_phys_vec phys[] __counted_by(nr_ranges);
};

static void vfio_dmabuf_users_gone(struct kref *kref)
{
	struct vfio_dmabuf *priv = container_of(kref, struct vfio_dmabuf,
						users);

	complete(&priv->users_gone);
}

static struct dma_buf_phys_list *vfio_map_phys(struct dma_buf_attachment *attach)
{
	struct vfio_dmabuf *priv = attach->dmabuf->priv;
	struct dma_buf_phys_list *list;

	dma_resv_assert_held(attach->dmabuf->resv);
	if (priv->revoked)
		return ERR_PTR(-ENODEV);

	/* Each importer gets its own copy, so each hand-back is countable. */
	list = kvzalloc(struct_size(list, phys, priv->nr_ranges), GFP_KERNEL);
	if (!list)
		return ERR_PTR(-ENOMEM);
	list->length = priv->nr_ranges;
	memcpy(list->phys, priv->phys, priv->nr_ranges * sizeof(*priv->phys));
	priv->nr_pal++;
	kref_get(&priv->users);
	return list;
}

static void vfio_unmap_phys(struct dma_buf_attachment *attach,
			    struct dma_buf_phys_list *phys)
{
	struct vfio_dmabuf *priv = attach->dmabuf->priv;

	dma_resv_assert_held(attach->dmabuf->resv);
	kvfree(phys);
	if (!WARN_ON(!priv->nr_pal))
		priv->nr_pal--;
	kref_put(&priv->users, vfio_dmabuf_users_gone);
}

static const struct dma_buf_mapping_pal_exp_ops vfio_pal_ops = {
	.map_phys = vfio_map_phys,
	.unmap_phys = vfio_unmap_phys,
};

static size_t vfio_dmabuf_size(struct vfio_dmabuf *priv)
{
	return priv->dmabuf->size;
}

static struct sg_table *vfio_map_sgt(struct dma_buf_attachment *attach,
				     enum dma_data_direction dir)
{
	struct vfio_dmabuf *priv = attach->dmabuf->priv;
	struct sg_table *sgt;

	dma_resv_assert_held(attach->dmabuf->resv);
	if (priv->revoked)
		return ERR_PTR(-ENODEV);
	sgt = dma_buf_phys_vec_to_sgt(attach, priv->provider, priv->phys,
				      priv->nr_ranges, vfio_dmabuf_size(priv),
				      dir);
	if (!IS_ERR(sgt)) {
		priv->nr_sgt++;
		kref_get(&priv->users);
	}
	return sgt;
}

static void vfio_unmap_sgt(struct dma_buf_attachment *attach,
			   struct sg_table *sgt, enum dma_data_direction dir)
{
	struct vfio_dmabuf *priv = attach->dmabuf->priv;

	dma_buf_free_sgt(attach, sgt, dir);
	if (!WARN_ON(!priv->nr_sgt))
		priv->nr_sgt--;
	kref_put(&priv->users, vfio_dmabuf_users_gone);
}

static const struct dma_buf_mapping_sgt_exp_ops vfio_sgt_ops = {
	.map_dma_buf = vfio_map_sgt,
	.unmap_dma_buf = vfio_unmap_sgt,
};

static int vfio_match_mapping(struct dma_buf_match_args *args)
{
	struct vfio_dmabuf *priv = args->dmabuf->priv;
	/* The importer's IOMMU first; the BAR through the PCI fabric second. */
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_PAL(&vfio_pal_ops),
		DMA_BUF_EMAPPING_SGT_P2P(&vfio_sgt_ops, priv->pdev),
	};

	/*
	 * An importer without invalidate_mappings would keep using the BAR
	 * after a revoke.  The core sets importer_ops before negotiating.
	 */
	if (args->attach && !args->attach->importer_ops) {
		atomic_inc(&priv->refused_static);
		return -EOPNOTSUPP;
	}
	if (!priv->provider)
		return dma_buf_match_mapping(args, exp, 1);
	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

static void vfio_device_free(struct kref *kref)
{
	struct sample_vfio_device *vdev =
		container_of(kref, struct sample_vfio_device, kref);

	mutex_destroy(&vdev->lock);
	kfree(vdev);
}

static void vfio_release(struct dma_buf *dmabuf)
{
	struct vfio_dmabuf *priv = dmabuf->priv;
	struct sample_vfio_device *vdev = priv->vdev;

	/* Detach gave everything back: anything left is an importer's bug. */
	WARN_ON(priv->nr_pal || priv->nr_sgt);
	mutex_lock(&vdev->lock);
	list_del(&priv->node);
	mutex_unlock(&vdev->lock);
	pci_dev_put(priv->pdev);
	kfree(priv);
	kref_put(&vdev->kref, vfio_device_free);
}

static const struct dma_buf_ops vfio_dmabuf_ops = {
	.match_mapping = vfio_match_mapping,
	.release = vfio_release,
};

/**
 * sample_vfio_open - open a device for assignment
 * @pdev: the PCI device
 *
 * In a kernel without P2P DMA its buffers go to importers that own an
 * IOMMU only.
 *
 * Return: the device, to be closed with sample_vfio_close(); or an ERR_PTR:
 * -ENOMEM.
 */
struct sample_vfio_device *sample_vfio_open(struct pci_dev *pdev)
{
	struct sample_vfio_device *vdev;
	int ret;

	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev)
		return ERR_PTR(-ENOMEM);
	ret = pcim_p2pdma_init(pdev);
	if (ret && ret != -EOPNOTSUPP) {
		kfree(vdev);
		return ERR_PTR(ret);
	}
	vdev->p2pdma = !ret;
	vdev->pdev = pci_dev_get(pdev);
	kref_init(&vdev->kref);
	mutex_init(&vdev->lock);
	INIT_LIST_HEAD(&vdev->bufs);
	return vdev;
}

/* Checks the ranges against the BAR; the total length, or 0 if bad. */
static u64 vfio_ranges_size(struct pci_dev *pdev, int bar,
			    const struct sample_vfio_range *ranges,
			    size_t nr_ranges)
{
	u64 bar_len = pci_resource_len(pdev, bar);
	u64 end, total = 0;
	size_t i;

	for (i = 0; i < nr_ranges; i++) {
		if (!ranges[i].len || !PAGE_ALIGNED(ranges[i].offset) ||
		    !PAGE_ALIGNED(ranges[i].len) ||
		    check_add_overflow(ranges[i].offset, ranges[i].len, &end) ||
		    end > bar_len ||
		    check_add_overflow(total, ranges[i].len, &total))
			return 0;
	}
	return total;
}

/**
 * sample_vfio_export - share ranges of a BAR as a dma-buf
 * @vdev: the open device
 * @bar: the memory BAR
 * @ranges: offsets and lengths inside it, in buffer order
 * @nr_ranges: at least one
 *
 * A buffer exported while the device is revoked starts revoked.
 *
 * Return: the dma-buf, released by its last dma_buf_put(); or an ERR_PTR:
 * -EINVAL for a BAR that is not memory or a range outside it, -ENODEV for
 * a closed device, -ENOMEM.
 */
struct dma_buf *sample_vfio_export(struct sample_vfio_device *vdev, int bar,
				   const struct sample_vfio_range *ranges,
				   size_t nr_ranges)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct vfio_dmabuf *priv;
	struct dma_buf *dmabuf;
	struct pci_dev *pdev;
	u64 size;
	size_t i;
	int ret;

	if (!nr_ranges || bar < 0 || bar >= PCI_STD_NUM_BARS)
		return ERR_PTR(-EINVAL);
	priv = kzalloc(struct_size(priv, phys, nr_ranges), GFP_KERNEL);
	if (!priv)
		return ERR_PTR(-ENOMEM);
	priv->nr_ranges = nr_ranges;

	mutex_lock(&vdev->lock);
	pdev = vdev->pdev;
	if (!pdev) {
		ret = -ENODEV;
		goto err_unlock;
	}
	size = vfio_ranges_size(pdev, bar, ranges, nr_ranges);
	if (!size || !(pci_resource_flags(pdev, bar) & IORESOURCE_MEM)) {
		ret = -EINVAL;
		goto err_unlock;
	}
	if (vdev->p2pdma) {
		priv->provider = pcim_p2pdma_provider(pdev, bar);
		if (!priv->provider) {
			ret = -EINVAL;
			goto err_unlock;
		}
	}
	for (i = 0; i < nr_ranges; i++) {
		priv->phys[i].paddr = pci_resource_start(pdev, bar) +
				      ranges[i].offset;
		priv->phys[i].len = ranges[i].len;
	}
	/* Ours for the buffer's life, whatever happens to @vdev->pdev. */
	priv->pdev = pci_dev_get(pdev);
	priv->vdev = vdev;
	priv->revoked = vdev->revoked;
	kref_init(&priv->users);
	init_completion(&priv->users_gone);
	kref_get(&vdev->kref);

	exp_info.exp_name = "vfio-pci";
	exp_info.ops = &vfio_dmabuf_ops;
	exp_info.size = size;
	exp_info.priv = priv;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		ret = PTR_ERR(dmabuf);
		goto err_put_refs;
	}
	priv->dmabuf = dmabuf;
	list_add_tail(&priv->node, &vdev->bufs);
	mutex_unlock(&vdev->lock);
	return dmabuf;

err_put_refs:
	/* Not the last reference: the opener still holds one. */
	kref_put(&vdev->kref, vfio_device_free);
	pci_dev_put(priv->pdev);
err_unlock:
	mutex_unlock(&vdev->lock);
	kfree(priv);
	return ERR_PTR(ret);
}

/* Memory decode of the device's BARs, as the user asks for it. */
static void vfio_memory_decode(struct pci_dev *pdev, bool on)
{
	u16 cmd;

	if (!pdev)
		return;
	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	if (on)
		cmd |= PCI_COMMAND_MEMORY;
	else
		cmd &= ~PCI_COMMAND_MEMORY;
	pci_write_config_word(pdev, PCI_COMMAND, cmd);
}

/**
 * sample_vfio_revoke - take the MMIO away from every importer, or give it
 *			back
 * @vdev: the device
 * @revoked: true to revoke, false to allow mapping again
 *
 * What VFIO does when the user turns the device's memory decode off (or
 * resets or closes it): revoking tells each importer of each buffer
 * through invalidate_mappings, under the buffer's reservation lock, then waits
 * until every importer has given its lists and tables back, and only then
 * turns memory decode off.  An importer may give them back after its
 * invalidate_mappings returned, from its own context, taking the reservation
 * lock: so the waiting is done with the lock dropped.  Allowing again
 * turns memory decode back on and tells nobody: importers map again when
 * they next need to.
 */
void sample_vfio_revoke(struct sample_vfio_device *vdev, bool revoked)
{
	struct vfio_dmabuf *priv;
	struct dma_resv *resv;

	mutex_lock(&vdev->lock);
	if (!revoked)
		vfio_memory_decode(vdev->pdev, true);
	vdev->revoked = revoked;
	list_for_each_entry(priv, &vdev->bufs, node) {
		resv = priv->dmabuf->resv;
		dma_resv_lock(resv, NULL);
		if (priv->revoked == revoked) {
			dma_resv_unlock(resv);
			continue;
		}
		if (!revoked) {
			/* Before anyone can map again. */
			kref_init(&priv->users);
			reinit_completion(&priv->users_gone);
		}
		priv->revoked = revoked;
		if (revoked) {
			priv->revocations++;
			dma_buf_invalidate_mappings(priv->dmabuf);
		}
		dma_resv_unlock(resv);
		if (!revoked)
			continue;

		/* What the importers' devices still had queued. */
		dma_resv_wait_timeout(resv, DMA_RESV_USAGE_BOOKKEEP, false,
				      MAX_SCHEDULE_TIMEOUT);
		kref_put(&priv->users, vfio_dmabuf_users_gone);
		wait_for_completion(&priv->users_gone);
	}
	if (revoked)
		vfio_memory_decode(vdev->pdev, false);
	mutex_unlock(&vdev->lock);
}

/**
 * sample_vfio_close - close the device
 * @vdev: from sample_vfio_open()
 *
 * Revokes every buffer; they live on, revoked, until their last put.
 */
void sample_vfio_close(struct sample_vfio_device *vdev)
{
	struct pci_dev *pdev;

	sample_vfio_revoke(vdev, true);
	mutex_lock(&vdev->lock);
	pdev = vdev->pdev;
	vdev->pdev = NULL;
	mutex_unlock(&vdev->lock);
	pci_dev_put(pdev);
	kref_put(&vdev->kref, vfio_device_free);
}

/**
 * sample_vfio_phys - the physical address behind a buffer offset
 * @dmabuf: a buffer from sample_vfio_export()
 * @offset: byte offset, below the buffer's size
 *
 * Return: the CPU physical address in the BAR.
 */
phys_addr_t sample_vfio_phys(struct dma_buf *dmabuf, size_t offset)
{
	struct vfio_dmabuf *priv = dmabuf->priv;
	size_t i;

	for (i = 0; i < priv->nr_ranges; i++) {
		if (offset < priv->phys[i].len)
			return priv->phys[i].paddr + offset;
		offset -= priv->phys[i].len;
	}
	WARN_ON(1);
	return 0;
}

/**
 * sample_vfio_outstanding - lists and tables not given back yet
 * @dmabuf: a buffer from sample_vfio_export()
 *
 * Return: the number of PAL lists plus SGTs handed out.
 */
unsigned int sample_vfio_outstanding(struct dma_buf *dmabuf)
{
	struct vfio_dmabuf *priv = dmabuf->priv;

	return priv->nr_pal + priv->nr_sgt;
}

/**
 * sample_vfio_refused_static - importers refused for not being revocable
 * @dmabuf: a buffer from sample_vfio_export()
 *
 * Return: how many attach attempts were refused for that reason.
 */
unsigned int sample_vfio_refused_static(struct dma_buf *dmabuf)
{
	struct vfio_dmabuf *priv = dmabuf->priv;

	return atomic_read(&priv->refused_static);
}

/**
 * sample_vfio_revocations - how often the buffer was revoked
 * @dmabuf: a buffer from sample_vfio_export()
 *
 * Counted before the invalidate_mappings of each revoke, so an importer's
 * invalidate_mappings sees the number of the revoke it is told about.  The
 * caller holds the reservation lock.
 *
 * Return: the number of revokes that told importers.
 */
unsigned int sample_vfio_revocations(struct dma_buf *dmabuf)
{
	struct vfio_dmabuf *priv = dmabuf->priv;

	return priv->revocations;
}
