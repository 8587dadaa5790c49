/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scenarios: machines built in the host, the sample drivers run on them,
 * and what came of each exporter/importer pair.  Shared by the scenario
 * suites and the demo (make run), so the table the demo prints is the one
 * the suites assert.  Host only: it builds PCI topologies and IOMMU
 * domains and reads the kernel log.
 */
#ifndef _SCENARIO_HARNESS_H
#define _SCENARIO_HARNESS_H

#include <linux/dma-buf-mapping.h>
#include <linux/pci-p2pdma.h>

struct dma_buf;
struct iommu_domain;
struct host_pci_topo;
struct pci_dev;
struct sample_gpu;
struct sample_vfio_device;

enum scn_exporter {
	SCN_EXP_HEAP,		/* system-heap.c */
	SCN_EXP_NO_ATTACH,	/* no-attach-exporter.c */
	SCN_EXP_GPU,		/* gpu-vram.c */
	SCN_EXP_VFIO,		/* vfio-bar.c */
	SCN_EXP_NR,
};

enum scn_importer {
	SCN_IMP_STATIC,		/* static-importer.c */
	SCN_IMP_DYNAMIC,	/* rdma-importer.c */
	SCN_IMP_IOMMUFD,	/* iommufd-importer.c */
	SCN_IMP_NR,
};

/* The devices of a machine, by the part they play. */
enum scn_role {
	SCN_GPU0,
	SCN_GPU1,
	SCN_NIC,
	SCN_NVME,
	SCN_VFIO,
	SCN_VM,			/* iommufd's own domain, not a PCI device */
	SCN_ROLE_NR,
};

/* Test topologies: an exporting device X and an importing device Y. */
enum scn_layout {
	SCN_SAME_SWITCH,	/* X and Y below one switch */
	SCN_ROOT_PORTS_ZEN,	/* own root ports, AMD Zen CPU */
	SCN_ROOT_PORTS_INTEL,	/* own root ports, unlisted Intel root */
	SCN_SWITCH_ACS,		/* one switch, ACS redirect on Y's port */
	SCN_LAYOUT_NR,
};

/* Where the memory an importer reaches lives. */
enum scn_place {
	SCN_PLACE_NONE,
	SCN_PLACE_SYSTEM,
	SCN_PLACE_VRAM,
	SCN_PLACE_BAR,
};

/**
 * struct scn_machine - a machine and the drivers bound on it
 * @topo: its PCI domain
 * @pdev: the device of each role; in test layouts X is GPU0, GPU1 and
 *	VFIO, Y is NIC and NVMe alike
 * @dma_domain: the DMA API's IOMMU domain of each importing device, or
 *	NULL when the IOMMU is off
 * @vm_domain: the domain iommufd owns
 * @gpu: the GPU driver bound to GPU0 and GPU1
 * @vfio: the VFIO device opened on VFIO
 * @acs_port: the port with ACS redirect set, if any
 * @root: the device that names the host bridge for the P2P whitelist
 * @iommu: the IOMMU translates for the importing devices
 * @zen: the CPU is an AMD Zen
 * @was_zen: what to restore
 */
struct scn_machine {
	struct host_pci_topo *topo;
	struct pci_dev *pdev[SCN_ROLE_NR];
	struct iommu_domain *dma_domain[SCN_ROLE_NR];
	struct iommu_domain *vm_domain;
	struct sample_gpu *gpu[2];
	struct sample_vfio_device *vfio;
	struct pci_dev *acs_port;
	struct pci_dev *root;
	bool iommu;
	bool zen;
	bool was_zen;
};

/* The demo's machine lives in this PCI domain. */
#define SCN_DEMO_DOMAIN		1
/* Buffers the pairs share: 16 pages; the VFIO one is two BAR ranges. */
#define SCN_BUF_PAGES		16
#define SCN_SAMPLE_NR		4

void scn_machine_build(struct scn_machine *m, enum scn_layout layout,
		       bool iommu, int domain);
void scn_machine_build_demo(struct scn_machine *m);
void scn_machine_destroy(struct scn_machine *m);

/**
 * struct scn_addr - one address an importer would program
 * @addr: DMA address, bus address or IOVA
 * @len: bytes from there
 * @phys: where its first byte lands
 */
struct scn_addr {
	u64 addr;
	u64 len;
	phys_addr_t phys;
};

/**
 * struct scn_verdict - what came of one exporter/importer pair
 * @err: 0, or the errno the importer got from attach or map
 * @type: the negotiated mapping type
 * @p2p: the exporter's P2P entry was negotiated
 * @route: for P2P, how the importer reaches the MMIO
 * @distance: for P2P, the negotiated distance
 * @place: where the importer's addresses lead
 * @migrations: GPU only: moves the buffer made
 * @unrevocable: VFIO only: refused for not being revocable
 * @pages: pages whose address was translated and checked
 * @bad_pages: pages that led somewhere else (or a size mismatch)
 * @sample: the first addresses
 * @nr_sample: how many of @sample are filled
 * @p2p_refused: a P2P importer did not get P2P, and the kernel says it
 *	cannot be used (pci_p2pdma_distance() asked verbosely: the match
 *	itself is quiet)
 * @acs_fix: the kernel parameter the kernel gives to fix an ACS refusal
 * @log: the kernel log of the pair, and of that question
 */
struct scn_verdict {
	int err;
	const struct dma_buf_mapping_type *type;
	bool p2p;
	enum pci_p2pdma_map_type route;
	int distance;
	enum scn_place place;
	unsigned int migrations;
	bool unrevocable;
	unsigned long pages;
	unsigned long bad_pages;
	struct scn_addr sample[SCN_SAMPLE_NR];
	unsigned int nr_sample;
	bool p2p_refused;
	char acs_fix[96];
	char log[2048];
};

int scn_run_pair(struct scn_machine *m, enum scn_exporter exp,
		 enum scn_role exp_role, enum scn_importer imp,
		 enum scn_role imp_role, struct scn_verdict *v);

/**
 * struct scn_expect - what a pair must come to
 * @err: 0 or the exact errno
 * @type: the mapping type, when @err is 0
 * @p2p: the P2P entry was negotiated
 * @route: for P2P, the route
 * @distance: for P2P, the distance
 * @place: where the addresses lead
 * @p2p_refused: the kernel must log a P2P refusal
 * @acs_fix: the kernel parameter it must name, or NULL for none
 */
struct scn_expect {
	int err;
	const struct dma_buf_mapping_type *type;
	bool p2p;
	enum pci_p2pdma_map_type route;
	int distance;
	enum scn_place place;
	bool p2p_refused;
	const char *acs_fix;
};

/**
 * struct scn_pair - one row of the demo's table
 * @exp: the exporter
 * @exp_role: the device it runs on (system-memory exporters: none)
 * @imp: the importer
 * @imp_role: the device it imports for
 * @expect: the verdict the scenario suite asserts
 */
struct scn_pair {
	enum scn_exporter exp;
	enum scn_role exp_role;
	enum scn_importer imp;
	enum scn_role imp_role;
	struct scn_expect expect;
};

extern const struct scn_pair scn_demo_pairs[];
extern const size_t scn_demo_nr_pairs;

const char *scn_exporter_name(enum scn_exporter exp);
const char *scn_importer_name(enum scn_importer imp);
const char *scn_role_name(enum scn_role role);
const char *scn_place_name(enum scn_place place);
const char *scn_route_name(enum pci_p2pdma_map_type route);
const char *scn_errno_name(int err);
bool scn_exporter_on_device(enum scn_exporter exp);

/**
 * struct scn_scene - several buffers shared at once, for bufinfo
 * @heap: a heap buffer, imported by the NIC (dynamic) and the NVMe (static)
 * @vram: GPU0 VRAM, imported by GPU1 peer to peer
 * @bar: VFIO BAR ranges, imported by iommufd
 * @heap_nic: the NIC's import of @heap
 * @heap_nvme: the NVMe's import of @heap
 * @vram_gpu1: GPU1's import of @vram
 * @bar_vm: iommufd's import of @bar
 */
struct scn_scene {
	struct dma_buf *heap, *vram, *bar;
	struct sample_rdma_mr *heap_nic;
	struct sample_static_importer *heap_nvme;
	struct sample_rdma_mr *vram_gpu1;
	struct sample_iommufd *bar_vm;
};

int scn_scene_setup(struct scn_machine *m, struct scn_scene *s);
void scn_scene_teardown(struct scn_scene *s);

#endif /* _SCENARIO_HARNESS_H */
