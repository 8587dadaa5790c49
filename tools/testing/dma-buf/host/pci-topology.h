/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building PCI topologies in the host, as firmware and Linux's enumeration
 * would present them.  A ten-device topology is about ten lines:
 *
 *	topo = host_pci_topo_create(1);
 *	hb = host_pci_host_bridge(topo, 0x8086, 0x2030);
 *	rp = host_pci_root_port(hb, 0x8086, 0x2032);
 *	usp = host_pci_switch_up(rp);
 *	dsp0 = host_pci_switch_down(usp);
 *	dsp1 = host_pci_switch_down(usp);
 *	a = host_pci_endpoint(dsp0, 0x10de, 0x2330);
 *	b = host_pci_endpoint(dsp1, 0x15b3, 0x101d);
 *	host_pci_set_acs(dsp1, PCI_ACS_RR);
 *	...
 *	host_pci_topo_destroy(topo);
 *
 * Placement: a root bus keeps slot 0 for the host bridge's own device and
 * gives the others the lowest free slot from 1 on, so 1, 2, ... in
 * creation order; any other bus gives slots 0, 1, ...; the _at() forms
 * take a fixed devfn instead, as firmware or a QEMU command line fixes
 * it (a root port at 00:04.0, chipset functions at 00:1f.x), and
 * host_pci_device_at() puts any function anywhere, of any port type, as
 * QEMU lets a command line do (a root port below a switch's upstream
 * port, conventional PCI functions on a root bus);
 * host_pci_function() adds the next function of a slot and host_pci_vf()
 * places virtual function n at the PF's devfn + 0x80 + n (a First VF
 * Offset of 128 and a VF Stride of 1).  Bus numbers are assigned
 * depth-first, host bridge after host bridge, siblings in devfn order as
 * Linux's scan assigns them or, after host_pci_topo_set_bus_order(), in
 * reverse as qboot (QEMU's -bios qboot.rom) does; they are renumbered on
 * every addition, so names ("0001:03:00.0") are final once the topology
 * is built.
 *
 * Topology memory is model state (libc memory, not the tracked allocator):
 * a topology outlives the cases that use it as hardware outlives drivers.
 * Every helper stops the program (host_bug()) on misuse or exhaustion.
 */
#ifndef _HOST_PCI_TOPOLOGY_H
#define _HOST_PCI_TOPOLOGY_H

#include "types.h"
#include "pci-p2pdma.h"

struct host_pci_topo;
struct pci_host_bridge;
struct pci_bus;
struct pci_dev;

/* How firmware numbers the buses of a topology; LINUX at creation. */
enum host_pci_bus_order {
	HOST_PCI_BUS_ORDER_LINUX,		/* siblings in devfn order */
	HOST_PCI_BUS_ORDER_REVERSE_SLOT,	/* highest devfn first: qboot */
	HOST_PCI_BUS_ORDER_FIXED,		/* as host_pci_bus_set_number() says */
};

/* For the _at() forms: the next free slot, as the plain forms place. */
#define HOST_PCI_NEXT_SLOT	(-1)

/* For host_pci_device_at(): a conventional PCI function, no PCIe port type. */
#define HOST_PCI_NOT_PCIE	(-1)

/* A PCI domain (segment) @domain; no two live topologies may share one. */
struct host_pci_topo *host_pci_topo_create(int domain);
/* Numbers the buses as @order says, from now on and what exists. */
void host_pci_topo_set_bus_order(struct host_pci_topo *topo,
				 enum host_pci_bus_order order);
/* In %HOST_PCI_BUS_ORDER_FIXED, @bus is number @nr (as a machine says). */
void host_pci_bus_set_number(struct pci_bus *bus, unsigned int nr);
/* Removes every device (freed at its last pci_dev_put()) and every bus. */
void host_pci_topo_destroy(struct host_pci_topo *topo);
/* The topology lib/machine.c boots with, in domain 0. */
struct host_pci_topo *host_pci_machine(void);

/*
 * A host bridge with a new root bus.  A non-zero @vendor puts its device,
 * @vendor:@device, at 00.0 of the root bus (conventional PCI, as the
 * host bridges p2pdma.c's whitelist lists); 0 leaves slot 0 empty, so the
 * first device on the root bus is whatever is added next (as on Skylake).
 */
struct pci_host_bridge *host_pci_host_bridge(struct host_pci_topo *topo,
					     u16 vendor, u16 device);
/* Bus address = CPU physical address + @offset below @hb. */
void host_pci_set_bus_offset(struct pci_host_bridge *hb, u64 offset);

/* A PCIe root port on @hb's root bus, with its secondary bus. */
struct pci_dev *host_pci_root_port(struct pci_host_bridge *hb,
				   u16 vendor, u16 device);
struct pci_dev *host_pci_root_port_at(struct pci_host_bridge *hb, int devfn,
				      u16 vendor, u16 device);
/* A root complex integrated endpoint on @hb's root bus (also: a VM's device). */
struct pci_dev *host_pci_rc_endpoint(struct pci_host_bridge *hb,
				     u16 vendor, u16 device);
struct pci_dev *host_pci_rc_endpoint_at(struct pci_host_bridge *hb, int devfn,
					u16 vendor, u16 device);
/* A switch upstream port below @port (a root or downstream port). */
struct pci_dev *host_pci_switch_up(struct pci_dev *port);
/* A downstream port of the switch whose upstream port is @usp. */
struct pci_dev *host_pci_switch_down(struct pci_dev *usp);
struct pci_dev *host_pci_switch_down_at(struct pci_dev *usp, int devfn);
/* A PCIe endpoint below @port (a root or downstream port). */
struct pci_dev *host_pci_endpoint(struct pci_dev *port, u16 vendor, u16 device);
struct pci_dev *host_pci_endpoint_at(struct pci_dev *port, int devfn,
				     u16 vendor, u16 device);
/*
 * Any function: @vendor:@device at @devfn (%HOST_PCI_NEXT_SLOT for the
 * next free slot) of @bus (a host bridge's root bus or a bridge's
 * secondary bus), of PCIe port type @pcie_type (%PCI_EXP_TYPE_ROOT_PORT
 * and friends, or %HOST_PCI_NOT_PCIE), with a secondary bus of its own
 * when @bridge.  Nothing is checked but that the devfn is free.
 */
struct pci_dev *host_pci_device_at(struct pci_bus *bus, int devfn,
				   u16 vendor, u16 device, int pcie_type,
				   bool bridge);
/* The next function of @pdev's device, making it multi-function. */
struct pci_dev *host_pci_function(struct pci_dev *pdev, u16 vendor,
				  u16 device);
/* The next virtual function of the physical function @pf. */
struct pci_dev *host_pci_vf(struct pci_dev *pf);
/*
 * A virtual function of @pf at @devfn of bus @bus_nr, with the IDs sysfs
 * gives it: on @pf's bus, or (in %HOST_PCI_BUS_ORDER_FIXED) on a virtual
 * bus of that number below it, as Linux puts the VFs that do not fit.
 */
struct pci_dev *host_pci_vf_at(struct pci_dev *pf, unsigned int bus_nr,
			       int devfn, u16 vendor, u16 device);

/*
 * Give @pdev an ACS capability whose control register holds @ctrl
 * (%PCI_ACS_RR and friends; 0 is a capability with nothing enabled) and
 * whose capability register offers every control up to Direct Translated
 * P2P (0x007f), or, with host_pci_set_acs_cap(), offers @cap.
 */
void host_pci_set_acs(struct pci_dev *pdev, u16 ctrl);
void host_pci_set_acs_cap(struct pci_dev *pdev, u16 cap, u16 ctrl);
/* Take @pdev's ACS capability away. */
void host_pci_clear_acs(struct pci_dev *pdev);
/* A memory BAR at CPU physical address @start; @len 0 clears the BAR. */
void host_pci_set_bar(struct pci_dev *pdev, int bar, phys_addr_t start,
		      resource_size_t len);

/*
 * The CPU: is it an AMD of family 0x17 (Zen) or later, which 7.3 trusts
 * for P2P through the host bridge?  Returns the previous setting.
 */
bool host_cpu_set_amd_zen(bool zen);
bool host_cpu_is_amd_zen(void);
/*
 * 7.3's cpu_supports_p2pdma() for a CPU as /proc/cpuinfo names it
 * ("vendor_id" and "cpu family"): is it an AMD Zen or later?
 */
bool host_cpu_amd_zen(const char *vendor_id, unsigned int family);

/*
 * P2P DMA in the kernel: without it (CONFIG_PCI_P2PDMA=n) every
 * pcim_p2pdma_init() fails with -EOPNOTSUPP.  On at start.  Returns the
 * previous setting.
 */
bool host_pci_p2pdma_set_supported(bool supported);

/*
 * 7.3's static calc_map_type_and_dist(), for tests that need the distance
 * of a pair the map type refuses.  Caches like the kernel does.
 */
enum pci_p2pdma_map_type host_pci_p2pdma_calc(struct pci_dev *provider,
					      struct pci_dev *client,
					      int *dist, bool verbose);

/* How a host bridge stands with 7.3's whitelist, for one pair. */
enum host_p2pdma_whitelist {
	HOST_P2PDMA_LISTED,		/* listed: traffic may cross it */
	HOST_P2PDMA_LISTED_SAME_BRIDGE,	/* listed for pairs below it alone */
	HOST_P2PDMA_NOT_LISTED,		/* its device's IDs are not listed */
	HOST_P2PDMA_NO_DEVICE,		/* the first device on its root bus is
					 * neither 00.0 nor a root port: the
					 * kernel finds nothing to look up */
};

/* The redirecting devices host_p2pdma_why keeps; more are counted only. */
#define HOST_P2PDMA_WHY_ACS	32

/**
 * struct host_p2pdma_why - why calc_map_type_and_dist() answered as it did
 * @common: the common upstream device of the pair; NULL when none
 * @acs: the devices on the path whose ACS redirects P2P requests, in
 *	the order the kernel lists them (provider side up, then client side
 *	up), all of them, where the kernel's message stops at nine
 * @nr_acs: how many there are (more than %HOST_P2PDMA_WHY_ACS are counted)
 * @thru_host_bridge: the traffic would cross the host bridge(s): no
 *	common upstream device, or ACS redirect on the path
 * @cpu_trusted: the CPU rule let it cross (an AMD Zen): the whitelist was
 *	not asked
 * @nr_bridges: the host bridges the pair's traffic would cross (1 or 2),
 *	each looked up whatever the other's answer; 0 when it does not
 *	cross any or the CPU rule decided
 * @bridge: each one's host bridge
 * @bridge_dev: the device the whitelist is asked about; NULL with
 *	%HOST_P2PDMA_NO_DEVICE
 * @whitelist: its answer
 */
struct host_p2pdma_why {
	struct pci_dev *common;
	struct pci_dev *acs[HOST_P2PDMA_WHY_ACS];
	unsigned int nr_acs;
	bool thru_host_bridge;
	bool cpu_trusted;
	unsigned int nr_bridges;
	struct pci_host_bridge *bridge[2];
	struct pci_dev *bridge_dev[2];
	enum host_p2pdma_whitelist whitelist[2];
};

/*
 * host_pci_p2pdma_calc(), not verbose, and what decided: the same walk,
 * filling @why on its way.  For tools that tell a user why.
 */
enum pci_p2pdma_map_type host_pci_p2pdma_explain(struct pci_dev *provider,
						 struct pci_dev *client,
						 int *dist,
						 struct host_p2pdma_why *why);

/* Between lib/pci*.c: the device list, and dropping the P2P DMA state. */
void host_pci_list_add(struct pci_dev *pdev);
void host_pci_list_del(struct pci_dev *pdev);
void host_pci_p2pdma_release(struct pci_dev *pdev);

#endif /* _HOST_PCI_TOPOLOGY_H */
