/*
 * check_lib — the small helpers of daemon/lib: the FILE:LINE collector,
 * durations, UTC dates, the fingerprint hash and the word splitter.
 */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/diag.h"
#include "lib/duration.h"
#include "lib/hash.h"
#include "lib/timefmt.h"
#include "lib/words.h"
#include "lib/xmalloc.h"

START_TEST(test_diag_lines_and_cap)
{
	struct diag d = { .max = 2 };
	char *s;

	ck_assert_ptr_null(diag_take(&d));
	diag_add(&d, "a.conf", 3, "bad %s", "key");
	diag_add(&d, "a.conf", 0, "cannot parse");
	diag_add(&d, NULL, 0, "x.sig:9: names its place");
	ck_assert_int_eq(d.count, 3);
	s = diag_take(&d);
	ck_assert_str_eq(s, "a.conf:3: bad key\na.conf: cannot parse");
	ck_assert_int_eq(d.count, 0);
	xfree(s);
	diag_free(&d);
}
END_TEST

START_TEST(test_diag_merge)
{
	struct diag a = { 0 }, b = { 0 };
	char *s;

	diag_add(&a, "f", 1, "one");
	diag_add(&b, "g", 2, "two");
	diag_merge(&a, &b);
	ck_assert_int_eq(a.count, 2);
	ck_assert_int_eq(b.count, 0);
	s = diag_take(&a);
	ck_assert_str_eq(s, "f:1: one\ng:2: two");
	xfree(s);
}
END_TEST

START_TEST(test_duration_parse_and_format)
{
	int64_t ms;
	int ims;
	char buf[32];

	ck_assert_int_eq(duration_parse("1h30m", &ms), 0);
	ck_assert_int_eq(ms, 5400000);
	ck_assert_int_eq(duration_parse("250ms", &ms), 0);
	ck_assert_int_eq(ms, 250);
	ck_assert_int_eq(duration_parse("1.5", &ms), 0);
	ck_assert_int_eq(ms, 1500);
	ck_assert_int_eq(duration_parse("3 days", &ms), -1);
	ck_assert_int_eq(duration_parse("-5m", &ms), -1);
	ck_assert_int_eq(duration_parse("1e30d", &ms), -1);
	ck_assert_int_eq(duration_parse_int("25d", &ims), -1);
	ck_assert_int_eq(duration_parse_int("24d", &ims), 0);
	ck_assert_str_eq(duration_format(2 * 86400000LL, buf, sizeof(buf)),
	    "2d");
	ck_assert_str_eq(duration_format(90000, buf, sizeof(buf)), "90s");
	ck_assert_str_eq(duration_format(1800000, buf, sizeof(buf)), "30m");
	ck_assert_str_eq(duration_format(1500, buf, sizeof(buf)), "1500ms");
}
END_TEST

/* timefmt agrees with the system's calendar (test_gmtime) over many dates. */
START_TEST(test_timefmt_against_libc)
{
	int64_t ms, back;
	char iso[32], want[64];
	struct tm tm;
	time_t t;
	int i;

	srand(7);
	for (i = 0; i < 20000; i++) {
		t = (time_t)((double)rand() / RAND_MAX * 253402300799.0);
		ms = (int64_t)t * 1000 + rand() % 1000;
		timefmt_iso(ms, iso);
		test_gmtime((int64_t)t, &tm);
		snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02d."
		    "%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
		ck_assert_str_eq(iso, want);
		ck_assert_int_eq(timefmt_parse_iso(iso, TIMEFMT_NEED_Z, &back),
		    0);
		ck_assert_int_eq(back, ms);
		ck_assert_int_eq(timefmt_civil_ms(tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		    (int)(ms % 1000), &back), 0);
		ck_assert_int_eq(back, ms);
	}
}
END_TEST

START_TEST(test_timefmt_parse_forms)
{
	int64_t ms;

	ck_assert_int_eq(timefmt_parse_iso("2016-08-22T11:15:01.917Z", 0,
	    &ms), 0);
	ck_assert_int_eq(ms, 1471864501917LL);
	ck_assert_int_eq(timefmt_parse_iso("2016-08-22T11:15:01", 0, &ms), 0);
	ck_assert_int_eq(ms, 1471864501000LL);
	ck_assert_int_eq(timefmt_parse_iso("2016-08-22T11:15:01",
	    TIMEFMT_NEED_Z, &ms), -1);
	ck_assert_int_eq(timefmt_parse_iso("2016-08-22T11:15:01.9Z", 0, &ms),
	    0);
	ck_assert_int_eq(ms % 1000, 900);
	ck_assert_int_eq(timefmt_parse_iso("1471864501917", 0, &ms), -1);
	ck_assert_int_eq(timefmt_parse_iso("1471864501917", TIMEFMT_EPOCH_MS,
	    &ms), 0);
	ck_assert_int_eq(ms, 1471864501917LL);
	ck_assert_int_eq(timefmt_parse_iso("2016-13-45T99:00:00.000Z", 0,
	    &ms), -1);
	ck_assert_int_eq(timefmt_parse_iso("2016-02-30T00:00:00Z", 0, &ms),
	    -1);
	ck_assert_int_eq(timefmt_parse_iso("2016-02-29T00:00:00Z", 0, &ms), 0);
	ck_assert_int_eq(timefmt_parse_iso("2016-08-22T11:15:01.Z", 0, &ms),
	    -1);
	ck_assert_int_eq(timefmt_parse_iso("2016-08-22T11:15:01Zx", 0, &ms),
	    -1);
	ck_assert_int_eq(timefmt_parse_iso("yesterday", TIMEFMT_EPOCH_MS,
	    &ms), -1);
	ck_assert_int_eq(timefmt_parse_iso("12abc", TIMEFMT_EPOCH_MS, &ms),
	    -1);
	ck_assert_int_eq(timefmt_civil_ms(1969, 12, 31, 0, 0, 0, 0, &ms), -1);
	ck_assert_int_eq(timefmt_civil_ms(2016, 1, 1, 24, 0, 0, 0, &ms), -1);
}
END_TEST

START_TEST(test_hash_vectors)
{
	/* The published FNV-1a 64 test vectors. */
	ck_assert_uint_eq(hash_fnv1a("", 0), 0xcbf29ce484222325ULL);
	ck_assert_uint_eq(hash_fnv1a("a", 1), 0xaf63dc4c8601ec8cULL);
	ck_assert_uint_eq(hash_fnv1a("foobar", 6), 0x85944171f73967e8ULL);
}
END_TEST

START_TEST(test_words)
{
	struct words w;

	ck_assert_int_eq(words_split("  match id site=S02 "
	    "path=\"C:\\\\Program Files\\\\x \\\"y\\\"\" bare", &w), 0);
	ck_assert_uint_eq(w.n, 5);
	ck_assert_str_eq(w.w[0].name, "match");
	ck_assert_ptr_null(w.w[0].value);
	ck_assert_str_eq(w.w[2].value, "S02");
	ck_assert_str_eq(w.w[3].name, "path");
	ck_assert_str_eq(w.w[3].value, "C:\\Program Files\\x \"y\"");
	ck_assert_str_eq(w.w[4].name, "bare");
	words_free(&w);
	ck_assert_int_eq(words_split("a=\"unterminated", &w), -1);
	ck_assert_uint_eq(w.n, 0);
	ck_assert_int_eq(words_split("=value", &w), -1);
	ck_assert_int_eq(words_split("", &w), 0);
	ck_assert_uint_eq(w.n, 0);
}
END_TEST

Suite *
lib_suite(void)
{
	Suite *s = suite_create("lib");
	TCase *tc = tcase_create("lib");

	tcase_add_test(tc, test_diag_lines_and_cap);
	tcase_add_test(tc, test_diag_merge);
	tcase_add_test(tc, test_duration_parse_and_format);
	tcase_add_test(tc, test_timefmt_against_libc);
	tcase_add_test(tc, test_timefmt_parse_forms);
	tcase_add_test(tc, test_hash_vectors);
	tcase_add_test(tc, test_words);
	suite_add_tcase(s, tc);
	return s;
}
