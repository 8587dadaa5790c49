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
 * CONFIG_DMABUF_DEBUG validates the arguments and both lists whole on every
 * negotiation: neither list is NULL with a length, each entry names a type
 * with a finish_match and at most one of match and match_args, and an
 * importer entry carries no exporter ops.  Whether an exporter entry needs
 * ops is its type's business (SGT and PAL check theirs when matched):
 * other types may have none, and one array may then serve as both lists.
 *
 * Without the option the matcher leaves out what would oops right there,
 * in the matcher, with the culprit on the stack (NULL args, a NULL list
 * with a length beside a non-empty one, a pair of entries without a type,
 * a type without a finish_match), and what is never read (an importer
 * entry's exporter ops, a NULL list beside an empty one).  What a type's
 * match checks, it checks in every configuration: the pointers that
 * mapping will follow much later, far from their cause (SGT: the
 * exporter's ops and the importer's device; PAL: the exporter's ops).
 * Walking every entry of both lists on every attach cost more than the
 * search itself.
 */
static bool dma_buf_mapping_type_ok(const struct dma_buf_mapping_type *type)
{
	return !WARN_ON(!type || !type->finish_match ||
			(type->match && type->match_args));
}

static bool dma_buf_match_list_ok(const struct dma_buf_mapping_match *list,
				  size_t len, bool exporter)
{
	size_t i;

	if (WARN_ON(!list && len))
		return false;
	for (i = 0; i < len; i++) {
		if (!dma_buf_mapping_type_ok(list[i].type))
			return false;
		if (WARN_ON(!exporter && list[i].exp_ops))
			return false;
	}
	return true;
}

static bool dma_buf_match_args_ok(const struct dma_buf_match_args *args,
				  const struct dma_buf_mapping_match *exp,
				  size_t exp_len)
{
	return !WARN_ON(!args) &&
	       dma_buf_match_list_ok(args->imp_matches, args->imp_len, false) &&
	       dma_buf_match_list_ok(exp, exp_len, true);
}

/*
 * A pair of @type: finish it and return 0, return -EOPNOTSUPP to go on,
 * anything else aborts the search.
 */
static int dma_buf_match_pair(struct dma_buf_match_args *args,
			      const struct dma_buf_mapping_type *type,
			      const struct dma_buf_mapping_match *exp,
			      const struct dma_buf_mapping_match *imp)
{
	int ret = 0;

	if (type->match)
		ret = type->match(args->dmabuf, exp, imp);
	else if (type->match_args)
		ret = type->match_args(args, exp, imp);
	if (unlikely(ret))
		return WARN_ON(ret > 0) ? -EINVAL : ret;
	/* Through exp again: nothing but the position outlives a call. */
	exp->type->finish_match(args, exp, imp);
	return 0;
}

/**
 * dma_buf_match_mapping - pick the mapping type of an attachment
 * @args: the buffer, the attachment and the importer's list
 * @exp_mappings: the exporter's list, highest priority first
 * @exp_len: number of entries in @exp_mappings
 *
 * Walks the exporter's entries in order and, for each, the importer's
 * entries in order.  Pairs of different types are skipped; a type's
 * &dma_buf_mapping_type.match or .match_args decides the rest (a type
 * without either accepts every pair).  The first accepted pair is handed
 * to the type's &dma_buf_mapping_type.finish_match, which stores it in
 * @args->attach->map_type.
 *
 * Takes no locks; @args->attach may be NULL.  Exporters call this from
 * &dma_buf_ops.match_mapping.  A type's match checks what the pair will be
 * used for; with %CONFIG_DMABUF_DEBUG the arguments and every entry of
 * both lists are checked first.
 *
 * Return: 0 when a pair matched; -EINVAL when none did (including an empty
 * list on either side) or a list is malformed; any other error a type's
 * match returned, which ends the search.
 */
int dma_buf_match_mapping(struct dma_buf_match_args *args,
			  const struct dma_buf_mapping_match *exp_mappings,
			  size_t exp_len)
{
	const struct dma_buf_mapping_match *imp_matches, *imp_end, *exp, *imp;
	const struct dma_buf_mapping_type *type;
	size_t imp_len;
	int ret;

	if (IS_ENABLED(CONFIG_DMABUF_DEBUG) &&
	    !dma_buf_match_args_ok(args, exp_mappings, exp_len))
		return -EINVAL;
	/*
	 * In locals: the type's calls in the loop would otherwise make the
	 * compiler load them from *args again for every pair.
	 */
	imp_matches = args->imp_matches;
	imp_len = args->imp_len;
	/* Before any pointer arithmetic: an empty list may be NULL. */
	if (unlikely(!imp_len || !exp_len))
		return -EINVAL;

	/*
	 * Neither list is empty.  The search for the next pair of one type
	 * calls nothing, so its pointers stay in scratch registers; after a
	 * type's call only the position is kept, the rest is loaded again.
	 * From here exp_len counts the exporter's entries left, exp's own
	 * included.
	 */
	exp = exp_mappings;
	imp = imp_matches;
	imp_end = imp_matches + imp_len;
	for (;;) {
		type = exp->type;
		while (imp->type != type) {
			if (++imp != imp_end)
				continue;
			if (!--exp_len)
				return -EINVAL;
			exp++;
			imp = imp_matches;
			type = exp->type;
		}
		ret = dma_buf_match_pair(args, type, exp, imp);
		if (ret != -EOPNOTSUPP)
			return ret;
		imp_matches = args->imp_matches;
		imp_end = imp_matches + args->imp_len;
		if (++imp == imp_end) {
			if (!--exp_len)
				return -EINVAL;
			exp++;
			imp = imp_matches;
		}
	}
}
EXPORT_SYMBOL_NS_GPL(dma_buf_match_mapping, "DMA_BUF");

/*
 * Runs the exporter's side of the negotiation into @attach->map_type, with
 * @args set up for @attach.  The exporter's own match_mapping may fail with
 * its own errors (-ENODEV for a revoked device, say); a positive return or
 * a "success" that matched nothing is a bug in the exporter.
 */
static int dma_buf_negotiate(struct dma_buf_attachment *attach,
			     struct dma_buf_match_args *args)
{
	const struct dma_buf_ops *ops = attach->dmabuf->ops;
	int ret;

	if (!ops->match_mapping)
		/* dma_buf_export() made sure there is one or the other. */
		return dma_buf_match_mapping(args, ops->single_exporter_match,
					     1);

	ret = ops->match_mapping(args);
	if (likely(!ret && attach->map_type.type))
		return 0;
	/* A positive return, or a "success" that matched nothing. */
	if (WARN_ON(ret >= 0))
		return -EINVAL;
	return ret;
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
	struct dma_buf_match_args args;
	struct dma_buf_attachment *attach;
	int ret;

	if (WARN_ON(!dmabuf))
		return ERR_PTR(-EINVAL);

	/* Set up before the allocation: nothing has to be kept across it. */
	args.dmabuf = dmabuf;
	args.imp_matches = importer_matches;
	args.imp_len = match_len;

	attach = kzalloc_obj(*attach);
	if (unlikely(!attach))
		return ERR_PTR(-ENOMEM);

	attach->dmabuf = dmabuf;
	attach->importer_ops = importer_ops;
	attach->importer_priv = importer_priv;

	args.attach = attach;
	ret = dma_buf_negotiate(attach, &args);
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
 * The importer must have unmapped everything it mapped.  The attachment
 * leaves the buffer's list, then &dma_buf_ops.detach is called.  Must be
 * called without the reservation lock.
 */
void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach)
{
	/* attach->dmabuf is never NULL: this also refuses a NULL @dmabuf. */
	if (WARN_ON(!attach || attach->dmabuf != dmabuf))
		return;

	dma_resv_lock(dmabuf->resv, NULL);
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
 * with a finish_match and at most one of match and match_args.
 *
 * Return: 0, or -EINVAL (with a warning) for a misdeclared exporter.
 */
int dma_buf_mapping_validate_exporter(const struct dma_buf_ops *ops)
{
	if (WARN_ON(!ops->match_mapping == !ops->single_exporter_match))
		return -EINVAL;
	if (ops->single_exporter_match &&
	    !dma_buf_mapping_type_ok(ops->single_exporter_match->type))
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
