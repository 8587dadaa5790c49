// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA-buf mapping types: an attachment's line in the
 * debugfs bufinfo listing, for each type, and with the P2P distance of an
 * SGT peer-to-peer match.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/pci.h>
#include <linux/seq_file.h>

#include "st-dma-mapping.h"

/* The debugfs line of @attach, into @buf. */
static void debugfs_line(struct dma_buf_attachment *attach, char *buf,
			 size_t size)
{
	struct seq_file s;

	dmabuf_kunit_seq_capture(&s, buf, size);
	dma_buf_mapping_debugfs_show(&s, attach);
}

static void test_debugfs_sgt_line(struct kunit *test)
{
	struct dma_buf_mapping_match exp =
		DMA_BUF_EMAPPING_SGT(&dmabuf_kunit_sgt_ops);
	struct dma_buf *dmabuf = dmabuf_kunit_export_offer(test, &exp, 1);
	struct dma_buf_attachment *attach;
	char buf[128], want[128];

	attach = dmabuf_kunit_attach_sgt(test, dmabuf, false);
	debugfs_line(attach, buf, sizeof(buf));
	snprintf(want, sizeof(want), "\tDMA Mapped Scatter Gather Table: %s\n",
		 dev_name(dma_buf_sgt_dma_device(attach)));
	KUNIT_EXPECT_STREQ(test, buf, want);
}

static void test_debugfs_p2p_line(struct kunit *test)
{
	struct pci_dev *pdev = dmabuf_kunit_pci_dev(test);
	struct dma_buf_mapping_match exp =
		DMA_BUF_EMAPPING_SGT_P2P(&dmabuf_kunit_sgt_ops, pdev);
	struct dma_buf *dmabuf = dmabuf_kunit_export_offer(test, &exp, 1);
	struct dma_buf_attachment *attach;
	char buf[128], want[128];

	attach = dma_buf_sgt_dynamic_attach(dmabuf, &pdev->dev,
					    &dmabuf_kunit_p2p_importer, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	debugfs_line(attach, buf, sizeof(buf));
	snprintf(want, sizeof(want),
		 "\tDMA Mapped Scatter Gather Table: %s (P2P distance 0)\n",
		 pci_name(pdev));
	KUNIT_EXPECT_STREQ(test, buf, want);
}

static void test_debugfs_pal_line(struct kunit *test)
{
	struct dma_buf_mapping_match exp =
		DMA_BUF_EMAPPING_PAL(&dmabuf_kunit_pal_ops);
	struct dma_buf *dmabuf = dmabuf_kunit_export_offer(test, &exp, 1);
	struct dma_buf_attachment *attach;
	char buf[128];

	attach = dmabuf_kunit_attach_pal(test, dmabuf);
	debugfs_line(attach, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "\tPhysical Address List:\n");
}

static struct kunit_case dma_mapping_debugfs_cases[] = {
	KUNIT_CASE(test_debugfs_sgt_line),
	KUNIT_CASE(test_debugfs_p2p_line),
	KUNIT_CASE(test_debugfs_pal_line),
	{}
};

static struct kunit_suite dma_mapping_debugfs_suite = {
	.name = "dma-buf-mapping-debugfs",
	.test_cases = dma_mapping_debugfs_cases,
};

kunit_test_suite(dma_mapping_debugfs_suite);
