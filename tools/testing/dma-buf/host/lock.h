/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sleeping locks and the dma-buf reservation lock, over pthreads.
 *
 * Each lock knows the thread that holds it, so the host can do what lockdep
 * does for the kernel: an assertion that the caller holds a lock it does not
 * hold is reported as a WARN, taking a lock twice or releasing a lock the
 * caller does not hold stops the program, and a lock still held at the end
 * of a test case is reported as a leak.
 */
#ifndef _HOST_LOCK_H
#define _HOST_LOCK_H

#include <pthread.h>
#include <stdbool.h>

struct host_lock {
	pthread_mutex_t mutex;
	pthread_t owner;
	bool held;
	const char *name;
	const char *file;	/* where it was taken, for reports */
	int line;
	unsigned long stamp;
	struct host_lock *next_held;	/* on the global held list */
};

void host_lock_init(struct host_lock *lock, const char *name);
void host_lock_fini(struct host_lock *lock);
void host_lock_acquire(struct host_lock *lock, const char *file, int line);
bool host_lock_try(struct host_lock *lock, const char *file, int line);
void host_lock_release(struct host_lock *lock, const char *file, int line);
bool host_lock_held_by_me(struct host_lock *lock);
void host_lock_assert_held(struct host_lock *lock, const char *file,
			   int line, const char *what);

/* For the lock calls that return an int: the host's never fail. */
static inline int host_lock_acquire_ret(struct host_lock *lock,
					const char *file, int line)
{
	host_lock_acquire(lock, file, line);
	return 0;
}

/* struct mutex */
struct mutex {
	struct host_lock lock;
};

#define mutex_init(m)		host_lock_init(&(m)->lock, #m)
#define mutex_destroy(m)	host_lock_fini(&(m)->lock)
#define mutex_lock(m)		host_lock_acquire(&(m)->lock, __FILE__, __LINE__)
#define mutex_lock_interruptible(m) \
	host_lock_acquire_ret(&(m)->lock, __FILE__, __LINE__)
#define mutex_trylock(m)	host_lock_try(&(m)->lock, __FILE__, __LINE__)
#define mutex_unlock(m)		host_lock_release(&(m)->lock, __FILE__, __LINE__)
#define mutex_is_locked(m)	((m)->lock.held)
/*
 * As in the kernel, lock assertions exist with CONFIG_LOCKDEP (on in every
 * test build) and cost nothing without it (the benchmarks, like a
 * production kernel).
 */
#if IS_ENABLED(CONFIG_LOCKDEP)
#define host_lockdep_assert(lock, what) \
	host_lock_assert_held(lock, __FILE__, __LINE__, what)
#else
#define host_lockdep_assert(lock, what)	do { (void)(lock); } while (0)
#endif

#define lockdep_assert_held(m)	host_lockdep_assert(&(m)->lock, #m)

/* spinlock_t: same model; nothing in the host runs in interrupt context. */
typedef struct mutex spinlock_t;
#define spin_lock_init(s)	mutex_init(s)
#define spin_lock(s)		mutex_lock(s)
#define spin_unlock(s)		mutex_unlock(s)

/* struct dma_resv: only the lock; the host has no fences. */
struct ww_acquire_ctx;

struct dma_resv {
	struct host_lock lock;
};

enum dma_resv_usage {
	DMA_RESV_USAGE_KERNEL,
	DMA_RESV_USAGE_WRITE,
	DMA_RESV_USAGE_READ,
	DMA_RESV_USAGE_BOOKKEEP,
};

#define MAX_SCHEDULE_TIMEOUT	LONG_MAX

#define dma_resv_init(obj)	host_lock_init(&(obj)->lock, "dma_resv")
#define dma_resv_fini(obj)	host_lock_fini(&(obj)->lock)
#define dma_resv_lock(obj, ctx) \
	host_lock_acquire_ret(&(obj)->lock, __FILE__, __LINE__)
#define dma_resv_lock_interruptible(obj, ctx)	dma_resv_lock(obj, ctx)
#define dma_resv_trylock(obj) \
	host_lock_try(&(obj)->lock, __FILE__, __LINE__)
#define dma_resv_unlock(obj) \
	host_lock_release(&(obj)->lock, __FILE__, __LINE__)
#define dma_resv_held(obj)	host_lock_held_by_me(&(obj)->lock)
#define dma_resv_is_locked(obj)	__atomic_load_n(&(obj)->lock.held, __ATOMIC_ACQUIRE)
#define dma_resv_assert_held(obj) \
	host_lockdep_assert(&(obj)->lock, "dma_resv_assert_held(" #obj ")")

/* No fences in the host: every wait finds them signalled. */
static inline long dma_resv_wait_timeout(struct dma_resv *obj,
					 enum dma_resv_usage usage, bool intr,
					 unsigned long timeout)
{
	(void)obj; (void)usage; (void)intr;
	return timeout ? (long)(timeout > LONG_MAX ? LONG_MAX : timeout) : 1;
}

#endif /* _HOST_LOCK_H */
