// SPDX-License-Identifier: GPL-2.0
/*
 * The host is a test double of the kernel: these cases check that it fails
 * where the kernel's debugging would.  A lock assertion by a thread that
 * does not hold the lock (lockdep), and DMA API misuse (dma-debug), WARN,
 * freeing memory a device still has mapped and turning off the MMIO it
 * has mapped included.  And the IOMMU and synchronisation primitives
 * behave as the kernel's.  It does not fail what the kernel allows: a
 * case may end with a dma-buf release still pending, which the kernel's
 * workqueue runs.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/file.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <host/pci-topology.h>
#include <pthread.h>

struct holder {
	struct dma_resv *resv;
	pthread_barrier_t held, done;
};

/* Holds the lock while the test asserts it from another thread. */
static void *hold_the_lock(void *arg)
{
	struct holder *h = arg;

	dma_resv_lock(h->resv, NULL);
	pthread_barrier_wait(&h->held);
	pthread_barrier_wait(&h->done);
	dma_resv_unlock(h->resv);
	return NULL;
}

static void test_resv_assert_needs_the_owner(struct kunit *test)
{
	struct dma_resv resv;
	struct holder h = { .resv = &resv };
	pthread_t t;

	dma_resv_init(&resv);
	KUNIT_HOST_EXPECT_WARN(test, dma_resv_assert_held(&resv));

	dma_resv_lock(&resv, NULL);
	dma_resv_assert_held(&resv);	/* no WARN: this thread holds it */
	dma_resv_unlock(&resv);

	/* Held, but by another thread: still a WARN. */
	pthread_barrier_init(&h.held, NULL, 2);
	pthread_barrier_init(&h.done, NULL, 2);
	KUNIT_ASSERT_EQ(test, pthread_create(&t, NULL, hold_the_lock, &h), 0);
	pthread_barrier_wait(&h.held);
	KUNIT_HOST_EXPECT_WARN(test, dma_resv_assert_held(&resv));
	pthread_barrier_wait(&h.done);
	pthread_join(t, NULL);
	pthread_barrier_destroy(&h.held);
	pthread_barrier_destroy(&h.done);
	dma_resv_fini(&resv);
}

static void test_dma_api_misuse(struct kunit *test)
{
	struct device *dev = host_device_alloc("dma-misuse");
	dma_addr_t dma;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	/* No DMA mask yet: the kernel warns and refuses. */
	KUNIT_HOST_EXPECT_WARN(test,
		dma = dma_map_resource(dev, 0x80000000, PAGE_SIZE,
				       DMA_TO_DEVICE, 0));
	KUNIT_EXPECT_EQ(test, dma, DMA_MAPPING_ERROR);

	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(dev,
							   DMA_BIT_MASK(64)), 0);
	dma = dma_map_resource(dev, 0x80000000, 2 * PAGE_SIZE, DMA_TO_DEVICE,
			       0);
	KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
	/* Wrong size, then a double unmap: dma-debug's two complaints. */
	KUNIT_HOST_EXPECT_WARN(test, dma_unmap_resource(dev, dma, PAGE_SIZE,
							DMA_TO_DEVICE, 0));
	KUNIT_HOST_EXPECT_WARN(test, dma_unmap_resource(dev, dma, PAGE_SIZE,
							DMA_TO_DEVICE, 0));
	host_device_put(dev);
}

/*
 * Released buffers, counted in static memory: the release of the first
 * case below runs after that case, when its test-managed memory is gone.
 */
static unsigned int pending_releases;

static void pending_release(struct dma_buf *dmabuf)
{
	pending_releases++;
}

static struct sg_table *pending_map(struct dma_buf_attachment *attach,
				    enum dma_data_direction dir)
{
	return ERR_PTR(-EIO);
}

static void pending_unmap(struct dma_buf_attachment *attach,
			  struct sg_table *sgt, enum dma_data_direction dir)
{
}

static const struct dma_buf_ops pending_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(pending_map, pending_unmap),
	.release = pending_release,
};

/*
 * A case runs in a kernel thread, so its last dma_buf_put() leaves the
 * release to delayed fput work.  The case may end there: that is not a
 * leak, the workqueue releases the buffer.
 */
static void test_release_pending_at_case_end(struct kunit *test)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;

	exp_info.ops = &pending_ops;
	exp_info.size = PAGE_SIZE;
	exp_info.priv = &pending_releases;
	pending_releases = 0;
	dmabuf = dma_buf_export(&exp_info);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	dma_buf_put(dmabuf);
	/* Deferred, not dropped: a case that counts releases must flush. */
	KUNIT_EXPECT_EQ(test, pending_releases, 0);
}

/* The previous case's buffer was released once that case ended. */
static void test_release_ran_after_case_end(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, pending_releases, 1);
	flush_delayed_fput();
	KUNIT_EXPECT_EQ(test, pending_releases, 1);
}

/* A page freed while mapped for DMA: the device may write into it. */
static void test_free_mapped_page(struct kunit *test)
{
	struct device *dev = host_device_alloc("dma-free");
	struct page *page = alloc_page(GFP_KERNEL);
	struct sg_table sgt;
	dma_addr_t dma;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(dev,
							   DMA_BIT_MASK(64)), 0);
	dma = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
	KUNIT_HOST_EXPECT_WARN(test, __free_page(page));
	dma_unmap_page(dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);

	/* Through a table: each page the mapping covers. */
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, sg_alloc_table_from_pages(&sgt, &page, 1, 0,
							PAGE_SIZE, GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test, dma_map_sgtable(dev, &sgt, DMA_TO_DEVICE, 0),
			0);
	KUNIT_HOST_EXPECT_WARN(test, __free_page(page));
	dma_unmap_sgtable(dev, &sgt, DMA_TO_DEVICE, 0);
	sg_free_table(&sgt);

	/* Unmapped first: nothing to say. */
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	dma = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
	dma_unmap_page(dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
	__free_page(page);
	host_device_put(dev);
}

/* A domain its owner maps with iommu_map(), as the kernel's behaves. */
static void test_iommu_owner_api(struct kunit *test)
{
	struct iommu_domain *d = host_iommu_domain_alloc(SZ_1M, SZ_1G - 1);
	const int rw = IOMMU_READ | IOMMU_WRITE;
	int ret;

	KUNIT_EXPECT_EQ(test, d->geometry.aperture_start, SZ_1M);
	KUNIT_EXPECT_EQ(test, d->geometry.aperture_end, SZ_1G - 1);
	KUNIT_EXPECT_EQ(test, iommu_map(d, SZ_2M, 0x80000000, 2 * PAGE_SIZE,
					rw, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(d, SZ_2M + PAGE_SIZE + 8),
			0x80001008);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(d, SZ_2M + 2 * PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(d), 2);

	/* Misaligned: refused quietly.  Taken or outside: a driver bug. */
	KUNIT_EXPECT_EQ(test, iommu_map(d, SZ_2M + 8, 0x90000000, PAGE_SIZE,
					rw, GFP_KERNEL), -EINVAL);
	KUNIT_HOST_EXPECT_WARN(test, ret = iommu_map(d, SZ_2M + PAGE_SIZE,
						     0x90000000, PAGE_SIZE,
						     rw, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, ret, -EEXIST);
	KUNIT_HOST_EXPECT_WARN(test, ret = iommu_map(d, SZ_1G - PAGE_SIZE,
						     0x90000000,
						     2 * PAGE_SIZE, rw,
						     GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, ret, -ERANGE);

	/* Unmapping stops at the first hole; a page may be mapped again. */
	KUNIT_EXPECT_EQ(test, iommu_unmap(d, SZ_2M + PAGE_SIZE,
					  4 * PAGE_SIZE), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, iommu_map(d, SZ_2M + PAGE_SIZE, 0x90000000,
					PAGE_SIZE, rw, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(d, SZ_2M + PAGE_SIZE),
			0x90000000);
	KUNIT_EXPECT_EQ(test, iommu_unmap(d, SZ_2M, 2 * PAGE_SIZE),
			2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(d), 0);
	host_iommu_domain_free(d);
}

/*
 * A BAR whose memory decode goes off while a device can still reach it,
 * through the DMA API or an IOMMU domain its owner maps.
 */
static void test_mmio_gone_under_mapping(struct kunit *test)
{
	struct host_pci_topo *topo = host_pci_topo_create(0x70);
	struct iommu_domain *d = host_iommu_domain_alloc(SZ_1M, SZ_1G - 1);
	struct pci_dev *rp, *bar_dev, *dma_dev;
	phys_addr_t bar = 0x2000000000ULL;
	dma_addr_t dma;
	u16 cmd, off;

	rp = host_pci_root_port(host_pci_host_bridge(topo, 0x1022, 0x1480),
				0x1022, 0x1483);
	bar_dev = host_pci_endpoint(rp, 0x10ee, 0x903f);
	dma_dev = host_pci_endpoint(rp, 0x15b3, 0x1021);
	host_pci_set_bar(bar_dev, 2, bar, SZ_1M);
	KUNIT_ASSERT_EQ(test, pci_read_config_word(bar_dev, PCI_COMMAND, &cmd),
			PCIBIOS_SUCCESSFUL);
	KUNIT_EXPECT_TRUE(test, cmd & PCI_COMMAND_MEMORY);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(&dma_dev->dev,
							   DMA_BIT_MASK(64)), 0);

	dma = dma_map_resource(&dma_dev->dev, bar + PAGE_SIZE, PAGE_SIZE,
			       DMA_BIDIRECTIONAL, 0);
	KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
	KUNIT_ASSERT_EQ(test, iommu_map(d, SZ_2M, bar, PAGE_SIZE, IOMMU_READ,
					GFP_KERNEL), 0);
	off = cmd & ~PCI_COMMAND_MEMORY;
	KUNIT_HOST_EXPECT_WARNS(test, 2,
				pci_write_config_word(bar_dev, PCI_COMMAND, off));

	/* Nothing reaches the BAR any more: decode goes off quietly. */
	dma_unmap_resource(&dma_dev->dev, dma, PAGE_SIZE, DMA_BIDIRECTIONAL,
			   0);
	KUNIT_EXPECT_EQ(test, iommu_unmap(d, SZ_2M, PAGE_SIZE), PAGE_SIZE);
	pci_write_config_word(bar_dev, PCI_COMMAND, cmd);
	pci_write_config_word(bar_dev, PCI_COMMAND, off);
	host_iommu_domain_free(d);
	host_pci_topo_destroy(topo);
}

/* A device behind a fresh DMA domain, for the IOVA API cases. */
static struct device *iova_dev(struct kunit *test, const char *name,
			       struct iommu_domain **domain)
{
	struct device *dev = host_device_alloc(name);

	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(dev,
							   DMA_BIT_MASK(48)), 0);
	*domain = host_iommu_domain_alloc(SZ_1M, DMA_BIT_MASK(48));
	host_dma_set_domain(dev, *domain);
	return dev;
}

static void iova_dev_put(struct device *dev, struct iommu_domain *domain)
{
	host_dma_set_domain(dev, NULL);
	host_iommu_domain_free(domain);
	host_device_put(dev);
}

/* The IOVA API as Linux 7.3's: one range, linked piece by piece. */
static void test_iova_api(struct kunit *test)
{
	struct host_dma_counts before, after;
	struct iommu_domain *domain;
	struct dma_iova_state state, direct_state = { 1, 1 };
	struct device *dev = iova_dev(test, "iova", &domain);
	struct device *direct = host_device_alloc("iova-direct");
	phys_addr_t a = 0x4000000000ULL, b = 0x5000000000ULL;

	KUNIT_ASSERT_NOT_NULL(test, direct);
	host_dma_counts(&before);
	/* Direct-mapped: no range, a zeroed state. */
	KUNIT_EXPECT_FALSE(test, dma_iova_try_alloc(direct, &direct_state, 0,
						    SZ_1M));
	KUNIT_EXPECT_EQ(test, direct_state.addr, 0);
	KUNIT_EXPECT_FALSE(test, dma_use_iova(&direct_state));

	KUNIT_ASSERT_TRUE(test, dma_iova_try_alloc(dev, &state, 0,
						   3 * PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, dma_use_iova(&state));
	KUNIT_EXPECT_EQ(test, dma_iova_size(&state), 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(domain), 1);
	KUNIT_EXPECT_EQ(test, dma_iova_link(dev, &state, a, 0, PAGE_SIZE,
					    DMA_TO_DEVICE, DMA_ATTR_MMIO), 0);
	KUNIT_EXPECT_EQ(test, dma_iova_link(dev, &state, b, PAGE_SIZE,
					    2 * PAGE_SIZE, DMA_TO_DEVICE,
					    DMA_ATTR_MMIO), 0);
	KUNIT_EXPECT_EQ(test, dma_iova_sync(dev, &state, 0, 3 * PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, host_dma_to_phys(dev, state.addr + 5), a + 5);
	KUNIT_EXPECT_EQ(test, host_dma_to_phys(dev, state.addr + PAGE_SIZE),
			b);
	KUNIT_EXPECT_EQ(test, host_dma_to_phys(dev, state.addr +
					       3 * PAGE_SIZE - 1),
			b + 2 * PAGE_SIZE - 1);

	/* Unlink the second, link it again elsewhere, then destroy. */
	dma_iova_unlink(dev, &state, PAGE_SIZE, 2 * PAGE_SIZE, DMA_TO_DEVICE,
			DMA_ATTR_MMIO);
	KUNIT_EXPECT_EQ(test, host_dma_to_phys(dev, state.addr + PAGE_SIZE),
			DMA_MAPPING_ERROR);
	KUNIT_EXPECT_EQ(test, dma_iova_link(dev, &state, a + PAGE_SIZE,
					    PAGE_SIZE, PAGE_SIZE,
					    DMA_TO_DEVICE, DMA_ATTR_MMIO), 0);
	KUNIT_EXPECT_EQ(test, host_dma_live(), 1);
	dma_iova_destroy(dev, &state, 2 * PAGE_SIZE, DMA_TO_DEVICE,
			 DMA_ATTR_MMIO);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(domain), 0);
	KUNIT_EXPECT_EQ(test, host_dma_live(), 0);

	/* Nothing linked: destroy with 0 only frees. */
	KUNIT_ASSERT_TRUE(test, dma_iova_try_alloc(dev, &state, 0, SZ_1M));
	dma_iova_destroy(dev, &state, 0, DMA_TO_DEVICE, 0);

	/* Starting inside a page: at offset 0 only, as the kernel says. */
	KUNIT_ASSERT_TRUE(test, dma_iova_try_alloc(dev, &state, a + 0x100,
						   2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, state.addr & (PAGE_SIZE - 1), 0x100);
	KUNIT_EXPECT_EQ(test, dma_iova_link(dev, &state, a + 0x100, 0,
					    PAGE_SIZE, DMA_FROM_DEVICE, 0), 0);
	KUNIT_EXPECT_EQ(test, host_dma_to_phys(dev, state.addr), a + 0x100);
	KUNIT_HOST_EXPECT_WARN(test,
		KUNIT_EXPECT_EQ(test, dma_iova_link(dev, &state, b + 0x100,
						    PAGE_SIZE, PAGE_SIZE,
						    DMA_FROM_DEVICE, 0),
				-EIO));
	dma_iova_destroy(dev, &state, PAGE_SIZE, DMA_FROM_DEVICE, 0);

	host_dma_counts(&after);
	KUNIT_EXPECT_EQ(test, after.iova_try_allocs - before.iova_try_allocs,
			4);
	KUNIT_EXPECT_EQ(test, after.iova_allocs - before.iova_allocs, 3);
	KUNIT_EXPECT_EQ(test, after.iova_links - before.iova_links, 5);
	KUNIT_EXPECT_EQ(test, after.iova_syncs - before.iova_syncs, 1);
	KUNIT_EXPECT_EQ(test, after.iova_unlinks - before.iova_unlinks, 3);
	KUNIT_EXPECT_EQ(test, after.iova_frees - before.iova_frees, 3);
	KUNIT_EXPECT_EQ(test, after.iova_live, before.iova_live);
	host_device_put(direct);
	iova_dev_put(dev, domain);
}

/* What the kernel's WARN_ON_ONCE()s and dma-debug would say, and more. */
static void test_iova_misuse(struct kunit *test)
{
	struct iommu_domain *domain;
	struct device *dev = iova_dev(test, "iova-misuse", &domain);
	struct device *direct = host_device_alloc("iova-misuse-direct");
	struct dma_iova_state state, copy, none = { };
	phys_addr_t a = 0x4000000000ULL;
	unsigned long mark;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, direct);
	KUNIT_HOST_EXPECT_WARN(test,
		KUNIT_EXPECT_FALSE(test, dma_iova_try_alloc(dev, &state, 0,
							    0)));
	KUNIT_ASSERT_TRUE(test, dma_iova_try_alloc(dev, &state, 0,
						   4 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, dma_iova_link(dev, &state, a, PAGE_SIZE,
					    2 * PAGE_SIZE, DMA_TO_DEVICE,
					    DMA_ATTR_MMIO), 0);
	/* Past the end, over what is linked, a sync past the end. */
	KUNIT_HOST_EXPECT_WARN(test,
		ret = dma_iova_link(dev, &state, a, 3 * PAGE_SIZE,
				    2 * PAGE_SIZE, DMA_TO_DEVICE,
				    DMA_ATTR_MMIO));
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_HOST_EXPECT_WARN(test,
		ret = dma_iova_link(dev, &state, a, 2 * PAGE_SIZE,
				    PAGE_SIZE, DMA_TO_DEVICE, DMA_ATTR_MMIO));
	KUNIT_EXPECT_EQ(test, ret, -EEXIST);
	KUNIT_HOST_EXPECT_WARN(test,
		ret = dma_iova_sync(dev, &state, PAGE_SIZE, 4 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);

	/* A length other than what was linked: reported once, undone. */
	KUNIT_HOST_EXPECT_WARN(test,
		dma_iova_unlink(dev, &state, PAGE_SIZE, PAGE_SIZE,
				DMA_TO_DEVICE, DMA_ATTR_MMIO));
	KUNIT_EXPECT_EQ(test, host_dma_to_phys(dev, state.addr + PAGE_SIZE),
			DMA_MAPPING_ERROR);
	KUNIT_EXPECT_EQ(test, dma_iova_link(dev, &state, a, 0, 3 * PAGE_SIZE,
					    DMA_TO_DEVICE, DMA_ATTR_MMIO), 0);
	KUNIT_HOST_EXPECT_WARN(test,
		dma_iova_destroy(dev, &state, 2 * PAGE_SIZE, DMA_TO_DEVICE,
				 DMA_ATTR_MMIO));
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(domain), 0);

	/* Destroyed twice; used after; a state never allocated. */
	KUNIT_HOST_EXPECT_WARN(test,
		dma_iova_destroy(dev, &state, 0, DMA_TO_DEVICE, 0));
	KUNIT_HOST_EXPECT_WARN(test,
		ret = dma_iova_link(dev, &state, a, 0, PAGE_SIZE,
				    DMA_TO_DEVICE, 0));
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_HOST_EXPECT_WARN(test, dma_iova_free(dev, &none));

	/* Freed with a range still linked. */
	KUNIT_ASSERT_TRUE(test, dma_iova_try_alloc(dev, &state, 0, SZ_64K));
	KUNIT_EXPECT_EQ(test, dma_iova_link(dev, &state, a, 0, PAGE_SIZE,
					    DMA_BIDIRECTIONAL, 0), 0);
	KUNIT_HOST_EXPECT_WARN(test, dma_iova_free(dev, &state));
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(domain), 0);

	/* Another direction than linked with. */
	KUNIT_ASSERT_TRUE(test, dma_iova_try_alloc(dev, &state, 0, SZ_64K));
	KUNIT_EXPECT_EQ(test, dma_iova_link(dev, &state, a, 0, PAGE_SIZE,
					    DMA_TO_DEVICE, 0), 0);
	KUNIT_HOST_EXPECT_WARN(test,
		dma_iova_destroy(dev, &state, PAGE_SIZE, DMA_FROM_DEVICE, 0));

	/* A device not behind an IOMMU. */
	copy = (struct dma_iova_state){ SZ_2M, SZ_64K };
	KUNIT_HOST_EXPECT_WARN(test,
		ret = dma_iova_link(direct, &copy, a, 0, PAGE_SIZE,
				    DMA_TO_DEVICE, 0));
	KUNIT_EXPECT_NE(test, ret, 0);
	KUNIT_HOST_EXPECT_WARN(test, dma_iova_free(direct, &copy));

	/* Still allocated at the end of a case: a leak, named. */
	mark = host_mark();
	KUNIT_ASSERT_TRUE(test, dma_iova_try_alloc(dev, &state, 0, SZ_64K));
	KUNIT_EXPECT_EQ(test, host_report_leaks(mark, NULL, NULL), 1);
	dma_iova_free(dev, &state);
	KUNIT_EXPECT_EQ(test, host_report_leaks(mark, NULL, NULL), 0);

	host_device_put(direct);
	iova_dev_put(dev, domain);
}

/* The n-th map call fails, the IOVA API's steps included. */
static void test_iova_fault_injection(struct kunit *test)
{
	struct iommu_domain *domain;
	struct device *dev = iova_dev(test, "iova-faults", &domain);
	struct dma_iova_state state;
	phys_addr_t a = 0x4000000000ULL;

	host_dma_fail_map_nth(1);
	KUNIT_EXPECT_FALSE(test, dma_iova_try_alloc(dev, &state, 0, SZ_64K));
	KUNIT_EXPECT_TRUE(test, host_dma_fail_map_fired());
	KUNIT_EXPECT_FALSE(test, dma_use_iova(&state));

	KUNIT_ASSERT_TRUE(test, dma_iova_try_alloc(dev, &state, 0, SZ_64K));
	host_dma_fail_map_nth(1);
	KUNIT_EXPECT_EQ(test, dma_iova_link(dev, &state, a, 0, PAGE_SIZE,
					    DMA_TO_DEVICE, 0), -ENOMEM);
	KUNIT_EXPECT_EQ(test, dma_iova_link(dev, &state, a, 0, PAGE_SIZE,
					    DMA_TO_DEVICE, 0), 0);
	host_dma_fail_map_nth(1);
	KUNIT_EXPECT_EQ(test, dma_iova_sync(dev, &state, 0, PAGE_SIZE),
			-ENOMEM);
	host_dma_fail_map_nth(0);
	KUNIT_EXPECT_EQ(test, dma_iova_sync(dev, &state, 0, PAGE_SIZE), 0);
	dma_iova_destroy(dev, &state, PAGE_SIZE, DMA_TO_DEVICE, 0);

	/* dma_map_phys() is a map call like the others. */
	host_dma_fail_map_nth(1);
	KUNIT_EXPECT_EQ(test, dma_map_phys(dev, a, PAGE_SIZE, DMA_TO_DEVICE,
					   DMA_ATTR_MMIO), DMA_MAPPING_ERROR);
	host_dma_fail_map_nth(0);
	iova_dev_put(dev, domain);
}

/* MMIO mapped with DMA_ATTR_MMIO, by dma_map_phys() or an IOVA link. */
static void test_mmio_gone_under_phys_and_iova(struct kunit *test)
{
	struct host_pci_topo *topo = host_pci_topo_create(0x71);
	struct iommu_domain *domain;
	struct device *iommu_dev = iova_dev(test, "iova-mmio", &domain);
	struct pci_dev *rp, *bar_dev, *dma_dev;
	phys_addr_t bar = 0x2000000000ULL;
	struct dma_iova_state state;
	dma_addr_t dma;
	u16 cmd;

	rp = host_pci_root_port(host_pci_host_bridge(topo, 0x1022, 0x1480),
				0x1022, 0x1483);
	bar_dev = host_pci_endpoint(rp, 0x10ee, 0x903f);
	dma_dev = host_pci_endpoint(rp, 0x15b3, 0x1021);
	host_pci_set_bar(bar_dev, 2, bar, SZ_1M);
	pci_read_config_word(bar_dev, PCI_COMMAND, &cmd);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(&dma_dev->dev,
							   DMA_BIT_MASK(64)), 0);

	dma = dma_map_phys(&dma_dev->dev, bar, PAGE_SIZE, DMA_TO_DEVICE,
			   DMA_ATTR_MMIO);
	KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
	KUNIT_ASSERT_TRUE(test, dma_iova_try_alloc(iommu_dev, &state, 0,
						   SZ_64K));
	KUNIT_EXPECT_EQ(test, dma_iova_link(iommu_dev, &state,
					    bar + SZ_64K, 0, SZ_64K,
					    DMA_FROM_DEVICE, DMA_ATTR_MMIO),
			0);
	KUNIT_HOST_EXPECT_WARNS(test, 2,
		pci_write_config_word(bar_dev, PCI_COMMAND,
				      cmd & ~PCI_COMMAND_MEMORY));
	pci_write_config_word(bar_dev, PCI_COMMAND, cmd);

	dma_unmap_phys(&dma_dev->dev, dma, PAGE_SIZE, DMA_TO_DEVICE,
		       DMA_ATTR_MMIO);
	dma_iova_destroy(iommu_dev, &state, SZ_64K, DMA_FROM_DEVICE,
			 DMA_ATTR_MMIO);
	pci_write_config_word(bar_dev, PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
	iova_dev_put(iommu_dev, domain);
	host_pci_topo_destroy(topo);
}

static void *complete_it(void *arg)
{
	complete(arg);
	return NULL;
}

/* complete() lets one wait through, complete_all() every one. */
static void test_completion(struct kunit *test)
{
	struct completion done;
	pthread_t t;

	init_completion(&done);
	KUNIT_EXPECT_FALSE(test, completion_done(&done));
	KUNIT_EXPECT_FALSE(test, try_wait_for_completion(&done));

	/* Signalled by another thread, before or after the wait starts. */
	KUNIT_ASSERT_EQ(test, pthread_create(&t, NULL, complete_it, &done), 0);
	wait_for_completion(&done);
	pthread_join(t, NULL);
	KUNIT_EXPECT_FALSE(test, completion_done(&done));

	/* Two complete()s are two waits. */
	complete(&done);
	complete(&done);
	KUNIT_EXPECT_TRUE(test, try_wait_for_completion(&done));
	wait_for_completion(&done);
	KUNIT_EXPECT_FALSE(test, try_wait_for_completion(&done));

	/* complete_all() until reinit_completion(). */
	complete_all(&done);
	wait_for_completion(&done);
	wait_for_completion(&done);
	KUNIT_EXPECT_TRUE(test, completion_done(&done));
	reinit_completion(&done);
	KUNIT_EXPECT_FALSE(test, completion_done(&done));
}

static struct kunit_case host_model_cases[] = {
	KUNIT_CASE(test_resv_assert_needs_the_owner),
	KUNIT_CASE(test_dma_api_misuse),
	KUNIT_CASE(test_release_pending_at_case_end),
	KUNIT_CASE(test_release_ran_after_case_end),
	KUNIT_CASE(test_free_mapped_page),
	KUNIT_CASE(test_iommu_owner_api),
	KUNIT_CASE(test_mmio_gone_under_mapping),
	KUNIT_CASE(test_iova_api),
	KUNIT_CASE(test_iova_misuse),
	KUNIT_CASE(test_iova_fault_injection),
	KUNIT_CASE(test_mmio_gone_under_phys_and_iova),
	KUNIT_CASE(test_completion),
	{}
};

static struct kunit_suite host_model_suite = {
	.name = "host-model",
	.test_cases = host_model_cases,
};

kunit_test_suite(host_model_suite);
