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

#define dma_map_sg(d, s, n, r)		dma_map_sg_attrs(d, s, n, r, 0)
#define dma_unmap_sg(d, s, n, r)	dma_unmap_sg_attrs(d, s, n, r, 0)
#define dma_map_page(d, p, o, s, r)	dma_map_page_attrs(d, p, o, s, r, 0)
#define dma_unmap_page(d, a, s, r)	dma_unmap_page_attrs(d, a, s, r, 0)

/* Host-side queries for tests. */
unsigned long host_dma_live(void);
/* Physical address behind @dma as seen by @dev; DMA_MAPPING_ERROR if none. */
phys_addr_t host_dma_to_phys(struct device *dev, dma_addr_t dma);
/* Give @dev a direct mapping with this offset (0: identity). */
void host_dma_set_offset(struct device *dev, u64 offset);
/* Put @dev behind @domain (NULL: back to direct mapping). */
void host_dma_set_domain(struct device *dev, struct iommu_domain *domain);
/*
 * Make the @nth DMA map call from now on fail (1 = the next one); 0
 * disarms.  Returns the number of map calls since the last call.
 */
unsigned long host_dma_fail_map_nth(unsigned long nth);
bool host_dma_fail_map_fired(void);

#endif /* _HOST_DMA_H */
