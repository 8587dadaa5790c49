// SPDX-License-Identifier: GPL-2.0
/*
 * Self-test of the userspace KUnit layer.
 *
 * Built plain, it is a suite that must pass: every check family passing,
 * parameters and their descriptions, skips, test-managed memory, deferred
 * actions and their order, devices, and declared WARNs.
 *
 * Built with -DKUNIT_SELFTEST_FAILING it is instead a set of suites that
 * must fail in precise ways; kunit-selftest.sh runs that binary and checks
 * that every failure is reported where and how it should be.  A runner
 * that passes everything would pass the first binary too, which is why
 * the second exists.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bug.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/slab.h>

#ifndef KUNIT_SELFTEST_FAILING

enum selftest_colour { SELFTEST_RED, SELFTEST_GREEN, SELFTEST_BLUE };

/* Must be allocated by suite_init and freed by suite_exit. */
static void *selftest_suite_buf;

static int selftest_suite_init(struct kunit_suite *suite)
{
	(void)suite;
	selftest_suite_buf = kmalloc(64, GFP_KERNEL);
	return selftest_suite_buf ? 0 : -ENOMEM;
}

static void selftest_suite_exit(struct kunit_suite *suite)
{
	(void)suite;
	kfree(selftest_suite_buf);
	selftest_suite_buf = NULL;
}

/* Order in which the actions_run case's cleanups happened. */
static char selftest_order[16];

static void selftest_log_order(char c)
{
	size_t len = strlen(selftest_order);

	if (len + 1 < sizeof(selftest_order))
		selftest_order[len] = c;
}

static int selftest_init(struct kunit *test)
{
	int *magic = kunit_kzalloc(test, sizeof(*magic), GFP_KERNEL);

	if (!magic)
		return -ENOMEM;
	*magic = 42;
	test->priv = magic;
	return 0;
}

static void selftest_exit(struct kunit *test)
{
	if (!strcmp(test->name, "actions_run"))
		selftest_log_order('e');
}

static void expect_all_pass(struct kunit *test)
{
	static const u8 a[] = { 1, 2, 3 }, b[] = { 1, 2, 3 }, c[] = { 1, 2, 4 };
	int x = 1;

	KUNIT_SUCCEED(test);
	KUNIT_EXPECT_TRUE(test, x == 1);
	KUNIT_EXPECT_FALSE(test, x == 2);
	KUNIT_EXPECT_EQ(test, x, 1);
	KUNIT_EXPECT_NE(test, x, 2);
	KUNIT_EXPECT_LT(test, x, 2);
	KUNIT_EXPECT_LE(test, x, 1);
	KUNIT_EXPECT_GT(test, x, 0);
	KUNIT_EXPECT_GE(test, x, 1);
	KUNIT_EXPECT_NULL(test, NULL);
	KUNIT_EXPECT_NOT_NULL(test, &x);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, &x);
	KUNIT_EXPECT_PTR_EQ(test, &x, &x);
	KUNIT_EXPECT_PTR_NE(test, &x, NULL);
	KUNIT_EXPECT_STREQ(test, "abc", "abc");
	KUNIT_EXPECT_STRNEQ(test, "abc", "abd");
	KUNIT_EXPECT_MEMEQ(test, a, b, sizeof(a));
	KUNIT_EXPECT_MEMNEQ(test, a, c, sizeof(a));

	KUNIT_EXPECT_TRUE_MSG(test, x == 1, "x=%d", x);
	KUNIT_EXPECT_FALSE_MSG(test, x == 2, "x=%d", x);
	KUNIT_EXPECT_EQ_MSG(test, x, 1, "x=%d", x);
	KUNIT_EXPECT_NE_MSG(test, x, 2, "x=%d", x);
	KUNIT_EXPECT_LT_MSG(test, x, 2, "x=%d", x);
	KUNIT_EXPECT_LE_MSG(test, x, 1, "x=%d", x);
	KUNIT_EXPECT_GT_MSG(test, x, 0, "x=%d", x);
	KUNIT_EXPECT_GE_MSG(test, x, 1, "x=%d", x);
	KUNIT_EXPECT_NULL_MSG(test, NULL, "x=%d", x);
	KUNIT_EXPECT_NOT_NULL_MSG(test, &x, "x=%d", x);
	KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, &x, "x=%d", x);
	KUNIT_EXPECT_PTR_EQ_MSG(test, &x, &x, "x=%d", x);
	KUNIT_EXPECT_PTR_NE_MSG(test, &x, NULL, "x=%d", x);
	KUNIT_EXPECT_STREQ_MSG(test, "abc", "abc", "x=%d", x);
	KUNIT_EXPECT_STRNEQ_MSG(test, "abc", "abd", "x=%d", x);
	KUNIT_EXPECT_MEMEQ_MSG(test, a, b, sizeof(a), "x=%d", x);
	KUNIT_EXPECT_MEMNEQ_MSG(test, a, c, sizeof(a), "x=%d", x);
}

static void assert_all_pass(struct kunit *test)
{
	static const u8 a[] = { 1, 2, 3 }, b[] = { 1, 2, 3 }, c[] = { 1, 2, 4 };
	int x = 1;

	KUNIT_ASSERT_TRUE(test, x == 1);
	KUNIT_ASSERT_FALSE(test, x == 2);
	KUNIT_ASSERT_EQ(test, x, 1);
	KUNIT_ASSERT_NE(test, x, 2);
	KUNIT_ASSERT_LT(test, x, 2);
	KUNIT_ASSERT_LE(test, x, 1);
	KUNIT_ASSERT_GT(test, x, 0);
	KUNIT_ASSERT_GE(test, x, 1);
	KUNIT_ASSERT_NULL(test, NULL);
	KUNIT_ASSERT_NOT_NULL(test, &x);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, &x);
	KUNIT_ASSERT_PTR_EQ(test, &x, &x);
	KUNIT_ASSERT_PTR_NE(test, &x, NULL);
	KUNIT_ASSERT_STREQ(test, "abc", "abc");
	KUNIT_ASSERT_STRNEQ(test, "abc", "abd");
	KUNIT_ASSERT_MEMEQ(test, a, b, sizeof(a));
	KUNIT_ASSERT_MEMNEQ(test, a, c, sizeof(a));

	KUNIT_ASSERT_TRUE_MSG(test, x == 1, "x=%d", x);
	KUNIT_ASSERT_FALSE_MSG(test, x == 2, "x=%d", x);
	KUNIT_ASSERT_EQ_MSG(test, x, 1, "x=%d", x);
	KUNIT_ASSERT_NE_MSG(test, x, 2, "x=%d", x);
	KUNIT_ASSERT_LT_MSG(test, x, 2, "x=%d", x);
	KUNIT_ASSERT_LE_MSG(test, x, 1, "x=%d", x);
	KUNIT_ASSERT_GT_MSG(test, x, 0, "x=%d", x);
	KUNIT_ASSERT_GE_MSG(test, x, 1, "x=%d", x);
	KUNIT_ASSERT_NULL_MSG(test, NULL, "x=%d", x);
	KUNIT_ASSERT_NOT_NULL_MSG(test, &x, "x=%d", x);
	KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, &x, "x=%d", x);
	KUNIT_ASSERT_PTR_EQ_MSG(test, &x, &x, "x=%d", x);
	KUNIT_ASSERT_PTR_NE_MSG(test, &x, NULL, "x=%d", x);
	KUNIT_ASSERT_STREQ_MSG(test, "abc", "abc", "x=%d", x);
	KUNIT_ASSERT_STRNEQ_MSG(test, "abc", "abd", "x=%d", x);
	KUNIT_ASSERT_MEMEQ_MSG(test, a, b, sizeof(a), "x=%d", x);
	KUNIT_ASSERT_MEMNEQ_MSG(test, a, c, sizeof(a), "x=%d", x);
}

/* Every operand is evaluated exactly once, pass or fail. */
static void single_evaluation(struct kunit *test)
{
	static const char *const strs[] = { "a", "b" };
	static const int arr[] = { 5, 6 };
	const char *const *s = strs;
	const int *p = arr;
	int n = 0, m = 0;

	KUNIT_EXPECT_EQ(test, ++n, 1);
	KUNIT_EXPECT_LE(test, n++, ++m);
	KUNIT_EXPECT_TRUE(test, ++n == 3);
	KUNIT_EXPECT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, m, 1);
	KUNIT_EXPECT_PTR_EQ(test, p++, &arr[0]);
	KUNIT_EXPECT_PTR_EQ(test, p, &arr[1]);
	KUNIT_EXPECT_STREQ(test, *s++, "a");
	KUNIT_EXPECT_PTR_EQ(test, s, &strs[1]);
	KUNIT_EXPECT_MEMEQ(test, p--, &arr[1], sizeof(int));
	KUNIT_EXPECT_PTR_EQ(test, p, &arr[0]);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, p++);
	KUNIT_EXPECT_PTR_EQ(test, p, &arr[1]);
}

/* Comparisons are made in the operands' own types, any integer type. */
static void integer_types(struct kunit *test)
{
	enum selftest_colour colour = SELFTEST_BLUE;
	unsigned int u = 3;
	size_t size = 4096;
	u64 big = U64_MAX;
	s8 neg = -5;
	bool yes = true;
	char ch = 'x';

	KUNIT_EXPECT_EQ(test, colour, SELFTEST_BLUE);
	KUNIT_EXPECT_NE(test, colour, SELFTEST_RED);
	KUNIT_EXPECT_GT(test, colour, SELFTEST_GREEN);
	KUNIT_EXPECT_EQ(test, u, 3);
	KUNIT_EXPECT_GE(test, u, 0);
	KUNIT_EXPECT_EQ(test, size, 4096);
	KUNIT_EXPECT_EQ(test, big, U64_MAX);
	KUNIT_EXPECT_GT(test, big, 0);
	KUNIT_EXPECT_LT(test, neg, 0);
	KUNIT_EXPECT_EQ(test, neg, -5);
	KUNIT_EXPECT_EQ(test, yes, true);
	KUNIT_EXPECT_EQ(test, ch, 'x');
}

static void priv_from_init(struct kunit *test)
{
	int *magic = test->priv;

	KUNIT_ASSERT_NOT_NULL(test, magic);
	KUNIT_EXPECT_EQ(test, *magic, 42);
	KUNIT_EXPECT_NOT_NULL(test, selftest_suite_buf);
}

struct selftest_param {
	const char *name;
	int value;
	int square;
};

static const struct selftest_param selftest_params[] = {
	{ "two", 2, 4 },
	{ "three", 3, 9 },
	{ "minus four", -4, 16 },
};

static void selftest_param_desc(const struct selftest_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "square of %d", p->value);
}

KUNIT_ARRAY_PARAM(selftest_square, selftest_params, selftest_param_desc);
KUNIT_ARRAY_PARAM_DESC(selftest_named, selftest_params, name);

static void param_square(struct kunit *test)
{
	const struct selftest_param *p = test->param_value;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, p->value * p->value, p->square);
	/* Every parameter run gets its own init, hence its own priv. */
	KUNIT_EXPECT_EQ(test, *(int *)test->priv, 42);
}

/* A generator that leaves the description empty: "param-N" is used. */
static const void *selftest_plain_gen(struct kunit *test, const void *prev,
				      char *desc)
{
	static const int values[] = { 1, 2, 3 };
	const int *next = prev ? (const int *)prev + 1 : values;

	(void)desc;
	return next < values + ARRAY_SIZE(values) ? next : NULL;
}

static void param_default_desc(struct kunit *test)
{
	const int *value = test->param_value;

	if (*value == 2)
		kunit_skip(test, "parameter %d skipped", *value);
	KUNIT_EXPECT_GT(test, *value, 0);
}

static void skip_case(struct kunit *test)
{
	kunit_skip(test, "skipping on purpose");
	KUNIT_FAIL(test, "kunit_skip() returned");
}

static void mark_skipped_case(struct kunit *test)
{
	int carried_on = 0;

	kunit_mark_skipped(test, "marked %s", "skipped");
	carried_on = 1;
	KUNIT_EXPECT_EQ(test, carried_on, 1);
}

static void selftest_action(void *ctx)
{
	selftest_log_order(*(const char *)ctx);
}

static void actions_run(struct kunit *test)
{
	static const char one = '1', two = '2', three = '3';
	static const char removed = 'x', released = 'r';

	KUNIT_ASSERT_EQ(test, kunit_add_action(test, selftest_action,
					       (void *)&one), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action(test, selftest_action,
					       (void *)&removed), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, selftest_action,
							(void *)&two), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action(test, selftest_action,
					       (void *)&released), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action(test, selftest_action,
					       (void *)&three), 0);
	kunit_remove_action(test, selftest_action, (void *)&removed);
	kunit_release_action(test, selftest_action, (void *)&released);
	KUNIT_EXPECT_STREQ(test, selftest_order, "r");
}

/* Runs after actions_run: released now, then exit hook, then LIFO. */
static void actions_order(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, selftest_order, "re321");
}

/* Test-managed memory and actions share one order, newest first. */
static char selftest_seen[4];

static void selftest_read_action(void *ctx)
{
	memcpy(selftest_seen, ctx, sizeof(selftest_seen));
}

static void actions_use_managed_memory(struct kunit *test)
{
	char *early = kunit_kzalloc(test, sizeof(selftest_seen), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, early);
	memcpy(early, "mem", sizeof(selftest_seen));
	/* Runs before early is freed: the host's ASan would catch it. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							selftest_read_action,
							early), 0);
}

static void actions_used_managed_memory(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, selftest_seen, "mem");
}

/*
 * The same action and context added twice: remove and release take the
 * newest, and an action may release another one while the case cleans up.
 */
static unsigned int selftest_count;

static void selftest_count_action(void *ctx)
{
	selftest_count++;
}

static void selftest_release_action(void *ctx)
{
	kunit_release_action(ctx, selftest_count_action, &selftest_count);
}

static void actions_same_twice(struct kunit *test)
{
	selftest_count = 0;
	KUNIT_ASSERT_EQ(test, kunit_add_action(test, selftest_count_action,
					       &selftest_count), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action(test, selftest_count_action,
					       &selftest_count), 0);
	kunit_release_action(test, selftest_count_action, &selftest_count);
	KUNIT_EXPECT_EQ(test, selftest_count, 1);
	kunit_remove_action(test, selftest_count_action, &selftest_count);
	kunit_release_action(test, selftest_count_action, &selftest_count);
	KUNIT_EXPECT_EQ(test, selftest_count, 1);

	KUNIT_ASSERT_EQ(test, kunit_add_action(test, selftest_count_action,
					       &selftest_count), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action(test, selftest_release_action,
					       test), 0);
}

/* Runs after actions_same_twice: the action released at cleanup ran once. */
static void actions_same_twice_done(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, selftest_count, 2);
}

static void managed_memory(struct kunit *test)
{
	static const u8 zero[64];
	u8 *a = kunit_kmalloc(test, 64, GFP_KERNEL);
	u8 *z = kunit_kzalloc(test, 64, GFP_KERNEL);
	u32 *c = kunit_kcalloc(test, 16, sizeof(u32), GFP_KERNEL);
	u32 *arr = kunit_kmalloc_array(test, 16, sizeof(u32), GFP_KERNEL);
	char *s = kunit_kstrdup(test, "dup", GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, z);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_NOT_NULL(test, arr);
	KUNIT_ASSERT_NOT_NULL(test, s);
	memset(a, 0xa5, 64);
	memset(arr, 0x5a, 16 * sizeof(u32));
	KUNIT_EXPECT_MEMEQ(test, z, zero, sizeof(zero));
	KUNIT_EXPECT_MEMEQ(test, c, zero, sizeof(zero));
	KUNIT_EXPECT_STREQ(test, s, "dup");
	/* Freed early and at the end: neither is a leak nor a double free. */
	kunit_kfree(test, a);
	kunit_kfree(test, NULL);
}

static void device_register(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "kunit-selftest-a");
	struct device *early = kunit_device_register(test, "kunit-selftest-b");

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, early);
	KUNIT_EXPECT_STREQ(test, dev_name(dev), "kunit-selftest-a");
	KUNIT_EXPECT_STREQ(test, dev_name(early), "kunit-selftest-b");
	kunit_device_unregister(test, early);
}

static void expected_warns(struct kunit *test)
{
	bool warned = false;

	KUNIT_HOST_EXPECT_WARN(test, warned = WARN_ON(1));
	KUNIT_EXPECT_TRUE(test, warned);
	KUNIT_HOST_EXPECT_WARNS(test, 2, WARN_ON(1); WARN(1, "second %d", 2));
	KUNIT_HOST_EXPECT_WARNS(test, 0, warned = WARN_ON(0));
	KUNIT_EXPECT_FALSE(test, warned);
}

static void log_messages(struct kunit *test)
{
	kunit_info(test, "info %d", 1);
	kunit_warn(test, "warn %s", "two");
	kunit_err(test, "err with newline\n");
	kunit_log(KERN_INFO, test, KUNIT_SUBTEST_INDENT "# raw log line");
	KUNIT_SUCCEED(test);
}

static void slow_case(struct kunit *test)
{
	KUNIT_SUCCEED(test);
}

static struct kunit_case selftest_cases[] = {
	KUNIT_CASE(expect_all_pass),
	KUNIT_CASE(assert_all_pass),
	KUNIT_CASE(single_evaluation),
	KUNIT_CASE(integer_types),
	KUNIT_CASE(priv_from_init),
	KUNIT_CASE_PARAM(param_square, selftest_square_gen_params),
	KUNIT_CASE_PARAM(param_square, selftest_named_gen_params),
	KUNIT_CASE_PARAM(param_default_desc, selftest_plain_gen),
	KUNIT_CASE(skip_case),
	KUNIT_CASE(mark_skipped_case),
	KUNIT_CASE(actions_run),
	KUNIT_CASE(actions_order),
	KUNIT_CASE(actions_use_managed_memory),
	KUNIT_CASE(actions_used_managed_memory),
	KUNIT_CASE(actions_same_twice),
	KUNIT_CASE(actions_same_twice_done),
	KUNIT_CASE(managed_memory),
	KUNIT_CASE(device_register),
	KUNIT_CASE(expected_warns),
	KUNIT_CASE(log_messages),
	KUNIT_CASE_SLOW(slow_case),
	{}
};

static struct kunit_suite selftest_suite = {
	.name = "kunit_selftest",
	.suite_init = selftest_suite_init,
	.suite_exit = selftest_suite_exit,
	.init = selftest_init,
	.exit = selftest_exit,
	.test_cases = selftest_cases,
};

/* One case: the kernel prints no stats lines for it. */
static void single_case(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 1 + 1, 2);
}

static struct kunit_case selftest_single_cases[] = {
	KUNIT_CASE(single_case),
	{}
};

static struct kunit_suite selftest_single_suite = {
	.name = "kunit_selftest_single",
	.test_cases = selftest_single_cases,
};

/* Only skipped cases: the suite itself is reported as skipped. */
static struct kunit_case selftest_skipped_cases[] = {
	KUNIT_CASE(skip_case),
	{}
};

static struct kunit_suite selftest_skipped_suite = {
	.name = "kunit_selftest_all_skipped",
	.test_cases = selftest_skipped_cases,
};

kunit_test_suite(selftest_suite);
kunit_test_suites(&selftest_single_suite, &selftest_skipped_suite);

#else /* KUNIT_SELFTEST_FAILING */

/* Each kind of check, made to fail; see fail_kind(). */
struct fail_kind {
	const char *name;
};

static const struct fail_kind fail_kinds[] = {
	{ "eq" }, { "ne" }, { "lt" }, { "le" }, { "gt" }, { "ge" },
	{ "true" }, { "false" }, { "null" }, { "not_null" },
	{ "not_err_or_null" }, { "err_ptr" }, { "ptr_eq" }, { "ptr_ne" },
	{ "streq" }, { "strneq" }, { "memeq" }, { "memneq" }, { "fail" },
};

KUNIT_ARRAY_PARAM_DESC(fail_kind, fail_kinds, name);

static void fail_kind(struct kunit *test, bool assert)
{
	static const u8 a[] = { 1, 2, 3, 4 }, b[] = { 1, 9, 3, 4 };
	const struct fail_kind *kind = test->param_value;
	const char *k = kind->name;
	int one = 1, two = 2;
	void *err = ERR_PTR(-EINVAL);

#define FAIL_CHECK(CHECK, ...) do {					\
	if (assert)							\
		KUNIT_ASSERT_##CHECK(test, __VA_ARGS__);		\
	else								\
		KUNIT_EXPECT_##CHECK(test, __VA_ARGS__);		\
} while (0)

	if (!strcmp(k, "eq"))
		FAIL_CHECK(EQ, one, two);
	else if (!strcmp(k, "ne"))
		FAIL_CHECK(NE, one, 1);
	else if (!strcmp(k, "lt"))
		FAIL_CHECK(LT, two, one);
	else if (!strcmp(k, "le"))
		FAIL_CHECK(LE, two, one);
	else if (!strcmp(k, "gt"))
		FAIL_CHECK(GT, one, two);
	else if (!strcmp(k, "ge"))
		FAIL_CHECK(GE, one, two);
	else if (!strcmp(k, "true"))
		FAIL_CHECK(TRUE, one == two);
	else if (!strcmp(k, "false"))
		FAIL_CHECK(FALSE, one == 1);
	else if (!strcmp(k, "null"))
		FAIL_CHECK(NULL, &one);
	else if (!strcmp(k, "not_null"))
		FAIL_CHECK(NOT_NULL, NULL);
	else if (!strcmp(k, "not_err_or_null"))
		FAIL_CHECK(NOT_ERR_OR_NULL, NULL);
	else if (!strcmp(k, "err_ptr"))
		FAIL_CHECK(NOT_ERR_OR_NULL, err);
	else if (!strcmp(k, "ptr_eq"))
		FAIL_CHECK(PTR_EQ, &one, &two);
	else if (!strcmp(k, "ptr_ne"))
		FAIL_CHECK(PTR_NE, &one, &one);
	else if (!strcmp(k, "streq"))
		FAIL_CHECK(STREQ, kind->name, "STREQ");
	else if (!strcmp(k, "strneq"))
		FAIL_CHECK(STRNEQ, kind->name, "strneq");
	else if (!strcmp(k, "memeq"))
		FAIL_CHECK(MEMEQ, a, b, sizeof(a));
	else if (!strcmp(k, "memneq"))
		FAIL_CHECK(MEMNEQ, a, a, sizeof(a));
	else if (assert)
		KUNIT_FAIL_AND_ABORT(test, "failing on purpose: %s", k);
	else
		KUNIT_FAIL(test, "failing on purpose: %s", k);
#undef FAIL_CHECK

	if (assert)
		kunit_info(test, "not reached after %s", k);
}

static void expect_kinds(struct kunit *test)
{
	fail_kind(test, false);
}

static void assert_kinds(struct kunit *test)
{
	fail_kind(test, true);
}

static void fail_exit(struct kunit *test)
{
	kunit_info(test, "exit hook ran");
}

static void fail_action(void *ctx)
{
	kunit_info((struct kunit *)ctx, "deferred action ran");
}

static void assert_stops(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, kunit_add_action(test, fail_action, test), 0);
	KUNIT_ASSERT_EQ_MSG(test, 1 + 1, 3, "arithmetic is %s", "hard");
	kunit_info(test, "not reached after the assertion");
}

static void null_action(struct kunit *test)
{
	kunit_add_action(test, NULL, test);
	kunit_info(test, "not reached after a NULL action");
}

/* Freed by the suite's exit, after the case has been judged leaky. */
static void *fail_leaked;

static void leaks_kmalloc(struct kunit *test)
{
	fail_leaked = kmalloc(24, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, fail_leaked);
}

static void unexpected_warn(struct kunit *test)
{
	WARN_ON(1);
	KUNIT_SUCCEED(test);
}

static void expected_warn(struct kunit *test)
{
	KUNIT_HOST_EXPECT_WARN(test, WARN_ON(1));
}

static void missing_warn(struct kunit *test)
{
	KUNIT_HOST_EXPECT_WARN(test, WARN_ON(0));
}

static void skipped(struct kunit *test)
{
	kunit_skip(test, "skipped in the failing suite");
}

static struct kunit_case fail_cases[] = {
	KUNIT_CASE_PARAM(expect_kinds, fail_kind_gen_params),
	KUNIT_CASE_PARAM(assert_kinds, fail_kind_gen_params),
	KUNIT_CASE(assert_stops),
	KUNIT_CASE(null_action),
	KUNIT_CASE(leaks_kmalloc),
	KUNIT_CASE(unexpected_warn),
	KUNIT_CASE(expected_warn),
	KUNIT_CASE(missing_warn),
	KUNIT_CASE(skipped),
	{}
};

static void fail_suite_exit(struct kunit_suite *suite)
{
	(void)suite;
	kfree(fail_leaked);
}

static struct kunit_suite fail_suite = {
	.name = "kunit_selftest_fail",
	.suite_exit = fail_suite_exit,
	.exit = fail_exit,
	.test_cases = fail_cases,
};

static void passes(struct kunit *test)
{
	KUNIT_SUCCEED(test);
}

static struct kunit_case init_fail_cases[] = {
	KUNIT_CASE(passes),
	{}
};

static struct kunit_case suite_leak_cases[] = {
	KUNIT_CASE(passes),
	{}
};

static int init_fails(struct kunit_suite *suite)
{
	(void)suite;
	return -EINVAL;
}

static struct kunit_suite init_fail_suite = {
	.name = "kunit_selftest_init_fail",
	.suite_init = init_fails,
	.test_cases = init_fail_cases,
};

static void *suite_leaked;

static int init_allocates(struct kunit_suite *suite)
{
	(void)suite;
	suite_leaked = kmalloc(40, GFP_KERNEL);
	return suite_leaked ? 0 : -ENOMEM;
}

/* Forgets suite_leaked on purpose. */
static void exit_forgets(struct kunit_suite *suite)
{
	(void)suite;
}

static struct kunit_suite suite_leak_suite = {
	.name = "kunit_selftest_suite_leak",
	.suite_init = init_allocates,
	.suite_exit = exit_forgets,
	.test_cases = suite_leak_cases,
};

kunit_test_suites(&fail_suite, &init_fail_suite, &suite_leak_suite);

#endif /* KUNIT_SELFTEST_FAILING */
