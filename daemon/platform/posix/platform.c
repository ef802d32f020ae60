/*
 * platform — the rest of platform.h on POSIX: clocks, where things are,
 * the service manager (systemd's notify protocol, written out: one
 * datagram to $NOTIFY_SOCKET), threads, users, the log sink and address
 * resolution (the HTTP side's other socket helpers are in net.c).
 */
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/timefmt.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

#ifndef SYNCWATCH_DATADIR
#define SYNCWATCH_DATADIR "/usr/local/share/syncwatch"
#endif

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

const char *
platform_data_dir(void)
{
	return SYNCWATCH_DATADIR;
}

const char *
platform_default_config(void)
{
	return "/etc/syncwatch/syncwatch.conf";
}

const char *
platform_default_state_dir(void)
{
	return "/var/lib/syncwatch";
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

int
platform_daemonize(void)
{
	/* Messages still go to the inherited standard error. */
	return daemon(1, 1);
}

int
platform_service_run(int (*fn)(void *), void *arg, char **cause)
{
	xasprintf(cause, "--service is for Windows; systemd runs the daemon "
	    "with --foreground");
	return -1;
}

int
platform_service_ctl(const char *verb, const char *config, char **cause)
{
	xasprintf(cause, "service %s: on Linux, use systemctl %s syncwatch",
	    verb, strcmp(verb, "status") == 0 ? "status" : verb);
	return -1;
}

int
platform_signal_reload(long pid, char **cause)
{
	if (pid <= 1 || pid > INT_MAX) {
		xasprintf(cause, "no daemon process id to signal");
		return -1;
	}
	if (kill((pid_t)pid, SIGHUP) == -1) {
		xasprintf(cause, "cannot signal process %ld: %s", pid,
		    strerror(errno));
		return -1;
	}
	return 0;
}

char *
platform_expand(const char *path)
{
	return xstrdup(path);
}

struct platform_mutex {
	pthread_mutex_t	 m;
};

struct platform_mutex *
platform_mutex_new(void)
{
	struct platform_mutex *m = xcalloc(1, sizeof(*m));

	pthread_mutex_init(&m->m, NULL);
	return m;
}

void
platform_mutex_free(struct platform_mutex *m)
{
	if (m == NULL)
		return;
	pthread_mutex_destroy(&m->m);
	xfree(m);
}

void
platform_mutex_lock(struct platform_mutex *m)
{
	pthread_mutex_lock(&m->m);
}

void
platform_mutex_unlock(struct platform_mutex *m)
{
	pthread_mutex_unlock(&m->m);
}

struct platform_thread {
	pthread_t	 t;
	void		(*fn)(void *);
	void		*arg;
};

static void *
thread_main(void *arg)
{
	struct platform_thread *t = arg;

	t->fn(t->arg);
	return NULL;
}

struct platform_thread *
platform_thread_start(void (*fn)(void *), void *arg)
{
	struct platform_thread *t = xcalloc(1, sizeof(*t));
	int rc;

	t->fn = fn;
	t->arg = arg;
	if ((rc = pthread_create(&t->t, NULL, thread_main, t)) != 0) {
		xfree(t);
		errno = rc;
		return NULL;
	}
	return t;
}

void
platform_thread_join(struct platform_thread *t)
{
	if (t == NULL)
		return;
	pthread_join(t->t, NULL);
	xfree(t);
}

void
platform_zero(void *p, size_t n)
{
	explicit_bzero(p, n);
}

int
platform_random(void *buf, size_t n)
{
	unsigned char *p = buf;
	ssize_t r;

	while (n > 0) {
		if ((r = getrandom(p, n, 0)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int
platform_write_private(const char *path, const void *data, size_t len,
    int group, char **cause)
{
	mode_t mode = group ? 0640 : 0600;
	char *tmp;
	int fd, saved;

	xasprintf(&tmp, "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    mode)) == -1)
		goto fail;
	/* A file left by an older run may carry other bits. */
	if (fchmod(fd, mode) == -1 || write(fd, data, len) != (ssize_t)len ||
	    fsync(fd) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1)
		goto fail;
	xfree(tmp);
	return 0;
fail:
	saved = errno;
	xasprintf(cause, "%s: %s", path, strerror(saved));
	unlink(tmp);
	xfree(tmp);
	return -1;
}

char *
platform_user_name(void)
{
	struct passwd *pw = getpwuid(getuid());
	char *s;

	if (pw != NULL)
		return xstrdup(pw->pw_name);
	xasprintf(&s, "uid %lu", (unsigned long)getuid());
	return s;
}

char *
platform_host_name(void)
{
	char name[256];

	if (gethostname(name, sizeof(name)) == -1 || name[0] == '\0')
		return xstrdup("localhost");
	name[sizeof(name) - 1] = '\0';
	return xstrdup(name);
}

/*
 * Whether standard error is the journal: systemd sets $JOURNAL_STREAM to
 * the device and inode of the stream it connected, which a redirection
 * by the service's own script would change.
 */
static int
stderr_is_journal(void)
{
	static int known, is;
	const char *js;
	unsigned long long dev, ino;
	struct stat st;

	if (known)
		return is;
	known = 1;
	js = getenv("JOURNAL_STREAM");
	if (js != NULL && sscanf(js, "%llu:%llu", &dev, &ino) == 2 &&
	    fstat(STDERR_FILENO, &st) == 0 &&
	    (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino)
		is = 1;
	return is;
}

void
platform_log_sink(void *arg, int priority, const char *line, size_t len)
{
	char out[2600], ts[32];
	int n;

	if (stderr_is_journal())
		n = snprintf(out, sizeof(out), "<%d>%.*s\n", priority,
		    (int)len, line);
	else if (arg == PLATFORM_LOG_STAMP) {
		timefmt_iso(platform_now_ms(), ts);
		n = snprintf(out, sizeof(out), "%s %.*s\n", ts, (int)len,
		    line);
	} else
		n = snprintf(out, sizeof(out), "%.*s\n", (int)len, line);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(out)) {
		n = sizeof(out) - 1;
		out[n - 1] = '\n';
	}
	if (write(STDERR_FILENO, out, (size_t)n) < 0)
		return;		/* nowhere left to say so */
}

int
platform_listen_addr(const char *listen, void *ss, size_t *sslen, int *ipv6,
    char **cause)
{
	struct addrinfo hints, *res = NULL;
	char host[256], *colon, *end;
	const char *port;
	long pn;
	int rc;

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
		xasprintf(cause, "listen %s: %s", listen, gai_strerror(rc));
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
