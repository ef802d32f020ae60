/*
 * loop — platform.h's wait on Linux: inotify, signals, poll.
 *
 * One inotify watch per directory, not per file: a directory watch reports
 * writes to its files (IN_MODIFY) as well as the creations, renames and
 * deletions that rotation is made of, and it survives the file being
 * replaced.  The daemon treats an event as "look at this directory again",
 * so coalescing is free; only the directory's own disappearance
 * (IN_DELETE_SELF, IN_MOVE_SELF, IN_IGNORED, IN_UNMOUNT) is told apart, so
 * its watch can be set up again when it comes back.
 *
 * Signals use the self-pipe trick: the handler only sets a flag and writes
 * a byte, so poll() wakes up and the signal is handled in normal context.
 */
#include <sys/inotify.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

#define WATCH_MASK (IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_FROM | \
	IN_MOVED_TO | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

struct platform_loop {
	int	ifd;		/* inotify, or -1 */
};

/*
 * Counters, not flags: the handler only ever increments, and the loop
 * compares with what it saw last, so a signal arriving while the loop
 * reads them is never lost.
 */
static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t sig_stops, sig_reloads;
static sig_atomic_t seen_stops, seen_reloads;

static void
sig_handler(int sig)
{
	int saved = errno;
	char c = 0;

	if (sig == SIGHUP)
		sig_reloads++;
	else
		sig_stops++;
	if (write(sig_pipe[1], &c, 1) == -1) {
		/* The pipe is full: a wake-up is already pending. */
	}
	errno = saved;
}

struct platform_loop *
platform_loop_new(int *watching, char **cause)
{
	struct platform_loop *l;
	struct sigaction sa;

	if (sig_pipe[0] == -1 && pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return NULL;
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
	l = xcalloc(1, sizeof(*l));
	if ((l->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1)
		log_warn("inotify; every source is polled");
	*watching = l->ifd != -1;
	return l;
}

void
platform_loop_free(struct platform_loop *l)
{
	if (l == NULL)
		return;
	if (l->ifd != -1)
		close(l->ifd);
	xfree(l);
}

int
platform_watch_dir(struct platform_loop *l, const char *dir)
{
	if (l->ifd == -1) {
		errno = ENOSYS;
		return -1;
	}
	return inotify_add_watch(l->ifd, dir, WATCH_MASK | IN_ONLYDIR);
}

void
platform_watch_remove(struct platform_loop *l, int id)
{
	if (l->ifd != -1)
		inotify_rm_watch(l->ifd, id);
}

/* Drain the inotify queue.  Returns PLATFORM_EV_OVERFLOW or 0. */
static int
watch_read(struct platform_loop *l, platform_watch_cb cb, void *arg)
{
	char buf[64 * 1024]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	char *p;
	int ret = 0, what;

	for (;;) {
		n = read(l->ifd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (p = buf; p < buf + n;
		    p += sizeof(struct inotify_event) + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->mask & IN_Q_OVERFLOW) {
				ret = PLATFORM_EV_OVERFLOW;
				continue;
			}
			what = ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF |
			    IN_IGNORED | IN_UNMOUNT) ? PLATFORM_WATCH_GONE :
			    PLATFORM_WATCH_CHANGED;
			cb(arg, ev->wd, ev->len > 0 ? ev->name : NULL, what);
		}
	}
	return ret;
}

void
platform_loop_wake(struct platform_loop *l)
{
	char c = 0;

	/* The signal pipe wakes the loop; a full pipe is awake already. */
	if (write(sig_pipe[1], &c, 1) == -1)
		return;
}

void
platform_sleep_ms(int ms)
{
	poll(NULL, 0, ms);
}

int
platform_loop_wait(struct platform_loop *l, int timeout_ms,
    platform_watch_cb cb, void *arg)
{
	struct pollfd pfd[2];
	char buf[64];
	int ret = 0;

	pfd[0].fd = sig_pipe[0];
	pfd[0].events = POLLIN;
	pfd[1].fd = l->ifd;
	pfd[1].events = POLLIN;
	if (poll(pfd, 2, timeout_ms) == -1 && errno != EINTR)
		fatal("poll");
	if (l->ifd != -1 && (pfd[1].revents & POLLIN))
		ret |= watch_read(l, cb, arg);
	while (read(sig_pipe[0], buf, sizeof(buf)) > 0)
		;
	if (sig_stops != seen_stops) {
		seen_stops = sig_stops;
		ret |= PLATFORM_EV_STOP;
	}
	if (sig_reloads != seen_reloads) {
		seen_reloads = sig_reloads;
		ret |= PLATFORM_EV_RELOAD;
	}
	return ret;
}
