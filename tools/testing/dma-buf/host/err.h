/* SPDX-License-Identifier: GPL-2.0 */
/* ERR_PTR and the kernel errno values that libc does not have. */
#ifndef _HOST_ERR_H
#define _HOST_ERR_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#define MAX_ERRNO	4095
#define ENOTSUPP	524	/* kernel-internal, not in libc */

#define IS_ERR_VALUE(x)	((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((uintptr_t)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE((uintptr_t)ptr);
}

static inline void *ERR_CAST(const void *ptr)
{
	return (void *)ptr;
}

static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#endif /* _HOST_ERR_H */
