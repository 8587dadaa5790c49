/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the fuzz targets share: reading the input as a stream of bytes, and
 * failing loudly.  A target that finds the engine disagreeing with its
 * reference calls fuzz_fail(), which aborts so libFuzzer keeps the input.
 */
#ifndef _FUZZ_COMMON_H
#define _FUZZ_COMMON_H

#include <host/kernel.h>
#include <host/hooks.h>
#include <linux/file.h>

struct fuzz_in {
	const u8 *p;
	size_t n;
};

/* The next byte; 0 once the input is used up. */
static inline u8 fuzz_u8(struct fuzz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline u64 fuzz_u64(struct fuzz_in *in)
{
	u64 v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | fuzz_u8(in);
	return v;
}

#define fuzz_fail(fmt, ...) do {					\
	fprintf(stderr, "fuzz: %s:%d: " fmt "\n", __FILE__, __LINE__,	\
		##__VA_ARGS__);						\
	abort();							\
} while (0)

#define fuzz_check(cond, fmt, ...) do {					\
	if (!(cond))							\
		fuzz_fail("%s: " fmt, #cond, ##__VA_ARGS__);		\
} while (0)

/*
 * Every iteration must give back what it took from the tracked allocator
 * and the DMA model; a fuzzer that leaks across iterations would drown in
 * its own registry.
 */
struct fuzz_live {
	unsigned long alloc, dma;
};

static inline struct fuzz_live fuzz_live_now(void)
{
	return (struct fuzz_live){ host_alloc_live(), host_dma_live() };
}

static inline void fuzz_live_check(struct fuzz_live before)
{
	flush_delayed_fput();
	fuzz_check(host_alloc_live() == before.alloc,
		   "tracked allocations %lu -> %lu", before.alloc,
		   host_alloc_live());
	fuzz_check(host_dma_live() == before.dma, "DMA mappings %lu -> %lu",
		   before.dma, host_dma_live());
}

#endif /* _FUZZ_COMMON_H */
