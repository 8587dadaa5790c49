/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/limits.h> in the userspace host.  libc includes the system's header of
 * this name itself, so pass through to it first; see host/kernel.h.
 */
#include_next <linux/limits.h>
#include <host/kernel.h>
