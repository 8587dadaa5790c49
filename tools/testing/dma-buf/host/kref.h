/* SPDX-License-Identifier: GPL-2.0 */
/* atomic_t, and the reference counts kref and refcount_t with their WARNs. */
#ifndef _HOST_KREF_H
#define _HOST_KREF_H

#include <stdatomic.h>
#include "bug.h"

typedef struct {
	atomic_int counter;
} atomic_t;

#define ATOMIC_INIT(i)	{ (i) }

static inline int atomic_read(const atomic_t *v)
{
	return atomic_load(&((atomic_t *)v)->counter);
}

static inline void atomic_set(atomic_t *v, int i)
{
	atomic_store(&v->counter, i);
}

static inline int atomic_inc_return(atomic_t *v)
{
	return atomic_fetch_add(&v->counter, 1) + 1;
}

static inline int atomic_dec_return(atomic_t *v)
{
	return atomic_fetch_sub(&v->counter, 1) - 1;
}

static inline void atomic_inc(atomic_t *v)
{
	atomic_inc_return(v);
}

static inline void atomic_dec(atomic_t *v)
{
	atomic_dec_return(v);
}

typedef struct {
	atomic_int refs;
} refcount_t;

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_store(&r->refs, n);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return atomic_load(&((refcount_t *)r)->refs);
}

static inline void refcount_inc(refcount_t *r)
{
	int old = atomic_fetch_add(&r->refs, 1);

	WARN(old <= 0, "refcount_t: addition on 0; use-after-free.");
}

/* True when this dropped the last reference. */
static inline bool refcount_dec_and_test(refcount_t *r)
{
	int old = atomic_fetch_sub(&r->refs, 1);

	WARN(old <= 0, "refcount_t: underflow; use-after-free.");
	return old == 1;
}

struct kref {
	refcount_t refcount;
};

static inline void kref_init(struct kref *k)
{
	refcount_set(&k->refcount, 1);
}

static inline void kref_get(struct kref *k)
{
	refcount_inc(&k->refcount);
}

static inline int kref_put(struct kref *k, void (*release)(struct kref *k))
{
	if (refcount_dec_and_test(&k->refcount)) {
		release(k);
		return 1;
	}
	return 0;
}

static inline unsigned int kref_read(const struct kref *k)
{
	return refcount_read(&k->refcount);
}

#endif /* _HOST_KREF_H */
