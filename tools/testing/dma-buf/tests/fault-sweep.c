// SPDX-License-Identifier: GPL-2.0
/*
 * Fault sweep: for each path through the framework, fail the 1st, 2nd, ...
 * allocation it makes until it makes no more, and check each time that the
 * path failed with -ENOMEM, left nothing allocated, mapped or locked, raised
 * no WARN, and that the buffer still works afterwards.
 *
 * Host only: the kernel has no way to fail one chosen allocation.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <host/hooks.h>

#include "dma-buf-samples.h"

#define SWEEP_PAGES	4

/*
 * A page-backed exporter that allocates wherever a real one would: pages
 * at export, per-attachment state at attach, a table at map, a PAL list at
 * map_phys, a migration record at pin.
 */
struct sweep_buf {
	struct sample_pages sp;
	void *pin_record;
};

struct sweep_attach_priv {
	unsigned long cookie;
};

static struct sg_table *sweep_map(struct dma_buf_attachment *attach,
				  enum dma_data_direction dir)
{
	struct sweep_buf *buf = attach->dmabuf->priv;

	return sample_pages_map(&buf->sp, dma_buf_sgt_dma_device(attach), dir);
}

static void sweep_unmap(struct dma_buf_attachment *attach,
			struct sg_table *sgt, enum dma_data_direction dir)
{
	sample_pages_unmap(dma_buf_sgt_dma_device(attach), sgt, dir);
}

static const struct dma_buf_mapping_sgt_exp_ops sweep_sgt_ops = {
	.map_dma_buf = sweep_map,
	.unmap_dma_buf = sweep_unmap,
};

static struct dma_buf_phys_list *sweep_map_phys(struct dma_buf_attachment *attach)
{
	struct dma_buf_phys_list *phys;
	int i;

	phys = kvzalloc(struct_size(phys, phys, 2), GFP_KERNEL);
	if (!phys)
		return ERR_PTR(-ENOMEM);
	phys->length = 2;
	for (i = 0; i < 2; i++) {
		phys->phys[i].paddr = 0xe0000000ULL + i * 0x200000;
		phys->phys[i].len = 0x10000;
	}
	return phys;
}

static void sweep_unmap_phys(struct dma_buf_attachment *attach,
			     struct dma_buf_phys_list *phys)
{
	kvfree(phys);
}

static const struct dma_buf_mapping_pal_exp_ops sweep_pal_ops = {
	.map_phys = sweep_map_phys,
	.unmap_phys = sweep_unmap_phys,
};

static int sweep_match_mapping(struct dma_buf_match_args *args)
{
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_PAL(&sweep_pal_ops),
		DMA_BUF_EMAPPING_SGT(&sweep_sgt_ops),
	};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

static int sweep_attach(struct dma_buf *dmabuf,
			struct dma_buf_attachment *attach)
{
	attach->priv = kzalloc(sizeof(struct sweep_attach_priv), GFP_KERNEL);
	return attach->priv ? 0 : -ENOMEM;
}

static void sweep_detach(struct dma_buf *dmabuf,
			 struct dma_buf_attachment *attach)
{
	kfree(attach->priv);
}

static int sweep_pin(struct dma_buf_attachment *attach)
{
	struct sweep_buf *buf = attach->dmabuf->priv;

	buf->pin_record = kzalloc(64, GFP_KERNEL);
	return buf->pin_record ? 0 : -ENOMEM;
}

static void sweep_unpin(struct dma_buf_attachment *attach)
{
	struct sweep_buf *buf = attach->dmabuf->priv;

	kfree(buf->pin_record);
	buf->pin_record = NULL;
}

static void sweep_free(struct sweep_buf *buf)
{
	sample_pages_free(&buf->sp);
	kfree(buf);
}

static void sweep_release(struct dma_buf *dmabuf)
{
	sweep_free(dmabuf->priv);
}

static const struct dma_buf_ops sweep_aware_ops = {
	.attach = sweep_attach,
	.detach = sweep_detach,
	.match_mapping = sweep_match_mapping,
	.release = sweep_release,
};

static const struct dma_buf_ops sweep_single_ops = {
	.attach = sweep_attach,
	.detach = sweep_detach,
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(sweep_map, sweep_unmap),
	.release = sweep_release,
};

static const struct dma_buf_ops sweep_dynamic_ops = {
	.attach = sweep_attach,
	.detach = sweep_detach,
	.pin = sweep_pin,
	.unpin = sweep_unpin,
	.match_mapping = sweep_match_mapping,
	.release = sweep_release,
};

/* Export as a heap would: the pages first, then the dma-buf. */
static struct dma_buf *sweep_export(const struct dma_buf_ops *ops)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct sweep_buf *buf;
	struct dma_buf *dmabuf;
	int ret;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	ret = sample_pages_alloc(&buf->sp, SWEEP_PAGES * PAGE_SIZE);
	if (ret) {
		kfree(buf);
		return ERR_PTR(ret);
	}
	exp_info.ops = ops;
	exp_info.size = SWEEP_PAGES * PAGE_SIZE;
	exp_info.priv = buf;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf))
		sweep_free(buf);
	return dmabuf;
}

static void sweep_invalidate(struct dma_buf_attachment *attach)
{
}

static const struct dma_buf_attach_ops sweep_importer = {
	.invalidate_mappings = sweep_invalidate,
};

enum sweep_step { STEP_EXPORT, STEP_ATTACH, STEP_MAP, STEP_MAP_PHYS };

/* One path: an exporter, an importer, and the step whose allocations fail. */
struct sweep_path {
	const char *desc;
	const struct dma_buf_ops *ops;
	enum { IMP_STATIC, IMP_DYNAMIC, IMP_PAL } importer;
	enum sweep_step step;
};

struct sweep_ctx {
	struct device *dev;
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	struct dma_buf_phys_list *phys;
};

static int sweep_do_attach(struct sweep_ctx *ctx, const struct sweep_path *p)
{
	struct dma_buf_mapping_match pal = DMA_BUF_IMAPPING_PAL();

	switch (p->importer) {
	case IMP_STATIC:
		ctx->attach = dma_buf_sgt_attach(ctx->dmabuf, ctx->dev);
		break;
	case IMP_DYNAMIC:
		ctx->attach = dma_buf_sgt_dynamic_attach(ctx->dmabuf, ctx->dev,
							 &sweep_importer, NULL);
		break;
	case IMP_PAL:
		ctx->attach = dma_buf_mapping_attach(ctx->dmabuf, &pal, 1,
						     &sweep_importer, NULL);
		break;
	}
	if (IS_ERR(ctx->attach)) {
		int ret = PTR_ERR(ctx->attach);

		ctx->attach = NULL;
		return ret;
	}
	return 0;
}

static int sweep_do_map(struct sweep_ctx *ctx, const struct sweep_path *p)
{
	int ret = 0;

	if (p->importer != IMP_PAL) {
		ctx->sgt = dma_buf_sgt_map_attachment_unlocked(ctx->attach,
							       DMA_BIDIRECTIONAL);
		if (IS_ERR(ctx->sgt)) {
			ret = PTR_ERR(ctx->sgt);
			ctx->sgt = NULL;
		}
		return ret;
	}
	dma_resv_lock(ctx->dmabuf->resv, NULL);
	ctx->phys = dma_buf_pal_map_phys(ctx->attach);
	if (IS_ERR(ctx->phys)) {
		ret = PTR_ERR(ctx->phys);
		ctx->phys = NULL;
	}
	dma_resv_unlock(ctx->dmabuf->resv);
	return ret;
}

static int sweep_step(struct sweep_ctx *ctx, const struct sweep_path *p,
		      enum sweep_step step)
{
	switch (step) {
	case STEP_EXPORT:
		ctx->dmabuf = sweep_export(p->ops);
		if (IS_ERR(ctx->dmabuf)) {
			int ret = PTR_ERR(ctx->dmabuf);

			ctx->dmabuf = NULL;
			return ret;
		}
		return 0;
	case STEP_ATTACH:
		return sweep_do_attach(ctx, p);
	default:
		return sweep_do_map(ctx, p);
	}
}

/* Undo whatever of export, attach and map is done. */
static void sweep_unwind(struct sweep_ctx *ctx)
{
	if (ctx->sgt)
		dma_buf_sgt_unmap_attachment_unlocked(ctx->attach, ctx->sgt,
						      DMA_BIDIRECTIONAL);
	if (ctx->phys) {
		dma_resv_lock(ctx->dmabuf->resv, NULL);
		dma_buf_pal_unmap_phys(ctx->attach, ctx->phys);
		dma_resv_unlock(ctx->dmabuf->resv);
	}
	if (ctx->attach)
		dma_buf_detach(ctx->dmabuf, ctx->attach);
	if (ctx->dmabuf)
		dma_buf_put(ctx->dmabuf);
	flush_delayed_fput();
	ctx->sgt = NULL;
	ctx->phys = NULL;
	ctx->attach = NULL;
	ctx->dmabuf = NULL;
}

/* Runs the steps of @p from @first to @last; 0 or the first error. */
static int sweep_run(struct sweep_ctx *ctx, const struct sweep_path *p,
		     enum sweep_step first, enum sweep_step last)
{
	enum sweep_step step;
	int ret;

	for (step = first; step <= last; step++) {
		if (step == STEP_MAP_PHYS && p->importer != IMP_PAL)
			continue;
		if (step == STEP_MAP && p->importer == IMP_PAL)
			continue;
		ret = sweep_step(ctx, p, step);
		if (ret)
			return ret;
	}
	return 0;
}

static const struct sweep_path sweep_paths[] = {
	{ "export", &sweep_aware_ops, IMP_STATIC, STEP_EXPORT },
	{ "attach, match_mapping", &sweep_aware_ops, IMP_STATIC, STEP_ATTACH },
	{ "attach, single entry", &sweep_single_ops, IMP_STATIC, STEP_ATTACH },
	{ "dynamic attach", &sweep_aware_ops, IMP_DYNAMIC, STEP_ATTACH },
	{ "PAL attach", &sweep_aware_ops, IMP_PAL, STEP_ATTACH },
	{ "map", &sweep_single_ops, IMP_STATIC, STEP_MAP },
	{ "map, dynamic importer", &sweep_single_ops, IMP_DYNAMIC, STEP_MAP },
	{ "map with pin", &sweep_dynamic_ops, IMP_STATIC, STEP_MAP },
	{ "PAL map", &sweep_aware_ops, IMP_PAL, STEP_MAP_PHYS },
};

KUNIT_ARRAY_PARAM_DESC(sweep, sweep_paths, desc);

static unsigned int sweep_total_points;

static void sweep_report(void *ctx, const char *line)
{
	kunit_err((struct kunit *)ctx, "%s", line);
}

static void test_fault_sweep(struct kunit *test)
{
	const struct sweep_path *p = test->param_value;
	struct sweep_ctx ctx = { };
	unsigned int points = 0;
	unsigned long nth, mark, warns;
	int ret;

	ctx.dev = host_device_alloc("sweep-importer");
	KUNIT_ASSERT_NOT_NULL(test, ctx.dev);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(ctx.dev,
							   DMA_BIT_MASK(64)), 0);

	for (nth = 1; nth < 1000; nth++) {
		/* Everything before the step under test must succeed. */
		if (p->step != STEP_EXPORT)
			KUNIT_ASSERT_EQ(test, sweep_run(&ctx, p, STEP_EXPORT,
							p->step - 1), 0);
		mark = host_mark();
		warns = host_warn_count();
		host_fail_alloc_nth(nth);
		ret = sweep_step(&ctx, p, p->step);
		if (!host_fail_alloc_fired()) {
			host_fail_alloc_nth(0);
			KUNIT_EXPECT_EQ(test, ret, 0);
			sweep_unwind(&ctx);
			break;
		}
		host_fail_alloc_nth(0);
		points++;
		KUNIT_EXPECT_EQ_MSG(test, ret, -ENOMEM,
				    "allocation %lu failed", nth);
		KUNIT_EXPECT_EQ_MSG(test, host_report_leaks(mark, sweep_report,
							    test), 0,
				    "allocation %lu failed", nth);
		KUNIT_EXPECT_EQ_MSG(test, host_warn_count(), warns,
				    "allocation %lu failed", nth);
		/* The buffer still works: the rest of the path, then undo. */
		KUNIT_EXPECT_EQ_MSG(test, sweep_run(&ctx, p, p->step,
						    STEP_MAP_PHYS),
				    0, "after allocation %lu failed", nth);
		sweep_unwind(&ctx);
	}
	host_device_put(ctx.dev);
	KUNIT_EXPECT_GT(test, points, 0);
	kunit_info(test, "%s: %u failure points exercised", p->desc, points);
	sweep_total_points += points;
}

static void test_fault_sweep_total(struct kunit *test)
{
	KUNIT_EXPECT_GT(test, sweep_total_points, 0);
	kunit_info(test, "%u failure points exercised in all", sweep_total_points);
}

static struct kunit_case fault_sweep_cases[] = {
	KUNIT_CASE_PARAM(test_fault_sweep, sweep_gen_params),
	KUNIT_CASE(test_fault_sweep_total),
	{}
};

static struct kunit_suite fault_sweep_suite = {
	.name = "dma-buf-fault-sweep",
	.test_cases = fault_sweep_cases,
};

kunit_test_suite(fault_sweep_suite);
