// SPDX-License-Identifier: GPL-2.0
/*
 * The demo's machine (make run): every row of its table asserted, the
 * bufinfo listing of its scene, and the moves and revokes behind the rows:
 * a GPU buffer leaving VRAM when a static importer arrives and coming back
 * when it is gone, a BAR revoked under a P2P importer.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <host/iommu.h>
#include <host/pci-topology.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"
#include "scenario-harness.h"

#define REVOKE_DOMAIN	0x32

static void demo_pair_desc(const struct scn_pair *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s%s%s to %s on %s",
		 scn_exporter_name(p->exp),
		 scn_exporter_on_device(p->exp) ? " on " : "",
		 scn_exporter_on_device(p->exp) ? scn_role_name(p->exp_role) :
						  "",
		 scn_importer_name(p->imp), scn_role_name(p->imp_role));
}

static const void *demo_pair_gen_params(struct kunit *test, const void *prev,
					char *desc)
{
	const struct scn_pair *p = prev ? (const struct scn_pair *)prev + 1 :
					  scn_demo_pairs;

	if (p >= scn_demo_pairs + scn_demo_nr_pairs)
		return NULL;
	demo_pair_desc(p, desc);
	return p;
}

static void test_demo_pair(struct kunit *test)
{
	const struct scn_pair *p = test->param_value;
	const struct scn_expect *e = &p->expect;
	struct scn_verdict *v;
	struct scn_machine m;

	v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, v);
	scn_machine_build_demo(&m);
	KUNIT_ASSERT_EQ(test, scn_run_pair(&m, p->exp, p->exp_role, p->imp,
					   p->imp_role, v), 0);
	KUNIT_EXPECT_EQ(test, v->err, e->err);
	KUNIT_EXPECT_PTR_EQ(test, v->type, e->type);
	KUNIT_EXPECT_EQ(test, v->p2p, e->p2p);
	KUNIT_EXPECT_EQ(test, v->place, e->place);
	KUNIT_EXPECT_EQ(test, v->p2p_refused, e->p2p_refused);
	KUNIT_EXPECT_STREQ(test, v->acs_fix, e->acs_fix ? e->acs_fix : "");
	if (e->p2p) {
		KUNIT_EXPECT_EQ(test, v->route, e->route);
		KUNIT_EXPECT_EQ(test, v->distance, e->distance);
	}
	if (!e->err) {
		KUNIT_EXPECT_EQ(test, v->pages, SCN_BUF_PAGES);
		KUNIT_EXPECT_EQ(test, v->bad_pages, 0);
	}
	if (test->status == KUNIT_FAILURE)
		kunit_info(test, "kernel log:\n%s", v->log);
	scn_machine_destroy(&m);
}

static void expect_line(struct kunit *test, const char *text,
			const char *line)
{
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(text, line), "no line \"%s\"",
				  line);
}

/* The scene's bufinfo: one line per attachment, with its mapping type. */
static void test_demo_bufinfo(struct kunit *test)
{
	struct scn_machine m;
	struct scn_scene s;
	char *text, line[128];

	scn_machine_build_demo(&m);
	KUNIT_ASSERT_EQ(test, scn_scene_setup(&m, &s), 0);
	text = host_seq_show(host_dma_buf_bufinfo, NULL);
	KUNIT_ASSERT_NOT_NULL(test, text);

	snprintf(line, sizeof(line), "\tDMA Mapped Scatter Gather Table: %s\n",
		 pci_name(m.pdev[SCN_NIC]));
	expect_line(test, text, line);
	snprintf(line, sizeof(line), "\tDMA Mapped Scatter Gather Table: %s\n",
		 pci_name(m.pdev[SCN_NVME]));
	expect_line(test, text, line);
	snprintf(line, sizeof(line),
		 "\tDMA Mapped Scatter Gather Table: %s (P2P distance 4)\n",
		 pci_name(m.pdev[SCN_GPU1]));
	expect_line(test, text, line);
	expect_line(test, text, "\tPhysical Address List:\n");
	expect_line(test, text, "\tsystem\t");
	expect_line(test, text, "\tgpu-vram\t");
	expect_line(test, text, "\tvfio-pci\t");
	expect_line(test, text, "Total 2 devices attached\n");
	free(text);

	/* The guest's two areas: 8 pages in its domain, one list out. */
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(m.vm_domain), 8);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(s.bar), 1);
	KUNIT_EXPECT_TRUE(test, sample_gpu_bo_in_vram(s.vram));
	scn_scene_teardown(&s);
	scn_machine_destroy(&m);
}

/*
 * GPU0's buffer is in VRAM for GPU1 (P2P).  A static importer arrives:
 * its pin moves the buffer to system memory and invalidate_mappings takes
 * GPU1's table away; GPU1 maps again and gets system memory.  Once the static
 * importer is gone, a new P2P import brings the buffer back to VRAM.
 */
static void test_gpu_migration(struct kunit *test)
{
	struct sample_static_importer *nvme;
	struct sample_rdma_mr *gpu1, *again;
	struct dma_buf *bo;
	struct scn_machine m;
	struct sg_table *sgt;

	scn_machine_build_demo(&m);
	bo = sample_gpu_bo_export(m.gpu[0], SCN_BUF_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bo);
	gpu1 = sample_rdma_mr_reg(bo, &m.pdev[SCN_GPU1]->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gpu1);
	KUNIT_EXPECT_TRUE(test, sample_gpu_bo_in_vram(bo));
	/* The bus address of the buffer's VRAM: the switch route. */
	KUNIT_EXPECT_EQ(test, sg_dma_address(sample_rdma_mr_sgt(gpu1)->sgl),
			pci_bus_address(m.pdev[SCN_GPU0], 0) +
			sample_gpu_bo_phys(bo, 0) -
			pci_resource_start(m.pdev[SCN_GPU0], 0));

	nvme = sample_static_import(bo, &m.pdev[SCN_NVME]->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, nvme);
	KUNIT_EXPECT_FALSE(test, sample_gpu_bo_in_vram(bo));
	KUNIT_EXPECT_EQ(test, sample_gpu_bo_migrations(bo), 1);
	KUNIT_EXPECT_EQ(test, sample_rdma_mr_invalidations(gpu1), 1);
	KUNIT_EXPECT_NULL(test, sample_rdma_mr_sgt(gpu1));

	/* GPU1 faults: still a P2P attachment, but system memory now. */
	KUNIT_EXPECT_EQ(test, sample_rdma_mr_fault(gpu1), 0);
	sgt = sample_rdma_mr_sgt(gpu1);
	KUNIT_ASSERT_NOT_NULL(test, sgt);
	KUNIT_EXPECT_EQ(test, host_dma_to_phys(&m.pdev[SCN_GPU1]->dev,
					       sg_dma_address(sgt->sgl)),
			sample_gpu_bo_phys(bo, 0));
	KUNIT_EXPECT_FALSE(test, sample_gpu_bo_in_vram(bo));

	sample_static_release(nvme);
	sample_rdma_mr_dereg(gpu1);
	again = sample_rdma_mr_reg(bo, &m.pdev[SCN_GPU1]->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, again);
	KUNIT_EXPECT_TRUE(test, sample_gpu_bo_in_vram(bo));
	KUNIT_EXPECT_EQ(test, sample_gpu_bo_migrations(bo), 2);
	sample_rdma_mr_dereg(again);
	dma_buf_put(bo);
	flush_delayed_fput();
	scn_machine_destroy(&m);
}

/*
 * GPU1 maps GPU0's buffer while a static importer keeps it in system
 * memory; once that importer is gone, the GPU's own work brings the buffer
 * back into VRAM.  GPU1 must be told, and give its table of the system
 * pages back, before those pages are freed.
 */
static void test_gpu_back_to_vram_under_p2p(struct kunit *test)
{
	struct sample_static_importer *nvme;
	struct sample_rdma_mr *gpu1;
	struct dma_buf *bo;
	struct scn_machine m;

	scn_machine_build_demo(&m);
	bo = sample_gpu_bo_export(m.gpu[0], SCN_BUF_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bo);
	nvme = sample_static_import(bo, &m.pdev[SCN_NVME]->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, nvme);
	gpu1 = sample_rdma_mr_reg(bo, &m.pdev[SCN_GPU1]->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gpu1);
	KUNIT_EXPECT_FALSE(test, sample_gpu_bo_in_vram(bo));
	sample_static_release(nvme);
	KUNIT_ASSERT_NOT_NULL(test, sample_rdma_mr_sgt(gpu1));

	KUNIT_EXPECT_EQ(test, sample_gpu_bo_migrate(bo, true), 0);
	KUNIT_EXPECT_TRUE(test, sample_gpu_bo_in_vram(bo));
	KUNIT_EXPECT_EQ(test, sample_rdma_mr_invalidations(gpu1), 1);
	KUNIT_EXPECT_NULL(test, sample_rdma_mr_sgt(gpu1));

	sample_rdma_mr_dereg(gpu1);
	dma_buf_put(bo);
	flush_delayed_fput();
	scn_machine_destroy(&m);
}

/*
 * GPU1 pins GPU0's buffer in VRAM.  The NIC, which cannot reach VRAM (ACS
 * redirect on its port), would need it in system memory: its map is
 * refused with -EBUSY, a static importer's pin with -EAGAIN, and the buffer
 * stays where the pin holds it.  Once unpinned, the NIC's map moves it.
 */
static void test_gpu_pinned_in_vram(struct kunit *test)
{
	struct sample_static_importer *nvme;
	struct sample_rdma_mr *gpu1, *nic;
	struct dma_buf *bo;
	struct scn_machine m;
	int ret;

	scn_machine_build_demo(&m);
	bo = sample_gpu_bo_export(m.gpu[0], SCN_BUF_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bo);
	gpu1 = sample_rdma_mr_reg(bo, &m.pdev[SCN_GPU1]->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gpu1);
	dma_resv_lock(bo->resv, NULL);
	ret = dma_buf_pin(sample_rdma_mr_attachment(gpu1));
	dma_resv_unlock(bo->resv);
	KUNIT_ASSERT_EQ(test, ret, 0);

	nic = sample_rdma_mr_reg(bo, &m.pdev[SCN_NIC]->dev);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(nic), -EBUSY);
	if (!IS_ERR(nic))
		sample_rdma_mr_dereg(nic);
	/*
	 * A static importer's map pins, and that pin cannot move the buffer
	 * either: -EAGAIN, not the -EBUSY the core warns about.
	 */
	nvme = sample_static_import(bo, &m.pdev[SCN_NVME]->dev);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(nvme), -EAGAIN);
	if (!IS_ERR(nvme))
		sample_static_release(nvme);
	KUNIT_EXPECT_TRUE(test, sample_gpu_bo_in_vram(bo));
	KUNIT_EXPECT_EQ(test, sample_gpu_bo_migrations(bo), 0);
	KUNIT_EXPECT_NOT_NULL(test, sample_rdma_mr_sgt(gpu1));

	dma_resv_lock(bo->resv, NULL);
	dma_buf_unpin(sample_rdma_mr_attachment(gpu1));
	dma_resv_unlock(bo->resv);
	nic = sample_rdma_mr_reg(bo, &m.pdev[SCN_NIC]->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, nic);
	KUNIT_EXPECT_FALSE(test, sample_gpu_bo_in_vram(bo));
	KUNIT_EXPECT_EQ(test, sample_rdma_mr_invalidations(gpu1), 1);

	sample_rdma_mr_dereg(nic);
	sample_rdma_mr_dereg(gpu1);
	dma_buf_put(bo);
	flush_delayed_fput();
	scn_machine_destroy(&m);
}

/* A BAR revoked under a P2P importer, which maps again afterwards. */
static void test_vfio_revoke_p2p(struct kunit *test)
{
	static const struct sample_vfio_range range = { 0, 4 * PAGE_SIZE };
	struct sample_rdma_mr *mr;
	struct dma_buf *dmabuf;
	struct scn_machine m;

	scn_machine_build(&m, SCN_ROOT_PORTS_ZEN, true, REVOKE_DOMAIN);
	dmabuf = sample_vfio_export(m.vfio, 2, &range, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	mr = sample_rdma_mr_reg(dmabuf, &m.pdev[SCN_NIC]->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mr);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(dmabuf), 1);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(m.dma_domain[SCN_NIC]), 1);

	sample_vfio_revoke(m.vfio, true);
	KUNIT_EXPECT_EQ(test, sample_rdma_mr_invalidations(mr), 1);
	KUNIT_EXPECT_EQ(test, sample_vfio_outstanding(dmabuf), 0);
	KUNIT_EXPECT_EQ(test, host_iommu_mapped(m.dma_domain[SCN_NIC]), 0);
	KUNIT_EXPECT_EQ(test, sample_rdma_mr_fault(mr), -ENODEV);

	sample_vfio_revoke(m.vfio, false);
	KUNIT_EXPECT_EQ(test, sample_rdma_mr_fault(mr), 0);
	KUNIT_ASSERT_NOT_NULL(test, sample_rdma_mr_sgt(mr));
	KUNIT_EXPECT_EQ(test,
			host_dma_to_phys(&m.pdev[SCN_NIC]->dev,
					 sg_dma_address(sample_rdma_mr_sgt(mr)->sgl)),
			sample_vfio_phys(dmabuf, 0));
	sample_rdma_mr_dereg(mr);
	dma_buf_put(dmabuf);
	flush_delayed_fput();
	scn_machine_destroy(&m);
}

#define NO_P2PDMA_DOMAIN	0x33

static void p2pdma_back_on(void *unused)
{
	host_pci_p2pdma_set_supported(true);
}

/*
 * A kernel without P2P DMA: pcim_p2pdma_init() fails with -EOPNOTSUPP.
 * The GPU and VFIO drivers still bind, without P2P: the GPU hands out
 * system memory, VFIO its BAR to importers that own an IOMMU, and a P2P
 * importer on the same switch gets neither VRAM nor the BAR.
 */
static void test_no_p2pdma(struct kunit *test)
{
	static const struct sample_vfio_range range = { 0, 4 * PAGE_SIZE };
	struct dma_buf_attachment *attach;
	struct sample_vfio_device *vfio;
	struct sample_gpu *gpu;
	struct iommu_domain *domain;
	struct sample_iommufd *vm;
	struct pci_dev *rp, *usp, *x, *nic;
	struct host_pci_topo *topo;
	struct sample_rdma_mr *mr;
	struct dma_buf *dmabuf;

	host_pci_p2pdma_set_supported(false);
	KUNIT_ASSERT_EQ(test, kunit_add_action(test, p2pdma_back_on, NULL), 0);
	topo = host_pci_topo_create(NO_P2PDMA_DOMAIN);
	rp = host_pci_root_port(host_pci_host_bridge(topo, 0x1022, 0x1480),
				0x1022, 0x1483);
	usp = host_pci_switch_up(rp);
	x = host_pci_endpoint(host_pci_switch_down(usp), 0x10de, 0x2330);
	nic = host_pci_endpoint(host_pci_switch_down(usp), 0x15b3, 0x1021);
	host_pci_set_bar(x, 0, 0x4000000000ULL, 1ULL << 30);
	host_pci_set_bar(x, 2, 0x3800000000ULL, 1ULL << 26);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(&nic->dev,
							   DMA_BIT_MASK(64)),
			0);

	gpu = sample_gpu_probe(x, 0);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, gpu);
	if (!IS_ERR(gpu)) {
		dmabuf = sample_gpu_bo_export(gpu, 4 * PAGE_SIZE);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
		mr = sample_rdma_mr_reg(dmabuf, &nic->dev);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mr);
		attach = sample_rdma_mr_attachment(mr);
		KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(attach));
		KUNIT_EXPECT_FALSE(test, sample_gpu_bo_in_vram(dmabuf));
		sample_rdma_mr_dereg(mr);
		dma_buf_put(dmabuf);
		flush_delayed_fput();
		sample_gpu_remove(gpu);
	}

	vfio = sample_vfio_open(x);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, vfio);
	if (!IS_ERR(vfio)) {
		dmabuf = sample_vfio_export(vfio, 2, &range, 1);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
		mr = sample_rdma_mr_reg(dmabuf, &nic->dev);
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(mr), -EINVAL);
		domain = host_iommu_domain_alloc(SZ_1M, DMA_BIT_MASK(48));
		vm = sample_iommufd_attach(dmabuf, domain);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
		KUNIT_EXPECT_EQ(test, sample_iommufd_map(vm, 0, 4 * PAGE_SIZE),
				0);
		KUNIT_EXPECT_EQ(test, host_iommu_mapped(domain), 4);
		sample_iommufd_detach(vm);
		host_iommu_domain_free(domain);
		dma_buf_put(dmabuf);
		flush_delayed_fput();
		sample_vfio_close(vfio);
	}
	host_pci_topo_destroy(topo);
}

static struct kunit_case scenario_machine_cases[] = {
	KUNIT_CASE_PARAM(test_demo_pair, demo_pair_gen_params),
	KUNIT_CASE(test_demo_bufinfo),
	KUNIT_CASE(test_gpu_migration),
	KUNIT_CASE(test_gpu_back_to_vram_under_p2p),
	KUNIT_CASE(test_gpu_pinned_in_vram),
	KUNIT_CASE(test_vfio_revoke_p2p),
	KUNIT_CASE(test_no_p2pdma),
	{}
};

static struct kunit_suite scenario_machine_suite = {
	.name = "dma-buf-scenario-machine",
	.test_cases = scenario_machine_cases,
};

kunit_test_suite(scenario_machine_suite);
