/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between the files of the mapping-type engine only; nothing here is
 * exported.
 */
#ifndef _DMA_BUF_MAPPING_INTERNAL_H
#define _DMA_BUF_MAPPING_INTERNAL_H

struct dma_buf_attachment;

void dma_buf_sgt_release_cached(struct dma_buf_attachment *attach);

#endif /* _DMA_BUF_MAPPING_INTERNAL_H */
