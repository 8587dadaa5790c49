// SPDX-License-Identifier: GPL-2.0
/*
 * make run: the sample drivers on a simulated machine.
 *
 * Builds the machine of tools/testing/dma-buf/scenarios/scenario-harness.c
 * (two GPUs and an RDMA NIC under a PCIe switch, an NVMe drive and a
 * VFIO-assigned device on their own root ports, an IOMMU), shares a fresh
 * buffer from each exporter with each importer of the table, and prints
 * what was negotiated, the P2P route or why it was refused, then the
 * debugfs bufinfo of several buffers shared at once and the first
 * addresses importers would program.  The table is the one the
 * dma-buf-scenario-machine suite asserts; a row that differs from it is
 * flagged and makes the demo fail.
 *
 * A userspace program over the host: it does not link the KUnit runner.
 */
#include <fcntl.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <host/hooks.h>
#include <host/iommu.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"
#include "scenario-harness.h"

static int saved_stdout = -1;

/* The kernel log goes to stdout; keep it out of the table. */
static void quiet_begin(void)
{
	int null = open("/dev/null", O_WRONLY);

	fflush(stdout);
	saved_stdout = dup(STDOUT_FILENO);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		close(null);
	}
}

static void quiet_end(void)
{
	fflush(stdout);
	if (saved_stdout >= 0) {
		dup2(saved_stdout, STDOUT_FILENO);
		close(saved_stdout);
		saved_stdout = -1;
	}
}

static void print_machine(struct scn_machine *m)
{
	struct pci_dev *gpu0 = m->pdev[SCN_GPU0], *gpu1 = m->pdev[SCN_GPU1];
	struct pci_dev *nic = m->pdev[SCN_NIC], *vfio = m->pdev[SCN_VFIO];
	struct pci_dev *nvme = m->pdev[SCN_NVME];
	struct pci_dev *usp = pci_upstream_bridge(m->acs_port);

	printf("The machine: PCI domain %04x, Intel host bridge 8086:29c0 (not on 6.12's\n"
	       "P2P whitelist), every device behind the IOMMU\n\n",
	       SCN_DEMO_DOMAIN);
	printf("  root port %s\n", pci_name(pci_upstream_bridge(usp)));
	printf("    switch %s\n", pci_name(usp));
	printf("      %s  GPU0  %04x:%04x  VRAM in BAR0, %llu GiB\n",
	       pci_name(gpu0), gpu0->vendor, gpu0->device,
	       (unsigned long long)pci_resource_len(gpu0, 0) >> 30);
	printf("      %s  GPU1  %04x:%04x  VRAM in BAR0, %llu GiB\n",
	       pci_name(gpu1), gpu1->vendor, gpu1->device,
	       (unsigned long long)pci_resource_len(gpu1, 0) >> 30);
	printf("      %s  NIC   %04x:%04x  RDMA; ACS redirect on its port %s\n",
	       pci_name(nic), nic->vendor, nic->device,
	       pci_name(m->acs_port));
	printf("  root port %s\n", pci_name(pci_upstream_bridge(nvme)));
	printf("      %s  NVMe  %04x:%04x\n", pci_name(nvme), nvme->vendor,
	       nvme->device);
	printf("  root port %s\n", pci_name(pci_upstream_bridge(vfio)));
	printf("      %s  VFIO  %04x:%04x  assigned to a guest; BAR2 exported\n",
	       pci_name(vfio), vfio->vendor, vfio->device);
	printf("  guest: an iommufd IOMMU domain\n\n");
}

static const char *exporter_label(const struct scn_pair *p, char *buf,
				  size_t len)
{
	if (scn_exporter_on_device(p->exp))
		snprintf(buf, len, "%s (%s)", scn_exporter_name(p->exp),
			 scn_role_name(p->exp_role));
	else
		snprintf(buf, len, "%s", scn_exporter_name(p->exp));
	return buf;
}

static const char *result_label(const struct scn_verdict *v, char *buf,
				size_t len)
{
	if (v->err)
		snprintf(buf, len, "%s", scn_errno_name(v->err));
	else if (v->type == &dma_buf_mapping_pal_type)
		snprintf(buf, len, "PAL");
	else
		snprintf(buf, len, "SGT%s", v->p2p ? " P2P" : "");
	return buf;
}

/* Why, in a few words: the route, or what refused and how to fix it. */
static const char *reason_label(const struct scn_pair *p,
				const struct scn_verdict *v, char *buf,
				size_t len)
{
	const char *refusal = v->acs_fix[0] ?
		"P2P refused: ACS redirect; fix:" :
		"P2P refused: no shared switch, root not whitelisted";

	if (v->err == -EOPNOTSUPP && p->exp == SCN_EXP_NO_ATTACH)
		snprintf(buf, len, "exporter refuses every importer");
	else if (v->err == -EOPNOTSUPP && v->unrevocable)
		snprintf(buf, len, "exporter needs an importer it can revoke");
	else if (v->err == -EINVAL && v->p2p_refused)
		snprintf(buf, len, "no type left: %s%s%s", refusal,
			 v->acs_fix[0] ? " " : "", v->acs_fix);
	else if (v->err == -EINVAL)
		snprintf(buf, len, "no mapping type in common");
	else if (v->err)
		snprintf(buf, len, "failed");
	else if (v->p2p)
		snprintf(buf, len, "%s, distance %d",
			 scn_route_name(v->route), v->distance);
	else if (v->p2p_refused)
		snprintf(buf, len, "%s%s%s", refusal,
			 v->acs_fix[0] ? " " : "", v->acs_fix);
	else if (v->type == &dma_buf_mapping_pal_type)
		snprintf(buf, len, "mapped a range at a time into the guest domain");
	else if (p->exp == SCN_EXP_GPU)
		snprintf(buf, len, "static importer: migrated, pinned");
	else
		snprintf(buf, len, "DMA API through the IOMMU");
	return buf;
}

static bool verdict_as_tested(const struct scn_verdict *v,
			      const struct scn_expect *e)
{
	return v->err == e->err && v->type == e->type && v->p2p == e->p2p &&
	       v->place == e->place && v->p2p_refused == e->p2p_refused &&
	       !strcmp(v->acs_fix, e->acs_fix ? e->acs_fix : "") &&
	       (!e->p2p || (v->route == e->route &&
			    v->distance == e->distance)) &&
	       (e->err || (v->pages == SCN_BUF_PAGES && !v->bad_pages));
}

static int print_table(struct scn_machine *m, struct scn_verdict *v)
{
	char exp[40], res[16], why[128], data[16];
	int mismatches = 0;
	size_t i;

	printf("Each exporter shares a fresh %lu KiB buffer with one importer; every page\n"
	       "the importer would program is translated back and compared with the\n"
	       "exporter's memory (data column).\n\n",
	       SCN_BUF_PAGES * PAGE_SIZE / 1024);
	printf("  %-23s %-20s %-12s %-14s %-6s %s\n", "exporter",
	       "importer", "result", "memory", "data", "route / reason");
	printf("  %-23s %-20s %-12s %-14s %-6s %s\n", "--------",
	       "--------", "------", "------", "----", "--------------");
	for (i = 0; i < scn_demo_nr_pairs; i++) {
		const struct scn_pair *p = &scn_demo_pairs[i];
		char imp[40];
		bool ok = verdict_as_tested(&v[i], &p->expect);

		snprintf(imp, sizeof(imp), "%s (%s)",
			 scn_importer_name(p->imp), scn_role_name(p->imp_role));
		if (v[i].err)
			snprintf(data, sizeof(data), "-");
		else
			snprintf(data, sizeof(data), "%lu/%lu",
				 v[i].pages - v[i].bad_pages, v[i].pages);
		printf("%s %-23s %-20s %-12s %-14s %-6s %s\n", ok ? " " : "!",
		       exporter_label(p, exp, sizeof(exp)), imp,
		       result_label(&v[i], res, sizeof(res)),
		       v[i].err ? "-" : scn_place_name(v[i].place), data,
		       reason_label(p, &v[i], why, sizeof(why)));
		mismatches += !ok;
	}
	printf("\n");
	if (mismatches)
		printf("%d row(s) marked ! differ from what dma-buf-scenario-machine asserts.\n\n",
		       mismatches);
	else
		printf("All %zu verdicts are the ones dma-buf-scenario-machine asserts.\n\n",
		       scn_demo_nr_pairs);
	return mismatches;
}

/* The kernel's own words for the ACS refusal, as dmesg would show them. */
static void print_acs_log(struct scn_verdict *v)
{
	size_t i;

	for (i = 0; i < scn_demo_nr_pairs; i++) {
		if (!v[i].acs_fix[0])
			continue;
		printf("Kernel log of the ACS refusal (%s to %s):\n",
		       scn_role_name(scn_demo_pairs[i].exp_role),
		       scn_role_name(scn_demo_pairs[i].imp_role));
		printf("%s\n", v[i].log);
		return;
	}
}

static void print_sgt_sample(const char *what, struct sg_table *sgt,
			     struct device *dev, u64 bus_offset, bool bus)
{
	struct scatterlist *sg;
	unsigned int i;

	printf("  %s: %u entr%s\n", what, sgt->nents,
	       sgt->nents == 1 ? "y" : "ies");
	for_each_sgtable_dma_sg(sgt, sg, i) {
		dma_addr_t dma = sg_dma_address(sg);

		if (i == 3) {
			printf("    ...\n");
			break;
		}
		printf("    %s %#014llx + %#7x  ->  phys %#014llx\n",
		       bus ? "bus " : "dma ", (unsigned long long)dma,
		       sg_dma_len(sg),
		       (unsigned long long)(bus ? dma - bus_offset :
					    host_dma_to_phys(dev, dma)));
	}
}

static void print_iommufd_sample(struct scn_machine *m,
				 struct sample_iommufd *imp)
{
	unsigned int area;

	printf("  VFIO BAR -> guest (iommufd): %u areas, %lu pages in the guest domain\n",
	       sample_iommufd_nr_areas(imp), sample_iommufd_mapped_pages(imp));
	for (area = 0; area < sample_iommufd_nr_areas(imp); area++) {
		u64 off, len;
		bool mapped;
		size_t page;

		sample_iommufd_area(imp, area, &off, &len, &mapped);
		printf("    area %u: buffer bytes %#llx-%#llx\n", area,
		       (unsigned long long)off,
		       (unsigned long long)(off + len - 1));
		for (page = 0; page < 2; page++) {
			u64 iova = sample_iommufd_iova(imp, area, page);

			printf("      iova %#014llx  ->  phys %#014llx\n",
			       (unsigned long long)iova,
			       (unsigned long long)host_iommu_iova_to_phys(m->vm_domain,
									   iova));
		}
	}
}

static void print_scene(struct scn_machine *m)
{
	struct pci_dev *gpu0 = m->pdev[SCN_GPU0];
	struct scn_scene s;
	char *text;

	quiet_begin();
	if (scn_scene_setup(m, &s)) {
		quiet_end();
		printf("could not set up the shared scene\n");
		return;
	}
	quiet_end();

	printf("Three buffers shared at once: the heap with the NIC and the NVMe drive,\n"
	       "GPU0's VRAM with GPU1, the VFIO BAR with the guest.  debugfs bufinfo:\n");
	text = host_seq_show(host_dma_buf_bufinfo, NULL);
	printf("%s\n", text);
	free(text);

	printf("A sample of the mapped address lists:\n");
	print_sgt_sample("heap -> NIC (DMA API, IOMMU)",
			 sample_rdma_mr_sgt(s.heap_nic),
			 &m->pdev[SCN_NIC]->dev, 0, false);
	print_sgt_sample("GPU0 VRAM -> GPU1 (P2P, bus addresses)",
			 sample_rdma_mr_sgt(s.vram_gpu1), NULL,
			 pci_bus_address(gpu0, 0) -
			 pci_resource_start(gpu0, 0), true);
	print_iommufd_sample(m, s.bar_vm);
	printf("\n");

	quiet_begin();
	scn_scene_teardown(&s);
	quiet_end();
}

int main(void)
{
	struct scn_verdict *v = calloc(scn_demo_nr_pairs, sizeof(*v));
	unsigned long warns = host_warn_count();
	struct scn_machine m;
	int mismatches;
	size_t i;

	if (!v)
		return 1;
	printf("DMA-buf mapping types: who gets what, on one machine\n");
	printf("====================================================\n\n");
	scn_machine_build_demo(&m);
	print_machine(&m);

	quiet_begin();
	for (i = 0; i < scn_demo_nr_pairs; i++) {
		const struct scn_pair *p = &scn_demo_pairs[i];

		if (scn_run_pair(&m, p->exp, p->exp_role, p->imp, p->imp_role,
				 &v[i]))
			v[i].err = -ENOMEM;
	}
	quiet_end();

	mismatches = print_table(&m, v);
	print_acs_log(v);
	print_scene(&m);
	scn_machine_destroy(&m);

	printf("Left behind: %lu allocations, %lu DMA mappings, %lu dma-bufs; %lu WARNs.\n",
	       host_alloc_live(), host_dma_live(), host_dma_buf_live(),
	       host_warn_count() - warns);
	free(v);
	return mismatches || host_alloc_live() || host_dma_live() ||
	       host_dma_buf_live() || host_warn_count() != warns;
}
