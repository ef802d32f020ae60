/*
 * loop — platform.h's wait on Windows: ReadDirectoryChangesW, the stop
 * and reload events, WaitForMultipleObjects.
 *
 * Each watched folder has an overlapped ReadDirectoryChangesW pending;
 * its completion event wakes the wait, the notifications are read and the
 * next request is issued.  A completion with no data, or
 * ERROR_NOTIFY_ENUM_DIR, means the notifications overflowed: everything
 * is rescanned.  The folder itself going away completes the request with
 * an error: reported as gone, so the daemon polls until it is back.
 *
 * NTFS updates a file's directory entry lazily while a writer keeps the
 * file open, so a change-notification for an append may come late or not
 * at all: every WIN_RECHECK_MS the watched folders are reported changed
 * anyway (a look is a few stat calls).  Folders on other machines (UNC
 * paths, mapped network drives) are not watched at all: notifications
 * from a remote server do not arrive reliably, so those are polled.
 *
 * Stop and reload come from the console (Ctrl-C, Ctrl-Break, closing the
 * console, log-off, shutdown: stop), from the service control manager
 * (service.c), or from platform_loop_wake; all set events in win.c.
 */
#include <windows.h>

#include <errno.h>
#include <string.h>
#include <wchar.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "platform/win32/win.h"

#define WIN_RECHECK_MS	2000
#define WIN_FIXED	3	/* stop, reload, wake */
#define WIN_MAX_WATCH	(MAXIMUM_WAIT_OBJECTS - WIN_FIXED)
#define WIN_NOTIFY_BUF	(64 * 1024)
#define WIN_NOTIFY_MASK	(FILE_NOTIFY_CHANGE_FILE_NAME | \
	FILE_NOTIFY_CHANGE_DIR_NAME | FILE_NOTIFY_CHANGE_SIZE | \
	FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_CREATION)

struct dirwatch {
	int		 id;
	HANDLE		 dir;
	OVERLAPPED	 ov;
	DWORD		*buf;		/* DWORD-aligned, WIN_NOTIFY_BUF bytes */
	int		 pending;
};

struct platform_loop {
	struct dirwatch	*w[WIN_MAX_WATCH];
	size_t		 nw;
	int		 next_id;
	DWORD		 last_recheck;
};

static BOOL WINAPI
console_handler(DWORD type)
{
	switch (type) {
	case CTRL_C_EVENT:
	case CTRL_BREAK_EVENT:
		SetEvent(win_stop_event());
		return TRUE;
	case CTRL_CLOSE_EVENT:
	case CTRL_LOGOFF_EVENT:
	case CTRL_SHUTDOWN_EVENT:
		/*
		 * The process ends when this returns: give the loop time to
		 * commit its batch first.
		 */
		SetEvent(win_stop_event());
		win_wait_stopped(4000);
		return TRUE;
	default:
		return FALSE;
	}
}

struct platform_loop *
platform_loop_new(int *watching, char **cause)
{
	struct platform_loop *l;

	if (win_stop_event() == NULL || win_reload_event() == NULL ||
	    win_wake_event() == NULL) {
		win_errno();
		xasprintf(cause, "cannot create events: %s", strerror(errno));
		return NULL;
	}
	if (!win_is_service())
		SetConsoleCtrlHandler(console_handler, TRUE);
	l = xcalloc(1, sizeof(*l));
	l->last_recheck = GetTickCount();
	*watching = 1;
	return l;
}

static void
dirwatch_free(struct dirwatch *d)
{
	if (d == NULL)
		return;
	if (d->pending) {
		CancelIoEx(d->dir, &d->ov);
		/* Wait for the cancellation before the buffer goes away. */
		WaitForSingleObject(d->ov.hEvent, 1000);
	}
	CloseHandle(d->dir);
	CloseHandle(d->ov.hEvent);
	xfree(d->buf);
	xfree(d);
}

void
platform_loop_free(struct platform_loop *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nw; i++)
		dirwatch_free(l->w[i]);
	xfree(l);
	win_mark_stopped();
}

/* Issue the next ReadDirectoryChangesW.  0 or -1 and errno. */
static int
dirwatch_arm(struct dirwatch *d)
{
	ResetEvent(d->ov.hEvent);
	if (!ReadDirectoryChangesW(d->dir, d->buf, WIN_NOTIFY_BUF, FALSE,
	    WIN_NOTIFY_MASK, NULL, &d->ov, NULL)) {
		d->pending = 0;
		return win_errno();
	}
	d->pending = 1;
	return 0;
}

/* Whether dir is on another machine (UNC, or a mapped network drive). */
static int
is_remote(const wchar_t *w)
{
	wchar_t root[4];

	if ((w[0] == L'\\' || w[0] == L'/') && (w[1] == L'\\' || w[1] == L'/'))
		return wcsncmp(w, L"\\\\?\\", 4) != 0 ||
		    wcsncmp(w + 4, L"UNC\\", 4) == 0;
	if (w[0] != L'\0' && w[1] == L':') {
		root[0] = w[0];
		root[1] = L':';
		root[2] = L'\\';
		root[3] = L'\0';
		return GetDriveTypeW(root) == DRIVE_REMOTE;
	}
	return 0;
}

int
platform_watch_dir(struct platform_loop *l, const char *dir)
{
	struct dirwatch *d;
	wchar_t *w;
	HANDLE h;

	if (l->nw == WIN_MAX_WATCH) {
		errno = ENOSPC;		/* the caller polls instead */
		return -1;
	}
	if ((w = win_wide_path(dir)) == NULL)
		return -1;
	if (is_remote(w)) {
		xfree(w);
		errno = ENOTSUP;	/* notifications from afar: poll */
		return -1;
	}
	h = CreateFileW(w, FILE_LIST_DIRECTORY, FILE_SHARE_READ |
	    FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
	    FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED, NULL);
	xfree(w);
	if (h == INVALID_HANDLE_VALUE)
		return win_errno();
	d = xcalloc(1, sizeof(*d));
	d->dir = h;
	d->buf = xmalloc(WIN_NOTIFY_BUF);
	d->ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	d->id = l->next_id++;
	if (d->ov.hEvent == NULL || dirwatch_arm(d) == -1) {
		int saved = errno;

		dirwatch_free(d);
		errno = saved;
		return -1;
	}
	l->w[l->nw++] = d;
	return d->id;
}

void
platform_watch_remove(struct platform_loop *l, int id)
{
	size_t i;

	for (i = 0; i < l->nw; i++)
		if (l->w[i]->id == id) {
			dirwatch_free(l->w[i]);
			l->w[i] = l->w[--l->nw];
			return;
		}
}

/*
 * A watch's request completed: hand its notifications on and issue the
 * next.  Returns PLATFORM_EV_OVERFLOW, 0, or -1 when the folder is gone
 * (the watch is then dropped).
 */
static int
dirwatch_done(struct dirwatch *d, platform_watch_cb cb, void *arg)
{
	FILE_NOTIFY_INFORMATION *fni;
	DWORD got = 0, err = 0;
	unsigned char *p;
	wchar_t *wname;
	char *name;
	int ret = 0;

	d->pending = 0;
	if (!GetOverlappedResult(d->dir, &d->ov, &got, FALSE))
		err = GetLastError();
	if (err == ERROR_NOTIFY_ENUM_DIR || (err == 0 && got == 0))
		ret = PLATFORM_EV_OVERFLOW;
	else if (err != 0) {
		cb(arg, d->id, NULL, PLATFORM_WATCH_GONE);
		return -1;
	} else {
		p = (unsigned char *)d->buf;
		for (;;) {
			fni = (FILE_NOTIFY_INFORMATION *)p;
			wname = xcalloc(fni->FileNameLength / 2 + 1,
			    sizeof(wchar_t));
			memcpy(wname, fni->FileName, fni->FileNameLength);
			name = win_utf8(wname);
			cb(arg, d->id, name, PLATFORM_WATCH_CHANGED);
			xfree(name);
			xfree(wname);
			if (fni->NextEntryOffset == 0)
				break;
			p += fni->NextEntryOffset;
		}
	}
	if (dirwatch_arm(d) == -1) {
		cb(arg, d->id, NULL, PLATFORM_WATCH_GONE);
		return -1;
	}
	return ret;
}

int
platform_loop_wait(struct platform_loop *l, int timeout_ms,
    platform_watch_cb cb, void *arg)
{
	HANDLE h[MAXIMUM_WAIT_OBJECTS];
	DWORD n = 0, r, wait, since;
	size_t i, k;
	int ret = 0, rc;

	h[n++] = win_stop_event();
	h[n++] = win_reload_event();
	h[n++] = win_wake_event();
	for (i = 0; i < l->nw; i++)
		h[n++] = l->w[i]->ov.hEvent;
	wait = timeout_ms < 0 ? INFINITE : (DWORD)timeout_ms;
	/* The lazy-metadata recheck bounds every wait while watching. */
	if (l->nw > 0) {
		since = GetTickCount() - l->last_recheck;
		since = since > WIN_RECHECK_MS ? WIN_RECHECK_MS : since;
		if (wait == INFINITE || wait > WIN_RECHECK_MS - since)
			wait = WIN_RECHECK_MS - since;
	}
	r = WaitForMultipleObjects(n, h, FALSE, wait);
	if (r == WAIT_FAILED)
		fatalx("WaitForMultipleObjects: error %lu",
		    (unsigned long)GetLastError());
	if (WaitForSingleObject(win_stop_event(), 0) == WAIT_OBJECT_0)
		ret |= PLATFORM_EV_STOP;
	if (WaitForSingleObject(win_reload_event(), 0) == WAIT_OBJECT_0) {
		ResetEvent(win_reload_event());
		ret |= PLATFORM_EV_RELOAD;
	}
	ResetEvent(win_wake_event());
	for (i = 0; i < l->nw; ) {
		if (WaitForSingleObject(l->w[i]->ov.hEvent, 0) !=
		    WAIT_OBJECT_0) {
			i++;
			continue;
		}
		rc = dirwatch_done(l->w[i], cb, arg);
		if (rc == -1) {
			dirwatch_free(l->w[i]);
			l->w[i] = l->w[--l->nw];
			continue;
		}
		ret |= rc;
		i++;
	}
	if (l->nw > 0 && GetTickCount() - l->last_recheck >= WIN_RECHECK_MS) {
		l->last_recheck = GetTickCount();
		for (k = 0; k < l->nw; k++)
			cb(arg, l->w[k]->id, NULL, PLATFORM_WATCH_CHANGED);
	}
	return ret;
}

void
platform_loop_wake(struct platform_loop *l)
{
	SetEvent(win_wake_event());
}

void
platform_sleep_ms(int ms)
{
	Sleep((DWORD)ms);
}
