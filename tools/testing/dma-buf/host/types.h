/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel integer types, limits and the small helpers of <linux/kernel.h>. */
#ifndef _HOST_TYPES_H
#define _HOST_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <sys/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef u64 resource_size_t;
typedef unsigned int gfp_t;

#define U8_MAX		((u8)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

#define SZ_4K		0x00001000
#define SZ_64K		0x00010000
#define SZ_1M		0x00100000
#define SZ_2M		0x00200000
#define SZ_1G		0x40000000

#define BIT(n)		(1UL << (n))
#define BIT_ULL(n)	(1ULL << (n))
#define DMA_BIT_MASK(n)	(((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define min(a, b)	({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); \
			   _a < _b ? _a : _b; })
#define max(a, b)	({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); \
			   _a > _b ? _a : _b; })
#define min3(a, b, c)	min(min(a, b), c)
#define min_t(t, a, b)	min((t)(a), (t)(b))
#define max_t(t, a, b)	max((t)(a), (t)(b))

#define __ALIGN_MASK(x, m)	(((x) + (m)) & ~(m))
#define ALIGN(x, a)		__ALIGN_MASK(x, (__typeof__(x))(a) - 1)
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define PAGE_ALIGNED(x)		IS_ALIGNED((unsigned long)(x), PAGE_SIZE)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

/* struct_size() saturates like the kernel's so an overflow fails the alloc. */
static inline size_t host_struct_size(size_t base, size_t elem, size_t n)
{
	size_t bytes;

	if (__builtin_mul_overflow(elem, n, &bytes) ||
	    __builtin_add_overflow(bytes, base, &bytes))
		return SIZE_MAX;
	return bytes;
}

#define struct_size(p, member, n) \
	host_struct_size(sizeof(*(p)), sizeof(*(p)->member), (n))

#define lower_32_bits(n)	((u32)((n) & 0xffffffff))
#define upper_32_bits(n)	((u32)(((n) >> 16) >> 16))

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

/* <linux/compiler_attributes.h> */
#define noinline	__attribute__((__noinline__))
#define __cold		__attribute__((__cold__))

/*
 * IS_ENABLED(CONFIG_FOO) is 1 when the host build defines CONFIG_FOO to 1
 * and 0 when it is not defined at all, as with Kconfig's autoconf.h.
 */
#define __host_cfg_placeholder_1		0,
#define __host_cfg_second(ignored, val, ...)	val
#define __host_cfg_test(junk)		__host_cfg_second(junk 1, 0)
#define __host_cfg_paste(val)		__host_cfg_test(__host_cfg_placeholder_##val)
#define IS_ENABLED(option)		__host_cfg_paste(option)
#define IS_BUILTIN(option)		IS_ENABLED(option)

/* Copies at most size - 1 bytes; -E2BIG (as the kernel) when it truncated. */
ssize_t strscpy(char *dst, const char *src, size_t size);

#endif /* _HOST_TYPES_H */
