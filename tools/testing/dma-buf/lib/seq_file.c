// SPDX-License-Identifier: GPL-2.0
/*
 * seq_file as the kernel has it: output goes into m->buf of m->size bytes;
 * when it does not fit, m->count is set to m->size (overflow) and the
 * reader is expected to retry with a bigger buffer, as seq_read() does.
 * host_seq_show() is that retry loop.
 */
#include <host/kernel.h>

static bool seq_has_overflowed(struct seq_file *m)
{
	return m->count == m->size;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	size_t room;
	va_list ap;
	int n;

	if (m->count >= m->size)
		return;
	room = m->size - m->count;
	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->count, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		m->count = m->size;	/* overflow: the caller retries */
	else
		m->count += n;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_printf(m, "%s", s);
}

void seq_putc(struct seq_file *m, char c)
{
	seq_printf(m, "%c", c);
}

char *host_seq_show(void (*show)(struct seq_file *m, void *arg), void *arg)
{
	struct seq_file m = { 0 };

	for (m.size = 4096;; m.size *= 2) {
		m.buf = realloc(m.buf, m.size);
		if (!m.buf)
			host_bug(__FILE__, __LINE__, "seq_file: out of memory");
		m.count = 0;
		show(&m, arg);
		if (!seq_has_overflowed(&m))
			break;
	}
	m.buf[m.count] = '\0';
	return m.buf;
}
