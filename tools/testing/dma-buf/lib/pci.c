// SPDX-License-Identifier: GPL-2.0
/*
 * PCI devices and a first model of pci_p2pdma_distance_many(): a common
 * upstream bridge gives the sum of the steps to it, anything else is
 * refused with the kernel's warning.  (ACS, the host bridge whitelist and
 * the cache are not modelled yet.)
 */
#include <host/kernel.h>

const struct bus_type pci_bus_type = { .name = "pci" };

static LIST_HEAD(pci_devices);
static pthread_mutex_t pci_list_lock = PTHREAD_MUTEX_INITIALIZER;

static void pci_release(struct device *dev)
{
	struct pci_dev *pdev = to_pci_dev(dev);

	pthread_mutex_lock(&pci_list_lock);
	list_del(&pdev->host_node);
	pthread_mutex_unlock(&pci_list_lock);
	if (pdev->upstream)
		pci_dev_put(pdev->upstream);
	host_device_release_dma(dev);
	free(pdev);
}

/* Topology is model state (libc memory): it outlives the cases using it. */
struct pci_dev *host_pci_dev_create(const char *name, struct pci_dev *upstream,
				    u16 vendor, u16 device)
{
	struct pci_dev *pdev = calloc(1, sizeof(*pdev));

	if (!pdev)
		host_bug(__FILE__, __LINE__, "PCI model: out of memory");
	host_device_init(&pdev->dev, name, &pci_bus_type, pci_release);
	pdev->upstream = upstream ? pci_dev_get(upstream) : NULL;
	pdev->dev.parent = upstream ? &upstream->dev : NULL;
	pdev->vendor = vendor;
	pdev->device = device;
	pthread_mutex_lock(&pci_list_lock);
	list_add_tail(&pdev->host_node, &pci_devices);
	pthread_mutex_unlock(&pci_list_lock);
	return pdev;
}

void host_pci_dev_destroy(struct pci_dev *pdev)
{
	pci_dev_put(pdev);
}

struct pci_dev *pci_dev_get(struct pci_dev *pdev)
{
	if (pdev)
		get_device(&pdev->dev);
	return pdev;
}

void pci_dev_put(struct pci_dev *pdev)
{
	if (pdev)
		put_device(&pdev->dev);
}

static bool id_matches(unsigned int want, u16 have)
{
	return want == (unsigned int)PCI_ANY_ID || want == have;
}

/* The next matching device after @from (whose reference is dropped). */
struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from)
{
	struct list_head *pos;
	struct pci_dev *found = NULL;

	pthread_mutex_lock(&pci_list_lock);
	pos = from ? from->host_node.next : pci_devices.next;
	for (; pos != &pci_devices; pos = pos->next) {
		struct pci_dev *pdev = list_entry(pos, struct pci_dev,
						  host_node);

		if (id_matches(vendor, pdev->vendor) &&
		    id_matches(device, pdev->device)) {
			found = pci_dev_get(pdev);
			break;
		}
	}
	pthread_mutex_unlock(&pci_list_lock);
	pci_dev_put(from);
	return found;
}

static struct pci_dev *up(struct pci_dev *pdev)
{
	if (pdev->is_virtfn)
		pdev = pdev->physfn;
	return pdev->upstream;
}

static int distance(struct pci_dev *provider, struct pci_dev *client)
{
	struct pci_dev *a, *b;
	int dist_a = 0, dist_b;

	for (a = provider; a; a = up(a), dist_a++)
		for (b = client, dist_b = 0; b; b = up(b), dist_b++)
			if (a == b)
				return dist_a + dist_b;
	return -1;
}

static struct pci_dev *find_parent_pci_dev(struct device *dev)
{
	for (; dev; dev = dev->parent)
		if (dev_is_pci(dev))
			return to_pci_dev(dev);
	return NULL;
}

int pci_p2pdma_distance_many(struct pci_dev *provider, struct device **clients,
			     int num_clients, bool verbose)
{
	int i, total = 0, d;
	bool bad = false;

	if (num_clients == 0)
		return -1;
	for (i = 0; i < num_clients; i++) {
		struct pci_dev *client = find_parent_pci_dev(clients[i]);

		if (!client) {
			if (verbose)
				dev_warn(clients[i],
					 "cannot be used for peer-to-peer DMA as it is not a PCI device\n");
			return -1;
		}
		d = distance(provider, client);
		if (d < 0) {
			if (verbose)
				dev_warn(&client->dev,
					 "cannot be used for peer-to-peer DMA as the client and provider (%s) do not share an upstream bridge or whitelisted host bridge\n",
					 pci_name(provider));
			bad = true;
			if (!verbose)
				break;
			continue;
		}
		total += d;
	}
	return bad ? -1 : total;
}

/* First model: a common upstream bridge is BUS_ADDR, anything else refused. */
enum pci_p2pdma_map_type pci_p2pdma_map_type(struct p2pdma_provider *provider,
					     struct device *dev)
{
	if (!provider || !dev_is_pci(provider->owner) || !dev_is_pci(dev))
		return PCI_P2PDMA_MAP_NOT_SUPPORTED;
	return distance(to_pci_dev(provider->owner), to_pci_dev(dev)) < 0 ?
	       PCI_P2PDMA_MAP_NOT_SUPPORTED : PCI_P2PDMA_MAP_BUS_ADDR;
}
