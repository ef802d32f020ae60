/*
 * check_tzif — IANA zones: the TZif reader on the system's tzdata (when
 * the machine has it) and on damaged bytes, the POSIX TZ rules of the
 * footer for dates past the table, and local time to UTC on both sides of
 * a daylight-saving change, in the repeated and the missing hour.
 */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/timefmt.h"
#include "lib/tzif.h"
#include "lib/xmalloc.h"

static int64_t
civil(int y, int mo, int d, int h, int mi, int s)
{
	int64_t ms;

	ck_assert_int_eq(timefmt_civil_ms(y, mo, d, h, mi, s, 0, &ms), 0);
	return ms / 1000;
}

/* The bytes of a file, or NULL when the machine has no such file. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = xmalloc((size_t)n + 1);
	*len = fread(b, 1, (size_t)n, f);
	fclose(f);
	return b;
}

/* Berlin's rules, whether from tzdata or from the footer rule alone. */
static void
assert_berlin(const struct tzif *z)
{
	/* Offsets on both sides of the 2016 changes (01:00 UTC both). */
	ck_assert_int_eq(tzif_offset(z, civil(2016, 3, 27, 0, 59, 59)), 3600);
	ck_assert_int_eq(tzif_offset(z, civil(2016, 3, 27, 1, 0, 0)), 7200);
	ck_assert_int_eq(tzif_offset(z, civil(2016, 10, 30, 0, 59, 59)), 7200);
	ck_assert_int_eq(tzif_offset(z, civil(2016, 10, 30, 1, 0, 0)), 3600);
	/* Local to UTC: winter, summer, either side of a change. */
	ck_assert_int_eq(tzif_local_to_utc(z, civil(2016, 1, 15, 12, 0, 0)),
	    civil(2016, 1, 15, 11, 0, 0));
	ck_assert_int_eq(tzif_local_to_utc(z, civil(2016, 7, 1, 12, 0, 0)),
	    civil(2016, 7, 1, 10, 0, 0));
	ck_assert_int_eq(tzif_local_to_utc(z, civil(2016, 3, 27, 1, 59, 59)),
	    civil(2016, 3, 27, 0, 59, 59));
	ck_assert_int_eq(tzif_local_to_utc(z, civil(2016, 3, 27, 3, 0, 0)),
	    civil(2016, 3, 27, 1, 0, 0));
	/* The missing hour: the offset from before the change. */
	ck_assert_int_eq(tzif_local_to_utc(z, civil(2016, 3, 27, 2, 30, 0)),
	    civil(2016, 3, 27, 1, 30, 0));
	/* The repeated hour: its first pass, in summer time. */
	ck_assert_int_eq(tzif_local_to_utc(z, civil(2016, 10, 30, 2, 30, 0)),
	    civil(2016, 10, 30, 0, 30, 0));
	ck_assert_int_eq(tzif_local_to_utc(z, civil(2016, 10, 30, 3, 0, 0)),
	    civil(2016, 10, 30, 2, 0, 0));
	/* Far past any table: the footer rule (last Sundays, 2100). */
	ck_assert_int_eq(tzif_offset(z, civil(2100, 3, 28, 0, 59, 59)), 3600);
	ck_assert_int_eq(tzif_offset(z, civil(2100, 3, 28, 1, 0, 0)), 7200);
	ck_assert_int_eq(tzif_local_to_utc(z, civil(2100, 7, 1, 12, 0, 0)),
	    civil(2100, 7, 1, 10, 0, 0));
	ck_assert_int_eq(tzif_offset(z, civil(2100, 10, 31, 0, 59, 59)), 7200);
	ck_assert_int_eq(tzif_offset(z, civil(2100, 10, 31, 1, 0, 0)), 3600);
}

START_TEST(test_posix_rules)
{
	struct tzif *z;
	char *cause = NULL;

	z = tzif_posix("CET-1CEST,M3.5.0,M10.5.0/3", &cause);
	ck_assert_ptr_nonnull(z);
	assert_berlin(z);
	tzif_free(z);

	/* US Eastern: second Sunday of March, first of November, 02:00. */
	z = tzif_posix("EST5EDT,M3.2.0,M11.1.0", &cause);
	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(tzif_offset(z, civil(2021, 3, 14, 6, 59, 59)), -18000);
	ck_assert_int_eq(tzif_offset(z, civil(2021, 3, 14, 7, 0, 0)), -14400);
	ck_assert_int_eq(tzif_offset(z, civil(2021, 11, 7, 5, 59, 59)), -14400);
	ck_assert_int_eq(tzif_offset(z, civil(2021, 11, 7, 6, 0, 0)), -18000);
	tzif_free(z);

	/* Southern hemisphere: summer time across the new year. */
	z = tzif_posix("AEST-10AEDT,M10.1.0,M4.1.0/3", &cause);
	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(tzif_offset(z, civil(2021, 1, 1, 0, 0, 0)), 39600);
	ck_assert_int_eq(tzif_offset(z, civil(2021, 7, 1, 0, 0, 0)), 36000);
	ck_assert_int_eq(tzif_local_to_utc(z, civil(2021, 7, 1, 10, 0, 0)),
	    civil(2021, 7, 1, 0, 0, 0));
	tzif_free(z);

	/* No daylight saving, a quoted name, half hours; Julian days. */
	z = tzif_posix("<+0530>-5:30", &cause);
	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(tzif_offset(z, civil(2030, 6, 1, 0, 0, 0)), 19800);
	tzif_free(z);
	z = tzif_posix("XST3XDT,J60/0,J300/0", &cause);
	ck_assert_ptr_nonnull(z);
	/* J60 is March 1 in every year. */
	ck_assert_int_eq(tzif_offset(z, civil(2024, 3, 1, 2, 59, 59)), -10800);
	ck_assert_int_eq(tzif_offset(z, civil(2024, 3, 1, 3, 0, 0)), -7200);
	tzif_free(z);

	ck_assert_ptr_null(tzif_posix("nonsense,", &cause));
	ck_assert_ptr_nonnull(cause);
	xfree(cause);
	cause = NULL;
	ck_assert_ptr_null(tzif_posix("CET-1CEST,M13.5.0,M10.5.0", &cause));
	xfree(cause);
}
END_TEST

START_TEST(test_tzdata_berlin)
{
	static const char *const dirs[] = { "/usr/share/zoneinfo" };
	unsigned char *b;
	size_t len = 0, k;
	struct tzif *z;
	char path[256], *cause = NULL;

	snprintf(path, sizeof(path), "%s/Europe/Berlin", dirs[0]);
	if ((b = slurp(path, &len)) == NULL) {
		/* Debian always has tzdata; say so if a machine does not. */
		fprintf(stderr, "check_tzif: no %s, skipped\n", path);
		return;
	}
	z = tzif_parse(b, len, &cause);
	ck_assert_msg(z != NULL, "%s", cause);
	assert_berlin(z);
	/* 1990: from the table (64-bit block). */
	ck_assert_int_eq(tzif_offset(z, civil(1990, 7, 1, 0, 0, 0)), 7200);
	tzif_free(z);

	/* Every prefix and some damage: refused or read, never a crash. */
	for (k = 0; k < len; k += (k < 100 ? 1 : 37)) {
		z = tzif_parse(b, k, &cause);
		if (z == NULL) {
			xfree(cause);
			cause = NULL;
		}
		tzif_free(z);
	}
	for (k = 20; k < 44 && k < len; k++) {
		unsigned char save = b[k];

		b[k] = 0xff;
		z = tzif_parse(b, len, &cause);
		if (z == NULL) {
			xfree(cause);
			cause = NULL;
		}
		tzif_free(z);
		b[k] = save;
	}
	free(b);
}
END_TEST

START_TEST(test_tzone_fixed_and_zone)
{
	struct tzif *z = tzif_posix("CET-1CEST,M3.5.0,M10.5.0/3", NULL);
	struct tzone fixed = { 60, NULL }, zone = { 0, z };

	ck_assert_int_eq(tzone_to_utc(NULL, 5000), 5000);
	ck_assert_int_eq(tzone_to_utc(&fixed, 3600000 + 250), 250);
	ck_assert_int_eq(tzone_to_utc(&zone,
	    civil(2016, 7, 1, 12, 0, 0) * 1000 + 917),
	    civil(2016, 7, 1, 10, 0, 0) * 1000 + 917);
	tzif_free(z);
}
END_TEST

Suite *
tzif_suite(void)
{
	Suite *s = suite_create("tzif");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_posix_rules);
	tcase_add_test(tc, test_tzdata_berlin);
	tcase_add_test(tc, test_tzone_fixed_and_zone);
	suite_add_tcase(s, tc);
	return s;
}
