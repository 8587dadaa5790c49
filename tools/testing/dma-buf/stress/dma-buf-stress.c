// SPDX-License-Identifier: GPL-2.0
/*
 * make check-tsan: importers attach, map, unmap and detach on several
 * threads while the exporter moves the buffer, built with ThreadSanitizer.
 *
 * The harness is written against a small exporter interface (struct
 * stress_exporter) so that any exporter that moves or revokes its memory
 * can be run through it: a simple migrating exporter of this file, the
 * reference GPU VRAM exporter (migrates between VRAM and system memory)
 * and the VFIO-style BAR exporter (revokes and un-revokes) from
 * samples/dma-buf/.
 *
 * For each exporter, on BUFFERS buffers at once:
 *  - importer threads of four kinds (dynamic SGT, dynamic PAL, dynamic
 *    SGT through the _unlocked map, static SGT) loop: attach, map and check
 *    the mapping against the exporter's current placement, sometimes unmap,
 *    detach; a kind the exporter does not offer stops at its first attach;
 *  - an event thread asks the exporter for an event on a random buffer (a
 *    migration, a revoke or an un-revoke);
 *  - a dynamic importer's invalidate_mappings drops its mapping (as importers
 *    do) and records the number of the move, which the exporter counts.  The
 *    first delivery of each move adds the dynamic attachments on the
 *    buffer to the deliveries owed.  Moves may also come from the map path
 *    (the GPU exporter moves a buffer to where a new importer can reach
 *    it) and are counted the same way.
 * Checked at the end: every invalidate_mappings delivered exactly once per
 * attachment and move (each attachment saw consecutive move numbers from
 * its attach to its detach, and the deliveries add up to the count), every
 * mapping and PAL list handed back, nothing left allocated, mapped or
 * locked, no WARN.
 *
 * Ends with "N passed, M failed", one result per exporter.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/pci.h>
#include <host/hooks.h>
#include <host/pci-topology.h>
#include <sched.h>
#include <stdatomic.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"

#define BUFFERS		2
#define IMPORTERS	4	/* threads, one of each kind */
#define ATTACHES	150	/* per importer thread */
#define ROUNDS		8	/* map attempts per attachment */
#define MIN_EVENTS	200	/* per buffer, at least */

/**
 * struct stress_exporter - an exporter the harness can drive
 * @name: for the report
 * @setup: optional, before the first buffer: the machine and the driver
 * @teardown: optional, after the last buffer is released
 * @importer_dev: optional, the device importer thread @i maps for; a
 *	plain device of the host when NULL
 * @create: exports one buffer
 * @event: one event on @dmabuf (a migration, a revoke or an un-revoke),
 *	taking the locks it needs itself; returns true when it called
 *	dma_buf_invalidate_mappings()
 * @moves: how many times the exporter called dma_buf_invalidate_mappings() on
 *	@dmabuf, counted before each call; reservation lock held
 * @check_sgt: is @sgt, mapped for @dev, on the buffer's current memory?
 *	Reservation lock held.
 * @check_pal: the same for a PAL list
 * @destroy: after the last detach, drops the buffer
 */
struct stress_exporter {
	const char *name;
	void (*setup)(void);
	void (*teardown)(void);
	struct device *(*importer_dev)(unsigned int i);
	struct dma_buf *(*create)(void);
	bool (*event)(struct dma_buf *dmabuf, unsigned int n);
	unsigned long (*moves)(struct dma_buf *dmabuf);
	bool (*check_sgt)(struct dma_buf *dmabuf, struct device *dev,
			  struct sg_table *sgt);
	bool (*check_pal)(struct dma_buf *dmabuf,
			  struct dma_buf_phys_list *phys);
	void (*destroy)(struct dma_buf *dmabuf);
};

/* A simple migrating exporter: two placements of its pages */

#define MIG_PAGES	4

struct mig_buf {
	struct page *pages[2][MIG_PAGES];
	int where;		/* the placement in use; resv held */
	int pins;		/* resv held */
	unsigned long moves;
};

static struct mig_buf *mig_of(struct dma_buf *dmabuf)
{
	return dmabuf->priv;
}

static struct sg_table *mig_map(struct dma_buf_attachment *attach,
				enum dma_data_direction dir)
{
	struct mig_buf *buf = mig_of(attach->dmabuf);
	struct sg_table *sgt;

	dma_resv_assert_held(attach->dmabuf->resv);
	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	if (sg_alloc_table_from_pages(sgt, buf->pages[buf->where], MIG_PAGES,
				      0, MIG_PAGES * PAGE_SIZE, GFP_KERNEL))
		goto err_free;
	if (dma_map_sgtable(dma_buf_sgt_dma_device(attach), sgt, dir, 0))
		goto err_table;
	return sgt;

err_table:
	sg_free_table(sgt);
err_free:
	kfree(sgt);
	return ERR_PTR(-ENOMEM);
}

static void mig_unmap(struct dma_buf_attachment *attach, struct sg_table *sgt,
		      enum dma_data_direction dir)
{
	dma_unmap_sgtable(dma_buf_sgt_dma_device(attach), sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

static struct dma_buf_phys_list *mig_map_phys(struct dma_buf_attachment *attach)
{
	struct mig_buf *buf = mig_of(attach->dmabuf);
	struct dma_buf_phys_list *phys;
	int i;

	dma_resv_assert_held(attach->dmabuf->resv);
	phys = kvzalloc(struct_size(phys, phys, MIG_PAGES), GFP_KERNEL);
	if (!phys)
		return ERR_PTR(-ENOMEM);
	phys->length = MIG_PAGES;
	for (i = 0; i < MIG_PAGES; i++) {
		phys->phys[i].paddr = page_to_phys(buf->pages[buf->where][i]);
		phys->phys[i].len = PAGE_SIZE;
	}
	return phys;
}

static void mig_unmap_phys(struct dma_buf_attachment *attach,
			   struct dma_buf_phys_list *phys)
{
	kvfree(phys);
}

static const struct dma_buf_mapping_sgt_exp_ops mig_sgt_ops = {
	.map_dma_buf = mig_map,
	.unmap_dma_buf = mig_unmap,
};

static const struct dma_buf_mapping_pal_exp_ops mig_pal_ops = {
	.map_phys = mig_map_phys,
	.unmap_phys = mig_unmap_phys,
};

static int mig_match_mapping(struct dma_buf_match_args *args)
{
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_PAL(&mig_pal_ops),
		DMA_BUF_EMAPPING_SGT(&mig_sgt_ops),
	};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

static int mig_pin(struct dma_buf_attachment *attach)
{
	mig_of(attach->dmabuf)->pins++;
	return 0;
}

static void mig_unpin(struct dma_buf_attachment *attach)
{
	mig_of(attach->dmabuf)->pins--;
}

static void mig_release(struct dma_buf *dmabuf)
{
	struct mig_buf *buf = mig_of(dmabuf);
	int p, i;

	for (p = 0; p < 2; p++)
		for (i = 0; i < MIG_PAGES; i++)
			__free_page(buf->pages[p][i]);
	kfree(buf);
}

static const struct dma_buf_ops mig_ops = {
	.match_mapping = mig_match_mapping,
	.pin = mig_pin,
	.unpin = mig_unpin,
	.release = mig_release,
};

static struct dma_buf *mig_create(void)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct mig_buf *buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	struct dma_buf *dmabuf;
	int p, i;

	if (!buf)
		return ERR_PTR(-ENOMEM);
	for (p = 0; p < 2; p++)
		for (i = 0; i < MIG_PAGES; i++)
			buf->pages[p][i] = alloc_page(GFP_KERNEL);
	exp_info.ops = &mig_ops;
	exp_info.size = MIG_PAGES * PAGE_SIZE;
	exp_info.priv = buf;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf))
		mig_release(&(struct dma_buf){ .priv = buf });
	return dmabuf;
}

/* A pinned buffer stays put; otherwise importers drop it, then it moves. */
static bool mig_event(struct dma_buf *dmabuf, unsigned int n)
{
	struct mig_buf *buf = mig_of(dmabuf);
	bool moved = false;

	dma_resv_lock(dmabuf->resv, NULL);
	if (!buf->pins) {
		buf->moves++;
		dma_buf_invalidate_mappings(dmabuf);
		buf->where ^= 1;
		moved = true;
	}
	dma_resv_unlock(dmabuf->resv);
	return moved;
}

static unsigned long mig_moves(struct dma_buf *dmabuf)
{
	return mig_of(dmabuf)->moves;
}

static bool mig_holds(struct mig_buf *buf, phys_addr_t phys)
{
	int i;

	for (i = 0; i < MIG_PAGES; i++)
		if (page_to_phys(buf->pages[buf->where][i]) ==
		    (phys & PAGE_MASK))
			return true;
	return false;
}

static bool mig_check_sgt(struct dma_buf *dmabuf, struct device *dev,
			  struct sg_table *sgt)
{
	struct scatterlist *sg;
	int i;

	for_each_sgtable_dma_sg(sgt, sg, i)
		if (!mig_holds(mig_of(dmabuf),
			       host_dma_to_phys(dev, sg_dma_address(sg))))
			return false;
	return true;
}

static bool mig_check_pal(struct dma_buf *dmabuf,
			  struct dma_buf_phys_list *phys)
{
	size_t i;

	for (i = 0; i < phys->length; i++)
		if (!mig_holds(mig_of(dmabuf), phys->phys[i].paddr))
			return false;
	return true;
}

static void mig_destroy(struct dma_buf *dmabuf)
{
	dma_buf_put(dmabuf);
}

static const struct stress_exporter migrate_exporter = {
	.name = "migrating exporter (stress/)",
	.create = mig_create,
	.event = mig_event,
	.moves = mig_moves,
	.check_sgt = mig_check_sgt,
	.check_pal = mig_check_pal,
	.destroy = mig_destroy,
};

/*
 * The sample exporters' machine: below one switch, a GPU, a device VFIO
 * assigns, and one endpoint per importer thread, so that the importers
 * can reach both BARs peer to peer (the same switch, no ACS redirect).
 * The bus offset is zero: a P2P bus address is the CPU physical address.
 */

#define SMP_DOMAIN	0x5e
#define SMP_VRAM	0x4000000000ULL
#define SMP_VRAM_LEN	BIT_ULL(30)
#define SMP_BAR		0x6000000000ULL
#define SMP_BAR_LEN	BIT_ULL(24)
#define SMP_PAGES	4

static struct host_pci_topo *smp_topo;
static struct pci_dev *smp_gpu_pdev, *smp_vfio_pdev;
static struct pci_dev *smp_importer[IMPORTERS];

static void smp_setup(void)
{
	struct pci_host_bridge *hb;
	struct pci_dev *rp, *usp;
	int i;

	smp_topo = host_pci_topo_create(SMP_DOMAIN);
	hb = host_pci_host_bridge(smp_topo, 0x8086, 0x2030);
	rp = host_pci_root_port(hb, 0x8086, 0x2032);
	usp = host_pci_switch_up(rp);
	smp_gpu_pdev = host_pci_endpoint(host_pci_switch_down(usp), 0x10de,
					 0x2330);
	host_pci_set_bar(smp_gpu_pdev, 0, SMP_VRAM, SMP_VRAM_LEN);
	smp_vfio_pdev = host_pci_endpoint(host_pci_switch_down(usp), 0x10ee,
					  0x903f);
	host_pci_set_bar(smp_vfio_pdev, 2, SMP_BAR, SMP_BAR_LEN);
	for (i = 0; i < IMPORTERS; i++)
		smp_importer[i] = host_pci_endpoint(host_pci_switch_down(usp),
						    0x15b3, 0x101d);
}

static void smp_teardown(void)
{
	host_pci_topo_destroy(smp_topo);
}

static struct device *smp_importer_dev(unsigned int i)
{
	return &smp_importer[i]->dev;
}

/*
 * Is a table on the buffer's memory now?  @phys gives the physical
 * address of each byte offset; a DMA address is either that address (P2P
 * through the switch) or one the DMA API made for @dev.
 */
static bool smp_check_sgt(struct dma_buf *dmabuf, struct device *dev,
			  struct sg_table *sgt,
			  phys_addr_t (*phys)(struct dma_buf *, size_t))
{
	struct scatterlist *sg;
	size_t off = 0, k;
	int i;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		for (k = 0; k < sg_dma_len(sg); k += PAGE_SIZE, off += PAGE_SIZE) {
			dma_addr_t a = sg_dma_address(sg) + k;
			phys_addr_t want;

			if (off >= dmabuf->size)
				return false;
			want = phys(dmabuf, off);
			if (a != want && host_dma_to_phys(dev, a) != want)
				return false;
		}
	}
	return off == dmabuf->size;
}

/* The GPU exporter: migrations between VRAM and system memory */

static struct sample_gpu *smp_gpu;

static void gpu_setup(void)
{
	smp_setup();
	smp_gpu = sample_gpu_probe(smp_gpu_pdev, 0);
	if (IS_ERR(smp_gpu))
		host_bug(__FILE__, __LINE__, "stress: GPU probe failed");
}

static void gpu_teardown(void)
{
	sample_gpu_remove(smp_gpu);
	smp_teardown();
}

static struct dma_buf *gpu_create(void)
{
	return sample_gpu_bo_export(smp_gpu, SMP_PAGES * PAGE_SIZE);
}

/*
 * The GPU's own work moves the buffer into VRAM, or evicts it; an
 * importer that cannot reach VRAM (the static one) has it moved back to
 * system memory at its next map.
 */
static bool gpu_event(struct dma_buf *dmabuf, unsigned int n)
{
	bool in_vram;

	dma_resv_lock(dmabuf->resv, NULL);
	in_vram = sample_gpu_bo_in_vram(dmabuf);
	dma_resv_unlock(dmabuf->resv);
	return !sample_gpu_bo_migrate(dmabuf, !in_vram);
}

static unsigned long gpu_moves(struct dma_buf *dmabuf)
{
	return sample_gpu_bo_migrations(dmabuf);
}

static bool gpu_check_sgt(struct dma_buf *dmabuf, struct device *dev,
			  struct sg_table *sgt)
{
	return smp_check_sgt(dmabuf, dev, sgt, sample_gpu_bo_phys);
}

static bool gpu_check_pal(struct dma_buf *dmabuf,
			  struct dma_buf_phys_list *phys)
{
	return false;	/* the GPU offers no PAL */
}

static const struct stress_exporter gpu_exporter = {
	.name = "GPU VRAM exporter (samples/dma-buf/gpu-vram.c)",
	.setup = gpu_setup,
	.teardown = gpu_teardown,
	.importer_dev = smp_importer_dev,
	.create = gpu_create,
	.event = gpu_event,
	.moves = gpu_moves,
	.check_sgt = gpu_check_sgt,
	.check_pal = gpu_check_pal,
	.destroy = mig_destroy,
};

/* The VFIO-style exporter: revoke and un-revoke */

static struct sample_vfio_device *smp_vfio;
static bool smp_vfio_revoked;		/* event thread only */

static void vfio_setup(void)
{
	smp_setup();
	smp_vfio = sample_vfio_open(smp_vfio_pdev);
	if (IS_ERR(smp_vfio))
		host_bug(__FILE__, __LINE__, "stress: VFIO open failed");
	smp_vfio_revoked = false;
}

static void vfio_teardown(void)
{
	sample_vfio_close(smp_vfio);
	smp_teardown();
}

/* Two ranges of the BAR, out of order, so a list has more than one entry. */
static struct dma_buf *vfio_create(void)
{
	static unsigned int nr;
	const struct sample_vfio_range ranges[] = {
		{ (8 * nr + 4) * PAGE_SIZE, 2 * PAGE_SIZE },
		{ 8 * nr * PAGE_SIZE, 2 * PAGE_SIZE },
	};

	nr++;
	return sample_vfio_export(smp_vfio, 2, ranges, ARRAY_SIZE(ranges));
}

/*
 * Revoke, or allow again: for the whole device, so every buffer of it is
 * told at once, whichever buffer the harness picked.
 */
static bool vfio_event(struct dma_buf *dmabuf, unsigned int n)
{
	smp_vfio_revoked = !smp_vfio_revoked;
	sample_vfio_revoke(smp_vfio, smp_vfio_revoked);
	return smp_vfio_revoked;
}

static unsigned long vfio_moves(struct dma_buf *dmabuf)
{
	return sample_vfio_revocations(dmabuf);
}

static bool vfio_check_sgt(struct dma_buf *dmabuf, struct device *dev,
			   struct sg_table *sgt)
{
	return smp_check_sgt(dmabuf, dev, sgt, sample_vfio_phys);
}

static bool vfio_check_pal(struct dma_buf *dmabuf,
			   struct dma_buf_phys_list *phys)
{
	size_t i, off = 0;

	for (i = 0; i < phys->length; i++) {
		if (phys->phys[i].paddr != sample_vfio_phys(dmabuf, off))
			return false;
		off += phys->phys[i].len;
	}
	return off == dmabuf->size;
}

static const struct stress_exporter vfio_exporter = {
	.name = "VFIO BAR exporter (samples/dma-buf/vfio-bar.c)",
	.setup = vfio_setup,
	.teardown = vfio_teardown,
	.importer_dev = smp_importer_dev,
	.create = vfio_create,
	.event = vfio_event,
	.moves = vfio_moves,
	.check_sgt = vfio_check_sgt,
	.check_pal = vfio_check_pal,
	.destroy = mig_destroy,
};

static const struct stress_exporter *const exporters[] = {
	&migrate_exporter,
	&gpu_exporter,
	&vfio_exporter,
};

/* The harness */

struct stress_buf {
	const struct stress_exporter *exp;
	struct dma_buf *dmabuf;
	unsigned long counted;		/* the last move owed for; resv held */
	unsigned long expected;		/* deliveries owed; resv held */
	unsigned long events, skipped;	/* event thread only */
};

enum imp_kind { IMP_SGT, IMP_PAL, IMP_SGT_UNLOCKED, IMP_STATIC, NR_KINDS };

static const char *const kind_name[] = {
	"dynamic SGT", "dynamic PAL", "dynamic SGT, _unlocked map",
	"static SGT",
};

/* One attachment's importer state; resv held for all but the counters. */
struct importer {
	struct stress_buf *buf;
	struct dma_buf_attachment *attach;
	struct device *dev;
	enum imp_kind kind;
	struct sg_table *sgt;
	struct dma_buf_phys_list *phys;
	bool seen;
	unsigned long last_move;
};

static struct stress_buf bufs[BUFFERS];
static atomic_ulong delivered, maps, unmaps, refused, bad_mappings,
	out_of_order, missed, attaches, skipped_kinds;
static atomic_int importers_running;

static void unmap_current(struct importer *imp)
{
	if (imp->sgt) {
		dma_buf_sgt_unmap_attachment(imp->attach, imp->sgt,
					     DMA_BIDIRECTIONAL);
		imp->sgt = NULL;
		atomic_fetch_add(&unmaps, 1);
	}
	if (imp->phys) {
		dma_buf_pal_unmap_phys(imp->attach, imp->phys);
		imp->phys = NULL;
		atomic_fetch_add(&unmaps, 1);
	}
}

static void stress_invalidate(struct dma_buf_attachment *attach)
{
	struct importer *imp = attach->importer_priv;
	struct stress_buf *buf = imp->buf;
	unsigned long move = buf->exp->moves(buf->dmabuf);
	struct dma_buf_attachment *a;

	dma_resv_assert_held(attach->dmabuf->resv);
	/*
	 * The first delivery of a move: every dynamic attachment on the
	 * buffer now is owed one.  The list cannot change until the
	 * exporter's dma_buf_invalidate_mappings() returns: it holds the lock.
	 */
	if (move != buf->counted) {
		buf->counted = move;
		list_for_each_entry(a, &buf->dmabuf->attachments, node)
			buf->expected += !!a->importer_ops;
	}
	/* while attached, one delivery per move, in order, none missed */
	if (imp->seen && move != imp->last_move + 1)
		atomic_fetch_add(&out_of_order, 1);
	imp->seen = true;
	imp->last_move = move;
	atomic_fetch_add(&delivered, 1);
	unmap_current(imp);
}

static const struct dma_buf_attach_ops stress_importer_ops = {
	.allow_peer2peer = true,
	.invalidate_mappings = stress_invalidate,
};

static struct dma_buf_attachment *importer_attach(struct importer *imp)
{
	struct dma_buf_mapping_match m;

	switch (imp->kind) {
	case IMP_PAL:
		m = DMA_BUF_IMAPPING_PAL();
		return dma_buf_mapping_attach(imp->buf->dmabuf, &m, 1,
					      &stress_importer_ops, imp);
	case IMP_STATIC:
		return dma_buf_sgt_attach(imp->buf->dmabuf, imp->dev);
	default:
		break;
	}
	return dma_buf_sgt_dynamic_attach(imp->buf->dmabuf, imp->dev,
					  &stress_importer_ops, imp);
}

/* Map if not mapped; check what came back.  Resv held, except _unlocked. */
static void importer_map(struct importer *imp)
{
	struct dma_buf *dmabuf = imp->buf->dmabuf;
	const struct stress_exporter *exp = imp->buf->exp;
	struct sg_table *sgt;
	struct dma_buf_phys_list *phys;

	if (imp->sgt || imp->phys)
		return;
	if (imp->kind == IMP_PAL) {
		phys = dma_buf_pal_map_phys(imp->attach);
		if (IS_ERR(phys)) {
			atomic_fetch_add(&refused, 1);
			return;
		}
		imp->phys = phys;
		atomic_fetch_add(&maps, 1);
		if (!exp->check_pal(dmabuf, phys))
			atomic_fetch_add(&bad_mappings, 1);
		return;
	}
	sgt = dma_buf_sgt_map_attachment(imp->attach, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		atomic_fetch_add(&refused, 1);
		return;
	}
	imp->sgt = sgt;
	atomic_fetch_add(&maps, 1);
	if (!exp->check_sgt(dmabuf, imp->dev, sgt))
		atomic_fetch_add(&bad_mappings, 1);
}

struct thread_arg {
	enum imp_kind kind;
	unsigned int seed;
	const struct stress_exporter *exp;
};

static void *importer_thread(void *p)
{
	struct thread_arg *arg = p;
	const struct stress_exporter *exp = arg->exp;
	struct importer imp = { .kind = arg->kind };
	unsigned int seed = arg->seed;
	struct dma_resv *resv;
	char name[32];
	int a, r;

	snprintf(name, sizeof(name), "importer%d", arg->kind);
	imp.dev = exp->importer_dev ? exp->importer_dev(arg->kind) :
		  host_device_alloc(name);
	dma_coerce_mask_and_coherent(imp.dev, DMA_BIT_MASK(64));
	host_dma_set_offset(imp.dev, 0);

	for (a = 0; a < ATTACHES; a++) {
		imp.buf = &bufs[rand_r(&seed) % BUFFERS];
		imp.seen = false;
		imp.attach = importer_attach(&imp);
		if (IS_ERR(imp.attach)) {
			/* this exporter does not offer the kind */
			atomic_fetch_add(&skipped_kinds, 1);
			break;
		}
		atomic_fetch_add(&attaches, 1);
		resv = imp.buf->dmabuf->resv;
		/* moves from now on are owed to us, unless one came already */
		dma_resv_lock(resv, NULL);
		if (!imp.seen) {
			imp.seen = true;
			imp.last_move = exp->moves(imp.buf->dmabuf);
		}
		dma_resv_unlock(resv);
		for (r = 0; r < ROUNDS; r++) {
			bool mapped;

			/* invalidate_mappings may drop the mapping: look under
			 * the lock */
			dma_resv_lock(resv, NULL);
			mapped = imp.sgt || imp.phys;
			dma_resv_unlock(resv);
			if (imp.kind == IMP_SGT_UNLOCKED && !mapped) {
				/*
				 * The _unlocked map, to run it under TSan.
				 * A move may come between the map and the
				 * lock, and a real importer could not tell;
				 * here a table that is no longer on the
				 * buffer's memory is handed back unused and
				 * not counted as wrong.  Its
				 * invalidate_mappings had nothing to give back:
				 * the exporter's wait for the table lasts until
				 * then (a revoked BAR does not move, so until
				 * this importer next unmaps).
				 */
				struct sg_table *sgt;

				sgt = dma_buf_sgt_map_attachment_unlocked(imp.attach,
								DMA_BIDIRECTIONAL);
				if (IS_ERR(sgt)) {
					atomic_fetch_add(&refused, 1);
					continue;
				}
				atomic_fetch_add(&maps, 1);
				dma_resv_lock(resv, NULL);
				imp.sgt = sgt;
				if (!imp.buf->exp->check_sgt(imp.buf->dmabuf,
							     imp.dev, sgt)) {
					/* moved since: hand it back */
					unmap_current(&imp);
				}
				dma_resv_unlock(resv);
			} else {
				dma_resv_lock(resv, NULL);
				importer_map(&imp);
				if (rand_r(&seed) % 4 == 0)
					unmap_current(&imp);
				dma_resv_unlock(resv);
			}
			if (rand_r(&seed) % 2)
				sched_yield();
		}
		dma_resv_lock(resv, NULL);
		unmap_current(&imp);
		/* every move while we were attached reached us */
		if (imp.attach->importer_ops &&
		    exp->moves(imp.buf->dmabuf) != imp.last_move)
			atomic_fetch_add(&missed, 1);
		dma_resv_unlock(resv);
		dma_buf_detach(imp.buf->dmabuf, imp.attach);
	}
	if (!exp->importer_dev)
		put_device(imp.dev);
	atomic_fetch_sub(&importers_running, 1);
	return NULL;
}

static void *event_thread(void *p)
{
	unsigned int seed = 7, n, i, b;
	struct stress_buf *buf;

	/* for as long as importers run, and a few at least */
	for (n = 0; atomic_load(&importers_running) ||
		    n < MIN_EVENTS * BUFFERS; n++) {
		b = rand_r(&seed) % BUFFERS;
		buf = &bufs[b];
		if (buf->exp->event(buf->dmabuf, n))
			buf->events++;
		else
			buf->skipped++;
		for (i = rand_r(&seed) % 3; i; i--)
			sched_yield();
	}
	return NULL;
}

static bool run_exporter(const struct stress_exporter *exp)
{
	pthread_t imp_threads[IMPORTERS], ev;
	struct thread_arg args[IMPORTERS];
	unsigned long live_alloc = host_alloc_live();
	unsigned long live_dma = host_dma_live();
	unsigned long warns = host_warn_count();
	unsigned long expected = 0, events = 0, skipped = 0;
	unsigned long leaks_alloc, leaks_dma;
	bool ok;
	int i;

	atomic_store(&delivered, 0);
	atomic_store(&maps, 0);
	atomic_store(&unmaps, 0);
	atomic_store(&refused, 0);
	atomic_store(&bad_mappings, 0);
	atomic_store(&out_of_order, 0);
	atomic_store(&missed, 0);
	atomic_store(&attaches, 0);
	atomic_store(&skipped_kinds, 0);
	if (exp->setup)
		exp->setup();
	for (i = 0; i < BUFFERS; i++) {
		bufs[i] = (struct stress_buf){ .exp = exp };
		bufs[i].dmabuf = exp->create();
		if (IS_ERR(bufs[i].dmabuf))
			host_bug(__FILE__, __LINE__, "stress: export failed");
	}

	atomic_store(&importers_running, IMPORTERS);
	for (i = 0; i < IMPORTERS; i++) {
		args[i] = (struct thread_arg){ i % NR_KINDS, 1000 + i, exp };
		pthread_create(&imp_threads[i], NULL, importer_thread, &args[i]);
	}
	pthread_create(&ev, NULL, event_thread, NULL);
	for (i = 0; i < IMPORTERS; i++)
		pthread_join(imp_threads[i], NULL);
	pthread_join(ev, NULL);

	for (i = 0; i < BUFFERS; i++) {
		expected += bufs[i].expected;
		events += bufs[i].events;
		skipped += bufs[i].skipped;
		exp->destroy(bufs[i].dmabuf);
	}
	flush_delayed_fput();
	if (exp->teardown)
		exp->teardown();
	leaks_alloc = host_alloc_live() - live_alloc;
	leaks_dma = host_dma_live() - live_dma;
	warns = host_warn_count() - warns;

	ok = atomic_load(&delivered) == expected && !atomic_load(&out_of_order) &&
	     !atomic_load(&missed) &&
	     !atomic_load(&bad_mappings) &&
	     atomic_load(&maps) == atomic_load(&unmaps) && !leaks_alloc &&
	     !leaks_dma && !warns && host_report_leaks(0, NULL, NULL) == 0;
	printf("%s %s\n", ok ? "ok" : "not ok", exp->name);
	printf("#   %lu events that moved (%lu that did not), %lu invalidate_mappings owed, %lu delivered, %lu out of order, %lu missed\n",
	       events, skipped, expected, atomic_load(&delivered),
	       atomic_load(&out_of_order), atomic_load(&missed));
	printf("#   %lu attachments, %lu maps, %lu handed back, %lu refused by the exporter, %lu on the wrong memory\n",
	       atomic_load(&attaches), atomic_load(&maps),
	       atomic_load(&unmaps), atomic_load(&refused),
	       atomic_load(&bad_mappings));
	printf("#   importer kinds not offered: %lu; left behind: %lu allocations, %lu DMA mappings; %lu WARNs\n",
	       atomic_load(&skipped_kinds), leaks_alloc, leaks_dma, warns);
	return ok;
}

int main(void)
{
	unsigned int passed = 0, failed = 0;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("# dma-buf stress: %d importer threads (", IMPORTERS);
	for (i = 0; i < NR_KINDS; i++)
		printf("%s%s", i ? ", " : "", kind_name[i]);
	printf("), %d buffers, an event thread\n", BUFFERS);
	for (i = 0; i < ARRAY_SIZE(exporters); i++) {
		if (run_exporter(exporters[i]))
			passed++;
		else
			failed++;
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
