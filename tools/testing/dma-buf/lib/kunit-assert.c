// SPDX-License-Identifier: GPL-2.0
/*
 * Reporting failed KUnit expectations and assertions, worded the way Linux
 * 6.12 words them so that a log reads the same wherever the suite ran:
 *
 *     # case: EXPECTATION FAILED at file.c:42
 *     Expected a == b, but
 *         a == 1 (0x1)
 *         b == 2 (0x2)
 *
 * Reports are built in libc memory: a kmalloc() here would be tracked by
 * the host and could both be made to fail by a fault sweep and show up in
 * the very leak check the case is being judged by.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kunit/test.h>
#include <host/hooks.h>

/* A growable string; on allocation failure it keeps what it had. */
struct kunit_strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

static void sb_vadd(struct kunit_strbuf *sb, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if (sb->len + n + 1 > sb->cap) {
		size_t cap = (sb->len + n + 1) * 2;
		char *buf = realloc(sb->buf, cap);

		if (!buf)
			return;
		sb->buf = buf;
		sb->cap = cap;
	}
	vsnprintf(sb->buf + sb->len, n + 1, fmt, ap);
	sb->len += n;
}

static void __attribute__((format(printf, 2, 3)))
sb_add(struct kunit_strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vadd(sb, fmt, ap);
	va_end(ap);
}

static void kunit_assert_prologue(struct kunit_strbuf *sb,
				  const struct kunit_loc *loc,
				  enum kunit_assert_type type)
{
	sb_add(sb, "%s FAILED at %s:%d\n",
	       type == KUNIT_ASSERTION ? "ASSERTION" : "EXPECTATION",
	       loc->file, loc->line);
}

/* The optional _MSG text goes on its own line, unindented, as in 6.12. */
static void kunit_assert_print_msg(struct kunit_strbuf *sb, const char *fmt,
				   va_list ap)
{
	if (!fmt)
		return;
	sb_add(sb, "\n");
	sb_vadd(sb, fmt, ap);
}

/* One report is one log call, so the lines stay together. */
static void kunit_emit(struct kunit *test, struct kunit_strbuf *sb)
{
	kunit_set_failure(test);
	kunit_err(test, "%s", sb->buf ? sb->buf : "(out of memory)");
	free(sb->buf);
}

/* Is @text the literal spelling of @value?  Then printing it again is noise. */
static bool is_literal(const char *text, long long value)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", value);
	return strcmp(buf, text) == 0;
}

/* Same for a string literal, whose text still has its quotes. */
static bool is_str_literal(const char *text, const char *value)
{
	size_t len = strlen(text);

	if (len < 2 || text[0] != '"' || text[len - 1] != '"')
		return false;
	return strncmp(text + 1, value, len - 2) == 0;
}

/**
 * __kunit_fail_plain() - Report KUNIT_FAIL() and friends.
 * @test: The test context object.
 * @loc: where the check is.
 * @type: expectation or assertion.
 * @fmt: the message, which is the whole report.
 */
void __kunit_fail_plain(struct kunit *test, const struct kunit_loc *loc,
			enum kunit_assert_type type, const char *fmt, ...)
{
	struct kunit_strbuf sb = { 0 };
	va_list ap;

	kunit_assert_prologue(&sb, loc, type);
	if (fmt) {
		va_start(ap, fmt);
		sb_vadd(&sb, fmt, ap);
		va_end(ap);
	}
	kunit_emit(test, &sb);
}

/**
 * __kunit_fail_unary() - Report a failed TRUE/FALSE check.
 * @test: The test context object.
 * @loc: where the check is.
 * @type: expectation or assertion.
 * @condition: the condition as written.
 * @expected_true: whether it should have been true.
 * @fmt: optional message, or NULL.
 */
void __kunit_fail_unary(struct kunit *test, const struct kunit_loc *loc,
			enum kunit_assert_type type, const char *condition,
			bool expected_true, const char *fmt, ...)
{
	struct kunit_strbuf sb = { 0 };
	va_list ap;

	kunit_assert_prologue(&sb, loc, type);
	sb_add(&sb, KUNIT_SUBTEST_INDENT "Expected %s to be %s, but is %s\n",
	       condition, expected_true ? "true" : "false",
	       expected_true ? "false" : "true");
	va_start(ap, fmt);
	kunit_assert_print_msg(&sb, fmt, ap);
	va_end(ap);
	kunit_emit(test, &sb);
}

/**
 * __kunit_fail_int() - Report a failed integer comparison.
 * @test: The test context object.
 * @loc: where the check is.
 * @type: expectation or assertion.
 * @text: the operands and operator as written.
 * @left: left value, widened.
 * @right: right value, widened.
 * @fmt: optional message, or NULL.
 */
void __kunit_fail_int(struct kunit *test, const struct kunit_loc *loc,
		      enum kunit_assert_type type,
		      const struct kunit_binary_assert_text *text,
		      long long left, long long right, const char *fmt, ...)
{
	struct kunit_strbuf sb = { 0 };
	va_list ap;

	kunit_assert_prologue(&sb, loc, type);
	sb_add(&sb, KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n",
	       text->left_text, text->operation, text->right_text);
	if (!is_literal(text->left_text, left))
		sb_add(&sb, KUNIT_SUBSUBTEST_INDENT "%s == %lld (0x%llx)\n",
		       text->left_text, left, left);
	if (!is_literal(text->right_text, right))
		sb_add(&sb, KUNIT_SUBSUBTEST_INDENT "%s == %lld (0x%llx)",
		       text->right_text, right, right);
	va_start(ap, fmt);
	kunit_assert_print_msg(&sb, fmt, ap);
	va_end(ap);
	kunit_emit(test, &sb);
}

/**
 * __kunit_fail_ptr() - Report a failed pointer comparison.
 * @test: The test context object.
 * @loc: where the check is.
 * @type: expectation or assertion.
 * @text: the operands and operator as written.
 * @left: left pointer.
 * @right: right pointer.
 * @fmt: optional message, or NULL.
 *
 * Pointers print as the kernel's %px does: bare, zero-padded hex.
 */
void __kunit_fail_ptr(struct kunit *test, const struct kunit_loc *loc,
		      enum kunit_assert_type type,
		      const struct kunit_binary_assert_text *text,
		      const void *left, const void *right, const char *fmt, ...)
{
	const int width = 2 * sizeof(void *);
	struct kunit_strbuf sb = { 0 };
	va_list ap;

	kunit_assert_prologue(&sb, loc, type);
	sb_add(&sb, KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n",
	       text->left_text, text->operation, text->right_text);
	sb_add(&sb, KUNIT_SUBSUBTEST_INDENT "%s == %0*lx\n",
	       text->left_text, width, (unsigned long)(uintptr_t)left);
	sb_add(&sb, KUNIT_SUBSUBTEST_INDENT "%s == %0*lx",
	       text->right_text, width, (unsigned long)(uintptr_t)right);
	va_start(ap, fmt);
	kunit_assert_print_msg(&sb, fmt, ap);
	va_end(ap);
	kunit_emit(test, &sb);
}

/**
 * __kunit_fail_str() - Report a failed string comparison.
 * @test: The test context object.
 * @loc: where the check is.
 * @type: expectation or assertion.
 * @text: the operands and operator as written.
 * @left: left string, may be NULL.
 * @right: right string, may be NULL.
 * @fmt: optional message, or NULL.
 */
void __kunit_fail_str(struct kunit *test, const struct kunit_loc *loc,
		      enum kunit_assert_type type,
		      const struct kunit_binary_assert_text *text,
		      const char *left, const char *right, const char *fmt, ...)
{
	struct kunit_strbuf sb = { 0 };
	va_list ap;

	/* The kernel's %s prints "(null)" for NULL; glibc's would too. */
	kunit_assert_prologue(&sb, loc, type);
	sb_add(&sb, KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n",
	       text->left_text, text->operation, text->right_text);
	if (!left || !is_str_literal(text->left_text, left))
		sb_add(&sb, KUNIT_SUBSUBTEST_INDENT "%s == \"%s\"\n",
		       text->left_text, left ? left : "(null)");
	if (!right || !is_str_literal(text->right_text, right))
		sb_add(&sb, KUNIT_SUBSUBTEST_INDENT "%s == \"%s\"",
		       text->right_text, right ? right : "(null)");
	va_start(ap, fmt);
	kunit_assert_print_msg(&sb, fmt, ap);
	va_end(ap);
	kunit_emit(test, &sb);
}

/* Hex bytes, 16 a line; those differing from @other are marked <xx>. */
static void kunit_assert_hexdump(struct kunit_strbuf *sb, const u8 *buf,
				 const u8 *other, size_t len)
{
	size_t i;

	sb_add(sb, KUNIT_SUBSUBTEST_INDENT);
	for (i = 0; i < len; i++) {
		if (i && !(i % 16))
			sb_add(sb, "\n" KUNIT_SUBSUBTEST_INDENT);
		if (buf[i] != other[i])
			sb_add(sb, "<%02x>", buf[i]);
		else
			sb_add(sb, " %02x ", buf[i]);
	}
}

/**
 * __kunit_fail_mem() - Report a failed memory comparison.
 * @test: The test context object.
 * @loc: where the check is.
 * @type: expectation or assertion.
 * @text: the operands and operator as written.
 * @left: left buffer, may be NULL.
 * @right: right buffer, may be NULL.
 * @size: bytes compared.
 * @fmt: optional message, or NULL.
 */
void __kunit_fail_mem(struct kunit *test, const struct kunit_loc *loc,
		      enum kunit_assert_type type,
		      const struct kunit_binary_assert_text *text,
		      const void *left, const void *right, size_t size,
		      const char *fmt, ...)
{
	struct kunit_strbuf sb = { 0 };
	va_list ap;

	kunit_assert_prologue(&sb, loc, type);
	if (!left || !right) {
		sb_add(&sb, KUNIT_SUBTEST_INDENT "Expected %s is not null, but is\n",
		       !left ? text->left_text : text->right_text);
		/* 6.12 drops the message in this case; so do we. */
		kunit_emit(test, &sb);
		return;
	}
	sb_add(&sb, KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n",
	       text->left_text, text->operation, text->right_text);
	sb_add(&sb, KUNIT_SUBSUBTEST_INDENT "%s ==\n", text->left_text);
	kunit_assert_hexdump(&sb, left, right, size);
	sb_add(&sb, "\n");
	sb_add(&sb, KUNIT_SUBSUBTEST_INDENT "%s ==\n", text->right_text);
	kunit_assert_hexdump(&sb, right, left, size);
	va_start(ap, fmt);
	kunit_assert_print_msg(&sb, fmt, ap);
	va_end(ap);
	kunit_emit(test, &sb);
}

/**
 * __kunit_fail_not_err() - Report a failed NOT_ERR_OR_NULL check.
 * @test: The test context object.
 * @loc: where the check is.
 * @type: expectation or assertion.
 * @text: the pointer expression as written.
 * @ptr: its value, NULL or an error pointer.
 * @fmt: optional message, or NULL.
 */
void __kunit_fail_not_err(struct kunit *test, const struct kunit_loc *loc,
			  enum kunit_assert_type type, const char *text,
			  const void *ptr, const char *fmt, ...)
{
	struct kunit_strbuf sb = { 0 };
	va_list ap;

	kunit_assert_prologue(&sb, loc, type);
	if (!ptr)
		sb_add(&sb, KUNIT_SUBTEST_INDENT "Expected %s is not null, but is\n",
		       text);
	else
		sb_add(&sb, KUNIT_SUBTEST_INDENT "Expected %s is not error, but is: %ld\n",
		       text, PTR_ERR(ptr));
	va_start(ap, fmt);
	kunit_assert_print_msg(&sb, fmt, ap);
	va_end(ap);
	kunit_emit(test, &sb);
}

/**
 * __kunit_host_warns_begin() - Start of a KUNIT_HOST_EXPECT_WARNS() block.
 *
 * Return: the host's WARN count, to hand to __kunit_host_warns_end().
 */
unsigned long __kunit_host_warns_begin(void)
{
	return host_warn_count();
}

/**
 * __kunit_host_warns_end() - End of a KUNIT_HOST_EXPECT_WARNS() block.
 * @test: The test context object.
 * @loc: where the block is.
 * @before: what __kunit_host_warns_begin() returned.
 * @expected: how many WARNs the block must trigger.
 * @text: the code of the block, as written.
 *
 * The WARNs that did fire are declared whether or not they were as many
 * as @expected: a wrong count is already reported here, once, and must not
 * be reported again as "unexpected WARN" at the end of the case.
 */
void __kunit_host_warns_end(struct kunit *test, const struct kunit_loc *loc,
			    unsigned long before, unsigned long expected,
			    const char *text)
{
	unsigned long fired = host_warn_count() - before;
	struct kunit_strbuf sb = { 0 };

	test->host_warns_expected += fired;
	if (fired == expected)
		return;
	kunit_assert_prologue(&sb, loc, KUNIT_EXPECTATION);
	sb_add(&sb, KUNIT_SUBTEST_INDENT "Expected %s to WARN %lu time%s, but it WARNed %lu time%s\n",
	       text, expected, expected == 1 ? "" : "s",
	       fired, fired == 1 ? "" : "s");
	kunit_emit(test, &sb);
}
