/*
 * testutil-win32 — the test helpers that need the operating system, on
 * Windows; see testutil.h.
 *
 * Every path is UTF-8 here and UTF-16 at the Windows call, as in
 * daemon/platform/win32/.  Renames and deletes are MoveFileExW and
 * DeleteFileW, what the products' own rotation calls: they fail with
 * ERROR_SHARING_VIOLATION while a handle without FILE_SHARE_DELETE is
 * open, which is what the platform tests check syncwatch's handles against.
 */
#include <windows.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "testutil.h"

/* A new UTF-16 copy of a UTF-8 string (free()), or NULL. */
static wchar_t *
wide(const char *s)
{
	wchar_t *w;
	int n;

	n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
	if (n <= 0)
		return NULL;
	w = calloc((size_t)n, sizeof(*w));
	ck_assert_ptr_nonnull(w);
	MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
	return w;
}

/* A UTF-16 string as UTF-8 into buf (n bytes); fails the test if long. */
static void
narrow(const wchar_t *w, char *buf, size_t n)
{
	int got;

	got = WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, (int)n, NULL, NULL);
	ck_assert_msg(got > 0, "path too long for %zu bytes", n);
}

/* errno from GetLastError(), for the callers' messages; returns -1. */
static int
fail_errno(void)
{
	switch (GetLastError()) {
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
		errno = ENOENT;
		break;
	case ERROR_ACCESS_DENIED:
		errno = EACCES;
		break;
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION:
		errno = EBUSY;
		break;
	case ERROR_ALREADY_EXISTS:
	case ERROR_FILE_EXISTS:
		errno = EEXIST;
		break;
	default:
		errno = EIO;
		break;
	}
	return -1;
}

void
test_mkdtemp(char *buf, size_t n, const char *name)
{
	static unsigned seq;
	wchar_t tmp[MAX_PATH + 1];
	char dir[MAX_PATH * 3];
	wchar_t *w;
	DWORD len;
	int i;

	len = GetTempPathW(MAX_PATH + 1, tmp);	/* ends in a backslash */
	ck_assert_msg(len > 0 && len <= MAX_PATH, "GetTempPathW: error %lu",
	    (unsigned long)GetLastError());
	narrow(tmp, dir, sizeof(dir));
	for (i = 0; i < 100; i++) {
		ck_assert_int_lt(snprintf(buf, n, "%s%s.%06lx", dir, name,
		    (unsigned long)((GetCurrentProcessId() * 7919u +
		    GetTickCount() + ++seq * 104729u) & 0xffffff)), (int)n);
		w = wide(buf);
		ck_assert_ptr_nonnull(w);
		if (CreateDirectoryW(w, NULL)) {
			free(w);
			return;
		}
		free(w);
		ck_assert_msg(GetLastError() == ERROR_ALREADY_EXISTS,
		    "CreateDirectoryW %s: error %lu", buf,
		    (unsigned long)GetLastError());
	}
	ck_abort_msg("no new temporary directory for %s", name);
}

static int
rmtree_w(const wchar_t *path)
{
	WIN32_FIND_DATAW fd;
	wchar_t *pattern, *child;
	size_t n = wcslen(path);
	DWORD attr;
	HANDLE h;
	int rc = 0;

	attr = GetFileAttributesW(path);
	if (attr == INVALID_FILE_ATTRIBUTES)
		return GetLastError() == ERROR_FILE_NOT_FOUND ||
		    GetLastError() == ERROR_PATH_NOT_FOUND ? 0 : fail_errno();
	if (!(attr & FILE_ATTRIBUTE_DIRECTORY) ||
	    (attr & FILE_ATTRIBUTE_REPARSE_POINT)) {
		if (attr & FILE_ATTRIBUTE_READONLY)
			SetFileAttributesW(path, attr & ~FILE_ATTRIBUTE_READONLY);
		if (attr & FILE_ATTRIBUTE_DIRECTORY)
			return RemoveDirectoryW(path) ? 0 : fail_errno();
		return DeleteFileW(path) ? 0 : fail_errno();
	}
	pattern = calloc(n + 3, sizeof(*pattern));
	ck_assert_ptr_nonnull(pattern);
	swprintf(pattern, n + 3, L"%ls\\*", path);
	h = FindFirstFileW(pattern, &fd);
	free(pattern);
	if (h != INVALID_HANDLE_VALUE) {
		do {
			if (wcscmp(fd.cFileName, L".") == 0 ||
			    wcscmp(fd.cFileName, L"..") == 0)
				continue;
			child = calloc(n + wcslen(fd.cFileName) + 2,
			    sizeof(*child));
			ck_assert_ptr_nonnull(child);
			swprintf(child, n + wcslen(fd.cFileName) + 2, L"%ls\\%ls",
			    path, fd.cFileName);
			if (rmtree_w(child) == -1)
				rc = -1;
			free(child);
		} while (FindNextFileW(h, &fd));
		FindClose(h);
	}
	if (!RemoveDirectoryW(path))
		rc = fail_errno();
	return rc;
}

int
test_rmtree(const char *path)
{
	wchar_t *w = wide(path);
	int rc;

	if (w == NULL)
		return -1;
	rc = rmtree_w(w);
	free(w);
	return rc;
}

int
test_mkdir(const char *path)
{
	wchar_t *w = wide(path);
	int rc;

	if (w == NULL)
		return -1;
	rc = CreateDirectoryW(w, NULL) ? 0 : fail_errno();
	free(w);
	return rc;
}

int
test_setenv(const char *name, const char *value)
{
	wchar_t *wn = wide(name), *wv = value != NULL ? wide(value) : NULL;
	int rc;

	/*
	 * Both environments: msvcrt's, which getenv reads, and the
	 * process's, which GetEnvironmentVariableW reads.  _putenv_s with ""
	 * removes the variable.
	 */
	rc = _putenv_s(name, value != NULL ? value : "") == 0 &&
	    SetEnvironmentVariableW(wn, wv) ? 0 : -1;
	free(wn);
	free(wv);
	return rc;
}

int
test_set_mtime(const char *path, int64_t sec, long nsec)
{
	ULARGE_INTEGER u;
	FILETIME ft;
	wchar_t *w = wide(path);
	HANDLE h;
	int rc;

	if (w == NULL)
		return -1;
	h = CreateFileW(w, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ |
	    FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
	    FILE_FLAG_BACKUP_SEMANTICS, NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE)
		return fail_errno();
	/* 100 ns units since 1601-01-01. */
	u.QuadPart = (ULONGLONG)(sec + 11644473600LL) * 10000000ULL +
	    (ULONGLONG)nsec / 100;
	ft.dwLowDateTime = u.LowPart;
	ft.dwHighDateTime = u.HighPart;
	rc = SetFileTime(h, NULL, &ft, &ft) ? 0 : fail_errno();
	CloseHandle(h);
	return rc;
}

int
test_rename(const char *from, const char *to)
{
	wchar_t *wf = wide(from), *wt = wide(to);
	int rc;

	rc = wf != NULL && wt != NULL && MoveFileExW(wf, wt,
	    MOVEFILE_REPLACE_EXISTING) ? 0 : fail_errno();
	free(wf);
	free(wt);
	return rc;
}

int
test_unlink(const char *path)
{
	wchar_t *w = wide(path);
	int rc;

	rc = w != NULL && DeleteFileW(w) ? 0 : fail_errno();
	free(w);
	return rc;
}

FILE *
test_fopen(const char *path, const char *mode)
{
	wchar_t *wp = wide(path), *wm = wide(mode);
	FILE *f = NULL;

	if (wp != NULL && wm != NULL)
		f = _wfopen(wp, wm);
	free(wp);
	free(wm);
	return f;
}

/* 100 ns units between 1601-01-01 and 1970-01-01. */
#define EPOCH_DIFF	116444736000000000ULL

int64_t
test_timegm(const struct tm *tm)
{
	SYSTEMTIME s;
	FILETIME ft;
	ULARGE_INTEGER u;

	memset(&s, 0, sizeof(s));
	s.wYear = (WORD)(tm->tm_year + 1900);
	s.wMonth = (WORD)(tm->tm_mon + 1);
	s.wDay = (WORD)tm->tm_mday;
	s.wHour = (WORD)tm->tm_hour;
	s.wMinute = (WORD)tm->tm_min;
	s.wSecond = (WORD)tm->tm_sec;
	ck_assert_msg(SystemTimeToFileTime(&s, &ft), "SystemTimeToFileTime "
	    "%04d-%02d-%02d", s.wYear, s.wMonth, s.wDay);
	u.LowPart = ft.dwLowDateTime;
	u.HighPart = ft.dwHighDateTime;
	return (int64_t)((u.QuadPart - EPOCH_DIFF) / 10000000ULL);
}

void
test_gmtime(int64_t t, struct tm *tm)
{
	ULARGE_INTEGER u;
	SYSTEMTIME s;
	FILETIME ft;

	u.QuadPart = (ULONGLONG)t * 10000000ULL + EPOCH_DIFF;
	ft.dwLowDateTime = u.LowPart;
	ft.dwHighDateTime = u.HighPart;
	ck_assert_msg(FileTimeToSystemTime(&ft, &s), "FileTimeToSystemTime "
	    "%lld", (long long)t);
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = s.wYear - 1900;
	tm->tm_mon = s.wMonth - 1;
	tm->tm_mday = s.wDay;
	tm->tm_hour = s.wHour;
	tm->tm_min = s.wMinute;
	tm->tm_sec = s.wSecond;
	tm->tm_wday = s.wDayOfWeek;
}

/* msvcrt has no open_memstream: a temporary file, read back at close. */
FILE *
test_capture_open(struct test_capture *c)
{
	char dir[512];

	memset(c, 0, sizeof(*c));
	test_mkdtemp(dir, sizeof(dir), "capture");
	ck_assert_int_lt(snprintf(c->path, sizeof(c->path), "%s\\out", dir),
	    (int)sizeof(c->path));
	c->f = test_fopen(c->path, "w+b");
	return c->f;
}

char *
test_capture_close(struct test_capture *c)
{
	char *dir;
	long len;

	ck_assert_int_eq(fflush(c->f), 0);
	ck_assert_int_eq(fseek(c->f, 0, SEEK_END), 0);
	len = ftell(c->f);
	ck_assert_int_ge(len, 0);
	rewind(c->f);
	c->mem = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(c->mem);
	ck_assert_uint_eq(fread(c->mem, 1, (size_t)len, c->f), (size_t)len);
	c->mem[len] = '\0';
	c->len = (size_t)len;
	ck_assert_int_eq(fclose(c->f), 0);
	c->f = NULL;
	dir = test_strndup(c->path, strlen(c->path) - strlen("\\out"));
	ck_assert_int_eq(test_rmtree(dir), 0);
	free(dir);
	return c->mem;
}
