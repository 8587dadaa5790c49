// SPDX-License-Identifier: GPL-2.0
/*
 * Every sample exporter against every sample importer, on every test
 * topology, with the importing device behind an IOMMU and without.  Each
 * cell is one KTAP result asserting the negotiated type or the exact error,
 * whether P2P was chosen, its route and distance, where the memory is, the
 * kernel's P2P refusal and ACS advice, and the data path: every page the
 * importer would program leads back to the exporter's memory.
 *
 * The expectations are derived here from the rules, not from the harness.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/pci.h>
#include <host/hooks.h>

#include "scenario-harness.h"

#define MATRIX_DOMAIN	0x30

struct matrix_cell {
	enum scn_layout layout;
	bool iommu;
	enum scn_exporter exp;
	enum scn_importer imp;
};

#define MATRIX_CELLS	(SCN_LAYOUT_NR * 2 * SCN_EXP_NR * SCN_IMP_NR)

static struct matrix_cell matrix_cells[MATRIX_CELLS];

static const char *const layout_names[] = {
	[SCN_SAME_SWITCH] = "same switch",
	[SCN_ROOT_PORTS_ZEN] = "root ports, Zen",
	[SCN_ROOT_PORTS_INTEL] = "root ports, unlisted Intel root",
	[SCN_SWITCH_ACS] = "switch with ACS redirect",
};

static const void *matrix_gen_params(struct kunit *test, const void *prev,
					char *desc)
{
	const struct matrix_cell *c = prev ?
		(const struct matrix_cell *)prev + 1 : matrix_cells;
	size_t k = c - matrix_cells;
	struct matrix_cell *cell;

	if (k >= MATRIX_CELLS)
		return NULL;
	cell = &matrix_cells[k];
	cell->imp = k % SCN_IMP_NR;
	cell->exp = k / SCN_IMP_NR % SCN_EXP_NR;
	cell->iommu = k / (SCN_IMP_NR * SCN_EXP_NR) % 2;
	cell->layout = k / (SCN_IMP_NR * SCN_EXP_NR * 2);
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s, IOMMU %s: %s to %s",
		 layout_names[cell->layout], cell->iommu ? "on" : "off",
		 scn_exporter_name(cell->exp), scn_importer_name(cell->imp));
	return cell;
}

/* The P2P route the layout allows, from the kernel's rules. */
static enum pci_p2pdma_map_type matrix_route(enum scn_layout layout)
{
	switch (layout) {
	case SCN_SAME_SWITCH:
		return PCI_P2PDMA_MAP_BUS_ADDR;
	case SCN_ROOT_PORTS_ZEN:
		return PCI_P2PDMA_MAP_THRU_HOST_BRIDGE;
	default:
		return PCI_P2PDMA_MAP_NOT_SUPPORTED;
	}
}

static struct scn_expect matrix_expect(const struct matrix_cell *c,
				       const char *acs_fix)
{
	enum pci_p2pdma_map_type route = matrix_route(c->layout);
	bool p2p_ok = route != PCI_P2PDMA_MAP_NOT_SUPPORTED;
	struct scn_expect e = { .type = &dma_buf_mapping_sgt_type };

	switch (c->exp) {
	case SCN_EXP_NO_ATTACH:
		return (struct scn_expect){ .err = -EOPNOTSUPP };
	case SCN_EXP_HEAP:
		if (c->imp == SCN_IMP_IOMMUFD)
			return (struct scn_expect){ .err = -EINVAL };
		e.place = SCN_PLACE_SYSTEM;
		return e;
	case SCN_EXP_GPU:
		if (c->imp == SCN_IMP_IOMMUFD)
			return (struct scn_expect){ .err = -EINVAL };
		e.place = SCN_PLACE_SYSTEM;
		if (c->imp == SCN_IMP_STATIC)
			return e;
		break;
	case SCN_EXP_VFIO:
		if (c->imp == SCN_IMP_STATIC)
			return (struct scn_expect){ .err = -EOPNOTSUPP };
		if (c->imp == SCN_IMP_IOMMUFD)
			return (struct scn_expect){
				.type = &dma_buf_mapping_pal_type,
				.place = SCN_PLACE_BAR,
			};
		e.place = SCN_PLACE_BAR;
		break;
	default:
		break;
	}

	/* A dynamic P2P importer of MMIO: the topology decides. */
	if (p2p_ok) {
		e.p2p = true;
		e.route = route;
		e.distance = 4;
		if (c->exp == SCN_EXP_GPU)
			e.place = SCN_PLACE_VRAM;
		return e;
	}
	e.p2p_refused = true;
	e.acs_fix = acs_fix;
	if (c->exp == SCN_EXP_VFIO)
		return (struct scn_expect){ .err = -EINVAL, .p2p_refused = true,
					    .acs_fix = acs_fix };
	return e;
}

static void test_matrix_cell(struct kunit *test)
{
	const struct matrix_cell *c = test->param_value;
	char acs_fix[96] = "";
	struct scn_verdict *v;
	struct scn_expect e;
	struct scn_machine m;

	v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, v);
	scn_machine_build(&m, c->layout, c->iommu, MATRIX_DOMAIN);
	if (m.acs_port)
		snprintf(acs_fix, sizeof(acs_fix), "pci=disable_acs_redir=%s",
			 pci_name(m.acs_port));
	e = matrix_expect(c, m.acs_port ? acs_fix : NULL);

	KUNIT_ASSERT_EQ(test, scn_run_pair(&m, c->exp, SCN_GPU0, c->imp,
					   SCN_NIC, v), 0);
	KUNIT_EXPECT_EQ(test, v->err, e.err);
	KUNIT_EXPECT_PTR_EQ(test, v->type, e.err ? NULL : e.type);
	KUNIT_EXPECT_EQ(test, v->p2p, e.p2p);
	KUNIT_EXPECT_EQ(test, v->place, e.place);
	KUNIT_EXPECT_EQ(test, v->p2p_refused, e.p2p_refused);
	KUNIT_EXPECT_STREQ(test, v->acs_fix, e.acs_fix ? e.acs_fix : "");
	if (e.p2p) {
		KUNIT_EXPECT_EQ(test, v->route, e.route);
		KUNIT_EXPECT_EQ(test, v->distance, e.distance);
	}
	if (c->exp == SCN_EXP_VFIO)
		KUNIT_EXPECT_EQ(test, v->unrevocable,
				c->imp == SCN_IMP_STATIC);
	if (c->exp == SCN_EXP_GPU && !e.err)
		KUNIT_EXPECT_EQ(test, v->migrations, e.p2p ? 0 : 1);

	/* The data path: every page leads to the exporter's memory. */
	if (!e.err) {
		KUNIT_EXPECT_EQ(test, v->pages, SCN_BUF_PAGES);
		KUNIT_EXPECT_EQ(test, v->bad_pages, 0);
	}
	/* The kernel's own words help most when a cell fails. */
	if (test->status == KUNIT_FAILURE)
		kunit_info(test, "kernel log:\n%s", v->log);
	scn_machine_destroy(&m);
}

static struct kunit_case scenario_matrix_cases[] = {
	KUNIT_CASE_PARAM(test_matrix_cell, matrix_gen_params),
	{}
};

static struct kunit_suite scenario_matrix_suite = {
	.name = "dma-buf-scenario-matrix",
	.test_cases = scenario_matrix_cases,
};

kunit_test_suite(scenario_matrix_suite);
