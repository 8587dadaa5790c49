// SPDX-License-Identifier: GPL-2.0
/*
 * The host's PCI model against a real kernel's answers.
 *
 * `make kunit` boots Linux 6.12 on the PCIe topology of
 * kernel/qemu-p2p.args, and drivers/dma-buf/st-dma-mapping-p2p.c logs the
 * kernel's p2pdma answers for it as "fixture:" lines; kernel/fixtures/
 * keeps that log excerpt.  This suite builds the same topology in the host
 * and must give the same answers, so a result seen in the host is the one
 * the kernel gives.
 */
#include <kunit/test.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <host/hooks.h>
#include <host/pci-topology.h>

/*
 * QEMU's q35 as kernel/qemu-p2p.args builds it, line by line: host bridge
 * 00:00.0 (8086:29c0) and the ICH9 functions at 00:1f.0, .2 and .3; root
 * port rp1 at addr 0x4 with a switch (upstream port, downstream ports dn1
 * and dn2 at devfns 00.0 and 01.0), root port rp2 at addr 0x5; NVMe A
 * (with a controller memory buffer in BAR 2) on dn1, B on dn2, C on rp2.
 * The firmware numbers sibling bridges from the highest slot down, so the
 * kernel saw C at 01:00.0, the switch at 02:00.0, dn2 at 03:01.0 with B
 * at 04:00.0 and dn1 at 03:00.0 with A at 05:00.0.
 */
struct qemu_machine {
	struct host_pci_topo *topo;
	struct pci_dev *rp[2], *dn[2];
	struct pci_dev *nvme[3];	/* A, B, C */
};

#define QEMU_DOMAIN	9
#define CMB_BAR		2

static void qemu_machine_build(struct qemu_machine *m)
{
	struct pci_host_bridge *hb;
	struct pci_dev *usp;

	m->topo = host_pci_topo_create(QEMU_DOMAIN);
	host_pci_topo_set_bus_order(m->topo, HOST_PCI_BUS_ORDER_REVERSE_SLOT);
	hb = host_pci_host_bridge(m->topo, 0x8086, 0x29c0);
	host_pci_rc_endpoint_at(hb, PCI_DEVFN(0x1f, 0), 0x8086, 0x2918);
	host_pci_rc_endpoint_at(hb, PCI_DEVFN(0x1f, 2), 0x8086, 0x2922);
	host_pci_rc_endpoint_at(hb, PCI_DEVFN(0x1f, 3), 0x8086, 0x2930);
	m->rp[0] = host_pci_root_port_at(hb, PCI_DEVFN(4, 0), 0x1b36, 0x000c);
	usp = host_pci_switch_up(m->rp[0]);
	m->dn[0] = host_pci_switch_down_at(usp, PCI_DEVFN(0, 0));
	m->dn[1] = host_pci_switch_down_at(usp, PCI_DEVFN(1, 0));
	m->rp[1] = host_pci_root_port_at(hb, PCI_DEVFN(5, 0), 0x1b36, 0x000c);
	m->nvme[0] = host_pci_endpoint(m->dn[0], 0x1b36, 0x0010);
	m->nvme[1] = host_pci_endpoint(m->dn[1], 0x1b36, 0x0010);
	m->nvme[2] = host_pci_endpoint(m->rp[1], 0x1b36, 0x0010);
	host_pci_set_bar(m->nvme[0], CMB_BAR, 0x100000000ULL, 16 << 20);
}

/* What the kernel logged (kernel/fixtures/qemu-p2p.log). */
struct distance_fixture {
	const char *provider, *client;	/* bus:dev.fn */
	int distance;
};

static const struct distance_fixture distance_fixtures[] = {
	{ "05:00.0", "05:00.0", 0 },
	{ "05:00.0", "04:00.0", 4 },
	{ "05:00.0", "01:00.0", -1 },
	{ "04:00.0", "05:00.0", 4 },
	{ "04:00.0", "04:00.0", 0 },
	{ "04:00.0", "01:00.0", -1 },
	{ "01:00.0", "05:00.0", -1 },
	{ "01:00.0", "04:00.0", -1 },
	{ "01:00.0", "01:00.0", 0 },
};

struct map_fixture {
	const char *client;
	enum pci_p2pdma_map_type map;	/* from A's CMB */
};

static const struct map_fixture map_fixtures[] = {
	{ "05:00.0", PCI_P2PDMA_MAP_BUS_ADDR },
	{ "04:00.0", PCI_P2PDMA_MAP_BUS_ADDR },
	{ "01:00.0", PCI_P2PDMA_MAP_NOT_SUPPORTED },
};

static struct pci_dev *by_name(struct kunit *test, struct qemu_machine *m,
			       const char *bdf)
{
	char name[16];
	int i;

	snprintf(name, sizeof(name), "%04x:%s", QEMU_DOMAIN, bdf);
	for (i = 0; i < ARRAY_SIZE(m->nvme); i++)
		if (!strcmp(pci_name(m->nvme[i]), name))
			return m->nvme[i];
	KUNIT_FAIL(test, "no device %s in the model", name);
	return NULL;
}

static void test_qemu_distances(struct kunit *test)
{
	struct qemu_machine m;
	int i;

	qemu_machine_build(&m);
	for (i = 0; i < ARRAY_SIZE(distance_fixtures); i++) {
		const struct distance_fixture *f = &distance_fixtures[i];
		struct pci_dev *p = by_name(test, &m, f->provider);
		struct pci_dev *c = by_name(test, &m, f->client);

		if (!p || !c)
			break;
		KUNIT_EXPECT_EQ_MSG(test, pci_p2pdma_distance(p, &c->dev, false),
				    f->distance, "%s -> %s", f->provider,
				    f->client);
	}
	host_pci_topo_destroy(m.topo);
}

static void test_qemu_map_types(struct kunit *test)
{
	struct p2pdma_provider *cmb;
	struct qemu_machine m;
	char *log;
	int i;

	qemu_machine_build(&m);
	KUNIT_ASSERT_EQ(test, pcim_p2pdma_init(m.nvme[0]), 0);
	cmb = pcim_p2pdma_provider(m.nvme[0], CMB_BAR);
	KUNIT_ASSERT_NOT_NULL(test, cmb);
	host_log_capture_begin();
	for (i = 0; i < ARRAY_SIZE(map_fixtures); i++) {
		struct pci_dev *c = by_name(test, &m, map_fixtures[i].client);

		if (!c)
			break;
		KUNIT_EXPECT_EQ_MSG(test, pci_p2pdma_map_type(cmb, &c->dev),
				    map_fixtures[i].map, "A's CMB -> %s",
				    map_fixtures[i].client);
	}
	log = host_log_capture_end();
	/* The kernel's refusal, word for word but for the driver's name. */
	KUNIT_EXPECT_NOT_NULL(test, strstr(log,
		"0009:01:00.0: cannot be used for peer-to-peer DMA as the client and provider (0009:05:00.0) do not share an upstream bridge or whitelisted host bridge\n"));
	free(log);
	host_pci_topo_destroy(m.topo);
}

/* Built from the command line, named as the kernel named it. */
static void test_qemu_names(struct kunit *test)
{
	struct qemu_machine m;

	qemu_machine_build(&m);
	KUNIT_EXPECT_STREQ(test, pci_name(m.rp[0]), "0009:00:04.0");
	KUNIT_EXPECT_STREQ(test, pci_name(m.rp[1]), "0009:00:05.0");
	KUNIT_EXPECT_STREQ(test, pci_name(pci_upstream_bridge(m.dn[0])),
			   "0009:02:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(m.dn[0]), "0009:03:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(m.dn[1]), "0009:03:01.0");
	KUNIT_EXPECT_STREQ(test, pci_name(m.nvme[0]), "0009:05:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(m.nvme[1]), "0009:04:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(m.nvme[2]), "0009:01:00.0");
	host_pci_topo_destroy(m.topo);
}

static struct kunit_case p2pdma_qemu_cases[] = {
	KUNIT_CASE(test_qemu_names),
	KUNIT_CASE(test_qemu_distances),
	KUNIT_CASE(test_qemu_map_types),
	{}
};

static struct kunit_suite p2pdma_qemu_suite = {
	.name = "pci-p2pdma-qemu-fixtures",
	.test_cases = p2pdma_qemu_cases,
};

kunit_test_suite(p2pdma_qemu_suite);
