/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the userspace KUnit layer asks of the rest of the host.
 *
 * The kernel has lockdep, kmemleak and CONFIG_DMA_API_DEBUG to catch a case
 * that leaves state behind; the host has these hooks instead.  Every tracked
 * object (allocation, DMA mapping, held lock) carries the value of a global
 * event counter taken when it was created, so "what did this case leave
 * behind" is "what is still live with a stamp at or after the case's mark".
 */
#ifndef _HOST_HOOKS_H
#define _HOST_HOOKS_H

#include <stdbool.h>

/* Number of WARN()s (including failed lock assertions) so far. */
unsigned long host_warn_count(void);

/* A stamp; objects created from now on are "newer" than it. */
unsigned long host_mark(void);

/*
 * Report every allocation, DMA mapping and held lock that is still live and
 * was created at or after @mark.  @print is called once per object with a
 * one-line description (no newline).  Returns the number of such objects.
 */
typedef void (*host_report_fn)(void *ctx, const char *line);
unsigned int host_report_leaks(unsigned long mark, host_report_fn print,
			       void *ctx);

/*
 * Make the @nth tracked allocation from now on fail (1 = the next one);
 * 0 disarms.  Returns how many allocations were attempted since the last
 * call, so a fault sweep can tell when a path stopped allocating.
 */
unsigned long host_fail_alloc_nth(unsigned long nth);
/* True once the armed failure has been delivered. */
bool host_fail_alloc_fired(void);

/*
 * Run the work a kernel leaves to its workqueues, as if they had got to it:
 * the dma-buf releases that the last fput() of a kernel thread deferred.
 * The KUnit layer calls it when a case has ended, before counting leaks.
 */
void host_run_deferred_work(void);

/* Where WARN() and friends print; the KUnit layer indents it. */
void host_set_log_prefix(const char *prefix);

/*
 * Collect every line host_log() prints (WARN splats and dev_warn() lines
 * included) from host_log_capture_begin() on, so a test can assert the exact
 * kernel log of a call.  The lines are still printed.  Captures do not nest.
 * host_log_capture_end() returns the lines, each ending in one '\n' ("" for
 * none), as one string in libc memory: free() it.
 */
void host_log_capture_begin(void);
char *host_log_capture_end(void);

/*
 * Print nothing of the log, only capture it: for a program that shows
 * the kernel's lines its own way.  Off at start.
 */
void host_log_set_quiet(bool quiet);

#endif /* _HOST_HOOKS_H */
