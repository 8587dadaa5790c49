/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit-managed devices, as Linux 6.12 offers them to tests.
 *
 * A test that needs a struct device (to map DMA against, to attach a
 * dma-buf to) gets one from the host that is released when the case ends,
 * so the leak check does not blame the case for it.
 */
#ifndef _KUNIT_DEVICE_H
#define _KUNIT_DEVICE_H

#include <kunit/test.h>

struct device;
struct device_driver;

/**
 * kunit_device_register() - Create a struct device for use in KUnit tests
 * @test: The test context object.
 * @name: The name to give the created device.
 *
 * The device is released when the test case ends, or earlier by
 * kunit_device_unregister().
 *
 * Return: the device, or an error pointer if it could not be created.
 */
struct device *kunit_device_register(struct kunit *test, const char *name);

/**
 * kunit_device_register_with_driver() - Create a device bound to @drv
 * @test: The test context object.
 * @name: The name to give the created device.
 * @drv: The driver; the host has no driver model, so it is not used.
 *
 * Return: the device, or an error pointer if it could not be created.
 */
struct device *
kunit_device_register_with_driver(struct kunit *test, const char *name,
				  const struct device_driver *drv);

/**
 * kunit_device_unregister() - Release a KUnit-managed device now
 * @test: The test context object which created the device
 * @dev: The device.
 */
void kunit_device_unregister(struct kunit *test, struct device *dev);

#endif /* _KUNIT_DEVICE_H */
