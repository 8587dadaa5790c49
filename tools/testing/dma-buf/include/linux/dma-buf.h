/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/dma-buf.h> in the userspace host: a model of the Linux 7.3 header
 * with the mapping-type additions (the kernel gets the same additions from
 * kernel/patches/).  The structures keep the kernel's member names so that
 * exporters and importers compile unchanged; members for features the host
 * does not model (vmap, mmap, poll, sysfs stats) are left out.
 *
 * The core itself is modelled in lib/dma-buf.c; attach, detach and map live
 * in the engine (drivers/dma-buf/dma-buf-mapping*.c) in both hosts.
 */
#ifndef __DMA_BUF_H__
#define __DMA_BUF_H__

#include <host/kernel.h>
#include <linux/file.h>
#include <linux/dma-buf-mapping.h>

struct dma_buf;
struct dma_buf_attachment;

/**
 * struct dma_buf_ops - operations of an exporter
 *
 * As in 7.3 with the series: @match_mapping and @single_exporter_match in
 * place of the classic map_dma_buf/unmap_dma_buf pair.  An exporter sets
 * exactly one of the two.
 */
struct dma_buf_ops {
	int (*attach)(struct dma_buf *dmabuf,
		      struct dma_buf_attachment *attach);
	void (*detach)(struct dma_buf *dmabuf,
		       struct dma_buf_attachment *attach);
	int (*pin)(struct dma_buf_attachment *attach);
	void (*unpin)(struct dma_buf_attachment *attach);
	void (*release)(struct dma_buf *dmabuf);
	int (*match_mapping)(struct dma_buf_match_args *args);
	const struct dma_buf_mapping_match *single_exporter_match;
};

struct dma_buf {
	size_t size;
	struct list_head attachments;
	const struct dma_buf_ops *ops;
	const char *exp_name;
	const char *name;
	struct module *owner;
	struct list_head list_node;
	void *priv;
	struct dma_resv *resv;
	/* host: stands for the file reference count */
	struct kref host_refs;
	unsigned long host_ino;
	struct list_head host_release_node;	/* awaiting delayed fput */
};

/**
 * struct dma_buf_attach_ops - importer operations for a dynamic attachment
 * @allow_peer2peer: the importer can take MMIO of another PCI device
 * @invalidate_mappings: optional; the exporter is moving or revoking the
 *	buffer: stop using the mappings and unmap them in bounded time
 */
struct dma_buf_attach_ops {
	bool allow_peer2peer;
	void (*invalidate_mappings)(struct dma_buf_attachment *attach);
};

struct dma_buf_attachment {
	struct dma_buf *dmabuf;
	struct list_head node;
	const struct dma_buf_attach_ops *importer_ops;
	void *importer_priv;
	void *priv;
	struct dma_buf_mapping_match map_type;
};

struct dma_buf_export_info {
	const char *exp_name;
	struct module *owner;
	const struct dma_buf_ops *ops;
	size_t size;
	int flags;
	struct dma_resv *resv;
	void *priv;
};

#define DEFINE_DMA_BUF_EXPORT_INFO(name)				\
	struct dma_buf_export_info name = { .exp_name = KBUILD_MODNAME,	\
					    .owner = THIS_MODULE }

void get_dma_buf(struct dma_buf *dmabuf);

static inline bool dma_buf_is_dynamic(struct dma_buf *dmabuf)
{
	return !!dmabuf->ops->pin;
}

static inline bool
dma_buf_attachment_is_dynamic(struct dma_buf_attachment *attach)
{
	return !!attach->importer_ops;
}

struct dma_buf *dma_buf_export(const struct dma_buf_export_info *exp_info);
void dma_buf_put(struct dma_buf *dmabuf);
int dma_buf_pin(struct dma_buf_attachment *attach);
void dma_buf_unpin(struct dma_buf_attachment *attach);
void dma_buf_invalidate_mappings(struct dma_buf *dmabuf);
/* The core's trace points for attach and detach; nothing to trace here. */
static inline void dma_buf_trace_attach(struct dma_buf_attachment *attach) { }
static inline void dma_buf_trace_detach(struct dma_buf_attachment *attach) { }
bool dma_buf_attach_revocable(struct dma_buf_attachment *attach);

/* Host only: the debugfs "bufinfo" listing, and the live buffer count. */
void host_dma_buf_bufinfo(struct seq_file *s, void *unused);
unsigned long host_dma_buf_live(void);

#endif /* __DMA_BUF_H__ */
