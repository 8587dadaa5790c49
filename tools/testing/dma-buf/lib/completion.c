// SPDX-License-Identifier: GPL-2.0
/*
 * Completions: a count of complete() calls not yet consumed by a waiter,
 * UINT_MAX after complete_all().  See host/completion.h.
 */
#include <host/kernel.h>
#include <time.h>

void init_completion(struct completion *x)
{
	pthread_mutex_init(&x->host_lock, NULL);
	pthread_cond_init(&x->host_wait, NULL);
	x->done = 0;
}

void reinit_completion(struct completion *x)
{
	pthread_mutex_lock(&x->host_lock);
	x->done = 0;
	pthread_mutex_unlock(&x->host_lock);
}

void complete(struct completion *x)
{
	pthread_mutex_lock(&x->host_lock);
	if (x->done != UINT_MAX)
		x->done++;
	pthread_cond_signal(&x->host_wait);
	pthread_mutex_unlock(&x->host_lock);
}

void complete_all(struct completion *x)
{
	pthread_mutex_lock(&x->host_lock);
	x->done = UINT_MAX;
	pthread_cond_broadcast(&x->host_wait);
	pthread_mutex_unlock(&x->host_lock);
}

/* Takes one completion if there is one; host_lock held. */
static bool consume(struct completion *x)
{
	if (!x->done)
		return false;
	if (x->done != UINT_MAX)
		x->done--;
	return true;
}

bool try_wait_for_completion(struct completion *x)
{
	bool ret;

	pthread_mutex_lock(&x->host_lock);
	ret = consume(x);
	pthread_mutex_unlock(&x->host_lock);
	return ret;
}

bool completion_done(struct completion *x)
{
	bool ret;

	pthread_mutex_lock(&x->host_lock);
	ret = x->done;
	pthread_mutex_unlock(&x->host_lock);
	return ret;
}

#define __host_str(x)	#x
#define host_str(x)	__host_str(x)

void host_wait_for_completion(struct completion *x, const char *file,
			      int line)
{
	struct timespec deadline;
	bool got;

	might_sleep();
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += HOST_HUNG_TASK_SECS;
	pthread_mutex_lock(&x->host_lock);
	while (!(got = consume(x)) &&
	       pthread_cond_timedwait(&x->host_wait, &x->host_lock,
				      &deadline) != ETIMEDOUT)
		;
	if (!got)
		got = consume(x);
	pthread_mutex_unlock(&x->host_lock);
	if (!got)
		host_bug(file, line,
			 "hung task: blocked in wait_for_completion() for more than "
			 host_str(HOST_HUNG_TASK_SECS) " seconds");
}
