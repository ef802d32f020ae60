/*
 * log — formatting and priorities; see log.h.
 *
 * The state is a program name, a verbosity and the sink, set at start-up
 * by main before any thread exists; everything else is formatting.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

static const char *log_progname = "syncwatch";
static int log_level = 0;
static log_sink log_out;
static void *log_out_arg;

void
log_init(const char *progname, int verbosity)
{
	if (progname != NULL)
		log_progname = progname;
	log_level = verbosity;
}

void
log_set_sink(log_sink sink, void *arg)
{
	log_out = sink;
	log_out_arg = arg;
}

static void
log_emit(int prio, int with_errno, int saved_errno, const char *fmt,
    va_list ap)
{
	char msg[2048];
	char line[2400];
	int n;

	if ((prio == LOG_PRIO_INFO && log_level < 1) ||
	    (prio == LOG_PRIO_DEBUG && log_level < 2))
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (with_errno)
		n = snprintf(line, sizeof(line), "%s: %s%s: %s", log_progname,
		    prio == LOG_PRIO_DEBUG ? "debug: " : "", msg,
		    strerror(saved_errno));
	else
		n = snprintf(line, sizeof(line), "%s: %s%s", log_progname,
		    prio == LOG_PRIO_DEBUG ? "debug: " : "", msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (log_out != NULL) {
		log_out(log_out_arg, prio, line, (size_t)n);
		return;
	}
	line[n] = '\n';
	fwrite(line, 1, (size_t)n + 1, stderr);
}

#define LOG_FN(name, prio, with_errno)				\
void								\
name(const char *fmt, ...)					\
{								\
	int saved = errno;					\
	va_list ap;						\
								\
	va_start(ap, fmt);					\
	log_emit(prio, with_errno, saved, fmt, ap);		\
	va_end(ap);						\
	errno = saved;						\
}

LOG_FN(log_error, LOG_PRIO_ERROR, 1)
LOG_FN(log_errorx, LOG_PRIO_ERROR, 0)
LOG_FN(log_warn, LOG_PRIO_WARNING, 1)
LOG_FN(log_warnx, LOG_PRIO_WARNING, 0)
LOG_FN(log_notice, LOG_PRIO_NOTICE, 0)
LOG_FN(log_info, LOG_PRIO_INFO, 0)
LOG_FN(log_debug, LOG_PRIO_DEBUG, 0)

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	char buf[2048];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	errno = saved;
	log_error("fatal: %s", buf);
	exit(2);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;
	char buf[2048];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_errorx("fatal: %s", buf);
	exit(2);
}
