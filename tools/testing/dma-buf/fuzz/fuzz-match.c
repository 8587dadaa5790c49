// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: dma_buf_match_mapping() with random importer and exporter
 * lists and random match results, against a brute-force reference.
 *
 * Entries are of four types: SGT (the engine's, with random P2P fields,
 * devices and providers, misuse included), PAL (no match callback), and two
 * of this target's own: A, whose match returns what the input says for each
 * pair (accept, go on, abort, or a bogus positive value), and B, with no
 * match callback.  Now and then an entry is malformed (no type, or ops on
 * the wrong side).
 *
 * The reference does not walk the lists the way the engine does: it
 * computes the outcome of every pair of the same type into a matrix, then
 * takes the pair with the lowest exporter-major index whose outcome is not
 * "go on".  It also predicts whether the engine warns, and what the
 * attachment holds afterwards.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/pci.h>
#include "fuzz-common.h"

#define MAX_LIST	8

enum kind { K_SGT, K_PAL, K_A, K_B };

static int a_match(struct dma_buf *dmabuf,
		   const struct dma_buf_mapping_match *exp,
		   const struct dma_buf_mapping_match *imp);
static void ab_finish(struct dma_buf_match_args *args,
		      const struct dma_buf_mapping_match *exp,
		      const struct dma_buf_mapping_match *imp);

static const struct dma_buf_mapping_type type_a = {
	.name = "fuzz A",
	.match = a_match,
	.finish_match = ab_finish,
};

static const struct dma_buf_mapping_type type_b = {
	.name = "fuzz B",
	.finish_match = ab_finish,
};

static const struct dma_buf_mapping_sgt_exp_ops sgt_ops;
static const struct dma_buf_mapping_pal_exp_ops pal_ops;
static const struct dma_buf_mapping_sgt_exp_ops a_ops, b_ops;

/* The case being run, for a_match() and ab_finish(). */
static struct {
	struct dma_buf_mapping_match exp[MAX_LIST], imp[MAX_LIST];
	size_t nexp, nimp;
	int a_result[MAX_LIST][MAX_LIST];
	long finished_e, finished_i;
	bool no_attach;
} cur;

static int a_match(struct dma_buf *dmabuf,
		   const struct dma_buf_mapping_match *exp,
		   const struct dma_buf_mapping_match *imp)
{
	return cur.a_result[exp - cur.exp][imp - cur.imp];
}

static void ab_finish(struct dma_buf_match_args *args,
		      const struct dma_buf_mapping_match *exp,
		      const struct dma_buf_mapping_match *imp)
{
	cur.finished_e = exp - cur.exp;
	cur.finished_i = imp - args->imp_matches;
	if (args->attach)
		args->attach->map_type = (struct dma_buf_mapping_match){
			.type = exp->type,
			.exp_ops = exp->exp_ops,
		};
}

/*
 * Devices: index 0 is none; 1-3 are the PCI devices the host boots with
 * (host bridge 00:00.0, root port 00:01.0, endpoint 01:00.0); 4-7 are not
 * PCI devices.
 */
#define NR_DEVS		8
static struct device *devs[NR_DEVS];
static struct pci_dev *pdevs[4];
static struct device plain[4];
/* pci_p2pdma_distance(pdevs[p], devs[d], false), worked out once. */
static int distance[4][NR_DEVS];

static void plain_release(struct device *dev)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const u16 ids[3][2] = {
		{ 0x8086, 0x29c0 }, { 0x1b36, 0x000c }, { 0x1b36, 0x0010 },
	};
	char name[16];
	int i, d;

	for (i = 0; i < 3; i++) {
		pdevs[i + 1] = pci_get_device(ids[i][0], ids[i][1], NULL);
		if (!pdevs[i + 1])
			fuzz_fail("no machine device %d", i);
		devs[i + 1] = &pdevs[i + 1]->dev;
	}
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "plain%d", i);
		host_device_init(&plain[i], name, NULL, plain_release);
		devs[4 + i] = &plain[i];
	}
	for (i = 1; i < 4; i++)
		for (d = 1; d < NR_DEVS; d++)
			distance[i][d] = pci_p2pdma_distance(pdevs[i], devs[d],
							     false);
	return 0;
}

/* What the input made of each entry, for the reference. */
struct entry {
	enum kind kind;
	bool malformed;
	int dev, provider;	/* SGT: indexes into devs[] / pdevs[] */
};

static struct entry eexp[MAX_LIST], eimp[MAX_LIST];

static const struct dma_buf_mapping_type *kind_type(enum kind k)
{
	switch (k) {
	case K_SGT:
		return &dma_buf_mapping_sgt_type;
	case K_PAL:
		return &dma_buf_mapping_pal_type;
	case K_A:
		return &type_a;
	default:
		return &type_b;
	}
}

static const struct dma_buf_mapping_exp_ops *kind_ops(enum kind k)
{
	switch (k) {
	case K_SGT:
		return &sgt_ops.ops;
	case K_PAL:
		return &pal_ops.ops;
	case K_A:
		return &a_ops.ops;
	default:
		return &b_ops.ops;
	}
}

static void make_entry(struct fuzz_in *in, bool exporter,
		       struct dma_buf_mapping_match *m, struct entry *e)
{
	u8 k = fuzz_u8(in), f = fuzz_u8(in), g;

	memset(m, 0, sizeof(*m));
	memset(e, 0, sizeof(*e));
	e->kind = (k & 0x7f) % 4;
	m->type = kind_type(e->kind);
	if (exporter)
		m->exp_ops = kind_ops(e->kind);
	/*
	 * Rare odd entries: no type, or ops on the wrong side.  An importer
	 * entry with ops is malformed; an exporter entry without them is
	 * legal for a type that needs none, and misuse for SGT and PAL when
	 * their match sees it.
	 */
	if (k == 0xff) {
		m->type = NULL;
		e->malformed = true;
	} else if (k == 0xfe) {
		m->exp_ops = exporter ? NULL : &sgt_ops.ops;
		e->malformed = !exporter;
	}
	if (e->kind != K_SGT)
		return;

	g = fuzz_u8(in);
	if (!exporter) {
		e->dev = f & 7;
		m->sgt_data.importing_dma_device = devs[e->dev];
		switch ((f >> 3) & 7) {
		case 0 ... 3:
			m->sgt_data.importer_accepts_p2p = DMA_SGT_NO_P2P;
			break;
		case 4 ... 6:
			m->sgt_data.importer_accepts_p2p =
				DMA_SGT_IMPORTER_ACCEPTS_P2P;
			break;
		default:	/* the exporter's value in the importer's field */
			m->sgt_data.importer_accepts_p2p = g;
			break;
		}
		if ((f >> 6) == 3) {
			if (g & 1)
				m->sgt_data.exporter_requires_p2p = g >> 1;
			else
				m->sgt_data.exporting_p2p_device =
					pdevs[1 + (g >> 1) % 3];
		}
	} else {
		e->provider = (f >> 2) & 3;
		switch (f & 3) {
		case 0:
		case 1:
			break;
		case 2:
			m->sgt_data.exporter_requires_p2p =
				DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
			m->sgt_data.exporting_p2p_device = pdevs[e->provider];
			break;
		default:
			m->sgt_data.exporter_requires_p2p = g;
			m->sgt_data.exporting_p2p_device = pdevs[e->provider];
			break;
		}
		if (((f >> 4) & 7) == 7)
			m->sgt_data.importing_dma_device = devs[1 + g % 7];
		else if (((f >> 4) & 7) == 6)
			m->sgt_data.importer_accepts_p2p = g;
	}
}

/* The reference */

enum outcome { SKIP, ACCEPT, ABORT };

struct pair {
	enum outcome outcome;
	int err;		/* for ABORT */
	bool warns;
};

/*
 * The SGT rule (Documentation/driver-api/dma-buf-mapping.rst, "SGT"),
 * pair by pair.
 */
static struct pair ref_sgt(const struct dma_buf_mapping_match *exp,
			   const struct dma_buf_mapping_match *imp)
{
	u8 acc = imp->sgt_data.importer_accepts_p2p;
	u8 req = exp->sgt_data.exporter_requires_p2p;
	struct pci_dev *provider = exp->sgt_data.exporting_p2p_device;
	struct device *dev = imp->sgt_data.importing_dma_device;
	bool misuse;
	int p, d;

	misuse = (acc != DMA_SGT_NO_P2P &&
		  acc != DMA_SGT_IMPORTER_ACCEPTS_P2P) ||
		 (req != DMA_SGT_NO_P2P &&
		  req != DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE) ||
		 imp->sgt_data.exporter_requires_p2p ||
		 imp->sgt_data.exporting_p2p_device ||
		 exp->sgt_data.importer_accepts_p2p ||
		 exp->sgt_data.importing_dma_device || !exp->exp_ops || !dev;
	if (misuse)
		return (struct pair){ ABORT, -EINVAL, true };
	if (req == DMA_SGT_NO_P2P)
		return (struct pair){ ACCEPT, 0, false };
	if (!provider)
		return (struct pair){ SKIP, 0, true };
	if (acc != DMA_SGT_IMPORTER_ACCEPTS_P2P)
		return (struct pair){ SKIP, 0, false };
	for (p = 1; pdevs[p] != provider; p++)
		;
	for (d = 1; devs[d] != dev; d++)
		;
	return (struct pair){ distance[p][d] >= 0 ? ACCEPT : SKIP, 0, false };
}

static struct pair ref_pair(size_t e, size_t i)
{
	const struct dma_buf_mapping_match *exp = &cur.exp[e];
	const struct dma_buf_mapping_match *imp = &cur.imp[i];
	int r;

	if (exp->type != imp->type)
		return (struct pair){ SKIP, 0, false };
	switch (eexp[e].kind) {
	case K_SGT:
		return ref_sgt(exp, imp);
	case K_A:
		r = cur.a_result[e][i];
		if (r > 0)
			return (struct pair){ ABORT, -EINVAL, true };
		if (r == -EOPNOTSUPP)
			return (struct pair){ SKIP, 0, false };
		if (r)
			return (struct pair){ ABORT, r, false };
		return (struct pair){ ACCEPT, 0, false };
	case K_PAL:
		/*
		 * Linux 7.3: only an importer that can be told to stop takes
		 * PAL, asked before the match; this attachment has no
		 * importer ops.  Without an attachment nobody is asked.
		 */
		if (!cur.no_attach)
			return (struct pair){ SKIP, 0, false };
		if (!exp->exp_ops)
			return (struct pair){ ABORT, -EINVAL, true };
		return (struct pair){ ACCEPT, 0, false };
	default:
		return (struct pair){ ACCEPT, 0, false };
	}
}

struct expect {
	int ret;
	bool warns;
	long e, i;		/* the accepted pair */
};

static struct expect reference(void)
{
	struct pair m[MAX_LIST][MAX_LIST];
	struct expect x = { -EINVAL, false, -1, -1 };
	long best = -1, k;
	size_t e, i;

	for (i = 0; i < cur.nimp; i++)
		if (eimp[i].malformed)
			return (struct expect){ -EINVAL, true, -1, -1 };
	for (e = 0; e < cur.nexp; e++)
		if (eexp[e].malformed)
			return (struct expect){ -EINVAL, true, -1, -1 };

	for (e = 0; e < cur.nexp; e++)
		for (i = 0; i < cur.nimp; i++)
			m[e][i] = ref_pair(e, i);
	/* the first pair, exporter-major, that is not passed over */
	for (k = (long)(cur.nexp * cur.nimp) - 1; k >= 0; k--)
		if (m[k / cur.nimp][k % cur.nimp].outcome != SKIP)
			best = k;
	/* every pair looked at up to and including it may have warned */
	for (k = 0; k < (long)(cur.nexp * cur.nimp); k++) {
		if (best >= 0 && k > best)
			break;
		if (m[k / cur.nimp][k % cur.nimp].warns)
			x.warns = true;
	}
	if (best < 0)
		return x;
	e = best / cur.nimp;
	i = best % cur.nimp;
	if (m[e][i].outcome == ABORT) {
		x.ret = m[e][i].err;
		return x;
	}
	x.ret = 0;
	x.e = e;
	x.i = i;
	return x;
}

static void check_result(const struct dma_buf_attachment *attach,
			 const struct expect *x)
{
	const struct dma_buf_mapping_match *exp = &cur.exp[x->e];
	const struct dma_buf_mapping_match *imp = &cur.imp[x->i];
	const struct dma_buf_mapping_match *got = &attach->map_type;
	int p, d;

	fuzz_check(got->type == exp->type, "type of pair %ld,%ld", x->e, x->i);
	fuzz_check(got->exp_ops == exp->exp_ops, "ops of exporter entry %ld",
		   x->e);
	if (eexp[x->e].kind == K_A || eexp[x->e].kind == K_B) {
		fuzz_check(cur.finished_e == x->e && cur.finished_i == x->i,
			   "finished %ld,%ld, expected %ld,%ld",
			   cur.finished_e, cur.finished_i, x->e, x->i);
		return;
	}
	if (eexp[x->e].kind != K_SGT)
		return;
	fuzz_check(got->sgt_data.importing_dma_device ==
		   imp->sgt_data.importing_dma_device, "importer entry %ld",
		   x->i);
	fuzz_check(got->sgt_data.importer_accepts_p2p ==
		   imp->sgt_data.importer_accepts_p2p, "accepts p2p");
	fuzz_check(got->sgt_data.exporter_requires_p2p ==
		   exp->sgt_data.exporter_requires_p2p, "requires p2p");
	fuzz_check(!got->sgt_data.exporting_p2p_device,
		   "the exporting device is not kept");
	if (!exp->sgt_data.exporter_requires_p2p)
		return;
	for (p = 1; pdevs[p] != exp->sgt_data.exporting_p2p_device; p++)
		;
	for (d = 1; devs[d] != imp->sgt_data.importing_dma_device; d++)
		;
	fuzz_check(got->sgt_data.p2p_distance == distance[p][d],
		   "p2p distance %d, expected %d", got->sgt_data.p2p_distance,
		   distance[p][d]);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct fuzz_live live = fuzz_live_now();
	struct dma_buf_attachment attach;
	struct dma_buf_match_args args;
	unsigned long warns;
	struct expect x;
	size_t e, i;
	u8 head = fuzz_u8(&in), r;
	bool no_attach = head & 0x80;
	int ret;

	memset(&cur, 0, sizeof(cur));
	cur.finished_e = cur.finished_i = -1;
	cur.no_attach = no_attach;
	cur.nexp = (head & 0x0f) % (MAX_LIST + 1);
	cur.nimp = ((head >> 4) & 0x07) + (fuzz_u8(&in) & 1);
	for (e = 0; e < cur.nexp; e++)
		make_entry(&in, true, &cur.exp[e], &eexp[e]);
	for (i = 0; i < cur.nimp; i++)
		make_entry(&in, false, &cur.imp[i], &eimp[i]);
	for (e = 0; e < cur.nexp; e++) {
		for (i = 0; i < cur.nimp; i++) {
			r = fuzz_u8(&in);
			if (r == 0xff)
				cur.a_result[e][i] = 1;	/* a bogus "success" */
			else if ((r & 7) < 4)
				cur.a_result[e][i] = 0;
			else if ((r & 7) < 7)
				cur.a_result[e][i] = -EOPNOTSUPP;
			else
				cur.a_result[e][i] = -ENODEV;
		}
	}

	x = reference();
	memset(&attach, 0, sizeof(attach));
	args = (struct dma_buf_match_args){
		.attach = no_attach ? NULL : &attach,
		.imp_matches = cur.imp,
		.imp_len = cur.nimp,
	};
	warns = host_warn_count();
	/*
	 * An empty list is passed as a valid pointer with length 0: with
	 * NULL the engine computes NULL + 0 (undefined in C, which UBSan
	 * reports at dma-buf-mapping.c's loop bounds), a finding reported
	 * to the engine's owner rather than fuzzed over and over.
	 */
	ret = dma_buf_match_mapping(&args, cur.exp, cur.nexp);
	warns = host_warn_count() - warns;

	fuzz_check(ret == x.ret, "returned %d, the reference says %d", ret,
		   x.ret);
	fuzz_check(!!warns == x.warns, "%lu WARNs, the reference expects %s",
		   warns, x.warns ? "some" : "none");
	if (ret || no_attach)
		fuzz_check(!attach.map_type.type,
			   "the attachment was written on failure");
	if (!ret && !no_attach)
		check_result(&attach, &x);
	fuzz_live_check(live);
	return 0;
}
