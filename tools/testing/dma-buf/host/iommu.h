/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An IOMMU domain for the DMA API model: an IOVA allocator and a page
 * table, so that a device behind it sees DMA addresses that differ from
 * physical ones and a test can translate any DMA address back.
 *
 * Host-only: kernel code never sees this, it just calls the DMA API.
 */
#ifndef _HOST_IOMMU_H
#define _HOST_IOMMU_H

#include "types.h"

struct host_iommu_domain;

/* IOVAs are handed out top-down inside [start, end], as iommu-dma does. */
struct host_iommu_domain *host_iommu_domain_alloc(u64 start, u64 end);
/* Frees the domain; reports mappings still in it. */
void host_iommu_domain_free(struct host_iommu_domain *domain);

/*
 * Maps [phys, phys + size) at a fresh IOVA at or below @limit; returns the
 * IOVA of @phys (same offset in the page), or DMA_MAPPING_ERROR.
 */
u64 host_iommu_map(struct host_iommu_domain *domain, phys_addr_t phys,
		   size_t size, u64 limit);
/* Unmaps what host_iommu_map() returned; false if it was not mapped so. */
bool host_iommu_unmap(struct host_iommu_domain *domain, u64 iova,
		      size_t size);
/* The physical address behind @iova, or DMA_MAPPING_ERROR. */
phys_addr_t host_iommu_iova_to_phys(struct host_iommu_domain *domain,
				    u64 iova);
/* Live mappings in the domain. */
unsigned long host_iommu_mapped(struct host_iommu_domain *domain);

#endif /* _HOST_IOMMU_H */
