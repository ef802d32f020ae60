/*
 * check_buf — the growable buffer.
 */
#include "testutil.h"
#include <string.h>

#include "lib/buf.h"

START_TEST(test_append_grows_and_terminates)
{
	struct buf b = { 0 };
	int i;

	for (i = 0; i < 1000; i++)
		buf_append(&b, "abc", 3);
	ck_assert_uint_eq(b.len, 3000);
	ck_assert_int_eq(b.data[b.len], '\0');
	ck_assert_int_eq(memcmp(b.data + 2997, "abc", 3), 0);
	buf_printf(&b, "%d-%s", 42, "x");
	ck_assert_str_eq(b.data + 3000, "42-x");
	buf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(buf_cstr(&b), "");
	buf_free(&b);
	ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(test_empty_cstr)
{
	struct buf b = { 0 };

	ck_assert_str_eq(buf_cstr(&b), "");
	buf_free(&b);
}
END_TEST

Suite *
buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_append_grows_and_terminates);
	tcase_add_test(tc, test_empty_cstr);
	suite_add_tcase(s, tc);
	return s;
}
