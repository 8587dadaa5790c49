// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA-buf mapping types: the SGT map path.  Which exporter
 * ops a map reaches, under which lock, pinning for static importers, the
 * errors, the debugging copy of the table, a real DMA mapping through the
 * machine's DMA ops, and a dynamic importer remapping after
 * invalidate_mappings.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "st-dma-mapping.h"

/* A marker the mock's tables carry, so a test can tell whose table it got. */
#define MOCK_DMA_ADDR		0x1000000ULL

/*
 * An exporter that maps: a one-entry table tagged with MOCK_DMA_ADDR, or
 * with twice that through its other SGT ops; or, given a page, that page
 * DMA-mapped for the importing device.  It records what the core asked.
 */
struct map_mock {
	struct dma_buf *dmabuf;
	struct dma_buf_mapping_match exp[2];
	size_t exp_len;
	int pin_ret;
	bool map_returns_null;
	int map_err;
	struct page *page;
	struct sg_table *mapped;	/* the last table map returned */
	struct sg_table *unmapped;	/* the last table unmap was given */

	unsigned int map_calls, unmap_calls;
	unsigned int other_map_calls, other_unmap_calls;
	unsigned int pin_calls, unpin_calls;
	unsigned int phys_calls;
	bool map_saw_lock;
	enum dma_data_direction map_dir;
};

static struct map_mock *to_map_mock(struct dma_buf_attachment *attach)
{
	return attach->dmabuf->priv;
}

static struct sg_table *map_mock_table(dma_addr_t tag)
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

static void map_mock_free_table(struct sg_table *sgt)
{
	sg_free_table(sgt);
	kfree(sgt);
}

/* The data path: the page, DMA-mapped for the importing device. */
static struct sg_table *map_mock_map_page(struct map_mock *mock,
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

static struct sg_table *map_mock_map(struct dma_buf_attachment *attach,
				     enum dma_data_direction dir)
{
	struct map_mock *mock = to_map_mock(attach);

	mock->map_calls++;
	mock->map_dir = dir;
	mock->map_saw_lock = dma_resv_is_locked(attach->dmabuf->resv);
	if (mock->map_returns_null)
		return NULL;
	if (mock->map_err)
		return ERR_PTR(mock->map_err);
	if (mock->page)
		mock->mapped = map_mock_map_page(mock, attach, dir);
	else
		mock->mapped = map_mock_table(MOCK_DMA_ADDR);
	return mock->mapped;
}

static void map_mock_unmap(struct dma_buf_attachment *attach,
			   struct sg_table *sgt, enum dma_data_direction dir)
{
	struct map_mock *mock = to_map_mock(attach);

	mock->unmap_calls++;
	mock->unmapped = sgt;
	if (mock->page)
		dma_unmap_sgtable(dma_buf_sgt_dma_device(attach), sgt, dir, 0);
	map_mock_free_table(sgt);
}

/* A second SGT entry with its own ops, to see which one the core calls. */
static struct sg_table *map_mock_other_map(struct dma_buf_attachment *attach,
					   enum dma_data_direction dir)
{
	to_map_mock(attach)->other_map_calls++;
	return map_mock_table(2 * MOCK_DMA_ADDR);
}

static void map_mock_other_unmap(struct dma_buf_attachment *attach,
				 struct sg_table *sgt,
				 enum dma_data_direction dir)
{
	to_map_mock(attach)->other_unmap_calls++;
	map_mock_free_table(sgt);
}

static const struct dma_buf_mapping_sgt_exp_ops map_sgt_ops = {
	.map_dma_buf = map_mock_map,
	.unmap_dma_buf = map_mock_unmap,
};

static const struct dma_buf_mapping_sgt_exp_ops map_other_sgt_ops = {
	.map_dma_buf = map_mock_other_map,
	.unmap_dma_buf = map_mock_other_unmap,
};

/* A PAL entry, to see that an SGT map never reaches it. */
static struct dma_buf_phys_list *
map_mock_map_phys(struct dma_buf_attachment *attach)
{
	to_map_mock(attach)->phys_calls++;
	return ERR_PTR(-EIO);
}

static void map_mock_unmap_phys(struct dma_buf_attachment *attach,
				struct dma_buf_phys_list *phys)
{
	to_map_mock(attach)->phys_calls++;
}

static const struct dma_buf_mapping_pal_exp_ops map_pal_ops = {
	.map_phys = map_mock_map_phys,
	.unmap_phys = map_mock_unmap_phys,
};

static int map_mock_match_mapping(struct dma_buf_match_args *args)
{
	struct map_mock *mock = args->dmabuf->priv;

	return dma_buf_match_mapping(args, mock->exp, mock->exp_len);
}

static int map_mock_pin(struct dma_buf_attachment *attach)
{
	struct map_mock *mock = to_map_mock(attach);

	mock->pin_calls++;
	return mock->pin_ret;
}

static void map_mock_unpin(struct dma_buf_attachment *attach)
{
	to_map_mock(attach)->unpin_calls++;
}

static void map_mock_release(struct dma_buf *dmabuf)
{
}

/* One static SGT entry, as the heaps declare themselves. */
static const struct dma_buf_ops map_simple_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(map_mock_map, map_mock_unmap),
	.release = map_mock_release,
};

/* An aware exporter: mock->exp is its list. */
static const struct dma_buf_ops map_aware_ops = {
	.match_mapping = map_mock_match_mapping,
	.release = map_mock_release,
};

/* An aware exporter that can move its memory. */
static const struct dma_buf_ops map_dynamic_ops = {
	.pin = map_mock_pin,
	.unpin = map_mock_unpin,
	.match_mapping = map_mock_match_mapping,
	.release = map_mock_release,
};

/* A buffer of @ops, offering @n entries of @exp if @ops is aware. */
static struct map_mock *map_mock_export(struct kunit *test,
					const struct dma_buf_ops *ops,
					const struct dma_buf_mapping_match *exp,
					size_t n)
{
	struct map_mock *mock = kunit_kzalloc(test, sizeof(*mock), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mock);
	KUNIT_ASSERT_LE(test, n, ARRAY_SIZE(mock->exp));
	if (n)
		memcpy(mock->exp, exp, n * sizeof(*exp));
	mock->exp_len = n;
	mock->dmabuf = dmabuf_kunit_export(test, ops, mock);
	return mock;
}

/* Map goes to the negotiated entry's ops, and only there. */
static void test_map_routes_to_negotiated_ops(struct kunit *test)
{
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT(&map_other_sgt_ops),
		DMA_BUF_EMAPPING_SGT(&map_sgt_ops),
	};
	struct map_mock *mock = map_mock_export(test, &map_aware_ops, exp, 2);
	struct dma_buf_attachment *attach;
	struct dmabuf_kunit_mapping *map;

	attach = dmabuf_kunit_attach_sgt(test, mock->dmabuf, false);
	map = dmabuf_kunit_map_sgt(test, attach, DMA_TO_DEVICE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map->sgt);
	KUNIT_EXPECT_EQ(test, sg_dma_address(map->sgt->sgl),
			2 * MOCK_DMA_ADDR);
	KUNIT_EXPECT_EQ(test, mock->other_map_calls, 1);
	KUNIT_EXPECT_EQ(test, mock->map_calls, 0);
	dmabuf_kunit_unmap_sgt(test, map);
	KUNIT_EXPECT_EQ(test, mock->other_unmap_calls, 1);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 0);
}

/*
 * An exporter declared with DMA_BUF_SIMPLE_SGT_EXP_MATCH(), as every
 * exporter that had only map_dma_buf/unmap_dma_buf now is, is called
 * directly through its entry's ops.
 */
static void test_map_simple_entry(struct kunit *test)
{
	struct map_mock *mock = map_mock_export(test, &map_simple_ops,
						NULL, 0);
	struct dma_buf_attachment *attach;
	struct dmabuf_kunit_mapping *map;
	struct sg_table *sgt;

	attach = dmabuf_kunit_attach_sgt(test, mock->dmabuf, false);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.exp_ops,
			    map_simple_ops.single_exporter_match->exp_ops);
	sgt = dma_buf_sgt_map_attachment_unlocked(attach, DMA_FROM_DEVICE);
	map = dmabuf_kunit_sgt_mapped(test, attach, sgt, DMA_FROM_DEVICE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map->sgt);
	KUNIT_EXPECT_EQ(test, mock->map_calls, 1);
	KUNIT_EXPECT_EQ(test, mock->map_dir, DMA_FROM_DEVICE);
	KUNIT_EXPECT_TRUE(test, mock->map_saw_lock);
	dmabuf_kunit_unmap_sgt(test, map);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 1);
}

/* The locked forms are called with the reservation lock held. */
static void test_map_locked(struct kunit *test)
{
	struct map_mock *mock = map_mock_export(test, &map_simple_ops,
						NULL, 0);
	struct dma_resv *resv = mock->dmabuf->resv;
	struct dma_buf_attachment *attach;
	struct dmabuf_kunit_mapping *map;
	struct sg_table *sgt;

	attach = dmabuf_kunit_attach_sgt(test, mock->dmabuf, true);
	dma_resv_lock(resv, NULL);
	sgt = dma_buf_sgt_map_attachment(attach, DMA_BIDIRECTIONAL);
	dma_resv_unlock(resv);
	map = dmabuf_kunit_sgt_mapped(test, attach, sgt, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map->sgt);
	KUNIT_EXPECT_TRUE(test, mock->map_saw_lock);
	dma_resv_lock(resv, NULL);
	dmabuf_kunit_unmap_sgt_locked(test, map);
	dma_resv_unlock(resv);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 1);
}

/* A static importer of a dynamic exporter pins for each mapping. */
static void test_map_pins_for_static_importer(struct kunit *test)
{
	struct dma_buf_mapping_match exp = DMA_BUF_EMAPPING_SGT(&map_sgt_ops);
	struct map_mock *mock = map_mock_export(test, &map_dynamic_ops,
						&exp, 1);
	struct dma_buf_attachment *st, *dyn;
	struct dmabuf_kunit_mapping *a, *b;

	st = dmabuf_kunit_attach_sgt(test, mock->dmabuf, false);
	dyn = dmabuf_kunit_attach_sgt(test, mock->dmabuf, true);
	a = dmabuf_kunit_map_sgt(test, st, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a->sgt);
	KUNIT_EXPECT_EQ(test, mock->pin_calls, 1);
	b = dmabuf_kunit_map_sgt(test, dyn, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b->sgt);
	KUNIT_EXPECT_EQ(test, mock->pin_calls, 1);
	dmabuf_kunit_unmap_sgt(test, b);
	KUNIT_EXPECT_EQ(test, mock->unpin_calls, 0);
	dmabuf_kunit_unmap_sgt(test, a);
	KUNIT_EXPECT_EQ(test, mock->unpin_calls, 1);
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
	{ "pin fails", .pin_ret = -EIO, .want = -EIO },
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
	struct dma_buf_mapping_match exp = DMA_BUF_EMAPPING_SGT(&map_sgt_ops);
	struct map_mock *mock = map_mock_export(test, &map_dynamic_ops,
						&exp, 1);
	struct dma_buf_attachment *attach;
	struct dmabuf_kunit_mapping *map;

	attach = dmabuf_kunit_attach_sgt(test, mock->dmabuf, false);
	mock->pin_ret = c->pin_ret;
	mock->map_returns_null = c->map_null;
	mock->map_err = c->map_err;
	map = dmabuf_kunit_map_sgt(test, attach, DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(map->sgt), c->want);
	KUNIT_EXPECT_EQ(test, mock->map_calls, c->want_map_calls);
	KUNIT_EXPECT_EQ(test, mock->pin_calls, 1);
	KUNIT_EXPECT_EQ(test, mock->unpin_calls, c->pin_ret ? 0 : 1);
}

static void test_map_bad_attachment(struct kunit *test)
{
	const enum dma_data_direction dir = DMA_TO_DEVICE;
	struct dma_buf_mapping_match exp = DMA_BUF_EMAPPING_PAL(&map_pal_ops);
	struct map_mock *mock = map_mock_export(test, &map_aware_ops, &exp, 1);
	struct dma_buf_attachment *pal;
	struct dmabuf_kunit_mapping *map;
	struct sg_table *sgt, dummy = { };

	pal = dmabuf_kunit_attach_pal(test, mock->dmabuf);
	EXPECT_WARN(test, sgt = dma_buf_sgt_map_attachment_unlocked(pal, dir));
	map = dmabuf_kunit_sgt_mapped(test, pal, sgt, dir);
	KUNIT_EXPECT_EQ(test, PTR_ERR(map->sgt), -EINVAL);
	EXPECT_WARN(test, sgt = dma_buf_sgt_map_attachment_unlocked(NULL, dir));
	KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -EINVAL);
	EXPECT_WARN(test, sgt = dma_buf_sgt_map_attachment(NULL, dir));
	KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -EINVAL);
	EXPECT_WARN(test, dma_buf_sgt_unmap_attachment_unlocked(pal, &dummy,
								dir));
	EXPECT_WARN(test, dma_buf_sgt_unmap_attachment_unlocked(NULL, &dummy,
								dir));
	EXPECT_WARN(test, dma_buf_sgt_unmap_attachment_unlocked(pal, NULL,
								dir));
	KUNIT_EXPECT_EQ(test, mock->phys_calls, 0);
}

/*
 * With CONFIG_DMABUF_DEBUG the importer gets a copy of the table with the
 * DMA addresses only, and the exporter gets its own table back at unmap.
 */
static void test_map_debug_copy(struct kunit *test)
{
	struct map_mock *mock = map_mock_export(test, &map_simple_ops,
						NULL, 0);
	struct dma_buf_attachment *attach;
	struct dmabuf_kunit_mapping *map;
	struct sg_table *sgt;

	attach = dmabuf_kunit_attach_sgt(test, mock->dmabuf, false);
	map = dmabuf_kunit_map_sgt(test, attach, DMA_TO_DEVICE);
	sgt = map->sgt;
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	KUNIT_EXPECT_EQ(test, sg_dma_address(sgt->sgl), MOCK_DMA_ADDR);
	KUNIT_EXPECT_EQ(test, sg_dma_len(sgt->sgl), MOCK_SIZE);
	if (IS_ENABLED(CONFIG_DMABUF_DEBUG)) {
		KUNIT_EXPECT_PTR_NE(test, sgt, mock->mapped);
		KUNIT_EXPECT_NULL(test, sg_page(sgt->sgl));
	} else {
		KUNIT_EXPECT_PTR_EQ(test, sgt, mock->mapped);
	}
	dmabuf_kunit_unmap_sgt(test, map);
	KUNIT_EXPECT_PTR_EQ(test, mock->unmapped, mock->mapped);
}

KUNIT_DEFINE_ACTION_WRAPPER(map_free_page, __free_page, struct page *);

/* The data path: the table holds the importing device's DMA addresses. */
static void test_map_real_dma(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct dma_buf_attachment *attach;
	struct dmabuf_kunit_mapping *map;
	struct map_mock *mock;
	struct device *dev;

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, map_free_page,
							page), 0);
	mock = map_mock_export(test, &map_simple_ops, NULL, 0);
	mock->page = page;
	dev = dmabuf_kunit_device(test);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(dev,
							   DMA_BIT_MASK(64)), 0);
	attach = dma_buf_sgt_attach(mock->dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	map = dmabuf_kunit_map_sgt(test, attach, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map->sgt);
	KUNIT_EXPECT_EQ(test, map->sgt->nents, 1);
	KUNIT_EXPECT_EQ(test, sg_dma_len(map->sgt->sgl), PAGE_SIZE);
	/* Direct mapping: the DMA address is the page's physical address. */
	KUNIT_EXPECT_EQ(test, sg_dma_address(map->sgt->sgl),
			(dma_addr_t)page_to_phys(page));
}

/*
 * A dynamic importer's life: map, the exporter moves the buffer and calls
 * dma_buf_invalidate_mappings() under the reservation lock, the importer
 * drops its mapping there, and maps again afterwards.
 */
struct moving_importer {
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	unsigned int moves;
	bool lock_held;
};

static void moving_invalidate(struct dma_buf_attachment *attach)
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
	.invalidate_mappings = moving_invalidate,
};

/* The importer drops what it still has mapped, before it detaches. */
static void moving_importer_unmap(void *data)
{
	struct moving_importer *imp = data;

	if (imp->sgt)
		dma_buf_sgt_unmap_attachment_unlocked(imp->attach, imp->sgt,
						      DMA_BIDIRECTIONAL);
	imp->sgt = NULL;
}

static void test_invalidate_remap(struct kunit *test)
{
	struct dma_buf_mapping_match exp = DMA_BUF_EMAPPING_SGT(&map_sgt_ops);
	struct map_mock *mock = map_mock_export(test, &map_dynamic_ops,
						&exp, 1);
	struct dma_resv *resv = mock->dmabuf->resv;
	struct device *dev = dmabuf_kunit_device(test);
	struct moving_importer *imp;
	struct dma_buf_attachment *attach;

	imp = kunit_kzalloc(test, sizeof(*imp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, imp);
	attach = dma_buf_sgt_dynamic_attach(mock->dmabuf, dev,
					    &moving_importer_ops, imp);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, attach));
	imp->attach = attach;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							moving_importer_unmap,
							imp), 0);
	/* Another attachment, which has nothing mapped to drop. */
	dmabuf_kunit_attach_sgt(test, mock->dmabuf, false);

	imp->sgt = dma_buf_sgt_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, imp->sgt);

	/* The exporter moves the buffer. */
	dma_resv_lock(resv, NULL);
	dma_buf_invalidate_mappings(mock->dmabuf);
	dma_resv_unlock(resv);
	KUNIT_EXPECT_EQ(test, imp->moves, 1);
	KUNIT_EXPECT_TRUE(test, imp->lock_held);
	KUNIT_EXPECT_NULL(test, imp->sgt);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 1);
	/* A dynamic importer is never pinned for its mappings. */
	KUNIT_EXPECT_EQ(test, mock->pin_calls, 0);

	imp->sgt = dma_buf_sgt_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, imp->sgt);
	KUNIT_EXPECT_EQ(test, mock->map_calls, 2);
	kunit_release_action(test, moving_importer_unmap, imp);
	KUNIT_EXPECT_EQ(test, mock->unmap_calls, 2);
}

static struct kunit_case dma_mapping_map_cases[] = {
	KUNIT_CASE(test_map_routes_to_negotiated_ops),
	KUNIT_CASE(test_map_simple_entry),
	KUNIT_CASE(test_map_locked),
	KUNIT_CASE(test_map_pins_for_static_importer),
	KUNIT_CASE_PARAM(test_map_errors, map_error_gen_params),
	KUNIT_CASE(test_map_bad_attachment),
	KUNIT_CASE(test_map_debug_copy),
	KUNIT_CASE(test_map_real_dma),
	KUNIT_CASE(test_invalidate_remap),
	{}
};

static struct kunit_suite dma_mapping_map_suite = {
	.name = "dma-buf-mapping-map",
	.test_cases = dma_mapping_map_cases,
};

kunit_test_suite(dma_mapping_map_suite);
