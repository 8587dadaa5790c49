// SPDX-License-Identifier: GPL-2.0
/*
 * A model of the Linux 7.3 dma-buf core (drivers/dma-buf/dma-buf.c) for the
 * parts the engine leans on: export and its checks, the reference count that
 * the file gives a dma-buf in the kernel, release, pin/unpin, invalidate_mappings
 * and the debugfs "bufinfo" listing.  Decisions that belong to mapping types
 * (which exporter ops are valid, how an attachment is shown) are the
 * engine's; this file calls it exactly where the patched kernel does.
 */
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <host/hooks.h>

static LIST_HEAD(buffers);
static struct mutex buffers_lock;
/*
 * In the kernel the last dma_buf_put() is an fput(), and from a kernel
 * thread (where KUnit runs its cases) the file is released later, by
 * delayed work, unless the caller runs flush_delayed_fput().  The host does
 * the same, so a test that counts on a synchronous release fails here as it
 * would there; and when a KUnit case ends, host_run_deferred_work() does
 * what the kernel's workqueue would, so a release still pending then is not
 * a leak.
 */
static LIST_HEAD(delayed_release);
static pthread_mutex_t delayed_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t buffers_once = PTHREAD_ONCE_INIT;
static unsigned long next_ino = 1;
static unsigned long live;

static void buffers_init(void)
{
	mutex_init(&buffers_lock);
}

/* The export checks 7.3 makes, with the negotiation's left to the engine. */
static int check_export_info(const struct dma_buf_export_info *exp_info)
{
	const struct dma_buf_ops *ops = exp_info->ops;

	if (WARN_ON(!exp_info->priv || !ops || !ops->release))
		return -EINVAL;
	if (WARN_ON(!ops->pin != !ops->unpin))
		return -EINVAL;
	return dma_buf_mapping_validate_exporter(ops);
}

struct dma_buf *dma_buf_export(const struct dma_buf_export_info *exp_info)
{
	struct dma_buf *dmabuf;
	size_t alloc_size = sizeof(*dmabuf);
	int ret;

	ret = check_export_info(exp_info);
	if (ret)
		return ERR_PTR(ret);

	/* As 7.3: the reservation object lives behind the dma_buf. */
	if (!exp_info->resv)
		alloc_size += sizeof(struct dma_resv);
	dmabuf = kzalloc(alloc_size, GFP_KERNEL);
	if (!dmabuf)
		return ERR_PTR(-ENOMEM);

	dmabuf->priv = exp_info->priv;
	dmabuf->ops = exp_info->ops;
	dmabuf->size = exp_info->size;
	dmabuf->exp_name = exp_info->exp_name;
	dmabuf->owner = exp_info->owner;
	INIT_LIST_HEAD(&dmabuf->attachments);
	kref_init(&dmabuf->host_refs);
	if (!exp_info->resv) {
		dmabuf->resv = (struct dma_resv *)&dmabuf[1];
		dma_resv_init(dmabuf->resv);
	} else {
		dmabuf->resv = exp_info->resv;
	}

	pthread_once(&buffers_once, buffers_init);
	mutex_lock(&buffers_lock);
	dmabuf->host_ino = next_ino++;
	list_add_tail(&dmabuf->list_node, &buffers);
	live++;
	mutex_unlock(&buffers_lock);
	return dmabuf;
}

static void dma_buf_release(struct dma_buf *dmabuf)
{
	mutex_lock(&buffers_lock);
	list_del(&dmabuf->list_node);
	live--;
	mutex_unlock(&buffers_lock);

	dmabuf->ops->release(dmabuf);
	if (dmabuf->resv == (struct dma_resv *)&dmabuf[1])
		dma_resv_fini(dmabuf->resv);
	/* An importer that never detached: the kernel warns here too. */
	WARN_ON(!list_empty(&dmabuf->attachments));
	kfree(dmabuf->name);
	kfree(dmabuf);
}

void get_dma_buf(struct dma_buf *dmabuf)
{
	kref_get(&dmabuf->host_refs);
}

static void dma_buf_last_put(struct kref *kref)
{
	struct dma_buf *dmabuf = container_of(kref, struct dma_buf, host_refs);

	pthread_mutex_lock(&delayed_lock);
	list_add_tail(&dmabuf->host_release_node, &delayed_release);
	pthread_mutex_unlock(&delayed_lock);
}

void dma_buf_put(struct dma_buf *dmabuf)
{
	if (WARN_ON(!dmabuf))
		return;
	kref_put(&dmabuf->host_refs, dma_buf_last_put);
}

void flush_delayed_fput(void)
{
	struct dma_buf *dmabuf;
	LIST_HEAD(todo);

	pthread_mutex_lock(&delayed_lock);
	while (!list_empty(&delayed_release)) {
		dmabuf = list_first_entry(&delayed_release, struct dma_buf,
					  host_release_node);
		list_del(&dmabuf->host_release_node);
		list_add_tail(&dmabuf->host_release_node, &todo);
	}
	pthread_mutex_unlock(&delayed_lock);

	while (!list_empty(&todo)) {
		dmabuf = list_first_entry(&todo, struct dma_buf,
					  host_release_node);
		list_del(&dmabuf->host_release_node);
		dma_buf_release(dmabuf);
	}
}

void host_run_deferred_work(void)
{
	flush_delayed_fput();
}

int dma_buf_pin(struct dma_buf_attachment *attach)
{
	struct dma_buf *dmabuf = attach->dmabuf;

	WARN_ON(!dma_buf_attachment_is_dynamic(attach));
	dma_resv_assert_held(dmabuf->resv);
	if (dmabuf->ops->pin)
		return dmabuf->ops->pin(attach);
	return 0;
}

void dma_buf_unpin(struct dma_buf_attachment *attach)
{
	struct dma_buf *dmabuf = attach->dmabuf;

	WARN_ON(!dma_buf_attachment_is_dynamic(attach));
	dma_resv_assert_held(dmabuf->resv);
	if (dmabuf->ops->unpin)
		dmabuf->ops->unpin(attach);
}

void dma_buf_invalidate_mappings(struct dma_buf *dmabuf)
{
	struct dma_buf_attachment *attach;

	dma_resv_assert_held(dmabuf->resv);
	list_for_each_entry(attach, &dmabuf->attachments, node)
		if (dma_buf_attach_revocable(attach))
			attach->importer_ops->invalidate_mappings(attach);
}

bool dma_buf_attach_revocable(struct dma_buf_attachment *attach)
{
	return attach->importer_ops &&
	       attach->importer_ops->invalidate_mappings;
}

unsigned long host_dma_buf_live(void)
{
	return live;
}

/* The 7.3 layout of /sys/kernel/debug/dma_buf/bufinfo, without fences. */
void host_dma_buf_bufinfo(struct seq_file *s, void *unused)
{
	struct dma_buf_attachment *attach;
	struct dma_buf *buf;
	int count = 0, attach_count;
	size_t size = 0;

	(void)unused;
	pthread_once(&buffers_once, buffers_init);
	mutex_lock(&buffers_lock);
	seq_puts(s, "\nDma-buf Objects:\n");
	seq_printf(s, "%-8s\t%-8s\t%-8s\t%-8s\texp_name\t%-8s\tname\n",
		   "size", "flags", "mode", "count", "ino");
	list_for_each_entry(buf, &buffers, list_node) {
		dma_resv_lock(buf->resv, NULL);
		seq_printf(s, "%08zu\t%08x\t%08x\t%08u\t%s\t%08lu\t%s\n",
			   buf->size, 2, 0x7, kref_read(&buf->host_refs),
			   buf->exp_name, buf->host_ino,
			   buf->name ? buf->name : "<none>");
		seq_puts(s, "\tAttached Devices:\n");
		attach_count = 0;
		list_for_each_entry(attach, &buf->attachments, node) {
			dma_buf_mapping_debugfs_show(s, attach);
			attach_count++;
		}
		dma_resv_unlock(buf->resv);
		seq_printf(s, "Total %d devices attached\n\n", attach_count);
		count++;
		size += buf->size;
	}
	seq_printf(s, "\nTotal %d objects, %zu bytes\n", count, size);
	mutex_unlock(&buffers_lock);
}
