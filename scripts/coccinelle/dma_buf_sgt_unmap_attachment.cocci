// SPDX-License-Identifier: GPL-2.0
/// Renames dma_buf_unmap_attachment() and
/// dma_buf_unmap_attachment_unlocked() to the SGT mapping type's
/// dma_buf_sgt_unmap_attachment() and dma_buf_sgt_unmap_attachment_unlocked(),
/// and removes the old names, aliases kept for the conversion.
//
// Confidence: High
// Options: --no-includes --include-headers

virtual patch

@depends on patch@
@@
(
- dma_buf_unmap_attachment
+ dma_buf_sgt_unmap_attachment
|
- dma_buf_unmap_attachment_unlocked
+ dma_buf_sgt_unmap_attachment_unlocked
)
  (...)

@depends on patch@
type T;
@@
(
- T dma_buf_unmap_attachment(...) { ... }
|
- T dma_buf_unmap_attachment_unlocked(...) { ... }
)
