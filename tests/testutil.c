/*
 * testutil — the portable test helpers; see testutil.h.  The ones that
 * need the operating system are in testutil-posix.c and testutil-win32.c.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

const char *
test_srcdir(void)
{
	const char *d = getenv("SYNCWATCH_SRCDIR");

	return d != NULL && *d != '\0' ? d : ".";
}

char *
test_strndup(const char *s, size_t n)
{
	size_t len = 0;
	char *p;

	while (len < n && s[len] != '\0')
		len++;
	p = malloc(len + 1);
	ck_assert_ptr_nonnull(p);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void
test_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = test_fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot create %s", path);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

void
test_append_file(const char *path, const char *text)
{
	FILE *f = test_fopen(path, "ab");

	ck_assert_msg(f != NULL, "cannot append to %s", path);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}
