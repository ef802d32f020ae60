/*
 * check_inbox — counting and dating the files of an inbox folder: globs
 * in any letter case, the oldest by mtime, what is skipped, and the
 * errors for a folder that is missing or is not a folder.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/inbox.h"
#include "testutil.h"
#include "lib/xmalloc.h"

#define T0	1700000000		/* seconds since the epoch */

static char dir[512];

static void
setup(void)
{
	test_mkdtemp(dir, sizeof(dir), "check_inbox");
}

static void
teardown(void)
{
	ck_assert_int_eq(test_rmtree(dir), 0);
}

/* Create dir/name with its mtime at T0 + age_s seconds and nsec. */
static void
touch(const char *name, long age_s, long nsec)
{
	char p[600];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	test_write_file(p, "x", 1);
	ck_assert_int_eq(test_set_mtime(p, T0 + age_s, nsec), 0);
}

START_TEST(test_globs_any_case_and_oldest)
{
	char *globs[] = { "*.ins", "*.ist" };
	struct inbox_status st;
	char sub[600], *cause = NULL;

	touch("00000042.ins", 300, 0);
	touch("00000043.INS", 100, 250000000);	/* the oldest */
	touch("ds_1vfda.Ist", 200, 0);
	touch("00000044.pck", 10, 0);		/* older, but not matched */
	touch("notes.txt", 0, 0);
	touch(".hidden.ins", 50, 0);		/* dot-names are skipped */
	snprintf(sub, sizeof(sub), "%s/old.ins", dir);	/* a directory */
	ck_assert_int_eq(test_mkdir(sub), 0);
	ck_assert_int_eq(inbox_scan(dir, globs, 2, &st, &cause), 0);
	ck_assert_ptr_null(cause);
	ck_assert_int_eq(st.count, 3);
	ck_assert_str_eq(st.oldest, "00000043.INS");
	ck_assert_int_eq(st.oldest_ms, (int64_t)(T0 + 100) * 1000 + 250);

	/* One glob, and the tie on mtime goes to the first name. */
	touch("00000041.ins", 100, 250000000);
	ck_assert_int_eq(inbox_scan(dir, globs, 1, &st, NULL), 0);
	ck_assert_int_eq(st.count, 3);
	ck_assert_str_eq(st.oldest, "00000041.ins");

	/* No globs: every regular file. */
	ck_assert_int_eq(inbox_scan(dir, NULL, 0, &st, NULL), 0);
	ck_assert_int_eq(st.count, 6);
	ck_assert_str_eq(st.oldest, "notes.txt");
	ck_assert_int_eq(st.oldest_ms, (int64_t)T0 * 1000);
}
END_TEST

START_TEST(test_empty)
{
	char *globs[] = { "*.ins" };
	struct inbox_status st;
	char *cause = NULL;

	ck_assert_int_eq(inbox_scan(dir, globs, 1, &st, &cause), 0);
	ck_assert_ptr_null(cause);
	ck_assert_int_eq(st.count, 0);
	ck_assert_int_eq(st.oldest_ms, 0);
	ck_assert_str_eq(st.oldest, "");

	/* Files, none of them matching. */
	touch("a.pck", 0, 0);
	ck_assert_int_eq(inbox_scan(dir, globs, 1, &st, &cause), 0);
	ck_assert_int_eq(st.count, 0);
	ck_assert_str_eq(st.oldest, "");
}
END_TEST

START_TEST(test_errors)
{
	char *globs[] = { "*.ins" };
	struct inbox_status st;
	char missing[600], file[600], want[700], *cause = NULL;

	snprintf(missing, sizeof(missing), "%s/receive", dir);
	errno = 0;
	ck_assert_int_eq(inbox_scan(missing, globs, 1, &st, &cause), -1);
	ck_assert_int_eq(errno, ENOENT);
	snprintf(want, sizeof(want), "%s: %s", missing, strerror(ENOENT));
	ck_assert_str_eq(cause, want);
	xfree(cause);
	cause = NULL;

	/* Without cause: still -1 and errno. */
	errno = 0;
	ck_assert_int_eq(inbox_scan(missing, globs, 1, &st, NULL), -1);
	ck_assert_int_eq(errno, ENOENT);

	touch("x.ins", 0, 0);
	snprintf(file, sizeof(file), "%s/x.ins", dir);
	errno = 0;
	ck_assert_int_eq(inbox_scan(file, globs, 1, &st, &cause), -1);
	ck_assert_int_eq(errno, ENOTDIR);
	ck_assert_ptr_nonnull(strstr(cause, file));
	xfree(cause);
}
END_TEST

Suite *
inbox_suite(void)
{
	Suite *s = suite_create("inbox");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_globs_any_case_and_oldest);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return s;
}
