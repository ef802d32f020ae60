/*
 * platform — the rest of platform.h on Windows: clocks, where things are
 * (%ProgramData%\syncwatch for state and configuration, the folder of the
 * executable for the signatures and the dashboard), threads, users, the
 * listen address, and the log sink.
 *
 * The log goes to standard error when there is a console; a service has
 * none, so its messages go to the Application event log (source
 * "syncwatch", message resources compiled into the executable) and to a
 * file under %ProgramData%\syncwatch\logs.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <bcrypt.h>

#include <errno.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lib/log.h"
#include "lib/timefmt.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "platform/win32/messages.h"
#include "platform/win32/win.h"

#define WIN_LOG_MAX	(10 * 1024 * 1024)	/* then .1, one generation */

int64_t
platform_now_ms(void)
{
	FILETIME ft;

	GetSystemTimeAsFileTime(&ft);
	return win_filetime_ms(&ft);
}

int64_t
platform_mono_ms(void)
{
	return (int64_t)GetTickCount64();
}

char *
platform_exe_dir(void)
{
	wchar_t path[32768];
	DWORD n;
	char *s, *slash;

	n = GetModuleFileNameW(NULL, path, sizeof(path) / sizeof(path[0]));
	if (n == 0 || n >= sizeof(path) / sizeof(path[0]))
		return NULL;
	s = win_utf8(path);
	if ((slash = strrchr(s, '\\')) != NULL)
		*slash = '\0';
	return s;
}

/* %ProgramData%\syncwatch, made once. */
static const char *
program_data(void)
{
	static char *dir;
	wchar_t w[MAX_PATH];
	char *pd;

	if (dir != NULL)
		return dir;
	if (GetEnvironmentVariableW(L"ProgramData", w, MAX_PATH) == 0 ||
	    GetEnvironmentVariableW(L"ProgramData", w, MAX_PATH) >= MAX_PATH)
		wcscpy(w, L"C:\\ProgramData");
	pd = win_utf8(w);
	dir = platform_path_join(pd, "syncwatch");
	xfree(pd);
	return dir;
}

const char *
platform_data_dir(void)
{
	static char *dir;

	if (dir == NULL && (dir = platform_exe_dir()) == NULL)
		dir = xstrdup(".");
	return dir;
}

const char *
platform_default_config(void)
{
	static char *path;

	if (path == NULL)
		path = platform_path_join(program_data(), "syncwatch.conf");
	return path;
}

const char *
platform_default_state_dir(void)
{
	return program_data();
}

char *
platform_expand(const char *path)
{
	wchar_t *w, *out;
	DWORD n;
	char *s;

	if (strchr(path, '%') == NULL || (w = win_wide(path)) == NULL)
		return xstrdup(path);
	n = ExpandEnvironmentStringsW(w, NULL, 0);
	out = xcalloc(n + 1, sizeof(*out));
	if (n == 0 || ExpandEnvironmentStringsW(w, out, n + 1) == 0) {
		xfree(out);
		xfree(w);
		return xstrdup(path);
	}
	s = win_utf8(out);
	xfree(out);
	xfree(w);
	return s;
}

/*
 * The service manager.  STATUS and WATCHDOG have no counterpart; a start
 * that takes long (a backlog being read) keeps the SCM waiting through
 * EXTEND_TIMEOUT_USEC, as systemd's start timeout.
 */
void
platform_notify(const char *state)
{
	if (!win_is_service())
		return;
	if (strncmp(state, "READY=1", 7) == 0)
		win_service_status(SERVICE_RUNNING, 0);
	else if (strncmp(state, "STOPPING=1", 10) == 0)
		win_service_status(SERVICE_STOP_PENDING, 10000);
	else if (strncmp(state, "EXTEND_TIMEOUT_USEC=", 20) == 0)
		win_service_checkpoint();
}

int
platform_watchdog_ms(void)
{
	return 0;
}

int
platform_daemonize(void)
{
	/* Nothing to detach from: a service is started by the SCM. */
	return 0;
}

struct platform_mutex {
	CRITICAL_SECTION cs;
};

struct platform_mutex *
platform_mutex_new(void)
{
	struct platform_mutex *m = xcalloc(1, sizeof(*m));

	InitializeCriticalSection(&m->cs);
	return m;
}

void
platform_mutex_free(struct platform_mutex *m)
{
	if (m == NULL)
		return;
	DeleteCriticalSection(&m->cs);
	xfree(m);
}

void
platform_mutex_lock(struct platform_mutex *m)
{
	EnterCriticalSection(&m->cs);
}

void
platform_mutex_unlock(struct platform_mutex *m)
{
	LeaveCriticalSection(&m->cs);
}

struct platform_thread {
	HANDLE		 h;
	void		(*fn)(void *);
	void		*arg;
};

/* _beginthreadex, not CreateThread: the thread uses the C library. */
static unsigned __stdcall
thread_main(void *arg)
{
	struct platform_thread *t = arg;

	t->fn(t->arg);
	return 0;
}

struct platform_thread *
platform_thread_start(void (*fn)(void *), void *arg)
{
	struct platform_thread *t = xcalloc(1, sizeof(*t));

	t->fn = fn;
	t->arg = arg;
	t->h = (HANDLE)_beginthreadex(NULL, 0, thread_main, t, 0, NULL);
	if (t->h == NULL) {
		xfree(t);
		return NULL;
	}
	return t;
}

void
platform_thread_join(struct platform_thread *t)
{
	if (t == NULL)
		return;
	WaitForSingleObject(t->h, INFINITE);
	CloseHandle(t->h);
	xfree(t);
}

void
platform_zero(void *p, size_t n)
{
	SecureZeroMemory(p, n);
}

int
platform_random(void *buf, size_t n)
{
	if (BCryptGenRandom(NULL, buf, (ULONG)n,
	    BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int
platform_write_private(const char *path, const void *data, size_t len,
    int group, char **cause)
{
	wchar_t *wp = NULL, *wt = NULL;
	char *tmp;
	HANDLE h;
	DWORD put;
	int rc = -1;

	xasprintf(&tmp, "%s.tmp", path);
	if ((wp = win_wide(path)) == NULL || (wt = win_wide(tmp)) == NULL)
		goto out;
	h = CreateFileW(wt, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
	    FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE) {
		win_errno();
		goto out;
	}
	if (!WriteFile(h, data, (DWORD)len, &put, NULL) || put != len ||
	    !FlushFileBuffers(h)) {
		win_errno();
		CloseHandle(h);
		DeleteFileW(wt);
		goto out;
	}
	CloseHandle(h);
	if (!MoveFileExW(wt, wp, MOVEFILE_REPLACE_EXISTING |
	    MOVEFILE_WRITE_THROUGH)) {
		win_errno();
		DeleteFileW(wt);
		goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		xasprintf(cause, "%s: %s", path, strerror(errno));
	xfree(wp);
	xfree(wt);
	xfree(tmp);
	return rc;
}

char *
platform_user_name(void)
{
	wchar_t w[257];
	DWORD n = sizeof(w) / sizeof(w[0]);

	if (!GetUserNameW(w, &n))
		return xstrdup("?");
	return win_utf8(w);
}

char *
platform_host_name(void)
{
	wchar_t w[256];
	DWORD n = sizeof(w) / sizeof(w[0]);

	if (!GetComputerNameExW(ComputerNameDnsHostname, w, &n) || n == 0)
		return xstrdup("localhost");
	return win_utf8(w);
}

static HANDLE event_source;

/* The event log: error, warning and notice (information) only. */
static void
eventlog_write(int priority, const char *line)
{
	const wchar_t *strings[1];
	wchar_t *w;
	WORD type;

	if (priority > LOG_PRIO_NOTICE)
		return;
	if (event_source == NULL &&
	    (event_source = RegisterEventSourceW(NULL, L"syncwatch")) == NULL)
		return;
	type = priority <= LOG_PRIO_ERROR ? EVENTLOG_ERROR_TYPE :
	    priority == LOG_PRIO_WARNING ? EVENTLOG_WARNING_TYPE :
	    EVENTLOG_INFORMATION_TYPE;
	if ((w = win_wide(line)) == NULL)
		return;
	strings[0] = w;
	ReportEventW(event_source, type, 0, priority <= LOG_PRIO_ERROR ?
	    MSG_ERROR : priority == LOG_PRIO_WARNING ? MSG_WARNING : MSG_NOTICE,
	    NULL, 1, 0, strings, NULL);
	xfree(w);
}

void
win_log_file_write(const char *line, size_t len)
{
	static HANDLE h = INVALID_HANDLE_VALUE;
	LARGE_INTEGER size;
	wchar_t *wp, *wold;
	char *dir, *path, *old;
	DWORD put;

	dir = platform_path_join(program_data(), "logs");
	path = platform_path_join(dir, "syncwatch.log");
	if (h != INVALID_HANDLE_VALUE && GetFileSizeEx(h, &size) &&
	    size.QuadPart > WIN_LOG_MAX) {
		CloseHandle(h);
		h = INVALID_HANDLE_VALUE;
		xasprintf(&old, "%s.1", path);
		wp = win_wide(path);
		wold = win_wide(old);
		if (wp != NULL && wold != NULL)
			MoveFileExW(wp, wold, MOVEFILE_REPLACE_EXISTING);
		xfree(wp);
		xfree(wold);
		xfree(old);
	}
	if (h == INVALID_HANDLE_VALUE) {
		platform_mkdir(program_data());
		platform_mkdir(dir);
		if ((wp = win_wide(path)) != NULL) {
			h = CreateFileW(wp, FILE_APPEND_DATA, FILE_SHARE_READ |
			    FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
			    OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
			xfree(wp);
		}
	}
	xfree(path);
	xfree(dir);
	if (h != INVALID_HANDLE_VALUE)
		WriteFile(h, line, (DWORD)len, &put, NULL);
}

void
platform_log_sink(void *arg, int priority, const char *line, size_t len)
{
	char out[2600], ts[32];
	DWORD put;
	int n;

	if (win_is_service() || arg == PLATFORM_LOG_STAMP) {
		timefmt_iso(platform_now_ms(), ts);
		n = snprintf(out, sizeof(out), "%s %.*s\r\n", ts, (int)len,
		    line);
	} else
		n = snprintf(out, sizeof(out), "%.*s\r\n", (int)len, line);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(out)) {
		n = sizeof(out) - 1;
		out[n - 2] = '\r';
		out[n - 1] = '\n';
	}
	if (win_is_service()) {
		eventlog_write(priority, line);
		win_log_file_write(out, (size_t)n);
		return;
	}
	WriteFile(GetStdHandle(STD_ERROR_HANDLE), out, (DWORD)n, &put, NULL);
}

int
platform_listen_addr(const char *listen, void *ss, size_t *sslen, int *ipv6,
    char **cause)
{
	static int wsa_ready;
	struct addrinfo hints, *res = NULL;
	char host[256], *colon, *end;
	const char *port;
	WSADATA wsa;
	long pn;
	int rc;

	if (!wsa_ready && WSAStartup(MAKEWORD(2, 2), &wsa) == 0)
		wsa_ready = 1;
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');

		if (close == NULL || close[1] != ':' ||
		    (size_t)(close - listen - 1) >= sizeof(host))
			goto bad;
		memcpy(host, listen + 1, (size_t)(close - listen - 1));
		host[close - listen - 1] = '\0';
		port = close + 2;
	} else {
		if (strlen(listen) >= sizeof(host))
			goto bad;
		strcpy(host, listen);
		if ((colon = strrchr(host, ':')) == NULL)
			goto bad;
		*colon = '\0';
		port = listen + (colon - host) + 1;
	}
	errno = 0;
	pn = strtol(port, &end, 10);
	if (*port == '\0' || *end != '\0' || errno != 0 || pn < 1 ||
	    pn > 65535) {
		xasprintf(cause, "listen %s: the port must be a number from "
		    "1 to 65535", listen);
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(host[0] != '\0' ? host : NULL, port, &hints, &res);
	if (rc != 0) {
		xasprintf(cause, "listen %s: %s", listen, gai_strerrorA(rc));
		return -1;
	}
	if (res->ai_addrlen > PLATFORM_SOCKADDR_MAX) {
		freeaddrinfo(res);
		goto bad;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	*ipv6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return 0;
bad:
	xasprintf(cause, "listen %s: want HOST:PORT or [V6]:PORT", listen);
	return -1;
}
