/*
 * win — the helpers of the Windows side; see win.h.
 *
 * Paths are UTF-8 inside syncwatch and UTF-16 at every Windows call: the
 * narrow (ANSI) calls would read a path through the system's code page
 * and fail on any name outside it.
 */
#include <windows.h>

#include <errno.h>
#include <string.h>
#include <wchar.h>

#include "lib/xmalloc.h"
#include "platform/win32/win.h"

wchar_t *
win_wide(const char *s)
{
	wchar_t *w;
	int n;

	n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
	if (n <= 0) {
		errno = EINVAL;
		return NULL;
	}
	w = xcalloc((size_t)n, sizeof(*w));
	MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
	return w;
}

/*
 * Paths over MAX_PATH need the \\?\ prefix (and then a full path with
 * backslashes only); UNC paths become \\?\UNC\server\share.
 */
wchar_t *
win_wide_path(const char *s)
{
	wchar_t *w, *p, *out;
	size_t n;

	if ((w = win_wide(s)) == NULL)
		return NULL;
	n = wcslen(w);
	if (n < MAX_PATH - 12 || wcsncmp(w, L"\\\\?\\", 4) == 0)
		return w;
	for (p = w; *p != L'\0'; p++)
		if (*p == L'/')
			*p = L'\\';
	out = xcalloc(n + 8, sizeof(*out));
	if (wcsncmp(w, L"\\\\", 2) == 0) {
		wcscpy(out, L"\\\\?\\UNC\\");
		wcscat(out, w + 2);
	} else {
		wcscpy(out, L"\\\\?\\");
		wcscat(out, w);
	}
	xfree(w);
	return out;
}

char *
win_utf8(const wchar_t *w)
{
	char *s;
	int n;

	n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	if (n <= 0)
		return xstrdup("");
	s = xmalloc((size_t)n);
	WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
	return s;
}

int
win_errno_from(DWORD code)
{
	switch (code) {
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
	case ERROR_INVALID_DRIVE:
	case ERROR_BAD_NETPATH:
	case ERROR_BAD_NET_NAME:
	case ERROR_INVALID_NAME:
		errno = ENOENT;
		break;
	case ERROR_ACCESS_DENIED:
	case ERROR_PRIVILEGE_NOT_HELD:
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
	case ERROR_DIRECTORY:
		errno = ENOTDIR;
		break;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		errno = ENOMEM;
		break;
	case ERROR_DISK_FULL:
	case ERROR_HANDLE_DISK_FULL:
		errno = ENOSPC;
		break;
	case ERROR_NOT_SUPPORTED:
	case ERROR_INVALID_FUNCTION:
		errno = ENOSYS;
		break;
	case ERROR_TOO_MANY_OPEN_FILES:
		errno = EMFILE;
		break;
	case ERROR_BUFFER_OVERFLOW:
	case ERROR_FILENAME_EXCED_RANGE:
		errno = ENAMETOOLONG;
		break;
	default:
		errno = EIO;
		break;
	}
	return -1;
}

int
win_errno(void)
{
	return win_errno_from(GetLastError());
}

int64_t
win_filetime_ms(const FILETIME *ft)
{
	ULARGE_INTEGER u;

	u.LowPart = ft->dwLowDateTime;
	u.HighPart = ft->dwHighDateTime;
	/* 11644473600 s between 1601-01-01 and 1970-01-01. */
	return (int64_t)(u.QuadPart / 10000) - 11644473600000LL;
}

static HANDLE
manual_event(HANDLE *h)
{
	HANDLE e;

	if (*h == NULL) {
		e = CreateEventW(NULL, TRUE, FALSE, NULL);
		if (InterlockedCompareExchangePointer(h, e, NULL) != NULL)
			CloseHandle(e);	/* another thread made it first */
	}
	return *h;
}

static HANDLE stop_ev, reload_ev, wake_ev, stopped_ev;

HANDLE
win_stop_event(void)
{
	return manual_event(&stop_ev);
}

HANDLE
win_reload_event(void)
{
	return manual_event(&reload_ev);
}

HANDLE
win_wake_event(void)
{
	return manual_event(&wake_ev);
}

void
win_mark_stopped(void)
{
	SetEvent(manual_event(&stopped_ev));
}

void
win_wait_stopped(DWORD ms)
{
	WaitForSingleObject(manual_event(&stopped_ev), ms);
}
