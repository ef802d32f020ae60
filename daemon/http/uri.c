/*
 * uri — percent-decoding in place; see uri.h.
 */
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
