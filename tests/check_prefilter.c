/*
 * check_prefilter — the multi-literal search against a naive reference.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "match/prefilter.h"
#include "testutil.h"

static int
naive_contains(const char *text, size_t len, const char *lit)
{
	size_t n = strlen(lit), i, j;

	for (i = 0; i + n <= len; i++) {
		for (j = 0; j < n; j++)
			if (tolower((unsigned char)text[i + j]) !=
			    tolower((unsigned char)lit[j]))
				break;
		if (j == n)
			return 1;
	}
	return 0;
}

START_TEST(test_finds_overlapping_and_nested_words)
{
	struct prefilter *pf = prefilter_new(4);
	uint64_t found[1] = { 0 };

	prefilter_add(pf, "he", 2, 0);
	prefilter_add(pf, "she", 3, 1);
	prefilter_add(pf, "hers", 4, 2);
	prefilter_add(pf, "his", 3, 3);
	prefilter_build(pf);
	ck_assert_uint_eq(prefilter_scan(pf, "uSHErs", 6, found), 3);
	ck_assert_uint_eq(found[0], 0x7);
	found[0] = 0;
	ck_assert_uint_eq(prefilter_scan(pf, "nothing", 7, found), 0);
	ck_assert_uint_eq(found[0], 0);
	prefilter_free(pf);
}
END_TEST

START_TEST(test_agrees_with_naive_search)
{
	static const char *words[] = {
		"instruction", "public key", "faulted", "(407)", "forbidden",
		"objectreference", "object reference", "sms_despooler",
		"raiseevent", "max index", "staged", "contractfilter",
	};
	size_t nw = sizeof(words) / sizeof(words[0]), i, k, round;
	struct prefilter *pf = prefilter_new(nw + 70);
	char text[512];
	uint64_t found[2];
	unsigned int seed = 12345;

	for (i = 0; i < nw; i++)
		prefilter_add(pf, words[i], strlen(words[i]), i + 64);
	prefilter_build(pf);
	for (round = 0; round < 2000; round++) {
		size_t len = 0;

		while (len < sizeof(text) - 40) {
			seed = seed * 1103515245 + 12345;
			if ((seed >> 16) % 7 == 0) {
				const char *w = words[(seed >> 8) % nw];
				for (k = 0; w[k] != '\0'; k++)
					text[len++] = (seed >> 20) & 1 ?
					    (char)toupper((unsigned char)w[k]) :
					    w[k];
			} else
				text[len++] = "abcdefghijklmnoprstu ()-_"
				    [(seed >> 16) % 25];
		}
		found[0] = found[1] = 0;
		prefilter_scan(pf, text, len, found);
		ck_assert_uint_eq(found[0], 0);
		for (i = 0; i < nw; i++)
			ck_assert_int_eq(!!(found[1] & (1ULL << i)),
			    naive_contains(text, len, words[i]));
	}
	prefilter_free(pf);
}
END_TEST

START_TEST(test_high_bytes_and_nuls_are_harmless)
{
	struct prefilter *pf = prefilter_new(1);
	uint64_t found[1] = { 0 };
	const char text[] = "\0\xff\x80 KEY\0";

	prefilter_add(pf, "key", 3, 0);
	prefilter_build(pf);
	ck_assert_uint_eq(prefilter_scan(pf, text, sizeof(text) - 1, found), 1);
	prefilter_free(pf);
}
END_TEST

Suite *
prefilter_suite(void)
{
	Suite *s = suite_create("prefilter");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_finds_overlapping_and_nested_words);
	tcase_add_test(tc, test_agrees_with_naive_search);
	tcase_add_test(tc, test_high_bytes_and_nuls_are_harmless);
	suite_add_tcase(s, tc);
	return s;
}
