/*
 * check_platform_files — the platform layer's files, folders, paths and
 * glob, on the platform built for (the same tests on POSIX and Windows;
 * where the platforms differ, each says what it expects).
 *
 * What matters most on Windows: a followed log must not stop the product
 * from rotating it.  test_rename() and test_unlink() are MoveFileExW and
 * DeleteFileW there, which fail while any handle denies FILE_SHARE_DELETE;
 * the control case (a plain msvcrt fopen, which does deny it) shows that
 * the check can fail.  Reads are binary (a text-mode read would turn CRLF
 * into LF and stop at the byte 0x1A) and positional; a file's identity
 * survives a rename and tells a new file from the old.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "testutil.h"

static char dir[512];

static void
setup(void)
{
	test_mkdtemp(dir, sizeof(dir), "check_platform_files");
}

static void
teardown(void)
{
	ck_assert_int_eq(test_rmtree(dir), 0);
}

/* dir/name into buf. */
static const char *
at(char *buf, size_t n, const char *name)
{
	ck_assert_int_lt(snprintf(buf, n, "%s/%s", dir, name), (int)n);
	return buf;
}

/* The whole content of f from offset 0, as a new string. */
static char *
read_all(struct platform_file *f, size_t *len)
{
	char chunk[7], *s = NULL;	/* small: several reads */
	uint64_t off = 0;
	int64_t got;

	while ((got = platform_pread(f, chunk, sizeof(chunk), off)) > 0) {
		s = xreallocarray(s, (size_t)off + (size_t)got + 1, 1);
		memcpy(s + off, chunk, (size_t)got);
		off += (uint64_t)got;
	}
	ck_assert_int_eq(got, 0);
	if (s == NULL)
		s = xmalloc(1);
	s[off] = '\0';
	if (len != NULL)
		*len = (size_t)off;
	return s;
}

START_TEST(test_followed_log_can_be_rotated_and_deleted)
{
	char log[600], lo[600];
	struct platform_stat held, st;
	struct platform_file *f;
	char *text;

	at(log, sizeof(log), "despool.log");
	at(lo, sizeof(lo), "despool.lo_");
	test_write_file(log, "one\r\n", 5);
	f = platform_open_log(log);
	ck_assert_msg(f != NULL, "%s: %s", log, strerror(errno));
	ck_assert_int_eq(platform_fstat(f, &held), 0);

	/* ConfigMgr's rollover, while the log is held. */
	ck_assert_msg(test_rename(log, lo) == 0, "rename while held: %s",
	    strerror(errno));
	test_write_file(log, "two\r\n", 5);
	/* The writer goes on appending to the renamed file: still shared. */
	test_append_file(lo, "three\r\n");
	text = read_all(f, NULL);
	ck_assert_str_eq(text, "one\r\nthree\r\n");
	xfree(text);
	ck_assert_int_eq(platform_stat(lo, &st), 0);
	ck_assert(platform_same_file(&held, &st));
	ck_assert_int_eq(platform_stat(log, &st), 0);
	ck_assert(!platform_same_file(&held, &st));

	/* The next rollover deletes the .lo_ syncwatch may still hold. */
	ck_assert_msg(test_unlink(lo) == 0, "delete while held: %s",
	    strerror(errno));
	text = read_all(f, NULL);
	ck_assert_str_eq(text, "one\r\nthree\r\n");
	xfree(text);
	platform_close(f);
	errno = 0;
	ck_assert_int_eq(platform_stat(lo, &st), -1);
	ck_assert_int_eq(errno, ENOENT);

	/* And the new log, held too, can be rolled over in turn. */
	f = platform_open_log(log);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(test_rename(log, lo), 0);
	ck_assert_int_eq(test_unlink(lo), 0);
	platform_close(f);

#ifdef _WIN32
	/*
	 * The control: a handle without FILE_SHARE_DELETE (msvcrt's fopen)
	 * does block MoveFileExW and DeleteFileW, so the checks above would
	 * fail if platform_open_log shared less.
	 */
	{
		FILE *plain;

		test_write_file(log, "four\r\n", 6);
		plain = test_fopen(log, "rb");
		ck_assert_ptr_nonnull(plain);
		errno = 0;
		ck_assert_int_eq(test_rename(log, lo), -1);
		ck_assert_int_eq(errno, EBUSY);
		errno = 0;
		ck_assert_int_eq(test_unlink(log), -1);
		ck_assert_int_eq(errno, EBUSY);
		fclose(plain);
		ck_assert_int_eq(test_rename(log, lo), 0);
	}
#endif
}
END_TEST

START_TEST(test_identity_stable_and_distinct)
{
	char a[600], b[600], c[600];
	struct platform_stat sa, sa2, sb, sc, sf;
	struct platform_file *f;

	at(a, sizeof(a), "a.log");
	at(b, sizeof(b), "b.log");
	at(c, sizeof(c), "c.log");
	test_write_file(a, "a", 1);
	test_write_file(b, "b", 1);
	ck_assert_int_eq(platform_stat(a, &sa), 0);
	ck_assert_int_eq(platform_stat(b, &sb), 0);
	ck_assert_int_eq(sa.has_id, 1);
	ck_assert_int_eq(sa.type, PLATFORM_REG);
	ck_assert_uint_eq(sa.size, 1);
	/* One volume, two files. */
	ck_assert_uint_eq(sa.dev, sb.dev);
	ck_assert_uint_ne(sa.ino, sb.ino);
	ck_assert(!platform_same_file(&sa, &sb));
	/* Looked at again, and through an open handle: the same. */
	ck_assert_int_eq(platform_stat(a, &sa2), 0);
	ck_assert(platform_same_file(&sa, &sa2));
	f = platform_open_log(a);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(platform_fstat(f, &sf), 0);
	ck_assert_int_eq(sf.has_id, 1);
	ck_assert(platform_same_file(&sa, &sf));
	/* Renamed: the same file under its new name. */
	ck_assert_int_eq(test_rename(a, c), 0);
	ck_assert_int_eq(platform_stat(c, &sc), 0);
	ck_assert(platform_same_file(&sa, &sc));
	ck_assert_int_eq(platform_fstat(f, &sf), 0);
	ck_assert(platform_same_file(&sa, &sf));
	/* A new file under the old name is another file. */
	test_write_file(a, "new", 3);
	ck_assert_int_eq(platform_stat(a, &sa2), 0);
	ck_assert(!platform_same_file(&sa, &sa2));
	ck_assert(!platform_same_file(&sb, &sa2));
	ck_assert_uint_eq(sa2.size, 3);
	platform_close(f);
	/* A listing does not say what a file is. */
	ck_assert(!platform_same_file(&sa, &(struct platform_stat){ 0 }));
}
END_TEST

START_TEST(test_reads_binary_and_positional)
{
	static const char content[] = "0123456789\r\n\x1a\x1a" "ABC\r\nend";
	char path[600], buf[64];
	struct platform_stat st;
	struct platform_file *f;
	size_t len;
	char *text;

	at(path, sizeof(path), "bytes.log");
	test_write_file(path, content, sizeof(content) - 1);
	f = platform_open_log(path);
	ck_assert_ptr_nonnull(f);
	/* Out of order: each read is at its own offset, none moves another. */
	ck_assert_int_eq(platform_pread(f, buf, 4, 6), 4);
	ck_assert_int_eq(memcmp(buf, "6789", 4), 0);
	ck_assert_int_eq(platform_pread(f, buf, 3, 0), 3);
	ck_assert_int_eq(memcmp(buf, "012", 3), 0);
	ck_assert_int_eq(platform_pread(f, buf, 4, 6), 4);
	ck_assert_int_eq(memcmp(buf, "6789", 4), 0);
	/* CRLF kept, 0x1A is a byte like another (text mode would stop). */
	ck_assert_int_eq(platform_pread(f, buf, sizeof(buf), 10), 12);
	ck_assert_int_eq(memcmp(buf, "\r\n\x1a\x1a" "ABC\r\nend", 12), 0);
	/* At and past the end: 0. */
	ck_assert_int_eq(platform_pread(f, buf, sizeof(buf), 22), 0);
	ck_assert_int_eq(platform_pread(f, buf, sizeof(buf), 1000), 0);
	text = read_all(f, &len);
	ck_assert_uint_eq(len, sizeof(content) - 1);
	ck_assert_int_eq(memcmp(text, content, len), 0);
	xfree(text);
	/* Another process's append is seen at the old end. */
	test_append_file(path, "\r\nmore");
	ck_assert_int_eq(platform_fstat(f, &st), 0);
	ck_assert_uint_eq(st.size, 28);
	ck_assert_int_eq(platform_pread(f, buf, sizeof(buf), 22), 6);
	ck_assert_int_eq(memcmp(buf, "\r\nmore", 6), 0);
	platform_close(f);
}
END_TEST

START_TEST(test_utf8_names)
{
	/* Ü, é, К (U+041A: its UTF-16 holds the byte 0x1A), 日本 */
	static const char name[] = "D\xc3\x9cspool-\xc3\xa9-\xd0\x9a-"
	    "\xe6\x97\xa5\xe6\x9c\xac.log";
	static const char sub[] = "Ordner-\xc3\xa4";
	char path[600], subdir[600], inner[700], **files;
	struct platform_stat st;
	struct platform_file *f;
	size_t n;
	char *text, *base;

	at(path, sizeof(path), name);
	test_write_file(path, "\xd0\x9a\r\n", 4);
	f = platform_open_log(path);
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	text = read_all(f, NULL);
	ck_assert_str_eq(text, "\xd0\x9a\r\n");
	xfree(text);
	platform_close(f);
	ck_assert_int_eq(platform_stat(path, &st), 0);
	ck_assert_int_eq(st.type, PLATFORM_REG);

	/* A folder with such a name, listed: the names come back as UTF-8. */
	at(subdir, sizeof(subdir), sub);
	ck_assert_int_eq(test_mkdir(subdir), 0);
	snprintf(inner, sizeof(inner), "%s/%s", subdir, name);
	test_write_file(inner, "x", 1);
	files = platform_dir_files(dir, NULL, NULL, &n);
	ck_assert_ptr_nonnull(files);
	ck_assert_uint_eq(n, 1);		/* the folder is not a file */
	base = platform_path_base(files[0]);
	ck_assert_str_eq(base, name);
	xfree(base);
	platform_files_free(files);
	files = platform_dir_files(subdir, NULL, NULL, &n);
	ck_assert_ptr_nonnull(files);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_null(files[1]);
	base = platform_path_base(files[0]);
	ck_assert_str_eq(base, name);
	xfree(base);
	f = platform_open_log(files[0]);
	ck_assert_ptr_nonnull(f);
	platform_close(f);
	platform_files_free(files);
}
END_TEST

START_TEST(test_missing_and_kinds)
{
	char path[600], file[600];
	struct platform_stat st;

	at(path, sizeof(path), "missing.log");
	errno = 0;
	ck_assert_ptr_null(platform_open_log(path));
	ck_assert_int_eq(errno, ENOENT);
	errno = 0;
	ck_assert_int_eq(platform_stat(path, &st), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(platform_stat(dir, &st), 0);
	ck_assert_int_eq(st.type, PLATFORM_DIR);
	at(file, sizeof(file), "f.log");
	test_write_file(file, "x", 1);
	errno = 0;
	ck_assert_ptr_null(platform_dir_files(file, NULL, NULL, NULL));
	ck_assert_int_eq(errno, ENOTDIR);
	errno = 0;
	ck_assert_ptr_null(platform_dir_files(path, NULL, NULL, NULL));
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* platform_dir_files filter: the glob "despool.lo?" in the OS's case. */
static int
lo_filter(void *arg, const char *name)
{
	return platform_glob_match(arg, name, platform_names_casefold());
}

START_TEST(test_glob_and_case)
{
	char path[600], **files;
	size_t n;

	ck_assert_int_eq(platform_glob_match("despool.lo?", "DESPOOL.LO_", 1),
	    1);
	ck_assert_int_eq(platform_glob_match("despool.lo?", "DESPOOL.LO_", 0),
	    0);
	ck_assert_int_eq(platform_glob_match("*.LOG", "sender.log", 1), 1);
	ck_assert_int_eq(platform_glob_match("*.LOG", "sender.log", 0), 0);
	ck_assert_int_eq(platform_glob_match("[a-c]*.log", "Bsync.log", 1), 1);
	ck_assert_int_eq(platform_glob_match("[a-c]*.log", "Bsync.log", 0), 0);
	ck_assert_int_eq(platform_glob_match("[!a-c]*", "B", 1), 0);
	ck_assert_int_eq(platform_glob_match("[!a-c]*", "B", 0), 1);
	/* Folding is ASCII only: no locale decides what a name matches. */
	ck_assert_int_eq(platform_glob_match("\xc3\xa4*", "\xc3\x84.log", 1),
	    0);
#ifdef _WIN32
	ck_assert_int_eq(platform_names_casefold(), 1);
#else
	ck_assert_int_eq(platform_names_casefold(), 0);
#endif
	test_write_file(at(path, sizeof(path), "DESPOOL.LO_"), "x", 1);
	test_write_file(at(path, sizeof(path), "despool.log"), "x", 1);
	files = platform_dir_files(dir, lo_filter, "despool.lo?", &n);
	ck_assert_ptr_nonnull(files);
#ifdef _WIN32
	ck_assert_uint_eq(n, 2);	/* DESPOOL.LO_ and despool.log */
#else
	ck_assert_uint_eq(n, 1);	/* despool.log */
#endif
	platform_files_free(files);
}
END_TEST

START_TEST(test_paths)
{
	char *s;

#ifdef _WIN32
	ck_assert_int_eq(platform_path_absolute("C:\\ProgramData\\x"), 1);
	ck_assert_int_eq(platform_path_absolute("z:/tmp/x"), 1);
	ck_assert_int_eq(platform_path_absolute("\\\\server\\share\\x"), 1);
	ck_assert_int_eq(platform_path_absolute("\\\\?\\C:\\x"), 1);
	ck_assert_int_eq(platform_path_absolute("/tmp/x"), 0);	/* a drive's */
	ck_assert_int_eq(platform_path_absolute("C:x"), 0);
	ck_assert_int_eq(platform_path_absolute("logs\\x"), 0);
	s = platform_path_join("C:\\Logs", "despool.log");
	ck_assert_str_eq(s, "C:\\Logs\\despool.log");
	xfree(s);
	s = platform_path_join("Z:\\tmp/", "x");
	ck_assert_str_eq(s, "Z:\\tmp/x");
	xfree(s);
	s = platform_path_dir("C:\\SMS\\Logs\\despool.log");
	ck_assert_str_eq(s, "C:\\SMS\\Logs");
	xfree(s);
	s = platform_path_base("Z:\\work/logs\\despool.log");
	ck_assert_str_eq(s, "despool.log");
	xfree(s);
	s = platform_path_dir("C:\\despool.log");
	ck_assert_str_eq(s, "C:\\");
	xfree(s);
	s = platform_path_dir("C:despool.log");
	ck_assert_str_eq(s, "C:");
	xfree(s);
	s = platform_path_base("C:despool.log");
	ck_assert_str_eq(s, "despool.log");
	xfree(s);
#else
	ck_assert_int_eq(platform_path_absolute("/var/log/x"), 1);
	ck_assert_int_eq(platform_path_absolute("C:\\x"), 0);
	ck_assert_int_eq(platform_path_absolute("logs/x"), 0);
	s = platform_path_join("/var/log", "despool.log");
	ck_assert_str_eq(s, "/var/log/despool.log");
	xfree(s);
	s = platform_path_dir("/var/log/despool.log");
	ck_assert_str_eq(s, "/var/log");
	xfree(s);
	s = platform_path_base("/a\\b");		/* '\' is a name byte */
	ck_assert_str_eq(s, "a\\b");
	xfree(s);
	s = platform_path_dir("/despool.log");
	ck_assert_str_eq(s, "/");
	xfree(s);
#endif
	s = platform_path_dir("despool.log");
	ck_assert_str_eq(s, ".");
	xfree(s);
}
END_TEST

Suite *
platform_files_suite(void)
{
	Suite *s = suite_create("platform_files");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_followed_log_can_be_rotated_and_deleted);
	tcase_add_test(tc, test_identity_stable_and_distinct);
	tcase_add_test(tc, test_reads_binary_and_positional);
	tcase_add_test(tc, test_utf8_names);
	tcase_add_test(tc, test_missing_and_kinds);
	tcase_add_test(tc, test_glob_and_case);
	tcase_add_test(tc, test_paths);
	suite_add_tcase(s, tc);
	return s;
}
