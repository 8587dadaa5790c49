/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kmalloc/kvmalloc families over a tracking allocator.
 *
 * Every block records which family allocated it and where, so freeing a
 * kvmalloc'd block with kfree(), a double free, or a block still live at the
 * end of a test case is reported (see hooks.h).  host_fail_alloc_nth() makes
 * one chosen allocation fail, for fault sweeps.  As in the kernel, a
 * kvmalloc() of more than INT_MAX bytes fails with a WARN (unless
 * __GFP_NOWARN): a caller must bound what it is asked for.
 */
#ifndef _HOST_ALLOC_H
#define _HOST_ALLOC_H

#include <stddef.h>
#include "types.h"

#define GFP_KERNEL	0x1u
#define GFP_NOWAIT	0x2u
#define GFP_ATOMIC	0x4u
#define __GFP_ZERO	0x100u
#define __GFP_NOWARN	0x200u

enum host_alloc_kind {
	HOST_ALLOC_KMALLOC,
	HOST_ALLOC_KVMALLOC,
	HOST_ALLOC_PAGE,
};

void *host_alloc(size_t size, gfp_t gfp, enum host_alloc_kind kind,
		 const char *file, int line);
void host_free(const void *ptr, enum host_alloc_kind kind,
	       const char *file, int line);
/* Live tracked allocations (all kinds), for leak checks outside KUnit. */
unsigned long host_alloc_live(void);

#define kmalloc(size, gfp) \
	host_alloc(size, gfp, HOST_ALLOC_KMALLOC, __FILE__, __LINE__)
#define kzalloc(size, gfp)	kmalloc(size, (gfp) | __GFP_ZERO)
#define kmalloc_array(n, size, gfp) \
	kmalloc(host_struct_size(0, size, n), gfp)
#define kcalloc(n, size, gfp)	kmalloc_array(n, size, (gfp) | __GFP_ZERO)
#define kfree(ptr)	host_free(ptr, HOST_ALLOC_KMALLOC, __FILE__, __LINE__)

/* 7.3's typed allocators: the gfp flags are optional, GFP_KERNEL if not. */
#define __host_default_gfp(a, b, ...)	b
#define default_gfp(...)	__host_default_gfp(, ##__VA_ARGS__, GFP_KERNEL)
#define __host_alloc_objs(alloc, gfp, type, count) \
	((type *)alloc(host_struct_size(0, sizeof(type), count), gfp))
#define kmalloc_obj(p, ...) \
	__host_alloc_objs(kmalloc, default_gfp(__VA_ARGS__), typeof(p), 1)
#define kzalloc_obj(p, ...) \
	__host_alloc_objs(kzalloc, default_gfp(__VA_ARGS__), typeof(p), 1)
#define kmalloc_objs(p, count, ...) \
	__host_alloc_objs(kmalloc, default_gfp(__VA_ARGS__), typeof(p), count)
#define kzalloc_objs(p, count, ...) \
	__host_alloc_objs(kzalloc, default_gfp(__VA_ARGS__), typeof(p), count)

#define kvmalloc(size, gfp) \
	host_alloc(size, gfp, HOST_ALLOC_KVMALLOC, __FILE__, __LINE__)
#define kvzalloc(size, gfp)	kvmalloc(size, (gfp) | __GFP_ZERO)
#define kvmalloc_array(n, size, gfp) \
	kvmalloc(host_struct_size(0, size, n), gfp)
#define kvcalloc(n, size, gfp)	kvmalloc_array(n, size, (gfp) | __GFP_ZERO)
#define kvfree(ptr)	host_free(ptr, HOST_ALLOC_KVMALLOC, __FILE__, __LINE__)


/*
 * Pages: a struct page stands for one PAGE_SIZE frame with a fake but unique
 * and stable physical address, backed by real memory so data can be checked.
 */
struct page {
	phys_addr_t phys;
	void *virt;
};

struct page *host_alloc_page(gfp_t gfp, const char *file, int line);
void host_free_page(struct page *page, const char *file, int line);
#define alloc_page(gfp)		host_alloc_page(gfp, __FILE__, __LINE__)
#define __free_page(page)	host_free_page(page, __FILE__, __LINE__)

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return page->phys;
}

static inline void *page_address(const struct page *page)
{
	return page->virt;
}

#endif /* _HOST_ALLOC_H */
