// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: PAL list validation, alone and through the PAL map path.
 *
 * The input is a list of physical ranges (biased towards the edges: page
 * aligned or not, empty, near the top of the address space) and how the
 * exporter answers map_phys.  The reference states the invariants of
 * Documentation/driver-api/dma-buf-mapping.rst ("PAL") in its own words:
 * at least one entry; every entry non-empty, page aligned in address and
 * length, and ending at or below the top of the 64-bit physical address
 * space.
 *
 * Through dma_buf_pal_map_phys() a valid list must reach the importer as
 * the exporter returned it, and a bad one must be handed back to the
 * exporter before the importer gets -EINVAL; exporter errors pass through.
 *
 * The iommufd-style importer's walker has its own target beside this one,
 * fuzz/fuzz-walker.c.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include "fuzz-common.h"

#define MAX_ENTRIES	64

static struct dma_buf_phys_list *list;	/* the input's list, libc memory */
static size_t nr_entries;
static int exporter_answer;		/* 0: the list; else an errno or 1 */
static struct dma_buf_phys_list *handed_out;
static unsigned int handed_back;

static struct dma_buf_phys_list *fz_map_phys(struct dma_buf_attachment *attach)
{
	struct dma_buf_phys_list *copy;

	if (exporter_answer == 1)
		return NULL;
	if (exporter_answer)
		return ERR_PTR(exporter_answer);
	copy = kvmalloc(struct_size(copy, phys, nr_entries), GFP_KERNEL);
	if (!copy)
		return ERR_PTR(-ENOMEM);
	memcpy(copy, list, struct_size(list, phys, nr_entries));
	handed_out = copy;
	return copy;
}

static void fz_unmap_phys(struct dma_buf_attachment *attach,
			  struct dma_buf_phys_list *phys)
{
	fuzz_check(phys == handed_out, "a list that was not handed out");
	handed_back++;
	handed_out = NULL;
	kvfree(phys);
}

static const struct dma_buf_mapping_pal_exp_ops fz_pal_ops = {
	.map_phys = fz_map_phys,
	.unmap_phys = fz_unmap_phys,
};

static int fz_match_mapping(struct dma_buf_match_args *args)
{
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_PAL(&fz_pal_ops),
	};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

static void fz_release(struct dma_buf *dmabuf)
{
}

static const struct dma_buf_ops fz_ops = {
	.match_mapping = fz_match_mapping,
	.release = fz_release,
};

static void fz_invalidate(struct dma_buf_attachment *attach)
{
}

static const struct dma_buf_attach_ops fz_importer = {
	.invalidate_mappings = fz_invalidate,
};

static struct dma_buf *dmabuf;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);

	list = malloc(sizeof(*list) + MAX_ENTRIES * sizeof(list->phys[0]));
	exp_info.ops = &fz_ops;
	exp_info.size = SZ_1G;
	exp_info.priv = &list;
	dmabuf = dma_buf_export(&exp_info);
	if (!list || IS_ERR(dmabuf))
		fuzz_fail("setup");
	return 0;
}

/* The invariants, restated. */
static bool reference_valid(void)
{
	const u64 page = 4096;
	size_t i;

	if (nr_entries == 0)
		return false;
	for (i = 0; i < nr_entries; i++) {
		u64 a = list->phys[i].paddr, len = list->phys[i].len;

		if (len == 0 || a % page || len % page)
			return false;
		if (len > U64_MAX - a)	/* the end would wrap */
			return false;
	}
	return true;
}

static u64 edge_value(struct fuzz_in *in, bool length)
{
	u8 how = fuzz_u8(in);
	u64 v = fuzz_u64(in);

	switch (how & 7) {
	case 0:		/* raw */
		return v;
	case 1:		/* page aligned */
		return v & ~0xfffULL;
	case 2:		/* a few pages */
		return (v % 16 + (length ? 1 : 0)) << 12;
	case 3:		/* near the top */
		return length ? (v & 0xffff) << 12 : U64_MAX - (v & 0xffffff);
	case 4:		/* aligned near the top */
		return (U64_MAX - (v & 0xffffff)) & ~0xfffULL;
	case 5:
		return 0;
	default:	/* ordinary MMIO: aligned, below 2^48 */
		return (v & 0xffffffffffffULL) & ~0xfffULL;
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct fuzz_live live = fuzz_live_now();
	struct dma_buf_attachment *attach;
	struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_PAL();
	struct dma_buf_phys_list *got;
	unsigned long warns;
	u8 head = fuzz_u8(&in), answer = fuzz_u8(&in);
	bool valid;
	size_t i;
	int ret;

	nr_entries = head % (MAX_ENTRIES + 1);
	list->length = nr_entries;
	for (i = 0; i < nr_entries; i++) {
		list->phys[i].paddr = edge_value(&in, false);
		list->phys[i].len = edge_value(&in, true);
	}
	valid = reference_valid();

	/* the validator alone: a verdict, and one warning for a bad list */
	warns = host_warn_count();
	ret = dma_buf_pal_validate_list(list);
	warns = host_warn_count() - warns;
	fuzz_check(ret == (valid ? 0 : -EINVAL), "validate: %d, valid %d",
		   ret, valid);
	fuzz_check(warns == (valid ? 0 : 1), "validate: %lu WARNs", warns);

	/* through the map path */
	exporter_answer = answer < 0xf0 ? 0 : answer == 0xf0 ? 1 :
			  answer < 0xf8 ? -ENODEV : -EIO;
	handed_back = 0;
	handed_out = NULL;
	attach = dma_buf_mapping_attach(dmabuf, &imp, 1, &fz_importer, NULL);
	fuzz_check(!IS_ERR(attach), "attach: %ld", PTR_ERR(attach));
	dma_resv_lock(dmabuf->resv, NULL);
	got = dma_buf_pal_map_phys(attach);
	if (exporter_answer == 1) {
		fuzz_check(PTR_ERR(got) == -ENOMEM, "NULL from the exporter");
	} else if (exporter_answer) {
		fuzz_check(PTR_ERR(got) == exporter_answer,
			   "the exporter's error %d became %ld",
			   exporter_answer, PTR_ERR(got));
	} else if (!valid) {
		fuzz_check(PTR_ERR(got) == -EINVAL, "a bad list got through");
		fuzz_check(handed_back == 1, "a bad list not handed back");
	} else {
		fuzz_check(!IS_ERR_OR_NULL(got), "a good list refused: %ld",
			   PTR_ERR(got));
		fuzz_check(got == handed_out && handed_back == 0,
			   "not the exporter's list");
		fuzz_check(got->length == nr_entries &&
			   !memcmp(got->phys, list->phys,
				   nr_entries * sizeof(list->phys[0])),
			   "the list changed on the way");
		dma_buf_pal_unmap_phys(attach, got);
		fuzz_check(handed_back == 1, "unmap did not reach the exporter");
	}
	dma_resv_unlock(dmabuf->resv);
	dma_buf_detach(dmabuf, attach);
	fuzz_check(!handed_out, "a list never handed back");
	fuzz_live_check(live);
	return 0;
}
