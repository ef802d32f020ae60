/*
 * platform-posix — the POSIX (Linux) side of platform.h.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform/platform.h"
#include "lib/xmalloc.h"

#ifndef SYNCWATCH_DATADIR
#define SYNCWATCH_DATADIR "/usr/local/share/syncwatch"
#endif

char *
platform_exe_dir(void)
{
	char path[PATH_MAX];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (n <= 0)
		return NULL;
	path[n] = '\0';
	if ((slash = strrchr(path, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(path[0] != '\0' ? path : "/");
}

int
platform_has_sig_files(const char *path)
{
	DIR *d;
	struct dirent *de;
	size_t len;
	int found = 0;

	if ((d = opendir(path)) == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		found = len > 4 && strcmp(de->d_name + len - 4, ".sig") == 0;
	}
	closedir(d);
	return found;
}

/*
 * A data directory: $env if set; else DIR/sub beside the executable when
 * usable() says it is the real thing (running from the source tree); else
 * the installed DATADIR/sub.
 */
static char *
default_dir(const char *env_name, const char *sub, int (*usable)(const char *))
{
	const char *env = getenv(env_name);
	char *dir, *p;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if ((dir = platform_exe_dir()) != NULL) {
		xasprintf(&p, "%s/%s", dir, sub);
		xfree(dir);
		if (usable(p))
			return p;
		xfree(p);
	}
	xasprintf(&p, "%s/%s", SYNCWATCH_DATADIR, sub);
	return p;
}

static int
has_dashboard(const char *dir)
{
	char *js;
	int ok;

	xasprintf(&js, "%s/dashboard.js", dir);
	ok = access(js, R_OK) == 0;
	xfree(js);
	return ok;
}

char *
platform_default_patterns(void)
{
	return default_dir("SYNCWATCH_PATTERNS", "patterns",
	    platform_has_sig_files);
}

char *
platform_default_web(void)
{
	return default_dir("SYNCWATCH_WEB", "web", has_dashboard);
}

int64_t
platform_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
platform_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The self-pipe trick: the handler only sets a flag and writes a byte, so
 * the main loop's poll() wakes up and handles the signal in normal context.
 */
static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t sig_pending;

static void
sig_handler(int sig)
{
	int saved = errno;
	char c = 0;

	sig_pending |= sig == SIGHUP ? PLATFORM_SIG_RELOAD : PLATFORM_SIG_STOP;
	if (write(sig_pipe[1], &c, 1) == -1) {
		/* The pipe is full: a wake-up is already pending. */
	}
	errno = saved;
}

int
platform_signals_init(char **cause)
{
	struct sigaction sa;

	if (sig_pipe[0] == -1 && pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = sig_handler;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	return sig_pipe[0];
}

int
platform_signals_take(void)
{
	char buf[64];
	int got;

	while (read(sig_pipe[0], buf, sizeof(buf)) > 0)
		;
	got = sig_pending;
	sig_pending = 0;
	return got;
}

void
platform_notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun;
	socklen_t len;
	int fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    strlen(path) >= sizeof(sun.sun_path))
		return;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	if (path[0] == '@')
		sun.sun_path[0] = '\0';	/* an abstract socket */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
	    strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return;
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL,
	    (struct sockaddr *)&sun, len) == -1) {
		/* The manager is gone or busy; it will notice otherwise. */
	}
	close(fd);
}

int
platform_watchdog_ms(void)
{
	const char *usec = getenv("WATCHDOG_USEC");
	const char *pid = getenv("WATCHDOG_PID");
	long long v;

	if (usec == NULL || (v = atoll(usec)) <= 0)
		return 0;
	if (pid != NULL && atoll(pid) != (long long)getpid())
		return 0;
	v /= 2000;
	return v < 1 ? 1 : v > 3600000 ? 3600000 : (int)v;
}
