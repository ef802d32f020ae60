/*
 * evlog-int — the native event-log reader behind platform_evlog_*, one
 * per platform (posix/evlog.c: none; win32/evlog.c: the classic API),
 * for platform/evlog.c, which also holds the replay backend.  Not for
 * use outside platform/.
 */
#ifndef SYNCWATCH_PLATFORM_EVLOG_INT_H
#define SYNCWATCH_PLATFORM_EVLOG_INT_H

#include <stdint.h>

#include "platform/platform.h"

struct evlog_native;

struct evlog_native *evlog_native_open(const char *channel, char **cause);
int64_t	evlog_native_read(struct evlog_native *, uint64_t after,
	    platform_evlog_cb, void *arg, char **cause);
enum platform_evlog_state evlog_native_state(const struct evlog_native *,
	    const char **why);
int	evlog_native_range(struct evlog_native *, uint64_t *oldest,
	    uint64_t *count);
void	*evlog_native_handle(struct evlog_native *);
int	evlog_native_wait(struct evlog_native *, int ms);
void	evlog_native_close(struct evlog_native *);

#endif
