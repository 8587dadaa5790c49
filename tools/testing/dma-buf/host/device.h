/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct device, reduced to what DMA and dma-buf code look at: a name, a
 * bus, a parent, DMA masks, and the host's DMA model state (dma.h).
 */
#ifndef _HOST_DEVICE_H
#define _HOST_DEVICE_H

#include "types.h"
#include "kref.h"

struct bus_type {
	const char *name;
};

struct host_dma_dev;

struct device {
	char name[64];
	struct device *parent;
	const struct bus_type *bus;
	u64 *dma_mask;
	u64 coherent_dma_mask;
	u64 host_dma_mask_storage;
	struct host_dma_dev *dma;	/* how this device sees memory */
	struct kref kref;
	void (*release)(struct device *dev);
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->name;
}

static inline const char *dev_bus_name(const struct device *dev)
{
	return dev->bus ? dev->bus->name : "";
}

/*
 * A device with no bus and no DMA mask, as a freshly registered platform or
 * KUnit device is.  Freed by the last host_device_put().
 */
struct device *host_device_alloc(const char *name);
void host_device_init(struct device *dev, const char *name,
		      const struct bus_type *bus,
		      void (*release)(struct device *dev));
/* Drops the DMA model state; every release function must call it. */
void host_device_release_dma(struct device *dev);
struct device *get_device(struct device *dev);
void put_device(struct device *dev);
#define host_device_put(dev)	put_device(dev)

void host_dev_printk(const char *level, const struct device *dev,
		     const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define dev_err(dev, fmt, ...)	host_dev_printk("err", dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)	host_dev_printk("warn", dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)	host_dev_printk("info", dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...)	do { (void)(dev); } while (0)

#endif /* _HOST_DEVICE_H */
