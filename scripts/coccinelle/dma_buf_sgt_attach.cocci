// SPDX-License-Identifier: GPL-2.0
/// Renames dma_buf_attach() to the SGT mapping type's dma_buf_sgt_attach()
/// and removes the old name, an alias kept for the conversion.
//
// Confidence: High
// Options: --no-includes --include-headers

virtual patch

@depends on patch@
@@
- dma_buf_attach
+ dma_buf_sgt_attach
  (...)

@depends on patch@
type T;
@@
- T dma_buf_attach(...) { ... }
