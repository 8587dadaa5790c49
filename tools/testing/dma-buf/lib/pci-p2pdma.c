// SPDX-License-Identifier: GPL-2.0
/*
 * P2P DMA between PCI devices: the map type and the distance of a
 * provider/client pair with the walk, the host bridge whitelist, the
 * warnings and the per-pair cache of Linux 7.3's drivers/pci/p2pdma.c,
 * with its per-BAR struct p2pdma_provider from pcim_p2pdma_init().
 *
 * The rules are stated in Documentation/driver-api/pci/p2pdma-rules.rst;
 * the cases of tests/p2pdma-topology.c pin every one of them down.
 */
#include <host/kernel.h>

#define PCI_VENDOR_ID_INTEL	0x8086
#define PCI_VENDOR_ID_NVIDIA	0x10de
#define PCI_VENDOR_ID_GOOGLE	0x1ae0

/* include/linux/pci_ids.h of 7.3 */
#define PCI_DEVICE_ID_INTEL_DSA_SPR0	0x0b25
#define PCI_DEVICE_ID_INTEL_IAX_SPR0	0x0cfe
#define PCI_DEVICE_ID_INTEL_DSA_GNRD	0x11fb
#define PCI_DEVICE_ID_INTEL_DSA_DMR	0x1212
#define PCI_DEVICE_ID_INTEL_IAA_DMR	0x1216
#define PCI_DEVICE_ID_INTEL_QAT_4XXX	0x4940
#define PCI_DEVICE_ID_INTEL_QAT_401XX	0x4942
#define PCI_DEVICE_ID_INTEL_QAT_402XX	0x4944
#define PCI_DEVICE_ID_INTEL_QAT_420XX	0x4946
#define PCI_DEVICE_ID_INTEL_QAT_6XXX	0x4948

/* 7.3 lists the redirecting bridges in a seq_buf over 128 bytes. */
#define ACS_LIST_SIZE		128

/* One cached answer; the kernel keeps them in an xarray by client. */
struct map_type_entry {
	unsigned long idx;
	enum pci_p2pdma_map_type type;
};

/**
 * struct pci_p2pdma - a PCI device's P2P DMA state
 * @mem: a provider per standard BAR; owner is NULL for a BAR that is not
 *	MMIO when pcim_p2pdma_init() ran
 * @map_types: the cached map type of each client that was asked about
 * @nr_map_types: entries used in @map_types
 * @max_map_types: entries allocated
 *
 * Model state in libc memory, freed with the device: in the kernel it is
 * device-managed, and tying it to a test case would call it a leak.
 */
struct pci_p2pdma {
	struct p2pdma_provider mem[PCI_STD_NUM_BARS];
	struct map_type_entry *map_types;
	unsigned int nr_map_types;
	unsigned int max_map_types;
};

static bool cpu_is_amd_zen;

static bool p2pdma_supported = true;

/**
 * host_pci_p2pdma_set_supported - build the kernel with or without P2P DMA
 * @supported: false for a kernel without CONFIG_PCI_P2PDMA
 *
 * Return: the previous setting, for the caller to restore.
 */
bool host_pci_p2pdma_set_supported(bool supported)
{
	bool old = p2pdma_supported;

	p2pdma_supported = supported;
	return old;
}

/**
 * host_cpu_set_amd_zen - make the CPU an AMD Zen (family >= 0x17) or not
 * @zen: true for Zen or later
 *
 * Return: the previous setting, for the caller to restore.
 */
bool host_cpu_set_amd_zen(bool zen)
{
	bool old = cpu_is_amd_zen;

	cpu_is_amd_zen = zen;
	return old;
}

/**
 * host_cpu_is_amd_zen - is the CPU an AMD Zen or later?
 *
 * Return: the setting of host_cpu_set_amd_zen(), false at start.
 */
bool host_cpu_is_amd_zen(void)
{
	return cpu_is_amd_zen;
}

/**
 * host_cpu_amd_zen - 7.3's cpu_supports_p2pdma() of a CPU
 * @vendor_id: the vendor as /proc/cpuinfo names it ("AuthenticAMD")
 * @family: the family (/proc/cpuinfo's "cpu family", in decimal there)
 *
 * X86_VENDOR_AMD and family 0x17 (Zen) or later: the kernel then lets P2P
 * traffic through any host bridge.  Hygon, its own vendor, is not trusted.
 *
 * Return: true for such a CPU.
 */
bool host_cpu_amd_zen(const char *vendor_id, unsigned int family)
{
	return !strcmp(vendor_id, "AuthenticAMD") && family >= 0x17;
}

/* The cache key, as 7.3 makes it: domain, bus and devfn of the client. */
static unsigned long map_types_idx(struct pci_dev *client)
{
	return ((unsigned long)pci_domain_nr(client->bus) << 16) |
	       pci_dev_id(client);
}

/*
 * The kernel's cache is an xarray, safe to load from and store into
 * concurrently; the model's array is guarded by one lock for all devices.
 */
static pthread_mutex_t map_types_lock = PTHREAD_MUTEX_INITIALIZER;

/* UNKNOWN when absent, as xa_to_value() of an empty xarray slot is 0. */
static enum pci_p2pdma_map_type map_types_load(struct pci_p2pdma *p2p,
					       unsigned long idx)
{
	enum pci_p2pdma_map_type type = PCI_P2PDMA_MAP_UNKNOWN;
	unsigned int i;

	pthread_mutex_lock(&map_types_lock);
	for (i = 0; i < p2p->nr_map_types; i++) {
		if (p2p->map_types[i].idx == idx) {
			type = p2p->map_types[i].type;
			break;
		}
	}
	pthread_mutex_unlock(&map_types_lock);
	return type;
}

static void map_types_store(struct pci_p2pdma *p2p, unsigned long idx,
			    enum pci_p2pdma_map_type type)
{
	struct map_type_entry *grown;
	unsigned int i;

	pthread_mutex_lock(&map_types_lock);
	for (i = 0; i < p2p->nr_map_types; i++) {
		if (p2p->map_types[i].idx == idx) {
			p2p->map_types[i].type = type;
			goto out_unlock;
		}
	}
	if (p2p->nr_map_types == p2p->max_map_types) {
		p2p->max_map_types = p2p->max_map_types * 2 + 4;
		grown = realloc(p2p->map_types,
				p2p->max_map_types * sizeof(*grown));
		if (!grown)
			host_bug(__FILE__, __LINE__, "P2P model: out of memory");
		p2p->map_types = grown;
	}
	p2p->map_types[p2p->nr_map_types].idx = idx;
	p2p->map_types[p2p->nr_map_types].type = type;
	p2p->nr_map_types++;
out_unlock:
	pthread_mutex_unlock(&map_types_lock);
}

void host_pci_p2pdma_release(struct pci_dev *pdev)
{
	struct pci_p2pdma *p2p = pdev->p2pdma;

	if (!p2p)
		return;
	pdev->p2pdma = NULL;
	free(p2p->map_types);
	free(p2p);
}

/**
 * pcim_p2pdma_init - set up a device's P2P DMA state
 * @pdev: the device whose MMIO will be offered to peers
 *
 * Records one provider per memory BAR, with the BAR's bus offset, and
 * starts the device's map type cache.  Calling it again does nothing.
 * The state lives as long as the device (in the kernel, until the driver
 * is unbound).
 *
 * Return: 0, or -EOPNOTSUPP for a device whose BARs peers cannot map
 * (non_mappable_bars) or in a kernel without P2P DMA (see
 * host_pci_p2pdma_set_supported()).
 */
int pcim_p2pdma_init(struct pci_dev *pdev)
{
	struct pci_p2pdma *p2p;
	int bar;

	if (!p2pdma_supported || pdev->non_mappable_bars)
		return -EOPNOTSUPP;
	if (pdev->p2pdma)
		return 0;
	p2p = calloc(1, sizeof(*p2p));
	if (!p2p)
		host_bug(__FILE__, __LINE__, "P2P model: out of memory");
	/* I/O port BARs cannot be reached by a peer: no provider for them */
	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		if (!(pci_resource_flags(pdev, bar) & IORESOURCE_MEM))
			continue;
		p2p->mem[bar].owner = &pdev->dev;
		p2p->mem[bar].bus_offset = pci_bus_address(pdev, bar) -
					   pci_resource_start(pdev, bar);
	}
	pdev->p2pdma = p2p;
	return 0;
}

/**
 * pcim_p2pdma_provider - the P2P DMA provider of one BAR
 * @pdev: the device, after pcim_p2pdma_init()
 * @bar: the BAR
 *
 * Return: the provider, valid as long as @pdev's P2P DMA state; NULL for a
 * BAR that is not MMIO or a device whose BARs peers cannot map, and (with
 * a WARN, as upstream) when pcim_p2pdma_init() was not called.  A BAR
 * number out of range is a WARN and NULL too: 7.3 does not check it and
 * would read past its arrays, which the model does not do.
 */
struct p2pdma_provider *pcim_p2pdma_provider(struct pci_dev *pdev, int bar)
{
	if (WARN_ON(bar < 0 || bar >= PCI_STD_NUM_BARS))
		return NULL;
	if (!(pci_resource_flags(pdev, bar) & IORESOURCE_MEM) ||
	    pdev->non_mappable_bars)
		return NULL;
	if (WARN_ON(!pdev->p2pdma))
		return NULL;
	return &pdev->p2pdma->mem[bar];
}

/* The client's own PCI device or its nearest PCI ancestor, referenced. */
static struct pci_dev *find_parent_pci_dev(struct device *dev)
{
	struct device *parent;

	dev = get_device(dev);
	while (dev) {
		if (dev_is_pci(dev))
			return to_pci_dev(dev);
		parent = get_device(dev->parent);
		put_device(dev);
		dev = parent;
	}
	return NULL;
}

/*
 * Does @pdev send peer-to-peer requests upstream?  Only the redirect and
 * egress controls do that; the other ACS bits leave P2P on the bus.
 */
static bool acs_redirects_p2p(struct pci_dev *pdev)
{
	u16 ctrl;

	if (!pdev->acs_cap)
		return false;
	pci_read_config_word(pdev, pdev->acs_cap + PCI_ACS_CTRL, &ctrl);
	return ctrl & (PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_EC);
}

/*
 * The names of the redirecting bridges, "a;b;", as 7.3's seq_buf holds
 * them: whatever fits in 128 bytes, NUL-terminated, and once a name does
 * not fit, a length of size + 1 that marks the overflow.
 */
struct acs_list {
	char buf[ACS_LIST_SIZE];
	unsigned int len;
};

static void acs_list_add(struct acs_list *list, struct pci_dev *pdev)
{
	unsigned int room = sizeof(list->buf) - list->len;
	int n;

	if (list->len < sizeof(list->buf)) {
		n = snprintf(list->buf + list->len, room, "%s;",
			     pci_name(pdev));
		if (n >= 0 && (unsigned int)n < room) {
			list->len += n;
			return;
		}
	}
	list->len = sizeof(list->buf) + 1;
}

/*
 * The list as 7.3 with the series prints it (kernel/patches/0001): made a
 * string inside the buffer as seq_buf_str() does (after an overflow, by
 * clearing its last byte), then cut at its last ';'.  That drops the final
 * ';' and, after an overflow, the part of a name that did fit, so the list
 * names whole devices only: the first nine of a longer path.
 */
static const char *acs_list_text(struct acs_list *list)
{
	char *semicolon;

	if (list->len < sizeof(list->buf))
		list->buf[list->len] = '\0';
	else
		list->buf[sizeof(list->buf) - 1] = '\0';
	semicolon = strrchr(list->buf, ';');
	if (semicolon)
		*semicolon = '\0';
	return list->buf;
}

/* Keeps @pdev as a redirecting device of the path, when asked why. */
static void why_acs(struct host_p2pdma_why *why, struct pci_dev *pdev)
{
	if (!why)
		return;
	if (why->nr_acs < HOST_P2PDMA_WHY_ACS)
		why->acs[why->nr_acs] = pdev;
	why->nr_acs++;
}

/*
 * 7.3's table: the first entry of the root's vendor whose device matches
 * (PCI_ANY_ID: any) decides; REQ_SAME_HOST_BRIDGE refuses a pair across
 * host bridges.
 */
#define REQ_SAME_HOST_BRIDGE	BIT(0)

static const struct p2pdma_whitelist_entry {
	unsigned short vendor;
	int device;
	unsigned int flags;
} p2pdma_whitelist[] = {
	/* Xeon E5 / Core i7 */
	{ PCI_VENDOR_ID_INTEL, 0x3c00, REQ_SAME_HOST_BRIDGE },
	{ PCI_VENDOR_ID_INTEL, 0x3c01, REQ_SAME_HOST_BRIDGE },
	/* Xeon E7 v3 / Xeon E5 v3 / Core i7 */
	{ PCI_VENDOR_ID_INTEL, 0x2f00, REQ_SAME_HOST_BRIDGE },
	{ PCI_VENDOR_ID_INTEL, 0x2f01, REQ_SAME_HOST_BRIDGE },
	/* Skylake-E: trusted across host bridges too */
	{ PCI_VENDOR_ID_INTEL, 0x2030, 0 },
	{ PCI_VENDOR_ID_INTEL, 0x2031, 0 },
	{ PCI_VENDOR_ID_INTEL, 0x2032, 0 },
	{ PCI_VENDOR_ID_INTEL, 0x2033, 0 },
	{ PCI_VENDOR_ID_INTEL, 0x2020, 0 },
	{ PCI_VENDOR_ID_INTEL, 0x09a2, 0 },
	/* Intel DSA, IAX/IAA and QAT accelerators */
	{ PCI_VENDOR_ID_INTEL, PCI_DEVICE_ID_INTEL_DSA_SPR0, 0 },
	{ PCI_VENDOR_ID_INTEL, PCI_DEVICE_ID_INTEL_IAX_SPR0, 0 },
	{ PCI_VENDOR_ID_INTEL, PCI_DEVICE_ID_INTEL_DSA_GNRD, 0 },
	{ PCI_VENDOR_ID_INTEL, PCI_DEVICE_ID_INTEL_DSA_DMR, 0 },
	{ PCI_VENDOR_ID_INTEL, PCI_DEVICE_ID_INTEL_IAA_DMR, 0 },
	{ PCI_VENDOR_ID_INTEL, PCI_DEVICE_ID_INTEL_QAT_4XXX, 0 },
	{ PCI_VENDOR_ID_INTEL, PCI_DEVICE_ID_INTEL_QAT_401XX, 0 },
	{ PCI_VENDOR_ID_INTEL, PCI_DEVICE_ID_INTEL_QAT_402XX, 0 },
	{ PCI_VENDOR_ID_INTEL, PCI_DEVICE_ID_INTEL_QAT_420XX, 0 },
	{ PCI_VENDOR_ID_INTEL, PCI_DEVICE_ID_INTEL_QAT_6XXX, 0 },
	/* Google SoCs: any device */
	{ PCI_VENDOR_ID_GOOGLE, PCI_ANY_ID, 0 },
	/* NVIDIA CPUs' root ports */
	{ PCI_VENDOR_ID_NVIDIA, 0x2f95, 0 },
	{ PCI_VENDOR_ID_NVIDIA, 0x2f96, 0 },
	{ PCI_VENDOR_ID_NVIDIA, 0x2f97, 0 },
	{ PCI_VENDOR_ID_NVIDIA, 0x2f98, 0 },
	{}
};

/*
 * The device that names a host bridge for the whitelist: the first device
 * on its root bus, if that is function 00.0 (a host bridge device) or a
 * root port (Skylake has no 00.0 device); otherwise none.
 */
static struct pci_dev *host_bridge_dev(struct pci_host_bridge *host)
{
	struct pci_dev *root;

	root = list_first_entry_or_null(&host->bus->devices, struct pci_dev,
					bus_list);
	if (!root)
		return NULL;
	if (root->devfn == PCI_DEVFN(0, 0) ||
	    pci_pcie_type(root) == PCI_EXP_TYPE_ROOT_PORT)
		return root;
	return NULL;
}

static enum host_p2pdma_whitelist
host_bridge_lookup(struct pci_host_bridge *host, bool same_host_bridge)
{
	struct pci_dev *root = host_bridge_dev(host);
	const struct p2pdma_whitelist_entry *e;

	if (!root)
		return HOST_P2PDMA_NO_DEVICE;
	for (e = p2pdma_whitelist; e->vendor; e++) {
		if (e->vendor != root->vendor)
			continue;
		if (e->device != PCI_ANY_ID && e->device != root->device)
			continue;
		if (same_host_bridge || !(e->flags & REQ_SAME_HOST_BRIDGE))
			return HOST_P2PDMA_LISTED;
		return HOST_P2PDMA_LISTED_SAME_BRIDGE;
	}
	return HOST_P2PDMA_NOT_LISTED;
}

static bool host_bridge_listed(struct pci_host_bridge *host,
			       bool same_host_bridge, bool warn)
{
	enum host_p2pdma_whitelist found;
	struct pci_dev *root;

	found = host_bridge_lookup(host, same_host_bridge);
	/* a listed root refused for crossing host bridges is not warned of */
	if (found == HOST_P2PDMA_NOT_LISTED && warn) {
		root = host_bridge_dev(host);
		pci_warn(root, "Host bridge not in P2PDMA whitelist: %04x:%04x\n",
			 root->vendor, root->device);
	}
	return found == HOST_P2PDMA_LISTED;
}

/* Every host bridge the pair's traffic crosses, each looked up, when asked. */
static void why_host_bridges(struct host_p2pdma_why *why, struct pci_dev *a,
			     struct pci_dev *b)
{
	struct pci_host_bridge *host[2] = {
		pci_find_host_bridge(a->bus), pci_find_host_bridge(b->bus),
	};
	unsigned int i;

	if (!why)
		return;
	why->thru_host_bridge = true;
	why->cpu_trusted = cpu_is_amd_zen;
	if (cpu_is_amd_zen)
		return;
	why->nr_bridges = host[0] == host[1] ? 1 : 2;
	for (i = 0; i < why->nr_bridges; i++) {
		why->bridge[i] = host[i];
		why->bridge_dev[i] = host_bridge_dev(host[i]);
		why->whitelist[i] = host_bridge_lookup(host[i],
						       why->nr_bridges == 1);
	}
}

/*
 * Can traffic between @a and @b go through their host bridge(s)?  Both
 * must be listed; one lookup when they share it.  The second bridge is not
 * looked at (nor warned of) when the first is refused.
 */
static bool host_bridge_whitelist(struct pci_dev *a, struct pci_dev *b,
				  bool warn)
{
	struct pci_host_bridge *host_a = pci_find_host_bridge(a->bus);
	struct pci_host_bridge *host_b = pci_find_host_bridge(b->bus);

	if (host_a == host_b)
		return host_bridge_listed(host_a, true, warn);
	return host_bridge_listed(host_a, false, warn) &&
	       host_bridge_listed(host_b, false, warn);
}

/*
 * The map type and distance of @client reaching @provider's MMIO, 7.3's
 * calc_map_type_and_dist().  Climb from the provider; at each step, first
 * note whether that device redirects, then climb from the client to see
 * whether it is a common upstream device.  Found: the client's side below
 * it is checked for redirects too, and without any the pair talks on the
 * bus.  A redirect, or no common device at all (then the distance counts
 * every device of both chains and redirects are not reported), leaves the
 * host bridge path, which a Zen CPU or the whitelist must allow.
 *
 * The answer is cached for the pair only when the provider has P2P DMA
 * state, and overwrites what was cached.
 */
static enum pci_p2pdma_map_type
calc_map_type_and_dist(struct pci_dev *provider, struct pci_dev *client,
		       int *dist, bool verbose, struct host_p2pdma_why *why)
{
	enum pci_p2pdma_map_type map_type = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE;
	struct acs_list acs_list = { .len = 0 };
	bool acs_redirects = false;
	struct pci_dev *a, *b;
	int dist_a = 0, dist_b = 0, acs_cnt = 0;

	if (why)
		memset(why, 0, sizeof(*why));
	for (a = provider; a; a = pci_upstream_bridge(a), dist_a++) {
		/* tested before the equality check: P == C still looks */
		if (acs_redirects_p2p(a)) {
			acs_list_add(&acs_list, a);
			why_acs(why, a);
			acs_cnt++;
		}
		dist_b = 0;
		for (b = client; b && b != a; b = pci_upstream_bridge(b))
			dist_b++;
		if (b)
			break;
	}
	*dist = dist_a + dist_b;
	if (why) {
		why->common = a;
		/* without a common device, redirects do not matter */
		if (!a)
			why->nr_acs = 0;
	}
	if (!a)
		goto through_host_bridge;

	/* a is the common upstream device; the client's side below it */
	for (b = client; b != a; b = pci_upstream_bridge(b)) {
		if (acs_redirects_p2p(b)) {
			acs_list_add(&acs_list, b);
			why_acs(why, b);
			acs_cnt++;
		}
	}
	if (!acs_cnt) {
		map_type = PCI_P2PDMA_MAP_BUS_ADDR;
		goto done;
	}
	if (verbose) {
		pci_warn(client, "ACS redirect is set between the client and provider (%s)\n",
			 pci_name(provider));
		pci_warn(client, "to disable ACS redirect for this path, add the kernel parameter: pci=disable_acs_redir=%s\n",
			 acs_list_text(&acs_list));
	}
	acs_redirects = true;

through_host_bridge:
	why_host_bridges(why, provider, client);
	/* 7.3 names an unlisted host bridge only when ACS forced this path */
	if (!cpu_is_amd_zen &&
	    !host_bridge_whitelist(provider, client, acs_redirects)) {
		if (verbose)
			pci_warn(client, "cannot be used for peer-to-peer DMA as the client and provider (%s) do not share an upstream bridge or whitelisted host bridge\n",
				 pci_name(provider));
		map_type = PCI_P2PDMA_MAP_NOT_SUPPORTED;
	}
done:
	if (provider->p2pdma)
		map_types_store(provider->p2pdma, map_types_idx(client),
				map_type);
	return map_type;
}

enum pci_p2pdma_map_type host_pci_p2pdma_calc(struct pci_dev *provider,
					      struct pci_dev *client,
					      int *dist, bool verbose)
{
	return calc_map_type_and_dist(provider, client, dist, verbose, NULL);
}

enum pci_p2pdma_map_type host_pci_p2pdma_explain(struct pci_dev *provider,
						 struct pci_dev *client,
						 int *dist,
						 struct host_p2pdma_why *why)
{
	return calc_map_type_and_dist(provider, client, dist, false, why);
}

/**
 * pci_p2pdma_distance_many - how far a provider is from its clients
 * @provider: the PCI device whose MMIO the clients would reach
 * @clients: the client devices; each stands for its nearest PCI ancestor
 * @num_clients: how many
 * @verbose: warn, on each client, why it cannot be used
 *
 * Every client is computed afresh and its answer cached over any earlier
 * one.  A client with no PCI ancestor ends the walk at once, verbose or
 * not; a refused one ends it only when not verbose, so that verbose
 * callers hear of every refused client.
 *
 * Return: -1 when there is no client, a client is not a PCI device or one
 * is refused; otherwise the sum of the distances (0 for the provider
 * alone; lower is better).
 */
int pci_p2pdma_distance_many(struct pci_dev *provider, struct device **clients,
			     int num_clients, bool verbose)
{
	enum pci_p2pdma_map_type map;
	bool not_supported = false;
	struct pci_dev *pci_client;
	int total_dist = 0;
	int i, distance;

	if (num_clients == 0)
		return -1;
	for (i = 0; i < num_clients; i++) {
		pci_client = find_parent_pci_dev(clients[i]);
		if (!pci_client) {
			if (verbose)
				dev_warn(clients[i],
					 "cannot be used for peer-to-peer DMA as it is not a PCI device\n");
			return -1;
		}
		map = calc_map_type_and_dist(provider, pci_client, &distance,
					     verbose, NULL);
		pci_dev_put(pci_client);
		if (map == PCI_P2PDMA_MAP_NOT_SUPPORTED)
			not_supported = true;
		if (not_supported && !verbose)
			break;
		total_dist += distance;
	}
	return not_supported ? -1 : total_dist;
}

/**
 * pci_p2pdma_map_type - how a device reaches a provider's MMIO
 * @provider: the provider (a BAR), from pcim_p2pdma_provider()
 * @dev: the DMA device; it must itself be a PCI device
 *
 * 7.3's pci_p2pdma_map_type(), keyed by the provider's owner: the
 * cached answer for the pair when there is one, however stale; otherwise
 * computed verbosely (warnings on @dev) and cached.
 *
 * Return: the map type; %PCI_P2PDMA_MAP_NOT_SUPPORTED for a NULL provider
 * or one not owned by a PCI device, an owner without P2P DMA state, or a
 * @dev that is not a PCI device.
 */
enum pci_p2pdma_map_type pci_p2pdma_map_type(struct p2pdma_provider *provider,
					     struct device *dev)
{
	enum pci_p2pdma_map_type type;
	struct pci_dev *pdev, *client;
	int dist;

	if (!provider || !dev_is_pci(provider->owner))
		return PCI_P2PDMA_MAP_NOT_SUPPORTED;
	pdev = to_pci_dev(provider->owner);
	if (!pdev->p2pdma)
		return PCI_P2PDMA_MAP_NOT_SUPPORTED;
	if (!dev_is_pci(dev))
		return PCI_P2PDMA_MAP_NOT_SUPPORTED;
	client = to_pci_dev(dev);
	type = map_types_load(pdev->p2pdma, map_types_idx(client));
	if (type == PCI_P2PDMA_MAP_UNKNOWN)
		return calc_map_type_and_dist(pdev, client, &dist, true, NULL);
	return type;
}
