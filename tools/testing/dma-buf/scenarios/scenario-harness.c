// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios: machines, the sample drivers run pair by pair, verdicts.
 * See scenario-harness.h.  Not a suite: the scenario suites and the demo
 * both link it.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/scatterlist.h>
#include <host/hooks.h>
#include <host/iommu.h>
#include <host/pci-topology.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"
#include "scenario-harness.h"

/* Where the BARs are: far above the host's fake RAM (from 4 GiB up). */
#define GPU0_VRAM	0x4000000000ULL
#define GPU1_VRAM	0x4400000000ULL
#define VRAM_LEN	(16ULL << 30)
#define VFIO_BAR2	0x3800000000ULL
#define VFIO_BAR2_LEN	(64ULL << 20)
#define VRAM_BAR	0
#define VFIO_BAR	2

/* The VFIO buffer: pages 0-3 and 8-19 of BAR 2, 16 pages in all. */
static const struct sample_vfio_range scn_vfio_ranges[] = {
	{ 0, 4 * PAGE_SIZE },
	{ 8 * PAGE_SIZE, 12 * PAGE_SIZE },
};

static void scn_dma_capable(struct pci_dev *pdev)
{
	if (dma_coerce_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64)))
		host_bug(__FILE__, __LINE__, "scenario: no DMA mask");
}

/* Binds the drivers and, with an IOMMU, gives importers their domains. */
static void scn_machine_bind(struct scn_machine *m)
{
	int role;

	for (role = 0; role < SCN_VM; role++) {
		struct pci_dev *pdev = m->pdev[role];
		int prev;

		/* In test layouts one device plays several roles. */
		for (prev = 0; prev < role; prev++)
			if (m->pdev[prev] == pdev)
				break;
		if (prev < role) {
			m->dma_domain[role] = m->dma_domain[prev];
			continue;
		}
		scn_dma_capable(pdev);
		if (m->iommu) {
			m->dma_domain[role] =
				host_iommu_domain_alloc(SZ_1M, DMA_BIT_MASK(48));
			host_dma_set_domain(&pdev->dev, m->dma_domain[role]);
		}
	}
	m->vm_domain = host_iommu_domain_alloc(SZ_1M, DMA_BIT_MASK(48));

	m->gpu[0] = sample_gpu_probe(m->pdev[SCN_GPU0], VRAM_BAR);
	m->gpu[1] = m->pdev[SCN_GPU1] == m->pdev[SCN_GPU0] ? NULL :
		    sample_gpu_probe(m->pdev[SCN_GPU1], VRAM_BAR);
	m->vfio = sample_vfio_open(m->pdev[SCN_VFIO]);
	if (IS_ERR(m->gpu[0]) || IS_ERR(m->gpu[1]) || IS_ERR(m->vfio))
		host_bug(__FILE__, __LINE__, "scenario: driver probe failed");
}

/**
 * scn_machine_build - a two-device test machine
 * @m: filled in
 * @layout: where the exporting device X and the importing device Y sit
 * @iommu: Y is behind an IOMMU
 * @domain: the PCI domain to build in, not in use
 *
 * X carries VRAM in BAR 0 and a VFIO-assigned BAR 2; Y plays every
 * importer.  The host bridge is Intel 8086:29c0, not on the whitelist,
 * except with a Zen CPU, where it is AMD's.
 */
void scn_machine_build(struct scn_machine *m, enum scn_layout layout,
		       bool iommu, int domain)
{
	struct pci_dev *rp, *usp, *dsp_x, *dsp_y, *x, *y;
	struct pci_host_bridge *hb;
	bool zen = layout == SCN_ROOT_PORTS_ZEN;

	memset(m, 0, sizeof(*m));
	m->iommu = iommu;
	m->zen = zen;
	m->was_zen = host_cpu_set_amd_zen(zen);
	m->topo = host_pci_topo_create(domain);
	hb = zen ? host_pci_host_bridge(m->topo, 0x1022, 0x1480) :
		   host_pci_host_bridge(m->topo, 0x8086, 0x29c0);
	rp = zen ? host_pci_root_port(hb, 0x1022, 0x1483) :
		   host_pci_root_port(hb, 0x8086, 0x2032);
	if (layout == SCN_ROOT_PORTS_ZEN || layout == SCN_ROOT_PORTS_INTEL) {
		x = host_pci_endpoint(rp, 0x10de, 0x2330);
		rp = zen ? host_pci_root_port(hb, 0x1022, 0x1483) :
			   host_pci_root_port(hb, 0x8086, 0x2032);
		y = host_pci_endpoint(rp, 0x15b3, 0x1021);
	} else {
		usp = host_pci_switch_up(rp);
		dsp_x = host_pci_switch_down(usp);
		dsp_y = host_pci_switch_down(usp);
		x = host_pci_endpoint(dsp_x, 0x10de, 0x2330);
		y = host_pci_endpoint(dsp_y, 0x15b3, 0x1021);
		if (layout == SCN_SWITCH_ACS) {
			host_pci_set_acs(dsp_y, PCI_ACS_RR);
			m->acs_port = dsp_y;
		}
	}
	host_pci_set_bar(x, VRAM_BAR, GPU0_VRAM, VRAM_LEN);
	host_pci_set_bar(x, VFIO_BAR, VFIO_BAR2, VFIO_BAR2_LEN);
	/* One GPU driver on X; GPU1 is the same device. */
	m->pdev[SCN_GPU0] = x;
	m->pdev[SCN_GPU1] = x;
	m->pdev[SCN_VFIO] = x;
	m->pdev[SCN_NIC] = y;
	m->pdev[SCN_NVME] = y;
	scn_machine_bind(m);
}

/**
 * scn_machine_build_demo - the demo's machine
 * @m: filled in
 *
 * In PCI domain %SCN_DEMO_DOMAIN, an Intel host bridge that is not on the
 * P2P whitelist (8086:29c0) with three root ports.  The first leads to a
 * PCIe switch with two GPUs and an RDMA NIC; the BIOS enabled ACS redirect
 * on the NIC's downstream port, as many do.  The second has an NVMe drive,
 * the third a device assigned to a guest through VFIO.  Every device is
 * behind the IOMMU, and iommufd owns one more domain for the guest.
 */
void scn_machine_build_demo(struct scn_machine *m)
{
	struct pci_dev *rp, *usp, *dsp;
	struct pci_host_bridge *hb;

	memset(m, 0, sizeof(*m));
	m->iommu = true;
	m->was_zen = host_cpu_set_amd_zen(false);
	m->topo = host_pci_topo_create(SCN_DEMO_DOMAIN);
	hb = host_pci_host_bridge(m->topo, 0x8086, 0x29c0);

	rp = host_pci_root_port(hb, 0x8086, 0x2032);
	usp = host_pci_switch_up(rp);
	dsp = host_pci_switch_down(usp);
	m->pdev[SCN_GPU0] = host_pci_endpoint(dsp, 0x10de, 0x2330);
	dsp = host_pci_switch_down(usp);
	m->pdev[SCN_GPU1] = host_pci_endpoint(dsp, 0x10de, 0x2330);
	dsp = host_pci_switch_down(usp);
	m->pdev[SCN_NIC] = host_pci_endpoint(dsp, 0x15b3, 0x1021);
	host_pci_set_acs(dsp, PCI_ACS_RR);
	m->acs_port = dsp;

	rp = host_pci_root_port(hb, 0x8086, 0x2032);
	m->pdev[SCN_NVME] = host_pci_endpoint(rp, 0x144d, 0xa80a);
	rp = host_pci_root_port(hb, 0x8086, 0x2032);
	m->pdev[SCN_VFIO] = host_pci_endpoint(rp, 0x10ee, 0x903f);

	host_pci_set_bar(m->pdev[SCN_GPU0], VRAM_BAR, GPU0_VRAM, VRAM_LEN);
	host_pci_set_bar(m->pdev[SCN_GPU1], VRAM_BAR, GPU1_VRAM, VRAM_LEN);
	host_pci_set_bar(m->pdev[SCN_VFIO], VFIO_BAR, VFIO_BAR2,
			 VFIO_BAR2_LEN);
	scn_machine_bind(m);
}

/**
 * scn_machine_destroy - unbind the drivers and take the machine apart
 * @m: from scn_machine_build() or scn_machine_build_demo()
 */
void scn_machine_destroy(struct scn_machine *m)
{
	int role;

	sample_vfio_close(m->vfio);
	if (m->gpu[1])
		sample_gpu_remove(m->gpu[1]);
	sample_gpu_remove(m->gpu[0]);
	host_iommu_domain_free(m->vm_domain);
	for (role = 0; role < SCN_VM; role++) {
		int next;

		if (!m->dma_domain[role])
			continue;
		host_dma_set_domain(&m->pdev[role]->dev, NULL);
		host_iommu_domain_free(m->dma_domain[role]);
		/* Shared by later roles on the same device: free it once. */
		for (next = role + 1; next < SCN_VM; next++)
			if (m->dma_domain[next] == m->dma_domain[role])
				m->dma_domain[next] = NULL;
	}
	host_pci_topo_destroy(m->topo);
	host_cpu_set_amd_zen(m->was_zen);
}

static struct dma_buf *scn_export(struct scn_machine *m, enum scn_exporter exp,
				  enum scn_role role)
{
	size_t size = SCN_BUF_PAGES * PAGE_SIZE;

	switch (exp) {
	case SCN_EXP_HEAP:
		return sample_system_heap_alloc(size);
	case SCN_EXP_NO_ATTACH:
		return sample_no_attach_export(size);
	case SCN_EXP_GPU:
		return sample_gpu_bo_export(m->gpu[role == SCN_GPU1 ? 1 : 0],
					    size);
	case SCN_EXP_VFIO:
		return sample_vfio_export(m->vfio, VFIO_BAR, scn_vfio_ranges,
					  ARRAY_SIZE(scn_vfio_ranges));
	default:
		return ERR_PTR(-EINVAL);
	}
}

/* Where byte @off of the buffer is, according to its exporter. */
static phys_addr_t scn_exporter_phys(enum scn_exporter exp,
				     struct dma_buf *dmabuf, size_t off)
{
	switch (exp) {
	case SCN_EXP_HEAP:
		return sample_pages_dmabuf_phys(dmabuf, off);
	case SCN_EXP_GPU:
		return sample_gpu_bo_phys(dmabuf, off);
	case SCN_EXP_VFIO:
		return sample_vfio_phys(dmabuf, off);
	default:
		return DMA_MAPPING_ERROR;
	}
}

static struct pci_dev *scn_exporter_pdev(struct scn_machine *m,
					 enum scn_exporter exp,
					 enum scn_role role)
{
	if (exp == SCN_EXP_GPU)
		return m->pdev[role == SCN_GPU1 ? SCN_GPU1 : SCN_GPU0];
	if (exp == SCN_EXP_VFIO)
		return m->pdev[SCN_VFIO];
	return NULL;
}

static void scn_add_sample(struct scn_verdict *v, u64 addr, u64 len,
			   phys_addr_t phys)
{
	if (v->nr_sample < SCN_SAMPLE_NR)
		v->sample[v->nr_sample++] = (struct scn_addr){ addr, len, phys };
}

/*
 * Follows every page of an SGT from the importing device's side (bus
 * address minus the bridge's offset on the switch route, the DMA model's
 * translation otherwise) and compares with the exporter's memory.
 */
static void scn_check_sgt(struct scn_machine *m, enum scn_exporter exp,
			  enum scn_role exp_role, struct dma_buf *dmabuf,
			  struct device *dev, struct sg_table *sgt,
			  struct scn_verdict *v)
{
	struct pci_dev *pdev = scn_exporter_pdev(m, exp, exp_role);
	u64 bus_offset = 0, off = 0, k;
	struct scatterlist *sg;
	unsigned int i;

	if (pdev)
		bus_offset = pci_bus_address(pdev, exp == SCN_EXP_GPU ?
					     VRAM_BAR : VFIO_BAR) -
			     pci_resource_start(pdev, exp == SCN_EXP_GPU ?
						VRAM_BAR : VFIO_BAR);
	for_each_sgtable_dma_sg(sgt, sg, i) {
		dma_addr_t dma = sg_dma_address(sg);
		u64 len = sg_dma_len(sg);

		for (k = 0; k < len; k += PAGE_SIZE) {
			phys_addr_t got;

			if (v->p2p && v->route == PCI_P2PDMA_MAP_BUS_ADDR)
				got = dma + k - bus_offset;
			else
				got = host_dma_to_phys(dev, dma + k);
			if (!k)
				scn_add_sample(v, dma, len, got);
			v->pages++;
			if (off + k >= dmabuf->size ||
			    got != scn_exporter_phys(exp, dmabuf, off + k))
				v->bad_pages++;
		}
		off += len;
	}
	if (off != dmabuf->size)
		v->bad_pages++;
}

static void scn_check_iommufd(struct scn_machine *m, struct dma_buf *dmabuf,
			      struct sample_iommufd *imp,
			      struct scn_verdict *v)
{
	size_t page;

	for (page = 0; page < dmabuf->size / PAGE_SIZE; page++) {
		u64 iova = sample_iommufd_iova(imp, 0, page);
		phys_addr_t got = host_iommu_iova_to_phys(m->vm_domain, iova);

		scn_add_sample(v, iova, PAGE_SIZE, got);
		v->pages++;
		if (got != sample_vfio_phys(dmabuf, page * PAGE_SIZE))
			v->bad_pages++;
	}
}

/* What the SGT attachment negotiated, and where it leads. */
static void scn_note_sgt(struct scn_machine *m, enum scn_exporter exp,
			 enum scn_role exp_role, struct dma_buf *dmabuf,
			 struct dma_buf_attachment *attach,
			 struct scn_verdict *v)
{
	struct pci_dev *pdev = scn_exporter_pdev(m, exp, exp_role);
	struct p2pdma_provider *provider;

	v->type = attach->map_type.type;
	v->p2p = dma_buf_sgt_p2p_allowed(attach);
	if (v->p2p) {
		v->distance = attach->map_type.sgt_data.p2p_distance;
		provider = pcim_p2pdma_provider(pdev, exp == SCN_EXP_GPU ?
						VRAM_BAR : VFIO_BAR);
		v->route = pci_p2pdma_map_type(provider,
					       dma_buf_sgt_dma_device(attach));
	}
	if (exp == SCN_EXP_GPU) {
		v->place = sample_gpu_bo_in_vram(dmabuf) ? SCN_PLACE_VRAM :
							   SCN_PLACE_SYSTEM;
		v->migrations = sample_gpu_bo_migrations(dmabuf);
	} else {
		v->place = exp == SCN_EXP_VFIO ? SCN_PLACE_BAR :
						 SCN_PLACE_SYSTEM;
	}
}

/* Reads a refusal and an ACS fix out of @log, added to the pair's log. */
static void scn_read_log(struct scn_verdict *v, char *log)
{
	const char *fix = strstr(log, "pci=disable_acs_redir=");
	size_t len = strlen(v->log);

	if (strstr(log, "cannot be used for peer-to-peer DMA"))
		v->p2p_refused = true;
	if (fix)
		snprintf(v->acs_fix, sizeof(v->acs_fix), "%.*s",
			 (int)strcspn(fix, "\n"), fix);
	snprintf(v->log + len, sizeof(v->log) - len, "%s", log);
	free(log);
}

/*
 * The SGT P2P match is quiet, as a refused attach can be repeated at will:
 * why a P2P importer of MMIO did not get P2P is what
 * pci_p2pdma_distance() says when asked verbosely, as a tool would ask.
 */
static void scn_ask_why_not_p2p(struct scn_machine *m, enum scn_exporter exp,
				enum scn_role exp_role, struct device *dev,
				struct scn_verdict *v)
{
	struct pci_dev *pdev = scn_exporter_pdev(m, exp, exp_role);

	if (!pdev || !dev)
		return;
	host_log_capture_begin();
	pci_p2pdma_distance(pdev, dev, true);
	scn_read_log(v, host_log_capture_end());
}

/**
 * scn_run_pair - export a fresh buffer, import it, check it, let it go
 * @m: the machine
 * @exp: the exporter
 * @exp_role: the device it runs on, for the GPU (GPU0 or GPU1)
 * @imp: the importer
 * @imp_role: the device it imports for (ignored by iommufd)
 * @v: the verdict, filled in
 *
 * The importer attaches and maps as it would in a driver; iommufd maps
 * the whole buffer.  Every page of the result is translated back and
 * compared with the exporter's memory.  Everything is released, the
 * buffer included, before returning.
 *
 * Return: 0, or the error exporting failed with (not a verdict).
 */
int scn_run_pair(struct scn_machine *m, enum scn_exporter exp,
		 enum scn_role exp_role, enum scn_importer imp,
		 enum scn_role imp_role, struct scn_verdict *v)
{
	struct sample_static_importer *simp = NULL;
	struct sample_iommufd *iimp = NULL;
	struct sample_rdma_mr *mr = NULL;
	struct dma_buf *dmabuf;
	struct device *dev;
	int ret = 0;

	memset(v, 0, sizeof(*v));
	/* The guest is no PCI device: iommufd needs none. */
	dev = m->pdev[imp_role] ? &m->pdev[imp_role]->dev : NULL;
	dmabuf = scn_export(m, exp, exp_role);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);

	host_log_capture_begin();
	switch (imp) {
	case SCN_IMP_STATIC:
		simp = sample_static_import(dmabuf, dev);
		ret = PTR_ERR_OR_ZERO(simp);
		break;
	case SCN_IMP_DYNAMIC:
		mr = sample_rdma_mr_reg(dmabuf, dev);
		ret = PTR_ERR_OR_ZERO(mr);
		break;
	case SCN_IMP_IOMMUFD:
		iimp = sample_iommufd_attach(dmabuf, m->vm_domain);
		ret = PTR_ERR_OR_ZERO(iimp);
		if (!ret)
			ret = sample_iommufd_map(iimp, 0, dmabuf->size);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	scn_read_log(v, host_log_capture_end());
	v->err = ret < 0 ? ret : 0;
	if (imp == SCN_IMP_DYNAMIC &&
	    (v->err || !dma_buf_sgt_p2p_allowed(sample_rdma_mr_attachment(mr))))
		scn_ask_why_not_p2p(m, exp, exp_role, dev, v);
	if (exp == SCN_EXP_VFIO)
		v->unrevocable = sample_vfio_refused_static(dmabuf);

	if (!v->err && simp) {
		scn_note_sgt(m, exp, exp_role, dmabuf,
			     sample_static_attachment(simp), v);
		scn_check_sgt(m, exp, exp_role, dmabuf, dev,
			      sample_static_sgt(simp), v);
	} else if (!v->err && mr) {
		scn_note_sgt(m, exp, exp_role, dmabuf,
			     sample_rdma_mr_attachment(mr), v);
		scn_check_sgt(m, exp, exp_role, dmabuf, dev,
			      sample_rdma_mr_sgt(mr), v);
	} else if (!v->err && iimp) {
		v->type = sample_iommufd_attachment(iimp)->map_type.type;
		v->place = SCN_PLACE_BAR;
		scn_check_iommufd(m, dmabuf, iimp, v);
	}

	if (!IS_ERR_OR_NULL(simp))
		sample_static_release(simp);
	if (!IS_ERR_OR_NULL(mr))
		sample_rdma_mr_dereg(mr);
	if (!IS_ERR_OR_NULL(iimp))
		sample_iommufd_detach(iimp);
	dma_buf_put(dmabuf);
	flush_delayed_fput();
	return 0;
}

#define SGT	(&dma_buf_mapping_sgt_type)
#define PAL	(&dma_buf_mapping_pal_type)

/*
 * The demo's table.  The expected verdicts are written out by hand from
 * the rules; the scenario suite asserts each, and the demo prints what
 * the drivers actually did.
 */
const struct scn_pair scn_demo_pairs[] = {
	{ SCN_EXP_HEAP, SCN_VM, SCN_IMP_DYNAMIC, SCN_NIC,
	  { .type = SGT, .place = SCN_PLACE_SYSTEM } },
	{ SCN_EXP_HEAP, SCN_VM, SCN_IMP_STATIC, SCN_NVME,
	  { .type = SGT, .place = SCN_PLACE_SYSTEM } },
	{ SCN_EXP_HEAP, SCN_VM, SCN_IMP_IOMMUFD, SCN_VM,
	  { .err = -EINVAL } },
	{ SCN_EXP_NO_ATTACH, SCN_VM, SCN_IMP_STATIC, SCN_NVME,
	  { .err = -EOPNOTSUPP } },
	{ SCN_EXP_GPU, SCN_GPU0, SCN_IMP_DYNAMIC, SCN_GPU1,
	  { .type = SGT, .p2p = true, .route = PCI_P2PDMA_MAP_BUS_ADDR,
	    .distance = 4, .place = SCN_PLACE_VRAM } },
	{ SCN_EXP_GPU, SCN_GPU1, SCN_IMP_DYNAMIC, SCN_GPU0,
	  { .type = SGT, .p2p = true, .route = PCI_P2PDMA_MAP_BUS_ADDR,
	    .distance = 4, .place = SCN_PLACE_VRAM } },
	{ SCN_EXP_GPU, SCN_GPU0, SCN_IMP_DYNAMIC, SCN_NIC,
	  { .type = SGT, .place = SCN_PLACE_SYSTEM, .p2p_refused = true,
	    .acs_fix = "pci=disable_acs_redir=0001:02:02.0" } },
	{ SCN_EXP_GPU, SCN_GPU0, SCN_IMP_DYNAMIC, SCN_NVME,
	  { .type = SGT, .place = SCN_PLACE_SYSTEM, .p2p_refused = true } },
	{ SCN_EXP_GPU, SCN_GPU0, SCN_IMP_STATIC, SCN_NVME,
	  { .type = SGT, .place = SCN_PLACE_SYSTEM } },
	{ SCN_EXP_GPU, SCN_GPU0, SCN_IMP_IOMMUFD, SCN_VM,
	  { .err = -EINVAL } },
	{ SCN_EXP_VFIO, SCN_VFIO, SCN_IMP_IOMMUFD, SCN_VM,
	  { .type = PAL, .place = SCN_PLACE_BAR } },
	{ SCN_EXP_VFIO, SCN_VFIO, SCN_IMP_DYNAMIC, SCN_NIC,
	  { .err = -EINVAL, .p2p_refused = true } },
	{ SCN_EXP_VFIO, SCN_VFIO, SCN_IMP_STATIC, SCN_NVME,
	  { .err = -EOPNOTSUPP } },
};

const size_t scn_demo_nr_pairs = ARRAY_SIZE(scn_demo_pairs);

/**
 * scn_scene_setup - several buffers shared at once on the demo machine
 * @m: the demo machine
 * @s: filled in
 *
 * Return: 0, or the first error; nothing is left behind on error.
 */
int scn_scene_setup(struct scn_machine *m, struct scn_scene *s)
{
	int ret;

	memset(s, 0, sizeof(*s));
	s->heap = sample_system_heap_alloc(SCN_BUF_PAGES * PAGE_SIZE);
	s->vram = sample_gpu_bo_export(m->gpu[0], SCN_BUF_PAGES * PAGE_SIZE);
	s->bar = sample_vfio_export(m->vfio, VFIO_BAR, scn_vfio_ranges,
				    ARRAY_SIZE(scn_vfio_ranges));
	if (IS_ERR(s->heap) || IS_ERR(s->vram) || IS_ERR(s->bar)) {
		ret = -ENOMEM;
		goto err_teardown;
	}
	s->heap_nic = sample_rdma_mr_reg(s->heap, &m->pdev[SCN_NIC]->dev);
	s->heap_nvme = sample_static_import(s->heap, &m->pdev[SCN_NVME]->dev);
	s->vram_gpu1 = sample_rdma_mr_reg(s->vram, &m->pdev[SCN_GPU1]->dev);
	s->bar_vm = sample_iommufd_attach(s->bar, m->vm_domain);
	if (IS_ERR(s->heap_nic) || IS_ERR(s->heap_nvme) ||
	    IS_ERR(s->vram_gpu1) || IS_ERR(s->bar_vm)) {
		ret = -EINVAL;
		goto err_teardown;
	}
	/* The guest maps the first and the last four pages. */
	if (sample_iommufd_map(s->bar_vm, 0, 4 * PAGE_SIZE) < 0 ||
	    sample_iommufd_map(s->bar_vm, 12 * PAGE_SIZE, 4 * PAGE_SIZE) < 0) {
		ret = -EINVAL;
		goto err_teardown;
	}
	return 0;

err_teardown:
	scn_scene_teardown(s);
	return ret;
}

/**
 * scn_scene_teardown - let everything of a scene go
 * @s: from scn_scene_setup(), complete or not
 */
void scn_scene_teardown(struct scn_scene *s)
{
	if (!IS_ERR_OR_NULL(s->bar_vm))
		sample_iommufd_detach(s->bar_vm);
	if (!IS_ERR_OR_NULL(s->vram_gpu1))
		sample_rdma_mr_dereg(s->vram_gpu1);
	if (!IS_ERR_OR_NULL(s->heap_nvme))
		sample_static_release(s->heap_nvme);
	if (!IS_ERR_OR_NULL(s->heap_nic))
		sample_rdma_mr_dereg(s->heap_nic);
	if (!IS_ERR_OR_NULL(s->bar))
		dma_buf_put(s->bar);
	if (!IS_ERR_OR_NULL(s->vram))
		dma_buf_put(s->vram);
	if (!IS_ERR_OR_NULL(s->heap))
		dma_buf_put(s->heap);
	flush_delayed_fput();
	memset(s, 0, sizeof(*s));
}

/* Names, for test descriptions and the demo's table. */

const char *scn_exporter_name(enum scn_exporter exp)
{
	static const char *const names[] = {
		[SCN_EXP_HEAP] = "system heap",
		[SCN_EXP_NO_ATTACH] = "restricted heap",
		[SCN_EXP_GPU] = "GPU VRAM",
		[SCN_EXP_VFIO] = "VFIO BAR",
	};

	return exp < SCN_EXP_NR ? names[exp] : "?";
}

const char *scn_importer_name(enum scn_importer imp)
{
	static const char *const names[] = {
		[SCN_IMP_STATIC] = "static",
		[SCN_IMP_DYNAMIC] = "dynamic P2P",
		[SCN_IMP_IOMMUFD] = "iommufd PAL",
	};

	return imp < SCN_IMP_NR ? names[imp] : "?";
}

const char *scn_role_name(enum scn_role role)
{
	static const char *const names[] = {
		[SCN_GPU0] = "GPU0", [SCN_GPU1] = "GPU1", [SCN_NIC] = "NIC",
		[SCN_NVME] = "NVMe", [SCN_VFIO] = "VFIO dev",
		[SCN_VM] = "guest",
	};

	return role < SCN_ROLE_NR ? names[role] : "?";
}

const char *scn_place_name(enum scn_place place)
{
	switch (place) {
	case SCN_PLACE_SYSTEM:
		return "system memory";
	case SCN_PLACE_VRAM:
		return "VRAM";
	case SCN_PLACE_BAR:
		return "BAR";
	default:
		return "-";
	}
}

const char *scn_route_name(enum pci_p2pdma_map_type route)
{
	switch (route) {
	case PCI_P2PDMA_MAP_BUS_ADDR:
		return "bus address via the switch";
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:
		return "through the host bridge";
	case PCI_P2PDMA_MAP_NOT_SUPPORTED:
		return "not supported";
	default:
		return "-";
	}
}

const char *scn_errno_name(int err)
{
	switch (err) {
	case 0:
		return "0";
	case -EINVAL:
		return "-EINVAL";
	case -EOPNOTSUPP:
		return "-EOPNOTSUPP";
	case -ENODEV:
		return "-ENODEV";
	case -ENOMEM:
		return "-ENOMEM";
	case -EBUSY:
		return "-EBUSY";
	default:
		return "-E?";
	}
}

bool scn_exporter_on_device(enum scn_exporter exp)
{
	return exp == SCN_EXP_GPU || exp == SCN_EXP_VFIO;
}
