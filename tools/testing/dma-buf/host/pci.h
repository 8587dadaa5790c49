/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI as drivers/pci/p2pdma.c looks at it: host bridges, each with a root
 * bus; buses with the bridge above them; devices with a devfn, a PCIe port
 * type, an ACS capability, SR-IOV links and BARs.
 *
 * The fields kernel code touches keep their kernel names and meaning (bus,
 * subordinate, devfn, vendor, device, is_virtfn, physfn, acs_cap, resource[],
 * p2pdma); what the kernel keeps in config space, the host keeps in host_*
 * fields behind pci_read_config_word().  Topologies are built with the
 * helpers of host/pci-topology.h, which this header includes.
 */
#ifndef _HOST_PCI_H
#define _HOST_PCI_H

#include "types.h"
#include "list.h"
#include "device.h"
#include "pci-p2pdma.h"

extern const struct bus_type pci_bus_type;

#define PCI_DEVFN(slot, func)	((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)		((devfn) & 0x07)
#define PCI_DEVID(bus, devfn)	((((u16)(bus)) << 8) | (devfn))

#define PCI_ANY_ID	(~0)

/* Config space registers and bits, as include/uapi/linux/pci_regs.h. */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define  PCI_COMMAND_IO		 0x1	/* Enable response in I/O space */
#define  PCI_COMMAND_MEMORY	 0x2	/* Enable response in Memory space */
#define  PCI_COMMAND_MASTER	 0x4	/* Enable bus mastering */
#define PCI_EXP_FLAGS_TYPE	0x00f0
#define  PCI_EXP_TYPE_ENDPOINT	 0x0
#define  PCI_EXP_TYPE_LEG_END	 0x1
#define  PCI_EXP_TYPE_ROOT_PORT	 0x4
#define  PCI_EXP_TYPE_UPSTREAM	 0x5
#define  PCI_EXP_TYPE_DOWNSTREAM 0x6
#define  PCI_EXP_TYPE_PCI_BRIDGE 0x7	/* PCIe to PCI/PCI-X Bridge */
#define  PCI_EXP_TYPE_PCIE_BRIDGE 0x8	/* PCI/PCI-X to PCIe Bridge */
#define  PCI_EXP_TYPE_RC_END	 0x9
#define  PCI_EXP_TYPE_RC_EC	 0xa	/* Root Complex Event Collector */
#define PCI_EXT_CAP_ID_ACS	0x0d
#define PCI_ACS_CAP		0x04
#define PCI_ACS_CTRL		0x06
#define  PCI_ACS_SV		0x0001	/* Source Validation */
#define  PCI_ACS_TB		0x0002	/* Translation Blocking */
#define  PCI_ACS_RR		0x0004	/* P2P Request Redirect */
#define  PCI_ACS_CR		0x0008	/* P2P Completion Redirect */
#define  PCI_ACS_UF		0x0010	/* Upstream Forwarding */
#define  PCI_ACS_EC		0x0020	/* P2P Egress Control */
#define  PCI_ACS_DT		0x0040	/* Direct Translated P2P */

#define PCIBIOS_SUCCESSFUL		0x00
#define PCIBIOS_BAD_REGISTER_NUMBER	0x87

#define PCI_STD_NUM_BARS	6

#define IORESOURCE_IO		0x00000100
#define IORESOURCE_MEM		0x00000200

struct resource {
	resource_size_t start;
	resource_size_t end;
	const char *name;
	unsigned long flags;
};

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

typedef u64 pci_bus_addr_t;

struct pci_bus;
struct pci_p2pdma;
struct host_pci_topo;

/**
 * struct pci_host_bridge - a PCI host bridge and its root bus
 * @bus: the root bus
 * @domain_nr: the PCI domain (segment) of every bus below it
 * @host_bus_offset: PCI bus address minus CPU physical address of the
 *	MMIO window, the same for every BAR below this bridge in the host
 * @host_topo: the topology the bridge belongs to
 * @host_node: on the topology's list of host bridges
 */
struct pci_host_bridge {
	struct pci_bus *bus;
	int domain_nr;
	u64 host_bus_offset;
	struct host_pci_topo *host_topo;
	struct list_head host_node;
};

/**
 * struct pci_bus - a PCI bus
 * @node: on the parent bus's @children
 * @parent: the bus above; NULL for a root bus
 * @children: the buses behind bridges on this bus
 * @devices: the devices on this bus, in devfn order as Linux scans them
 * @self: the bridge this bus is the secondary bus of; NULL for a root bus
 * @host_bridge: for a root bus, its host bridge
 * @number: the bus number, assigned depth-first as Linux enumerates
 * @domain_nr: the PCI domain
 */
struct pci_bus {
	struct list_head node;
	struct pci_bus *parent;
	struct list_head children;
	struct list_head devices;
	struct pci_dev *self;
	struct pci_host_bridge *host_bridge;
	unsigned char number;
	int domain_nr;
};

/**
 * struct pci_dev - a PCI function
 * @bus_list: on @bus's list of devices
 * @bus: the bus it sits on
 * @subordinate: for a bridge, the bus behind it
 * @devfn: slot and function
 * @vendor: vendor ID
 * @device: device ID
 * @pcie_cap: offset of the PCIe capability; 0 for a conventional PCI device
 * @pcie_flags_reg: the PCIe capabilities register (port type in bits 7:4)
 * @acs_cap: offset of the ACS extended capability; 0 when there is none
 * @p2pdma: P2P DMA state, set up by pcim_p2pdma_init()
 * @dev: the generic device
 * @resource: the standard BARs
 * @is_virtfn: an SR-IOV virtual function
 * @physfn: for a virtual function, its physical function
 * @host_acs_cap: what config space holds at @acs_cap + %PCI_ACS_CAP
 * @host_acs_ctrl: what config space holds at @acs_cap + %PCI_ACS_CTRL
 * @host_command: the command register; memory decode is on once a BAR is
 *	assigned, as firmware leaves it
 * @host_nr_virtfn: virtual functions created for this physical function
 * @host_node: on the host's list of all PCI devices, for pci_get_device()
 */
struct pci_dev {
	struct list_head bus_list;
	struct pci_bus *bus;
	struct pci_bus *subordinate;
	unsigned int devfn;
	unsigned short vendor;
	unsigned short device;
	u8 pcie_cap;
	u16 pcie_flags_reg;
	u16 acs_cap;
	struct pci_p2pdma *p2pdma;
	struct device dev;
	struct resource resource[PCI_STD_NUM_BARS];
	unsigned int is_virtfn:1;
	unsigned int non_mappable_bars:1;	/* no CPU or peer may map them */
	struct pci_dev *physfn;
	u16 host_acs_cap;
	u16 host_acs_ctrl;
	u16 host_command;
	unsigned int host_nr_virtfn;
	struct list_head host_node;
};

static inline bool dev_is_pci(const struct device *dev)
{
	return dev && dev->bus == &pci_bus_type;
}

#define to_pci_dev(d)	container_of(d, struct pci_dev, dev)

static inline const char *pci_name(const struct pci_dev *pdev)
{
	return dev_name(&pdev->dev);
}

#define pci_err(pdev, fmt, ...)		dev_err(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_warn(pdev, fmt, ...)	dev_warn(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_info(pdev, fmt, ...)	dev_info(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_dbg(pdev, fmt, ...)		dev_dbg(&(pdev)->dev, fmt, ##__VA_ARGS__)

static inline bool pci_is_root_bus(const struct pci_bus *bus)
{
	return !bus->parent;
}

static inline int pci_domain_nr(const struct pci_bus *bus)
{
	return bus->domain_nr;
}

static inline u16 pci_dev_id(const struct pci_dev *pdev)
{
	return PCI_DEVID(pdev->bus->number, pdev->devfn);
}

static inline bool pci_is_pcie(const struct pci_dev *pdev)
{
	return pdev->pcie_cap != 0;
}

static inline int pci_pcie_type(const struct pci_dev *pdev)
{
	return (pdev->pcie_flags_reg & PCI_EXP_FLAGS_TYPE) >> 4;
}

static inline struct pci_dev *pci_physfn(struct pci_dev *pdev)
{
	return pdev->is_virtfn ? pdev->physfn : pdev;
}

/* The bridge above @pdev; a virtual function answers for its PF's. */
static inline struct pci_dev *pci_upstream_bridge(struct pci_dev *pdev)
{
	pdev = pci_physfn(pdev);
	if (pci_is_root_bus(pdev->bus))
		return NULL;
	return pdev->bus->self;
}

struct pci_host_bridge *pci_find_host_bridge(struct pci_bus *bus);

#define pci_resource_n(pdev, bar)	(&(pdev)->resource[(bar)])
#define pci_resource_start(pdev, bar)	(pci_resource_n(pdev, bar)->start)
#define pci_resource_end(pdev, bar)	(pci_resource_n(pdev, bar)->end)
#define pci_resource_flags(pdev, bar)	(pci_resource_n(pdev, bar)->flags)
#define pci_resource_len(pdev, bar)					\
	(pci_resource_end(pdev, bar) ?					\
	 resource_size(pci_resource_n(pdev, bar)) : 0)

pci_bus_addr_t pci_bus_address(struct pci_dev *pdev, int bar);

int pci_read_config_word(const struct pci_dev *pdev, int where, u16 *val);
int host_pci_write_config_word(const struct pci_dev *pdev, int where,
			       u16 val, const char *file, int line);
/*
 * Only the command register is writable.  Turning memory decode off while
 * a DMA mapping or an IOMMU domain still leads to one of the device's
 * BARs is reported where the write is made (dma.h, iommu.h).
 */
#define pci_write_config_word(pdev, where, val) \
	host_pci_write_config_word(pdev, where, val, __FILE__, __LINE__)

struct pci_dev *pci_dev_get(struct pci_dev *pdev);
void pci_dev_put(struct pci_dev *pdev);
struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from);

#include "pci-topology.h"

#endif /* _HOST_PCI_H */
