// SPDX-License-Identifier: GPL-2.0
/*
 * The iommufd-style PAL importer on a VFIO-style BAR exporter: byte ranges
 * of multi-range buffers mapped a contiguous run at a time through the
 * engine's PAL iterator, every page's IOVA translated back through the
 * domain and compared with the BAR address worked out here from the
 * exported ranges; revoke and restore; requests that must be refused.
 * The iterator on its own, on lists no exporter could hand out, is the
 * engine's KUnit suite's (drivers/dma-buf/st-dma-mapping-pal.c).
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <host/hooks.h>
#include <host/iommu.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"
#include "scenario-harness.h"

#define IOMMUFD_DOMAIN	0x31
#define BAR		2
#define P		PAGE_SIZE

struct rig {
	struct scn_machine m;
	struct dma_buf *dmabuf;
	struct sample_iommufd *imp;
	const struct sample_vfio_range *ranges;
	size_t nr;
};

static void rig_open(struct kunit *test, struct rig *r,
		     const struct sample_vfio_range *ranges, size_t nr)
{
	r->ranges = ranges;
	r->nr = nr;
	scn_machine_build(&r->m, SCN_SAME_SWITCH, true, IOMMUFD_DOMAIN);
	r->dmabuf = sample_vfio_export(r->m.vfio, BAR, ranges, nr);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r->dmabuf);
	r->imp = sample_iommufd_attach(r->dmabuf, r->m.vm_domain);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r->imp);
	KUNIT_EXPECT_PTR_EQ(test,
			    sample_iommufd_attachment(r->imp)->map_type.type,
			    &dma_buf_mapping_pal_type);
}

static void rig_close(struct kunit *test, struct rig *r)
{
	sample_iommufd_detach(r->imp);
	/* Detach handed the list back and unmapped every page. */
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(r->dmabuf), 0);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(r->m.vm_domain), 0);
	dma_buf_put(r->dmabuf);
	flush_delayed_fput();
	scn_machine_destroy(&r->m);
}

/* Where byte @off of the buffer is, from the ranges it was made of. */
static phys_addr_t rig_phys(struct rig *r, u64 off)
{
	phys_addr_t bar = pci_resource_start(r->m.pdev[SCN_VFIO], BAR);
	size_t i;

	for (i = 0; i < r->nr; i++) {
		if (off < r->ranges[i].len)
			return bar + r->ranges[i].offset + off;
		off -= r->ranges[i].len;
	}
	return DMA_MAPPING_ERROR;
}

/* Every page of the area translates to the right BAR address. */
static void expect_area(struct kunit *test, struct rig *r, unsigned int area,
			u64 offset, u64 length)
{
	u64 got_off, got_len;
	bool mapped;
	size_t page;

	KUNIT_ASSERT_EQ(test, sample_iommufd_area(r->imp, area, &got_off,
						  &got_len, &mapped), 0);
	KUNIT_EXPECT_EQ(test, got_off, offset);
	KUNIT_EXPECT_EQ(test, got_len, length);
	KUNIT_EXPECT_TRUE(test, mapped);
	for (page = 0; page < length / P; page++) {
		u64 iova = sample_iommufd_iova(r->imp, area, page);

		KUNIT_EXPECT_NE(test, iova, DMA_MAPPING_ERROR);
		KUNIT_EXPECT_EQ_MSG(test,
				    host_iommu_iova_to_phys(r->m.vm_domain,
							    iova),
				    rig_phys(r, offset + page * P),
				    "area %u page %zu", area, page);
	}
	KUNIT_EXPECT_EQ(test, sample_iommufd_iova(r->imp, area, length / P),
			DMA_MAPPING_ERROR);
}

static void test_iommufd_one_page(struct kunit *test)
{
	static const struct sample_vfio_range ranges[] = { { 0, P } };
	struct rig r;

	rig_open(test, &r, ranges, ARRAY_SIZE(ranges));
	KUNIT_EXPECT_EQ(test, sample_iommufd_map(r.imp, 0, P), 0);
	expect_area(test, &r, 0, 0, P);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(r.m.vm_domain), 1);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(r.dmabuf), 1);
	rig_close(test, &r);
}

static void test_iommufd_64_pages(struct kunit *test)
{
	static const struct sample_vfio_range ranges[] = {
		{ 0, 16 * P }, { 32 * P, 32 * P }, { 128 * P, 16 * P },
	};
	struct rig r;

	rig_open(test, &r, ranges, ARRAY_SIZE(ranges));
	KUNIT_EXPECT_EQ(test, sample_iommufd_map(r.imp, 0, 64 * P), 0);
	expect_area(test, &r, 0, 0, 64 * P);
	KUNIT_EXPECT_EQ(test, sample_iommufd_mapped_pages(r.imp), 64);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(r.m.vm_domain), 64);
	rig_close(test, &r);
}

/* Pages 4-11 of 16, crossing from the first range into the second. */
static void test_iommufd_8_pages_at_4(struct kunit *test)
{
	static const struct sample_vfio_range ranges[] = {
		{ 0, 6 * P }, { 16 * P, 10 * P },
	};
	struct rig r;

	rig_open(test, &r, ranges, ARRAY_SIZE(ranges));
	KUNIT_EXPECT_EQ(test, sample_iommufd_map(r.imp, 4 * P, 8 * P), 0);
	expect_area(test, &r, 0, 4 * P, 8 * P);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(r.m.vm_domain), 8);
	rig_close(test, &r);
}

static const struct sample_vfio_range two_ranges[] = {
	{ 0, 6 * P }, { 16 * P, 10 * P },
};

static void test_iommufd_two_areas(struct kunit *test)
{
	struct rig r;

	rig_open(test, &r, two_ranges, ARRAY_SIZE(two_ranges));
	KUNIT_EXPECT_EQ(test, sample_iommufd_map(r.imp, 0, 4 * P), 0);
	KUNIT_EXPECT_EQ(test, sample_iommufd_map(r.imp, 8 * P, 4 * P), 1);
	expect_area(test, &r, 0, 0, 4 * P);
	expect_area(test, &r, 1, 8 * P, 4 * P);
	KUNIT_EXPECT_EQ(test, sample_iommufd_nr_areas(r.imp), 2);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(r.m.vm_domain), 8);
	/* One list serves both areas. */
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(r.dmabuf), 1);
	rig_close(test, &r);
}

static void test_iommufd_revoke(struct kunit *test)
{
	struct rig r;

	rig_open(test, &r, two_ranges, ARRAY_SIZE(two_ranges));
	KUNIT_ASSERT_EQ(test, sample_iommufd_map(r.imp, 0, 4 * P), 0);
	KUNIT_ASSERT_EQ(test, sample_iommufd_map(r.imp, 8 * P, 4 * P), 1);

	/* Revoke: every page unmapped, the list handed back. */
	sample_vfio_revoke(r.m.vfio, true);
	KUNIT_EXPECT_TRUE(test, sample_iommufd_revoked(r.imp));
	KUNIT_EXPECT_EQ(test, sample_iommufd_mapped_pages(r.imp), 0);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(r.m.vm_domain), 0);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(r.dmabuf), 0);

	/* Mapping while revoked fails and leaves nothing behind. */
	KUNIT_EXPECT_EQ(test, sample_iommufd_map(r.imp, 12 * P, P), -ENODEV);
	KUNIT_EXPECT_EQ(test, sample_iommufd_remap(r.imp), -ENODEV);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(r.m.vm_domain), 0);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(r.dmabuf), 0);

	/* Un-revoke, map again: the old areas and a new one. */
	sample_vfio_revoke(r.m.vfio, false);
	KUNIT_EXPECT_EQ(test, sample_iommufd_remap(r.imp), 0);
	KUNIT_EXPECT_FALSE(test, sample_iommufd_revoked(r.imp));
	expect_area(test, &r, 0, 0, 4 * P);
	expect_area(test, &r, 1, 8 * P, 4 * P);
	KUNIT_EXPECT_EQ(test, sample_iommufd_map(r.imp, 12 * P, 4 * P), 2);
	expect_area(test, &r, 2, 12 * P, 4 * P);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(r.m.vm_domain), 12);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(r.dmabuf), 1);
	rig_close(test, &r);
}

/*
 * The exporter allows mapping again, but the revoked area is not mapped
 * again yet: a new area must wait for the remap, which then restores the
 * old area alone.
 */
static void test_iommufd_map_before_remap(struct kunit *test)
{
	struct rig r;

	rig_open(test, &r, two_ranges, ARRAY_SIZE(two_ranges));
	KUNIT_ASSERT_EQ(test, sample_iommufd_map(r.imp, 0, 4 * P), 0);
	sample_vfio_revoke(r.m.vfio, true);
	sample_vfio_revoke(r.m.vfio, false);

	KUNIT_EXPECT_EQ(test, sample_iommufd_map(r.imp, 8 * P, 4 * P),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, sample_iommufd_nr_areas(r.imp), 1);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(r.m.vm_domain), 0);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(r.dmabuf), 0);

	KUNIT_EXPECT_EQ(test, sample_iommufd_remap(r.imp), 0);
	expect_area(test, &r, 0, 0, 4 * P);
	KUNIT_EXPECT_EQ(test, sample_iommufd_map(r.imp, 8 * P, 4 * P), 1);
	expect_area(test, &r, 1, 8 * P, 4 * P);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(r.m.vm_domain), 8);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(r.dmabuf), 1);
	rig_close(test, &r);
}

struct bad_request {
	const char *desc;
	u64 offset, length;
};

static const struct bad_request bad_requests[] = {
	{ "zero length", 0, 0 },
	{ "misaligned offset", 1, P },
	{ "misaligned length", 0, P + 1 },
	{ "offset at the end", 16 * P, P },
	{ "range past the end", 12 * P, 8 * P },
	{ "offset far past the end", 1ULL << 40, P },
	{ "offset + length overflows", ~0ULL & PAGE_MASK, 2 * P },
};

KUNIT_ARRAY_PARAM_DESC(bad_request, bad_requests, desc);

static void test_iommufd_bad_request(struct kunit *test)
{
	const struct bad_request *b = test->param_value;
	struct rig r;

	rig_open(test, &r, two_ranges, ARRAY_SIZE(two_ranges));
	KUNIT_EXPECT_EQ(test, sample_iommufd_map(r.imp, b->offset, b->length),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, sample_iommufd_nr_areas(r.imp), 0);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(r.m.vm_domain), 0);
	/* No area uses the list, so it went back. */
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(r.dmabuf), 0);
	rig_close(test, &r);
}

/*
 * A length no buffer has is refused before anything is allocated for it:
 * the allocator is not the place to find out that 2^50 pages is too many.
 */
static void test_iommufd_absurd_length(struct kunit *test)
{
	struct rig r;

	rig_open(test, &r, two_ranges, ARRAY_SIZE(two_ranges));
	host_fail_alloc_nth(0);
	KUNIT_EXPECT_EQ(test, sample_iommufd_map(r.imp, 0, 1ULL << 62),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, host_fail_alloc_nth(0), 0);
	KUNIT_EXPECT_EQ(test, sample_iommufd_nr_areas(r.imp), 0);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(r.dmabuf), 0);
	rig_close(test, &r);
}

/*
 * A page already mapped where the area's second run goes: the first run
 * is mapped, the second fails, and the first is unmapped again, so the
 * failed request leaves nothing of its own behind.
 */
static void test_iommufd_map_fails_half_way(struct kunit *test)
{
	struct iommu_domain *domain;
	unsigned long blocker;
	struct rig r;
	int ret;

	rig_open(test, &r, two_ranges, ARRAY_SIZE(two_ranges));
	domain = r.m.vm_domain;
	/* The area starts at the bottom of the aperture; the second run at 6P. */
	blocker = ALIGN(domain->geometry.aperture_start, P) + 6 * P;
	KUNIT_ASSERT_EQ(test, iommu_map(domain, blocker, 0x1000000, P,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_HOST_EXPECT_WARN(test, ret = sample_iommufd_map(r.imp, 0, 8 * P));
	KUNIT_EXPECT_EQ(test, ret, -EEXIST);
	KUNIT_EXPECT_EQ(test, sample_iommufd_nr_areas(r.imp), 0);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(domain), 1);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(r.dmabuf), 0);
	KUNIT_EXPECT_EQ(test, iommu_unmap(domain, blocker, P), P);
	rig_close(test, &r);
}

static struct kunit_case scenario_iommufd_cases[] = {
	KUNIT_CASE(test_iommufd_one_page),
	KUNIT_CASE(test_iommufd_64_pages),
	KUNIT_CASE(test_iommufd_8_pages_at_4),
	KUNIT_CASE(test_iommufd_two_areas),
	KUNIT_CASE(test_iommufd_revoke),
	KUNIT_CASE(test_iommufd_map_before_remap),
	KUNIT_CASE_PARAM(test_iommufd_bad_request, bad_request_gen_params),
	KUNIT_CASE(test_iommufd_absurd_length),
	KUNIT_CASE(test_iommufd_map_fails_half_way),
	{}
};

static struct kunit_suite scenario_iommufd_suite = {
	.name = "dma-buf-scenario-iommufd",
	.test_cases = scenario_iommufd_cases,
};

kunit_test_suite(scenario_iommufd_suite);
