// SPDX-License-Identifier: GPL-2.0
/*
 * The machine the host boots with, as QEMU's q35 presents it to a KUnit
 * kernel: in domain 0, a host bridge (8086:29c0 at 00.0, not on the P2P
 * whitelist), a root port (00:01.0) and one endpoint behind it (01:00.0).
 * Suites that need PCI find these devices with pci_get_device() just as
 * they would in the kernel, the host bridge first; host-only tests build
 * their own topologies beside them, in other domains.
 */
#include <host/kernel.h>

static struct host_pci_topo *machine;

/**
 * host_pci_machine - the topology the host booted with
 *
 * Return: domain 0's topology.
 */
struct host_pci_topo *host_pci_machine(void)
{
	return machine;
}

static void __attribute__((constructor)) host_machine_boot(void)
{
	struct pci_host_bridge *hb;
	struct pci_dev *port;

	machine = host_pci_topo_create(0);
	hb = host_pci_host_bridge(machine, 0x8086, 0x29c0);
	port = host_pci_root_port(hb, 0x1b36, 0x000c);
	host_pci_endpoint(port, 0x1b36, 0x0010);
}

/* At exit, so a sanitizer run sees every model allocation given back. */
static void __attribute__((destructor)) host_machine_shutdown(void)
{
	host_pci_topo_destroy(machine);
	machine = NULL;
}
