/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/file.h> in the userspace host: only what a dma-buf's file does,
 * its release deferred to flush_delayed_fput() (lib/dma-buf.c).
 */
#ifndef _HOST_LINUX_FILE_H
#define _HOST_LINUX_FILE_H

#include <host/kernel.h>

/* Runs the releases that the last fput() of a kernel thread deferred. */
void flush_delayed_fput(void);

#endif /* _HOST_LINUX_FILE_H */
