/*
 * http — libmicrohttpd glue and the route table; see http.h.
 *
 * The server runs one internal thread (MHD_USE_INTERNAL_POLLING_THREAD), so
 * every request is handled on that thread, with that thread's own SQLite
 * connection: reads never wait for the daemon's commits (WAL), and the
 * daemon's main loop never waits for a slow client.
 *
 * Routes are a table of {method, pattern, handler}; a pattern segment "#"
 * is a positive integer (an incident id) and "@" one of "ack"/"resolve".
 * A path that matches a pattern with another method is a 405 with Allow.
 */

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/http.h"
#include "lib/log.h"
#include "platform/platform.h"
#include "http/auth.h"
#include "http/snapshot.h"
#include "store/store.h"
#include "lib/xmalloc.h"

#define HTTP_MAX_BODY		(8 * 1024)
#define HTTP_MEMORY_LIMIT	(16 * 1024)	/* per connection: headers */
#define HTTP_CONNECTIONS	64
#define HTTP_PER_IP		8
#define HTTP_TIMEOUT_S		10

static const char *csp = "default-src 'none'; script-src 'self'; "
    "style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

struct route {
	const char	*method;
	const char	*pattern;
	api_handler	 handler;
};

static const struct route routes[] = {
	{ "GET",  "/",				api_dashboard },
	{ "GET",  "/incidents/#",		api_incident_page },
	{ "POST", "/incidents/#/@",		api_incident_form },
	{ "GET",  "/static/*",			api_static },
	{ "GET",  "/api/v1/status",		api_status },
	{ "GET",  "/api/v1/incidents",		api_incidents },
	{ "GET",  "/api/v1/incidents/#",	api_incident },
	{ "POST", "/api/v1/incidents/#/@",	api_incident_state },
	{ "POST", "/api/v1/reload",		api_reload },
	{ "GET",  "/api/v1/signatures",		api_signatures },
	{ "GET",  "/api/v1/sources",		api_sources },
	{ "GET",  "/healthz",			api_healthz },
	{ "GET",  "/metrics",			api_metrics },
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

struct http {
	struct MHD_Daemon	*mhd;
	struct snapshot		*sn;
	struct auth		*auth;
	char			*state_dir;
	char			*web_dir;
	int64_t			 started_mono_ms;
};

/* Per-request state, for requests with a body. */
struct conn_state {
	struct buf	body;
	int		too_big;
};

/*
 * Match path against pattern; fills id and action.  Returns 1 on a match.
 * "*" matches one final segment of safe characters (static file names).
 */
static int
route_match(const char *pattern, const char *path, int64_t *id,
    const char **action)
{
	const char *p = pattern, *s = path;
	char *end;
	long long v;

	while (*p != '\0') {
		if (*p == '#') {
			if (*s < '1' || *s > '9')
				return 0;
			v = strtoll(s, &end, 10);
			if (v <= 0 || end == s)
				return 0;
			*id = v;
			s = end;
			p++;
		} else if (*p == '@') {
			if (strncmp(s, "ack", 3) == 0 &&
			    (s[3] == '\0' || s[3] == '/')) {
				*action = "ack";
				s += 3;
			} else if (strncmp(s, "resolve", 7) == 0 &&
			    (s[7] == '\0' || s[7] == '/')) {
				*action = "resolve";
				s += 7;
			} else
				return 0;
			p++;
		} else if (*p == '*') {
			if (*s == '\0')
				return 0;
			for (; *s != '\0'; s++)
				if (!(*s >= 'a' && *s <= 'z') &&
				    !(*s >= '0' && *s <= '9') && *s != '.' &&
				    *s != '-' && *s != '_')
					return 0;
			p++;
		} else if (*p++ != *s++)
			return 0;
	}
	return *s == '\0';
}

static const char *
get_arg(void *ctx, const char *name)
{
	return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result
send_response(struct MHD_Connection *c, struct api_response *r,
    const char *allow)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(r->body.len,
	    r->body.data != NULL ? r->body.data : (char *)"",
	    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", r->content_type != NULL ?
	    r->content_type : "application/json");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (r->html) {
		MHD_add_response_header(resp, "Content-Security-Policy", csp);
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	}
	if (r->no_cache || r->html)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->location[0] != '\0')
		MHD_add_response_header(resp, "Location", r->location);
	if (allow != NULL)
		MHD_add_response_header(resp, "Allow", allow);
	ret = MHD_queue_response(c, (unsigned int)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct http *h = cls;
	struct conn_state *cs = *con_cls;
	struct api_request req;
	struct api_response resp;
	char allow[64] = "";
	const struct route *rt = NULL;
	enum MHD_Result ret;
	const char *action = NULL;
	int64_t id = 0;
	size_t i;
	int is_post = strcmp(method, "POST") == 0;

	if (is_post && cs == NULL) {
		/* First call for a POST: the body comes in later calls. */
		cs = xcalloc(1, sizeof(*cs));
		*con_cls = cs;
		return MHD_YES;
	}
	if (is_post && *upload_size > 0) {
		if (cs->body.len + *upload_size > HTTP_MAX_BODY)
			cs->too_big = 1;
		else
			buf_append(&cs->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}

	memset(&resp, 0, sizeof(resp));
	resp.status = 200;
	for (i = 0; i < NROUTES; i++) {
		int64_t rid = 0;
		const char *ract = NULL;

		if (!route_match(routes[i].pattern, url, &rid, &ract))
			continue;
		if (strcmp(routes[i].method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 &&
		    strcmp(routes[i].method, "GET") == 0)) {
			rt = &routes[i];
			id = rid;
			action = ract;
			break;
		}
		if (strstr(allow, routes[i].method) == NULL)
			snprintf(allow + strlen(allow), sizeof(allow) -
			    strlen(allow), "%s%s", allow[0] ? ", " : "",
			    routes[i].method);
	}
	if (rt == NULL && allow[0] != '\0') {
		api_error(&resp, 405, "method not allowed");
		ret = send_response(c, &resp, allow);
	} else if (rt == NULL) {
		api_error(&resp, 404, "not found");
		ret = send_response(c, &resp, NULL);
	} else if (cs != NULL && cs->too_big) {
		api_error(&resp, 413, "request body too large");
		ret = send_response(c, &resp, NULL);
	} else {
		char *why = NULL;

		memset(&req, 0, sizeof(req));
		req.method = method;
		req.path = url;
		req.id = id;
		req.action = action;
		req.arg = get_arg;
		req.arg_ctx = c;
		req.authorization = MHD_lookup_connection_value(c,
		    MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
		req.body = cs != NULL ? buf_cstr(&cs->body) : "";
		req.body_len = cs != NULL ? cs->body.len : 0;
		req.sn = h->sn;
		req.auth = h->auth;
		req.web_dir = h->web_dir;
		req.started_mono_ms = h->started_mono_ms;
		/*
		 * A connection per request: none is held between them, so a
		 * database the daemon writes back (store_guard) is the one
		 * read next, and a read-only one does not stay so for the
		 * daemon's new connection.  It costs about a millisecond.
		 */
		if ((req.st = store_open_existing(h->state_dir,
		    &why)) == NULL) {
			api_error(&resp, 503, why);
			xfree(why);
		} else
			rt->handler(&req, &resp);
		store_close(req.st);
		ret = send_response(c, &resp, NULL);
	}
	buf_free(&resp.body);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn_state *cs = *con_cls;

	if (cs != NULL) {
		buf_free(&cs->body);
		xfree(cs);
	}
	*con_cls = NULL;
}

/*
 * Percent-decode the URL ourselves: libmicrohttpd would turn "%00" into a
 * NUL, and the C string the router sees would end early
 * ("/static/dashboard.js%00.css" served as dashboard.js).  A URL that holds
 * a NUL once decoded is replaced by one that matches no route.
 */
static size_t
on_unescape(void *cls, struct MHD_Connection *c, char *uri)
{
	size_t len = MHD_http_unescape(uri);

	if (strlen(uri) != len) {
		strcpy(uri, "/.invalid");
		return strlen(uri);
	}
	return len;
}

static void
on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	log_info("http: %s", msg);
}

struct http *
http_start(const char *listen, const char *state_dir, struct snapshot *sn,
    struct auth *auth, char **cause)
{
	struct http *h;
	unsigned char ss[PLATFORM_SOCKADDR_MAX];
	size_t sslen;
	unsigned int flags;
	int ipv6;

	if (platform_listen_addr(listen, ss, &sslen, &ipv6, cause) == -1)
		return NULL;
	h = xcalloc(1, sizeof(*h));
	h->sn = sn;
	h->auth = auth;
	h->started_mono_ms = platform_mono_ms();
	h->web_dir = platform_default_web();
	h->state_dir = xstrdup(state_dir);
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	if (ipv6)
		flags |= MHD_USE_IPv6;
	h->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h,
	    /* The logger must come first to see errors about the others. */
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, h,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)ss,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)HTTP_CONNECTIONS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)HTTP_PER_IP,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEMORY_LIMIT,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
	    MHD_OPTION_UNESCAPE_CALLBACK, on_unescape, h,
	    MHD_OPTION_END);
	if (h->mhd == NULL) {
		xasprintf(cause, "listen %s: cannot start the HTTP server "
		    "(address in use or not available)", listen);
		http_stop(h);
		return NULL;
	}
	return h;
}

void
http_stop(struct http *h)
{
	if (h == NULL)
		return;
	if (h->mhd != NULL)
		MHD_stop_daemon(h->mhd);
	xfree(h->state_dir);
	xfree(h->web_dir);
	xfree(h);
}
