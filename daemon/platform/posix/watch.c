/*
 * watch-inotify — platform.h's directory watching on Linux.
 *
 * One inotify watch per directory, not per file: a directory watch reports
 * writes to its files (IN_MODIFY) as well as the creations, renames and
 * deletions that rotation is made of, and it survives the file being
 * replaced.  The daemon treats every event as "look at this directory
 * again", so the exact event kind does not matter and coalescing is free.
 */
#include <sys/inotify.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "platform/platform.h"
#include "lib/xmalloc.h"

#define WATCH_MASK (IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_FROM | \
	IN_MOVED_TO | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

struct platform_watch {
	int	fd;
};

struct platform_watch *
platform_watch_new(char **cause)
{
	struct platform_watch *pw;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd == -1) {
		xasprintf(cause, "inotify: %s", strerror(errno));
		return NULL;
	}
	pw = xcalloc(1, sizeof(*pw));
	pw->fd = fd;
	return pw;
}

void
platform_watch_free(struct platform_watch *pw)
{
	if (pw == NULL)
		return;
	close(pw->fd);
	xfree(pw);
}

int
platform_watch_fd(const struct platform_watch *pw)
{
	return pw->fd;
}

int
platform_watch_dir(struct platform_watch *pw, const char *dir)
{
	return inotify_add_watch(pw->fd, dir, WATCH_MASK | IN_ONLYDIR);
}

void
platform_watch_remove(struct platform_watch *pw, int id)
{
	inotify_rm_watch(pw->fd, id);
}

int
platform_watch_read(struct platform_watch *pw, platform_watch_cb cb,
    void *arg)
{
	char buf[64 * 1024]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	char *p;
	int overflow = 0;

	for (;;) {
		n = read(pw->fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (p = buf; p < buf + n;
		    p += sizeof(struct inotify_event) + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->mask & IN_Q_OVERFLOW) {
				overflow = 1;
				continue;
			}
			cb(arg, ev->wd, ev->len > 0 ? ev->name : NULL);
		}
	}
	return overflow;
}
