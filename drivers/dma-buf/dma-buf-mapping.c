// SPDX-License-Identifier: GPL-2.0
/*
 * DMA-buf mapping types: the matcher, attach and detach.
 *
 * The mapping types themselves live in dma-buf-mapping-sgt.c and
 * dma-buf-mapping-pal.c.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

/**
 * DOC: mapping type negotiation
 *
 * An importer attaches with a list of &struct dma_buf_mapping_match entries
 * naming the mapping types it accepts.  The exporter offers its own list,
 * in one of two ways:
 *
 * - &dma_buf_ops.match_mapping builds the list (usually on its stack, so it
 *   can depend on the buffer's placement) and calls dma_buf_match_mapping();
 * - &dma_buf_ops.single_exporter_match points at one static entry, usually
 *   set with DMA_BUF_SIMPLE_SGT_EXP_MATCH().
 *
 * dma_buf_export() refuses an exporter that sets neither or both.
 *
 * The exporter's order is the priority: the first exporter entry that any
 * importer entry accepts wins, and the importer's order only decides which
 * of its entries of that type is used.  The result is copied into
 * &dma_buf_attachment.map_type and does not change for the attachment's
 * life.
 *
 * Negotiation runs without the reservation lock.  An exporter's
 * match_mapping may only look at what lives as long as the dma-buf itself
 * (references taken at export), never at state that a revoke clears.
 * &dma_buf_attachment.dmabuf, .importer_ops and .importer_priv are set
 * before negotiating, so match_mapping can see who is importing.
 */

/*
 * CONFIG_DMABUF_DEBUG validates both lists whole on every negotiation:
 * neither is NULL with a length, each entry names a type with a
 * finish_match, and an importer entry carries no exporter ops.  Whether an
 * exporter entry needs ops is its type's business (SGT and PAL check theirs
 * when matched): other types may have none, and one array may then serve
 * as both lists.
 *
 * Without the option only the pair that matches is checked, in
 * dma_buf_match_pair(), for what the caller is about to use: a type with a
 * finish_match, and the type's own match checks the entries' pointers that
 * mapping will follow (SGT: the exporter's ops and the importer's device).
 * What a kernel without debugging no longer sees costs nothing when left
 * alone: an importer entry's exporter ops are never read, an entry without
 * a type matches nothing, and a NULL list with a length oopses on its first
 * entry.  Walking every entry of both lists on every attach cost more than
 * the search itself.
 */
static bool dma_buf_match_list_ok(const struct dma_buf_mapping_match *list,
				  size_t len, bool exporter)
{
	size_t i;

	if (WARN_ON(!list && len))
		return false;
	for (i = 0; i < len; i++) {
		if (WARN_ON(!list[i].type || !list[i].type->finish_match))
			return false;
		if (WARN_ON(!exporter && list[i].exp_ops))
			return false;
	}
	return true;
}

/*
 * A pair of one type: finish it and return 0, return -EOPNOTSUPP to go on,
 * anything else aborts the search.  Checks first what the caller is about
 * to rely on.
 */
static int dma_buf_match_pair(struct dma_buf_match_args *args,
			      const struct dma_buf_mapping_match *exp,
			      const struct dma_buf_mapping_match *imp)
{
	const struct dma_buf_mapping_type *type = exp->type;
	int ret;

	if (WARN_ON(!type || !type->finish_match))
		return -EINVAL;
	if (type->importer_allowed && args->attach &&
	    !type->importer_allowed(args->attach))
		return -EOPNOTSUPP;
	if (type->match) {
		ret = type->match(args->dmabuf, exp, imp);
		if (unlikely(ret))
			return WARN_ON(ret > 0) ? -EINVAL : ret;
	}
	/* Through exp again: nothing but the position outlives a call. */
	exp->type->finish_match(args, exp, imp);
	return 0;
}

/* An empty list matches nothing; a NULL one with a length is misuse. */
static int dma_buf_match_empty(const struct dma_buf_mapping_match *imp,
			       size_t imp_len,
			       const struct dma_buf_mapping_match *exp,
			       size_t exp_len)
{
	WARN_ON((!imp && imp_len) || (!exp && exp_len));
	return -EINVAL;
}

/**
 * dma_buf_match_mapping - pick the mapping type of an attachment
 * @args: the buffer, the attachment and the importer's list
 * @exp_mappings: the exporter's list, highest priority first
 * @exp_len: number of entries in @exp_mappings
 *
 * Walks the exporter's entries in order and, for each, the importer's
 * entries in order.  Pairs of different types are skipped; a type's
 * &dma_buf_mapping_type.match decides the rest (a type without one accepts
 * every pair).  The first accepted pair is handed to the type's
 * &dma_buf_mapping_type.finish_match, which stores it in
 * @args->attach->map_type.
 *
 * Takes no locks; @args->attach may be NULL.  Exporters call this from
 * &dma_buf_ops.match_mapping.  The pair that matches is checked before it
 * is used; with %CONFIG_DMABUF_DEBUG every entry of both lists is.
 *
 * Return: 0 when a pair matched; -EINVAL when none did (including an empty
 * list on either side) or a list is malformed; any other error a type's
 * match returned, which ends the search.
 */
int dma_buf_match_mapping(struct dma_buf_match_args *args,
			  const struct dma_buf_mapping_match *exp_mappings,
			  size_t exp_len)
{
	const struct dma_buf_mapping_match *imp_matches, *imp_end, *exp_end;
	const struct dma_buf_mapping_match *exp, *imp;
	const struct dma_buf_mapping_type *type;
	size_t imp_len;
	int ret;

	if (WARN_ON(!args))
		return -EINVAL;
	/*
	 * In locals: the type's calls in the loop would otherwise make the
	 * compiler load them from *args again for every pair.
	 */
	imp_matches = args->imp_matches;
	imp_len = args->imp_len;
	/* Both lists, empty or not: a malformed entry is misuse either way. */
	if (IS_ENABLED(CONFIG_DMABUF_DEBUG) &&
	    (!dma_buf_match_list_ok(imp_matches, imp_len, false) ||
	     !dma_buf_match_list_ok(exp_mappings, exp_len, true)))
		return -EINVAL;
	if (unlikely(!imp_len || !exp_len))
		return dma_buf_match_empty(imp_matches, imp_len, exp_mappings,
					   exp_len);

	/*
	 * Neither list is empty.  The search for the next pair of one type
	 * calls nothing, so its pointers stay in scratch registers; after a
	 * type's call only the position is kept, the rest is loaded again.
	 */
	exp = exp_mappings;
	exp_end = exp_mappings + exp_len;
	imp = imp_matches;
	for (;;) {
		imp_end = imp_matches + imp_len;
		type = exp->type;
		while (imp->type != type) {
			if (++imp != imp_end)
				continue;
			if (++exp == exp_end)
				return -EINVAL;
			imp = imp_matches;
			type = exp->type;
		}
		ret = dma_buf_match_pair(args, exp, imp);
		if (ret != -EOPNOTSUPP)
			return ret;
		imp_matches = args->imp_matches;
		imp_len = args->imp_len;
		if (++imp == imp_matches + imp_len) {
			if (++exp == exp_end)
				return -EINVAL;
			imp = imp_matches;
		}
	}
}
EXPORT_SYMBOL_NS_GPL(dma_buf_match_mapping, "DMA_BUF");

/*
 * Runs the exporter's side of the negotiation into @attach->map_type.  The
 * exporter's own match_mapping may fail with its own errors (-ENODEV for a
 * revoked device, say); a positive return or a "success" that matched
 * nothing is a bug in the exporter.
 */
static int dma_buf_negotiate(struct dma_buf_attachment *attach,
			     const struct dma_buf_mapping_match *imp,
			     size_t imp_len)
{
	const struct dma_buf_ops *ops = attach->dmabuf->ops;
	struct dma_buf_match_args args = {
		.dmabuf = attach->dmabuf,
		.attach = attach,
		.imp_matches = imp,
		.imp_len = imp_len,
	};
	int ret;

	if (ops->match_mapping) {
		ret = ops->match_mapping(&args);
		if (WARN_ON(ret > 0))
			return -EINVAL;
		if (ret)
			return ret;
		if (WARN_ON(!attach->map_type.type))
			return -EINVAL;
		return 0;
	}
	/* dma_buf_export() made sure there is one or the other. */
	return dma_buf_match_mapping(&args, ops->single_exporter_match, 1);
}

/**
 * dma_buf_mapping_attach - attach to a dma-buf, negotiating the mapping type
 * @dmabuf: the buffer to attach to
 * @importer_matches: the mapping types the importer accepts, preferred first
 * @match_len: number of entries in @importer_matches
 * @importer_ops: the importer's ops; NULL for a static importer, which
 *	cannot be told to drop its mappings
 * @importer_priv: stored in &dma_buf_attachment.importer_priv
 *
 * Negotiates a mapping type (see "mapping type negotiation"), then calls
 * &dma_buf_ops.attach, then adds the attachment to the buffer.  Must be
 * called without the reservation lock.  @importer_matches may live on the
 * caller's stack: what is kept is copied.
 *
 * Return: the attachment, to be released with dma_buf_detach(); or an
 * ERR_PTR: -EINVAL for bad arguments or when no mapping type matched,
 * -ENOMEM, or what the exporter's match_mapping or attach returned.
 */
struct dma_buf_attachment *
dma_buf_mapping_attach(struct dma_buf *dmabuf,
		       struct dma_buf_mapping_match *importer_matches,
		       size_t match_len,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv)
{
	struct dma_buf_attachment *attach;
	int ret;

	if (WARN_ON(!dmabuf))
		return ERR_PTR(-EINVAL);

	attach = kzalloc_obj(*attach);
	if (!attach)
		return ERR_PTR(-ENOMEM);

	attach->dmabuf = dmabuf;
	attach->importer_ops = importer_ops;
	attach->importer_priv = importer_priv;

	ret = dma_buf_negotiate(attach, importer_matches, match_len);
	if (ret)
		goto err_free_attach;

	if (dmabuf->ops->attach) {
		ret = dmabuf->ops->attach(dmabuf, attach);
		if (ret)
			goto err_free_attach;
	}

	dma_resv_lock(dmabuf->resv, NULL);
	list_add(&attach->node, &dmabuf->attachments);
	dma_resv_unlock(dmabuf->resv);
	dma_buf_trace_attach(attach);
	return attach;

err_free_attach:
	kfree(attach);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_mapping_attach, "DMA_BUF");

/**
 * dma_buf_detach - remove an attachment from its dma-buf
 * @dmabuf: the buffer
 * @attach: the attachment, from one of the attach functions; freed here
 *
 * The importer must have unmapped everything it mapped.  The mapping type
 * releases what it kept for the attachment (&dma_buf_mapping_type.detach),
 * then &dma_buf_ops.detach is called.  Must be called without the reservation lock.
 */
void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach)
{
	/* attach->dmabuf is never NULL: this also refuses a NULL @dmabuf. */
	if (WARN_ON(!attach || attach->dmabuf != dmabuf))
		return;

	dma_resv_lock(dmabuf->resv, NULL);
	if (attach->map_type.type->detach)
		attach->map_type.type->detach(attach);
	list_del(&attach->node);
	dma_resv_unlock(dmabuf->resv);

	if (dmabuf->ops->detach)
		dmabuf->ops->detach(dmabuf, attach);
	dma_buf_trace_detach(attach);
	kfree(attach);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_detach, "DMA_BUF");

/**
 * dma_buf_mapping_validate_exporter - check an exporter's ops at export time
 * @ops: the exporter's &struct dma_buf_ops
 *
 * Exactly one way to negotiate must be set: &dma_buf_ops.match_mapping or
 * &dma_buf_ops.single_exporter_match.  A single_exporter_match is checked
 * here once, with or without %CONFIG_DMABUF_DEBUG: it must name a type
 * with a finish_match.
 *
 * Return: 0, or -EINVAL (with a warning) for a misdeclared exporter.
 */
int dma_buf_mapping_validate_exporter(const struct dma_buf_ops *ops)
{
	if (WARN_ON(!ops->match_mapping == !ops->single_exporter_match))
		return -EINVAL;
	if (ops->single_exporter_match &&
	    WARN_ON(!ops->single_exporter_match->type ||
		    !ops->single_exporter_match->type->finish_match))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_mapping_validate_exporter, "DMA_BUF");

/**
 * dma_buf_mapping_debugfs_show - an attachment's line in debugfs bufinfo
 * @s: the seq_file being written
 * @attach: the attachment
 *
 * Prints a tab, the mapping type's name, a colon, the type's own details,
 * and a newline.  Called with the reservation lock held.
 */
void dma_buf_mapping_debugfs_show(struct seq_file *s,
				  struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_type *type = attach->map_type.type;

	seq_printf(s, "\t%s:", type->name);
	if (type->debugfs_dump)
		type->debugfs_dump(s, attach);
	seq_putc(s, '\n');
}
EXPORT_SYMBOL_NS_GPL(dma_buf_mapping_debugfs_show, "DMA_BUF");
