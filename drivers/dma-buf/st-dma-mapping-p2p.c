// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA-buf mapping types on real PCI P2P hardware rules.
 *
 * Only a kernel can run these: they ask the kernel's own p2pdma code about
 * the PCIe topology QEMU emulates for the project's KUnit run (the files
 * of kernel/topologies/).  A P2P provider there is a QEMU NVMe controller
 * with a controller memory buffer in BAR 2, which Linux registers as P2P
 * memory.  Bus numbers are the firmware's choice, so each case finds its
 * devices by where they sit: a client under the provider's switch, one
 * that shares no bridge with it, another function of its slot, a path
 * with ACS redirect.  A case whose topology lacks them skips and says why.
 *
 * What the kernel should answer comes from a small model of its rules:
 * the distance counts the hops up from each device to the nearest bridge
 * above both, and a path through ports that redirect P2P requests (ACS),
 * or that meets no such bridge, goes through the host bridge, which q35's
 * (8086:29c0, not on the kernel's whitelist) refuses unless the CPU is an
 * AMD Zen or newer.
 *
 * test_qemu_fixtures also logs the PCI tree as "topology:" lines and the
 * kernel's answer for every ordered pair of functions as "fixture:" lines;
 * the userspace host's topology model is tested against them
 * (tests/p2pdma-qemu.c).
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/scatterlist.h>
#include <linux/sort.h>

#include "st-dma-mapping.h"

#define QEMU_NVME_VENDOR	0x1b36
#define QEMU_NVME_DEVICE	0x0010
#define QEMU_NVME_CMB_BAR	2
#define Q35_HOST_VENDOR		0x8086
#define Q35_HOST_DEVICE		0x29c0

/* Every PCI function the kernel found, by domain, bus and devfn. */
struct qemu_topo {
	struct pci_dev **devs;
	unsigned int nr;
	bool q35;	/* the host bridge is q35's, so the model applies */
};

/* A provider and what a case made of it; the exporter's private data. */
struct qemu_p2p {
	struct pci_dev *a;
	struct p2pdma_provider *cmb;	/* A's controller memory buffer */
};

static void qemu_topo_put(void *data)
{
	struct qemu_topo *t = data;
	unsigned int i;

	for (i = 0; i < t->nr; i++)
		pci_dev_put(t->devs[i]);
}

static int qemu_bdf_cmp(const void *l, const void *r)
{
	const struct pci_dev *a = *(const struct pci_dev **)l;
	const struct pci_dev *b = *(const struct pci_dev **)r;

	if (pci_domain_nr(a->bus) != pci_domain_nr(b->bus))
		return pci_domain_nr(a->bus) < pci_domain_nr(b->bus) ? -1 : 1;
	if (a->bus->number != b->bus->number)
		return a->bus->number < b->bus->number ? -1 : 1;
	if (a->devfn != b->devfn)
		return a->devfn < b->devfn ? -1 : 1;
	return 0;
}

/* Every PCI function, once the drivers have probed; or skip the case. */
static struct qemu_topo *qemu_topo_get(struct kunit *test)
{
	struct qemu_topo *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct pci_dev *pdev = NULL, *host;
	unsigned int n = 0;

	KUNIT_ASSERT_NOT_NULL(test, t);
	if (!IS_ENABLED(CONFIG_PCI_P2PDMA))
		kunit_skip(test, "needs P2PDMA");
	/* The CMB becomes P2P memory when nvme probes, asynchronously. */
	wait_for_device_probe();
	for_each_pci_dev(pdev)
		n++;
	if (!n)
		kunit_skip(test, "needs a PCI topology");
	t->devs = kunit_kcalloc(test, n, sizeof(*t->devs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->devs);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, qemu_topo_put, t),
			0);
	for_each_pci_dev(pdev) {
		if (t->nr == n) {
			pci_dev_put(pdev);
			break;
		}
		t->devs[t->nr++] = pci_dev_get(pdev);
	}
	sort(t->devs, t->nr, sizeof(*t->devs), qemu_bdf_cmp, NULL);

	host = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(0, 0));
	t->q35 = host && host->vendor == Q35_HOST_VENDOR &&
		 host->device == Q35_HOST_DEVICE;
	pci_dev_put(host);
	return t;
}

/* A function, not a bridge: what the pairs are made of. */
static bool qemu_is_function(struct pci_dev *pdev)
{
	return !pci_is_bridge(pdev);
}

static bool qemu_is_provider(struct pci_dev *pdev)
{
	return pdev->vendor == QEMU_NVME_VENDOR &&
	       pdev->device == QEMU_NVME_DEVICE &&
	       (pci_resource_flags(pdev, QEMU_NVME_CMB_BAR) & IORESOURCE_MEM) &&
	       pci_resource_len(pdev, QEMU_NVME_CMB_BAR);
}

/* The P2P provider of a controller's memory buffer. */
static struct p2pdma_provider *qemu_cmb(struct kunit *test,
					struct pci_dev *pdev)
{
	struct p2pdma_provider *cmb;

	KUNIT_ASSERT_EQ(test, pcim_p2pdma_init(pdev), 0);
	cmb = pcim_p2pdma_provider(pdev, QEMU_NVME_CMB_BAR);
	KUNIT_ASSERT_NOT_NULL(test, cmb);
	return cmb;
}

/* Does the port redirect P2P requests upstream, as p2pdma checks it? */
static bool qemu_acs_redir(struct pci_dev *pdev)
{
	u16 ctrl;

	if (!pdev->acs_cap)
		return false;
	pci_read_config_word(pdev, pdev->acs_cap + PCI_ACS_CTRL, &ctrl);
	return ctrl & (PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_EC);
}

/* How many steps up from @pdev to @anc, or -1 when it is not above. */
static int qemu_steps_up(struct pci_dev *pdev, struct pci_dev *anc)
{
	int n;

	for (n = 0; pdev; pdev = pci_upstream_bridge(pdev), n++)
		if (pdev == anc)
			return n;
	return -1;
}

/* How many devices from @pdev up to its root bus, both ends counted. */
static int qemu_depth(struct pci_dev *pdev)
{
	int n;

	for (n = 0; pdev; pdev = pci_upstream_bridge(pdev))
		n++;
	return n;
}

/**
 * struct qemu_path - the way between a provider and a client
 * @common: the nearest device above (or being) both, NULL if none
 * @hops: the distance p2pdma counts: the steps up from each to @common,
 *	or without one the devices from each up to its root bus
 * @redirects: how many of the ports up to @common redirect P2P
 */
struct qemu_path {
	struct pci_dev *common;
	int hops;
	int redirects;
};

static struct qemu_path qemu_path(struct pci_dev *p, struct pci_dev *c)
{
	struct qemu_path path = {};
	struct pci_dev *a, *b;
	int up;

	for (a = p; a; a = pci_upstream_bridge(a)) {
		if (qemu_acs_redir(a))
			path.redirects++;
		up = qemu_steps_up(c, a);
		if (up >= 0) {
			path.common = a;
			path.hops += up;
			break;
		}
		path.hops++;
	}
	if (!path.common) {
		path.hops += qemu_depth(c);
		return path;
	}
	for (b = c; b != path.common; b = pci_upstream_bridge(b))
		if (qemu_acs_redir(b))
			path.redirects++;
	return path;
}

/* Can traffic go through the host bridge: cpu_supports_p2pdma(). */
static bool qemu_cpu_p2p(void)
{
#ifdef CONFIG_X86
	return boot_cpu_data.x86_vendor == X86_VENDOR_AMD &&
	       boot_cpu_data.x86 >= 0x17;
#else
	return false;
#endif
}

/* What the kernel should answer for @p and @c on q35, and the distance. */
static enum pci_p2pdma_map_type qemu_expect(struct pci_dev *p,
					    struct pci_dev *c, int *dist)
{
	struct qemu_path path = qemu_path(p, c);

	*dist = path.hops;
	if (path.common && !path.redirects)
		return PCI_P2PDMA_MAP_BUS_ADDR;
	if (qemu_cpu_p2p())
		return PCI_P2PDMA_MAP_THRU_HOST_BRIDGE;
	*dist = -1;
	return PCI_P2PDMA_MAP_NOT_SUPPORTED;
}

/* Skip a case whose expectations need the model on another machine. */
static void qemu_need_q35(struct kunit *test, struct qemu_topo *t)
{
	if (!t->q35)
		kunit_skip(test, "the host bridge is not q35's %04x:%04x",
			   Q35_HOST_VENDOR, Q35_HOST_DEVICE);
}

/* Two functions below different downstream ports of one switch. */
static bool qemu_same_switch(struct pci_dev *p, struct pci_dev *c)
{
	struct pci_dev *pd = pci_upstream_bridge(p);
	struct pci_dev *cd = pci_upstream_bridge(c);
	struct pci_dev *up = pd ? pci_upstream_bridge(pd) : NULL;

	return cd && pd != cd && up && up == pci_upstream_bridge(cd) &&
	       pci_pcie_type(up) == PCI_EXP_TYPE_UPSTREAM &&
	       !qemu_path(p, c).redirects;
}

/*
 * Two functions below ports that share no bridge, such as two root ports:
 * the path is the host bridge.
 */
static bool qemu_elsewhere(struct pci_dev *p, struct pci_dev *c)
{
	return pci_upstream_bridge(p) && pci_upstream_bridge(c) &&
	       !qemu_path(p, c).common;
}

/* Two functions of one device below a port. */
static bool qemu_same_slot(struct pci_dev *p, struct pci_dev *c)
{
	return p != c && p->bus == c->bus && pci_upstream_bridge(p) &&
	       PCI_SLOT(p->devfn) == PCI_SLOT(c->devfn);
}

/* The first function that @fits with provider @p, or NULL. */
static struct pci_dev *qemu_client(struct qemu_topo *t, struct pci_dev *p,
				   bool (*fits)(struct pci_dev *p,
						struct pci_dev *c))
{
	unsigned int i;

	for (i = 0; i < t->nr; i++)
		if (t->devs[i] != p && qemu_is_function(t->devs[i]) &&
		    fits(p, t->devs[i]))
			return t->devs[i];
	return NULL;
}

/* The first provider with a client that @fits, or skip with @why. */
static struct pci_dev *qemu_pair(struct kunit *test, struct qemu_topo *t,
				 bool (*fits)(struct pci_dev *p,
					      struct pci_dev *c),
				 struct pci_dev **c, const char *why)
{
	unsigned int i;

	for (i = 0; i < t->nr; i++) {
		if (!qemu_is_provider(t->devs[i]))
			continue;
		*c = qemu_client(t, t->devs[i], fits);
		if (*c)
			return t->devs[i];
	}
	kunit_skip(test, "needs %s", why);
	return NULL;
}

/*
 * Asks the kernel about @a's CMB and client @c, verbosely, and checks both
 * answers against what the topology predicts; returns the map type.
 */
static enum pci_p2pdma_map_type qemu_check_pair(struct kunit *test,
						struct pci_dev *a,
						struct pci_dev *c)
{
	enum pci_p2pdma_map_type type;
	int dist;

	type = qemu_expect(a, c, &dist);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(a, &c->dev, true), dist);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_map_type(qemu_cmb(test, a), &c->dev),
			type);
	return type;
}

/* Behind one switch: bus addresses, two steps up and two down. */
static void test_qemu_same_switch(struct kunit *test)
{
	struct qemu_topo *t = qemu_topo_get(test);
	struct p2pdma_provider *cmb;
	struct pci_dev *a, *b;

	a = qemu_pair(test, t, qemu_same_switch, &b,
		      "a provider and a client under one switch, no ACS redirect");
	cmb = qemu_cmb(test, a);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(a, &b->dev, true), 4);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_map_type(cmb, &b->dev),
			PCI_P2PDMA_MAP_BUS_ADDR);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(a, &a->dev, true), 0);
}

/*
 * Across root ports: q35's host bridge is not on the whitelist, so the
 * kernel refuses, unless the CPU is one it trusts to route P2P.
 */
static void test_qemu_root_ports(struct kunit *test)
{
	struct qemu_topo *t = qemu_topo_get(test);
	struct pci_dev *a, *c;

	qemu_need_q35(test, t);
	a = qemu_pair(test, t, qemu_elsewhere, &c,
		      "a provider and a client below ports that share no bridge");
	KUNIT_EXPECT_NE(test, qemu_check_pair(test, a, c),
			PCI_P2PDMA_MAP_BUS_ADDR);
}

/* Two functions of one device: one hop up to their port, one down. */
static void test_qemu_multifunction(struct kunit *test)
{
	struct qemu_topo *t = qemu_topo_get(test);
	struct pci_dev *a, *f;

	qemu_need_q35(test, t);
	a = qemu_pair(test, t, qemu_same_slot, &f,
		      "a provider with another function in its slot");
	if (qemu_check_pair(test, a, f) == PCI_P2PDMA_MAP_BUS_ADDR)
		KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(a, &f->dev, false),
				2);
}

/*
 * Ports that redirect P2P requests send the traffic to the host bridge;
 * the kernel names them in its warning.  The pair with the most of them
 * is asked, so a long path tests how that list is built.
 */
static void test_qemu_acs_redirect(struct kunit *test)
{
	struct qemu_topo *t = qemu_topo_get(test);
	struct pci_dev *a = NULL, *c = NULL, *p, *x;
	struct qemu_path path;
	int most = 0;
	unsigned int i, j;

	qemu_need_q35(test, t);
	for (i = 0; i < t->nr; i++) {
		p = t->devs[i];
		if (!qemu_is_provider(p))
			continue;
		for (j = 0; j < t->nr; j++) {
			x = t->devs[j];
			if (!qemu_is_function(x))
				continue;
			path = qemu_path(p, x);
			if (path.common && path.redirects > most) {
				most = path.redirects;
				a = p;
				c = x;
			}
		}
	}
	if (!a)
		kunit_skip(test, "needs a provider and a client with ACS redirect between them");

	kunit_info(test, "acs: %s %s redirecting ports %d", pci_name(a),
		   pci_name(c), most);
	KUNIT_EXPECT_NE(test, qemu_check_pair(test, a, c),
			PCI_P2PDMA_MAP_BUS_ADDR);
}

static const char *qemu_type_name(struct pci_dev *pdev)
{
	int type = pci_is_pcie(pdev) ? pci_pcie_type(pdev) :
				       DMABUF_KUNIT_NOT_PCIE;

	return dmabuf_kunit_pcie_type_name(type) ?: "pcie";
}

/*
 * One line per function: address, IDs, class, PCIe port type, the bridge
 * above it, ACS capability and control, and BAR 2 (start and length).
 */
static void qemu_log_topology(struct kunit *test, struct qemu_topo *t)
{
	struct pci_dev *pdev, *up;
	char acs[16], bar2[48];
	u16 cap, ctrl;
	unsigned int i;

#ifdef CONFIG_X86
	kunit_info(test, "topology: cpu %s family %#x",
		   boot_cpu_data.x86_vendor_id, boot_cpu_data.x86);
#endif
	for (i = 0; i < t->nr; i++) {
		pdev = t->devs[i];
		up = pci_upstream_bridge(pdev);
		strscpy(acs, "-", sizeof(acs));
		if (pdev->acs_cap) {
			pci_read_config_word(pdev, pdev->acs_cap + PCI_ACS_CAP,
					     &cap);
			pci_read_config_word(pdev, pdev->acs_cap + PCI_ACS_CTRL,
					     &ctrl);
			snprintf(acs, sizeof(acs), "%04x/%04x", cap, ctrl);
		}
		strscpy(bar2, "-", sizeof(bar2));
		if (pci_resource_len(pdev, QEMU_NVME_CMB_BAR))
			snprintf(bar2, sizeof(bar2), "%#llx+%#llx",
				 (u64)pci_resource_start(pdev,
							 QEMU_NVME_CMB_BAR),
				 (u64)pci_resource_len(pdev,
						       QEMU_NVME_CMB_BAR));
		kunit_info(test,
			   "topology: %s %04x:%04x class %06x type %s up %s acs %s bar2 %s",
			   pci_name(pdev), pdev->vendor, pdev->device,
			   pdev->class, qemu_type_name(pdev),
			   up ? pci_name(up) : "-", acs, bar2);
	}
}

/*
 * The tree, then every ordered pair of functions, then what each
 * provider's memory buffer maps as for each function: the host model is
 * checked against these, and they against the model here.
 */
static void test_qemu_fixtures(struct kunit *test)
{
	struct qemu_topo *t = qemu_topo_get(test);
	enum pci_p2pdma_map_type type, want;
	struct p2pdma_provider *cmb;
	struct pci_dev *p, *c;
	unsigned int i, j;
	int dist, expect;

	qemu_log_topology(test, t);
	for (i = 0; i < t->nr; i++) {
		p = t->devs[i];
		if (!qemu_is_function(p))
			continue;
		for (j = 0; j < t->nr; j++) {
			c = t->devs[j];
			if (!qemu_is_function(c))
				continue;
			dist = pci_p2pdma_distance(p, &c->dev, false);
			kunit_info(test, "fixture: %s %s distance %d",
				   pci_name(p), pci_name(c), dist);
			qemu_expect(p, c, &expect);
			if (t->q35)
				KUNIT_EXPECT_EQ_MSG(test, dist, expect,
						    "%s to %s", pci_name(p),
						    pci_name(c));
		}
	}
	for (i = 0; i < t->nr; i++) {
		p = t->devs[i];
		if (!qemu_is_provider(p))
			continue;
		cmb = qemu_cmb(test, p);
		for (j = 0; j < t->nr; j++) {
			c = t->devs[j];
			if (!qemu_is_function(c))
				continue;
			type = pci_p2pdma_map_type(cmb, &c->dev);
			kunit_info(test, "fixture: %s %s map %s", pci_name(p),
				   pci_name(c), dmabuf_kunit_map_type_name(type));
			want = qemu_expect(p, c, &expect);
			if (t->q35)
				KUNIT_EXPECT_EQ_MSG(test, type, want,
						    "%s to %s", pci_name(p),
						    pci_name(c));
		}
	}
}

/* An MMIO exporter: the CMB peer-to-peer first, system memory second. */
static struct sg_table *cmb_map(struct dma_buf_attachment *attach,
				enum dma_data_direction dir)
{
	struct qemu_p2p *q = attach->dmabuf->priv;
	struct dma_buf_phys_vec vec = {
		.paddr = pci_resource_start(q->a, QEMU_NVME_CMB_BAR),
		.len = PAGE_SIZE,
	};

	return dma_buf_phys_vec_to_sgt(attach, q->cmb, &vec, 1, PAGE_SIZE,
				       dir);
}

static void cmb_unmap(struct dma_buf_attachment *attach, struct sg_table *sgt,
		      enum dma_data_direction dir)
{
	dma_buf_free_sgt(attach, sgt, dir);
}

static struct sg_table *sysmem_map(struct dma_buf_attachment *attach,
				   enum dma_data_direction dir)
{
	return ERR_PTR(-EIO);	/* never mapped in these cases */
}

static void sysmem_unmap(struct dma_buf_attachment *attach,
			 struct sg_table *sgt, enum dma_data_direction dir)
{
}

static const struct dma_buf_mapping_sgt_exp_ops cmb_ops = {
	.map_dma_buf = cmb_map,
	.unmap_dma_buf = cmb_unmap,
};

static const struct dma_buf_mapping_sgt_exp_ops sysmem_ops = {
	.map_dma_buf = sysmem_map,
	.unmap_dma_buf = sysmem_unmap,
};

static int cmb_match_mapping(struct dma_buf_match_args *args)
{
	struct qemu_p2p *q = args->dmabuf->priv;
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT_P2P(&cmb_ops, q->a),
		DMA_BUF_EMAPPING_SGT(&sysmem_ops),
	};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

static void cmb_release(struct dma_buf *dmabuf)
{
}

static const struct dma_buf_ops cmb_dma_buf_ops = {
	.match_mapping = cmb_match_mapping,
	.release = cmb_release,
};

/* A provider with a client under its switch and one sharing no bridge. */
static bool qemu_near_and_far(struct qemu_topo *t, struct pci_dev *a,
			      struct pci_dev **b, struct pci_dev **c)
{
	*b = qemu_client(t, a, qemu_same_switch);
	*c = qemu_client(t, a, qemu_elsewhere);
	return *b && *c;
}

/*
 * B, under the provider's switch, negotiates the CMB and maps it at its
 * bus address.  C, which shares no bridge with it, falls back to system
 * memory where q35's host bridge refuses, and otherwise maps the CMB
 * through the host bridge.
 */
static void test_qemu_p2p_sgt(struct kunit *test)
{
	struct qemu_topo *t = qemu_topo_get(test);
	const struct dma_buf_attach_ops *p2p = &dmabuf_kunit_p2p_importer;
	struct qemu_p2p *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf_attachment *near, *far;
	struct dmabuf_kunit_mapping *map;
	struct pci_dev *b = NULL, *c = NULL;
	enum pci_p2pdma_map_type type;
	struct dma_buf *dmabuf;
	unsigned int i;
	int dist;

	KUNIT_ASSERT_NOT_NULL(test, q);
	qemu_need_q35(test, t);
	for (i = 0; i < t->nr && !q->a; i++)
		if (qemu_is_provider(t->devs[i]) &&
		    qemu_near_and_far(t, t->devs[i], &b, &c))
			q->a = t->devs[i];
	if (!q->a)
		kunit_skip(test,
			   "needs a provider with a client under its switch (no ACS redirect) and one below a port sharing no bridge");
	q->cmb = qemu_cmb(test, q->a);
	type = qemu_expect(q->a, c, &dist);

	exp_info.ops = &cmb_dma_buf_ops;
	exp_info.size = PAGE_SIZE;
	exp_info.priv = q;
	dmabuf = dmabuf_kunit_exported(test, dma_buf_export(&exp_info));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);

	near = dma_buf_sgt_dynamic_attach(dmabuf, &b->dev, p2p, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, near));
	far = dma_buf_sgt_dynamic_attach(dmabuf, &c->dev, p2p, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf_kunit_attached(test, far));
	KUNIT_EXPECT_TRUE(test, dma_buf_sgt_p2p_allowed(near));
	KUNIT_EXPECT_EQ(test, near->map_type.sgt_data.p2p_distance, 4);
	KUNIT_EXPECT_EQ(test, dma_buf_sgt_p2p_allowed(far),
			type != PCI_P2PDMA_MAP_NOT_SUPPORTED);

	map = dmabuf_kunit_map_sgt(test, near, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map->sgt);
	KUNIT_EXPECT_EQ(test, map->sgt->nents, 1);
	KUNIT_EXPECT_EQ(test, sg_dma_address(map->sgt->sgl),
			(dma_addr_t)pci_bus_address(q->a, QEMU_NVME_CMB_BAR));

	if (type != PCI_P2PDMA_MAP_THRU_HOST_BRIDGE)
		return;
	KUNIT_EXPECT_EQ(test, far->map_type.sgt_data.p2p_distance, dist);
	map = dmabuf_kunit_map_sgt(test, far, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map->sgt);
	KUNIT_EXPECT_EQ(test, map->sgt->nents, 1);
	/* Without an IOMMU the host bridge is reached at the CPU address. */
	if (!device_iommu_mapped(&c->dev))
		KUNIT_EXPECT_EQ(test, sg_dma_address(map->sgt->sgl),
				(dma_addr_t)pci_resource_start(q->a,
							       QEMU_NVME_CMB_BAR));
}

static struct kunit_case dma_mapping_p2p_cases[] = {
	KUNIT_CASE(test_qemu_same_switch),
	KUNIT_CASE(test_qemu_root_ports),
	KUNIT_CASE(test_qemu_multifunction),
	KUNIT_CASE(test_qemu_acs_redirect),
	KUNIT_CASE(test_qemu_fixtures),
	KUNIT_CASE(test_qemu_p2p_sgt),
	{}
};

static struct kunit_suite dma_mapping_p2p_suite = {
	.name = "dma-buf-mapping-p2p",
	.test_cases = dma_mapping_p2p_cases,
};

kunit_test_suite(dma_mapping_p2p_suite);
