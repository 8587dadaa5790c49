/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DMA API over a model that records every live mapping.
 *
 * A device sees memory through its struct host_dma_dev: direct-mapped with
 * an optional offset (DMA address = physical + offset), or behind an IOMMU
 * domain (host/iommu.h) whose IOVAs differ from physical addresses.  Either
 * way a mapping must fit the device's DMA mask.  Each map call
 * creates a record stamped like an allocation (hooks.h), with the call site
 * and the memory it covers: system-memory pages, or MMIO for
 * dma_map_resource().  Unmapping something that is not mapped, unmapping
 * with another size or direction, or mapping for a device with no DMA mask
 * is reported as the kernel's CONFIG_DMA_API_DEBUG would, as a WARN; so is
 * freeing a page that a live mapping covers, since the device would then
 * DMA into memory that belongs to someone else, and turning off the memory
 * decode of a BAR that a live mapping leads to (pci.h), since the device
 * would DMA to MMIO that is gone.  A mapping still live at the end of a
 * case is a leak.
 *
 * The phys-based calls of Linux 7.3 (dma_map_phys(), dma_unmap_phys()) map
 * system memory, or MMIO with %DMA_ATTR_MMIO, as the other map calls do.
 * The IOVA API (dma_iova_try_alloc(), dma_iova_link(), dma_iova_sync(),
 * dma_iova_unlink(), dma_iova_destroy(), dma_iova_free(); lib/dma-iova.c)
 * gives a device behind an IOMMU domain one range of IOVA into which
 * physical ranges are linked at offsets; a direct-mapped device gets none.
 * Each live IOVA state and each range linked into it is recorded with its
 * call site, like a mapping, and covered by the same checks of memory
 * going away.  A state still allocated at the end of a case is a leak; one
 * freed twice, linked past its size or at an offset already linked,
 * unlinked or destroyed with a length other than what was linked, or used
 * for a device not behind an IOMMU is a WARN.
 */
#ifndef _HOST_DMA_H
#define _HOST_DMA_H

#include "types.h"
#include "device.h"
#include "scatterlist.h"

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

#define DMA_MAPPING_ERROR	(~(dma_addr_t)0)
#define DMA_ATTR_SKIP_CPU_SYNC	(1UL << 5)
/* The address is MMIO, not system memory (Linux 7.3). */
#define DMA_ATTR_MMIO		(1UL << 10)

static inline bool valid_dma_direction(enum dma_data_direction dir)
{
	return dir == DMA_BIDIRECTIONAL || dir == DMA_TO_DEVICE ||
	       dir == DMA_FROM_DEVICE;
}

struct iommu_domain;

struct host_dma_dev {
	u64 offset;		/* direct mapping: dma = phys + offset */
	struct iommu_domain *domain;	/* or translated by this */
};

int dma_set_mask(struct device *dev, u64 mask);
int dma_set_mask_and_coherent(struct device *dev, u64 mask);
int dma_coerce_mask_and_coherent(struct device *dev, u64 mask);

/*
 * The map calls record where they were made, as the allocator does, so a
 * report about a mapping names the line that created it.
 */
int host_dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
		    enum dma_data_direction dir, unsigned long attrs,
		    const char *file, int line);
int host_dma_map_sgtable(struct device *dev, struct sg_table *sgt,
			 enum dma_data_direction dir, unsigned long attrs,
			 const char *file, int line);
dma_addr_t host_dma_map_resource(struct device *dev, phys_addr_t phys_addr,
				 size_t size, enum dma_data_direction dir,
				 unsigned long attrs, const char *file,
				 int line);
dma_addr_t host_dma_map_page(struct device *dev, struct page *page,
			     size_t offset, size_t size,
			     enum dma_data_direction dir, unsigned long attrs,
			     const char *file, int line);

#define dma_map_sg_attrs(d, s, n, r, a) \
	host_dma_map_sg(d, s, n, r, a, __FILE__, __LINE__)
#define dma_map_sgtable(d, t, r, a) \
	host_dma_map_sgtable(d, t, r, a, __FILE__, __LINE__)
#define dma_map_resource(d, p, s, r, a) \
	host_dma_map_resource(d, p, s, r, a, __FILE__, __LINE__)
#define dma_map_page_attrs(d, p, o, s, r, a) \
	host_dma_map_page(d, p, o, s, r, a, __FILE__, __LINE__)

void dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sg,
			int nents, enum dma_data_direction dir,
			unsigned long attrs);
void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_resource(struct device *dev, dma_addr_t addr, size_t size,
			enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs);
int dma_mapping_error(struct device *dev, dma_addr_t dma_addr);

dma_addr_t host_dma_map_phys(struct device *dev, phys_addr_t phys,
			     size_t size, enum dma_data_direction dir,
			     unsigned long attrs, const char *file, int line);
#define dma_map_phys(d, p, s, r, a) \
	host_dma_map_phys(d, p, s, r, a, __FILE__, __LINE__)
void dma_unmap_phys(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir, unsigned long attrs);

/**
 * struct dma_iova_state - a range of IOVA from dma_iova_try_alloc()
 * @addr: its first DMA address
 * @__size: its size; 0 when there is none (dma_use_iova() is false)
 */
struct dma_iova_state {
	dma_addr_t addr;
	u64 __size;
};

/* Set by iommu-dma when a range was bounced; never by the model. */
#define DMA_IOVA_USE_SWIOTLB	(1ULL << 63)

static inline size_t dma_iova_size(struct dma_iova_state *state)
{
	return (size_t)(state->__size & ~DMA_IOVA_USE_SWIOTLB);
}

static inline bool dma_use_iova(struct dma_iova_state *state)
{
	return state->__size != 0;
}

bool host_dma_iova_try_alloc(struct device *dev, struct dma_iova_state *state,
			     phys_addr_t phys, size_t size, const char *file,
			     int line);
#define dma_iova_try_alloc(d, st, p, s) \
	host_dma_iova_try_alloc(d, st, p, s, __FILE__, __LINE__)
int host_dma_iova_link(struct device *dev, struct dma_iova_state *state,
		       phys_addr_t phys, size_t offset, size_t size,
		       enum dma_data_direction dir, unsigned long attrs,
		       const char *file, int line);
#define dma_iova_link(d, st, p, o, s, r, a) \
	host_dma_iova_link(d, st, p, o, s, r, a, __FILE__, __LINE__)
int host_dma_iova_sync(struct device *dev, struct dma_iova_state *state,
		       size_t offset, size_t size, const char *file, int line);
#define dma_iova_sync(d, st, o, s) \
	host_dma_iova_sync(d, st, o, s, __FILE__, __LINE__)
void host_dma_iova_unlink(struct device *dev, struct dma_iova_state *state,
			  size_t offset, size_t size,
			  enum dma_data_direction dir, unsigned long attrs,
			  const char *file, int line);
#define dma_iova_unlink(d, st, o, s, r, a) \
	host_dma_iova_unlink(d, st, o, s, r, a, __FILE__, __LINE__)
void host_dma_iova_destroy(struct device *dev, struct dma_iova_state *state,
			   size_t mapped_len, enum dma_data_direction dir,
			   unsigned long attrs, const char *file, int line);
#define dma_iova_destroy(d, st, m, r, a) \
	host_dma_iova_destroy(d, st, m, r, a, __FILE__, __LINE__)
void host_dma_iova_free(struct device *dev, struct dma_iova_state *state,
			const char *file, int line);
#define dma_iova_free(d, st) host_dma_iova_free(d, st, __FILE__, __LINE__)

#define dma_map_sg(d, s, n, r)		dma_map_sg_attrs(d, s, n, r, 0)
#define dma_unmap_sg(d, s, n, r)	dma_unmap_sg_attrs(d, s, n, r, 0)
#define dma_map_page(d, p, o, s, r)	dma_map_page_attrs(d, p, o, s, r, 0)
#define dma_unmap_page(d, a, s, r)	dma_unmap_page_attrs(d, a, s, r, 0)

/* Host-side queries for tests. */
/* Live mappings of the map calls, plus live IOVA states. */
unsigned long host_dma_live(void);

/**
 * struct host_dma_counts - DMA API calls since the program started
 * @maps: map calls of every kind (sg, page, resource, phys), failed ones
 *	included
 * @map_phys: dma_map_phys() calls
 * @unmap_phys: dma_unmap_phys() calls
 * @iova_try_allocs: dma_iova_try_alloc() calls
 * @iova_allocs: those that gave an IOVA range
 * @iova_links: dma_iova_link() calls
 * @iova_syncs: dma_iova_sync() calls
 * @iova_unlinks: dma_iova_unlink() calls, dma_iova_destroy()'s included
 * @iova_frees: IOVA ranges given back (dma_iova_free(), dma_iova_destroy())
 * @iova_live: IOVA states allocated and not yet freed
 *
 * Take a snapshot before and after the code under test and compare.
 */
struct host_dma_counts {
	unsigned long maps;
	unsigned long map_phys;
	unsigned long unmap_phys;
	unsigned long iova_try_allocs;
	unsigned long iova_allocs;
	unsigned long iova_links;
	unsigned long iova_syncs;
	unsigned long iova_unlinks;
	unsigned long iova_frees;
	unsigned long iova_live;
};

void host_dma_counts(struct host_dma_counts *counts);
/* Physical address behind @dma as seen by @dev; DMA_MAPPING_ERROR if none. */
phys_addr_t host_dma_to_phys(struct device *dev, dma_addr_t dma);
/* Give @dev a direct mapping with this offset (0: identity). */
void host_dma_set_offset(struct device *dev, u64 offset);
/* Put @dev behind @domain (NULL: back to direct mapping). */
void host_dma_set_domain(struct device *dev, struct iommu_domain *domain);
/*
 * Make the @nth DMA map call from now on fail (1 = the next one); 0
 * disarms.  Returns the number of map calls since the last call.  The
 * IOVA API's steps count as map calls too: dma_iova_try_alloc() for a
 * device behind an IOMMU (it then gives no range), dma_iova_link() and
 * dma_iova_sync() (-ENOMEM).
 */
unsigned long host_dma_fail_map_nth(unsigned long nth);
bool host_dma_fail_map_fired(void);

#endif /* _HOST_DMA_H */
