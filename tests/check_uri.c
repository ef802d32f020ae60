/*
 * check_uri — percent-decoding in place and the query limits.  Every
 * string is decoded in a heap block of exactly its size, so that writing
 * past it (as the old unescape callback did with "/.invalid" over "/%00")
 * is an error under ASan.
 */
#include <stdio.h>
#include <string.h>

#include "http/uri.h"
#include "lib/xmalloc.h"
#include "testutil.h"

/* Decode in into an exact-size copy; the result in out[size]. */
static size_t
decode(const char *in, char *out, size_t size, int *nul)
{
	char *s = xstrdup(in);
	size_t len = uri_unescape(s, nul);

	ck_assert_uint_le(len, strlen(in));
	ck_assert_uint_eq(len, strlen(s));
	snprintf(out, size, "%s", s);
	xfree(s);
	return len;
}

START_TEST(test_unescape)
{
	char out[64];
	int nul;

	ck_assert_uint_eq(decode("/incidents/7", out, sizeof(out), &nul), 12);
	ck_assert_str_eq(out, "/incidents/7");
	ck_assert_int_eq(nul, 0);
	decode("/a%20b%2Fc%7e", out, sizeof(out), &nul);
	ck_assert_str_eq(out, "/a b/c~");
	ck_assert_int_eq(nul, 0);
	/* Not escapes: kept as they are. */
	decode("/%zz/%4/%", out, sizeof(out), &nul);
	ck_assert_str_eq(out, "/%zz/%4/%");
	decode("%25%32%35", out, sizeof(out), &nul);
	ck_assert_str_eq(out, "%25");
	/* A NUL: cut there, and said so; nothing longer than the input. */
	ck_assert_uint_eq(decode("/%00", out, sizeof(out), &nul), 1);
	ck_assert_str_eq(out, "/");
	ck_assert_int_eq(nul, 1);
	decode("%00", out, sizeof(out), &nul);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(nul, 1);
	decode("/static/dashboard.js%00.css", out, sizeof(out), &nul);
	ck_assert_str_eq(out, "/static/dashboard.js");
	ck_assert_int_eq(nul, 1);
	decode("", out, sizeof(out), &nul);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(nul, 0);
}
END_TEST

START_TEST(test_query)
{
	const char *q, *why = NULL;
	char *t;
	size_t i;

	ck_assert_int_eq(uri_check_query("/healthz", &q, &why), 0);
	ck_assert_ptr_null(q);
	ck_assert_int_eq(uri_check_query("/api/v1/incidents?state=open&"
	    "limit=5", &q, &why), 0);
	ck_assert_str_eq(q, "?state=open&limit=5");
	ck_assert_int_eq(uri_check_query("/?", &q, &why), 0);
	/* 32 arguments pass, 33 do not; empty pieces count. */
	t = xmalloc(200);
	strcpy(t, "/?");
	for (i = 0; i < 31; i++)
		strcat(t, "a&");
	strcat(t, "z");
	ck_assert_int_eq(uri_check_query(t, &q, &why), 0);
	strcat(t, "&");
	ck_assert_int_eq(uri_check_query(t, &q, &why), 400);
	ck_assert_ptr_nonnull(strstr(why, "32"));
	xfree(t);
	/* Over 4096 bytes of query: 414. */
	t = xmalloc(URI_MAX_QUERY + 8);
	strcpy(t, "/?x=");
	memset(t + 4, 'a', URI_MAX_QUERY - 2);
	t[URI_MAX_QUERY + 2] = '\0';
	ck_assert_int_eq(uri_check_query(t, &q, &why), 0);
	strcat(t, "b");
	ck_assert_int_eq(uri_check_query(t, &q, &why), 414);
	xfree(t);
}
END_TEST

Suite *
uri_suite(void)
{
	Suite *s = suite_create("uri");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_unescape);
	tcase_add_test(tc, test_query);
	suite_add_tcase(s, tc);
	return s;
}
