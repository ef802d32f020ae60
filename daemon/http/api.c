/*
 * api — what the response bodies share: escaping, JSON replies and
 * errors, the incident filters, an incident as JSON, authorising a state
 * change, and the static assets.  The bodies themselves are in
 * api-json.c (the JSON API), api-html.c (the pages) and api-metrics.c
 * (Prometheus); see api.h and docs/http.md.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api-int.h"
#include "http/api.h"
#include "http/auth.h"
#include "http/snapshot.h"
#include "lib/duration.h"
#include "lib/log.h"
#include "lib/timefmt.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "store/store.h"

#define API_LIMIT_DEFAULT	100
#define API_LIMIT_MAX		500
#define API_ASSET_MAX		(4 * 1024 * 1024)

void
api_html_escape(struct buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&#39;");
			break;
		case '\0':
			break;
		default:
			/* Control characters other than tab/newline: shown. */
			if ((unsigned char)s[i] < 0x20 && s[i] != '\t' &&
			    s[i] != '\n')
				buf_printf(b, "&#x%x;", 0x2400 +
				    (unsigned char)s[i]);
			else
				buf_putc(b, s[i]);
		}
	}
}

void
api_esc(struct buf *b, const char *s)
{
	if (s != NULL)
		api_html_escape(b, s, strlen(s));
}

void
api_reply_json(struct api_response *r, int status, json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT);

	r->status = status;
	r->content_type = "application/json";
	r->no_cache = 1;
	buf_reset(&r->body);
	if (s != NULL) {
		buf_puts(&r->body, s);
		buf_putc(&r->body, '\n');
		free(s);
	}
	json_decref(o);
}

void
api_error(struct api_response *r, int status, const char *msg)
{
	api_reply_json(r, status, json_pack("{s:s}", "error", msg));
}

void
api_store_error(struct api_response *r, char *cause)
{
	char msg[600];

	snprintf(msg, sizeof(msg), "database not readable: %s",
	    cause != NULL ? cause : "?");
	api_error(r, 503, msg);
	xfree(cause);
}

/*
 * A JSON string, or null for NULL.  The store holds valid UTF-8 (the
 * decoder sees to that), but a value that is not must not cost the whole
 * object: jansson refuses it, so its bytes above 0x7f become '?'.
 */
json_t *
api_json_str(const char *s)
{
	json_t *j;
	char *copy, *p;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	copy = xstrdup(s);
	for (p = copy; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	xfree(copy);
	return j != NULL ? j : json_null();
}

json_t *
api_json_time(int64_t ms)
{
	char ts[32];

	if (ms <= 0)
		return json_null();
	timefmt_iso(ms, ts);
	return json_string(ts);
}

int
api_one_of(const char *v, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(v, *set) == 0)
			return 1;
	return 0;
}

const char *const api_states[] = { "open", "acknowledged", "resolved",
    NULL };
const char *const api_severities[] = { "critical", "error", "warning",
    NULL };

const char *const api_filter_args[] = { "state", "severity", "product",
    "signature", "source", "since", "limit", "cursor", "order", NULL };

const char *const api_actions[] = { "ack", "resolve", "unack", "snooze",
    "unsnooze", NULL };

void
api_param_error(struct api_response *r, const char *name, const char *msg)
{
	api_reply_json(r, 400, json_pack("{s:s, s:o}", "error", msg,
	    "parameter", api_json_str(name)));
}

struct args_seen {
	const char *const	*known;
	const char		*bad;		/* the name refused */
	int			 twice;
	unsigned		 seen;		/* bit i: known[i] given */
};

static int
check_one_arg(void *arg, const char *name, const char *value)
{
	struct args_seen *as = arg;
	int i;

	/* "?&limit=5": an empty piece, no argument at all. */
	if (*name == '\0' && (value == NULL || *value == '\0'))
		return 0;
	for (i = 0; as->known[i] != NULL; i++)
		if (strcmp(as->known[i], name) == 0)
			break;
	if (as->known[i] == NULL) {
		as->bad = name;
		return 1;
	}
	if (as->seen & (1u << i)) {
		as->bad = name;
		as->twice = 1;
		return 1;
	}
	as->seen |= 1u << i;
	return 0;
}

/*
 * Whether every query argument is one of known (at most 32) and given
 * once; else a 400 naming it.  A misspelt filter (?sourc=despool) would
 * otherwise answer with everything, which looks like an answer.
 */
int
api_check_args(const struct api_request *req, struct api_response *r,
    const char *const *known)
{
	static const char *const none[] = { NULL };
	struct args_seen as;
	char msg[512], shown[80];
	size_t i, k;

	memset(&as, 0, sizeof(as));
	as.known = known != NULL ? known : none;
	if (req->each_arg == NULL ||
	    req->each_arg(req->arg_ctx, check_one_arg, &as) == 0)
		return 0;
	/*
	 * The name as the client sent it, cut, in printable ASCII (a cut
	 * could split a UTF-8 sequence, which JSON cannot carry).
	 */
	for (i = 0, k = 0; as.bad[i] != '\0' && k < 64; i++)
		shown[k++] = (unsigned char)as.bad[i] < 0x20 ||
		    (unsigned char)as.bad[i] >= 0x7f ? '?' : as.bad[i];
	shown[k] = '\0';
	if (as.twice)
		snprintf(msg, sizeof(msg), "parameter '%s' is given more than "
		    "once", shown);
	else if (as.known[0] == NULL)
		snprintf(msg, sizeof(msg), "unknown parameter '%s': this "
		    "address takes none", shown);
	else {
		int n = snprintf(msg, sizeof(msg), "unknown parameter '%s'; "
		    "known: ", shown);

		for (i = 0; as.known[i] != NULL && n > 0 &&
		    (size_t)n < sizeof(msg); i++)
			n += snprintf(msg + n, sizeof(msg) - (size_t)n, "%s%s",
			    i > 0 ? ", " : "", as.known[i]);
	}
	api_param_error(r, shown, msg);
	return -1;
}

/* A text filter: at most 200 bytes, no control characters. */
static int
text_arg(const struct api_request *req, struct api_response *r,
    const char *name, const char **out)
{
	const char *v = req->arg(req->arg_ctx, name), *p;
	char msg[128];

	*out = NULL;
	if (v == NULL || *v == '\0')
		return 0;
	for (p = v; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			break;
	if (*p != '\0' || p - v > 200) {
		snprintf(msg, sizeof(msg), "%s must be at most 200 characters, "
		    "none of them a control character", name);
		api_param_error(r, name, msg);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * Read the filter arguments.  Returns 0, or -1 with a 400 answer made.
 * state may also be "active" (open or acknowledged) or "all";
 * default_active makes "active" the default (the dashboard's).
 */
int
api_read_filter(const struct api_request *req, struct api_response *r,
    struct store_filter *f, int default_active)
{
	const char *v;
	char *end;
	long n;

	memset(f, 0, sizeof(*f));
	f->limit = API_LIMIT_DEFAULT;
	f->now_ms = platform_now_ms();
	if ((v = req->arg(req->arg_ctx, "state")) != NULL && *v != '\0') {
		if (strcmp(v, "active") == 0)
			f->active = 1;
		else if (strcmp(v, "all") == 0)
			;
		else if (api_one_of(v, api_states))
			f->state = v;
		else {
			api_param_error(r, "state", "state must be open, "
			    "acknowledged, resolved, active or all");
			return -1;
		}
	} else if (default_active)
		f->active = 1;
	if ((v = req->arg(req->arg_ctx, "severity")) != NULL && *v != '\0') {
		if (!api_one_of(v, api_severities)) {
			api_param_error(r, "severity", "severity must be "
			    "critical, error or warning");
			return -1;
		}
		f->severity = v;
	}
	if (text_arg(req, r, "product", &f->product) == -1 ||
	    text_arg(req, r, "signature", &f->signature) == -1 ||
	    text_arg(req, r, "source", &f->source) == -1)
		return -1;
	if ((v = req->arg(req->arg_ctx, "since")) != NULL && *v != '\0') {
		if (timefmt_parse_iso(v, TIMEFMT_EPOCH_MS, &f->since_ms) == -1) {
			api_param_error(r, "since", "since must be an ISO-8601 "
			    "UTC time or epoch milliseconds");
			return -1;
		}
		f->has_since = 1;
	}
	if ((v = req->arg(req->arg_ctx, "limit")) != NULL && *v != '\0') {
		n = strtol(v, &end, 10);
		if (*end != '\0' || n < 1 || n > API_LIMIT_MAX) {
			api_param_error(r, "limit", "limit must be 1 to 500");
			return -1;
		}
		f->limit = (int)n;
	}
	if ((v = req->arg(req->arg_ctx, "order")) != NULL && *v != '\0') {
		if (strcmp(v, "triage") == 0)
			f->triage = 1;
		else if (strcmp(v, "recent") != 0) {
			api_param_error(r, "order", "order must be recent (the "
			    "newest activity first) or triage (the worst and "
			    "longest open first)");
			return -1;
		}
	}
	if ((v = req->arg(req->arg_ctx, "cursor")) != NULL && *v != '\0') {
		long long a, b;
		int used = 0;

		if (sscanf(v, "%lld.%lld%n", &a, &b, &used) != 2 ||
		    (size_t)used != strlen(v) || a < 0 || b < 1) {
			api_param_error(r, "cursor", "bad cursor: pass the "
			    "next_cursor of the previous page as it is");
			return -1;
		}
		if (f->triage) {
			api_param_error(r, "cursor", "a cursor pages the recent "
			    "order only; order=triage lists up to 500 at once");
			return -1;
		}
		f->has_cursor = 1;
		f->cursor_last_seen = a;
		f->cursor_id = b;
	}
	return 0;
}

json_t *
api_incident_json(const struct store_incident *inc, const struct sigdb *db)
{
	const struct signature *sig = db != NULL ?
	    sigdb_find(db, inc->signature) : NULL;
	json_t *fields = json_loads(inc->fields_json, 0, NULL);

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:I, "
	    "s:o, s:o, s:o}",
	    "id", (json_int_t)inc->id,
	    "signature", inc->signature,
	    "title", sig != NULL ? sig->title : inc->signature,
	    "product", inc->product != NULL && *inc->product ? inc->product :
	    (sig != NULL ? sig->product : ""),
	    "severity", inc->severity,
	    "state", inc->state,
	    "resolution", api_json_str(inc->resolution),
	    "source", inc->source,
	    "fields", fields != NULL ? fields : json_object(),
	    "count", (json_int_t)inc->count,
	    "first_seen", api_json_time(inc->first_seen),
	    "last_seen", api_json_time(inc->last_seen),
	    /* Only while it lasts: a snooze that is over is no news. */
	    "snoozed_until", api_json_time(inc->snoozed_until >
	    platform_now_ms() ? inc->snoozed_until : 0));
}

int
api_source_healthy(const struct snapshot_source *s)
{
	return s->state == SNAPSHOT_OK;
}

int
api_keep_incident(void *arg, const struct store_incident *inc)
{
	struct api_one *o = arg;

	o->obj = api_incident_json(inc, o->db);
	json_object_set_new(o->obj, "state_changed_at",
	    api_json_time(inc->state_changed_at));
	json_object_set_new(o->obj, "state_by", inc->state_by != NULL ?
	    json_string(inc->state_by) : json_null());
	o->copy = *inc;
	o->sig = xstrdup(inc->signature);
	o->state = xstrdup(inc->state);
	o->severity = xstrdup(inc->severity);
	o->source = xstrdup(inc->source);
	o->fields = xstrdup(inc->fields_json);
	o->product = xstrdup(inc->product != NULL ? inc->product : "");
	o->by = inc->state_by != NULL ? xstrdup(inc->state_by) : NULL;
	o->resolution = inc->resolution != NULL ? xstrdup(inc->resolution) :
	    NULL;
	o->copy.signature = o->sig;
	o->copy.state = o->state;
	o->copy.severity = o->severity;
	o->copy.source = o->source;
	o->copy.fields_json = o->fields;
	o->copy.product = o->product;
	o->copy.state_by = o->by;
	o->copy.resolution = o->resolution;
	return 1;
}

void
api_one_free(struct api_one *o)
{
	json_decref(o->obj);
	xfree(o->sig);
	xfree(o->state);
	xfree(o->severity);
	xfree(o->source);
	xfree(o->fields);
	xfree(o->product);
	xfree(o->by);
	xfree(o->resolution);
	sigdb_free((struct sigdb *)o->db);
}

/*
 * Authorise a state change with a token; returns 1 with the token's name
 * (2 for the daemon's control token), or 0 with an answer made (401/403).
 */
int
api_authorise(const struct api_request *req, struct api_response *r,
    const char *token, char *name, size_t size)
{
	int rc = auth_check(req->auth, token, name, size);

	if (rc >= 1)
		return rc;
	if (rc == -1)
		api_error(r, 403, "state changes over HTTP are off (no "
		    "api_tokens in the configuration)");
	else
		api_error(r, 401, "a valid bearer token is needed");
	return 0;
}

#define API_NOTE_MAX		500
#define API_BY_MAX		64
#define API_SNOOZE_MAX_MS	(30LL * 24 * 3600 * 1000)

/* Text an operator typed: at most max bytes, no control characters. */
static int
operator_text(struct api_response *r, const char *name, const char *v,
    size_t max, int newlines)
{
	char msg[160];
	const char *p;

	for (p = v; *p != '\0'; p++)
		if (((unsigned char)*p < 0x20 && !(newlines && (*p == '\n' ||
		    *p == '\t'))) || *p == 0x7f)
			break;
	if (*p == '\0' && (size_t)(p - v) <= max)
		return 0;
	snprintf(msg, sizeof(msg), "%s must be at most %zu bytes, without "
	    "control characters", name, max);
	api_param_error(r, name, msg);
	return -1;
}

/*
 * Make the change req->action asks for.  auth is api_authorise's (2: the
 * control token, which alone may name who did it with by); note, by and
 * dur (the snooze's length: "2h") are what the body carried, or NULL.
 * 0 done, or -1 with the answer made.
 */
int
api_change_state(const struct api_request *req, struct api_response *r,
    const char *name, int auth, const char *note, const char *by,
    const char *dur)
{
	static const char *const acked[] = { "acknowledged", NULL };
	static const char *const active[] = { "open", "acknowledged", NULL };
	const char *a = req->action;
	struct store_change c;
	char *cause = NULL, until[32], text[API_NOTE_MAX + 96], msg[200];
	int64_t now = platform_now_ms(), ms = 0;
	int rc;

	if (note != NULL && *note == '\0')
		note = NULL;
	if (note != NULL && operator_text(r, "note", note, API_NOTE_MAX,
	    1) == -1)
		return -1;
	if (by != NULL) {
		if (auth != 2) {
			api_param_error(r, "by", "by is for the daemon's control "
			    "token (the commands on this machine); an API "
			    "token's changes carry its own name");
			return -1;
		}
		if (*by == '\0' || operator_text(r, "by", by, API_BY_MAX,
		    0) == -1) {
			if (*by == '\0')
				api_param_error(r, "by", "by must not be empty");
			return -1;
		}
		name = by;
	}
	if (strcmp(a, "snooze") != 0 && dur != NULL) {
		api_param_error(r, "for", "for is the length of a snooze; "
		    "only snooze takes it");
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.by = name;
	c.note = note;
	if (strcmp(a, "ack") == 0)
		c.state = "acknowledged";
	else if (strcmp(a, "resolve") == 0)
		c.state = "resolved";
	else if (strcmp(a, "unack") == 0) {
		c.state = "open";
		c.from_states = acked;
	} else if (strcmp(a, "unsnooze") == 0) {
		c.snooze = -1;
		c.history = "unsnoozed";
	} else {
		if (dur == NULL || duration_parse(dur, &ms) == -1 || ms < 1000 ||
		    ms > API_SNOOZE_MAX_MS) {
			api_param_error(r, "for", "for must be a duration from "
			    "1s to 30d, as in \"90m\" or \"2h\"");
			return -1;
		}
		c.snooze = 1;
		c.snooze_ms = now + ms;
		c.from_states = active;
		c.history = "snoozed";
		timefmt_iso(c.snooze_ms, until);
		snprintf(text, sizeof(text), "for %s, until %s%s%s", dur, until,
		    note != NULL ? ": " : "", note != NULL ? note : "");
		c.note = text;
	}
	rc = store_change(req->st, req->id, &c, now, &cause);
	if (rc == 0)
		return 0;
	if (rc == 1)
		api_error(r, 404, "no such incident");
	else if (rc == 2) {
		snprintf(msg, sizeof(msg), "%s", strcmp(a, "unack") == 0 ?
		    "only an acknowledged incident can be un-acknowledged" :
		    "a resolved incident cannot be snoozed: it opens again "
		    "with its next hit");
		api_error(r, 409, msg);
	} else {
		api_error(r, 503, cause);
		xfree(cause);
	}
	return -1;
}

const char *
api_state_name(int state)
{
	return state == SNAPSHOT_OK ? "ok" : state == SNAPSHOT_WAITING ?
	    "waiting" : "error";
}

/* Static assets: a fixed list, read from the web directory. */

void
api_static(const struct api_request *req, struct api_response *r)
{
	static const struct {
		const char	*name;
		const char	*type;
	} assets[] = {
		{ "common.js", "text/javascript; charset=utf-8" },
		{ "dashboard.js", "text/javascript; charset=utf-8" },
		{ "incident.js", "text/javascript; charset=utf-8" },
		{ "dashboard.css", "text/css; charset=utf-8" },
		{ "triage.css", "text/css; charset=utf-8" },
	};
	const char *name = req->path + strlen("/static/");
	char *path, *cause = NULL;
	size_t i;

	for (i = 0; i < sizeof(assets) / sizeof(assets[0]); i++)
		if (strcmp(name, assets[i].name) == 0)
			break;
	if (i == sizeof(assets) / sizeof(assets[0])) {
		api_error(r, 404, "not found");
		return;
	}
	path = platform_path_join(req->web_dir, assets[i].name);
	if (platform_read_file(path, &r->body, API_ASSET_MAX, &cause) == -1) {
		log_errorx("dashboard asset %s", cause);
		buf_reset(&r->body);
		api_error(r, 404, "asset not installed");
		xfree(cause);
		xfree(path);
		return;
	}
	xfree(path);
	r->status = 200;
	r->content_type = assets[i].type;
}
