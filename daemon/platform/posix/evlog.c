/*
 * evlog — the native event log on POSIX: there is none.  Opening one
 * fails with ENOSYS; the replay backend (platform/evlog.c) still works.
 */
#include <errno.h>

#include "lib/xmalloc.h"
#include "platform/evlog-int.h"

struct evlog_native *
evlog_native_open(const char *channel, char **cause)
{
	xasprintf(cause, "%s: the Windows event log cannot be read on this "
	    "system (export it: wevtutil qe %s /f:xml)", channel, channel);
	errno = ENOSYS;
	return NULL;
}

/* Unreachable: no native log is ever opened here. */

int64_t
evlog_native_read(struct evlog_native *n, uint64_t after, platform_evlog_cb cb,
    void *arg, char **cause)
{
	errno = ENOSYS;
	xasprintf(cause, "no event log on this system");
	return -1;
}

enum platform_evlog_state
evlog_native_state(const struct evlog_native *n, const char **why)
{
	if (why != NULL)
		*why = "no event log on this system";
	return PLATFORM_EVLOG_UNREADABLE;
}

int
evlog_native_range(struct evlog_native *n, uint64_t *oldest, uint64_t *count)
{
	errno = ENOSYS;
	return -1;
}

void *
evlog_native_handle(struct evlog_native *n)
{
	return NULL;
}

int
evlog_native_wait(struct evlog_native *n, int ms)
{
	errno = ENOSYS;
	return -1;
}

void
evlog_native_close(struct evlog_native *n)
{
}
