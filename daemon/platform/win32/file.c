/*
 * file — platform.h's files and folders on Windows.
 *
 * A log is opened with CreateFileW, binary, sharing read, write and
 * delete: the product that writes it must be able to append, rename it to
 * .lo_ and delete it while syncwatch holds it (a handle without
 * FILE_SHARE_DELETE would make the product's own rotation fail).  Reads
 * are positional (ReadFile with an OVERLAPPED offset), so no shared file
 * pointer matters.  A file's identity is its volume serial number and file
 * index (GetFileInformationByHandle): msvcrt's stat() has no inode.  An
 * open file cannot leave its volume, so the serial is taken once, when the
 * log is opened (wine 8 reports 0 through a handle whose file has been
 * renamed since, which made a held file look like another after its
 * rotation).
 */
#include <windows.h>

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "platform/win32/win.h"

#define SHARE_ALL	(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

struct platform_file {
	HANDLE	h;
	int	is_stdin;
	int	has_vol;
	DWORD	vol;		/* the volume serial number, at open */
};

static struct platform_file stdin_file = { INVALID_HANDLE_VALUE, 1, 0, 0 };

static void
fill_info(const BY_HANDLE_FILE_INFORMATION *fi, struct platform_stat *out)
{
	memset(out, 0, sizeof(*out));
	out->dev = fi->dwVolumeSerialNumber;
	out->ino = ((uint64_t)fi->nFileIndexHigh << 32) | fi->nFileIndexLow;
	out->size = ((uint64_t)fi->nFileSizeHigh << 32) | fi->nFileSizeLow;
	out->mtime_ms = win_filetime_ms(&fi->ftLastWriteTime);
	out->type = (fi->dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ?
	    PLATFORM_DIR : (fi->dwFileAttributes & FILE_ATTRIBUTE_DEVICE) ?
	    PLATFORM_OTHER : PLATFORM_REG;
	out->has_id = 1;
}

/* CreateFileW of a UTF-8 path; INVALID_HANDLE_VALUE and errno. */
static HANDLE
open_path(const char *path, DWORD access, DWORD flags)
{
	wchar_t *w;
	HANDLE h;

	if ((w = win_wide_path(path)) == NULL)
		return INVALID_HANDLE_VALUE;
	h = CreateFileW(w, access, SHARE_ALL, NULL, OPEN_EXISTING, flags, NULL);
	if (h == INVALID_HANDLE_VALUE)
		win_errno();
	xfree(w);
	return h;
}

struct platform_file *
platform_open_log(const char *path)
{
	BY_HANDLE_FILE_INFORMATION fi;
	struct platform_file *f;
	HANDLE h;

	h = open_path(path, GENERIC_READ, FILE_ATTRIBUTE_NORMAL |
	    FILE_FLAG_SEQUENTIAL_SCAN);
	if (h == INVALID_HANDLE_VALUE)
		return NULL;
	f = xcalloc(1, sizeof(*f));
	f->h = h;
	if (GetFileInformationByHandle(h, &fi)) {
		f->vol = fi.dwVolumeSerialNumber;
		f->has_vol = 1;
	}
	return f;
}

struct platform_file *
platform_stdin(void)
{
	if (stdin_file.h == INVALID_HANDLE_VALUE) {
		/* msvcrt's text mode would turn CRLF to LF and stop at ^Z. */
		_setmode(_fileno(stdin), _O_BINARY);
		stdin_file.h = GetStdHandle(STD_INPUT_HANDLE);
	}
	return &stdin_file;
}

void
platform_close(struct platform_file *f)
{
	if (f == NULL || f->is_stdin)
		return;
	CloseHandle(f->h);
	xfree(f);
}

int
platform_fstat(struct platform_file *f, struct platform_stat *out)
{
	BY_HANDLE_FILE_INFORMATION fi;

	if (!GetFileInformationByHandle(f->h, &fi))
		return win_errno();
	fill_info(&fi, out);
	if (f->has_vol)
		out->dev = f->vol;
	return 0;
}

int64_t
platform_pread(struct platform_file *f, void *buf, size_t len,
    uint64_t offset)
{
	OVERLAPPED ov;
	DWORD got = 0, want;

	want = len > 0x40000000 ? 0x40000000 : (DWORD)len;
	memset(&ov, 0, sizeof(ov));
	ov.Offset = (DWORD)offset;
	ov.OffsetHigh = (DWORD)(offset >> 32);
	if (!ReadFile(f->h, buf, want, &got, &ov)) {
		if (GetLastError() == ERROR_HANDLE_EOF)
			return 0;
		return win_errno();
	}
	return (int64_t)got;
}

int64_t
platform_read(struct platform_file *f, void *buf, size_t len)
{
	DWORD got = 0, want;

	want = len > 0x40000000 ? 0x40000000 : (DWORD)len;
	if (!ReadFile(f->h, buf, want, &got, NULL)) {
		if (GetLastError() == ERROR_BROKEN_PIPE ||
		    GetLastError() == ERROR_HANDLE_EOF)
			return 0;
		return win_errno();
	}
	return (int64_t)got;
}

int
platform_stat(const char *path, struct platform_stat *out)
{
	BY_HANDLE_FILE_INFORMATION fi;
	HANDLE h;
	int rc;

	/* Attributes only: the product's writes, renames and deletes go on. */
	h = open_path(path, FILE_READ_ATTRIBUTES, FILE_FLAG_BACKUP_SEMANTICS);
	if (h == INVALID_HANDLE_VALUE)
		return -1;
	rc = GetFileInformationByHandle(h, &fi) ? 0 : win_errno();
	CloseHandle(h);
	if (rc == 0)
		fill_info(&fi, out);
	return rc;
}

int
platform_rotated_hold_ms(void)
{
	return 0;	/* see platform.h: a held .lo_ breaks the next rollover */
}

int
platform_same_file(const struct platform_stat *a,
    const struct platform_stat *b)
{
	return a->has_id && b->has_id && a->dev == b->dev && a->ino == b->ino;
}

int
platform_mkdir(const char *path)
{
	wchar_t *w;
	int rc;

	if ((w = win_wide_path(path)) == NULL)
		return -1;
	rc = CreateDirectoryW(w, NULL) ? 0 : win_errno();
	xfree(w);
	return rc;
}

/* Whether path names something that is not a directory. */
static int
is_file(const char *path)
{
	wchar_t *w;
	DWORD attr;

	if ((w = win_wide_path(path)) == NULL)
		return 0;
	attr = GetFileAttributesW(w);
	xfree(w);
	return attr != INVALID_FILE_ATTRIBUTES &&
	    !(attr & FILE_ATTRIBUTE_DIRECTORY);
}

void
platform_private_files(void)
{
}

int
platform_can_write(const char *path)
{
	return 1;
}

int
platform_rename(const char *from, const char *to)
{
	wchar_t *wf, *wt;
	int rc = -1;

	if ((wf = win_wide_path(from)) != NULL &&
	    (wt = win_wide_path(to)) != NULL) {
		rc = MoveFileExW(wf, wt, MOVEFILE_REPLACE_EXISTING |
		    MOVEFILE_WRITE_THROUGH) ? 0 : win_errno();
		xfree(wt);
	}
	xfree(wf);
	return rc;
}

int
platform_remove(const char *path)
{
	wchar_t *w;
	int rc;

	if ((w = win_wide_path(path)) == NULL)
		return -1;
	rc = DeleteFileW(w) ? 0 : win_errno();
	xfree(w);
	return rc;
}

int
platform_dir_list(const char *dir, platform_dir_filter filter,
    platform_dir_cb cb, void *arg)
{
	WIN32_FIND_DATAW fd;
	struct platform_stat ps;
	wchar_t *w, *pattern;
	HANDLE h;
	char *name;
	size_t n;
	int stop = 0;
	DWORD err;

	if ((w = win_wide_path(dir)) == NULL)
		return -1;
	n = wcslen(w);
	pattern = xcalloc(n + 3, sizeof(*pattern));
	wcscpy(pattern, w);
	if (n > 0 && pattern[n - 1] != L'\\' && pattern[n - 1] != L'/')
		wcscat(pattern, L"\\");
	wcscat(pattern, L"*");
	xfree(w);
	h = FindFirstFileExW(pattern, FindExInfoBasic, &fd,
	    FindExSearchNameMatch, NULL, FIND_FIRST_EX_LARGE_FETCH);
	xfree(pattern);
	if (h == INVALID_HANDLE_VALUE) {
		err = GetLastError();
		if (err == ERROR_FILE_NOT_FOUND)
			return 0;	/* an empty drive root */
		/*
		 * "FILE\*" fails as a path not found (or ERROR_DIRECTORY):
		 * say what it is, as opendir(3) would.
		 */
		if (err == ERROR_DIRECTORY || ((err == ERROR_PATH_NOT_FOUND ||
		    err == ERROR_INVALID_NAME) && is_file(dir))) {
			errno = ENOTDIR;
			return -1;
		}
		return win_errno_from(err);
	}
	do {
		if (wcscmp(fd.cFileName, L".") == 0 ||
		    wcscmp(fd.cFileName, L"..") == 0)
			continue;
		name = win_utf8(fd.cFileName);
		if (filter == NULL || filter(arg, name)) {
			memset(&ps, 0, sizeof(ps));
			ps.size = ((uint64_t)fd.nFileSizeHigh << 32) |
			    fd.nFileSizeLow;
			ps.mtime_ms = win_filetime_ms(&fd.ftLastWriteTime);
			ps.type = (fd.dwFileAttributes &
			    FILE_ATTRIBUTE_DIRECTORY) ? PLATFORM_DIR :
			    (fd.dwFileAttributes & FILE_ATTRIBUTE_DEVICE) ?
			    PLATFORM_OTHER : PLATFORM_REG;
			ps.has_id = 0;	/* the listing does not say */
			stop = cb(arg, name, &ps);
		}
		xfree(name);
	} while (!stop && FindNextFileW(h, &fd));
	err = GetLastError();
	FindClose(h);
	if (!stop && err != ERROR_NO_MORE_FILES)
		return win_errno_from(err);
	return 0;
}

/*
 * Windows decides who may read a file by its ACL; msvcrt's st_mode is
 * made up from the read-only attribute and says nothing about other
 * users.  So the file is read without the POSIX check; its protection is
 * the ACL of the folder it is in (%ProgramData%\syncwatch is the
 * administrators' and the service's).
 */
int
platform_read_secret(const char *path, struct buf *b, size_t max,
    char **cause)
{
	return platform_read_file(path, b, max, cause);
}
