/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one choke point between kernel code and the userspace host.
 *
 * Every <linux/...> header that the engine, the samples or the KUnit suite
 * include resolves, under tools/testing/dma-buf/include/, to a two-line file
 * that includes this one.  Nothing here decides anything about dma-buf: it is
 * the kernel API the engine is written against, nothing more.  Annotations
 * that compile to nothing live in stubs.h, apart from the models with real
 * behaviour (allocator, locks, WARN, DMA API, PCI), each in its own header
 * and lib/ file.
 */
#ifndef _HOST_KERNEL_H
#define _HOST_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <errno.h>

#include "hooks.h"
#include "types.h"
#include "stubs.h"
#include "bug.h"
#include "err.h"
#include "list.h"
#include "alloc.h"
#include "lock.h"
#include "kref.h"
#include "completion.h"
#include "device.h"
#include "scatterlist.h"
#include "dma.h"
#include "iommu.h"
#include "pci.h"
#include "pci-p2pdma.h"
#include "seq_file.h"

#endif /* _HOST_KERNEL_H */
