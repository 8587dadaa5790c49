// SPDX-License-Identifier: GPL-2.0
/* struct device lifetime and the device-prefixed kernel log. */
#include <host/kernel.h>

static void device_free(struct device *dev)
{
	host_device_release_dma(dev);
	kfree(dev);
}

void host_device_release_dma(struct device *dev)
{
	free(dev->dma);
	dev->dma = NULL;
}

void host_device_init(struct device *dev, const char *name,
		      const struct bus_type *bus,
		      void (*release)(struct device *dev))
{
	strscpy(dev->name, name, sizeof(dev->name));
	dev->bus = bus;
	dev->release = release;
	kref_init(&dev->kref);
}

struct device *host_device_alloc(const char *name)
{
	struct device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);

	if (!dev)
		return NULL;
	host_device_init(dev, name, NULL, device_free);
	return dev;
}

struct device *get_device(struct device *dev)
{
	if (dev)
		kref_get(&dev->kref);
	return dev;
}

static void device_release(struct kref *kref)
{
	struct device *dev = container_of(kref, struct device, kref);

	dev->release(dev);
}

void put_device(struct device *dev)
{
	if (dev)
		kref_put(&dev->kref, device_release);
}

/* As the kernel prints it: "<bus> <name>: message". */
void host_dev_printk(const char *level, const struct device *dev,
		     const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	msg[strcspn(msg, "\n")] = '\0';	/* host_log ends the line */
	(void)level;
	if (dev->bus)
		host_log("%s %s: %s", dev_bus_name(dev), dev_name(dev), msg);
	else
		host_log("%s: %s", dev_name(dev), msg);
}
