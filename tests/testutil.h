/*
 * testutil — shared by the Check suites: Check itself, a prototype for
 * every suite (from the generated suites.h), and small helpers.
 *
 * The helpers are what the suites need from the operating system that the
 * C library does not give portably (temporary folders, removing a tree,
 * the environment, file times, renames and deletes the way the OS's own
 * programs do them).  tests/testutil.c holds the portable ones;
 * testutil-posix.c and testutil-win32.c (the Makefile compiles the one of
 * the platform built for) the rest.  OS headers are fine in tests/, but
 * only those two files include them.  Paths are UTF-8 on every platform.
 */
#ifndef SYNCWATCH_TESTUTIL_H
#define SYNCWATCH_TESTUTIL_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

/*
 * The source tree's top directory: $SYNCWATCH_SRCDIR when set (make sets
 * it), else ".".  Returns a static string.
 */
const char *test_srcdir(void);

/*
 * An absolute path in the tests' sources: "/x" on POSIX, "C:/x" on Windows
 * (where "/x" is relative to the current drive, and so not absolute).  Use
 * as TEST_ABS "/var/lib/sw": one string literal, the same in the text a
 * test writes and in what it expects back.
 */
#ifdef _WIN32
#define TEST_ABS	"C:"
#else
#define TEST_ABS	""
#endif

/*
 * Make a new, empty directory NAME.XXXXXX (a random suffix) in the
 * system's temporary folder (/tmp; %TEMP% on Windows); its path goes into
 * buf (n bytes).  Fails the test when it cannot.
 */
void	test_mkdtemp(char *buf, size_t n, const char *name);
/* Remove path and, if it is a directory, everything under it.  0 or -1. */
int	test_rmtree(const char *path);
/* Make a directory.  0 or -1. */
int	test_mkdir(const char *path);
/* Set (value not NULL) or remove (NULL) an environment variable.  0/-1. */
int	test_setenv(const char *name, const char *value);
/* Set path's modification (and access) time to sec + nsec since 1970. */
int	test_set_mtime(const char *path, int64_t sec, long nsec);
/*
 * Rename (replacing to) and delete, the way the platform's own programs
 * do it: rename(2) and unlink(2); MoveFileExW and DeleteFileW on Windows,
 * where they fail while another handle denies FILE_SHARE_DELETE.  0 or -1.
 */
int	test_rename(const char *from, const char *to);
int	test_unlink(const char *path);
/* fopen of a UTF-8 path (on Windows _wfopen: any name, any code page). */
FILE	*test_fopen(const char *path, const char *mode);
/* Write len bytes to path (created or truncated), binary.  Fails the test. */
void	test_write_file(const char *path, const void *data, size_t len);
/* Append a string to path, binary.  Fails the test when it cannot. */
void	test_append_file(const char *path, const char *text);

/*
 * The system's UTC calendar, to hold syncwatch's own against: timegm(3)
 * and gmtime_r(3) on POSIX; on Windows SystemTimeToFileTime and
 * FileTimeToSystemTime (msvcrt has no timegm, and its _gmtime64 stops at
 * the year 3000).  Seconds since 1970; tm_year, tm_mon, tm_mday, tm_hour,
 * tm_min, tm_sec are used and set (and tm_wday by test_gmtime).
 */
struct tm;
int64_t	test_timegm(const struct tm *);
void	test_gmtime(int64_t t, struct tm *);

/* A copy of the first n bytes of s (at most), free()d by the caller. */
char	*test_strndup(const char *s, size_t n);

/*
 * A FILE whose output is collected in memory, as open_memstream(3) (a
 * temporary file where there is none): test_capture_open, write to
 * c->f, then test_capture_close returns everything written as a
 * NUL-terminated string the caller free()s.
 */
struct test_capture {
	FILE	*f;
	char	*mem;		/* open_memstream's buffer */
	size_t	 len;
	char	 path[512];	/* the temporary file otherwise */
};
FILE	*test_capture_open(struct test_capture *);
char	*test_capture_close(struct test_capture *);

#endif
