// SPDX-License-Identifier: GPL-2.0
/*
 * The PAL mapping type: a list of physical MMIO ranges, for importers that
 * program their own IOMMU.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>

/**
 * DOC: PAL mapping type
 *
 * A Physical Address List hands the importer the CPU physical addresses of
 * the buffer's MMIO ranges, not DMA addresses.  Only importers that own an
 * IOMMU and map the ranges themselves (iommufd, KVM) may use it, which is
 * why dma_buf_pal_map_phys() is exported in its own symbol namespace.
 *
 * The exporter owns the list it returns; it stays valid until the importer
 * gives it back with dma_buf_pal_unmap_phys(), which the importer must do
 * from its &dma_buf_attach_ops.invalidate_mappings (the exporter is
 * revoking the memory) and before detaching.  An importer without that
 * callback could keep the physical addresses of memory that moved or was
 * revoked: the PAL type is never negotiated for it.
 *
 * Every list an exporter returns is checked: at least one entry, no empty
 * entry, page-aligned address and length, no address that wraps.  A bad
 * list is handed straight back to the exporter and the importer gets
 * -EINVAL, so an importer never walks a malformed list.
 *
 * Importers walk a byte range of a list with &struct dma_buf_pal_iter
 * rather than by hand: dma_buf_pal_iter_init() checks the whole range
 * before anything is produced, and dma_buf_pal_iter_next() then hands out
 * physically contiguous runs, cut at the size the importer maps at once.
 */

static void dma_buf_pal_finish_match(struct dma_buf_match_args *args,
				     const struct dma_buf_mapping_match *exp,
				     const struct dma_buf_mapping_match *imp)
{
	if (!args->attach)
		return;
	args->attach->map_type = (struct dma_buf_mapping_match){
		.type = exp->type,
		.exp_ops = exp->exp_ops,
	};
}

/*
 * Any PAL importer fits any PAL exporter whose entry has the ops that
 * dma_buf_pal_map_phys() will call, as long as the importer can be told to
 * stop: only such an importer may hold physical addresses.  A static
 * importer is passed over (it may still match another type of the lists).
 */
static int dma_buf_pal_match(struct dma_buf_match_args *args,
			     const struct dma_buf_mapping_match *exp,
			     const struct dma_buf_mapping_match *imp)
{
	if (WARN_ON(!exp->exp_ops))
		return -EINVAL;
	if (args->attach && !dma_buf_attach_revocable(args->attach))
		return -EOPNOTSUPP;
	return 0;
}

const struct dma_buf_mapping_type dma_buf_mapping_pal_type = {
	.name = "Physical Address List",
	.match_args = dma_buf_pal_match,
	.finish_match = dma_buf_pal_finish_match,
};
EXPORT_SYMBOL_NS_GPL(dma_buf_mapping_pal_type, "DMA_BUF");

static const struct dma_buf_mapping_pal_exp_ops *
dma_buf_pal_ops(struct dma_buf_attachment *attach)
{
	return container_of(attach->map_type.exp_ops,
			    struct dma_buf_mapping_pal_exp_ops, ops);
}

/* The attachment is PAL-typed and its buffer's reservation lock held. */
static bool dma_buf_pal_attach_ok(struct dma_buf_attachment *attach)
{
	if (WARN_ON(!attach || !attach->dmabuf))
		return false;
	if (WARN_ON(attach->map_type.type != &dma_buf_mapping_pal_type))
		return false;
	dma_resv_assert_held(attach->dmabuf->resv);
	return true;
}

/* Not empty, page aligned at both ends, not wrapping past the top. */
static bool dma_buf_pal_entry_ok(const struct dma_buf_phys_vec *vec)
{
	phys_addr_t end;

	return vec->len && PAGE_ALIGNED(vec->paddr) && PAGE_ALIGNED(vec->len) &&
	       !check_add_overflow(vec->paddr, (phys_addr_t)vec->len, &end);
}

/**
 * dma_buf_pal_validate_list - check the invariants of a physical address list
 * @phys: the list
 *
 * A list has at least one entry; each entry is non-empty, starts and ends
 * on a page boundary, and does not wrap around the physical address space.
 *
 * Return: 0, or -EINVAL (with a warning: the exporter is broken).
 */
int dma_buf_pal_validate_list(const struct dma_buf_phys_list *phys)
{
	size_t i;

	if (WARN_ON(!phys->length))
		return -EINVAL;
	for (i = 0; i < phys->length; i++) {
		const struct dma_buf_phys_vec *vec = &phys->phys[i];

		if (WARN(!dma_buf_pal_entry_ok(vec),
			 "dma-buf: bad PAL entry %zu: %#llx + %#zx\n", i,
			 (unsigned long long)vec->paddr, vec->len))
			return -EINVAL;
	}
	return 0;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_pal_validate_list, "DMA_BUF");

/**
 * dma_buf_pal_map_phys - get the physical address list of a PAL attachment
 * @attach: the attachment, of the PAL type
 *
 * Calls the exporter's map_phys and checks the list it returns (see
 * dma_buf_pal_validate_list()).  The reservation lock must be held.  Only
 * IOMMU-owning importers may call this.
 *
 * Return: the exporter-owned list, valid until dma_buf_pal_unmap_phys(); or
 * an ERR_PTR: -EINVAL for a NULL or non-PAL attachment or a malformed list
 * (which is handed back to the exporter first), -ENOMEM when the exporter
 * returned NULL, or the exporter's error (-ENODEV while it is revoked).
 */
struct dma_buf_phys_list *dma_buf_pal_map_phys(struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_pal_exp_ops *ops;
	struct dma_buf_phys_list *phys;
	int ret;

	if (!dma_buf_pal_attach_ok(attach))
		return ERR_PTR(-EINVAL);

	ops = dma_buf_pal_ops(attach);
	phys = ops->map_phys(attach);
	if (!phys)
		return ERR_PTR(-ENOMEM);
	if (IS_ERR(phys))
		return phys;

	ret = dma_buf_pal_validate_list(phys);
	if (ret) {
		ops->unmap_phys(attach, phys);
		return ERR_PTR(ret);
	}
	return phys;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_pal_map_phys, "DMA_BUF_PAL");

/**
 * dma_buf_pal_unmap_phys - give back a list from dma_buf_pal_map_phys()
 * @attach: the attachment it was mapped for
 * @phys: the list
 *
 * The importer must have stopped using the addresses.  The reservation lock
 * must be held.
 */
void dma_buf_pal_unmap_phys(struct dma_buf_attachment *attach,
			    struct dma_buf_phys_list *phys)
{
	if (!dma_buf_pal_attach_ok(attach) || WARN_ON(IS_ERR_OR_NULL(phys)))
		return;
	dma_buf_pal_ops(attach)->unmap_phys(attach, phys);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_pal_unmap_phys, "DMA_BUF_PAL");

/*
 * Skips the entries that end at or before @offset, so that @iter starts
 * inside an entry.  Every entry skipped is checked too: a malformed one
 * would make the byte offsets after it meaningless.
 */
static bool dma_buf_pal_iter_seek(struct dma_buf_pal_iter *iter, u64 offset)
{
	const struct dma_buf_phys_list *list = iter->list;
	size_t i;

	for (i = 0; i < list->length; i++) {
		if (!dma_buf_pal_entry_ok(&list->phys[i]))
			return false;
		if (offset < list->phys[i].len) {
			iter->idx = i;
			iter->off = offset;
			return true;
		}
		offset -= list->phys[i].len;
	}
	return false;
}

/*
 * Whether the entries from the seek point on hold @length bytes, every
 * one of them well formed.  Checked up front so that next() cannot fail
 * half way through a range the importer has partly mapped.
 */
static bool dma_buf_pal_iter_fits(const struct dma_buf_pal_iter *iter,
				  u64 length)
{
	const struct dma_buf_phys_list *list = iter->list;
	u64 avail = list->phys[iter->idx].len - iter->off;
	size_t i = iter->idx;

	while (length > avail) {
		length -= avail;
		if (++i == list->length ||
		    !dma_buf_pal_entry_ok(&list->phys[i]))
			return false;
		avail = list->phys[i].len;
	}
	return true;
}

/**
 * dma_buf_pal_iter_init - start a walk over a byte range of a list
 * @iter: the walk to set up
 * @list: the list, usually from dma_buf_pal_map_phys(); not changed, and
 *	must not change during the walk
 * @offset: where the range starts in the buffer the list describes, in
 *	bytes, page aligned
 * @length: bytes to walk, page aligned, not zero
 *
 * Seeks to @offset and checks that [@offset, @offset + @length) lies
 * inside the list and that every entry up to the end of the range is well
 * formed (not empty, page aligned, not wrapping), so that the walk cannot
 * fail once started.  Entries after the range are not looked at.  Takes
 * time linear in the number of entries, whatever the list holds.
 *
 * Return: 0, and dma_buf_pal_iter_next() then produces runs that add up
 * to exactly @length bytes; or -EINVAL for a NULL or empty list, a zero,
 * misaligned or overflowing request, a request past the end of the list,
 * or a malformed entry.  After -EINVAL the walk produces nothing.
 */
int dma_buf_pal_iter_init(struct dma_buf_pal_iter *iter,
			  const struct dma_buf_phys_list *list,
			  u64 offset, u64 length)
{
	u64 end;

	/* Nothing left until every check passed: a failed walk is empty. */
	*iter = (struct dma_buf_pal_iter){ .list = list };
	if (!list || !length || !PAGE_ALIGNED(offset) ||
	    !PAGE_ALIGNED(length) || check_add_overflow(offset, length, &end))
		return -EINVAL;
	if (!dma_buf_pal_iter_seek(iter, offset) ||
	    !dma_buf_pal_iter_fits(iter, length))
		return -EINVAL;
	iter->left = length;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_pal_iter_init, "DMA_BUF_PAL");

/**
 * dma_buf_pal_iter_next - the next physically contiguous run of a walk
 * @iter: a walk set up by dma_buf_pal_iter_init()
 * @max: the longest run the caller takes at once, a nonzero multiple of
 *	PAGE_SIZE: PAGE_SIZE to walk page by page
 * @paddr: where the run's physical address goes
 * @len: where the run's length in bytes goes
 *
 * A run is the rest of the current entry, cut to what is left of the
 * request and to @max; it is page aligned and never spans two entries,
 * even where two entries happen to be physically adjacent.
 *
 * Return: true with *@paddr and *@len set; false, leaving them alone, when
 * the request is done or (with a warning) @max is not a nonzero page
 * multiple.
 */
bool dma_buf_pal_iter_next(struct dma_buf_pal_iter *iter, u64 max,
			   phys_addr_t *paddr, u64 *len)
{
	const struct dma_buf_phys_vec *vec;
	u64 run;

	/* A zero or partial-page run could never finish a page aligned walk. */
	if (WARN_ON(!max || !PAGE_ALIGNED(max)) || !iter->left)
		return false;
	/* init checked the range fits; running off the list is a bug. */
	if (WARN_ON(iter->idx >= iter->list->length))
		return false;

	vec = &iter->list->phys[iter->idx];
	run = min3((u64)vec->len - iter->off, iter->left, max);
	*paddr = vec->paddr + iter->off;
	*len = run;
	iter->left -= run;
	iter->off += run;
	if (iter->off == vec->len) {
		iter->idx++;
		iter->off = 0;
	}
	return true;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_pal_iter_next, "DMA_BUF_PAL");
