/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/errno.h> in the userspace host.  libc includes the system's header of
 * this name itself, so pass through to it first; see host/kernel.h.
 */
#include_next <linux/errno.h>
#include <host/kernel.h>
