// SPDX-License-Identifier: GPL-2.0
/*
 * A device DMAs into another device's BAR through the IOMMU, via a VFIO
 * dma-buf mapped into iommufd.
 *
 * Two PCI devices are bound to vfio-pci and opened through iommufd's vfio
 * cdevs: QEMU's edu device (1234:11e8), which has a small DMA engine, and
 * an NVMe controller with a controller memory buffer (QEMU's cmb_size_mb),
 * whose BAR 2 is plain memory.  The program exports the CMB BAR as a
 * dma-buf (VFIO_DEVICE_FEATURE_DMA_BUF), maps the dma-buf into an IOAS
 * (IOMMU_IOAS_MAP_FILE: there vfio-pci and iommufd agree on the Physical
 * Address List mapping type, and iommufd writes the BAR's physical ranges
 * into the IOMMU's page table), attaches edu to that IOAS, and has edu DMA
 * to and from the CMB's IOVA; the bytes are checked through an mmap of the
 * BAR.  Disabling the NVMe's memory decoding revokes the dma-buf: the
 * IOMMU mapping goes, and edu's DMA faults instead of landing.
 *
 * Each step prints one TAP result; the exit status is 1 if any failed.
 *
 *   vfio-p2p-dma EDU_BDF NVME_BDF        e.g. 0000:00:01.0 0000:01:00.0
 *
 * kernel/e2e.sh builds it and runs it in a QEMU guest (make e2e).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/compiler.h>
#include <linux/iommufd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define SZ_4K 0x1000ULL
#define SZ_64K 0x10000ULL
#define SZ_1M 0x100000ULL

/* QEMU's edu device and the registers of its BAR 0. */
#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
#define EDU_BAR 0
#define EDU_REG_IDENT 0x00
#define EDU_REG_DMA_SRC 0x80
#define EDU_REG_DMA_DST 0x88
#define EDU_REG_DMA_COUNT 0x90
#define EDU_REG_DMA_CMD 0x98
#define EDU_CMD_START 0x1
#define EDU_CMD_TO_RAM 0x2	/* clear: RAM to edu's buffer */
/* edu's 4 KiB DMA buffer, at this address on edu's side of a transfer. */
#define EDU_BUF 0x40000
/*
 * QEMU 7.2's edu checks a transfer's end against its buffer with an off by
 * one and aborts QEMU on a full 4096 bytes: stay well below.
 */
#define XFER 2048
/* edu finishes a DMA from a timer ~100 ms later: poll this long at most. */
#define EDU_DMA_TIMEOUT_MS 20000

#define PCI_CLASS_NVME 0x0108	/* class 01 (storage), subclass 08 (NVM) */
#define CMB_BAR 2

/*
 * IOVAs, all below 256 MiB: edu's DMA mask is 28 bits, and it cuts higher
 * addresses instead of refusing them.
 */
#define UBUF_IOVA 0x100000ULL	/* the program's own buffer */
#define UBUF_SIZE (4 * SZ_4K)
#define ONE_IOVA 0x1000000ULL	/* the one-range dma-buf */
#define PROBE_IOVA 0x2000000ULL	/* a second mapping attempt while revoked */
#define TWO_IOVA 0x3000000ULL	/* the two-range dma-buf */

/* The one-range dma-buf: 2 MiB at 2 MiB into the BAR; edu hits 12 KiB in. */
#define ONE_OFFSET (2 * SZ_1M)
#define ONE_LENGTH (2 * SZ_1M)
#define ONE_DMA_OFFSET (3 * SZ_4K)
/*
 * The two-range dma-buf: 64 KiB at 1 MiB and 64 KiB at 4 MiB.  They are
 * far apart, so a DMA that crosses from the first range into the second in
 * IOVA space must jump in the BAR; a mapping that ignored the second
 * range's offset would land right after the first range instead.
 */
#define TWO_OFFSET0 SZ_1M
#define TWO_OFFSET1 (4 * SZ_1M)
#define TWO_LENGTH SZ_64K
/* Every range above lies in the BAR's first 8 MiB. */
#define CMB_MIN_SIZE (8 * SZ_1M)

#define BUFINFO "/sys/kernel/debug/dma_buf/bufinfo"
#define PAL_NAME "Physical Address List"

struct region {
	__u64 offset;		/* of the region in the device's fd */
	__u64 size;
	__u32 flags;
};

struct vdev {
	const char *bdf;
	int fd;
	struct region config;
};

/*
 * edu_regs and cmb are mmap()ed BARs, MMIO: they are accessed only with
 * READ_ONCE() and WRITE_ONCE(), so that each access reaches the device in
 * the width the code says.
 */
struct ctx {
	struct vdev edu;
	struct vdev nvme;
	int iommufd;
	__u32 ioas;
	__u64 *edu_regs;
	__u64 edu_regs_size;
	__u64 *cmb;
	__u64 cmb_size;
	__u8 *ubuf;
	bool ubuf_mapped;
	bool edu_attached;
	int one_buf;		/* dma-buf fds, -1 until exported */
	int two_buf;
	bool one_mapped;
	bool two_mapped;
	int kmsg;
	long bufs_before;	/* dma-bufs in bufinfo before the program's */
	long bufs_open;		/* and while the program's were open */
	int ours_open;		/* how many of the program's were open then */
	bool revoked;
};

/* Why the running step failed: the text after "not ok N - what: ". */
static char why[1024];

static int __printf(1, 2) fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return -1;
}

/* An errno's name, such as "EINVAL". */
static const char *errname(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "an unknown errno";
}

/* "WHAT: ENAME (message)" for the errno of the call that just failed. */
static int fail_errno(const char *what)
{
	int err = errno;

	return fail("%s: %s (%s)", what, errname(err), strerror(err));
}

/* ---- VFIO devices ---- */

/* The vfio cdev of a PCI function bound to vfio-pci, from sysfs. */
static int find_cdev(const char *bdf, char *path, size_t len)
{
	char dir[256];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s/vfio-dev", bdf);
	d = opendir(dir);
	if (!d)
		return fail("%s has no vfio cdev (%s: %s): is it bound to vfio-pci?",
			    bdf, dir, strerror(errno));
	while ((e = readdir(d))) {
		if (!strncmp(e->d_name, "vfio", 4)) {
			snprintf(path, len, "/dev/vfio/devices/%s", e->d_name);
			closedir(d);
			return 0;
		}
	}
	closedir(d);
	return fail("%s: no vfio* entry in %s", bdf, dir);
}

static int region_info(int fd, __u32 index, struct region *r)
{
	struct vfio_region_info info = {
		.argsz = sizeof(info),
		.index = index,
	};

	if (ioctl(fd, VFIO_DEVICE_GET_REGION_INFO, &info))
		return fail_errno("VFIO_DEVICE_GET_REGION_INFO");
	r->offset = info.offset;
	r->size = info.size;
	r->flags = info.flags;
	return 0;
}

static int cfg_read16(struct vdev *d, unsigned int off, __u16 *val)
{
	if (pread(d->fd, val, 2, d->config.offset + off) != 2)
		return fail("%s: reading config offset 0x%x: %s", d->bdf, off,
			    strerror(errno));
	return 0;
}

static int cfg_write16(struct vdev *d, unsigned int off, __u16 val)
{
	if (pwrite(d->fd, &val, 2, d->config.offset + off) != 2)
		return fail("%s: writing config offset 0x%x: %s", d->bdf, off,
			    strerror(errno));
	return 0;
}

/*
 * Sets and clears bits of the command register through the vfio config
 * region, as a VMM would: vfio-pci sees a change of the memory-decode bit
 * and revokes or restores the device's dma-bufs.  Reads back the result.
 */
static int set_command(struct vdev *d, __u16 set, __u16 clear)
{
	__u16 cmd;

	if (cfg_read16(d, PCI_COMMAND, &cmd))
		return -1;
	if (cfg_write16(d, PCI_COMMAND, (cmd | set) & ~clear))
		return -1;
	if (cfg_read16(d, PCI_COMMAND, &cmd))
		return -1;
	if ((cmd & (set | clear)) != set)
		return fail("%s: command reads 0x%04x after setting 0x%04x, clearing 0x%04x",
			    d->bdf, cmd, set, clear);
	return 0;
}

/* Opens a device's cdev, binds it to iommufd and finds its config space. */
static int open_vdev(struct ctx *c, struct vdev *d)
{
	struct vfio_device_bind_iommufd bind = {
		.argsz = sizeof(bind),
		.iommufd = c->iommufd,
	};
	char path[320];

	if (find_cdev(d->bdf, path, sizeof(path)))
		return -1;
	d->fd = open(path, O_RDWR | O_CLOEXEC);
	if (d->fd < 0)
		return fail("%s: open %s: %s", d->bdf, path, strerror(errno));
	if (ioctl(d->fd, VFIO_DEVICE_BIND_IOMMUFD, &bind)) {
		fail_errno("VFIO_DEVICE_BIND_IOMMUFD");
		/* The usual cause, named, for whoever boots the guest. */
		if (errno == EPERM)
			snprintf(why + strlen(why), sizeof(why) - strlen(why),
				 " for %s (no interrupt remapping: boot with iommufd.allow_unsafe_interrupts=1)",
				 d->bdf);
		return -1;
	}
	return region_info(d->fd, VFIO_PCI_CONFIG_REGION_INDEX, &d->config);
}

static int check_ids(struct vdev *d, __u16 vendor, __u16 device)
{
	__u16 v, dev;

	if (cfg_read16(d, PCI_VENDOR_ID, &v) || cfg_read16(d, PCI_DEVICE_ID, &dev))
		return -1;
	if (v != vendor || dev != device)
		return fail("%s is %04x:%04x, not QEMU's edu (%04x:%04x): check the arguments",
			    d->bdf, v, dev, vendor, device);
	return 0;
}

static int check_nvme(struct vdev *d)
{
	__u16 class;

	if (cfg_read16(d, PCI_CLASS_DEVICE, &class))
		return -1;
	if (class != PCI_CLASS_NVME)
		return fail("%s is of class 0x%04x, not NVMe (0x%04x): check the arguments",
			    d->bdf, class, PCI_CLASS_NVME);
	return 0;
}

/* mmap()s a BAR through its VFIO region. */
static int map_bar(struct vdev *d, __u32 bar, void **map, __u64 *size)
{
	struct region r = { 0 };
	void *p;

	if (region_info(d->fd, bar, &r))
		return -1;
	if (!(r.flags & VFIO_REGION_INFO_FLAG_MMAP))
		return fail("%s: BAR %u (%llu bytes) cannot be mmap()ed (flags 0x%x)",
			    d->bdf, bar, (unsigned long long)r.size, r.flags);
	p = mmap(NULL, r.size, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd,
		 r.offset);
	if (p == MAP_FAILED)
		return fail("%s: mmap of BAR %u: %s", d->bdf, bar, strerror(errno));
	*map = p;
	*size = r.size;
	return 0;
}

/* ---- dma-bufs and the IOAS ---- */

/* Exports ranges of the NVMe's CMB BAR as a dma-buf; its fd, or -1. */
static int export_cmb(struct ctx *c, const struct vfio_region_dma_range *ranges,
		      __u32 nr)
{
	size_t sz = sizeof(struct vfio_device_feature) +
		    sizeof(struct vfio_device_feature_dma_buf) +
		    nr * sizeof(*ranges);
	struct vfio_device_feature_dma_buf *get;
	struct vfio_device_feature *feat;
	int fd;

	feat = calloc(1, sz);
	if (!feat) {
		fail("out of memory");
		return -1;
	}
	feat->argsz = sz;
	feat->flags = VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_DMA_BUF;
	get = (struct vfio_device_feature_dma_buf *)feat->data;
	get->region_index = CMB_BAR;
	get->open_flags = O_RDWR | O_CLOEXEC;
	get->nr_ranges = nr;
	memcpy(get->dma_ranges, ranges, nr * sizeof(*ranges));
	fd = ioctl(c->nvme.fd, VFIO_DEVICE_FEATURE, feat);
	free(feat);
	return fd;
}

static int ioas_map_file(struct ctx *c, int fd, __u64 iova, __u64 length)
{
	struct iommu_ioas_map_file map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.ioas_id = c->ioas,
		.fd = fd,
		.start = 0,
		.length = length,
		.iova = iova,
	};

	return ioctl(c->iommufd, IOMMU_IOAS_MAP_FILE, &map);
}

/* Unmaps [iova, iova + length) and checks that all of it was mapped. */
static int ioas_unmap(struct ctx *c, __u64 iova, __u64 length)
{
	struct iommu_ioas_unmap unmap = {
		.size = sizeof(unmap),
		.ioas_id = c->ioas,
		.iova = iova,
		.length = length,
	};

	if (ioctl(c->iommufd, IOMMU_IOAS_UNMAP, &unmap))
		return fail_errno("IOMMU_IOAS_UNMAP");
	if (unmap.length != length)
		return fail("IOMMU_IOAS_UNMAP at 0x%llx unmapped 0x%llx bytes, not 0x%llx",
			    (unsigned long long)iova,
			    (unsigned long long)unmap.length,
			    (unsigned long long)length);
	return 0;
}

/* A dma-buf's size, as its fd reports it. */
static __u64 dmabuf_size(int fd)
{
	off_t end = lseek(fd, 0, SEEK_END);

	return end < 0 ? 0 : (__u64)end;
}

/* ---- edu's DMA engine ---- */

/* edu takes only 32-bit accesses below 0x80, and 32 or 64 bits above. */
static __u32 edu_read32(struct ctx *c, unsigned int reg)
{
	return READ_ONCE(((__u32 *)c->edu_regs)[reg / 4]);
}

static __u64 edu_read(struct ctx *c, unsigned int reg)
{
	return READ_ONCE(c->edu_regs[reg / 8]);
}

static void edu_write(struct ctx *c, unsigned int reg, __u64 val)
{
	WRITE_ONCE(c->edu_regs[reg / 8], val);
}

/* One edu transfer; waits for edu to clear its start bit. */
static int edu_dma(struct ctx *c, __u64 src, __u64 dst, __u64 cmd)
{
	int waited;

	edu_write(c, EDU_REG_DMA_SRC, src);
	edu_write(c, EDU_REG_DMA_DST, dst);
	edu_write(c, EDU_REG_DMA_COUNT, XFER);
	edu_write(c, EDU_REG_DMA_CMD, cmd | EDU_CMD_START);
	for (waited = 0; waited < EDU_DMA_TIMEOUT_MS; waited += 10) {
		if (!(edu_read(c, EDU_REG_DMA_CMD) & EDU_CMD_START))
			return 0;
		usleep(10000);
	}
	return fail("edu's DMA 0x%llx -> 0x%llx did not finish in %d ms (command register 0x%llx)",
		    (unsigned long long)src, (unsigned long long)dst,
		    EDU_DMA_TIMEOUT_MS,
		    (unsigned long long)edu_read(c, EDU_REG_DMA_CMD));
}

/* Loads edu's buffer from IOVA @iova. */
static int edu_load(struct ctx *c, __u64 iova)
{
	return edu_dma(c, iova, EDU_BUF, 0);
}

/* Stores edu's buffer to IOVA @iova. */
static int edu_store(struct ctx *c, __u64 iova)
{
	return edu_dma(c, EDU_BUF, iova, EDU_CMD_TO_RAM);
}

/* ---- bytes ---- */

/* A pattern that differs for each seed and at every byte of a transfer. */
static void fill_pattern(__u8 *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (__u8)(seed * 37 + i * 7 + (i >> 8) + 1);
}

/*
 * The CMB is MMIO: copy in aligned 64-bit accesses, never with memcpy(),
 * which may use wider vector loads than a BAR takes.
 */
static void cmb_read(struct ctx *c, __u64 off, __u8 *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += 8) {
		__u64 v = READ_ONCE(c->cmb[(off + i) / 8]);

		memcpy(buf + i, &v, 8);
	}
}

static void cmb_write(struct ctx *c, __u64 off, const __u8 *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += 8) {
		__u64 v;

		memcpy(&v, buf + i, 8);
		WRITE_ONCE(c->cmb[(off + i) / 8], v);
	}
}

/* Compares @len bytes; names the first difference and counts them all. */
static int check_bytes(const __u8 *got, const __u8 *want, size_t len,
		       const char *where, __u64 at)
{
	size_t i, first = len, bad = 0;

	for (i = 0; i < len; i++) {
		if (got[i] != want[i]) {
			if (first == len)
				first = i;
			bad++;
		}
	}
	if (!bad)
		return 0;
	return fail("%s: %zu of %zu bytes differ, the first at 0x%llx: 0x%02x, expected 0x%02x",
		    where, bad, len, (unsigned long long)(at + first),
		    got[first], want[first]);
}

/* Checks that the CMB at @off holds @want, read through the BAR mmap. */
static int check_cmb(struct ctx *c, __u64 off, const __u8 *want, size_t len,
		     const char *where)
{
	__u8 got[XFER];

	cmb_read(c, off, got, len);
	return check_bytes(got, want, len, where, off);
}

/* ---- the kernel log and debugfs ---- */

/*
 * Waits up to @ms for a kernel log record that contains both @a and @b;
 * keeps the last DMAR record seen in @last for the failure message.
 */
static bool kmsg_wait_for(int fd, const char *a, const char *b, int ms,
			  char *last, size_t len)
{
	char rec[2048];
	int waited = 0;
	ssize_t n;

	while (waited <= ms) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n > 0) {
			char *msg;

			rec[n] = '\0';
			msg = strchr(rec, ';');
			msg = msg ? msg + 1 : rec;
			msg[strcspn(msg, "\n")] = '\0';
			if (strstr(msg, "DMAR"))
				snprintf(last, len, "%.*s", (int)len - 1, msg);
			if (strstr(msg, a) && strstr(msg, b))
				return true;
			continue;
		}
		/* EPIPE: records were overwritten before we read them. */
		if (n < 0 && errno == EPIPE)
			continue;
		if (n < 0 && errno != EAGAIN)
			return false;
		usleep(50000);
		waited += 50;
	}
	return false;
}

/* Reads a whole (debugfs) file; the caller frees the text. */
static char *read_text(const char *path)
{
	size_t len = 0, cap = 4096;
	char *text = malloc(cap);
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !text) {
		fail("%s: %s", path, strerror(errno));
		free(text);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((n = read(fd, text + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *more = realloc(text, cap * 2);

			if (!more)
				break;
			text = more;
			cap *= 2;
		}
	}
	close(fd);
	text[len] = '\0';
	return text;
}

/*
 * The number of dma-bufs debugfs' bufinfo lists, from its last line
 * "Total N objects, S bytes" (each buffer's own list of attachments ends
 * with "Total N devices attached").
 */
static int bufinfo_count(long *count)
{
	char *text = read_text(BUFINFO);
	char *line, *save = NULL;
	bool found = false;

	if (!text)
		return fail("%s: %s (is debugfs mounted?)", BUFINFO, strerror(errno));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, " objects, ") && sscanf(line, "Total %ld", count) == 1)
			found = true;
	}
	free(text);
	if (!found)
		return fail("%s has no \"Total N objects, S bytes\" line", BUFINFO);
	return 0;
}

/*
 * The attachment lines bufinfo lists under the dma-buf of inode @ino
 * (between "Attached Devices:" and "Total N devices attached"), joined by
 * "|" into @out.
 */
static int bufinfo_attachments(unsigned long ino, char *out, size_t len)
{
	char *text = read_text(BUFINFO), *line, *save = NULL;
	char inostr[32];
	bool ours = false, listing = false;

	if (!text)
		return -1;
	snprintf(inostr, sizeof(inostr), "\t%08lu\t", ino);
	out[0] = '\0';
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] != '\t' && line[0] != ' ' && strstr(line, inostr)) {
			ours = true;
			continue;
		}
		if (!ours)
			continue;
		if (strstr(line, "Attached Devices:")) {
			listing = true;
		} else if (!strncmp(line, "Total ", 6)) {
			break;
		} else if (listing) {
			size_t used = strlen(out);

			snprintf(out + used, len - used, "%s%s",
				 used ? "|" : "", line + 1);
		}
	}
	free(text);
	if (!ours)
		return fail("%s lists no dma-buf of inode %lu", BUFINFO, ino);
	return 0;
}

/* ---- the steps, one TAP result each ---- */

static int open_devices(struct ctx *c)
{
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };

	if (bufinfo_count(&c->bufs_before))
		return -1;
	c->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (c->iommufd < 0)
		return fail("open /dev/iommu: %s", strerror(errno));
	if (open_vdev(c, &c->edu) || check_ids(&c->edu, EDU_VENDOR, EDU_DEVICE))
		return -1;
	if (open_vdev(c, &c->nvme) || check_nvme(&c->nvme))
		return -1;
	if (ioctl(c->iommufd, IOMMU_IOAS_ALLOC, &alloc))
		return fail_errno("IOMMU_IOAS_ALLOC");
	c->ioas = alloc.out_ioas_id;
	/* Decoding before any BAR access; edu must master to DMA at all. */
	if (set_command(&c->edu, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 0))
		return -1;
	return set_command(&c->nvme, PCI_COMMAND_MEMORY, 0);
}

static int map_bars(struct ctx *c)
{
	void *p;
	__u32 ident;

	if (!c->nvme.config.size)
		return fail("the devices are not open");
	if (map_bar(&c->edu, EDU_BAR, &p, &c->edu_regs_size))
		return -1;
	c->edu_regs = p;
	ident = edu_read32(c, EDU_REG_IDENT);
	if ((ident & 0xff) != 0xed)
		return fail("%s: edu's identification register reads 0x%08x, not 0x??0000ed",
			    c->edu.bdf, ident);
	if (map_bar(&c->nvme, CMB_BAR, &p, &c->cmb_size))
		return -1;
	c->cmb = p;
	if (c->cmb_size < CMB_MIN_SIZE)
		return fail("%s: BAR %d is %llu bytes, the ranges need %llu (cmb_size_mb=16)",
			    c->nvme.bdf, CMB_BAR,
			    (unsigned long long)c->cmb_size, CMB_MIN_SIZE);
	return 0;
}

/* An export that must fail with EINVAL; closes what it got if it did not. */
static int expect_refused(struct ctx *c, const struct vfio_region_dma_range *r,
			  __u32 nr, const char *what)
{
	int fd;

	if (!c->cmb)
		return fail("the CMB BAR is not known");
	fd = export_cmb(c, r, nr);
	if (fd >= 0) {
		close(fd);
		return fail("the export of %s succeeded", what);
	}
	if (errno != EINVAL)
		return fail("the export of %s failed with %s, not EINVAL", what,
			    errname(errno));
	return 0;
}

static int refuse_outside_bar(struct ctx *c)
{
	/* Straddles the end of the BAR; then starts right at its end. */
	struct vfio_region_dma_range straddle = {
		.offset = c->cmb_size - SZ_4K, .length = 2 * SZ_4K,
	};
	struct vfio_region_dma_range beyond = {
		.offset = c->cmb_size, .length = SZ_4K,
	};
	struct vfio_region_dma_range second_out[2] = {
		{ .offset = 0, .length = SZ_4K },
		{ .offset = c->cmb_size, .length = SZ_4K },
	};

	if (expect_refused(c, &straddle, 1,
			   "a range over the end of the BAR"))
		return -1;
	if (expect_refused(c, &beyond, 1, "a range past the end of the BAR"))
		return -1;
	return expect_refused(c, second_out, 2,
			      "two ranges, the second past the end of the BAR");
}

static int refuse_zero_length(struct ctx *c)
{
	struct vfio_region_dma_range zero = { .offset = 0, .length = 0 };
	struct vfio_region_dma_range second_zero[2] = {
		{ .offset = 0, .length = SZ_4K },
		{ .offset = 2 * SZ_4K, .length = 0 },
	};

	if (expect_refused(c, &zero, 1, "a zero-length range"))
		return -1;
	return expect_refused(c, second_zero, 2,
			      "two ranges, the second of zero length");
}

/* Exports @nr ranges into *@fd and checks the dma-buf's size. */
static int export_ranges(struct ctx *c, const struct vfio_region_dma_range *r,
			 __u32 nr, int *fd)
{
	__u64 want = 0, size;
	__u32 i;

	if (!c->cmb)
		return fail("the CMB BAR is not known");
	for (i = 0; i < nr; i++)
		want += r[i].length;
	*fd = export_cmb(c, r, nr);
	if (*fd < 0)
		return fail_errno("VFIO_DEVICE_FEATURE_DMA_BUF");
	size = dmabuf_size(*fd);
	if (size != want)
		return fail("the dma-buf is 0x%llx bytes, its ranges 0x%llx",
			    (unsigned long long)size, (unsigned long long)want);
	return 0;
}

static int export_one_range(struct ctx *c)
{
	struct vfio_region_dma_range r = {
		.offset = ONE_OFFSET, .length = ONE_LENGTH,
	};

	return export_ranges(c, &r, 1, &c->one_buf);
}

static int map_one_range(struct ctx *c)
{
	if (c->one_buf < 0)
		return fail("no one-range dma-buf: its export failed");
	if (ioas_map_file(c, c->one_buf, ONE_IOVA, ONE_LENGTH))
		return fail_errno("IOMMU_IOAS_MAP_FILE");
	c->one_mapped = true;
	return 0;
}

/* bufinfo names the mapping type of each attachment: iommufd's is PAL. */
static int check_pal(struct ctx *c)
{
	char att[512];
	struct stat st;

	if (!c->one_mapped)
		return fail("the one-range dma-buf is not mapped into the IOAS");
	if (fstat(c->one_buf, &st))
		return fail("fstat of the dma-buf: %s", strerror(errno));
	if (bufinfo_attachments(st.st_ino, att, sizeof(att)))
		return -1;
	if (!strstr(att, PAL_NAME ":"))
		return fail("bufinfo lists its attachments as \"%s\", none of type \"%s\"",
			    att[0] ? att : "(none)", PAL_NAME);
	return 0;
}

static int attach_edu(struct ctx *c)
{
	struct vfio_device_attach_iommufd_pt attach = {
		.argsz = sizeof(attach),
		.pt_id = c->ioas,
	};
	struct iommu_ioas_map map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.length = UBUF_SIZE,
		.iova = UBUF_IOVA,
	};

	if (!c->edu_regs)
		return fail("edu's registers are not mapped");
	c->ubuf = mmap(NULL, UBUF_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c->ubuf == MAP_FAILED) {
		c->ubuf = NULL;
		return fail("mmap of the user buffer: %s", strerror(errno));
	}
	map.ioas_id = c->ioas;
	map.user_va = (uintptr_t)c->ubuf;
	if (ioctl(c->iommufd, IOMMU_IOAS_MAP, &map))
		return fail_errno("IOMMU_IOAS_MAP of the user buffer");
	c->ubuf_mapped = true;
	if (ioctl(c->edu.fd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach))
		return fail_errno("VFIO_DEVICE_ATTACH_IOMMUFD_PT");
	c->edu_attached = true;
	return 0;
}

static int dma_ready(struct ctx *c)
{
	if (!c->edu_attached || !c->ubuf_mapped)
		return fail("edu is not attached to the IOAS");
	if (!c->one_mapped)
		return fail("the one-range dma-buf is not mapped into the IOAS");
	return 0;
}

/*
 * edu DMAs @seed's pattern from the user buffer into the CMB at the
 * one-range mapping's ONE_DMA_OFFSET; the CMB is first filled with
 * another pattern, and the bytes after the transfer must keep it.
 */
static int dma_pattern_to_cmb(struct ctx *c, unsigned int seed)
{
	__u64 off = ONE_OFFSET + ONE_DMA_OFFSET;
	__u8 want[XFER], before[XFER];

	fill_pattern(before, XFER, seed + 100);
	cmb_write(c, off, before, XFER);
	cmb_write(c, off + XFER, before, XFER);
	fill_pattern(want, XFER, seed);
	memcpy(c->ubuf, want, XFER);
	if (edu_load(c, UBUF_IOVA) || edu_store(c, ONE_IOVA + ONE_DMA_OFFSET))
		return -1;
	if (check_cmb(c, off, want, XFER, "the CMB after edu's DMA"))
		return -1;
	return check_cmb(c, off + XFER, before, XFER,
			 "the CMB just after edu's DMA");
}

static int dma_to_cmb(struct ctx *c)
{
	if (dma_ready(c))
		return -1;
	return dma_pattern_to_cmb(c, 1);
}

static int dma_from_cmb(struct ctx *c)
{
	__u8 want[XFER];
	__u8 *dst;

	if (dma_ready(c))
		return -1;
	dst = c->ubuf + SZ_4K;
	memset(dst, 0, XFER);
	fill_pattern(want, XFER, 2);
	cmb_write(c, ONE_OFFSET + ONE_DMA_OFFSET, want, XFER);
	if (edu_load(c, ONE_IOVA + ONE_DMA_OFFSET) ||
	    edu_store(c, UBUF_IOVA + SZ_4K))
		return -1;
	return check_bytes(dst, want, XFER, "the user buffer after edu's DMA",
			   UBUF_IOVA + SZ_4K);
}

/*
 * Revokes by clearing the NVMe's memory decoding; vfio-pci then revokes
 * its dma-bufs and iommufd unmaps them from the IOMMU.  A revoked dma-buf
 * can no longer be mapped: iommufd's attach is refused with ENODEV.
 */
static int revoke_by_decoding(struct ctx *c)
{
	__u8 before[XFER];

	if (dma_ready(c))
		return -1;
	/* What the CMB holds, so the next step sees whether edu wrote. */
	fill_pattern(before, XFER, 3);
	cmb_write(c, ONE_OFFSET + ONE_DMA_OFFSET, before, XFER);
	c->kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (c->kmsg < 0)
		return fail("open /dev/kmsg: %s", strerror(errno));
	lseek(c->kmsg, 0, SEEK_END);
	if (set_command(&c->nvme, 0, PCI_COMMAND_MEMORY))
		return -1;
	c->revoked = true;
	if (!ioas_map_file(c, c->one_buf, PROBE_IOVA, ONE_LENGTH)) {
		ioas_unmap(c, PROBE_IOVA, ONE_LENGTH);
		return fail("IOMMU_IOAS_MAP_FILE of the revoked dma-buf succeeded");
	}
	if (errno != ENODEV)
		return fail("IOMMU_IOAS_MAP_FILE of the revoked dma-buf failed with %s, not ENODEV",
			    errname(errno));
	return 0;
}

/*
 * While revoked, edu's DMA to the CMB's IOVA must fault in the IOMMU (the
 * kernel logs a DMAR fault naming edu and the IOVA's page) and nothing may
 * reach the BAR.  Decoding comes back on here, whatever happened, so the
 * BAR can be read and the next steps can run.
 */
static int revoked_dma_faults(struct ctx *c)
{
	__u64 iova = ONE_IOVA + ONE_DMA_OFFSET;
	char needle[64], dev[64], last[512] = "none";
	__u8 want[XFER], before[XFER];
	bool faulted;
	int ret;

	if (dma_ready(c))
		return -1;
	if (!c->revoked)
		return fail("the NVMe's memory decoding was not turned off");
	fill_pattern(want, XFER, 4);
	fill_pattern(before, XFER, 3);
	memcpy(c->ubuf, want, XFER);
	ret = edu_load(c, UBUF_IOVA);
	if (!ret)
		ret = edu_store(c, iova);
	snprintf(needle, sizeof(needle), "fault addr 0x%llx",
		 (unsigned long long)(iova & ~(SZ_4K - 1)));
	snprintf(dev, sizeof(dev), "[%s]", c->edu.bdf);
	faulted = !ret && kmsg_wait_for(c->kmsg, needle, dev, 3000, last,
					sizeof(last));
	if (set_command(&c->nvme, PCI_COMMAND_MEMORY, 0))
		return -1;
	c->revoked = false;
	if (ret)
		return -1;
	if (check_cmb(c, ONE_OFFSET + ONE_DMA_OFFSET, before, XFER,
		      "the revoked CMB changed: edu's DMA landed"))
		return -1;
	if (!faulted)
		return fail("no DMAR fault for %s at \"%s\" in the kernel log (last DMAR line: %s)",
			    dev, needle, last);
	return 0;
}

/* Decoding is back on: a new mapping of the dma-buf makes DMA land again. */
static int restore_mapping(struct ctx *c)
{
	if (dma_ready(c))
		return -1;
	if (ioas_unmap(c, ONE_IOVA, ONE_LENGTH))
		return -1;
	c->one_mapped = false;
	if (ioas_map_file(c, c->one_buf, ONE_IOVA, ONE_LENGTH))
		return fail_errno("IOMMU_IOAS_MAP_FILE with decoding back on");
	c->one_mapped = true;
	return dma_pattern_to_cmb(c, 5);
}

static int export_two_ranges(struct ctx *c)
{
	struct vfio_region_dma_range r[2] = {
		{ .offset = TWO_OFFSET0, .length = TWO_LENGTH },
		{ .offset = TWO_OFFSET1, .length = TWO_LENGTH },
	};

	return export_ranges(c, r, 2, &c->two_buf);
}

static int map_two_ranges(struct ctx *c)
{
	if (c->two_buf < 0)
		return fail("no two-range dma-buf: its export failed");
	if (ioas_map_file(c, c->two_buf, TWO_IOVA, 2 * TWO_LENGTH))
		return fail_errno("IOMMU_IOAS_MAP_FILE");
	c->two_mapped = true;
	return 0;
}

/*
 * edu writes XFER bytes across the IOVA boundary between the two ranges:
 * the first half must end the first range in the BAR, the second half
 * start the second range, and the BAR right after the first range (where
 * a mapping that ignored the second offset would put it) stays untouched.
 */
static int dma_two_ranges(struct ctx *c)
{
	__u64 end0 = TWO_OFFSET0 + TWO_LENGTH, half = XFER / 2;
	__u8 want[XFER], before[XFER];

	if (!c->edu_attached || !c->ubuf_mapped)
		return fail("edu is not attached to the IOAS");
	if (!c->two_mapped)
		return fail("the two-range dma-buf is not mapped into the IOAS");
	fill_pattern(before, XFER, 106);
	cmb_write(c, end0 - half, before, XFER);
	cmb_write(c, TWO_OFFSET1, before, XFER);
	fill_pattern(want, XFER, 6);
	memcpy(c->ubuf, want, XFER);
	if (edu_load(c, UBUF_IOVA) ||
	    edu_store(c, TWO_IOVA + TWO_LENGTH - half))
		return -1;
	if (check_cmb(c, end0 - half, want, half,
		      "the end of the first range"))
		return -1;
	if (check_cmb(c, end0, before + half, half,
		      "the BAR right after the first range, which must stay untouched"))
		return -1;
	return check_cmb(c, TWO_OFFSET1, want + half, half,
			 "the start of the second range");
}

static int close_fd(int *fd, const char *what)
{
	int ret = 0;

	if (*fd >= 0 && close(*fd))
		ret = fail("close of %s: %s", what, strerror(errno));
	*fd = -1;
	return ret;
}

/* The program's fds other than stdin, stdout and stderr, listed in @out. */
static int open_fds(char *out, size_t len)
{
	struct dirent *e;
	int n = 0;
	DIR *d;

	out[0] = '\0';
	d = opendir("/proc/self/fd");
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char link[64], target[256];
		int fd = atoi(e->d_name);
		ssize_t t;

		if (e->d_name[0] == '.' || fd <= 2 || fd == dirfd(d))
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		t = readlink(link, target, sizeof(target) - 1);
		target[t < 0 ? 0 : t] = '\0';
		snprintf(out + strlen(out), len - strlen(out), " %d -> %s", fd,
			 target);
		n++;
	}
	closedir(d);
	return n;
}

/* Unmaps everything, detaches edu, and closes every fd the program opened. */
static int close_everything(struct ctx *c)
{
	struct iommu_destroy destroy = { .size = sizeof(destroy), .id = c->ioas };
	struct vfio_device_detach_iommufd_pt detach = {
		.argsz = sizeof(detach),
	};
	char left[1024];
	int ret = 0, n;

	c->ours_open = (c->one_buf >= 0) + (c->two_buf >= 0);
	if (bufinfo_count(&c->bufs_open))
		ret = -1;
	if (c->iommufd >= 0 && c->ioas) {
		struct iommu_ioas_unmap all = {
			.size = sizeof(all), .ioas_id = c->ioas,
			.iova = 0, .length = UINT64_MAX,
		};

		/* iova 0 and length UINT64_MAX: every mapping of the IOAS. */
		if (ioctl(c->iommufd, IOMMU_IOAS_UNMAP, &all) && errno != ENOENT)
			ret = fail_errno("IOMMU_IOAS_UNMAP of everything");
	}
	if (c->edu_attached &&
	    ioctl(c->edu.fd, VFIO_DEVICE_DETACH_IOMMUFD_PT, &detach))
		ret = fail_errno("VFIO_DEVICE_DETACH_IOMMUFD_PT");
	if (c->edu_regs)
		munmap(c->edu_regs, c->edu_regs_size);
	if (c->cmb)
		munmap(c->cmb, c->cmb_size);
	if (c->ubuf)
		munmap(c->ubuf, UBUF_SIZE);
	c->edu_regs = NULL;
	c->cmb = NULL;
	c->ubuf = NULL;
	ret |= close_fd(&c->one_buf, "the one-range dma-buf");
	ret |= close_fd(&c->two_buf, "the two-range dma-buf");
	ret |= close_fd(&c->kmsg, "/dev/kmsg");
	ret |= close_fd(&c->edu.fd, "edu's vfio cdev");
	ret |= close_fd(&c->nvme.fd, "the NVMe's vfio cdev");
	if (c->iommufd >= 0 && c->ioas &&
	    ioctl(c->iommufd, IOMMU_DESTROY, &destroy))
		ret = fail_errno("IOMMU_DESTROY of the IOAS");
	ret |= close_fd(&c->iommufd, "/dev/iommu");
	if (ret)
		return -1;
	n = open_fds(left, sizeof(left));
	if (n < 0)
		return fail("/proc/self/fd: %s", strerror(errno));
	if (n)
		return fail("%d fds still open:%s", n, left);
	return 0;
}

static int no_dmabuf_left(struct ctx *c)
{
	long now;

	if (bufinfo_count(&now))
		return -1;
	if (now != c->bufs_before)
		return fail("bufinfo lists %ld dma-bufs, %ld before the program started",
			    now, c->bufs_before);
	/* Only a bufinfo that saw the program's dma-bufs proves they went. */
	if (c->bufs_open < c->bufs_before + c->ours_open)
		return fail("bufinfo listed %ld dma-bufs with %d of ours open (%ld before)",
			    c->bufs_open, c->ours_open, c->bufs_before);
	return 0;
}

struct step {
	const char *what;
	int (*run)(struct ctx *c);
};

static const struct step steps[] = {
	{ "edu and the NVMe open through iommufd (vfio cdevs bound, decoding on)",
	  open_devices },
	{ "edu's registers and the NVMe's CMB (BAR 2) mmap through VFIO",
	  map_bars },
	{ "export refuses ranges outside the BAR (EINVAL)",
	  refuse_outside_bar },
	{ "export refuses a zero-length range (EINVAL)",
	  refuse_zero_length },
	{ "export the CMB as a one-range dma-buf",
	  export_one_range },
	{ "map the one-range dma-buf into the IOAS (IOMMU_IOAS_MAP_FILE)",
	  map_one_range },
	{ "iommufd's attachment to the dma-buf is of the Physical Address List type (bufinfo)",
	  check_pal },
	{ "attach edu to the IOAS",
	  attach_edu },
	{ "edu DMAs a pattern into the CMB through the IOMMU (checked through the BAR mmap)",
	  dma_to_cmb },
	{ "edu DMAs a pattern from the CMB back to memory",
	  dma_from_cmb },
	{ "memory decoding off revokes the dma-buf (iommufd refuses to map it: ENODEV)",
	  revoke_by_decoding },
	{ "revoked: edu's DMA to the CMB faults in the IOMMU and does not land",
	  revoked_dma_faults },
	{ "decoding on, unmap and map again: edu's DMA lands again",
	  restore_mapping },
	{ "export the CMB as a two-range dma-buf (two disjoint, non-adjacent ranges)",
	  export_two_ranges },
	{ "map the two-range dma-buf into the IOAS",
	  map_two_ranges },
	{ "edu's DMA across the two ranges lands at each range's BAR offset",
	  dma_two_ranges },
	{ "close everything: no fd left open",
	  close_everything },
	{ "no dma-buf left (debugfs bufinfo)",
	  no_dmabuf_left },
};

int main(int argc, char **argv)
{
	struct ctx c = {
		.edu = { .fd = -1 },
		.nvme = { .fd = -1 },
		.iommufd = -1,
		.one_buf = -1,
		.two_buf = -1,
		.kmsg = -1,
	};
	int failed = 0;
	size_t i;

	if (argc != 3) {
		fprintf(stderr, "usage: %s EDU_BDF NVME_BDF (e.g. 0000:00:01.0 0000:01:00.0)\n",
			argv[0]);
		return 2;
	}
	c.edu.bdf = argv[1];
	c.nvme.bdf = argv[2];
	printf("1..%zu\n", ARRAY_SIZE(steps));
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		why[0] = '\0';
		if (steps[i].run(&c)) {
			printf("not ok %zu - %s: %s\n", i + 1, steps[i].what, why);
			failed++;
		} else {
			printf("ok %zu - %s\n", i + 1, steps[i].what);
		}
		fflush(stdout);
	}
	return failed ? 1 : 0;
}
