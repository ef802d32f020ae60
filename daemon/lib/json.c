/*
 * json — jansson strings from log text; see json.h.
 */
#include <jansson.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/json.h"

/* Length of the valid UTF-8 sequence at p, or 0. */
static size_t
utf8_seq(const unsigned char *p, size_t avail)
{
	size_t n, i;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > avail)
		return 0;
	cp = p[0] & (0xff >> (n + 1));
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

json_t *
json_text(const char *s, size_t len)
{
	struct buf b = { 0 };
	json_t *j;
	size_t i, n;

	if ((j = json_stringn(s, len)) != NULL)
		return j;
	for (i = 0; i < len; i += n) {
		n = utf8_seq((const unsigned char *)s + i, len - i);
		if (n == 0) {
			buf_append(&b, "\xef\xbf\xbd", 3);
			n = 1;
		} else
			buf_append(&b, s + i, n);
	}
	j = json_stringn(b.data ? b.data : "", b.len);
	buf_free(&b);
	return j != NULL ? j : json_string("");
}
