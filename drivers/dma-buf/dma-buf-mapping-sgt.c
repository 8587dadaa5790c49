// SPDX-License-Identifier: GPL-2.0
/*
 * The SGT mapping type: a scatter-gather table of DMA addresses for the
 * importing device, with explicit peer-to-peer rules.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>

/**
 * DOC: SGT mapping type
 *
 * The classic way of sharing a dma-buf: the exporter maps the buffer for the
 * importing device and hands out a &struct sg_table of DMA addresses.
 *
 * Peer-to-peer is explicit on both sides.  An importer that can DMA to the
 * MMIO of another PCI device says so with %DMA_SGT_IMPORTER_ACCEPTS_P2P.  An
 * exporter whose memory is MMIO offers it with DMA_BUF_EMAPPING_SGT_P2P(),
 * naming the PCI device that provides it; that entry matches only an
 * importer that accepts P2P, whose DMA device is itself a PCI device (as
 * pci_p2pdma_map_type() requires) and that pci_p2pdma_distance() can
 * reach.  An exporter that can also migrate to system memory lists a plain
 * DMA_BUF_EMAPPING_SGT() entry after it, and learns which one was chosen
 * from dma_buf_sgt_p2p_allowed().
 */

/*
 * CONFIG_DMABUF_DEBUG: each side uses its own fields with its own values,
 * and leaves the other side's empty.  A kernel without the option ignores
 * what this catches: the other side's fields are never read, and an
 * importer value other than %DMA_SGT_IMPORTER_ACCEPTS_P2P is no P2P.
 */
static bool dma_buf_sgt_fields_ok(const struct dma_buf_mapping_match *exp,
				  const struct dma_buf_mapping_match *imp)
{
	u8 accepts = imp->sgt_data.importer_accepts_p2p;

	if (WARN_ON(accepts != DMA_SGT_NO_P2P &&
		    accepts != DMA_SGT_IMPORTER_ACCEPTS_P2P))
		return false;
	if (WARN_ON(exp->sgt_data.exporter_requires_p2p !=
		    DMA_SGT_NO_P2P &&
		    exp->sgt_data.exporter_requires_p2p !=
		    DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE))
		return false;
	if (WARN_ON(imp->sgt_data.exporter_requires_p2p != DMA_SGT_NO_P2P ||
		    imp->sgt_data.exporting_p2p_device))
		return false;
	return !WARN_ON(exp->sgt_data.importer_accepts_p2p != DMA_SGT_NO_P2P ||
			exp->sgt_data.importing_dma_device);
}

/* An exporter entry that is not DMA_SGT_NO_P2P: out of line, no frame. */
static noinline int
dma_buf_sgt_match_p2p(const struct dma_buf_mapping_match *exp,
		      const struct dma_buf_mapping_match *imp)
{
	struct device *dev = imp->sgt_data.importing_dma_device;

	if (WARN_ON(exp->sgt_data.exporter_requires_p2p !=
		    DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE))
		return -EINVAL;
	if (WARN_ON(!exp->sgt_data.exporting_p2p_device))
		return -EOPNOTSUPP;
	if (imp->sgt_data.importer_accepts_p2p != DMA_SGT_IMPORTER_ACCEPTS_P2P)
		return -EOPNOTSUPP;
	/*
	 * The distance walks up to a PCI parent, but pci_p2pdma_map_type(),
	 * which the exporter maps the MMIO with, refuses a device that is
	 * not itself PCI: never negotiate what cannot be mapped.
	 */
	if (!dev_is_pci(dev))
		return -EOPNOTSUPP;
	/*
	 * Quietly: userspace can repeat a refused attach at will.  Why a
	 * pair is refused is pci_p2pdma_distance()'s to tell when asked
	 * verbosely; a P2P match shows its distance in debugfs.
	 */
	if (pci_p2pdma_distance(exp->sgt_data.exporting_p2p_device, dev,
				false) < 0)
		return -EOPNOTSUPP;
	return 0;
}

/*
 * Called for a matched pair only.  Whatever the configuration, the two
 * pointers mapping will use must be there (the exporter's ops, the
 * importer's device), and an exporter value other than the two it may use
 * is refused on the P2P path, where it is read; neither costs more than a
 * test.
 */
static int dma_buf_sgt_match(struct dma_buf *dmabuf,
			     const struct dma_buf_mapping_match *exp,
			     const struct dma_buf_mapping_match *imp)
{
	struct device *dev = imp->sgt_data.importing_dma_device;

	if (WARN_ON(!exp->exp_ops || !dev))
		return -EINVAL;
	if (IS_ENABLED(CONFIG_DMABUF_DEBUG) && !dma_buf_sgt_fields_ok(exp, imp))
		return -EINVAL;
	if (exp->sgt_data.exporter_requires_p2p == DMA_SGT_NO_P2P)
		return 0;
	return dma_buf_sgt_match_p2p(exp, imp);
}

/* Out of line: the common, non-P2P finish then needs no stack frame. */
static noinline void
dma_buf_sgt_store_distance(struct dma_buf_mapping_match *m,
			   struct pci_dev *provider)
{
	m->sgt_data.p2p_distance =
		pci_p2pdma_distance(provider, m->sgt_data.importing_dma_device,
				    false);
}

static void dma_buf_sgt_finish_match(struct dma_buf_match_args *args,
				     const struct dma_buf_mapping_match *exp,
				     const struct dma_buf_mapping_match *imp)
{
	struct dma_buf_attachment *attach = args->attach;
	struct device *dev = imp->sgt_data.importing_dma_device;
	u8 accepts = imp->sgt_data.importer_accepts_p2p;
	u8 requires = exp->sgt_data.exporter_requires_p2p;
	struct dma_buf_mapping_match *m;

	if (!attach)
		return;

	/*
	 * Field by field, which compiles to plain stores.  The attachment
	 * comes zeroed from dma_buf_mapping_attach(), the one caller with an
	 * attachment, and the rest stays so: the exporting device is never
	 * kept (only its distance, for debugfs), and the distance is stored,
	 * and read, only for a P2P match.
	 */
	m = &attach->map_type;
	m->type = exp->type;
	m->exp_ops = exp->exp_ops;
	m->sgt_data.importing_dma_device = dev;
	m->sgt_data.importer_accepts_p2p = accepts;
	m->sgt_data.exporter_requires_p2p = requires;

	if (requires == DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE)
		dma_buf_sgt_store_distance(m, exp->sgt_data.exporting_p2p_device);
}

static void dma_buf_sgt_debugfs_dump(struct seq_file *s,
				     struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_match *m = &attach->map_type;

	seq_printf(s, " %s", dev_name(m->sgt_data.importing_dma_device));
	if (m->sgt_data.exporter_requires_p2p ==
	    DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE)
		seq_printf(s, " (P2P distance %d)", m->sgt_data.p2p_distance);
}

/* The negotiated SGT match of @attach, or NULL for NULL or another type. */
static const struct dma_buf_mapping_match *
dma_buf_sgt_match_of(struct dma_buf_attachment *attach)
{
	if (!attach || attach->map_type.type != &dma_buf_mapping_sgt_type)
		return NULL;
	return &attach->map_type;
}

/* The SGT exporter ops of an attachment known to be of the SGT type. */
static const struct dma_buf_mapping_sgt_exp_ops *
dma_buf_sgt_ops_of(struct dma_buf_attachment *attach)
{
	return container_of(attach->map_type.exp_ops,
			    struct dma_buf_mapping_sgt_exp_ops, ops);
}

/**
 * dma_buf_sgt_dma_device - the device an SGT attachment maps for
 * @attach: the attachment
 *
 * Return: the importing DMA device, or NULL when @attach is NULL or not of
 * the SGT type.
 */
struct device *dma_buf_sgt_dma_device(struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_match *m = dma_buf_sgt_match_of(attach);

	return m ? m->sgt_data.importing_dma_device : NULL;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_dma_device, "DMA_BUF");

/**
 * dma_buf_sgt_p2p_allowed - may the exporter hand this attachment MMIO?
 * @attach: the attachment
 *
 * Return: true when the exporter's P2P entry was the one negotiated, so the
 * importer accepted P2P and the PCI topology allows it; false otherwise,
 * and for NULL or non-SGT attachments.
 */
bool dma_buf_sgt_p2p_allowed(struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_match *m = dma_buf_sgt_match_of(attach);

	return m && m->sgt_data.exporter_requires_p2p ==
		    DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_p2p_allowed, "DMA_BUF");

/**
 * dma_buf_get_sgt_ops - the exporter's SGT ops for an attachment
 * @attach: the attachment
 *
 * Return: the ops of the negotiated exporter entry, or NULL when @attach is
 * NULL or not of the SGT type.
 */
const struct dma_buf_mapping_sgt_exp_ops *
dma_buf_get_sgt_ops(struct dma_buf_attachment *attach)
{
	return dma_buf_sgt_match_of(attach) ? dma_buf_sgt_ops_of(attach) : NULL;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_get_sgt_ops, "DMA_BUF");

/**
 * dma_buf_sgt_attach - attach a static SGT importer
 * @dmabuf: the buffer
 * @dev: the device that will DMA to it
 *
 * For importers that only know scatter-gather tables and cannot be told to
 * drop their mappings.  No peer-to-peer.
 *
 * Return: the attachment, or an ERR_PTR as dma_buf_mapping_attach(); NULL
 * @dev is -EINVAL.
 */
struct dma_buf_attachment *dma_buf_sgt_attach(struct dma_buf *dmabuf,
					      struct device *dev)
{
	struct dma_buf_mapping_match imp;

	if (WARN_ON(!dev))
		return ERR_PTR(-EINVAL);
	imp = DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P);
	return dma_buf_mapping_attach(dmabuf, &imp, 1, NULL, NULL);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_attach, "DMA_BUF");

/**
 * dma_buf_sgt_dynamic_attach - attach an SGT importer with importer ops
 * @dmabuf: the buffer
 * @dev: the device that will DMA to it
 * @importer_ops: the importer's ops; P2P is accepted iff
 *	&dma_buf_attach_ops.allow_peer2peer.  NULL makes a static importer.
 * @importer_priv: stored in &dma_buf_attachment.importer_priv
 *
 * Return: the attachment, or an ERR_PTR as dma_buf_mapping_attach(); NULL
 * @dev is -EINVAL.
 */
struct dma_buf_attachment *
dma_buf_sgt_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,
			   const struct dma_buf_attach_ops *importer_ops,
			   void *importer_priv)
{
	bool p2p = importer_ops && importer_ops->allow_peer2peer;
	struct dma_buf_mapping_match imp;

	if (WARN_ON(!dev))
		return ERR_PTR(-EINVAL);
	imp = DMA_BUF_IMAPPING_SGT(dev, p2p ? DMA_SGT_IMPORTER_ACCEPTS_P2P :
					      DMA_SGT_NO_P2P);
	return dma_buf_mapping_attach(dmabuf, &imp, 1, importer_ops,
				      importer_priv);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_dynamic_attach, "DMA_BUF");

/*
 * CONFIG_DMABUF_DEBUG hands the importer a copy of the table that carries
 * only the DMA addresses, so an importer that touches pages it was only
 * lent DMA addresses for crashes at once.
 */
struct dma_buf_sgt_debug_copy {
	struct sg_table *original;
	struct sg_table copy;
};

static int dma_buf_sgt_debug_wrap(struct sg_table **sgt)
{
	struct dma_buf_sgt_debug_copy *dbg;
	struct scatterlist *from, *to;
	int i, ret;

	if (!IS_ENABLED(CONFIG_DMABUF_DEBUG))
		return 0;

	dbg = kzalloc_obj(*dbg);
	if (!dbg)
		return -ENOMEM;
	ret = sg_alloc_table(&dbg->copy, (*sgt)->nents, GFP_KERNEL);
	if (ret) {
		kfree(dbg);
		return ret;
	}
	to = dbg->copy.sgl;
	for_each_sgtable_dma_sg(*sgt, from, i) {
		sg_dma_address(to) = sg_dma_address(from);
		sg_dma_len(to) = sg_dma_len(from);
		to = sg_next(to);
	}
	dbg->original = *sgt;
	*sgt = &dbg->copy;
	return 0;
}

static struct sg_table *dma_buf_sgt_debug_unwrap(struct sg_table *sgt)
{
	struct dma_buf_sgt_debug_copy *dbg;
	struct sg_table *original;

	if (!IS_ENABLED(CONFIG_DMABUF_DEBUG))
		return sgt;

	dbg = container_of(sgt, struct dma_buf_sgt_debug_copy, copy);
	original = dbg->original;
	sg_free_table(&dbg->copy);
	kfree(dbg);
	return original;
}

/*
 * A static importer cannot be told that a buffer moves, so an exporter that
 * can move it (it has pin) keeps it in place while the mapping exists.
 */
static bool dma_buf_sgt_pins_on_map(struct dma_buf_attachment *attach)
{
	/* The exporter first: most cannot move a buffer at all. */
	return attach->dmabuf->ops->pin &&
	       !dma_buf_attachment_is_dynamic(attach);
}

/*
 * The attachment is an SGT one: one test for the argument checks, no
 * separate WARN for a missing SGT match.  The ops are the negotiated
 * entry's (the SGT match refuses an entry without them).
 */
static bool dma_buf_sgt_attach_ok(struct dma_buf_attachment *attach)
{
	return dma_buf_sgt_match_of(attach) && attach->dmabuf;
}

/*
 * The exporter's map_dma_buf, then, for a static importer, the wait for
 * the kernel fences; undone on failure.  With no pin to take, nothing of
 * the caller's outlives the exporter's call (but the fence wait's own),
 * so the common path needs no frame.
 */
static __always_inline struct sg_table *
dma_buf_sgt_map(struct dma_buf_attachment *attach, enum dma_data_direction dir)
{
	const struct dma_buf_mapping_sgt_exp_ops *sgt_ops =
		dma_buf_sgt_ops_of(attach);
	struct sg_table *sgt;
	long wait;
	int ret;

	sgt = sgt_ops->map_dma_buf(attach, dir);
	if (IS_ERR_OR_NULL(sgt))
		return sgt ? sgt : ERR_PTR(-ENOMEM);

	if (!dma_buf_attachment_is_dynamic(attach)) {
		wait = dma_resv_wait_timeout(attach->dmabuf->resv,
					     DMA_RESV_USAGE_KERNEL, true,
					     MAX_SCHEDULE_TIMEOUT);
		if (wait < 0) {
			ret = wait;
			goto err_unmap;
		}
	}
	ret = dma_buf_sgt_debug_wrap(&sgt);
	if (ret)
		goto err_unmap;
	return sgt;

err_unmap:
	sgt_ops->unmap_dma_buf(attach, sgt, dir);
	return ERR_PTR(ret);
}

/* A static importer of an exporter that can move the buffer: pin first. */
static noinline struct sg_table *
dma_buf_sgt_map_pinned(struct dma_buf_attachment *attach,
		       enum dma_data_direction dir)
{
	struct sg_table *sgt;
	int ret;

	ret = attach->dmabuf->ops->pin(attach);
	/* An exporter must not strand a buffer its importers use. */
	WARN_ON_ONCE(ret == -EBUSY);
	if (ret)
		return ERR_PTR(ret);

	sgt = dma_buf_sgt_map(attach, dir);
	if (IS_ERR(sgt))
		attach->dmabuf->ops->unpin(attach);
	return sgt;
}

/**
 * dma_buf_sgt_map_attachment - map an SGT attachment for its device
 * @attach: the attachment, of the SGT type
 * @dir: the direction of the DMA
 *
 * Calls the negotiated exporter entry's map_dma_buf.  A static importer of
 * an exporter that can move the buffer pins it for as long as the mapping
 * exists, and waits for the buffer's kernel fences; a dynamic importer must
 * wait for the fences itself.  The reservation lock must be held.
 *
 * Return: the table, to be given back with dma_buf_sgt_unmap_attachment(),
 * or an ERR_PTR: -EINVAL for a NULL or non-SGT attachment, -ENOMEM when the
 * exporter returned NULL, or the exporter's error.
 */
struct sg_table *
dma_buf_sgt_map_attachment(struct dma_buf_attachment *attach,
			   enum dma_data_direction dir)
{
	might_sleep();

	if (WARN_ON(!dma_buf_sgt_attach_ok(attach)))
		return ERR_PTR(-EINVAL);
	dma_resv_assert_held(attach->dmabuf->resv);

	if (dma_buf_sgt_pins_on_map(attach))
		return dma_buf_sgt_map_pinned(attach, dir);
	return dma_buf_sgt_map(attach, dir);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_map_attachment, "DMA_BUF");

/**
 * dma_buf_sgt_map_attachment_unlocked - dma_buf_sgt_map_attachment(),
 *					 taking the reservation lock
 * @attach: the attachment, of the SGT type
 * @dir: the direction of the DMA
 *
 * Must be called without the reservation lock.  Meant for static
 * importers: a dynamic importer must map under the reservation lock with
 * dma_buf_sgt_map_attachment(), since an invalidate_mappings may arrive as soon as
 * the lock is dropped, before it could record the table to hand back.
 *
 * Return: as dma_buf_sgt_map_attachment().
 */
struct sg_table *
dma_buf_sgt_map_attachment_unlocked(struct dma_buf_attachment *attach,
				    enum dma_data_direction dir)
{
	struct sg_table *sgt;

	might_sleep();

	if (WARN_ON(!attach || !attach->dmabuf))
		return ERR_PTR(-EINVAL);

	dma_resv_lock(attach->dmabuf->resv, NULL);
	sgt = dma_buf_sgt_map_attachment(attach, dir);
	dma_resv_unlock(attach->dmabuf->resv);
	return sgt;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_map_attachment_unlocked, "DMA_BUF");

/**
 * dma_buf_sgt_unmap_attachment - give back a table from
 *				  dma_buf_sgt_map_attachment()
 * @attach: the attachment it was mapped for
 * @sgt: the table
 * @dir: the direction it was mapped with
 *
 * Undoes the pin taken for a static importer.  The reservation lock must be
 * held.
 */
void dma_buf_sgt_unmap_attachment(struct dma_buf_attachment *attach,
				  struct sg_table *sgt,
				  enum dma_data_direction dir)
{
	bool pinned;

	might_sleep();

	if (WARN_ON(!dma_buf_sgt_attach_ok(attach) || !sgt))
		return;
	dma_resv_assert_held(attach->dmabuf->resv);

	/* Decided first: without a pin to drop, the exporter's call is last. */
	pinned = dma_buf_sgt_pins_on_map(attach);
	dma_buf_sgt_ops_of(attach)->unmap_dma_buf(attach,
						  dma_buf_sgt_debug_unwrap(sgt),
						  dir);
	if (pinned)
		attach->dmabuf->ops->unpin(attach);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_unmap_attachment, "DMA_BUF");

/**
 * dma_buf_sgt_unmap_attachment_unlocked - dma_buf_sgt_unmap_attachment(),
 *					   taking the reservation lock
 * @attach: the attachment it was mapped for
 * @sgt: the table
 * @dir: the direction it was mapped with
 *
 * Must be called without the reservation lock.
 */
void dma_buf_sgt_unmap_attachment_unlocked(struct dma_buf_attachment *attach,
					   struct sg_table *sgt,
					   enum dma_data_direction dir)
{
	might_sleep();

	if (WARN_ON(!attach || !attach->dmabuf || !sgt))
		return;

	dma_resv_lock(attach->dmabuf->resv, NULL);
	dma_buf_sgt_unmap_attachment(attach, sgt, dir);
	dma_resv_unlock(attach->dmabuf->resv);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_unmap_attachment_unlocked, "DMA_BUF");

const struct dma_buf_mapping_type dma_buf_mapping_sgt_type = {
	.name = "DMA Mapped Scatter Gather Table",
	.match = dma_buf_sgt_match,
	.finish_match = dma_buf_sgt_finish_match,
	.debugfs_dump = dma_buf_sgt_debugfs_dump,
};
EXPORT_SYMBOL_NS_GPL(dma_buf_mapping_sgt_type, "DMA_BUF");
