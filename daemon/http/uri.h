/*
 * uri — the request target, checked before the router sees it.
 *
 * Percent-decoding happens in the library's own buffer, in place, through
 * its unescape callback, and the libmicrohttpd manual allows that callback
 * only to shorten the string: decoding never lengthens, and a "%00" that
 * would put a NUL into the path or an argument is reported instead of
 * being papered over (a C string cut at the NUL would route
 * "/static/dashboard.js%00.css" as dashboard.js).
 *
 * The query is measured before the library parses it into arguments: each
 * argument costs the connection's memory pool a record, and a request
 * line holding a few hundred of them exhausts it.  A query over the
 * limits is answered 414 or 400 at once.
 */
#ifndef SYNCWATCH_URI_H
#define SYNCWATCH_URI_H

#include <stddef.h>

#define URI_MAX_QUERY	4096	/* bytes after the '?' */
#define URI_MAX_ARGS	32	/* name=value pairs in it */

/*
 * Decode the %XX escapes of s in place ("%zz" and a lone "%" stay as
 * they are).  Returns the new length, never more than strlen(s) was.  If
 * an escape decoded to a NUL, s is cut before it, *nul is set to 1 and
 * the length is that of the part kept.
 */
size_t	uri_unescape(char *s, int *nul);

/*
 * The query of a raw request target ("/path?a=1&b=2"): 0 if it is within
 * URI_MAX_QUERY and URI_MAX_ARGS (or there is none), else the HTTP status
 * to answer (414 too long, 400 too many arguments) with *why saying so.
 * *qmark is set to the '?' (NULL if none).
 */
int	uri_check_query(const char *target, const char **qmark,
	    const char **why);

#endif
