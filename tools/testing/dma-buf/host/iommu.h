/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOMMU domains: page tables that translate IOVAs to physical addresses,
 * used two ways, as in the kernel.
 *
 * A driver that owns a domain (iommufd, VFIO, a GPU's own page tables)
 * maps at IOVAs it chose with iommu_map(), unmaps with iommu_unmap() and
 * translates with iommu_iova_to_phys(), the kernel's names, signatures and
 * prot bits.  Each such mapping records the call that made it, and a
 * device turning off the memory decode of a BAR that one still leads to is
 * reported (pci.h): the domain's device would reach MMIO that is gone.
 *
 * A device put behind a domain with host_dma_set_domain() (dma.h) has the
 * DMA API allocate its IOVAs instead, top-down inside the domain's
 * aperture, as iommu-dma does; that side (host_iommu_map() and friends)
 * is host-only, kernel code reaches it through the DMA API.  One domain
 * serves one of the two uses.
 */
#ifndef _HOST_IOMMU_H
#define _HOST_IOMMU_H

#include "types.h"

#define IOMMU_READ	BIT(0)
#define IOMMU_WRITE	BIT(1)
#define IOMMU_CACHE	BIT(2)
#define IOMMU_NOEXEC	BIT(3)
#define IOMMU_MMIO	BIT(4)

/**
 * struct iommu_domain_geometry - the IOVAs a domain translates
 * @aperture_start: the first
 * @aperture_end: the last
 * @force_aperture: nothing outside the aperture is translated
 */
struct iommu_domain_geometry {
	dma_addr_t aperture_start;
	dma_addr_t aperture_end;
	bool force_aperture;
};

/**
 * struct iommu_domain - an IOMMU domain
 * @geometry: its aperture
 *
 * The page tables are the model's, behind it (lib/iommu.c).
 */
struct iommu_domain {
	struct iommu_domain_geometry geometry;
};

int host_iommu_map_at(struct iommu_domain *domain, unsigned long iova,
		      phys_addr_t paddr, size_t size, int prot, gfp_t gfp,
		      const char *file, int line);
#define iommu_map(domain, iova, paddr, size, prot, gfp) \
	host_iommu_map_at(domain, iova, paddr, size, prot, gfp, __FILE__, \
			  __LINE__)
size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		   size_t size);
phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova);

/* Host only.  A paging domain translating [start, end]. */
struct iommu_domain *host_iommu_domain_alloc(u64 start, u64 end);
/* Frees the domain; reports mappings still in it. */
void host_iommu_domain_free(struct iommu_domain *domain);

/*
 * For the DMA API: maps [phys, phys + size) at a fresh IOVA at or below
 * @limit; returns the IOVA of @phys (same offset in the page), or
 * DMA_MAPPING_ERROR.
 */
u64 host_iommu_map(struct iommu_domain *domain, phys_addr_t phys,
		   size_t size, u64 limit);
/* Unmaps what host_iommu_map() returned; false if it was not mapped so. */
bool host_iommu_unmap(struct iommu_domain *domain, u64 iova, size_t size);
/*
 * For the IOVA API: reserves @size bytes (a page multiple) of IOVA at or
 * below @limit, translating nothing yet; returns its page-aligned start,
 * or DMA_MAPPING_ERROR.
 */
u64 host_iommu_reserve(struct iommu_domain *domain, u64 size, u64 limit);
/*
 * Maps [phys, phys + size) at @iova inside the reservation at @base, all
 * page aligned: 0, -EINVAL (misaligned), -ERANGE (outside it) or -EEXIST
 * (a page of it is linked already).
 */
int host_iommu_link(struct iommu_domain *domain, u64 base, u64 iova,
		    phys_addr_t phys, u64 size);
/*
 * Unmaps [iova, iova + size) inside the reservation at @base, as
 * iommu_unmap() does: up to the first page that is not linked.  Returns
 * the bytes unmapped.
 */
u64 host_iommu_unlink(struct iommu_domain *domain, u64 base, u64 iova,
		      u64 size);
/*
 * Frees the reservation at @base, and whatever is still linked in it;
 * returns how many pieces were, or ULONG_MAX if there is no such
 * reservation.
 */
unsigned long host_iommu_release(struct iommu_domain *domain, u64 base);
/* The physical address behind @iova, or DMA_MAPPING_ERROR. */
phys_addr_t host_iommu_iova_to_phys(struct iommu_domain *domain, u64 iova);
/*
 * Live mappings in the domain: DMA API mappings, IOVA reservations (one
 * each, whatever is linked into it), plus iommu_map()ped pages.
 */
unsigned long host_iommu_mapped(struct iommu_domain *domain);

#endif /* _HOST_IOMMU_H */
