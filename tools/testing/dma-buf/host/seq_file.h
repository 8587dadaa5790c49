/* SPDX-License-Identifier: GPL-2.0 */
/* seq_file with the kernel's fixed-buffer and overflow semantics. */
#ifndef _HOST_SEQ_FILE_H
#define _HOST_SEQ_FILE_H

#include <stddef.h>

struct seq_file {
	char *buf;
	size_t size;
	size_t count;
	void *private;
};

void seq_printf(struct seq_file *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);

/*
 * Runs @show into a buffer big enough for all of it (retrying on overflow,
 * as seq_read() does) and returns the NUL-terminated text; free() it.
 */
char *host_seq_show(void (*show)(struct seq_file *m, void *arg), void *arg);

#endif /* _HOST_SEQ_FILE_H */
