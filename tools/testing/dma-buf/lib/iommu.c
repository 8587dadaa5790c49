// SPDX-License-Identifier: GPL-2.0
/*
 * The IOMMU domain model, with two page tables for the two uses of a
 * domain (host/iommu.h).
 *
 * For the DMA API, IOVAs are allocated top-down and never reused (the
 * aperture is far larger than any test), so the extents are created in
 * descending IOVA order: an append-only array stays sorted, lookups are a
 * binary search and an unmap leaves a tombstone.  This keeps a
 * million-page mapping cheap enough for benchmarks while staying exact.
 *
 * The IOVA API (dma_iova_try_alloc() and friends) reserves an extent
 * without translating anything and links ranges into it later; a
 * reservation keeps its linked pieces in an array of its own, sorted by
 * IOVA, so a buffer of many ranges costs one extent.
 *
 * For iommu_map(), the owner picks the IOVAs and may map one again after
 * unmapping it, so the pages live in an array sorted by IOVA with real
 * removal.  An owner maps an area in ascending order and unmaps it from
 * the end, which makes both ends of the array cheap.
 */
#include <host/kernel.h>
#include <host/iommu.h>
#include "registry.h"

/* A piece linked into a reservation: page aligned, a page multiple. */
struct piece {
	u64 iova;
	phys_addr_t phys;
	u64 size;
};

struct extent {
	u64 iova;		/* page aligned */
	phys_addr_t phys;	/* page aligned; unused by a reservation */
	u64 size;		/* page multiple */
	bool live;
	bool reserved;		/* the IOVA API's: translated by @pieces */
	struct piece *pieces;	/* ascending iova */
	size_t nr_pieces, cap_pieces;
};

/* One page mapped with iommu_map(). */
struct pte {
	u64 iova;
	phys_addr_t phys;
	int prot;
	const char *file;	/* the iommu_map() call */
	int line;
};

struct domain {
	struct iommu_domain dom;
	struct list_head node;	/* on the list of every domain */
	pthread_mutex_t lock;
	u64 start, end;
	/* the DMA API's */
	u64 cursor;		/* lowest IOVA handed out so far */
	struct extent *ext;	/* descending iova */
	size_t nr, cap;
	unsigned long live;
	unsigned long nr_pieces;	/* linked into reservations */
	/* the owner's */
	struct pte *pt;		/* ascending iova */
	size_t nr_pt, cap_pt;
};

/* Every domain, for the owners' mappings of MMIO that goes away. */
static LIST_HEAD(domains);
static pthread_mutex_t domains_lock = PTHREAD_MUTEX_INITIALIZER;

static struct domain *to_domain(struct iommu_domain *d)
{
	return container_of(d, struct domain, dom);
}

struct iommu_domain *host_iommu_domain_alloc(u64 start, u64 end)
{
	struct domain *d = calloc(1, sizeof(*d));

	if (!d)
		host_bug(__FILE__, __LINE__, "IOMMU model: out of memory");
	pthread_mutex_init(&d->lock, NULL);
	d->start = ALIGN(start, PAGE_SIZE);
	d->end = end;
	d->cursor = ALIGN_DOWN(end + 1 ? end + 1 : end, PAGE_SIZE);
	d->dom.geometry.aperture_start = d->start;
	d->dom.geometry.aperture_end = end;
	d->dom.geometry.force_aperture = true;
	pthread_mutex_lock(&domains_lock);
	list_add_tail(&d->node, &domains);
	pthread_mutex_unlock(&domains_lock);
	return &d->dom;
}

void host_iommu_domain_free(struct iommu_domain *domain)
{
	struct domain *d;
	size_t i;

	if (!domain)
		return;
	d = to_domain(domain);
	WARN(d->live || d->nr_pt || d->nr_pieces,
	     "IOMMU domain freed with %lu mappings",
	     d->live + d->nr_pt + d->nr_pieces);
	pthread_mutex_lock(&domains_lock);
	list_del(&d->node);
	pthread_mutex_unlock(&domains_lock);
	pthread_mutex_destroy(&d->lock);
	for (i = 0; i < d->nr; i++)
		free(d->ext[i].pieces);
	free(d->ext);
	free(d->pt);
	free(d);
}

/* Index of the extent holding @iova, or -1; the domain lock is held. */
static long find_extent(struct domain *d, u64 iova)
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

/* Index of the first page at or above @iova; the domain lock is held. */
static size_t find_pte(struct domain *d, u64 iova)
{
	size_t lo = 0, hi = d->nr_pt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->pt[mid].iova < iova)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The owner's page holding @iova, or NULL; the domain lock is held. */
static struct pte *lookup_pte(struct domain *d, u64 iova)
{
	size_t i = find_pte(d, iova & PAGE_MASK);

	if (i < d->nr_pt && d->pt[i].iova == (iova & PAGE_MASK))
		return &d->pt[i];
	return NULL;
}

/*
 * A fresh extent of @span bytes at or below @limit, top-down; its IOVA, or
 * DMA_MAPPING_ERROR.  The domain lock is held.
 */
static u64 new_extent(struct domain *d, u64 span, u64 limit,
		      phys_addr_t phys, bool reserved)
{
	u64 top, iova;

	if (d->nr_pt) {
		WARN(1, "IOMMU model: DMA API mapping in a domain its owner maps with iommu_map()");
		return DMA_MAPPING_ERROR;
	}
	top = ALIGN_DOWN(limit + 1 ? limit + 1 : limit, PAGE_SIZE);
	top = min_t(u64, d->cursor, top);
	if (top < d->start || top - d->start < span)
		return DMA_MAPPING_ERROR;
	iova = top - span;
	if (d->nr == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->ext = realloc(d->ext, d->cap * sizeof(*d->ext));
		if (!d->ext)
			host_bug(__FILE__, __LINE__, "IOMMU model: no memory");
	}
	d->ext[d->nr++] = (struct extent){ .iova = iova, .phys = phys,
					   .size = span, .live = true,
					   .reserved = reserved };
	d->cursor = iova;
	d->live++;
	return iova;
}

u64 host_iommu_map(struct iommu_domain *domain, phys_addr_t phys,
		   size_t size, u64 limit)
{
	struct domain *d = to_domain(domain);
	u64 offset = phys & (PAGE_SIZE - 1);
	u64 iova;

	if (!size)
		return DMA_MAPPING_ERROR;
	pthread_mutex_lock(&d->lock);
	iova = new_extent(d, ALIGN(offset + size, PAGE_SIZE), limit,
			  phys - offset, false);
	pthread_mutex_unlock(&d->lock);
	return iova == DMA_MAPPING_ERROR ? iova : iova + offset;
}

u64 host_iommu_reserve(struct iommu_domain *domain, u64 size, u64 limit)
{
	struct domain *d = to_domain(domain);
	u64 iova;

	if (!size || !IS_ALIGNED(size, PAGE_SIZE))
		return DMA_MAPPING_ERROR;
	pthread_mutex_lock(&d->lock);
	iova = new_extent(d, size, limit, 0, true);
	pthread_mutex_unlock(&d->lock);
	return iova;
}

/* The live reservation starting at @iova; the domain lock is held. */
static struct extent *find_reservation(struct domain *d, u64 iova)
{
	long i = find_extent(d, iova);

	if (i < 0 || !d->ext[i].reserved || d->ext[i].iova != iova)
		return NULL;
	return &d->ext[i];
}

unsigned long host_iommu_release(struct iommu_domain *domain, u64 iova)
{
	struct domain *d = to_domain(domain);
	unsigned long dropped = 0;
	struct extent *e;

	pthread_mutex_lock(&d->lock);
	e = find_reservation(d, iova);
	if (e) {
		dropped = e->nr_pieces;
		d->nr_pieces -= e->nr_pieces;
		free(e->pieces);
		e->pieces = NULL;
		e->nr_pieces = 0;
		e->cap_pieces = 0;
		e->live = false;
		d->live--;
	}
	pthread_mutex_unlock(&d->lock);
	return e ? dropped : ULONG_MAX;
}

/* Index of the first piece ending above @iova; the domain lock is held. */
static size_t find_piece(const struct extent *e, u64 iova)
{
	size_t lo = 0, hi = e->nr_pieces;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->pieces[mid].iova + e->pieces[mid].size <= iova)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int host_iommu_link(struct iommu_domain *domain, u64 base, u64 iova,
		    phys_addr_t phys, u64 size)
{
	struct domain *d = to_domain(domain);
	struct extent *e;
	size_t i;
	int ret = 0;

	if (!size || !IS_ALIGNED(iova | phys | size, PAGE_SIZE))
		return -EINVAL;
	pthread_mutex_lock(&d->lock);
	e = find_reservation(d, base);
	if (!e || iova < e->iova || iova - e->iova > e->size ||
	    size > e->size - (iova - e->iova)) {
		ret = -ERANGE;
		goto out_unlock;
	}
	i = find_piece(e, iova);
	if (i < e->nr_pieces && e->pieces[i].iova < iova + size) {
		ret = -EEXIST;
		goto out_unlock;
	}
	if (e->nr_pieces == e->cap_pieces) {
		e->cap_pieces = e->cap_pieces ? 2 * e->cap_pieces : 4;
		e->pieces = realloc(e->pieces,
				    e->cap_pieces * sizeof(*e->pieces));
		if (!e->pieces)
			host_bug(__FILE__, __LINE__, "IOMMU model: no memory");
	}
	memmove(&e->pieces[i + 1], &e->pieces[i],
		(e->nr_pieces - i) * sizeof(*e->pieces));
	e->pieces[i] = (struct piece){ iova, phys, size };
	e->nr_pieces++;
	d->nr_pieces++;
out_unlock:
	pthread_mutex_unlock(&d->lock);
	return ret;
}

u64 host_iommu_unlink(struct iommu_domain *domain, u64 base, u64 iova,
		      u64 size)
{
	struct domain *d = to_domain(domain);
	u64 at = iova, end = iova + size;
	struct piece head, tail;
	size_t first, i, nr_new;
	struct extent *e;

	pthread_mutex_lock(&d->lock);
	e = find_reservation(d, base);
	if (!e)
		goto out_unlock;
	/* As iommu_unmap(): page by page, up to the first hole. */
	first = find_piece(e, at);
	for (i = first; at < end && i < e->nr_pieces &&
	     e->pieces[i].iova <= at; i++)
		at = min(e->pieces[i].iova + e->pieces[i].size, end);
	if (i == first)
		goto out_unlock;

	/* Pieces [first, i) go; what they had outside [iova, at) stays. */
	head = e->pieces[first];
	tail = e->pieces[i - 1];
	nr_new = (head.iova < iova) + (tail.iova + tail.size > at);
	if (e->nr_pieces - (i - first) + nr_new > e->cap_pieces) {
		e->cap_pieces = 2 * e->cap_pieces;
		e->pieces = realloc(e->pieces,
				    e->cap_pieces * sizeof(*e->pieces));
		if (!e->pieces)
			host_bug(__FILE__, __LINE__, "IOMMU model: no memory");
	}
	memmove(&e->pieces[first + nr_new], &e->pieces[i],
		(e->nr_pieces - i) * sizeof(*e->pieces));
	d->nr_pieces -= e->nr_pieces;
	e->nr_pieces += first + nr_new - i;
	d->nr_pieces += e->nr_pieces;
	if (head.iova < iova)
		e->pieces[first++] = (struct piece){ head.iova, head.phys,
						     iova - head.iova };
	if (tail.iova + tail.size > at)
		e->pieces[first] = (struct piece){
			at, tail.phys + (at - tail.iova),
			tail.iova + tail.size - at };
out_unlock:
	pthread_mutex_unlock(&d->lock);
	return at - iova;
}

bool host_iommu_unmap(struct iommu_domain *domain, u64 iova, size_t size)
{
	struct domain *d = to_domain(domain);
	u64 offset = iova & (PAGE_SIZE - 1);
	bool ok = false;
	long i;

	pthread_mutex_lock(&d->lock);
	i = find_extent(d, iova);
	if (i >= 0 && !d->ext[i].reserved && d->ext[i].iova == iova - offset &&
	    d->ext[i].size == ALIGN(offset + size, PAGE_SIZE)) {
		d->ext[i].live = false;
		d->live--;
		ok = true;
	}
	pthread_mutex_unlock(&d->lock);
	return ok;
}

/* The domain lock is held. */
static phys_addr_t translate(struct domain *d, u64 iova)
{
	struct pte *pte = lookup_pte(d, iova);
	long i;

	if (pte)
		return pte->phys + (iova & (PAGE_SIZE - 1));
	i = find_extent(d, iova);
	if (i >= 0 && d->ext[i].reserved) {
		const struct extent *e = &d->ext[i];
		size_t k = find_piece(e, iova);

		if (k < e->nr_pieces && e->pieces[k].iova <= iova)
			return e->pieces[k].phys + (iova - e->pieces[k].iova);
		return DMA_MAPPING_ERROR;
	}
	if (i >= 0)
		return d->ext[i].phys + (iova - d->ext[i].iova);
	return DMA_MAPPING_ERROR;
}

phys_addr_t host_iommu_iova_to_phys(struct iommu_domain *domain, u64 iova)
{
	struct domain *d = to_domain(domain);
	phys_addr_t phys;

	pthread_mutex_lock(&d->lock);
	phys = translate(d, iova);
	pthread_mutex_unlock(&d->lock);
	return phys;
}

unsigned long host_iommu_mapped(struct iommu_domain *domain)
{
	struct domain *d = to_domain(domain);
	unsigned long n;

	pthread_mutex_lock(&d->lock);
	n = d->live + d->nr_pt;
	pthread_mutex_unlock(&d->lock);
	return n;
}

/**
 * host_iommu_map_at - iommu_map(): map memory into a domain at an IOVA
 * @domain: the domain
 * @iova: where, aligned to the page size
 * @paddr: what, aligned too
 * @size: bytes, a page multiple
 * @prot: %IOMMU_READ, %IOMMU_WRITE and the other IOMMU_* bits
 * @gfp: for the page tables
 * @file: where iommu_map() was called, for reports
 * @line: the line
 *
 * As the kernel's: all of it or nothing.  A range outside the aperture is
 * a WARN and -ERANGE, as io-pgtable says; one that overlaps a mapping a
 * WARN and -EEXIST.  So is a domain the DMA API maps in (-EINVAL).
 *
 * Return: 0, or -EINVAL for misalignment, -ERANGE, -EEXIST.
 */
int host_iommu_map_at(struct iommu_domain *domain, unsigned long iova,
		      phys_addr_t paddr, size_t size, int prot, gfp_t gfp,
		      const char *file, int line)
{
	struct domain *d = to_domain(domain);
	size_t n = size / PAGE_SIZE, i, k;
	u64 last;

	if (!IS_ALIGNED(iova | paddr | size, PAGE_SIZE)) {
		pr_err("unaligned: iova 0x%lx pa %#llx size 0x%zx min_pagesz 0x%lx\n",
		       iova, (unsigned long long)paddr, size, PAGE_SIZE);
		return -EINVAL;
	}
	if (!size)
		return 0;
	if (check_add_overflow((u64)iova, (u64)size - 1, &last) ||
	    iova < d->start || last > d->end) {
		host_warn(file, line, "iommu_map",
			  "IOVA %#lx + %#zx outside the aperture", iova, size);
		return -ERANGE;
	}

	pthread_mutex_lock(&d->lock);
	if (d->nr) {
		pthread_mutex_unlock(&d->lock);
		host_warn(file, line, "iommu_map",
			  "the DMA API maps in this domain");
		return -EINVAL;
	}
	i = find_pte(d, iova);
	if (i < d->nr_pt && d->pt[i].iova <= last) {
		pthread_mutex_unlock(&d->lock);
		host_warn(file, line, "iommu_map",
			  "IOVA %#lx + %#zx is mapped already", iova, size);
		return -EEXIST;
	}
	if (d->nr_pt + n > d->cap_pt) {
		d->cap_pt = max(2 * d->cap_pt, d->nr_pt + n);
		d->pt = realloc(d->pt, d->cap_pt * sizeof(*d->pt));
		if (!d->pt)
			host_bug(__FILE__, __LINE__, "IOMMU model: no memory");
	}
	memmove(&d->pt[i + n], &d->pt[i], (d->nr_pt - i) * sizeof(*d->pt));
	for (k = 0; k < n; k++)
		d->pt[i + k] = (struct pte){ iova + k * PAGE_SIZE,
					     paddr + k * PAGE_SIZE, prot, file,
					     line };
	d->nr_pt += n;
	pthread_mutex_unlock(&d->lock);
	return 0;
}

/**
 * iommu_unmap - unmap a range of IOVAs mapped with iommu_map()
 * @domain: the domain
 * @iova: where it starts, page aligned
 * @size: bytes, a page multiple
 *
 * As the kernel's: stops at the first page that is not mapped.
 *
 * Return: the bytes unmapped, 0 for a misaligned request.
 */
size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		   size_t size)
{
	struct domain *d = to_domain(domain);
	size_t i, n = 0;

	if (!IS_ALIGNED(iova | size, PAGE_SIZE)) {
		pr_err("unaligned: iova 0x%lx size 0x%zx min_pagesz 0x%lx\n",
		       iova, size, PAGE_SIZE);
		return 0;
	}
	pthread_mutex_lock(&d->lock);
	i = find_pte(d, iova);
	while (n < size / PAGE_SIZE && i + n < d->nr_pt &&
	       d->pt[i + n].iova == iova + n * PAGE_SIZE)
		n++;
	if (n) {
		memmove(&d->pt[i], &d->pt[i + n],
			(d->nr_pt - i - n) * sizeof(*d->pt));
		d->nr_pt -= n;
	}
	pthread_mutex_unlock(&d->lock);
	return n * PAGE_SIZE;
}

/**
 * iommu_iova_to_phys - where an IOVA leads
 * @domain: the domain
 * @iova: any IOVA
 *
 * Return: the physical address, or 0 when nothing is mapped there.
 */
phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	phys_addr_t phys = host_iommu_iova_to_phys(domain, iova);

	return phys == DMA_MAPPING_ERROR ? 0 : phys;
}

#define MAX_REPORTED	4

/**
 * host_iommu_check_mmio_gone - report MMIO turned off under a domain
 * @phys: the first byte of the BAR
 * @len: its length
 * @dev_name: the device the BAR belongs to
 * @bar: which BAR
 * @file: where decode is turned off
 * @line: the line
 *
 * One WARN per page an owner mapped with iommu_map() that still leads
 * into the BAR, up to a few and then a count.  The DMA API's mappings are
 * the DMA model's to report.
 */
void host_iommu_check_mmio_gone(phys_addr_t phys, u64 len,
				const char *dev_name, int bar,
				const char *file, int line)
{
	struct pte found[MAX_REPORTED];
	unsigned int n = 0, i;
	struct domain *d;
	size_t k;

	pthread_mutex_lock(&domains_lock);
	list_for_each_entry(d, &domains, node) {
		pthread_mutex_lock(&d->lock);
		for (k = 0; k < d->nr_pt; k++) {
			if (d->pt[k].phys < phys ||
			    d->pt[k].phys - phys >= len)
				continue;
			if (n < MAX_REPORTED)
				found[n] = d->pt[k];
			n++;
		}
		pthread_mutex_unlock(&d->lock);
	}
	pthread_mutex_unlock(&domains_lock);

	for (i = 0; i < min(n, MAX_REPORTED); i++)
		host_warn(file, line, "pci_write_config_word",
			  "memory decode of %s BAR %d [%#llx-%#llx] turned off while an IOMMU domain still maps it: IOVA %#llx to %#llx, mapped at %s:%d",
			  dev_name, bar, (unsigned long long)phys,
			  (unsigned long long)(phys + len - 1),
			  (unsigned long long)found[i].iova,
			  (unsigned long long)found[i].phys, found[i].file,
			  found[i].line);
	if (n > MAX_REPORTED)
		host_warn(file, line, "pci_write_config_word",
			  "and %u more IOMMU mappings of %s BAR %d",
			  n - MAX_REPORTED, dev_name, bar);
}
