// SPDX-License-Identifier: GPL-2.0
/*
 * Importers that hand their mappings back later.  invalidate_mappings's
 * contract lets a dynamic importer stop its device in the callback and unmap
 * afterwards, from its own context: the old mapping stays valid until
 * then.  So an exporter that moves or revokes must not let the memory go,
 * nor call the move or revoke done, before every mapping is back.
 *
 * The lazy importer here marks its mapping stale in invalidate_mappings and
 * leaves the unmap to a worker thread, which takes the reservation lock as
 * any importer must.  The exporters are the GPU (evicting from VRAM,
 * bringing back into VRAM) and VFIO (revoking, then turning memory decode
 * off); the host's DMA and IOMMU models report memory that goes while a
 * device still reaches it.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <pthread.h>
#include <unistd.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"
#include "scenario-harness.h"

#define LAZY_DOMAIN	0x34
#define LAZY_IOVA	SZ_1M

enum lazy_kind { LAZY_SGT, LAZY_PAL };

/**
 * struct lazy_importer - a dynamic importer that unmaps from a worker
 * @kind: SGT, or PAL mapping the list's first page into @domain
 * @dmabuf: the buffer
 * @attach: the attachment
 * @domain: for PAL, the IOMMU domain it owns
 * @sgt: the SGT mapping, reservation lock
 * @phys: the PAL list, reservation lock
 * @stale: told to stop using it, not unmapped yet; reservation lock
 * @lazy_unmaps: unmaps the worker did; reservation lock
 * @worker: the thread
 * @lock: protects @kick and @stop
 * @cond: wakes the worker
 * @kick: there is something to unmap
 * @stop: the worker is to exit
 */
struct lazy_importer {
	enum lazy_kind kind;
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct iommu_domain *domain;
	struct sg_table *sgt;
	struct dma_buf_phys_list *phys;
	bool stale;
	unsigned int lazy_unmaps;
	pthread_t worker;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool kick, stop;
};

/* Reservation lock held. */
static void lazy_unmap_locked(struct lazy_importer *imp)
{
	if (imp->sgt) {
		dma_buf_sgt_unmap_attachment(imp->attach, imp->sgt,
					     DMA_BIDIRECTIONAL);
		imp->sgt = NULL;
	}
	if (imp->phys) {
		iommu_unmap(imp->domain, LAZY_IOVA, PAGE_SIZE);
		dma_buf_pal_unmap_phys(imp->attach, imp->phys);
		imp->phys = NULL;
	}
	imp->stale = false;
}

static void lazy_invalidate(struct dma_buf_attachment *attach)
{
	struct lazy_importer *imp = attach->importer_priv;

	dma_resv_assert_held(attach->dmabuf->resv);
	if (!imp->sgt && !imp->phys)
		return;
	/* The device stops using the mapping now; the unmap comes later. */
	imp->stale = true;
	pthread_mutex_lock(&imp->lock);
	imp->kick = true;
	pthread_cond_signal(&imp->cond);
	pthread_mutex_unlock(&imp->lock);
}

static const struct dma_buf_attach_ops lazy_attach_ops = {
	.allow_peer2peer = true,
	.invalidate_mappings = lazy_invalidate,
};

static void *lazy_worker(void *arg)
{
	struct lazy_importer *imp = arg;
	bool stop;

	for (;;) {
		pthread_mutex_lock(&imp->lock);
		while (!imp->kick && !imp->stop)
			pthread_cond_wait(&imp->cond, &imp->lock);
		stop = imp->stop;
		imp->kick = false;
		pthread_mutex_unlock(&imp->lock);
		if (stop)
			return NULL;
		/* Some time later, in its own context. */
		usleep(2000);
		dma_resv_lock(imp->dmabuf->resv, NULL);
		if (imp->stale) {
			lazy_unmap_locked(imp);
			imp->lazy_unmaps++;
		}
		dma_resv_unlock(imp->dmabuf->resv);
	}
}

static int lazy_attach(struct lazy_importer *imp, enum lazy_kind kind,
		       struct dma_buf *dmabuf, struct device *dev,
		       struct iommu_domain *domain)
{
	struct dma_buf_mapping_match pal = DMA_BUF_IMAPPING_PAL();

	memset(imp, 0, sizeof(*imp));
	imp->kind = kind;
	imp->dmabuf = dmabuf;
	imp->domain = domain;
	if (kind == LAZY_PAL)
		imp->attach = dma_buf_mapping_attach(dmabuf, &pal, 1,
						     &lazy_attach_ops, imp);
	else
		imp->attach = dma_buf_sgt_dynamic_attach(dmabuf, dev,
							 &lazy_attach_ops,
							 imp);
	if (IS_ERR(imp->attach))
		return PTR_ERR(imp->attach);
	pthread_mutex_init(&imp->lock, NULL);
	pthread_cond_init(&imp->cond, NULL);
	if (pthread_create(&imp->worker, NULL, lazy_worker, imp))
		host_bug(__FILE__, __LINE__, "lazy importer: no thread");
	return 0;
}

static int lazy_map(struct lazy_importer *imp)
{
	struct dma_buf_phys_list *phys;
	struct sg_table *sgt;
	int ret = 0;

	dma_resv_lock(imp->dmabuf->resv, NULL);
	if (imp->sgt || imp->phys) {
		/* The old one is not back yet. */
		ret = -EBUSY;
	} else if (imp->kind == LAZY_SGT) {
		sgt = dma_buf_sgt_map_attachment(imp->attach,
						 DMA_BIDIRECTIONAL);
		if (IS_ERR(sgt))
			ret = PTR_ERR(sgt);
		else
			imp->sgt = sgt;
	} else {
		phys = dma_buf_pal_map_phys(imp->attach);
		if (IS_ERR(phys)) {
			ret = PTR_ERR(phys);
		} else {
			imp->phys = phys;
			ret = iommu_map(imp->domain, LAZY_IOVA,
					phys->phys[0].paddr, PAGE_SIZE,
					IOMMU_READ | IOMMU_WRITE | IOMMU_MMIO,
					GFP_KERNEL);
			if (ret) {
				dma_buf_pal_unmap_phys(imp->attach, phys);
				imp->phys = NULL;
			}
		}
	}
	dma_resv_unlock(imp->dmabuf->resv);
	return ret;
}

static unsigned int lazy_unmaps(struct lazy_importer *imp)
{
	unsigned int n;

	dma_resv_lock(imp->dmabuf->resv, NULL);
	n = imp->lazy_unmaps;
	dma_resv_unlock(imp->dmabuf->resv);
	return n;
}

static void lazy_detach(struct lazy_importer *imp)
{
	pthread_mutex_lock(&imp->lock);
	imp->stop = true;
	pthread_cond_signal(&imp->cond);
	pthread_mutex_unlock(&imp->lock);
	pthread_join(imp->worker, NULL);
	dma_resv_lock(imp->dmabuf->resv, NULL);
	lazy_unmap_locked(imp);
	dma_resv_unlock(imp->dmabuf->resv);
	dma_buf_detach(imp->dmabuf, imp->attach);
	pthread_cond_destroy(&imp->cond);
	pthread_mutex_destroy(&imp->lock);
}

/*
 * An importer maps a BAR range and unmaps lazily.  Each revoke returns
 * only once its mapping is gone, before memory decode goes off; after an
 * un-revoke it maps again, and the next revoke waits again.  The SGT
 * importer is the NIC, through the host bridge and its IOMMU; the PAL
 * importer maps the BAR into its own domain.
 */
static void lazy_revoke_cycle(struct kunit *test, enum scn_layout layout,
			      enum lazy_kind kind)
{
	static const struct sample_vfio_range range = { 0, 4 * PAGE_SIZE };
	struct iommu_domain *mapped;
	struct lazy_importer imp;
	struct dma_buf *dmabuf;
	struct scn_machine m;
	int ret;

	scn_machine_build(&m, layout, true, LAZY_DOMAIN);
	dmabuf = sample_vfio_export(m.vfio, 2, &range, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	if (kind == LAZY_SGT) {
		mapped = m.dma_domain[SCN_NIC];
		ret = lazy_attach(&imp, kind, dmabuf, &m.pdev[SCN_NIC]->dev,
				  NULL);
	} else {
		mapped = m.vm_domain;
		ret = lazy_attach(&imp, kind, dmabuf, NULL, m.vm_domain);
	}
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_EQ(test, lazy_map(&imp), 0);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(mapped), 1);

	sample_vfio_revoke(m.vfio, true);
	KUNIT_EXPECT_EQ(test, lazy_unmaps(&imp), 1);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(dmabuf), 0);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(mapped), 0);
	KUNIT_EXPECT_EQ(test, lazy_map(&imp), -ENODEV);

	sample_vfio_revoke(m.vfio, false);
	KUNIT_EXPECT_EQ(test, lazy_map(&imp), 0);
	sample_vfio_revoke(m.vfio, true);
	KUNIT_EXPECT_EQ(test, lazy_unmaps(&imp), 2);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(dmabuf), 0);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(mapped), 0);

	lazy_detach(&imp);
	dma_buf_put(dmabuf);
	flush_delayed_fput();
	scn_machine_destroy(&m);
}

static void test_vfio_revoke_lazy_sgt(struct kunit *test)
{
	lazy_revoke_cycle(test, SCN_ROOT_PORTS_ZEN, LAZY_SGT);
}

static void test_vfio_revoke_lazy_pal(struct kunit *test)
{
	lazy_revoke_cycle(test, SCN_SAME_SWITCH, LAZY_PAL);
}

/*
 * GPU1 maps GPU0's buffer in VRAM and unmaps lazily; the GPU evicts the
 * buffer.  The eviction is done, and the VRAM free for other use, only
 * once GPU1's table is back.
 */
static void test_gpu_evict_lazy(struct kunit *test)
{
	struct lazy_importer gpu1;
	struct dma_buf *bo;
	struct scn_machine m;

	scn_machine_build_demo(&m);
	bo = sample_gpu_bo_export(m.gpu[0], SCN_BUF_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bo);
	KUNIT_ASSERT_EQ(test, lazy_attach(&gpu1, LAZY_SGT, bo,
					  &m.pdev[SCN_GPU1]->dev, NULL), 0);
	KUNIT_ASSERT_EQ(test, lazy_map(&gpu1), 0);
	KUNIT_EXPECT_TRUE(test, sample_gpu_bo_in_vram(bo));

	KUNIT_EXPECT_EQ(test, sample_gpu_bo_migrate(bo, false), 0);
	KUNIT_EXPECT_EQ(test, lazy_unmaps(&gpu1), 1);
	KUNIT_EXPECT_FALSE(test, sample_gpu_bo_in_vram(bo));

	/* Nothing maps the system copy: GPU1's next map brings it back. */
	KUNIT_EXPECT_EQ(test, lazy_map(&gpu1), 0);
	KUNIT_EXPECT_TRUE(test, sample_gpu_bo_in_vram(bo));
	KUNIT_EXPECT_EQ(test, sample_gpu_bo_migrations(bo), 2);

	lazy_detach(&gpu1);
	dma_buf_put(bo);
	flush_delayed_fput();
	scn_machine_destroy(&m);
}

/*
 * GPU1 maps GPU0's buffer in VRAM and unmaps lazily; the NIC, which cannot
 * reach VRAM, maps it and so moves it to system memory.  An eviction
 * asked for after that has nothing to move, but VRAM is free for other
 * use only once GPU1's table is back.
 */
static void test_gpu_evict_after_map_lazy(struct kunit *test)
{
	struct lazy_importer gpu1;
	struct sample_rdma_mr *nic;
	struct dma_buf *bo;
	struct scn_machine m;

	scn_machine_build_demo(&m);
	bo = sample_gpu_bo_export(m.gpu[0], SCN_BUF_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bo);
	KUNIT_ASSERT_EQ(test, lazy_attach(&gpu1, LAZY_SGT, bo,
					  &m.pdev[SCN_GPU1]->dev, NULL), 0);
	KUNIT_ASSERT_EQ(test, lazy_map(&gpu1), 0);
	nic = sample_rdma_mr_reg(bo, &m.pdev[SCN_NIC]->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, nic);
	KUNIT_EXPECT_FALSE(test, sample_gpu_bo_in_vram(bo));

	KUNIT_EXPECT_EQ(test, sample_gpu_bo_migrate(bo, false), 0);
	KUNIT_EXPECT_EQ(test, lazy_unmaps(&gpu1), 1);
	KUNIT_EXPECT_EQ(test, sample_gpu_bo_migrations(bo), 1);

	sample_rdma_mr_dereg(nic);
	lazy_detach(&gpu1);
	dma_buf_put(bo);
	flush_delayed_fput();
	scn_machine_destroy(&m);
}

/*
 * GPU1 maps the buffer while a static importer keeps it in system memory,
 * and unmaps lazily.  When the GPU brings the buffer back into VRAM, the
 * system pages are freed only once GPU1's table of them is back.
 */
static void test_gpu_back_to_vram_lazy(struct kunit *test)
{
	struct sample_static_importer *nvme;
	struct lazy_importer gpu1;
	struct dma_buf *bo;
	struct scn_machine m;

	scn_machine_build_demo(&m);
	bo = sample_gpu_bo_export(m.gpu[0], SCN_BUF_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bo);
	nvme = sample_static_import(bo, &m.pdev[SCN_NVME]->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, nvme);
	KUNIT_ASSERT_EQ(test, lazy_attach(&gpu1, LAZY_SGT, bo,
					  &m.pdev[SCN_GPU1]->dev, NULL), 0);
	KUNIT_ASSERT_EQ(test, lazy_map(&gpu1), 0);
	KUNIT_EXPECT_FALSE(test, sample_gpu_bo_in_vram(bo));
	sample_static_release(nvme);

	KUNIT_EXPECT_EQ(test, sample_gpu_bo_migrate(bo, true), 0);
	KUNIT_EXPECT_EQ(test, lazy_unmaps(&gpu1), 1);
	KUNIT_EXPECT_TRUE(test, sample_gpu_bo_in_vram(bo));

	lazy_detach(&gpu1);
	dma_buf_put(bo);
	flush_delayed_fput();
	scn_machine_destroy(&m);
}

static struct kunit_case scenario_lazy_unmap_cases[] = {
	KUNIT_CASE(test_vfio_revoke_lazy_sgt),
	KUNIT_CASE(test_vfio_revoke_lazy_pal),
	KUNIT_CASE(test_gpu_evict_lazy),
	KUNIT_CASE(test_gpu_evict_after_map_lazy),
	KUNIT_CASE(test_gpu_back_to_vram_lazy),
	{}
};

static struct kunit_suite scenario_lazy_unmap_suite = {
	.name = "dma-buf-scenario-lazy-unmap",
	.test_cases = scenario_lazy_unmap_cases,
};

kunit_test_suite(scenario_lazy_unmap_suite);
