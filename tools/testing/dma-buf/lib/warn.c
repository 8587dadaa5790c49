// SPDX-License-Identifier: GPL-2.0
/*
 * WARN(), BUG() and the kernel log in the host, plus the leak report that
 * ties the registries together for the KUnit layer.
 */
#include <host/kernel.h>
#include <stdatomic.h>
#include "registry.h"

static atomic_ulong warn_count;
static atomic_ulong stamp;
static const char *log_prefix = "# ";

pthread_mutex_t host_registry_lock = PTHREAD_MUTEX_INITIALIZER;

unsigned long host_stamp_next(void)
{
	return atomic_fetch_add(&stamp, 1);
}

unsigned long host_fault_arm(struct host_fault *f, unsigned long nth)
{
	unsigned long seen;

	pthread_mutex_lock(&host_registry_lock);
	seen = f->attempts;
	f->attempts = 0;
	f->countdown = nth;
	f->fired = false;
	pthread_mutex_unlock(&host_registry_lock);
	return seen;
}

bool host_fault_hit(struct host_fault *f)
{
	f->attempts++;
	if (!f->countdown || --f->countdown)
		return false;
	f->fired = true;
	return true;
}

unsigned long host_mark(void)
{
	return atomic_load(&stamp);
}

unsigned long host_warn_count(void)
{
	return atomic_load(&warn_count);
}

void host_set_log_prefix(const char *prefix)
{
	log_prefix = prefix;
}

/*
 * The log capture (hooks.h).  libc memory: what a test captured is its own
 * business, not an allocation the leak checker should see.
 */
static pthread_mutex_t capture_lock = PTHREAD_MUTEX_INITIALIZER;
static bool capturing;
static char *capture_buf;
static size_t capture_len;

void host_log_capture_begin(void)
{
	pthread_mutex_lock(&capture_lock);
	if (capturing) {
		pthread_mutex_unlock(&capture_lock);
		host_bug(__FILE__, __LINE__, "log capture: nested begin");
	}
	capturing = true;
	capture_buf = NULL;
	capture_len = 0;
	pthread_mutex_unlock(&capture_lock);
}

char *host_log_capture_end(void)
{
	char *lines;

	pthread_mutex_lock(&capture_lock);
	if (!capturing) {
		pthread_mutex_unlock(&capture_lock);
		host_bug(__FILE__, __LINE__, "log capture: end without begin");
	}
	capturing = false;
	lines = capture_buf ? capture_buf : strdup("");
	capture_buf = NULL;
	pthread_mutex_unlock(&capture_lock);
	if (!lines)
		host_bug(__FILE__, __LINE__, "log capture: out of memory");
	return lines;
}

/* One host_log() call is one line, whether or not it ended in '\n'. */
static void capture_line(const char *fmt, va_list ap)
{
	char *msg, *grown;
	va_list aq;
	int len;

	va_copy(aq, ap);
	len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	msg = len < 0 ? NULL : malloc(len + 1);
	if (!msg)
		host_bug(__FILE__, __LINE__, "log capture: out of memory");
	vsnprintf(msg, len + 1, fmt, ap);
	while (len && msg[len - 1] == '\n')
		len--;
	pthread_mutex_lock(&capture_lock);
	if (capturing) {
		grown = realloc(capture_buf, capture_len + len + 2);
		if (!grown)
			host_bug(__FILE__, __LINE__, "log capture: out of memory");
		memcpy(grown + capture_len, msg, len);
		capture_len += len;
		grown[capture_len++] = '\n';
		grown[capture_len] = '\0';
		capture_buf = grown;
	}
	pthread_mutex_unlock(&capture_lock);
	free(msg);
}

static bool log_quiet;

void host_log_set_quiet(bool quiet)
{
	log_quiet = quiet;
}

static void vlog(const char *fmt, va_list ap)
{
	va_list aq;

	va_copy(aq, ap);
	capture_line(fmt, aq);
	va_end(aq);
	if (log_quiet)
		return;
	flockfile(stdout);
	fputs(log_prefix, stdout);
	vprintf(fmt, ap);
	if (!*fmt || fmt[strlen(fmt) - 1] != '\n')
		putchar('\n');
	funlockfile(stdout);
	fflush(stdout);
}

void host_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void host_warn(const char *file, int line, const char *func,
	       const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	atomic_fetch_add(&warn_count, 1);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	msg[strcspn(msg, "\n")] = '\0';	/* one line, as a KTAP diagnostic */
	host_log("WARNING: at %s:%d %s(): %s", file, line, func, msg);
}

void host_bug(const char *file, int line, const char *cond)
{
	host_log("kernel BUG at %s:%d: %s", file, line, cond);
	fflush(stdout);
	abort();
}

unsigned int host_report_leaks(unsigned long mark, host_report_fn print,
			       void *ctx)
{
	return host_alloc_report(mark, print, ctx) +
	       host_dma_report(mark, print, ctx) +
	       host_lock_report(mark, print, ctx);
}

ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len;

	if (!size)
		return -E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}
