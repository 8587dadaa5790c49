// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA-buf mapping types: the helpers the suites share
 * (st-dma-mapping.h), and the module they are linked into.
 *
 * The suites, one file each: the matcher on its own (-matcher), attach,
 * detach and export checks (-attach), the SGT type's rules and accessors
 * (-sgt), the SGT map path (-map), the PAL type (-pal) and the debugfs
 * line (-debugfs).  The same files run in a Linux kernel and in the
 * userspace host under tools/testing/dma-buf.  They use only kernel APIs:
 * mock exporters built on dma_buf_export(), importers built on the attach
 * functions, KUnit devices, and whatever PCI device the machine has for
 * the peer-to-peer cases.
 *
 * Two more suites only a kernel runs: the real p2pdma code on the PCIe
 * topology QEMU emulates (-p2p), and the system heap as an exporter
 * (-heap, with the heap).
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "st-dma-mapping.h"

static void dmabuf_kunit_invalidate(struct dma_buf_attachment *attach)
{
}

const struct dma_buf_attach_ops dmabuf_kunit_dynamic_importer = {
	.invalidate_mappings = dmabuf_kunit_invalidate,
};

const struct dma_buf_attach_ops dmabuf_kunit_p2p_importer = {
	.allow_peer2peer = true,
	.invalidate_mappings = dmabuf_kunit_invalidate,
};

/**
 * dmabuf_kunit_map_unused() - an exporter's map for cases that never map
 * @attach: the attachment
 * @dir: the direction
 *
 * Return: ERR_PTR(-EIO).
 */
struct sg_table *dmabuf_kunit_map_unused(struct dma_buf_attachment *attach,
					 enum dma_data_direction dir)
{
	return ERR_PTR(-EIO);
}

/**
 * dmabuf_kunit_unmap_unused() - the unmap that goes with it
 * @attach: the attachment
 * @sgt: the table, never one this exporter handed out
 * @dir: the direction
 */
void dmabuf_kunit_unmap_unused(struct dma_buf_attachment *attach,
			       struct sg_table *sgt,
			       enum dma_data_direction dir)
{
}

static struct dma_buf_phys_list *
dmabuf_kunit_map_phys_unused(struct dma_buf_attachment *attach)
{
	return ERR_PTR(-EIO);
}

static void dmabuf_kunit_unmap_phys_unused(struct dma_buf_attachment *attach,
					   struct dma_buf_phys_list *phys)
{
}

const struct dma_buf_mapping_sgt_exp_ops dmabuf_kunit_sgt_ops = {
	.map_dma_buf = dmabuf_kunit_map_unused,
	.unmap_dma_buf = dmabuf_kunit_unmap_unused,
};

/* The same functions: only the address of the ops tells them apart. */
const struct dma_buf_mapping_sgt_exp_ops dmabuf_kunit_sgt_ops_other = {
	.map_dma_buf = dmabuf_kunit_map_unused,
	.unmap_dma_buf = dmabuf_kunit_unmap_unused,
};

const struct dma_buf_mapping_pal_exp_ops dmabuf_kunit_pal_ops = {
	.map_phys = dmabuf_kunit_map_phys_unused,
	.unmap_phys = dmabuf_kunit_unmap_phys_unused,
};

/*
 * The last put from a kernel thread, as a KUnit case is, leaves the
 * release to delayed fput work.  What the exporter's release uses is
 * test-managed and goes away right after this action, so the release must
 * have run by then.
 */
static void dmabuf_kunit_put_action(void *dmabuf)
{
	dma_buf_put(dmabuf);
	flush_delayed_fput();
}

/**
 * dmabuf_kunit_exported() - hand a freshly exported dma-buf to the case
 * @test: the test case
 * @dmabuf: what dma_buf_export() returned
 *
 * A valid buffer is put, and its release run, when the case ends.
 *
 * Return: @dmabuf, unchanged, for the caller to check.
 */
struct dma_buf *dmabuf_kunit_exported(struct kunit *test,
				      struct dma_buf *dmabuf)
{
	int ret;

	if (IS_ERR_OR_NULL(dmabuf))
		return dmabuf;
	ret = kunit_add_action_or_reset(test, dmabuf_kunit_put_action, dmabuf);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return dmabuf;
}

/**
 * dmabuf_kunit_export() - export a test buffer owned by the case
 * @test: the test case
 * @ops: the exporter's ops
 * @priv: the exporter's data, allocated before this call if test-managed
 *
 * Return: the buffer, %MOCK_SIZE bytes; the case fails if export does.
 */
struct dma_buf *dmabuf_kunit_export(struct kunit *test,
				    const struct dma_buf_ops *ops, void *priv)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;

	exp_info.ops = ops;
	exp_info.size = MOCK_SIZE;
	exp_info.priv = priv;
	dmabuf = dmabuf_kunit_exported(test, dma_buf_export(&exp_info));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	return dmabuf;
}

/* An exporter that offers a fixed list and does nothing else. */
#define OFFER_MAX	4

struct dmabuf_kunit_offer {
	struct dma_buf_mapping_match exp[OFFER_MAX];
	size_t n;
};

static int dmabuf_kunit_offer_match(struct dma_buf_match_args *args)
{
	struct dmabuf_kunit_offer *offer = args->dmabuf->priv;

	return dma_buf_match_mapping(args, offer->exp, offer->n);
}

static void dmabuf_kunit_offer_release(struct dma_buf *dmabuf)
{
}

static const struct dma_buf_ops dmabuf_kunit_offer_ops = {
	.match_mapping = dmabuf_kunit_offer_match,
	.release = dmabuf_kunit_offer_release,
};

/**
 * dmabuf_kunit_export_offer() - export a buffer whose exporter offers a list
 * @test: the test case
 * @exp: the exporter's entries, highest priority first; copied
 * @n: how many, at most four
 *
 * Return: the buffer, owned by the case.
 */
struct dma_buf *
dmabuf_kunit_export_offer(struct kunit *test,
			  const struct dma_buf_mapping_match *exp, size_t n)
{
	struct dmabuf_kunit_offer *offer;

	KUNIT_ASSERT_LE(test, n, OFFER_MAX);
	offer = kunit_kzalloc(test, sizeof(*offer), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, offer);
	memcpy(offer->exp, exp, n * sizeof(*exp));
	offer->n = n;
	return dmabuf_kunit_export(test, &dmabuf_kunit_offer_ops, offer);
}

/**
 * dmabuf_kunit_put() - put the case's reference now, and run the release
 * @test: the test case
 * @dmabuf: a buffer from the export helpers
 */
void dmabuf_kunit_put(struct kunit *test, struct dma_buf *dmabuf)
{
	kunit_release_action(test, dmabuf_kunit_put_action, dmabuf);
}

/**
 * dmabuf_kunit_put_deferred() - put the case's reference as a driver would
 * @test: the test case
 * @dmabuf: a buffer from the export helpers
 *
 * A plain dma_buf_put(): if it is the last one, the release is left to
 * delayed fput work, as from any kernel thread.
 */
void dmabuf_kunit_put_deferred(struct kunit *test, struct dma_buf *dmabuf)
{
	kunit_remove_action(test, dmabuf_kunit_put_action, dmabuf);
	dma_buf_put(dmabuf);
}

static void dmabuf_kunit_detach_action(void *data)
{
	struct dma_buf_attachment *attach = data;

	dma_buf_detach(attach->dmabuf, attach);
}

/**
 * dmabuf_kunit_attached() - hand a new attachment to the case
 * @test: the test case
 * @attach: what an attach function returned
 *
 * A valid attachment is detached when the case ends, before its buffer
 * is put.
 *
 * Return: @attach, unchanged, for the caller to check.
 */
struct dma_buf_attachment *
dmabuf_kunit_attached(struct kunit *test, struct dma_buf_attachment *attach)
{
	int ret;

	if (IS_ERR_OR_NULL(attach))
		return attach;
	ret = kunit_add_action_or_reset(test, dmabuf_kunit_detach_action,
					attach);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return attach;
}

/**
 * dmabuf_kunit_detach() - detach now
 * @test: the test case
 * @attach: an attachment from dmabuf_kunit_attached()
 */
void dmabuf_kunit_detach(struct kunit *test, struct dma_buf_attachment *attach)
{
	kunit_release_action(test, dmabuf_kunit_detach_action, attach);
}

/**
 * dmabuf_kunit_attach_sgt() - attach a new KUnit device as an SGT importer
 * @test: the test case
 * @dmabuf: the buffer
 * @dynamic: attach with dma_buf_sgt_dynamic_attach() rather than dma_buf_sgt_attach()
 *
 * Return: the attachment, owned by the case; the case fails if attach does.
 */
struct dma_buf_attachment *dmabuf_kunit_attach_sgt(struct kunit *test,
						   struct dma_buf *dmabuf,
						   bool dynamic)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct dma_buf_attachment *attach;

	attach = dynamic ?
		 dma_buf_sgt_dynamic_attach(dmabuf, dev,
					    &dmabuf_kunit_dynamic_importer, NULL) :
		 dma_buf_sgt_attach(dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	return attach;
}

/**
 * dmabuf_kunit_attach_pal() - attach as a dynamic importer of PAL only
 * @test: the test case
 * @dmabuf: the buffer
 *
 * Return: the attachment, owned by the case; the case fails if attach does.
 */
struct dma_buf_attachment *dmabuf_kunit_attach_pal(struct kunit *test,
						   struct dma_buf *dmabuf)
{
	struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_PAL();
	struct dma_buf_attachment *attach;

	attach = dma_buf_mapping_attach(dmabuf, &imp, 1,
					&dmabuf_kunit_dynamic_importer, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	return attach;
}

static void dmabuf_kunit_unmap_sgt_action(void *data)
{
	struct dmabuf_kunit_mapping *map = data;

	dma_buf_sgt_unmap_attachment_unlocked(map->attach, map->sgt, map->dir);
}

/**
 * dmabuf_kunit_sgt_mapped() - hand an SGT mapping to the case
 * @test: the test case
 * @attach: the attachment it was made through
 * @sgt: what the map function returned
 * @dir: the direction it was made for
 *
 * A valid mapping is unmapped, without the reservation lock, when the
 * case ends, before the attachment is detached.
 *
 * Return: the mapping; its @sgt is @sgt, unchanged, for the caller to check.
 */
struct dmabuf_kunit_mapping *
dmabuf_kunit_sgt_mapped(struct kunit *test, struct dma_buf_attachment *attach,
			struct sg_table *sgt, enum dma_data_direction dir)
{
	struct dmabuf_kunit_mapping *map;
	int ret;

	map = kunit_kzalloc(test, sizeof(*map), GFP_KERNEL);
	if (!map && !IS_ERR_OR_NULL(sgt))
		dma_buf_sgt_unmap_attachment_unlocked(attach, sgt, dir);
	KUNIT_ASSERT_NOT_NULL(test, map);
	map->attach = attach;
	map->dir = dir;
	map->sgt = sgt;
	if (IS_ERR_OR_NULL(sgt))
		return map;
	ret = kunit_add_action_or_reset(test, dmabuf_kunit_unmap_sgt_action,
					map);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return map;
}

/**
 * dmabuf_kunit_map_sgt() - map without the reservation lock, for the case
 * @test: the test case
 * @attach: an SGT attachment
 * @dir: the direction
 *
 * Return: the mapping, as dmabuf_kunit_sgt_mapped() gives it.
 */
struct dmabuf_kunit_mapping *
dmabuf_kunit_map_sgt(struct kunit *test, struct dma_buf_attachment *attach,
		     enum dma_data_direction dir)
{
	return dmabuf_kunit_sgt_mapped(test, attach,
				       dma_buf_sgt_map_attachment_unlocked(attach,
									   dir),
				       dir);
}

/**
 * dmabuf_kunit_unmap_sgt() - unmap now, without the reservation lock
 * @test: the test case
 * @map: a valid mapping from the SGT helpers
 */
void dmabuf_kunit_unmap_sgt(struct kunit *test,
			    struct dmabuf_kunit_mapping *map)
{
	kunit_release_action(test, dmabuf_kunit_unmap_sgt_action, map);
}

/**
 * dmabuf_kunit_unmap_sgt_locked() - unmap now, reservation lock held
 * @test: the test case
 * @map: a valid mapping from the SGT helpers
 *
 * The caller holds the buffer's reservation lock.
 */
void dmabuf_kunit_unmap_sgt_locked(struct kunit *test,
				   struct dmabuf_kunit_mapping *map)
{
	kunit_remove_action(test, dmabuf_kunit_unmap_sgt_action, map);
	dma_buf_sgt_unmap_attachment(map->attach, map->sgt, map->dir);
}

static void dmabuf_kunit_unmap_pal_action(void *data)
{
	struct dmabuf_kunit_mapping *map = data;
	struct dma_resv *resv = map->attach->dmabuf->resv;

	dma_resv_lock(resv, NULL);
	dma_buf_pal_unmap_phys(map->attach, map->phys);
	dma_resv_unlock(resv);
}

/**
 * dmabuf_kunit_map_pal() - map a PAL attachment for the case
 * @test: the test case
 * @attach: a PAL attachment
 *
 * Takes the reservation lock around the map, and around the unmap when
 * the case ends.
 *
 * Return: the mapping; its @phys is what dma_buf_pal_map_phys() returned.
 */
struct dmabuf_kunit_mapping *
dmabuf_kunit_map_pal(struct kunit *test, struct dma_buf_attachment *attach)
{
	struct dma_resv *resv = attach->dmabuf->resv;
	struct dmabuf_kunit_mapping *map;
	int ret;

	map = kunit_kzalloc(test, sizeof(*map), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, map);
	map->attach = attach;
	dma_resv_lock(resv, NULL);
	map->phys = dma_buf_pal_map_phys(attach);
	dma_resv_unlock(resv);
	if (IS_ERR_OR_NULL(map->phys))
		return map;
	ret = kunit_add_action_or_reset(test, dmabuf_kunit_unmap_pal_action,
					map);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return map;
}

/**
 * dmabuf_kunit_unmap_pal() - unmap a PAL mapping now
 * @test: the test case
 * @map: a valid mapping from dmabuf_kunit_map_pal()
 */
void dmabuf_kunit_unmap_pal(struct kunit *test,
			    struct dmabuf_kunit_mapping *map)
{
	kunit_release_action(test, dmabuf_kunit_unmap_pal_action, map);
}

/**
 * dmabuf_kunit_device() - a KUnit device to import with
 * @test: the test case
 *
 * KUnit devices need unique names: two of one name cannot be registered.
 *
 * Return: the device, unregistered when the case ends.
 */
struct device *dmabuf_kunit_device(struct kunit *test)
{
	static atomic_t serial = ATOMIC_INIT(0);
	struct device *dev;
	char name[32];

	snprintf(name, sizeof(name), "dmabuf-imp.%d",
		 atomic_inc_return(&serial));
	dev = kunit_device_register(test, name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	return dev;
}

KUNIT_DEFINE_ACTION_WRAPPER(dmabuf_kunit_pci_dev_put, pci_dev_put,
			    struct pci_dev *);

/**
 * dmabuf_kunit_pci_dev() - any PCI device of the machine, or skip
 * @test: the test case
 *
 * Only the peer-to-peer cases need one.
 *
 * Return: the device, with a reference the case drops when it ends.
 */
struct pci_dev *dmabuf_kunit_pci_dev(struct kunit *test)
{
	struct pci_dev *pdev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL);
	int ret;

	if (!pdev)
		kunit_skip(test, "no PCI device on this machine");
	ret = kunit_add_action_or_reset(test, dmabuf_kunit_pci_dev_put, pdev);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return pdev;
}

/**
 * dmabuf_kunit_seq_capture() - a seq_file that writes into a buffer
 * @s: the seq_file to set up
 * @buf: where the output goes, zeroed first
 * @size: the size of @buf
 */
void dmabuf_kunit_seq_capture(struct seq_file *s, char *buf, size_t size)
{
	memset(buf, 0, size);
	memset(s, 0, sizeof(*s));
	s->buf = buf;
	s->size = size;
}

/* The module's description and licence are st-dma-resv.c's. */
MODULE_IMPORT_NS("DMA_BUF");
MODULE_IMPORT_NS("DMA_BUF_PAL");
