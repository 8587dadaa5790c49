// SPDX-License-Identifier: GPL-2.0
/*
 * The KUnit runner for userspace: runs every suite linked into the binary
 * and prints the KTAP that Linux 6.12 prints for them, so kunit.py and
 * humans read it the same way.
 *
 * Where the kernel runs each case in a kthread and kills it to abort, this
 * runs it in place under sigsetjmp(); a failed assertion or kunit_skip()
 * siglongjmp()s back here, and the exit hook and deferred actions run
 * afterwards just as they do in the kernel.  Then the work the case left
 * to the kernel's workqueues runs (host_run_deferred_work()), as it would
 * there by then.
 *
 * On top of the kernel's checks, each case (and each parameter of a
 * parameterised one) is judged by the host: it fails if it leaves tracked
 * objects (allocations, DMA mappings, held locks) behind, or triggers a
 * WARN it did not declare with KUNIT_HOST_EXPECT_WARN().  The kernel has
 * kmemleak and lockdep for this, but they report long after the fact and
 * not against a test case.
 *
 * The runner's own bookkeeping uses libc malloc: the host tracks kmalloc,
 * and the runner's memory is not the case's to free.
 */
/* vasprintf() */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kunit/test.h>
#include <host/hooks.h>

/* Host log prefixes, so a WARN splat lands as a KTAP diagnostic line. */
#define KUNIT_HOST_PREFIX_TOP		"# "
#define KUNIT_HOST_PREFIX_CASE		KUNIT_SUBTEST_INDENT "# "
#define KUNIT_HOST_PREFIX_PARAM		KUNIT_SUBSUBTEST_INDENT "# "

/* 6.12 warns about cases slower than this that are not marked slow. */
#define KUNIT_SPEED_SLOW_WARNING_THRESHOLD_NS	(2 * 1000000000LL)

/* One deferred action; kept newest first on test->actions. */
struct kunit_action_node {
	kunit_action_t *action;
	void *ctx;
	struct kunit_action_node *next;
};

/* Leaf results (plain cases and single parameters) over the whole run. */
struct kunit_totals {
	unsigned long passed;
	unsigned long failed;
	unsigned long skipped;
	/* Suites that failed other than through their cases. */
	unsigned long suite_errors;
};

/* As the kernel's, for the "# name: pass:.." lines. */
struct kunit_result_stats {
	unsigned long passed;
	unsigned long skipped;
	unsigned long failed;
	unsigned long total;
};

/**
 * __kunit_log() - Print one printk-style message to the KTAP stream.
 * @fmt: printf format.
 *
 * Like printk(), a message ends with exactly one newline whether or not
 * @fmt supplies it.
 */
void __kunit_log(const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	flockfile(stdout);
	fputs(msg, stdout);
	if (!len || msg[len - 1] != '\n')
		putchar('\n');
	funlockfile(stdout);
	/* The host's WARN output shares stdout; keep the order it happened. */
	fflush(stdout);
	free(msg);
}

size_t kunit_suite_num_test_cases(struct kunit_suite *suite)
{
	struct kunit_case *test_case;
	size_t len = 0;

	kunit_suite_for_each_test_case(suite, test_case)
		len++;
	return len;
}

/* Deferred actions. */

int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct kunit_action_node *node;

	/* As 6.12: a NULL action is the case's bug, and ends it. */
	KUNIT_ASSERT_NOT_NULL_MSG(test, action,
				  "Tried to action a NULL function!");

	node = malloc(sizeof(*node));
	if (!node)
		return -ENOMEM;
	node->action = action;
	node->ctx = ctx;
	node->next = test->actions;
	test->actions = node;
	return 0;
}

int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
			      void *ctx)
{
	int ret = kunit_add_action(test, action, ctx);

	if (ret)
		action(ctx);
	return ret;
}

/* Unlink the newest action matching @action and @ctx, or return NULL. */
static struct kunit_action_node *kunit_take_action(struct kunit *test,
						   kunit_action_t *action,
						   void *ctx)
{
	struct kunit_action_node **link;

	for (link = &test->actions; *link; link = &(*link)->next) {
		struct kunit_action_node *node = *link;

		if (node->action == action && node->ctx == ctx) {
			*link = node->next;
			return node;
		}
	}
	return NULL;
}

void kunit_remove_action(struct kunit *test, kunit_action_t *action,
			 void *ctx)
{
	free(kunit_take_action(test, action, ctx));
}

void kunit_release_action(struct kunit *test, kunit_action_t *action,
			  void *ctx)
{
	struct kunit_action_node *node = kunit_take_action(test, action, ctx);

	if (!node)
		return;
	/* Unlinked first: the action may abort, or add and remove others. */
	free(node);
	action(ctx);
}

void kunit_cleanup(struct kunit *test)
{
	struct kunit_action_node *node;

	/* Newest first: later resources may depend on earlier ones. */
	while ((node = test->actions)) {
		kunit_action_t *action = node->action;
		void *ctx = node->ctx;

		test->actions = node->next;
		free(node);
		action(ctx);
	}
}

/* Test-managed memory. */

static void kunit_kfree_action(void *ptr)
{
	kfree(ptr);
}

static void *kunit_alloc(struct kunit *test, size_t n, size_t size,
			 gfp_t gfp, bool zero)
{
	void *data;

	data = zero ? kcalloc(n, size, gfp) : kmalloc_array(n, size, gfp);
	if (!data)
		return NULL;
	if (kunit_add_action_or_reset(test, kunit_kfree_action, data))
		return NULL;
	return data;
}

void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size,
			  gfp_t gfp)
{
	return kunit_alloc(test, n, size, gfp, false);
}

void *kunit_kcalloc(struct kunit *test, size_t n, size_t size, gfp_t gfp)
{
	return kunit_alloc(test, n, size, gfp, true);
}

void kunit_kfree(struct kunit *test, const void *ptr)
{
	if (!ptr)
		return;
	kunit_release_action(test, kunit_kfree_action, (void *)ptr);
}

/* Leaving a case early. */

void __kunit_abort(struct kunit *test)
{
	if (!test->try_catch.env) {
		/* Only reachable by calling a check outside any case. */
		fprintf(stderr, "kunit: %s: abort outside a running case\n",
			test->name ? test->name : "?");
		abort();
	}
	siglongjmp(*(sigjmp_buf *)test->try_catch.env, 1);
}

/*
 * Run @fn(@data) so that __kunit_abort() returns here.  Returns false if
 * it was aborted.  Nothing the caller reads after a jump is modified
 * between sigsetjmp() and siglongjmp(), so no volatile is needed.
 */
static bool kunit_try(struct kunit *test, void (*fn)(void *), void *data)
{
	sigjmp_buf env;

	test->try_catch.env = &env;
	if (sigsetjmp(env, 1)) {
		test->try_catch.env = NULL;
		return false;
	}
	fn(data);
	test->try_catch.env = NULL;
	return true;
}

/* Running one case. */

struct kunit_run_ctx {
	struct kunit *test;
	struct kunit_suite *suite;
	struct kunit_case *test_case;
};

static long long kunit_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void kunit_try_run_case(void *data)
{
	struct kunit_run_ctx *ctx = data;
	struct kunit *test = ctx->test;
	long long start, duration;
	enum kunit_speed speed;

	if (ctx->suite->init) {
		int ret = ctx->suite->init(test);

		if (ret) {
			kunit_err(test, "failed to initialize: %d\n", ret);
			kunit_set_failure(test);
			return;
		}
	}

	start = kunit_now_ns();
	ctx->test_case->run_case(test);
	duration = kunit_now_ns() - start;

	speed = ctx->test_case->attr.speed;
	if (duration >= KUNIT_SPEED_SLOW_WARNING_THRESHOLD_NS &&
	    speed != KUNIT_SPEED_SLOW && speed != KUNIT_SPEED_VERY_SLOW)
		kunit_warn(test,
			   "Test should be marked slow (runtime: %lld.%09llds)",
			   duration / 1000000000LL, duration % 1000000000LL);
}

static void kunit_try_run_case_cleanup(void *data)
{
	struct kunit_run_ctx *ctx = data;

	if (ctx->suite->exit)
		ctx->suite->exit(ctx->test);
	kunit_cleanup(ctx->test);
}

static void kunit_try_cleanup(void *data)
{
	kunit_cleanup(data);
}

static void kunit_try_deferred_work(void *data)
{
	host_run_deferred_work();
}

static void kunit_print_leak(void *ctx, const char *line)
{
	struct kunit *test = ctx;

	kunit_err(test, "%s", line);
}

/*
 * The host's verdict on one run: leaks and undeclared WARNs since the
 * mark fail it.  Runs after the exit hook, the deferred actions and the
 * deferred work, which are exactly what should have undone everything.
 */
static void kunit_host_check_case(struct kunit *test, unsigned long mark,
				  unsigned long warns)
{
	unsigned long fired = host_warn_count() - warns;
	unsigned int leaks;

	leaks = host_report_leaks(mark, kunit_print_leak, test);
	if (leaks) {
		kunit_set_failure(test);
		kunit_err(test, "case leaked %u object%s", leaks,
			  leaks == 1 ? "" : "s");
	}
	if (fired > test->host_warns_expected) {
		kunit_set_failure(test);
		kunit_err(test,
			  "%lu unexpected WARN%s (%lu fired, %lu declared with KUNIT_HOST_EXPECT_WARN)",
			  fired - test->host_warns_expected,
			  fired - test->host_warns_expected == 1 ? "" : "s",
			  fired, test->host_warns_expected);
	}
}

static void kunit_run_case_catch_errors(struct kunit_suite *suite,
					struct kunit_case *test_case,
					struct kunit *test, bool param)
{
	struct kunit_run_ctx ctx = {
		.test = test,
		.suite = suite,
		.test_case = test_case,
	};
	unsigned long mark, warns;

	host_set_log_prefix(param ? KUNIT_HOST_PREFIX_PARAM :
				    KUNIT_HOST_PREFIX_CASE);
	mark = host_mark();
	warns = host_warn_count();
	test->host_warns_expected = 0;
	test->actions = NULL;

	/* An abort from the case is not an error in itself, as in 6.12. */
	kunit_try(test, kunit_try_run_case, &ctx);

	if (!kunit_try(test, kunit_try_run_case_cleanup, &ctx)) {
		kunit_set_failure(test);
		/*
		 * The kernel gives up on cleanup here.  The host would then
		 * report everything still pending as leaked, burying the
		 * real failure, so run the remaining actions; one that
		 * aborts was already unlinked, so this terminates.
		 */
		kunit_err(test,
			  "test aborted during cleanup. continuing with the remaining deferred actions\n");
		while (!kunit_try(test, kunit_try_cleanup, test))
			;
	}

	/*
	 * What the case left to the kernel's workqueues (a dma-buf's last
	 * put from a kthread) would run there by now: not a leak.
	 */
	if (!kunit_try(test, kunit_try_deferred_work, NULL))
		kunit_set_failure(test);

	kunit_host_check_case(test, mark, warns);

	/* Propagate the parameter result to the test case. */
	if (test->status == KUNIT_FAILURE)
		test_case->status = KUNIT_FAILURE;
	else if (test_case->status != KUNIT_FAILURE &&
		 test->status == KUNIT_SUCCESS)
		test_case->status = KUNIT_SUCCESS;
}

/* KTAP output. */

static void kunit_print_ok_not_ok(unsigned int level,
				  enum kunit_status status, size_t number,
				  const char *description,
				  const char *directive)
{
	bool skip = status == KUNIT_SKIPPED;

	__kunit_log("%*s%s %zu %s%s%s", (int)(KUNIT_INDENT_LEN * level), "",
		    status == KUNIT_FAILURE ? "not ok" : "ok", number,
		    description, skip ? " # SKIP " : "",
		    skip ? directive : "");
}

static const char *const kunit_speed_names[] = {
	"unset", "very_slow", "slow", "normal",
};

static void kunit_print_suite_attrs(struct kunit_suite *suite)
{
	const char *module;

	if (suite->attr.speed)
		__kunit_log(KUNIT_SUBTEST_INDENT "# speed: %s",
			    kunit_speed_names[suite->attr.speed]);
	/* A suite's module is its first case's; "" if it has none. */
	module = suite->test_cases[0].run_case ?
		 suite->test_cases[0].module_name : "";
	if (module)
		__kunit_log(KUNIT_SUBTEST_INDENT "# module: %s", module);
}

static void kunit_print_case_attrs(struct kunit_case *test_case)
{
	if (test_case->attr.speed)
		__kunit_log(KUNIT_SUBTEST_INDENT "# %s.speed: %s",
			    test_case->name,
			    kunit_speed_names[test_case->attr.speed]);
}

/* 6.12 prints stats only when they sum up more than one result. */
static void kunit_print_stats(const char *indent, const char *name,
			      struct kunit_result_stats stats)
{
	if (stats.total <= 1)
		return;
	__kunit_log("%s# %s: pass:%lu fail:%lu skip:%lu total:%lu", indent,
		    name, stats.passed, stats.failed, stats.skipped,
		    stats.total);
}

static void kunit_update_stats(struct kunit_result_stats *stats,
			       enum kunit_status status)
{
	switch (status) {
	case KUNIT_SUCCESS:
		stats->passed++;
		break;
	case KUNIT_SKIPPED:
		stats->skipped++;
		break;
	case KUNIT_FAILURE:
		stats->failed++;
		break;
	}
	stats->total++;
}

static void kunit_accumulate_stats(struct kunit_result_stats *total,
				   struct kunit_result_stats add)
{
	total->passed += add.passed;
	total->skipped += add.skipped;
	total->failed += add.failed;
	total->total += add.total;
}

/* Suite-level host checks. */

/*
 * Objects live after suite_exit that were created since suite_init began
 * include whatever a case leaked; those were reported against the case.
 * The ones to report here are the ones not also newer than the end of
 * suite_init, told apart by their descriptions.
 */
struct kunit_leak_lines {
	char **lines;
	bool *seen;
	size_t nr;
	size_t cap;
	const char *suite_name;
};

static void kunit_collect_leak(void *ctx, const char *line)
{
	struct kunit_leak_lines *ll = ctx;

	if (ll->nr == ll->cap) {
		size_t cap = ll->cap ? 2 * ll->cap : 16;
		char **lines = realloc(ll->lines, cap * sizeof(*lines));

		if (!lines)
			return;
		ll->lines = lines;
		ll->cap = cap;
	}
	ll->lines[ll->nr] = strdup(line);
	if (ll->lines[ll->nr])
		ll->nr++;
}

static void kunit_print_suite_leak(void *ctx, const char *line)
{
	struct kunit_leak_lines *ll = ctx;
	size_t i;

	for (i = 0; i < ll->nr; i++) {
		if (!ll->seen[i] && !strcmp(ll->lines[i], line)) {
			ll->seen[i] = true;
			return;
		}
	}
	__kunit_log(KUNIT_SUBTEST_INDENT "# %s: %s", ll->suite_name, line);
}

/*
 * Report what suite_init created and nothing freed, i.e. what is live and
 * newer than @mark but not newer than @cases_mark.  Returns the count.
 */
static unsigned int kunit_suite_leaks(struct kunit_suite *suite,
				      unsigned long mark,
				      unsigned long cases_mark)
{
	struct kunit_leak_lines ll = { .suite_name = suite->name };
	unsigned int all, from_cases;
	size_t i;

	from_cases = host_report_leaks(cases_mark, kunit_collect_leak, &ll);
	ll.seen = calloc(ll.nr ? ll.nr : 1, sizeof(*ll.seen));
	if (!ll.seen)
		ll.nr = 0;
	all = host_report_leaks(mark, kunit_print_suite_leak, &ll);
	for (i = 0; i < ll.nr; i++)
		free(ll.lines[i]);
	free(ll.lines);
	free(ll.seen);
	return all > from_cases ? all - from_cases : 0;
}

/*
 * Judge what the suite hooks left: leaks from suite_init, and WARNs in
 * suite_init or suite_exit, where nothing can declare them expected.
 */
static bool kunit_host_check_suite(struct kunit_suite *suite,
				   unsigned long mark,
				   unsigned long cases_mark,
				   unsigned long hook_warns)
{
	unsigned int leaks = kunit_suite_leaks(suite, mark, cases_mark);
	bool ok = true;

	if (leaks) {
		kunit_err(suite, "suite_init left %u object%s not freed by suite_exit",
			  leaks, leaks == 1 ? "" : "s");
		ok = false;
	}
	if (hook_warns) {
		kunit_err(suite, "%lu unexpected WARN%s in suite_init/suite_exit",
			  hook_warns, hook_warns == 1 ? "" : "s");
		ok = false;
	}
	return ok;
}

/* Running a suite. */

static void kunit_count_leaf(struct kunit_totals *totals,
			     enum kunit_status status)
{
	switch (status) {
	case KUNIT_SUCCESS:
		totals->passed++;
		break;
	case KUNIT_FAILURE:
		totals->failed++;
		break;
	case KUNIT_SKIPPED:
		totals->skipped++;
		break;
	}
}

static void kunit_run_param_case(struct kunit_suite *suite,
				 struct kunit_case *test_case,
				 struct kunit *test,
				 struct kunit_result_stats *param_stats,
				 struct kunit_totals *totals)
{
	char param_desc[KUNIT_PARAM_DESC_SIZE];

	param_desc[0] = '\0';
	test->param_value = test_case->generate_params(test, NULL,
						       param_desc);
	test_case->status = KUNIT_SKIPPED;
	__kunit_log(KUNIT_SUBSUBTEST_INDENT "KTAP version 1\n");
	__kunit_log(KUNIT_SUBSUBTEST_INDENT "# Subtest: %s", test_case->name);

	while (test->param_value) {
		kunit_run_case_catch_errors(suite, test_case, test, true);

		if (param_desc[0] == '\0')
			snprintf(param_desc, sizeof(param_desc), "param-%d",
				 test->param_index);
		kunit_print_ok_not_ok(2, test->status, test->param_index + 1,
				      param_desc, test->status_comment);
		kunit_update_stats(param_stats, test->status);
		kunit_count_leaf(totals, test->status);

		param_desc[0] = '\0';
		test->param_value =
			test_case->generate_params(test, test->param_value,
						   param_desc);
		test->param_index++;
		test->status = KUNIT_SUCCESS;
		test->status_comment[0] = '\0';
		test->priv = NULL;
	}
}

/* Returns false if the suite failed other than through its cases. */
static bool kunit_run_suite(struct kunit_suite *suite, size_t number,
			    struct kunit_totals *totals)
{
	struct kunit_result_stats suite_stats = { 0 };
	struct kunit_result_stats total_stats = { 0 };
	unsigned long mark, cases_mark, warns, hook_warns;
	struct kunit_case *test_case;
	enum kunit_status status;
	bool suite_ok = true;
	size_t case_number = 0;

	suite->status_comment[0] = '\0';
	suite->suite_init_err = 0;

	host_set_log_prefix(KUNIT_HOST_PREFIX_CASE);
	mark = host_mark();
	warns = host_warn_count();
	if (suite->suite_init) {
		suite->suite_init_err = suite->suite_init(suite);
		if (suite->suite_init_err) {
			/* Worded, doubled prefix and all, as 6.12 has it. */
			kunit_err(suite, KUNIT_SUBTEST_INDENT
				  "# failed to initialize (%d)",
				  suite->suite_init_err);
			kunit_host_check_suite(suite, mark, host_mark(),
					       host_warn_count() - warns);
			suite_ok = false;
			goto suite_end;
		}
	}
	cases_mark = host_mark();
	hook_warns = host_warn_count() - warns;

	__kunit_log(KUNIT_SUBTEST_INDENT "KTAP version 1\n");
	__kunit_log(KUNIT_SUBTEST_INDENT "# Subtest: %s\n", suite->name);
	kunit_print_suite_attrs(suite);
	__kunit_log(KUNIT_SUBTEST_INDENT "1..%zu\n",
		    kunit_suite_num_test_cases(suite));

	kunit_suite_for_each_test_case(suite, test_case) {
		struct kunit test = { .param_value = NULL, .param_index = 0 };
		struct kunit_result_stats param_stats = { 0 };

		test.name = test_case->name;
		test.status = KUNIT_SUCCESS;
		case_number++;

		if (test_case->status == KUNIT_SKIPPED) {
			/* Marked skipped before running (attribute filter). */
			test.status = KUNIT_SKIPPED;
			kunit_update_stats(&param_stats, test.status);
			kunit_count_leaf(totals, test.status);
		} else if (!test_case->generate_params) {
			test_case->status = KUNIT_SKIPPED;
			kunit_run_case_catch_errors(suite, test_case, &test,
						    false);
			kunit_update_stats(&param_stats, test.status);
			kunit_count_leaf(totals, test.status);
		} else {
			kunit_run_param_case(suite, test_case, &test,
					     &param_stats, totals);
		}
		host_set_log_prefix(KUNIT_HOST_PREFIX_CASE);

		kunit_print_case_attrs(test_case);
		kunit_print_stats(KUNIT_SUBTEST_INDENT, test.name,
				  param_stats);
		kunit_print_ok_not_ok(1, test_case->status, case_number,
				      test_case->name, test.status_comment);

		kunit_update_stats(&suite_stats, test_case->status);
		kunit_accumulate_stats(&total_stats, param_stats);
	}

	warns = host_warn_count();
	if (suite->suite_exit)
		suite->suite_exit(suite);
	host_run_deferred_work();
	hook_warns += host_warn_count() - warns;
	suite_ok = kunit_host_check_suite(suite, mark, cases_mark,
					  hook_warns);

	kunit_print_stats("", suite->name, suite_stats);
	kunit_print_stats("", "Totals", total_stats);

suite_end:
	if (!suite_ok) {
		status = KUNIT_FAILURE;
	} else {
		/* Failed if any case failed, else passed if any passed. */
		status = KUNIT_SKIPPED;
		kunit_suite_for_each_test_case(suite, test_case) {
			if (test_case->status == KUNIT_FAILURE) {
				status = KUNIT_FAILURE;
				break;
			}
			if (test_case->status == KUNIT_SUCCESS)
				status = KUNIT_SUCCESS;
		}
	}
	kunit_print_ok_not_ok(0, status, number, suite->name,
			      suite->status_comment);
	host_set_log_prefix(KUNIT_HOST_PREFIX_TOP);
	return suite_ok;
}

/* Suite registry and filtering. */

extern struct kunit_suite *__start_kunit_suites[] __attribute__((weak));
extern struct kunit_suite *__stop_kunit_suites[] __attribute__((weak));

/* A suite selected to run, with the cases the filter kept. */
struct kunit_selected {
	struct kunit_suite *suite;
	/* NULL if every case is kept; else a terminated copy. */
	struct kunit_case *cases;
};

static bool kunit_glob_match(const char *glob, const char *name)
{
	return !glob || fnmatch(glob, name, 0) == 0;
}

/*
 * Select suites and cases as the kernel's kunit.filter_glob does:
 * "suite_glob" or "suite_glob.case_glob".  Returns the number selected,
 * or -1 if out of memory.
 */
static long kunit_select(const char *filter, struct kunit_selected **out)
{
	size_t nr_suites = __stop_kunit_suites - __start_kunit_suites;
	char *suite_glob = NULL, *case_glob = NULL;
	struct kunit_selected *sel;
	long nr = 0;
	size_t i;

	sel = calloc(nr_suites ? nr_suites : 1, sizeof(*sel));
	if (!sel)
		return -1;
	if (filter) {
		const char *dot = strchr(filter, '.');

		suite_glob = dot ? strndup(filter, dot - filter) :
				   strdup(filter);
		if (!suite_glob)
			goto oom;
		if (dot) {
			case_glob = strdup(dot + 1);
			if (!case_glob)
				goto oom;
		}
	}

	for (i = 0; i < nr_suites; i++) {
		struct kunit_suite *suite = __start_kunit_suites[i];
		struct kunit_case *tc, *copy;
		size_t kept = 0;

		if (!suite || !kunit_glob_match(suite_glob, suite->name))
			continue;
		if (!case_glob) {
			sel[nr++].suite = suite;
			continue;
		}
		copy = calloc(kunit_suite_num_test_cases(suite) + 1,
			      sizeof(*copy));
		if (!copy)
			goto oom;
		kunit_suite_for_each_test_case(suite, tc)
			if (kunit_glob_match(case_glob, tc->name))
				copy[kept++] = *tc;
		if (!kept) {
			free(copy);
			continue;
		}
		sel[nr].suite = suite;
		sel[nr++].cases = copy;
	}
	free(suite_glob);
	free(case_glob);
	*out = sel;
	return nr;

oom:
	while (nr--)
		free(sel[nr].cases);
	free(sel);
	free(suite_glob);
	free(case_glob);
	return -1;
}

static void kunit_usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [--list] [SUITE_GLOB[.CASE_GLOB]]\n"
		"  Runs the KUnit suites linked in, printing KTAP.\n"
		"  --list  print the selected suite.case names and exit\n",
		argv0);
}

int main(int argc, char **argv)
{
	struct kunit_totals totals = { 0 };
	struct kunit_selected *sel;
	const char *filter = NULL;
	bool list = false;
	long nr, i;
	int arg;

	for (arg = 1; arg < argc; arg++) {
		if (!strcmp(argv[arg], "--list")) {
			list = true;
		} else if (!strcmp(argv[arg], "-h") ||
			   !strcmp(argv[arg], "--help")) {
			kunit_usage(argv[0]);
			return 0;
		} else if (argv[arg][0] == '-' || filter) {
			kunit_usage(argv[0]);
			return 2;
		} else {
			filter = argv[arg];
		}
	}

	/* Line by line even into a pipe, so it interleaves with stderr. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	nr = kunit_select(filter, &sel);
	if (nr < 0) {
		fprintf(stderr, "kunit: out of memory\n");
		return 2;
	}

	if (list) {
		for (i = 0; i < nr; i++) {
			struct kunit_case *cases = sel[i].cases ?:
						   sel[i].suite->test_cases;
			struct kunit_case *tc;

			for (tc = cases; tc->run_case; tc++)
				printf("%s.%s\n", sel[i].suite->name,
				       tc->name);
		}
	} else {
		host_set_log_prefix(KUNIT_HOST_PREFIX_TOP);
		__kunit_log("KTAP version 1\n");
		__kunit_log("1..%ld\n", nr);
		for (i = 0; i < nr; i++) {
			struct kunit_suite *suite = sel[i].suite;
			struct kunit_case *all = suite->test_cases;

			/* Run the filtered copy in place of the cases. */
			if (sel[i].cases)
				suite->test_cases = sel[i].cases;
			if (!kunit_run_suite(suite, i + 1, &totals))
				totals.suite_errors++;
			suite->test_cases = all;
		}
		if (totals.skipped)
			printf("%lu passed, %lu failed, %lu skipped\n",
			       totals.passed, totals.failed, totals.skipped);
		else
			printf("%lu passed, %lu failed\n", totals.passed,
			       totals.failed);
	}

	for (i = 0; i < nr; i++)
		free(sel[i].cases);
	free(sel);
	fflush(stdout);
	return totals.failed || totals.suite_errors ? 1 : 0;
}
