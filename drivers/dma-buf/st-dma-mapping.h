/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the KUnit suites of DMA-buf mapping types (st-dma-mapping-*.c)
 * share: dma-bufs, attachments and mappings owned by the test case, a
 * small exporter that offers a fixed list, importing devices, and the
 * marks around a warning that a case causes on purpose.
 *
 * Every dma-buf, attachment and mapping a case makes through these helpers
 * is undone by a KUnit action when the case ends, newest first, so a
 * failed assertion leaves nothing behind.  A case that must undo one
 * earlier does it with the matching helper below, which releases the
 * action.  Test-managed memory that an exporter's release uses must be
 * allocated before the buffer is exported, so it outlives the release.
 */
#ifndef _ST_DMA_MAPPING_H
#define _ST_DMA_MAPPING_H

#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-direction.h>
#include <linux/pci-p2pdma.h>

struct device;
struct pci_dev;
struct seq_file;
struct sg_table;

/*
 * The suites run in the kernel and in the userspace host under
 * tools/testing/dma-buf.  The host counts WARNs and fails a case on one it
 * was not told to expect; EXPECT_WARN() tells it.  The kernel has no such
 * hook: there the splat goes to the log, and the marks around it let the
 * run (kernel/kunit.sh) tell a splat a case asked for from a real one.
 */
#ifdef KUNIT_HOST_EXPECT_WARN
#define EXPECT_WARN(test, expr)	KUNIT_HOST_EXPECT_WARN(test, expr)
#else
#define EXPECT_WARN(test, expr) do {					\
	struct kunit *__test = (test);					\
									\
	kunit_info(__test, "EXPECT_WARN begin");			\
	expr;								\
	kunit_info(__test, "EXPECT_WARN end");				\
} while (0)
#endif

/* The size of every test buffer. */
#define MOCK_SIZE		(4 * PAGE_SIZE)

/* Dynamic importers that never map, so they have nothing to drop. */
extern const struct dma_buf_attach_ops dmabuf_kunit_dynamic_importer;
extern const struct dma_buf_attach_ops dmabuf_kunit_p2p_importer;

/*
 * Exporter ops for cases that negotiate and never map: map fails with
 * -EIO.  Two SGT ones, so a case can tell which entry was negotiated.
 */
extern const struct dma_buf_mapping_sgt_exp_ops dmabuf_kunit_sgt_ops;
extern const struct dma_buf_mapping_sgt_exp_ops dmabuf_kunit_sgt_ops_other;
extern const struct dma_buf_mapping_pal_exp_ops dmabuf_kunit_pal_ops;
struct sg_table *dmabuf_kunit_map_unused(struct dma_buf_attachment *attach,
					 enum dma_data_direction dir);
void dmabuf_kunit_unmap_unused(struct dma_buf_attachment *attach,
			       struct sg_table *sgt,
			       enum dma_data_direction dir);

/**
 * struct dmabuf_kunit_mapping - a mapping owned by the test case
 * @attach: the attachment it was made through
 * @dir: the direction of an SGT mapping
 * @sgt: the SGT mapping, or what the failed map returned
 * @phys: the PAL mapping, or what the failed map returned
 */
struct dmabuf_kunit_mapping {
	struct dma_buf_attachment *attach;
	enum dma_data_direction dir;
	struct sg_table *sgt;
	struct dma_buf_phys_list *phys;
};

struct dma_buf *dmabuf_kunit_exported(struct kunit *test,
				      struct dma_buf *dmabuf);
struct dma_buf *dmabuf_kunit_export(struct kunit *test,
				    const struct dma_buf_ops *ops, void *priv);
struct dma_buf *
dmabuf_kunit_export_offer(struct kunit *test,
			  const struct dma_buf_mapping_match *exp, size_t n);
void dmabuf_kunit_put(struct kunit *test, struct dma_buf *dmabuf);
void dmabuf_kunit_put_deferred(struct kunit *test, struct dma_buf *dmabuf);

struct dma_buf_attachment *
dmabuf_kunit_attached(struct kunit *test, struct dma_buf_attachment *attach);
void dmabuf_kunit_detach(struct kunit *test,
			 struct dma_buf_attachment *attach);

struct dma_buf_attachment *dmabuf_kunit_attach_sgt(struct kunit *test,
						   struct dma_buf *dmabuf,
						   bool dynamic);
struct dma_buf_attachment *dmabuf_kunit_attach_pal(struct kunit *test,
						   struct dma_buf *dmabuf);

struct dmabuf_kunit_mapping *
dmabuf_kunit_sgt_mapped(struct kunit *test, struct dma_buf_attachment *attach,
			struct sg_table *sgt, enum dma_data_direction dir);
struct dmabuf_kunit_mapping *
dmabuf_kunit_map_sgt(struct kunit *test, struct dma_buf_attachment *attach,
		     enum dma_data_direction dir);
void dmabuf_kunit_unmap_sgt(struct kunit *test,
			    struct dmabuf_kunit_mapping *map);
void dmabuf_kunit_unmap_sgt_locked(struct kunit *test,
				   struct dmabuf_kunit_mapping *map);
struct dmabuf_kunit_mapping *
dmabuf_kunit_map_pal(struct kunit *test, struct dma_buf_attachment *attach);
void dmabuf_kunit_unmap_pal(struct kunit *test,
			    struct dmabuf_kunit_mapping *map);

struct device *dmabuf_kunit_device(struct kunit *test);
struct pci_dev *dmabuf_kunit_pci_dev(struct kunit *test);
void dmabuf_kunit_seq_capture(struct seq_file *s, char *buf, size_t size);

/*
 * The name of a P2P map type on the P2P suite's "fixture:" lines, which
 * the userspace host reads back (tools/testing/dma-buf/tests/p2pdma-qemu.c):
 * printer and reader share this one table.
 */
static inline const char *
dmabuf_kunit_map_type_name(enum pci_p2pdma_map_type type)
{
	switch (type) {
	case PCI_P2PDMA_MAP_BUS_ADDR:
		return "BUS_ADDR";
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:
		return "THRU_HOST_BRIDGE";
	case PCI_P2PDMA_MAP_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	default:
		return "UNKNOWN";
	}
}

/* The port type of a device that is not PCI Express. */
#define DMABUF_KUNIT_NOT_PCIE	(-1)

/*
 * The port type of a device on the P2P suite's "topology:" lines: @type is
 * a pci_pcie_type() or %DMABUF_KUNIT_NOT_PCIE.  The userspace host reads
 * the lines back and p2p-check prints the same words: one table for all.
 * NULL for a type without a name.
 */
static inline const char *dmabuf_kunit_pcie_type_name(int type)
{
	switch (type) {
	case DMABUF_KUNIT_NOT_PCIE:
		return "pci";
	case PCI_EXP_TYPE_ENDPOINT:
		return "endpoint";
	case PCI_EXP_TYPE_LEG_END:
		return "legacy-endpoint";
	case PCI_EXP_TYPE_RC_END:
		return "rc-endpoint";
	case PCI_EXP_TYPE_RC_EC:
		return "rc-ec";
	case PCI_EXP_TYPE_ROOT_PORT:
		return "root-port";
	case PCI_EXP_TYPE_UPSTREAM:
		return "upstream";
	case PCI_EXP_TYPE_DOWNSTREAM:
		return "downstream";
	case PCI_EXP_TYPE_PCI_BRIDGE:
		return "pcie-to-pci";
	case PCI_EXP_TYPE_PCIE_BRIDGE:
		return "pci-to-pcie";
	default:
		return NULL;
	}
}

#endif /* _ST_DMA_MAPPING_H */
