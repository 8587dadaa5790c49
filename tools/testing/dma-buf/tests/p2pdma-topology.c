// SPDX-License-Identifier: GPL-2.0
/*
 * The host's P2P DMA answers against PCI topologies: a device and its own
 * functions or VFs, switches, root ports and host bridges on the whitelist
 * or not, ACS redirect along the path, clients that are not PCI devices,
 * several clients at once, and a topology that changes after the answer
 * was cached.  Each case asserts the map type, the distance and the exact
 * kernel log, as Linux 7.3's drivers/pci/p2pdma.c gives them.
 *
 * For each case the topology is built in PCI domain 1, then:
 *  A. one verbose PCI client: pci_p2pdma_map_type() on a fresh cache
 *     computes verbosely, so it logs what the distance logs;
 *  B. pci_p2pdma_distance_many(): the distance and the log;
 *  C. pci_p2pdma_map_type() again: the answer B cached, silently;
 *  D. the first client's map type and distance, not verbose (which is not
 *     quite silent in 7.3, see the cases "not verbose");
 *  E. for a case with a change(), a change to the topology and the
 *     questions again.
 *
 * Host only: the kernel cannot rebuild its PCI topology per case.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/sizes.h>
#include <host/hooks.h>
#include <host/pci-topology.h>

#define P2P_DOMAIN	1
#define MAX_CLIENTS	3

/* Root devices of host bridges */
#define ROOT_Q35	0x29c0	/* not listed */
#define ROOT_SKX	0x2030	/* listed, across host bridges too */
#define ROOT_SNB	0x3c00	/* listed, one host bridge only */
#define INTEL		0x8086

/* The kernel's lines, as the client (or the root) device prints them. */
#define ACS_LINES(client, provider, list)				\
	"pci " client ": ACS redirect is set between the client and provider (" provider ")\n" \
	"pci " client ": to disable ACS redirect for this path, add the kernel parameter: pci=disable_acs_redir=" list "\n"
#define NOT_SHARED(client, provider)					\
	"pci " client ": cannot be used for peer-to-peer DMA as the client and provider (" provider ") do not share an upstream bridge or whitelisted host bridge\n"
#define NOT_LISTED(root, id)						\
	"pci " root ": Host bridge not in P2PDMA whitelist: " id "\n"
#define NOT_PCI(name)							\
	name ": cannot be used for peer-to-peer DMA as it is not a PCI device\n"

/* The q35-like host bridge device of most cases */
#define Q35_ROOT	"0001:00:00.0"

struct p2p_ctx {
	struct kunit *test;
	struct host_pci_topo *topo;
	struct pci_dev *provider;
	struct device *clients[MAX_CLIENTS];
	int nr_clients;
	struct pci_dev *changed;	/* what a case's change() acts on */
};

struct p2p_case {
	const char *desc;
	void (*build)(struct p2p_ctx *ctx);
	bool zen;
	bool quiet;		/* verbose = false */
	bool no_p2pdma;		/* the provider never had pcim_p2pdma_init() */
	/* pci_p2pdma_distance_many() */
	int distance;
	const char *log;
	/* the first client's map type (UNKNOWN: not asked) and distance */
	enum pci_p2pdma_map_type map;
	int dist;
	const char *quiet_log;
	/* after change(), the same questions */
	void (*change)(struct p2p_ctx *ctx);
	enum pci_p2pdma_map_type stale_map;
	int distance_after;
	const char *log_after;
	enum pci_p2pdma_map_type map_after;
};

static void pair(struct p2p_ctx *ctx, struct pci_dev *provider,
		 struct pci_dev *client)
{
	ctx->provider = provider;
	ctx->clients[0] = &client->dev;
	ctx->nr_clients = 1;
}

/* ---- Topologies ---------------------------------------------------- */

struct one_switch {
	struct pci_dev *rp, *usp, *dsp0, *dsp1, *a, *b;
};

/*
 * One switch: 00:00.0 host (@root)
 *           00:01.0 RP1 - 01:00.0 USP - 02:00.0 DSP0 - 03:00.0 EP_A
 *                                     - 02:01.0 DSP1 - 04:00.0 EP_B
 */
static void build_switch(struct p2p_ctx *ctx, u16 root, struct one_switch *s)
{
	struct pci_host_bridge *hb = host_pci_host_bridge(ctx->topo, INTEL,
							  root);

	s->rp = host_pci_root_port(hb, INTEL, 0x2032);
	s->usp = host_pci_switch_up(s->rp);
	s->dsp0 = host_pci_switch_down(s->usp);
	s->dsp1 = host_pci_switch_down(s->usp);
	s->a = host_pci_endpoint(s->dsp0, 0x10de, 0x2330);
	s->b = host_pci_endpoint(s->dsp1, 0x15b3, 0x101d);
	pair(ctx, s->a, s->b);
}

static void switch_two_endpoints(struct p2p_ctx *ctx)
{
	struct one_switch s;

	build_switch(ctx, ROOT_Q35, &s);
	ctx->changed = s.dsp1;
}

static void switch_rp1_acs(struct p2p_ctx *ctx)
{
	struct one_switch s;

	build_switch(ctx, ROOT_Q35, &s);
	host_pci_set_acs(s.rp, PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_EC);
}

static void switch_usp_acs(struct p2p_ctx *ctx)
{
	struct one_switch s;

	build_switch(ctx, ROOT_Q35, &s);
	host_pci_set_acs(s.usp, PCI_ACS_RR);
}

/* Source validation, translation blocking, upstream forwarding, direct. */
static void switch_harmless_acs(struct p2p_ctx *ctx)
{
	const u16 harmless = PCI_ACS_SV | PCI_ACS_TB | PCI_ACS_UF | PCI_ACS_DT;
	struct one_switch s;

	build_switch(ctx, ROOT_Q35, &s);
	host_pci_set_acs(s.a, harmless);
	host_pci_set_acs(s.dsp0, harmless);
	host_pci_set_acs(s.usp, harmless);
	host_pci_set_acs(s.dsp1, harmless);
	host_pci_set_acs(s.b, harmless);
}

static void switch_dsp1_acs_below(struct p2p_ctx *ctx, u16 root)
{
	struct one_switch s;

	build_switch(ctx, root, &s);
	host_pci_set_acs(s.dsp1, PCI_ACS_RR);
}

static void switch_dsp1_acs(struct p2p_ctx *ctx)
{
	switch_dsp1_acs_below(ctx, ROOT_Q35);
}

static void switch_dsp1_acs_listed(struct p2p_ctx *ctx)
{
	switch_dsp1_acs_below(ctx, ROOT_SKX);
}

static void switch_dsp1_acs_listed_one_bridge(struct p2p_ctx *ctx)
{
	switch_dsp1_acs_below(ctx, ROOT_SNB);
}

static void switch_dsp0_cr_dsp1_ec(struct p2p_ctx *ctx)
{
	struct one_switch s;

	build_switch(ctx, ROOT_Q35, &s);
	host_pci_set_acs(s.dsp1, PCI_ACS_EC);
	host_pci_set_acs(s.dsp0, PCI_ACS_CR);
}

/* The VF of EP_A (03:10.0) provides; EP_B is the client. */
static void vf_behind_switch(struct p2p_ctx *ctx)
{
	struct one_switch s;

	build_switch(ctx, ROOT_Q35, &s);
	host_pci_set_acs(s.dsp0, PCI_ACS_RR);
	/* the PF is not on a VF's path: its ACS does not count */
	host_pci_set_acs(s.a, PCI_ACS_RR);
	pair(ctx, host_pci_vf(s.a), s.b);
}

/* 00:00.0 host, 00:01.0 RP1 - 01:00.0 EP (provider) */
static struct pci_dev *build_rp_ep(struct p2p_ctx *ctx, u16 root,
				   struct pci_dev **rp)
{
	struct pci_host_bridge *hb = host_pci_host_bridge(ctx->topo, INTEL,
							  root);

	*rp = host_pci_root_port(hb, INTEL, 0x2032);
	return host_pci_endpoint(*rp, 0x10de, 0x2330);
}

static void one_device_rp1_acs(struct p2p_ctx *ctx)
{
	struct pci_dev *rp, *ep = build_rp_ep(ctx, ROOT_Q35, &rp);

	/* not looked at: the walk meets the client before reaching RP1 */
	host_pci_set_acs(rp, PCI_ACS_RR);
	pair(ctx, ep, ep);
}

static void one_device_own_acs(struct p2p_ctx *ctx)
{
	struct pci_dev *rp, *ep = build_rp_ep(ctx, ROOT_Q35, &rp);

	host_pci_set_acs(ep, PCI_ACS_RR);
	pair(ctx, ep, ep);
}

/* 01:00.0 and 01:00.1 below RP1 00:01.0 */
static void build_two_functions(struct p2p_ctx *ctx, u16 root,
				struct pci_dev **rp, struct pci_dev **f0,
				struct pci_dev **f1)
{
	*f0 = build_rp_ep(ctx, root, rp);
	*f1 = host_pci_function(*f0, 0x10de, 0x22e8);
	pair(ctx, *f0, *f1);
}

static void two_functions(struct p2p_ctx *ctx)
{
	struct pci_dev *rp, *f0, *f1;

	build_two_functions(ctx, ROOT_Q35, &rp, &f0, &f1);
}

static void two_functions_rp1_acs(struct p2p_ctx *ctx)
{
	struct pci_dev *rp, *f0, *f1;

	build_two_functions(ctx, ROOT_SKX, &rp, &f0, &f1);
	host_pci_set_acs(rp, PCI_ACS_RR);
}

static void two_functions_acs_everywhere(struct p2p_ctx *ctx)
{
	struct pci_dev *rp, *f0, *f1;

	build_two_functions(ctx, ROOT_Q35, &rp, &f0, &f1);
	host_pci_set_acs(f1, PCI_ACS_RR);
	host_pci_set_acs(rp, PCI_ACS_RR);
	host_pci_set_acs(f0, PCI_ACS_RR);
}

/* PF 01:00.0 and its VFs 01:10.0, 01:10.1 below RP1 */
static void pf_and_vf(struct p2p_ctx *ctx)
{
	struct pci_dev *rp, *pf = build_rp_ep(ctx, ROOT_Q35, &rp);

	pair(ctx, pf, host_pci_vf(pf));
}

static void pf_with_acs_and_vf(struct p2p_ctx *ctx)
{
	struct pci_dev *rp, *pf = build_rp_ep(ctx, ROOT_Q35, &rp);

	host_pci_set_acs(pf, PCI_ACS_RR);
	pair(ctx, pf, host_pci_vf(pf));
}

static void build_two_vfs(struct p2p_ctx *ctx, bool acs)
{
	struct pci_dev *rp, *pf = build_rp_ep(ctx, ROOT_Q35, &rp);
	struct pci_dev *vf0 = host_pci_vf(pf);

	if (acs)
		host_pci_set_acs(pf, PCI_ACS_RR);
	pair(ctx, vf0, host_pci_vf(pf));
}

static void two_vfs(struct p2p_ctx *ctx)
{
	build_two_vfs(ctx, false);
}

static void two_vfs_pf_acs(struct p2p_ctx *ctx)
{
	build_two_vfs(ctx, true);
}

/*
 * 00:01.0 RP1 - 01:00.0 USP - 02:00.0 DSP - 03:00.0 USP0 - 04:00.0 DSP0 - 05:00.0 EP_0
 *                           - 02:01.0 DSP - 06:00.0 USP1 - 07:00.0 DSP1 - 08:00.0 EP_1
 */
static void two_leaf_switches(struct p2p_ctx *ctx)
{
	struct pci_host_bridge *hb = host_pci_host_bridge(ctx->topo, INTEL,
							  ROOT_Q35);
	struct pci_dev *top = host_pci_switch_up(host_pci_root_port(hb, INTEL,
								   0x2032));
	struct pci_dev *t0 = host_pci_switch_down(top);
	struct pci_dev *t1 = host_pci_switch_down(top);
	struct pci_dev *l0 = host_pci_switch_down(host_pci_switch_up(t0));
	struct pci_dev *l1 = host_pci_switch_down(host_pci_switch_up(t1));

	struct pci_dev *a = host_pci_endpoint(l0, 0x10de, 0x2330);

	pair(ctx, a, host_pci_endpoint(l1, 0x15b3, 0x101d));
}

/* 00:01.0 RP1 - 01:00.0 EP_A, 00:02.0 RP2 - 02:00.0 EP_B; @vendor 0: no 00.0 */
static void build_two_rps(struct p2p_ctx *ctx, u16 vendor, u16 root)
{
	struct pci_host_bridge *hb = host_pci_host_bridge(ctx->topo, vendor,
							  root);
	struct pci_dev *rp1 = host_pci_root_port(hb, INTEL, 0x2032);
	struct pci_dev *rp2 = host_pci_root_port(hb, INTEL, 0x2033);

	struct pci_dev *a = host_pci_endpoint(rp1, 0x10de, 0x2330);

	pair(ctx, a, host_pci_endpoint(rp2, 0x15b3, 0x101d));
}

static void two_root_ports(struct p2p_ctx *ctx)
{
	build_two_rps(ctx, INTEL, ROOT_Q35);
}

static void two_root_ports_2030(struct p2p_ctx *ctx)
{
	build_two_rps(ctx, INTEL, ROOT_SKX);
}

static void two_root_ports_3c00(struct p2p_ctx *ctx)
{
	build_two_rps(ctx, INTEL, ROOT_SNB);
}

static void two_root_ports_2f01(struct p2p_ctx *ctx)
{
	build_two_rps(ctx, INTEL, 0x2f01);
}

/*
 * Two host bridges, each with a 00.0 root and a root port:
 * 00:01.0 RP - 01:00.0 EP_A;  02:01.0 RP - 03:00.0 EP_B
 */
static void build_two_hosts(struct p2p_ctx *ctx, u16 root_a, u16 root_b)
{
	struct pci_host_bridge *hb_a = host_pci_host_bridge(ctx->topo, INTEL,
							    root_a);
	struct pci_host_bridge *hb_b = host_pci_host_bridge(ctx->topo, INTEL,
							    root_b);
	struct pci_dev *rp_a = host_pci_root_port(hb_a, INTEL, 0x2032);
	struct pci_dev *rp_b = host_pci_root_port(hb_b, INTEL, 0x2032);

	struct pci_dev *a = host_pci_endpoint(rp_a, 0x10de, 0x2330);

	pair(ctx, a, host_pci_endpoint(rp_b, 0x15b3, 0x101d));
}

static void two_hosts_3c00(struct p2p_ctx *ctx)
{
	build_two_hosts(ctx, ROOT_SNB, ROOT_SNB);
}

static void two_hosts_2030(struct p2p_ctx *ctx)
{
	build_two_hosts(ctx, ROOT_SKX, ROOT_SKX);
}

static void two_hosts_2020_09a2(struct p2p_ctx *ctx)
{
	build_two_hosts(ctx, 0x2020, 0x09a2);
}

static void two_hosts_second_unlisted(struct p2p_ctx *ctx)
{
	build_two_hosts(ctx, ROOT_SKX, ROOT_Q35);
}

static void two_hosts_first_unlisted(struct p2p_ctx *ctx)
{
	build_two_hosts(ctx, ROOT_Q35, ROOT_SKX);
}

static void two_hosts(struct p2p_ctx *ctx)
{
	build_two_hosts(ctx, ROOT_Q35, ROOT_Q35);
}

/* A VM: 00:00.0 host, devices at 00:01.0 and 00:02.0 */
static void build_vm(struct p2p_ctx *ctx, u16 root)
{
	struct pci_host_bridge *hb = host_pci_host_bridge(ctx->topo, INTEL,
							  root);

	struct pci_dev *a = host_pci_rc_endpoint(hb, 0x1af4, 0x1041);

	pair(ctx, a, host_pci_rc_endpoint(hb, 0x1b36, 0x0010));
}

static void vm_root_bus(struct p2p_ctx *ctx)
{
	build_vm(ctx, ROOT_Q35);
}

static void vm_root_bus_listed(struct p2p_ctx *ctx)
{
	build_vm(ctx, ROOT_SKX);
}

/* 00:01.0 provider on the root bus; 00:02.0 RP - 01:00.0 client */
static void provider_on_root_bus(struct p2p_ctx *ctx)
{
	struct pci_host_bridge *hb = host_pci_host_bridge(ctx->topo, INTEL,
							  ROOT_SKX);
	struct pci_dev *p = host_pci_rc_endpoint(hb, 0x1af4, 0x1041);
	struct pci_dev *rp = host_pci_root_port(hb, INTEL, 0x2032);

	pair(ctx, p, host_pci_endpoint(rp, 0x1b36, 0x0010));
}

static struct device *non_pci_device(struct p2p_ctx *ctx, const char *name,
				     struct pci_dev *parent)
{
	struct device *dev = kunit_device_register(ctx->test, name);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(ctx->test, dev);
	dev->parent = parent ? &parent->dev : NULL;
	return dev;
}

static void client_not_pci(struct p2p_ctx *ctx)
{
	struct one_switch s;

	build_switch(ctx, ROOT_Q35, &s);
	ctx->clients[0] = non_pci_device(ctx, "p2p-not-pci", NULL);
}

/* A DRM device below its PCI GPU: the distance looks at the GPU. */
static void client_below_pci(struct p2p_ctx *ctx)
{
	struct one_switch s;

	build_switch(ctx, ROOT_Q35, &s);
	ctx->clients[0] = non_pci_device(ctx, "p2p-card0", s.b);
}

/* Stops at once, verbose or not: the refused third is never looked at. */
static void client_not_pci_among_three(struct p2p_ctx *ctx)
{
	struct pci_dev *far;
	struct one_switch s;

	build_switch(ctx, ROOT_Q35, &s);
	far = host_pci_endpoint(host_pci_root_port(pci_find_host_bridge(s.a->bus),
						   INTEL, 0x2033),
				0x1b36, 0x0010);
	ctx->clients[1] = non_pci_device(ctx, "p2p-not-pci", NULL);
	ctx->clients[2] = &far->dev;
	ctx->nr_clients = 3;
}

static void no_clients(struct p2p_ctx *ctx)
{
	struct one_switch s;

	build_switch(ctx, ROOT_Q35, &s);
	ctx->nr_clients = 0;
}

/*
 * Host bridge 0 (8086:2030): RP 00:01.0 - USP 01:00.0 - DSP0 02:00.0 - 03:00.0 P
 *                                                     - DSP1 02:01.0 - 04:00.0 C1
 *                                                     - DSP2 02:02.0 - 05:00.0 C3
 * Host bridge 1 (8086:29c0): RP 06:01.0 - 07:00.0 C2
 * ACS on DSP1 and DSP2: C1 and C3 go through the listed host bridge.
 */
static void build_three_clients(struct p2p_ctx *ctx, bool c2_far)
{
	struct pci_host_bridge *hb0, *hb1;
	struct pci_dev *usp, *dsp1, *dsp2, *c2;

	hb0 = host_pci_host_bridge(ctx->topo, INTEL, ROOT_SKX);
	hb1 = host_pci_host_bridge(ctx->topo, INTEL, ROOT_Q35);
	usp = host_pci_switch_up(host_pci_root_port(hb0, INTEL, 0x2032));
	ctx->provider = host_pci_endpoint(host_pci_switch_down(usp),
					  0x10de, 0x2330);
	dsp1 = host_pci_switch_down(usp);
	dsp2 = host_pci_switch_down(usp);
	c2 = host_pci_endpoint(host_pci_root_port(hb1, INTEL, 0x2032),
			       0x1b36, 0x0010);
	host_pci_set_acs(dsp1, PCI_ACS_RR);
	host_pci_set_acs(dsp2, PCI_ACS_RR);
	ctx->clients[0] = &host_pci_endpoint(dsp1, 0x15b3, 0x101d)->dev;
	ctx->clients[1] = c2_far ? &c2->dev : &ctx->provider->dev;
	ctx->clients[2] = &host_pci_endpoint(dsp2, 0x15b3, 0x101d)->dev;
	ctx->nr_clients = 3;
}

static void three_clients_one_refused(struct p2p_ctx *ctx)
{
	build_three_clients(ctx, true);
}

static void three_clients_reachable(struct p2p_ctx *ctx)
{
	build_three_clients(ctx, false);
}

/*
 * The one switch and RP2 00:02.0 - 05:00.0 FAR.  Clients: FAR (refused),
 * then EP_B behind DSP1 with ACS, whose whitelist line 7.3 prints even
 * when not verbose, so it shows whether EP_B was looked at.
 */
static void refused_client_first(struct p2p_ctx *ctx)
{
	struct pci_dev *far;
	struct one_switch s;

	build_switch(ctx, ROOT_Q35, &s);
	far = host_pci_endpoint(host_pci_root_port(pci_find_host_bridge(s.a->bus),
						   INTEL, 0x2033),
				0x1b36, 0x0010);
	host_pci_set_acs(s.dsp1, PCI_ACS_RR);
	ctx->clients[0] = &far->dev;
	ctx->clients[1] = &s.b->dev;
	ctx->nr_clients = 2;
}

/*
 * RP1 00:01.0 - USP0 01:00.0 - DSP 02:00.0 - USP 03:00.0 - DSP 04:00.0
 *   - USP 05:00.0 - DSP 06:00.0 - USP 07:00.0 - DSP 08:00.0 - 09:00.0 P
 * USP0 - DSP 02:01.0 - 0a:00.0 C
 * ACS on @nr_p devices from P upwards (at most 9, up to USP0) and on @nr_c
 * from C upwards (at most 2).
 */
static void build_deep_switches(struct p2p_ctx *ctx, int nr_p, int nr_c)
{
	struct pci_host_bridge *hb = host_pci_host_bridge(ctx->topo, INTEL,
							  ROOT_Q35);
	struct pci_dev *usp0, *usp, *pdev;
	int i;

	usp0 = host_pci_switch_up(host_pci_root_port(hb, INTEL, 0x2032));
	usp = usp0;
	for (i = 0; i < 3; i++)
		usp = host_pci_switch_up(host_pci_switch_down(usp));
	pdev = host_pci_endpoint(host_pci_switch_down(usp), 0x10de, 0x2330);
	pair(ctx, pdev, host_pci_endpoint(host_pci_switch_down(usp0),
					  0x15b3, 0x101d));

	for (pdev = ctx->provider, i = 0; i < nr_p;
	     pdev = pci_upstream_bridge(pdev), i++)
		host_pci_set_acs(pdev, PCI_ACS_RR);
	for (pdev = to_pci_dev(ctx->clients[0]), i = 0; i < nr_c;
	     pdev = pci_upstream_bridge(pdev), i++)
		host_pci_set_acs(pdev, PCI_ACS_RR);
	KUNIT_ASSERT_STREQ(ctx->test, pci_name(usp0), "0001:01:00.0");
}

/*
 * P and 8 bridges (117 bytes), then C's name, which fits only in part,
 * then DSP 02:01.0's, which does not fit at all.
 */
static void deep_switches_eleven_acs(struct p2p_ctx *ctx)
{
	build_deep_switches(ctx, 9, 2);
}

/* Ten: one name more than fits, as on kernel/topologies/acs-overflow.qemu. */
static void deep_switches_ten_acs(struct p2p_ctx *ctx)
{
	build_deep_switches(ctx, 9, 1);
}

/* P and 7 bridges, then C: exactly nine names, 117 bytes, fit. */
static void deep_switches_nine_acs(struct p2p_ctx *ctx)
{
	build_deep_switches(ctx, 8, 1);
}

static void set_dsp1_acs(struct p2p_ctx *ctx)
{
	host_pci_set_acs(ctx->changed, PCI_ACS_RR);
}

/* 00:01.0 is an integrated endpoint: the host bridge has no root device. */
static void root_neither_00_0_nor_rp(struct p2p_ctx *ctx)
{
	struct pci_host_bridge *hb = host_pci_host_bridge(ctx->topo, 0, 0);
	struct pci_dev *rp1, *rp2, *a;

	host_pci_rc_endpoint(hb, INTEL, ROOT_SKX);
	rp1 = host_pci_root_port(hb, INTEL, 0x2032);
	rp2 = host_pci_root_port(hb, INTEL, 0x2033);
	a = host_pci_endpoint(rp1, 0x10de, 0x2330);
	pair(ctx, a, host_pci_endpoint(rp2, 0x15b3, 0x101d));
}

/* The same, with ACS on a shared root port: no root to name. */
static void no_root_device_acs(struct p2p_ctx *ctx)
{
	struct pci_host_bridge *hb = host_pci_host_bridge(ctx->topo, 0, 0);
	struct pci_dev *rp, *f0;

	host_pci_rc_endpoint(hb, INTEL, ROOT_SKX);
	rp = host_pci_root_port(hb, INTEL, 0x2032);
	f0 = host_pci_endpoint(rp, 0x10de, 0x2330);
	host_pci_set_acs(rp, PCI_ACS_RR);
	pair(ctx, f0, host_pci_function(f0, 0x10de, 0x22e8));
}

/* Skylake: no 00.0 device, the first root port is the listed one. */
static void root_port_listed_first(struct p2p_ctx *ctx)
{
	build_two_rps(ctx, 0, 0);
	/* RP1 is 8086:2032 */
}

/* The first root port, unlisted, is named by the warning. */
static void root_port_unlisted_first(struct p2p_ctx *ctx)
{
	struct pci_host_bridge *hb = host_pci_host_bridge(ctx->topo, 0, 0);
	struct pci_dev *rp = host_pci_root_port(hb, 0x1022, 0x1483);
	struct pci_dev *f0 = host_pci_endpoint(rp, 0x10de, 0x2330);

	host_pci_set_acs(rp, PCI_ACS_RR);
	pair(ctx, f0, host_pci_function(f0, 0x10de, 0x22e8));
}

/* ---- The table ----------------------------------------------------- */

static const struct p2p_case p2p_cases[] = {
	{
		.desc = "P == C, ACS above",
		.build = one_device_rp1_acs,
		.distance = 0, .map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 0,
	}, {
		.desc = "P == C, own ACS, Zen",
		.build = one_device_own_acs, .zen = true,
		.distance = 0,
		.log = ACS_LINES("0001:01:00.0", "0001:01:00.0", "0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 0,
	}, {
		.desc = "P == C, own ACS, host not listed",
		.build = one_device_own_acs,
		.distance = -1,
		.log = ACS_LINES("0001:01:00.0", "0001:01:00.0", "0001:01:00.0")
		       NOT_LISTED(Q35_ROOT, "8086:29c0")
		       NOT_SHARED("0001:01:00.0", "0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 0,
		.quiet_log = NOT_LISTED(Q35_ROOT, "8086:29c0"),
	}, {
		.desc = "two functions",
		.build = two_functions,
		.distance = 2, .map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 2,
	}, {
		.desc = "two functions, RP1 ACS, host listed",
		.build = two_functions_rp1_acs,
		.distance = 2,
		.log = ACS_LINES("0001:01:00.1", "0001:01:00.0", "0001:00:01.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 2,
	}, {
		.desc = "two functions, ACS on f0 RP1 f1",
		.build = two_functions_acs_everywhere,
		.distance = -1,
		.log = ACS_LINES("0001:01:00.1", "0001:01:00.0",
				 "0001:01:00.0;0001:00:01.0;0001:01:00.1")
		       NOT_LISTED(Q35_ROOT, "8086:29c0")
		       NOT_SHARED("0001:01:00.1", "0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 2,
		.quiet_log = NOT_LISTED(Q35_ROOT, "8086:29c0"),
	}, {
		.desc = "PF and its VF",
		.build = pf_and_vf,
		.distance = 2, .map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 2,
	}, {
		.desc = "PF with ACS and its VF, Zen",
		.build = pf_with_acs_and_vf, .zen = true,
		.distance = 2,
		.log = ACS_LINES("0001:01:10.0", "0001:01:00.0", "0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 2,
	}, {
		.desc = "two VFs of one PF",
		.build = two_vfs,
		.distance = 2, .map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 2,
	}, {
		.desc = "two VFs, PF ACS off the path",
		.build = two_vfs_pf_acs,
		.distance = 2, .map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 2,
	}, {
		.desc = "VF behind a switch, DSP0 ACS, Zen",
		.build = vf_behind_switch, .zen = true,
		.distance = 4,
		.log = ACS_LINES("0001:04:00.0", "0001:03:10.0", "0001:02:00.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "one switch",
		.build = switch_two_endpoints,
		.distance = 4, .map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 4,
	}, {
		.desc = "one switch, RP1 ACS not looked at",
		.build = switch_rp1_acs,
		.distance = 4, .map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 4,
	}, {
		.desc = "one switch, ACS bits that do not redirect",
		.build = switch_harmless_acs,
		.distance = 4, .map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 4,
	}, {
		.desc = "one switch, ACS on the common USP",
		.build = switch_usp_acs,
		.distance = -1,
		.log = ACS_LINES("0001:04:00.0", "0001:03:00.0", "0001:01:00.0")
		       NOT_LISTED(Q35_ROOT, "8086:29c0")
		       NOT_SHARED("0001:04:00.0", "0001:03:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 4,
		.quiet_log = NOT_LISTED(Q35_ROOT, "8086:29c0"),
	}, {
		.desc = "one switch, DSP1 ACS, Zen",
		.build = switch_dsp1_acs, .zen = true,
		.distance = 4,
		.log = ACS_LINES("0001:04:00.0", "0001:03:00.0", "0001:02:01.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "one switch, DSP1 ACS, host not listed",
		.build = switch_dsp1_acs,
		.distance = -1,
		.log = ACS_LINES("0001:04:00.0", "0001:03:00.0", "0001:02:01.0")
		       NOT_LISTED(Q35_ROOT, "8086:29c0")
		       NOT_SHARED("0001:04:00.0", "0001:03:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 4,
		.quiet_log = NOT_LISTED(Q35_ROOT, "8086:29c0"),
	}, {
		.desc = "one switch, DSP1 ACS, host 8086:2030",
		.build = switch_dsp1_acs_listed,
		.distance = 4,
		.log = ACS_LINES("0001:04:00.0", "0001:03:00.0", "0001:02:01.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "one switch, DSP1 ACS, host 8086:3c00 same bridge",
		.build = switch_dsp1_acs_listed_one_bridge,
		.distance = 4,
		.log = ACS_LINES("0001:04:00.0", "0001:03:00.0", "0001:02:01.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "one switch, DSP1 ACS, not verbose, Zen: silent",
		.build = switch_dsp1_acs, .zen = true, .quiet = true,
		.distance = 4,
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "one switch, DSP1 ACS, not verbose, host not listed: whitelist line",
		.build = switch_dsp1_acs, .quiet = true,
		.distance = -1,
		.log = NOT_LISTED(Q35_ROOT, "8086:29c0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 4,
		.quiet_log = NOT_LISTED(Q35_ROOT, "8086:29c0"),
	}, {
		.desc = "one switch, DSP0 CR and DSP1 EC, Zen",
		.build = switch_dsp0_cr_dsp1_ec, .zen = true,
		.distance = 4,
		.log = ACS_LINES("0001:04:00.0", "0001:03:00.0",
				 "0001:02:00.0;0001:02:01.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "two leaf switches",
		.build = two_leaf_switches,
		.distance = 8, .map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 8,
	}, {
		.desc = "two root ports, host not listed",
		.build = two_root_ports,
		.distance = -1,
		.log = NOT_SHARED("0001:02:00.0", "0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 4,
	}, {
		.desc = "two root ports, not verbose: silent",
		.build = two_root_ports, .quiet = true,
		.distance = -1,
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 4,
	}, {
		.desc = "two root ports, root 8086:2030",
		.build = two_root_ports_2030,
		.distance = 4, .map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "two root ports, root 8086:3c00",
		.build = two_root_ports_3c00,
		.distance = 4, .map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "two root ports, root 8086:2f01",
		.build = two_root_ports_2f01,
		.distance = 4, .map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "two host bridges 8086:3c00",
		.build = two_hosts_3c00,
		.distance = -1,
		.log = NOT_SHARED("0001:03:00.0", "0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 4,
	}, {
		.desc = "two host bridges 8086:2030",
		.build = two_hosts_2030,
		.distance = 4, .map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "host bridges 8086:2020 and 8086:09a2",
		.build = two_hosts_2020_09a2,
		.distance = 4, .map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "two host bridges, the second not listed",
		.build = two_hosts_second_unlisted,
		.distance = -1,
		.log = NOT_SHARED("0001:03:00.0", "0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 4,
	}, {
		.desc = "two host bridges, the first not listed",
		.build = two_hosts_first_unlisted,
		.distance = -1,
		.log = NOT_SHARED("0001:03:00.0", "0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 4,
	}, {
		.desc = "two host bridges, Zen",
		.build = two_hosts, .zen = true,
		.distance = 4, .map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "two root ports, Zen",
		.build = two_root_ports, .zen = true,
		.distance = 4, .map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "two devices on a root bus",
		.build = vm_root_bus,
		.distance = -1,
		.log = NOT_SHARED("0001:00:02.0", "0001:00:01.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 2,
	}, {
		.desc = "two devices on a root bus, Zen",
		.build = vm_root_bus, .zen = true,
		.distance = 2, .map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 2,
	}, {
		.desc = "two devices on a root bus, root listed",
		.build = vm_root_bus_listed,
		.distance = 2, .map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 2,
	}, {
		.desc = "provider on the root bus",
		.build = provider_on_root_bus,
		.distance = 3, .map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 3,
	}, {
		.desc = "client not a PCI device",
		.build = client_not_pci,
		.distance = -1,
		.log = NOT_PCI("p2p-not-pci"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED,
	}, {
		.desc = "client below a PCI device",
		.build = client_below_pci,
		.distance = 4,
		.map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 4,
	}, {
		.desc = "non-PCI second of three clients",
		.build = client_not_pci_among_three,
		.distance = -1,
		.log = NOT_PCI("p2p-not-pci"),
		.map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 4,
	}, {
		.desc = "no clients",
		.build = no_clients,
		.distance = -1,
	}, {
		.desc = "three clients, one refused",
		.build = three_clients_one_refused,
		.distance = -1,
		.log = ACS_LINES("0001:04:00.0", "0001:03:00.0", "0001:02:01.0")
		       NOT_SHARED("0001:07:00.0", "0001:03:00.0")
		       ACS_LINES("0001:05:00.0", "0001:03:00.0", "0001:02:02.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "three clients, one refused, not verbose",
		.build = three_clients_one_refused, .quiet = true,
		.distance = -1,
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "three clients, all reachable: the sum",
		.build = three_clients_reachable,
		.distance = 8,
		.log = ACS_LINES("0001:04:00.0", "0001:03:00.0", "0001:02:01.0")
		       ACS_LINES("0001:05:00.0", "0001:03:00.0", "0001:02:02.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "refused client first, verbose: the next one too",
		.build = refused_client_first,
		.distance = -1,
		.log = NOT_SHARED("0001:05:00.0", "0001:03:00.0")
		       ACS_LINES("0001:04:00.0", "0001:03:00.0", "0001:02:01.0")
		       NOT_LISTED(Q35_ROOT, "8086:29c0")
		       NOT_SHARED("0001:04:00.0", "0001:03:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 6,
	}, {
		.desc = "refused client first, not verbose: stops there",
		.build = refused_client_first, .quiet = true,
		.distance = -1,
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 6,
	}, {
		/*
		 * The list overflows: cut at its last ';', it names the nine
		 * devices that fit whole and not the part of C's name that
		 * did fit (kernel/patches/0001).
		 */
		.desc = "eleven ACS devices: the list overflows, nine names kept",
		.build = deep_switches_eleven_acs, .zen = true,
		.distance = 10,
		.log = ACS_LINES("0001:0a:00.0", "0001:09:00.0",
				 "0001:09:00.0;0001:08:00.0;0001:07:00.0;"
				 "0001:06:00.0;0001:05:00.0;0001:04:00.0;"
				 "0001:03:00.0;0001:02:00.0;0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 10,
	}, {
		.desc = "ten ACS devices, host not listed: nine names kept",
		.build = deep_switches_ten_acs,
		.distance = -1,
		.log = ACS_LINES("0001:0a:00.0", "0001:09:00.0",
				 "0001:09:00.0;0001:08:00.0;0001:07:00.0;"
				 "0001:06:00.0;0001:05:00.0;0001:04:00.0;"
				 "0001:03:00.0;0001:02:00.0;0001:01:00.0")
		       NOT_LISTED(Q35_ROOT, "8086:29c0")
		       NOT_SHARED("0001:0a:00.0", "0001:09:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 10,
		.quiet_log = NOT_LISTED(Q35_ROOT, "8086:29c0"),
	}, {
		.desc = "nine ACS devices: the list just fits",
		.build = deep_switches_nine_acs, .zen = true,
		.distance = 10,
		.log = ACS_LINES("0001:0a:00.0", "0001:09:00.0",
				 "0001:09:00.0;0001:08:00.0;0001:07:00.0;"
				 "0001:06:00.0;0001:05:00.0;0001:04:00.0;"
				 "0001:03:00.0;0001:02:00.0;0001:0a:00.0"),
		.map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 10,
	}, {
		.desc = "one switch, ACS set after the first answer",
		.build = switch_two_endpoints,
		.distance = 4, .map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 4,
		.change = set_dsp1_acs,
		.stale_map = PCI_P2PDMA_MAP_BUS_ADDR,
		.distance_after = -1,
		.log_after = ACS_LINES("0001:04:00.0", "0001:03:00.0",
				       "0001:02:01.0")
			     NOT_LISTED(Q35_ROOT, "8086:29c0")
			     NOT_SHARED("0001:04:00.0", "0001:03:00.0"),
		.map_after = PCI_P2PDMA_MAP_NOT_SUPPORTED,
	}, {
		.desc = "one switch, ACS set later, provider without P2P state: nothing cached",
		.build = switch_two_endpoints, .no_p2pdma = true,
		.distance = 4, .map = PCI_P2PDMA_MAP_BUS_ADDR, .dist = 4,
		.change = set_dsp1_acs,
		.stale_map = PCI_P2PDMA_MAP_NOT_SUPPORTED,
		.distance_after = -1,
		.log_after = ACS_LINES("0001:04:00.0", "0001:03:00.0",
				       "0001:02:01.0")
			     NOT_LISTED(Q35_ROOT, "8086:29c0")
			     NOT_SHARED("0001:04:00.0", "0001:03:00.0"),
		.map_after = PCI_P2PDMA_MAP_NOT_SUPPORTED,
	}, {
		.desc = "root neither 00.0 nor a root port",
		.build = root_neither_00_0_nor_rp,
		.distance = -1,
		.log = NOT_SHARED("0001:02:00.0", "0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 4,
	}, {
		.desc = "no root device, ACS: no whitelist line",
		.build = no_root_device_acs,
		.distance = -1,
		.log = ACS_LINES("0001:01:00.1", "0001:01:00.0", "0001:00:02.0")
		       NOT_SHARED("0001:01:00.1", "0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 2,
	}, {
		.desc = "root port 8086:2032 first on the root bus",
		.build = root_port_listed_first,
		.distance = 4, .map = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, .dist = 4,
	}, {
		.desc = "root port 1022:1483 first, ACS",
		.build = root_port_unlisted_first,
		.distance = -1,
		.log = ACS_LINES("0001:01:00.1", "0001:01:00.0", "0001:00:01.0")
		       NOT_LISTED("0001:00:01.0", "1022:1483")
		       NOT_SHARED("0001:01:00.1", "0001:01:00.0"),
		.map = PCI_P2PDMA_MAP_NOT_SUPPORTED, .dist = 2,
		.quiet_log = NOT_LISTED("0001:00:01.0", "1022:1483"),
	},
};

KUNIT_ARRAY_PARAM_DESC(p2p, p2p_cases, desc);

/* ---- Running a case ------------------------------------------------ */

KUNIT_DEFINE_ACTION_WRAPPER(topo_destroy_action, host_pci_topo_destroy,
			    struct host_pci_topo *);

/* @old is non-NULL if the CPU was a Zen one. */
static void restore_zen(void *old)
{
	host_cpu_set_amd_zen(old);
}

/* A topology in domain 1 and the CPU of @zen, both undone at case end. */
static void p2p_ctx_init(struct kunit *test, struct p2p_ctx *ctx, bool zen)
{
	bool old = host_cpu_set_amd_zen(zen);
	int ret;

	ret = kunit_add_action_or_reset(test, restore_zen, old ? test : NULL);
	KUNIT_ASSERT_EQ(test, ret, 0);
	memset(ctx, 0, sizeof(*ctx));
	ctx->test = test;
	ctx->topo = host_pci_topo_create(P2P_DOMAIN);
	ret = kunit_add_action_or_reset(test, topo_destroy_action, ctx->topo);
	KUNIT_ASSERT_EQ(test, ret, 0);
}

/* Compares what was logged with what the kernel logs, then frees it. */
static void expect_log(struct kunit *test, char *log, const char *want,
		       const char *step)
{
	KUNIT_EXPECT_STREQ_MSG(test, log, want ? want : "", "step %s", step);
	free(log);
}

static struct pci_dev *pci_of(struct device *dev)
{
	for (; dev; dev = dev->parent)
		if (dev_is_pci(dev))
			return to_pci_dev(dev);
	return NULL;
}

static void test_p2p_case(struct kunit *test)
{
	const struct p2p_case *c = test->param_value;
	struct p2pdma_provider bare, *provider;
	enum pci_p2pdma_map_type map;
	struct pci_dev *client_pci;
	struct device *client;
	struct p2p_ctx ctx;
	int d, dist = -2;
	bool verbose = !c->quiet;

	p2p_ctx_init(test, &ctx, c->zen);
	c->build(&ctx);
	KUNIT_ASSERT_NOT_NULL(test, ctx.provider);
	if (c->no_p2pdma) {
		bare = (struct p2pdma_provider){ .owner = &ctx.provider->dev };
		provider = &bare;
	} else {
		host_pci_set_bar(ctx.provider, 0, 0x380000000000ULL, SZ_1M);
		KUNIT_ASSERT_EQ(test, pcim_p2pdma_init(ctx.provider), 0);
		provider = pcim_p2pdma_provider(ctx.provider, 0);
		KUNIT_ASSERT_NOT_NULL(test, provider);
	}
	client = ctx.nr_clients ? ctx.clients[0] : NULL;
	client_pci = client ? pci_of(client) : NULL;

	/* A: a fresh cache computes verbosely, with the distance's lines */
	if (verbose && ctx.nr_clients == 1 && dev_is_pci(client) &&
	    !c->no_p2pdma) {
		host_log_capture_begin();
		map = pci_p2pdma_map_type(provider, client);
		expect_log(test, host_log_capture_end(), c->log, "A");
		KUNIT_EXPECT_EQ_MSG(test, map, c->map, "step A");
	}

	/* B */
	host_log_capture_begin();
	d = pci_p2pdma_distance_many(ctx.provider, ctx.clients, ctx.nr_clients,
				     verbose);
	expect_log(test, host_log_capture_end(), c->log, "B");
	KUNIT_EXPECT_EQ_MSG(test, d, c->distance, "step B");

	if (c->map == PCI_P2PDMA_MAP_UNKNOWN)
		return;

	/* C: cached by B, so silent; nothing without a PCI client or state */
	host_log_capture_begin();
	map = pci_p2pdma_map_type(provider, client);
	expect_log(test, host_log_capture_end(), NULL, "C");
	KUNIT_EXPECT_EQ_MSG(test, map, dev_is_pci(client) && !c->no_p2pdma ?
			    c->map : PCI_P2PDMA_MAP_NOT_SUPPORTED, "step C");

	/* D */
	if (client_pci) {
		host_log_capture_begin();
		map = host_pci_p2pdma_calc(ctx.provider, client_pci, &dist,
					   false);
		expect_log(test, host_log_capture_end(), c->quiet_log, "D");
		KUNIT_EXPECT_EQ_MSG(test, map, c->map, "step D");
		KUNIT_EXPECT_EQ_MSG(test, dist, c->dist, "step D");
	}

	if (!c->change)
		return;

	/* E: the cache keeps the first answer; the distance recomputes */
	c->change(&ctx);
	host_log_capture_begin();
	map = pci_p2pdma_map_type(provider, client);
	expect_log(test, host_log_capture_end(), NULL, "E stale");
	KUNIT_EXPECT_EQ_MSG(test, map, c->stale_map, "step E stale");

	host_log_capture_begin();
	d = pci_p2pdma_distance_many(ctx.provider, ctx.clients, ctx.nr_clients,
				     verbose);
	expect_log(test, host_log_capture_end(), c->log_after, "E distance");
	KUNIT_EXPECT_EQ_MSG(test, d, c->distance_after, "step E distance");

	host_log_capture_begin();
	map = pci_p2pdma_map_type(provider, client);
	expect_log(test, host_log_capture_end(), NULL, "E after");
	KUNIT_EXPECT_EQ_MSG(test, map, c->map_after, "step E after");
}

/* ---- The model itself ---------------------------------------------- */

/*
 * Built out of order, named as Linux enumerates: the second root port's
 * bus is renumbered when a switch appears under the first.
 */
static void test_topology_names(struct kunit *test)
{
	struct pci_dev *rp1, *rp2, *usp, *dsp, *ep, *pf, *vf, *f1, *found;
	struct pci_host_bridge *hb, *hb2;
	struct p2p_ctx ctx;
	int n = 0;

	p2p_ctx_init(test, &ctx, false);
	hb = host_pci_host_bridge(ctx.topo, INTEL, ROOT_SKX);
	rp1 = host_pci_root_port(hb, INTEL, 0x2032);
	rp2 = host_pci_root_port(hb, INTEL, 0x2033);
	pf = host_pci_endpoint(rp2, 0xabcd, 0x0001);
	KUNIT_EXPECT_STREQ(test, pci_name(pf), "0001:02:00.0");
	usp = host_pci_switch_up(rp1);
	dsp = host_pci_switch_down(usp);
	ep = host_pci_endpoint(dsp, 0xabcd, 0x0003);
	f1 = host_pci_function(ep, 0xabcd, 0x0004);
	vf = host_pci_vf(pf);
	hb2 = host_pci_host_bridge(ctx.topo, 0, 0);
	host_pci_rc_endpoint(hb2, 0xabcd, 0x0005);

	KUNIT_EXPECT_STREQ(test, pci_name(rp1), "0001:00:01.0");
	KUNIT_EXPECT_STREQ(test, pci_name(rp2), "0001:00:02.0");
	KUNIT_EXPECT_STREQ(test, pci_name(usp), "0001:01:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(dsp), "0001:02:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(ep), "0001:03:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(f1), "0001:03:00.1");
	KUNIT_EXPECT_STREQ(test, pci_name(pf), "0001:04:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(vf), "0001:04:10.0");
	KUNIT_EXPECT_EQ(test, hb2->bus->number, 5);

	KUNIT_EXPECT_PTR_EQ(test, pci_upstream_bridge(ep), dsp);
	KUNIT_EXPECT_PTR_EQ(test, pci_upstream_bridge(f1), dsp);
	KUNIT_EXPECT_PTR_EQ(test, pci_upstream_bridge(vf), rp2);
	KUNIT_EXPECT_NULL(test, pci_upstream_bridge(rp1));
	KUNIT_EXPECT_PTR_EQ(test, pci_physfn(vf), pf);
	KUNIT_EXPECT_TRUE(test, vf->is_virtfn);
	KUNIT_EXPECT_EQ(test, pci_pcie_type(usp), PCI_EXP_TYPE_UPSTREAM);
	KUNIT_EXPECT_EQ(test, pci_pcie_type(dsp), PCI_EXP_TYPE_DOWNSTREAM);
	KUNIT_EXPECT_PTR_EQ(test, pci_find_host_bridge(ep->bus), hb);
	KUNIT_EXPECT_EQ(test, pci_domain_nr(ep->bus), P2P_DOMAIN);

	/* pci_get_device() sees them, after the machine's */
	found = NULL;
	while ((found = pci_get_device(0xabcd, PCI_ANY_ID, found)))
		n++;
	KUNIT_EXPECT_EQ(test, n, 5);
	found = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL);
	KUNIT_ASSERT_NOT_NULL(test, found);
	KUNIT_EXPECT_STREQ(test, pci_name(found), "0000:00:00.0");
	pci_dev_put(found);

	/* a removed device is no longer found, and freed at its last put */
	found = pci_get_device(0xabcd, 0x0003, NULL);
	KUNIT_EXPECT_PTR_EQ(test, found, ep);
	kunit_release_action(test, topo_destroy_action, ctx.topo);
	KUNIT_EXPECT_NULL(test, pci_get_device(0xabcd, PCI_ANY_ID, NULL));
	pci_dev_put(found);
}

/*
 * Fixed slots and the firmware's bus order: the same tree numbered as
 * Linux's scan would and as qboot does (siblings from the highest slot
 * down), with a hole in the slots filled by the next device.
 */
static void test_topology_firmware_order(struct kunit *test)
{
	struct pci_dev *rp4, *rp5, *rp1, *lpc, *usp, *d0, *d1, *ep0, *ep1;
	struct pci_host_bridge *hb;
	struct p2p_ctx ctx;

	p2p_ctx_init(test, &ctx, false);
	hb = host_pci_host_bridge(ctx.topo, INTEL, ROOT_Q35);
	lpc = host_pci_rc_endpoint_at(hb, PCI_DEVFN(0x1f, 0), INTEL, 0x2918);
	rp4 = host_pci_root_port_at(hb, PCI_DEVFN(4, 0), 0x1b36, 0x000c);
	rp5 = host_pci_root_port_at(hb, PCI_DEVFN(5, 0), 0x1b36, 0x000c);
	rp1 = host_pci_root_port(hb, INTEL, 0x2032);	/* the lowest free */
	usp = host_pci_switch_up(rp4);
	d0 = host_pci_switch_down_at(usp, PCI_DEVFN(0, 0));
	d1 = host_pci_switch_down_at(usp, PCI_DEVFN(2, 0));
	ep0 = host_pci_endpoint_at(d0, PCI_DEVFN(0, 0), 0x10de, 0x2330);
	ep1 = host_pci_endpoint(rp5, 0x15b3, 0x101d);

	KUNIT_EXPECT_STREQ(test, pci_name(lpc), "0001:00:1f.0");
	KUNIT_EXPECT_STREQ(test, pci_name(rp1), "0001:00:01.0");
	KUNIT_EXPECT_STREQ(test, pci_name(rp4), "0001:00:04.0");
	KUNIT_EXPECT_STREQ(test, pci_name(rp5), "0001:00:05.0");
	KUNIT_EXPECT_STREQ(test, pci_name(d1), "0001:03:02.0");
	/* Linux: 00:01.0 bus 1, 00:04.0 buses 2-5, 00:05.0 bus 6 */
	KUNIT_EXPECT_EQ(test, rp1->subordinate->number, 1);
	KUNIT_EXPECT_STREQ(test, pci_name(usp), "0001:02:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(ep0), "0001:04:00.0");
	KUNIT_EXPECT_EQ(test, d1->subordinate->number, 5);
	KUNIT_EXPECT_STREQ(test, pci_name(ep1), "0001:06:00.0");

	/* qboot: 00:05.0 bus 1, 00:04.0 buses 2-5 (d1 before d0), 00:01.0 6 */
	host_pci_topo_set_bus_order(ctx.topo, HOST_PCI_BUS_ORDER_REVERSE_SLOT);
	KUNIT_EXPECT_STREQ(test, pci_name(ep1), "0001:01:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(usp), "0001:02:00.0");
	KUNIT_EXPECT_EQ(test, d1->subordinate->number, 4);
	KUNIT_EXPECT_STREQ(test, pci_name(ep0), "0001:05:00.0");
	KUNIT_EXPECT_EQ(test, rp1->subordinate->number, 6);

	/* the walk does not care how buses are numbered */
	KUNIT_EXPECT_PTR_EQ(test, pci_upstream_bridge(ep0), d0);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(ep0, &ep1->dev, false), -1);
}

/*
 * What a QEMU command line may build and PCIe would not: conventional PCI
 * functions on the root bus, a root port behind a switch's upstream port,
 * a downstream port without a device; and an ACS capability as a device
 * has it.
 */
static void test_topology_any_device(struct kunit *test)
{
	struct pci_dev *hbdev, *sata, *rp, *usp, *dp, *dn, *ep;
	struct pci_host_bridge *hb;
	struct p2p_ctx ctx;
	u16 cap, ctrl;
	int d;

	p2p_ctx_init(test, &ctx, false);
	hb = host_pci_host_bridge(ctx.topo, 0, 0);
	hbdev = host_pci_device_at(hb->bus, PCI_DEVFN(0, 0), INTEL, ROOT_Q35,
				   HOST_PCI_NOT_PCIE, false);
	sata = host_pci_device_at(hb->bus, PCI_DEVFN(0x1f, 2), INTEL, 0x2922,
				  HOST_PCI_NOT_PCIE, false);
	rp = host_pci_device_at(hb->bus, PCI_DEVFN(4, 0), 0x1b36, 0x000c,
				PCI_EXP_TYPE_ROOT_PORT, true);
	usp = host_pci_device_at(rp->subordinate, PCI_DEVFN(0, 0), 0x104c,
				 0x8232, PCI_EXP_TYPE_UPSTREAM, true);
	dp = host_pci_device_at(usp->subordinate, PCI_DEVFN(1, 0), 0x1b36,
				0x000c, PCI_EXP_TYPE_ROOT_PORT, true);
	dn = host_pci_device_at(usp->subordinate, HOST_PCI_NEXT_SLOT, 0x104c,
				0x8233, PCI_EXP_TYPE_DOWNSTREAM, true);
	ep = host_pci_device_at(dp->subordinate, PCI_DEVFN(0, 0), 0x1b36,
				0x0010, PCI_EXP_TYPE_ENDPOINT, false);
	host_pci_set_acs_cap(dp, 0x005f, PCI_ACS_RR | PCI_ACS_CR);
	host_pci_set_acs(rp, 0);

	KUNIT_EXPECT_STREQ(test, pci_name(hbdev), "0001:00:00.0");
	KUNIT_EXPECT_FALSE(test, pci_is_pcie(hbdev));
	KUNIT_EXPECT_STREQ(test, pci_name(sata), "0001:00:1f.2");
	KUNIT_EXPECT_FALSE(test, pci_is_pcie(sata));
	KUNIT_EXPECT_NULL(test, sata->subordinate);
	KUNIT_EXPECT_STREQ(test, pci_name(usp), "0001:01:00.0");
	KUNIT_EXPECT_EQ(test, pci_pcie_type(usp), PCI_EXP_TYPE_UPSTREAM);
	KUNIT_EXPECT_STREQ(test, pci_name(dp), "0001:02:01.0");
	KUNIT_EXPECT_EQ(test, pci_pcie_type(dp), PCI_EXP_TYPE_ROOT_PORT);
	/* the next free slot of the switch's bus is 0 */
	KUNIT_EXPECT_STREQ(test, pci_name(dn), "0001:02:00.0");
	KUNIT_EXPECT_EQ(test, dn->subordinate->number, 3);
	KUNIT_EXPECT_STREQ(test, pci_name(ep), "0001:04:00.0");
	KUNIT_EXPECT_PTR_EQ(test, pci_upstream_bridge(ep), dp);

	KUNIT_EXPECT_EQ(test, pci_read_config_word(dp, dp->acs_cap + PCI_ACS_CAP,
						   &cap), PCIBIOS_SUCCESSFUL);
	KUNIT_EXPECT_EQ(test, pci_read_config_word(dp, dp->acs_cap + PCI_ACS_CTRL,
						   &ctrl), PCIBIOS_SUCCESSFUL);
	KUNIT_EXPECT_EQ(test, cap, 0x005f);
	KUNIT_EXPECT_EQ(test, ctrl, PCI_ACS_RR | PCI_ACS_CR);
	pci_read_config_word(rp, rp->acs_cap + PCI_ACS_CAP, &cap);
	KUNIT_EXPECT_EQ(test, cap, 0x007f);

	/* redirect on the port behind the switch; none once it is taken away */
	KUNIT_EXPECT_EQ(test, host_pci_p2pdma_calc(ep, usp, &d, false),
			PCI_P2PDMA_MAP_NOT_SUPPORTED);
	host_pci_clear_acs(dp);
	KUNIT_EXPECT_EQ(test, dp->acs_cap, 0);
	KUNIT_EXPECT_EQ(test, host_pci_p2pdma_calc(ep, usp, &d, false),
			PCI_P2PDMA_MAP_BUS_ADDR);
	KUNIT_EXPECT_EQ(test, d, 2);
}

/* The machine q35 boots: the dma-buf-mapping suites take the first. */
static void test_machine(struct kunit *test)
{
	struct pci_dev *root, *rp, *ep;

	root = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL);
	KUNIT_ASSERT_NOT_NULL(test, root);
	KUNIT_EXPECT_STREQ(test, pci_name(root), "0000:00:00.0");
	KUNIT_EXPECT_EQ(test, root->vendor, 0x8086);
	KUNIT_EXPECT_EQ(test, root->device, 0x29c0);
	rp = pci_get_device(0x1b36, 0x000c, NULL);
	ep = pci_get_device(0x1b36, 0x0010, NULL);
	KUNIT_ASSERT_NOT_NULL(test, rp);
	KUNIT_ASSERT_NOT_NULL(test, ep);
	KUNIT_EXPECT_STREQ(test, pci_name(rp), "0000:00:01.0");
	KUNIT_EXPECT_STREQ(test, pci_name(ep), "0000:01:00.0");
	KUNIT_EXPECT_PTR_EQ(test, pci_upstream_bridge(ep), rp);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(ep, &ep->dev, true), 0);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(rp, &ep->dev, false), 1);
	pci_dev_put(ep);
	pci_dev_put(rp);
	pci_dev_put(root);
}

/* One provider per memory BAR, with the host bridge's bus offset. */
static void test_provider(struct kunit *test)
{
	struct pci_host_bridge *hb;
	struct p2pdma_provider *p;
	struct pci_dev *ep;
	struct p2p_ctx ctx;

	p2p_ctx_init(test, &ctx, false);
	hb = host_pci_host_bridge(ctx.topo, INTEL, ROOT_SKX);
	host_pci_set_bus_offset(hb, 0x10000000000ULL);
	ep = host_pci_endpoint(host_pci_root_port(hb, INTEL, 0x2032),
			       0x10de, 0x2330);
	host_pci_set_bar(ep, 0, 0x380000000000ULL, 16 * SZ_1M);
	host_pci_set_bar(ep, 2, 0x380001000000ULL, SZ_1M);

	KUNIT_HOST_EXPECT_WARN(test, p = pcim_p2pdma_provider(ep, 0));
	KUNIT_EXPECT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, pci_bus_address(ep, 2), 0x390001000000ULL);

	KUNIT_ASSERT_EQ(test, pcim_p2pdma_init(ep), 0);
	KUNIT_ASSERT_EQ(test, pcim_p2pdma_init(ep), 0);
	p = pcim_p2pdma_provider(ep, 2);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_PTR_EQ(test, p->owner, &ep->dev);
	KUNIT_EXPECT_EQ(test, p->bus_offset, 0x10000000000ULL);
	KUNIT_EXPECT_PTR_NE(test, pcim_p2pdma_provider(ep, 0), p);
	/* no MMIO, no provider */
	KUNIT_EXPECT_NULL(test, pcim_p2pdma_provider(ep, 1));
	KUNIT_HOST_EXPECT_WARN(test, p = pcim_p2pdma_provider(ep, 6));
	KUNIT_EXPECT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_map_type(NULL, &ep->dev),
			PCI_P2PDMA_MAP_NOT_SUPPORTED);
}

/* The cache is keyed by the client and shared by the owner's BARs. */
static void test_cache_per_owner(struct kunit *test)
{
	struct p2pdma_provider *bar0, *bar2;
	struct one_switch s;
	struct p2p_ctx ctx;
	char *log;

	p2p_ctx_init(test, &ctx, false);
	build_switch(&ctx, ROOT_Q35, &s);
	host_pci_set_bar(s.a, 0, 0x380000000000ULL, SZ_1M);
	host_pci_set_bar(s.a, 2, 0x380000100000ULL, SZ_1M);
	KUNIT_ASSERT_EQ(test, pcim_p2pdma_init(s.a), 0);
	bar0 = pcim_p2pdma_provider(s.a, 0);
	bar2 = pcim_p2pdma_provider(s.a, 2);
	KUNIT_ASSERT_NOT_NULL(test, bar0);
	KUNIT_ASSERT_NOT_NULL(test, bar2);

	KUNIT_EXPECT_EQ(test, pci_p2pdma_map_type(bar0, &s.b->dev),
			PCI_P2PDMA_MAP_BUS_ADDR);
	host_pci_set_acs(s.dsp1, PCI_ACS_RR);
	host_log_capture_begin();
	KUNIT_EXPECT_EQ(test, pci_p2pdma_map_type(bar2, &s.b->dev),
			PCI_P2PDMA_MAP_BUS_ADDR);
	/* another client of the same provider is computed, verbosely */
	KUNIT_EXPECT_EQ(test, pci_p2pdma_map_type(bar2, &s.dsp1->dev),
			PCI_P2PDMA_MAP_NOT_SUPPORTED);
	log = host_log_capture_end();
	KUNIT_EXPECT_STREQ(test, log,
			   ACS_LINES("0001:02:01.0", "0001:03:00.0",
				     "0001:02:01.0")
			   NOT_LISTED(Q35_ROOT, "8086:29c0")
			   NOT_SHARED("0001:02:01.0", "0001:03:00.0"));
	free(log);
}

/*
 * The entries 7.3 added to the host bridge whitelist, one case each, and
 * neighbours that are not listed.  The root is the device at 00.0 of each
 * root bus, or (@root_port) the first root port on a root bus without one;
 * the pair crosses two host bridges, which every new entry allows.
 */
struct whitelist_case {
	const char *desc;
	u16 vendor, device;
	bool root_port;
	bool listed;
};

static const struct whitelist_case whitelist_cases[] = {
	{ "Intel DSA SPR0 8086:0b25", INTEL, 0x0b25, false, true },
	{ "Intel IAX SPR0 8086:0cfe", INTEL, 0x0cfe, false, true },
	{ "Intel DSA GNRD 8086:11fb", INTEL, 0x11fb, false, true },
	{ "Intel DSA DMR 8086:1212", INTEL, 0x1212, false, true },
	{ "Intel IAA DMR 8086:1216", INTEL, 0x1216, false, true },
	{ "Intel QAT 4xxx 8086:4940", INTEL, 0x4940, false, true },
	{ "Intel QAT 401xx 8086:4942", INTEL, 0x4942, false, true },
	{ "Intel QAT 402xx 8086:4944", INTEL, 0x4944, false, true },
	{ "Intel QAT 420xx 8086:4946", INTEL, 0x4946, false, true },
	{ "Intel QAT 6xxx 8086:4948", INTEL, 0x4948, false, true },
	{ "Google 1ae0:0001", 0x1ae0, 0x0001, false, true },
	{ "Google 1ae0:ffff, any device", 0x1ae0, 0xffff, false, true },
	{ "Google root port 1ae0:0042", 0x1ae0, 0x0042, true, true },
	{ "NVIDIA root port 10de:2f95", 0x10de, 0x2f95, true, true },
	{ "NVIDIA root port 10de:2f96", 0x10de, 0x2f96, true, true },
	{ "NVIDIA root port 10de:2f97", 0x10de, 0x2f97, true, true },
	{ "NVIDIA root port 10de:2f98", 0x10de, 0x2f98, true, true },
	{ "NVIDIA 10de:2f94 not listed", 0x10de, 0x2f94, true, false },
	{ "NVIDIA 10de:2f99 not listed", 0x10de, 0x2f99, true, false },
	{ "Intel 8086:0b26 not listed", INTEL, 0x0b26, false, false },
	{ "Intel 8086:494a not listed", INTEL, 0x494a, false, false },
};

KUNIT_ARRAY_PARAM_DESC(whitelist, whitelist_cases, desc);

/* A host bridge with @c's root and an endpoint below a root port. */
static struct pci_dev *whitelist_host(struct p2p_ctx *ctx,
				      const struct whitelist_case *c, u16 ep)
{
	struct pci_host_bridge *hb;
	struct pci_dev *rp;

	if (c->root_port) {
		hb = host_pci_host_bridge(ctx->topo, 0, 0);
		rp = host_pci_root_port(hb, c->vendor, c->device);
	} else {
		hb = host_pci_host_bridge(ctx->topo, c->vendor, c->device);
		rp = host_pci_root_port(hb, INTEL, 0x2032);
	}
	return host_pci_endpoint(rp, 0x15b3, ep);
}

static void test_whitelist_entry(struct kunit *test)
{
	const struct whitelist_case *c = test->param_value;
	struct p2pdma_provider *provider;
	struct pci_dev *a, *b;
	struct device *client;
	struct p2p_ctx ctx;
	char *log;

	p2p_ctx_init(test, &ctx, false);
	a = whitelist_host(&ctx, c, 0x1017);
	b = whitelist_host(&ctx, c, 0x101d);
	client = &b->dev;
	KUNIT_ASSERT_STREQ(test, pci_name(a), "0001:01:00.0");
	KUNIT_ASSERT_STREQ(test, pci_name(b), "0001:03:00.0");
	host_pci_set_bar(a, 0, 0x380000000000ULL, SZ_1M);
	KUNIT_ASSERT_EQ(test, pcim_p2pdma_init(a), 0);
	provider = pcim_p2pdma_provider(a, 0);
	KUNIT_ASSERT_NOT_NULL(test, provider);

	host_log_capture_begin();
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance_many(a, &client, 1, true),
			c->listed ? 4 : -1);
	log = host_log_capture_end();
	KUNIT_EXPECT_STREQ(test, log, c->listed ? "" :
			   NOT_SHARED("0001:03:00.0", "0001:01:00.0"));
	free(log);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_map_type(provider, client),
			c->listed ? PCI_P2PDMA_MAP_THRU_HOST_BRIDGE :
			PCI_P2PDMA_MAP_NOT_SUPPORTED);
}

/* 7.3: a device whose BARs peers cannot map provides nothing. */
static void test_non_mappable_bars(struct kunit *test)
{
	struct pci_dev *ep;
	struct p2p_ctx ctx;

	p2p_ctx_init(test, &ctx, false);
	ep = host_pci_endpoint(host_pci_root_port(host_pci_host_bridge(ctx.topo,
								       INTEL,
								       ROOT_SKX),
						  INTEL, 0x2032),
			       0x10de, 0x2330);
	host_pci_set_bar(ep, 0, 0x380000000000ULL, SZ_1M);
	ep->non_mappable_bars = 1;
	KUNIT_EXPECT_EQ(test, pcim_p2pdma_init(ep), -EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, pcim_p2pdma_provider(ep, 0));
	ep->non_mappable_bars = 0;
	KUNIT_EXPECT_EQ(test, pcim_p2pdma_init(ep), 0);
	KUNIT_EXPECT_NOT_NULL(test, pcim_p2pdma_provider(ep, 0));
	ep->non_mappable_bars = 1;
	KUNIT_EXPECT_NULL(test, pcim_p2pdma_provider(ep, 0));
}

/* A machine's bus numbers, kept as its firmware gave them, VFs' too. */
static void test_topology_fixed_numbers(struct kunit *test)
{
	struct pci_dev *rp, *ep, *rp1, *ep1, *vf, *vf2, *vf3;
	struct pci_host_bridge *hb0, *hb1;
	struct p2p_ctx ctx;

	p2p_ctx_init(test, &ctx, false);
	host_pci_topo_set_bus_order(ctx.topo, HOST_PCI_BUS_ORDER_FIXED);
	hb0 = host_pci_host_bridge(ctx.topo, INTEL, ROOT_SKX);
	hb1 = host_pci_host_bridge(ctx.topo, 0, 0);
	host_pci_bus_set_number(hb1->bus, 0x3a);
	rp = host_pci_root_port(hb0, INTEL, 0x2032);
	host_pci_bus_set_number(rp->subordinate, 0x17);
	ep = host_pci_endpoint(rp, 0x10de, 0x2330);
	rp1 = host_pci_root_port_at(hb1, PCI_DEVFN(0, 0), INTEL, 0x2030);
	host_pci_bus_set_number(rp1->subordinate, 0x3b);
	ep1 = host_pci_endpoint(rp1, 0x15b3, 0x101d);

	KUNIT_EXPECT_STREQ(test, pci_name(rp), "0001:00:01.0");
	KUNIT_EXPECT_STREQ(test, pci_name(ep), "0001:17:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(rp1), "0001:3a:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(ep1), "0001:3b:00.0");
	/* adding a device renumbers nothing */
	host_pci_endpoint(host_pci_root_port(hb0, INTEL, 0x2032), 0x10de,
			  0x2330);
	KUNIT_EXPECT_STREQ(test, pci_name(ep1), "0001:3b:00.0");
	/* Skylake-E trusts traffic across its host bridges */
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(ep, &ep1->dev, false), 4);

	/* VFs on the PF's bus and on a virtual bus beyond it */
	vf = host_pci_vf_at(ep1, 0x3b, PCI_DEVFN(0, 1), 0x15b3, 0x101e);
	vf2 = host_pci_vf_at(ep1, 0x3c, PCI_DEVFN(0, 0), 0x15b3, 0x101e);
	vf3 = host_pci_vf_at(ep1, 0x3c, PCI_DEVFN(0, 1), 0x15b3, 0x101e);
	KUNIT_EXPECT_STREQ(test, pci_name(vf), "0001:3b:00.1");
	KUNIT_EXPECT_STREQ(test, pci_name(vf2), "0001:3c:00.0");
	KUNIT_EXPECT_STREQ(test, pci_name(vf3), "0001:3c:00.1");
	KUNIT_EXPECT_PTR_EQ(test, vf3->bus, vf2->bus);
	KUNIT_EXPECT_PTR_EQ(test, pci_upstream_bridge(vf2), rp1);
	KUNIT_EXPECT_PTR_EQ(test, pci_physfn(vf2), ep1);
	KUNIT_EXPECT_PTR_EQ(test, pci_find_host_bridge(vf2->bus), hb1);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(ep1, &vf2->dev, false), 2);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(vf, &vf2->dev, false), 2);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(ep, &vf3->dev, false), 4);
}

/* Intel VMD's domains start at 0x10000: five hex digits in the names. */
static void test_topology_vmd_domain(struct kunit *test)
{
	struct host_pci_topo *vmd = host_pci_topo_create(0x10000);
	struct pci_host_bridge *hb;
	struct pci_dev *rp, *ep;

	hb = host_pci_host_bridge(vmd, 0, 0);
	rp = host_pci_root_port_at(hb, PCI_DEVFN(0x1d, 0), INTEL, 0xa0b0);
	ep = host_pci_endpoint(rp, 0x144d, 0xa80a);
	KUNIT_EXPECT_STREQ(test, pci_name(rp), "10000:00:1d.0");
	KUNIT_EXPECT_STREQ(test, pci_name(ep), "10000:01:00.0");
	KUNIT_EXPECT_EQ(test, pci_domain_nr(ep->bus), 0x10000);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance(rp, &ep->dev, false), 1);
	host_pci_topo_destroy(vmd);
}

/* 7.3's cpu_supports_p2pdma(), from /proc/cpuinfo's words. */
static void test_cpu_rule(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, host_cpu_amd_zen("AuthenticAMD", 0x17));
	KUNIT_EXPECT_TRUE(test, host_cpu_amd_zen("AuthenticAMD", 0x1a));
	KUNIT_EXPECT_FALSE(test, host_cpu_amd_zen("AuthenticAMD", 0x16));
	KUNIT_EXPECT_FALSE(test, host_cpu_amd_zen("AuthenticAMD", 0xf));
	KUNIT_EXPECT_FALSE(test, host_cpu_amd_zen("HygonGenuine", 0x18));
	KUNIT_EXPECT_FALSE(test, host_cpu_amd_zen("GenuineIntel", 6));
	KUNIT_EXPECT_FALSE(test, host_cpu_amd_zen("", 0x19));
}

/* host_pci_p2pdma_calc() with the answer and the distance of the explain. */
static void expect_same_answer(struct kunit *test, struct pci_dev *p,
			       struct pci_dev *c,
			       enum pci_p2pdma_map_type map, int dist)
{
	int d;

	KUNIT_EXPECT_EQ(test, host_pci_p2pdma_calc(p, c, &d, false), map);
	KUNIT_EXPECT_EQ(test, d, dist);
}

/*
 * Why the rules answered: the common device, the redirecting ports in
 * the kernel's order, each host bridge the traffic crosses with its
 * whitelist answer (every one looked up, where the kernel stops at the
 * first refusal), or the CPU rule; the answer is host_pci_p2pdma_calc()'s.
 */
static void test_explain(struct kunit *test)
{
	struct pci_dev *hbdev, *rp, *usp, *d0, *d1, *a, *b, *rp1, *e, *f;
	struct pci_host_bridge *hb0, *hb1, *hb2;
	enum pci_p2pdma_map_type map;
	struct host_p2pdma_why why;
	struct p2p_ctx ctx;
	int dist;

	p2p_ctx_init(test, &ctx, false);
	hb0 = host_pci_host_bridge(ctx.topo, INTEL, ROOT_SNB);
	rp = host_pci_root_port(hb0, INTEL, 0x2032);
	usp = host_pci_switch_up(rp);
	d0 = host_pci_switch_down(usp);
	d1 = host_pci_switch_down(usp);
	a = host_pci_endpoint(d0, 0x10de, 0x2330);
	b = host_pci_endpoint(d1, 0x15b3, 0x101d);
	host_pci_set_acs(d1, PCI_ACS_RR);
	host_pci_set_acs(rp, PCI_ACS_CR);
	hb1 = host_pci_host_bridge(ctx.topo, 0, 0);
	rp1 = host_pci_root_port(hb1, 0x1b36, 0x000c);
	e = host_pci_endpoint(rp1, 0x10de, 0x2330);
	hb2 = host_pci_host_bridge(ctx.topo, 0, 0);
	f = host_pci_rc_endpoint_at(hb2, PCI_DEVFN(3, 0), 0x8086, 0x0b25);
	hbdev = list_first_entry(&hb0->bus->devices, struct pci_dev, bus_list);

	/* ACS below the common switch: through the one, listed host bridge */
	map = host_pci_p2pdma_explain(a, b, &dist, &why);
	KUNIT_EXPECT_EQ(test, map, PCI_P2PDMA_MAP_THRU_HOST_BRIDGE);
	expect_same_answer(test, a, b, map, dist);
	KUNIT_EXPECT_PTR_EQ(test, why.common, usp);
	KUNIT_ASSERT_EQ(test, why.nr_acs, 1);
	KUNIT_EXPECT_PTR_EQ(test, why.acs[0], d1);
	KUNIT_EXPECT_TRUE(test, why.thru_host_bridge);
	KUNIT_EXPECT_FALSE(test, why.cpu_trusted);
	KUNIT_ASSERT_EQ(test, why.nr_bridges, 1);
	KUNIT_EXPECT_PTR_EQ(test, why.bridge[0], hb0);
	KUNIT_EXPECT_PTR_EQ(test, why.bridge_dev[0], hbdev);
	KUNIT_EXPECT_EQ(test, why.whitelist[0], HOST_P2PDMA_LISTED);

	/* the switch's own answer: nothing redirects, nothing crossed */
	host_pci_clear_acs(d1);
	map = host_pci_p2pdma_explain(a, b, &dist, &why);
	KUNIT_EXPECT_EQ(test, map, PCI_P2PDMA_MAP_BUS_ADDR);
	expect_same_answer(test, a, b, map, dist);
	KUNIT_EXPECT_EQ(test, dist, 4);
	KUNIT_EXPECT_PTR_EQ(test, why.common, usp);
	KUNIT_EXPECT_EQ(test, why.nr_acs, 0);
	KUNIT_EXPECT_FALSE(test, why.thru_host_bridge);
	KUNIT_EXPECT_EQ(test, why.nr_bridges, 0);

	/*
	 * No common device: redirects on the way (rp's) do not count; 3c00
	 * is listed for one host bridge only, 1b36:000c not at all.
	 */
	map = host_pci_p2pdma_explain(a, e, &dist, &why);
	KUNIT_EXPECT_EQ(test, map, PCI_P2PDMA_MAP_NOT_SUPPORTED);
	expect_same_answer(test, a, e, map, dist);
	KUNIT_EXPECT_NULL(test, why.common);
	KUNIT_EXPECT_EQ(test, why.nr_acs, 0);
	KUNIT_EXPECT_TRUE(test, why.thru_host_bridge);
	KUNIT_ASSERT_EQ(test, why.nr_bridges, 2);
	KUNIT_EXPECT_EQ(test, why.whitelist[0], HOST_P2PDMA_LISTED_SAME_BRIDGE);
	KUNIT_EXPECT_PTR_EQ(test, why.bridge[1], hb1);
	KUNIT_EXPECT_PTR_EQ(test, why.bridge_dev[1], rp1);
	KUNIT_EXPECT_EQ(test, why.whitelist[1], HOST_P2PDMA_NOT_LISTED);

	/* a root bus whose first device is neither 00.0 nor a root port */
	host_pci_p2pdma_explain(f, e, &dist, &why);
	KUNIT_ASSERT_EQ(test, why.nr_bridges, 2);
	KUNIT_EXPECT_PTR_EQ(test, why.bridge[0], hb2);
	KUNIT_EXPECT_NULL(test, why.bridge_dev[0]);
	KUNIT_EXPECT_EQ(test, why.whitelist[0], HOST_P2PDMA_NO_DEVICE);
	KUNIT_EXPECT_EQ(test, why.whitelist[1], HOST_P2PDMA_NOT_LISTED);

	/* an AMD Zen: the CPU decides, no whitelist asked */
	host_cpu_set_amd_zen(true);
	map = host_pci_p2pdma_explain(a, e, &dist, &why);
	KUNIT_EXPECT_EQ(test, map, PCI_P2PDMA_MAP_THRU_HOST_BRIDGE);
	expect_same_answer(test, a, e, map, dist);
	KUNIT_EXPECT_TRUE(test, why.cpu_trusted);
	KUNIT_EXPECT_EQ(test, why.nr_bridges, 0);
	host_cpu_set_amd_zen(false);

	/* a device and itself: its own redirect is listed, as the kernel does */
	host_pci_set_acs(a, PCI_ACS_EC);
	map = host_pci_p2pdma_explain(a, a, &dist, &why);
	expect_same_answer(test, a, a, map, dist);
	KUNIT_EXPECT_PTR_EQ(test, why.common, a);
	KUNIT_ASSERT_EQ(test, why.nr_acs, 1);
	KUNIT_EXPECT_PTR_EQ(test, why.acs[0], a);
}

static struct kunit_case p2pdma_topology_cases[] = {
	KUNIT_CASE_PARAM(test_p2p_case, p2p_gen_params),
	KUNIT_CASE(test_topology_names),
	KUNIT_CASE(test_topology_firmware_order),
	KUNIT_CASE(test_topology_any_device),
	KUNIT_CASE(test_machine),
	KUNIT_CASE(test_provider),
	KUNIT_CASE(test_cache_per_owner),
	KUNIT_CASE_PARAM(test_whitelist_entry, whitelist_gen_params),
	KUNIT_CASE(test_non_mappable_bars),
	KUNIT_CASE(test_topology_fixed_numbers),
	KUNIT_CASE(test_topology_vmd_domain),
	KUNIT_CASE(test_cpu_rule),
	KUNIT_CASE(test_explain),
	{}
};

static struct kunit_suite p2pdma_topology_suite = {
	.name = "pci-p2pdma-topology",
	.test_cases = p2pdma_topology_cases,
};

kunit_test_suite(p2pdma_topology_suite);
