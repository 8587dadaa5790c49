// SPDX-License-Identifier: GPL-2.0
/*
 * Locks that know their owner: what lockdep tells the kernel about who holds
 * what, the host learns by asking the lock.
 */
#include <host/kernel.h>
#include "registry.h"

static struct host_lock *held_list;	/* every lock currently held */

void host_lock_init(struct host_lock *lock, const char *name)
{
	memset(lock, 0, sizeof(*lock));
	pthread_mutex_init(&lock->mutex, NULL);
	lock->name = name;
}

void host_lock_fini(struct host_lock *lock)
{
	if (lock->held)
		host_bug(lock->file, lock->line,
			 "lock destroyed while held");
	pthread_mutex_destroy(&lock->mutex);
}

bool host_lock_held_by_me(struct host_lock *lock)
{
	/*
	 * The owner is written by whichever thread takes the lock while
	 * others may be asking: an atomic load, so the question is not a
	 * data race.  Only the caller ever stores its own id there.
	 */
	return __atomic_load_n(&lock->held, __ATOMIC_ACQUIRE) &&
	       pthread_equal(__atomic_load_n(&lock->owner, __ATOMIC_RELAXED),
			     pthread_self());
}

static void note_held(struct host_lock *lock, const char *file, int line)
{
	__atomic_store_n(&lock->owner, pthread_self(), __ATOMIC_RELAXED);
	lock->file = file;
	lock->line = line;
	pthread_mutex_lock(&host_registry_lock);
	lock->stamp = host_stamp_next();
	lock->next_held = held_list;
	held_list = lock;
	pthread_mutex_unlock(&host_registry_lock);
	__atomic_store_n(&lock->held, true, __ATOMIC_RELEASE);
}

void host_lock_acquire(struct host_lock *lock, const char *file, int line)
{
	/* The kernel would hang here; lockdep would say why first. */
	if (host_lock_held_by_me(lock))
		host_bug(file, line, "recursive locking: lock already held");
	pthread_mutex_lock(&lock->mutex);
	note_held(lock, file, line);
}

bool host_lock_try(struct host_lock *lock, const char *file, int line)
{
	if (pthread_mutex_trylock(&lock->mutex))
		return false;
	note_held(lock, file, line);
	return true;
}

void host_lock_release(struct host_lock *lock, const char *file, int line)
{
	struct host_lock **pp;

	if (!host_lock_held_by_me(lock))
		host_bug(file, line, "releasing a lock this thread does not hold");
	pthread_mutex_lock(&host_registry_lock);
	for (pp = &held_list; *pp; pp = &(*pp)->next_held) {
		if (*pp == lock) {
			*pp = lock->next_held;
			break;
		}
	}
	pthread_mutex_unlock(&host_registry_lock);
	__atomic_store_n(&lock->held, false, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&lock->mutex);
}

void host_lock_assert_held(struct host_lock *lock, const char *file,
			   int line, const char *what)
{
	if (!host_lock_held_by_me(lock))
		host_warn(file, line, "lockdep",
			  "%s failed: the caller does not hold the lock",
			  what);
}

unsigned int host_lock_report(unsigned long mark, host_report_fn print,
			      void *ctx)
{
	struct host_lock *lock;
	unsigned int n = 0;
	char line[256];

	pthread_mutex_lock(&host_registry_lock);
	for (lock = held_list; lock; lock = lock->next_held) {
		if (lock->stamp < mark)
			continue;
		n++;
		if (!print)
			continue;
		snprintf(line, sizeof(line), "leak: %s still held, taken at %s:%d",
			 lock->name, lock->file, lock->line);
		print(ctx, line);
	}
	pthread_mutex_unlock(&host_registry_lock);
	return n;
}
