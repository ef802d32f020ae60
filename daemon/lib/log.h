/*
 * log — the one logging API.
 *
 * Messages go to stderr (journald adds time and unit).  log_warn and fatal
 * append strerror(errno); the x-suffixed variants do not.  fatal and fatalx
 * never return.  log_debug prints only at verbosity >= 2, log_info at >= 1.
 */
#ifndef SYNCWATCH_LOG_H
#define SYNCWATCH_LOG_H

#include <stdarg.h>

void	log_init(const char *progname, int verbosity);
int	log_verbosity(void);
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
