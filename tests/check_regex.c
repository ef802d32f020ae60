/*
 * check_regex — the PCRE2 wrapper and required-literal extraction.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "match/regex.h"
#include "testutil.h"
#include "lib/xmalloc.h"

static void
assert_literal(const char *src, const char *want)
{
	char *got = regex_literal(src, 3);

	if (want == NULL)
		ck_assert_msg(got == NULL, "%s: expected no literal, got '%s'",
		    src, got);
	else {
		ck_assert_msg(got != NULL, "%s: expected '%s', got none", src,
		    want);
		ck_assert_str_eq(got, want);
	}
	xfree(got);
}

START_TEST(test_literal_picks_longest_required_run)
{
	assert_literal("Cannot\\s+find\\s+(?:a\\s+)?public\\s+key\\s+for"
	    "\\s+instruction", "instruction");
	assert_literal("SyncAssetLibraryFailed\\s+failed", "syncassetlibraryfailed");
	assert_literal("\\(407\\)\\s*Proxy Authentication Required",
	    "proxy authentication required");
	assert_literal("ID=4404\\b.*SMS_DESPOOLER", "sms_despooler");
}
END_TEST

START_TEST(test_literal_respects_optional_characters)
{
	/* The 's' of "files" is optional: "file" is the provable part. */
	assert_literal("Could not find files?", "could not find file");
	assert_literal("colou?r matters", "r matters");
	assert_literal("abc{0,2}def", "def");
	assert_literal("x+yzw", "yzw");
}
END_TEST

START_TEST(test_literal_gives_up_when_unprovable)
{
	assert_literal("foo bar|baz qux", NULL);
	assert_literal("(?x) a b c d e f", NULL);
	assert_literal("(?:alpha|beta)\\s+\\d+", NULL);
	assert_literal("ab", NULL);		/* shorter than the minimum */
	assert_literal("caf\xc3\xa9s", "caf");	/* non-ASCII ends the run */
}
END_TEST

START_TEST(test_literal_handles_classes_groups_escapes)
{
	assert_literal("[abc]+ hello (?<site>[A-Z0-9]{3}) world",
	    " hello ");
	assert_literal("\\Qa.b*c\\E and more", "a.b*c and more");
	assert_literal("(?i)Faulted\\s+state", "faulted");
	assert_literal("[]x] literal", " literal");
}
END_TEST

/* Whether lit occurs in s, ASCII letters in either case (the prefilter's). */
static int
occurs(const char *s, const char *lit)
{
	size_t n = strlen(lit), i, k;

	for (i = 0; s[i] != '\0'; i++) {
		for (k = 0; k < n && s[i + k] != '\0'; k++)
			if (tolower((unsigned char)s[i + k]) !=
			    tolower((unsigned char)lit[k]))
				break;
		if (k == n)
			return 1;
	}
	return n == 0;
}

/*
 * src matches subject, so every literal regex_literals says src requires
 * is in subject: a literal that is not would make the prefilter lose it.
 */
static void
assert_sound(const char *src, const char *subject)
{
	char *cause = NULL, **lits = NULL;
	struct regex *re = regex_compile(src, &cause);
	struct regex_ctx *ctx = regex_ctx_new();
	size_t n, i;

	ck_assert_msg(re != NULL, "%s: %s", src, cause);
	ck_assert_msg(regex_exec(re, ctx, subject, strlen(subject)) == 1,
	    "%s does not match its subject", src);
	n = regex_literals(src, 3, &lits);
	for (i = 0; i < n; i++) {
		ck_assert_msg(occurs(subject, lits[i]), "%s: the literal '%s' "
		    "is not in a text it matches", src, lits[i]);
		xfree(lits[i]);
	}
	xfree(lits);
	regex_ctx_free(ctx);
	regex_free(re);
}

/*
 * Found while writing fuzz-sig's oracle: escapes that take the characters
 * after them (a control character, a hex or octal code, a back reference,
 * a one-letter property) left those characters in the literal.
 */
START_TEST(test_literal_escapes_take_their_characters)
{
	assert_sound("x\\cAbcd", "x\001bcd");
	assert_sound("\\x41bcdef", "Abcdef");
	assert_sound("\\012abcd", "\nabcd");
	assert_sound("(a)\\1bcd", "aabcd");
	assert_sound("(a)\\g1bcd", "aabcd");
	assert_sound("(a)\\g-1bcd", "aabcd");
	assert_sound("\\pLbcd", "Zbcd");
	assert_sound("\\PLbcd", "1bcd");
	assert_literal("\\x41bcdef", "bcdef");
	assert_literal("\\x{41}bcdef", "bcdef");
}
END_TEST

/* The same: a quantifier after \Q...\E applies to its last character. */
START_TEST(test_literal_quantifier_after_quote)
{
	assert_sound("xyz\\Qabcd\\E?", "xyzabc");
	assert_sound("\\Qab\\E{0,3}cde", "acde");
	assert_sound("\\Qab\\E*cde", "acde");
	assert_literal("\\Qabcdef\\E+ more", "abcdef");
	assert_literal("\\Qa.b*c\\E and more", "a.b*c and more");
}
END_TEST

START_TEST(test_compile_error_has_offset)
{
	char *cause = NULL;
	struct regex *re = regex_compile("abc(def", &cause);

	ck_assert_ptr_null(re);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, "offset 7") != NULL, "cause: %s", cause);
	xfree(cause);
}
END_TEST

START_TEST(test_match_is_caseless_and_captures)
{
	char *cause = NULL;
	struct regex *re = regex_compile("site\\s+(?<site>\\w+)", &cause);
	struct regex_ctx *ctx = regex_ctx_new();
	const char *subject = "incoming from SITE s02, retry";
	size_t s, e;
	int group;

	ck_assert_ptr_nonnull(re);
	ck_assert_int_eq(regex_name_count(re), 1);
	ck_assert_str_eq(regex_name(re, 0, &group), "site");
	ck_assert_int_eq(group, 1);
	ck_assert(regex_has_name(re, "site"));
	ck_assert(!regex_has_name(re, "path"));
	ck_assert_int_eq(regex_exec(re, ctx, subject, strlen(subject)), 1);
	ck_assert_int_eq(regex_group(ctx, group, &s, &e), 0);
	ck_assert_int_eq((int)(e - s), 3);
	ck_assert_int_eq(memcmp(subject + s, "s02", 3), 0);
	ck_assert_int_eq(regex_exec(re, ctx, "nothing", 7), 0);
	regex_ctx_free(ctx);
	regex_free(re);
}
END_TEST

START_TEST(test_invalid_utf8_subject_is_survived)
{
	char *cause = NULL;
	struct regex *re = regex_compile("key", &cause);
	struct regex_ctx *ctx = regex_ctx_new();
	const char subject[] = "\xff\xfe bad \xc3 key \x80";

	ck_assert_int_eq(regex_exec(re, ctx, subject, sizeof(subject) - 1), 1);
	regex_ctx_free(ctx);
	regex_free(re);
}
END_TEST

START_TEST(test_catastrophic_pattern_is_bounded)
{
	char *cause = NULL;
	struct regex *re = regex_compile("(a+)+$", &cause);
	struct regex_ctx *ctx = regex_ctx_new();
	char subject[4096];
	int rc;

	memset(subject, 'a', sizeof(subject) - 1);
	subject[sizeof(subject) - 2] = 'b';
	subject[sizeof(subject) - 1] = '\0';
	rc = regex_exec(re, ctx, subject, sizeof(subject) - 1);
	ck_assert_int_eq(rc, -1);
	ck_assert_uint_eq(regex_ctx_limit_hits(ctx), 1);
	regex_ctx_free(ctx);
	regex_free(re);
}
END_TEST

Suite *
regex_suite(void)
{
	Suite *s = suite_create("regex");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_literal_picks_longest_required_run);
	tcase_add_test(tc, test_literal_respects_optional_characters);
	tcase_add_test(tc, test_literal_gives_up_when_unprovable);
	tcase_add_test(tc, test_literal_handles_classes_groups_escapes);
	tcase_add_test(tc, test_literal_escapes_take_their_characters);
	tcase_add_test(tc, test_literal_quantifier_after_quote);
	tcase_add_test(tc, test_compile_error_has_offset);
	tcase_add_test(tc, test_match_is_caseless_and_captures);
	tcase_add_test(tc, test_invalid_utf8_subject_is_survived);
	tcase_add_test(tc, test_catastrophic_pattern_is_bounded);
	suite_add_tcase(s, tc);
	return s;
}
