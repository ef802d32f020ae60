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

/* Every path this CPU has, the automatic choice first. */
static const enum prefilter_path all_paths[] = {
	PREFILTER_AUTO, PREFILTER_DFA, PREFILTER_SCALAR, PREFILTER_SSSE3,
	PREFILTER_AVX2, PREFILTER_AVX2_FAT,
};

START_TEST(test_first)
{
	size_t k;

	for (k = 0; k < sizeof(all_paths) / sizeof(all_paths[0]); k++) {
		struct prefilter *pf, *none;
		char text[200];

		if (prefilter_force_path(all_paths[k]) != 0)
			continue;
		pf = prefilter_new(2);
		prefilter_add(pf, "needle", 6, 0);
		prefilter_add(pf, "haystack", 8, 1);
		prefilter_build(pf);
		none = prefilter_new(1);
		prefilter_add(none, "", 0, 0);	/* ignored */
		prefilter_build(none);

		ck_assert_uint_eq(prefilter_first(pf, "", 0), 0);
		ck_assert_uint_eq(prefilter_first(pf, "NEEDLE", 6), 0);
		ck_assert_uint_eq(prefilter_first(pf, "needl", 5), 5);
		ck_assert_uint_eq(prefilter_first(none, "needle", 6), 6);
		memset(text, '.', sizeof(text));
		ck_assert_uint_eq(prefilter_first(pf, text, sizeof(text)),
		    sizeof(text));
		memcpy(text + 150, "HayStack", 8);
		ck_assert_uint_le(prefilter_first(pf, text, sizeof(text)), 150);
		/* Teddy finds the start itself; the DFA may say less. */
		if (prefilter_path(pf) != PREFILTER_DFA)
			ck_assert_uint_eq(prefilter_first(pf, text,
			    sizeof(text)), 150);
		ck_assert_uint_eq(prefilter_first(pf, text, 157), 157);
		prefilter_free(pf);
		prefilter_free(none);
	}
	ck_assert_int_eq(prefilter_force_path(PREFILTER_AUTO), 0);
}
END_TEST

/* Bytes in no literal are not taken for a NUL that one literal has. */
START_TEST(test_nul_in_literal)
{
	size_t k;

	for (k = 0; k < sizeof(all_paths) / sizeof(all_paths[0]); k++) {
		struct prefilter *pf;
		uint64_t found[1] = { 0 };

		if (prefilter_force_path(all_paths[k]) != 0)
			continue;
		pf = prefilter_new(1);
		prefilter_add(pf, "a\0b", 3, 0);
		prefilter_build(pf);
		ck_assert_uint_eq(prefilter_scan(pf, "axb a b", 7, found), 0);
		ck_assert_uint_eq(prefilter_scan(pf, "xA\0Bx", 5, found), 1);
		prefilter_free(pf);
	}
	ck_assert_int_eq(prefilter_force_path(PREFILTER_AUTO), 0);
}
END_TEST

START_TEST(test_empty_and_unbuilt)
{
	struct prefilter *pf = prefilter_new(3);
	uint64_t found[1] = { 0 };

	prefilter_add(pf, "word", 4, 1);
	/* Not built yet: finds nothing, and says so. */
	ck_assert_uint_eq(prefilter_scan(pf, "word", 4, found), 0);
	ck_assert_uint_eq(prefilter_first(pf, "word", 4), 4);
	prefilter_build(pf);
	prefilter_add(pf, "late", 4, 2);	/* after the build: ignored */
	ck_assert_uint_eq(prefilter_scan(pf, "word late", 9, found), 1);
	ck_assert_uint_eq(found[0], 2);
	ck_assert_uint_eq(prefilter_words(pf), 1);
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
	tcase_add_test(tc, test_first);
	tcase_add_test(tc, test_nul_in_literal);
	tcase_add_test(tc, test_empty_and_unbuilt);
	suite_add_tcase(s, tc);
	return s;
}
