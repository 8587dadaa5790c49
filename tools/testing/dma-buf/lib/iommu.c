// SPDX-License-Identifier: GPL-2.0
/*
 * The IOMMU domain model.  IOVAs are allocated top-down and never reused
 * (the aperture is far larger than any test), so the extents are created in
 * descending IOVA order: an append-only array stays sorted, lookups are a
 * binary search and an unmap leaves a tombstone.  This keeps a million-page
 * mapping cheap enough for benchmarks while staying exact.
 */
#include <host/kernel.h>
#include <host/iommu.h>

struct extent {
	u64 iova;		/* page aligned */
	phys_addr_t phys;	/* page aligned */
	u64 size;		/* page multiple */
	bool live;
};

struct host_iommu_domain {
	pthread_mutex_t lock;
	u64 start, end;
	u64 cursor;		/* lowest IOVA handed out so far */
	struct extent *ext;	/* descending iova */
	size_t nr, cap;
	unsigned long live;
};

struct host_iommu_domain *host_iommu_domain_alloc(u64 start, u64 end)
{
	struct host_iommu_domain *d = calloc(1, sizeof(*d));

	if (!d)
		host_bug(__FILE__, __LINE__, "IOMMU model: out of memory");
	pthread_mutex_init(&d->lock, NULL);
	d->start = ALIGN(start, PAGE_SIZE);
	d->end = end;
	d->cursor = ALIGN_DOWN(end + 1 ? end + 1 : end, PAGE_SIZE);
	return d;
}

void host_iommu_domain_free(struct host_iommu_domain *d)
{
	if (!d)
		return;
	WARN(d->live, "IOMMU domain freed with %lu mappings", d->live);
	pthread_mutex_destroy(&d->lock);
	free(d->ext);
	free(d);
}

/* Index of the extent holding @iova, or -1; the domain lock is held. */
static long find_extent(struct host_iommu_domain *d, u64 iova)
{
	size_t lo = 0, hi = d->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct extent *e = &d->ext[mid];

		if (iova >= e->iova + e->size)
			hi = mid;	/* descending: bigger IOVAs are earlier */
		else if (iova < e->iova)
			lo = mid + 1;
		else
			return e->live ? (long)mid : -1;
	}
	return -1;
}

u64 host_iommu_map(struct host_iommu_domain *d, phys_addr_t phys,
		   size_t size, u64 limit)
{
	u64 offset = phys & (PAGE_SIZE - 1);
	u64 span = ALIGN(offset + size, PAGE_SIZE);
	u64 top, iova;

	if (!size)
		return DMA_MAPPING_ERROR;
	pthread_mutex_lock(&d->lock);
	top = min_t(u64, d->cursor, ALIGN_DOWN(limit + 1 ? limit + 1 : limit,
					      PAGE_SIZE));
	if (top < d->start || top - d->start < span) {
		pthread_mutex_unlock(&d->lock);
		return DMA_MAPPING_ERROR;
	}
	iova = top - span;
	if (d->nr == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->ext = realloc(d->ext, d->cap * sizeof(*d->ext));
		if (!d->ext)
			host_bug(__FILE__, __LINE__, "IOMMU model: no memory");
	}
	d->ext[d->nr++] = (struct extent){ iova, phys - offset, span, true };
	d->cursor = iova;
	d->live++;
	pthread_mutex_unlock(&d->lock);
	return iova + offset;
}

bool host_iommu_unmap(struct host_iommu_domain *d, u64 iova, size_t size)
{
	u64 offset = iova & (PAGE_SIZE - 1);
	bool ok = false;
	long i;

	pthread_mutex_lock(&d->lock);
	i = find_extent(d, iova);
	if (i >= 0 && d->ext[i].iova == iova - offset &&
	    d->ext[i].size == ALIGN(offset + size, PAGE_SIZE)) {
		d->ext[i].live = false;
		d->live--;
		ok = true;
	}
	pthread_mutex_unlock(&d->lock);
	return ok;
}

phys_addr_t host_iommu_iova_to_phys(struct host_iommu_domain *d, u64 iova)
{
	phys_addr_t phys = DMA_MAPPING_ERROR;
	long i;

	pthread_mutex_lock(&d->lock);
	i = find_extent(d, iova);
	if (i >= 0)
		phys = d->ext[i].phys + (iova - d->ext[i].iova);
	pthread_mutex_unlock(&d->lock);
	return phys;
}

unsigned long host_iommu_mapped(struct host_iommu_domain *d)
{
	return d->live;
}
