/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct completion over a mutex and a condition variable, with the
 * kernel's semantics: complete() lets one waiter through (or the next one
 * to come), complete_all() every waiter from then on until
 * reinit_completion().
 *
 * The kernel's hung task detector reports a task that sleeps
 * uninterruptibly for minutes; a test that waits for a completion nobody
 * will signal would hang the run instead, so the host stops the program
 * after HOST_HUNG_TASK_SECS with a report naming the waiter.
 */
#ifndef _HOST_COMPLETION_H
#define _HOST_COMPLETION_H

#include <pthread.h>
#include <stdbool.h>

#define HOST_HUNG_TASK_SECS	30

struct completion {
	pthread_mutex_t host_lock;
	pthread_cond_t host_wait;
	unsigned int done;
};

void init_completion(struct completion *x);
void reinit_completion(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);
void host_wait_for_completion(struct completion *x, const char *file,
			      int line);

#define wait_for_completion(x)	host_wait_for_completion(x, __FILE__, __LINE__)

#endif /* _HOST_COMPLETION_H */
