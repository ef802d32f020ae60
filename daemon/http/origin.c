/*
 * origin — Host and Origin checks; see origin.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/origin.h"
#include "lib/xmalloc.h"

#define NAME_MAX_LEN	256

struct allowed {
	char	 name[NAME_MAX_LEN];
	long	 port;			/* 0: any */
};

struct origin {
	char		 host[NAME_MAX_LEN];	/* listen's, "" for any */
	long		 port;
	int		 wildcard;
	int		 loopback;
	struct allowed	*allowed;
	size_t		 nallowed;
};

/*
 * Split "name", "name:port", "[v6]" or "[v6]:port" into name[size]
 * (lower case, brackets dropped) and *port (-1: none); *v6 says whether
 * it was bracketed.  0, or -1 when it is not of that form.
 */
static int
split_host(const char *s, char *name, size_t size, long *port, int *v6)
{
	const char *end, *p;
	char *e;
	size_t len, i;

	*port = -1;
	*v6 = s[0] == '[';
	if (*v6) {
		if ((end = strchr(s, ']')) == NULL)
			return -1;
		s++;
		p = end + 1;
	} else {
		end = s + strcspn(s, ":");
		p = end;
		if (strchr(p + (*p == ':'), ':') != NULL)
			return -1;	/* a bare IPv6 address: ambiguous */
	}
	len = (size_t)(end - s);
	if (len >= size)
		return -1;
	for (i = 0; i < len; i++)
		name[i] = (char)tolower((unsigned char)s[i]);
	name[len] = '\0';
	if (*p == '\0')
		return 0;
	if (*p != ':' || !isdigit((unsigned char)p[1]) || strlen(p + 1) > 5)
		return -1;
	*port = strtol(p + 1, &e, 10);
	return *e == '\0' && *port >= 1 && *port <= 65535 ? 0 : -1;
}

/* A dotted-quad IPv4 literal. */
static int
is_v4(const char *s)
{
	int parts = 0, digits = 0, v = 0;

	for (;; s++) {
		if (isdigit((unsigned char)*s)) {
			v = v * 10 + (*s - '0');
			if (++digits > 3 || v > 255)
				return 0;
		} else if ((*s == '.' || *s == '\0') && digits > 0) {
			parts++;
			digits = v = 0;
			if (*s == '\0')
				return parts == 4;
		} else
			return 0;
	}
}

static int
is_loopback_literal(const char *name, int v6)
{
	if (v6)
		return strcmp(name, "::1") == 0 ||
		    strcmp(name, "0:0:0:0:0:0:0:1") == 0;
	return is_v4(name) && strncmp(name, "127.", 4) == 0;
}

struct origin *
origin_new(const char *listen, char *const *allowed, size_t nallowed)
{
	struct origin *o = xcalloc(1, sizeof(*o));
	size_t i;
	int v6;

	if (listen[0] == ':') {
		o->host[0] = '\0';
		o->port = strtol(listen + 1, NULL, 10);
	} else if (split_host(listen, o->host, sizeof(o->host), &o->port,
	    &v6) == -1 || o->port < 0) {
		xfree(o);
		return NULL;
	} else
		o->loopback = strcmp(o->host, "localhost") == 0 ||
		    is_loopback_literal(o->host, v6);
	o->wildcard = o->host[0] == '\0' || strcmp(o->host, "0.0.0.0") == 0 ||
	    strcmp(o->host, "::") == 0;
	o->allowed = xcalloc(nallowed + 1, sizeof(*o->allowed));
	for (i = 0; i < nallowed; i++) {
		struct allowed *a = &o->allowed[o->nallowed];

		/* hostlist.c has checked them; a bad one would never match. */
		if (split_host(allowed[i], a->name, sizeof(a->name), &a->port,
		    &v6) == 0) {
			if (a->port < 0)
				a->port = 0;
			o->nallowed++;
		}
	}
	return o;
}

void
origin_free(struct origin *o)
{
	if (o == NULL)
		return;
	xfree(o->allowed);
	xfree(o);
}

int
origin_host_ok(const struct origin *o, const char *host)
{
	char name[NAME_MAX_LEN];
	long port;
	size_t i;
	int v6;

	if (host == NULL)
		return 1;
	if (split_host(host, name, sizeof(name), &port, &v6) == -1 ||
	    name[0] == '\0')
		return 0;
	for (i = 0; i < o->nallowed; i++)
		if (strcmp(o->allowed[i].name, name) == 0 &&
		    (o->allowed[i].port == 0 || o->allowed[i].port ==
		    (port < 0 ? 80 : port)))
			return 1;
	if ((port < 0 ? 80 : port) != o->port)
		return 0;
	if (o->host[0] != '\0' && strcmp(name, o->host) == 0)
		return 1;
	if (o->wildcard && (v6 || is_v4(name)))
		return 1;
	return (o->loopback || o->wildcard) && (strcmp(name, "localhost") == 0
	    || is_loopback_literal(name, v6));
}

/* Whether two authorities ("name[:port]") name the same host and port. */
static int
same_authority(const char *a, const char *b, long default_port)
{
	char na[NAME_MAX_LEN], nb[NAME_MAX_LEN];
	long pa, pb;
	int va, vb;

	if (split_host(a, na, sizeof(na), &pa, &va) == -1 ||
	    split_host(b, nb, sizeof(nb), &pb, &vb) == -1)
		return 0;
	return va == vb && strcmp(na, nb) == 0 &&
	    (pa < 0 ? default_port : pa) == (pb < 0 ? default_port : pb);
}

int
origin_post_ok(const char *host, const char *origin, const char *fetch_site)
{
	const char *auth;
	long def;

	if (fetch_site != NULL)
		return strcasecmp(fetch_site, "same-origin") == 0 ||
		    strcasecmp(fetch_site, "none") == 0;
	if (origin == NULL)
		return 1;
	if (host == NULL)
		return 0;
	if (strncasecmp(origin, "http://", 7) == 0) {
		auth = origin + 7;
		def = 80;
	} else if (strncasecmp(origin, "https://", 8) == 0) {
		auth = origin + 8;
		def = 443;
	} else
		return 0;		/* "null", or not a web origin */
	if (strchr(auth, '/') != NULL)
		return 0;
	return same_authority(auth, host, def);
}
