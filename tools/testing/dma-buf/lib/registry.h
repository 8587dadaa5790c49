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

/* Each registry reports its live objects stamped at or after @mark. */
unsigned int host_alloc_report(unsigned long mark, host_report_fn print,
			       void *ctx);
unsigned int host_dma_report(unsigned long mark, host_report_fn print,
			     void *ctx);
unsigned int host_lock_report(unsigned long mark, host_report_fn print,
			      void *ctx);

#endif /* _HOST_LIB_REGISTRY_H */
