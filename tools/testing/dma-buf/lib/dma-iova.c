// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA IOVA API of Linux 7.3 (drivers/iommu/dma-iommu.c) over the
 * IOMMU model: dma_iova_try_alloc() reserves one range of IOVA in the
 * device's domain, dma_iova_link() maps physical ranges into it at
 * offsets, dma_iova_sync() makes them visible, dma_iova_unlink() and
 * dma_iova_destroy() take them out again and dma_iova_free() gives the
 * range back.  The IOVA granule is the page, as on x86.
 *
 * Every live state is recorded as a mapping is (lib/dma.c), with its call
 * site and the ranges linked into it, each with its own call site and the
 * memory behind it.  What the kernel's WARN_ON_ONCE()s and dma-debug would
 * catch is a WARN here, and more: the kernel trusts its callers with the
 * state's bounds and with what is linked where, the model checks both.
 */
#include <host/kernel.h>
#include <host/iommu.h>
#include "registry.h"

/* A range linked into a state, at @offset from the state's address. */
struct iova_link {
	size_t offset;
	size_t size;
	phys_addr_t phys;
	enum dma_data_direction dir;
	bool ram;		/* system memory; else MMIO (DMA_ATTR_MMIO) */
	const char *file;	/* the dma_iova_link() call */
	int line;
};

struct iova_rec {
	struct device *dev;
	char dev_name[64];	/* for reports: a leak may outlive @dev */
	struct iommu_domain *domain;
	u64 base;		/* the reservation, page aligned */
	dma_addr_t addr;	/* state->addr */
	size_t size;		/* state->__size */
	struct iova_link *links;	/* ascending offset */
	unsigned int nr_links, cap_links;
	const char *file;	/* the dma_iova_try_alloc() call */
	int line;
	unsigned long stamp;
	struct list_head node;
};

static LIST_HEAD(states);

static const char *const dir_name[] = {
	"DMA_BIDIRECTIONAL", "DMA_TO_DEVICE", "DMA_FROM_DEVICE", "DMA_NONE",
};

static void count(unsigned long *counter)
{
	pthread_mutex_lock(&host_registry_lock);
	(*counter)++;
	pthread_mutex_unlock(&host_registry_lock);
}

/* The record of @state for @dev; the registry lock is held. */
static struct iova_rec *lookup(struct device *dev,
			       const struct dma_iova_state *state)
{
	struct iova_rec *r;

	if (!state->__size)
		return NULL;
	list_for_each_entry(r, &states, node)
		if (r->dev == dev && r->addr == state->addr)
			return r;
	return NULL;
}

/*
 * The record for a call on @state, or NULL after a WARN: the device is
 * not behind an IOMMU, or the state was never allocated or is freed.
 * The registry lock is taken and, on success, left held.
 */
static struct iova_rec *get_rec(struct device *dev,
				const struct dma_iova_state *state,
				const char *file, int line, const char *func)
{
	struct iova_rec *r;

	if (!host_dma_domain(dev)) {
		host_warn(file, line, func,
			  "DMA-API: %s: IOVA API used for a device that is not behind an IOMMU",
			  dev_name(dev));
		return NULL;
	}
	pthread_mutex_lock(&host_registry_lock);
	r = lookup(dev, state);
	if (r)
		return r;
	pthread_mutex_unlock(&host_registry_lock);
	host_warn(file, line, func,
		  "DMA-API: %s: device driver uses an IOVA state it has not allocated, or freed already [addr=%#llx] [size=%llu]",
		  dev_name(dev), (unsigned long long)state->addr,
		  (unsigned long long)state->__size);
	return NULL;
}

static u64 pad_of(u64 addr)
{
	return addr & (PAGE_SIZE - 1);
}

/* The pages a link occupies in the domain. */
static u64 link_iova(const struct iova_rec *r, const struct iova_link *l)
{
	return r->addr + l->offset - pad_of(l->phys);
}

static u64 link_span(const struct iova_link *l)
{
	return ALIGN(l->size + pad_of(l->phys), PAGE_SIZE);
}

/**
 * host_dma_iova_try_alloc - dma_iova_try_alloc(): IOVA space for a device
 * @dev: the device
 * @state: zeroed, then filled when a range is had
 * @phys: only its offset in the page counts: the range starts at the same
 * @size: bytes
 * @file: the caller, for reports
 * @line: its line
 *
 * Return: true with @state describing the range when @dev is behind an
 * IOMMU domain with room below its DMA mask; false otherwise (a
 * direct-mapped device, no room, an injected failure), and with a WARN
 * for a size of 0 or one with the top bit set, as the kernel's.
 */
bool host_dma_iova_try_alloc(struct device *dev, struct dma_iova_state *state,
			     phys_addr_t phys, size_t size, const char *file,
			     int line)
{
	struct iommu_domain *domain = host_dma_domain(dev);
	u64 pad = pad_of(phys), base, mask;
	struct iova_rec *r;

	count(&host_dma_counters.iova_try_allocs);
	memset(state, 0, sizeof(*state));
	if (!domain)
		return false;
	if (!size) {
		host_warn(file, line, "dma_iova_try_alloc", "!size");
		return false;
	}
	if ((u64)size & DMA_IOVA_USE_SWIOTLB) {
		host_warn(file, line, "dma_iova_try_alloc",
			  "(u64)size & DMA_IOVA_USE_SWIOTLB");
		return false;
	}
	if (host_dma_injected_failure())
		return false;
	mask = dev->dma_mask && *dev->dma_mask ? *dev->dma_mask :
						 DMA_BIT_MASK(32);
	base = host_iommu_reserve(domain, ALIGN(size + pad, PAGE_SIZE), mask);
	if (base == DMA_MAPPING_ERROR)
		return false;

	r = malloc(sizeof(*r));
	if (!r)
		host_bug(__FILE__, __LINE__, "DMA model: out of memory");
	*r = (struct iova_rec){ .dev = dev, .domain = domain, .base = base,
				.addr = base + pad, .size = size,
				.file = file, .line = line };
	snprintf(r->dev_name, sizeof(r->dev_name), "%s", dev_name(dev));
	pthread_mutex_lock(&host_registry_lock);
	r->stamp = host_stamp_next();
	list_add(&r->node, &states);
	host_dma_counters.iova_allocs++;
	host_dma_counters.iova_live++;
	pthread_mutex_unlock(&host_registry_lock);
	state->addr = r->addr;
	state->__size = size;
	return true;
}

/* Index of the first link ending after @offset; the lock is held. */
static unsigned int find_link(const struct iova_rec *r, size_t offset)
{
	unsigned int lo = 0, hi = r->nr_links;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (r->links[mid].offset + r->links[mid].size <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/**
 * host_dma_iova_link - dma_iova_link(): map a range into an IOVA state
 * @dev: the device
 * @state: from dma_iova_try_alloc()
 * @phys: the first byte
 * @offset: where in the state
 * @size: bytes
 * @dir: the direction
 * @attrs: %DMA_ATTR_MMIO for MMIO, else system memory
 * @file: the caller, for reports
 * @line: its line
 *
 * A range not starting on a page may only be linked at offset 0, as the
 * kernel's WARN_ON_ONCE() says.  Past the state's size, over an offset
 * already linked, of no bytes, or on a state not allocated: a WARN.
 *
 * Return: 0; -EIO, -EINVAL, -EEXIST after a WARN; -ENOMEM when injected.
 */
int host_dma_iova_link(struct device *dev, struct dma_iova_state *state,
		       phys_addr_t phys, size_t offset, size_t size,
		       enum dma_data_direction dir, unsigned long attrs,
		       const char *file, int line)
{
	struct iova_link link = { .offset = offset, .size = size,
				  .phys = phys, .dir = dir,
				  .ram = !(attrs & DMA_ATTR_MMIO),
				  .file = file, .line = line };
	const char *f = "dma_iova_link";
	struct iommu_domain *domain;
	unsigned int i;
	struct iova_rec *r;
	size_t end;
	u64 base, iova;
	int ret;

	BUG_ON(!valid_dma_direction(dir));
	count(&host_dma_counters.iova_links);
	if (pad_of(phys) && offset > 0) {
		host_warn(file, line, f, "iova_start_pad && offset > 0");
		return -EIO;
	}
	r = get_rec(dev, state, file, line, f);
	if (!r)
		return -EINVAL;
	if (!size || check_add_overflow(offset, size, &end) || end > r->size) {
		pthread_mutex_unlock(&host_registry_lock);
		host_warn(file, line, f,
			  "DMA-API: %s: device driver links past the end of an IOVA state [addr=%#llx] [state size=%zu] [offset=%zu] [size=%zu]",
			  dev_name(dev), (unsigned long long)state->addr,
			  r->size, offset, size);
		return -EINVAL;
	}
	i = find_link(r, offset);
	if (i < r->nr_links && r->links[i].offset < end) {
		const struct iova_link *old = &r->links[i];
		struct host_dma_desc d;

		snprintf(d.text, sizeof(d.text),
			 "[offset=%zu] [size=%zu], linked at %s:%d",
			 old->offset, old->size, old->file, old->line);
		pthread_mutex_unlock(&host_registry_lock);
		host_warn(file, line, f,
			  "DMA-API: %s: device driver links an IOVA range that is linked already [addr=%#llx] [offset=%zu] [size=%zu]: %s",
			  dev_name(dev), (unsigned long long)state->addr,
			  offset, size, d.text);
		return -EEXIST;
	}
	pthread_mutex_unlock(&host_registry_lock);
	if (host_dma_injected_failure())
		return -ENOMEM;

	pthread_mutex_lock(&host_registry_lock);
	r = lookup(dev, state);
	if (!r) {
		pthread_mutex_unlock(&host_registry_lock);
		return -EINVAL;
	}
	domain = r->domain;
	base = r->base;
	iova = link_iova(r, &link);
	pthread_mutex_unlock(&host_registry_lock);

	ret = host_iommu_link(domain, base, iova, phys - pad_of(phys),
			      link_span(&link));
	if (ret) {
		host_warn(file, line, f,
			  "DMA-API: %s: the IOMMU refuses to map %#llx at IOVA %#llx: %s",
			  dev_name(dev), (unsigned long long)phys,
			  (unsigned long long)iova,
			  ret == -EEXIST ? "a page of it is mapped already" :
			  "not aligned as the state's first byte");
		return ret;
	}

	pthread_mutex_lock(&host_registry_lock);
	r = lookup(dev, state);
	if (r) {
		if (r->nr_links == r->cap_links) {
			r->cap_links = r->cap_links ? 2 * r->cap_links : 4;
			r->links = realloc(r->links,
					   r->cap_links * sizeof(*r->links));
			if (!r->links)
				host_bug(__FILE__, __LINE__,
					 "DMA model: out of memory");
		}
		i = find_link(r, offset);
		memmove(&r->links[i + 1], &r->links[i],
			(r->nr_links - i) * sizeof(*r->links));
		r->links[i] = link;
		r->nr_links++;
	}
	pthread_mutex_unlock(&host_registry_lock);
	return 0;
}

/**
 * host_dma_iova_sync - dma_iova_sync(): make what was linked visible
 * @dev: the device
 * @state: from dma_iova_try_alloc()
 * @offset: where in the state
 * @size: bytes
 * @file: the caller, for reports
 * @line: its line
 *
 * Return: 0; -EINVAL after a WARN for a range past the state or a state
 * not allocated; -ENOMEM when injected.
 */
int host_dma_iova_sync(struct device *dev, struct dma_iova_state *state,
		       size_t offset, size_t size, const char *file, int line)
{
	struct iova_rec *r;
	size_t end;

	count(&host_dma_counters.iova_syncs);
	r = get_rec(dev, state, file, line, "dma_iova_sync");
	if (!r)
		return -EINVAL;
	if (check_add_overflow(offset, size, &end) || end > r->size) {
		pthread_mutex_unlock(&host_registry_lock);
		host_warn(file, line, "dma_iova_sync",
			  "DMA-API: %s: device driver syncs past the end of an IOVA state [addr=%#llx] [state size=%zu] [offset=%zu] [size=%zu]",
			  dev_name(dev), (unsigned long long)state->addr,
			  r->size, offset, size);
		return -EINVAL;
	}
	pthread_mutex_unlock(&host_registry_lock);
	if (host_dma_injected_failure())
		return -ENOMEM;
	return 0;
}

/*
 * Takes out of @r the links overlapping [offset, offset + size): unmaps
 * their pages and forgets them.  Reports, once, a range that is not
 * exactly a run of whole links, or a direction other than they were
 * linked with.  The registry lock is held on entry and released.
 */
static void unlink_range(struct device *dev, struct iova_rec *r,
			 size_t offset, size_t size,
			 enum dma_data_direction dir, const char *file,
			 int line, const char *func)
{
	unsigned int i = find_link(r, offset), first = i, n, k;
	struct iova_link *gone;
	size_t at = offset, end = offset + size;
	bool exact = true, same_dir = true;
	u64 base = r->base, unmapped, want;
	struct iommu_domain *domain = r->domain;
	dma_addr_t addr = r->addr;

	if (end < offset)
		end = SIZE_MAX;
	for (; i < r->nr_links && r->links[i].offset < end; i++) {
		if (r->links[i].offset != at)
			exact = false;
		if (r->links[i].dir != dir)
			same_dir = false;
		at = r->links[i].offset + r->links[i].size;
	}
	if (at != end)
		exact = false;
	n = i - first;
	gone = n ? malloc(n * sizeof(*gone)) : NULL;
	if (n && !gone)
		host_bug(__FILE__, __LINE__, "DMA model: out of memory");
	if (n) {
		memcpy(gone, &r->links[first], n * sizeof(*gone));
		memmove(&r->links[first], &r->links[first + n],
			(r->nr_links - first - n) * sizeof(*r->links));
		r->nr_links -= n;
	}
	pthread_mutex_unlock(&host_registry_lock);

	if (!exact)
		host_warn(file, line, func,
			  "DMA-API: %s: device driver unlinks an IOVA range with a different size [addr=%#llx] [offset=%zu] [unlink size=%zu] [linked there: %u ranges, %zu bytes from offset %zu]",
			  dev_name(dev), (unsigned long long)addr, offset,
			  size, n, n ? at - gone[0].offset : 0,
			  n ? gone[0].offset : 0);
	else if (!same_dir)
		host_warn(file, line, func,
			  "DMA-API: %s: device driver unlinks an IOVA range with a different direction [addr=%#llx] [offset=%zu] [linked %s] [unlink %s]",
			  dev_name(dev), (unsigned long long)addr, offset,
			  dir_name[gone[0].dir], dir_name[dir]);
	/* The pages of abutting links go in one unmap, as the kernel's. */
	for (i = 0; i < n; i = k) {
		struct iova_rec tmp = { .addr = addr };
		u64 start = link_iova(&tmp, &gone[i]);

		want = link_span(&gone[i]);
		for (k = i + 1; k < n &&
		     link_iova(&tmp, &gone[k]) == start + want; k++)
			want += link_span(&gone[k]);
		unmapped = host_iommu_unlink(domain, base, start, want);
		WARN_ON(unmapped != want);
	}
	free(gone);
}

/**
 * host_dma_iova_unlink - dma_iova_unlink(): unmap a range of an IOVA state
 * @dev: the device
 * @state: from dma_iova_try_alloc()
 * @offset: where in the state
 * @size: bytes; the range must be exactly what some links linked
 * @dir: as linked
 * @attrs: as linked
 * @file: the caller, for reports
 * @line: its line
 */
void host_dma_iova_unlink(struct device *dev, struct dma_iova_state *state,
			  size_t offset, size_t size,
			  enum dma_data_direction dir, unsigned long attrs,
			  const char *file, int line)
{
	struct iova_rec *r;

	count(&host_dma_counters.iova_unlinks);
	r = get_rec(dev, state, file, line, "dma_iova_unlink");
	if (r)
		unlink_range(dev, r, offset, size, dir, file, line,
			     "dma_iova_unlink");
}

/**
 * host_dma_iova_free - dma_iova_free(): give an IOVA state's range back
 * @dev: the device
 * @state: from dma_iova_try_alloc()
 * @file: the caller, for reports
 * @line: its line
 *
 * Everything linked must be unlinked first: what is not is reported and
 * dropped with the range.  A state freed already is reported.
 */
void host_dma_iova_free(struct device *dev, struct dma_iova_state *state,
			const char *file, int line)
{
	struct iova_rec *r;
	struct host_dma_desc d = { "" };
	unsigned int left;

	r = get_rec(dev, state, file, line, "dma_iova_free");
	if (!r)
		return;
	list_del(&r->node);
	host_dma_counters.iova_frees++;
	host_dma_counters.iova_live--;
	left = r->nr_links;
	if (left)
		snprintf(d.text, sizeof(d.text),
			 "the first at offset %zu, linked at %s:%d",
			 r->links[0].offset, r->links[0].file,
			 r->links[0].line);
	pthread_mutex_unlock(&host_registry_lock);

	if (left)
		host_warn(file, line, "dma_iova_free",
			  "DMA-API: %s: device driver frees an IOVA state with %u ranges still linked [addr=%#llx]: %s",
			  dev_name(dev), left, (unsigned long long)r->addr,
			  d.text);
	host_iommu_release(r->domain, r->base);
	free(r->links);
	free(r);
}

/**
 * host_dma_iova_destroy - dma_iova_destroy(): unlink all, free the range
 * @dev: the device
 * @state: from dma_iova_try_alloc()
 * @mapped_len: bytes linked from offset 0, which must be everything
 *	linked; 0 when nothing was
 * @dir: as linked
 * @attrs: as linked
 * @file: the caller, for reports
 * @line: its line
 */
void host_dma_iova_destroy(struct device *dev, struct dma_iova_state *state,
			   size_t mapped_len, enum dma_data_direction dir,
			   unsigned long attrs, const char *file, int line)
{
	struct iova_rec *r;

	if (mapped_len) {
		count(&host_dma_counters.iova_unlinks);
		r = get_rec(dev, state, file, line, "dma_iova_destroy");
		if (!r)
			return;
		unlink_range(dev, r, 0, mapped_len, dir, file, line,
			     "dma_iova_destroy");
	}
	host_dma_iova_free(dev, state, file, line);
}

unsigned int host_dma_iova_report(unsigned long mark, host_report_fn print,
				  void *ctx)
{
	unsigned int n = 0;
	struct iova_rec *r;
	char line[256];

	pthread_mutex_lock(&host_registry_lock);
	list_for_each_entry(r, &states, node) {
		if (r->stamp < mark)
			continue;
		n++;
		if (!print)
			continue;
		snprintf(line, sizeof(line),
			 "leak: DMA IOVA state %#llx (%zu bytes, %u ranges linked) for %s, allocated at %s:%d",
			 (unsigned long long)r->addr, r->size, r->nr_links,
			 r->dev_name, r->file, r->line);
		print(ctx, line);
	}
	pthread_mutex_unlock(&host_registry_lock);
	return n;
}

unsigned int host_dma_iova_covering(bool ram, phys_addr_t phys, u64 len,
				    struct host_dma_desc *found,
				    unsigned int max)
{
	unsigned int n = 0, i;
	struct iova_rec *r;

	pthread_mutex_lock(&host_registry_lock);
	list_for_each_entry(r, &states, node) {
		for (i = 0; i < r->nr_links; i++) {
			const struct iova_link *l = &r->links[i];

			if (l->ram != ram || l->phys >= phys + len ||
			    phys >= l->phys + l->size)
				continue;
			if (n < max)
				snprintf(found[n].text, sizeof(found[n].text),
					 "IOVA %#llx of %s, linked at %s:%d",
					 (unsigned long long)(r->addr +
							      l->offset),
					 r->dev_name, l->file, l->line);
			n++;
		}
	}
	pthread_mutex_unlock(&host_registry_lock);
	return n;
}
