/* SPDX-License-Identifier: GPL-2.0 */
/*
 * P2P DMA: the map-type decision and the distance, as Linux 7.3's
 * drivers/pci/p2pdma.c makes them, with struct p2pdma_provider (one per
 * BAR) of include/linux/pci-p2pdma.h.
 */
#ifndef _HOST_PCI_P2PDMA_H
#define _HOST_PCI_P2PDMA_H

#include "types.h"

struct device;
struct pci_dev;

/* As include/linux/pci-p2pdma.h in 7.3, same values. */
enum pci_p2pdma_map_type {
	PCI_P2PDMA_MAP_UNKNOWN = 0,
	PCI_P2PDMA_MAP_NONE,		/* not a P2P transfer */
	PCI_P2PDMA_MAP_NOT_SUPPORTED,
	PCI_P2PDMA_MAP_BUS_ADDR,
	PCI_P2PDMA_MAP_THRU_HOST_BRIDGE,
};

/**
 * struct p2pdma_provider - the MMIO of one BAR, as a P2P DMA provider
 * @owner: the PCI device's struct device
 * @bus_offset: PCI bus address minus CPU physical address of the BAR
 */
struct p2pdma_provider {
	struct device *owner;
	u64 bus_offset;
};

int pcim_p2pdma_init(struct pci_dev *pdev);
struct p2pdma_provider *pcim_p2pdma_provider(struct pci_dev *pdev, int bar);

int pci_p2pdma_distance_many(struct pci_dev *provider, struct device **clients,
			     int num_clients, bool verbose);

static inline int pci_p2pdma_distance(struct pci_dev *provider,
				      struct device *client, bool verbose)
{
	return pci_p2pdma_distance_many(provider, &client, 1, verbose);
}

/*
 * How @dev reaches @provider's MMIO: the cached answer for the pair, or
 * computed (verbosely) and cached.  NOT_SUPPORTED for a NULL provider, an
 * owner without P2P DMA state (no pcim_p2pdma_init()) or a client that is
 * not itself a PCI device (unlike the distance, no parent is looked for).
 */
enum pci_p2pdma_map_type pci_p2pdma_map_type(struct p2pdma_provider *provider,
					     struct device *dev);

/* The bus address of @paddr in @provider's MMIO, for a BUS_ADDR transfer. */
static inline dma_addr_t
pci_p2pdma_bus_addr_map(struct p2pdma_provider *provider, phys_addr_t paddr)
{
	return paddr + provider->bus_offset;
}

#endif /* _HOST_PCI_P2PDMA_H */
