/*
 * uri — the request target, checked before the router sees it.
 *
 * Percent-decoding happens in the library's own buffer, in place, through
 * its unescape callback, and the libmicrohttpd manual allows that callback
 * only to shorten the string: decoding never lengthens, and a "%00" that
 * would put a NUL into the path or an argument is reported instead of
 * being papered over (a C string cut at the NUL would route
 * "/static/dashboard.js%00.css" as dashboard.js).
 */
#ifndef SYNCWATCH_URI_H
#define SYNCWATCH_URI_H

#include <stddef.h>

/*
 * Decode the %XX escapes of s in place ("%zz" and a lone "%" stay as
 * they are).  Returns the new length, never more than strlen(s) was.  If
 * an escape decoded to a NUL, s is cut before it, *nul is set to 1 and
 * the length is that of the part kept.
 */
size_t	uri_unescape(char *s, int *nul);

#endif
