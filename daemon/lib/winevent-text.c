/*
 * winevent-text — text helpers of the event-log readers: UTF-8 from
 * whatever an export or the system hands over, and the event schema's
 * SystemTime; see winevent.h.
 */
#include <string.h>

#include "lib/timefmt.h"
#include "lib/winevent.h"

static int
xml_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void
winevent_put_utf8(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = 0xfffd;
	if (cp < 0x80) {
		buf_putc(b, (int)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 4);
	}
}

int
winevent_systemtime(const char *s, size_t n, int64_t *ms)
{
	int v[6] = { 0 }, frac = 0, k, d, sign, oh = 0, om = 0;
	static const char seps[] = "--T::";
	size_t i = 0;
	int64_t t;

	while (i < n && xml_space((unsigned char)s[i]))
		i++;
	for (k = 0; k < 6; k++) {
		d = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && d < (k ? 2 : 4)) {
			v[k] = v[k] * 10 + (s[i++] - '0');
			d++;
		}
		if (d != (k ? 2 : 4))
			return -1;
		if (k < 5) {
			if (i >= n || (s[i] != seps[k] && !(k == 2 &&
			    s[i] == ' ')))
				return -1;
			i++;
		}
	}
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++, d++)
			if (d < 3)
				frac = frac * 10 + (s[i] - '0');
		if (d == 0)
			return -1;
		for (; d < 3; d++)
			frac *= 10;
	}
	if (timefmt_civil_ms(v[0], v[1], v[2], v[3], v[4], v[5], frac, &t) < 0)
		return -1;
	if (i < n && (s[i] == 'Z' || s[i] == 'z'))
		i++;
	else if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i++] == '-' ? -1 : 1;
		for (d = 0; d < 2 && i < n && s[i] >= '0' && s[i] <= '9'; d++)
			oh = oh * 10 + (s[i++] - '0');
		if (d != 2)
			return -1;
		if (i < n && s[i] == ':')
			i++;
		for (d = 0; d < 2 && i < n && s[i] >= '0' && s[i] <= '9'; d++)
			om = om * 10 + (s[i++] - '0');
		if (d != 2 || oh > 14 || om > 59)
			return -1;
		t -= (int64_t)sign * (oh * 60 + om) * 60000;
	}
	while (i < n && xml_space((unsigned char)s[i]))
		i++;
	if (i != n)
		return -1;
	*ms = t;
	return 0;
}

/* The length of a valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t k, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4;
	else
		return 0;
	if (n < k)
		return 0;
	cp = s[0] & (0x7f >> k);
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return k;
}

void
winevent_utf8_clean(struct buf *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k;

	while (i < n) {
		if (s[i] == '\0') {
			i++;
		} else if (s[i] == '\r') {
			buf_putc(out, '\n');
			i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
		} else if ((k = utf8_seq(s + i, n - i)) == 0) {
			winevent_put_utf8(out, 0xfffd);
			i++;
		} else {
			buf_append(out, s + i, k);
			i += k;
		}
	}
}

void
winevent_text_utf8(struct buf *out, const void *bytes, size_t n)
{
	const unsigned char *s = bytes;
	size_t i = 0;
	int be = -1;
	uint32_t u, lo;

	if (n >= 2 && s[0] == 0xff && s[1] == 0xfe)
		be = 0, i = 2;
	else if (n >= 2 && s[0] == 0xfe && s[1] == 0xff)
		be = 1, i = 2;
	else if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		winevent_utf8_clean(out, (const char *)s + 3, n - 3);
		return;
	} else if (n >= 4 && s[0] != 0 && s[1] == 0 && s[3] == 0)
		be = 0;
	else if (n >= 4 && s[0] == 0 && s[1] != 0 && s[2] == 0)
		be = 1;
	if (be < 0) {
		winevent_utf8_clean(out, (const char *)s, n);
		return;
	}
	while (i + 1 < n) {
		u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) :
		    (uint32_t)(s[i + 1] << 8 | s[i]);
		i += 2;
		if (u >= 0xd800 && u <= 0xdbff && i + 1 < n) {
			lo = be ? (uint32_t)(s[i] << 8 | s[i + 1]) :
			    (uint32_t)(s[i + 1] << 8 | s[i]);
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
		}
		if (u == 0)
			continue;
		if (u == '\r') {
			buf_putc(out, '\n');
			if (i + 1 < n && (be ? s[i] == 0 && s[i + 1] == '\n' :
			    s[i + 1] == 0 && s[i] == '\n'))
				i += 2;
			continue;
		}
		winevent_put_utf8(out, u);	/* a lone surrogate becomes U+FFFD */
	}
}
