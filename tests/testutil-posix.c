/*
 * testutil-posix — the test helpers that need the operating system, on
 * POSIX; see testutil.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

void
test_mkdtemp(char *buf, size_t n, const char *name)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	ck_assert_int_lt(snprintf(buf, n, "%s/%s.XXXXXX", tmp, name), (int)n);
	ck_assert_msg(mkdtemp(buf) != NULL, "mkdtemp %s: %s", buf,
	    strerror(errno));
}

static int
rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	return remove(path);
}

int
test_rmtree(const char *path)
{
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
test_mkdir(const char *path)
{
	return mkdir(path, 0755);
}

int
test_setenv(const char *name, const char *value)
{
	return value != NULL ? setenv(name, value, 1) : unsetenv(name);
}

int
test_set_mtime(const char *path, int64_t sec, long nsec)
{
	struct timespec ts[2];

	ts[0].tv_sec = ts[1].tv_sec = (time_t)sec;
	ts[0].tv_nsec = ts[1].tv_nsec = nsec;
	return utimensat(AT_FDCWD, path, ts, 0);
}

int
test_rename(const char *from, const char *to)
{
	return rename(from, to);
}

int
test_unlink(const char *path)
{
	return unlink(path);
}

FILE *
test_fopen(const char *path, const char *mode)
{
	return fopen(path, mode);
}

int64_t
test_timegm(const struct tm *tm)
{
	struct tm copy = *tm;

	return (int64_t)timegm(&copy);
}

void
test_gmtime(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	ck_assert_ptr_nonnull(gmtime_r(&tt, tm));
}

FILE *
test_capture_open(struct test_capture *c)
{
	memset(c, 0, sizeof(*c));
	c->f = open_memstream(&c->mem, &c->len);
	return c->f;
}

char *
test_capture_close(struct test_capture *c)
{
	ck_assert_int_eq(fclose(c->f), 0);
	c->f = NULL;
	return c->mem;
}
