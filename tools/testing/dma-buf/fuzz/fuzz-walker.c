// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: PAL list validation and the iommufd-style importer's walker
 * (samples/dma-buf/pal-walk.c), on random lists and requests.
 *
 * The input is a list of physical ranges (biased towards the edges, as in
 * fuzz-pal.c, but with lengths mostly a few pages so that requests land
 * inside) and a request, a byte offset and length, biased towards page
 * multiples inside the list.  The reference works out on its own, with
 * 128-bit sums that cannot wrap:
 *
 *  - whether dma_buf_pal_validate_list() must accept the list;
 *  - whether sample_pal_walk_init() must accept the request: a non-empty
 *    list, a non-zero page aligned request that does not wrap and ends
 *    inside the list, and every entry from the first up to the one holding
 *    the request's last byte well formed (not empty, page aligned, not
 *    wrapping); entries after it are not the walker's business;
 *  - for an accepted request, the physical address of each page, found by
 *    scanning the list from the start for the entry that holds the byte.
 *
 * The walker must produce exactly length / PAGE_SIZE pages, each at the
 * reference's address, and then stop (never stuck: the loop is bounded by
 * the page count and asserts); a refused request must be -EINVAL and leave
 * a walk that produces nothing.  Nothing may WARN but the validator, once,
 * for a list it refuses.  ASan catches any read outside the list.
 */
#include <linux/dma-buf-mapping.h>
#include <linux/mm.h>
#include "fuzz-common.h"
#include "pal-walk.h"

#define MAX_ENTRIES	64
/* Walks longer than this are checked on their first WALK_PREFIX pages. */
#define MAX_WALK	BIT(16)
#define WALK_PREFIX	BIT(12)

/* Sums of up to 64 lengths below 2^64 cannot wrap in 128 bits. */
#define u128 unsigned __int128

static struct dma_buf_phys_list *list;	/* libc memory, sized exactly */

static bool ref_entry_ok(const struct dma_buf_phys_vec *v)
{
	const u64 page = 4096;

	return v->len && !(v->paddr % page) && !(v->len % page) &&
	       (u128)v->paddr + v->len <= U64_MAX;
}

static bool ref_list_ok(const struct dma_buf_phys_list *l)
{
	size_t i;

	if (!l->length)
		return false;
	for (i = 0; i < l->length; i++)
		if (!ref_entry_ok(&l->phys[i]))
			return false;
	return true;
}

static bool ref_request_ok(const struct dma_buf_phys_list *l, u64 offset,
			   u64 length)
{
	u128 end = (u128)offset + length, start = 0;
	size_t i;

	if (!l || !l->length || !length || offset % 4096 || length % 4096 ||
	    end > U64_MAX)
		return false;
	for (i = 0; i < l->length; i++) {
		if (start >= end)
			return true;
		if (!ref_entry_ok(&l->phys[i]))
			return false;
		start += l->phys[i].len;
	}
	return start >= end;
}

/* The physical address of byte @byte of the buffer, from the start. */
static phys_addr_t ref_paddr(const struct dma_buf_phys_list *l, u64 byte)
{
	u128 start = 0;
	size_t i;

	for (i = 0; i < l->length; i++) {
		if (byte < start + l->phys[i].len)
			return l->phys[i].paddr + (u64)(byte - start);
		start += l->phys[i].len;
	}
	fuzz_fail("reference: byte %#llx is past the list",
		  (unsigned long long)byte);
}

static u64 edge_addr(struct fuzz_in *in)
{
	u8 how = fuzz_u8(in);
	u64 v = fuzz_u64(in);

	switch (how & 7) {
	case 0:		/* raw */
		return v;
	case 1:		/* near the top, aligned or not */
		return (U64_MAX - (v & 0xffffff)) & (how & 8 ? ~0xfffULL : ~0ULL);
	case 2:
		return 0;
	default:	/* ordinary MMIO: aligned, below 2^48 */
		return v & 0xfffffffff000ULL;
	}
}

static u64 edge_len(struct fuzz_in *in)
{
	u8 how = fuzz_u8(in);

	switch (how & 15) {
	case 0:		/* raw */
		return fuzz_u64(in);
	case 1:		/* not a page multiple */
		return fuzz_u64(in) & 0xffffff;
	case 2:
		return 0;
	case 3:		/* large, aligned */
		return fuzz_u64(in) & 0xfffffffff000ULL;
	default:	/* a few pages */
		return (u64)(how >> 4 ? how >> 4 : 1) << 12;
	}
}

/* Offsets and lengths: mostly pages inside the list, sometimes anything. */
static u64 edge_request(struct fuzz_in *in, u64 total_pages, bool length)
{
	u8 how = fuzz_u8(in);
	u64 v = fuzz_u64(in);

	switch (how & 7) {
	case 0:		/* raw */
		return v;
	case 1:		/* not a page multiple */
		return v & 0xffff;
	case 2:		/* near the top of u64 */
		return (U64_MAX - (v & 0xffffff)) & ~0xfffULL;
	case 3:
		return 0;
	default:	/* whole pages, mostly inside */
		return (v % (total_pages + 2) + (length ? 1 : 0)) << 12;
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct fuzz_live live = fuzz_live_now();
	struct sample_pal_walk walk;
	const struct dma_buf_phys_list *l;
	unsigned long warns, pages, limit, k;
	u64 offset, length, total_pages = 0;
	u8 head = fuzz_u8(&in), flags = fuzz_u8(&in);
	phys_addr_t paddr;
	bool list_ok, req_ok;
	size_t i, n;
	int ret;

	n = head % (MAX_ENTRIES + 1);
	list = malloc(struct_size(list, phys, n));
	if (!list)
		fuzz_fail("no memory");
	list->length = n;
	for (i = 0; i < n; i++) {
		list->phys[i].paddr = edge_addr(&in);
		list->phys[i].len = edge_len(&in);
		total_pages += list->phys[i].len >> 12 & 0xffffffff;
	}
	offset = edge_request(&in, total_pages, false);
	length = edge_request(&in, total_pages, true);
	/* now and then no list at all */
	l = (flags & 0x1f) == 0x1f ? NULL : list;

	/* the validator */
	if (l && n) {
		list_ok = ref_list_ok(l);
		warns = host_warn_count();
		ret = dma_buf_pal_validate_list(l);
		warns = host_warn_count() - warns;
		fuzz_check(ret == (list_ok ? 0 : -EINVAL),
			   "validate: %d, reference %d", ret, list_ok);
		fuzz_check(warns == !list_ok, "validate: %lu WARNs", warns);
	}

	/* the walker */
	req_ok = ref_request_ok(l, offset, length);
	warns = host_warn_count();
	memset(&walk, 0xa5, sizeof(walk));
	ret = sample_pal_walk_init(&walk, l, offset, length);
	if (!req_ok) {
		fuzz_check(ret == -EINVAL,
			   "init: %d for a bad request (%zu entries, %#llx + %#llx)",
			   ret, l ? n : 0, (unsigned long long)offset,
			   (unsigned long long)length);
		fuzz_check(!sample_pal_walk_next(&walk, &paddr),
			   "a refused walk produced a page");
		goto out;
	}
	fuzz_check(ret == 0, "init: %d for a good request (%zu entries, %#llx + %#llx)",
		   ret, n, (unsigned long long)offset,
		   (unsigned long long)length);

	pages = length / PAGE_SIZE;
	limit = pages <= MAX_WALK ? pages : WALK_PREFIX;
	for (k = 0; k < limit; k++) {
		phys_addr_t want = ref_paddr(l, offset + (u64)k * PAGE_SIZE);

		fuzz_check(sample_pal_walk_next(&walk, &paddr),
			   "stopped after %lu of %lu pages", k, pages);
		fuzz_check(paddr == want, "page %lu at %#llx, not %#llx", k,
			   (unsigned long long)paddr,
			   (unsigned long long)want);
	}
	/* never stuck: exactly @pages pages, then the end, and it stays */
	if (limit == pages) {
		fuzz_check(!sample_pal_walk_next(&walk, &paddr),
			   "a page past the %lu of the request", pages);
		fuzz_check(!sample_pal_walk_next(&walk, &paddr),
			   "a page after the end");
	}
out:
	fuzz_check(host_warn_count() == warns, "the walker WARNed");
	free(list);
	list = NULL;
	fuzz_live_check(live);
	return 0;
}
