// SPDX-License-Identifier: GPL-2.0
/*
 * The tracking allocator behind kmalloc(), kvmalloc() and alloc_page().
 * A page is not freed quietly while a DMA mapping covers it (dma.c).
 *
 * Blocks come from libc (so AddressSanitizer still sees every overflow);
 * a side table keyed by address remembers, for each live block, its family,
 * size, stamp and the call site.  The table is a fixed array of buckets with
 * chained records: tens of thousands of live blocks stay cheap to free.
 */
#include <host/kernel.h>
#include "registry.h"

#define BUCKETS		(1u << 16)

struct record {
	const void *ptr;
	size_t size;
	enum host_alloc_kind kind;
	const char *file;
	int line;
	unsigned long stamp;
	struct record *next;
};

static struct record *table[BUCKETS];
static unsigned long live;
static struct host_fault alloc_fault;
static phys_addr_t next_frame = 0x100000000ULL;	/* fake RAM above 4 GiB */

static const char *const kind_name[] = {
	[HOST_ALLOC_KMALLOC] = "kmalloc",
	[HOST_ALLOC_KVMALLOC] = "kvmalloc",
	[HOST_ALLOC_PAGE] = "alloc_page",
};

static const char *const free_name[] = {
	[HOST_ALLOC_KMALLOC] = "kfree",
	[HOST_ALLOC_KVMALLOC] = "kvfree",
	[HOST_ALLOC_PAGE] = "__free_page",
};

static unsigned int bucket_of(const void *ptr)
{
	uintptr_t v = (uintptr_t)ptr;

	v ^= v >> 17;
	v *= 0x9e3779b97f4a7c15ULL;
	return (unsigned int)(v >> 40) & (BUCKETS - 1);
}

unsigned long host_fail_alloc_nth(unsigned long nth)
{
	return host_fault_arm(&alloc_fault, nth);
}

bool host_fail_alloc_fired(void)
{
	return alloc_fault.fired;
}

static bool track(const void *ptr, size_t size, enum host_alloc_kind kind,
		  const char *file, int line)
{
	struct record *r = malloc(sizeof(*r));
	unsigned int b = bucket_of(ptr);

	if (!r)
		return false;
	*r = (struct record){ ptr, size, kind, file, line, host_stamp_next(),
			      table[b] };
	table[b] = r;
	live++;
	return true;
}

void *host_alloc(size_t size, gfp_t gfp, enum host_alloc_kind kind,
		 const char *file, int line)
{
	void *p;

	pthread_mutex_lock(&host_registry_lock);
	if (host_fault_hit(&alloc_fault) ||
	    (size == SIZE_MAX && kind != HOST_ALLOC_KVMALLOC)) {
		pthread_mutex_unlock(&host_registry_lock);
		return NULL;
	}
	pthread_mutex_unlock(&host_registry_lock);
	/* As the kernel's kvmalloc: "Don't even allow crazy sizes". */
	if (kind == HOST_ALLOC_KVMALLOC && size > INT_MAX) {
		if (!(gfp & __GFP_NOWARN))
			host_warn(file, line, "kvmalloc",
				  "size %zu > INT_MAX", size);
		return NULL;
	}

	/* A zero-size kmalloc() is valid and returns a unique cookie. */
	p = malloc(size ? size : 1);
	if (!p)
		return NULL;
	if (gfp & __GFP_ZERO)
		memset(p, 0, size);
	else
		memset(p, 0xa5, size);	/* as slub_debug poisons: no luck */

	pthread_mutex_lock(&host_registry_lock);
	if (!track(p, size, kind, file, line)) {
		pthread_mutex_unlock(&host_registry_lock);
		free(p);
		return NULL;
	}
	pthread_mutex_unlock(&host_registry_lock);
	return p;
}

/* Unlinks and returns the record for @ptr; registry lock held. */
static struct record *untrack(const void *ptr)
{
	struct record **pp = &table[bucket_of(ptr)], *r;

	for (; (r = *pp); pp = &r->next) {
		if (r->ptr == ptr) {
			*pp = r->next;
			live--;
			return r;
		}
	}
	return NULL;
}

void host_free(const void *ptr, enum host_alloc_kind kind, const char *file,
	       int line)
{
	struct record *r;

	if (!ptr)
		return;
	pthread_mutex_lock(&host_registry_lock);
	r = untrack(ptr);
	pthread_mutex_unlock(&host_registry_lock);

	if (!r) {
		host_warn(file, line, free_name[kind],
			  "freeing %p, which is not allocated (double free?)",
			  ptr);
		return;
	}
	if (r->kind != kind)
		host_warn(file, line, free_name[kind],
			  "%p came from %s at %s:%d, freed with %s", ptr,
			  kind_name[r->kind], r->file, r->line,
			  free_name[kind]);
	free((void *)ptr);
	free(r);
}

unsigned long host_alloc_live(void)
{
	return live;
}

struct page *host_alloc_page(gfp_t gfp, const char *file, int line)
{
	struct page *page;

	page = host_alloc(sizeof(*page), 0, HOST_ALLOC_PAGE, file, line);
	if (!page)
		return NULL;
	page->virt = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!page->virt) {
		host_free(page, HOST_ALLOC_PAGE, file, line);
		return NULL;
	}
	memset(page->virt, (gfp & __GFP_ZERO) ? 0 : 0xa5, PAGE_SIZE);
	pthread_mutex_lock(&host_registry_lock);
	page->phys = next_frame;
	next_frame += PAGE_SIZE;
	pthread_mutex_unlock(&host_registry_lock);
	return page;
}

/* Where the live block @ptr was allocated; false if it is not live. */
static bool alloc_site(const void *ptr, const char **file, int *line)
{
	struct record *r;

	pthread_mutex_lock(&host_registry_lock);
	for (r = table[bucket_of(ptr)]; r; r = r->next)
		if (r->ptr == ptr)
			break;
	if (r) {
		*file = r->file;
		*line = r->line;
	}
	pthread_mutex_unlock(&host_registry_lock);
	return r;
}

/*
 * A page that a live DMA mapping still covers is reported before it goes,
 * as the device may write into it once it is someone else's.
 */
void host_free_page(struct page *page, const char *file, int line)
{
	const char *alloc_file;
	int alloc_line;

	if (!page)
		return;
	if (alloc_site(page, &alloc_file, &alloc_line))
		host_dma_check_free(page->phys, PAGE_SIZE, alloc_file,
				    alloc_line, file, line, "__free_page");
	free(page->virt);
	host_free(page, HOST_ALLOC_PAGE, file, line);
}

unsigned int host_alloc_report(unsigned long mark, host_report_fn print,
			       void *ctx)
{
	unsigned int n = 0, b;
	struct record *r;
	char line[256];

	pthread_mutex_lock(&host_registry_lock);
	for (b = 0; b < BUCKETS; b++) {
		for (r = table[b]; r; r = r->next) {
			if (r->stamp < mark)
				continue;
			n++;
			if (!print)
				continue;
			snprintf(line, sizeof(line),
				 "leak: %zu bytes from %s at %s:%d",
				 r->size, kind_name[r->kind], r->file, r->line);
			print(ctx, line);
		}
	}
	pthread_mutex_unlock(&host_registry_lock);
	return n;
}
