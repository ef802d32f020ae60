/*
 * check_sigdb — the .sig language: what loads, and the FILE:LINE errors
 * for what does not.
 */
#include <stdio.h>
#include <string.h>

#include "decode/event.h"
#include "match/regex.h"
#include "match/sigdb.h"
#include "testutil.h"
#include "lib/xmalloc.h"

static const char good[] =
    "# a comment\n"
    "[test.one]\n"
    "title    = First\n"
    "product  = test\n"
    "severity = critical\n"
    "formats  = configmgr plain\n"
    "match    = Cannot\\s+find\n"
    "           \\s+(?<site>\\w+)\n"
    "group_by = site\n"
    "meaning  = Line one\n"
    "  and two.\n"
    "fix      = Step one.\n"
    "fix      = Step two.\n"
    "ref      = https://example.org/\n"
    "\n"
    "[test.two]\n"
    "title = Second\n"
    "product = test\n"
    "severity = warning\n"
    "match = Cannot\n"
    "supersedes = test.one\n"
    "meaning = m\n"
    "fix = f\n";

START_TEST(test_good_file_loads)
{
	char *cause = NULL;
	struct sigdb *db = sigdb_load_buffer("good.sig", good, strlen(good),
	    &cause);
	const struct signature *one, *two;

	ck_assert_msg(db != NULL, "%s", cause);
	ck_assert_uint_eq(db->nsigs, 2);
	one = sigdb_find(db, "test.one");
	two = sigdb_find(db, "test.two");
	ck_assert_ptr_nonnull(one);
	ck_assert_ptr_nonnull(two);
	ck_assert_str_eq(one->title, "First");
	ck_assert_int_eq(one->severity, SEV_CRITICAL);
	ck_assert_uint_eq(one->formats,
	    FMT_MASK(FMT_CONFIGMGR) | FMT_MASK(FMT_PLAIN));
	ck_assert_uint_eq(two->formats, FMT_MASK_ALL);
	/* match continuation joins with nothing, prose with a space. */
	ck_assert_str_eq(one->match[0].source, "Cannot\\s+find\\s+(?<site>\\w+)");
	ck_assert_str_eq(one->meaning, "Line one and two.");
	ck_assert_uint_eq(one->nfix, 2);
	ck_assert_str_eq(one->fix[1], "Step two.");
	ck_assert_uint_eq(one->ngroup_by, 1);
	ck_assert_str_eq(one->group_by[0], "site");
	ck_assert_uint_eq(one->match[0].nliterals, 2);
	ck_assert_str_eq(one->match[0].literals[0], "cannot");
	ck_assert_str_eq(one->match[0].literals[1], "find");
	ck_assert_uint_eq(two->nsupersedes, 1);
	ck_assert_uint_eq(two->supersedes[0], one->index);
	ck_assert_int_eq(one->line, 2);
	ck_assert_int_eq(one->match[0].line, 7);
	sigdb_free(db);
}
END_TEST

/* Load text; expect failure with `want` in the cause. */
static void
expect_error(const char *text, const char *want)
{
	char *cause = NULL;
	struct sigdb *db = sigdb_load_buffer("bad.sig", text, strlen(text),
	    &cause);

	ck_assert_msg(db == NULL, "loaded, expected: %s", want);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, want) != NULL, "expected '%s' in '%s'",
	    want, cause);
	xfree(cause);
}

#define HEAD "[t.x]\ntitle = T\nproduct = t\nseverity = error\n" \
	     "meaning = m\nfix = f\n"

START_TEST(test_errors_name_file_and_line)
{
	expect_error(HEAD "match = a(b\n", "bad.sig:7: match: bad pattern");
	expect_error(HEAD "match = x\ncolour = red\n",
	    "bad.sig:8: unknown key 'colour'");
	expect_error("[t.x]\ntitle = T\nproduct = t\nmatch = x\nfix = f\n"
	    "meaning = m\n", "bad.sig:1: t.x: missing 'severity'");
	expect_error(HEAD "match = x\n" HEAD "match = y\n",
	    "bad.sig:8: duplicate signature id 't.x' (first defined at "
	    "bad.sig:1)");
	expect_error(HEAD "match = (?<a>x)\ngroup_by = site\n",
	    "bad.sig:7: t.x: group_by field 'site' is not captured");
	expect_error(HEAD "match = x\nsupersedes = t.nothing\n",
	    "bad.sig:1: t.x: supersedes unknown signature 't.nothing'");
	expect_error("[t.x]\ntitle = T\nproduct = t\nseverity = fatal\n"
	    "meaning = m\nfix = f\nmatch = x\n",
	    "bad.sig:4: t.x: unknown severity 'fatal'");
	expect_error("[Not An Id]\n", "bad.sig:1: bad signature id");
	expect_error("  floating\n", "bad.sig:1: continuation line without");
	expect_error("title = x\n", "bad.sig:1: 'title' outside a");
	expect_error(HEAD "match = x\ntitle = again\n",
	    "bad.sig:8: t.x: duplicate key 'title'");
	expect_error(HEAD "match = x\nformats = configmgr xml\n",
	    "bad.sig:8: t.x: unknown format 'xml'");
	expect_error(HEAD "match = x\nsupersedes = t.x\n", "supersedes itself");
	expect_error("[t.x]\nnonsense\n", "bad.sig:2: expected 'key = value'");
}
END_TEST

START_TEST(test_all_errors_reported_in_one_run)
{
	const char *text = HEAD "match = (\n" HEAD "match = x\ncolour = 1\n";
	char *cause = NULL;
	struct sigdb *db = sigdb_load_buffer("bad.sig", text, strlen(text),
	    &cause);

	ck_assert_ptr_null(db);
	ck_assert_msg(strstr(cause, "bad.sig:7:") != NULL, "%s", cause);
	ck_assert_msg(strstr(cause, "bad.sig:15:") != NULL, "%s", cause);
	xfree(cause);
}
END_TEST

START_TEST(test_directory_load_and_missing_directory)
{
	char path[512], *cause = NULL;
	struct sigdb *db;

	snprintf(path, sizeof(path), "%s/patterns", test_srcdir());
	db = sigdb_load(path, &cause);
	ck_assert_msg(db != NULL, "%s", cause);
	ck_assert_uint_ge(db->nsigs, 23);
	ck_assert_ptr_nonnull(sigdb_find(db, "configmgr.despool.public-key-missing"));
	ck_assert_ptr_nonnull(sigdb_find(db, "episerver.event-connection-closed"));
	sigdb_free(db);
	ck_assert_ptr_null(sigdb_load("/nonexistent/dir", &cause));
	ck_assert_msg(strstr(cause, "/nonexistent/dir") != NULL, "%s", cause);
	xfree(cause);
}
END_TEST

Suite *
sigdb_suite(void)
{
	Suite *s = suite_create("sigdb");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_good_file_loads);
	tcase_add_test(tc, test_errors_name_file_and_line);
	tcase_add_test(tc, test_all_errors_reported_in_one_run);
	tcase_add_test(tc, test_directory_load_and_missing_directory);
	suite_add_tcase(s, tc);
	return s;
}
