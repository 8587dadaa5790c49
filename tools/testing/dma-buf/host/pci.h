/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI devices and the P2P DMA distance.
 *
 * A struct pci_dev here carries what drivers/pci/p2pdma.c looks at: the
 * bridge above it and, for a virtual function, its physical function.
 */
#ifndef _HOST_PCI_H
#define _HOST_PCI_H

#include "types.h"
#include "list.h"
#include "device.h"
#include "pci-p2pdma.h"

extern const struct bus_type pci_bus_type;

struct pci_dev {
	struct device dev;
	struct pci_dev *upstream;	/* bridge above; NULL on a root bus */
	bool is_virtfn;
	struct pci_dev *physfn;
	u16 vendor;
	u16 device;
	struct list_head host_node;	/* on the host's list of PCI devices */
};

#define PCI_ANY_ID	(~0)

static inline bool dev_is_pci(const struct device *dev)
{
	return dev && dev->bus == &pci_bus_type;
}

#define to_pci_dev(d)	container_of(d, struct pci_dev, dev)

static inline const char *pci_name(const struct pci_dev *pdev)
{
	return dev_name(&pdev->dev);
}

/* Creates a PCI device named @name ("0000:01:00.0") below @upstream. */
struct pci_dev *host_pci_dev_create(const char *name, struct pci_dev *upstream,
				    u16 vendor, u16 device);
void host_pci_dev_destroy(struct pci_dev *pdev);

struct pci_dev *pci_dev_get(struct pci_dev *pdev);
void pci_dev_put(struct pci_dev *pdev);
struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from);

#endif /* _HOST_PCI_H */
