// SPDX-License-Identifier: GPL-2.0
/*
 * PCI topologies for the host: host bridges, root ports, switches,
 * endpoints, multi-function devices and SR-IOV virtual functions, numbered
 * and named as Linux's enumeration would number and name them.  See
 * host/pci-topology.h for the rules of placement.
 */
#include <host/kernel.h>

/* A switch port's IDs: Broadcom/PLX PEX 8747, a common 48-lane switch. */
#define SWITCH_VENDOR		0x10b5
#define SWITCH_DEVICE		0x8747

/* Where the host puts the capabilities; any non-zero offset would do. */
#define HOST_PCIE_CAP		0x40
#define HOST_PCIE_CAP_VERSION	0x2
#define HOST_ACS_CAP		0x148

/* Virtual function n sits at the PF's devfn + VF_OFFSET + n * VF_STRIDE. */
#define VF_OFFSET		0x80
#define VF_STRIDE		1

/* Conventional PCI: no PCIe capability at all. */
#define NOT_PCIE		HOST_PCI_NOT_PCIE

/* SV, TB, RR, CR, UF, EC, DT: the ACS capability of a full-featured port */
#define HOST_ACS_CAP_ALL	0x007f

struct host_pci_topo {
	int domain;
	enum host_pci_bus_order bus_order;
	struct list_head bridges;	/* host bridges, in creation order */
	struct list_head node;		/* on live_topologies */
};

static LIST_HEAD(live_topologies);
static pthread_mutex_t topo_lock = PTHREAD_MUTEX_INITIALIZER;

static void *model_zalloc(size_t size)
{
	void *p = calloc(1, size);

	if (!p)
		host_bug(__FILE__, __LINE__, "PCI model: out of memory");
	return p;
}

/**
 * host_pci_topo_create - an empty PCI domain
 * @domain: its number, which no live topology may be using
 *
 * Return: the topology, to be given to host_pci_topo_destroy().
 */
struct host_pci_topo *host_pci_topo_create(int domain)
{
	struct host_pci_topo *topo, *other;

	/* Intel VMD's domains start at 0x10000 */
	if (domain < 0)
		host_bug(__FILE__, __LINE__, "PCI domain out of range");
	topo = model_zalloc(sizeof(*topo));
	topo->domain = domain;
	INIT_LIST_HEAD(&topo->bridges);
	pthread_mutex_lock(&topo_lock);
	list_for_each_entry(other, &live_topologies, node) {
		if (other->domain == domain) {
			pthread_mutex_unlock(&topo_lock);
			/* two devices with one name would share cache slots */
			host_bug(__FILE__, __LINE__,
				 "PCI domain already used by a live topology");
		}
	}
	list_add_tail(&topo->node, &live_topologies);
	pthread_mutex_unlock(&topo_lock);
	return topo;
}

static void pci_release(struct device *dev)
{
	struct pci_dev *pdev = to_pci_dev(dev);

	host_pci_p2pdma_release(pdev);
	if (pdev->is_virtfn)
		pci_dev_put(pdev->physfn);
	put_device(dev->parent);
	host_device_release_dma(dev);
	free(pdev);
}

/*
 * Devices are removed children first; each holds a reference on the
 * bridge above it (and a VF on its PF), so memory goes in whatever order
 * the last references are dropped.
 */
static void bus_destroy(struct pci_bus *bus)
{
	struct pci_dev *pdev, *tmp;
	struct pci_bus *child, *next;

	/* the virtual buses of VFs first: no device's subordinate */
	list_for_each_entry_safe(child, next, &bus->children, node) {
		if (child->self)
			continue;
		list_del(&child->node);
		bus_destroy(child);
	}

	list_for_each_entry_safe(pdev, tmp, &bus->devices, bus_list) {
		if (pdev->subordinate)
			bus_destroy(pdev->subordinate);
		pdev->subordinate = NULL;
		list_del(&pdev->bus_list);
		host_pci_list_del(pdev);
		/* a device kept past removal must not reach the freed bus */
		pdev->bus = NULL;
		pci_dev_put(pdev);
	}
	free(bus);
}

/**
 * host_pci_topo_destroy - remove a topology's devices and free its buses
 * @topo: the topology; NULL is ignored
 *
 * Each device is freed at its last pci_dev_put(); until then it is no
 * longer found by pci_get_device() and has no bus.
 */
void host_pci_topo_destroy(struct host_pci_topo *topo)
{
	struct pci_host_bridge *hb, *tmp;

	if (!topo)
		return;
	pthread_mutex_lock(&topo_lock);
	list_del(&topo->node);
	pthread_mutex_unlock(&topo_lock);
	list_for_each_entry_safe(hb, tmp, &topo->bridges, host_node) {
		bus_destroy(hb->bus);
		free(hb);
	}
	free(topo);
}

/*
 * Each bridge's bus is the next number, depth-first: siblings in devfn
 * order as Linux's scan goes, or in reverse as qboot's firmware does.
 */
static unsigned int number_bus(struct pci_bus *bus, unsigned int nr,
			       enum host_pci_bus_order order)
{
	unsigned int max = nr;
	struct pci_dev *pdev;

	if (order == HOST_PCI_BUS_ORDER_FIXED)
		return nr;
	if (nr > 0xff)
		host_bug(__FILE__, __LINE__, "PCI model: more than 256 buses");
	bus->number = nr;
	if (order == HOST_PCI_BUS_ORDER_REVERSE_SLOT) {
		list_for_each_entry_reverse(pdev, &bus->devices, bus_list)
			if (pdev->subordinate)
				max = number_bus(pdev->subordinate, max + 1,
						 order);
		return max;
	}
	list_for_each_entry(pdev, &bus->devices, bus_list)
		if (pdev->subordinate)
			max = number_bus(pdev->subordinate, max + 1, order);
	return max;
}

static void name_devices(struct pci_bus *bus)
{
	struct pci_dev *pdev;
	struct pci_bus *child;

	list_for_each_entry(pdev, &bus->devices, bus_list) {
		snprintf(pdev->dev.name, sizeof(pdev->dev.name),
			 "%04x:%02x:%02x.%d", bus->domain_nr, bus->number,
			 PCI_SLOT(pdev->devfn), PCI_FUNC(pdev->devfn));
		if (pdev->subordinate)
			name_devices(pdev->subordinate);
	}
	list_for_each_entry(child, &bus->children, node)
		if (!child->self)
			name_devices(child);
}

/* Cheap at test sizes, and it keeps names right whatever the build order. */
static void topo_renumber(struct host_pci_topo *topo)
{
	struct pci_host_bridge *hb;
	unsigned int next = 0;

	list_for_each_entry(hb, &topo->bridges, host_node) {
		next = number_bus(hb->bus, next, topo->bus_order) + 1;
		name_devices(hb->bus);
	}
}

/**
 * host_pci_bus_set_number - give a bus the number firmware gave it
 * @bus: a root bus or a bridge's secondary bus
 * @nr: its number
 *
 * For a topology read from a machine, whose firmware numbered the buses
 * its own way (gaps, a root bus per socket at 0x3a, 0x5d, ...): only in
 * %HOST_PCI_BUS_ORDER_FIXED, where nothing is renumbered.  Renames the
 * devices.
 */
void host_pci_bus_set_number(struct pci_bus *bus, unsigned int nr)
{
	struct host_pci_topo *topo = pci_find_host_bridge(bus)->host_topo;

	if (topo->bus_order != HOST_PCI_BUS_ORDER_FIXED || nr > 0xff)
		host_bug(__FILE__, __LINE__,
			 "PCI model: a bus number fixed outside BUS_ORDER_FIXED");
	bus->number = nr;
	topo_renumber(topo);
}

/**
 * host_pci_topo_set_bus_order - how firmware numbers the buses
 * @topo: the topology
 * @order: %HOST_PCI_BUS_ORDER_LINUX (the default: siblings in devfn
 *	order) or %HOST_PCI_BUS_ORDER_REVERSE_SLOT (siblings from the
 *	highest devfn down, as qboot numbers them) or
 *	%HOST_PCI_BUS_ORDER_FIXED (each bus keeps the number
 *	host_pci_bus_set_number() gave it, 0 until then)
 *
 * Renumbers what is built already.
 */
void host_pci_topo_set_bus_order(struct host_pci_topo *topo,
				 enum host_pci_bus_order order)
{
	topo->bus_order = order;
	topo_renumber(topo);
}

static struct host_pci_topo *bus_topo(struct pci_bus *bus)
{
	return pci_find_host_bridge(bus)->host_topo;
}

static struct pci_bus *bus_create(struct pci_bus *parent, struct pci_dev *self,
				  int domain)
{
	struct pci_bus *bus = model_zalloc(sizeof(*bus));

	INIT_LIST_HEAD(&bus->node);
	INIT_LIST_HEAD(&bus->children);
	INIT_LIST_HEAD(&bus->devices);
	bus->parent = parent;
	bus->self = self;
	bus->domain_nr = domain;
	if (parent)
		list_add_tail(&bus->node, &parent->children);
	return bus;
}

static struct pci_dev *find_devfn(struct pci_bus *bus, unsigned int devfn)
{
	struct pci_dev *pdev;

	list_for_each_entry(pdev, &bus->devices, bus_list)
		if (pdev->devfn == devfn)
			return pdev;
	return NULL;
}

/* Linux keeps a bus's devices in the order it scanned them: devfn order. */
static void bus_insert(struct pci_bus *bus, struct pci_dev *new)
{
	struct pci_dev *pdev;

	list_for_each_entry(pdev, &bus->devices, bus_list) {
		if (pdev->devfn > new->devfn) {
			list_add_tail(&new->bus_list, &pdev->bus_list);
			return;
		}
	}
	list_add_tail(&new->bus_list, &bus->devices);
}

static bool slot_taken(struct pci_bus *bus, unsigned int slot)
{
	struct pci_dev *pdev;

	list_for_each_entry(pdev, &bus->devices, bus_list)
		if (!pdev->is_virtfn && PCI_SLOT(pdev->devfn) == slot)
			return true;
	return false;
}

/*
 * The lowest free slot; slot 0 of a root bus belongs to the host bridge's
 * own device.  Without fixed placements that is the slot after the last.
 */
static unsigned int next_slot(struct pci_bus *bus)
{
	unsigned int slot = pci_is_root_bus(bus) ? 1 : 0;

	while (slot <= 31 && slot_taken(bus, slot))
		slot++;
	if (slot > 31)
		host_bug(__FILE__, __LINE__, "PCI model: no free slot on bus");
	return slot;
}

/* A placement the caller gave: a valid devfn, or the next free slot. */
static unsigned int place(struct pci_bus *bus, int devfn)
{
	if (devfn == HOST_PCI_NEXT_SLOT)
		return PCI_DEVFN(next_slot(bus), 0);
	if (devfn < 0 || devfn > 0xff)
		host_bug(__FILE__, __LINE__, "PCI model: no such devfn");
	return devfn;
}

static struct pci_dev *dev_create(struct pci_bus *bus, unsigned int devfn,
				  u16 vendor, u16 device, int pcie_type)
{
	struct pci_dev *pdev;

	if (devfn > 0xff || find_devfn(bus, devfn))
		host_bug(__FILE__, __LINE__, "PCI model: devfn taken");
	pdev = model_zalloc(sizeof(*pdev));
	host_device_init(&pdev->dev, "", &pci_bus_type, pci_release);
	/* as pci_setup_device(): every PCI device starts with 32-bit DMA */
	pdev->dev.host_dma_mask_storage = DMA_BIT_MASK(32);
	pdev->dev.dma_mask = &pdev->dev.host_dma_mask_storage;
	pdev->dev.coherent_dma_mask = DMA_BIT_MASK(32);
	pdev->dev.parent = bus->self ? get_device(&bus->self->dev) : NULL;
	INIT_LIST_HEAD(&pdev->host_node);
	pdev->bus = bus;
	pdev->devfn = devfn;
	pdev->vendor = vendor;
	pdev->device = device;
	if (pcie_type != NOT_PCIE) {
		pdev->pcie_cap = HOST_PCIE_CAP;
		pdev->pcie_flags_reg = (pcie_type << 4) | HOST_PCIE_CAP_VERSION;
	}
	bus_insert(bus, pdev);
	host_pci_list_add(pdev);
	return pdev;
}

static void add_secondary_bus(struct pci_dev *bridge)
{
	bridge->subordinate = bus_create(bridge->bus, bridge,
					 bridge->bus->domain_nr);
}

/**
 * host_pci_host_bridge - a host bridge with a new root bus
 * @topo: the topology
 * @vendor: vendor ID of the device at 00.0 of the root bus; 0 for none
 * @device: its device ID
 *
 * Return: the host bridge.
 */
struct pci_host_bridge *host_pci_host_bridge(struct host_pci_topo *topo,
					     u16 vendor, u16 device)
{
	struct pci_host_bridge *hb = model_zalloc(sizeof(*hb));

	hb->domain_nr = topo->domain;
	hb->host_topo = topo;
	hb->bus = bus_create(NULL, NULL, topo->domain);
	hb->bus->host_bridge = hb;
	list_add_tail(&hb->host_node, &topo->bridges);
	if (vendor)
		dev_create(hb->bus, PCI_DEVFN(0, 0), vendor, device, NOT_PCIE);
	topo_renumber(topo);
	return hb;
}

/**
 * host_pci_set_bus_offset - where a host bridge puts MMIO on the bus
 * @hb: the host bridge
 * @offset: bus address minus CPU physical address below @hb
 */
void host_pci_set_bus_offset(struct pci_host_bridge *hb, u64 offset)
{
	hb->host_bus_offset = offset;
}

/**
 * host_pci_root_port_at - a PCIe root port on a host bridge's root bus
 * @hb: the host bridge
 * @devfn: where, PCI_DEVFN(slot, fn); %HOST_PCI_NEXT_SLOT for the next
 *	free slot
 * @vendor: vendor ID
 * @device: device ID
 *
 * Return: the root port, with its (empty) secondary bus.
 */
struct pci_dev *host_pci_root_port_at(struct pci_host_bridge *hb, int devfn,
				      u16 vendor, u16 device)
{
	struct pci_dev *port;

	port = dev_create(hb->bus, place(hb->bus, devfn), vendor, device,
			  PCI_EXP_TYPE_ROOT_PORT);
	add_secondary_bus(port);
	topo_renumber(hb->host_topo);
	return port;
}

/**
 * host_pci_root_port - a PCIe root port at the next free slot
 * @hb: the host bridge
 * @vendor: vendor ID
 * @device: device ID
 *
 * Return: the root port, with its (empty) secondary bus.
 */
struct pci_dev *host_pci_root_port(struct pci_host_bridge *hb,
				   u16 vendor, u16 device)
{
	return host_pci_root_port_at(hb, HOST_PCI_NEXT_SLOT, vendor, device);
}

/**
 * host_pci_rc_endpoint_at - a device on a host bridge's root bus
 * @hb: the host bridge
 * @devfn: where, PCI_DEVFN(slot, fn) (a chipset's 00:1f.2, say);
 *	%HOST_PCI_NEXT_SLOT for the next free slot
 * @vendor: vendor ID
 * @device: device ID
 *
 * A root complex integrated endpoint; also how a VM without root ports
 * shows its devices.
 *
 * Return: the device.
 */
struct pci_dev *host_pci_rc_endpoint_at(struct pci_host_bridge *hb, int devfn,
					u16 vendor, u16 device)
{
	struct pci_dev *pdev;

	pdev = dev_create(hb->bus, place(hb->bus, devfn), vendor, device,
			  PCI_EXP_TYPE_RC_END);
	topo_renumber(hb->host_topo);
	return pdev;
}

/**
 * host_pci_rc_endpoint - a device on a host bridge's root bus, next slot
 * @hb: the host bridge
 * @vendor: vendor ID
 * @device: device ID
 *
 * Return: the device.
 */
struct pci_dev *host_pci_rc_endpoint(struct pci_host_bridge *hb,
				     u16 vendor, u16 device)
{
	return host_pci_rc_endpoint_at(hb, HOST_PCI_NEXT_SLOT, vendor, device);
}

/* A root port or a switch downstream port: what a link hangs below. */
static void check_downstream_port(struct pci_dev *port)
{
	int type = pci_pcie_type(port);

	if (!port->subordinate || (type != PCI_EXP_TYPE_ROOT_PORT &&
				   type != PCI_EXP_TYPE_DOWNSTREAM))
		host_bug(__FILE__, __LINE__,
			 "PCI model: not a root or downstream port");
}

/**
 * host_pci_switch_up - a switch, by its upstream port
 * @port: the root or downstream port the switch is linked to
 *
 * Return: the upstream port; add downstream ports with
 * host_pci_switch_down().
 */
struct pci_dev *host_pci_switch_up(struct pci_dev *port)
{
	struct pci_bus *bus;
	struct pci_dev *usp;

	check_downstream_port(port);
	bus = port->subordinate;
	usp = dev_create(bus, PCI_DEVFN(next_slot(bus), 0), SWITCH_VENDOR,
			 SWITCH_DEVICE, PCI_EXP_TYPE_UPSTREAM);
	add_secondary_bus(usp);
	topo_renumber(bus_topo(bus));
	return usp;
}

/**
 * host_pci_switch_down_at - a downstream port of a switch
 * @usp: the switch's upstream port
 * @devfn: where on the switch's bus; %HOST_PCI_NEXT_SLOT for the next
 *	free slot
 *
 * Return: the downstream port.
 */
struct pci_dev *host_pci_switch_down_at(struct pci_dev *usp, int devfn)
{
	struct pci_bus *bus;
	struct pci_dev *dsp;

	if (!usp->subordinate ||
	    pci_pcie_type(usp) != PCI_EXP_TYPE_UPSTREAM)
		host_bug(__FILE__, __LINE__,
			 "PCI model: not a switch upstream port");
	bus = usp->subordinate;
	dsp = dev_create(bus, place(bus, devfn), SWITCH_VENDOR,
			 SWITCH_DEVICE, PCI_EXP_TYPE_DOWNSTREAM);
	add_secondary_bus(dsp);
	topo_renumber(bus_topo(bus));
	return dsp;
}

/**
 * host_pci_switch_down - a downstream port of a switch, next slot
 * @usp: the switch's upstream port
 *
 * Return: the downstream port, at the next slot of the switch's bus.
 */
struct pci_dev *host_pci_switch_down(struct pci_dev *usp)
{
	return host_pci_switch_down_at(usp, HOST_PCI_NEXT_SLOT);
}

/**
 * host_pci_endpoint_at - a PCIe endpoint below a port
 * @port: a root port or switch downstream port
 * @devfn: where on @port's bus; %HOST_PCI_NEXT_SLOT for the next free
 *	slot
 * @vendor: vendor ID
 * @device: device ID
 *
 * Return: the endpoint.
 */
struct pci_dev *host_pci_endpoint_at(struct pci_dev *port, int devfn,
				     u16 vendor, u16 device)
{
	struct pci_bus *bus;
	struct pci_dev *pdev;

	check_downstream_port(port);
	bus = port->subordinate;
	pdev = dev_create(bus, place(bus, devfn), vendor, device,
			  PCI_EXP_TYPE_ENDPOINT);
	topo_renumber(bus_topo(bus));
	return pdev;
}

/**
 * host_pci_endpoint - a PCIe endpoint below a port, next slot
 * @port: a root port or switch downstream port
 * @vendor: vendor ID
 * @device: device ID
 *
 * Return: the endpoint, function 0 of the next slot of @port's bus.
 */
struct pci_dev *host_pci_endpoint(struct pci_dev *port, u16 vendor, u16 device)
{
	return host_pci_endpoint_at(port, HOST_PCI_NEXT_SLOT, vendor, device);
}

/**
 * host_pci_device_at - any function, wherever a QEMU command line puts it
 * @bus: the bus: a host bridge's root bus or a bridge's secondary bus
 * @devfn: where on @bus, PCI_DEVFN(slot, fn); %HOST_PCI_NEXT_SLOT for
 *	function 0 of the next free slot
 * @vendor: vendor ID
 * @device: device ID
 * @pcie_type: the PCIe port type (%PCI_EXP_TYPE_ENDPOINT,
 *	%PCI_EXP_TYPE_ROOT_PORT, ...) or %HOST_PCI_NOT_PCIE for a
 *	conventional PCI function
 * @bridge: give it a secondary bus, for devices to be placed on
 *
 * The other helpers build what PCIe allows; this one builds what QEMU
 * allows, such as a root port behind a switch's upstream port, and what
 * a chipset has, such as conventional PCI functions on a root bus.
 *
 * Return: the function.
 */
struct pci_dev *host_pci_device_at(struct pci_bus *bus, int devfn,
				   u16 vendor, u16 device, int pcie_type,
				   bool bridge)
{
	struct pci_dev *pdev;

	if (pcie_type != NOT_PCIE &&
	    (pcie_type < 0 || pcie_type > PCI_EXP_FLAGS_TYPE >> 4))
		host_bug(__FILE__, __LINE__, "PCI model: no such PCIe type");
	pdev = dev_create(bus, place(bus, devfn), vendor, device, pcie_type);
	if (bridge)
		add_secondary_bus(pdev);
	topo_renumber(bus_topo(bus));
	return pdev;
}

/**
 * host_pci_function - another function of a device
 * @pdev: any function of the device
 * @vendor: vendor ID
 * @device: device ID
 *
 * The new function is of @pdev's kind (PCIe or not, endpoint or integrated
 * endpoint); the function of a bridge is a PCIe endpoint.
 *
 * Return: the next free function of @pdev's slot.
 */
struct pci_dev *host_pci_function(struct pci_dev *pdev, u16 vendor, u16 device)
{
	unsigned int slot = PCI_SLOT(pdev->devfn), fn = 0;
	struct pci_bus *bus = pdev->bus;
	struct pci_dev *f;
	int type;

	if (pdev->is_virtfn)
		host_bug(__FILE__, __LINE__, "PCI model: functions of a VF");
	list_for_each_entry(f, &bus->devices, bus_list)
		if (!f->is_virtfn && PCI_SLOT(f->devfn) == slot &&
		    PCI_FUNC(f->devfn) >= fn)
			fn = PCI_FUNC(f->devfn) + 1;
	if (fn > 7)
		host_bug(__FILE__, __LINE__, "PCI model: more than 8 functions");
	if (!pci_is_pcie(pdev))
		type = NOT_PCIE;
	else if (pdev->subordinate)
		type = PCI_EXP_TYPE_ENDPOINT;
	else
		type = pci_pcie_type(pdev);
	f = dev_create(bus, PCI_DEVFN(slot, fn), vendor, device, type);
	topo_renumber(bus_topo(bus));
	return f;
}

/**
 * host_pci_vf - the next SR-IOV virtual function of a physical function
 * @pf: the physical function
 *
 * The VF has the PF's vendor ID and the PF's device ID + 1 (as many NICs
 * number them), no ACS capability and no BAR of its own; its upstream
 * bridge is its PF's.
 *
 * Return: the virtual function.
 */
struct pci_dev *host_pci_vf(struct pci_dev *pf)
{
	unsigned int devfn;
	struct pci_dev *vf;

	if (pf->is_virtfn || pf->subordinate)
		host_bug(__FILE__, __LINE__, "PCI model: VF of a VF or bridge");
	devfn = pf->devfn + VF_OFFSET + pf->host_nr_virtfn * VF_STRIDE;
	vf = dev_create(pf->bus, devfn, pf->vendor, pf->device + 1,
			PCI_EXP_TYPE_ENDPOINT);
	vf->is_virtfn = 1;
	vf->physfn = pci_dev_get(pf);
	pf->host_nr_virtfn++;
	topo_renumber(bus_topo(pf->bus));
	return vf;
}

/**
 * host_pci_vf_at - a virtual function where a machine has it
 * @pf: the physical function
 * @bus_nr: the VF's bus number: the PF's, or another (a VF beyond the
 *	PF's bus sits on a virtual bus, as Linux's pci_iov_add_virtfn()
 *	makes one, below the PF's bus and with no bridge of its own)
 * @devfn: its slot and function
 * @vendor: its vendor ID, as sysfs shows it (config space reads all ones)
 * @device: its device ID, as sysfs shows it
 *
 * Another bus than the PF's is only for %HOST_PCI_BUS_ORDER_FIXED, where
 * bus numbers are the machine's.  Its upstream bridge is its PF's.
 *
 * Return: the virtual function.
 */
struct pci_dev *host_pci_vf_at(struct pci_dev *pf, unsigned int bus_nr,
			       int devfn, u16 vendor, u16 device)
{
	struct host_pci_topo *topo = bus_topo(pf->bus);
	struct pci_bus *bus = pf->bus, *child;
	struct pci_dev *vf;

	if (pf->is_virtfn || pf->subordinate)
		host_bug(__FILE__, __LINE__, "PCI model: VF of a VF or bridge");
	if (bus_nr != bus->number) {
		if (topo->bus_order != HOST_PCI_BUS_ORDER_FIXED || bus_nr > 0xff)
			host_bug(__FILE__, __LINE__,
				 "PCI model: a VF's own bus outside BUS_ORDER_FIXED");
		bus = NULL;
		list_for_each_entry(child, &pf->bus->children, node)
			if (!child->self && child->number == bus_nr)
				bus = child;
		if (!bus) {
			bus = bus_create(pf->bus, NULL, pf->bus->domain_nr);
			bus->number = bus_nr;
		}
	}
	vf = dev_create(bus, place(bus, devfn), vendor, device,
			PCI_EXP_TYPE_ENDPOINT);
	if (!vf->dev.parent && pf->bus->self)
		vf->dev.parent = get_device(&pf->bus->self->dev);
	vf->is_virtfn = 1;
	vf->physfn = pci_dev_get(pf);
	pf->host_nr_virtfn++;
	topo_renumber(topo);
	return vf;
}

/**
 * host_pci_set_acs_cap - give a device an ACS capability, as it is
 * @pdev: the device
 * @cap: the ACS capability register: the controls the device offers
 * @ctrl: the ACS control register (%PCI_ACS_RR, %PCI_ACS_CR, ...)
 *
 * Neither register limits the other: the kernel reads the controls and
 * so does p2pdma.c, whatever the capability says.
 */
void host_pci_set_acs_cap(struct pci_dev *pdev, u16 cap, u16 ctrl)
{
	pdev->acs_cap = HOST_ACS_CAP;
	pdev->host_acs_cap = cap;
	pdev->host_acs_ctrl = ctrl;
}

/**
 * host_pci_set_acs - give a device a full ACS capability, set its controls
 * @pdev: the device
 * @ctrl: the ACS control register (%PCI_ACS_RR, %PCI_ACS_CR, ...)
 *
 * The capability offers every control up to Direct Translated P2P.
 */
void host_pci_set_acs(struct pci_dev *pdev, u16 ctrl)
{
	host_pci_set_acs_cap(pdev, HOST_ACS_CAP_ALL, ctrl);
}

/**
 * host_pci_clear_acs - take a device's ACS capability away
 * @pdev: the device
 */
void host_pci_clear_acs(struct pci_dev *pdev)
{
	pdev->acs_cap = 0;
	pdev->host_acs_cap = 0;
	pdev->host_acs_ctrl = 0;
}

/**
 * host_pci_set_bar - set up a memory BAR
 * @pdev: the device
 * @bar: the BAR, 0 to %PCI_STD_NUM_BARS - 1
 * @start: its CPU physical address
 * @len: its length; 0 clears the BAR
 */
void host_pci_set_bar(struct pci_dev *pdev, int bar, phys_addr_t start,
		      resource_size_t len)
{
	struct resource *res;

	if (bar < 0 || bar >= PCI_STD_NUM_BARS)
		host_bug(__FILE__, __LINE__, "PCI model: no such BAR");
	res = &pdev->resource[bar];
	memset(res, 0, sizeof(*res));
	if (!len)
		return;
	res->start = start;
	res->end = start + len - 1;
	res->name = pci_name(pdev);
	res->flags = IORESOURCE_MEM;
	pdev->host_command |= PCI_COMMAND_MEMORY;
}
