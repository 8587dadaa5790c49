// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit-managed devices over the host's device model: the device is the
 * host's, the lifetime is the test case's.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/err.h>

static void kunit_device_release(void *dev)
{
	host_device_put(dev);
}

struct device *kunit_device_register(struct kunit *test, const char *name)
{
	struct device *dev = host_device_alloc(name);

	if (!dev)
		return ERR_PTR(-ENOMEM);
	if (IS_ERR(dev))
		return dev;
	if (kunit_add_action_or_reset(test, kunit_device_release, dev))
		return ERR_PTR(-ENOMEM);
	return dev;
}

struct device *
kunit_device_register_with_driver(struct kunit *test, const char *name,
				  const struct device_driver *drv)
{
	(void)drv;
	return kunit_device_register(test, name);
}

void kunit_device_unregister(struct kunit *test, struct device *dev)
{
	kunit_release_action(test, kunit_device_release, dev);
}
