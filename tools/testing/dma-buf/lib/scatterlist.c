// SPDX-License-Identifier: GPL-2.0
/*
 * sg_table allocation.  A table is one kmalloc'd array, so it is one
 * tracked allocation: a fault sweep fails it as a unit, and a table that is
 * never freed shows up as a leak naming the line that allocated it.
 */
#include <host/kernel.h>

void sg_init_table(struct scatterlist *sgl, unsigned int nents)
{
	memset(sgl, 0, sizeof(*sgl) * nents);
	sg_mark_end(&sgl[nents - 1]);
}

int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp)
{
	memset(table, 0, sizeof(*table));
	if (!nents)
		return -EINVAL;
	table->sgl = kmalloc_array(nents, sizeof(*table->sgl), gfp);
	if (!table->sgl)
		return -ENOMEM;
	sg_init_table(table->sgl, nents);
	table->nents = nents;
	table->orig_nents = nents;
	return 0;
}

void sg_free_table(struct sg_table *table)
{
	kfree(table->sgl);
	table->sgl = NULL;
	table->nents = 0;
	table->orig_nents = 0;
}

/* One entry per run of physically contiguous pages, as the kernel merges. */
int sg_alloc_table_from_pages(struct sg_table *sgt, struct page **pages,
			      unsigned int n_pages, unsigned int offset,
			      unsigned long size, gfp_t gfp)
{
	unsigned int i, runs = 0, idx;
	struct scatterlist *sg;
	int ret;

	for (i = 0; i < n_pages; i++)
		if (!i || page_to_phys(pages[i]) !=
			  page_to_phys(pages[i - 1]) + PAGE_SIZE)
			runs++;
	ret = sg_alloc_table(sgt, runs, gfp);
	if (ret)
		return ret;

	sg = sgt->sgl - 1;
	for (i = 0, idx = 0; i < n_pages; i++) {
		unsigned long len = min_t(unsigned long, size,
					  PAGE_SIZE - (i ? 0 : offset));

		if (!i || page_to_phys(pages[i]) !=
			  page_to_phys(pages[i - 1]) + PAGE_SIZE) {
			sg++;
			idx++;
			sg_set_page(sg, pages[i], 0, i ? 0 : offset);
		}
		sg->length += len;
		size -= len;
	}
	(void)idx;
	return 0;
}
