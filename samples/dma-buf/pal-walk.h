/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A forward walker over a physical address list: the pages of a byte
 * range of a PAL buffer, in order.  Kept apart from the importer that uses
 * it so it can be tested, and fuzzed, on its own.
 */
#ifndef _SAMPLES_PAL_WALK_H
#define _SAMPLES_PAL_WALK_H

#include <linux/types.h>

struct dma_buf_phys_list;

/**
 * struct sample_pal_walk - where a walk is
 * @list: the list being walked
 * @idx: the entry the next page comes from
 * @off: byte offset of the next page inside that entry
 * @left: bytes of the request not yet produced
 *
 * Filled by sample_pal_walk_init(); private to the walker.
 */
struct sample_pal_walk {
	const struct dma_buf_phys_list *list;
	size_t idx;
	u64 off;
	u64 left;
};

int sample_pal_walk_init(struct sample_pal_walk *walk,
			 const struct dma_buf_phys_list *list,
			 u64 offset, u64 length);
bool sample_pal_walk_next(struct sample_pal_walk *walk, phys_addr_t *paddr);

#endif /* _SAMPLES_PAL_WALK_H */
