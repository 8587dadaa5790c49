// SPDX-License-Identifier: GPL-2.0
/*
 * The machine the host boots with, as QEMU's q35 presents it to a KUnit
 * kernel: a host bridge (8086:29c0, not on the P2P whitelist), a root port,
 * and one endpoint behind it.  Suites that need PCI find these devices with
 * pci_get_device() just as they would in the kernel; host-only tests build
 * their own topologies beside them.
 */
#include <host/kernel.h>

static void __attribute__((constructor)) host_machine_boot(void)
{
	struct pci_dev *root, *port, *ep;

	root = host_pci_dev_create("0000:00:00.0", NULL, 0x8086, 0x29c0);
	port = host_pci_dev_create("0000:00:01.0", NULL, 0x1b36, 0x000c);
	ep = host_pci_dev_create("0000:01:00.0", port, 0x1b36, 0x0010);
	(void)root;
	(void)ep;
}
