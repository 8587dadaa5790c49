// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA-buf mapping types: the PAL type.  Map and unmap of a
 * physical address list, the check of every list an exporter hands out,
 * the exporter's errors, attachments of the wrong type, and the iterator
 * importers walk a list with.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "st-dma-mapping.h"

/*
 * An exporter offering PAL, then SGT for importers that cannot take PAL.
 * It hands out @pal, or fails as told, and records what the core asked.
 */
struct pal_mock {
	struct dma_buf *dmabuf;
	struct dma_buf_phys_list *pal;
	int pal_err;
	bool pal_returns_null;

	unsigned int map_phys_calls, unmap_phys_calls;
	struct dma_buf_phys_list *unmapped_pal;
	unsigned int sgt_map_calls;
};

static struct pal_mock *to_pal_mock(struct dma_buf_attachment *attach)
{
	return attach->dmabuf->priv;
}

static struct dma_buf_phys_list *
pal_mock_map_phys(struct dma_buf_attachment *attach)
{
	struct pal_mock *mock = to_pal_mock(attach);

	mock->map_phys_calls++;
	if (mock->pal_returns_null)
		return NULL;
	if (mock->pal_err)
		return ERR_PTR(mock->pal_err);
	return mock->pal;
}

static void pal_mock_unmap_phys(struct dma_buf_attachment *attach,
				struct dma_buf_phys_list *phys)
{
	struct pal_mock *mock = to_pal_mock(attach);

	mock->unmap_phys_calls++;
	mock->unmapped_pal = phys;
}

static const struct dma_buf_mapping_pal_exp_ops pal_ops = {
	.map_phys = pal_mock_map_phys,
	.unmap_phys = pal_mock_unmap_phys,
};

static struct sg_table *pal_mock_map_sgt(struct dma_buf_attachment *attach,
					 enum dma_data_direction dir)
{
	to_pal_mock(attach)->sgt_map_calls++;
	return ERR_PTR(-EIO);
}

static const struct dma_buf_mapping_sgt_exp_ops pal_sgt_ops = {
	.map_dma_buf = pal_mock_map_sgt,
	.unmap_dma_buf = dmabuf_kunit_unmap_unused,
};

static int pal_mock_match_mapping(struct dma_buf_match_args *args)
{
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_PAL(&pal_ops),
		DMA_BUF_EMAPPING_SGT(&pal_sgt_ops),
	};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

static void pal_mock_release(struct dma_buf *dmabuf)
{
}

static const struct dma_buf_ops pal_mock_ops = {
	.match_mapping = pal_mock_match_mapping,
	.release = pal_mock_release,
};

static struct pal_mock *pal_mock_export(struct kunit *test)
{
	struct pal_mock *mock = kunit_kzalloc(test, sizeof(*mock), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mock);
	mock->dmabuf = dmabuf_kunit_export(test, &pal_mock_ops, mock);
	return mock;
}

/* @n ranges of 16 pages, 1 MiB apart. */
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
	struct pal_mock *mock = pal_mock_export(test);
	struct dma_buf_attachment *attach;
	struct dmabuf_kunit_mapping *map;

	attach = dmabuf_kunit_attach_pal(test, mock->dmabuf);
	mock->pal = pal_list(test, 3);
	map = dmabuf_kunit_map_pal(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, map->phys, mock->pal);
	KUNIT_EXPECT_EQ(test, mock->map_phys_calls, 1);
	dmabuf_kunit_unmap_pal(test, map);
	KUNIT_EXPECT_EQ(test, mock->unmap_phys_calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, mock->unmapped_pal, mock->pal);
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
	struct pal_mock *mock = pal_mock_export(test);
	struct dma_buf_attachment *attach;
	struct dmabuf_kunit_mapping *map;

	attach = dmabuf_kunit_attach_pal(test, mock->dmabuf);
	mock->pal = pal_list(test, 2);
	mock->pal->length = c->length;
	mock->pal->phys[1].paddr = c->paddr;
	mock->pal->phys[1].len = c->len;
	EXPECT_WARN(test, map = dmabuf_kunit_map_pal(test, attach));
	KUNIT_EXPECT_EQ(test, PTR_ERR(map->phys), -EINVAL);
	KUNIT_EXPECT_EQ(test, mock->unmap_phys_calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, mock->unmapped_pal, mock->pal);
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
	struct pal_mock *mock = pal_mock_export(test);
	struct dma_buf_attachment *attach;
	struct dmabuf_kunit_mapping *map;

	attach = dmabuf_kunit_attach_pal(test, mock->dmabuf);
	mock->pal_err = c->err;
	mock->pal_returns_null = c->null;
	map = dmabuf_kunit_map_pal(test, attach);
	KUNIT_EXPECT_EQ(test, PTR_ERR(map->phys), c->want);
	KUNIT_EXPECT_EQ(test, mock->unmap_phys_calls, 0);
}

static void test_pal_bad_attachment(struct kunit *test)
{
	struct pal_mock *mock = pal_mock_export(test);
	struct dma_resv *resv = mock->dmabuf->resv;
	struct dma_buf_phys_list *phys, *list = pal_list(test, 1);
	struct dma_buf_attachment *sgt_attach;

	sgt_attach = dmabuf_kunit_attach_sgt(test, mock->dmabuf, true);
	KUNIT_EXPECT_PTR_EQ(test, sgt_attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	dma_resv_lock(resv, NULL);
	EXPECT_WARN(test, phys = dma_buf_pal_map_phys(sgt_attach));
	KUNIT_EXPECT_EQ(test, PTR_ERR(phys), -EINVAL);
	EXPECT_WARN(test, phys = dma_buf_pal_map_phys(NULL));
	KUNIT_EXPECT_EQ(test, PTR_ERR(phys), -EINVAL);
	EXPECT_WARN(test, dma_buf_pal_unmap_phys(sgt_attach, list));
	dma_resv_unlock(resv);
	KUNIT_EXPECT_EQ(test, mock->sgt_map_calls, 0);
	KUNIT_EXPECT_EQ(test, mock->map_phys_calls, 0);
	KUNIT_EXPECT_EQ(test, mock->unmap_phys_calls, 0);
}

/*
 * Only an importer that can be told to stop may hold physical addresses:
 * a static importer, or a dynamic one without invalidate_mappings, is
 * offered the exporter's next entry instead (here SGT), or nothing.
 */
static void test_pal_needs_revocable_importer(struct kunit *test)
{
	static const struct dma_buf_attach_ops pinned_importer = { };
	struct pal_mock *mock = pal_mock_export(test);
	struct device *dev = dmabuf_kunit_device(test);
	struct dma_buf_mapping_match imp[] = {
		DMA_BUF_IMAPPING_PAL(),
		DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P),
	};
	const struct dma_buf_attach_ops *ops[] = {
		NULL, &pinned_importer, &dmabuf_kunit_dynamic_importer,
	};
	const struct dma_buf_mapping_type *want[] = {
		&dma_buf_mapping_sgt_type, &dma_buf_mapping_sgt_type,
		&dma_buf_mapping_pal_type,
	};
	struct dma_buf_attachment *attach;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		attach = dma_buf_mapping_attach(mock->dmabuf, imp, 2, ops[i],
						NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test,
					     dmabuf_kunit_attached(test, attach));
		KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type, want[i]);
		/* PAL alone: nothing left for an importer that cannot stop. */
		attach = dma_buf_mapping_attach(mock->dmabuf, imp, 1, ops[i],
						NULL);
		attach = dmabuf_kunit_attached(test, attach);
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(attach),
				want[i] == &dma_buf_mapping_pal_type ? 0 :
				-EINVAL);
	}
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

/*
 * The iterator, on lists built here: it must refuse, on its own, lists the
 * core would refuse too, since an importer may walk any list it holds.
 */
/* Prefixed: arch headers define P, PA, PC and the like. */
#define IT_P		PAGE_SIZE
#define IT_A		0x40000000ULL
#define IT_B		0x50000000ULL
#define IT_C		0x60000000ULL
/* The last page of the physical address space. */
#define IT_TOP		((phys_addr_t)0 - IT_P)

struct pal_iter_run {
	phys_addr_t paddr;
	u64 len;
};

struct pal_iter_case {
	const char *desc;
	bool no_list;
	size_t nr;				/* entries */
	struct dma_buf_phys_vec phys[3];
	u64 offset, length, max;
	int ret;
	size_t nr_runs;
	struct pal_iter_run runs[4];
};

static const struct pal_iter_case pal_iter_cases[] = {
	{ "single entry whole", .nr = 1, { { IT_A, 16 * IT_P } },
	  0, 16 * IT_P, 64 * IT_P, 0, 1, { { IT_A, 16 * IT_P } } },
	{ "slice starting mid-entry", .nr = 1, { { IT_A, 16 * IT_P } },
	  4 * IT_P, 8 * IT_P, 16 * IT_P, 0, 1,
	  { { IT_A + 4 * IT_P, 8 * IT_P } } },
	/* Cut at the entry's end, at @max, at the entry's end, at the end. */
	{ "three entries, max below an entry", .nr = 3,
	  { { IT_A, 4 * IT_P }, { IT_B, 6 * IT_P }, { IT_C, 4 * IT_P } },
	  2 * IT_P, 10 * IT_P, 4 * IT_P, 0, 4,
	  { { IT_A + 2 * IT_P, 2 * IT_P }, { IT_B, 4 * IT_P },
	    { IT_B + 4 * IT_P, 2 * IT_P }, { IT_C, 2 * IT_P } } },
	{ "page at a time", .nr = 2, { { IT_A, 2 * IT_P }, { IT_B, IT_P } },
	  IT_P, 2 * IT_P, IT_P, 0, 2,
	  { { IT_A + IT_P, IT_P }, { IT_B, IT_P } } },
	/* Entries are the exporter's ranges; the walk keeps them apart. */
	{ "adjacent entries stay two runs", .nr = 2,
	  { { IT_A, 2 * IT_P }, { IT_A + 2 * IT_P, 2 * IT_P } },
	  0, 4 * IT_P, 16 * IT_P, 0, 2,
	  { { IT_A, 2 * IT_P }, { IT_A + 2 * IT_P, 2 * IT_P } } },
	{ "bad entry after the request not looked at", .nr = 2,
	  { { IT_A, 4 * IT_P }, { IT_B + 8, 0 } },
	  0, 4 * IT_P, 16 * IT_P, 0, 1, { { IT_A, 4 * IT_P } } },
	{ "request past the end", .nr = 2,
	  { { IT_A, 4 * IT_P }, { IT_B, 4 * IT_P } },
	  4 * IT_P, 8 * IT_P, IT_P, -EINVAL },
	{ "offset at the end", .nr = 2,
	  { { IT_A, 4 * IT_P }, { IT_B, 4 * IT_P } },
	  8 * IT_P, IT_P, IT_P, -EINVAL },
	{ "offset + length overflows", .nr = 1, { { IT_A, 4 * IT_P } },
	  U64_MAX - IT_P + 1, 2 * IT_P, IT_P, -EINVAL },
	{ "misaligned offset", .nr = 1, { { IT_A, 4 * IT_P } },
	  IT_P / 2, IT_P, IT_P, -EINVAL },
	{ "misaligned length", .nr = 1, { { IT_A, 4 * IT_P } },
	  0, IT_P + 1, IT_P, -EINVAL },
	{ "zero length", .nr = 1, { { IT_A, 4 * IT_P } },
	  0, 0, IT_P, -EINVAL },
	{ "no list", .no_list = true,
	  .offset = 0, .length = IT_P, .max = IT_P, .ret = -EINVAL },
	{ "empty list", .nr = 0, {}, 0, IT_P, IT_P, -EINVAL },
	{ "empty entry inside the request", .nr = 3,
	  { { IT_A, 4 * IT_P }, { IT_B, 0 }, { IT_C, 4 * IT_P } },
	  0, 6 * IT_P, IT_P, -EINVAL },
	{ "empty entry before the offset", .nr = 2,
	  { { IT_A, 0 }, { IT_B, IT_P } },
	  0, IT_P, IT_P, -EINVAL },
	{ "misaligned address before the offset", .nr = 2,
	  { { IT_A + IT_P / 2, IT_P }, { IT_B, 4 * IT_P } },
	  IT_P, IT_P, IT_P, -EINVAL },
	{ "misaligned entry length", .nr = 1, { { IT_A, IT_P + 8 } },
	  0, IT_P, IT_P, -EINVAL },
	{ "entry wraps past the top", .nr = 2,
	  { { IT_A, IT_P }, { IT_TOP, 2 * IT_P } },
	  0, 2 * IT_P, IT_P, -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(pal_iter, pal_iter_cases, desc);

/* A list of @nr entries copied from @phys, in test-managed memory. */
static struct dma_buf_phys_list *
pal_list_of(struct kunit *test, const struct dma_buf_phys_vec *phys, size_t nr)
{
	struct dma_buf_phys_list *list;

	list = kunit_kzalloc(test, struct_size(list, phys, nr), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, list);
	list->length = nr;
	memcpy(list->phys, phys, nr * sizeof(*phys));
	return list;
}

static void test_pal_iter(struct kunit *test)
{
	const struct pal_iter_case *c = test->param_value;
	struct dma_buf_phys_list *list = NULL;
	struct dma_buf_pal_iter iter;
	struct pal_iter_run run;
	size_t n = 0;

	if (!c->no_list)
		list = pal_list_of(test, c->phys, c->nr);
	KUNIT_EXPECT_EQ(test, dma_buf_pal_iter_init(&iter, list, c->offset,
						    c->length), c->ret);
	/* A refused walk produces nothing, even if the caller carries on. */
	while (dma_buf_pal_iter_next(&iter, c->max, &run.paddr, &run.len)) {
		KUNIT_ASSERT_LT(test, n, c->nr_runs);
		KUNIT_EXPECT_EQ_MSG(test, run.paddr, c->runs[n].paddr,
				    "run %zu", n);
		KUNIT_EXPECT_EQ_MSG(test, run.len, c->runs[n].len,
				    "run %zu", n);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, c->nr_runs);
	/* Done stays done. */
	KUNIT_EXPECT_FALSE(test, dma_buf_pal_iter_next(&iter, c->max,
						       &run.paddr, &run.len));
}

/* A @max no page aligned walk could end with is refused and costs nothing. */
static void test_pal_iter_bad_max(struct kunit *test)
{
	static const struct dma_buf_phys_vec phys[] = { { IT_A, 4 * IT_P } };
	static const u64 bad_max[] = { 0, IT_P / 2, IT_P + 1 };
	struct dma_buf_phys_list *list = pal_list_of(test, phys, 1);
	struct dma_buf_pal_iter iter;
	struct pal_iter_run run;
	bool more;
	size_t i;

	KUNIT_ASSERT_EQ(test, dma_buf_pal_iter_init(&iter, list, 0, 4 * IT_P),
			0);
	for (i = 0; i < ARRAY_SIZE(bad_max); i++) {
		u64 max = bad_max[i];

		EXPECT_WARN(test, more = dma_buf_pal_iter_next(&iter, max,
							       &run.paddr,
							       &run.len));
		KUNIT_EXPECT_FALSE_MSG(test, more, "max %#llx",
				       (unsigned long long)max);
	}
	/* The walk is where it was. */
	KUNIT_ASSERT_TRUE(test, dma_buf_pal_iter_next(&iter, 4 * IT_P,
						      &run.paddr, &run.len));
	KUNIT_EXPECT_EQ(test, run.paddr, IT_A);
	KUNIT_EXPECT_EQ(test, run.len, 4 * IT_P);
}

/* A list that shrinks under the walk breaks the contract: not read past. */
static void test_pal_iter_list_shrinks(struct kunit *test)
{
	static const struct dma_buf_phys_vec phys[] = {
		{ IT_A, IT_P }, { IT_B, IT_P },
	};
	struct dma_buf_phys_list *list = pal_list_of(test, phys, 2);
	struct dma_buf_pal_iter iter;
	struct pal_iter_run run;
	bool more;

	KUNIT_ASSERT_EQ(test, dma_buf_pal_iter_init(&iter, list, 0, 2 * IT_P),
			0);
	KUNIT_ASSERT_TRUE(test, dma_buf_pal_iter_next(&iter, IT_P, &run.paddr,
						      &run.len));
	list->length = 1;
	EXPECT_WARN(test, more = dma_buf_pal_iter_next(&iter, IT_P, &run.paddr,
						       &run.len));
	KUNIT_EXPECT_FALSE(test, more);
}

static struct kunit_case dma_mapping_pal_cases[] = {
	KUNIT_CASE(test_pal_map_unmap),
	KUNIT_CASE_PARAM(test_pal_invalid_list, pal_invalid_gen_params),
	KUNIT_CASE_PARAM(test_pal_exporter_error, pal_error_gen_params),
	KUNIT_CASE(test_pal_bad_attachment),
	KUNIT_CASE(test_pal_needs_revocable_importer),
	KUNIT_CASE(test_pal_validate_list),
	KUNIT_CASE_PARAM(test_pal_iter, pal_iter_gen_params),
	KUNIT_CASE(test_pal_iter_bad_max),
	KUNIT_CASE(test_pal_iter_list_shrinks),
	{}
};

static struct kunit_suite dma_mapping_pal_suite = {
	.name = "dma-buf-mapping-pal",
	.test_cases = dma_mapping_pal_cases,
};

kunit_test_suite(dma_mapping_pal_suite);
