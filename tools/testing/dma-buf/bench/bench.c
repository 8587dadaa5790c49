// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: what the mapping-type engine costs, measured in the
 * userspace host.
 *
 * Every figure is a median over many repetitions of a batch of operations,
 * timed with CLOCK_MONOTONIC after a warm-up; the spread is the 10th to
 * 90th percentile of the repetitions.  Comparisons (routed against direct,
 * the engine against the bare minimum) interleave the two sides in one run,
 * alternating which goes first, and take the median of the per-repetition
 * ratios, so that the machine's noise cancels out.
 *
 *	bench [--json FILE] [--quick]	every figure, a table and a JSON file
 *	bench --stable FIGURE N		N iterations of one figure inside
 *					bench_stable_loop(), for callgrind;
 *					prints "operations M", what the
 *					count is to be divided by
 *	bench --list			the figures --stable knows
 *
 * Built with -O2 and no sanitizers against the engine and the host's
 * models, without the KUnit layer (bench/bench.mk).
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/pci-p2pdma.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <host/hooks.h>
#include <host/iommu.h>
#include <host/pci-topology.h>
#include <sys/resource.h>
#include <time.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"

#define MAX_REPS	64
#define MAX_FIGURES	128

static unsigned int reps = 31;		/* timed repetitions per figure */
static unsigned int warmup = 3;		/* untimed repetitions before */
static u64 batch_ns = 2000000;		/* a batch lasts at least 2 ms */

/* Clock and statistics */

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

struct figure {
	char name[96];
	const char *unit;
	double median, p10, p90, min;
	unsigned int reps;
	unsigned long iters;	/* operations per repetition */
	const char *note;
};

static struct figure figures[MAX_FIGURES];
static unsigned int nr_figures;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static struct figure *record(const char *unit, const double *samples,
			     unsigned int n, unsigned long iters,
			     const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static struct figure *record(const char *unit, const double *samples,
			     unsigned int n, unsigned long iters,
			     const char *fmt, ...)
{
	struct figure *f = &figures[nr_figures];
	double s[MAX_REPS];
	va_list ap;

	if (nr_figures == MAX_FIGURES)
		host_bug(__FILE__, __LINE__, "bench: too many figures");
	nr_figures++;
	memcpy(s, samples, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	va_start(ap, fmt);
	vsnprintf(f->name, sizeof(f->name), fmt, ap);
	va_end(ap);
	f->unit = unit;
	f->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	f->p10 = s[n / 10];
	f->p90 = s[n - 1 - n / 10];
	f->min = s[0];
	f->reps = n;
	f->iters = iters;
	return f;
}

static void print_figure(const struct figure *f)
{
	double spread = f->median ? 100.0 * (f->p90 - f->p10) / 2 / f->median :
				    0;

	printf("  %-66s %10.3f %-8s ±%5.1f%%  [%.3f .. %.3f]%s%s\n", f->name,
	       f->median, f->unit, spread, f->p10, f->p90,
	       f->note ? "  " : "", f->note ? f->note : "");
}

static void section(const char *title)
{
	printf("\n%s\n", title);
}

/*
 * An operation: runs its work @n times.  @per says how many units one run
 * is (ranges, for ns per range).
 */
typedef void (*op_fn)(void *ctx, unsigned long n);

/* Enough runs that one batch lasts batch_ns, found by doubling. */
static unsigned long calibrate(op_fn fn, void *ctx)
{
	unsigned long n = 1;
	u64 t;

	for (;;) {
		t = now_ns();
		fn(ctx, n);
		t = now_ns() - t;
		if (t >= batch_ns || n >= (1UL << 30))
			break;
		n = t ? max_t(unsigned long, n * 2,
			      n * (batch_ns * 1.2 / t)) : n * 16;
	}
	return n;
}

/* The median time of one run of @fn, divided by @per. */
static struct figure *measure(op_fn fn, void *ctx, double per,
			      const char *unit_name, const char *name)
{
	double s[MAX_REPS];
	unsigned long n = calibrate(fn, ctx);
	unsigned int r;
	u64 t;

	for (r = 0; r < warmup; r++)
		fn(ctx, n);
	for (r = 0; r < reps; r++) {
		t = now_ns();
		fn(ctx, n);
		s[r] = (double)(now_ns() - t) / n / per;
	}
	return record(unit_name, s, reps, n, "%s", name);
}

/*
 * @a and @b interleaved, the same number of runs each, alternating which
 * goes first; records both and the ratio a/b.
 */
static struct figure *measure_pair(op_fn a, void *ctx_a, op_fn b, void *ctx_b,
				   double per, const char *unit_name,
				   const char *name_a, const char *name_b,
				   const char *name_ratio)
{
	double sa[MAX_REPS], sb[MAX_REPS], ratio[MAX_REPS];
	unsigned long n = calibrate(a, ctx_a);
	unsigned int r;
	u64 t, ta, tb;

	for (r = 0; r < warmup; r++) {
		a(ctx_a, n);
		b(ctx_b, n);
	}
	for (r = 0; r < reps; r++) {
		if (r % 2) {
			t = now_ns();
			b(ctx_b, n);
			tb = now_ns() - t;
			t = now_ns();
			a(ctx_a, n);
			ta = now_ns() - t;
		} else {
			t = now_ns();
			a(ctx_a, n);
			ta = now_ns() - t;
			t = now_ns();
			b(ctx_b, n);
			tb = now_ns() - t;
		}
		sa[r] = (double)ta / n / per;
		sb[r] = (double)tb / n / per;
		ratio[r] = (double)ta / tb;
	}
	print_figure(record(unit_name, sa, reps, n, "%s", name_a));
	print_figure(record(unit_name, sb, reps, n, "%s", name_b));
	return record("x", ratio, reps, n, "%s", name_ratio);
}

/* Devices and buffers */

static struct device *bench_device(const char *name)
{
	struct device *dev = host_device_alloc(name);

	if (!dev || dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(64)))
		host_bug(__FILE__, __LINE__, "bench: no device");
	/* the DMA model's per-device state, made now rather than timed */
	host_dma_set_offset(dev, 0);
	return dev;
}

static void bench_release(struct dma_buf *dmabuf)
{
}

static struct dma_buf *bench_export(const struct dma_buf_ops *ops, void *priv,
				    size_t size)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;

	exp_info.ops = ops;
	exp_info.size = size;
	exp_info.priv = priv;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf))
		host_bug(__FILE__, __LINE__, "bench: export failed");
	return dmabuf;
}

static void bench_unexport(struct dma_buf *dmabuf)
{
	dma_buf_put(dmabuf);
	flush_delayed_fput();
}

/* 1. Negotiation */

/*
 * Lists of N entries where only the last exporter entry and the last
 * importer entry share a type (SGT), so the matcher looks at all N x N
 * pairs before it finds the one: the worst case for a given size.  The
 * other entries are of bench types that never meet.
 */
#define NEG_MAX		32

static void neg_finish(struct dma_buf_match_args *args,
		       const struct dma_buf_mapping_match *exp,
		       const struct dma_buf_mapping_match *imp)
{
	if (args->attach)
		args->attach->map_type = *exp;
}

static const struct dma_buf_mapping_type neg_types[2 * NEG_MAX] = {
	[0 ... 2 * NEG_MAX - 1] = {
		.name = "bench",
		.finish_match = neg_finish,
	},
};

static struct sg_table *unused_map(struct dma_buf_attachment *attach,
				   enum dma_data_direction dir)
{
	return ERR_PTR(-EIO);
}

static void unused_unmap(struct dma_buf_attachment *attach,
			 struct sg_table *sgt, enum dma_data_direction dir)
{
}

static const struct dma_buf_mapping_sgt_exp_ops unused_sgt_ops = {
	.map_dma_buf = unused_map,
	.unmap_dma_buf = unused_unmap,
};

struct neg_ctx {
	size_t n;
	struct dma_buf_mapping_match exp[NEG_MAX], imp[NEG_MAX];
	struct dma_buf_attachment attach;	/* the matcher's output */
	struct dma_buf *dmabuf;			/* for attach + detach */
};

static struct neg_ctx neg_ctx[4];
static const size_t neg_sizes[] = { 1, 2, 8, 32 };

static void neg_build(struct neg_ctx *c, size_t n, struct device *dev)
{
	size_t i;

	c->n = n;
	for (i = 0; i + 1 < n; i++) {
		c->exp[i] = (struct dma_buf_mapping_match){
			.type = &neg_types[i],
			.exp_ops = &unused_sgt_ops.ops,
		};
		c->imp[i] = (struct dma_buf_mapping_match){
			.type = &neg_types[NEG_MAX + i],
		};
	}
	c->exp[n - 1] = DMA_BUF_EMAPPING_SGT(&unused_sgt_ops);
	c->imp[n - 1] = DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P);
}

static void op_match(void *ctx, unsigned long n)
{
	struct neg_ctx *c = ctx;
	struct dma_buf_match_args args = {
		.attach = &c->attach,
		.imp_matches = c->imp,
		.imp_len = c->n,
	};

	while (n--) {
		if (dma_buf_match_mapping(&args, c->exp, c->n))
			host_bug(__FILE__, __LINE__, "bench: no match");
		/* keep the compiler from hoisting the call out */
		__asm__ volatile("" : : "r"(&c->attach) : "memory");
	}
}

/* The exporter hands its prebuilt list to the matcher, as a real one would. */
static int neg_match_mapping(struct dma_buf_match_args *args)
{
	struct neg_ctx *c = args->dmabuf->priv;

	return dma_buf_match_mapping(args, c->exp, c->n);
}

static const struct dma_buf_ops neg_ops = {
	.match_mapping = neg_match_mapping,
	.release = bench_release,
};

static void op_attach_detach(void *ctx, unsigned long n)
{
	struct neg_ctx *c = ctx;
	struct dma_buf_attachment *attach;

	while (n--) {
		attach = dma_buf_mapping_attach(c->dmabuf, c->imp, c->n, NULL,
						NULL);
		if (IS_ERR(attach))
			host_bug(__FILE__, __LINE__, "bench: attach failed");
		dma_buf_detach(c->dmabuf, attach);
	}
}

/* What attach + detach pays the host's models: one tracked block, two locks. */
static void op_host_alloc_free(void *ctx, unsigned long n)
{
	void *p;

	while (n--) {
		p = kzalloc(sizeof(struct dma_buf_attachment), GFP_KERNEL);
		__asm__ volatile("" : : "r"(p) : "memory");
		kfree(p);
	}
}

static void op_host_lock_pair(void *ctx, unsigned long n)
{
	struct dma_buf *dmabuf = ctx;

	while (n--) {
		dma_resv_lock(dmabuf->resv, NULL);
		dma_resv_unlock(dmabuf->resv);
	}
}

static struct device *neg_dev;

static void neg_setup(void)
{
	size_t i;

	neg_dev = bench_device("bench-importer");
	for (i = 0; i < ARRAY_SIZE(neg_sizes); i++) {
		neg_build(&neg_ctx[i], neg_sizes[i], neg_dev);
		neg_ctx[i].dmabuf = bench_export(&neg_ops, &neg_ctx[i], SZ_1M);
	}
}

static void neg_teardown(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(neg_sizes); i++)
		bench_unexport(neg_ctx[i].dmabuf);
	put_device(neg_dev);
}

static double fig_match_2x2, fig_attach_2x2, fig_alloc_free, fig_lock_pair;

static void bench_negotiation(void)
{
	struct figure *f;
	size_t i;
	char name[96];

	section("1. Negotiation per attach, exporter list x importer list (worst case: the last pair matches)");
	for (i = 0; i < ARRAY_SIZE(neg_sizes); i++) {
		snprintf(name, sizeof(name), "matcher alone, %zux%zu",
			 neg_sizes[i], neg_sizes[i]);
		f = measure(op_match, &neg_ctx[i], 1, "ns", name);
		print_figure(f);
		if (neg_sizes[i] == 2)
			fig_match_2x2 = f->median;
	}
	for (i = 0; i < ARRAY_SIZE(neg_sizes); i++) {
		snprintf(name, sizeof(name), "attach + detach, %zux%zu",
			 neg_sizes[i], neg_sizes[i]);
		f = measure(op_attach_detach, &neg_ctx[i], 1, "ns", name);
		print_figure(f);
		if (neg_sizes[i] == 2)
			fig_attach_2x2 = f->median;
	}
	f = measure(op_host_alloc_free, NULL, 1, "ns",
		    "host model: kzalloc + kfree of an attachment");
	print_figure(f);
	fig_alloc_free = f->median;
	f = measure(op_host_lock_pair, neg_ctx[0].dmabuf, 1, "ns",
		    "host model: dma_resv_lock + unlock");
	print_figure(f);
	fig_lock_pair = f->median;
	printf("  -> attach + detach 2x2 = %.1f ns, of which the host's tracked allocator and\n"
	       "     lock model take about %.1f ns (1 alloc/free + 2 lock pairs); the engine\n"
	       "     itself (negotiation, list handling, ops calls) about %.1f ns\n",
	       fig_attach_2x2, fig_alloc_free + 2 * fig_lock_pair,
	       fig_attach_2x2 - fig_alloc_free - 2 * fig_lock_pair);
}

/* 2. Routing: map + unmap through the engine against the exporter's ops */

#define HEAP_PAGES	16

/*
 * A simple SGT exporter (one static entry, as the heaps declare
 * themselves), doing what a system heap does: a table over its pages,
 * mapped with the DMA API.  The pages
 * are not contiguous, so the table has one entry per page.
 */
struct heap_buf {
	struct page *pages[HEAP_PAGES];
	struct page *gaps[HEAP_PAGES];
};

static struct sg_table *heap_map(struct dma_buf_attachment *attach,
				 enum dma_data_direction dir)
{
	struct heap_buf *buf = attach->dmabuf->priv;
	struct sg_table *sgt;

	sgt = kmalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	if (sg_alloc_table_from_pages(sgt, buf->pages, HEAP_PAGES, 0,
				      HEAP_PAGES * PAGE_SIZE, GFP_KERNEL))
		goto err_free;
	if (dma_map_sgtable(dma_buf_sgt_dma_device(attach), sgt, dir, 0))
		goto err_table;
	return sgt;

err_table:
	sg_free_table(sgt);
err_free:
	kfree(sgt);
	return ERR_PTR(-ENOMEM);
}

static void heap_unmap(struct dma_buf_attachment *attach,
		       struct sg_table *sgt, enum dma_data_direction dir)
{
	dma_unmap_sgtable(dma_buf_sgt_dma_device(attach), sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

static const struct dma_buf_ops heap_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(heap_map, heap_unmap),
	.release = bench_release,
};

/*
 * The least an exporter can do: hand out a table it keeps.  Against it
 * the ratio is all engine, which puts the engine's own cost in ns.
 */
static struct sg_table noop_sgt;

static struct sg_table *noop_map(struct dma_buf_attachment *attach,
				 enum dma_data_direction dir)
{
	return &noop_sgt;
}

static void noop_unmap(struct dma_buf_attachment *attach,
		       struct sg_table *sgt, enum dma_data_direction dir)
{
}

static const struct dma_buf_ops noop_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(noop_map, noop_unmap),
	.release = bench_release,
};

struct route_ctx {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
};

static struct heap_buf heap_buf;
static struct route_ctx route_heap, route_noop;
static struct device *route_dev;

static void op_routed(void *ctx, unsigned long n)
{
	struct route_ctx *c = ctx;
	struct sg_table *sgt;

	while (n--) {
		sgt = dma_buf_sgt_map_attachment(c->attach, DMA_TO_DEVICE);
		if (IS_ERR(sgt))
			host_bug(__FILE__, __LINE__, "bench: map failed");
		dma_buf_sgt_unmap_attachment(c->attach, sgt, DMA_TO_DEVICE);
	}
}

static void op_direct(void *ctx, unsigned long n)
{
	struct route_ctx *c = ctx;
	const struct dma_buf_mapping_sgt_exp_ops *ops;
	struct sg_table *sgt;

	/* The exporter's own functions, called without the engine. */
	ops = dma_buf_get_sgt_ops(c->attach);
	while (n--) {
		sgt = ops->map_dma_buf(c->attach, DMA_TO_DEVICE);
		if (IS_ERR(sgt))
			host_bug(__FILE__, __LINE__, "bench: map failed");
		ops->unmap_dma_buf(c->attach, sgt, DMA_TO_DEVICE);
	}
}

static void route_open(struct route_ctx *c, const struct dma_buf_ops *ops,
		       void *priv)
{
	c->dmabuf = bench_export(ops, priv, HEAP_PAGES * PAGE_SIZE);
	c->attach = dma_buf_sgt_attach(c->dmabuf, route_dev);
	if (IS_ERR(c->attach))
		host_bug(__FILE__, __LINE__, "bench: attach failed");
	dma_resv_lock(c->dmabuf->resv, NULL);
}

static void route_close(struct route_ctx *c)
{
	dma_resv_unlock(c->dmabuf->resv);
	dma_buf_detach(c->dmabuf, c->attach);
	bench_unexport(c->dmabuf);
}

static void route_setup(void)
{
	int i;

	route_dev = bench_device("bench-dma");
	/* every other frame is kept back: no two pages are contiguous */
	for (i = 0; i < HEAP_PAGES; i++) {
		heap_buf.pages[i] = alloc_page(GFP_KERNEL);
		heap_buf.gaps[i] = alloc_page(GFP_KERNEL);
	}
	route_open(&route_heap, &heap_ops, &heap_buf);
	route_open(&route_noop, &noop_ops, &noop_sgt);
}

static void route_teardown(void)
{
	int i;

	route_close(&route_heap);
	route_close(&route_noop);
	for (i = 0; i < HEAP_PAGES; i++) {
		__free_page(heap_buf.pages[i]);
		__free_page(heap_buf.gaps[i]);
	}
	put_device(route_dev);
}

static double fig_route_ratio, fig_route_noop_ratio, fig_route_noop_ns;

static void bench_routing(void)
{
	struct figure *f;
	const struct figure *routed, *direct;

	section("2. Routing: map + unmap through dma_buf_sgt_map_attachment() against the exporter's own ops");
	f = measure_pair(op_routed, &route_heap, op_direct, &route_heap, 1,
			 "ns", "heap-like exporter (16 pages), routed",
			 "heap-like exporter (16 pages), direct",
			 "ratio routed / direct, heap-like exporter");
	print_figure(f);
	fig_route_ratio = f->median;
	f = measure_pair(op_routed, &route_noop, op_direct, &route_noop, 1,
			 "ns", "no-op exporter, routed",
			 "no-op exporter, direct",
			 "ratio routed / direct, no-op exporter");
	routed = &figures[nr_figures - 3];
	direct = &figures[nr_figures - 2];
	print_figure(f);
	fig_route_noop_ratio = f->median;
	fig_route_noop_ns = routed->median - direct->median;
	printf("  -> the engine adds %.1f ns per map + unmap pair (no-op exporter);\n"
	       "     against a heap-like exporter that is a ratio of %.3f\n",
	       fig_route_noop_ns, fig_route_ratio);
}

/*
 * 3. dma_buf_phys_vec_to_sgt() against the minimum work
 *
 * The minimum is a bare loop that allocates and fills an identical table.
 * On THRU_HOST_BRIDGE the route itself requires each range to be mapped
 * and unmapped with the DMA API, so there the minimum also makes the same
 * dma_map_resource() and dma_unmap_resource() calls, and the target is
 * checked against that; the ratio against the table alone is printed for
 * information (it measures the host's DMA model, not the engine).
 */

#define GPU_BAR_PHYS	0x4000000000ULL
#define GPU_BAR_LEN	(64ULL << 30)
#define BUS_OFFSET	0x100000000000ULL
#define MAX_RANGES	65536

struct pv_machine {
	struct host_pci_topo *topo;
	struct pci_dev *gpu, *nic;
	struct p2pdma_provider *provider;
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	enum pci_p2pdma_map_type route;
};

static const struct dma_buf_ops pv_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(unused_map, unused_unmap),
	.release = bench_release,
};

/* BUS_ADDR: GPU and NIC below one switch; else each on a root port of a
 * whitelisted host bridge (THRU_HOST_BRIDGE). */
static void pv_build(struct pv_machine *m, bool same_switch, int domain)
{
	struct pci_host_bridge *hb;
	struct pci_dev *rp, *usp;

	m->topo = host_pci_topo_create(domain);
	hb = host_pci_host_bridge(m->topo, 0x8086, 0x2030);
	host_pci_set_bus_offset(hb, BUS_OFFSET);
	rp = host_pci_root_port(hb, 0x8086, 0x2032);
	if (same_switch) {
		usp = host_pci_switch_up(rp);
		m->gpu = host_pci_endpoint(host_pci_switch_down(usp), 0x10de,
					   0x2330);
		m->nic = host_pci_endpoint(host_pci_switch_down(usp), 0x15b3,
					   0x101d);
	} else {
		m->gpu = host_pci_endpoint(rp, 0x10de, 0x2330);
		rp = host_pci_root_port(hb, 0x8086, 0x2032);
		m->nic = host_pci_endpoint(rp, 0x15b3, 0x101d);
	}
	host_pci_set_bar(m->gpu, 0, GPU_BAR_PHYS, GPU_BAR_LEN);
	pcim_p2pdma_init(m->gpu);
	m->provider = pcim_p2pdma_provider(m->gpu, 0);
	dma_coerce_mask_and_coherent(&m->nic->dev, DMA_BIT_MASK(64));
	host_dma_set_offset(&m->nic->dev, 0);
	m->route = pci_p2pdma_map_type(m->provider, &m->nic->dev);
	m->dmabuf = bench_export(&pv_ops, m, GPU_BAR_LEN);
	m->attach = dma_buf_sgt_attach(m->dmabuf, &m->nic->dev);
	if (IS_ERR(m->attach))
		host_bug(__FILE__, __LINE__, "bench: attach failed");
	dma_resv_lock(m->dmabuf->resv, NULL);
}

static void pv_destroy(struct pv_machine *m)
{
	dma_resv_unlock(m->dmabuf->resv);
	dma_buf_detach(m->dmabuf, m->attach);
	bench_unexport(m->dmabuf);
	host_pci_topo_destroy(m->topo);
}

struct pv_ctx {
	struct pv_machine *m;
	struct dma_buf_phys_vec *vec;
	size_t n, size;
};

static void op_phys_vec(void *ctx, unsigned long n)
{
	struct pv_ctx *c = ctx;
	struct sg_table *sgt;

	while (n--) {
		sgt = dma_buf_phys_vec_to_sgt(c->m->attach, c->m->provider,
					      c->vec, c->n, c->size,
					      DMA_BIDIRECTIONAL);
		if (IS_ERR(sgt))
			host_bug(__FILE__, __LINE__, "bench: phys_vec failed");
		dma_buf_free_sgt(c->m->attach, sgt, DMA_BIDIRECTIONAL);
	}
}

/*
 * The minimum: the same two blocks from the same allocator (the wrapper
 * the engine keeps beside the table, sized as it sizes it, and the table),
 * every entry filled, both freed.  The engine's wrapper is private, so its
 * size is restated here: the table, a count, and one address and
 * length per range mapped through the host bridge.
 */
struct bare_wrapper {
	struct sg_table sgt;
	size_t nr_mapped;
	struct {
		dma_addr_t addr;
		size_t len;
	} mapped[];
};

static void bare_table(struct pv_ctx *c, bool dma_api)
{
	bool thru = c->m->route == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE;
	struct device *dev = &c->m->nic->dev;
	size_t i, nr = thru ? c->n : 0;
	struct bare_wrapper *w;
	struct scatterlist *sg;
	dma_addr_t addr;

	w = kvzalloc(struct_size(w, mapped, nr), GFP_KERNEL);
	if (!w || sg_alloc_table(&w->sgt, c->n, GFP_KERNEL))
		host_bug(__FILE__, __LINE__, "bench: no memory");
	w->nr_mapped = nr;
	for (i = 0, sg = w->sgt.sgl; i < c->n; i++, sg = sg_next(sg)) {
		if (!thru)
			addr = c->vec[i].paddr + BUS_OFFSET;
		else if (dma_api)
			addr = dma_map_resource(dev, c->vec[i].paddr,
						c->vec[i].len,
						DMA_BIDIRECTIONAL,
						DMA_ATTR_SKIP_CPU_SYNC);
		else
			addr = c->vec[i].paddr;
		if (thru) {
			w->mapped[i].addr = addr;
			w->mapped[i].len = c->vec[i].len;
		}
		sg_dma_address(sg) = addr;
		sg_dma_len(sg) = c->vec[i].len;
	}
	if (dma_api)
		for (i = 0; i < nr; i++)
			dma_unmap_resource(dev, w->mapped[i].addr,
					   w->mapped[i].len, DMA_BIDIRECTIONAL,
					   DMA_ATTR_SKIP_CPU_SYNC);
	sg_free_table(&w->sgt);
	kvfree(w);
}

static void op_bare(void *ctx, unsigned long n)
{
	while (n--)
		bare_table(ctx, false);
}

static void op_bare_dma(void *ctx, unsigned long n)
{
	while (n--)
		bare_table(ctx, true);
}

static struct dma_buf_phys_vec *pv_vec;

static void pv_make_ranges(void)
{
	size_t i;

	pv_vec = calloc(MAX_RANGES, sizeof(*pv_vec));
	if (!pv_vec)
		host_bug(__FILE__, __LINE__, "bench: no memory");
	/* one page each, a page apart: nothing can be merged */
	for (i = 0; i < MAX_RANGES; i++) {
		pv_vec[i].paddr = GPU_BAR_PHYS + i * 2 * PAGE_SIZE;
		pv_vec[i].len = PAGE_SIZE;
	}
}

struct pv_summary {
	const char *route, *mode;
	size_t n;
	double ns_per_range, ratio_bare, ratio_bare_dma;
	double ratio_min;	/* against the minimum work of the route */
};

static struct pv_summary pv_summary[16];
static unsigned int nr_pv_summary;

static void bench_phys_vec(const size_t *sizes, size_t nr_sizes)
{
	static const char *const route_name[] = {
		[PCI_P2PDMA_MAP_BUS_ADDR] = "BUS_ADDR",
		[PCI_P2PDMA_MAP_THRU_HOST_BRIDGE] = "THRU_HOST_BRIDGE",
	};
	struct iommu_domain *domain;
	struct pv_machine m;
	struct pv_ctx c;
	struct figure *f, *fe;
	int route, iommu, domain_nr = 16;
	size_t i;
	char a[96], b[96], r[96];

	section("3. dma_buf_phys_vec_to_sgt() + dma_buf_free_sgt(), ns per range, against the minimum work");
	printf("  minimum work: a bare loop allocating and filling an identical table; THRU_HOST_BRIDGE\n");
	printf("  requires dma_map_resource()/dma_unmap_resource() per range, so there the bare loop makes\n");
	printf("  the same calls (the baseline checked); the table-only ratio is for information\n");
	pv_make_ranges();
	for (route = 0; route < 2; route++) {
		pv_build(&m, route == 0, domain_nr++);
		for (iommu = 0; iommu < 2; iommu++) {
			for (i = 0; i < nr_sizes; i++) {
				const char *mode = iommu ? "IOMMU" : "direct";
				struct pv_summary *s;

				/* a fresh domain: IOVAs are never reused */
				domain = iommu ? host_iommu_domain_alloc(SZ_1M,
							DMA_BIT_MASK(48)) : NULL;
				host_dma_set_domain(&m.nic->dev, domain);
				c = (struct pv_ctx){ &m, pv_vec, sizes[i],
						     sizes[i] * PAGE_SIZE };
				snprintf(a, sizeof(a), "%s, %s, %zu x 4K, engine",
					 route_name[m.route], mode, sizes[i]);
				s = &pv_summary[nr_pv_summary++];
				*s = (struct pv_summary){ route_name[m.route],
							  mode, sizes[i] };
				if (m.route == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE) {
					snprintf(b, sizeof(b), "%s, %s, %zu x 4K, bare + DMA API",
						 route_name[m.route], mode,
						 sizes[i]);
					snprintf(r, sizeof(r), "%s, %s, %zu x 4K, ratio engine / bare + DMA API",
						 route_name[m.route], mode,
						 sizes[i]);
					f = measure_pair(op_phys_vec, &c,
							 op_bare_dma, &c,
							 sizes[i], "ns/range",
							 a, b, r);
					print_figure(f);
					s->ratio_bare_dma = f->median;
					s->ratio_min = f->median;
				}
				snprintf(b, sizeof(b), "%s, %s, %zu x 4K, bare table",
					 route_name[m.route], mode, sizes[i]);
				snprintf(r, sizeof(r), "%s, %s, %zu x 4K, ratio engine / bare table%s",
					 route_name[m.route], mode, sizes[i],
					 m.route == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE ?
					 " (info)" : "");
				f = measure_pair(op_phys_vec, &c, op_bare, &c,
						 sizes[i], "ns/range", a, b, r);
				fe = &figures[nr_figures - 3];
				print_figure(f);
				s->ns_per_range = fe->median;
				s->ratio_bare = f->median;
				if (m.route != PCI_P2PDMA_MAP_THRU_HOST_BRIDGE)
					s->ratio_min = f->median;
				host_dma_set_domain(&m.nic->dev, NULL);
				host_iommu_domain_free(domain);
			}
		}
		pv_destroy(&m);
	}
	free(pv_vec);
}

/* 4. The PAL iterator, alone and in the iommufd sample */

#define WALK_BYTES	SZ_1G
#define WALK_PAGES	(WALK_BYTES / PAGE_SIZE)

/*
 * A PAL exporter that hands out one prebuilt list: 1 GiB of MMIO as
 * equal ranges, a page apart so that nothing is contiguous.
 */
struct walk_ctx {
	struct dma_buf_phys_list *list;
	struct dma_buf *dmabuf;
	size_t nr_ranges;
};

static struct dma_buf_phys_list *walk_map_phys(struct dma_buf_attachment *attach)
{
	struct walk_ctx *c = attach->dmabuf->priv;

	return c->list;
}

static void walk_unmap_phys(struct dma_buf_attachment *attach,
			    struct dma_buf_phys_list *phys)
{
}

static const struct dma_buf_mapping_pal_exp_ops walk_pal_ops = {
	.map_phys = walk_map_phys,
	.unmap_phys = walk_unmap_phys,
};

static int walk_match_mapping(struct dma_buf_match_args *args)
{
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_PAL(&walk_pal_ops),
	};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

static const struct dma_buf_ops walk_ops = {
	.match_mapping = walk_match_mapping,
	.release = bench_release,
};

static void walk_open(struct walk_ctx *c, size_t nr_ranges)
{
	u64 len = WALK_BYTES / nr_ranges;
	size_t i;

	c->nr_ranges = nr_ranges;
	c->list = kvzalloc(struct_size(c->list, phys, nr_ranges), GFP_KERNEL);
	if (!c->list)
		host_bug(__FILE__, __LINE__, "bench: no memory");
	c->list->length = nr_ranges;
	for (i = 0; i < nr_ranges; i++) {
		c->list->phys[i].paddr = GPU_BAR_PHYS + i * (len + PAGE_SIZE);
		c->list->phys[i].len = len;
	}
	c->dmabuf = bench_export(&walk_ops, c, WALK_BYTES);
}

static void walk_close(struct walk_ctx *c)
{
	bench_unexport(c->dmabuf);
	kvfree(c->list);
}

static volatile phys_addr_t walk_sink;

/* The walk alone, page at a time: the iterator's cost per step. */
static void op_walk(void *ctx, unsigned long n)
{
	struct walk_ctx *c = ctx;
	struct dma_buf_pal_iter iter;
	phys_addr_t paddr, sum = 0;
	unsigned long pages;
	u64 len;

	while (n--) {
		if (dma_buf_pal_iter_init(&iter, c->list, 0, WALK_BYTES))
			host_bug(__FILE__, __LINE__, "bench: walk refused");
		pages = 0;
		while (dma_buf_pal_iter_next(&iter, PAGE_SIZE, &paddr, &len)) {
			sum += paddr;
			pages++;
		}
		if (pages != WALK_PAGES)
			host_bug(__FILE__, __LINE__, "bench: walk lost pages");
	}
	walk_sink = sum;
}

/*
 * What the iommufd sample does for one area: attach, map it into its
 * IOMMU domain (the walk plus one iommu_map() per run: per range here),
 * and detach, which unmaps the area at once.  A fresh domain each time, as
 * a fresh importer starts at the bottom of the aperture.
 */
static void op_walk_map(void *ctx, unsigned long n)
{
	struct walk_ctx *c = ctx;
	struct iommu_domain *domain;
	struct sample_iommufd *imp;

	while (n--) {
		domain = host_iommu_domain_alloc(SZ_1M, DMA_BIT_MASK(48));
		imp = sample_iommufd_attach(c->dmabuf, domain);
		if (IS_ERR(imp) || sample_iommufd_map(imp, 0, WALK_BYTES) ||
		    sample_iommufd_mapped_pages(imp) != WALK_PAGES)
			host_bug(__FILE__, __LINE__, "bench: iommufd map failed");
		sample_iommufd_detach(imp);
		host_iommu_domain_free(domain);
	}
}

struct walk_summary {
	size_t nr_ranges;
	double walk_pps, map_pps;
};

static struct walk_summary walk_summary[3];
static double fig_pv_worst;

static void bench_walker(void)
{
	static const size_t nr_ranges[] = { 1, 64, 262144 };
	struct walk_ctx c;
	struct figure *f;
	char name[96];
	size_t i;

	section("4. The PAL iterator over 1 GiB as 1, 64 and 262144 ranges, pages per second");
	printf("  walk: dma_buf_pal_iter_init() + _next() with max PAGE_SIZE, over every page;\n");
	printf("  walk + map: sample_iommufd_map() of the whole buffer and the detach that unmaps it,\n");
	printf("  one iommu_map() of the IOMMU model per range, one iommu_unmap(); the model keeps a PTE per page\n");
	for (i = 0; i < ARRAY_SIZE(nr_ranges); i++) {
		walk_open(&c, nr_ranges[i]);
		snprintf(name, sizeof(name), "walk, 1 GiB as %zu ranges, ns per page",
			 nr_ranges[i]);
		f = measure(op_walk, &c, WALK_PAGES, "ns/page", name);
		print_figure(f);
		walk_summary[i].nr_ranges = nr_ranges[i];
		walk_summary[i].walk_pps = 1e9 / f->median;
		snprintf(name, sizeof(name), "walk + map + unmap, 1 GiB as %zu ranges, ns per page",
			 nr_ranges[i]);
		f = measure(op_walk_map, &c, WALK_PAGES, "ns/page", name);
		print_figure(f);
		walk_summary[i].map_pps = 1e9 / f->median;
		walk_close(&c);
	}
	printf("  %-66s %14s %14s\n", "pages per second (median)", "walk",
	       "walk + map");
	for (i = 0; i < ARRAY_SIZE(walk_summary); i++)
		printf("  1 GiB as %-57zu %14.3e %14.3e\n",
		       walk_summary[i].nr_ranges, walk_summary[i].walk_pps,
		       walk_summary[i].map_pps);
}

/* 5. Scale */

#define SCALE_BUFFERS	10000
#define SCALE_ATTACH	8

static long maxrss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void bufinfo_show(struct seq_file *s, void *arg)
{
	host_dma_buf_bufinfo(s, arg);
}

struct scale_result {
	double export_ms, attach_ms, bufinfo_ms, detach_ms, release_ms;
	long rss_before, rss_after;
	unsigned long live_peak;
	size_t bufinfo_bytes;
};

static struct scale_result scale;

static void bench_scale(void)
{
	struct dma_buf_attachment **attach;
	struct device *dev[SCALE_ATTACH];
	struct dma_buf **bufs;
	unsigned long live0;
	char *text, name[32];
	int b, a;
	u64 t;

	scale.rss_before = maxrss_kib();
	live0 = host_alloc_live();
	bufs = calloc(SCALE_BUFFERS, sizeof(*bufs));
	attach = calloc(SCALE_BUFFERS * SCALE_ATTACH, sizeof(*attach));
	if (!bufs || !attach)
		host_bug(__FILE__, __LINE__, "bench: no memory");
	for (a = 0; a < SCALE_ATTACH; a++) {
		snprintf(name, sizeof(name), "importer%d", a);
		dev[a] = bench_device(name);
	}

	t = now_ns();
	for (b = 0; b < SCALE_BUFFERS; b++)
		bufs[b] = bench_export(&pv_ops, &scale, SZ_1M);
	scale.export_ms = (now_ns() - t) / 1e6;

	t = now_ns();
	for (b = 0; b < SCALE_BUFFERS; b++) {
		for (a = 0; a < SCALE_ATTACH; a++) {
			struct dma_buf_attachment *at;

			at = dma_buf_sgt_attach(bufs[b], dev[a]);
			if (IS_ERR(at))
				host_bug(__FILE__, __LINE__, "bench: attach");
			attach[b * SCALE_ATTACH + a] = at;
		}
	}
	scale.attach_ms = (now_ns() - t) / 1e6;
	scale.live_peak = host_alloc_live() - live0;

	t = now_ns();
	text = host_seq_show(bufinfo_show, NULL);
	scale.bufinfo_ms = (now_ns() - t) / 1e6;
	scale.bufinfo_bytes = strlen(text);
	free(text);

	t = now_ns();
	for (b = 0; b < SCALE_BUFFERS; b++)
		for (a = 0; a < SCALE_ATTACH; a++)
			dma_buf_detach(bufs[b], attach[b * SCALE_ATTACH + a]);
	scale.detach_ms = (now_ns() - t) / 1e6;

	t = now_ns();
	for (b = 0; b < SCALE_BUFFERS; b++)
		dma_buf_put(bufs[b]);
	flush_delayed_fput();
	scale.release_ms = (now_ns() - t) / 1e6;
	scale.rss_after = maxrss_kib();

	for (a = 0; a < SCALE_ATTACH; a++)
		put_device(dev[a]);
	free(attach);
	free(bufs);
	if (host_alloc_live() != live0)
		host_bug(__FILE__, __LINE__, "bench: scale leaked");
}

static void print_scale(void)
{
	int n = SCALE_BUFFERS * SCALE_ATTACH;

	section("5. Scale: 10000 buffers x 8 attachments (run first, in a fresh process)");
	printf("  %-56s %12.1f ms\n", "export 10000 buffers", scale.export_ms);
	printf("  %-56s %12.1f ms  (%.0f ns per attach)\n",
	       "attach 80000", scale.attach_ms, scale.attach_ms * 1e6 / n);
	printf("  %-56s %12.1f ms  (%zu bytes of text)\n",
	       "bufinfo (host_seq_show of host_dma_buf_bufinfo)",
	       scale.bufinfo_ms, scale.bufinfo_bytes);
	printf("  %-56s %12.1f ms  (%.0f ns per detach)\n",
	       "detach 80000", scale.detach_ms, scale.detach_ms * 1e6 / n);
	printf("  %-56s %12.1f ms\n", "put + release 10000 buffers",
	       scale.release_ms);
	printf("  %-56s %12lu\n", "tracked allocations live at the peak",
	       scale.live_peak);
	printf("  %-56s %12ld KiB (maxrss %ld -> %ld KiB)\n",
	       "peak memory added", scale.rss_after - scale.rss_before,
	       scale.rss_before, scale.rss_after);
}

/* JSON */

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void write_json(const char *path)
{
	FILE *f = fopen(path, "w");
	unsigned int i;

	if (!f) {
		perror(path);
		return;
	}
	fprintf(f, "{\n  \"figures\": [\n");
	for (i = 0; i < nr_figures; i++) {
		const struct figure *g = &figures[i];

		fprintf(f, "    {\"name\": ");
		json_string(f, g->name);
		fprintf(f, ", \"unit\": ");
		json_string(f, g->unit);
		fprintf(f, ", \"median\": %.4f, \"p10\": %.4f, \"p90\": %.4f, \"min\": %.4f, \"reps\": %u, \"iters\": %lu}%s\n",
			g->median, g->p10, g->p90, g->min, g->reps, g->iters,
			i + 1 < nr_figures ? "," : "");
	}
	fprintf(f, "  ],\n  \"scale\": {\"buffers\": %d, \"attachments_each\": %d, \"export_ms\": %.2f, \"attach_ms\": %.2f, \"bufinfo_ms\": %.2f, \"bufinfo_bytes\": %zu, \"detach_ms\": %.2f, \"release_ms\": %.2f, \"peak_tracked_allocations\": %lu, \"maxrss_before_kib\": %ld, \"maxrss_after_kib\": %ld},\n",
		SCALE_BUFFERS, SCALE_ATTACH, scale.export_ms, scale.attach_ms,
		scale.bufinfo_ms, scale.bufinfo_bytes, scale.detach_ms,
		scale.release_ms, scale.live_peak, scale.rss_before,
		scale.rss_after);
	fprintf(f, "  \"walker\": [");
	for (i = 0; i < ARRAY_SIZE(walk_summary); i++)
		fprintf(f, "%s{\"ranges\": %zu, \"walk_pages_per_s\": %.4g, \"walk_map_pages_per_s\": %.4g}",
			i ? ", " : "", walk_summary[i].nr_ranges,
			walk_summary[i].walk_pps, walk_summary[i].map_pps);
	fprintf(f, "],\n");
	fprintf(f, "  \"targets\": {\"routing_ratio\": %.4f, \"routing_ratio_max\": 1.05, \"negotiation_2x2_ns\": %.2f, \"negotiation_2x2_max_ns\": 100, \"phys_vec_ratio\": %.4f, \"phys_vec_ratio_max\": 2.0}\n}\n",
		fig_route_ratio, fig_match_2x2, fig_pv_worst);
	fclose(f);
	printf("\nJSON: %s\n", path);
}

/* Targets */

static void print_targets(void)
{
	double worst = 0, worst_table = 0;
	unsigned int i;

	section("Targets");
	printf("  negotiation 2x2 < 100 ns:          %7.1f ns   %s\n",
	       fig_match_2x2, fig_match_2x2 < 100 ? "met" : "MISSED");
	printf("  routing ratio <= 1.05:             %7.3f      %s (heap-like exporter)\n",
	       fig_route_ratio, fig_route_ratio <= 1.05 ? "met" : "MISSED");
	printf("    with a no-op exporter:           %7.3f      (+%.1f ns: the engine's own cost)\n",
	       fig_route_noop_ratio, fig_route_noop_ns);
	for (i = 0; i < nr_pv_summary; i++) {
		if (pv_summary[i].n < 1024)
			continue;
		worst = max(worst, pv_summary[i].ratio_min);
		worst_table = max(worst_table, pv_summary[i].ratio_bare);
	}
	fig_pv_worst = worst;
	printf("  phys-vec ratio <= 2.0 (>= 1024):   %7.3f      %s (worst route and mode, against the minimum work)\n",
	       worst, worst <= 2.0 ? "met" : "MISSED");
	for (i = 0; i < nr_pv_summary; i++)
		if (pv_summary[i].n >= 1024)
			printf("    %-16s %-6s %5zu ranges: %7.3f      against %s\n",
			       pv_summary[i].route, pv_summary[i].mode,
			       pv_summary[i].n, pv_summary[i].ratio_min,
			       pv_summary[i].ratio_bare_dma ?
			       "bare table + DMA API" : "bare table");
	printf("    against the table alone:         %7.3f      (information: on THRU_HOST_BRIDGE, the host's DMA model)\n",
	       worst_table);
	printf("  walker, 1 GiB:                 %9.3e pages/s walk alone, %.3e with the IOMMU map (262144 ranges)\n",
	       walk_summary[2].walk_pps, walk_summary[2].map_pps);
}

/* --stable: one figure under callgrind */

struct stable_fig {
	const char *name;
	op_fn fn;
	void *ctx;
	unsigned long per;	/* operations per call of fn (0: 1) */
	unsigned long div;	/* run N / div calls (0: N), for slow figures */
};

/*
 * dma_buf_phys_vec_to_sgt() + dma_buf_free_sgt() of 1024 one-page ranges
 * for a device behind an IOMMU (7.3's IOVA path on the host bridge),
 * counted per range.  The DMA and IOMMU models cost far more than the
 * engine, so these run N / 100 calls.
 */
#define STABLE_PV_RANGES	1024

static struct pv_machine stable_pv[2];
static struct pv_ctx stable_pv_ctx[2];
static struct iommu_domain *stable_pv_domain[2];

static struct stable_fig stable_figs[] = {
	{ "match-1x1", op_match, &neg_ctx[0] },
	{ "match-2x2", op_match, &neg_ctx[1] },
	{ "match-8x8", op_match, &neg_ctx[2] },
	{ "match-32x32", op_match, &neg_ctx[3] },
	{ "attach-detach-1x1", op_attach_detach, &neg_ctx[0] },
	{ "attach-detach-2x2", op_attach_detach, &neg_ctx[1] },
	{ "attach-detach-8x8", op_attach_detach, &neg_ctx[2] },
	{ "attach-detach-32x32", op_attach_detach, &neg_ctx[3] },
	{ "host-alloc-free", op_host_alloc_free, NULL },
	{ "route-heap-routed", op_routed, &route_heap },
	{ "route-heap-direct", op_direct, &route_heap },
	{ "route-noop-routed", op_routed, &route_noop },
	{ "route-noop-direct", op_direct, &route_noop },
	{ "phys-vec-bus-per-range", op_phys_vec, &stable_pv_ctx[0],
	  STABLE_PV_RANGES, 100 },
	{ "phys-vec-host-bridge-per-range", op_phys_vec, &stable_pv_ctx[1],
	  STABLE_PV_RANGES, 100 },
};

static void stable_pv_setup(void)
{
	int i;

	pv_make_ranges();
	for (i = 0; i < 2; i++) {
		pv_build(&stable_pv[i], i == 0, 32 + i);
		stable_pv_domain[i] = host_iommu_domain_alloc(SZ_1M,
							      DMA_BIT_MASK(48));
		host_dma_set_domain(&stable_pv[i].nic->dev,
				    stable_pv_domain[i]);
		stable_pv_ctx[i] = (struct pv_ctx){
			&stable_pv[i], pv_vec, STABLE_PV_RANGES,
			STABLE_PV_RANGES * PAGE_SIZE,
		};
	}
}

static void stable_pv_teardown(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		host_dma_set_domain(&stable_pv[i].nic->dev, NULL);
		host_iommu_domain_free(stable_pv_domain[i]);
		pv_destroy(&stable_pv[i]);
	}
	free(pv_vec);
}

/* callgrind counts only inside this function (--toggle-collect). */
noinline void bench_stable_loop(op_fn fn, void *ctx,
						 unsigned long n)
{
	fn(ctx, n);
	__asm__ volatile("" : : : "memory");
}

static int run_stable(const char *name, unsigned long n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(stable_figs); i++) {
		if (strcmp(stable_figs[i].name, name))
			continue;
		const struct stable_fig *f = &stable_figs[i];

		if (f->div)
			n = n / f->div ? n / f->div : 1;
		/* one untimed run: first-use paths do not count */
		f->fn(f->ctx, 1);
		bench_stable_loop(f->fn, f->ctx, n);
		/* what stable.sh divides the count by */
		printf("operations %lu\n", n * (f->per ? f->per : 1));
		return 0;
	}
	fprintf(stderr, "bench: no figure %s (--list)\n", name);
	return 2;
}

int main(int argc, char **argv)
{
	static const size_t pv_sizes[] = { 1, 16, 1024, 65536 };
	const char *json = "build/bench/results.json";
	bool quick = false;
	int i, ret = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") && i + 1 < argc) {
			json = argv[++i];
		} else if (!strcmp(argv[i], "--quick")) {
			quick = true;
		} else if (!strcmp(argv[i], "--list")) {
			size_t k;

			for (k = 0; k < ARRAY_SIZE(stable_figs); k++)
				printf("%s\n", stable_figs[k].name);
			return 0;
		} else if (!strcmp(argv[i], "--stable") && i + 2 < argc) {
			neg_setup();
			route_setup();
			stable_pv_setup();
			ret = run_stable(argv[i + 1],
					 strtoul(argv[i + 2], NULL, 0));
			stable_pv_teardown();
			route_teardown();
			neg_teardown();
			return ret;
		} else {
			fprintf(stderr, "usage: %s [--json FILE] [--quick] | --stable FIGURE N | --list\n",
				argv[0]);
			return 2;
		}
	}
	if (quick) {
		reps = 7;
		warmup = 1;
		batch_ns = 500000;
	}

	printf("dma-buf mapping types: make bench (host model, -O2, CONFIG_DMABUF_DEBUG %s)\n",
	       IS_ENABLED(CONFIG_DMABUF_DEBUG) ? "on" : "off");
	printf("%u repetitions per figure after %u warm-up, batches of >= %.1f ms; median, ±half the p10..p90 spread, [p10 .. p90]\n",
	       reps, warmup, batch_ns / 1e6);

	/* first, while the process is small, so maxrss is its own */
	bench_scale();

	neg_setup();
	bench_negotiation();
	neg_teardown();

	route_setup();
	bench_routing();
	route_teardown();

	bench_phys_vec(pv_sizes, ARRAY_SIZE(pv_sizes));
	bench_walker();
	print_scale();
	print_targets();
	write_json(json);

	if (host_alloc_live() || host_dma_live()) {
		fprintf(stderr, "bench: %lu allocations and %lu DMA mappings left\n",
			host_alloc_live(), host_dma_live());
		ret = 1;
	}
	return ret;
}
