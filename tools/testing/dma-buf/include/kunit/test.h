/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit, as Linux 6.12 spells it, for suites run in userspace.
 *
 * A suite written against the kernel's <kunit/test.h> compiles against this
 * header unchanged and, linked with lib/kunit.c, prints the KTAP the kernel
 * would print.  On top of what the kernel checks, every case is also failed
 * when it leaves tracked objects behind or triggers a WARN it did not
 * declare (see KUNIT_HOST_EXPECT_WARN()): the host has no kmemleak or
 * lockdep to catch those after the fact.
 *
 * Only the API is the kernel's; the implementation is this project's own.
 * ASSERT failures and kunit_skip() leave the case through siglongjmp()
 * instead of killing a kthread, so everything below runs in one thread.
 */
#ifndef _KUNIT_TEST_H
#define _KUNIT_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

struct kunit;
struct string_stream;

/* The host provides these; keep the header usable without them. */
#ifndef WRITE_ONCE
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#endif

/* Maximum size of parameter description string. */
#define KUNIT_PARAM_DESC_SIZE 128

/* Maximum size of a status comment. */
#define KUNIT_STATUS_COMMENT_SIZE 256

/* KTAP indents each level of subtest by four spaces. */
#define KUNIT_INDENT_LEN		4
#define KUNIT_SUBTEST_INDENT		"    "
#define KUNIT_SUBSUBTEST_INDENT		"        "

/**
 * enum kunit_status - Type of result for a test or test suite
 * @KUNIT_SUCCESS: Denotes the test suite has not failed nor been skipped
 * @KUNIT_FAILURE: Denotes the test has failed.
 * @KUNIT_SKIPPED: Denotes the test has been skipped.
 */
enum kunit_status {
	KUNIT_SUCCESS,
	KUNIT_FAILURE,
	KUNIT_SKIPPED,
};

/* Relative speed of a test; only "slow" ones are marked in the output. */
enum kunit_speed {
	KUNIT_SPEED_UNSET,
	KUNIT_SPEED_VERY_SLOW,
	KUNIT_SPEED_SLOW,
	KUNIT_SPEED_NORMAL,
	KUNIT_SPEED_MAX = KUNIT_SPEED_NORMAL,
};

/* Attributes of a case or a suite. */
struct kunit_attributes {
	enum kunit_speed speed;
};

/**
 * enum kunit_assert_type - Type of expectation/assertion.
 * @KUNIT_ASSERTION: a failure ends the test case.
 * @KUNIT_EXPECTATION: a failure marks the case failed and it carries on.
 */
enum kunit_assert_type {
	KUNIT_ASSERTION,
	KUNIT_EXPECTATION,
};

/**
 * struct kunit_loc - Identifies the source location of a line of code.
 * @line: the line number in the file.
 * @file: the file name.
 */
struct kunit_loc {
	int line;
	const char *file;
};

#define KUNIT_CURRENT_LOC { .file = __FILE__, .line = __LINE__ }

/**
 * struct kunit_binary_assert_text - Source text of a binary comparison.
 * @operation: the operator, as written ("==", "<", ...).
 * @left_text: the left operand, as written.
 * @right_text: the right operand, as written.
 */
struct kunit_binary_assert_text {
	const char *operation;
	const char *left_text;
	const char *right_text;
};

/**
 * struct kunit_case - represents an individual test case.
 *
 * @run_case: the function representing the actual test case.
 * @name: the name of the test case.
 * @generate_params: the generator function for parameterized tests.
 * @attr: the attributes associated with the test
 *
 * Arrays of cases end with an empty entry, as in the kernel.
 */
struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(struct kunit *test, const void *prev,
				       char *desc);
	struct kunit_attributes attr;

	/* private: internal use only. */
	enum kunit_status status;
	char *module_name;
	struct string_stream *log;
};

/* The module attribute is only known when the build names the module. */
#ifdef KBUILD_MODNAME
#define __KUNIT_MODNAME	KBUILD_MODNAME
#else
#define __KUNIT_MODNAME	NULL
#endif

/**
 * KUNIT_CASE - A helper for creating a &struct kunit_case
 * @test_name: a reference to a test case function.
 */
#define KUNIT_CASE(test_name)						\
		{ .run_case = test_name, .name = #test_name,		\
		  .module_name = __KUNIT_MODNAME }

/**
 * KUNIT_CASE_ATTR - A &struct kunit_case with attributes
 * @test_name: a reference to a test case function.
 * @attributes: a struct kunit_attributes initializer.
 */
#define KUNIT_CASE_ATTR(test_name, attributes)				\
		{ .run_case = test_name, .name = #test_name,		\
		  .attr = attributes, .module_name = __KUNIT_MODNAME }

/**
 * KUNIT_CASE_SLOW - A &struct kunit_case marked slow
 * @test_name: a reference to a test case function.
 */
#define KUNIT_CASE_SLOW(test_name)					\
		{ .run_case = test_name, .name = #test_name,		\
		  .attr.speed = KUNIT_SPEED_SLOW,			\
		  .module_name = __KUNIT_MODNAME }

/**
 * KUNIT_CASE_PARAM - A parameterized &struct kunit_case
 * @test_name: a reference to a test case function.
 * @gen_params: a reference to a parameter generator function.
 *
 * @gen_params is called with the previous value (NULL at first) and a
 * KUNIT_PARAM_DESC_SIZE buffer for an optional description, and returns the
 * next value or NULL when there are no more.
 */
#define KUNIT_CASE_PARAM(test_name, gen_params)				\
		{ .run_case = test_name, .name = #test_name,		\
		  .generate_params = gen_params,			\
		  .module_name = __KUNIT_MODNAME }

/**
 * KUNIT_CASE_PARAM_ATTR - A parameterized &struct kunit_case with attributes
 * @test_name: a reference to a test case function.
 * @gen_params: a reference to a parameter generator function.
 * @attributes: a struct kunit_attributes initializer.
 */
#define KUNIT_CASE_PARAM_ATTR(test_name, gen_params, attributes)	\
		{ .run_case = test_name, .name = #test_name,		\
		  .generate_params = gen_params,			\
		  .attr = attributes, .module_name = __KUNIT_MODNAME }

/**
 * struct kunit_suite - describes a related collection of &struct kunit_case
 *
 * @name: the name of the test. Purely informational.
 * @suite_init: called once per test suite before the test cases.
 * @suite_exit: called once per test suite after all test cases.
 * @init: called before every test case.
 * @exit: called after every test case, even one that failed or aborted.
 * @test_cases: a null terminated array of test cases.
 * @attr: the attributes associated with the test suite
 *
 * Whatever @suite_init creates must be gone once @suite_exit has run, or the
 * suite fails.
 */
struct kunit_suite {
	const char name[256];
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
	struct kunit_attributes attr;

	/* private: internal use only */
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
	struct dentry *debugfs;
	struct string_stream *log;
	int suite_init_err;
	bool is_init;
};

/*
 * Where kunit_skip() and failed assertions jump to.  Holds a sigjmp_buf
 * owned by the runner, so this header need not pull in <setjmp.h>.
 */
struct kunit_try_catch {
	void *env;
};

struct kunit_action_node;

/**
 * struct kunit - represents a running instance of a test.
 *
 * @priv: for user to store arbitrary data. Commonly used to pass data
 *	  created in the init function (see &struct kunit_suite).
 * @param_value: the current parameter of a parameterized case.
 *
 * Everything else is private to the runner.
 */
struct kunit {
	void *priv;

	/* private: internal use only. */
	const char *name;
	struct string_stream *log;
	struct kunit_try_catch try_catch;
	const void *param_value;
	int param_index;
	enum kunit_status status;
	/* Deferred actions, newest first. */
	struct kunit_action_node *actions;
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
	struct kunit_loc last_seen;
	/* WARNs declared with KUNIT_HOST_EXPECT_WARN() in this run. */
	unsigned long host_warns_expected;
};

static inline void kunit_set_failure(struct kunit *test)
{
	WRITE_ONCE(test->status, KUNIT_FAILURE);
}

/*
 * Registration.  Each kunit_test_suites() drops an array of suite pointers
 * into the "kunit_suites" section; the runner walks the section between
 * __start_kunit_suites and __stop_kunit_suites.  no_reorder keeps arrays
 * in the order they are written within a file (gcc otherwise emits them
 * reversed at -O2), and the linker keeps files in link order.
 */
#ifdef __has_attribute
#if __has_attribute(no_reorder)
#define __KUNIT_NO_REORDER	__attribute__((no_reorder))
#endif
#endif
#ifndef __KUNIT_NO_REORDER
#define __KUNIT_NO_REORDER
#endif

#define __KUNIT_PASTE2(a, b)	a##b
#define __KUNIT_PASTE(a, b)	__KUNIT_PASTE2(a, b)

#define __kunit_test_suites(unique_array, ...)				\
	static struct kunit_suite *unique_array[]			\
	__attribute__((used, section("kunit_suites"),			\
		       aligned(sizeof(struct kunit_suite *))))		\
	__KUNIT_NO_REORDER = { __VA_ARGS__ }

/**
 * kunit_test_suites() - register one or more &struct kunit_suite
 * @...: pointers to statically allocated suites.
 */
#define kunit_test_suites(...)						\
	__kunit_test_suites(__KUNIT_PASTE(__kunit_suites_, __COUNTER__), \
			    __VA_ARGS__)

#define kunit_test_suite(suite)	kunit_test_suites(&suite)

/* Userspace has no init section to discard: these are ordinary suites. */
#define kunit_test_init_section_suites(...) kunit_test_suites(__VA_ARGS__)
#define kunit_test_init_section_suite(suite) kunit_test_suites(&suite)

#define kunit_suite_for_each_test_case(suite, test_case)		\
	for (test_case = suite->test_cases; test_case->run_case; test_case++)

size_t kunit_suite_num_test_cases(struct kunit_suite *suite);

/* Resources and deferred actions. */

/* A 'deferred action' function to be used with kunit_add_action. */
typedef void (kunit_action_t)(void *);

/**
 * KUNIT_DEFINE_ACTION_WRAPPER() - Wrap a function for use as a deferred action.
 * @wrapper: The name of the new wrapper function define.
 * @orig: The original function to wrap.
 * @arg_type: The type of the argument accepted by @orig.
 *
 * Casting @orig to kunit_action_t would call it through the wrong type;
 * the wrapper converts the argument properly.
 */
#define KUNIT_DEFINE_ACTION_WRAPPER(wrapper, orig, arg_type)		\
	static void wrapper(void *in)					\
	{								\
		arg_type arg = (arg_type)in;				\
		orig(arg);						\
	}

/**
 * kunit_add_action() - Call a function when the test ends.
 * @test: Test case to associate the action with.
 * @action: The function to run on test exit
 * @ctx: Data passed into @action
 *
 * Actions run in the reverse order of registration, after the suite's exit
 * hook, whether the case passed, failed or aborted.  They share that order
 * with test-managed memory: an action may use what kunit_kzalloc() gave
 * before it was added.  A NULL @action fails and aborts the case.
 *
 * Return: 0 on success, -ENOMEM if the action could not be recorded.
 */
int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx);

/**
 * kunit_add_action_or_reset() - Call a function when the test ends.
 * @test: Test case to associate the action with.
 * @action: The function to run on test exit
 * @ctx: Data passed into @action
 *
 * Like kunit_add_action(), but if the action cannot be recorded it is run
 * immediately, so @ctx is never leaked.
 *
 * Return: 0 on success, -ENOMEM (after running @action) on failure.
 */
int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
			      void *ctx);

/**
 * kunit_remove_action() - Cancel a matching deferred action.
 * @test: Test case the action is associated with.
 * @action: The deferred function to cancel.
 * @ctx: The context passed to the deferred function to trigger.
 *
 * Only the most recently registered matching action is cancelled.
 */
void kunit_remove_action(struct kunit *test, kunit_action_t *action,
			 void *ctx);

/**
 * kunit_release_action() - Run a matching action call immediately.
 * @test: Test case the action is associated with.
 * @action: The deferred function to trigger.
 * @ctx: The context passed to the deferred function to trigger.
 *
 * Runs and cancels the most recently registered matching action; does
 * nothing if there is none.
 */
void kunit_release_action(struct kunit *test, kunit_action_t *action,
			  void *ctx);

/**
 * kunit_kmalloc_array() - kmalloc_array() freed when the test ends.
 * @test: The test context object.
 * @n: number of elements.
 * @size: The size in bytes of each element.
 * @gfp: flags passed to the underlying allocator.
 *
 * Return: the allocation, or NULL.
 */
void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size,
			  gfp_t gfp);

/**
 * kunit_kcalloc() - Like kunit_kmalloc_array(), but zeroes the allocation.
 * @test: The test context object.
 * @n: number of elements.
 * @size: The size in bytes of each element.
 * @gfp: flags passed to the underlying allocator.
 *
 * Return: the allocation, or NULL.
 */
void *kunit_kcalloc(struct kunit *test, size_t n, size_t size, gfp_t gfp);

/**
 * kunit_kmalloc() - kmalloc() freed when the test ends.
 * @test: The test context object.
 * @size: The size in bytes of the desired memory.
 * @gfp: flags passed to the underlying allocator.
 *
 * Return: the allocation, or NULL.
 */
static inline void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc_array(test, 1, size, gfp);
}

/**
 * kunit_kzalloc() - Like kunit_kmalloc(), but zeroes the allocation.
 * @test: The test context object.
 * @size: The size in bytes of the desired memory.
 * @gfp: flags passed to the underlying allocator.
 *
 * Return: the allocation, or NULL.
 */
static inline void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kcalloc(test, 1, size, gfp);
}

/**
 * kunit_kfree() - Free memory from kunit_kmalloc() and friends now.
 * @test: The test case to which the allocation belongs.
 * @ptr: The memory allocation to free; NULL is ignored.
 */
void kunit_kfree(struct kunit *test, const void *ptr);

/**
 * kunit_kstrdup() - Duplicate a string into a test managed allocation.
 * @test: The test context object.
 * @str: The NUL-terminated string to duplicate.
 * @gfp: flags passed to the underlying allocator.
 *
 * Return: the copy, or NULL if @str is NULL or allocation fails.
 */
static inline char *kunit_kstrdup(struct kunit *test, const char *str,
				  gfp_t gfp)
{
	size_t len;
	char *buf;

	if (!str)
		return NULL;
	len = strlen(str) + 1;
	buf = kunit_kmalloc(test, len, gfp);
	if (buf)
		memcpy(buf, str, len);
	return buf;
}

/**
 * kunit_cleanup() - Run every pending deferred action of @test now.
 * @test: The test context object.
 */
void kunit_cleanup(struct kunit *test);

/* Skipping and logging. */

/**
 * kunit_mark_skipped() - Marks @test as skipped
 * @test: The test context object.
 * @fmt: A printk() style format string, the reason for skipping.
 *
 * Test execution continues after kunit_mark_skipped() is called.
 */
#define kunit_mark_skipped(test, fmt, ...)				\
	do {								\
		WRITE_ONCE((test)->status, KUNIT_SKIPPED);		\
		snprintf((test)->status_comment,			\
			 KUNIT_STATUS_COMMENT_SIZE,			\
			 fmt, ##__VA_ARGS__);				\
	} while (0)

/**
 * kunit_skip() - Marks @test as skipped and leaves the case.
 * @test: The test context object.
 * @fmt: A printk() style format string, the reason for skipping.
 *
 * The suite's exit hook and deferred actions still run.
 */
#define kunit_skip(test, fmt, ...)					\
	do {								\
		kunit_mark_skipped((test), fmt, ##__VA_ARGS__);		\
		__kunit_abort(test);					\
	} while (0)

void __kunit_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The kernel sends these to printk and the debugfs log; here both are
 * stdout.  The level is dropped: KTAP consumers do not see it either.
 */
#define kunit_log(lvl, test_or_suite, fmt, ...)				\
	do {								\
		(void)(test_or_suite);					\
		__kunit_log(fmt, ##__VA_ARGS__);			\
	} while (0)

#define kunit_printk(lvl, test, fmt, ...)				\
	kunit_log(lvl, test, KUNIT_SUBTEST_INDENT "# %s: " fmt,		\
		  (test)->name, ##__VA_ARGS__)

/**
 * kunit_info() - Prints an INFO level message associated with @test.
 * @test: The test context object.
 * @fmt: A printk() style format string.
 */
#define kunit_info(test, fmt, ...) \
	kunit_printk(KERN_INFO, test, fmt, ##__VA_ARGS__)

/**
 * kunit_warn() - Prints a WARN level message associated with @test.
 * @test: The test context object.
 * @fmt: A printk() style format string.
 */
#define kunit_warn(test, fmt, ...) \
	kunit_printk(KERN_WARNING, test, fmt, ##__VA_ARGS__)

/**
 * kunit_err() - Prints an ERROR level message associated with @test.
 * @test: The test context object.
 * @fmt: A printk() style format string.
 */
#define kunit_err(test, fmt, ...) \
	kunit_printk(KERN_ERR, test, fmt, ##__VA_ARGS__)

/* Assertions and expectations. */

/* Remembers the last check reached, for diagnosing a crash. */
#define _KUNIT_SAVE_LOC(test) do {					\
	WRITE_ONCE((test)->last_seen.file, __FILE__);			\
	WRITE_ONCE((test)->last_seen.line, __LINE__);			\
} while (0)

/**
 * KUNIT_SUCCEED() - A no-op expectation. Only exists for code clarity.
 * @test: The test context object.
 */
#define KUNIT_SUCCEED(test) _KUNIT_SAVE_LOC(test)

/**
 * __kunit_abort() - Leave the running test case.
 * @test: The test context object.
 *
 * Jumps back into the runner, which then runs the exit hook and the
 * deferred actions.
 */
void __kunit_abort(struct kunit *test) __attribute__((noreturn));

/*
 * One reporting function per kind of check.  Each marks @test failed and
 * prints the failure as the kernel words it; the macros then abort the case
 * if it was an assertion.
 */
void __kunit_fail_plain(struct kunit *test, const struct kunit_loc *loc,
			enum kunit_assert_type type, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void __kunit_fail_unary(struct kunit *test, const struct kunit_loc *loc,
			enum kunit_assert_type type, const char *condition,
			bool expected_true, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void __kunit_fail_int(struct kunit *test, const struct kunit_loc *loc,
		      enum kunit_assert_type type,
		      const struct kunit_binary_assert_text *text,
		      long long left, long long right, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
void __kunit_fail_ptr(struct kunit *test, const struct kunit_loc *loc,
		      enum kunit_assert_type type,
		      const struct kunit_binary_assert_text *text,
		      const void *left, const void *right, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
void __kunit_fail_str(struct kunit *test, const struct kunit_loc *loc,
		      enum kunit_assert_type type,
		      const struct kunit_binary_assert_text *text,
		      const char *left, const char *right, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
void __kunit_fail_mem(struct kunit *test, const struct kunit_loc *loc,
		      enum kunit_assert_type type,
		      const struct kunit_binary_assert_text *text,
		      const void *left, const void *right, size_t size,
		      const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
void __kunit_fail_not_err(struct kunit *test, const struct kunit_loc *loc,
			  enum kunit_assert_type type, const char *text,
			  const void *ptr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Reports a failure through @call, then aborts if it was an assertion. */
#define _KUNIT_FAILED(test, assert_type, call) do {			\
	call;								\
	if ((assert_type) == KUNIT_ASSERTION)				\
		__kunit_abort(test);					\
} while (0)

#define KUNIT_FAIL_ASSERTION(test, assert_type, fmt, ...) do {		\
	static const struct kunit_loc __kunit_loc = KUNIT_CURRENT_LOC;	\
	_KUNIT_SAVE_LOC(test);						\
	_KUNIT_FAILED(test, assert_type,				\
		      __kunit_fail_plain(test, &__kunit_loc,		\
					 assert_type, fmt,		\
					 ##__VA_ARGS__));		\
} while (0)

/**
 * KUNIT_FAIL() - Always causes a test to fail when evaluated.
 * @test: The test context object.
 * @fmt: an informational message to be printed when the assertion is made.
 * @...: string format arguments.
 */
#define KUNIT_FAIL(test, fmt, ...)					\
	KUNIT_FAIL_ASSERTION(test, KUNIT_EXPECTATION, fmt, ##__VA_ARGS__)

/**
 * KUNIT_FAIL_AND_ABORT() - Always fails and aborts the test case.
 * @test: The test context object.
 * @fmt: an informational message to be printed when the assertion is made.
 * @...: string format arguments.
 */
#define KUNIT_FAIL_AND_ABORT(test, fmt, ...)				\
	KUNIT_FAIL_ASSERTION(test, KUNIT_ASSERTION, fmt, ##__VA_ARGS__)

#define KUNIT_UNARY_ASSERTION(test, assert_type, condition_,		\
			      expected_true_, fmt, ...)			\
do {									\
	static const struct kunit_loc __kunit_loc = KUNIT_CURRENT_LOC;	\
	_KUNIT_SAVE_LOC(test);						\
	if (__builtin_expect(!!(condition_) == !!(expected_true_), 1))	\
		break;							\
	_KUNIT_FAILED(test, assert_type,				\
		      __kunit_fail_unary(test, &__kunit_loc,		\
					 assert_type, #condition_,	\
					 expected_true_, fmt,		\
					 ##__VA_ARGS__));		\
} while (0)

#define KUNIT_TRUE_MSG_ASSERTION(test, assert_type, condition, fmt, ...) \
	KUNIT_UNARY_ASSERTION(test, assert_type, condition, true,	\
			      fmt, ##__VA_ARGS__)

#define KUNIT_FALSE_MSG_ASSERTION(test, assert_type, condition, fmt, ...) \
	KUNIT_UNARY_ASSERTION(test, assert_type, condition, false,	\
			      fmt, ##__VA_ARGS__)

/*
 * Compare in the operands' own types, as the kernel does, so that e.g. an
 * unsigned size against a literal behaves like the code under test would.
 * The kernel does not build with -Wsign-compare; we do, and the operands
 * were copied into typed locals, so the literal's sign is no longer known
 * to the compiler.  Silence exactly that for the comparison.
 */
#define __KUNIT_COMPARE(left, op, right) ({				\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wsign-compare\"")		\
	_Pragma("GCC diagnostic ignored \"-Wtype-limits\"")		\
	_Pragma("GCC diagnostic ignored \"-Wenum-compare\"")		\
	bool __kunit_cmp = (left) op (right);				\
	_Pragma("GCC diagnostic pop")					\
	__kunit_cmp;							\
})

/*
 * Each operand is evaluated exactly once into a local of its own type;
 * only the report widens them to long long.
 */
#define KUNIT_BINARY_INT_ASSERTION(test, assert_type, left, op, right,	\
				   fmt, ...)				\
do {									\
	const __typeof__(left) __kunit_left = (left);			\
	const __typeof__(right) __kunit_right = (right);		\
	static const struct kunit_loc __kunit_loc = KUNIT_CURRENT_LOC;	\
	static const struct kunit_binary_assert_text __kunit_text = {	\
		.operation = #op,					\
		.left_text = #left,					\
		.right_text = #right,					\
	};								\
									\
	_KUNIT_SAVE_LOC(test);						\
	if (__builtin_expect(__KUNIT_COMPARE(__kunit_left, op,		\
					     __kunit_right), 1))	\
		break;							\
	_KUNIT_FAILED(test, assert_type,				\
		      __kunit_fail_int(test, &__kunit_loc, assert_type,	\
				       &__kunit_text,			\
				       (long long)__kunit_left,		\
				       (long long)__kunit_right,	\
				       fmt, ##__VA_ARGS__));		\
} while (0)

#define KUNIT_BINARY_PTR_ASSERTION(test, assert_type, left, op, right,	\
				   fmt, ...)				\
do {									\
	const __typeof__(left) __kunit_left = (left);			\
	const __typeof__(right) __kunit_right = (right);		\
	static const struct kunit_loc __kunit_loc = KUNIT_CURRENT_LOC;	\
	static const struct kunit_binary_assert_text __kunit_text = {	\
		.operation = #op,					\
		.left_text = #left,					\
		.right_text = #right,					\
	};								\
									\
	_KUNIT_SAVE_LOC(test);						\
	if (__builtin_expect(__kunit_left op __kunit_right, 1))		\
		break;							\
	_KUNIT_FAILED(test, assert_type,				\
		      __kunit_fail_ptr(test, &__kunit_loc, assert_type,	\
				       &__kunit_text,			\
				       (const void *)__kunit_left,	\
				       (const void *)__kunit_right,	\
				       fmt, ##__VA_ARGS__));		\
} while (0)

#define KUNIT_BINARY_STR_ASSERTION(test, assert_type, left, op, right,	\
				   fmt, ...)				\
do {									\
	const char *__kunit_left = (left);				\
	const char *__kunit_right = (right);				\
	static const struct kunit_loc __kunit_loc = KUNIT_CURRENT_LOC;	\
	static const struct kunit_binary_assert_text __kunit_text = {	\
		.operation = #op,					\
		.left_text = #left,					\
		.right_text = #right,					\
	};								\
									\
	_KUNIT_SAVE_LOC(test);						\
	if (__builtin_expect(__kunit_left && __kunit_right &&		\
			     strcmp(__kunit_left, __kunit_right) op 0, 1)) \
		break;							\
	_KUNIT_FAILED(test, assert_type,				\
		      __kunit_fail_str(test, &__kunit_loc, assert_type,	\
				       &__kunit_text, __kunit_left,	\
				       __kunit_right,			\
				       fmt, ##__VA_ARGS__));		\
} while (0)

#define KUNIT_MEM_ASSERTION(test, assert_type, left, op, right, size_,	\
			    fmt, ...)					\
do {									\
	const void *__kunit_left = (left);				\
	const void *__kunit_right = (right);				\
	const size_t __kunit_size = (size_);				\
	static const struct kunit_loc __kunit_loc = KUNIT_CURRENT_LOC;	\
	static const struct kunit_binary_assert_text __kunit_text = {	\
		.operation = #op,					\
		.left_text = #left,					\
		.right_text = #right,					\
	};								\
									\
	_KUNIT_SAVE_LOC(test);						\
	if (__builtin_expect(__kunit_left && __kunit_right &&		\
			     memcmp(__kunit_left, __kunit_right,	\
				    __kunit_size) op 0, 1))		\
		break;							\
	_KUNIT_FAILED(test, assert_type,				\
		      __kunit_fail_mem(test, &__kunit_loc, assert_type,	\
				       &__kunit_text, __kunit_left,	\
				       __kunit_right, __kunit_size,	\
				       fmt, ##__VA_ARGS__));		\
} while (0)

#define KUNIT_PTR_NOT_ERR_OR_NULL_MSG_ASSERTION(test, assert_type, ptr,	\
						fmt, ...)		\
do {									\
	const __typeof__(ptr) __kunit_ptr = (ptr);			\
	static const struct kunit_loc __kunit_loc = KUNIT_CURRENT_LOC;	\
									\
	_KUNIT_SAVE_LOC(test);						\
	if (__builtin_expect(!IS_ERR_OR_NULL(__kunit_ptr), 1))		\
		break;							\
	_KUNIT_FAILED(test, assert_type,				\
		      __kunit_fail_not_err(test, &__kunit_loc,		\
					   assert_type, #ptr,		\
					   (const void *)__kunit_ptr,	\
					   fmt, ##__VA_ARGS__));	\
} while (0)

/*
 * The public families.  EXPECT_* record a failure and let the case carry
 * on; ASSERT_* also abort it.  Each _MSG form appends a printf-style
 * message to the report.
 */
#define KUNIT_EXPECT_TRUE(test, condition) \
	KUNIT_EXPECT_TRUE_MSG(test, condition, NULL)
#define KUNIT_EXPECT_TRUE_MSG(test, condition, fmt, ...)		\
	KUNIT_TRUE_MSG_ASSERTION(test, KUNIT_EXPECTATION, condition,	\
				 fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE(test, condition) \
	KUNIT_EXPECT_FALSE_MSG(test, condition, NULL)
#define KUNIT_EXPECT_FALSE_MSG(test, condition, fmt, ...)		\
	KUNIT_FALSE_MSG_ASSERTION(test, KUNIT_EXPECTATION, condition,	\
				  fmt, ##__VA_ARGS__)

#define KUNIT_EXPECT_EQ(test, left, right) \
	KUNIT_EXPECT_EQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_EQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION,		\
				   left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE(test, left, right) \
	KUNIT_EXPECT_NE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_NE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION,		\
				   left, !=, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LT(test, left, right) \
	KUNIT_EXPECT_LT_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_LT_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION,		\
				   left, <, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LE(test, left, right) \
	KUNIT_EXPECT_LE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_LE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION,		\
				   left, <=, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GT(test, left, right) \
	KUNIT_EXPECT_GT_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_GT_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION,		\
				   left, >, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GE(test, left, right) \
	KUNIT_EXPECT_GE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_GE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION,		\
				   left, >=, right, fmt, ##__VA_ARGS__)

#define KUNIT_EXPECT_PTR_EQ(test, left, right) \
	KUNIT_EXPECT_PTR_EQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_PTR_EQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION,		\
				   left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_NE(test, left, right) \
	KUNIT_EXPECT_PTR_NE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_PTR_NE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION,		\
				   left, !=, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NULL(test, ptr) \
	KUNIT_EXPECT_NULL_MSG(test, ptr, NULL)
#define KUNIT_EXPECT_NULL_MSG(test, ptr, fmt, ...)			\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION,		\
				   ptr, ==, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_NULL(test, ptr) \
	KUNIT_EXPECT_NOT_NULL_MSG(test, ptr, NULL)
#define KUNIT_EXPECT_NOT_NULL_MSG(test, ptr, fmt, ...)			\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION,		\
				   ptr, !=, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL(test, ptr) \
	KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, ptr, NULL)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, ptr, fmt, ...)		\
	KUNIT_PTR_NOT_ERR_OR_NULL_MSG_ASSERTION(test, KUNIT_EXPECTATION, \
						ptr, fmt, ##__VA_ARGS__)

#define KUNIT_EXPECT_STREQ(test, left, right) \
	KUNIT_EXPECT_STREQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_STREQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_EXPECTATION,		\
				   left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STRNEQ(test, left, right) \
	KUNIT_EXPECT_STRNEQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_STRNEQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_EXPECTATION,		\
				   left, !=, right, fmt, ##__VA_ARGS__)

#define KUNIT_EXPECT_MEMEQ(test, left, right, size) \
	KUNIT_EXPECT_MEMEQ_MSG(test, left, right, size, NULL)
#define KUNIT_EXPECT_MEMEQ_MSG(test, left, right, size, fmt, ...)	\
	KUNIT_MEM_ASSERTION(test, KUNIT_EXPECTATION,			\
			    left, ==, right, size, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_MEMNEQ(test, left, right, size) \
	KUNIT_EXPECT_MEMNEQ_MSG(test, left, right, size, NULL)
#define KUNIT_EXPECT_MEMNEQ_MSG(test, left, right, size, fmt, ...)	\
	KUNIT_MEM_ASSERTION(test, KUNIT_EXPECTATION,			\
			    left, !=, right, size, fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_TRUE(test, condition) \
	KUNIT_ASSERT_TRUE_MSG(test, condition, NULL)
#define KUNIT_ASSERT_TRUE_MSG(test, condition, fmt, ...)		\
	KUNIT_TRUE_MSG_ASSERTION(test, KUNIT_ASSERTION, condition,	\
				 fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_FALSE(test, condition) \
	KUNIT_ASSERT_FALSE_MSG(test, condition, NULL)
#define KUNIT_ASSERT_FALSE_MSG(test, condition, fmt, ...)		\
	KUNIT_FALSE_MSG_ASSERTION(test, KUNIT_ASSERTION, condition,	\
				  fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_EQ(test, left, right) \
	KUNIT_ASSERT_EQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_EQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION,		\
				   left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NE(test, left, right) \
	KUNIT_ASSERT_NE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_NE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION,		\
				   left, !=, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LT(test, left, right) \
	KUNIT_ASSERT_LT_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_LT_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION,		\
				   left, <, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LE(test, left, right) \
	KUNIT_ASSERT_LE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_LE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION,		\
				   left, <=, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GT(test, left, right) \
	KUNIT_ASSERT_GT_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_GT_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION,		\
				   left, >, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GE(test, left, right) \
	KUNIT_ASSERT_GE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_GE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION,		\
				   left, >=, right, fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_PTR_EQ(test, left, right) \
	KUNIT_ASSERT_PTR_EQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_PTR_EQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION,		\
				   left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_NE(test, left, right) \
	KUNIT_ASSERT_PTR_NE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_PTR_NE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION,		\
				   left, !=, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NULL(test, ptr) \
	KUNIT_ASSERT_NULL_MSG(test, ptr, NULL)
#define KUNIT_ASSERT_NULL_MSG(test, ptr, fmt, ...)			\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION,		\
				   ptr, ==, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_NULL(test, ptr) \
	KUNIT_ASSERT_NOT_NULL_MSG(test, ptr, NULL)
#define KUNIT_ASSERT_NOT_NULL_MSG(test, ptr, fmt, ...)			\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION,		\
				   ptr, !=, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ptr) \
	KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, ptr, NULL)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, ptr, fmt, ...)		\
	KUNIT_PTR_NOT_ERR_OR_NULL_MSG_ASSERTION(test, KUNIT_ASSERTION,	\
						ptr, fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_STREQ(test, left, right) \
	KUNIT_ASSERT_STREQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_STREQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_ASSERTION,		\
				   left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_STRNEQ(test, left, right) \
	KUNIT_ASSERT_STRNEQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_STRNEQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_ASSERTION,		\
				   left, !=, right, fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_MEMEQ(test, left, right, size) \
	KUNIT_ASSERT_MEMEQ_MSG(test, left, right, size, NULL)
#define KUNIT_ASSERT_MEMEQ_MSG(test, left, right, size, fmt, ...)	\
	KUNIT_MEM_ASSERTION(test, KUNIT_ASSERTION,			\
			    left, ==, right, size, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_MEMNEQ(test, left, right, size) \
	KUNIT_ASSERT_MEMNEQ_MSG(test, left, right, size, NULL)
#define KUNIT_ASSERT_MEMNEQ_MSG(test, left, right, size, fmt, ...)	\
	KUNIT_MEM_ASSERTION(test, KUNIT_ASSERTION,			\
			    left, !=, right, size, fmt, ##__VA_ARGS__)

/* Host checks: WARNs a case means to trigger. */

unsigned long __kunit_host_warns_begin(void);
void __kunit_host_warns_end(struct kunit *test, const struct kunit_loc *loc,
			    unsigned long before, unsigned long expected,
			    const char *text);

/* @text is stringified by the public macros, before expansion. */
#define __KUNIT_HOST_EXPECT_WARNS(test, n, text, ...) do {		\
	static const struct kunit_loc __kunit_loc = KUNIT_CURRENT_LOC;	\
	unsigned long __kunit_warns = __kunit_host_warns_begin();	\
									\
	_KUNIT_SAVE_LOC(test);						\
	__VA_ARGS__;							\
	__kunit_host_warns_end(test, &__kunit_loc, __kunit_warns, (n),	\
			       text);					\
} while (0)

/**
 * KUNIT_HOST_EXPECT_WARNS() - Run code that must WARN exactly @n times.
 * @test: The test context object.
 * @n: how many WARN()s the code must trigger.
 * @...: the statement or expression to run, e.g. ``p = f(x)``.
 *
 * A case fails if it triggers WARNs it did not declare.  The WARNs that
 * fire here are declared; if their number is not @n, that is an
 * expectation failure naming the code.
 */
#define KUNIT_HOST_EXPECT_WARNS(test, n, ...)				\
	__KUNIT_HOST_EXPECT_WARNS(test, n, #__VA_ARGS__, __VA_ARGS__)

/**
 * KUNIT_HOST_EXPECT_WARN() - Run code that must WARN exactly once.
 * @test: The test context object.
 * @...: the statement or expression to run, e.g. ``p = f(x)``.
 */
#define KUNIT_HOST_EXPECT_WARN(test, ...)				\
	__KUNIT_HOST_EXPECT_WARNS(test, 1, #__VA_ARGS__, __VA_ARGS__)

/* Parameter generators. */

/**
 * KUNIT_ARRAY_PARAM() - Define test parameter generator from an array.
 * @name: prefix for the test parameter generator function.
 * @array: array of test parameters.
 * @get_desc: function to convert param to description; NULL to use default
 *
 * Defines name##_gen_params(), which walks @array.
 */
#define KUNIT_ARRAY_PARAM(name, array, get_desc)			\
	static const void *name##_gen_params(struct kunit *test,		\
					     const void *prev, char *desc)	\
	{								\
		__typeof__((array)[0]) *__next = prev ?			\
			((__typeof__(__next))prev) + 1 : (array);	\
		if (__next - (array) < (long)ARRAY_SIZE((array))) {	\
			void (*__get_desc)(__typeof__(__next), char *) = \
				get_desc;				\
			if (__get_desc)					\
				__get_desc(__next, desc);		\
			return __next;					\
		}							\
		return NULL;						\
	}

/**
 * KUNIT_ARRAY_PARAM_DESC() - Define test parameter generator from an array.
 * @name: prefix for the test parameter generator function.
 * @array: array of test parameters.
 * @desc_member: structure member from array element to use as description
 *
 * Defines name##_gen_params(), which walks @array.
 */
#define KUNIT_ARRAY_PARAM_DESC(name, array, desc_member)		\
	static const void *name##_gen_params(struct kunit *test,		\
					     const void *prev, char *desc)	\
	{								\
		__typeof__((array)[0]) *__next = prev ?			\
			((__typeof__(__next))prev) + 1 : (array);	\
		if (__next - (array) < (long)ARRAY_SIZE((array))) {	\
			strscpy(desc, __next->desc_member,		\
				KUNIT_PARAM_DESC_SIZE);			\
			return __next;					\
		}							\
		return NULL;						\
	}

#endif /* _KUNIT_TEST_H */
