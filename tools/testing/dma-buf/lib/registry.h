/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal to lib/: the stamp every tracked object carries and the global
 * lock that guards the host's registries.  Not for kernel code.
 */
#ifndef _HOST_LIB_REGISTRY_H
#define _HOST_LIB_REGISTRY_H

#include <pthread.h>

/* Next stamp; host_mark() reads it without taking one. */
unsigned long host_stamp_next(void);

/* One mutex for the allocation, DMA and held-lock registries. */
extern pthread_mutex_t host_registry_lock;

/*
 * One kind of injected failure (allocations, DMA maps): arm it to make the
 * nth attempt from now fail.  Both run under host_registry_lock.
 */
struct host_fault {
	unsigned long attempts;		/* since last armed */
	unsigned long countdown;	/* 0: disarmed */
	bool fired;
};

/* Arms @f for the @nth attempt (0 disarms); returns the attempts seen. */
unsigned long host_fault_arm(struct host_fault *f, unsigned long nth);
/* Counts an attempt; true when this is the one to fail. */
bool host_fault_hit(struct host_fault *f);

/* Each registry reports its live objects stamped at or after @mark. */
unsigned int host_alloc_report(unsigned long mark, host_report_fn print,
			       void *ctx);
unsigned int host_dma_report(unsigned long mark, host_report_fn print,
			     void *ctx);
unsigned int host_lock_report(unsigned long mark, host_report_fn print,
			      void *ctx);

/* What a report says about one mapping or linked range. */
struct host_dma_desc {
	char text[192];
};

/* lib/dma.c for lib/dma-iova.c: the calls counted, under the lock. */
extern struct host_dma_counts host_dma_counters;
/* Counts a map attempt; true when it is the one to fail.  Takes the lock. */
bool host_dma_injected_failure(void);
/* The domain @dev is behind, or NULL when it is direct-mapped. */
struct iommu_domain *host_dma_domain(struct device *dev);

/*
 * lib/dma-iova.c for lib/dma.c: live IOVA states stamped at or after
 * @mark; and up to @max ranges linked into them, of system memory (@ram)
 * or MMIO, that cover a byte of [@phys, @phys + @len), described into
 * @found, returning how many cover one.  Both take the lock.
 */
unsigned int host_dma_iova_report(unsigned long mark, host_report_fn print,
				  void *ctx);
unsigned int host_dma_iova_covering(bool ram, phys_addr_t phys, u64 len,
				    struct host_dma_desc *found,
				    unsigned int max);

/* Memory going away: the DMA model reports live mappings that cover it. */
void host_dma_check_free(phys_addr_t phys, u64 len, const char *alloc_file,
			 int alloc_line, const char *file, int line,
			 const char *func);
/*
 * MMIO going away, BAR @bar of device @dev_name: the DMA and IOMMU models
 * report live mappings that lead to it.
 */
void host_dma_check_mmio_gone(phys_addr_t phys, u64 len,
			      const char *dev_name, int bar,
			      const char *file, int line);
void host_iommu_check_mmio_gone(phys_addr_t phys, u64 len,
				const char *dev_name, int bar,
				const char *file, int line);

#endif /* _HOST_LIB_REGISTRY_H */
