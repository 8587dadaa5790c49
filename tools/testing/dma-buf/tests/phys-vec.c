// SPDX-License-Identifier: GPL-2.0
/*
 * dma_buf_phys_vec_to_sgt() on every route and both DMA modes, and the SGT
 * P2P match deciding through the real distance rules.
 *
 * Host only: it builds PCI topologies and IOMMU domains, and checks every
 * DMA address by translating it back to the physical range it came from.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/pci-p2pdma.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <host/hooks.h>
#include <host/iommu.h>
#include <host/pci-topology.h>

#define GPU_BAR_PHYS	0x4000000000ULL		/* 256 GiB: above 4 GiB */
#define GPU_BAR_LEN	(64ULL << 30)
#define BUS_OFFSET	0x100000000000ULL
#define SEG_MAX		ALIGN_DOWN((size_t)UINT_MAX, PAGE_SIZE)

/*
 * A machine: a GPU (the provider, BAR 0 of 64 GiB) and a NIC (the importer)
 * placed as the route under test wants them.
 */
struct machine {
	struct host_pci_topo *topo;
	struct pci_dev *gpu, *nic;
	struct p2pdma_provider *provider;
	struct iommu_domain *domain;
	bool was_zen;
};

enum layout {
	SAME_SWITCH,		/* GPU and NIC below one switch */
	SAME_SWITCH_ACS,	/* ... with ACS redirect on the NIC's port */
	ROOT_PORTS,		/* each on its own root port */
};

struct route_case {
	const char *desc;
	enum layout layout;
	u16 root_device;	/* of host bridge 8086:xxxx */
	bool zen;
	enum pci_p2pdma_map_type route;
};

static const struct route_case route_cases[] = {
	{ "same switch", SAME_SWITCH, 0x29c0, false, PCI_P2PDMA_MAP_BUS_ADDR },
	{ "same switch, ACS redirect, whitelisted root", SAME_SWITCH_ACS,
	  0x2030, false, PCI_P2PDMA_MAP_THRU_HOST_BRIDGE },
	{ "same switch, ACS redirect, unlisted root", SAME_SWITCH_ACS,
	  0x29c0, false, PCI_P2PDMA_MAP_NOT_SUPPORTED },
	{ "root ports, whitelisted root", ROOT_PORTS, 0x2030, false,
	  PCI_P2PDMA_MAP_THRU_HOST_BRIDGE },
	{ "root ports, Zen CPU", ROOT_PORTS, 0x29c0, true,
	  PCI_P2PDMA_MAP_THRU_HOST_BRIDGE },
	{ "root ports, unlisted root", ROOT_PORTS, 0x29c0, false,
	  PCI_P2PDMA_MAP_NOT_SUPPORTED },
};

static int machine_domain = 16;

static void machine_build(struct kunit *test, struct machine *m,
			  const struct route_case *c, bool iommu)
{
	struct pci_host_bridge *hb;
	struct pci_dev *rp, *usp, *dsp0, *dsp1;

	memset(m, 0, sizeof(*m));
	m->topo = host_pci_topo_create(machine_domain++);
	hb = host_pci_host_bridge(m->topo, 0x8086, c->root_device);
	host_pci_set_bus_offset(hb, BUS_OFFSET);
	rp = host_pci_root_port(hb, 0x8086, 0x2032);
	if (c->layout == ROOT_PORTS) {
		m->gpu = host_pci_endpoint(rp, 0x10de, 0x2330);
		rp = host_pci_root_port(hb, 0x8086, 0x2032);
		m->nic = host_pci_endpoint(rp, 0x15b3, 0x101d);
	} else {
		usp = host_pci_switch_up(rp);
		dsp0 = host_pci_switch_down(usp);
		dsp1 = host_pci_switch_down(usp);
		m->gpu = host_pci_endpoint(dsp0, 0x10de, 0x2330);
		m->nic = host_pci_endpoint(dsp1, 0x15b3, 0x101d);
		if (c->layout == SAME_SWITCH_ACS)
			host_pci_set_acs(dsp1, PCI_ACS_RR);
	}
	m->was_zen = host_cpu_set_amd_zen(c->zen);
	host_pci_set_bar(m->gpu, 0, GPU_BAR_PHYS, GPU_BAR_LEN);
	KUNIT_ASSERT_EQ(test, pcim_p2pdma_init(m->gpu), 0);
	m->provider = pcim_p2pdma_provider(m->gpu, 0);
	KUNIT_ASSERT_NOT_NULL(test, m->provider);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(&m->nic->dev,
							   DMA_BIT_MASK(64)), 0);
	if (iommu) {
		m->domain = host_iommu_domain_alloc(SZ_1M, DMA_BIT_MASK(48));
		host_dma_set_domain(&m->nic->dev, m->domain);
	}
}

static void machine_destroy(struct machine *m)
{
	if (m->domain) {
		host_dma_set_domain(&m->nic->dev, NULL);
		host_iommu_domain_free(m->domain);
	}
	host_cpu_set_amd_zen(m->was_zen);
	host_pci_topo_destroy(m->topo);
}

/* A dma-buf with an SGT attachment for the NIC, to map ranges against. */
static void mmio_release(struct dma_buf *dmabuf)
{
}

static struct sg_table *mmio_unused_map(struct dma_buf_attachment *attach,
					enum dma_data_direction dir)
{
	return ERR_PTR(-EIO);
}

static void mmio_unused_unmap(struct dma_buf_attachment *attach,
			      struct sg_table *sgt, enum dma_data_direction dir)
{
}

static const struct dma_buf_ops bare_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(mmio_unused_map, mmio_unused_unmap),
	.release = mmio_release,
};

struct rig {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
};

static void rig_open(struct kunit *test, struct rig *b, struct device *dev)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);

	exp_info.ops = &bare_ops;
	exp_info.size = GPU_BAR_LEN;
	exp_info.priv = b;
	b->dmabuf = dma_buf_export(&exp_info);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b->dmabuf);
	b->attach = dma_buf_sgt_attach(b->dmabuf, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b->attach);
	dma_resv_lock(b->dmabuf->resv, NULL);
}

static void rig_close(struct rig *b)
{
	dma_resv_unlock(b->dmabuf->resv);
	dma_buf_detach(b->dmabuf, b->attach);
	dma_buf_put(b->dmabuf);
	flush_delayed_fput();
}

/* Range sets: sizes in bytes, laid out 2 MiB apart inside the BAR. */
struct range_set {
	const char *desc;
	size_t n;
	u64 len;		/* each, or ... */
	const u64 *lens;	/* ... these */
};

static const u64 mixed_lens[] = { SZ_64K, 3 * PAGE_SIZE, SZ_2M, PAGE_SIZE };
static const u64 huge_lens[] = { (5ULL << 30) + 2 * PAGE_SIZE, SZ_64K };

static const struct range_set range_sets[] = {
	{ "one range", 1, SZ_1M, NULL },
	{ "mixed ranges", ARRAY_SIZE(mixed_lens), 0, mixed_lens },
	{ "a range over 4 GiB", ARRAY_SIZE(huge_lens), 0, huge_lens },
	{ "1024 small ranges", 1024, PAGE_SIZE, NULL },
};

static struct dma_buf_phys_vec *make_ranges(struct kunit *test,
					    const struct range_set *rs,
					    size_t *total)
{
	struct dma_buf_phys_vec *vec;
	phys_addr_t at = GPU_BAR_PHYS;
	size_t i;

	vec = kunit_kcalloc(test, rs->n, sizeof(*vec), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vec);
	*total = 0;
	for (i = 0; i < rs->n; i++) {
		vec[i].paddr = at;
		vec[i].len = rs->lens ? rs->lens[i] : rs->len;
		*total += vec[i].len;
		at = ALIGN(at + vec[i].len + SZ_2M, SZ_2M);
	}
	return vec;
}

static size_t segments(u64 len)
{
	return len / SEG_MAX + !!(len % SEG_MAX);
}

static size_t expected_entries(const struct dma_buf_phys_vec *vec, size_t n)
{
	size_t i, e = 0;

	for (i = 0; i < n; i++)
		e += segments(vec[i].len);
	return e;
}

/* Does the NIC's @dma lead to @phys, page by page, for @len bytes? */
static bool translates(struct machine *m, dma_addr_t dma, phys_addr_t phys,
		       u64 len)
{
	u64 done;

	for (done = 0; done < len; done += PAGE_SIZE) {
		u64 last = min_t(u64, done + PAGE_SIZE, len) - 1;

		if (host_dma_to_phys(&m->nic->dev, dma + done) != phys + done ||
		    host_dma_to_phys(&m->nic->dev, dma + last) != phys + last)
			return false;
	}
	return true;
}

/*
 * Through the IOMMU with an IOVA range: the table is one span, cut into
 * segments with the address advancing, and the ranges lie in it one after
 * the other, every byte leading back to its physical address.
 */
static void check_span(struct kunit *test, struct machine *m,
		       struct sg_table *sgt,
		       const struct dma_buf_phys_vec *vec, size_t n)
{
	struct scatterlist *sg;
	dma_addr_t start = sg_dma_address(sgt->sgl), next = start;
	u64 total = 0, at = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		total += vec[i].len;
	KUNIT_EXPECT_EQ(test, sgt->nents, segments(total));
	for_each_sgtable_dma_sg(sgt, sg, i) {
		KUNIT_EXPECT_NULL(test, sg_page(sg));
		KUNIT_EXPECT_EQ(test, sg_dma_address(sg), next);
		KUNIT_EXPECT_LE(test, sg_dma_len(sg), SEG_MAX);
		KUNIT_EXPECT_TRUE(test, PAGE_ALIGNED(sg_dma_len(sg)));
		next += sg_dma_len(sg);
	}
	KUNIT_EXPECT_EQ(test, next - start, total);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_TRUE_MSG(test, translates(m, start + at,
						       vec[i].paddr,
						       vec[i].len),
				      "range %u at IOVA offset %llu", i,
				      (unsigned long long)at);
		at += vec[i].len;
	}
}

/*
 * Walks the table against the ranges: every entry at most a segment long
 * and page sized, lengths adding up per range, and every DMA address (first
 * and last byte of each entry) leading back to the right physical address.
 */
static void check_table(struct kunit *test, struct machine *m,
			struct sg_table *sgt,
			const struct dma_buf_phys_vec *vec, size_t n,
			enum pci_p2pdma_map_type route)
{
	struct scatterlist *sg = sgt->sgl;
	size_t i;

	if (route == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE && m->domain) {
		check_span(test, m, sgt, vec, n);
		return;
	}
	KUNIT_EXPECT_EQ(test, sgt->nents, expected_entries(vec, n));
	KUNIT_EXPECT_EQ(test, sgt->orig_nents, sgt->nents);
	for (i = 0; i < n; i++) {
		u64 done = 0;

		while (done < vec[i].len) {
			dma_addr_t dma;
			size_t len;
			phys_addr_t want = vec[i].paddr + done;
			phys_addr_t first, last;

			KUNIT_ASSERT_NOT_NULL(test, sg);
			dma = sg_dma_address(sg);
			len = sg_dma_len(sg);
			KUNIT_EXPECT_NULL(test, sg_page(sg));
			KUNIT_EXPECT_LE(test, len, SEG_MAX);
			KUNIT_EXPECT_TRUE(test, PAGE_ALIGNED(len));
			if (route == PCI_P2PDMA_MAP_BUS_ADDR) {
				first = dma - BUS_OFFSET;
				last = dma + len - 1 - BUS_OFFSET;
			} else {
				first = host_dma_to_phys(&m->nic->dev, dma);
				last = host_dma_to_phys(&m->nic->dev,
							dma + len - 1);
			}
			KUNIT_EXPECT_EQ(test, first, want);
			KUNIT_EXPECT_EQ(test, last, want + len - 1);
			done += len;
			sg = sg_next(sg);
		}
		KUNIT_EXPECT_EQ(test, done, vec[i].len);
	}
	KUNIT_EXPECT_NULL(test, sg);
}

struct phys_vec_case {
	const struct route_case *route;
	const struct range_set *ranges;
	bool iommu;
};

static struct phys_vec_case phys_vec_cases[ARRAY_SIZE(route_cases) *
					   ARRAY_SIZE(range_sets) * 2];

static const void *phys_vec_gen_params(struct kunit *test, const void *prev,
					char *desc)
{
	const struct phys_vec_case *c = prev ?
		(const struct phys_vec_case *)prev + 1 : phys_vec_cases;
	size_t k = c - phys_vec_cases, nr = ARRAY_SIZE(range_sets);

	if (k >= ARRAY_SIZE(phys_vec_cases))
		return NULL;
	phys_vec_cases[k].route = &route_cases[k / (2 * nr)];
	phys_vec_cases[k].ranges = &range_sets[(k / 2) % nr];
	phys_vec_cases[k].iommu = k % 2;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s, %s, %s",
		 phys_vec_cases[k].route->desc, phys_vec_cases[k].ranges->desc,
		 phys_vec_cases[k].iommu ? "IOMMU" : "direct");
	return &phys_vec_cases[k];
}

/* What a call made of the DMA API: the difference of two snapshots. */
static struct host_dma_counts counts_since(const struct host_dma_counts *old)
{
	struct host_dma_counts now;

	host_dma_counts(&now);
	return (struct host_dma_counts){
		.maps = now.maps - old->maps,
		.map_phys = now.map_phys - old->map_phys,
		.unmap_phys = now.unmap_phys - old->unmap_phys,
		.iova_try_allocs = now.iova_try_allocs - old->iova_try_allocs,
		.iova_allocs = now.iova_allocs - old->iova_allocs,
		.iova_links = now.iova_links - old->iova_links,
		.iova_syncs = now.iova_syncs - old->iova_syncs,
		.iova_unlinks = now.iova_unlinks - old->iova_unlinks,
		.iova_frees = now.iova_frees - old->iova_frees,
		.iova_live = now.iova_live - old->iova_live,
	};
}

/*
 * Linux 7.3's routes: on the bus-address route nothing is mapped; through
 * the host bridge, a device behind an IOMMU gets one IOVA range, one link
 * per range and one sync, and a direct-mapped one a dma_map_phys() per
 * range.  Freeing undoes exactly that.
 */
static void check_map_counts(struct kunit *test,
			     const struct phys_vec_case *c,
			     const struct host_dma_counts *d)
{
	size_t n = c->ranges->n;

	if (c->route->route == PCI_P2PDMA_MAP_BUS_ADDR) {
		KUNIT_EXPECT_EQ(test, d->maps, 0);
		KUNIT_EXPECT_EQ(test, d->iova_try_allocs, 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, d->iova_try_allocs, 1);
	KUNIT_EXPECT_EQ(test, d->iova_allocs, c->iommu ? 1 : 0);
	KUNIT_EXPECT_EQ(test, d->iova_links, c->iommu ? n : 0);
	KUNIT_EXPECT_EQ(test, d->iova_syncs, c->iommu ? 1 : 0);
	KUNIT_EXPECT_EQ(test, d->map_phys, c->iommu ? 0 : n);
	KUNIT_EXPECT_EQ(test, d->iova_unlinks + d->iova_frees +
			      d->unmap_phys, 0);
}

static void check_unmap_counts(struct kunit *test,
			       const struct phys_vec_case *c,
			       const struct host_dma_counts *d)
{
	bool iova = c->iommu && c->route->route != PCI_P2PDMA_MAP_BUS_ADDR;

	KUNIT_EXPECT_EQ(test, d->maps, 0);
	KUNIT_EXPECT_EQ(test, d->iova_unlinks, iova ? 1 : 0);
	KUNIT_EXPECT_EQ(test, d->iova_frees, iova ? 1 : 0);
	KUNIT_EXPECT_EQ(test, d->unmap_phys,
			iova || c->route->route == PCI_P2PDMA_MAP_BUS_ADDR ?
			0 : c->ranges->n);
}

static void test_phys_vec_routes(struct kunit *test)
{
	const struct phys_vec_case *c = test->param_value;
	struct host_dma_counts before, d;
	struct dma_buf_phys_vec *vec;
	unsigned long live_before;
	struct machine m;
	struct rig b;
	struct sg_table *sgt;
	size_t total;

	machine_build(test, &m, c->route, c->iommu);
	vec = make_ranges(test, c->ranges, &total);
	rig_open(test, &b, &m.nic->dev);
	live_before = host_dma_live();

	host_dma_counts(&before);
	sgt = dma_buf_phys_vec_to_sgt(b.attach, m.provider, vec,
				      c->ranges->n, total, DMA_BIDIRECTIONAL);
	d = counts_since(&before);
	if (c->route->route == PCI_P2PDMA_MAP_NOT_SUPPORTED) {
		KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -EINVAL);
		KUNIT_EXPECT_EQ(test, d.maps, 0);
		goto out;
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	check_map_counts(test, c, &d);
	/* A mapping per range, or one IOVA state for them all. */
	KUNIT_EXPECT_EQ(test, host_dma_live() - live_before,
			c->route->route == PCI_P2PDMA_MAP_BUS_ADDR ? 0 :
			c->iommu ? 1 : c->ranges->n);
	check_table(test, &m, sgt, vec, c->ranges->n, c->route->route);

	host_dma_counts(&before);
	dma_buf_free_sgt(b.attach, sgt, DMA_BIDIRECTIONAL);
	d = counts_since(&before);
	check_unmap_counts(test, c, &d);
	KUNIT_EXPECT_EQ(test, host_dma_live(), live_before);
	if (m.domain)
		KUNIT_EXPECT_EQ(test, host_iommu_mapped(m.domain), 0);
out:
	rig_close(&b);
	machine_destroy(&m);
}

/*
 * Mainline 7.3 links every range at offset 0 of the IOVA range.  Its
 * calls, replayed on the model: the second range lands on the first,
 * which the model reports.  The engine links each range where the one
 * before it ended, so the table's one span holds them in order; the IOVA
 * of each range's first byte shows it.
 */
static void test_phys_vec_iova_offsets(struct kunit *test)
{
	const struct range_set *rs = &range_sets[1];	/* mixed ranges */
	struct dma_buf_phys_vec *vec;
	struct dma_iova_state state;
	struct sg_table *sgt;
	struct machine m;
	struct rig b;
	size_t total, i, at = 0;
	dma_addr_t start;
	int ret;

	machine_build(test, &m, &route_cases[3], true);
	vec = make_ranges(test, rs, &total);
	rig_open(test, &b, &m.nic->dev);

	/* mainline's sequence */
	KUNIT_ASSERT_TRUE(test, dma_iova_try_alloc(&m.nic->dev, &state, 0,
						   total));
	KUNIT_EXPECT_EQ(test, dma_iova_link(&m.nic->dev, &state, vec[0].paddr,
					    0, vec[0].len, DMA_TO_DEVICE,
					    DMA_ATTR_MMIO), 0);
	KUNIT_HOST_EXPECT_WARN(test,
		ret = dma_iova_link(&m.nic->dev, &state, vec[1].paddr, 0,
				    vec[1].len, DMA_TO_DEVICE,
				    DMA_ATTR_MMIO));
	KUNIT_EXPECT_EQ(test, ret, -EEXIST);
	dma_iova_destroy(&m.nic->dev, &state, vec[0].len, DMA_TO_DEVICE,
			 DMA_ATTR_MMIO);

	/* the engine's */
	sgt = dma_buf_phys_vec_to_sgt(b.attach, m.provider, vec, rs->n, total,
				      DMA_TO_DEVICE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	start = sg_dma_address(sgt->sgl);
	for (i = 0; i < rs->n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, host_dma_to_phys(&m.nic->dev,
							   start + at),
				    vec[i].paddr, "range %zu", i);
		at += vec[i].len;
	}
	KUNIT_EXPECT_EQ(test, host_dma_to_phys(&m.nic->dev, start + at - 1),
			vec[rs->n - 1].paddr + vec[rs->n - 1].len - 1);
	dma_buf_free_sgt(b.attach, sgt, DMA_TO_DEVICE);
	rig_close(&b);
	machine_destroy(&m);
}

/*
 * One point of failure of a sweep: a failed call must leave nothing
 * behind, and must have undone exactly what it did: with an IOVA range,
 * one unlink of everything linked (the model WARNs on any other length)
 * and one free; range by range, one unmap per range mapped.
 */
static void check_undone(struct kunit *test, struct machine *m,
			 unsigned long mark, const struct host_dma_counts *d)
{
	KUNIT_EXPECT_EQ(test, host_report_leaks(mark, NULL, NULL), 0);
	if (m->domain)
		KUNIT_EXPECT_EQ(test, host_iommu_mapped(m->domain), 0);
	KUNIT_EXPECT_EQ(test, d->iova_frees, d->iova_allocs);
	KUNIT_EXPECT_EQ(test, d->iova_unlinks,
			d->iova_links > 1 || (d->iova_links && d->iova_syncs));
	/* the last map call is the one that failed */
	KUNIT_EXPECT_EQ(test, d->unmap_phys, d->map_phys ? d->map_phys - 1 : 0);
}

/* Fail each allocation, then each DMA API step, on the host-bridge route. */
static void test_phys_vec_failures(struct kunit *test)
{
	const struct route_case *c = &route_cases[3];	/* whitelisted */
	const struct range_set *rs = &range_sets[1];
	struct dma_buf_phys_vec *vec;
	unsigned int alloc_points = 0, map_points = 0;
	struct host_dma_counts before, d;
	unsigned long nth, mark;
	struct sg_table *sgt;
	struct machine m;
	struct rig b;
	size_t total;
	int iommu;

	for (iommu = 1; iommu >= 0; iommu--) {
		machine_build(test, &m, c, iommu);
		vec = make_ranges(test, rs, &total);
		rig_open(test, &b, &m.nic->dev);

		for (nth = 1;; nth++) {
			mark = host_mark();
			host_dma_counts(&before);
			host_fail_alloc_nth(nth);
			sgt = dma_buf_phys_vec_to_sgt(b.attach, m.provider,
						      vec, rs->n, total,
						      DMA_TO_DEVICE);
			if (!host_fail_alloc_fired())
				break;
			d = counts_since(&before);
			alloc_points++;
			KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -ENOMEM);
			KUNIT_EXPECT_EQ(test, host_report_leaks(mark, NULL,
								NULL), 0);
			KUNIT_EXPECT_EQ(test, d.iova_frees, d.iova_allocs);
			KUNIT_EXPECT_EQ(test, d.maps, iommu ? 1 : 0);
		}
		host_fail_alloc_nth(0);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
		dma_buf_free_sgt(b.attach, sgt, DMA_TO_DEVICE);

		for (nth = 1;; nth++) {
			mark = host_mark();
			host_dma_counts(&before);
			host_dma_fail_map_nth(nth);
			sgt = dma_buf_phys_vec_to_sgt(b.attach, m.provider,
						      vec, rs->n, total,
						      DMA_TO_DEVICE);
			if (!host_dma_fail_map_fired())
				break;
			d = counts_since(&before);
			map_points++;
			if (iommu && nth == 1) {
				/* no IOVA range: range by range instead */
				KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
				KUNIT_EXPECT_EQ(test, d.map_phys, rs->n);
				dma_buf_free_sgt(b.attach, sgt,
						 DMA_TO_DEVICE);
				KUNIT_EXPECT_EQ(test, host_report_leaks(mark,
									NULL,
									NULL),
						0);
				continue;
			}
			KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -ENOMEM);
			check_undone(test, &m, mark, &d);
		}
		host_dma_fail_map_nth(0);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
		dma_buf_free_sgt(b.attach, sgt, DMA_TO_DEVICE);

		/* the wrapper and the table */
		KUNIT_EXPECT_EQ(test, alloc_points, 2);
		/* the IOVA range, a link per range and the sync; or a map each */
		KUNIT_EXPECT_EQ(test, map_points, iommu ? rs->n + 2 : rs->n);
		kunit_info(test, "%s: %u allocation and %u DMA API failure points",
			   iommu ? "IOMMU" : "direct", alloc_points,
			   map_points);
		alloc_points = 0;
		map_points = 0;
		rig_close(&b);
		machine_destroy(&m);
	}
}

/* A 32-bit importer: direct mapping cannot reach the BAR, an IOMMU can. */
static void test_phys_vec_dma_mask(struct kunit *test)
{
	struct dma_buf_phys_vec vec = { GPU_BAR_PHYS, SZ_1M };
	struct sg_table *sgt;
	struct machine m;
	struct rig b;

	machine_build(test, &m, &route_cases[3], false);
	KUNIT_ASSERT_EQ(test, dma_set_mask(&m.nic->dev, DMA_BIT_MASK(32)), 0);
	rig_open(test, &b, &m.nic->dev);
	sgt = dma_buf_phys_vec_to_sgt(b.attach, m.provider, &vec, 1, SZ_1M,
				      DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -ENOMEM);

	m.domain = host_iommu_domain_alloc(SZ_1M, DMA_BIT_MASK(48));
	host_dma_set_domain(&m.nic->dev, m.domain);
	sgt = dma_buf_phys_vec_to_sgt(b.attach, m.provider, &vec, 1, SZ_1M,
				      DMA_FROM_DEVICE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	KUNIT_EXPECT_LE(test, sg_dma_address(sgt->sgl) + SZ_1M - 1,
			DMA_BIT_MASK(32));
	KUNIT_EXPECT_EQ(test, host_dma_to_phys(&m.nic->dev,
					       sg_dma_address(sgt->sgl)),
			GPU_BAR_PHYS);
	dma_buf_free_sgt(b.attach, sgt, DMA_FROM_DEVICE);
	rig_close(&b);
	machine_destroy(&m);
}

struct bad_args_case {
	const char *desc;
	size_t size_delta;
	bool zero_len, no_provider, no_ranges;
};

static const struct bad_args_case bad_args_cases[] = {
	{ "size does not match the ranges", .size_delta = PAGE_SIZE },
	{ "a zero-length range", .zero_len = true },
	{ "no provider", .no_provider = true },
	{ "no ranges", .no_ranges = true },
};

KUNIT_ARRAY_PARAM_DESC(bad_args, bad_args_cases, desc);

static void test_phys_vec_bad_args(struct kunit *test)
{
	const struct bad_args_case *c = test->param_value;
	struct dma_buf_phys_vec vec[2] = {
		{ GPU_BAR_PHYS, SZ_64K }, { GPU_BAR_PHYS + SZ_1M, SZ_64K },
	};
	struct sg_table *sgt;
	struct machine m;
	struct rig b;

	machine_build(test, &m, &route_cases[3], false);
	rig_open(test, &b, &m.nic->dev);
	if (c->zero_len)
		vec[1].len = 0;
	KUNIT_HOST_EXPECT_WARN(test,
		sgt = dma_buf_phys_vec_to_sgt(b.attach,
					      c->no_provider ? NULL : m.provider,
					      c->no_ranges ? NULL : vec,
					      c->no_ranges ? 0 : 2,
					      vec[0].len + vec[1].len +
					      c->size_delta, DMA_TO_DEVICE));
	KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -EINVAL);
	rig_close(&b);
	machine_destroy(&m);
}

static void pal_noop_invalidate(struct dma_buf_attachment *attach)
{
}

/*
 * A range of SIZE_MAX - PAGE_SIZE + 1 bytes beside one of PAGE_SIZE - 1:
 * the total is SIZE_MAX, which matches @size without wrapping, while
 * DIV_ROUND_UP(len, segment) of the big one wraps to 0 segments.  A table
 * sized by that count has one entry for two ranges, and filling it writes
 * through the NULL that sg_next() gives past its end.  The ranges need
 * more entries than a table can have: -EINVAL and a WARN, on every route,
 * before anything is allocated or mapped.
 */
static const struct route_case *const wrap_routes[] = {
	&route_cases[0], &route_cases[3],
};

static void test_phys_vec_segment_count_wraps(struct kunit *test)
{
	struct dma_buf_phys_vec vec[2] = {
		{ GPU_BAR_PHYS, PAGE_SIZE - 1 },
		{ GPU_BAR_PHYS + SZ_1M, SIZE_MAX - PAGE_SIZE + 1 },
	};
	struct sg_table *sgt;
	struct machine m;
	unsigned long mark;
	struct rig b;
	size_t r;
	int iommu;

	KUNIT_ASSERT_EQ(test, vec[0].len + vec[1].len, SIZE_MAX);
	KUNIT_ASSERT_EQ(test, DIV_ROUND_UP(vec[1].len, SEG_MAX), 0);
	for (r = 0; r < ARRAY_SIZE(wrap_routes); r++) {
		for (iommu = 0; iommu < 2; iommu++) {
			machine_build(test, &m, wrap_routes[r], iommu);
			rig_open(test, &b, &m.nic->dev);
			mark = host_mark();
			KUNIT_HOST_EXPECT_WARN(test,
				sgt = dma_buf_phys_vec_to_sgt(b.attach,
							      m.provider, vec,
							      2, SIZE_MAX,
							      DMA_TO_DEVICE));
			KUNIT_EXPECT_EQ_MSG(test, PTR_ERR(sgt), -EINVAL,
					    "%s, %s", wrap_routes[r]->desc,
					    iommu ? "IOMMU" : "direct");
			KUNIT_EXPECT_EQ(test,
					host_report_leaks(mark, NULL, NULL), 0);
			rig_close(&b);
			machine_destroy(&m);
		}
	}
}

/* Only an SGT attachment has an importing DMA device. */
static void test_phys_vec_pal_attachment(struct kunit *test)
{
	static const struct dma_buf_mapping_pal_exp_ops no_pal_ops;
	/* PAL is for importers that can be told to stop (Linux 7.3) */
	static const struct dma_buf_attach_ops revocable = {
		.invalidate_mappings = pal_noop_invalidate,
	};
	struct dma_buf_phys_vec vec = { GPU_BAR_PHYS, SZ_64K };
	struct dma_buf_attachment attach = { .importer_ops = &revocable };
	struct dma_buf_mapping_match exp = DMA_BUF_EMAPPING_PAL(&no_pal_ops);
	struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_PAL();
	struct dma_buf_match_args args = {
		.attach = &attach, .imp_matches = &imp, .imp_len = 1,
	};
	struct p2pdma_provider provider = { };
	struct sg_table *sgt;

	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&args, &exp, 1), 0);
	KUNIT_HOST_EXPECT_WARN(test,
		sgt = dma_buf_phys_vec_to_sgt(&attach, &provider, &vec, 1,
					      SZ_64K, DMA_TO_DEVICE));
	KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -EINVAL);
}

/*
 * The SGT P2P match of an MMIO exporter offering its BAR first and system
 * memory second, deciding through the real rules: P2P wherever
 * pci_p2pdma_distance() allows the pair, system memory elsewhere.
 */
static void mmio_noop_move(struct dma_buf_attachment *attach)
{
}

static const struct dma_buf_attach_ops p2p_importer = {
	.allow_peer2peer = true,
	.invalidate_mappings = mmio_noop_move,
};

struct mmio_exporter {
	struct machine *m;
};

static int mmio_match_mapping(struct dma_buf_match_args *args)
{
	struct mmio_exporter *e = args->dmabuf->priv;
	static const struct dma_buf_mapping_sgt_exp_ops ops = {
		.map_dma_buf = mmio_unused_map,
		.unmap_dma_buf = mmio_unused_unmap,
	};
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT_P2P(&ops, e->m->gpu),
		DMA_BUF_EMAPPING_SGT(&ops),
	};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

static const struct dma_buf_ops mmio_ops = {
	.match_mapping = mmio_match_mapping,
	.release = mmio_release,
};

KUNIT_ARRAY_PARAM_DESC(route, route_cases, desc);

static void test_p2p_match_follows_topology(struct kunit *test)
{
	const struct route_case *c = test->param_value;
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct mmio_exporter e;
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct machine m;
	char want[128];
	char *log;

	machine_build(test, &m, c, false);
	e.m = &m;
	exp_info.ops = &mmio_ops;
	exp_info.size = SZ_1M;
	exp_info.priv = &e;
	dmabuf = dma_buf_export(&exp_info);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	/*
	 * Quiet: a refused P2P attach, which userspace can repeat at will,
	 * logs nothing; the reason is pci_p2pdma_distance()'s to give when
	 * asked verbosely.
	 */
	host_log_capture_begin();
	attach = dma_buf_sgt_dynamic_attach(dmabuf, &m.nic->dev, &p2p_importer,
					    NULL);
	log = host_log_capture_end();
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	/*
	 * Except for one line 7.3's calc_map_type_and_dist() prints however
	 * quiet its caller: an unlisted host bridge, when ACS redirect sent
	 * the pair to it.
	 */
	if (c->layout == SAME_SWITCH_ACS &&
	    c->route == PCI_P2PDMA_MAP_NOT_SUPPORTED) {
		snprintf(want, sizeof(want),
			 "pci %04x:00:00.0: Host bridge not in P2PDMA whitelist: 8086:%04x\n",
			 pci_domain_nr(m.gpu->bus), c->root_device);
		KUNIT_EXPECT_STREQ(test, log, want);
	} else {
		KUNIT_EXPECT_STREQ(test, log, "");
	}
	free(log);
	KUNIT_EXPECT_EQ(test, dma_buf_sgt_p2p_allowed(attach),
			c->route != PCI_P2PDMA_MAP_NOT_SUPPORTED);
	if (c->route == PCI_P2PDMA_MAP_NOT_SUPPORTED) {
		host_log_capture_begin();
		KUNIT_EXPECT_LT(test, pci_p2pdma_distance(m.gpu, &m.nic->dev,
							  true), 0);
		log = host_log_capture_end();
		KUNIT_EXPECT_NOT_NULL(test, strstr(log, "cannot be used for peer-to-peer DMA"));
		free(log);
	}
	if (dma_buf_sgt_p2p_allowed(attach))
		KUNIT_EXPECT_EQ(test, attach->map_type.sgt_data.p2p_distance,
				pci_p2pdma_distance(m.gpu, &m.nic->dev, false));
	dma_buf_detach(dmabuf, attach);
	dma_buf_put(dmabuf);
	flush_delayed_fput();
	machine_destroy(&m);
}

/*
 * A non-PCI importing device whose parent is a PCI device (an auxiliary
 * or DRM device below the NIC's function).  Linux 7.3's
 * pci_p2pdma_distance() walks up to the PCI parent and finds the pair on
 * one switch, while pci_p2pdma_map_type() refuses a device that is not
 * itself PCI, so dma_buf_phys_vec_to_sgt() cannot map for it.  The SGT
 * P2P match must refuse it too, so that the exporter's system-memory
 * entry is negotiated rather than a P2P one that cannot be mapped.
 */
static void test_p2p_non_pci_child(struct kunit *test)
{
	struct dma_buf_phys_vec vec = { GPU_BAR_PHYS, SZ_1M };
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf_attachment *attach;
	struct mmio_exporter e;
	struct dma_buf *dmabuf;
	struct sg_table *sgt;
	struct device *child;
	struct machine m;
	char *log;

	machine_build(test, &m, &route_cases[0], false);	/* one switch */
	child = host_device_alloc("nic-aux");
	KUNIT_ASSERT_NOT_NULL(test, child);
	child->parent = &m.nic->dev;

	/* the two answers of 7.3's p2pdma.c */
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(m.gpu, child, false),
			pci_p2pdma_distance(m.gpu, &m.nic->dev, false));
	KUNIT_EXPECT_GE(test, pci_p2pdma_distance(m.gpu, child, false), 0);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_map_type(m.provider, child),
			PCI_P2PDMA_MAP_NOT_SUPPORTED);

	e.m = &m;
	exp_info.ops = &mmio_ops;
	exp_info.size = SZ_1M;
	exp_info.priv = &e;
	dmabuf = dma_buf_export(&exp_info);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	host_log_capture_begin();
	attach = dma_buf_sgt_dynamic_attach(dmabuf, child, &p2p_importer, NULL);
	log = host_log_capture_end();
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_FALSE_MSG(test, dma_buf_sgt_p2p_allowed(attach),
			       "P2P negotiated for a device P2P cannot map for");
	KUNIT_EXPECT_STREQ(test, log, "");
	free(log);

	/* what a P2P entry would have led to */
	dma_resv_lock(dmabuf->resv, NULL);
	sgt = dma_buf_phys_vec_to_sgt(attach, m.provider, &vec, 1, SZ_1M,
				      DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(sgt), -EINVAL);
	dma_resv_unlock(dmabuf->resv);

	dma_buf_detach(dmabuf, attach);
	dma_buf_put(dmabuf);
	flush_delayed_fput();
	host_device_put(child);
	machine_destroy(&m);
}

static struct kunit_case phys_vec_test_cases[] = {
	KUNIT_CASE_PARAM(test_phys_vec_routes, phys_vec_gen_params),
	KUNIT_CASE(test_phys_vec_iova_offsets),
	KUNIT_CASE(test_phys_vec_failures),
	KUNIT_CASE(test_phys_vec_dma_mask),
	KUNIT_CASE_PARAM(test_phys_vec_bad_args, bad_args_gen_params),
	KUNIT_CASE(test_phys_vec_segment_count_wraps),
	KUNIT_CASE(test_phys_vec_pal_attachment),
	KUNIT_CASE_PARAM(test_p2p_match_follows_topology, route_gen_params),
	KUNIT_CASE(test_p2p_non_pci_child),
	{}
};

static struct kunit_suite phys_vec_suite = {
	.name = "dma-buf-phys-vec",
	.test_cases = phys_vec_test_cases,
};

kunit_test_suite(phys_vec_suite);
