// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA-buf mapping types.
 *
 * The same file runs in a Linux kernel and in the userspace host under
 * tools/testing/dma-buf.  It uses only kernel APIs: a mock exporter built on
 * dma_buf_export(), importers built on the attach functions, KUnit devices,
 * and whatever PCI device the machine has for the peer-to-peer cases.
 *
 * Cases that misuse the API on purpose trigger a WARN.  The userspace host
 * counts WARNs and fails a case on one it was not told to expect;
 * EXPECT_WARN() tells it.  The kernel has no such hook, so there it marks
 * the splat in the log instead.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#ifdef KUNIT_HOST_EXPECT_WARN
#define EXPECT_WARN(test, expr)	KUNIT_HOST_EXPECT_WARN(test, expr)
#else
/*
 * In the kernel the splat goes to the log; the markers around it let the
 * run (kernel/kunit.sh) tell a splat a case asked for from a real one.
 */
#define EXPECT_WARN(test, expr) do {					\
	struct kunit *__test = (test);					\
									\
	kunit_info(__test, "EXPECT_WARN begin");			\
	expr;								\
	kunit_info(__test, "EXPECT_WARN end");				\
} while (0)
#endif

/* A marker a mock table carries, so a test can tell whose table it got. */
#define MOCK_DMA_ADDR		0x1000000ULL
#define MOCK_SIZE		(4 * PAGE_SIZE)

/*
 * The mock exporter.  One struct per buffer, allocated with kunit_kzalloc()
 * so it outlives the dma-buf (release runs inside the case).  The counters
 * record what the core asked of the exporter.
 */
struct mock_exporter {
	struct kunit *test;
	struct dma_buf *dmabuf;

	/* What match_mapping offers, and what it returns instead if set. */
	struct dma_buf_mapping_match exp[4];
	size_t exp_len;
	int match_mapping_ret;
	bool match_mapping_skips_matcher;
	struct dma_buf_match_args seen_args;
	struct dma_buf_attachment seen_attach;

	/* What the exporter's callbacks return. */
	int attach_ret;
	int pin_ret;
	bool map_returns_null;
	int map_err;
	struct dma_buf_phys_list *pal;
	int pal_err;
	bool pal_returns_null;
	bool map_for_real;
	struct page *page;

	unsigned int match_mapping_calls;
	unsigned int attach_calls, detach_calls;
	unsigned int pin_calls, unpin_calls;
	unsigned int map_calls, unmap_calls;
	unsigned int map_calls_b, unmap_calls_b;	/* second SGT entry */
	unsigned int map_phys_calls, unmap_phys_calls;
	struct dma_buf_phys_list *unmapped_pal;
	unsigned int release_calls;
	bool map_saw_lock;
	enum dma_data_direction map_dir;
};

static struct mock_exporter *to_mock(struct dma_buf_attachment *attach)
{
	return attach->dmabuf->priv;
}

static struct sg_table *mock_alloc_table(struct mock_exporter *mock,
					 dma_addr_t tag)
{
	struct sg_table *sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);

	if (!sgt)
		return ERR_PTR(-ENOMEM);
	if (sg_alloc_table(sgt, 1, GFP_KERNEL)) {
		kfree(sgt);
		return ERR_PTR(-ENOMEM);
	}
	sg_dma_address(sgt->sgl) = tag;
	sg_dma_len(sgt->sgl) = MOCK_SIZE;
	return sgt;
}

static void mock_free_table(struct sg_table *sgt)
{
	sg_free_table(sgt);
	kfree(sgt);
}

/* The data path: one real page, DMA-mapped for the importing device. */
static struct sg_table *mock_map_real(struct mock_exporter *mock,
				      struct dma_buf_attachment *attach,
				      enum dma_data_direction dir)
{
	struct sg_table *sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	int ret;

	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table_from_pages(sgt, &mock->page, 1, 0, PAGE_SIZE,
					GFP_KERNEL);
	if (ret)
		goto err_free_sgt;
	ret = dma_map_sgtable(dma_buf_sgt_dma_device(attach), sgt, dir, 0);
	if (ret)
		goto err_free_table;
	return sgt;

err_free_table:
	sg_free_table(sgt);
err_free_sgt:
	kfree(sgt);
	return ERR_PTR(ret);
}

static struct sg_table *mock_map(struct dma_buf_attachment *attach,
				 enum dma_data_direction dir)
{
	struct mock_exporter *mock = to_mock(attach);

	mock->map_calls++;
	mock->map_dir = dir;
	mock->map_saw_lock = dma_resv_is_locked(attach->dmabuf->resv);
	if (mock->map_returns_null)
		return NULL;
	if (mock->map_err)
		return ERR_PTR(mock->map_err);
	if (mock->map_for_real)
		return mock_map_real(mock, attach, dir);
	return mock_alloc_table(mock, MOCK_DMA_ADDR);
}

static void mock_unmap(struct dma_buf_attachment *attach, struct sg_table *sgt,
		       enum dma_data_direction dir)
{
	struct mock_exporter *mock = to_mock(attach);

	mock->unmap_calls++;
	if (mock->map_for_real)
		dma_unmap_sgtable(dma_buf_sgt_dma_device(attach), sgt, dir, 0);
	mock_free_table(sgt);
}

/* A second SGT entry with its own ops, to see which one the core calls. */
static struct sg_table *mock_map_b(struct dma_buf_attachment *attach,
				   enum dma_data_direction dir)
{
	struct mock_exporter *mock = to_mock(attach);

	mock->map_calls_b++;
	return mock_alloc_table(mock, 2 * MOCK_DMA_ADDR);
}

static void mock_unmap_b(struct dma_buf_attachment *attach,
			 struct sg_table *sgt, enum dma_data_direction dir)
{
	to_mock(attach)->unmap_calls_b++;
	mock_free_table(sgt);
}

static const struct dma_buf_mapping_sgt_exp_ops mock_sgt_ops = {
	.map_dma_buf = mock_map,
	.unmap_dma_buf = mock_unmap,
};

static const struct dma_buf_mapping_sgt_exp_ops mock_sgt_ops_b = {
	.map_dma_buf = mock_map_b,
	.unmap_dma_buf = mock_unmap_b,
};

static struct dma_buf_phys_list *mock_map_phys(struct dma_buf_attachment *attach)
{
	struct mock_exporter *mock = to_mock(attach);

	mock->map_phys_calls++;
	if (mock->pal_returns_null)
		return NULL;
	if (mock->pal_err)
		return ERR_PTR(mock->pal_err);
	return mock->pal;
}

static void mock_unmap_phys(struct dma_buf_attachment *attach,
			    struct dma_buf_phys_list *phys)
{
	struct mock_exporter *mock = to_mock(attach);

	mock->unmap_phys_calls++;
	mock->unmapped_pal = phys;
}

static const struct dma_buf_mapping_pal_exp_ops mock_pal_ops = {
	.map_phys = mock_map_phys,
	.unmap_phys = mock_unmap_phys,
};

static int mock_match_mapping(struct dma_buf_match_args *args)
{
	struct mock_exporter *mock = args->dmabuf->priv;

	mock->match_mapping_calls++;
	mock->seen_args = *args;
	if (args->attach)
		mock->seen_attach = *args->attach;
	if (mock->match_mapping_skips_matcher)
		return mock->match_mapping_ret;
	if (mock->match_mapping_ret)
		return mock->match_mapping_ret;
	return dma_buf_match_mapping(args, mock->exp, mock->exp_len);
}

static int mock_attach(struct dma_buf *dmabuf,
		       struct dma_buf_attachment *attach)
{
	struct mock_exporter *mock = dmabuf->priv;

	mock->attach_calls++;
	/* The type is negotiated before the exporter's attach runs. */
	KUNIT_EXPECT_NOT_NULL(mock->test, attach->map_type.type);
	return mock->attach_ret;
}

static void mock_detach(struct dma_buf *dmabuf,
			struct dma_buf_attachment *attach)
{
	((struct mock_exporter *)dmabuf->priv)->detach_calls++;
}

static int mock_pin(struct dma_buf_attachment *attach)
{
	struct mock_exporter *mock = to_mock(attach);

	mock->pin_calls++;
	return mock->pin_ret;
}

static void mock_unpin(struct dma_buf_attachment *attach)
{
	to_mock(attach)->unpin_calls++;
}

static void mock_release(struct dma_buf *dmabuf)
{
	struct mock_exporter *mock = dmabuf->priv;

	mock->release_calls++;
	if (mock->page)
		__free_page(mock->page);
	mock->page = NULL;
}

/* An exporter that knows nothing of mapping types. */
static const struct dma_buf_ops mock_classic_ops = {
	.attach = mock_attach,
	.detach = mock_detach,
	.map_dma_buf = mock_map,
	.unmap_dma_buf = mock_unmap,
	.release = mock_release,
};

/* The same, asking the core to cache its table. */
static const struct dma_buf_ops mock_caching_ops = {
	.cache_sgt_mapping = true,
	.map_dma_buf = mock_map,
	.unmap_dma_buf = mock_unmap,
	.release = mock_release,
};

/* One static SGT entry, as the heaps declare themselves. */
static const struct dma_buf_ops mock_simple_ops = {
	.attach = mock_attach,
	.detach = mock_detach,
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(mock_map, mock_unmap),
	.release = mock_release,
};

/* An aware exporter: mock->exp is its list. */
static const struct dma_buf_ops mock_aware_ops = {
	.attach = mock_attach,
	.detach = mock_detach,
	.match_mapping = mock_match_mapping,
	.release = mock_release,
};

/* An aware exporter that can move its memory. */
static const struct dma_buf_ops mock_dynamic_ops = {
	.attach = mock_attach,
	.detach = mock_detach,
	.pin = mock_pin,
	.unpin = mock_unpin,
	.match_mapping = mock_match_mapping,
	.release = mock_release,
};

/* Dynamic importers that never map, so they have nothing to drop. */
static void noop_move_notify(struct dma_buf_attachment *attach)
{
}

static const struct dma_buf_attach_ops dynamic_importer = {
	.move_notify = noop_move_notify,
};

static const struct dma_buf_attach_ops dynamic_p2p_importer = {
	.allow_peer2peer = true,
	.move_notify = noop_move_notify,
};

/*
 * The last put releases a dma-buf later when it is called from a kernel
 * thread, as KUnit cases are; the mock goes away with the case, so the
 * release must have run before.
 */
static void put_released(struct dma_buf *dmabuf)
{
	dma_buf_put(dmabuf);
	flush_delayed_fput();
}

static struct mock_exporter *mock_new(struct kunit *test)
{
	struct mock_exporter *mock = kunit_kzalloc(test, sizeof(*mock),
						   GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mock);
	mock->test = test;
	return mock;
}

static struct dma_buf *mock_export(struct kunit *test,
				   struct mock_exporter *mock,
				   const struct dma_buf_ops *ops)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);

	exp_info.ops = ops;
	exp_info.size = MOCK_SIZE;
	exp_info.priv = mock;
	mock->dmabuf = dma_buf_export(&exp_info);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mock->dmabuf);
	return mock->dmabuf;
}

/* An aware exporter offering @n entries of @exp. */
static struct mock_exporter *
mock_aware(struct kunit *test, const struct dma_buf_ops *ops,
	   const struct dma_buf_mapping_match *exp, size_t n)
{
	struct mock_exporter *mock = mock_new(test);
	size_t i;

	for (i = 0; i < n; i++)
		mock->exp[i] = exp[i];
	mock->exp_len = n;
	mock_export(test, mock, ops);
	return mock;
}

/* KUnit devices need unique names: two of one name cannot be registered. */
static struct device *test_dev(struct kunit *test)
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

KUNIT_DEFINE_ACTION_WRAPPER(pci_dev_put_action, pci_dev_put, struct pci_dev *);

/* Any PCI device of the machine, or skip: only P2P cases need one. */
static struct pci_dev *test_pci_dev(struct kunit *test)
{
	struct pci_dev *pdev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL);

	if (!pdev)
		kunit_skip(test, "no PCI device on this machine");
	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test, pci_dev_put_action, pdev),
			0);
	return pdev;
}

/*
 * Test-only mapping types for the matcher: a type without match, and one
 * whose match answers from a table set by the test.  The judge holds that
 * table and logs every call by position in the lists, so a case can check
 * the exact walk.
 */
#define MAX_ENTRIES	4

static struct {
	const struct dma_buf_mapping_match *exp, *imp;
	int result[MAX_ENTRIES][MAX_ENTRIES];
	int calls;
	int call_e[MAX_ENTRIES * MAX_ENTRIES];
	int call_i[MAX_ENTRIES * MAX_ENTRIES];
	int finish_calls;
	int finish_e, finish_i;
	struct dma_buf_match_args *finish_args;
} judge;

static void judge_reset(const struct dma_buf_mapping_match *exp,
			const struct dma_buf_mapping_match *imp)
{
	memset(&judge, 0, sizeof(judge));
	judge.exp = exp;
	judge.imp = imp;
	judge.finish_e = -1;
	judge.finish_i = -1;
}

static int judge_match(struct dma_buf *dmabuf,
		       const struct dma_buf_mapping_match *exp,
		       const struct dma_buf_mapping_match *imp)
{
	int e = exp - judge.exp, i = imp - judge.imp;

	judge.call_e[judge.calls] = e;
	judge.call_i[judge.calls] = i;
	judge.calls++;
	return judge.result[e][i];
}

static void judge_finish(struct dma_buf_match_args *args,
			 const struct dma_buf_mapping_match *exp,
			 const struct dma_buf_mapping_match *imp)
{
	judge.finish_calls++;
	judge.finish_e = exp - judge.exp;
	judge.finish_i = imp - judge.imp;
	judge.finish_args = args;
}

static const struct dma_buf_mapping_type type_plain = {
	.name = "test plain",
	.finish_match = judge_finish,
};

static const struct dma_buf_mapping_type type_judged = {
	.name = "test judged",
	.match = judge_match,
	.finish_match = judge_finish,
};

static const struct dma_buf_mapping_type type_no_finish = {
	.name = "test broken",
};

/*
 * Distinct exporter ops so entries can be told apart; never called.  The tag
 * struct is empty, so it is wrapped to give each one its own address.
 */
static const struct judge_exp_ops {
	struct dma_buf_mapping_exp_ops ops;
	int id;
} judge_ops[MAX_ENTRIES] = { { .id = 0 }, { .id = 1 }, { .id = 2 }, { .id = 3 } };

#define EXP(t, n)	{ .type = &(t), .exp_ops = &judge_ops[n].ops }
#define IMP(t)		{ .type = &(t) }

struct matcher_case {
	const char *desc;
	struct dma_buf_mapping_match exp[MAX_ENTRIES];
	size_t exp_len;
	struct dma_buf_mapping_match imp[MAX_ENTRIES];
	size_t imp_len;
	/* result[e][i] of type_judged's match; 0 = accept */
	int result[MAX_ENTRIES][MAX_ENTRIES];
	int want_ret;
	int want_e, want_i;	/* the pair finish_match got, -1: none */
	int want_calls;		/* calls to type_judged's match */
};

static const struct matcher_case matcher_cases[] = {
	{
		.desc = "exporter order is the priority",
		.exp = { EXP(type_plain, 0), EXP(type_judged, 1) },
		.exp_len = 2,
		.imp = { IMP(type_judged), IMP(type_plain) },
		.imp_len = 2,
		.want_e = 0, .want_i = 1,
	},
	{
		.desc = "importer order breaks ties within a type",
		.exp = { EXP(type_plain, 0) },
		.exp_len = 1,
		.imp = { IMP(type_plain), IMP(type_plain) },
		.imp_len = 2,
		.want_e = 0, .want_i = 0,
	},
	{
		.desc = "pairs of other types are never judged",
		.exp = { EXP(type_judged, 0) },
		.exp_len = 1,
		.imp = { IMP(type_plain), IMP(type_plain), IMP(type_judged) },
		.imp_len = 3,
		.want_e = 0, .want_i = 2, .want_calls = 1,
	},
	{
		.desc = "-EOPNOTSUPP moves on to the next importer entry",
		.exp = { EXP(type_judged, 0) },
		.exp_len = 1,
		.imp = { IMP(type_judged), IMP(type_judged) },
		.imp_len = 2,
		.result = { { -EOPNOTSUPP, 0 } },
		.want_e = 0, .want_i = 1, .want_calls = 2,
	},
	{
		.desc = "-EOPNOTSUPP everywhere moves on to the next exporter entry",
		.exp = { EXP(type_judged, 0), EXP(type_judged, 1) },
		.exp_len = 2,
		.imp = { IMP(type_judged), IMP(type_judged) },
		.imp_len = 2,
		.result = { { -EOPNOTSUPP, -EOPNOTSUPP }, { -EOPNOTSUPP, 0 } },
		.want_e = 1, .want_i = 1, .want_calls = 4,
	},
	{
		.desc = "any other error aborts the search",
		.exp = { EXP(type_judged, 0), EXP(type_plain, 1) },
		.exp_len = 2,
		.imp = { IMP(type_judged), IMP(type_judged), IMP(type_plain) },
		.imp_len = 3,
		.result = { { -EOPNOTSUPP, -ENODEV } },
		.want_ret = -ENODEV, .want_e = -1, .want_i = -1,
		.want_calls = 2,
	},
	{
		.desc = "a type without match accepts the first pair of its type",
		.exp = { EXP(type_plain, 0) },
		.exp_len = 1,
		.imp = { IMP(type_judged), IMP(type_plain) },
		.imp_len = 2,
		.want_e = 0, .want_i = 1,
	},
	{
		.desc = "nothing accepted is -EINVAL",
		.exp = { EXP(type_judged, 0) },
		.exp_len = 1,
		.imp = { IMP(type_judged) },
		.imp_len = 1,
		.result = { { -EOPNOTSUPP } },
		.want_ret = -EINVAL, .want_e = -1, .want_i = -1,
		.want_calls = 1,
	},
	{
		.desc = "no common type is -EINVAL",
		.exp = { EXP(type_plain, 0) },
		.exp_len = 1,
		.imp = { IMP(type_judged) },
		.imp_len = 1,
		.want_ret = -EINVAL, .want_e = -1, .want_i = -1,
	},
	{
		.desc = "an empty importer list is -EINVAL",
		.exp = { EXP(type_plain, 0) },
		.exp_len = 1,
		.want_ret = -EINVAL, .want_e = -1, .want_i = -1,
	},
	{
		.desc = "an empty exporter list is -EINVAL",
		.imp = { IMP(type_plain) },
		.imp_len = 1,
		.want_ret = -EINVAL, .want_e = -1, .want_i = -1,
	},
	{
		.desc = "both lists empty is -EINVAL",
		.want_ret = -EINVAL, .want_e = -1, .want_i = -1,
	},
};

KUNIT_ARRAY_PARAM_DESC(matcher, matcher_cases, desc);

static void test_matcher_rules(struct kunit *test)
{
	const struct matcher_case *c = test->param_value;
	struct dma_buf_match_args args = {
		.imp_matches = c->imp,
		.imp_len = c->imp_len,
	};
	int ret;

	judge_reset(c->exp, c->imp);
	memcpy(judge.result, c->result, sizeof(judge.result));
	ret = dma_buf_match_mapping(&args, c->exp, c->exp_len);
	KUNIT_EXPECT_EQ(test, ret, c->want_ret);
	KUNIT_EXPECT_EQ(test, judge.finish_e, c->want_e);
	KUNIT_EXPECT_EQ(test, judge.finish_i, c->want_i);
	KUNIT_EXPECT_EQ(test, judge.finish_calls, c->want_e >= 0 ? 1 : 0);
	KUNIT_EXPECT_EQ(test, judge.calls, c->want_calls);
}

/* The walk is exporter-major: every importer entry for exporter 0 first. */
static void test_matcher_walk_order(struct kunit *test)
{
	static const struct dma_buf_mapping_match exp[] = {
		EXP(type_judged, 0), EXP(type_judged, 1),
	};
	static const struct dma_buf_mapping_match imp[] = {
		IMP(type_judged), IMP(type_judged), IMP(type_judged),
	};
	static const int order_e[] = { 0, 0, 0, 1, 1 };
	static const int order_i[] = { 0, 1, 2, 0, 1 };
	struct dma_buf_match_args args = { .imp_matches = imp, .imp_len = 3 };
	int k;

	judge_reset(exp, imp);
	memset(judge.result, 0xff, sizeof(judge.result));	/* -1: -EPERM */
	for (k = 0; k < 3; k++)
		judge.result[0][k] = -EOPNOTSUPP;
	judge.result[1][0] = -EOPNOTSUPP;
	judge.result[1][1] = 0;

	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&args, exp, 2), 0);
	KUNIT_ASSERT_EQ(test, judge.calls, 5);
	for (k = 0; k < 5; k++) {
		KUNIT_EXPECT_EQ(test, judge.call_e[k], order_e[k]);
		KUNIT_EXPECT_EQ(test, judge.call_i[k], order_i[k]);
	}
}

/* finish_match gets the caller's args and pointers into both lists. */
static void test_matcher_finish_args(struct kunit *test)
{
	static const struct dma_buf_mapping_match exp[] = {
		EXP(type_plain, 0), EXP(type_plain, 1),
	};
	struct dma_buf_mapping_match imp[] = { IMP(type_plain) };
	struct dma_buf_match_args args = { .imp_matches = imp, .imp_len = 1 };

	judge_reset(exp, imp);
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&args, exp, 2), 0);
	KUNIT_EXPECT_PTR_EQ(test, judge.finish_args, &args);
	KUNIT_EXPECT_EQ(test, judge.finish_e, 0);
	KUNIT_EXPECT_EQ(test, judge.finish_i, 0);
}

/* A positive "match" is a bug in the type, not an acceptance. */
static void test_matcher_positive_match_warns(struct kunit *test)
{
	static const struct dma_buf_mapping_match exp[] = {
		EXP(type_judged, 0),
	};
	static const struct dma_buf_mapping_match imp[] = {
		IMP(type_judged),
	};
	struct dma_buf_match_args args = { .imp_matches = imp, .imp_len = 1 };
	int ret;

	judge_reset(exp, imp);
	judge.result[0][0] = 1;
	EXPECT_WARN(test, ret = dma_buf_match_mapping(&args, exp, 1));
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, judge.finish_calls, 0);
}

struct malformed_case {
	const char *desc;
	struct dma_buf_mapping_match exp[2];
	size_t exp_len;
	struct dma_buf_mapping_match imp[2];
	size_t imp_len;
	bool null_exp, null_imp;
};

static const struct malformed_case malformed_cases[] = {
	{
		.desc = "importer entry carrying exporter ops",
		.exp = { EXP(type_plain, 0) }, .exp_len = 1,
		.imp = { EXP(type_plain, 1) }, .imp_len = 1,
	},
	{
		.desc = "SGT exporter entry without ops",
		.exp = { { .type = &dma_buf_mapping_sgt_type } }, .exp_len = 1,
		.imp = { { .type = &dma_buf_mapping_sgt_type } }, .imp_len = 1,
	},
	{
		.desc = "PAL exporter entry without ops",
		.exp = { { .type = &dma_buf_mapping_pal_type } }, .exp_len = 1,
		.imp = { { .type = &dma_buf_mapping_pal_type } }, .imp_len = 1,
	},
	{
		.desc = "importer entry without a type",
		.exp = { EXP(type_plain, 0) }, .exp_len = 1,
		.imp = { IMP(type_plain), { .type = NULL } }, .imp_len = 2,
	},
	{
		.desc = "type without finish_match",
		.exp = { EXP(type_no_finish, 0) }, .exp_len = 1,
		.imp = { IMP(type_no_finish) }, .imp_len = 1,
	},
	{
		.desc = "NULL exporter list with a length",
		.exp_len = 1, .null_exp = true,
		.imp = { IMP(type_plain) }, .imp_len = 1,
	},
	{
		.desc = "NULL importer list with a length",
		.exp = { EXP(type_plain, 0) }, .exp_len = 1,
		.imp_len = 1, .null_imp = true,
	},
};

KUNIT_ARRAY_PARAM_DESC(malformed, malformed_cases, desc);

static void test_matcher_malformed_lists(struct kunit *test)
{
	const struct malformed_case *c = test->param_value;
	struct dma_buf_match_args args = {
		.imp_matches = c->null_imp ? NULL : c->imp,
		.imp_len = c->imp_len,
	};
	int ret;

	judge_reset(c->exp, c->imp);
	EXPECT_WARN(test, ret = dma_buf_match_mapping(&args,
						      c->null_exp ? NULL : c->exp,
						      c->exp_len));
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, judge.finish_calls, 0);
}

/* An empty list may be NULL: no match, and nothing to warn about. */
static void test_matcher_null_empty_lists(struct kunit *test)
{
	static const struct dma_buf_mapping_match exp[] = {
		EXP(type_plain, 0),
	};
	struct dma_buf_match_args args = { .imp_matches = NULL, .imp_len = 0 };

	judge_reset(exp, NULL);
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&args, exp, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&args, NULL, 0), -EINVAL);
	args.imp_matches = exp;
	args.imp_len = 0;
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&args, NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, judge.finish_calls, 0);
}

/* With no attachment the SGT type's finish_match must not touch one. */
static void test_matcher_null_attach(struct kunit *test)
{
	struct device *dev = test_dev(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops),
	};
	struct dma_buf_mapping_match imp[] = {
		DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P),
	};
	struct dma_buf_match_args args = { .imp_matches = imp, .imp_len = 1 };

	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&args, exp, 1), 0);
}

/* Attach with an aware exporter: match_mapping sees the whole request. */
static void test_attach_aware_exporter(struct kunit *test)
{
	struct device *dev = test_dev(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_PAL(&mock_pal_ops),
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops),
	};
	struct dma_buf_mapping_match imp[] = {
		DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P),
	};
	struct mock_exporter *mock = mock_aware(test, &mock_aware_ops, exp, 2);
	struct dma_buf_attachment *attach;
	int cookie;

	attach = dma_buf_mapping_attach(mock->dmabuf, imp, 1,
					&dynamic_importer, &cookie);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_EQ(test, mock->match_mapping_calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_args.dmabuf, mock->dmabuf);
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_args.attach, attach);
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_args.imp_matches,
			    (const struct dma_buf_mapping_match *)imp);
	KUNIT_EXPECT_EQ(test, mock->seen_args.imp_len, 1);
	/* Beyond the proposal: who imports is known while negotiating. */
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_attach.dmabuf, mock->dmabuf);
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_attach.importer_ops,
			    &dynamic_importer);
	KUNIT_EXPECT_PTR_EQ(test, mock->seen_attach.importer_priv,
			    (void *)&cookie);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(attach), &mock_sgt_ops);
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 1);
	dma_buf_detach(mock->dmabuf, attach);
	KUNIT_EXPECT_EQ(test, mock->detach_calls, 1);
	put_released(mock->dmabuf);
	KUNIT_EXPECT_EQ(test, mock->release_calls, 1);
}

/* The importer's list may be gone after attach: the result is a copy. */
static void test_attach_result_is_copied(struct kunit *test)
{
	struct device *dev = test_dev(test);
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_mapping_match imp[] = {
		DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P),
	};
	struct dma_buf_attachment *attach;

	mock_export(test, mock, &mock_simple_ops);
	attach = dma_buf_mapping_attach(mock->dmabuf, imp, 1, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	memset(imp, 0, sizeof(imp));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), dev);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	dma_buf_detach(mock->dmabuf, attach);
	put_released(mock->dmabuf);
}

/* match_mapping's own errors reach the importer; nothing is left behind. */
static void test_attach_match_mapping_error(struct kunit *test)
{
	struct device *dev = test_dev(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops),
	};
	struct mock_exporter *mock = mock_aware(test, &mock_aware_ops, exp, 1);
	struct dma_buf_attachment *attach;

	mock->match_mapping_ret = -ENODEV;
	attach = dma_buf_sgt_attach(mock->dmabuf, dev);
	KUNIT_EXPECT_EQ(test, PTR_ERR(attach), -ENODEV);
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&mock->dmabuf->attachments));
	put_released(mock->dmabuf);
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
	struct device *dev = test_dev(test);
	struct mock_exporter *mock = mock_aware(test, &mock_aware_ops, NULL, 0);
	struct dma_buf_attachment *attach;

	mock->match_mapping_skips_matcher = true;
	mock->match_mapping_ret = c->ret;
	EXPECT_WARN(test, attach = dma_buf_sgt_attach(mock->dmabuf, dev));
	KUNIT_EXPECT_EQ(test, PTR_ERR(attach), -EINVAL);
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 0);
	put_released(mock->dmabuf);
}

static void test_attach_exporter_attach_fails(struct kunit *test)
{
	struct device *dev = test_dev(test);
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_attachment *attach;

	mock_export(test, mock, &mock_simple_ops);
	mock->attach_ret = -EBUSY;
	attach = dma_buf_sgt_attach(mock->dmabuf, dev);
	KUNIT_EXPECT_EQ(test, PTR_ERR(attach), -EBUSY);
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 1);
	KUNIT_EXPECT_TRUE(test, list_empty(&mock->dmabuf->attachments));
	put_released(mock->dmabuf);
}

static void test_attach_bad_arguments(struct kunit *test)
{
	static const struct dma_buf_attach_ops no_move_notify = {
		.allow_peer2peer = true,
	};
	struct device *dev = test_dev(test);
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_SGT(dev,
								DMA_SGT_NO_P2P);
	struct dma_buf_attachment *attach;

	mock_export(test, mock, &mock_simple_ops);
	EXPECT_WARN(test, attach = dma_buf_mapping_attach(NULL, &imp, 1,
							  NULL, NULL));
	KUNIT_EXPECT_EQ(test, PTR_ERR(attach), -EINVAL);
	EXPECT_WARN(test, attach = dma_buf_sgt_attach(mock->dmabuf, NULL));
	KUNIT_EXPECT_EQ(test, PTR_ERR(attach), -EINVAL);
	EXPECT_WARN(test, attach = dma_buf_sgt_dynamic_attach(mock->dmabuf,
							      NULL, NULL,
							      NULL));
	KUNIT_EXPECT_EQ(test, PTR_ERR(attach), -EINVAL);
	EXPECT_WARN(test, attach = dma_buf_dynamic_attach(mock->dmabuf, dev,
							  &no_move_notify,
							  NULL));
	KUNIT_EXPECT_EQ(test, PTR_ERR(attach), -EINVAL);
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 0);
	put_released(mock->dmabuf);
}

/* Beyond the proposal: NULL importer ops is a static importer. */
static void test_attach_dynamic_null_ops(struct kunit *test)
{
	struct device *dev = test_dev(test);
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_attachment *attach;

	mock_export(test, mock, &mock_simple_ops);
	attach = dma_buf_sgt_dynamic_attach(mock->dmabuf, dev, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_FALSE(test, dma_buf_attachment_is_dynamic(attach));
	KUNIT_EXPECT_FALSE(test, attach->peer2peer);
	dma_buf_detach(mock->dmabuf, attach);
	put_released(mock->dmabuf);
}

/* The classic fields keep working for exporters that read them. */
static void test_attach_sets_classic_fields(struct kunit *test)
{
	struct device *dev = test_dev(test);
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_attachment *a, *b;

	mock_export(test, mock, &mock_classic_ops);
	a = dma_buf_attach(mock->dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	b = dma_buf_dynamic_attach(mock->dmabuf, dev, &dynamic_p2p_importer,
				   NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_EXPECT_PTR_EQ(test, a->dev, dev);
	KUNIT_EXPECT_FALSE(test, a->peer2peer);
	KUNIT_EXPECT_PTR_EQ(test, b->dev, dev);
	KUNIT_EXPECT_TRUE(test, b->peer2peer);
	KUNIT_EXPECT_EQ(test, b->map_type.sgt_data.importer_accepts_p2p,
			DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&mock->dmabuf->attachments), 2);
	dma_buf_detach(mock->dmabuf, a);
	dma_buf_detach(mock->dmabuf, b);
	KUNIT_EXPECT_EQ(test, mock->detach_calls, 2);
	KUNIT_EXPECT_TRUE(test, list_empty(&mock->dmabuf->attachments));
	put_released(mock->dmabuf);
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

static void seq_capture(struct seq_file *s, char *buf, size_t size);

/* Attach, debugfs and detach with an exporter entry that has no ops. */
static void test_attach_third_party_type(struct kunit *test)
{
	struct dma_buf_mapping_match exp[] = {
		{ .type = &third_party_type },
	};
	struct dma_buf_mapping_match imp[] = {
		{ .type = &third_party_type },
	};
	struct mock_exporter *mock = mock_aware(test, &mock_aware_ops, exp, 1);
	struct dma_buf_attachment *attach;
	struct seq_file s;
	char buf[64];

	attach = dma_buf_mapping_attach(mock->dmabuf, imp, 1,
					&dynamic_importer, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type, &third_party_type);
	KUNIT_EXPECT_NULL(test, attach->map_type.exp_ops);
	KUNIT_EXPECT_NULL(test, dma_buf_sgt_dma_device(attach));
	KUNIT_EXPECT_NULL(test, dma_buf_get_sgt_ops(attach));
	KUNIT_EXPECT_EQ(test, mock->attach_calls, 1);
	seq_capture(&s, buf, sizeof(buf));
	dma_buf_mapping_debugfs_show(&s, attach);
	KUNIT_EXPECT_STREQ(test, buf, "\tThird Party:\n");
	dma_buf_detach(mock->dmabuf, attach);
	KUNIT_EXPECT_EQ(test, mock->detach_calls, 1);
	put_released(mock->dmabuf);
}

/* An SGT importer passes over an ops-less entry of another type. */
static void test_attach_sgt_skips_third_party(struct kunit *test)
{
	struct device *dev = test_dev(test);
	struct dma_buf_mapping_match exp[] = {
		{ .type = &third_party_type },
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops),
	};
	struct mock_exporter *mock = mock_aware(test, &mock_aware_ops, exp, 2);
	struct dma_buf_attachment *attach;

	attach = dma_buf_sgt_attach(mock->dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(attach), &mock_sgt_ops);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), dev);
	dma_buf_detach(mock->dmabuf, attach);
	put_released(mock->dmabuf);
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

static const struct dma_buf_ops mock_shared_list_ops = {
	.match_mapping = shared_match_mapping,
	.release = mock_release,
};

static void test_attach_one_list_both_sides(struct kunit *test)
{
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_attachment *attach;

	mock_export(test, mock, &mock_shared_list_ops);
	attach = dma_buf_mapping_attach(mock->dmabuf, shared_matches,
					ARRAY_SIZE(shared_matches),
					&dynamic_importer, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type, &third_party_type);
	KUNIT_EXPECT_NULL(test, attach->map_type.exp_ops);
	dma_buf_detach(mock->dmabuf, attach);
	put_released(mock->dmabuf);
}

/*
 * Every pairing of importer kind with exporter kind.  Importers: the
 * classic static and dynamic attach, an aware SGT importer with and without
 * P2P, a PAL-only one, and one preferring PAL over SGT.  Exporters: the
 * classic ops (compat entry), one static entry, an aware SGT exporter, an
 * aware PAL-then-SGT exporter, and a PAL-only one.
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
	EXP_CLASSIC,
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
	"classic ops", "single entry", "aware SGT", "aware PAL,SGT",
	"aware PAL",
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
	/* classic single SGT PAL,SGT PAL */
	[IMP_CLASSIC_STATIC]	= "SSSS-",
	[IMP_CLASSIC_DYNAMIC]	= "SSSS-",
	[IMP_AWARE_SGT]		= "SSSS-",
	[IMP_AWARE_SGT_P2P]	= "SSSS-",
	[IMP_AWARE_PAL]		= "---PP",
	[IMP_AWARE_PAL_SGT]	= "SSSPP",
};

static struct pairing_case pairing_cases[NR_IMPORTER_KINDS * NR_EXPORTER_KINDS];

static const void *pairing_gen_params(const void *prev, char *desc)
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
	struct dma_buf_mapping_match imp[2];

	switch (kind) {
	case IMP_CLASSIC_STATIC:
		return dma_buf_attach(dmabuf, dev);
	case IMP_CLASSIC_DYNAMIC:
		return dma_buf_dynamic_attach(dmabuf, dev, &dynamic_importer,
					      NULL);
	case IMP_AWARE_SGT:
		imp[0] = DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P);
		return dma_buf_mapping_attach(dmabuf, imp, 1,
					      &dynamic_importer, NULL);
	case IMP_AWARE_SGT_P2P:
		imp[0] = DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_IMPORTER_ACCEPTS_P2P);
		return dma_buf_mapping_attach(dmabuf, imp, 1,
					      &dynamic_p2p_importer, NULL);
	case IMP_AWARE_PAL:
		imp[0] = DMA_BUF_IMAPPING_PAL();
		return dma_buf_mapping_attach(dmabuf, imp, 1,
					      &dynamic_importer, NULL);
	case IMP_AWARE_PAL_SGT:
	default:
		imp[0] = DMA_BUF_IMAPPING_PAL();
		imp[1] = DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P);
		return dma_buf_mapping_attach(dmabuf, imp, 2,
					      &dynamic_importer, NULL);
	}
}

static struct mock_exporter *pairing_export(struct kunit *test,
					    enum exporter_kind kind)
{
	struct dma_buf_mapping_match exp[2] = {
		DMA_BUF_EMAPPING_PAL(&mock_pal_ops),
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops),
	};
	struct mock_exporter *mock;

	switch (kind) {
	case EXP_CLASSIC:
		mock = mock_new(test);
		mock_export(test, mock, &mock_classic_ops);
		return mock;
	case EXP_SINGLE:
		mock = mock_new(test);
		mock_export(test, mock, &mock_simple_ops);
		return mock;
	case EXP_AWARE_SGT:
		return mock_aware(test, &mock_aware_ops, &exp[1], 1);
	case EXP_AWARE_PAL_SGT:
		return mock_aware(test, &mock_aware_ops, exp, 2);
	case EXP_AWARE_PAL:
	default:
		return mock_aware(test, &mock_aware_ops, exp, 1);
	}
}

static void test_attach_pairings(struct kunit *test)
{
	const struct pairing_case *c = test->param_value;
	char code = pairing_expected[c->imp][c->exp];
	const struct dma_buf_mapping_type *want =
		code == 'S' ? &dma_buf_mapping_sgt_type :
		code == 'P' ? &dma_buf_mapping_pal_type : NULL;
	struct device *dev = test_dev(test);
	struct mock_exporter *mock = pairing_export(test, c->exp);
	struct dma_buf_attachment *attach;

	attach = pairing_attach(mock->dmabuf, dev, c->imp);
	if (!want) {
		KUNIT_EXPECT_EQ(test, PTR_ERR(attach), -EINVAL);
		KUNIT_EXPECT_TRUE(test, list_empty(&mock->dmabuf->attachments));
		goto out_put;
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type, want);
	if (want == &dma_buf_mapping_sgt_type) {
		KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), dev);
		KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(attach));
		KUNIT_EXPECT_PTR_EQ(test, attach->map_type.exp_ops,
				    c->exp == EXP_CLASSIC ?
				    dma_buf_sgt_exp_compat_match.exp_ops :
				    c->exp == EXP_SINGLE ?
				    mock_simple_ops.single_exporter_match->exp_ops :
				    &mock_sgt_ops.ops);
	} else {
		KUNIT_EXPECT_PTR_EQ(test, attach->map_type.exp_ops,
				    &mock_pal_ops.ops);
		KUNIT_EXPECT_NULL(test, dma_buf_sgt_dma_device(attach));
	}
	dma_buf_detach(mock->dmabuf, attach);
out_put:
	put_released(mock->dmabuf);
}

/* Export-time validation: exactly one way to negotiate. */
static int mock_match_mapping_unused(struct dma_buf_match_args *args)
{
	return -EINVAL;
}

static const struct dma_buf_ops export_none = {
	.release = mock_release,
};

static const struct dma_buf_ops export_match_and_single = {
	.match_mapping = mock_match_mapping_unused,
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(mock_map, mock_unmap),
	.release = mock_release,
};

static const struct dma_buf_ops export_match_and_classic = {
	.match_mapping = mock_match_mapping_unused,
	.map_dma_buf = mock_map,
	.unmap_dma_buf = mock_unmap,
	.release = mock_release,
};

static const struct dma_buf_ops export_single_and_classic = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(mock_map, mock_unmap),
	.map_dma_buf = mock_map,
	.unmap_dma_buf = mock_unmap,
	.release = mock_release,
};

static const struct dma_buf_ops export_half_classic = {
	.map_dma_buf = mock_map,
	.release = mock_release,
};

static const struct dma_buf_ops export_all_three = {
	.match_mapping = mock_match_mapping_unused,
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(mock_map, mock_unmap),
	.map_dma_buf = mock_map,
	.unmap_dma_buf = mock_unmap,
	.release = mock_release,
};

struct export_case {
	const char *desc;
	const struct dma_buf_ops *ops;
	bool valid;
};

static const struct export_case export_cases[] = {
	{ "match_mapping only", &mock_aware_ops, true },
	{ "single_exporter_match only", &mock_simple_ops, true },
	{ "classic map/unmap only", &mock_classic_ops, true },
	{ "none set", &export_none, false },
	{ "match_mapping and single_exporter_match",
	  &export_match_and_single, false },
	{ "match_mapping and classic ops", &export_match_and_classic, false },
	{ "single_exporter_match and classic ops",
	  &export_single_and_classic, false },
	{ "map_dma_buf without unmap_dma_buf", &export_half_classic, false },
	{ "all three", &export_all_three, false },
};

KUNIT_ARRAY_PARAM_DESC(export, export_cases, desc);

static void test_export_validation(struct kunit *test)
{
	const struct export_case *c = test->param_value;
	struct mock_exporter *mock = mock_new(test);
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;

	exp_info.ops = c->ops;
	exp_info.size = MOCK_SIZE;
	exp_info.priv = mock;
	if (c->valid) {
		dmabuf = dma_buf_export(&exp_info);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
		put_released(dmabuf);
		KUNIT_EXPECT_EQ(test, mock->release_calls, 1);
		return;
	}
	EXPECT_WARN(test, dmabuf = dma_buf_export(&exp_info));
	KUNIT_EXPECT_EQ(test, PTR_ERR(dmabuf), -EINVAL);
	KUNIT_EXPECT_EQ(test, mock->release_calls, 0);
}

/* DMA_BUF_SIMPLE_SGT_EXP_MATCH builds a plain, no-P2P SGT entry. */
static void test_simple_sgt_exp_match(struct kunit *test)
{
	const struct dma_buf_mapping_match *m =
		mock_simple_ops.single_exporter_match;
	const struct dma_buf_mapping_sgt_exp_ops *ops;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_PTR_EQ(test, m->type, &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_EQ(test, m->sgt_data.exporter_requires_p2p,
			DMA_SGT_NO_P2P);
	KUNIT_EXPECT_NULL(test, m->sgt_data.exporting_p2p_device);
	ops = container_of(m->exp_ops, struct dma_buf_mapping_sgt_exp_ops,
			   ops);
	KUNIT_EXPECT_TRUE(test, ops->map_dma_buf == mock_map);
	KUNIT_EXPECT_TRUE(test, ops->unmap_dma_buf == mock_unmap);
}

/* The builders put each value in its own side's field. */
static void test_sgt_builders(struct kunit *test)
{
	struct device *dev = test_dev(test);
	struct pci_dev *pdev = test_pci_dev(test);
	struct dma_buf_mapping_match imp, exp;

	imp = DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_PTR_EQ(test, imp.type, &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_NULL(test, imp.exp_ops);
	KUNIT_EXPECT_PTR_EQ(test, imp.sgt_data.importing_dma_device, dev);
	KUNIT_EXPECT_EQ(test, imp.sgt_data.importer_accepts_p2p,
			DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_EQ(test, imp.sgt_data.exporter_requires_p2p,
			DMA_SGT_NO_P2P);

	exp = DMA_BUF_EMAPPING_SGT_P2P(&mock_sgt_ops, pdev);
	KUNIT_EXPECT_PTR_EQ(test, exp.exp_ops, &mock_sgt_ops.ops);
	KUNIT_EXPECT_PTR_EQ(test, exp.sgt_data.exporting_p2p_device, pdev);
	KUNIT_EXPECT_EQ(test, exp.sgt_data.exporter_requires_p2p,
			DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE);
	KUNIT_EXPECT_EQ(test, exp.sgt_data.importer_accepts_p2p,
			DMA_SGT_NO_P2P);

	exp = DMA_BUF_EMAPPING_SGT(&mock_sgt_ops);
	KUNIT_EXPECT_EQ(test, exp.sgt_data.exporter_requires_p2p,
			DMA_SGT_NO_P2P);

	imp = DMA_BUF_IMAPPING_PAL();
	KUNIT_EXPECT_PTR_EQ(test, imp.type, &dma_buf_mapping_pal_type);
	KUNIT_EXPECT_NULL(test, imp.exp_ops);
	exp = DMA_BUF_EMAPPING_PAL(&mock_pal_ops);
	KUNIT_EXPECT_PTR_EQ(test, exp.exp_ops, &mock_pal_ops.ops);
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
	struct pci_dev *pdev = test_pci_dev(test);
	struct device *dev = c->client_is_provider ? &pdev->dev :
			     test_dev(test);
	struct dma_buf_mapping_match exp = c->exp_p2p ?
		DMA_BUF_EMAPPING_SGT_P2P(&mock_sgt_ops, pdev) :
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops);
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
	KUNIT_EXPECT_EQ(test, attach.peer2peer, c->imp_accepts);
	/* The exporting device is not kept past negotiation. */
	KUNIT_EXPECT_NULL(test, attach.map_type.sgt_data.exporting_p2p_device);
	if (c->exp_p2p)
		KUNIT_EXPECT_EQ(test, attach.map_type.sgt_data.p2p_distance, 0);
}

/* An exporter offering P2P first and system memory second. */
static void test_sgt_p2p_fallback(struct kunit *test)
{
	struct pci_dev *pdev = test_pci_dev(test);
	struct device *other = test_dev(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT_P2P(&mock_sgt_ops_b, pdev),
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops),
	};
	struct mock_exporter *mock = mock_aware(test, &mock_aware_ops, exp, 2);
	struct dma_buf_attachment *near, *far, *plain;

	near = dma_buf_dynamic_attach(mock->dmabuf, &pdev->dev,
				      &dynamic_p2p_importer, NULL);
	far = dma_buf_dynamic_attach(mock->dmabuf, other,
				     &dynamic_p2p_importer, NULL);
	plain = dma_buf_dynamic_attach(mock->dmabuf, &pdev->dev,
				       &dynamic_importer, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, near);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, far);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, plain);
	KUNIT_EXPECT_TRUE(test, dma_buf_sgt_p2p_allowed(near));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(near), &mock_sgt_ops_b);
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(far));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(far), &mock_sgt_ops);
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(plain));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(plain), &mock_sgt_ops);
	dma_buf_detach(mock->dmabuf, near);
	dma_buf_detach(mock->dmabuf, far);
	dma_buf_detach(mock->dmabuf, plain);
	put_released(mock->dmabuf);
}

/* A P2P entry naming no device is refused with a warning, not a crash. */
static void test_sgt_p2p_null_provider(struct kunit *test)
{
	struct device *dev = test_dev(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT_P2P(&mock_sgt_ops_b, NULL),
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops),
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
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(&attach), &mock_sgt_ops);
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(&attach));
}

/* Beyond the proposal: a P2P value in the other side's field is misuse. */
struct wrong_field_case {
	const char *desc;
	u8 imp_accepts, imp_requires;
	u8 exp_accepts, exp_requires;
	bool imp_has_exporting_dev, exp_has_importing_dev, imp_no_dev;
};

static const struct wrong_field_case wrong_field_cases[] = {
	{ "importer says EXPORTER_REQUIRES_P2P_DISTANCE",
	  .imp_accepts = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE },
	{ "exporter says IMPORTER_ACCEPTS_P2P",
	  .exp_requires = DMA_SGT_IMPORTER_ACCEPTS_P2P },
	{ "importer sets the exporter's field",
	  .imp_requires = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE },
	{ "exporter sets the importer's field",
	  .exp_accepts = DMA_SGT_IMPORTER_ACCEPTS_P2P },
	{ "importer value out of range", .imp_accepts = 7 },
	{ "exporter value out of range", .exp_requires = 7 },
	{ "importer names an exporting device", .imp_has_exporting_dev = true },
	{ "exporter names an importing device", .exp_has_importing_dev = true },
	{ "importer names no device", .imp_no_dev = true },
};

KUNIT_ARRAY_PARAM_DESC(wrong_field, wrong_field_cases, desc);

static void test_sgt_wrong_field(struct kunit *test)
{
	const struct wrong_field_case *c = test->param_value;
	struct device *dev = test_dev(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops),
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops_b),
	};
	struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_SGT(dev,
								DMA_SGT_NO_P2P);
	struct dma_buf_attachment attach = { };
	struct dma_buf_match_args args = {
		.attach = &attach, .imp_matches = &imp, .imp_len = 1,
	};
	int ret;

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

static struct dma_buf_attachment *attach_pal(struct kunit *test,
					     struct mock_exporter **mockp)
{
	struct dma_buf_mapping_match exp = DMA_BUF_EMAPPING_PAL(&mock_pal_ops);
	struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_PAL();
	struct mock_exporter *mock = mock_aware(test, &mock_aware_ops, &exp, 1);
	struct dma_buf_attachment *attach;

	attach = dma_buf_mapping_attach(mock->dmabuf, &imp, 1,
					&dynamic_importer, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	*mockp = mock;
	return attach;
}

static void detach_put(struct mock_exporter *mock,
		       struct dma_buf_attachment *attach)
{
	dma_buf_detach(mock->dmabuf, attach);
	put_released(mock->dmabuf);
}

static void test_accessors_non_sgt(struct kunit *test)
{
	struct mock_exporter *mock;
	struct dma_buf_attachment *attach = attach_pal(test, &mock);

	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_pal_type);
	KUNIT_EXPECT_NULL(test, dma_buf_sgt_dma_device(attach));
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(attach));
	KUNIT_EXPECT_NULL(test, dma_buf_get_sgt_ops(attach));
	detach_put(mock, attach);
}

static struct dma_buf_attachment *attach_sgt(struct kunit *test,
					     struct mock_exporter *mock,
					     const struct dma_buf_ops *ops,
					     bool dynamic)
{
	struct device *dev = test_dev(test);
	struct dma_buf_attachment *attach;

	if (!mock->dmabuf)
		mock_export(test, mock, ops);
	attach = dynamic ?
		 dma_buf_dynamic_attach(mock->dmabuf, dev, &dynamic_importer,
					NULL) :
		 dma_buf_attach(mock->dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	return attach;
}

/* Map goes to the negotiated entry's ops, and only there. */
static void test_map_routes_to_negotiated_ops(struct kunit *test)
{
	struct device *dev = test_dev(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops_b),
		DMA_BUF_EMAPPING_SGT(&mock_sgt_ops),
	};
	struct mock_exporter *mock = mock_aware(test, &mock_aware_ops, exp, 2);
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;

	attach = dma_buf_attach(mock->dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	sgt = dma_buf_map_attachment_unlocked(attach, DMA_TO_DEVICE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	KUNIT_EXPECT_EQ(test, sg_dma_address(sgt->sgl), 2 * MOCK_DMA_ADDR);
	KUNIT_EXPECT_EQ(test, mock->map_calls_b, 1);
	KUNIT_EXPECT_EQ(test, mock->map_calls, 0);
	dma_buf_unmap_attachment_unlocked(attach, sgt, DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls_b, 1);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 0);
	detach_put(mock, attach);
}

/* An unaware exporter is reached through the compat entry. */
static void test_map_compat_forwards(struct kunit *test)
{
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;

	attach = attach_sgt(test, mock, &mock_classic_ops, false);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.exp_ops,
			    dma_buf_sgt_exp_compat_match.exp_ops);
	sgt = dma_buf_sgt_map_attachment_unlocked(attach, DMA_FROM_DEVICE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	KUNIT_EXPECT_EQ(test, mock->map_calls, 1);
	KUNIT_EXPECT_EQ(test, mock->map_dir, DMA_FROM_DEVICE);
	KUNIT_EXPECT_TRUE(test, mock->map_saw_lock);
	dma_buf_sgt_unmap_attachment_unlocked(attach, sgt, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 1);
	detach_put(mock, attach);
}

/* The locked forms are called with the reservation lock held. */
static void test_map_locked(struct kunit *test)
{
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;

	attach = attach_sgt(test, mock, &mock_simple_ops, true);
	dma_resv_lock(mock->dmabuf->resv, NULL);
	sgt = dma_buf_sgt_map_attachment(attach, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, sgt);
	KUNIT_EXPECT_TRUE(test, mock->map_saw_lock);
	if (!IS_ERR_OR_NULL(sgt))
		dma_buf_sgt_unmap_attachment(attach, sgt, DMA_BIDIRECTIONAL);
	dma_resv_unlock(mock->dmabuf->resv);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 1);
	detach_put(mock, attach);
}

/* A static importer of a dynamic exporter pins for each mapping. */
static void test_map_pins_for_static_importer(struct kunit *test)
{
	struct dma_buf_mapping_match exp = DMA_BUF_EMAPPING_SGT(&mock_sgt_ops);
	struct mock_exporter *mock = mock_aware(test, &mock_dynamic_ops,
						&exp, 1);
	struct dma_buf_attachment *st, *dyn;
	struct sg_table *a, *b;

	st = attach_sgt(test, mock, NULL, false);
	dyn = attach_sgt(test, mock, NULL, true);
	a = dma_buf_map_attachment_unlocked(st, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_EQ(test, mock->pin_calls, 1);
	b = dma_buf_map_attachment_unlocked(dyn, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_EXPECT_EQ(test, mock->pin_calls, 1);
	dma_buf_unmap_attachment_unlocked(dyn, b, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_EQ(test, mock->unpin_calls, 0);
	dma_buf_unmap_attachment_unlocked(st, a, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_EQ(test, mock->unpin_calls, 1);
	dma_buf_detach(mock->dmabuf, st);
	detach_put(mock, dyn);
}

struct map_error_case {
	const char *desc;
	int pin_ret;
	bool map_null;
	int map_err;
	int want;
	unsigned int want_map_calls;
};

static const struct map_error_case map_error_cases[] = {
	{ "pin fails", .pin_ret = -EBUSY, .want = -EBUSY },
	{ "exporter returns NULL", .map_null = true, .want = -ENOMEM,
	  .want_map_calls = 1 },
	{ "exporter returns an error", .map_err = -EIO, .want = -EIO,
	  .want_map_calls = 1 },
};

KUNIT_ARRAY_PARAM_DESC(map_error, map_error_cases, desc);

/* A failed map leaves the pin count balanced. */
static void test_map_errors(struct kunit *test)
{
	const struct map_error_case *c = test->param_value;
	struct dma_buf_mapping_match exp = DMA_BUF_EMAPPING_SGT(&mock_sgt_ops);
	struct mock_exporter *mock = mock_aware(test, &mock_dynamic_ops,
						&exp, 1);
	struct dma_buf_attachment *attach = attach_sgt(test, mock, NULL, false);
	struct sg_table *sgt;

	mock->pin_ret = c->pin_ret;
	mock->map_returns_null = c->map_null;
	mock->map_err = c->map_err;
	sgt = dma_buf_map_attachment_unlocked(attach, DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), c->want);
	KUNIT_EXPECT_EQ(test, mock->map_calls, c->want_map_calls);
	KUNIT_EXPECT_EQ(test, mock->pin_calls, 1);
	KUNIT_EXPECT_EQ(test, mock->unpin_calls, c->pin_ret ? 0 : 1);
	detach_put(mock, attach);
}

static void test_map_bad_attachment(struct kunit *test)
{
	struct mock_exporter *mock;
	struct dma_buf_attachment *pal = attach_pal(test, &mock);
	struct sg_table *sgt, dummy = { };

	const enum dma_data_direction dir = DMA_TO_DEVICE;

	EXPECT_WARN(test, sgt = dma_buf_sgt_map_attachment_unlocked(pal, dir));
	KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -EINVAL);
	EXPECT_WARN(test, sgt = dma_buf_sgt_map_attachment_unlocked(NULL, dir));
	KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -EINVAL);
	EXPECT_WARN(test, sgt = dma_buf_sgt_map_attachment(NULL, dir));
	KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -EINVAL);
	EXPECT_WARN(test, dma_buf_sgt_unmap_attachment_unlocked(pal, &dummy,
								dir));
	EXPECT_WARN(test, dma_buf_sgt_unmap_attachment_unlocked(NULL, &dummy,
								dir));
	EXPECT_WARN(test, dma_buf_sgt_unmap_attachment_unlocked(pal, NULL, dir));
	KUNIT_EXPECT_EQ(test, mock->map_phys_calls, 0);
	KUNIT_EXPECT_EQ(test, mock->unmap_phys_calls, 0);
	detach_put(mock, pal);
}

/* An exporter that asks for it gets its table cached until detach. */
static void test_map_cached_table(struct kunit *test)
{
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_attachment *attach;
	struct sg_table *a, *b, *c;

	attach = attach_sgt(test, mock, &mock_caching_ops, false);
	a = dma_buf_map_attachment_unlocked(attach, DMA_TO_DEVICE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	b = dma_buf_map_attachment_unlocked(attach, DMA_TO_DEVICE);
	KUNIT_EXPECT_PTR_EQ(test, a, b);
	c = dma_buf_map_attachment_unlocked(attach, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(c), -EBUSY);
	KUNIT_EXPECT_EQ(test, mock->map_calls, 1);
	dma_buf_unmap_attachment_unlocked(attach, a, DMA_TO_DEVICE);
	dma_buf_unmap_attachment_unlocked(attach, b, DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 0);
	dma_buf_detach(mock->dmabuf, attach);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 1);
	put_released(mock->dmabuf);
}

/* The data path: the table holds the importing device's DMA addresses. */
static void test_map_real_dma(struct kunit *test)
{
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_attachment *attach;
	struct device *dev;
	struct sg_table *sgt;

	mock->page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mock->page);
	mock->map_for_real = true;
	mock_export(test, mock, &mock_simple_ops);
	dev = test_dev(test);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(dev,
							   DMA_BIT_MASK(64)), 0);
	attach = dma_buf_attach(mock->dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	sgt = dma_buf_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	KUNIT_EXPECT_EQ(test, sgt->nents, 1);
	KUNIT_EXPECT_EQ(test, sg_dma_len(sgt->sgl), PAGE_SIZE);
	/* Direct mapping: the DMA address is the page's physical address. */
	KUNIT_EXPECT_EQ(test, sg_dma_address(sgt->sgl),
			(dma_addr_t)page_to_phys(mock->page));
	dma_buf_unmap_attachment_unlocked(attach, sgt, DMA_BIDIRECTIONAL);
	detach_put(mock, attach);
}

/* PAL */

static struct dma_buf_phys_list *pal_list(struct kunit *test, size_t n)
{
	struct dma_buf_phys_list *pal;
	size_t i;

	pal = kunit_kzalloc(test, struct_size(pal, phys, n), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pal);
	pal->length = n;
	for (i = 0; i < n; i++) {
		pal->phys[i].paddr = 0x40000000ULL + i * 0x100000;
		pal->phys[i].len = 16 * PAGE_SIZE;
	}
	return pal;
}

static void test_pal_map_unmap(struct kunit *test)
{
	struct mock_exporter *mock;
	struct dma_buf_attachment *attach = attach_pal(test, &mock);
	struct dma_buf_phys_list *phys;

	mock->pal = pal_list(test, 3);
	dma_resv_lock(mock->dmabuf->resv, NULL);
	phys = dma_buf_pal_map_phys(attach);
	KUNIT_EXPECT_PTR_EQ(test, phys, mock->pal);
	KUNIT_EXPECT_EQ(test, mock->map_phys_calls, 1);
	if (!IS_ERR(phys))
		dma_buf_pal_unmap_phys(attach, phys);
	dma_resv_unlock(mock->dmabuf->resv);
	KUNIT_EXPECT_EQ(test, mock->unmap_phys_calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, mock->unmapped_pal, mock->pal);
	detach_put(mock, attach);
}

struct pal_invalid_case {
	const char *desc;
	size_t length;		/* entries in the list */
	phys_addr_t paddr;	/* of entry 1 */
	size_t len;		/* of entry 1 */
};

static const struct pal_invalid_case pal_invalid_cases[] = {
	{ "no entries", 0, 0, 0 },
	{ "empty entry", 2, 0x80000000ULL, 0 },
	{ "misaligned address", 2, 0x80000800ULL, PAGE_SIZE },
	{ "misaligned length", 2, 0x80000000ULL, PAGE_SIZE + 512 },
	{ "address wraps", 2, (phys_addr_t)-PAGE_SIZE, 2 * PAGE_SIZE },
};

KUNIT_ARRAY_PARAM_DESC(pal_invalid, pal_invalid_cases, desc);

/* A bad list is handed back to the exporter and never reaches the importer. */
static void test_pal_invalid_list(struct kunit *test)
{
	const struct pal_invalid_case *c = test->param_value;
	struct mock_exporter *mock;
	struct dma_buf_attachment *attach = attach_pal(test, &mock);
	struct dma_buf_phys_list *phys;

	mock->pal = pal_list(test, 2);
	mock->pal->length = c->length;
	mock->pal->phys[1].paddr = c->paddr;
	mock->pal->phys[1].len = c->len;
	dma_resv_lock(mock->dmabuf->resv, NULL);
	EXPECT_WARN(test, phys = dma_buf_pal_map_phys(attach));
	dma_resv_unlock(mock->dmabuf->resv);
	KUNIT_EXPECT_EQ(test, PTR_ERR(phys), -EINVAL);
	KUNIT_EXPECT_EQ(test, mock->unmap_phys_calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, mock->unmapped_pal, mock->pal);
	detach_put(mock, attach);
}

struct pal_error_case {
	const char *desc;
	int err;
	bool null;
	int want;
};

static const struct pal_error_case pal_error_cases[] = {
	{ "exporter revoked", -ENODEV, false, -ENODEV },
	{ "exporter returns NULL", 0, true, -ENOMEM },
};

KUNIT_ARRAY_PARAM_DESC(pal_error, pal_error_cases, desc);

static void test_pal_exporter_error(struct kunit *test)
{
	const struct pal_error_case *c = test->param_value;
	struct mock_exporter *mock;
	struct dma_buf_attachment *attach = attach_pal(test, &mock);
	struct dma_buf_phys_list *phys;

	mock->pal_err = c->err;
	mock->pal_returns_null = c->null;
	dma_resv_lock(mock->dmabuf->resv, NULL);
	phys = dma_buf_pal_map_phys(attach);
	dma_resv_unlock(mock->dmabuf->resv);
	KUNIT_EXPECT_EQ(test, PTR_ERR(phys), c->want);
	KUNIT_EXPECT_EQ(test, mock->unmap_phys_calls, 0);
	detach_put(mock, attach);
}

static void test_pal_bad_attachment(struct kunit *test)
{
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_attachment *sgt_attach;
	struct dma_buf_phys_list *phys, *list = pal_list(test, 1);

	sgt_attach = attach_sgt(test, mock, &mock_simple_ops, true);
	dma_resv_lock(mock->dmabuf->resv, NULL);
	EXPECT_WARN(test, phys = dma_buf_pal_map_phys(sgt_attach));
	KUNIT_EXPECT_EQ(test, PTR_ERR(phys), -EINVAL);
	EXPECT_WARN(test, phys = dma_buf_pal_map_phys(NULL));
	KUNIT_EXPECT_EQ(test, PTR_ERR(phys), -EINVAL);
	EXPECT_WARN(test, dma_buf_pal_unmap_phys(sgt_attach, list));
	dma_resv_unlock(mock->dmabuf->resv);
	KUNIT_EXPECT_EQ(test, mock->map_calls, 0);
	detach_put(mock, sgt_attach);
}

static void test_pal_validate_list(struct kunit *test)
{
	struct dma_buf_phys_list *list = pal_list(test, 4);
	int ret;

	KUNIT_EXPECT_EQ(test, dma_buf_pal_validate_list(list), 0);
	/* Valid on its own, but the last range runs past the top. */
	list->phys[3].paddr = (phys_addr_t)-4 * PAGE_SIZE;
	list->phys[3].len = 8 * PAGE_SIZE;
	EXPECT_WARN(test, ret = dma_buf_pal_validate_list(list));
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
}

/* Debugfs */

static void seq_capture(struct seq_file *s, char *buf, size_t size)
{
	memset(buf, 0, size);
	memset(s, 0, sizeof(*s));
	s->buf = buf;
	s->size = size;
}

static void test_debugfs_sgt_line(struct kunit *test)
{
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_attachment *attach;
	struct seq_file s;
	char buf[128], want[128];

	attach = attach_sgt(test, mock, &mock_simple_ops, false);
	seq_capture(&s, buf, sizeof(buf));
	dma_buf_mapping_debugfs_show(&s, attach);
	snprintf(want, sizeof(want), "\tDMA Mapped Scatter Gather Table: %s\n",
		 dev_name(attach->dev));
	KUNIT_EXPECT_STREQ(test, buf, want);
	detach_put(mock, attach);
}

static void test_debugfs_p2p_line(struct kunit *test)
{
	struct pci_dev *pdev = test_pci_dev(test);
	struct dma_buf_mapping_match exp =
		DMA_BUF_EMAPPING_SGT_P2P(&mock_sgt_ops, pdev);
	struct mock_exporter *mock = mock_aware(test, &mock_aware_ops, &exp, 1);
	struct dma_buf_attachment *attach;
	struct seq_file s;
	char buf[128], want[128];

	attach = dma_buf_dynamic_attach(mock->dmabuf, &pdev->dev,
					&dynamic_p2p_importer, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	seq_capture(&s, buf, sizeof(buf));
	dma_buf_mapping_debugfs_show(&s, attach);
	snprintf(want, sizeof(want),
		 "\tDMA Mapped Scatter Gather Table: %s (P2P distance 0)\n",
		 pci_name(pdev));
	KUNIT_EXPECT_STREQ(test, buf, want);
	detach_put(mock, attach);
}

static void test_debugfs_pal_line(struct kunit *test)
{
	struct mock_exporter *mock;
	struct dma_buf_attachment *attach = attach_pal(test, &mock);
	struct seq_file s;
	char buf[128];

	seq_capture(&s, buf, sizeof(buf));
	dma_buf_mapping_debugfs_show(&s, attach);
	KUNIT_EXPECT_STREQ(test, buf, "\tPhysical Address List:\n");
	detach_put(mock, attach);
}

/*
 * A dynamic importer's life: map, the exporter moves the buffer and calls
 * dma_buf_move_notify() under the reservation lock, the importer drops its
 * mapping there, and maps again afterwards.
 */
struct moving_importer {
	struct sg_table *sgt;
	unsigned int moves;
	bool lock_held;
};

static void moving_move_notify(struct dma_buf_attachment *attach)
{
	struct moving_importer *imp = attach->importer_priv;

	imp->moves++;
	imp->lock_held = dma_resv_is_locked(attach->dmabuf->resv);
	if (imp->sgt)
		dma_buf_sgt_unmap_attachment(attach, imp->sgt,
					     DMA_BIDIRECTIONAL);
	imp->sgt = NULL;
}

static const struct dma_buf_attach_ops moving_importer_ops = {
	.move_notify = moving_move_notify,
};

static void test_move_notify_remap(struct kunit *test)
{
	struct dma_buf_mapping_match exp = DMA_BUF_EMAPPING_SGT(&mock_sgt_ops);
	struct mock_exporter *mock = mock_aware(test, &mock_dynamic_ops,
						&exp, 1);
	struct device *dev = test_dev(test);
	struct moving_importer imp = { };
	struct dma_buf_attachment *attach, *bystander;

	attach = dma_buf_dynamic_attach(mock->dmabuf, dev,
					&moving_importer_ops, &imp);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	bystander = dma_buf_attach(mock->dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bystander);

	imp.sgt = dma_buf_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, imp.sgt);

	/* The exporter moves the buffer. */
	dma_resv_lock(mock->dmabuf->resv, NULL);
	dma_buf_move_notify(mock->dmabuf);
	dma_resv_unlock(mock->dmabuf->resv);
	KUNIT_EXPECT_EQ(test, imp.moves, 1);
	KUNIT_EXPECT_TRUE(test, imp.lock_held);
	KUNIT_EXPECT_NULL(test, imp.sgt);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 1);
	/* A dynamic importer is never pinned for its mappings. */
	KUNIT_EXPECT_EQ(test, mock->pin_calls, 0);

	imp.sgt = dma_buf_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, imp.sgt);
	KUNIT_EXPECT_EQ(test, mock->map_calls, 2);
	dma_buf_unmap_attachment_unlocked(attach, imp.sgt, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 2);
	dma_buf_detach(mock->dmabuf, bystander);
	detach_put(mock, attach);
}

/* Detach removes the attachment; the last put releases the buffer. */
static void test_detach_and_release(struct kunit *test)
{
	struct mock_exporter *mock = mock_new(test);
	struct dma_buf_attachment *a, *b;

	a = attach_sgt(test, mock, &mock_simple_ops, false);
	b = attach_sgt(test, mock, &mock_simple_ops, true);
	get_dma_buf(mock->dmabuf);
	dma_buf_detach(mock->dmabuf, a);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&mock->dmabuf->attachments), 1);
	dma_buf_detach(mock->dmabuf, b);
	KUNIT_EXPECT_EQ(test, mock->detach_calls, 2);
	put_released(mock->dmabuf);
	KUNIT_EXPECT_EQ(test, mock->release_calls, 0);
	/* The last put from a kernel thread defers the release. */
	dma_buf_put(mock->dmabuf);
	KUNIT_EXPECT_EQ(test, mock->release_calls, 0);
	flush_delayed_fput();
	KUNIT_EXPECT_EQ(test, mock->release_calls, 1);
}

static void test_detach_mismatch(struct kunit *test)
{
	struct mock_exporter *one = mock_new(test), *two = mock_new(test);
	struct dma_buf_attachment *attach;

	attach = attach_sgt(test, one, &mock_simple_ops, false);
	mock_export(test, two, &mock_simple_ops);
	EXPECT_WARN(test, dma_buf_detach(two->dmabuf, attach));
	EXPECT_WARN(test, dma_buf_detach(NULL, attach));
	KUNIT_EXPECT_EQ(test, one->detach_calls, 0);
	put_released(two->dmabuf);
	detach_put(one, attach);
}

static struct kunit_case dma_mapping_cases[] = {
	KUNIT_CASE_PARAM(test_matcher_rules, matcher_gen_params),
	KUNIT_CASE(test_matcher_walk_order),
	KUNIT_CASE(test_matcher_finish_args),
	KUNIT_CASE(test_matcher_positive_match_warns),
	KUNIT_CASE_PARAM(test_matcher_malformed_lists, malformed_gen_params),
	KUNIT_CASE(test_matcher_null_empty_lists),
	KUNIT_CASE(test_matcher_null_attach),
	KUNIT_CASE(test_attach_aware_exporter),
	KUNIT_CASE(test_attach_result_is_copied),
	KUNIT_CASE(test_attach_match_mapping_error),
	KUNIT_CASE_PARAM(test_attach_match_mapping_misuse,
			 bad_match_mapping_gen_params),
	KUNIT_CASE(test_attach_exporter_attach_fails),
	KUNIT_CASE(test_attach_bad_arguments),
	KUNIT_CASE(test_attach_dynamic_null_ops),
	KUNIT_CASE(test_attach_sets_classic_fields),
	KUNIT_CASE(test_attach_third_party_type),
	KUNIT_CASE(test_attach_sgt_skips_third_party),
	KUNIT_CASE(test_attach_one_list_both_sides),
	KUNIT_CASE_PARAM(test_attach_pairings, pairing_gen_params),
	KUNIT_CASE_PARAM(test_export_validation, export_gen_params),
	KUNIT_CASE(test_simple_sgt_exp_match),
	KUNIT_CASE(test_sgt_builders),
	KUNIT_CASE_PARAM(test_sgt_p2p_rule, p2p_gen_params),
	KUNIT_CASE(test_sgt_p2p_fallback),
	KUNIT_CASE(test_sgt_p2p_null_provider),
	KUNIT_CASE_PARAM(test_sgt_wrong_field, wrong_field_gen_params),
	KUNIT_CASE(test_accessors_null),
	KUNIT_CASE(test_accessors_non_sgt),
	KUNIT_CASE(test_map_routes_to_negotiated_ops),
	KUNIT_CASE(test_map_compat_forwards),
	KUNIT_CASE(test_map_locked),
	KUNIT_CASE(test_map_pins_for_static_importer),
	KUNIT_CASE_PARAM(test_map_errors, map_error_gen_params),
	KUNIT_CASE(test_map_bad_attachment),
	KUNIT_CASE(test_map_cached_table),
	KUNIT_CASE(test_map_real_dma),
	KUNIT_CASE(test_pal_map_unmap),
	KUNIT_CASE_PARAM(test_pal_invalid_list, pal_invalid_gen_params),
	KUNIT_CASE_PARAM(test_pal_exporter_error, pal_error_gen_params),
	KUNIT_CASE(test_pal_bad_attachment),
	KUNIT_CASE(test_pal_validate_list),
	KUNIT_CASE(test_debugfs_sgt_line),
	KUNIT_CASE(test_debugfs_p2p_line),
	KUNIT_CASE(test_debugfs_pal_line),
	KUNIT_CASE(test_move_notify_remap),
	KUNIT_CASE(test_detach_and_release),
	KUNIT_CASE(test_detach_mismatch),
	{}
};

static struct kunit_suite dma_mapping_suite = {
	.name = "dma-buf-mapping",
	.test_cases = dma_mapping_cases,
};

kunit_test_suite(dma_mapping_suite);

MODULE_DESCRIPTION("KUnit tests for DMA-buf mapping types");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);
MODULE_IMPORT_NS(DMA_BUF_PAL);
