// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA-buf mapping types: the matcher on its own.
 *
 * dma_buf_match_mapping() is called directly, with lists of test-only
 * mapping types, so each rule of the walk is seen in isolation: exporter
 * order first, the importer's order within a type, what a type's match
 * may answer, and the lists it refuses.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/string.h>

#include "st-dma-mapping.h"

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
	struct dma_buf_match_args *match_args;
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

/* The same judge, asked through match_args: it also sees the args. */
static int judge_match_args(struct dma_buf_match_args *args,
			    const struct dma_buf_mapping_match *exp,
			    const struct dma_buf_mapping_match *imp)
{
	judge.match_args = args;
	return judge_match(args->dmabuf, exp, imp);
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

static const struct dma_buf_mapping_type type_judged_args = {
	.name = "test judged with args",
	.match_args = judge_match_args,
	.finish_match = judge_finish,
};

static const struct dma_buf_mapping_type type_no_finish = {
	.name = "test broken",
};

static const struct dma_buf_mapping_type type_both_matches = {
	.name = "test broken twice",
	.match = judge_match,
	.match_args = judge_match_args,
	.finish_match = judge_finish,
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

/*
 * match_args decides as match does, in the same walk, and is handed the
 * caller's args.
 */
static void test_matcher_match_args(struct kunit *test)
{
	static const struct dma_buf_mapping_match exp[] = {
		EXP(type_judged_args, 0), EXP(type_judged_args, 1),
	};
	static const struct dma_buf_mapping_match imp[] = {
		IMP(type_plain), IMP(type_judged_args),
	};
	struct dma_buf_match_args args = { .imp_matches = imp, .imp_len = 2 };

	judge_reset(exp, imp);
	judge.result[0][1] = -EOPNOTSUPP;
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&args, exp, 2), 0);
	KUNIT_EXPECT_EQ(test, judge.calls, 2);
	KUNIT_EXPECT_PTR_EQ(test, judge.match_args, &args);
	KUNIT_EXPECT_EQ(test, judge.finish_e, 1);
	KUNIT_EXPECT_EQ(test, judge.finish_i, 1);

	judge_reset(exp, imp);
	judge.result[0][1] = -ENODEV;
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&args, exp, 2), -ENODEV);
	KUNIT_EXPECT_EQ(test, judge.calls, 1);
	KUNIT_EXPECT_EQ(test, judge.finish_calls, 0);
}

/*
 * Without CONFIG_DMABUF_DEBUG a type with both never has match_args
 * called (with it, the type is refused: see the malformed lists).
 */
static void test_matcher_match_wins(struct kunit *test)
{
	static const struct dma_buf_mapping_match exp[] = {
		EXP(type_both_matches, 0),
	};
	static const struct dma_buf_mapping_match imp[] = {
		IMP(type_both_matches),
	};
	struct dma_buf_match_args args = { .imp_matches = imp, .imp_len = 1 };

	if (IS_ENABLED(CONFIG_DMABUF_DEBUG))
		kunit_skip(test, "refused with CONFIG_DMABUF_DEBUG");
	judge_reset(exp, imp);
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&args, exp, 1), 0);
	KUNIT_EXPECT_EQ(test, judge.calls, 1);
	KUNIT_EXPECT_NULL(test, judge.match_args);
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
	/*
	 * Seen only by CONFIG_DMABUF_DEBUG's whole-list check: harmless
	 * without it (never read, matches nothing, or an oops on the first
	 * entry of a NULL list).
	 */
	bool debug_only;
};

static const struct malformed_case malformed_cases[] = {
	{
		.desc = "importer entry carrying exporter ops",
		.debug_only = true,
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
		.debug_only = true,
		.exp = { EXP(type_plain, 0) }, .exp_len = 1,
		.imp = { IMP(type_plain), { .type = NULL } }, .imp_len = 2,
	},
	{
		.desc = "importer entry without a type, no exporter entry",
		.debug_only = true,
		.exp_len = 0,
		.imp = { { .type = NULL } }, .imp_len = 1,
	},
	{
		.desc = "type without finish_match",
		.debug_only = true,
		.exp = { EXP(type_no_finish, 0) }, .exp_len = 1,
		.imp = { IMP(type_no_finish) }, .imp_len = 1,
	},
	{
		.desc = "type with both match and match_args",
		.debug_only = true,
		.exp = { EXP(type_both_matches, 0) }, .exp_len = 1,
		.imp = { IMP(type_both_matches) }, .imp_len = 1,
	},
	{
		.desc = "NULL exporter list with a length",
		.debug_only = true,
		.exp_len = 1, .null_exp = true,
		.imp = { IMP(type_plain) }, .imp_len = 1,
	},
	{
		.desc = "NULL importer list with a length",
		.debug_only = true,
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

	if (c->debug_only && !IS_ENABLED(CONFIG_DMABUF_DEBUG))
		kunit_skip(test, "checked with CONFIG_DMABUF_DEBUG only");
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
	struct device *dev = dmabuf_kunit_device(test);
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT(&dmabuf_kunit_sgt_ops),
	};
	struct dma_buf_mapping_match imp[] = {
		DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P),
	};
	struct dma_buf_match_args args = { .imp_matches = imp, .imp_len = 1 };

	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&args, exp, 1), 0);
}

static struct kunit_case dma_mapping_matcher_cases[] = {
	KUNIT_CASE_PARAM(test_matcher_rules, matcher_gen_params),
	KUNIT_CASE(test_matcher_walk_order),
	KUNIT_CASE(test_matcher_finish_args),
	KUNIT_CASE(test_matcher_match_args),
	KUNIT_CASE(test_matcher_match_wins),
	KUNIT_CASE(test_matcher_positive_match_warns),
	KUNIT_CASE_PARAM(test_matcher_malformed_lists, malformed_gen_params),
	KUNIT_CASE(test_matcher_null_empty_lists),
	KUNIT_CASE(test_matcher_null_attach),
	{}
};

static struct kunit_suite dma_mapping_matcher_suite = {
	.name = "dma-buf-mapping-matcher",
	.test_cases = dma_mapping_matcher_cases,
};

kunit_test_suite(dma_mapping_matcher_suite);
