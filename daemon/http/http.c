/*
 * http — libmicrohttpd glue and the route table; see http.h.
 *
 * libmicrohttpd runs one internal thread (epoll on Linux, WSAPoll on
 * Windows: no FD_SETSIZE cap on the connections), so every request is
 * handled on that thread, with its own SQLite connection: reads never wait
 * for the daemon's commits (WAL), and the daemon's main loop never waits
 * for a slow client.  A second thread, the sweeper, ends the connections
 * past their deadline (guard.c) a few times a second: the library's own
 * timeout is renewed by every byte, so a slow client would hold its slot
 * for ever.  The two share the guard under h->lock; the sweeper only ever
 * shuts a socket down, which is safe from another thread as long as the
 * library has not closed it, and it closes a socket only after telling us
 * (MHD_CONNECTION_NOTIFY_CLOSED, which takes the lock to drop it).
 *
 * Per connection, the library keeps our struct hconn (its "socket
 * context", from MHD_CONNECTION_NOTIFY_STARTED to _CLOSED); it also serves
 * as the request context of the request being read.  What is wrong with a
 * request is decided as early as the library lets us: the query when the
 * request line is in (uri.c), the Host (origin.c), method, path, Origin
 * and body length once the head is in; the answer then goes out before
 * any body is read.
 *
 * Routes are a table of {method, pattern, handler}; a pattern segment "#"
 * is a positive integer (an incident id) and "@" one of api_actions.
 * A path that matches a pattern with another method is a 405 with Allow.
 */

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "http/api.h"
#include "http/guard.h"
#include "http/http.h"
#include "http/origin.h"
#include "http/uri.h"
#include "lib/log.h"
#include "platform/platform.h"
#include "http/auth.h"
#include "http/snapshot.h"
#include "store/store.h"
#include "lib/xmalloc.h"

#define HTTP_MAX_BODY		(8 * 1024)
#define HTTP_MEMORY_LIMIT	(16 * 1024)	/* per connection: the head */
/*
 * Slots: more than a local flood can pile up within HTTP_HEAD_MS, and
 * well within the default 1024 descriptors of a process.
 */
#define HTTP_SLOTS		256
#define HTTP_LOCAL_RESERVE	32	/* of the slots, never for remote peers */
#define HTTP_PER_HOST		16	/* from one remote address */
#define HTTP_HEAD_MS		5000	/* request line and headers */
#define HTTP_REQUEST_MS		10000	/* the whole request */
#define HTTP_REPLY_MS		30000	/* up to the answer's last byte */
#define HTTP_IDLE_S		10	/* the library's idle timeout, a backstop */
#define HTTP_TICK_MS		250	/* between sweeps */
#define HTTP_CUT_LOG_MS		60000	/* at most one message about cuts */

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
	struct platform_thread	*sweeper;
	struct platform_mutex	*lock;		/* guard, stop */
	int			 stop;
	struct guard		*guard;
	struct origin		*origin;
	struct snapshot		*sn;
	struct auth		*auth;
	char			*state_dir;
	char			*web_dir;
	char			*name;
	char			*external_url;
	int64_t			 started_mono_ms;
	uint64_t		 cuts_logged;
	int64_t			 cut_log_ms;
};

/*
 * One connection, and the request being read on it: the library's socket
 * context, and the request context (con_cls) of each of its requests.
 */
struct hconn {
	struct guard_conn	 gc;
	struct MHD_Connection	*c;
	/* The request, from its request line to its answer. */
	int			 bad;		/* status to answer at once */
	const char		*why;		/* and why */
	int			 seen;		/* the handler has had the head */
	const struct route	*rt;
	int64_t			 id;
	const char		*action;
	struct buf		 body;
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
			size_t k, len = strcspn(s, "/");

			for (k = 0; api_actions[k] != NULL; k++)
				if (strlen(api_actions[k]) == len &&
				    strncmp(s, api_actions[k], len) == 0)
					break;
			if (api_actions[k] == NULL)
				return 0;
			*action = api_actions[k];
			s += len;
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

struct each_arg {
	int	(*cb)(void *, const char *, const char *);
	void	*cbarg;
	int	 rc;
};

static enum MHD_Result
each_arg_one(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct each_arg *ea = cls;

	if (ea->rc != 0)
		return MHD_NO;
	ea->rc = ea->cb(ea->cbarg, key != NULL ? key : "", value);
	return ea->rc == 0 ? MHD_YES : MHD_NO;
}

static int
each_arg(void *ctx, int (*cb)(void *, const char *, const char *),
    void *cbarg)
{
	struct each_arg ea = { cb, cbarg, 0 };

	MHD_get_connection_values(ctx, MHD_GET_ARGUMENT_KIND, each_arg_one,
	    &ea);
	return ea.rc;
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

/* The connection's hconn, from any of the library's callbacks. */
static struct hconn *
hconn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

/* Forget the request read so far: a new one starts on the connection. */
static void
hconn_reset(struct hconn *hc)
{
	hc->bad = 0;
	hc->why = NULL;
	hc->seen = 0;
	hc->rt = NULL;
	hc->id = 0;
	hc->action = NULL;
	buf_free(&hc->body);
}

/*
 * Find the route of method and url into hc; NULL if none, with the
 * methods the path does take in allow[size] (empty: no such path).
 */
static const struct route *
route_find(struct hconn *hc, const char *method, const char *url,
    char *allow, size_t size)
{
	size_t i;

	allow[0] = '\0';
	for (i = 0; i < NROUTES; i++) {
		int64_t rid = 0;
		const char *ract = NULL;

		if (!route_match(routes[i].pattern, url, &rid, &ract))
			continue;
		if (strcmp(routes[i].method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 &&
		    strcmp(routes[i].method, "GET") == 0)) {
			hc->id = rid;
			hc->action = ract;
			return &routes[i];
		}
		if (strstr(allow, routes[i].method) == NULL)
			snprintf(allow + strlen(allow), size - strlen(allow),
			    "%s%s", allow[0] ? ", " : "", routes[i].method);
	}
	return NULL;
}

static void
set_phase(struct http *h, struct hconn *hc, enum guard_phase phase)
{
	platform_mutex_lock(h->lock);
	guard_set_phase(&hc->gc, phase, platform_mono_ms());
	platform_mutex_unlock(h->lock);
}

/* Answer status with a JSON error, before or instead of the handler. */
static enum MHD_Result
send_error(struct http *h, struct hconn *hc, int status, const char *msg,
    const char *allow)
{
	struct api_response resp;
	enum MHD_Result ret;

	memset(&resp, 0, sizeof(resp));
	api_error(&resp, status, msg);
	ret = send_response(hc->c, &resp, allow);
	buf_free(&resp.body);
	set_phase(h, hc, GUARD_REPLY);
	return ret;
}

/* A body longer than the limit, as its Content-Length announces it. */
static int
body_too_long(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (cl == NULL)
		return 0;
	n = strtoull(cl, &end, 10);
	return end == cl || *end != '\0' || n > HTTP_MAX_BODY;
}

/*
 * The head is in (first call of a request): answer now what can be
 * answered without the body.  Returns 1 when an answer was queued (in
 * *ret), 0 to go on.
 */
static int
on_head(struct http *h, struct hconn *hc, const char *url,
    const char *method, enum MHD_Result *ret)
{
	const char *host = MHD_lookup_connection_value(hc->c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	char allow[64];

	hc->seen = 1;
	set_phase(h, hc, GUARD_BODY);
	if (!origin_host_ok(h->origin, host)) {
		*ret = send_error(h, hc, 421, "misdirected request: the Host "
		    "header names neither this server's listen address nor "
		    "one of its allowed_hosts", NULL);
		return 1;
	}
	if (hc->bad != 0) {
		*ret = send_error(h, hc, hc->bad, hc->why, NULL);
		return 1;
	}
	if ((hc->rt = route_find(hc, method, url, allow,
	    sizeof(allow))) == NULL) {
		*ret = allow[0] != '\0' ? send_error(h, hc, 405,
		    "method not allowed", allow) : send_error(h, hc, 404,
		    "not found", NULL);
		return 1;
	}
	if (strcmp(hc->rt->method, "POST") == 0 && !origin_post_ok(host,
	    MHD_lookup_connection_value(hc->c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ORIGIN), MHD_lookup_connection_value(hc->c,
	    MHD_HEADER_KIND, "Sec-Fetch-Site"))) {
		*ret = send_error(h, hc, 403, "cross-origin request refused: "
		    "state changes are taken only from this server's own "
		    "pages", NULL);
		return 1;
	}
	if (strcmp(method, "POST") == 0 && body_too_long(hc->c)) {
		*ret = send_error(h, hc, 413, "request body too large", NULL);
		return 1;
	}
	return 0;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct http *h = cls;
	struct hconn *hc = *con_cls;
	struct api_request req;
	struct api_response resp;
	char *why = NULL;
	enum MHD_Result ret;

	if (hc == NULL && (hc = hconn_of(c)) == NULL)
		return MHD_NO;
	*con_cls = hc;
	if (!hc->seen) {
		if (on_head(h, hc, url, method, &ret))
			return ret;
		if (strcmp(method, "POST") == 0)
			return MHD_YES;		/* the body comes next */
	}
	if (*upload_size > 0) {
		/*
		 * A chunked body announces no length: it is counted as it
		 * comes, and the connection is dropped at the limit (the
		 * library takes no answer in the middle of a body).
		 */
		if (hc->body.len + *upload_size > HTTP_MAX_BODY)
			return MHD_NO;
		buf_append(&hc->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	memset(&resp, 0, sizeof(resp));
	resp.status = 200;
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url;
	req.id = hc->id;
	req.action = hc->action;
	req.arg = get_arg;
	req.each_arg = each_arg;
	req.arg_ctx = c;
	req.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	req.body = buf_cstr(&hc->body);
	req.body_len = hc->body.len;
	req.sn = h->sn;
	req.auth = h->auth;
	req.web_dir = h->web_dir;
	req.started_mono_ms = h->started_mono_ms;
	req.name = h->name;
	req.external_url = h->external_url;
	/*
	 * A database connection per request: none is held between them, so
	 * a database the daemon writes back (store_guard) is the one read
	 * next, and a read-only one does not stay so for the daemon's new
	 * connection.  It costs about a millisecond.
	 */
	if ((req.st = store_open_existing(h->state_dir, &why)) == NULL) {
		api_error(&resp, 503, why);
		xfree(why);
	} else
		hc->rt->handler(&req, &resp);
	store_close(req.st);
	ret = send_response(c, &resp, NULL);
	buf_free(&resp.body);
	set_phase(h, hc, GUARD_REPLY);
	return ret;
}

/* A request has been answered (or given up): the next one may come. */
static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http *h = cls;
	struct hconn *hc = *con_cls;

	if (hc != NULL) {
		hconn_reset(hc);
		set_phase(h, hc, GUARD_HEAD);
	}
	*con_cls = NULL;
}

/* Remote peers are admitted within their share of the slots. */
static enum MHD_Result
on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct http *h = cls;
	char host[64];
	int loop = platform_peer_host(addr, host, sizeof(host)), ok;

	platform_mutex_lock(h->lock);
	ok = guard_admit(h->guard, host, loop == 1);
	platform_mutex_unlock(h->lock);
	return ok ? MHD_YES : MHD_NO;
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	struct http *h = cls;
	const union MHD_ConnectionInfo *ci;
	struct hconn *hc;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		hc = xcalloc(1, sizeof(*hc));
		hc->c = c;
		ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		hc->gc.sock = ci != NULL ? (uint64_t)ci->connect_fd : 0;
		ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		hc->gc.loopback = platform_peer_host(ci != NULL ?
		    ci->client_addr : NULL, hc->gc.host,
		    sizeof(hc->gc.host)) == 1;
		platform_mutex_lock(h->lock);
		guard_add(h->guard, &hc->gc, platform_mono_ms());
		platform_mutex_unlock(h->lock);
		*socket_context = hc;
	} else if ((hc = *socket_context) != NULL) {
		/* The socket is closed after this: no more cuts for it. */
		platform_mutex_lock(h->lock);
		guard_remove(h->guard, &hc->gc);
		platform_mutex_unlock(h->lock);
		hconn_reset(hc);
		xfree(hc);
		*socket_context = NULL;
	}
}

/*
 * The request line is in: a new request starts.  A query over the limits
 * is to be answered at once; on libmicrohttpd before 1.0 it is also cut
 * off here, before the library parses it: those versions, out of pool
 * memory for the arguments, queue a 431 and then lose it, and the client
 * waits for nothing.  The library parses the arguments from the very
 * buffer it hands us, right after this call (it has found the '?'
 * already), so a NUL after the '?' leaves it an empty query.
 */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct hconn *hc = hconn_of(c);
	const char *qmark;
	int status;

	if (hc == NULL)
		return NULL;
	hconn_reset(hc);
	if ((status = uri_check_query(uri, &qmark, &hc->why)) != 0) {
		hc->bad = status;
#if MHD_VERSION < 0x01000000
		((char *)qmark)[1] = '\0';
#endif
	}
	return hc;
}

/*
 * Percent-decode in place (uri.c): never longer than the input, which is
 * all the library allows this callback.  A "%00" in the path or in an
 * argument makes the request a 400: a C string would end at the NUL
 * ("/static/dashboard.js%00.css" served as dashboard.js).
 */
static size_t
on_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	struct hconn *hc = hconn_of(c);
	int nul;
	size_t len = uri_unescape(s, &nul);

	if (nul && hc != NULL && hc->bad == 0) {
		hc->bad = 400;
		hc->why = "a NUL byte (%00) in the path or the query";
	}
	return len;
}

/* The guard's cut: end the connection; the library closes it. */
static void
cut_conn(void *arg, struct guard_conn *gc)
{
	platform_socket_shutdown(gc->sock);
}

static int
peer_gone(void *arg, struct guard_conn *gc)
{
	return platform_socket_peer_gone(gc->sock);
}

/* The sweeper thread: deadlines, a few times a second. */
static void
http_sweeper(void *arg)
{
	struct http *h = arg;
	uint64_t cuts = 0;
	int64_t now;
	int stop;

	for (;;) {
		now = platform_mono_ms();
		platform_mutex_lock(h->lock);
		if ((stop = h->stop) == 0) {
			(void)guard_sweep(h->guard, now, cut_conn, h);
			/* A client gone mid-request frees its slot now. */
			guard_sweep_gone(h->guard, now, HTTP_TICK_MS,
			    peer_gone, cut_conn, h);
			cuts = guard_cuts(h->guard);
		}
		platform_mutex_unlock(h->lock);
		if (stop)
			break;
		if (cuts > h->cuts_logged && now - h->cut_log_ms >=
		    HTTP_CUT_LOG_MS) {
			log_warnx("http: closed %llu connections that had not "
			    "sent a whole request in time (head %d s, request "
			    "%d s)", (unsigned long long)(cuts -
			    h->cuts_logged), HTTP_HEAD_MS / 1000,
			    HTTP_REQUEST_MS / 1000);
			h->cuts_logged = cuts;
			h->cut_log_ms = now;
		}
		platform_sleep_ms(HTTP_TICK_MS);
	}
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
http_start(const struct config *cf, struct snapshot *sn, struct auth *auth,
    char **cause)
{
	const char *listen = cf->listen;
	struct guard_limits lim = { HTTP_SLOTS, HTTP_LOCAL_RESERVE,
	    HTTP_PER_HOST, HTTP_HEAD_MS, HTTP_REQUEST_MS, HTTP_REPLY_MS };
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
	h->lock = platform_mutex_new();
	h->guard = guard_new(&lim);
	h->origin = origin_new(listen, cf->allowed_hosts, cf->nallowed_hosts);
	h->started_mono_ms = platform_mono_ms();
	h->cut_log_ms = h->started_mono_ms - HTTP_CUT_LOG_MS;
	h->web_dir = platform_default_web();
	h->name = xstrdup(cf->name != NULL ? cf->name : "syncwatch");
	h->external_url = xstrdup(cf->external_url != NULL ?
	    cf->external_url : "http://" CONFIG_DEFAULT_LISTEN);
	if (h->origin == NULL) {
		xasprintf(cause, "listen %s: want HOST:PORT or [V6]:PORT",
		    listen);
		http_stop(h);
		return NULL;
	}
	h->state_dir = xstrdup(cf->state_dir);
	flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	if (ipv6)
		flags |= MHD_USE_IPv6;
	h->mhd = MHD_start_daemon(flags, 0, on_accept, h, on_request, h,
	    /* The logger must come first to see errors about the others. */
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, h,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)ss,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)HTTP_SLOTS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_IDLE_S,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEMORY_LIMIT,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, h,
	    MHD_OPTION_UNESCAPE_CALLBACK, on_unescape, h,
	    MHD_OPTION_END);
	if (h->mhd == NULL) {
		xasprintf(cause, "listen %s: cannot start the HTTP server "
		    "(address in use or not available)", listen);
		http_stop(h);
		return NULL;
	}
	if ((h->sweeper = platform_thread_start(http_sweeper, h)) == NULL) {
		xasprintf(cause, "listen %s: cannot start the HTTP thread",
		    listen);
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
	if (h->sweeper != NULL) {
		platform_mutex_lock(h->lock);
		h->stop = 1;
		platform_mutex_unlock(h->lock);
		platform_thread_join(h->sweeper);
	}
	/* Closes what is still open (on_connection frees each hconn). */
	if (h->mhd != NULL)
		MHD_stop_daemon(h->mhd);
	guard_free(h->guard);
	origin_free(h->origin);
	platform_mutex_free(h->lock);
	xfree(h->state_dir);
	xfree(h->web_dir);
	xfree(h->name);
	xfree(h->external_url);
	xfree(h);
}
