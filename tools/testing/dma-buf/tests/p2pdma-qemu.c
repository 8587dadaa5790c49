// SPDX-License-Identifier: GPL-2.0
/*
 * The host's PCI model against a real kernel's answers, topology by
 * topology.
 *
 * `make kunit` boots Linux 7.3 with the series under QEMU on each PCIe
 * topology of kernel/topologies/, and test_qemu_fixtures of
 * drivers/dma-buf/st-dma-mapping-p2p.c prints the PCI tree as the kernel
 * numbered it ("topology:" lines: the CPU, then per function its address,
 * IDs, class, port type, upstream bridge, ACS capability and control, BAR
 * 2) and the kernel's answer for every ordered pair of functions
 * ("fixture: P C distance N", not verbose) and for each provider's memory
 * buffer ("fixture: P C map TYPE").  kernel/fixtures/NAME.log keeps that
 * excerpt of the boot on NAME.qemu, with the kernel's P2P warnings.
 *
 * Each case takes one fixture, builds its tree in the host from the
 * "topology:" lines alone (and checks the host describes it as the
 * kernel did), registers BAR 2 of each provider as P2P memory as the
 * nvme driver did at boot, sets the CPU from the "cpu" line, then replays
 * the log in order, asking the host each question the kernel answered:
 *
 *  - each "fixture:" line follows the call it reports, so the P2P lines
 *    the kernel printed since the line before are that call's (a
 *    distance through ports that redirect names the host bridge that
 *    refuses it, even when not verbose);
 *  - test_qemu_same_switch, _root_ports, _multifunction and
 *    _acs_redirect ask pci_p2pdma_distance(P, C, true), then
 *    pci_p2pdma_map_type() of P's buffer for C, for each pair their
 *    warnings name (the ACS case also names its pair in an "acs:" line):
 *    the host asks the same, in that order.
 *
 * The answers and the lines logged must be the kernel's.  Lines are
 * compared from the device's name on: the kernel starts them with the
 * bound driver's name (nvme), the host, which binds no drivers, with the
 * bus's (pci).  The host builds in domain QEMU_DOMAIN, domain 0 being its
 * machine's, and its names are read back in the kernel's domain.  P2P
 * lines printed by other cases (test_qemu_p2p_sgt's, from inside an
 * attach) answer no question this suite can ask, and are not compared.
 *
 * A missing or malformed fixture fails its case, naming the file (and
 * line); the suite runs from the top of the tree, as `make check` runs
 * it.  Every kernel/topologies/NAME.qemu needs its kernel/fixtures/NAME.log.
 */
#include <ctype.h>
#include <dirent.h>
#include <kunit/test.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <host/hooks.h>
#include <host/pci-topology.h>

#include "st-dma-mapping.h"

#define FIXTURE_DIR		"kernel/fixtures"
#define TOPOLOGY_DIR		"kernel/topologies"
#define FIXTURE_EXT		".log"
#define TOPOLOGY_EXT		".qemu"
#define BEFORE_FIX		"-before-fix.log"

/* The host's own machine is domain 0: the kernel's tree is built here. */
#define QEMU_DOMAIN		9

/* A provider, as st-dma-mapping-p2p.c's qemu_is_provider() has it. */
#define QEMU_NVME_VENDOR	0x1b36
#define QEMU_NVME_DEVICE	0x0010
#define CMB_BAR			2

#define PCI_CLASS_BRIDGE_PCI	0x0604

#define MAX_FIXTURES		32
#define NAME_LEN		64
#define BDF_LEN			13	/* "dddd:bb:dd.f" */
#define ERR_LEN			512
#define TEXT_LEN		256

/* ---- The fixture files ---------------------------------------------- */

struct fixture_file {
	char name[NAME_LEN];
};

static struct fixture_file fixture_files[MAX_FIXTURES];
static int nr_fixture_files;
/* Why there is no list; the one parameter then says so and fails. */
static char fixture_files_err[ERR_LEN];

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n >= m && !strcmp(s + n - m, end);
}

static bool fixture_file_add(const char *file, const char *ext)
{
	char name[NAME_LEN];
	size_t len = strlen(file) - strlen(ext);
	int i;

	if (len == 0 || len >= sizeof(name)) {
		snprintf(fixture_files_err, sizeof(fixture_files_err),
			 "%.128s: name too long", file);
		return false;
	}
	memcpy(name, file, len);
	name[len] = '\0';
	for (i = 0; i < nr_fixture_files; i++)
		if (!strcmp(fixture_files[i].name, name))
			return true;
	if (nr_fixture_files == MAX_FIXTURES) {
		snprintf(fixture_files_err, sizeof(fixture_files_err),
			 "more than %d fixtures", MAX_FIXTURES);
		return false;
	}
	strscpy(fixture_files[nr_fixture_files].name, name,
		sizeof(fixture_files[0].name));
	nr_fixture_files++;
	return true;
}

/* Adds the names of @dir's files ending in @ext, but not in @skip. */
static bool fixture_files_scan(const char *dir, const char *ext,
			       const char *skip)
{
	struct dirent *de;
	bool ok = true;
	DIR *d;

	d = opendir(dir);
	if (!d) {
		snprintf(fixture_files_err, sizeof(fixture_files_err),
			 "cannot open %s/ (%s): the suite runs from the top of the tree",
			 dir, strerror(errno));
		return false;
	}
	while (ok && (de = readdir(d)))
		if (ends_with(de->d_name, ext) &&
		    !(skip && ends_with(de->d_name, skip)))
			ok = fixture_file_add(de->d_name, ext);
	closedir(d);
	return ok;
}

static int fixture_file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fixture_file *)a)->name,
		      ((const struct fixture_file *)b)->name);
}

/*
 * Every kernel/fixtures/NAME.log but the *-before-fix.log evidence, and
 * every NAME of kernel/topologies/NAME.qemu, which must have one: in name
 * order, listed once per run.
 */
static void fixture_files_list(void)
{
	fixture_files_err[0] = '\0';
	nr_fixture_files = 0;
	if (!fixture_files_scan(FIXTURE_DIR, FIXTURE_EXT, BEFORE_FIX) ||
	    !fixture_files_scan(TOPOLOGY_DIR, TOPOLOGY_EXT, NULL))
		return;
	if (!nr_fixture_files) {
		snprintf(fixture_files_err, sizeof(fixture_files_err),
			 "no fixture in %s/", FIXTURE_DIR);
		return;
	}
	qsort(fixture_files, nr_fixture_files, sizeof(fixture_files[0]),
	      fixture_file_cmp);
}

static const void *fixture_gen_params(struct kunit *test, const void *prev,
				      char *desc)
{
	const struct fixture_file *f = prev;

	if (!f) {
		fixture_files_list();
		if (fixture_files_err[0]) {
			snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", FIXTURE_DIR);
			return fixture_files_err;
		}
		f = fixture_files;
	} else if ((const void *)f == fixture_files_err ||
		   ++f == fixture_files + nr_fixture_files) {
		return NULL;
	}
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", f->name);
	return f;
}

/* ---- A fixture, parsed ---------------------------------------------- */

/**
 * struct qemu_dev - a PCI function as the kernel printed it
 * @line: where the file lists it
 * @bdf: its name, as the kernel gave it
 * @bus: its bus number
 * @devfn: its slot and function
 * @vendor: vendor ID
 * @device: device ID
 * @class: class code
 * @type: PCIe port type, or %HOST_PCI_NOT_PCIE
 * @up: index of its upstream bridge; -1 for none (the root bus)
 * @acs: has an ACS capability
 * @acs_cap: its capability register
 * @acs_ctrl: its control register
 * @bar2_start: BAR 2's address; 0 with @bar2_len for none
 * @bar2_len: BAR 2's length
 * @pdev: the host's function
 * @cmb: for a provider, the host's provider of BAR 2
 */
struct qemu_dev {
	int line;
	char bdf[BDF_LEN];
	unsigned int bus, devfn;
	u16 vendor, device;
	unsigned int class;
	int type;
	int up;
	bool acs;
	u16 acs_cap, acs_ctrl;
	u64 bar2_start, bar2_len;
	struct pci_dev *pdev;
	struct p2pdma_provider *cmb;
};

enum line_kind {
	LINE_OTHER,
	LINE_TOPOLOGY,	/* a function or the CPU */
	LINE_DISTANCE,	/* fixture: P C distance N */
	LINE_MAP,	/* fixture: P C map TYPE */
	LINE_ACS_PAIR,	/* acs: P C redirecting ports N */
	LINE_P2P,	/* a P2P warning of the kernel */
	LINE_CASE_END,	/* a case's ok / not ok */
	LINE_SUITE_END,
};

/**
 * struct qemu_line - what one line of the file says
 * @kind: which sort of line
 * @p: the provider a question is about, an index into the functions
 * @c: the client
 * @distance: the distance the kernel answered
 * @map: the map type it answered, as it printed it
 * @case_name: for %LINE_CASE_END, the case
 */
struct qemu_line {
	enum line_kind kind;
	int p, c;
	int distance;
	char map[24];
	char case_name[NAME_LEN];
};

/**
 * struct qemu_fixture - a fixture file and the host's tree built from it
 * @test: the case
 * @path: the file, for messages
 * @err: the first reason the file is malformed
 * @text: its lines, split in place
 * @info: what each line says
 * @nr_lines: how many
 * @domain: the kernel's PCI domain
 * @cpu: the file has the "cpu" line
 * @zen: which says the CPU is an AMD Zen or later
 * @qboot: the kernel booted on qboot, which numbers buses its own way
 * @devs: the functions, in the file's order
 * @nr_devs: how many
 * @topo: the host's tree
 * @pending: the P2P lines printed since the last question, by index
 * @nr_pending: how many
 * @pair_p: the pair an "acs:" line named in the current case, or -1
 * @pair_c: its client
 */
struct qemu_fixture {
	struct kunit *test;
	const char *path;
	char err[ERR_LEN];
	char **text;
	struct qemu_line *info;
	int nr_lines;
	int domain;
	bool cpu, zen, qboot;
	struct qemu_dev *devs;
	int nr_devs;
	struct host_pci_topo *topo;
	int *pending;
	int nr_pending;
	int pair_p, pair_c;
};

/* Records the first reason the file is malformed; returns false. */
static bool __printf(3, 4) malformed(struct qemu_fixture *f, int line,
				     const char *fmt, ...)
{
	char why[ERR_LEN / 2];
	va_list ap;

	if (f->err[0])
		return false;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (line >= 0)
		snprintf(f->err, sizeof(f->err), "%s:%d: malformed: %s",
			 f->path, line + 1, why);
	else
		snprintf(f->err, sizeof(f->err), "%s: malformed: %s", f->path,
			 why);
	return false;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Is there a name at @s, "dddd:bb:ss.f" in lower-case hex as pci_name()'s? */
static bool parse_bdf(const char *s, int *domain, unsigned int *bus,
		      unsigned int *devfn)
{
	static const char shape[] = "xxxx:xx:xx.x";
	unsigned int v[4] = { 0, 0, 0, 0 };
	int i, part = 0;

	for (i = 0; shape[i]; i++) {
		if (shape[i] != 'x') {
			if (s[i] != shape[i])
				return false;
			part++;
			continue;
		}
		if (hexval(s[i]) < 0)
			return false;
		v[part] = v[part] * 16 + hexval(s[i]);
	}
	if (v[2] > 0x1f || v[3] > 7)
		return false;
	if (domain)
		*domain = v[0];
	if (bus)
		*bus = v[1];
	if (devfn)
		*devfn = PCI_DEVFN(v[2], v[3]);
	return true;
}

/* The function the kernel named @bdf, or -1. */
static int dev_index(struct qemu_fixture *f, const char *bdf)
{
	int i;

	for (i = 0; i < f->nr_devs; i++)
		if (!strncmp(f->devs[i].bdf, bdf, BDF_LEN - 1))
			return i;
	return -1;
}

static bool is_bridge(const struct qemu_dev *d)
{
	return d->class >> 8 == PCI_CLASS_BRIDGE_PCI;
}

static bool is_provider(const struct qemu_dev *d)
{
	return !is_bridge(d) && d->vendor == QEMU_NVME_VENDOR &&
	       d->device == QEMU_NVME_DEVICE && d->bar2_len;
}

/* st-dma-mapping-p2p.c's qemu_type_name(), for the host's devices. */
static const char *type_name(struct pci_dev *pdev)
{
	int type = pci_is_pcie(pdev) ? pci_pcie_type(pdev) : HOST_PCI_NOT_PCIE;

	BUILD_BUG_ON(HOST_PCI_NOT_PCIE != DMABUF_KUNIT_NOT_PCIE);
	return dmabuf_kunit_pcie_type_name(type) ?: "pcie";
}

/* The port type a "topology:" line names, or -2 for a word it has none. */
static int type_of_name(const char *word)
{
	const char *name;
	int type;

	/* pci_pcie_type() is the 4-bit field of the PCIe capability. */
	for (type = DMABUF_KUNIT_NOT_PCIE; type <= 0xf; type++) {
		name = dmabuf_kunit_pcie_type_name(type);
		if (name && !strcmp(name, word))
			return type;
	}
	return -2;
}

/*
 * A case's diagnostic, "    # CASE: BODY": the body when CASE is @name
 * and BODY starts with @key, after the key; otherwise NULL.
 */
static const char *diagnostic(const char *line, const char *name,
			      const char *key)
{
	size_t n = strlen(name);

	if (*line != ' ')
		return NULL;
	line += strspn(line, " ");
	if (strncmp(line, "# ", 2) || strncmp(line + 2, name, n) ||
	    strncmp(line + 2 + n, ": ", 2))
		return NULL;
	line += 2 + n + 2;
	n = strlen(key);
	return strncmp(line, key, n) ? NULL : line + n;
}

/* An indented "ok N NAME" or "not ok N NAME": NAME, in @name. */
static bool case_end(const char *line, char *name, size_t len)
{
	int n = 0;

	if (*line != ' ')
		return false;
	line += strspn(line, " ");
	if (!strncmp(line, "not ", 4))
		line += 4;
	if (sscanf(line, "ok %*u %n", &n) < 0 || !n)
		return false;
	snprintf(name, len, "%.*s", (int)strcspn(line + n, " "), line + n);
	return true;
}

/* The kernel's P2P warnings, "DRIVER dddd:bb:ss.f: MESSAGE". */
static const char *const p2p_messages[] = {
	"ACS redirect is set between the client and provider (",
	"to disable ACS redirect for this path, add the kernel parameter: ",
	"Host bridge not in P2PDMA whitelist: ",
	"cannot be used for peer-to-peer DMA",
};

static bool p2p_line(const char *line)
{
	const char *dev = strchr(line, ' ');
	int i;

	if (!dev || *line == ' ' || *line == '#' ||
	    !parse_bdf(dev + 1, NULL, NULL, NULL) ||
	    strncmp(dev + BDF_LEN, ": ", 2))
		return false;
	for (i = 0; i < ARRAY_SIZE(p2p_messages); i++)
		if (strstr(dev + BDF_LEN + 2, p2p_messages[i]))
			return true;
	return false;
}

/* "topology: cpu VENDOR family N" */
static bool parse_cpu(struct qemu_fixture *f, int i, const char *body)
{
	char vendor[32];
	unsigned int family;
	int n = 0;

	if (sscanf(body, "cpu %31s family %i%n", vendor, &family, &n) != 2 ||
	    body[n])
		return malformed(f, i, "not \"topology: cpu VENDOR family N\"");
	if (f->cpu)
		return malformed(f, i, "a second cpu line");
	f->cpu = true;
	f->zen = host_cpu_amd_zen(vendor, family);
	return true;
}

/*
 * "topology: BDF VVVV:DDDD class CCCCCC type T up BDF|- acs CAP/CTRL|-
 * bar2 START+LEN|-": the function, its upstream bridge by name for now.
 */
static bool parse_function(struct qemu_fixture *f, int i, const char *body,
			   char (*up)[BDF_LEN])
{
	char bdf[BDF_LEN], type[24], acs[16], bar2[48];
	struct qemu_dev *d = &f->devs[f->nr_devs];
	unsigned int vendor, device, cap, ctrl;
	unsigned long long start, len;
	int domain, n = 0;

	if (sscanf(body, "%12s %4x:%4x class %6x type %23s up %12s acs %15s bar2 %47s%n",
		   bdf, &vendor, &device, &d->class, type, up[f->nr_devs],
		   acs, bar2, &n) != 8 || body[n])
		return malformed(f, i, "not a topology line");
	d->line = i;
	if (!parse_bdf(bdf, &domain, &d->bus, &d->devfn))
		return malformed(f, i, "no PCI address: %s", bdf);
	if (f->nr_devs && domain != f->domain)
		return malformed(f, i, "a second PCI domain");
	f->domain = domain;
	if (dev_index(f, bdf) >= 0)
		return malformed(f, i, "%s is listed twice", bdf);
	strscpy(d->bdf, bdf, sizeof(d->bdf));
	d->vendor = vendor;
	d->device = device;
	d->type = type_of_name(type);
	if (d->type == -2)
		return malformed(f, i, "a port type the host has no name for: %s",
				 type);
	if (strcmp(up[f->nr_devs], "-") &&
	    !parse_bdf(up[f->nr_devs], NULL, NULL, NULL))
		return malformed(f, i, "no upstream bridge: %s", up[f->nr_devs]);
	if (strcmp(acs, "-")) {
		n = 0;
		if (sscanf(acs, "%4x/%4x%n", &cap, &ctrl, &n) != 2 || acs[n])
			return malformed(f, i, "no ACS registers: %s", acs);
		d->acs = true;
		d->acs_cap = cap;
		d->acs_ctrl = ctrl;
	}
	if (strcmp(bar2, "-")) {
		n = 0;
		if (sscanf(bar2, "%llx+%llx%n", &start, &len, &n) != 2 ||
		    bar2[n] || !len)
			return malformed(f, i, "no BAR 2: %s", bar2);
		d->bar2_start = start;
		d->bar2_len = len;
	}
	f->nr_devs++;
	return true;
}

/*
 * The tree: functions whose upstream bridges are listed bridges, one bus
 * per bridge and the root bus, one root bus.
 */
static bool link_functions(struct qemu_fixture *f, char (*up)[BDF_LEN])
{
	struct qemu_dev *d, *e;
	int i, j;

	if (!f->cpu)
		return malformed(f, -1, "no \"topology: cpu\" line");
	if (!f->nr_devs)
		return malformed(f, -1, "no \"topology:\" line of a function");
	for (i = 0; i < f->nr_devs; i++) {
		d = &f->devs[i];
		d->up = -1;
		if (!strcmp(up[i], "-"))
			continue;
		d->up = dev_index(f, up[i]);
		if (d->up < 0 || !is_bridge(&f->devs[d->up]))
			return malformed(f, d->line,
					 "%s's upstream bridge %s is not a listed bridge",
					 d->bdf, up[i]);
	}
	for (i = 0; i < f->nr_devs; i++) {
		d = &f->devs[i];
		for (j = 0; j < i; j++) {
			e = &f->devs[j];
			if (d->bus == e->bus ? d->up != e->up : d->up == e->up)
				return malformed(f, d->line,
						 "%s and %s: one bus, one bridge above it",
						 d->bdf, e->bdf);
		}
	}
	return true;
}

/* "P C distance N" or "P C map TYPE" */
static bool parse_question(struct qemu_fixture *f, int i, const char *body)
{
	struct qemu_line *l = &f->info[i];
	char p[BDF_LEN], c[BDF_LEN], what[16], answer[24];
	int n = 0;

	if (sscanf(body, "%12s %12s %15s %23s%n", p, c, what, answer, &n) != 4 ||
	    body[n])
		return malformed(f, i, "not \"fixture: P C distance|map ANSWER\"");
	l->p = dev_index(f, p);
	l->c = dev_index(f, c);
	if (l->p < 0 || l->c < 0 || is_bridge(&f->devs[l->p]) ||
	    is_bridge(&f->devs[l->c]))
		return malformed(f, i, "not two listed functions: %s %s", p, c);
	if (!strcmp(what, "distance")) {
		n = 0;
		if (sscanf(answer, "%d%n", &l->distance, &n) != 1 || answer[n])
			return malformed(f, i, "no distance: %s", answer);
		l->kind = LINE_DISTANCE;
	} else if (!strcmp(what, "map")) {
		if (!is_provider(&f->devs[l->p]))
			return malformed(f, i, "%s provides no P2P memory", p);
		strscpy(l->map, answer, sizeof(l->map));
		l->kind = LINE_MAP;
	} else {
		return malformed(f, i, "neither distance nor map: %s", what);
	}
	return true;
}

/* "P C redirecting ports N" */
static bool parse_acs_pair(struct qemu_fixture *f, int i, const char *body)
{
	struct qemu_line *l = &f->info[i];
	char p[BDF_LEN], c[BDF_LEN];
	int ports, n = 0;

	if (sscanf(body, "%12s %12s redirecting ports %d%n", p, c, &ports,
		   &n) != 3 || body[n])
		return malformed(f, i, "not \"acs: P C redirecting ports N\"");
	l->p = dev_index(f, p);
	l->c = dev_index(f, c);
	if (l->p < 0 || l->c < 0)
		return malformed(f, i, "not two listed functions: %s %s", p, c);
	l->kind = LINE_ACS_PAIR;
	return true;
}

/* Every ordered pair of functions has one distance; with a provider, a map. */
static bool check_complete(struct qemu_fixture *f)
{
	int nr = f->nr_devs, i, p, c;
	u8 *dist, *map;

	dist = kunit_kcalloc(f->test, nr * nr, 1, GFP_KERNEL);
	map = kunit_kcalloc(f->test, nr * nr, 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(f->test, dist);
	KUNIT_ASSERT_NOT_NULL(f->test, map);
	for (i = 0; i < f->nr_lines; i++) {
		struct qemu_line *l = &f->info[i];
		u8 *seen = l->kind == LINE_DISTANCE ? dist :
			   l->kind == LINE_MAP ? map : NULL;

		if (!seen)
			continue;
		if (seen[l->p * nr + l->c]++)
			return malformed(f, i, "the pair's %s a second time",
					 l->kind == LINE_DISTANCE ? "distance" : "map");
	}
	for (p = 0; p < nr; p++) {
		for (c = 0; c < nr; c++) {
			if (is_bridge(&f->devs[p]) || is_bridge(&f->devs[c]))
				continue;
			if (!dist[p * nr + c])
				return malformed(f, -1, "no distance of %s %s",
						 f->devs[p].bdf, f->devs[c].bdf);
			if (is_provider(&f->devs[p]) && !map[p * nr + c])
				return malformed(f, -1, "no map of %s %s",
						 f->devs[p].bdf, f->devs[c].bdf);
		}
	}
	return true;
}

/*
 * Splits @text into lines and reads them: the CPU and the tree first,
 * then the questions, the warnings and where cases end.
 */
static bool fixture_parse(struct qemu_fixture *f, char *text)
{
	const char *body, *question, *pair;
	char (*up)[BDF_LEN];
	char *s;
	int i;

	f->nr_lines = 0;
	for (s = text; *s; s++)
		f->nr_lines += *s == '\n';
	f->nr_lines++;
	f->text = kunit_kcalloc(f->test, f->nr_lines, sizeof(*f->text),
				GFP_KERNEL);
	f->info = kunit_kcalloc(f->test, f->nr_lines, sizeof(*f->info),
				GFP_KERNEL);
	f->devs = kunit_kcalloc(f->test, f->nr_lines, sizeof(*f->devs),
				GFP_KERNEL);
	f->pending = kunit_kcalloc(f->test, f->nr_lines, sizeof(*f->pending),
				   GFP_KERNEL);
	up = kunit_kcalloc(f->test, f->nr_lines, sizeof(*up), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(f->test, f->text);
	KUNIT_ASSERT_NOT_NULL(f->test, f->info);
	KUNIT_ASSERT_NOT_NULL(f->test, f->devs);
	KUNIT_ASSERT_NOT_NULL(f->test, f->pending);
	KUNIT_ASSERT_NOT_NULL(f->test, up);
	/* the kernel's console ends its lines in "\r\n" */
	for (i = 0, s = text; i < f->nr_lines; i++) {
		f->text[i] = s;
		s = strchr(s, '\n');
		if (s)
			*s++ = '\0';
		f->text[i][strcspn(f->text[i], "\r")] = '\0';
	}

	f->nr_devs = 0;
	for (i = 0; i < f->nr_lines; i++) {
		s = f->text[i];
		if (!strncmp(s, "# qemu: ", 8) && strstr(s, "-bios qboot.rom"))
			f->qboot = true;
		body = diagnostic(s, "test_qemu_fixtures", "topology: ");
		if (!body)
			continue;
		f->info[i].kind = LINE_TOPOLOGY;
		if (!strncmp(body, "cpu ", 4) ? !parse_cpu(f, i, body) :
		    !parse_function(f, i, body, up))
			return false;
	}
	if (!link_functions(f, up))
		return false;

	for (i = 0; i < f->nr_lines; i++) {
		struct qemu_line *l = &f->info[i];

		s = f->text[i];
		if (l->kind == LINE_TOPOLOGY)
			continue;
		question = diagnostic(s, "test_qemu_fixtures", "fixture: ");
		pair = diagnostic(s, "test_qemu_acs_redirect", "acs: ");
		if (question) {
			if (!parse_question(f, i, question))
				return false;
		} else if (pair) {
			if (!parse_acs_pair(f, i, pair))
				return false;
		} else if (p2p_line(s)) {
			l->kind = LINE_P2P;
		} else if (case_end(s, l->case_name, sizeof(l->case_name))) {
			l->kind = LINE_CASE_END;
		} else if (!strncmp(s, "ok ", 3) || !strncmp(s, "not ok ", 7)) {
			l->kind = LINE_SUITE_END;
		}
	}
	return check_complete(f);
}

/* Reads @path whole into memory the case frees; NULL and f->err if not. */
static char *fixture_read(struct qemu_fixture *f)
{
	char *text = NULL;
	long size;
	FILE *fp;

	fp = fopen(f->path, "r");
	if (!fp && errno == ENOENT) {
		snprintf(f->err, sizeof(f->err),
			 "%s: cannot open (%s): each kernel/topologies/NAME.qemu needs its make kunit excerpt as kernel/fixtures/NAME.log",
			 f->path, strerror(ENOENT));
		return NULL;
	}
	if (!fp) {
		snprintf(f->err, sizeof(f->err), "%s: cannot open (%s)",
			 f->path, strerror(errno));
		return NULL;
	}
	size = fseek(fp, 0, SEEK_END) ? -1 : ftell(fp);
	if (size < 0 || fseek(fp, 0, SEEK_SET)) {
		snprintf(f->err, sizeof(f->err), "%s: cannot read (%s)",
			 f->path, strerror(errno));
		goto out;
	}
	text = kunit_kmalloc(f->test, size + 1, GFP_KERNEL);
	if (!text) {
		fclose(fp);
		KUNIT_ASSERT_NOT_NULL(f->test, text);
	}
	if (fread(text, 1, size, fp) != (size_t)size) {
		snprintf(f->err, sizeof(f->err), "%s: cannot read", f->path);
		text = NULL;
		goto out;
	}
	text[size] = '\0';
out:
	fclose(fp);
	return text;
}

/* ---- The host's tree ------------------------------------------------ */

static void topo_destroy_action(void *topo)
{
	host_pci_topo_destroy(topo);
}

static void restore_zen(void *old)
{
	host_cpu_set_amd_zen(old);
}

/* The host's name of a function, in the kernel's domain. */
static void kernel_name(struct qemu_fixture *f, char *buf, size_t len,
			struct pci_dev *pdev)
{
	snprintf(buf, len, "%04x%s", f->domain, pci_name(pdev) + 4);
}

/* The host's function as test_qemu_fixtures prints one; class copied. */
static void host_topology_line(struct qemu_fixture *f, struct qemu_dev *d,
			       char *buf, size_t len)
{
	struct pci_dev *pdev = d->pdev, *up = pci_upstream_bridge(pdev);
	char name[BDF_LEN + 4], upname[BDF_LEN + 4], acs[16], bar2[48];
	u16 cap, ctrl;

	kernel_name(f, name, sizeof(name), pdev);
	strscpy(upname, "-", sizeof(upname));
	if (up)
		kernel_name(f, upname, sizeof(upname), up);
	strscpy(acs, "-", sizeof(acs));
	if (pdev->acs_cap) {
		pci_read_config_word(pdev, pdev->acs_cap + PCI_ACS_CAP, &cap);
		pci_read_config_word(pdev, pdev->acs_cap + PCI_ACS_CTRL, &ctrl);
		snprintf(acs, sizeof(acs), "%04x/%04x", cap, ctrl);
	}
	strscpy(bar2, "-", sizeof(bar2));
	if (pci_resource_len(pdev, CMB_BAR))
		snprintf(bar2, sizeof(bar2), "%#llx+%#llx",
			 (unsigned long long)pci_resource_start(pdev, CMB_BAR),
			 (unsigned long long)pci_resource_len(pdev, CMB_BAR));
	snprintf(buf, len,
		 "topology: %s %04x:%04x class %06x type %s up %s acs %s bar2 %s",
		 name, pdev->vendor, pdev->device, d->class, type_name(pdev),
		 upname, acs, bar2);
}

/*
 * Each function at its bdf below its bridge, parents first; the buses
 * numbered as the firmware did (qboot: siblings from the highest slot
 * down), which the names then show.
 */
static void fixture_build(struct qemu_fixture *f)
{
	struct kunit *test = f->test;
	struct pci_host_bridge *hb;
	int i, built = 0, ret;
	bool progress = true;

	f->topo = host_pci_topo_create(QEMU_DOMAIN);
	ret = kunit_add_action_or_reset(test, topo_destroy_action, f->topo);
	KUNIT_ASSERT_EQ(test, ret, 0);
	host_pci_topo_set_bus_order(f->topo, f->qboot ?
				    HOST_PCI_BUS_ORDER_REVERSE_SLOT :
				    HOST_PCI_BUS_ORDER_LINUX);
	hb = host_pci_host_bridge(f->topo, 0, 0);
	while (built < f->nr_devs && progress) {
		progress = false;
		for (i = 0; i < f->nr_devs; i++) {
			struct qemu_dev *d = &f->devs[i];
			struct pci_bus *bus;

			if (d->pdev || (d->up >= 0 && !f->devs[d->up].pdev))
				continue;
			bus = d->up < 0 ? hb->bus : f->devs[d->up].pdev->subordinate;
			d->pdev = host_pci_device_at(bus, d->devfn, d->vendor,
						     d->device, d->type,
						     is_bridge(d));
			if (d->acs)
				host_pci_set_acs_cap(d->pdev, d->acs_cap,
						     d->acs_ctrl);
			if (d->bar2_len)
				host_pci_set_bar(d->pdev, CMB_BAR,
						 d->bar2_start, d->bar2_len);
			built++;
			progress = true;
		}
	}
	if (built < f->nr_devs)
		malformed(f, -1, "upstream bridges that make a loop");
}

/* The host's tree, printed as the kernel printed its own, is the file's. */
static bool fixture_same_tree(struct qemu_fixture *f)
{
	char host[TEXT_LEN];
	bool same = true;
	int i;

	for (i = 0; i < f->nr_devs; i++) {
		struct qemu_dev *d = &f->devs[i];
		const char *kernel = diagnostic(f->text[d->line],
						"test_qemu_fixtures", "");

		host_topology_line(f, d, host, sizeof(host));
		if (strcmp(kernel, host)) {
			KUNIT_FAIL(f->test, "%s:%d: the host's tree differs:",
				   f->path, d->line + 1);
			kunit_err(f->test, "    kernel: %s", kernel);
			kunit_err(f->test, "    host:   %s", host);
			same = false;
		}
	}
	return same;
}

/* ---- The replay ----------------------------------------------------- */

/* From the device's name on: the kernel's driver name is not the host's. */
static const char *from_name(const char *line)
{
	const char *space = strchr(line, ' ');

	return space ? space + 1 : line;
}

/* A host line, from the name on, with its names in the kernel's domain. */
static void kernel_view(struct qemu_fixture *f, char *buf, size_t len,
			const char *host)
{
	char domain[8];
	size_t i;
	int d;

	snprintf(buf, len, "%s", from_name(host));
	snprintf(domain, sizeof(domain), "%04x", f->domain);
	for (i = 0; buf[i]; i++) {
		if ((i && isxdigit((unsigned char)buf[i - 1])) ||
		    !parse_bdf(buf + i, &d, NULL, NULL) ||
		    d != QEMU_DOMAIN)
			continue;
		memcpy(buf + i, domain, 4);
	}
}

/*
 * What the host logged for the question of line @at, against the P2P
 * lines the kernel printed for it; frees @log.
 */
static void compare_log(struct qemu_fixture *f, int at, const char *what,
			char *log)
{
	char view[TEXT_LEN], *host[64], *s;
	int nr_host = 0, i;
	bool same;

	for (s = log; *s && nr_host < ARRAY_SIZE(host); ) {
		host[nr_host++] = s;
		s = strchr(s, '\n');
		if (!s)
			break;
		*s++ = '\0';
	}
	same = nr_host == f->nr_pending;
	for (i = 0; same && i < nr_host; i++) {
		kernel_view(f, view, sizeof(view), host[i]);
		same = !strcmp(view, from_name(f->text[f->pending[i]]));
	}
	if (!same) {
		KUNIT_FAIL(f->test, "%s:%d: %s: the kernel's %d P2P lines, the host's %d:",
			   f->path, at + 1, what, f->nr_pending, nr_host);
		for (i = 0; i < f->nr_pending; i++)
			kunit_err(f->test, "    kernel: %s",
				  from_name(f->text[f->pending[i]]));
		for (i = 0; i < nr_host; i++) {
			kernel_view(f, view, sizeof(view), host[i]);
			kunit_err(f->test, "    host:   %s", view);
		}
	}
	f->nr_pending = 0;
	free(log);
}

/* "fixture: P C distance N" and "fixture: P C map TYPE", asked again. */
static void replay_question(struct qemu_fixture *f, int i)
{
	struct qemu_line *l = &f->info[i];
	struct qemu_dev *p = &f->devs[l->p], *c = &f->devs[l->c];
	enum pci_p2pdma_map_type map = PCI_P2PDMA_MAP_UNKNOWN;
	char what[64];
	int d = 0;

	host_log_capture_begin();
	if (l->kind == LINE_DISTANCE)
		d = pci_p2pdma_distance(p->pdev, &c->pdev->dev, false);
	else
		map = pci_p2pdma_map_type(p->cmb, &c->pdev->dev);
	snprintf(what, sizeof(what), "%s %s %s", p->bdf, c->bdf,
		 l->kind == LINE_DISTANCE ? "distance" : "map");
	compare_log(f, i, what, host_log_capture_end());
	if (l->kind == LINE_DISTANCE && d != l->distance)
		KUNIT_FAIL(f->test, "%s:%d: %s: kernel %d, host %d", f->path,
			   i + 1, what, l->distance, d);
	if (l->kind == LINE_MAP &&
	    strcmp(dmabuf_kunit_map_type_name(map), l->map))
		KUNIT_FAIL(f->test, "%s:%d: %s: kernel %s, host %s", f->path,
			   i + 1, what, l->map, dmabuf_kunit_map_type_name(map));
}

/* The cases that ask pci_p2pdma_distance(P, C, true) of the pairs. */
static const char *const verbose_cases[] = {
	"test_qemu_same_switch",
	"test_qemu_root_ports",
	"test_qemu_multifunction",
	"test_qemu_acs_redirect",
};

/* The pair a warning names: its client, and the provider in brackets. */
static bool warning_pair(struct qemu_fixture *f, const char *line, int *p,
			 int *c)
{
	const char *provider = strstr(line, "and provider (");

	if (!provider)
		return false;
	*c = dev_index(f, from_name(line));
	*p = dev_index(f, provider + strlen("and provider ("));
	return true;
}

/*
 * A case ended: if it asks verbose questions, the host asks them of the
 * pairs its "acs:" line and its warnings name, in that order, and must
 * print what the kernel printed.
 */
static void replay_case_end(struct qemu_fixture *f, int at)
{
	int pairs[8][2], nr = 0, i, j, p, c;
	const char *name = f->info[at].case_name;
	char *log, what[TEXT_LEN];
	bool verbose = false;
	size_t len;

	for (i = 0; i < ARRAY_SIZE(verbose_cases); i++)
		verbose |= !strcmp(name, verbose_cases[i]);
	if (!verbose || (!f->nr_pending && f->pair_p < 0))
		goto out;
	if (f->pair_p >= 0) {
		pairs[nr][0] = f->pair_p;
		pairs[nr++][1] = f->pair_c;
	}
	for (i = 0; i < f->nr_pending; i++) {
		if (!warning_pair(f, f->text[f->pending[i]], &p, &c))
			continue;
		if (p < 0 || c < 0) {
			KUNIT_FAIL(f->test, "%s:%d: names a device the topology lacks",
				   f->path, f->pending[i] + 1);
			goto out;
		}
		for (j = 0; j < nr; j++)
			if (pairs[j][0] == p && pairs[j][1] == c)
				break;
		if (j == nr && nr < ARRAY_SIZE(pairs)) {
			pairs[nr][0] = p;
			pairs[nr++][1] = c;
		}
	}
	if (!nr) {
		KUNIT_FAIL(f->test, "%s:%d: %s: P2P lines that name no pair",
			   f->path, at + 1, name);
		goto out;
	}
	len = snprintf(what, sizeof(what), "%s, verbose", name);
	host_log_capture_begin();
	for (i = 0; i < nr; i++) {
		struct qemu_dev *pd = &f->devs[pairs[i][0]];
		struct qemu_dev *cd = &f->devs[pairs[i][1]];

		pci_p2pdma_distance(pd->pdev, &cd->pdev->dev, true);
		if (pd->cmb)
			pci_p2pdma_map_type(pd->cmb, &cd->pdev->dev);
		if (len < sizeof(what))
			len += snprintf(what + len, sizeof(what) - len,
					" %s %s", pd->bdf, cd->bdf);
	}
	log = host_log_capture_end();
	compare_log(f, at, what, log);
out:
	f->nr_pending = 0;
	f->pair_p = -1;
	f->pair_c = -1;
}

static void fixture_replay(struct qemu_fixture *f)
{
	int i;

	f->nr_pending = 0;
	f->pair_p = -1;
	f->pair_c = -1;
	for (i = 0; i < f->nr_lines; i++) {
		struct qemu_line *l = &f->info[i];

		switch (l->kind) {
		case LINE_P2P:
			f->pending[f->nr_pending++] = i;
			break;
		case LINE_DISTANCE:
		case LINE_MAP:
			replay_question(f, i);
			break;
		case LINE_ACS_PAIR:
			/* nothing asked yet in this case */
			f->nr_pending = 0;
			f->pair_p = l->p;
			f->pair_c = l->c;
			break;
		case LINE_CASE_END:
			replay_case_end(f, i);
			break;
		case LINE_SUITE_END:
			f->nr_pending = 0;
			break;
		default:
			break;
		}
	}
}

/* ---- The cases ------------------------------------------------------ */

static struct qemu_fixture *fixture_new(struct kunit *test, const char *path)
{
	struct qemu_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->test = test;
	f->path = kunit_kstrdup(test, path, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->path);
	return f;
}

/*
 * One topology: the host builds the kernel's tree and answers and logs
 * every question as the kernel did.
 */
static void test_qemu_fixture(struct kunit *test)
{
	const struct fixture_file *file = test->param_value;
	struct qemu_fixture *f;
	char path[NAME_LEN + 32], *text;
	bool old;
	int i, ret;

	if (test->param_value == fixture_files_err) {
		KUNIT_FAIL(test, "%s", fixture_files_err);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s%s", FIXTURE_DIR, file->name,
		 FIXTURE_EXT);
	f = fixture_new(test, path);
	text = fixture_read(f);
	if (!text || !fixture_parse(f, text)) {
		KUNIT_FAIL(test, "%s", f->err);
		return;
	}

	old = host_cpu_set_amd_zen(f->zen);
	ret = kunit_add_action_or_reset(test, restore_zen, old ? test : NULL);
	KUNIT_ASSERT_EQ(test, ret, 0);
	fixture_build(f);
	if (f->err[0]) {
		KUNIT_FAIL(test, "%s", f->err);
		return;
	}
	if (!fixture_same_tree(f))
		return;
	/* nvme registered each memory buffer at boot */
	for (i = 0; i < f->nr_devs; i++) {
		if (!is_provider(&f->devs[i]))
			continue;
		KUNIT_ASSERT_EQ(test, pcim_p2pdma_init(f->devs[i].pdev), 0);
		f->devs[i].cmb = pcim_p2pdma_provider(f->devs[i].pdev, CMB_BAR);
		KUNIT_ASSERT_NOT_NULL(test, f->devs[i].cmb);
	}
	fixture_replay(f);
}

/*
 * A fixture is refused, naming the file and the line, when it is missing
 * or does not say what the cases need.
 */
enum malformed_line {
	END, CPU, HOST, RP, NVME, RP_CUT,
	D_HH, D_HN, D_NH, D_NN, D_RH, M_NH, M_NN, M_HH,
	NR_MALFORMED_LINES
};

/*
 * The lines the cases are made of, in the order of enum malformed_line: a
 * host bridge (H), a root port (R) and an NVMe with P2P memory (N).
 */
static const char *const malformed_lines[] = {
	"",
	"    # test_qemu_fixtures: topology: cpu AuthenticAMD family 0xf",
	"    # test_qemu_fixtures: topology: 0000:00:00.0 8086:29c0 class 060000 type pci up - acs - bar2 -",
	"    # test_qemu_fixtures: topology: 0000:00:04.0 1b36:000c class 060400 type root-port up - acs 005f/0000 bar2 -",
	"    # test_qemu_fixtures: topology: 0000:01:00.0 1b36:0010 class 010802 type endpoint up 0000:00:04.0 acs - bar2 0x100000000+0x1000000",
	"    # test_qemu_fixtures: topology: 0000:00:04.0 1b36:000c class 060400",
	"    # test_qemu_fixtures: fixture: 0000:00:00.0 0000:00:00.0 distance 0",
	"    # test_qemu_fixtures: fixture: 0000:00:00.0 0000:01:00.0 distance -1",
	"    # test_qemu_fixtures: fixture: 0000:01:00.0 0000:00:00.0 distance -1",
	"    # test_qemu_fixtures: fixture: 0000:01:00.0 0000:01:00.0 distance 0",
	"    # test_qemu_fixtures: fixture: 0000:00:04.0 0000:00:00.0 distance 0",
	"    # test_qemu_fixtures: fixture: 0000:01:00.0 0000:00:00.0 map NOT_SUPPORTED",
	"    # test_qemu_fixtures: fixture: 0000:01:00.0 0000:01:00.0 map BUS_ADDR",
	"    # test_qemu_fixtures: fixture: 0000:00:00.0 0000:00:00.0 map BUS_ADDR",
};

struct malformed_case {
	const char *desc;
	enum malformed_line lines[12];	/* up to END */
	const char *err;		/* NULL: well formed */
};

static const struct malformed_case malformed_cases[] = {
	{
		"well formed",
		{ CPU, HOST, RP, NVME, D_HH, D_HN, D_NH, D_NN, M_NH, M_NN },
		NULL,
	}, {
		"no cpu line",
		{ HOST, RP, NVME, D_HH, D_HN, D_NH, D_NN, M_NH, M_NN },
		"test.log: malformed: no \"topology: cpu\" line",
	}, {
		"no tree",
		{ CPU, D_HH },
		"test.log: malformed: no \"topology:\" line of a function",
	}, {
		"a cut topology line",
		{ CPU, HOST, RP_CUT },
		"test.log:3: malformed: not a topology line",
	}, {
		"an upstream bridge not listed",
		{ CPU, HOST, NVME },
		"test.log:3: malformed: 0000:01:00.0's upstream bridge 0000:00:04.0 is not a listed bridge",
	}, {
		"a function twice",
		{ CPU, HOST, HOST },
		"test.log:3: malformed: 0000:00:00.0 is listed twice",
	}, {
		"a distance missing",
		{ CPU, HOST, RP, NVME, D_HH, M_NH, M_NN },
		"test.log: malformed: no distance of 0000:00:00.0 0000:01:00.0",
	}, {
		"a map missing",
		{ CPU, HOST, RP, NVME, D_HH, D_HN, D_NH, D_NN },
		"test.log: malformed: no map of 0000:01:00.0 0000:00:00.0",
	}, {
		"a question about a bridge",
		{ CPU, HOST, RP, NVME, D_RH },
		"test.log:5: malformed: not two listed functions: 0000:00:04.0 0000:00:00.0",
	}, {
		"a map of a function without memory",
		{ CPU, HOST, RP, NVME, M_HH },
		"test.log:5: malformed: 0000:00:00.0 provides no P2P memory",
	}, {
		"a distance twice",
		{ CPU, HOST, RP, NVME, D_HH, D_HN, D_NH, D_NN, D_HH },
		"test.log:9: malformed: the pair's distance a second time",
	},
};

KUNIT_ARRAY_PARAM_DESC(malformed, malformed_cases, desc);

static void test_qemu_fixture_malformed(struct kunit *test)
{
	const struct malformed_case *c = test->param_value;
	struct qemu_fixture *f = fixture_new(test, "test.log");
	char *text = kunit_kzalloc(test, 4096, GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, text);
	KUNIT_ASSERT_EQ(test, ARRAY_SIZE(malformed_lines), NR_MALFORMED_LINES);
	/* as the kernel's console ends them */
	for (i = 0; i < ARRAY_SIZE(c->lines) && c->lines[i] != END; i++) {
		strcat(text, malformed_lines[c->lines[i]]);
		strcat(text, "\r\n");
	}
	KUNIT_EXPECT_EQ(test, fixture_parse(f, text), !c->err);
	KUNIT_EXPECT_STREQ(test, f->err, c->err ? c->err : "");
}

/* A missing file is named, and so is what it should be. */
static void test_qemu_fixture_missing(struct kunit *test)
{
	struct qemu_fixture *f = fixture_new(test, FIXTURE_DIR "/no-such.log");

	KUNIT_EXPECT_NULL(test, fixture_read(f));
	KUNIT_EXPECT_STREQ(test, f->err,
			   "kernel/fixtures/no-such.log: cannot open (No such file or directory): each kernel/topologies/NAME.qemu needs its make kunit excerpt as kernel/fixtures/NAME.log");
}

static struct kunit_case p2pdma_qemu_cases[] = {
	KUNIT_CASE_PARAM(test_qemu_fixture, fixture_gen_params),
	KUNIT_CASE_PARAM(test_qemu_fixture_malformed, malformed_gen_params),
	KUNIT_CASE(test_qemu_fixture_missing),
	{}
};

static struct kunit_suite p2pdma_qemu_suite = {
	.name = "pci-p2pdma-qemu-fixtures",
	.test_cases = p2pdma_qemu_cases,
};

kunit_test_suite(p2pdma_qemu_suite);
