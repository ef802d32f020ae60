/*
 * log — stderr logging with OpenBSD-daemon semantics.
 *
 * The state is a program name and a verbosity level, set once at start-up by
 * main; everything else is formatting.  Each message is written with a single
 * write so concurrent writers to the journal do not interleave.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"

static const char *log_progname = "syncwatch";
static int log_level = 0;

void
log_init(const char *progname, int verbosity)
{
	if (progname != NULL)
		log_progname = progname;
	log_level = verbosity;
}

int
log_verbosity(void)
{
	return log_level;
}

static void
log_emit(const char *prefix, int with_errno, int saved_errno,
    const char *fmt, va_list ap)
{
	char msg[2048];
	char line[2400];
	int n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (with_errno)
		n = snprintf(line, sizeof(line), "%s: %s%s: %s\n", log_progname,
		    prefix, msg, strerror(saved_errno));
	else
		n = snprintf(line, sizeof(line), "%s: %s%s\n", log_progname,
		    prefix, msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit("", 1, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit("", 0, 0, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 1)
		return;
	va_start(ap, fmt);
	log_emit("", 0, 0, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 2)
		return;
	va_start(ap, fmt);
	log_emit("debug: ", 0, 0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit("fatal: ", 1, saved, fmt, ap);
	va_end(ap);
	exit(2);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit("fatal: ", 0, 0, fmt, ap);
	va_end(ap);
	exit(2);
}
