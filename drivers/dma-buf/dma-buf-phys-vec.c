// SPDX-License-Identifier: GPL-2.0
/*
 * Turning MMIO ranges into an SGT for the importing device.
 *
 * MMIO exporters (a GPU's VRAM, a VFIO device's BARs) use this for their
 * SGT map op.  The ranges have no struct page, so the table carries DMA
 * addresses only.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/pci-p2pdma.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

/*
 * A DMA segment length is 32-bit: longer stretches are cut into segments of
 * this size, which stays a whole number of pages.
 */
#define DMA_BUF_MAX_SEG		ALIGN_DOWN((size_t)UINT_MAX, PAGE_SIZE)

/**
 * struct dma_buf_mmio_sgt - an SGT built by dma_buf_phys_vec_to_sgt()
 * @sgt: what the exporter hands out
 * @state: the device's IOVA range on the host-bridge route when its IOMMU
 *	gave one (dma_use_iova()): every range is linked into it
 * @linked: bytes linked into @state, what dma_iova_destroy() undoes
 * @nr_mapped: ranges mapped one by one with dma_map_phys(), on the
 *	host-bridge route without an IOVA range
 * @mapped: the DMA address of each such range, to unmap it as mapped
 *
 * The table's entries cannot tell where one range ends and the next
 * starts, so what dma_buf_free_sgt() must undo is kept beside it; only the
 * route that maps range by range needs @mapped.
 */
struct dma_buf_mmio_sgt {
	struct sg_table sgt;
	struct dma_iova_state state;
	size_t linked;
	size_t nr_mapped;
	struct {
		dma_addr_t addr;
		size_t len;
	} mapped[] __counted_by(nr_mapped);
};

/* Segments of at most DMA_BUF_MAX_SEG that @len takes; no overflow. */
static size_t dma_buf_segments(size_t len)
{
	return len / DMA_BUF_MAX_SEG + !!(len % DMA_BUF_MAX_SEG);
}

/*
 * The ranges are non-empty and add up to @size without wrapping, and a
 * table of one entry per segment of each range fits: @nents.
 */
static bool dma_buf_count_segments(const struct dma_buf_phys_vec *phys_vec,
				   size_t nr_ranges, size_t size,
				   unsigned int *nents)
{
	size_t i, len, total = 0, n = nr_ranges;

	/*
	 * One segment per range, plus what a longer range adds (no division
	 * for the others).  No overflow of @n: a range of len bytes has at
	 * most len segments, and the lengths add up without overflowing.
	 */
	for (i = 0; i < nr_ranges; i++) {
		len = phys_vec[i].len;
		if (!len || check_add_overflow(total, len, &total))
			return false;
		if (unlikely(len > DMA_BUF_MAX_SEG))
			n += dma_buf_segments(len) - 1;
	}
	if (total != size || n > UINT_MAX)
		return false;
	*nents = n;
	return true;
}

/* Fills the entries of one stretch from @sg on; returns the next entry. */
static struct scatterlist *dma_buf_fill_range(struct scatterlist *sg,
					      dma_addr_t addr, size_t len)
{
	while (len) {
		size_t seg = min_t(size_t, len, DMA_BUF_MAX_SEG);

		sg_dma_address(sg) = addr;
		sg_dma_len(sg) = seg;
		addr += seg;
		len -= seg;
		sg = sg_next(sg);
	}
	return sg;
}

/* Undoes every mapping recorded in @mmio, and only those. */
static void dma_buf_unmap_ranges(struct device *dev,
				 struct dma_buf_mmio_sgt *mmio,
				 enum dma_data_direction dir)
{
	size_t i;

	if (dma_use_iova(&mmio->state))
		dma_iova_destroy(dev, &mmio->state, mmio->linked, dir,
				 DMA_ATTR_MMIO);
	for (i = 0; i < mmio->nr_mapped; i++)
		dma_unmap_phys(dev, mmio->mapped[i].addr, mmio->mapped[i].len,
			       dir, DMA_ATTR_MMIO);
}

/* Host bridge, IOVA range: link every range, one sync, one span. */
static int dma_buf_link_ranges(struct device *dev,
			       struct dma_buf_mmio_sgt *mmio,
			       const struct dma_buf_phys_vec *phys_vec,
			       size_t nr_ranges, enum dma_data_direction dir)
{
	size_t i;
	int ret;

	for (i = 0; i < nr_ranges; i++) {
		ret = dma_iova_link(dev, &mmio->state, phys_vec[i].paddr,
				    mmio->linked, phys_vec[i].len, dir,
				    DMA_ATTR_MMIO);
		if (ret)
			return ret;
		mmio->linked += phys_vec[i].len;
	}
	ret = dma_iova_sync(dev, &mmio->state, 0, mmio->linked);
	if (ret)
		return ret;
	dma_buf_fill_range(mmio->sgt.sgl, mmio->state.addr, mmio->linked);
	return 0;
}

/* Bus addresses, or the host bridge without an IOVA range: range by range. */
static int dma_buf_map_ranges(struct device *dev, struct dma_buf_mmio_sgt *mmio,
			      struct p2pdma_provider *provider, bool bus_addr,
			      const struct dma_buf_phys_vec *phys_vec,
			      size_t nr_ranges, enum dma_data_direction dir)
{
	struct scatterlist *sg = mmio->sgt.sgl;
	dma_addr_t addr;
	size_t i;

	for (i = 0; i < nr_ranges; i++) {
		if (bus_addr) {
			addr = pci_p2pdma_bus_addr_map(provider,
						       phys_vec[i].paddr);
		} else {
			addr = dma_map_phys(dev, phys_vec[i].paddr,
					    phys_vec[i].len, dir, DMA_ATTR_MMIO);
			if (dma_mapping_error(dev, addr))
				return -ENOMEM;
			/* Count first: @mapped is __counted_by(nr_mapped). */
			mmio->nr_mapped = i + 1;
			mmio->mapped[i].addr = addr;
			mmio->mapped[i].len = phys_vec[i].len;
		}
		sg = dma_buf_fill_range(sg, addr, phys_vec[i].len);
	}
	return 0;
}

/**
 * dma_buf_phys_vec_to_sgt - an SGT of MMIO ranges for an attachment
 * @attach: the SGT attachment being mapped; its dma_buf_sgt_dma_device()
 *	is the importing device
 * @provider: the P2P provider (one per BAR) that owns the ranges
 * @phys_vec: the ranges, CPU physical addresses
 * @nr_ranges: number of entries in @phys_vec
 * @size: their total length, which must match
 * @dir: the direction of the DMA
 *
 * Decides how the importing device reaches @provider's MMIO: through a
 * shared PCI switch (the DMA address is the bus address; nothing is
 * mapped), or through the host bridge.  There, when the device's IOMMU
 * gives one IOVA range for the whole buffer, every range is linked into
 * it and synced once, and the table is that one span; otherwise each
 * range is mapped with dma_map_phys().  Stretches longer than a DMA
 * segment can hold are split, the address advancing by each entry's
 * length.  The table has no pages: only its DMA addresses may be used.
 * Called from an exporter's map_dma_buf, with the reservation lock held.
 *
 * Return: the table, to be freed with dma_buf_free_sgt(); or an ERR_PTR:
 * -EINVAL when the attachment is not SGT, the ranges are empty or do not
 * add up to @size, or the device cannot reach the provider at all;
 * -ENOMEM when memory or a DMA mapping could not be had; or the error of
 * linking into the IOVA range.
 */
struct sg_table *dma_buf_phys_vec_to_sgt(struct dma_buf_attachment *attach,
					 struct p2pdma_provider *provider,
					 struct dma_buf_phys_vec *phys_vec,
					 size_t nr_ranges, size_t size,
					 enum dma_data_direction dir)
{
	struct device *dev = dma_buf_sgt_dma_device(attach);
	struct dma_iova_state state = {};
	struct dma_buf_mmio_sgt *mmio;
	size_t nr_mapped = 0;
	unsigned int nents;
	bool bus_addr;
	int ret;

	if (WARN_ON(!dev || !provider || !phys_vec || !nr_ranges))
		return ERR_PTR(-EINVAL);
	dma_resv_assert_held(attach->dmabuf->resv);
	if (WARN_ON(!dma_buf_count_segments(phys_vec, nr_ranges, size,
					    &nents)))
		return ERR_PTR(-EINVAL);

	switch (pci_p2pdma_map_type(provider, dev)) {
	case PCI_P2PDMA_MAP_BUS_ADDR:
		bus_addr = true;
		break;
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:
		bus_addr = false;
		if (dma_iova_try_alloc(dev, &state, 0, size))
			/* One span: never more entries than range by range. */
			nents = dma_buf_segments(size);
		else
			nr_mapped = nr_ranges;
		break;
	default:
		return ERR_PTR(-EINVAL);
	}

	mmio = kvmalloc(struct_size(mmio, mapped, nr_mapped), GFP_KERNEL);
	if (!mmio) {
		ret = -ENOMEM;
		goto err_free_iova;
	}
	mmio->state = state;
	mmio->linked = 0;
	mmio->nr_mapped = 0;
	ret = sg_alloc_table(&mmio->sgt, nents, GFP_KERNEL);
	if (ret)
		goto err_free_mmio;

	if (dma_use_iova(&state))
		ret = dma_buf_link_ranges(dev, mmio, phys_vec, nr_ranges, dir);
	else
		ret = dma_buf_map_ranges(dev, mmio, provider, bus_addr,
					 phys_vec, nr_ranges, dir);
	if (ret)
		goto err_unmap_ranges;
	return &mmio->sgt;

err_unmap_ranges:
	dma_buf_unmap_ranges(dev, mmio, dir);
	sg_free_table(&mmio->sgt);
	kvfree(mmio);
	return ERR_PTR(ret);
err_free_mmio:
	kvfree(mmio);
err_free_iova:
	if (dma_use_iova(&state))
		dma_iova_free(dev, &state);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_phys_vec_to_sgt, "DMA_BUF");

/**
 * dma_buf_free_sgt - free a table from dma_buf_phys_vec_to_sgt()
 * @attach: the attachment it was built for
 * @sgt: the table
 * @dir: the direction it was built with
 *
 * Unmaps what was mapped through the host bridge and frees the table.
 * Called from an exporter's unmap_dma_buf, with the reservation lock held.
 */
void dma_buf_free_sgt(struct dma_buf_attachment *attach, struct sg_table *sgt,
		      enum dma_data_direction dir)
{
	struct dma_buf_mmio_sgt *mmio = container_of(sgt, struct dma_buf_mmio_sgt,
						     sgt);
	struct device *dev = dma_buf_sgt_dma_device(attach);

	if (WARN_ON(!dev))
		return;
	dma_resv_assert_held(attach->dmabuf->resv);
	dma_buf_unmap_ranges(dev, mmio, dir);
	sg_free_table(&mmio->sgt);
	kvfree(mmio);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_free_sgt, "DMA_BUF");
