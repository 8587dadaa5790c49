// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA-buf mapping types on real PCI P2P hardware rules.
 *
 * Only a kernel can run these: they ask the kernel's own p2pdma code about
 * the PCIe topology QEMU emulates for the project's KUnit run
 * (kernel/qemu-p2p.args): two NVMe controllers, A with a controller memory
 * buffer (which Linux registers as P2P memory) and B, below the downstream
 * ports of one switch, and a third, C, on another root port of q35's host
 * bridge (8086:29c0, not on the P2P whitelist).  Without that topology
 * every case skips.
 *
 * The answers are also logged as "fixture:" lines; the userspace host's
 * topology model is tested against them (tests/p2pdma-qemu.c).
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/scatterlist.h>

#include "st-dma-mapping.h"

#define QEMU_NVME_VENDOR	0x1b36
#define QEMU_NVME_DEVICE	0x0010
#define QEMU_NVME_CMB_BAR	2

struct qemu_p2p {
	struct pci_dev *a, *b, *c;
	struct p2pdma_provider *cmb;	/* A's controller memory buffer */
};

static void qemu_p2p_put(void *data)
{
	struct qemu_p2p *q = data;

	pci_dev_put(q->a);
	pci_dev_put(q->b);
	pci_dev_put(q->c);
}

/* Which of the three a controller is, told by where it sits. */
static struct pci_dev **qemu_p2p_slot(struct qemu_p2p *q, struct pci_dev *pdev)
{
	struct pci_dev *up = pci_upstream_bridge(pdev);

	if (pci_resource_len(pdev, QEMU_NVME_CMB_BAR))
		return &q->a;
	if (up && pci_pcie_type(up) == PCI_EXP_TYPE_ROOT_PORT)
		return &q->c;
	return &q->b;
}

/*
 * The three controllers, or skip the case.  Bus numbers are the
 * firmware's choice, so they are told apart by the CMB and the topology.
 */
static struct qemu_p2p *qemu_p2p_find(struct kunit *test)
{
	struct qemu_p2p *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	struct pci_dev *pdev = NULL, **slot;

	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, qemu_p2p_put, q),
			0);
	/* The CMB becomes P2P memory when nvme probes, asynchronously. */
	wait_for_device_probe();
	while ((pdev = pci_get_device(QEMU_NVME_VENDOR, QEMU_NVME_DEVICE,
				      pdev))) {
		slot = qemu_p2p_slot(q, pdev);
		if (!*slot)
			*slot = pci_dev_get(pdev);
	}
	if (!q->a || !q->b || !q->c || !IS_ENABLED(CONFIG_PCI_P2PDMA))
		kunit_skip(test, "needs the QEMU NVMe topology and P2PDMA");

	KUNIT_ASSERT_EQ(test, pcim_p2pdma_init(q->a), 0);
	q->cmb = pcim_p2pdma_provider(q->a, QEMU_NVME_CMB_BAR);
	KUNIT_ASSERT_NOT_NULL(test, q->cmb);
	return q;
}

static const char *map_type_name(enum pci_p2pdma_map_type type)
{
	switch (type) {
	case PCI_P2PDMA_MAP_BUS_ADDR:
		return "BUS_ADDR";
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:
		return "THRU_HOST_BRIDGE";
	case PCI_P2PDMA_MAP_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	default:
		return "UNKNOWN";
	}
}

/* Behind one switch: bus addresses, two steps up and two down. */
static void test_qemu_same_switch(struct kunit *test)
{
	struct qemu_p2p *q = qemu_p2p_find(test);

	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(q->a, &q->b->dev, true), 4);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_map_type(q->cmb, &q->b->dev),
			PCI_P2PDMA_MAP_BUS_ADDR);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(q->a, &q->a->dev, true), 0);
}

/* Across root ports of a host bridge not on the whitelist: refused. */
static void test_qemu_root_ports(struct kunit *test)
{
	struct qemu_p2p *q = qemu_p2p_find(test);

	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(q->a, &q->c->dev, true), -1);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_map_type(q->cmb, &q->c->dev),
			PCI_P2PDMA_MAP_NOT_SUPPORTED);
}

/* Every ordered pair, for the host model to be checked against. */
static void test_qemu_fixtures(struct kunit *test)
{
	struct qemu_p2p *q = qemu_p2p_find(test);
	struct pci_dev *devs[] = { q->a, q->b, q->c };
	int i, j;

	for (i = 0; i < ARRAY_SIZE(devs); i++)
		for (j = 0; j < ARRAY_SIZE(devs); j++)
			kunit_info(test, "fixture: %s %s distance %d",
				   pci_name(devs[i]), pci_name(devs[j]),
				   pci_p2pdma_distance(devs[i], &devs[j]->dev,
						       false));
	for (j = 0; j < ARRAY_SIZE(devs); j++)
		kunit_info(test, "fixture: %s %s map %s", pci_name(q->a),
			   pci_name(devs[j]),
			   map_type_name(pci_p2pdma_map_type(q->cmb,
							     &devs[j]->dev)));
}

/* An MMIO exporter: the CMB peer-to-peer first, system memory second. */
static struct sg_table *cmb_map(struct dma_buf_attachment *attach,
				enum dma_data_direction dir)
{
	struct qemu_p2p *q = attach->dmabuf->priv;
	struct dma_buf_phys_vec vec = {
		.paddr = pci_resource_start(q->a, QEMU_NVME_CMB_BAR),
		.len = PAGE_SIZE,
	};

	return dma_buf_phys_vec_to_sgt(attach, q->cmb, &vec, 1, PAGE_SIZE,
				       dir);
}

static void cmb_unmap(struct dma_buf_attachment *attach, struct sg_table *sgt,
		      enum dma_data_direction dir)
{
	dma_buf_free_sgt(attach, sgt, dir);
}

static struct sg_table *sysmem_map(struct dma_buf_attachment *attach,
				   enum dma_data_direction dir)
{
	return ERR_PTR(-EIO);	/* never mapped in these cases */
}

static void sysmem_unmap(struct dma_buf_attachment *attach,
			 struct sg_table *sgt, enum dma_data_direction dir)
{
}

static const struct dma_buf_mapping_sgt_exp_ops cmb_ops = {
	.map_dma_buf = cmb_map,
	.unmap_dma_buf = cmb_unmap,
};

static const struct dma_buf_mapping_sgt_exp_ops sysmem_ops = {
	.map_dma_buf = sysmem_map,
	.unmap_dma_buf = sysmem_unmap,
};

static int cmb_match_mapping(struct dma_buf_match_args *args)
{
	struct qemu_p2p *q = args->dmabuf->priv;
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT_P2P(&cmb_ops, q->a),
		DMA_BUF_EMAPPING_SGT(&sysmem_ops),
	};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

static void cmb_release(struct dma_buf *dmabuf)
{
}

static const struct dma_buf_ops cmb_dma_buf_ops = {
	.match_mapping = cmb_match_mapping,
	.release = cmb_release,
};

/*
 * B negotiates the CMB and maps it at its bus address; C, which the
 * topology refuses, falls back to system memory.
 */
static void test_qemu_p2p_sgt(struct kunit *test)
{
	struct qemu_p2p *q = qemu_p2p_find(test);
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	const struct dma_buf_attach_ops *p2p = &dmabuf_kunit_p2p_importer;
	struct dma_buf_attachment *near, *far;
	struct dmabuf_kunit_mapping *map;
	struct dma_buf *dmabuf;

	exp_info.ops = &cmb_dma_buf_ops;
	exp_info.size = PAGE_SIZE;
	exp_info.priv = q;
	dmabuf = dmabuf_kunit_exported(test, dma_buf_export(&exp_info));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);

	near = dma_buf_dynamic_attach(dmabuf, &q->b->dev, p2p, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, near));
	far = dma_buf_dynamic_attach(dmabuf, &q->c->dev, p2p, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, far));
	KUNIT_EXPECT_TRUE(test, dma_buf_sgt_p2p_allowed(near));
	KUNIT_EXPECT_EQ(test, near->map_type.sgt_data.p2p_distance, 4);
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(far));

	map = dmabuf_kunit_map_sgt(test, near, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map->sgt);
	KUNIT_EXPECT_EQ(test, map->sgt->nents, 1);
	KUNIT_EXPECT_EQ(test, sg_dma_address(map->sgt->sgl),
			(dma_addr_t)pci_bus_address(q->a, QEMU_NVME_CMB_BAR));
}

static struct kunit_case dma_mapping_p2p_cases[] = {
	KUNIT_CASE(test_qemu_same_switch),
	KUNIT_CASE(test_qemu_root_ports),
	KUNIT_CASE(test_qemu_fixtures),
	KUNIT_CASE(test_qemu_p2p_sgt),
	{}
};

static struct kunit_suite dma_mapping_p2p_suite = {
	.name = "dma-buf-mapping-p2p",
	.test_cases = dma_mapping_p2p_cases,
};

kunit_test_suite(dma_mapping_p2p_suite);
