// SPDX-License-Identifier: GPL-2.0
/*
 * Sample exporter: a GPU sharing buffers that live in its VRAM.
 *
 * Stands for amdgpu and xe: VRAM is reachable by peers through the GPU's
 * BAR, so the exporter offers a P2P SGT of the BAR first and a plain SGT
 * second, for which it migrates the buffer to system memory.  Which one an
 * attachment got is dma_buf_sgt_p2p_allowed(); the buffer may stay in VRAM
 * only while every attachment got P2P.  A buffer that moves tells its
 * dynamic importers with dma_buf_invalidate_mappings(), under the reservation
 * lock, and a pinned buffer does not move.  An importer may give its table of
 * the old placement back after invalidate_mappings returned: the old placement
 * stays valid until then, and the GPU's own moves wait for it before they
 * free the system pages or give the VRAM up.
 */
#include <linux/completion.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "dma-buf-samples.h"
#include "dma-buf-samples-inspect.h"

/**
 * struct sample_gpu - a probed GPU
 * @pdev: the PCI device, referenced
 * @provider: the P2P provider of the VRAM BAR; NULL in a kernel without
 *	P2P DMA, where no peer reaches VRAM
 * @vram_base: CPU physical address of the VRAM BAR
 * @vram_size: its length
 * @lock: protects @vram_used and @nr_bos
 * @vram_used: the bump allocator's watermark
 * @nr_bos: buffers exported and not yet released
 *
 * VRAM is handed out by a bump allocator that gives space back only when
 * the GPU goes away: a real driver's VRAM manager is beside the point here.
 */
struct sample_gpu {
	struct pci_dev *pdev;
	struct p2pdma_provider *provider;
	phys_addr_t vram_base;
	resource_size_t vram_size;
	struct mutex lock;	/* @vram_used, @nr_bos */
	resource_size_t vram_used;
	unsigned int nr_bos;
};

/**
 * struct gpu_users - who still has a table of one placement
 * @kref: one reference for the placement itself (VRAM while the buffer
 *	may use it, a system copy while it exists), one per table of it
 * @gone: completed when the last reference is dropped
 */
struct gpu_users {
	struct kref kref;
	struct completion gone;
};

/**
 * struct sample_gpu_bo - a buffer object shared as a dma-buf
 * @gpu: its GPU
 * @pdev: the GPU's PCI device, referenced at export for match_mapping
 * @dmabuf: the dma-buf
 * @size: bytes
 * @vram: CPU physical address of its VRAM, reserved for its whole life
 * @sys: the system-memory copy while it is not in VRAM, and while the
 *	tables of it are coming back after a move into VRAM
 * @in_vram: where it is now
 * @pin_count: pins from importers; a pinned buffer does not move
 * @migrating: sample_gpu_bo_migrate() waits for the old placement's
 *	tables; no other move until it is done
 * @vram_users: the tables of VRAM
 * @sys_users: the tables of @sys
 * @migrations: moves so far, either way
 *
 * Everything but @gpu, @pdev, @size and @vram is protected by the
 * reservation lock; the references are atomic, so a migration drops its
 * own without it.
 */
struct sample_gpu_bo {
	struct sample_gpu *gpu;
	struct pci_dev *pdev;
	struct dma_buf *dmabuf;
	size_t size;
	phys_addr_t vram;
	struct sample_pages sys;
	bool in_vram;
	unsigned int pin_count;
	bool migrating;
	struct gpu_users vram_users;
	struct gpu_users sys_users;
	unsigned int migrations;
};

static void gpu_users_gone(struct kref *kref)
{
	struct gpu_users *users = container_of(kref, struct gpu_users, kref);

	complete(&users->gone);
}

/* A placement in use again, or anew: its own reference, nothing gone. */
static void gpu_users_reset(struct gpu_users *users)
{
	kref_init(&users->kref);
	reinit_completion(&users->gone);
}

/*
 * Drops the placement's own reference and waits until every table of it
 * is back.  Without the reservation lock: importers give tables back
 * under it.
 */
static void gpu_users_drain(struct gpu_users *users)
{
	kref_put(&users->kref, gpu_users_gone);
	wait_for_completion(&users->gone);
}

/* VRAM is fine only if every importer got the P2P entry. */
static bool gpu_bo_vram_allowed(struct sample_gpu_bo *bo)
{
	struct dma_buf_attachment *attach;

	list_for_each_entry(attach, &bo->dmabuf->attachments, node)
		if (!dma_buf_sgt_p2p_allowed(attach))
			return false;
	return true;
}

/*
 * Moves an unpinned buffer out of VRAM.  Reservation lock held.  A move
 * invalidates every importer's mapping: invalidate_mappings tells the dynamic
 * ones to give their tables back, and static ones cannot hold any, since their
 * mappings pin.  The VRAM stays the buffer's, so its tables may come back
 * whenever the importers are done with them.
 */
static int gpu_bo_to_system(struct sample_gpu_bo *bo)
{
	int ret;

	ret = sample_pages_alloc(&bo->sys, bo->size);
	if (ret)
		return ret;
	/*
	 * The copy engine would move the contents here; the host's VRAM has
	 * no backing store, so there is nothing to copy.
	 */
	gpu_users_reset(&bo->sys_users);
	bo->in_vram = false;
	bo->migrations++;
	dma_buf_invalidate_mappings(bo->dmabuf);
	return 0;
}

/*
 * Puts the buffer where its attachments allow: in VRAM only when all of
 * them may take MMIO.  Reservation lock held, by an importer mapping or
 * pinning, so nothing here may wait for an importer: the buffer goes into
 * VRAM only when no table of its system copy is out (the pages are freed
 * at once), else it stays where it is, which suits everyone.
 */
static int gpu_bo_place(struct sample_gpu_bo *bo)
{
	bool want_vram = gpu_bo_vram_allowed(bo);

	dma_resv_assert_held(bo->dmabuf->resv);
	if (want_vram == bo->in_vram)
		return 0;
	if (want_vram) {
		if (bo->pin_count || bo->migrating ||
		    kref_read(&bo->sys_users.kref) != 1)
			return 0;
		bo->in_vram = true;
		bo->migrations++;
		dma_buf_invalidate_mappings(bo->dmabuf);
		sample_pages_free(&bo->sys);
		return 0;
	}
	/* Pinned in VRAM, or on its way there. */
	if (bo->pin_count || bo->migrating)
		return -EBUSY;
	return gpu_bo_to_system(bo);
}

static struct sg_table *gpu_map(struct dma_buf_attachment *attach,
				enum dma_data_direction dir)
{
	struct sample_gpu_bo *bo = attach->dmabuf->priv;
	struct dma_buf_phys_vec vec;
	struct gpu_users *users;
	struct sg_table *sgt;
	int ret;

	/*
	 * Placing the buffer may move it, and a move calls
	 * dma_buf_invalidate_mappings(): the exporter calls back into every
	 * importer while one of them is in the middle of mapping.  It must:
	 * once this importer gets a table of the new placement, the others'
	 * tables of the old one are stale, and only invalidate_mappings tells
	 * them. It is safe because the mapping importer holds the reservation
	 * lock (the map path asserts it), which is exactly what
	 * invalidate_mappings's contract promises each importer, and which
	 * keeps all of them from mapping or unmapping meanwhile.  An importer
	 * may unmap from its invalidate_mappings and so re-enter gpu_unmap();
	 * the placement is updated before the notify, so that finds consistent
	 * state. What cannot happen here is waiting for an importer that unmaps
	 * later: it needs the lock held here, so gpu_bo_place() never waits.
	 *
	 * Even a pinned buffer is placed: an importer that cannot reach VRAM
	 * may have attached since the pin, and it is refused rather than
	 * handed VRAM.
	 */
	ret = gpu_bo_place(bo);
	if (ret)
		return ERR_PTR(ret);

	if (bo->in_vram) {
		/* Placement made sure of it; a VRAM table for others is a bug.
		 * */
		if (WARN_ON(!dma_buf_sgt_p2p_allowed(attach)))
			return ERR_PTR(-EINVAL);
		vec.paddr = bo->vram;
		vec.len = bo->size;
		sgt = dma_buf_phys_vec_to_sgt(attach, bo->gpu->provider, &vec,
					      1, bo->size, dir);
		users = &bo->vram_users;
	} else {
		sgt = sample_pages_map(&bo->sys, dma_buf_sgt_dma_device(attach),
				       dir);
		users = &bo->sys_users;
	}
	if (!IS_ERR(sgt))
		kref_get(&users->kref);
	return sgt;
}

static void gpu_unmap(struct dma_buf_attachment *attach, struct sg_table *sgt,
		      enum dma_data_direction dir)
{
	struct sample_gpu_bo *bo = attach->dmabuf->priv;

	/*
	 * A VRAM table has no pages, a system one always has: that tells
	 * which kind this is even if the buffer moved since.  A system table
	 * is of @bo->sys, the only copy there is until its tables are back.
	 */
	if (!sg_page(sgt->sgl)) {
		dma_buf_free_sgt(attach, sgt, dir);
		kref_put(&bo->vram_users.kref, gpu_users_gone);
	} else {
		sample_pages_unmap(dma_buf_sgt_dma_device(attach), sgt, dir);
		kref_put(&bo->sys_users.kref, gpu_users_gone);
	}
}

static const struct dma_buf_mapping_sgt_exp_ops gpu_sgt_ops = {
	.map_dma_buf = gpu_map,
	.unmap_dma_buf = gpu_unmap,
};

static int gpu_match_mapping(struct dma_buf_match_args *args)
{
	struct sample_gpu_bo *bo = args->dmabuf->priv;
	/* VRAM through the BAR first; system memory if P2P cannot be had. */
	struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_SGT_P2P(&gpu_sgt_ops, bo->pdev),
		DMA_BUF_EMAPPING_SGT(&gpu_sgt_ops),
	};

	if (!bo->gpu->provider)
		return dma_buf_match_mapping(args, &exp[1], 1);
	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

/*
 * A pin for a static importer needs the buffer where that importer can
 * reach it.  While another importer holds it pinned in VRAM, or a
 * migration is on its way there, it cannot move: a conflict the caller may
 * retry, -EAGAIN.  Not -EBUSY, which the core reserves for an exporter
 * that strands a buffer its importers use, and warns about.
 */
static int gpu_pin(struct dma_buf_attachment *attach)
{
	struct sample_gpu_bo *bo = attach->dmabuf->priv;
	int ret;

	ret = gpu_bo_place(bo);
	if (ret == -EBUSY)
		return -EAGAIN;
	if (ret)
		return ret;
	bo->pin_count++;
	return 0;
}

static void gpu_unpin(struct dma_buf_attachment *attach)
{
	struct sample_gpu_bo *bo = attach->dmabuf->priv;

	if (!WARN_ON(!bo->pin_count))
		bo->pin_count--;
}

static void gpu_release(struct dma_buf *dmabuf)
{
	struct sample_gpu_bo *bo = dmabuf->priv;
	struct sample_gpu *gpu = bo->gpu;

	/* Detach gave every table back. */
	WARN_ON(bo->pin_count || bo->migrating);
	WARN_ON(kref_read(&bo->vram_users.kref) != 1);
	WARN_ON(bo->sys.pages && kref_read(&bo->sys_users.kref) != 1);
	sample_pages_free(&bo->sys);
	pci_dev_put(bo->pdev);
	kfree(bo);

	mutex_lock(&gpu->lock);
	gpu->nr_bos--;
	mutex_unlock(&gpu->lock);
}

static const struct dma_buf_ops gpu_dmabuf_ops = {
	.pin = gpu_pin,
	.unpin = gpu_unpin,
	.match_mapping = gpu_match_mapping,
	.release = gpu_release,
};

/**
 * sample_gpu_probe - bind the sample GPU driver to a PCI device
 * @pdev: the GPU
 * @vram_bar: the BAR that exposes all of VRAM (resizable BAR enabled)
 *
 * Registers the BAR as a P2P DMA provider, when the kernel has P2P DMA;
 * without it, buffers are shared from system memory only.
 *
 * Return: the GPU, to be removed with sample_gpu_remove(); or an ERR_PTR:
 * -EINVAL when the BAR is not memory, -ENOMEM.
 */
struct sample_gpu *sample_gpu_probe(struct pci_dev *pdev, int vram_bar)
{
	struct sample_gpu *gpu;
	int ret;

	if (!(pci_resource_flags(pdev, vram_bar) & IORESOURCE_MEM))
		return ERR_PTR(-EINVAL);
	gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return ERR_PTR(-ENOMEM);
	ret = pcim_p2pdma_init(pdev);
	if (!ret) {
		gpu->provider = pcim_p2pdma_provider(pdev, vram_bar);
		if (!gpu->provider) {
			ret = -EINVAL;
			goto err_free_gpu;
		}
	} else if (ret != -EOPNOTSUPP) {
		goto err_free_gpu;
	}
	gpu->pdev = pci_dev_get(pdev);
	gpu->vram_base = pci_resource_start(pdev, vram_bar);
	gpu->vram_size = pci_resource_len(pdev, vram_bar);
	mutex_init(&gpu->lock);
	return gpu;

err_free_gpu:
	kfree(gpu);
	return ERR_PTR(ret);
}

/**
 * sample_gpu_remove - unbind the sample GPU driver
 * @gpu: from sample_gpu_probe()
 *
 * Every buffer must have been released.
 */
void sample_gpu_remove(struct sample_gpu *gpu)
{
	WARN_ON(gpu->nr_bos);
	mutex_destroy(&gpu->lock);
	pci_dev_put(gpu->pdev);
	kfree(gpu);
}

/**
 * sample_gpu_bo_export - allocate a buffer in VRAM and export it
 * @gpu: the GPU
 * @size: bytes, a non-zero multiple of the page size
 *
 * Return: the dma-buf, released by its last dma_buf_put(); or an ERR_PTR:
 * -EINVAL for a bad size, -ENOSPC when VRAM is full, -ENOMEM.
 */
struct dma_buf *sample_gpu_bo_export(struct sample_gpu *gpu, size_t size)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct sample_gpu_bo *bo;
	struct dma_buf *dmabuf;
	int ret;

	if (!size || !PAGE_ALIGNED(size))
		return ERR_PTR(-EINVAL);
	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);

	mutex_lock(&gpu->lock);
	if (size > gpu->vram_size - gpu->vram_used) {
		mutex_unlock(&gpu->lock);
		ret = -ENOSPC;
		goto err_free_bo;
	}
	bo->vram = gpu->vram_base + gpu->vram_used;
	gpu->vram_used += size;
	gpu->nr_bos++;
	mutex_unlock(&gpu->lock);

	bo->gpu = gpu;
	bo->pdev = pci_dev_get(gpu->pdev);
	bo->size = size;
	bo->in_vram = true;
	kref_init(&bo->vram_users.kref);
	init_completion(&bo->vram_users.gone);
	init_completion(&bo->sys_users.gone);

	exp_info.exp_name = "gpu-vram";
	exp_info.ops = &gpu_dmabuf_ops;
	exp_info.size = size;
	exp_info.priv = bo;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		ret = PTR_ERR(dmabuf);
		goto err_put_pdev;
	}
	bo->dmabuf = dmabuf;
	return dmabuf;

err_put_pdev:
	pci_dev_put(bo->pdev);
	mutex_lock(&gpu->lock);
	gpu->nr_bos--;
	mutex_unlock(&gpu->lock);
err_free_bo:
	kfree(bo);
	return ERR_PTR(ret);
}

/**
 * sample_gpu_bo_phys - the physical address behind a buffer offset, now
 * @dmabuf: a buffer from sample_gpu_bo_export()
 * @offset: byte offset, below the buffer's size
 *
 * The caller holds the reservation lock or knows the buffer cannot move.
 *
 * Return: the CPU physical address, in the BAR or in system memory.
 */
phys_addr_t sample_gpu_bo_phys(struct dma_buf *dmabuf, size_t offset)
{
	struct sample_gpu_bo *bo = dmabuf->priv;

	if (bo->in_vram)
		return bo->vram + offset;
	return sample_pages_phys(&bo->sys, offset);
}

/**
 * sample_gpu_bo_in_vram - is the buffer in VRAM now?
 * @dmabuf: a buffer from sample_gpu_bo_export()
 *
 * Return: true in VRAM, false in system memory.
 */
bool sample_gpu_bo_in_vram(struct dma_buf *dmabuf)
{
	return ((struct sample_gpu_bo *)dmabuf->priv)->in_vram;
}

/**
 * sample_gpu_bo_migrate - move a buffer as the GPU's own work would
 * @dmabuf: a buffer from sample_gpu_bo_export()
 * @to_vram: true to bring it into VRAM (the GPU is about to use it), false
 *	to evict it to system memory (VRAM is needed for something else)
 *
 * Tells the dynamic importers with dma_buf_invalidate_mappings() when it moves,
 * then waits, as VFIO does for a revoke, for what their devices still had
 * queued and for every table of the old placement to come back: only then
 * are the old system pages freed, or the VRAM the GPU's to reuse.  An
 * importer may give its table back after its invalidate_mappings, from its own
 * context and under the reservation lock, so the wait is done with the
 * lock dropped; an importer that maps meanwhile gets the new placement,
 * and one that would need the buffer moved again is refused with -EBUSY
 * until this is done.  An importer that cannot reach VRAM has the buffer
 * moved back to system memory on its next map.  Takes the reservation
 * lock: the GPU's own work does not run inside an importer's call.
 *
 * Return: 0 when it moved or was there already, -EBUSY while it is pinned
 * or moving, -ENOMEM.
 */
int sample_gpu_bo_migrate(struct dma_buf *dmabuf, bool to_vram)
{
	struct sample_gpu_bo *bo = dmabuf->priv;
	struct gpu_users *old;
	int ret = 0;

	dma_resv_lock(dmabuf->resv, NULL);
	if (bo->migrating) {
		ret = -EBUSY;
		goto out_unlock;
	}
	if (to_vram == bo->in_vram) {
		/*
		 * There already.  An eviction still waits for the VRAM tables
		 * an importer's map left out when it moved the buffer.
		 */
		if (to_vram || kref_read(&bo->vram_users.kref) == 1)
			goto out_unlock;
	} else if (bo->pin_count) {
		ret = -EBUSY;
		goto out_unlock;
	} else if (to_vram) {
		bo->in_vram = true;
		bo->migrations++;
		dma_buf_invalidate_mappings(dmabuf);
	} else {
		ret = gpu_bo_to_system(bo);
		if (ret)
			goto out_unlock;
	}
	old = to_vram ? &bo->sys_users : &bo->vram_users;
	bo->migrating = true;
	dma_resv_unlock(dmabuf->resv);

	dma_resv_wait_timeout(dmabuf->resv, DMA_RESV_USAGE_BOOKKEEP, false,
			      MAX_SCHEDULE_TIMEOUT);
	gpu_users_drain(old);

	dma_resv_lock(dmabuf->resv, NULL);
	if (to_vram)
		sample_pages_free(&bo->sys);
	else
		gpu_users_reset(&bo->vram_users);
	bo->migrating = false;
out_unlock:
	dma_resv_unlock(dmabuf->resv);
	return ret;
}

/**
 * sample_gpu_bo_migrations - how often the buffer moved
 * @dmabuf: a buffer from sample_gpu_bo_export()
 *
 * Return: the number of moves, either way.
 */
unsigned int sample_gpu_bo_migrations(struct dma_buf *dmabuf)
{
	return ((struct sample_gpu_bo *)dmabuf->priv)->migrations;
}
