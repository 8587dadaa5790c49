// SPDX-License-Identifier: GPL-2.0
/*
 * p2p-check: which PCI devices of this machine can do peer-to-peer DMA
 * under Linux 7.3's rules, why not, and how to fix it.
 *
 * It reads the machine through sysfs (or a snapshot of it that
 * --capture wrote), builds the PCI tree in the userspace host's PCI model
 * (tools/testing/dma-buf/lib/pci*.c) and asks that model, which is the
 * host's copy of drivers/pci/p2pdma.c's rules checked against the kernel
 * on every pair of several QEMU topologies, for each pair's map type,
 * distance and reason.  No rule is restated here.
 *
 * What it reads: for each /sys/bus/pci/devices/BDF, where its link
 * points (the host bridge and the chain of bridges above it), vendor,
 * device, class, config (the PCIe port type, the secondary bus of a
 * bridge and, beyond 256 bytes, which only root may read, the ACS
 * capability) and whether p2pmem/ exists (p2pmem/size); the CPU's
 * vendor_id and cpu family from /proc/cpuinfo.  --help says the rest.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <host/hooks.h>
#include <host/pci-topology.h>

#include "st-dma-mapping.h"

#define CFG_FULL		4096	/* PCIe extended config space */
#define CFG_LEGACY		256	/* what a conventional PCI function has */
#define CFG_HEADER_TYPE		0x0e
#define  CFG_HEADER_MULTI_FUNCTION 0x80
#define CFG_SECONDARY_BUS	0x19
#define CFG_STATUS		0x06
#define  CFG_STATUS_CAP_LIST	 0x10
#define CFG_CAP_PTR		0x34
#define CAP_ID_EXP		0x10
#define EXT_CAP_START		0x100

/* The bits a redirect test looks at (acs_redirects_p2p() in the model). */
#define ACS_GUESS_CAP		0x007f
#define ACS_GUESS_REDIRECT	(PCI_ACS_RR | PCI_ACS_CR)

#define NAME_LEN		24	/* "dddd:bb:dd.f", "pciDDDD:BB" */
#define MAX_CHAIN		64

enum exit_code {
	EXIT_ALL_P2P = 0,	/* every selected pair can do P2P */
	EXIT_SOME_REFUSED = 1,	/* one cannot, or may not (ACS unknown) */
	EXIT_BAD_INPUT = 2,
};

/**
 * struct fn - a PCI function as sysfs shows it
 * @name: its sysfs name, "dddd:bb:dd.f"
 * @domain: its PCI domain
 * @bus: its bus number
 * @devfn: slot and function
 * @vendor: vendor ID
 * @device: device ID
 * @class: class code
 * @root: the host bridge it sits below, "pciDDDD:BB"
 * @up: index of the bridge above it; -1 on a root bus
 * @bridge: a PCI-to-PCI bridge (header type 1): it has a secondary bus
 * @secondary: that bus's number
 * @type: PCIe port type, or %HOST_PCI_NOT_PCIE
 * @type_known: @type was read from config space, not inferred
 * @acs_known: whether it has ACS, and its bits, are known
 * @acs: it has an ACS capability
 * @acs_cap: its capability register
 * @acs_ctrl: its control register
 * @provider: it has p2pmem/, memory the kernel offers peers
 * @p2pmem_size: p2pmem/size
 * @cfg_len: bytes of config space read
 * @cfg_size: bytes of config space the kernel has (the file's size)
 * @cfg: config space
 * @up_name: the name of the bridge above it, "" on a root bus
 * @pf_name: for an SR-IOV virtual function, its physical function
 *	(physfn), "" otherwise
 * @pf: index of that function; -1 for none
 * @pdev: the function in the host's PCI model
 */
struct fn {
	char name[NAME_LEN];
	int domain;
	unsigned int bus, devfn;
	unsigned int vendor, device, class;
	char root[NAME_LEN];
	int up;
	bool bridge;
	unsigned int secondary;
	int type;
	bool type_known;
	bool acs_known, acs;
	u16 acs_cap, acs_ctrl;
	bool provider;
	bool sel;
	unsigned long long p2pmem_size;
	size_t cfg_len, cfg_size;
	unsigned char cfg[CFG_FULL];
	char up_name[NAME_LEN];
	char pf_name[NAME_LEN];
	int pf;
	struct pci_dev *pdev;
};

/* A host bridge: its root bus, in the model. */
struct root {
	char name[NAME_LEN];	/* "pciDDDD:BB" */
	int domain;
	unsigned int bus;
	struct pci_host_bridge *hb;
};

/* The answer for one ordered pair. */
struct verdict {
	enum pci_p2pdma_map_type map;
	int distance;		/* pci_p2pdma_distance(): -1 when refused */
	struct host_p2pdma_why why;
};

static struct {
	const char *root;	/* "" for the live machine */
	struct fn *fns;
	int nr_fns;
	struct root roots[64];
	int nr_roots;
	struct host_pci_topo *topos[64];
	int topo_domain[64];
	int nr_topos;
	char cpu_vendor[64];
	unsigned int cpu_family;
	bool cpu_known;
	bool zen;
	int nr_unknown_acs;
} m;

static const char *prog = "p2p-check";

static _Noreturn void __printf(1, 2) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_BAD_INPUT);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		die("out of memory");
	return p;
}

/* ---- Reading sysfs ---------------------------------------------------- */

static void __printf(3, 4) path_of(char *buf, size_t len, const char *fmt, ...);

static void path_of(char *buf, size_t len, const char *fmt, ...)
{
	char rest[PATH_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(rest, sizeof(rest), fmt, ap);
	va_end(ap);
	n = snprintf(buf, len, "%s%s", m.root, rest);
	if (n < 0 || (size_t)n >= len)
		die("%s%s: path too long", m.root, rest);
}

/* Reads at most @len bytes of @path; the count, or -1 with errno. */
static ssize_t read_file(const char *path, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	while (got < len) {
		n = read(fd, (char *)buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;

			close(fd);
			/* unprivileged reads of config stop short: keep what came */
			if (got)
				return got;
			errno = err;
			return -1;
		}
		if (n == 0)
			break;
		got += n;
	}
	close(fd);
	return got;
}

/* A one-line text attribute, without its newline; dies naming the file. */
static void read_attr(const char *path, char *buf, size_t len)
{
	ssize_t n = read_file(path, buf, len - 1);

	if (n < 0)
		die("%s: cannot read (%s)", path, strerror(errno));
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static unsigned long long read_number(const char *path, int base,
				      unsigned long long max)
{
	char buf[64], *end;
	unsigned long long v;

	read_attr(path, buf, sizeof(buf));
	errno = 0;
	v = strtoull(buf, &end, base);
	if (!buf[0] || *end || errno || v > max)
		die("%s: malformed: \"%s\" is not a %s number up to %#llx", path,
		    buf, base == 16 ? "hex" : "decimal", max);
	return v;
}

/*
 * "dddd:bb:dd.f" as pci_name() writes it, exactly: a domain of four hex
 * digits, or more (Intel VMD's start at 10000).
 */
static bool parse_bdf(const char *s, int *domain, unsigned int *bus,
		      unsigned int *devfn)
{
	size_t n = strspn(s, "0123456789abcdef");
	unsigned long d;
	unsigned int b, slot, fn;
	int end = 0;

	if (n < 4 || n > 8 || s[n] != ':' || strlen(s) != n + 8)
		return false;
	if (sscanf(s, "%lx:%2x:%2x.%1x%n", &d, &b, &slot, &fn, &end) != 4 ||
	    s[end] || d > INT_MAX || slot > 0x1f || fn > 7)
		return false;
	if (strspn(s + n + 1, "0123456789abcdef:.") != 7 || s[n + 3] != ':' ||
	    s[n + 6] != '.')
		return false;
	*domain = d;
	*bus = b;
	*devfn = PCI_DEVFN(slot, fn);
	return true;
}

/* "pciDDDD:BB", a host bridge's directory. */
static bool parse_root(const char *s, int *domain, unsigned int *bus)
{
	unsigned int b, devfn;
	char bdf[NAME_LEN];
	int d;

	if (strncmp(s, "pci", 3) || strlen(s) + 5 >= sizeof(bdf))
		return false;
	snprintf(bdf, sizeof(bdf), "%s:00.0", s + 3);
	if (!parse_bdf(bdf, &d, &b, &devfn))
		return false;
	*domain = d;
	*bus = b;
	return true;
}

static u16 cfg16(const struct fn *f, unsigned int at)
{
	return f->cfg[at] | f->cfg[at + 1] << 8;
}

static u32 cfg32(const struct fn *f, unsigned int at)
{
	return cfg16(f, at) | (u32)cfg16(f, at + 2) << 16;
}

/*
 * The PCIe port type from the capability list, and the ACS capability
 * from the extended list, as far as the bytes read reach.
 */
static void read_caps(struct fn *f, const char *path)
{
	unsigned int at, guard = 0;
	u32 hdr;

	f->bridge = (f->cfg[CFG_HEADER_TYPE] & 0x7f) == 1;
	f->secondary = f->cfg[CFG_SECONDARY_BUS];
	/*
	 * Only root reads past the first 64 bytes.  ACS is for ports and
	 * the functions of a multi-function device: a single-function
	 * endpoint is taken to have none.
	 */
	f->acs_known = !f->bridge &&
		       !(f->cfg[CFG_HEADER_TYPE] & CFG_HEADER_MULTI_FUNCTION);
	if (f->cfg_len < CFG_LEGACY)
		return;
	f->type_known = true;
	f->type = HOST_PCI_NOT_PCIE;
	at = cfg16(f, CFG_STATUS) & CFG_STATUS_CAP_LIST ?
	     f->cfg[CFG_CAP_PTR] & ~3u : 0;
	while (at >= 0x40 && at < CFG_LEGACY - 4 && guard++ < 48) {
		if (f->cfg[at] == CAP_ID_EXP) {
			f->type = (cfg16(f, at + 2) & PCI_EXP_FLAGS_TYPE) >> 4;
			break;
		}
		at = f->cfg[at + 1] & ~3u;
	}
	/* the kernel reads no ACS of a conventional device or without ECAM */
	if (f->type == HOST_PCI_NOT_PCIE || f->cfg_size < CFG_FULL) {
		f->acs_known = true;
		return;
	}
	if (f->cfg_len < CFG_FULL)
		return;
	f->acs_known = true;
	f->acs = false;
	for (at = EXT_CAP_START, guard = 0; at && guard++ < 512;
	     at = hdr >> 20) {
		if (at < EXT_CAP_START || at > CFG_FULL - 8)
			die("%s: malformed: extended capability at %#x", path, at);
		hdr = cfg32(f, at);
		if (!hdr || hdr == 0xffffffff)
			break;
		if ((hdr & 0xffff) == PCI_EXT_CAP_ID_ACS) {
			f->acs = true;
			f->acs_cap = cfg16(f, at + PCI_ACS_CAP);
			f->acs_ctrl = cfg16(f, at + PCI_ACS_CTRL);
			break;
		}
	}
}

/* One /sys/bus/pci/devices entry: where it sits, what it is. */
static void read_fn(struct fn *f, const char *name)
{
	char path[PATH_MAX], link[PATH_MAX], *comp, *save = NULL;
	char prev[NAME_LEN] = "";
	struct stat st;
	ssize_t n;
	int d;
	unsigned int b, devfn;

	if (!parse_bdf(name, &f->domain, &f->bus, &f->devfn))
		die("%s/sys/bus/pci/devices/%s: not a PCI function name (dddd:bb:dd.f)",
		    m.root, name);
	snprintf(f->name, sizeof(f->name), "%.20s", name);
	path_of(path, sizeof(path), "/sys/bus/pci/devices/%s", name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		die("%s: cannot read the link (%s)", path, strerror(errno));
	link[n] = '\0';
	/* ../../../devices/pci0000:00/0000:00:04.0/0000:02:00.0 */
	f->root[0] = '\0';
	for (comp = strtok_r(link, "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save)) {
		if (parse_root(comp, &d, &b)) {
			snprintf(f->root, sizeof(f->root), "%s", comp);
			prev[0] = '\0';
		} else if (f->root[0] && parse_bdf(comp, &d, &b, &devfn)) {
			if (!strcmp(comp, name))
				break;
			snprintf(prev, sizeof(prev), "%s", comp);
		}
	}
	if (!comp || !f->root[0])
		die("%s: malformed: the link leads to no pciDDDD:BB/.../%s", path,
		    name);
	snprintf(f->up_name, sizeof(f->up_name), "%s", prev);

	path_of(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", name);
	f->vendor = read_number(path, 16, 0xffff);
	path_of(path, sizeof(path), "/sys/bus/pci/devices/%s/device", name);
	f->device = read_number(path, 16, 0xffff);
	path_of(path, sizeof(path), "/sys/bus/pci/devices/%s/class", name);
	f->class = read_number(path, 16, 0xffffff);
	path_of(path, sizeof(path), "/sys/bus/pci/devices/%s/config", name);
	if (stat(path, &st))
		die("%s: cannot read (%s)", path, strerror(errno));
	n = read_file(path, f->cfg, sizeof(f->cfg));
	if (n < 0)
		die("%s: cannot read (%s)", path, strerror(errno));
	if (n < 64)
		die("%s: malformed: %zd bytes, not a config header (64)", path, n);
	f->cfg_len = n;
	f->cfg_size = st.st_size > CFG_FULL ? CFG_FULL : st.st_size;
	if (f->cfg_size < f->cfg_len)
		f->cfg_size = f->cfg_len;
	/* a VF's ID registers read all ones: sysfs has them from its PF */
	path_of(path, sizeof(path), "/sys/bus/pci/devices/%s/physfn", name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n >= 0) {
		link[n] = '\0';
		comp = strrchr(link, '/');
		comp = comp ? comp + 1 : link;
		if (!parse_bdf(comp, &d, &b, &devfn))
			die("%s: malformed: the link leads to no PCI function", path);
		snprintf(f->pf_name, sizeof(f->pf_name), "%.20s", comp);
	} else if (errno != ENOENT) {
		die("%s: cannot read the link (%s)", path, strerror(errno));
	}
	path_of(path, sizeof(path), "/sys/bus/pci/devices/%s/config", name);
	if (!f->pf_name[0] && (cfg16(f, PCI_VENDOR_ID) != f->vendor ||
			       cfg16(f, PCI_DEVICE_ID) != f->device))
		die("%s: malformed: IDs %04x:%04x, but vendor and device say %04x:%04x",
		    path, cfg16(f, PCI_VENDOR_ID), cfg16(f, PCI_DEVICE_ID),
		    f->vendor, f->device);
	read_caps(f, path);

	path_of(path, sizeof(path), "/sys/bus/pci/devices/%s/p2pmem", name);
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		f->provider = true;
		path_of(path, sizeof(path),
			"/sys/bus/pci/devices/%s/p2pmem/size", name);
		f->p2pmem_size = read_number(path, 10, ULLONG_MAX);
	}
}

/* "vendor_id : X" and "cpu family : N" of the first processor. */
static void read_cpu(void)
{
	char path[PATH_MAX], line[256], *colon, *v;
	bool family = false;
	FILE *fp;

	path_of(path, sizeof(path), "/proc/cpuinfo");
	fp = fopen(path, "r");
	if (!fp)
		die("%s: cannot read (%s)", path, strerror(errno));
	while (fgets(line, sizeof(line), fp)) {
		colon = strchr(line, ':');
		if (!colon)
			continue;
		v = colon + 1 + strspn(colon + 1, " \t");
		v[strcspn(v, "\n")] = '\0';
		if (!strncmp(line, "vendor_id", 9) && !m.cpu_vendor[0]) {
			snprintf(m.cpu_vendor, sizeof(m.cpu_vendor), "%s", v);
		} else if (!strncmp(line, "cpu family", 10) && !family) {
			char *end;

			m.cpu_family = strtoul(v, &end, 10);
			if (!*v || *end)
				die("%s: malformed: cpu family \"%s\"", path, v);
			family = true;
		}
	}
	fclose(fp);
	m.cpu_known = m.cpu_vendor[0] && family;
	m.zen = m.cpu_known && host_cpu_amd_zen(m.cpu_vendor, m.cpu_family);
	host_cpu_set_amd_zen(m.zen);
}

static int fn_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fn *)a)->name, ((const struct fn *)b)->name);
}

static int fn_index(const char *name)
{
	int i;

	for (i = 0; i < m.nr_fns; i++)
		if (!strcmp(m.fns[i].name, name))
			return i;
	return -1;
}

static void read_machine(void)
{
	char path[PATH_MAX];
	struct dirent *de;
	int cap = 0, i;
	DIR *dir;

	path_of(path, sizeof(path), "/sys/bus/pci/devices");
	dir = opendir(path);
	if (!dir)
		die("%s: cannot open (%s)%s", path, strerror(errno),
		    m.root[0] ? ": not a snapshot of --capture" : "");
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		if (m.nr_fns == cap) {
			cap = cap * 2 + 16;
			m.fns = realloc(m.fns, cap * sizeof(*m.fns));
			if (!m.fns)
				die("out of memory");
		}
		memset(&m.fns[m.nr_fns], 0, sizeof(m.fns[0]));
		read_fn(&m.fns[m.nr_fns++], de->d_name);
	}
	closedir(dir);
	qsort(m.fns, m.nr_fns, sizeof(*m.fns), fn_cmp);
	for (i = 0; i < m.nr_fns; i++) {
		struct fn *f = &m.fns[i];

		f->up = -1;
		f->pf = -1;
		if (f->pf_name[0]) {
			f->pf = fn_index(f->pf_name);
			if (f->pf < 0 || m.fns[f->pf].pf_name[0])
				die("%s/sys/bus/pci/devices/%s/physfn: malformed: %s is %s",
				    m.root, f->name, f->pf_name,
				    f->pf < 0 ? "not listed" : "itself a VF");
		}
		if (!f->up_name[0])
			continue;
		f->up = fn_index(f->up_name);
		if (f->up < 0 || !m.fns[f->up].bridge)
			die("%s/sys/bus/pci/devices/%s: malformed: the function above it, %s, is %s",
			    m.root, f->name, f->up_name,
			    f->up < 0 ? "not listed" : "not a bridge");
	}
	read_cpu();
}

/* ---- The model -------------------------------------------------------- */

/*
 * Without root the config space ends at 64 bytes: the port type is what
 * the place in the tree says (what the rules need of it: is the first
 * device on a root bus a root port).
 */
static void infer_type(struct fn *f)
{
	if (f->type_known)
		return;
	if (f->up < 0)
		f->type = f->bridge ? PCI_EXP_TYPE_ROOT_PORT : PCI_EXP_TYPE_RC_END;
	else if (!f->bridge)
		f->type = PCI_EXP_TYPE_ENDPOINT;
	else if (m.fns[f->up].type == PCI_EXP_TYPE_UPSTREAM)
		f->type = PCI_EXP_TYPE_DOWNSTREAM;
	else
		f->type = PCI_EXP_TYPE_UPSTREAM;
}

static struct host_pci_topo *domain_topo(int domain)
{
	int i;

	for (i = 0; i < m.nr_topos; i++)
		if (m.topo_domain[i] == domain)
			return m.topos[i];
	if (m.nr_topos == ARRAY_SIZE(m.topos))
		die("more than %zu PCI domains", ARRAY_SIZE(m.topos));
	m.topo_domain[m.nr_topos] = domain;
	m.topos[m.nr_topos] = host_pci_topo_create(domain);
	host_pci_topo_set_bus_order(m.topos[m.nr_topos], HOST_PCI_BUS_ORDER_FIXED);
	return m.topos[m.nr_topos++];
}

static struct root *find_root(const char *name)
{
	struct root *r;
	int i;

	for (i = 0; i < m.nr_roots; i++)
		if (!strcmp(m.roots[i].name, name))
			return &m.roots[i];
	if (m.nr_roots == ARRAY_SIZE(m.roots))
		die("more than %zu host bridges", ARRAY_SIZE(m.roots));
	r = &m.roots[m.nr_roots++];
	snprintf(r->name, sizeof(r->name), "%s", name);
	parse_root(name, &r->domain, &r->bus);
	r->hb = host_pci_host_bridge(domain_topo(r->domain), 0, 0);
	host_pci_bus_set_number(r->hb->bus, r->bus);
	return r;
}

/* Each function on its bus, parents first, named as the kernel named it. */
static void build_model(void)
{
	int i, built = 0;
	bool progress = true;

	while (built < m.nr_fns && progress) {
		progress = false;
		for (i = 0; i < m.nr_fns; i++) {
			struct fn *f = &m.fns[i];
			struct pci_bus *bus;

			if (f->pdev || (f->up >= 0 && !m.fns[f->up].pdev) ||
			    (f->pf >= 0 && !m.fns[f->pf].pdev))
				continue;
			infer_type(f);
			if (f->pf >= 0) {
				f->pdev = host_pci_vf_at(m.fns[f->pf].pdev,
							 f->bus, f->devfn,
							 f->vendor, f->device);
				goto built;
			}
			bus = f->up < 0 ? find_root(f->root)->hb->bus :
			      m.fns[f->up].pdev->subordinate;
			if (bus->number != f->bus)
				die("%s/sys/bus/pci/devices/%s: malformed: on bus %02x below %s, whose bus is %02x",
				    m.root, f->name, f->bus,
				    f->up < 0 ? f->root : m.fns[f->up].name,
				    bus->number);
			f->pdev = host_pci_device_at(bus, f->devfn, f->vendor,
						     f->device, f->type,
						     f->bridge);
			if (f->bridge)
				host_pci_bus_set_number(f->pdev->subordinate,
							f->secondary);
built:
			if (f->acs)
				host_pci_set_acs_cap(f->pdev, f->acs_cap,
						     f->acs_ctrl);
			if (!f->acs_known)
				m.nr_unknown_acs++;
			built++;
			progress = true;
		}
	}
	if (built < m.nr_fns)
		die("%s/sys/bus/pci/devices: malformed: bridges above each other in a loop",
		    m.root);
	for (i = 0; i < m.nr_fns; i++)
		if (strcmp(pci_name(m.fns[i].pdev), m.fns[i].name))
			die("%s: the model named it %s", m.fns[i].name,
			    pci_name(m.fns[i].pdev));
}

/* The functions whose ACS is unknown: none, or redirecting. */
static void guess_acs(bool redirect)
{
	int i;

	for (i = 0; i < m.nr_fns; i++) {
		if (m.fns[i].acs_known)
			continue;
		if (redirect)
			host_pci_set_acs_cap(m.fns[i].pdev, ACS_GUESS_CAP,
					     ACS_GUESS_REDIRECT);
		else
			host_pci_clear_acs(m.fns[i].pdev);
	}
}

static void ask(struct fn *p, struct fn *c, struct verdict *v)
{
	int dist;

	v->map = host_pci_p2pdma_explain(p->pdev, c->pdev, &dist, &v->why);
	v->distance = pci_p2pdma_distance(p->pdev, &c->pdev->dev, false);
}

/*
 * The answer for @p's memory reached by @c; with ACS bits unknown, the
 * answer if none redirects (@v) and if all do (@alt); *@certain when
 * they agree.
 */
static void judge(struct fn *p, struct fn *c, struct verdict *v,
		  struct verdict *alt, bool *certain)
{
	if (!m.nr_unknown_acs) {
		ask(p, c, v);
		*alt = *v;
		*certain = true;
		return;
	}
	guess_acs(false);
	ask(p, c, v);
	guess_acs(true);
	ask(p, c, alt);
	guess_acs(false);
	*certain = v->map == alt->map && v->distance == alt->distance;
}

/* ---- Words ------------------------------------------------------------ */

static const char *kind_name(const struct fn *f)
{
	unsigned int base = f->class >> 16, sub = (f->class >> 8) & 0xff;

	if (f->class == 0x010802)
		return "NVMe";
	if (base == 0x03 && sub == 0x02)
		return "3D";
	if (base == 0x03)
		return "display";
	if (base == 0x02)
		return "network";
	if (base == 0x12)
		return "accelerator";
	if (base == 0x01)
		return "storage";
	if (base == 0x06 && sub == 0x00)
		return "host bridge";
	if (base == 0x06 && sub == 0x04)
		return "PCI bridge";
	if (base == 0x06)
		return "bridge";
	return "other";
}

/* Display and 3D controllers, NVMe, network, accelerators, providers. */
static bool interesting(const struct fn *f)
{
	unsigned int base = f->class >> 16;

	return !f->bridge && (f->provider || base == 0x03 || base == 0x02 ||
			      base == 0x12 || f->class == 0x010802);
}

/* The words of the kernel's P2P suite, which the guest check compares. */
static const char *type_name(int type)
{
	BUILD_BUG_ON(HOST_PCI_NOT_PCIE != DMABUF_KUNIT_NOT_PCIE);
	return dmabuf_kunit_pcie_type_name(type) ?: "pcie";
}

static struct fn *fn_of(struct pci_dev *pdev)
{
	int i;

	for (i = 0; i < m.nr_fns; i++)
		if (m.fns[i].pdev == pdev)
			return &m.fns[i];
	return NULL;
}

static const char *root_name(struct pci_host_bridge *hb)
{
	int i;

	for (i = 0; i < m.nr_roots; i++)
		if (m.roots[i].hb == hb)
			return m.roots[i].name;
	return "?";
}

/* "ACS 005f/0011 (RR CR)", "no ACS", "ACS unknown (root only)". */
static void acs_text(const struct fn *f, char *buf, size_t len)
{
	static const struct {
		u16 bit;
		const char *name;
	} bits[] = {
		{ PCI_ACS_SV, "SV" }, { PCI_ACS_TB, "TB" }, { PCI_ACS_RR, "RR" },
		{ PCI_ACS_CR, "CR" }, { PCI_ACS_UF, "UF" }, { PCI_ACS_EC, "EC" },
		{ PCI_ACS_DT, "DT" },
	};
	size_t n;
	int i;

	if (!f->acs_known) {
		snprintf(buf, len, "ACS unknown (config space past 64 bytes needs root)");
		return;
	}
	if (!f->acs) {
		snprintf(buf, len, "no ACS");
		return;
	}
	n = snprintf(buf, len, "ACS cap %04x ctrl %04x (", f->acs_cap,
		     f->acs_ctrl);
	for (i = 0; i < ARRAY_SIZE(bits) && n < len; i++)
		if (f->acs_ctrl & bits[i].bit)
			n += snprintf(buf + n, len - n, "%s%s",
				      buf[n - 1] == '(' ? "" : " ",
				      bits[i].name);
	if (n < len)
		snprintf(buf + n, len - n, "%s)",
			 buf[n - 1] == '(' ? "none" : "");
}

static const char *whitelist_text(enum host_p2pdma_whitelist w)
{
	switch (w) {
	case HOST_P2PDMA_LISTED:
		return "on the P2PDMA whitelist";
	case HOST_P2PDMA_LISTED_SAME_BRIDGE:
		return "on the P2PDMA whitelist, but only for pairs below that one host bridge";
	case HOST_P2PDMA_NOT_LISTED:
		return "not on the P2PDMA whitelist";
	default:
		return "named by no device (its root bus starts with neither 00.0 nor a root port)";
	}
}

/* Appends to a growing string. */
struct text {
	char buf[4096];
	size_t len;
};

static void __printf(2, 3) add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len >= sizeof(t->buf))
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += n;
	if (t->len >= sizeof(t->buf))
		t->len = sizeof(t->buf) - 1;
}

/* The host bridges the pair would cross and what the whitelist says. */
static void bridges_text(struct text *t, const struct host_p2pdma_why *w)
{
	unsigned int i;

	for (i = 0; i < w->nr_bridges; i++) {
		add(t, "%shost bridge %s", i ? "; " : "",
		    root_name(w->bridge[i]));
		if (w->bridge_dev[i])
			add(t, " (%s %04x:%04x)", pci_name(w->bridge_dev[i]),
			    w->bridge_dev[i]->vendor, w->bridge_dev[i]->device);
		add(t, " is %s", whitelist_text(w->whitelist[i]));
	}
}

/* What decided, in one sentence. */
static void reason(const struct verdict *v, struct text *t)
{
	const struct host_p2pdma_why *w = &v->why;
	unsigned int i;

	if (v->map == PCI_P2PDMA_MAP_BUS_ADDR) {
		add(t, "common upstream device %s, no ACS redirect on the path: ",
		    pci_name(w->common));
		add(t, "peer to peer through it");
		return;
	}
	if (w->common) {
		add(t, "ACS redirect on the path through the common upstream device %s (",
		    pci_name(w->common));
		for (i = 0; i < w->nr_acs && i < HOST_P2PDMA_WHY_ACS; i++)
			add(t, "%s%s", i ? " " : "", pci_name(w->acs[i]));
		add(t, ") sends the traffic up through the host bridge; ");
	} else {
		add(t, "no common upstream device: the traffic crosses the host bridge; ");
	}
	if (w->cpu_trusted) {
		add(t, "the CPU (AMD family %#x) is trusted to route it", m.cpu_family);
		return;
	}
	bridges_text(t, w);
	if (!m.cpu_known)
		add(t, "; the CPU is not known to /proc/cpuinfo");
	else
		add(t, "; the CPU (%s family %#x) is not an AMD Zen", m.cpu_vendor,
		    m.cpu_family);
}

/* The fix for a refused pair, as precisely as the kernel knows it. */
static void fix(const struct verdict *v, struct text *t)
{
	const struct host_p2pdma_why *w = &v->why;
	unsigned int i, n = w->nr_acs < HOST_P2PDMA_WHY_ACS ? w->nr_acs :
			    HOST_P2PDMA_WHY_ACS;

	if (w->common && w->nr_acs) {
		add(t, "boot with pci=disable_acs_redir=");
		for (i = 0; i < n; i++)
			add(t, "%s%s", i ? ";" : "", pci_name(w->acs[i]));
		add(t, " (or pci=config_acs=");
		for (i = 0; i < n; i++)
			add(t, "%sx0x00xx@%s", i ? ";" : "", pci_name(w->acs[i]));
		add(t, "); then the pair talks through %s. ",
		    pci_name(w->common));
		add(t, "The IOMMU then puts the devices below it in one group");
		if (w->nr_acs > n)
			add(t, " (and %u more ports not listed)", w->nr_acs - n);
		return;
	}
	/* the whitelist trusts each bridge, but only for pairs below it alone */
	for (i = 0; i < w->nr_bridges; i++)
		if (w->whitelist[i] != HOST_P2PDMA_LISTED &&
		    w->whitelist[i] != HOST_P2PDMA_LISTED_SAME_BRIDGE)
			break;
	if (w->nr_bridges && i == w->nr_bridges) {
		add(t, "put both devices below one host bridge, or below one PCIe switch");
		return;
	}
	add(t, "no kernel parameter: put both devices below one PCIe switch; ");
	add(t, "the kernel routes through a host bridge only on an AMD Zen CPU ");
	add(t, "or when drivers/pci/p2pdma.c whitelists ");
	for (i = 0; i < w->nr_bridges; i++) {
		if (w->whitelist[i] == HOST_P2PDMA_LISTED ||
		    w->whitelist[i] == HOST_P2PDMA_LISTED_SAME_BRIDGE)
			continue;
		if (w->bridge_dev[i])
			add(t, "%04x:%04x ", w->bridge_dev[i]->vendor,
			    w->bridge_dev[i]->device);
		else
			add(t, "a device for %s ", root_name(w->bridge[i]));
	}
	t->len--;
	t->buf[t->len] = '\0';
}

/* ---- Output ----------------------------------------------------------- */

static int *selected;
static int nr_selected;

static void cell(const struct verdict *v, char *buf, size_t len)
{
	if (v->map == PCI_P2PDMA_MAP_BUS_ADDR)
		snprintf(buf, len, "S%d", v->distance);
	else if (v->map == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE)
		snprintf(buf, len, "H%d", v->distance);
	else if (v->why.common && v->why.nr_acs)
		snprintf(buf, len, "xACS");
	else
		snprintf(buf, len, "xHB");
}

static void print_cpu(void)
{
	if (!m.cpu_known)
		printf("CPU: unknown (no vendor_id and cpu family in /proc/cpuinfo): %s\n",
		       "not trusted to route P2P");
	else
		printf("CPU: %s family %#x: %s\n", m.cpu_vendor, m.cpu_family,
		       m.zen ? "an AMD Zen, trusted to route P2P through any host bridge" :
		       "not an AMD Zen: only whitelisted host bridges route P2P");
}

static void print_unknown_acs(void)
{
	int i, n = 0;

	if (!m.nr_unknown_acs)
		return;
	printf("ACS unknown: config space past 64 bytes needs root; answers marked '?' %s",
	       "differ with ACS redirect on these functions (first answer: none redirects; ");
	printf("second: all do):");
	for (i = 0; i < m.nr_fns; i++)
		if (!m.fns[i].acs_known && n++ < 16)
			printf(" %s", m.fns[i].name);
	if (n > 16)
		printf(" and %d more", n - 16);
	printf("\n");
}

static bool pair_ok(const struct verdict *v, const struct verdict *alt)
{
	return v->map != PCI_P2PDMA_MAP_NOT_SUPPORTED &&
	       alt->map != PCI_P2PDMA_MAP_NOT_SUPPORTED;
}

/* One reason and fix, and the pairs it is theirs. */
struct refusal {
	char *why, *fix, *pairs;
	bool certain;
};

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

/* Each refused pair once (the rules are symmetric), grouped by reason. */
static void print_refusals(void)
{
	struct refusal *list = xcalloc(nr_selected * nr_selected + 1,
				       sizeof(*list));
	struct verdict v, alt;
	bool certain;
	int i, j, k, nr = 0;

	for (i = 0; i < nr_selected; i++) {
		for (j = i + 1; j < nr_selected; j++) {
			struct text r = { .len = 0 }, x = { .len = 0 };
			char pair[64];
			size_t len;

			judge(&m.fns[selected[i]], &m.fns[selected[j]], &v,
			      &alt, &certain);
			if (pair_ok(&v, &alt))
				continue;
			if (v.map != PCI_P2PDMA_MAP_NOT_SUPPORTED)
				v = alt;	/* explain the refusal */
			reason(&v, &r);
			fix(&v, &x);
			snprintf(pair, sizeof(pair), "%d-%d", i, j);
			for (k = 0; k < nr; k++)
				if (list[k].certain == certain &&
				    !strcmp(list[k].why, r.buf) &&
				    !strcmp(list[k].fix, x.buf))
					break;
			if (k == nr) {
				list[nr].why = xstrdup(r.buf);
				list[nr].fix = xstrdup(x.buf);
				list[nr].pairs = xstrdup(pair);
				list[nr++].certain = certain;
				continue;
			}
			len = strlen(list[k].pairs);
			list[k].pairs = realloc(list[k].pairs,
						len + strlen(pair) + 2);
			if (!list[k].pairs)
				die("out of memory");
			sprintf(list[k].pairs + len, " %s", pair);
		}
	}
	for (k = 0; k < nr; k++) {
		printf("\nrefused%s: %s\n  why: %s\n  fix: %s\n",
		       list[k].certain ? "" : " if the ports of unknown ACS redirect",
		       list[k].pairs, list[k].why, list[k].fix);
		free(list[k].why);
		free(list[k].fix);
		free(list[k].pairs);
	}
	free(list);
}

static int print_matrix(void)
{
	struct verdict v, alt;
	char a[16], b[16], c[40];
	bool certain, all = true;
	int i, j;

	print_cpu();
	print_unknown_acs();
	for (i = 0; i < m.nr_fns && !m.fns[i].provider; i++)
		;
	if (i == m.nr_fns)
		printf("No P2P memory provider here: no device has p2pmem/, %s\n",
		       "so none offers its memory to peers through the kernel's P2PDMA.");
	if (nr_selected < 2) {
		printf("Fewer than two devices P2P is for (%s): no pair to check%s.\n",
		       "display, 3D, NVMe, network, accelerator, P2P provider",
		       nr_selected ? " (--all asks about every function)" : "");
		return EXIT_SOME_REFUSED;
	}
	printf("\n  #  device        IDs        kind         p2pmem\n");
	for (i = 0; i < nr_selected; i++) {
		struct fn *f = &m.fns[selected[i]];

		printf("  %-2d %-12s  %04x:%04x  %-11s  ", i, f->name, f->vendor,
		       f->device, kind_name(f));
		if (f->provider)
			printf("%llu MiB\n", f->p2pmem_size >> 20);
		else
			printf("-\n");
	}
	printf("\nrow: provider (whose memory), column: client (who DMAs)\n     ");
	for (j = 0; j < nr_selected; j++)
		printf(" %9d", j);
	printf("\n");
	for (i = 0; i < nr_selected; i++) {
		printf("  %-2d ", i);
		for (j = 0; j < nr_selected; j++) {
			struct fn *p = &m.fns[selected[i]];
			struct fn *q = &m.fns[selected[j]];

			if (i == j) {
				printf(" %9s", "self");
				continue;
			}
			judge(p, q, &v, &alt, &certain);
			cell(&v, a, sizeof(a));
			cell(&alt, b, sizeof(b));
			if (certain)
				snprintf(c, sizeof(c), "%s", a);
			else
				snprintf(c, sizeof(c), "?%s/%s", a, b);
			printf(" %9s", c);
			all &= pair_ok(&v, &alt);
		}
		printf("\n");
	}
	printf("\nS<n>  P2P through a common switch or bridge, distance n (BUS_ADDR)\n"
	       "H<n>  P2P through the host bridge, distance n (THRU_HOST_BRIDGE)\n"
	       "xACS  refused: ACS redirect sends it to a host bridge that may not route it\n"
	       "xHB   refused: no common switch, and the host bridge may not route it\n"
	       "?a/b  a if no port with unknown ACS redirects, b if they all do\n");

	print_refusals();
	if (all)
		printf("\nEvery pair can do P2P.\n");
	return all ? EXIT_ALL_P2P : EXIT_SOME_REFUSED;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void json_verdict(const char *key, const struct verdict *v)
{
	printf("\"%s\": {\"distance\": %d, \"map\": \"%s\"}", key, v->distance,
	       dmabuf_kunit_map_type_name(v->map));
}

static int print_json(void)
{
	struct verdict v, alt;
	bool certain, all = true;
	int i, j;

	printf("{\n  \"tool\": \"p2p-check\",\n  \"rules\": \"Linux 7.3 drivers/pci/p2pdma.c\",\n");
	printf("  \"cpu\": {\"vendor\": ");
	json_string(m.cpu_known ? m.cpu_vendor : "");
	printf(", \"family\": %u, \"trusted\": %s},\n", m.cpu_family,
	       m.zen ? "true" : "false");
	printf("  \"acs_complete\": %s,\n  \"devices\": [",
	       m.nr_unknown_acs ? "false" : "true");
	for (i = 0; i < m.nr_fns; i++) {
		struct fn *f = &m.fns[i];

		printf("%s\n    {\"name\": \"%s\", \"vendor\": \"%04x\", ",
		       i ? "," : "", f->name, f->vendor);
		printf("\"device\": \"%04x\", \"class\": \"%06x\", ",
		       f->device, f->class);
		printf("\"kind\": \"%s\", \"type\": \"%s\", \"upstream\": ",
		       kind_name(f), type_name(f->type));
		if (f->up >= 0)
			printf("\"%s\"", m.fns[f->up].name);
		else
			printf("null");
		printf(", \"host_bridge\": \"%s\", \"acs\": ", f->root);
		if (!f->acs_known)
			printf("\"unknown\"");
		else if (f->acs)
			printf("{\"cap\": \"%04x\", \"ctrl\": \"%04x\"}", f->acs_cap,
			       f->acs_ctrl);
		else
			printf("null");
		if (f->pf >= 0)
			printf(", \"physfn\": \"%s\"", f->pf_name);
		printf(", \"provider\": %s", f->provider ? "true" : "false");
		if (f->provider)
			printf(", \"p2pmem_size\": %llu", f->p2pmem_size);
		printf(", \"selected\": %s}", f->sel ? "true" : "false");
	}
	printf("\n  ],\n  \"pairs\": [");
	for (i = 0; i < nr_selected; i++) {
		for (j = 0; j < nr_selected; j++) {
			struct fn *p = &m.fns[selected[i]];
			struct fn *q = &m.fns[selected[j]];
			struct text r = { .len = 0 }, x = { .len = 0 };

			judge(p, q, &v, &alt, &certain);
			if (i != j)
				all &= pair_ok(&v, &alt);
			printf("%s\n    {\"provider\": \"%s\", ",
			       i || j ? "," : "", p->name);
			printf("\"client\": \"%s\", \"certain\": %s, ", q->name,
			       certain ? "true" : "false");
			if (certain) {
				printf("\"distance\": %d, \"map\": \"%s\"",
				       v.distance, dmabuf_kunit_map_type_name(v.map));
			} else {
				json_verdict("if_no_redirect", &v);
				printf(", ");
				json_verdict("if_redirect", &alt);
				if (v.map != PCI_P2PDMA_MAP_NOT_SUPPORTED)
					v = alt;
			}
			reason(&v, &r);
			printf(", \"reason\": ");
			json_string(r.buf);
			if (v.map == PCI_P2PDMA_MAP_NOT_SUPPORTED) {
				fix(&v, &x);
				printf(", \"fix\": ");
				json_string(x.buf);
			}
			printf("}");
		}
	}
	printf("\n  ],\n  \"all_p2p\": %s\n}\n", all ? "true" : "false");
	return all ? EXIT_ALL_P2P : EXIT_SOME_REFUSED;
}

static void explain_line(struct fn *f, const char *mark)
{
	char acs[96];

	acs_text(f, acs, sizeof(acs));
	printf("    %s  %04x:%04x %-11s %-11s %s%s\n", f->name, f->vendor,
	       f->device, kind_name(f), type_name(f->type), acs, mark);
}

static int explain(struct fn *p, struct fn *c)
{
	struct pci_dev *chain[MAX_CHAIN], *d;
	struct verdict v, nope, alt;
	struct text r = { .len = 0 }, x = { .len = 0 };
	bool certain;
	int n = 0, i, k;
	char *log, *line;

	print_cpu();
	judge(p, c, &nope, &alt, &certain);
	/* with unknown ACS bits, the path as if they all redirect */
	v = certain ? nope : alt;
	printf("\n%s (provider: its memory) <- %s (client: it DMAs)\n\n",
	       p->name, c->name);
	/* up from the provider to the common device or the root bus */
	for (d = p->pdev; d && d != v.why.common && n < MAX_CHAIN;
	     d = pci_upstream_bridge(d))
		chain[n++] = d;
	for (i = 0; i < n; i++) {
		explain_line(fn_of(chain[i]), i ? "" : "   <- provider");
		printf("      ^\n");
	}
	if (v.why.common) {
		explain_line(fn_of(v.why.common),
			     v.why.common == c->pdev ? "   <- common, the client itself" :
			     "   <- common upstream device");
	} else {
		struct text b = { .len = 0 };

		if (v.why.cpu_trusted)
			add(&b, "host bridge: the CPU routes P2P");
		else
			bridges_text(&b, &v.why);
		printf("    [%s]\n", b.buf);
	}
	/* and down to the client */
	n = 0;
	for (d = c->pdev; d && d != v.why.common && n < MAX_CHAIN;
	     d = pci_upstream_bridge(d))
		chain[n++] = d;
	for (k = n - 1; k >= 0; k--) {
		printf("      v\n");
		explain_line(fn_of(chain[k]), k ? "" : "   <- client");
	}
	reason(&v, &r);
	printf("\nrule: %s\n", r.buf);
	printf("verdict: %s, pci_p2pdma_distance() %d\n", dmabuf_kunit_map_type_name(v.map),
	       v.distance);
	if (!certain)
		printf("  as if every port of unknown ACS redirects; if none does: %s, %s %d\n",
		       dmabuf_kunit_map_type_name(nope.map), "pci_p2pdma_distance()",
		       nope.distance);
	if (v.map == PCI_P2PDMA_MAP_NOT_SUPPORTED) {
		fix(&v, &x);
		printf("fix: %s\n", x.buf);
	} else if (v.why.common && v.why.nr_acs) {
		fix(&v, &x);
		printf("through the switch instead of the host bridge: %s\n", x.buf);
	}
	/* the kernel's own words when a driver asks, verbosely */
	host_log_capture_begin();
	guess_acs(!certain);
	pci_p2pdma_distance(p->pdev, &c->pdev->dev, true);
	guess_acs(false);
	log = host_log_capture_end();
	if (*log) {
		printf("the kernel logs, when a driver asks%s:\n",
		       certain ? "" : " (if they redirect)");
		for (line = strtok(log, "\n"); line; line = strtok(NULL, "\n"))
			printf("  %s\n", strchr(line, ' ') ? strchr(line, ' ') + 1 : line);
	}
	free(log);
	return v.map == PCI_P2PDMA_MAP_NOT_SUPPORTED || !certain ?
	       EXIT_SOME_REFUSED : EXIT_ALL_P2P;
}

/* ---- Capture ---------------------------------------------------------- */

static void mkdirs(char *path)
{
	char *s;

	for (s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			die("%s: cannot create (%s)", path, strerror(errno));
		*s = '/';
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		die("%s: cannot create (%s)", path, strerror(errno));
}

/* Writes DIR/FILE, a file of the snapshot. */
static void write_file(const char *dir, const char *file, const void *buf,
		       size_t len)
{
	char path[PATH_MAX];
	FILE *fp;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    sizeof(path))
		die("%s/%s: path too long", dir, file);
	fp = fopen(path, "w");
	if (!fp || fwrite(buf, 1, len, fp) != len || fclose(fp))
		die("%s: cannot write (%s)", path, strerror(errno));
}

static void __printf(3, 4) write_text(const char *dir, const char *file,
				      const char *fmt, ...);

static void write_text(const char *dir, const char *file, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	write_file(dir, file, buf, strlen(buf));
}

/*
 * DIR/sys/devices/pciDDDD:BB/.../BDF/{vendor,device,class,config} (what
 * config space could be read), p2pmem/size, the bus/pci/devices links,
 * and DIR/proc/cpuinfo's two lines.
 */
static void capture(const char *dir)
{
	char src[PATH_MAX], link[PATH_MAX], dst[PATH_MAX];
	const char *devices;
	ssize_t n;
	int i;

	if ((size_t)snprintf(dst, sizeof(dst), "%s/sys/bus/pci/devices", dir) >=
	    sizeof(dst) - 64)
		die("%s: path too long", dir);
	mkdirs(dst);
	snprintf(dst, sizeof(dst), "%s/proc", dir);
	mkdirs(dst);
	for (i = 0; i < m.nr_fns; i++) {
		struct fn *f = &m.fns[i];

		path_of(src, sizeof(src), "/sys/bus/pci/devices/%s", f->name);
		n = readlink(src, link, sizeof(link) - 1);
		if (n < 0)
			die("%s: cannot read the link (%s)", src, strerror(errno));
		link[n] = '\0';
		devices = strstr(link, "devices/");
		if (!devices)
			die("%s: malformed: the link leads to no devices/", src);
		snprintf(dst, sizeof(dst), "%s/sys/bus/pci/devices/%s", dir,
			 f->name);
		if (symlink(link, dst) && errno != EEXIST)
			die("%s: cannot create (%s)", dst, strerror(errno));
		if ((size_t)snprintf(dst, sizeof(dst), "%s/sys/%s", dir,
				     devices) >= sizeof(dst))
			die("%s/sys/%s: path too long", dir, devices);
		mkdirs(dst);
		if (f->pf_name[0]) {
			path_of(src, sizeof(src), "/sys/bus/pci/devices/%s/physfn",
				f->name);
			n = readlink(src, link, sizeof(link) - 1);
			if (n < 0)
				die("%s: cannot read the link (%s)", src,
				    strerror(errno));
			link[n] = '\0';
			if ((size_t)snprintf(src, sizeof(src), "%s/physfn", dst) >=
			    sizeof(src))
				die("%s/physfn: path too long", dst);
			if (symlink(link, src) && errno != EEXIST)
				die("%s: cannot create (%s)", src, strerror(errno));
		}
		write_text(dst, "vendor", "0x%04x\n", f->vendor);
		write_text(dst, "device", "0x%04x\n", f->device);
		write_text(dst, "class", "0x%06x\n", f->class);
		write_file(dst, "config", f->cfg, f->cfg_len);
		if (f->provider) {
			if ((size_t)snprintf(src, sizeof(src), "%s/p2pmem",
					     dst) >= sizeof(src))
				die("%s/p2pmem: path too long", dst);
			mkdirs(src);
			write_text(src, "size", "%llu\n", f->p2pmem_size);
		}
	}
	snprintf(dst, sizeof(dst), "%s/proc", dir);
	if (m.cpu_known)
		write_text(dst, "cpuinfo", "vendor_id\t: %s\ncpu family\t: %u\n",
			   m.cpu_vendor, m.cpu_family);
	else
		write_text(dst, "cpuinfo", "%s", "");
}

/* ---- Main ------------------------------------------------------------- */

static void usage(FILE *fp)
{
	fprintf(fp,
"NAME\n"
"    p2p-check - which PCI devices can do peer-to-peer DMA, why not, and the fix\n"
"\n"
"SYNOPSIS\n"
"    p2p-check [--all] [--json] [--sysfs DIR] [DEVICE...]\n"
"    p2p-check --explain PROVIDER CLIENT [--sysfs DIR]\n"
"    p2p-check --capture DIR [--sysfs DIR]\n"
"\n"
"DESCRIPTION\n"
"    Reads the PCI tree of this machine from sysfs and applies Linux 7.3's\n"
"    P2PDMA rules (drivers/pci/p2pdma.c) to every ordered pair of devices:\n"
"    the same code as the project's userspace host, checked against the\n"
"    kernel's own pci_p2pdma_distance() and map type on QEMU topologies.\n"
"    Two devices talk peer to peer through their lowest common upstream\n"
"    device unless a port on the path has ACS redirect on (RR, CR or EC);\n"
"    otherwise through the host bridge, which the kernel allows only on an\n"
"    AMD Zen CPU (family 0x17 or later) or for host bridges on its whitelist.\n"
"\n"
"    By default it prints a matrix of the devices P2P is for: display and\n"
"    3D controllers, NVMe, network controllers, processing accelerators and\n"
"    every P2P memory provider (a device with p2pmem/), then each refused\n"
"    pair with its reason and its fix.\n"
"\n"
"OPTIONS\n"
"    --all            every function but PCI bridges\n"
"    DEVICE...        these functions (dddd:bb:dd.f) only\n"
"    --json           the devices and every selected ordered pair, for scripts\n"
"    --explain P C    the path from P up to the common bridge and down to C,\n"
"                     each device with its ACS bits, the rule that decided,\n"
"                     the fix and the lines the kernel logs when a driver asks\n"
"    --sysfs DIR      read DIR/sys and DIR/proc/cpuinfo (a --capture\n"
"                     snapshot) instead of /sys and /proc/cpuinfo\n"
"    --capture DIR    write the files it reads to DIR, for a bug report\n"
"    -h, --help       this text\n"
"\n"
"ROOT\n"
"    Only root reads config space past 64 bytes, where the PCIe port type\n"
"    and ACS live.  Without root the port types are inferred from the\n"
"    tree, and an answer that depends on the unknown ACS bits of a port or\n"
"    of a multi-function device shows both: as if none of them redirects,\n"
"    and as if they all do (a single-function endpoint is taken to have no\n"
"    ACS).\n"
"\n"
"EXIT STATUS\n"
"    0 when every selected pair (or the explained one) can do P2P, 1 when\n"
"    one cannot or may not (or there is none), 2 on bad input: a missing or\n"
"    unreadable file (named), an unknown device, a malformed snapshot.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "explain", no_argument, NULL, 'e' },
		{ "sysfs", required_argument, NULL, 's' },
		{ "capture", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool all = false, json = false, do_explain = false;
	const char *capture_dir = NULL;
	int opt, i;

	/* the model logs as the kernel would: --explain shows it, no one else */
	host_log_set_quiet(true);
	m.root = "";
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			all = true;
			break;
		case 'j':
			json = true;
			break;
		case 'e':
			do_explain = true;
			break;
		case 's':
			m.root = optarg;
			break;
		case 'c':
			capture_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_BAD_INPUT;
		}
	}
	if (do_explain && argc - optind != 2)
		die("--explain takes two devices, PROVIDER CLIENT (see --help)");
	if (!strcmp(m.root, "/"))
		m.root = "";

	read_machine();
	build_model();
	if (capture_dir) {
		capture(capture_dir);
		fprintf(stderr, "%s: %d functions written to %s\n", prog,
			m.nr_fns, capture_dir);
		return 0;
	}

	selected = xcalloc(m.nr_fns + 1, sizeof(*selected));
	for (i = optind; i < argc; i++) {
		int k = fn_index(argv[i]);

		if (k < 0)
			die("%s: no such PCI function in %s/sys/bus/pci/devices",
			    argv[i], m.root);
		if (m.fns[k].bridge && !do_explain)
			die("%s: a PCI bridge, not a device that does DMA", argv[i]);
		selected[nr_selected++] = k;
	}
	if (do_explain)
		return explain(&m.fns[selected[0]], &m.fns[selected[1]]);
	if (!nr_selected)
		for (i = 0; i < m.nr_fns; i++)
			if (all ? !m.fns[i].bridge : interesting(&m.fns[i]))
				selected[nr_selected++] = i;
	for (i = 0; i < nr_selected; i++)
		m.fns[selected[i]].sel = true;
	return json ? print_json() : print_matrix();
}
