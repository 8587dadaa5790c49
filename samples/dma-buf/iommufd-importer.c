// SPDX-License-Identifier: GPL-2.0
/*
 * Sample importer: iommufd mapping a PAL buffer into an IOMMU domain.
 *
 * Stands for iommufd's dma-buf support (an IOAS area backed by a VFIO
 * device's BAR, so that a guest's device can reach another device's MMIO):
 * it owns its IOMMU domain, so it takes the physical addresses themselves
 * (PAL, nothing else) and maps the ranges it is asked for, a physically
 * contiguous run at a time, as the engine's PAL iterator hands them out.
 * One buffer may back several areas, each at IOVAs of its own: the
 * importer owns the domain and hands out its aperture from the bottom up,
 * as an IOAS would.  The exporter can revoke the memory at any time:
 * invalidate_mappings unmaps every area and gives the list back, and the areas
 * are mapped again, at the same IOVAs, with sample_iommufd_remap() once the
 * exporter allows it.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/iommu.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"

MODULE_IMPORT_NS(DMA_BUF_PAL);

/**
 * struct iommufd_area - a byte range of the buffer mapped into the domain
 * @node: on the importer's list
 * @offset: where it starts in the buffer
 * @length: its length
 * @nr_pages: @length in pages
 * @nr_mapped: pages mapped now, the first ones: @nr_pages, or 0 while
 *	revoked
 * @iova: the IOVA of its first page; the others follow
 */
struct iommufd_area {
	struct list_head node;
	u64 offset;
	u64 length;
	size_t nr_pages;
	size_t nr_mapped;
	unsigned long iova;
};

/**
 * struct sample_iommufd - one buffer imported into a domain
 * @dmabuf: the buffer, referenced
 * @attach: its PAL attachment
 * @domain: the IOMMU domain the areas are mapped into
 * @next_iova: where the next area goes in the domain
 * @phys: the exporter's list while it is lent to us
 * @areas: the areas, in the order they were mapped
 * @nr_areas: how many
 * @revoked: the exporter took the list away and the areas are unmapped
 *
 * @next_iova, @phys, @areas and @revoked are protected by the
 * reservation lock.
 */
struct sample_iommufd {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct iommu_domain *domain;
	unsigned long next_iova;
	struct dma_buf_phys_list *phys;
	struct list_head areas;
	unsigned int nr_areas;
	bool revoked;
};

static unsigned long iommufd_page_iova(struct iommufd_area *area,
				       size_t page)
{
	return area->iova + page * PAGE_SIZE;
}

/*
 * The mapped pages are always the first ones, at consecutive IOVAs: one
 * unmap takes them all, and an IOMMU that mapped a run with large pages
 * is never asked to split one.
 */
static void iommufd_area_unmap(struct sample_iommufd *imp,
			       struct iommufd_area *area)
{
	size_t size = area->nr_mapped * PAGE_SIZE;

	if (!size)
		return;
	WARN_ON(iommu_unmap(imp->domain, area->iova, size) != size);
	area->nr_mapped = 0;
}

/*
 * Maps @area from the current list, or nothing.  Runs are not capped
 * (@max is the whole area): iommu_map() picks the page sizes.
 */
static int iommufd_area_map(struct sample_iommufd *imp,
			    struct iommufd_area *area)
{
	struct dma_buf_pal_iter iter;
	phys_addr_t paddr;
	u64 len;
	int ret;

	ret = dma_buf_pal_iter_init(&iter, imp->phys, area->offset,
				    area->length);
	if (ret)
		return ret;
	while (dma_buf_pal_iter_next(&iter, area->length, &paddr, &len)) {
		ret = iommu_map(imp->domain,
				iommufd_page_iova(area, area->nr_mapped), paddr,
				len, IOMMU_READ | IOMMU_WRITE | IOMMU_MMIO,
				GFP_KERNEL);
		if (ret)
			goto err_unmap_area;
		area->nr_mapped += len / PAGE_SIZE;
	}
	return 0;

err_unmap_area:
	iommufd_area_unmap(imp, area);
	return ret;
}

/* Borrows the exporter's list if we do not hold it; reservation lock. */
static int iommufd_get_phys(struct sample_iommufd *imp)
{
	struct dma_buf_phys_list *phys;

	if (imp->phys)
		return 0;
	phys = dma_buf_pal_map_phys(imp->attach);
	if (IS_ERR(phys))
		return PTR_ERR(phys);
	imp->phys = phys;
	return 0;
}

static void iommufd_put_phys(struct sample_iommufd *imp)
{
	if (!imp->phys)
		return;
	dma_buf_pal_unmap_phys(imp->attach, imp->phys);
	imp->phys = NULL;
}

static void iommufd_invalidate(struct dma_buf_attachment *attach)
{
	struct sample_iommufd *imp = attach->importer_priv;
	struct iommufd_area *area;

	dma_resv_assert_held(attach->dmabuf->resv);
	/* The device must not reach the old addresses once we return. */
	list_for_each_entry(area, &imp->areas, node)
		iommufd_area_unmap(imp, area);
	iommufd_put_phys(imp);
	if (imp->nr_areas)
		imp->revoked = true;
}

static const struct dma_buf_attach_ops iommufd_attach_ops = {
	.invalidate_mappings = iommufd_invalidate,
};

/**
 * sample_iommufd_attach - import a buffer for mapping into a domain
 * @dmabuf: the buffer; a reference is taken
 * @domain: the IOMMU domain the importer owns
 *
 * Return: the importer, for sample_iommufd_detach(); or an ERR_PTR from
 * attach: -EINVAL when the exporter offers no PAL.
 */
struct sample_iommufd *sample_iommufd_attach(struct dma_buf *dmabuf,
					     struct iommu_domain *domain)
{
	struct dma_buf_mapping_match pal = DMA_BUF_IMAPPING_PAL();
	struct sample_iommufd *imp;
	int ret;

	imp = kzalloc(sizeof(*imp), GFP_KERNEL);
	if (!imp)
		return ERR_PTR(-ENOMEM);
	imp->domain = domain;
	imp->next_iova = ALIGN(domain->geometry.aperture_start, PAGE_SIZE);
	INIT_LIST_HEAD(&imp->areas);
	imp->attach = dma_buf_mapping_attach(dmabuf, &pal, 1,
					     &iommufd_attach_ops, imp);
	if (IS_ERR(imp->attach)) {
		ret = PTR_ERR(imp->attach);
		kfree(imp);
		return ERR_PTR(ret);
	}
	get_dma_buf(dmabuf);
	imp->dmabuf = dmabuf;
	return imp;
}

/**
 * sample_iommufd_map - map a byte range of the buffer into the domain
 * @imp: the importer
 * @offset: where the range starts in the buffer, page aligned
 * @length: its length, page aligned, not zero
 *
 * Return: the new area's number (0, 1, ...), or -EINVAL for a zero,
 * misaligned or out-of-range request, -ENODEV while the exporter has
 * revoked the buffer and, once it allows mapping again, until
 * sample_iommufd_remap() has mapped the revoked areas again; -ENOSPC when
 * the domain has no room left, -ENOMEM, or iommu_map()'s error.  Nothing
 * stays mapped on failure.
 */
int sample_iommufd_map(struct sample_iommufd *imp, u64 offset, u64 length)
{
	struct iommufd_area *area;
	u64 end;
	int ret;

	/* Bounded by the buffer before the size of anything depends on it. */
	if (!length || !PAGE_ALIGNED(offset) || !PAGE_ALIGNED(length) ||
	    check_add_overflow(offset, length, &end) ||
	    end > imp->dmabuf->size)
		return -EINVAL;
	area = kzalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return -ENOMEM;
	area->offset = offset;
	area->length = length;
	area->nr_pages = length / PAGE_SIZE;

	dma_resv_lock(imp->dmabuf->resv, NULL);
	/*
	 * A list got now would let the new area be mapped while the revoked
	 * ones are not, and the remap then would map it twice.
	 */
	if (imp->revoked) {
		ret = -ENODEV;
		goto err_unlock;
	}
	if (imp->next_iova > imp->domain->geometry.aperture_end ||
	    length - 1 > imp->domain->geometry.aperture_end - imp->next_iova) {
		ret = -ENOSPC;
		goto err_unlock;
	}
	area->iova = imp->next_iova;
	ret = iommufd_get_phys(imp);
	if (ret)
		goto err_unlock;
	ret = iommufd_area_map(imp, area);
	if (ret)
		goto err_put_phys;
	list_add_tail(&area->node, &imp->areas);
	imp->next_iova += length;
	ret = imp->nr_areas++;
	dma_resv_unlock(imp->dmabuf->resv);
	return ret;

err_put_phys:
	/* Keep the list only while an area uses it. */
	if (!imp->nr_areas)
		iommufd_put_phys(imp);
err_unlock:
	dma_resv_unlock(imp->dmabuf->resv);
	kfree(area);
	return ret;
}

/**
 * sample_iommufd_remap - map every area again after a revoke
 * @imp: the importer
 *
 * Return: 0 (also when nothing was revoked), -ENODEV while the exporter
 * still refuses, or another error mapping returned; on error no area is
 * mapped.
 */
int sample_iommufd_remap(struct sample_iommufd *imp)
{
	struct iommufd_area *area;
	int ret = 0;

	dma_resv_lock(imp->dmabuf->resv, NULL);
	if (!imp->revoked)
		goto out_unlock;
	ret = iommufd_get_phys(imp);
	if (ret)
		goto out_unlock;
	list_for_each_entry(area, &imp->areas, node) {
		ret = iommufd_area_map(imp, area);
		if (ret)
			goto err_unmap_areas;
	}
	imp->revoked = false;
	goto out_unlock;

err_unmap_areas:
	list_for_each_entry(area, &imp->areas, node)
		iommufd_area_unmap(imp, area);
	iommufd_put_phys(imp);
out_unlock:
	dma_resv_unlock(imp->dmabuf->resv);
	return ret;
}

/**
 * sample_iommufd_detach - unmap every area and let the buffer go
 * @imp: from sample_iommufd_attach()
 */
void sample_iommufd_detach(struct sample_iommufd *imp)
{
	struct dma_buf *dmabuf = imp->dmabuf;
	struct iommufd_area *area, *next;

	dma_resv_lock(dmabuf->resv, NULL);
	list_for_each_entry_safe(area, next, &imp->areas, node) {
		iommufd_area_unmap(imp, area);
		list_del(&area->node);
		kfree(area);
	}
	iommufd_put_phys(imp);
	dma_resv_unlock(dmabuf->resv);
	dma_buf_detach(dmabuf, imp->attach);
	dma_buf_put(dmabuf);
	kfree(imp);
}

/**
 * sample_iommufd_attachment - the importer's attachment
 * @imp: from sample_iommufd_attach()
 *
 * Return: the attachment.
 */
struct dma_buf_attachment *sample_iommufd_attachment(struct sample_iommufd *imp)
{
	return imp->attach;
}

/**
 * sample_iommufd_revoked - are the areas unmapped by a revoke?
 * @imp: the importer
 *
 * Return: true from a revoke until a successful sample_iommufd_remap().
 */
bool sample_iommufd_revoked(struct sample_iommufd *imp)
{
	return imp->revoked;
}

/**
 * sample_iommufd_nr_areas - how many areas the importer has
 * @imp: the importer
 *
 * Return: the number of areas mapped with sample_iommufd_map().
 */
unsigned int sample_iommufd_nr_areas(struct sample_iommufd *imp)
{
	return imp->nr_areas;
}

static struct iommufd_area *iommufd_area_nr(struct sample_iommufd *imp,
					    unsigned int nr)
{
	struct iommufd_area *area;

	list_for_each_entry(area, &imp->areas, node)
		if (!nr--)
			return area;
	return NULL;
}

/**
 * sample_iommufd_area - what an area covers
 * @imp: the importer
 * @nr: the area's number
 * @offset: where it starts in the buffer
 * @length: its length
 * @mapped: whether its pages are mapped now
 *
 * Return: 0, or -EINVAL for no such area.
 */
int sample_iommufd_area(struct sample_iommufd *imp, unsigned int nr,
			u64 *offset, u64 *length, bool *mapped)
{
	struct iommufd_area *area = iommufd_area_nr(imp, nr);

	if (!area)
		return -EINVAL;
	*offset = area->offset;
	*length = area->length;
	*mapped = area->nr_mapped == area->nr_pages;
	return 0;
}

/**
 * sample_iommufd_iova - the IOVA a page of an area is mapped at
 * @imp: the importer
 * @nr: the area's number
 * @page: the page's index in the area
 *
 * Return: the IOVA, or %DMA_MAPPING_ERROR when it is not mapped.
 */
u64 sample_iommufd_iova(struct sample_iommufd *imp, unsigned int nr,
			size_t page)
{
	struct iommufd_area *area = iommufd_area_nr(imp, nr);

	if (!area || page >= area->nr_mapped)
		return DMA_MAPPING_ERROR;
	return iommufd_page_iova(area, page);
}

/**
 * sample_iommufd_mapped_pages - pages mapped in the domain now
 * @imp: the importer
 *
 * Return: the total over all areas.
 */
unsigned long sample_iommufd_mapped_pages(struct sample_iommufd *imp)
{
	struct iommufd_area *area;
	unsigned long n = 0;

	list_for_each_entry(area, &imp->areas, node)
		n += area->nr_mapped;
	return n;
}
