/*
 * log — the one logging API.
 *
 * OpenBSD-daemon style: log_warn and log_error append strerror(errno), the
 * x-suffixed variants do not; fatal and fatalx never return.  Every
 * message has a priority, as syslog and journald know them: error,
 * warning, notice (the daemon's life: started, reloaded, stopped), info
 * (shown with -v) and debug (-vv).  A message is formatted once, as
 * "PROGNAME: text", and handed to the sink: standard error by default;
 * main installs the platform's sink (journald priority prefixes, a
 * timestamp when run by hand, and on Windows the event log).  Each message
 * reaches the sink in one piece, so concurrent writers do not interleave.
 */
#ifndef SYNCWATCH_LOG_H
#define SYNCWATCH_LOG_H

#include <stddef.h>

#include "lib/attr.h"

/* syslog's numbers, which journald's "<N>" prefixes use too. */
enum log_priority {
	LOG_PRIO_ERROR = 3,
	LOG_PRIO_WARNING = 4,
	LOG_PRIO_NOTICE = 5,
	LOG_PRIO_INFO = 6,
	LOG_PRIO_DEBUG = 7,
};

/*
 * A sink gets each message's priority and its text (no newline; text[len]
 * is '\0').
 */
typedef void (*log_sink)(void *arg, int priority, const char *text,
	    size_t len);

/*
 * verbosity 0 shows notices and above, 1 adds info, 2 adds debug.
 */
void	log_init(const char *progname, int verbosity);
/* NULL restores the default sink (standard error). */
void	log_set_sink(log_sink, void *arg);

void	log_error(const char *fmt, ...) PRINTFLIKE(1, 2);
void	log_errorx(const char *fmt, ...) PRINTFLIKE(1, 2);
void	log_warn(const char *fmt, ...) PRINTFLIKE(1, 2);
void	log_warnx(const char *fmt, ...) PRINTFLIKE(1, 2);
void	log_notice(const char *fmt, ...) PRINTFLIKE(1, 2);
void	log_info(const char *fmt, ...) PRINTFLIKE(1, 2);
void	log_debug(const char *fmt, ...) PRINTFLIKE(1, 2);
void	fatal(const char *fmt, ...)
	    PRINTFLIKE(1, 2) __attribute__((noreturn));
void	fatalx(const char *fmt, ...)
	    PRINTFLIKE(1, 2) __attribute__((noreturn));

#endif
