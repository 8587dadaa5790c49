/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference exporters and importers for DMA-buf mapping types.
 *
 * Each file of samples/dma-buf/ plays the part of one kind of real driver,
 * written against the kernel API only, so that scenario tests and the demo
 * can run them end to end: a system-memory heap, an exporter that refuses
 * every importer, a GPU exporting VRAM, a VFIO-style device BAR exporter;
 * a classic static importer, an RDMA-style dynamic importer and an
 * iommufd-style PAL importer.
 *
 * This is what the drivers offer the rest of the kernel (or, for VFIO and
 * iommufd, user space): bind, export, import, and the events a driver's
 * own work causes.  What tests look at inside them is in
 * dma-buf-samples-inspect.h.
 */
#ifndef _SAMPLES_DMA_BUF_SAMPLES_H
#define _SAMPLES_DMA_BUF_SAMPLES_H

#include <linux/types.h>
#include <linux/dma-direction.h>

struct device;
struct dma_buf;
struct iommu_domain;
struct pci_dev;
struct sg_table;

/* System memory as pages, shared by the exporters that hand it out */

/**
 * struct sample_pages - a buffer's pages, in buffer order
 * @pages: the pages
 * @nr_pages: how many
 */
struct sample_pages {
	struct page **pages;
	unsigned int nr_pages;
};

struct dma_buf_ops;
struct page;

int sample_pages_alloc(struct sample_pages *sp, size_t size);
void sample_pages_free(struct sample_pages *sp);
struct sg_table *sample_pages_map(const struct sample_pages *sp,
				  struct device *dev,
				  enum dma_data_direction dir);
void sample_pages_unmap(struct device *dev, struct sg_table *sgt,
			enum dma_data_direction dir);
phys_addr_t sample_pages_phys(const struct sample_pages *sp, size_t offset);
struct dma_buf *sample_pages_export(size_t size, const struct dma_buf_ops *ops,
				    const char *exp_name);
void sample_pages_release(struct dma_buf *dmabuf);

/* Exporters of system memory */

struct dma_buf *sample_system_heap_alloc(size_t size);

struct dma_buf *sample_no_attach_export(size_t size);

/* GPU exporting VRAM */

struct sample_gpu;

struct sample_gpu *sample_gpu_probe(struct pci_dev *pdev, int vram_bar);
void sample_gpu_remove(struct sample_gpu *gpu);
struct dma_buf *sample_gpu_bo_export(struct sample_gpu *gpu, size_t size);
int sample_gpu_bo_migrate(struct dma_buf *dmabuf, bool to_vram);

/* VFIO-style device BAR exporter */

struct sample_vfio_device;

/**
 * struct sample_vfio_range - one range of a BAR to export
 * @offset: from the start of the BAR, page aligned
 * @len: length in bytes, page aligned, not zero
 */
struct sample_vfio_range {
	u64 offset;
	u64 len;
};

struct sample_vfio_device *sample_vfio_open(struct pci_dev *pdev);
void sample_vfio_close(struct sample_vfio_device *vdev);
struct dma_buf *sample_vfio_export(struct sample_vfio_device *vdev, int bar,
				   const struct sample_vfio_range *ranges,
				   size_t nr_ranges);
void sample_vfio_revoke(struct sample_vfio_device *vdev, bool revoked);

/* Classic static importer */

struct sample_static_importer;

struct sample_static_importer *sample_static_import(struct dma_buf *dmabuf,
						    struct device *dev);
void sample_static_release(struct sample_static_importer *imp);

/* RDMA-style dynamic SGT importer */

struct sample_rdma_mr;

struct sample_rdma_mr *sample_rdma_mr_reg(struct dma_buf *dmabuf,
					  struct device *dev);
void sample_rdma_mr_dereg(struct sample_rdma_mr *mr);
int sample_rdma_mr_fault(struct sample_rdma_mr *mr);

/* iommufd-style PAL importer */

struct sample_iommufd;

struct sample_iommufd *sample_iommufd_attach(struct dma_buf *dmabuf,
					     struct iommu_domain *domain);
void sample_iommufd_detach(struct sample_iommufd *imp);
int sample_iommufd_map(struct sample_iommufd *imp, u64 offset, u64 length);
int sample_iommufd_remap(struct sample_iommufd *imp);

#endif /* _SAMPLES_DMA_BUF_SAMPLES_H */
