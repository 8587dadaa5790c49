/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel annotations and module plumbing that have no behaviour to model in
 * userspace.  Everything in this file compiles to nothing (or to the plain C
 * it stands for); anything with behaviour belongs in a model instead.
 */
#ifndef _HOST_STUBS_H
#define _HOST_STUBS_H

#define __init
#define __exit
#define __user
#define __iomem
#define __force
#define __must_check	__attribute__((warn_unused_result))
#define __maybe_unused	__attribute__((unused))
#define __always_unused	__attribute__((unused))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __counted_by(m)
#define __packed	__attribute__((packed))
#define fallthrough	__attribute__((fallthrough))
#define READ_ONCE(x)	(*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#define EXPORT_SYMBOL_NS(sym, ns)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)
#define MODULE_LICENSE(s)
#define MODULE_DESCRIPTION(s)
#define MODULE_AUTHOR(s)
#define MODULE_IMPORT_NS(ns)

struct module;
#define THIS_MODULE	((struct module *)0)
/* The build passes each object's own name, as Kbuild does. */
#ifndef KBUILD_MODNAME
#define KBUILD_MODNAME	"dma_buf_host"
#endif

#define might_sleep()	do { } while (0)
#define cond_resched()	do { } while (0)

#define pr_fmt(fmt) fmt
#define pr_info(fmt, ...)	printf(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	host_log("warning: " fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	host_log("error: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	do { } while (0)

#endif /* _HOST_STUBS_H */
