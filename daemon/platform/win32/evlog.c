/*
 * evlog — the native event log on Windows, with the classic API, which
 * every Windows version has: OpenEventLogW, ReadEventLogW (a seek to the
 * first record wanted, EVENTLOG_SEEK_READ | EVENTLOG_FORWARDS_READ, then
 * sequential reads), GetOldestEventLogRecord and
 * GetNumberOfEventLogRecords for the range, NotifyChangeEventLog for the
 * event a caller waits on.  See platform.h.
 *
 * A record gives its number, the time it was generated (UTC seconds),
 * the event id (the low 16 bits, as Event Viewer shows it), the event
 * type (error, warning, information, audit success or failure), the
 * source name and the insertion strings.  The message is those strings:
 * for a .NET EventLog.WriteEntry source such as EktronL2, whose message
 * file (EventLogMessages.dll) renders every id as "%1", the first string
 * is the whole message.  Other sources' message files are not loaded
 * (FormatMessage with the registry's EventMessageFile would mean loading
 * each source's DLLs into the service); their strings, one a line, are
 * what the signatures see, which keeps the words that matter.
 *
 * OpenEventLogW opens the Application log when the name is unknown, so
 * the name is first looked up under the EventLog service's registry key.
 *
 * Under wine every event-log function is a stub that reports success:
 * OpenEventLogW gives a fake handle, the log has 0 records, ReadEventLogW
 * fails at once with ERROR_HANDLE_EOF, NotifyChangeEventLog never
 * signals.  Under wine (ntdll exports wine_get_version) a log that
 * behaves so is marked unreadable, with the reason; so is any log that
 * says it holds records and gives none.  Reading an unreadable log
 * returns 0 at once; waiting on it sleeps.
 */
#include <windows.h>

#include <errno.h>
#include <string.h>
#include <wchar.h>

#include "lib/buf.h"
#include "lib/winevent.h"
#include "lib/xmalloc.h"
#include "platform/evlog-int.h"
#include "platform/win32/win.h"

#define EVL_BUF_START	(64 * 1024)
#define EVL_BUF_MAX	(1024 * 1024)
#define EVL_STRINGS_MAX	256

struct evlog_native {
	HANDLE		 h;
	HANDLE		 changed;	/* NotifyChangeEventLog's event */
	wchar_t		*wname;
	char		*name;
	BYTE		*buf;
	DWORD		 cap;
	int		 unreadable;
	const char	*why;
};

static int
under_wine(void)
{
	HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");

	return ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") !=
	    NULL;
}

/* Whether the EventLog service knows a log of that name. */
static int
log_known(const wchar_t *name)
{
	static const wchar_t base[] =
	    L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\";
	wchar_t *key;
	size_t n = wcslen(base) + wcslen(name) + 1;
	HKEY k;
	LONG rc;

	key = xcalloc(n, sizeof(wchar_t));
	wcscpy(key, base);
	wcscat(key, name);
	rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, key, 0, KEY_READ, &k);
	xfree(key);
	if (rc != ERROR_SUCCESS)
		return 0;
	RegCloseKey(k);
	return 1;
}

static int
range(struct evlog_native *n, uint64_t *oldest, uint64_t *count)
{
	DWORD o = 0, c = 0;

	if (!GetOldestEventLogRecord(n->h, &o) ||
	    !GetNumberOfEventLogRecords(n->h, &c))
		return win_errno();
	*oldest = o;
	*count = c;
	return 0;
}

/*
 * One read: 1 and *got bytes, 0 at the end of the log, -1 on an error
 * (GetLastError()).  The buffer grows to what a record needs.
 */
static int
read_some(struct evlog_native *n, DWORD flags, DWORD rec, DWORD *got)
{
	DWORD need = 0;

	for (;;) {
		if (ReadEventLogW(n->h, flags, rec, n->buf, n->cap, got, &need))
			return 1;
		if (GetLastError() == ERROR_HANDLE_EOF)
			return 0;
		if (GetLastError() != ERROR_INSUFFICIENT_BUFFER ||
		    need > EVL_BUF_MAX || need <= n->cap)
			return -1;
		n->cap = need;
		n->buf = xreallocarray(n->buf, n->cap, 1);
	}
}

struct evlog_native *
evlog_native_open(const char *channel, char **cause)
{
	struct evlog_native *n;
	uint64_t oldest = 0, count = 0;
	wchar_t *w;
	DWORD got = 0;
	int rc;

	if ((w = win_wide(channel)) == NULL) {
		xasprintf(cause, "%s: not a valid log name", channel);
		return NULL;
	}
	if (!log_known(w)) {
		xfree(w);
		errno = ENOENT;
		xasprintf(cause, "%s: no such event log", channel);
		return NULL;
	}
	n = xcalloc(1, sizeof(*n));
	n->wname = w;
	n->name = xstrdup(channel);
	if ((n->h = OpenEventLogW(NULL, w)) == NULL) {
		win_errno();
		xasprintf(cause, "%s: %s", channel, strerror(errno));
		evlog_native_close(n);
		return NULL;
	}
	n->cap = EVL_BUF_START;
	n->buf = xmalloc(n->cap);
	n->changed = CreateEventW(NULL, FALSE, FALSE, NULL);
	if (n->changed != NULL && !NotifyChangeEventLog(n->h, n->changed)) {
		CloseHandle(n->changed);
		n->changed = NULL;
	}
	/* Can anything be read here at all? */
	rc = range(n, &oldest, &count);
	if (rc == 0 && count > 0) {
		if (read_some(n, EVENTLOG_SEEK_READ | EVENTLOG_FORWARDS_READ,
		    (DWORD)oldest, &got) != 1) {
			n->unreadable = 1;
			n->why = "event log not readable here: it says it holds "
			    "records but gives none";
		}
	} else if (under_wine()) {
		/* The stubs: success, nothing in it, never signalled. */
		if (read_some(n, EVENTLOG_SEQUENTIAL_READ |
		    EVENTLOG_FORWARDS_READ, 0, &got) != 1) {
			n->unreadable = 1;
			n->why = "event log not readable here: wine's event log "
			    "functions are stubs (nothing written is ever read "
			    "back)";
		}
	}
	return n;
}

/* The level of a classic event type. */
static void
event_type(WORD t, struct winevent *ev)
{
	switch (t) {
	case EVENTLOG_ERROR_TYPE:
		ev->level = WINEVENT_LEVEL_ERROR;
		break;
	case EVENTLOG_WARNING_TYPE:
		ev->level = WINEVENT_LEVEL_WARNING;
		break;
	case EVENTLOG_AUDIT_SUCCESS:
		ev->level_name = "Audit Success";
		break;
	case EVENTLOG_AUDIT_FAILURE:
		ev->level_name = "Audit Failure";
		break;
	default:
		ev->level = WINEVENT_LEVEL_INFORMATION;
		break;
	}
}

/* A NUL-terminated UTF-16 string at p, inside [p, end): its length. */
static size_t
wlen_in(const BYTE *p, const BYTE *end, int *ok)
{
	size_t k = 0;

	*ok = 0;
	while (p + 2 * k + 1 < end) {
		if (p[2 * k] == 0 && p[2 * k + 1] == 0) {
			*ok = 1;
			return k;
		}
		k++;
	}
	return k;
}

/* One record: its fields to cb.  Returns cb's answer (or 0 if bad). */
static int
one_record(struct evlog_native *n, const EVENTLOGRECORD *r,
    platform_evlog_cb cb, void *arg)
{
	const BYTE *base = (const BYTE *)r, *end = base + r->Length, *p;
	const char *strs[EVL_STRINGS_MAX];
	size_t lens[EVL_STRINGS_MAX], k, nstr = 0, i;
	char *u8[EVL_STRINGS_MAX], *src = NULL;
	wchar_t *w;
	struct winevent ev;
	int ok, rc;

	if (r->Length < sizeof(*r))
		return 0;
	winevent_clear(&ev);
	ev.record = r->RecordNumber;
	ev.has_time = 1;
	ev.time_ms = (int64_t)r->TimeGenerated * 1000;
	ev.has_event_id = 1;
	ev.event_id = r->EventID & 0xffff;
	ev.channel = n->name;
	event_type(r->EventType, &ev);
	/* The source name follows the fixed part. */
	p = base + sizeof(*r);
	k = wlen_in(p, end, &ok);
	if (ok) {
		w = xcalloc(k + 1, sizeof(wchar_t));
		memcpy(w, p, k * 2);
		src = win_utf8(w);
		xfree(w);
		ev.source = src;
	}
	if (r->StringOffset >= sizeof(*r) && r->StringOffset < r->Length) {
		p = base + r->StringOffset;
		for (i = 0; i < r->NumStrings && nstr < EVL_STRINGS_MAX; i++) {
			k = wlen_in(p, end, &ok);
			if (!ok)
				break;
			w = xcalloc(k + 1, sizeof(wchar_t));
			memcpy(w, p, k * 2);
			u8[nstr] = win_utf8(w);
			xfree(w);
			strs[nstr] = u8[nstr];
			lens[nstr] = strlen(u8[nstr]);
			nstr++;
			p += 2 * (k + 1);
		}
	}
	ev.strings = strs;
	ev.string_lens = lens;
	ev.nstrings = nstr;
	rc = cb(arg, &ev);
	for (i = 0; i < nstr; i++)
		xfree(u8[i]);
	xfree(src);
	return rc;
}

int64_t
evlog_native_read(struct evlog_native *n, uint64_t after,
    platform_evlog_cb cb, void *arg, char **cause)
{
	uint64_t oldest, count, first;
	DWORD got, off, flags;
	const EVENTLOGRECORD *r;
	int64_t passed = 0;
	int rc;

	if (n->unreadable)
		return 0;
	if (range(n, &oldest, &count) == -1) {
		xasprintf(cause, "%s: %s", n->name, strerror(errno));
		return -1;
	}
	if (count == 0 || after >= oldest + count - 1)
		return 0;
	first = after + 1 < oldest ? oldest : after + 1;
	flags = EVENTLOG_SEEK_READ | EVENTLOG_FORWARDS_READ;
	for (;;) {
		rc = read_some(n, flags, (DWORD)first, &got);
		if (rc == 0)
			break;
		if (rc == -1) {
			if (GetLastError() == ERROR_EVENTLOG_FILE_CHANGED) {
				/* Cleared meanwhile: the next read starts over. */
				CloseEventLog(n->h);
				n->h = OpenEventLogW(NULL, n->wname);
				if (n->h != NULL && n->changed != NULL)
					NotifyChangeEventLog(n->h, n->changed);
				if (n->h != NULL)
					break;
			}
			win_errno();
			xasprintf(cause, "%s: %s", n->name, strerror(errno));
			return -1;
		}
		for (off = 0; off + sizeof(EVENTLOGRECORD) <= got; ) {
			r = (const EVENTLOGRECORD *)(n->buf + off);
			if (r->Length < sizeof(*r) || off + r->Length > got)
				break;
			off += r->Length;
			if (r->RecordNumber <= after)
				continue;
			passed++;
			if (one_record(n, r, cb, arg) != 0)
				return passed;
		}
		flags = EVENTLOG_SEQUENTIAL_READ | EVENTLOG_FORWARDS_READ;
	}
	return passed;
}

enum platform_evlog_state
evlog_native_state(const struct evlog_native *n, const char **why)
{
	if (why != NULL)
		*why = n->unreadable ? n->why : NULL;
	return n->unreadable ? PLATFORM_EVLOG_UNREADABLE :
	    PLATFORM_EVLOG_READABLE;
}

int
evlog_native_range(struct evlog_native *n, uint64_t *oldest, uint64_t *count)
{
	return range(n, oldest, count);
}

void *
evlog_native_handle(struct evlog_native *n)
{
	return n->unreadable ? NULL : n->changed;
}

int
evlog_native_wait(struct evlog_native *n, int ms)
{
	DWORD r;

	if (n->unreadable || n->changed == NULL) {
		Sleep((DWORD)(ms < 0 ? 0 : ms));
		return 0;
	}
	r = WaitForSingleObject(n->changed, ms < 0 ? INFINITE : (DWORD)ms);
	if (r == WAIT_OBJECT_0)
		return 1;
	if (r == WAIT_TIMEOUT)
		return 0;
	return win_errno();
}

void
evlog_native_close(struct evlog_native *n)
{
	if (n == NULL)
		return;
	if (n->h != NULL)
		CloseEventLog(n->h);
	if (n->changed != NULL)
		CloseHandle(n->changed);
	xfree(n->wname);
	xfree(n->name);
	xfree(n->buf);
	xfree(n);
}
