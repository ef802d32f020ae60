/*
 * uri — percent-decoding in place and the query's limits; see uri.h.
 */
#include <string.h>

#include "http/uri.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t
uri_unescape(char *s, int *nul)
{
	char *r = s, *w = s;
	int hi, lo;

	*nul = 0;
	while (*r != '\0') {
		if (r[0] == '%' && (hi = hexval(r[1])) >= 0 &&
		    (lo = hexval(r[2])) >= 0) {
			if (hi == 0 && lo == 0) {
				*nul = 1;
				break;
			}
			*w++ = (char)(hi << 4 | lo);
			r += 3;
		} else
			*w++ = *r++;
	}
	*w = '\0';
	return (size_t)(w - s);
}

int
uri_check_query(const char *target, const char **qmark, const char **why)
{
	const char *q = strchr(target, '?'), *p;
	size_t args = 0;

	*qmark = q;
	if (q == NULL)
		return 0;
	if (strlen(q + 1) > URI_MAX_QUERY) {
		*why = "the query is longer than 4096 bytes";
		return 414;
	}
	/*
	 * The library splits at every '&', empty pieces included: at most
	 * one argument more than there are '&'s.
	 */
	for (p = q + 1; *p != '\0'; p++)
		if (*p == '&')
			args++;
	if (q[1] != '\0')
		args++;
	if (args > URI_MAX_ARGS) {
		*why = "more than 32 query arguments";
		return 400;
	}
	return 0;
}
