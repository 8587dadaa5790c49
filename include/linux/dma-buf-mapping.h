/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA-buf mapping types: how an exporter and an importer agree on the form
 * in which a shared buffer is handed over.
 *
 * At attach time the importer lists the mapping types it accepts and the
 * exporter lists the types it can supply, in priority order.  The core picks
 * exactly one mutual match and keeps it in &dma_buf_attachment.map_type for
 * the attachment's whole life.  Two types exist: SGT, a DMA-mapped
 * scatter-gather table with explicit peer-to-peer rules, and PAL, a list of
 * physical MMIO ranges for importers that own an IOMMU.
 */
#ifndef __LINUX_DMA_BUF_MAPPING_H
#define __LINUX_DMA_BUF_MAPPING_H

#include <linux/types.h>
#include <linux/dma-direction.h>

struct device;
struct pci_dev;
struct seq_file;
struct sg_table;
struct dma_buf;
struct dma_buf_ops;
struct dma_buf_attachment;
struct dma_buf_attach_ops;
struct dma_buf_mapping_type;
struct p2pdma_provider;

/**
 * struct dma_buf_mapping_exp_ops - tag for a mapping type's exporter ops
 *
 * Each type's exporter-ops structure embeds this as its first member, named
 * ``ops``.  Generic code only carries a pointer to that member; the type gets
 * its own structure back with container_of().
 */
struct dma_buf_mapping_exp_ops {
	/* private: a tag carries no data */
};

/**
 * struct dma_buf_mapping_match - one mapping type an importer or exporter
 *				  offers, or the one negotiated
 * @type: the mapping type, compared by pointer
 * @exp_ops: the exporter's ops for this type; NULL in importer entries
 * @sgt_data: parameters of the SGT type
 * @sgt_data.importing_dma_device: the device that will DMA; importer side
 * @sgt_data.exporting_p2p_device: the PCI device whose MMIO backs the buffer
 *	when the exporter requires P2P; exporter side, never kept after
 *	negotiation
 * @sgt_data.importer_accepts_p2p: &enum dma_sgt_requires_p2p, importer side:
 *	%DMA_SGT_NO_P2P or %DMA_SGT_IMPORTER_ACCEPTS_P2P
 * @sgt_data.exporter_requires_p2p: &enum dma_sgt_requires_p2p, exporter side:
 *	%DMA_SGT_NO_P2P or %DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE
 * @sgt_data.p2p_distance: in a negotiated result, the PCI P2P distance when
 *	the P2P entry was matched (for debugfs); unused in lists
 *
 * Importer and exporter lists are arrays of these, usually on the caller's
 * stack; the negotiated result is copied by value into
 * &dma_buf_attachment.map_type.
 */
struct dma_buf_mapping_match {
	const struct dma_buf_mapping_type *type;
	const struct dma_buf_mapping_exp_ops *exp_ops;
	union {
		struct {
			struct device *importing_dma_device;
			struct pci_dev *exporting_p2p_device;
			u8 importer_accepts_p2p;
			u8 exporter_requires_p2p;
			int p2p_distance;
		} sgt_data;
	};
};

/**
 * struct dma_buf_match_args - what attach hands to the matcher
 * @dmabuf: the buffer being attached to
 * @attach: the attachment being set up; NULL when the matcher is called on
 *	its own (the result then goes nowhere)
 * @imp_matches: the importer's list, in the importer's order of preference
 * @imp_len: number of entries in @imp_matches
 */
struct dma_buf_match_args {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	const struct dma_buf_mapping_match *imp_matches;
	size_t imp_len;
};

/**
 * struct dma_buf_mapping_type - one way of mapping a buffer
 * @name: shown in debugfs
 * @match: optional; decides whether an exporter entry and an importer entry
 *	of this type fit.  Returns 0 to accept, -EOPNOTSUPP to go on looking,
 *	any other error to abort the negotiation.  Called without the
 *	reservation lock.
 * @finish_match: mandatory; stores the accepted pair into
 *	@args->attach->map_type, by value.  Must do nothing to the attachment
 *	when @args->attach is NULL.
 * @debugfs_dump: optional; prints the type's details of an attachment on
 *	its debugfs line
 * @match_args: optional, for a type without @match whose rule also depends
 *	on who imports: decides as @match does, but is given the matcher's
 *	@args too, whose &dma_buf_match_args.attach may be NULL.  A type sets
 *	at most one of @match and @match_args; a type with @match never has
 *	@match_args called.
 *
 * A type owns its attachments' negotiation through these hooks, so a new
 * type is one new file and the generic code never calls into a type.
 */
struct dma_buf_mapping_type {
	const char *name;
	int (*match)(struct dma_buf *dmabuf,
		     const struct dma_buf_mapping_match *exp,
		     const struct dma_buf_mapping_match *imp);
	void (*finish_match)(struct dma_buf_match_args *args,
			     const struct dma_buf_mapping_match *exp,
			     const struct dma_buf_mapping_match *imp);
	void (*debugfs_dump)(struct seq_file *s,
			     struct dma_buf_attachment *attach);
	int (*match_args)(struct dma_buf_match_args *args,
			  const struct dma_buf_mapping_match *exp,
			  const struct dma_buf_mapping_match *imp);
};

int dma_buf_match_mapping(struct dma_buf_match_args *args,
			  const struct dma_buf_mapping_match *exp_mappings,
			  size_t exp_len);
struct dma_buf_attachment *
dma_buf_mapping_attach(struct dma_buf *dmabuf,
		       struct dma_buf_mapping_match *importer_matches,
		       size_t match_len,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv);
void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach);

/* For the dma-buf core: export-time checks and the debugfs line. */
int dma_buf_mapping_validate_exporter(const struct dma_buf_ops *ops);
void dma_buf_mapping_debugfs_show(struct seq_file *s,
				  struct dma_buf_attachment *attach);

/* The SGT type: a DMA-mapped scatter-gather table */

/**
 * enum dma_sgt_requires_p2p - the P2P fields of an SGT entry
 * @DMA_SGT_NO_P2P: either side: no peer-to-peer
 * @DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE: exporter side only: this entry
 *	hands out MMIO of @exporting_p2p_device, usable only by an importer
 *	that accepts P2P and that pci_p2pdma_distance() allows
 * @DMA_SGT_IMPORTER_ACCEPTS_P2P: importer side only: the importer can DMA
 *	to MMIO of another PCI device
 *
 * A value placed in the other side's field is API misuse: the match warns
 * and the negotiation fails with -EINVAL.
 */
enum dma_sgt_requires_p2p {
	DMA_SGT_NO_P2P = 0,
	DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE,
	DMA_SGT_IMPORTER_ACCEPTS_P2P,
};

/**
 * struct dma_buf_mapping_sgt_exp_ops - exporter ops of the SGT type
 * @ops: the generic tag, first
 *
 * Called through dma_buf_sgt_map_attachment() and
 * dma_buf_sgt_unmap_attachment(), with the reservation lock held (their
 * _unlocked forms take it).
 */
struct dma_buf_mapping_sgt_exp_ops {
	struct dma_buf_mapping_exp_ops ops;
	/**
	 * @map_dma_buf:
	 *
	 * Maps the buffer for dma_buf_sgt_dma_device() of the attachment and
	 * returns a &struct sg_table of its DMA addresses, PAGE_SIZE aligned.
	 * Each call returns a new table, which belongs to the caller until it
	 * comes back through @unmap_dma_buf; an importer that maps often
	 * keeps its table, the core does not cache one.  MMIO may be handed
	 * out only when dma_buf_sgt_p2p_allowed() is true.
	 *
	 * May sleep, to allocate the backing storage or to move it where
	 * every attached device can reach it.  A static exporter must have
	 * the memory ready and cleared when it returns; a dynamic exporter
	 * leaves that to the fences of the reservation object, which dynamic
	 * importers obey, static importers having pinned the buffer first.
	 *
	 * Returns the table or an ERR_PTR, -EINTR when a signal interrupted a
	 * wait.  Mandatory.
	 */
	struct sg_table *(*map_dma_buf)(struct dma_buf_attachment *attach,
					enum dma_data_direction dir);
	/**
	 * @unmap_dma_buf:
	 *
	 * Unmaps and frees a table that @map_dma_buf returned for the same
	 * attachment and direction.  A static exporter may unpin the backing
	 * storage on the last unmap.  Mandatory.
	 */
	void (*unmap_dma_buf)(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir);
};

extern const struct dma_buf_mapping_type dma_buf_mapping_sgt_type;

/**
 * DMA_BUF_IMAPPING_SGT - an importer entry for the SGT type
 * @importing_dma_device: the device that will DMA to the buffer
 * @importer_accepts_p2p: %DMA_SGT_NO_P2P or %DMA_SGT_IMPORTER_ACCEPTS_P2P
 *
 * Return: the entry, by value, for the importer's list.
 */
static inline struct dma_buf_mapping_match
DMA_BUF_IMAPPING_SGT(struct device *importing_dma_device,
		     enum dma_sgt_requires_p2p importer_accepts_p2p)
{
	return (struct dma_buf_mapping_match){
		.type = &dma_buf_mapping_sgt_type,
		.sgt_data = {
			.importing_dma_device = importing_dma_device,
			.importer_accepts_p2p = importer_accepts_p2p,
		},
	};
}

/* Variadic: the argument may be a compound literal with commas in it. */
#define __DMA_BUF_EMAPPING_SGT_INIT(...)				\
	.type = &dma_buf_mapping_sgt_type,				\
	.exp_ops = &(__VA_ARGS__)->ops

/**
 * DMA_BUF_EMAPPING_SGT - an exporter entry for the SGT type, without P2P
 * @_exp_ops: pointer to the exporter's &struct dma_buf_mapping_sgt_exp_ops
 *
 * A macro, not a function, so it can be used in static initializers.
 */
#define DMA_BUF_EMAPPING_SGT(_exp_ops)					\
	((struct dma_buf_mapping_match){ __DMA_BUF_EMAPPING_SGT_INIT(_exp_ops) })

/**
 * DMA_BUF_EMAPPING_SGT_P2P - an exporter entry for the SGT type whose
 *			      memory is MMIO of a PCI device
 * @exp_ops: the exporter's SGT ops
 * @p2p_device: the PCI device providing the MMIO; the exporter must keep a
 *	reference to it for the dma-buf's lifetime
 *
 * Return: the entry, by value, for the exporter's list.
 */
static inline struct dma_buf_mapping_match
DMA_BUF_EMAPPING_SGT_P2P(const struct dma_buf_mapping_sgt_exp_ops *exp_ops,
			 struct pci_dev *p2p_device)
{
	return (struct dma_buf_mapping_match){
		__DMA_BUF_EMAPPING_SGT_INIT(exp_ops),
		.sgt_data = {
			.exporting_p2p_device = p2p_device,
			.exporter_requires_p2p =
				DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE,
		},
	};
}

/**
 * DMA_BUF_SIMPLE_SGT_EXP_MATCH - declare a plain SGT exporter
 * @_map: the exporter's map_dma_buf function
 * @_unmap: the exporter's unmap_dma_buf function
 *
 * Used inside a &struct dma_buf_ops initializer at file scope: sets
 * &dma_buf_ops.single_exporter_match to a static, no-P2P SGT entry.
 */
#define DMA_BUF_SIMPLE_SGT_EXP_MATCH(_map, _unmap)			\
	.single_exporter_match = &(const struct dma_buf_mapping_match){	\
		__DMA_BUF_EMAPPING_SGT_INIT(				\
			&(const struct dma_buf_mapping_sgt_exp_ops){	\
				.map_dma_buf = (_map),			\
				.unmap_dma_buf = (_unmap),		\
			}),						\
	}

struct device *dma_buf_sgt_dma_device(struct dma_buf_attachment *attach);
bool dma_buf_sgt_p2p_allowed(struct dma_buf_attachment *attach);
const struct dma_buf_mapping_sgt_exp_ops *
dma_buf_get_sgt_ops(struct dma_buf_attachment *attach);

struct dma_buf_attachment *dma_buf_sgt_attach(struct dma_buf *dmabuf,
					      struct device *dev);
struct dma_buf_attachment *
dma_buf_sgt_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,
			   const struct dma_buf_attach_ops *importer_ops,
			   void *importer_priv);

struct sg_table *
dma_buf_sgt_map_attachment(struct dma_buf_attachment *attach,
			   enum dma_data_direction dir);
struct sg_table *
dma_buf_sgt_map_attachment_unlocked(struct dma_buf_attachment *attach,
				    enum dma_data_direction dir);
void dma_buf_sgt_unmap_attachment(struct dma_buf_attachment *attach,
				  struct sg_table *sgt,
				  enum dma_data_direction dir);
void dma_buf_sgt_unmap_attachment_unlocked(struct dma_buf_attachment *attach,
					   struct sg_table *sgt,
					   enum dma_data_direction dir);

/* MMIO ranges, and an SGT of them for an SGT importer */

/**
 * struct dma_buf_phys_vec - one physically contiguous MMIO range
 * @paddr: CPU physical address
 * @len: length in bytes
 */
struct dma_buf_phys_vec {
	phys_addr_t paddr;
	size_t len;
};

struct sg_table *dma_buf_phys_vec_to_sgt(struct dma_buf_attachment *attach,
					 struct p2pdma_provider *provider,
					 struct dma_buf_phys_vec *phys_vec,
					 size_t nr_ranges, size_t size,
					 enum dma_data_direction dir);
void dma_buf_free_sgt(struct dma_buf_attachment *attach, struct sg_table *sgt,
		      enum dma_data_direction dir);

/* The PAL type: a list of physical MMIO ranges */

/**
 * struct dma_buf_phys_list - what a PAL exporter hands out
 * @length: number of entries in @phys (not bytes)
 * @phys: the ranges, all MMIO
 */
struct dma_buf_phys_list {
	size_t length;
	struct dma_buf_phys_vec phys[] __counted_by(length);
};

/**
 * struct dma_buf_mapping_pal_exp_ops - exporter ops of the PAL type
 * @ops: the generic tag, first
 * @map_phys: returns the exporter-owned list, or an ERR_PTR; reservation
 *	lock held
 * @unmap_phys: takes the list back; reservation lock held
 */
struct dma_buf_mapping_pal_exp_ops {
	struct dma_buf_mapping_exp_ops ops;
	struct dma_buf_phys_list *(*map_phys)(struct dma_buf_attachment *attach);
	void (*unmap_phys)(struct dma_buf_attachment *attach,
			   struct dma_buf_phys_list *phys);
};

extern const struct dma_buf_mapping_type dma_buf_mapping_pal_type;

/**
 * DMA_BUF_IMAPPING_PAL - an importer entry for the PAL type
 *
 * Only importers that own an IOMMU (iommufd, KVM) may take physical
 * addresses; dma_buf_pal_map_phys() is exported to them only.
 *
 * Return: the entry, by value, for the importer's list.
 */
static inline struct dma_buf_mapping_match DMA_BUF_IMAPPING_PAL(void)
{
	return (struct dma_buf_mapping_match){
		.type = &dma_buf_mapping_pal_type,
	};
}

/**
 * DMA_BUF_EMAPPING_PAL - an exporter entry for the PAL type
 * @exp_ops: the exporter's PAL ops
 *
 * Return: the entry, by value, for the exporter's list.
 */
static inline struct dma_buf_mapping_match
DMA_BUF_EMAPPING_PAL(const struct dma_buf_mapping_pal_exp_ops *exp_ops)
{
	return (struct dma_buf_mapping_match){
		.type = &dma_buf_mapping_pal_type,
		.exp_ops = &exp_ops->ops,
	};
}

struct dma_buf_phys_list *dma_buf_pal_map_phys(struct dma_buf_attachment *attach);
void dma_buf_pal_unmap_phys(struct dma_buf_attachment *attach,
			    struct dma_buf_phys_list *phys);
int dma_buf_pal_validate_list(const struct dma_buf_phys_list *phys);

/**
 * struct dma_buf_pal_iter - a walk over a byte range of a physical address list
 * @list: the list being walked; not changed, and must not change during the
 *	walk
 * @idx: entry the next run starts in
 * @off: byte offset into that entry
 * @left: bytes of the request not yet produced
 *
 * Set up by dma_buf_pal_iter_init(), advanced by dma_buf_pal_iter_next();
 * the fields are private to the two.
 */
struct dma_buf_pal_iter {
	const struct dma_buf_phys_list *list;
	size_t idx;
	u64 off;
	u64 left;
};

int dma_buf_pal_iter_init(struct dma_buf_pal_iter *iter,
			  const struct dma_buf_phys_list *list,
			  u64 offset, u64 length);
bool dma_buf_pal_iter_next(struct dma_buf_pal_iter *iter, u64 max,
			   phys_addr_t *paddr, u64 *len);

#endif /* __LINUX_DMA_BUF_MAPPING_H */
