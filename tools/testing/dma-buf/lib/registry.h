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
