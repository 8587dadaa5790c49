/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the scenario tests, the stress test and the demo look at inside the
 * sample drivers: where a buffer's memory is now, how often it moved, what
 * an importer holds.  No real driver exports such things; a test needs
 * them to check that what an importer would program leads to the
 * exporter's memory.  They read driver state, so they live with each
 * driver; the callers hold the reservation lock or know nothing moves.
 */
#ifndef _SAMPLES_DMA_BUF_SAMPLES_INSPECT_H
#define _SAMPLES_DMA_BUF_SAMPLES_INSPECT_H

#include <linux/types.h>

struct dma_buf;
struct dma_buf_attachment;
struct sample_iommufd;
struct sample_rdma_mr;
struct sample_static_importer;
struct sg_table;

/* A buffer of sample_pages_export(): the system heap's. */
phys_addr_t sample_pages_dmabuf_phys(struct dma_buf *dmabuf, size_t offset);

phys_addr_t sample_gpu_bo_phys(struct dma_buf *dmabuf, size_t offset);
bool sample_gpu_bo_in_vram(struct dma_buf *dmabuf);
unsigned int sample_gpu_bo_migrations(struct dma_buf *dmabuf);

phys_addr_t sample_vfio_phys(struct dma_buf *dmabuf, size_t offset);
unsigned int sample_vfio_outstanding(struct dma_buf *dmabuf);
unsigned int sample_vfio_refused_static(struct dma_buf *dmabuf);
unsigned int sample_vfio_revocations(struct dma_buf *dmabuf);

struct dma_buf_attachment *
sample_static_attachment(struct sample_static_importer *imp);
struct sg_table *sample_static_sgt(struct sample_static_importer *imp);

struct dma_buf_attachment *sample_rdma_mr_attachment(struct sample_rdma_mr *mr);
struct sg_table *sample_rdma_mr_sgt(struct sample_rdma_mr *mr);
unsigned int sample_rdma_mr_invalidations(struct sample_rdma_mr *mr);

struct dma_buf_attachment *
sample_iommufd_attachment(struct sample_iommufd *imp);
bool sample_iommufd_revoked(struct sample_iommufd *imp);
unsigned int sample_iommufd_nr_areas(struct sample_iommufd *imp);
int sample_iommufd_area(struct sample_iommufd *imp, unsigned int area,
			u64 *offset, u64 *length, bool *mapped);
u64 sample_iommufd_iova(struct sample_iommufd *imp, unsigned int area,
			size_t page);
unsigned long sample_iommufd_mapped_pages(struct sample_iommufd *imp);

#endif /* _SAMPLES_DMA_BUF_SAMPLES_INSPECT_H */
