// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA-buf mapping types: the SGT type's entries, its
 * peer-to-peer rule and its accessors.
 *
 * The P2P cases need a PCI device and skip without one: the device itself
 * is the provider, and an importing device that is the provider is one
 * pci_p2pdma_distance() accepts, whatever the machine's topology.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>

#include "st-dma-mapping.h"

/* The ops a heap declares, to look at the entry the macro builds. */
static const struct dma_buf_ops sgt_simple_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(dmabuf_kunit_map_unused,
				     dmabuf_kunit_unmap_unused),
};

/* DMA_BUF_SIMPLE_SGT_EXP_MATCH builds a plain, no-P2P SGT entry. */
static void test_simple_sgt_exp_match(struct kunit *test)
{
	const struct dma_buf_mapping_match *m =
		sgt_simple_ops.single_exporter_match;
	const struct dma_buf_mapping_sgt_exp_ops *ops;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_PTR_EQ(test, m->type, &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_EQ(test, m->sgt_data.exporter_requires_p2p,
			DMA_SGT_NO_P2P);
	KUNIT_EXPECT_NULL(test, m->sgt_data.exporting_p2p_device);
	ops = container_of(m->exp_ops, struct dma_buf_mapping_sgt_exp_ops,
			   ops);
	KUNIT_EXPECT_TRUE(test, ops->map_dma_buf == dmabuf_kunit_map_unused);
	KUNIT_EXPECT_TRUE(test,
			  ops->unmap_dma_buf == dmabuf_kunit_unmap_unused);
}

/* The builders put each value in its own side's field. */
static void test_sgt_builders(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct pci_dev *pdev = dmabuf_kunit_pci_dev(test);
	struct dma_buf_mapping_match imp, exp;

	imp = DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_PTR_EQ(test, imp.type, &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_NULL(test, imp.exp_ops);
	KUNIT_EXPECT_PTR_EQ(test, imp.sgt_data.importing_dma_device, dev);
	KUNIT_EXPECT_EQ(test, imp.sgt_data.importer_accepts_p2p,
			DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_EQ(test, imp.sgt_data.exporter_requires_p2p,
			DMA_SGT_NO_P2P);

	exp = DMA_BUF_EMAPPING_SGT_P2P(&dmabuf_kunit_sgt_ops, pdev);
	KUNIT_EXPECT_PTR_EQ(test, exp.exp_ops, &dmabuf_kunit_sgt_ops.ops);
	KUNIT_EXPECT_PTR_EQ(test, exp.sgt_data.exporting_p2p_device, pdev);
	KUNIT_EXPECT_EQ(test, exp.sgt_data.exporter_requires_p2p,
			DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE);
	KUNIT_EXPECT_EQ(test, exp.sgt_data.importer_accepts_p2p,
			DMA_SGT_NO_P2P);

	exp = DMA_BUF_EMAPPING_SGT(&dmabuf_kunit_sgt_ops);
	KUNIT_EXPECT_EQ(test, exp.sgt_data.exporter_requires_p2p,
			DMA_SGT_NO_P2P);

	imp = DMA_BUF_IMAPPING_PAL();
	KUNIT_EXPECT_PTR_EQ(test, imp.type, &dma_buf_mapping_pal_type);
	KUNIT_EXPECT_NULL(test, imp.exp_ops);
	exp = DMA_BUF_EMAPPING_PAL(&dmabuf_kunit_pal_ops);
	KUNIT_EXPECT_PTR_EQ(test, exp.exp_ops, &dmabuf_kunit_pal_ops.ops);
}

/*
 * The SGT P2P rule, every combination: exporter entry with or without
 * P2P, importer accepting or not, and an importing device that
 * pci_p2pdma_distance() accepts (the provider itself) or refuses (a device
 * that is not PCI).
 */
struct p2p_case {
	const char *desc;
	bool exp_p2p;
	bool imp_accepts;
	bool client_is_provider;
	bool want_match;
};

static const struct p2p_case p2p_cases[] = {
	{ "plain exporter, plain importer, non-PCI", false, false, false, true },
	{ "plain exporter, P2P importer, non-PCI", false, true, false, true },
	{ "plain exporter, plain importer, PCI", false, false, true, true },
	{ "plain exporter, P2P importer, PCI", false, true, true, true },
	{ "P2P exporter, plain importer, non-PCI", true, false, false, false },
	{ "P2P exporter, P2P importer, non-PCI", true, true, false, false },
	{ "P2P exporter, plain importer, reachable", true, false, true, false },
	{ "P2P exporter, P2P importer, reachable", true, true, true, true },
};

KUNIT_ARRAY_PARAM_DESC(p2p, p2p_cases, desc);

static void test_sgt_p2p_rule(struct kunit *test)
{
	const struct p2p_case *c = test->param_value;
	struct pci_dev *pdev = dmabuf_kunit_pci_dev(test);
	struct device *dev = c->client_is_provider ? &pdev->dev :
			     dmabuf_kunit_device(test);
	struct dma_buf_mapping_match exp = c->exp_p2p ?
		DMA_BUF_EMAPPING_SGT_P2P(&dmabuf_kunit_sgt_ops, pdev) :
		DMA_BUF_EMAPPING_SGT(&dmabuf_kunit_sgt_ops);
	struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_SGT(dev,
		c->imp_accepts ? DMA_SGT_IMPORTER_ACCEPTS_P2P : DMA_SGT_NO_P2P);
	struct dma_buf_attachment attach = { };
	struct dma_buf_match_args args = {
		.attach = &attach,
		.imp_matches = &imp,
		.imp_len = 1,
	};

	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&args, &exp, 1),
			c->want_match ? 0 : -EINVAL);
	if (!c->want_match)
		return;
	KUNIT_EXPECT_EQ(test, dma_buf_sgt_p2p_allowed(&attach), c->exp_p2p);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(&attach), dev);
	KUNIT_EXPECT_EQ(test, attach.map_type.sgt_data.importer_accepts_p2p,
			c->imp_accepts ? DMA_SGT_IMPORTER_ACCEPTS_P2P :
					 DMA_SGT_NO_P2P);
	/* The exporting device is not kept past negotiation. */
	KUNIT_EXPECT_NULL(test, attach.map_type.sgt_data.exporting_p2p_device);
	if (c->exp_p2p)
		KUNIT_EXPECT_EQ(test, attach.map_type.sgt_data.p2p_distance, 0);
}

/* An exporter offering P2P first and system memory second. */
static void test_sgt_p2p_fallback(struct kunit *test)
{
	struct pci_dev *pdev = dmabuf_kunit_pci_dev(test);
	struct device *other = dmabuf_kunit_device(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT_P2P(&dmabuf_kunit_sgt_ops_other, pdev),
		DMA_BUF_EMAPPING_SGT(&dmabuf_kunit_sgt_ops),
	};
	struct dma_buf *dmabuf = dmabuf_kunit_export_offer(test, exp, 2);
	const struct dma_buf_attach_ops *p2p = &dmabuf_kunit_p2p_importer;
	struct dma_buf_attachment *near, *far, *plain;

	near = dma_buf_sgt_dynamic_attach(dmabuf, &pdev->dev, p2p, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, near));
	far = dma_buf_sgt_dynamic_attach(dmabuf, other, p2p, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, far));
	plain = dma_buf_sgt_dynamic_attach(dmabuf, &pdev->dev,
					   &dmabuf_kunit_dynamic_importer, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, plain));
	KUNIT_EXPECT_TRUE(test, dma_buf_sgt_p2p_allowed(near));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(near),
			    &dmabuf_kunit_sgt_ops_other);
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(far));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(far),
			    &dmabuf_kunit_sgt_ops);
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(plain));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(plain),
			    &dmabuf_kunit_sgt_ops);
}

/* A P2P entry naming no device is refused with a warning, not a crash. */
static void test_sgt_p2p_null_provider(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT_P2P(&dmabuf_kunit_sgt_ops_other, NULL),
		DMA_BUF_EMAPPING_SGT(&dmabuf_kunit_sgt_ops),
	};
	struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_SGT(dev,
					DMA_SGT_IMPORTER_ACCEPTS_P2P);
	struct dma_buf_attachment attach = { };
	struct dma_buf_match_args args = {
		.attach = &attach, .imp_matches = &imp, .imp_len = 1,
	};
	int ret;

	EXPECT_WARN(test, ret = dma_buf_match_mapping(&args, exp, 2));
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(&attach),
			    &dmabuf_kunit_sgt_ops);
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(&attach));
}

/*
 * Beyond the proposal: a P2P value in the other side's field is misuse.
 * Without CONFIG_DMABUF_DEBUG only what the match reads is checked: the
 * importer's device, and the exporter's value on the P2P path; the rest
 * is never read (an importer value other than IMPORTER_ACCEPTS_P2P is no
 * P2P), and only the debug option reports it.
 */
struct wrong_field_case {
	const char *desc;
	u8 imp_accepts, imp_requires;
	u8 exp_accepts, exp_requires;
	bool imp_has_exporting_dev, exp_has_importing_dev, imp_no_dev;
	bool debug_only;
};

static const struct wrong_field_case wrong_field_cases[] = {
	{ "importer says EXPORTER_REQUIRES_P2P_DISTANCE",
	  .imp_accepts = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE,
	  .debug_only = true },
	{ "exporter says IMPORTER_ACCEPTS_P2P",
	  .exp_requires = DMA_SGT_IMPORTER_ACCEPTS_P2P },
	{ "importer sets the exporter's field",
	  .imp_requires = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE,
	  .debug_only = true },
	{ "exporter sets the importer's field",
	  .exp_accepts = DMA_SGT_IMPORTER_ACCEPTS_P2P, .debug_only = true },
	{ "importer value out of range", .imp_accepts = 7, .debug_only = true },
	{ "exporter value out of range", .exp_requires = 7 },
	{ "importer names an exporting device", .imp_has_exporting_dev = true,
	  .debug_only = true },
	{ "exporter names an importing device", .exp_has_importing_dev = true,
	  .debug_only = true },
	{ "importer names no device", .imp_no_dev = true },
};

KUNIT_ARRAY_PARAM_DESC(wrong_field, wrong_field_cases, desc);

static void test_sgt_wrong_field(struct kunit *test)
{
	const struct wrong_field_case *c = test->param_value;
	struct device *dev = dmabuf_kunit_device(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT(&dmabuf_kunit_sgt_ops),
		DMA_BUF_EMAPPING_SGT(&dmabuf_kunit_sgt_ops_other),
	};
	struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_SGT(dev,
								DMA_SGT_NO_P2P);
	struct dma_buf_attachment attach = { };
	struct dma_buf_match_args args = {
		.attach = &attach, .imp_matches = &imp, .imp_len = 1,
	};
	int ret;

	if (c->debug_only && !IS_ENABLED(CONFIG_DMABUF_DEBUG))
		kunit_skip(test, "checked with CONFIG_DMABUF_DEBUG only");
	imp.sgt_data.importer_accepts_p2p = c->imp_accepts;
	imp.sgt_data.exporter_requires_p2p = c->imp_requires;
	exp[0].sgt_data.importer_accepts_p2p = c->exp_accepts;
	exp[0].sgt_data.exporter_requires_p2p = c->exp_requires;
	/* Only tested for NULL, never dereferenced. */
	if (c->imp_has_exporting_dev)
		imp.sgt_data.exporting_p2p_device = (struct pci_dev *)dev;
	if (c->exp_has_importing_dev)
		exp[0].sgt_data.importing_dma_device = dev;
	if (c->imp_no_dev)
		imp.sgt_data.importing_dma_device = NULL;

	/* The search aborts: the good second entry is not tried. */
	EXPECT_WARN(test, ret = dma_buf_match_mapping(&args, exp, 2));
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_NULL(test, attach.map_type.type);
}

static void test_accessors_null(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, dma_buf_sgt_dma_device(NULL));
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(NULL));
	KUNIT_EXPECT_NULL(test, dma_buf_get_sgt_ops(NULL));
}

static void test_accessors_non_sgt(struct kunit *test)
{
	struct dma_buf_mapping_match exp =
		DMA_BUF_EMAPPING_PAL(&dmabuf_kunit_pal_ops);
	struct dma_buf *dmabuf = dmabuf_kunit_export_offer(test, &exp, 1);
	struct dma_buf_attachment *attach = dmabuf_kunit_attach_pal(test,
								    dmabuf);

	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_pal_type);
	KUNIT_EXPECT_NULL(test, dma_buf_sgt_dma_device(attach));
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(attach));
	KUNIT_EXPECT_NULL(test, dma_buf_get_sgt_ops(attach));
}

static struct kunit_case dma_mapping_sgt_cases[] = {
	KUNIT_CASE(test_simple_sgt_exp_match),
	KUNIT_CASE(test_sgt_builders),
	KUNIT_CASE_PARAM(test_sgt_p2p_rule, p2p_gen_params),
	KUNIT_CASE(test_sgt_p2p_fallback),
	KUNIT_CASE(test_sgt_p2p_null_provider),
	KUNIT_CASE_PARAM(test_sgt_wrong_field, wrong_field_gen_params),
	KUNIT_CASE(test_accessors_null),
	KUNIT_CASE(test_accessors_non_sgt),
	{}
};

static struct kunit_suite dma_mapping_sgt_suite = {
	.name = "dma-buf-mapping-sgt",
	.test_cases = dma_mapping_sgt_cases,
};

kunit_test_suite(dma_mapping_sgt_suite);
