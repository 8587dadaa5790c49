// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the host's PCI topology model and its P2P DMA rules, on
 * random trees.
 *
 * The input builds a topology with host/pci-topology.h: host bridges
 * (whitelisted for any pair, for pairs under one bridge only, or not at
 * all, with or without a 00.0 device), root ports, integrated endpoints,
 * switches, endpoints, extra functions and SR-IOV virtual functions, random
 * ACS control bits anywhere, and a Zen CPU or not.  The target keeps its
 * own record of the tree as it builds it.
 *
 * Then, for every pair of devices, properties that must hold:
 *  - the distance and map type agree with a reference computed from the
 *    target's own record of the tree (the walk of
 *    Documentation/driver-api/pci/p2pdma-rules.rst, restated);
 *  - the distance is symmetric (the rules are: the common ancestor, the
 *    set of devices whose ACS is looked at and the host bridge check do
 *    not depend on which side provides);
 *  - a device with itself: distance 0, or -1 only when its own ACS
 *    redirects and the host bridge path is refused;
 *  - a VF behaves as its PF towards any third device when the two agree
 *    on ACS redirection;
 *  - the map type of a provider BAR is BUS_ADDR or THRU_HOST_BRIDGE
 *    exactly when the distance is not negative;
 *  - pci_p2pdma_distance_many() of two clients is the sum, or -1.
 */
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <host/pci-topology.h>
#include "fuzz-common.h"

#define MAX_DEVS	24
#define MAX_HBS		3
#define MAX_PER_BUS	8
#define DOMAIN		0x100

struct node {
	struct pci_dev *pdev;
	int up;			/* the upstream bridge's node; -1: root bus */
	int hb;
	int pf;			/* for a VF, its PF's node; else -1 */
	bool port;		/* a root or downstream port */
	bool usp;
	bool endpoint;		/* may get functions and VFs */
	bool rc;		/* an integrated endpoint on a root bus */
	int on_bus;		/* devices (slots) on its secondary bus */
	int fns, vfs;
	u16 vendor, device;
};

struct hb {
	struct pci_host_bridge *hb;
	u16 device;		/* of the 00.0 device; 0 for none */
	int on_bus;
	int first;		/* the node in slot 1, or -1 */
};

static struct node nodes[MAX_DEVS];
static struct hb hbs[MAX_HBS];
static int nr_nodes, nr_hbs;
static bool zen;

static const u16 hb_ids[] = { 0, 0x29c0, 0x2030, 0x3c00 };
static const u16 rp_ids[] = { 0x2032, 0x3c01, 0x7777 };

static int add_node(struct pci_dev *pdev, int up, int hb, u16 vendor,
		    u16 device)
{
	struct node *n = &nodes[nr_nodes];

	*n = (struct node){ .pdev = pdev, .up = up, .hb = hb, .pf = -1,
			    .vendor = vendor, .device = device };
	host_pci_set_bar(pdev, 0, 0x80000000000ULL + (u64)nr_nodes * SZ_1G,
			 SZ_1M);
	pcim_p2pdma_init(pdev);
	return nr_nodes++;
}

/* A node that devices can hang below, picked by @k; -1 if none. */
static int pick(u8 k, bool (*ok)(const struct node *n))
{
	int i, j;

	for (j = 0; j < nr_nodes; j++) {
		i = (k + j) % nr_nodes;
		if (ok(&nodes[i]))
			return i;
	}
	return -1;
}

static bool is_free_port(const struct node *n)
{
	return n->port && n->on_bus < MAX_PER_BUS;
}

static bool is_free_usp(const struct node *n)
{
	return n->usp && n->on_bus < MAX_PER_BUS;
}

static bool can_have_fn(const struct node *n)
{
	return (n->endpoint || n->rc) && n->pf < 0 &&
	       PCI_FUNC(n->pdev->devfn) == 0 && n->fns < 7;
}

static bool can_have_vf(const struct node *n)
{
	return (n->endpoint || n->rc) && n->pf < 0 &&
	       PCI_FUNC(n->pdev->devfn) == 0 && n->vfs < 8;
}

static void build(struct fuzz_in *in, struct host_pci_topo *topo)
{
	u8 op, k;
	int i, p;

	while (in->n && nr_nodes < MAX_DEVS) {
		op = fuzz_u8(in);
		k = fuzz_u8(in);
		switch (op % 9) {
		case 0:		/* a host bridge */
			if (nr_hbs == MAX_HBS)
				break;
			hbs[nr_hbs].device = hb_ids[k % ARRAY_SIZE(hb_ids)];
			hbs[nr_hbs].hb = host_pci_host_bridge(topo,
				hbs[nr_hbs].device ? 0x8086 : 0,
				hbs[nr_hbs].device);
			hbs[nr_hbs].first = -1;
			nr_hbs++;
			break;
		case 1:		/* a root port */
		case 2:		/* an integrated endpoint */
			if (!nr_hbs)
				break;
			i = k % nr_hbs;
			if (hbs[i].on_bus == MAX_PER_BUS)
				break;
			if (op % 9 == 1) {
				u16 dev = rp_ids[(k >> 4) % ARRAY_SIZE(rp_ids)];

				p = add_node(host_pci_root_port(hbs[i].hb,
								0x8086, dev),
					     -1, i, 0x8086, dev);
				nodes[p].port = true;
			} else {
				p = add_node(host_pci_rc_endpoint(hbs[i].hb,
								  0x1af4,
								  0x1041),
					     -1, i, 0x1af4, 0x1041);
				nodes[p].rc = true;
			}
			if (hbs[i].on_bus++ == 0)
				hbs[i].first = p;
			break;
		case 3:		/* a switch: its upstream port */
			i = pick(k, is_free_port);
			if (i < 0)
				break;
			nodes[i].on_bus++;
			p = add_node(host_pci_switch_up(nodes[i].pdev), i,
				     nodes[i].hb, 0x10b5, 0x8747);
			nodes[p].usp = true;
			break;
		case 4:		/* a downstream port */
			i = pick(k, is_free_usp);
			if (i < 0)
				break;
			nodes[i].on_bus++;
			p = add_node(host_pci_switch_down(nodes[i].pdev), i,
				     nodes[i].hb, 0x10b5, 0x8747);
			nodes[p].port = true;
			break;
		case 5:		/* an endpoint */
			i = pick(k, is_free_port);
			if (i < 0)
				break;
			nodes[i].on_bus++;
			p = add_node(host_pci_endpoint(nodes[i].pdev, 0x15b3,
						       0x1017),
				     i, nodes[i].hb, 0x15b3, 0x1017);
			nodes[p].endpoint = true;
			break;
		case 6:		/* another function */
			i = pick(k, can_have_fn);
			if (i < 0)
				break;
			nodes[i].fns++;
			p = add_node(host_pci_function(nodes[i].pdev, 0x15b3,
						       0x1018),
				     nodes[i].up, nodes[i].hb, 0x15b3, 0x1018);
			break;
		case 7:		/* a virtual function */
			i = pick(k, can_have_vf);
			if (i < 0)
				break;
			nodes[i].vfs++;
			p = add_node(host_pci_vf(nodes[i].pdev), nodes[i].up,
				     nodes[i].hb, 0x15b3, 0x1018);
			nodes[p].pf = i;
			break;
		default:	/* ACS bits */
			if (!nr_nodes)
				break;
			i = k % nr_nodes;
			op = fuzz_u8(in);
			if (op == 0xff)
				host_pci_clear_acs(nodes[i].pdev);
			else
				host_pci_set_acs(nodes[i].pdev, op & 0x7f);
			break;
		}
	}
}

/* The reference, from the target's own record of the tree */

static bool redirects(int i)
{
	const struct pci_dev *pdev = nodes[i].pdev;

	return pdev->acs_cap &&
	       (pdev->host_acs_ctrl & (PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_EC));
}

/* A VF climbs from its PF's upstream bridge. */
static int up(int i)
{
	return nodes[i].pf >= 0 ? nodes[nodes[i].pf].up : nodes[i].up;
}

static int chain(int i, int *c)
{
	int n = 0;

	for (; i >= 0; i = up(i))
		c[n++] = i;
	return n;
}

/* 0: not listed; 1: listed for pairs under one host bridge; 2: any. */
static int listed(u16 device)
{
	switch (device) {
	case 0x2030: case 0x2031: case 0x2032: case 0x2033:
	case 0x2020: case 0x09a2:
		return 2;
	case 0x3c00: case 0x3c01: case 0x2f00: case 0x2f01:
		return 1;
	default:
		return 0;
	}
}

/* The whitelist's view of a host bridge: its 00.0, else a root port first. */
static int hb_listed(int h)
{
	int first = hbs[h].first;

	if (hbs[h].device)
		return listed(hbs[h].device);
	if (first >= 0 && nodes[first].port && nodes[first].vendor == 0x8086)
		return listed(nodes[first].device);
	return 0;
}

static bool host_path_ok(int p, int c)
{
	int hp = nodes[p].hb, hc = nodes[c].hb;

	if (zen)
		return true;
	if (hp == hc)
		return hb_listed(hp) >= 1;
	return hb_listed(hp) == 2 && hb_listed(hc) == 2;
}

static int ref_distance(int p, int c, enum pci_p2pdma_map_type *type)
{
	int cp[MAX_DEVS + 1], cc[MAX_DEVS + 1], np, nc, i, j, k;
	bool acs = false;

	np = chain(p, cp);
	nc = chain(c, cc);
	for (i = 0; i < np; i++)
		for (j = 0; j < nc; j++)
			if (cp[i] == cc[j])
				goto common;
	*type = host_path_ok(p, c) ? PCI_P2PDMA_MAP_THRU_HOST_BRIDGE :
				     PCI_P2PDMA_MAP_NOT_SUPPORTED;
	return *type == PCI_P2PDMA_MAP_NOT_SUPPORTED ? -1 : np + nc;

common:
	for (k = 0; k <= i; k++)
		acs |= redirects(cp[k]);
	for (k = 0; k < j; k++)
		acs |= redirects(cc[k]);
	if (!acs)
		*type = PCI_P2PDMA_MAP_BUS_ADDR;
	else if (host_path_ok(p, c))
		*type = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE;
	else
		*type = PCI_P2PDMA_MAP_NOT_SUPPORTED;
	return *type == PCI_P2PDMA_MAP_NOT_SUPPORTED ? -1 : i + j;
}

static int dist[MAX_DEVS][MAX_DEVS];

static int distance(int p, int c)
{
	return pci_p2pdma_distance(nodes[p].pdev, &nodes[c].pdev->dev, false);
}

static bool same_sriov_device(int a, int b)
{
	int pa = nodes[a].pf >= 0 ? nodes[a].pf : a;
	int pb = nodes[b].pf >= 0 ? nodes[b].pf : b;

	return pa == pb;
}

static void check(void)
{
	enum pci_p2pdma_map_type want, map;
	struct device *two[2];
	int p, c, x, d, f, sum;

	for (p = 0; p < nr_nodes; p++)
		for (c = 0; c < nr_nodes; c++)
			dist[p][c] = distance(p, c);

	for (p = 0; p < nr_nodes; p++) {
		for (c = 0; c < nr_nodes; c++) {
			d = ref_distance(p, c, &want);
			fuzz_check(dist[p][c] == d, "%s -> %s: %d, reference %d",
				   pci_name(nodes[p].pdev),
				   pci_name(nodes[c].pdev), dist[p][c], d);
			fuzz_check(dist[p][c] == dist[c][p],
				   "%s, %s: %d one way, %d the other",
				   pci_name(nodes[p].pdev),
				   pci_name(nodes[c].pdev), dist[p][c],
				   dist[c][p]);
			map = pci_p2pdma_map_type(pcim_p2pdma_provider(
							nodes[p].pdev, 0),
						  &nodes[c].pdev->dev);
			fuzz_check(map == want, "%s -> %s: map type %d, reference %d",
				   pci_name(nodes[p].pdev),
				   pci_name(nodes[c].pdev), map, want);
			fuzz_check((map == PCI_P2PDMA_MAP_BUS_ADDR ||
				    map == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE) ==
				   (dist[p][c] >= 0),
				   "map type %d with distance %d", map,
				   dist[p][c]);
		}
		fuzz_check(dist[p][p] == 0 ||
			   (dist[p][p] == -1 && redirects(p)),
			   "%s with itself: %d", pci_name(nodes[p].pdev),
			   dist[p][p]);
	}

	/* a VF like its PF, towards devices outside their SR-IOV device */
	for (c = 0; c < nr_nodes; c++) {
		f = nodes[c].pf;
		if (f < 0 || redirects(c) != redirects(f))
			continue;
		for (x = 0; x < nr_nodes; x++) {
			if (same_sriov_device(x, c))
				continue;
			fuzz_check(dist[c][x] == dist[f][x],
				   "VF %s -> %s: %d, its PF: %d",
				   pci_name(nodes[c].pdev),
				   pci_name(nodes[x].pdev), dist[c][x],
				   dist[f][x]);
		}
	}

	/* two clients at once: the sum, or -1 when either is refused */
	for (p = 0; p + 2 < nr_nodes; p++) {
		two[0] = &nodes[p + 1].pdev->dev;
		two[1] = &nodes[p + 2].pdev->dev;
		sum = dist[p][p + 1] < 0 || dist[p][p + 2] < 0 ? -1 :
		      dist[p][p + 1] + dist[p][p + 2];
		fuzz_check(pci_p2pdma_distance_many(nodes[p].pdev, two, 2,
						    false) == sum,
			   "distance_many from %s", pci_name(nodes[p].pdev));
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct fuzz_live live = fuzz_live_now();
	struct host_pci_topo *topo;
	bool was_zen;

	nr_nodes = 0;
	nr_hbs = 0;
	memset(hbs, 0, sizeof(hbs));
	zen = fuzz_u8(&in) & 1;
	was_zen = host_cpu_set_amd_zen(zen);
	topo = host_pci_topo_create(DOMAIN);
	build(&in, topo);
	check();
	host_pci_topo_destroy(topo);
	host_cpu_set_amd_zen(was_zen);
	fuzz_live_check(live);
	return 0;
}
