// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: PAL list validation and the engine's PAL iterator
 * (dma_buf_pal_iter_init() and _next()), on random lists, requests and
 * run sizes.
 *
 * The input is a list of physical ranges (biased towards the edges, as in
 * fuzz-pal.c, but with lengths mostly a few pages so that requests land
 * inside) and a request, a byte offset and length, biased towards page
 * multiples inside the list.  The reference works out on its own, with
 * 128-bit sums that cannot wrap:
 *
 *  - whether dma_buf_pal_validate_list() must accept the list;
 *  - whether dma_buf_pal_iter_init() must accept the request: a non-empty
 *    list, a non-zero page aligned request that does not wrap and ends
 *    inside the list, and every entry from the first up to the one holding
 *    the request's last byte well formed (not empty, page aligned, not
 *    wrapping); entries after it are not the iterator's business;
 *  - for an accepted request, each run: the entry that holds its first
 *    byte and the offset in it, found by scanning the list from the start,
 *    and its length, the least of the rest of that entry, the rest of the
 *    request and @max.
 *
 * @max is PAGE_SIZE (page at a time), unbounded (whole entries), one
 * random page multiple, or drawn again for each run, now and then a bad
 * one (zero or not a page multiple), which must WARN once, return false
 * and leave the walk where it was.  So every run lies inside one entry,
 * starts where the last one ended, and the runs cover exactly the
 * request; then the iterator stops, and stays stopped.  The loop is
 * bounded: a run is at least a page, checked.  A refused request must be
 * -EINVAL and leave an iter that produces nothing.  Nothing else may WARN
 * but the validator, once, for a list it refuses.  ASan catches any read
 * outside the list.
 */
#include <linux/dma-buf-mapping.h>
#include <linux/mm.h>
#include "fuzz-common.h"

#define MAX_ENTRIES	64
/* Walks of more runs than this are checked on their first MAX_RUNS. */
#define MAX_RUNS	BIT(12)

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

/* The entry holding byte @byte of the buffer, and where in it. */
static size_t ref_locate(const struct dma_buf_phys_list *l, u64 byte,
			 u64 *in_entry)
{
	u128 start = 0;
	size_t i;

	for (i = 0; i < l->length; i++) {
		if (byte < start + l->phys[i].len) {
			*in_entry = byte - start;
			return i;
		}
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

enum max_mode { MAX_PAGE, MAX_WHOLE, MAX_FIXED, MAX_EACH };

/* A good @max: a page multiple, mostly a few pages, sometimes huge. */
static u64 edge_max(struct fuzz_in *in)
{
	u8 how = fuzz_u8(in);

	switch (how & 7) {
	case 0:		/* the input ran out, or page at a time */
		return PAGE_SIZE;
	case 1:		/* anything, page aligned */
		return (fuzz_u64(in) & PAGE_MASK) ?: PAGE_SIZE;
	case 2:		/* unbounded */
		return U64_MAX & PAGE_MASK;
	default:	/* 1 to 32 pages */
		return (u64)((how >> 3) + 1) << PAGE_SHIFT;
	}
}

/* Now and then a bad @max, zero or not a page multiple, into *@max. */
static bool edge_bad_max(struct fuzz_in *in, u64 *max)
{
	u8 how = fuzz_u8(in);

	if ((how & 15) != 15)
		return false;
	*max = how & 16 ? 0 : fuzz_u64(in) | 1;
	return true;
}

/* A bad @max must WARN once, produce nothing and leave the walk alone. */
static void check_bad_max(struct dma_buf_pal_iter *iter, u64 max)
{
	struct dma_buf_pal_iter before = *iter;
	unsigned long warns = host_warn_count();
	phys_addr_t paddr;
	u64 len;

	fuzz_check(!dma_buf_pal_iter_next(iter, max, &paddr, &len),
		   "a run for max %#llx", (unsigned long long)max);
	fuzz_check(host_warn_count() == warns + 1, "max %#llx: %lu WARNs",
		   (unsigned long long)max, host_warn_count() - warns);
	fuzz_check(!memcmp(&before, iter, sizeof(before)),
		   "max %#llx moved the walk", (unsigned long long)max);
}

/*
 * Walks the accepted request [@offset, @offset + @length) run by run and
 * checks each against the reference.  Returns the number of bad-@max
 * calls made, each of which WARNed once.
 */
static unsigned long check_walk(struct dma_buf_pal_iter *iter,
				const struct dma_buf_phys_list *l, u64 offset,
				u64 length, enum max_mode mode,
				struct fuzz_in *in)
{
	u64 max = mode == MAX_WHOLE ? U64_MAX & PAGE_MASK : PAGE_SIZE;
	u128 byte = offset, end = (u128)offset + length;
	unsigned long runs, bad = 0;
	phys_addr_t paddr;
	u64 len, bad_max;

	if (mode == MAX_FIXED)
		max = edge_max(in);
	for (runs = 0; byte < end && runs < MAX_RUNS; runs++) {
		u64 in_entry, want_len;
		size_t i;

		if (mode == MAX_EACH) {
			if (edge_bad_max(in, &bad_max)) {
				check_bad_max(iter, bad_max);
				bad++;
			}
			max = edge_max(in);
		}
		i = ref_locate(l, byte, &in_entry);
		want_len = min3((u64)(end - byte),
				(u64)l->phys[i].len - in_entry, max);
		fuzz_check(dma_buf_pal_iter_next(iter, max, &paddr, &len),
			   "stopped at %#llx, %#llx short of the end",
			   (unsigned long long)byte,
			   (unsigned long long)(end - byte));
		fuzz_check(paddr == l->phys[i].paddr + in_entry,
			   "run %lu at %#llx, not %#llx (entry %zu + %#llx)",
			   runs, (unsigned long long)paddr,
			   (unsigned long long)(l->phys[i].paddr + in_entry),
			   i, (unsigned long long)in_entry);
		fuzz_check(len == want_len,
			   "run %lu of %#llx bytes, not %#llx (max %#llx)",
			   runs, (unsigned long long)len,
			   (unsigned long long)want_len,
			   (unsigned long long)max);
		byte += len;
	}
	/* never stuck: the request covered exactly, then an end that stays */
	if (byte == end) {
		fuzz_check(!dma_buf_pal_iter_next(iter, max, &paddr, &len),
			   "a run past the %#llx bytes of the request",
			   (unsigned long long)length);
		fuzz_check(!dma_buf_pal_iter_next(iter, PAGE_SIZE, &paddr,
						  &len),
			   "a run after the end");
	}
	return bad;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct fuzz_live live = fuzz_live_now();
	struct dma_buf_pal_iter iter;
	const struct dma_buf_phys_list *l;
	unsigned long warns, bad = 0;
	u64 offset, length, total_pages = 0;
	u8 head = fuzz_u8(&in), flags = fuzz_u8(&in);
	phys_addr_t paddr;
	bool list_ok, req_ok;
	size_t i, n;
	u64 len;
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

	/* the iterator */
	req_ok = ref_request_ok(l, offset, length);
	warns = host_warn_count();
	memset(&iter, 0xa5, sizeof(iter));
	ret = dma_buf_pal_iter_init(&iter, l, offset, length);
	if (!req_ok) {
		fuzz_check(ret == -EINVAL,
			   "init: %d for a bad request (%zu entries, %#llx + %#llx)",
			   ret, l ? n : 0, (unsigned long long)offset,
			   (unsigned long long)length);
		fuzz_check(!dma_buf_pal_iter_next(&iter, PAGE_SIZE, &paddr,
						  &len),
			   "a refused walk produced a run");
		goto out;
	}
	fuzz_check(ret == 0, "init: %d for a good request (%zu entries, %#llx + %#llx)",
		   ret, n, (unsigned long long)offset,
		   (unsigned long long)length);
	bad = check_walk(&iter, l, offset, length, flags >> 5 & 3, &in);
out:
	fuzz_check(host_warn_count() == warns + bad,
		   "the iterator WARNed %lu times for %lu bad max",
		   host_warn_count() - warns, bad);
	free(list);
	list = NULL;
	fuzz_live_check(live);
	return 0;
}
