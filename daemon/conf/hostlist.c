/*
 * hostlist — parse and check allowed_hosts; see hostlist.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "conf/hostlist.h"
#include "lib/diag.h"
#include "lib/xmalloc.h"

/* A DNS name: dot-separated labels of letters, digits and inner '-'. */
static int
valid_name(const char *s, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
		} else if (isalnum(c) || (c == '-' && label > 0)) {
			if (++label > 63)
				return 0;
		} else
			return 0;
	}
	return label > 0 && s[len - 1] != '-';
}

/* What may stand between the brackets of an IPv6 literal. */
static int
valid_v6(const char *s, size_t len)
{
	size_t i;

	if (len < 2)
		return 0;
	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]) && s[i] != ':' &&
		    s[i] != '.')
			return 0;
	return memchr(s, ':', len) != NULL;
}

static int
valid_port(const char *s)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s) || strlen(s) > 5)
		return 0;
	v = strtol(s, &end, 10);
	return *end == '\0' && v >= 1 && v <= 65535;
}

/* One entry: NAME, NAME:PORT, [V6] or [V6]:PORT (IPv4 is a NAME here). */
static int
valid_entry(const char *e)
{
	const char *close, *colon;

	if (e[0] == '[') {
		if ((close = strchr(e, ']')) == NULL ||
		    !valid_v6(e + 1, (size_t)(close - e - 1)))
			return 0;
		return close[1] == '\0' || (close[1] == ':' &&
		    valid_port(close + 2));
	}
	if ((colon = strchr(e, ':')) == NULL)
		return valid_name(e, strlen(e));
	return valid_name(e, (size_t)(colon - e)) && valid_port(colon + 1);
}

int
hostlist_parse(const char *value, char ***out, size_t *n,
    struct diag *errors, const char *file, int line)
{
	const char *s = value;
	char *e, *p;
	size_t len;
	int bad = 0;

	*out = NULL;
	*n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '\0')
			break;
		len = strcspn(s, " \t,");
		e = xstrndup(s, len);
		s += len;
		for (p = e; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!valid_entry(e)) {
			diag_add(errors, file, (uint64_t)line, "bad "
			    "allowed_hosts entry '%s' (a host name or address "
			    "as a browser sends it in Host, with an optional "
			    ":PORT, e.g. syncwatch.example.com or "
			    "[fd00::5]:8470)", e);
			xfree(e);
			bad++;
			continue;
		}
		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		(*out)[(*n)++] = e;
	}
	return bad;
}

void
hostlist_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		xfree(v[i]);
	xfree(v);
}
