// SPDX-License-Identifier: GPL-2.0
/*
 * PCI devices as the kernel API sees them: lifetime, lookup, the host
 * bridge of a bus, bus addresses of BARs and the config registers the
 * models read.  Topologies are built in pci-topology.c, the P2P DMA rules
 * live in pci-p2pdma.c.
 */
#include <host/kernel.h>
#include "registry.h"

const struct bus_type pci_bus_type = { .name = "pci" };

/* Every live PCI device in creation order, as pci_get_device() walks them. */
static LIST_HEAD(pci_devices);
static pthread_mutex_t pci_list_lock = PTHREAD_MUTEX_INITIALIZER;

void host_pci_list_add(struct pci_dev *pdev)
{
	pthread_mutex_lock(&pci_list_lock);
	list_add_tail(&pdev->host_node, &pci_devices);
	pthread_mutex_unlock(&pci_list_lock);
}

/* Removed devices are no longer found, even while references remain. */
void host_pci_list_del(struct pci_dev *pdev)
{
	pthread_mutex_lock(&pci_list_lock);
	list_del_init(&pdev->host_node);
	pthread_mutex_unlock(&pci_list_lock);
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

/**
 * pci_get_device - the next PCI device with the given IDs
 * @vendor: vendor ID or %PCI_ANY_ID
 * @device: device ID or %PCI_ANY_ID
 * @from: the previous match, whose reference is dropped; NULL to start
 *
 * Return: the device with a reference held, or NULL when there is no more.
 */
struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from)
{
	struct list_head *pos;
	struct pci_dev *found = NULL;

	pthread_mutex_lock(&pci_list_lock);
	pos = from && !list_empty(&from->host_node) ? from->host_node.next :
						      pci_devices.next;
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

/**
 * pci_find_host_bridge - the host bridge above a bus
 * @bus: any bus
 *
 * Return: the host bridge of @bus's root bus.
 */
struct pci_host_bridge *pci_find_host_bridge(struct pci_bus *bus)
{
	while (bus->parent)
		bus = bus->parent;
	return bus->host_bridge;
}

/**
 * pci_bus_address - the PCI bus address of a BAR
 * @pdev: the device
 * @bar: the BAR
 *
 * The host gives each host bridge one window offset, so this is the BAR's
 * CPU physical start plus its host bridge's offset.
 *
 * Return: the bus address of the start of @bar.
 */
pci_bus_addr_t pci_bus_address(struct pci_dev *pdev, int bar)
{
	struct pci_host_bridge *host = pci_find_host_bridge(pdev->bus);

	return pci_resource_start(pdev, bar) + host->host_bus_offset;
}

/**
 * pci_read_config_word - read a 16-bit config register
 * @pdev: the device
 * @where: the register's offset
 * @val: where the value goes; all ones when the register is not modelled
 *
 * The host models the IDs, the command register and the ACS capability's
 * registers, which is all the kernel code here reads.
 *
 * Return: %PCIBIOS_SUCCESSFUL, or %PCIBIOS_BAD_REGISTER_NUMBER for a
 * register the host does not model.
 */
int pci_read_config_word(const struct pci_dev *pdev, int where, u16 *val)
{
	if (where == PCI_VENDOR_ID) {
		*val = pdev->vendor;
	} else if (where == PCI_DEVICE_ID) {
		*val = pdev->device;
	} else if (where == PCI_COMMAND) {
		*val = pdev->host_command;
	} else if (pdev->acs_cap && where == pdev->acs_cap + PCI_ACS_CAP) {
		*val = pdev->host_acs_cap;
	} else if (pdev->acs_cap && where == pdev->acs_cap + PCI_ACS_CTRL) {
		*val = pdev->host_acs_ctrl;
	} else {
		*val = 0xffff;
		return PCIBIOS_BAD_REGISTER_NUMBER;
	}
	return PCIBIOS_SUCCESSFUL;
}

/**
 * host_pci_write_config_word - pci_write_config_word(): write a register
 * @pdev: the device
 * @where: the register's offset; only %PCI_COMMAND is writable
 * @val: the value
 * @file: where pci_write_config_word() was called, for reports
 * @line: the line
 *
 * When memory decode goes off, every memory BAR of @pdev stops answering:
 * a DMA mapping (dma.h) or an IOMMU mapping (iommu.h) that still leads to
 * one is reported, as a device would then DMA to MMIO that is gone.
 *
 * Return: %PCIBIOS_SUCCESSFUL, or %PCIBIOS_BAD_REGISTER_NUMBER.
 */
int host_pci_write_config_word(const struct pci_dev *pdev, int where,
			       u16 val, const char *file, int line)
{
	struct pci_dev *dev = (struct pci_dev *)pdev;	/* config space */
	int bar;

	if (where != PCI_COMMAND)
		return PCIBIOS_BAD_REGISTER_NUMBER;
	if ((dev->host_command & PCI_COMMAND_MEMORY) &&
	    !(val & PCI_COMMAND_MEMORY)) {
		for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
			struct resource *res = &dev->resource[bar];

			if (!(res->flags & IORESOURCE_MEM))
				continue;
			host_dma_check_mmio_gone(res->start,
						 resource_size(res),
						 pci_name(dev), bar, file,
						 line);
			host_iommu_check_mmio_gone(res->start,
						   resource_size(res),
						   pci_name(dev), bar, file,
						   line);
		}
	}
	dev->host_command = val;
	return PCIBIOS_SUCCESSFUL;
}
