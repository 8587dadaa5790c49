/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/completion.h> in the userspace host: see host/kernel.h. */
#include <host/kernel.h>
