// SPDX-License-Identifier: GPL-2.0
/*
 * The host is a test double of the kernel: these cases check that it fails
 * where the kernel's debugging would.  A lock assertion by a thread that
 * does not hold the lock (lockdep), and DMA API misuse (dma-debug), WARN.
 * And it does not fail what the kernel allows: a case may end with a
 * dma-buf release still pending, which the kernel's workqueue runs.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <pthread.h>

struct holder {
	struct dma_resv *resv;
	pthread_barrier_t held, done;
};

/* Holds the lock while the test asserts it from another thread. */
static void *hold_the_lock(void *arg)
{
	struct holder *h = arg;

	dma_resv_lock(h->resv, NULL);
	pthread_barrier_wait(&h->held);
	pthread_barrier_wait(&h->done);
	dma_resv_unlock(h->resv);
	return NULL;
}

static void test_resv_assert_needs_the_owner(struct kunit *test)
{
	struct dma_resv resv;
	struct holder h = { .resv = &resv };
	pthread_t t;

	dma_resv_init(&resv);
	KUNIT_HOST_EXPECT_WARN(test, dma_resv_assert_held(&resv));

	dma_resv_lock(&resv, NULL);
	dma_resv_assert_held(&resv);	/* no WARN: this thread holds it */
	dma_resv_unlock(&resv);

	/* Held, but by another thread: still a WARN. */
	pthread_barrier_init(&h.held, NULL, 2);
	pthread_barrier_init(&h.done, NULL, 2);
	KUNIT_ASSERT_EQ(test, pthread_create(&t, NULL, hold_the_lock, &h), 0);
	pthread_barrier_wait(&h.held);
	KUNIT_HOST_EXPECT_WARN(test, dma_resv_assert_held(&resv));
	pthread_barrier_wait(&h.done);
	pthread_join(t, NULL);
	pthread_barrier_destroy(&h.held);
	pthread_barrier_destroy(&h.done);
	dma_resv_fini(&resv);
}

static void test_dma_api_misuse(struct kunit *test)
{
	struct device *dev = host_device_alloc("dma-misuse");
	dma_addr_t dma;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	/* No DMA mask yet: the kernel warns and refuses. */
	KUNIT_HOST_EXPECT_WARN(test,
		dma = dma_map_resource(dev, 0x80000000, PAGE_SIZE,
				       DMA_TO_DEVICE, 0));
	KUNIT_EXPECT_EQ(test, dma, DMA_MAPPING_ERROR);

	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(dev,
							   DMA_BIT_MASK(64)), 0);
	dma = dma_map_resource(dev, 0x80000000, 2 * PAGE_SIZE, DMA_TO_DEVICE,
			       0);
	KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
	/* Wrong size, then a double unmap: dma-debug's two complaints. */
	KUNIT_HOST_EXPECT_WARN(test, dma_unmap_resource(dev, dma, PAGE_SIZE,
							DMA_TO_DEVICE, 0));
	KUNIT_HOST_EXPECT_WARN(test, dma_unmap_resource(dev, dma, PAGE_SIZE,
							DMA_TO_DEVICE, 0));
	host_device_put(dev);
}

/*
 * Released buffers, counted in static memory: the release of the first
 * case below runs after that case, when its test-managed memory is gone.
 */
static unsigned int pending_releases;

static void pending_release(struct dma_buf *dmabuf)
{
	pending_releases++;
}

static struct sg_table *pending_map(struct dma_buf_attachment *attach,
				    enum dma_data_direction dir)
{
	return ERR_PTR(-EIO);
}

static void pending_unmap(struct dma_buf_attachment *attach,
			  struct sg_table *sgt, enum dma_data_direction dir)
{
}

static const struct dma_buf_ops pending_ops = {
	.map_dma_buf = pending_map,
	.unmap_dma_buf = pending_unmap,
	.release = pending_release,
};

/*
 * A case runs in a kernel thread, so its last dma_buf_put() leaves the
 * release to delayed fput work.  The case may end there: that is not a
 * leak, the workqueue releases the buffer.
 */
static void test_release_pending_at_case_end(struct kunit *test)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;

	exp_info.ops = &pending_ops;
	exp_info.size = PAGE_SIZE;
	exp_info.priv = &pending_releases;
	pending_releases = 0;
	dmabuf = dma_buf_export(&exp_info);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	dma_buf_put(dmabuf);
	/* Deferred, not dropped: a case that counts releases must flush. */
	KUNIT_EXPECT_EQ(test, pending_releases, 0);
}

/* The previous case's buffer was released once that case ended. */
static void test_release_ran_after_case_end(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, pending_releases, 1);
	flush_delayed_fput();
	KUNIT_EXPECT_EQ(test, pending_releases, 1);
}

static struct kunit_case host_model_cases[] = {
	KUNIT_CASE(test_resv_assert_needs_the_owner),
	KUNIT_CASE(test_dma_api_misuse),
	KUNIT_CASE(test_release_pending_at_case_end),
	KUNIT_CASE(test_release_ran_after_case_end),
	{}
};

static struct kunit_suite host_model_suite = {
	.name = "host-model",
	.test_cases = host_model_cases,
};

kunit_test_suite(host_model_suite);
