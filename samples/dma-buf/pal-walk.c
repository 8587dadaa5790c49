// SPDX-License-Identifier: GPL-2.0
/*
 * The pages of a byte range of a physical address list, in order.
 *
 * The proposal's iommufd importer walked a multi-range list with no bounds,
 * zero-length or alignment checks.  This walker checks everything it will
 * touch before producing the first page, so that walking cannot fail half
 * way, and every step moves forward by a page, so that it always ends.
 */
#include <linux/bug.h>
#include <linux/dma-buf-mapping.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/overflow.h>

#include "pal-walk.h"

/* An entry the walker can step through a page at a time. */
static bool sample_pal_entry_ok(const struct dma_buf_phys_vec *vec)
{
	phys_addr_t end;

	return vec->len && PAGE_ALIGNED(vec->paddr) && PAGE_ALIGNED(vec->len) &&
	       !check_add_overflow(vec->paddr, (phys_addr_t)vec->len, &end);
}

/**
 * sample_pal_walk_init - start a walk over part of a list
 * @walk: the walk to set up
 * @list: the exporter's list; not changed, and must not change during the
 *	walk
 * @offset: byte offset into the buffer the list describes, page aligned
 * @length: bytes to walk, page aligned, not zero
 *
 * Seeks to @offset and checks that [@offset, @offset + @length) lies
 * inside the list and that every entry it covers, and every entry before
 * it, is well formed (not empty, page aligned, not wrapping).  Takes time
 * linear in the number of entries, whatever the list holds.
 *
 * Return: 0, and sample_pal_walk_next() then produces exactly
 * @length / PAGE_SIZE pages; or -EINVAL for a NULL or empty list, a zero,
 * misaligned or overflowing request, a request past the end of the list,
 * or a malformed entry.
 */
int sample_pal_walk_init(struct sample_pal_walk *walk,
			 const struct dma_buf_phys_list *list,
			 u64 offset, u64 length)
{
	u64 end, need;
	size_t i;

	/* A failed init leaves a walk that produces nothing. */
	walk->list = list;
	walk->left = 0;
	if (!list || !list->length || !length || !PAGE_ALIGNED(offset) ||
	    !PAGE_ALIGNED(length) || check_add_overflow(offset, length, &end))
		return -EINVAL;

	/* Seek: skip whole entries until @offset falls inside one. */
	for (i = 0; i < list->length; i++) {
		if (!sample_pal_entry_ok(&list->phys[i]))
			return -EINVAL;
		if (offset < list->phys[i].len)
			break;
		offset -= list->phys[i].len;
	}
	if (i == list->length)
		return -EINVAL;

	walk->idx = i;
	walk->off = offset;

	/* Check the entries the request covers, so next() cannot fail. */
	need = length;
	for (; i < list->length; i++) {
		u64 avail;

		if (!sample_pal_entry_ok(&list->phys[i]))
			return -EINVAL;
		avail = list->phys[i].len - (i == walk->idx ? offset : 0);
		if (need <= avail) {
			walk->left = length;
			return 0;
		}
		need -= avail;
	}
	return -EINVAL;
}

/**
 * sample_pal_walk_next - the next page of the walk
 * @walk: a walk set up by sample_pal_walk_init()
 * @paddr: where the page's physical address goes
 *
 * Return: true with *@paddr set, or false when the range is done.
 */
bool sample_pal_walk_next(struct sample_pal_walk *walk, phys_addr_t *paddr)
{
	const struct dma_buf_phys_vec *vec;

	if (!walk->left)
		return false;
	/* init checked the range fits; running off the list is a bug. */
	if (WARN_ON(walk->idx >= walk->list->length))
		return false;

	vec = &walk->list->phys[walk->idx];
	*paddr = vec->paddr + walk->off;
	walk->off += PAGE_SIZE;
	walk->left -= PAGE_SIZE;
	if (walk->off == vec->len) {
		walk->idx++;
		walk->off = 0;
	}
	return true;
}
