/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct scatterlist and struct sg_table with the kernel's layout rules: an
 * entry either points at a page or, in a DMA-only table, has no page at all;
 * the last entry carries the end mark.  Tables are one flat array (the
 * kernel chains chunks; nothing the engine does can tell the difference).
 */
#ifndef _HOST_SCATTERLIST_H
#define _HOST_SCATTERLIST_H

#include "types.h"
#include "alloc.h"

struct scatterlist {
	unsigned long page_link;	/* struct page *, low bits: marks */
	unsigned int offset;
	unsigned int length;
	dma_addr_t dma_address;
	unsigned int dma_length;
};

#define SG_CHAIN	0x01UL
#define SG_END		0x02UL
#define SG_PAGE_LINK_MASK	(SG_CHAIN | SG_END)

struct sg_table {
	struct scatterlist *sgl;
	unsigned int nents;		/* mapped entries */
	unsigned int orig_nents;	/* entries in the table */
};

#define sg_dma_address(sg)	((sg)->dma_address)
#define sg_dma_len(sg)		((sg)->dma_length)

static inline bool sg_is_last(const struct scatterlist *sg)
{
	return sg->page_link & SG_END;
}

static inline struct scatterlist *sg_next(struct scatterlist *sg)
{
	return sg_is_last(sg) ? NULL : sg + 1;
}

static inline struct page *sg_page(const struct scatterlist *sg)
{
	return (struct page *)(sg->page_link & ~SG_PAGE_LINK_MASK);
}

static inline void sg_assign_page(struct scatterlist *sg, struct page *page)
{
	sg->page_link = (sg->page_link & SG_PAGE_LINK_MASK) |
			(unsigned long)page;
}

static inline void sg_set_page(struct scatterlist *sg, struct page *page,
			       unsigned int len, unsigned int offset)
{
	sg_assign_page(sg, page);
	sg->offset = offset;
	sg->length = len;
}

static inline phys_addr_t sg_phys(const struct scatterlist *sg)
{
	return page_to_phys(sg_page(sg)) + sg->offset;
}

static inline void sg_mark_end(struct scatterlist *sg)
{
	sg->page_link |= SG_END;
}

void sg_init_table(struct scatterlist *sgl, unsigned int nents);
int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp);
void sg_free_table(struct sg_table *table);
int sg_alloc_table_from_pages(struct sg_table *sgt, struct page **pages,
			      unsigned int n_pages, unsigned int offset,
			      unsigned long size, gfp_t gfp);

#define for_each_sg(sglist, sg, nr, i) \
	for ((i) = 0, (sg) = (sglist); (i) < (nr); (i)++, (sg) = sg_next(sg))
#define for_each_sgtable_sg(sgt, sg, i) \
	for_each_sg((sgt)->sgl, sg, (sgt)->orig_nents, i)
#define for_each_sgtable_dma_sg(sgt, sg, i) \
	for_each_sg((sgt)->sgl, sg, (sgt)->nents, i)

#endif /* _HOST_SCATTERLIST_H */
