// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA API model: address translation per device, and a registry of
 * every live mapping so that misuse is caught where it happens.  Each
 * record knows the memory behind it, so that memory going away under a
 * live mapping is caught too: a page freed (alloc.c asks here before it
 * frees one), or a BAR whose memory decode goes off (pci.c asks).  The
 * IOVA API's states live in lib/dma-iova.c and are reported with these.
 */
#include <host/kernel.h>
#include <host/iommu.h>
#include "registry.h"

#define BUCKETS		(1u << 14)

enum map_kind { MAP_SG, MAP_SINGLE };

/* A physically contiguous piece of what a mapping covers. */
struct dma_range {
	phys_addr_t phys;
	u64 len;
};

struct mapping {
	struct device *dev;
	char dev_name[64];	/* for reports: a leak may outlive @dev */
	enum map_kind kind;
	u64 key;		/* the scatterlist address, or the DMA address */
	size_t size;		/* entries for MAP_SG, bytes otherwise */
	enum dma_data_direction dir;
	bool ram;		/* system-memory pages; else MMIO */
	struct dma_range *ranges;	/* what it covers: @one or an array */
	unsigned int nr_ranges;
	struct dma_range one;
	const char *file;	/* where it was mapped */
	int line;
	unsigned long stamp;
	struct mapping *next;
	struct list_head live_node;	/* on ram_maps or mmio_maps */
};

static struct mapping *table[BUCKETS];
static unsigned long live;
/* Every live mapping again, by the kind of memory it covers. */
static LIST_HEAD(ram_maps);
static LIST_HEAD(mmio_maps);
static struct host_fault map_fault;
struct host_dma_counts host_dma_counters;

static const char *const dir_name[] = {
	"DMA_BIDIRECTIONAL", "DMA_TO_DEVICE", "DMA_FROM_DEVICE", "DMA_NONE",
};

static unsigned int bucket_of(const struct device *dev, u64 key)
{
	u64 v = key ^ ((uintptr_t)dev * 31);

	v ^= v >> 23;
	v *= 0x9e3779b97f4a7c15ULL;
	return (unsigned int)(v >> 44) & (BUCKETS - 1);
}

static struct mapping *new_mapping(struct device *dev, enum map_kind kind,
				   u64 key, size_t size,
				   enum dma_data_direction dir, bool ram,
				   const char *file, int line)
{
	struct mapping *m = malloc(sizeof(*m));

	if (!m)
		host_bug(__FILE__, __LINE__, "DMA model: out of memory");
	*m = (struct mapping){ .dev = dev, .kind = kind, .key = key,
			       .size = size, .dir = dir, .ram = ram,
			       .file = file, .line = line };
	snprintf(m->dev_name, sizeof(m->dev_name), "%s", dev_name(dev));
	m->ranges = &m->one;
	return m;
}

static void free_mapping(struct mapping *m)
{
	if (m->ranges != &m->one)
		free(m->ranges);
	free(m);
}

static void record(struct mapping *m)
{
	unsigned int b = bucket_of(m->dev, m->key);

	pthread_mutex_lock(&host_registry_lock);
	m->stamp = host_stamp_next();
	m->next = table[b];
	table[b] = m;
	list_add(&m->live_node, m->ram ? &ram_maps : &mmio_maps);
	live++;
	pthread_mutex_unlock(&host_registry_lock);
}

/*
 * Finds and removes the mapping; a mismatch is reported as the kernel's
 * dma-debug does, and the mapping is still removed so one bug is reported
 * once.  False when there was no such mapping at all.
 */
static bool forget(struct device *dev, enum map_kind kind, u64 key,
		   size_t size, enum dma_data_direction dir, const char *func)
{
	struct mapping **pp, *m;

	pthread_mutex_lock(&host_registry_lock);
	for (pp = &table[bucket_of(dev, key)]; (m = *pp); pp = &m->next)
		if (m->dev == dev && m->kind == kind && m->key == key)
			break;
	if (m) {
		*pp = m->next;
		list_del(&m->live_node);
		live--;
	}
	pthread_mutex_unlock(&host_registry_lock);

	if (!m) {
		host_warn(__FILE__, __LINE__, func,
			  "%s: device driver tries to free DMA memory it has not allocated [address=%#llx]",
			  dev_name(dev), (unsigned long long)key);
		return false;
	}
	if (m->size != size)
		host_warn(__FILE__, __LINE__, func,
			  "%s: device driver frees DMA memory with different size [address=%#llx] [map size=%zu] [unmap size=%zu]",
			  dev_name(dev), (unsigned long long)key, m->size,
			  size);
	if (m->dir != dir)
		host_warn(__FILE__, __LINE__, func,
			  "%s: device driver frees DMA memory with different direction [address=%#llx] [map %s] [unmap %s]",
			  dev_name(dev), (unsigned long long)key,
			  dir_name[m->dir], dir_name[dir]);
	free_mapping(m);
	return true;
}

unsigned long host_dma_live(void)
{
	unsigned long n;

	pthread_mutex_lock(&host_registry_lock);
	n = live + host_dma_counters.iova_live;
	pthread_mutex_unlock(&host_registry_lock);
	return n;
}

void host_dma_counts(struct host_dma_counts *counts)
{
	pthread_mutex_lock(&host_registry_lock);
	*counts = host_dma_counters;
	pthread_mutex_unlock(&host_registry_lock);
}

unsigned int host_dma_report(unsigned long mark, host_report_fn print,
			     void *ctx)
{
	unsigned int n = 0, b;
	struct mapping *m;
	char line[256];

	pthread_mutex_lock(&host_registry_lock);
	for (b = 0; b < BUCKETS; b++) {
		for (m = table[b]; m; m = m->next) {
			if (m->stamp < mark)
				continue;
			n++;
			if (!print)
				continue;
			snprintf(line, sizeof(line),
				 "leak: DMA mapping of %s %#llx (%zu %s) for %s, mapped at %s:%d",
				 m->kind == MAP_SG ? "scatterlist" : "address",
				 (unsigned long long)m->key, m->size,
				 m->kind == MAP_SG ? "entries" : "bytes",
				 m->dev_name, m->file, m->line);
			print(ctx, line);
		}
	}
	pthread_mutex_unlock(&host_registry_lock);
	return n + host_dma_iova_report(mark, print, ctx);
}

static void describe(const struct mapping *m, struct host_dma_desc *d)
{
	snprintf(d->text, sizeof(d->text), "%s %#llx of %s, mapped at %s:%d",
		 m->kind == MAP_SG ? "scatterlist" : "DMA address",
		 (unsigned long long)m->key, m->dev_name, m->file,
		 m->line);
}

#define MAX_REPORTED	4

/*
 * Describes up to MAX_REPORTED live mappings of @list that cover a byte
 * of [@phys, @phys + @len); returns how many cover one.
 */
static unsigned int find_covering(struct list_head *list, phys_addr_t phys,
				  u64 len, struct host_dma_desc *found)
{
	unsigned int n = 0, i;
	struct mapping *m;

	pthread_mutex_lock(&host_registry_lock);
	list_for_each_entry(m, list, live_node) {
		for (i = 0; i < m->nr_ranges; i++) {
			const struct dma_range *r = &m->ranges[i];

			if (r->phys < phys + len && phys < r->phys + r->len)
				break;
		}
		if (i == m->nr_ranges)
			continue;
		if (n < MAX_REPORTED)
			describe(m, &found[n]);
		n++;
	}
	pthread_mutex_unlock(&host_registry_lock);
	/* then the ranges linked into IOVA states */
	return n + host_dma_iova_covering(list == &ram_maps, phys, len,
					  n < MAX_REPORTED ? found + n : NULL,
					  n < MAX_REPORTED ? MAX_REPORTED - n : 0);
}

/**
 * host_dma_check_free - report system memory freed under a live mapping
 * @phys: the first byte freed
 * @len: how many
 * @alloc_file: where the memory was allocated
 * @alloc_line: the line
 * @file: where it is being freed
 * @line: the line
 * @func: the free function, for the report
 *
 * One WARN per mapping that still covers some of the memory: the device
 * may DMA into it after it has been given to someone else.
 */
void host_dma_check_free(phys_addr_t phys, u64 len, const char *alloc_file,
			 int alloc_line, const char *file, int line,
			 const char *func)
{
	struct host_dma_desc found[MAX_REPORTED];
	unsigned int n, i;

	n = find_covering(&ram_maps, phys, len, found);
	for (i = 0; i < min(n, MAX_REPORTED); i++)
		host_warn(file, line, func,
			  "DMA-API: memory at %#llx, allocated at %s:%d, freed while still mapped for DMA: %s",
			  (unsigned long long)phys, alloc_file, alloc_line,
			  found[i].text);
	if (n > MAX_REPORTED)
		host_warn(file, line, func,
			  "DMA-API: and %u more mappings of the memory at %#llx",
			  n - MAX_REPORTED, (unsigned long long)phys);
}

/**
 * host_dma_check_mmio_gone - report MMIO turned off under a live mapping
 * @phys: the first byte of the BAR
 * @len: its length
 * @dev_name: the device the BAR belongs to
 * @bar: which BAR
 * @file: where decode is turned off
 * @line: the line
 *
 * One WARN per mapping that still leads into the BAR.
 */
void host_dma_check_mmio_gone(phys_addr_t phys, u64 len,
			      const char *dev_name, int bar,
			      const char *file, int line)
{
	struct host_dma_desc found[MAX_REPORTED];
	unsigned int n, i;

	n = find_covering(&mmio_maps, phys, len, found);
	for (i = 0; i < min(n, MAX_REPORTED); i++)
		host_warn(file, line, "pci_write_config_word",
			  "DMA-API: memory decode of %s BAR %d [%#llx-%#llx] turned off while still mapped for DMA: %s",
			  dev_name, bar, (unsigned long long)phys,
			  (unsigned long long)(phys + len - 1),
			  found[i].text);
	if (n > MAX_REPORTED)
		host_warn(file, line, "pci_write_config_word",
			  "DMA-API: and %u more mappings of %s BAR %d",
			  n - MAX_REPORTED, dev_name, bar);
}

/*
 * Model state, not a kernel allocation: libc, so a device that outlives a
 * case is not charged with a leak for being looked at.
 */
static struct host_dma_dev *dma_state(struct device *dev)
{
	if (!dev->dma) {
		dev->dma = calloc(1, sizeof(*dev->dma));
		if (!dev->dma)
			host_bug(__FILE__, __LINE__, "DMA model: no memory");
	}
	return dev->dma;
}

void host_dma_set_offset(struct device *dev, u64 offset)
{
	dma_state(dev)->offset = offset;
}

void host_dma_set_domain(struct device *dev, struct iommu_domain *domain)
{
	dma_state(dev)->domain = domain;
}

unsigned long host_dma_fail_map_nth(unsigned long nth)
{
	return host_fault_arm(&map_fault, nth);
}

bool host_dma_fail_map_fired(void)
{
	return map_fault.fired;
}

bool host_dma_injected_failure(void)
{
	bool fail;

	pthread_mutex_lock(&host_registry_lock);
	host_dma_counters.maps++;
	fail = host_fault_hit(&map_fault);
	pthread_mutex_unlock(&host_registry_lock);
	return fail;
}

int dma_set_mask(struct device *dev, u64 mask)
{
	if (!dev->dma_mask)
		return -EIO;
	*dev->dma_mask = mask;
	return 0;
}

int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	int ret = dma_set_mask(dev, mask);

	if (!ret)
		dev->coherent_dma_mask = mask;
	return ret;
}

int dma_coerce_mask_and_coherent(struct device *dev, u64 mask)
{
	dev->dma_mask = &dev->host_dma_mask_storage;
	return dma_set_mask_and_coherent(dev, mask);
}

static struct iommu_domain *dev_domain(struct device *dev)
{
	return dev->dma ? dev->dma->domain : NULL;
}

struct iommu_domain *host_dma_domain(struct device *dev)
{
	return dev_domain(dev);
}

/*
 * Gives one physical range a DMA address for @dev: an IOVA below the mask,
 * or the direct address if the mask allows it.  DMA_MAPPING_ERROR if not.
 */
static dma_addr_t translate(struct device *dev, phys_addr_t phys, size_t size)
{
	dma_addr_t dma;

	if (!size)
		return DMA_MAPPING_ERROR;
	if (dev_domain(dev))
		return host_iommu_map(dev_domain(dev), phys, size,
				      *dev->dma_mask);
	dma = phys + (dev->dma ? dev->dma->offset : 0);
	if (dma + size - 1 > *dev->dma_mask)
		return DMA_MAPPING_ERROR;
	return dma;
}

/* Undoes translate(); a mismatch was already reported by forget(). */
static void untranslate(struct device *dev, dma_addr_t dma, size_t size)
{
	if (dev_domain(dev))
		host_iommu_unmap(dev_domain(dev), dma, size);
}

static bool can_map(struct device *dev, enum dma_data_direction dir)
{
	BUG_ON(!valid_dma_direction(dir));
	if (WARN_ON_ONCE(!dev->dma_mask))
		return false;
	return true;
}

phys_addr_t host_dma_to_phys(struct device *dev, dma_addr_t dma)
{
	if (dev_domain(dev))
		return host_iommu_iova_to_phys(dev_domain(dev), dma);
	return dma - (dev->dma ? dev->dma->offset : 0);
}

int host_dma_map_sg(struct device *dev, struct scatterlist *sgl, int nents,
		    enum dma_data_direction dir, unsigned long attrs,
		    const char *file, int line)
{
	struct scatterlist *sg;
	struct mapping *m;
	int i;

	(void)attrs;
	if (!can_map(dev, dir) || host_dma_injected_failure())
		return 0;
	m = new_mapping(dev, MAP_SG, (uintptr_t)sgl, nents, dir, true, file,
			line);
	if (nents > 1) {
		m->ranges = calloc(nents, sizeof(*m->ranges));
		if (!m->ranges)
			host_bug(__FILE__, __LINE__, "DMA model: out of memory");
	}
	for_each_sg(sgl, sg, nents, i) {
		sg->dma_address = translate(dev, sg_phys(sg), sg->length);
		if (sg->dma_address == DMA_MAPPING_ERROR)
			goto err_untranslate;
		sg->dma_length = sg->length;
		m->ranges[i] = (struct dma_range){ sg_phys(sg), sg->length };
	}
	m->nr_ranges = nents;
	record(m);
	return nents;

err_untranslate:
	while (i--) {
		sg = &sgl[i];
		untranslate(dev, sg->dma_address, sg->dma_length);
	}
	free_mapping(m);
	return 0;
}

void dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sgl,
			int nents, enum dma_data_direction dir,
			unsigned long attrs)
{
	struct scatterlist *sg;
	int i;

	(void)attrs;
	if (!forget(dev, MAP_SG, (uintptr_t)sgl, nents, dir, "dma_unmap_sg"))
		return;
	for_each_sg(sgl, sg, nents, i)
		untranslate(dev, sg->dma_address, sg->dma_length);
}

int host_dma_map_sgtable(struct device *dev, struct sg_table *sgt,
			 enum dma_data_direction dir, unsigned long attrs,
			 const char *file, int line)
{
	int nents = host_dma_map_sg(dev, sgt->sgl, sgt->orig_nents, dir,
				    attrs, file, line);

	if (nents <= 0)
		return -EIO;
	sgt->nents = nents;
	return 0;
}

void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, unsigned long attrs)
{
	dma_unmap_sg_attrs(dev, sgt->sgl, sgt->orig_nents, dir, attrs);
}

/* One physical range, system memory (@ram) or MMIO. */
static dma_addr_t map_single(struct device *dev, phys_addr_t phys_addr,
			     size_t size, enum dma_data_direction dir,
			     bool ram, const char *file, int line)
{
	struct mapping *m;
	dma_addr_t dma;

	if (!can_map(dev, dir) || host_dma_injected_failure())
		return DMA_MAPPING_ERROR;
	dma = translate(dev, phys_addr, size);
	if (dma == DMA_MAPPING_ERROR)
		return dma;
	m = new_mapping(dev, MAP_SINGLE, dma, size, dir, ram, file, line);
	m->one = (struct dma_range){ phys_addr, size };
	m->nr_ranges = 1;
	record(m);
	return dma;
}

dma_addr_t host_dma_map_resource(struct device *dev, phys_addr_t phys_addr,
				 size_t size, enum dma_data_direction dir,
				 unsigned long attrs, const char *file,
				 int line)
{
	(void)attrs;
	return map_single(dev, phys_addr, size, dir, false, file, line);
}

void dma_unmap_resource(struct device *dev, dma_addr_t addr, size_t size,
			enum dma_data_direction dir, unsigned long attrs)
{
	(void)attrs;
	if (forget(dev, MAP_SINGLE, addr, size, dir, "dma_unmap_resource"))
		untranslate(dev, addr, size);
}

dma_addr_t host_dma_map_page(struct device *dev, struct page *page,
			     size_t offset, size_t size,
			     enum dma_data_direction dir, unsigned long attrs,
			     const char *file, int line)
{
	(void)attrs;
	return map_single(dev, page_to_phys(page) + offset, size, dir, true,
			  file, line);
}

void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs)
{
	(void)attrs;
	if (forget(dev, MAP_SINGLE, addr, size, dir, "dma_unmap_page"))
		untranslate(dev, addr, size);
}

/* Linux 7.3: system memory, or MMIO with DMA_ATTR_MMIO. */
dma_addr_t host_dma_map_phys(struct device *dev, phys_addr_t phys,
			     size_t size, enum dma_data_direction dir,
			     unsigned long attrs, const char *file, int line)
{
	pthread_mutex_lock(&host_registry_lock);
	host_dma_counters.map_phys++;
	pthread_mutex_unlock(&host_registry_lock);
	return map_single(dev, phys, size, dir, !(attrs & DMA_ATTR_MMIO), file,
			  line);
}

void dma_unmap_phys(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir, unsigned long attrs)
{
	pthread_mutex_lock(&host_registry_lock);
	host_dma_counters.unmap_phys++;
	pthread_mutex_unlock(&host_registry_lock);
	if (forget(dev, MAP_SINGLE, addr, size, dir, "dma_unmap_phys"))
		untranslate(dev, addr, size);
}

int dma_mapping_error(struct device *dev, dma_addr_t dma_addr)
{
	(void)dev;
	return dma_addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}
