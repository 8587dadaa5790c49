// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA-buf mapping types: attach and detach, the export
 * checks, and every pairing of importer kind with exporter kind.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/file.h>
#include <linux/list.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "st-dma-mapping.h"

/*
 * An exporter that never maps: it offers @exp through match_mapping, or
 * answers @match_mapping_ret without matching, and records what the core
 * asks of it.  Allocated before export: release writes to it.
 */
struct attach_mock {
	struct kunit *test;
	struct dma_buf *dmabuf;
	struct dma_buf_mapping_match exp[2];
	size_t exp_len;
	bool skip_matcher;
	int match_mapping_ret;
	int attach_ret;

	unsigned int match_mapping_calls;
	struct dma_buf_match_args seen_args;
	struct dma_buf_attachment seen_attach;
	unsigned int attach_calls, detach_calls, release_calls;
};

static int attach_mock_match_mapping(struct dma_buf_match_args *args)
{
	struct attach_mock *mock = args->dmabuf->priv;

	mock->match_mapping_calls++;
	mock->seen_args = *args;
	if (args->attach)
		mock->seen_attach = *args->attach;
	if (mock->skip_matcher)
		return mock->match_mapping_ret;
	return dma_buf_match_mapping(args, mock->exp, mock->exp_len);
}

static int attach_mock_attach(struct dma_buf *dmabuf,
			      struct dma_buf_attachment *attach)
{
	struct attach_mock *mock = dmabuf->priv;

	mock->attach_calls++;
	/* The type is negotiated before the exporter's attach runs. */
	KUNIT_EXPECT_NOT_NULL(mock->test, attach->map_type.type);
	return mock->attach_ret;
}

static void attach_mock_detach(struct dma_buf *dmabuf,
			       struct dma_buf_attachment *attach)
{
	struct attach_mock *mock = dmabuf->priv;

	mock->detach_calls++;
}

static void attach_mock_release(struct dma_buf *dmabuf)
{
	struct attach_mock *mock = dmabuf->priv;

	mock->release_calls++;
}

/* An aware exporter: mock->exp is its list. */
static const struct dma_buf_ops attach_aware_ops = {
	.attach = attach_mock_attach,
	.detach = attach_mock_detach,
	.match_mapping = attach_mock_match_mapping,
	.release = attach_mock_release,
};

/* One static SGT entry, as the heaps declare themselves. */
static const struct dma_buf_ops attach_simple_ops = {
	.attach = attach_mock_attach,
	.detach = attach_mock_detach,
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(dmabuf_kunit_map_unused,
				     dmabuf_kunit_unmap_unused),
	.release = attach_mock_release,
};

static struct attach_mock *attach_mock_new(struct kunit *test)
{
	struct attach_mock *mock = kunit_kzalloc(test, sizeof(*mock),
						 GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mock);
	mock->test = test;
	return mock;
}

/* A buffer of @ops, offering @n entries of @exp if @ops is aware. */
static struct attach_mock *
attach_mock_export(struct kunit *test, const struct dma_buf_ops *ops,
		   const struct dma_buf_mapping_match *exp, size_t n)
{
	struct attach_mock *mock = attach_mock_new(test);

	KUNIT_ASSERT_LE(test, n, ARRAY_SIZE(mock->exp));
	if (n)
		memcpy(mock->exp, exp, n * sizeof(*exp));
	mock->exp_len = n;
	mock->dmabuf = dmabuf_kunit_export(test, ops, mock);
	return mock;
}

/* Attach with an aware exporter: match_mapping sees the whole request. */
static void test_attach_aware_exporter(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_PAL(&dmabuf_kunit_pal_ops),
		DMA_BUF_EMAPPING_SGT(&dmabuf_kunit_sgt_ops),
	};
	struct dma_buf_mapping_match imp[] = {
		DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P),
	};
	struct attach_mock *mock = attach_mock_export(test, &attach_aware_ops,
						      exp, 2);
	struct dma_buf_attachment *attach;
	int cookie;

	attach = dma_buf_mapping_attach(mock->dmabuf, imp, 1,
					&dmabuf_kunit_dynamic_importer,
					&cookie);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	KUNIT_EXPECT_EQ(test, mock->match_mapping_calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_args.dmabuf, mock->dmabuf);
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_args.attach, attach);
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_args.imp_matches,
			    (const struct dma_buf_mapping_match *)imp);
	KUNIT_EXPECT_EQ(test, mock->seen_args.imp_len, 1);
	/* Beyond the proposal: who imports is known while negotiating. */
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_attach.dmabuf, mock->dmabuf);
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_attach.importer_ops,
			    &dmabuf_kunit_dynamic_importer);
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_attach.importer_priv,
			    (void *)&cookie);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(attach),
			    &dmabuf_kunit_sgt_ops);
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 1);
	dmabuf_kunit_detach(test, attach);
	KUNIT_EXPECT_EQ(test, mock->detach_calls, 1);
	dmabuf_kunit_put(test, mock->dmabuf);
	KUNIT_EXPECT_EQ(test, mock->release_calls, 1);
}

/* The importer's list may be gone after attach: the result is a copy. */
static void test_attach_result_is_copied(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct attach_mock *mock = attach_mock_export(test, &attach_simple_ops,
						      NULL, 0);
	struct dma_buf_mapping_match imp[] = {
		DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P),
	};
	struct dma_buf_attachment *attach;

	attach = dma_buf_mapping_attach(mock->dmabuf, imp, 1, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	memset(imp, 0, sizeof(imp));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), dev);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
}

/* match_mapping's own errors reach the importer; nothing is left behind. */
static void test_attach_match_mapping_error(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct attach_mock *mock = attach_mock_export(test, &attach_aware_ops,
						      NULL, 0);
	struct dma_buf_attachment *attach;

	mock->skip_matcher = true;
	mock->match_mapping_ret = -ENODEV;
	attach = dma_buf_sgt_attach(mock->dmabuf, dev);
	KUNIT_EXPECT_EQ(test, PTR_ERR(dmabuf_kunit_attached(test, attach)),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&mock->dmabuf->attachments));
}

struct bad_match_mapping_case {
	const char *desc;
	int ret;
};

static const struct bad_match_mapping_case bad_match_mapping_cases[] = {
	{ "positive return", 1 },
	{ "success without a match", 0 },
};

KUNIT_ARRAY_PARAM_DESC(bad_match_mapping, bad_match_mapping_cases, desc);

/* An exporter that claims success without matching is caught. */
static void test_attach_match_mapping_misuse(struct kunit *test)
{
	const struct bad_match_mapping_case *c = test->param_value;
	struct device *dev = dmabuf_kunit_device(test);
	struct attach_mock *mock = attach_mock_export(test, &attach_aware_ops,
						      NULL, 0);
	struct dma_buf_attachment *attach;

	mock->skip_matcher = true;
	mock->match_mapping_ret = c->ret;
	EXPECT_WARN(test, attach = dma_buf_sgt_attach(mock->dmabuf, dev));
	KUNIT_EXPECT_EQ(test, PTR_ERR(dmabuf_kunit_attached(test, attach)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 0);
}

static void test_attach_exporter_attach_fails(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct attach_mock *mock = attach_mock_export(test, &attach_simple_ops,
						      NULL, 0);
	struct dma_buf_attachment *attach;

	mock->attach_ret = -EBUSY;
	attach = dma_buf_sgt_attach(mock->dmabuf, dev);
	KUNIT_EXPECT_EQ(test, PTR_ERR(dmabuf_kunit_attached(test, attach)),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 1);
	KUNIT_EXPECT_TRUE(test, list_empty(&mock->dmabuf->attachments));
}

static void test_attach_bad_arguments(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct attach_mock *mock = attach_mock_export(test, &attach_simple_ops,
						      NULL, 0);
	struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_SGT(dev,
								DMA_SGT_NO_P2P);
	struct dma_buf *dmabuf = mock->dmabuf;
	struct dma_buf_attachment *attach;

	EXPECT_WARN(test, attach = dma_buf_mapping_attach(NULL, &imp, 1,
							  NULL, NULL));
	KUNIT_EXPECT_EQ(test, PTR_ERR(dmabuf_kunit_attached(test, attach)),
			-EINVAL);
	EXPECT_WARN(test, attach = dma_buf_sgt_attach(dmabuf, NULL));
	KUNIT_EXPECT_EQ(test, PTR_ERR(dmabuf_kunit_attached(test, attach)),
			-EINVAL);
	EXPECT_WARN(test, attach = dma_buf_sgt_dynamic_attach(dmabuf, NULL,
							      NULL, NULL));
	KUNIT_EXPECT_EQ(test, PTR_ERR(dmabuf_kunit_attached(test, attach)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 0);
}

/* Beyond the proposal: NULL importer ops is a static importer. */
static void test_attach_dynamic_null_ops(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct attach_mock *mock = attach_mock_export(test, &attach_simple_ops,
						      NULL, 0);
	struct dma_buf_attachment *attach;

	attach = dma_buf_sgt_dynamic_attach(mock->dmabuf, dev, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	KUNIT_EXPECT_FALSE(test, dma_buf_attachment_is_dynamic(attach));
	KUNIT_EXPECT_EQ(test, attach->map_type.sgt_data.importer_accepts_p2p,
			DMA_SGT_NO_P2P);
}

/*
 * The SGT wrappers keep in the negotiated entry what the attachment's own
 * dev and peer2peer fields held before mapping types.
 */
static void test_attach_sgt_wrappers_record_importer(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct attach_mock *mock = attach_mock_export(test, &attach_simple_ops,
						      NULL, 0);
	struct dma_buf_attachment *a, *b;

	a = dma_buf_sgt_attach(mock->dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, a));
	b = dma_buf_sgt_dynamic_attach(mock->dmabuf, dev,
				       &dmabuf_kunit_p2p_importer, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, b));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(a), dev);
	KUNIT_EXPECT_EQ(test, a->map_type.sgt_data.importer_accepts_p2p,
			DMA_SGT_NO_P2P);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(b), dev);
	KUNIT_EXPECT_EQ(test, b->map_type.sgt_data.importer_accepts_p2p,
			DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&mock->dmabuf->attachments), 2);
	dmabuf_kunit_detach(test, a);
	dmabuf_kunit_detach(test, b);
	KUNIT_EXPECT_EQ(test, mock->detach_calls, 2);
	KUNIT_EXPECT_TRUE(test, list_empty(&mock->dmabuf->attachments));
}

/*
 * Code written against the proposal declares exporter entries of its own
 * mapping types without exporter ops, and its mocks pass one array as both
 * lists.  The third-party type here is such a type: it has no match, and
 * its finish_match keeps the exporter's entry.
 */
static void third_party_finish(struct dma_buf_match_args *args,
			       const struct dma_buf_mapping_match *exp,
			       const struct dma_buf_mapping_match *imp)
{
	if (args->attach)
		args->attach->map_type = *exp;
}

static const struct dma_buf_mapping_type third_party_type = {
	.name = "Third Party",
	.finish_match = third_party_finish,
};

/* Attach, debugfs and detach with an exporter entry that has no ops. */
static void test_attach_third_party_type(struct kunit *test)
{
	struct dma_buf_mapping_match exp[] = {
		{ .type = &third_party_type },
	};
	struct dma_buf_mapping_match imp[] = {
		{ .type = &third_party_type },
	};
	struct attach_mock *mock = attach_mock_export(test, &attach_aware_ops,
						      exp, 1);
	struct dma_buf_attachment *attach;
	struct seq_file s;
	char buf[64];

	attach = dma_buf_mapping_attach(mock->dmabuf, imp, 1,
					&dmabuf_kunit_dynamic_importer, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type, &third_party_type);
	KUNIT_EXPECT_NULL(test, attach->map_type.exp_ops);
	KUNIT_EXPECT_NULL(test, dma_buf_sgt_dma_device(attach));
	KUNIT_EXPECT_NULL(test, dma_buf_get_sgt_ops(attach));
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 1);
	dmabuf_kunit_seq_capture(&s, buf, sizeof(buf));
	dma_buf_mapping_debugfs_show(&s, attach);
	KUNIT_EXPECT_STREQ(test, buf, "\tThird Party:\n");
	dmabuf_kunit_detach(test, attach);
	KUNIT_EXPECT_EQ(test, mock->detach_calls, 1);
}

/* An SGT importer passes over an ops-less entry of another type. */
static void test_attach_sgt_skips_third_party(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct dma_buf_mapping_match exp[] = {
		{ .type = &third_party_type },
		DMA_BUF_EMAPPING_SGT(&dmabuf_kunit_sgt_ops),
	};
	struct attach_mock *mock = attach_mock_export(test, &attach_aware_ops,
						      exp, 2);
	struct dma_buf_attachment *attach;

	attach = dma_buf_sgt_attach(mock->dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(attach),
			    &dmabuf_kunit_sgt_ops);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), dev);
}

/* One array, handed over by the importer and offered by the exporter. */
static struct dma_buf_mapping_match shared_matches[] = {
	{ .type = &third_party_type },
};

static int shared_match_mapping(struct dma_buf_match_args *args)
{
	return dma_buf_match_mapping(args, shared_matches,
				     ARRAY_SIZE(shared_matches));
}

static const struct dma_buf_ops attach_shared_list_ops = {
	.match_mapping = shared_match_mapping,
	.release = attach_mock_release,
};

static void test_attach_one_list_both_sides(struct kunit *test)
{
	struct attach_mock *mock = attach_mock_export(test,
						      &attach_shared_list_ops,
						      NULL, 0);
	struct dma_buf_attachment *attach;

	attach = dma_buf_mapping_attach(mock->dmabuf, shared_matches,
					ARRAY_SIZE(shared_matches),
					&dmabuf_kunit_dynamic_importer, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type, &third_party_type);
	KUNIT_EXPECT_NULL(test, attach->map_type.exp_ops);
}

/*
 * Every pairing of importer kind with exporter kind.  Importers: the SGT
 * wrappers of the classic static and dynamic attach, an aware SGT importer
 * with and without P2P, a PAL-only one, and one preferring PAL over SGT.
 * Exporters: one static entry (what every exporter that had only
 * map_dma_buf/unmap_dma_buf declares now), an aware SGT exporter, an aware
 * PAL-then-SGT exporter, and a PAL-only one.
 */
enum importer_kind {
	IMP_CLASSIC_STATIC,
	IMP_CLASSIC_DYNAMIC,
	IMP_AWARE_SGT,
	IMP_AWARE_SGT_P2P,
	IMP_AWARE_PAL,
	IMP_AWARE_PAL_SGT,
	NR_IMPORTER_KINDS,
};

enum exporter_kind {
	EXP_SINGLE,
	EXP_AWARE_SGT,
	EXP_AWARE_PAL_SGT,
	EXP_AWARE_PAL,
	NR_EXPORTER_KINDS,
};

static const char *const importer_names[] = {
	"classic static", "classic dynamic", "SGT", "SGT+P2P", "PAL",
	"PAL,SGT",
};

static const char *const exporter_names[] = {
	"single entry", "aware SGT", "aware PAL,SGT", "aware PAL",
};

struct pairing_case {
	enum importer_kind imp;
	enum exporter_kind exp;
};

/*
 * The expected result of each pairing, written out rather than computed:
 * S = SGT, P = PAL, - = no match (-EINVAL).  The exporter's order wins: an
 * importer listing PAL then SGT gets PAL from a PAL-first exporter and SGT
 * from the SGT-only ones.
 */
static const char pairing_expected[NR_IMPORTER_KINDS][NR_EXPORTER_KINDS + 1] = {
	/* single SGT PAL,SGT PAL */
	[IMP_CLASSIC_STATIC]	= "SSS-",
	[IMP_CLASSIC_DYNAMIC]	= "SSS-",
	[IMP_AWARE_SGT]		= "SSS-",
	[IMP_AWARE_SGT_P2P]	= "SSS-",
	[IMP_AWARE_PAL]		= "--PP",
	[IMP_AWARE_PAL_SGT]	= "SSPP",
};

static struct pairing_case pairing_cases[NR_IMPORTER_KINDS * NR_EXPORTER_KINDS];

static const void *pairing_gen_params(struct kunit *test,
				      const void *prev, char *desc)
{
	const struct pairing_case *c = prev ? (const struct pairing_case *)prev + 1 :
					      pairing_cases;
	size_t k = c - pairing_cases;

	if (k >= ARRAY_SIZE(pairing_cases))
		return NULL;
	pairing_cases[k].imp = k / NR_EXPORTER_KINDS;
	pairing_cases[k].exp = k % NR_EXPORTER_KINDS;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s importer, %s exporter",
		 importer_names[pairing_cases[k].imp],
		 exporter_names[pairing_cases[k].exp]);
	return &pairing_cases[k];
}

static struct dma_buf_attachment *pairing_attach(struct dma_buf *dmabuf,
						 struct device *dev,
						 enum importer_kind kind)
{
	const struct dma_buf_attach_ops *dynamic, *p2p;
	struct dma_buf_mapping_match imp[2];

	dynamic = &dmabuf_kunit_dynamic_importer;
	p2p = &dmabuf_kunit_p2p_importer;

	switch (kind) {
	case IMP_CLASSIC_STATIC:
		return dma_buf_sgt_attach(dmabuf, dev);
	case IMP_CLASSIC_DYNAMIC:
		return dma_buf_sgt_dynamic_attach(dmabuf, dev, dynamic, NULL);
	case IMP_AWARE_SGT:
		imp[0] = DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P);
		return dma_buf_mapping_attach(dmabuf, imp, 1, dynamic, NULL);
	case IMP_AWARE_SGT_P2P:
		imp[0] = DMA_BUF_IMAPPING_SGT(dev,
					      DMA_SGT_IMPORTER_ACCEPTS_P2P);
		return dma_buf_mapping_attach(dmabuf, imp, 1, p2p, NULL);
	case IMP_AWARE_PAL:
		imp[0] = DMA_BUF_IMAPPING_PAL();
		return dma_buf_mapping_attach(dmabuf, imp, 1, dynamic, NULL);
	case IMP_AWARE_PAL_SGT:
	default:
		imp[0] = DMA_BUF_IMAPPING_PAL();
		imp[1] = DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P);
		return dma_buf_mapping_attach(dmabuf, imp, 2, dynamic, NULL);
	}
}

static struct attach_mock *pairing_export(struct kunit *test,
					  enum exporter_kind kind)
{
	struct dma_buf_mapping_match exp[2] = {
		DMA_BUF_EMAPPING_PAL(&dmabuf_kunit_pal_ops),
		DMA_BUF_EMAPPING_SGT(&dmabuf_kunit_sgt_ops),
	};

	switch (kind) {
	case EXP_SINGLE:
		return attach_mock_export(test, &attach_simple_ops, NULL, 0);
	case EXP_AWARE_SGT:
		return attach_mock_export(test, &attach_aware_ops, &exp[1], 1);
	case EXP_AWARE_PAL_SGT:
		return attach_mock_export(test, &attach_aware_ops, exp, 2);
	case EXP_AWARE_PAL:
	default:
		return attach_mock_export(test, &attach_aware_ops, exp, 1);
	}
}

/* The SGT exporter ops each exporter kind gets negotiated. */
static const struct dma_buf_mapping_exp_ops *
pairing_sgt_ops(enum exporter_kind kind)
{
	switch (kind) {
	case EXP_SINGLE:
		return attach_simple_ops.single_exporter_match->exp_ops;
	default:
		return &dmabuf_kunit_sgt_ops.ops;
	}
}

static void test_attach_pairings(struct kunit *test)
{
	const struct pairing_case *c = test->param_value;
	char code = pairing_expected[c->imp][c->exp];
	const struct dma_buf_mapping_type *want =
		code == 'S' ? &dma_buf_mapping_sgt_type :
		code == 'P' ? &dma_buf_mapping_pal_type : NULL;
	struct device *dev = dmabuf_kunit_device(test);
	struct attach_mock *mock = pairing_export(test, c->exp);
	struct dma_buf_attachment *attach;

	attach = pairing_attach(mock->dmabuf, dev, c->imp);
	dmabuf_kunit_attached(test, attach);
	if (!want) {
		KUNIT_EXPECT_EQ(test, PTR_ERR(attach), -EINVAL);
		KUNIT_EXPECT_TRUE(test, list_empty(&mock->dmabuf->attachments));
		return;
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type, want);
	if (want == &dma_buf_mapping_sgt_type) {
		KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), dev);
		KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(attach));
		KUNIT_EXPECT_PTR_EQ(test, attach->map_type.exp_ops,
				    pairing_sgt_ops(c->exp));
	} else {
		KUNIT_EXPECT_PTR_EQ(test, attach->map_type.exp_ops,
				    &dmabuf_kunit_pal_ops.ops);
		KUNIT_EXPECT_NULL(test, dma_buf_sgt_dma_device(attach));
	}
}

/* Export-time validation: exactly one way to negotiate. */
static int attach_match_mapping_unused(struct dma_buf_match_args *args)
{
	return -EINVAL;
}

static const struct dma_buf_ops export_none = {
	.release = attach_mock_release,
};

static const struct dma_buf_ops export_match_and_single = {
	.match_mapping = attach_match_mapping_unused,
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(dmabuf_kunit_map_unused,
				     dmabuf_kunit_unmap_unused),
	.release = attach_mock_release,
};

static const struct dma_buf_ops export_single_without_type = {
	.single_exporter_match = &(const struct dma_buf_mapping_match){ },
	.release = attach_mock_release,
};

static const struct dma_buf_mapping_type export_type_no_finish = {
	.name = "no finish_match",
};

static const struct dma_buf_ops export_single_without_finish = {
	.single_exporter_match = &(const struct dma_buf_mapping_match){
		.type = &export_type_no_finish,
	},
	.release = attach_mock_release,
};

static int export_match_unused(struct dma_buf *dmabuf,
			       const struct dma_buf_mapping_match *exp,
			       const struct dma_buf_mapping_match *imp)
{
	return 0;
}

static int export_match_args_unused(struct dma_buf_match_args *args,
				    const struct dma_buf_mapping_match *exp,
				    const struct dma_buf_mapping_match *imp)
{
	return 0;
}

static void export_finish_unused(struct dma_buf_match_args *args,
				 const struct dma_buf_mapping_match *exp,
				 const struct dma_buf_mapping_match *imp)
{
}

static const struct dma_buf_mapping_type export_type_both_matches = {
	.name = "match and match_args",
	.match = export_match_unused,
	.match_args = export_match_args_unused,
	.finish_match = export_finish_unused,
};

static const struct dma_buf_ops export_single_both_matches = {
	.single_exporter_match = &(const struct dma_buf_mapping_match){
		.type = &export_type_both_matches,
	},
	.release = attach_mock_release,
};

struct export_case {
	const char *desc;
	const struct dma_buf_ops *ops;
	bool valid;
};

static const struct export_case export_cases[] = {
	{ "match_mapping only", &attach_aware_ops, true },
	{ "single_exporter_match only", &attach_simple_ops, true },
	/* What an exporter that predates mapping types is left with. */
	{ "neither", &export_none, false },
	{ "match_mapping and single_exporter_match",
	  &export_match_and_single, false },
	/* Checked once at export, whatever CONFIG_DMABUF_DEBUG says. */
	{ "single_exporter_match without a type",
	  &export_single_without_type, false },
	{ "single_exporter_match of a type without finish_match",
	  &export_single_without_finish, false },
	{ "single_exporter_match of a type with match and match_args",
	  &export_single_both_matches, false },
};

KUNIT_ARRAY_PARAM_DESC(export, export_cases, desc);

static void test_export_validation(struct kunit *test)
{
	const struct export_case *c = test->param_value;
	struct attach_mock *mock = attach_mock_new(test);
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;

	exp_info.ops = c->ops;
	exp_info.size = MOCK_SIZE;
	exp_info.priv = mock;
	if (c->valid) {
		dmabuf = dmabuf_kunit_exported(test, dma_buf_export(&exp_info));
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
		dmabuf_kunit_put(test, dmabuf);
		KUNIT_EXPECT_EQ(test, mock->release_calls, 1);
		return;
	}
	EXPECT_WARN(test, dmabuf = dma_buf_export(&exp_info));
	KUNIT_EXPECT_EQ(test, PTR_ERR(dmabuf_kunit_exported(test, dmabuf)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, mock->release_calls, 0);
}

/* Detach removes the attachment; the last put releases the buffer. */
static void test_detach_and_release(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct attach_mock *mock = attach_mock_export(test, &attach_simple_ops,
						      NULL, 0);
	struct dma_buf *dmabuf = mock->dmabuf;
	struct dma_buf_attachment *a, *b;

	a = dma_buf_sgt_attach(dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, a));
	b = dma_buf_sgt_dynamic_attach(dmabuf, dev, &dmabuf_kunit_dynamic_importer,
				       NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, b));
	dmabuf_kunit_detach(test, a);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&dmabuf->attachments), 1);
	dmabuf_kunit_detach(test, b);
	KUNIT_EXPECT_EQ(test, mock->detach_calls, 2);

	/* A put that is not the last releases nothing. */
	get_dma_buf(dmabuf);
	dma_buf_put(dmabuf);
	flush_delayed_fput();
	KUNIT_EXPECT_EQ(test, mock->release_calls, 0);
	/* The last put from a kernel thread defers the release. */
	dmabuf_kunit_put_deferred(test, dmabuf);
	KUNIT_EXPECT_EQ(test, mock->release_calls, 0);
	flush_delayed_fput();
	KUNIT_EXPECT_EQ(test, mock->release_calls, 1);
}

static void test_detach_mismatch(struct kunit *test)
{
	struct device *dev = dmabuf_kunit_device(test);
	struct attach_mock *one = attach_mock_export(test, &attach_simple_ops,
						     NULL, 0);
	struct attach_mock *two = attach_mock_export(test, &attach_simple_ops,
						     NULL, 0);
	struct dma_buf_attachment *attach;

	attach = dma_buf_sgt_attach(one->dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	EXPECT_WARN(test, dma_buf_detach(two->dmabuf, attach));
	EXPECT_WARN(test, dma_buf_detach(NULL, attach));
	KUNIT_EXPECT_EQ(test, one->detach_calls, 0);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&one->dmabuf->attachments), 1);
}

static struct kunit_case dma_mapping_attach_cases[] = {
	KUNIT_CASE(test_attach_aware_exporter),
	KUNIT_CASE(test_attach_result_is_copied),
	KUNIT_CASE(test_attach_match_mapping_error),
	KUNIT_CASE_PARAM(test_attach_match_mapping_misuse,
			 bad_match_mapping_gen_params),
	KUNIT_CASE(test_attach_exporter_attach_fails),
	KUNIT_CASE(test_attach_bad_arguments),
	KUNIT_CASE(test_attach_dynamic_null_ops),
	KUNIT_CASE(test_attach_sgt_wrappers_record_importer),
	KUNIT_CASE(test_attach_third_party_type),
	KUNIT_CASE(test_attach_sgt_skips_third_party),
	KUNIT_CASE(test_attach_one_list_both_sides),
	KUNIT_CASE_PARAM(test_attach_pairings, pairing_gen_params),
	KUNIT_CASE_PARAM(test_export_validation, export_gen_params),
	KUNIT_CASE(test_detach_and_release),
	KUNIT_CASE(test_detach_mismatch),
	{}
};

static struct kunit_suite dma_mapping_attach_suite = {
	.name = "dma-buf-mapping-attach",
	.test_cases = dma_mapping_attach_cases,
};

kunit_test_suite(dma_mapping_attach_suite);
