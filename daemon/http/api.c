/*
 * api — response bodies for the HTTP routes; see api.h and docs/http.md.
 *
 * JSON is built with jansson.  HTML is written by hand into a buffer, and
 * every value that did not come from this file goes through
 * api_html_escape (text from logs can hold <script>, quotes, anything).
 * The pages work without JavaScript; web/dashboard.js only adds live
 * updates and token-authenticated buttons.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http/api.h"
#include "decode/event.h"
#include "platform/platform.h"
#include "cmd/report.h"
#include "http/shared.h"
#include "match/sigdb.h"
#include "store/store.h"
#include "follow/tail.h"
#include "lib/xmalloc.h"
#include "version.h"
#include "lib/timefmt.h"

#define API_LIMIT_DEFAULT	100
#define API_LIMIT_MAX		500
#define API_PAGE_ROWS		500
#define API_TIMELINE_BARS	120

/* Helpers. */

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

static void
esc(struct buf *b, const char *s)
{
	if (s != NULL)
		api_html_escape(b, s, strlen(s));
}

static void
reply_json(struct api_response *r, int status, json_t *o)
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
	reply_json(r, status, json_pack("{s:s}", "error", msg));
}

/*
 * A JSON string, or null for NULL.  The store holds valid UTF-8 (the
 * decoder sees to that), but a value that is not must not cost the whole
 * object: jansson refuses it, so its bytes above 0x7f become '?'.
 */
static json_t *
json_str(const char *s)
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

static json_t *
json_time(int64_t ms)
{
	char ts[32];

	if (ms <= 0)
		return json_null();
	timefmt_iso(ms, ts);
	return json_string(ts);
}

static int
one_of(const char *v, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(v, *set) == 0)
			return 1;
	return 0;
}

static const char *const states[] = { "open", "acknowledged", "resolved",
    NULL };
static const char *const severities[] = { "critical", "error", "warning",
    NULL };

/*
 * Read the filter arguments.  Returns 0, or -1 with a 400 answer made.
 * state may also be "active" (open or acknowledged) or "all";
 * default_active makes "active" the default (the dashboard's).
 */
static int
read_filter(const struct api_request *req, struct api_response *r,
    struct store_filter *f, int default_active)
{
	const char *v;
	char *end;
	long n;

	memset(f, 0, sizeof(*f));
	f->limit = API_LIMIT_DEFAULT;
	if ((v = req->arg(req->arg_ctx, "state")) != NULL && *v != '\0') {
		if (strcmp(v, "active") == 0)
			f->active = 1;
		else if (strcmp(v, "all") == 0)
			;
		else if (one_of(v, states))
			f->state = v;
		else {
			api_error(r, 400, "state must be open, acknowledged, "
			    "resolved, active or all");
			return -1;
		}
	} else if (default_active)
		f->active = 1;
	if ((v = req->arg(req->arg_ctx, "severity")) != NULL && *v != '\0') {
		if (!one_of(v, severities)) {
			api_error(r, 400, "severity must be critical, error "
			    "or warning");
			return -1;
		}
		f->severity = v;
	}
	if ((v = req->arg(req->arg_ctx, "product")) != NULL && *v != '\0')
		f->product = v;
	if ((v = req->arg(req->arg_ctx, "signature")) != NULL && *v != '\0')
		f->signature = v;
	if ((v = req->arg(req->arg_ctx, "since")) != NULL && *v != '\0') {
		if (timefmt_parse_iso(v, TIMEFMT_EPOCH_MS, &f->since_ms) == -1) {
			api_error(r, 400, "since must be an ISO-8601 UTC time "
			    "or epoch milliseconds");
			return -1;
		}
		f->has_since = 1;
	}
	if ((v = req->arg(req->arg_ctx, "limit")) != NULL && *v != '\0') {
		n = strtol(v, &end, 10);
		if (*end != '\0' || n < 1 || n > API_LIMIT_MAX) {
			api_error(r, 400, "limit must be 1 to 500");
			return -1;
		}
		f->limit = (int)n;
	}
	if ((v = req->arg(req->arg_ctx, "cursor")) != NULL && *v != '\0') {
		long long a, b;
		int used = 0;

		if (sscanf(v, "%lld.%lld%n", &a, &b, &used) != 2 ||
		    (size_t)used != strlen(v) || a < 0 || b < 1) {
			api_error(r, 400, "bad cursor");
			return -1;
		}
		f->has_cursor = 1;
		f->cursor_last_seen = a;
		f->cursor_id = b;
	}
	return 0;
}

static json_t *
incident_json(const struct store_incident *inc, const struct sigdb *db)
{
	const struct signature *sig = db != NULL ?
	    sigdb_find(db, inc->signature) : NULL;
	json_t *fields = json_loads(inc->fields_json, 0, NULL);

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:I, "
	    "s:o, s:o}",
	    "id", (json_int_t)inc->id,
	    "signature", inc->signature,
	    "title", sig != NULL ? sig->title : inc->signature,
	    "product", inc->product != NULL && *inc->product ? inc->product :
	    (sig != NULL ? sig->product : ""),
	    "severity", inc->severity,
	    "state", inc->state,
	    "resolution", json_str(inc->resolution),
	    "source", inc->source,
	    "fields", fields != NULL ? fields : json_object(),
	    "count", (json_int_t)inc->count,
	    "first_seen", json_time(inc->first_seen),
	    "last_seen", json_time(inc->last_seen));
}

/* Collect incidents into a JSON array (and remember the last). */
struct collect {
	json_t			*arr;
	const struct sigdb	*db;
	int			 n;
	int			 limit;
	int64_t			 last_seen;
	int64_t			 last_id;
	int			 more;
};

static int
collect_incident(void *arg, const struct store_incident *inc)
{
	struct collect *c = arg;

	if (c->n == c->limit) {
		c->more = 1;
		return 1;
	}
	json_array_append_new(c->arr, incident_json(inc, c->db));
	c->n++;
	c->last_seen = inc->last_seen;
	c->last_id = inc->id;
	return 0;
}

/* JSON API. */

static int
source_healthy(const struct shared_source *s)
{
	return s->state == TAIL_OK;
}

void
api_status(const struct api_request *req, struct api_response *r)
{
	struct shared_source *src;
	int64_t crit, err, warn;
	size_t n, i, healthy = 0;
	const char *status;

	if (store_open_counts(req->st, &crit, &err, &warn) == -1) {
		api_error(r, 503, "database not readable");
		return;
	}
	src = shared_sources(req->sh, &n);
	for (i = 0; i < n; i++)
		healthy += source_healthy(&src[i]);
	shared_sources_free(src, n);
	status = crit > 0 ? "critical" : (err > 0 || warn > 0 ||
	    healthy < n) ? "warning" : "ok";
	reply_json(r, 200, json_pack("{s:s, s:{s:I, s:I, s:I}, s:{s:I, s:I}, "
	    "s:s, s:I}", "status", status,
	    "open", "critical", (json_int_t)crit, "error", (json_int_t)err,
	    "warning", (json_int_t)warn,
	    "sources", "healthy", (json_int_t)healthy,
	    "unhealthy", (json_int_t)(n - healthy),
	    "version", SYNCWATCH_VERSION,
	    "uptime_s", (json_int_t)((platform_now_ms() - req->started_ms) /
	    1000)));
}

void
api_incidents(const struct api_request *req, struct api_response *r)
{
	struct store_filter f;
	struct collect c;
	char cursor[64];
	json_t *o;

	if (read_filter(req, r, &f, 0) == -1)
		return;
	memset(&c, 0, sizeof(c));
	c.arr = json_array();
	c.db = shared_db(req->sh);
	c.limit = f.limit;
	f.limit++;		/* one more tells whether a next page exists */
	if (store_query(req->st, &f, collect_incident, &c) == -1) {
		json_decref(c.arr);
		sigdb_free((struct sigdb *)c.db);
		api_error(r, 503, "database not readable");
		return;
	}
	sigdb_free((struct sigdb *)c.db);
	o = json_pack("{s:o}", "incidents", c.arr);
	if (c.more) {
		snprintf(cursor, sizeof(cursor), "%lld.%lld",
		    (long long)c.last_seen, (long long)c.last_id);
		json_object_set_new(o, "next_cursor", json_string(cursor));
	} else
		json_object_set_new(o, "next_cursor", json_null());
	reply_json(r, 200, o);
}

struct one {
	json_t			*obj;
	const struct sigdb	*db;
	struct store_incident	 copy;
	char			*sig;
	char			*state;
	char			*severity;
	char			*source;
	char			*fields;
	char			*product;
	char			*by;
	char			*resolution;
};

static int
keep_incident(void *arg, const struct store_incident *inc)
{
	struct one *o = arg;

	o->obj = incident_json(inc, o->db);
	json_object_set_new(o->obj, "state_changed_at",
	    json_time(inc->state_changed_at));
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

static void
one_free(struct one *o)
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

static int
add_sample(void *arg, const struct store_row *row)
{
	json_array_append_new(arg, json_pack("{s:s, s:I, s:o, s:s}",
	    "file", row->text[0] ? row->text[0] : "",
	    "line", (json_int_t)row->num[1], "time", json_time(row->num[2]),
	    "text", row->text[3] ? row->text[3] : ""));
	return 0;
}

static int
add_minute(void *arg, const struct store_row *row)
{
	json_array_append_new(arg, json_pack("{s:o, s:I}", "minute",
	    json_time(row->num[0] * 60000), "hits", (json_int_t)row->num[1]));
	return 0;
}

static int
add_history(void *arg, const struct store_row *row)
{
	json_array_append_new(arg, json_pack("{s:o, s:s, s:o, s:o}", "at",
	    json_time(row->num[0]), "state", row->text[1] ? row->text[1] : "",
	    "by", json_str(row->text[2]), "note", json_str(row->text[3])));
	return 0;
}

/* Load incident req->id with everything; 0, or -1 with an answer made. */
static int
load_full(const struct api_request *req, struct api_response *r,
    struct one *o)
{
	const struct signature *sig;
	json_t *arr;
	size_t i;
	int rc;

	memset(o, 0, sizeof(*o));
	o->db = shared_db(req->sh);
	rc = store_incident(req->st, req->id, keep_incident, o);
	if (rc != 0) {
		api_error(r, rc == 1 ? 404 : 503, rc == 1 ? "no such incident" :
		    "database not readable");
		one_free(o);
		return -1;
	}
	sig = o->db != NULL ? sigdb_find(o->db, o->sig) : NULL;
	json_object_set_new(o->obj, "meaning", json_string(sig != NULL ?
	    sig->meaning : ""));
	arr = json_array();
	for (i = 0; sig != NULL && i < sig->nfix; i++)
		json_array_append_new(arr, json_string(sig->fix[i]));
	json_object_set_new(o->obj, "fix", arr);
	arr = json_array();
	for (i = 0; sig != NULL && i < sig->nrefs; i++)
		json_array_append_new(arr, json_string(sig->refs[i]));
	json_object_set_new(o->obj, "refs", arr);
	arr = json_array();
	store_samples(req->st, req->id, add_sample, arr);
	json_object_set_new(o->obj, "samples", arr);
	arr = json_array();
	store_timeline(req->st, req->id, add_minute, arr);
	json_object_set_new(o->obj, "timeline", arr);
	arr = json_array();
	store_history(req->st, req->id, add_history, arr);
	json_object_set_new(o->obj, "history", arr);
	return 0;
}

void
api_incident(const struct api_request *req, struct api_response *r)
{
	struct one o;

	if (load_full(req, r, &o) == -1)
		return;
	reply_json(r, 200, json_incref(o.obj));
	one_free(&o);
}

/*
 * Authorise a state change with a token; returns 1 with the token's name,
 * or 0 with an answer made (401/403).
 */
static int
authorise(const struct api_request *req, struct api_response *r,
    const char *token, char *name, size_t size)
{
	int rc = shared_check_token(req->sh, token, name, size);

	if (rc == 1)
		return 1;
	if (rc == -1)
		api_error(r, 403, "state changes over HTTP are off (no "
		    "api_tokens in the configuration)");
	else
		api_error(r, 401, "a valid bearer token is needed");
	return 0;
}

static int
change_state(const struct api_request *req, struct api_response *r,
    const char *by)
{
	int rc;

	rc = store_set_state(req->st, req->id, strcmp(req->action, "ack") == 0 ?
	    "acknowledged" : "resolved", by, platform_now_ms());
	if (rc == 1)
		api_error(r, 404, "no such incident");
	else if (rc == -1)
		api_error(r, 503, "database busy; try again");
	return rc;
}

void
api_incident_state(const struct api_request *req, struct api_response *r)
{
	const char *auth = req->authorization;
	char name[128];

	if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0)
		auth = NULL;
	else
		auth += 7;
	if (!authorise(req, r, auth, name, sizeof(name)))
		return;
	if (change_state(req, r, name) != 0)
		return;
	api_incident(req, r);
}

void
api_signatures(const struct api_request *req, struct api_response *r)
{
	struct sigdb *db = shared_db(req->sh);
	json_t *arr = json_array(), *formats, *group;
	size_t i, j;
	int f;

	for (i = 0; db != NULL && i < db->nsigs; i++) {
		const struct signature *sig = &db->sigs[i];

		formats = json_array();
		/* Inbox and health signatures read no records. */
		for (f = 1; f < FMT_COUNT && (sig->kind == SIG_EVENT ||
		    sig->kind == SIG_SEQUENCE); f++)
			if (sig->formats & FMT_MASK(f))
				json_array_append_new(formats, json_string(
				    event_format_name((enum event_format)f)));
		group = json_array();
		for (j = 0; j < sig->ngroup_by; j++)
			json_array_append_new(group,
			    json_string(sig->group_by[j]));
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:o, s:o}", "id", sig->id, "title", sig->title,
		    "product", sig->product, "severity",
		    sigdb_severity_name(sig->severity), "kind",
		    sigdb_kind_name(sig->kind), "formats", formats,
		    "group_by", group));
	}
	sigdb_free(db);
	reply_json(r, 200, json_pack("{s:o}", "signatures", arr));
}

static const char *
state_name(int state)
{
	return state == TAIL_OK ? "ok" : state == TAIL_WAITING ? "waiting" :
	    "error";
}

void
api_sources(const struct api_request *req, struct api_response *r)
{
	struct shared_source *src;
	json_t *arr = json_array();
	size_t n, i;

	src = shared_sources(req->sh, &n);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o, "
		    "s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
		    "name", src[i].name, "path", src[i].path,
		    "state", state_name(src[i].state),
		    "error", src[i].error != NULL ? json_string(src[i].error) :
		    json_null(),
		    "offset", (json_int_t)src[i].offset,
		    "bytes", (json_int_t)src[i].bytes,
		    "lines", (json_int_t)src[i].lines,
		    "records", (json_int_t)src[i].records,
		    "hits", (json_int_t)src[i].hits,
		    "cut", (json_int_t)src[i].cut,
		    "rotations", (json_int_t)src[i].rotations,
		    "truncations", (json_int_t)src[i].truncations,
		    "last_record", json_time(src[i].last_record_ms)));
	shared_sources_free(src, n);
	reply_json(r, 200, json_pack("{s:o}", "sources", arr));
}

void
api_healthz(const struct api_request *req, struct api_response *r)
{
	r->content_type = "text/plain; charset=utf-8";
	r->no_cache = 1;
	if (store_size(req->st) < 0) {
		r->status = 503;
		buf_puts(&r->body, "database not readable\n");
		return;
	}
	r->status = 200;
	buf_puts(&r->body, "ok\n");
}

/* Metrics. */

/* A Prometheus label value: backslash, quote and newline escaped. */
static void
prom_label(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			buf_putc(b, '\\');
		if (*s == '\n') {
			buf_puts(b, "\\n");
			continue;
		}
		buf_putc(b, *s);
	}
}

static int
prom_open(void *arg, const struct store_row *row)
{
	struct buf *b = arg;

	buf_puts(b, "syncwatch_open_incidents{severity=\"");
	prom_label(b, row->text[0]);
	buf_puts(b, "\",signature=\"");
	prom_label(b, row->text[1]);
	buf_printf(b, "\"} %lld\n", (long long)row->num[2]);
	return 0;
}

static int
prom_hits(void *arg, const struct store_row *row)
{
	struct buf *b = arg;

	buf_puts(b, "syncwatch_hits_total{signature=\"");
	prom_label(b, row->text[0]);
	buf_printf(b, "\"} %lld\n", (long long)row->num[1]);
	return 0;
}

static void
prom_source(struct buf *b, const char *metric, const struct shared_source *s,
    long long v)
{
	buf_printf(b, "%s{source=\"", metric);
	prom_label(b, s->name);
	buf_puts(b, "\",path=\"");
	prom_label(b, s->path);
	buf_printf(b, "\"} %lld\n", v);
}

void
api_metrics(const struct api_request *req, struct api_response *r)
{
	struct buf *b = &r->body;
	struct shared_source *src;
	size_t n, i;
	uint64_t cut = 0;

	r->status = 200;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	r->no_cache = 1;
	buf_puts(b, "# HELP syncwatch_up Whether syncwatch is running.\n"
	    "# TYPE syncwatch_up gauge\nsyncwatch_up 1\n");
	buf_puts(b, "# HELP syncwatch_open_incidents Incidents in state open."
	    "\n# TYPE syncwatch_open_incidents gauge\n");
	store_open_by_signature(req->st, prom_open, b);
	buf_puts(b, "# HELP syncwatch_hits_total Hits recorded in the "
	    "incidents kept.\n# TYPE syncwatch_hits_total counter\n");
	store_hits_by_signature(req->st, prom_hits, b);

	src = shared_sources(req->sh, &n);
	buf_puts(b, "# HELP syncwatch_source_lines_total Lines read.\n"
	    "# TYPE syncwatch_source_lines_total counter\n");
	for (i = 0; i < n; i++)
		prom_source(b, "syncwatch_source_lines_total", &src[i],
		    (long long)src[i].lines);
	buf_puts(b, "# HELP syncwatch_source_bytes_total Bytes read.\n"
	    "# TYPE syncwatch_source_bytes_total counter\n");
	for (i = 0; i < n; i++)
		prom_source(b, "syncwatch_source_bytes_total", &src[i],
		    (long long)src[i].bytes);
	buf_puts(b, "# HELP syncwatch_source_records_cut_total Records cut at "
	    "the size limit.\n# TYPE syncwatch_source_records_cut_total "
	    "counter\n");
	for (i = 0; i < n; i++) {
		prom_source(b, "syncwatch_source_records_cut_total", &src[i],
		    (long long)src[i].cut);
		cut += src[i].cut;
	}
	buf_puts(b, "# HELP syncwatch_source_rotations_total Rotations and "
	    "truncations followed.\n# TYPE syncwatch_source_rotations_total "
	    "counter\n");
	for (i = 0; i < n; i++)
		prom_source(b, "syncwatch_source_rotations_total", &src[i],
		    (long long)(src[i].rotations + src[i].truncations));
	buf_puts(b, "# HELP syncwatch_source_healthy Whether the file is "
	    "being read.\n# TYPE syncwatch_source_healthy gauge\n");
	for (i = 0; i < n; i++)
		prom_source(b, "syncwatch_source_healthy", &src[i],
		    source_healthy(&src[i]));
	buf_puts(b, "# HELP syncwatch_source_last_record_timestamp_seconds "
	    "Time of the last record read.\n# TYPE "
	    "syncwatch_source_last_record_timestamp_seconds gauge\n");
	for (i = 0; i < n; i++)
		if (src[i].last_record_ms > 0)
			prom_source(b, "syncwatch_source_last_record_"
			    "timestamp_seconds", &src[i],
			    (long long)(src[i].last_record_ms / 1000));
	shared_sources_free(src, n);
	buf_printf(b, "# HELP syncwatch_parse_errors_total Records cut or "
	    "malformed.\n# TYPE syncwatch_parse_errors_total counter\n"
	    "syncwatch_parse_errors_total %llu\n", (unsigned long long)cut);
	buf_printf(b, "# HELP syncwatch_database_size_bytes Size of "
	    "syncwatch.db.\n# TYPE syncwatch_database_size_bytes gauge\n"
	    "syncwatch_database_size_bytes %lld\n",
	    (long long)store_size(req->st));
}

/* Static assets: a fixed list, read from the web directory. */

void
api_static(const struct api_request *req, struct api_response *r)
{
	static const struct {
		const char	*name;
		const char	*type;
	} assets[] = {
		{ "dashboard.js", "text/javascript; charset=utf-8" },
		{ "dashboard.css", "text/css; charset=utf-8" },
	};
	const char *name = req->path + strlen("/static/");
	char path[4096], chunk[8192];
	size_t i;
	ssize_t n;
	int fd;

	for (i = 0; i < sizeof(assets) / sizeof(assets[0]); i++)
		if (strcmp(name, assets[i].name) == 0)
			break;
	if (i == sizeof(assets) / sizeof(assets[0])) {
		api_error(r, 404, "not found");
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", req->web_dir, assets[i].name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		api_error(r, 404, "asset not installed");
		return;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 && r->body.len < 4 <<
	    20)
		buf_append(&r->body, chunk, (size_t)n);
	close(fd);
	r->status = 200;
	r->content_type = assets[i].type;
}

/* HTML pages. */

static void
page_head(struct buf *b, const char *title, const char *page, int refresh)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n");
	if (refresh)
		buf_puts(b, "<meta http-equiv=\"refresh\" content=\"10\">\n");
	buf_puts(b, "<title>");
	esc(b, title);
	buf_puts(b, " — syncwatch</title>\n<link rel=\"icon\" href=\"data:,\">"
	    "\n<link rel=\"stylesheet\" href=\"/static/dashboard.css\">\n<script src=\"/static/"
	    "dashboard.js\" defer></script>\n</head>\n<body data-page=\"");
	buf_puts(b, page);
	buf_puts(b, "\"");
}

static void
page_header(const struct api_request *req, struct buf *b)
{
	int64_t crit = 0, err = 0, warn = 0;
	struct shared_source *src;
	size_t n, i, unhealthy = 0;
	const char *cls, *word;

	store_open_counts(req->st, &crit, &err, &warn);
	src = shared_sources(req->sh, &n);
	for (i = 0; i < n; i++)
		unhealthy += !source_healthy(&src[i]);
	shared_sources_free(src, n);
	if (crit > 0) {
		cls = "status-critical";
		word = "CRITICAL";
	} else if (err > 0 || warn > 0 || unhealthy > 0) {
		cls = "status-warning";
		word = "WARNING";
	} else {
		cls = "status-ok";
		word = "OK";
	}
	buf_printf(b, "<header>\n<a class=\"brand\" href=\"/\">syncwatch</a>\n"
	    "<span id=\"overall\" class=\"%s\">%s</span>\n</header>\n", cls,
	    word);
	buf_printf(b, "<section id=\"summary\">Open: <span id=\"count-critical\" "
	    "class=\"sev-critical\">%lld</span> critical, <span "
	    "id=\"count-error\" class=\"sev-error\">%lld</span> error, <span "
	    "id=\"count-warning\" class=\"sev-warning\">%lld</span> warning"
	    "</section>\n", (long long)crit, (long long)err, (long long)warn);
}

static void
html_time(struct buf *b, int64_t ms)
{
	char ts[32];

	if (ms <= 0) {
		buf_puts(b, "—");
		return;
	}
	timefmt_iso(ms, ts);
	buf_printf(b, "<time datetime=\"%s\">%.10s %.8s</time>", ts, ts,
	    ts + 11);
}

/* "site=S02 path=…" from a fields JSON object. */
static void
html_fields(struct buf *b, const char *fields_json)
{
	json_t *o = json_loads(fields_json, 0, NULL);
	const char *k;
	json_t *v;
	int first = 1;

	if (o == NULL)
		return;
	json_object_foreach(o, k, v) {
		if (!first)
			buf_putc(b, ' ');
		first = 0;
		esc(b, k);
		buf_putc(b, '=');
		if (json_is_string(v))
			api_html_escape(b, json_string_value(v),
			    json_string_length(v));
	}
	json_decref(o);
}

/*
 * How syncwatch resolved an incident, after its state: "resolved ·
 * <span class="resolution">self-healed</span>" (web/dashboard.js builds the
 * same).  Nothing when an operator resolved it.
 */
static void
html_resolution(struct buf *b, const char *resolution)
{
	if (resolution == NULL || *resolution == '\0')
		return;
	buf_puts(b, " · <span class=\"resolution\">");
	esc(b, resolution);
	buf_puts(b, "</span>");
}

/* What a resolution means, for the incident page; NULL if not known. */
static const char *
resolution_meaning(const char *resolution)
{
	static const struct {
		const char	*name;
		const char	*meaning;
	} known[] = {
		{ "recovered", "a recovery line was logged" },
		{ "self-healed", "the failures stopped for the signature's quiet "
		    "period; nothing in the log confirmed a recovery (EPiServer: "
		    "caches may still be stale)" },
		{ "drained", "the inbox folder's backlog emptied" },
		{ "back", "the log that was silent, missing or unreadable is "
		    "being read again" },
	};
	size_t i;

	for (i = 0; resolution != NULL && i < sizeof(known) / sizeof(known[0]);
	    i++)
		if (strcmp(resolution, known[i].name) == 0)
			return known[i].meaning;
	return NULL;
}

struct rows {
	struct buf		*b;
	const struct sigdb	*db;
	int			 n;
};

static int
html_row(void *arg, const struct store_incident *inc)
{
	struct rows *rw = arg;
	struct buf *b = rw->b;
	const struct signature *sig = rw->db != NULL ?
	    sigdb_find(rw->db, inc->signature) : NULL;

	rw->n++;
	buf_puts(b, "<tr class=\"incident sev-");
	esc(b, inc->severity);
	buf_puts(b, " state-");
	esc(b, inc->state);
	buf_printf(b, "\" data-id=\"%lld\" data-signature=\"",
	    (long long)inc->id);
	esc(b, inc->signature);
	buf_puts(b, "\">\n<td class=\"severity\">");
	esc(b, inc->severity);
	buf_printf(b, "</td><td class=\"title\"><a href=\"/incidents/%lld\">",
	    (long long)inc->id);
	esc(b, sig != NULL ? sig->title : inc->signature);
	buf_puts(b, "</a></td><td class=\"product\">");
	esc(b, inc->product != NULL && *inc->product ? inc->product :
	    (sig != NULL ? sig->product : ""));
	buf_puts(b, "</td><td class=\"source\">");
	esc(b, inc->source);
	buf_puts(b, "</td><td class=\"fields\">");
	html_fields(b, inc->fields_json);
	buf_printf(b, "</td><td class=\"count\">%lld</td><td "
	    "class=\"first-seen\">", (long long)inc->count);
	html_time(b, inc->first_seen);
	buf_puts(b, "</td><td class=\"last-seen\">");
	html_time(b, inc->last_seen);
	buf_puts(b, "</td><td class=\"state\">");
	esc(b, inc->state);
	html_resolution(b, inc->resolution);
	buf_puts(b, "</td></tr>\n");
	return 0;
}

static void
select_box(struct buf *b, const char *name, const char *const *values,
    const char *current, const char *any)
{
	buf_printf(b, "<label>%s <select name=\"%s\">", name, name);
	buf_printf(b, "<option value=\"%s\">%s</option>", any[0] == 'a' &&
	    strcmp(name, "state") == 0 ? "active" : "", any);
	for (; *values != NULL; values++) {
		buf_puts(b, "<option value=\"");
		esc(b, *values);
		buf_puts(b, "\"");
		if (current != NULL && strcmp(current, *values) == 0)
			buf_puts(b, " selected");
		buf_puts(b, ">");
		esc(b, *values);
		buf_puts(b, "</option>");
	}
	buf_puts(b, "</select></label>\n");
}

void
api_dashboard(const struct api_request *req, struct api_response *r)
{
	static const char *const state_opts[] = { "open", "acknowledged",
	    "resolved", "all", NULL };
	const char *products[16];
	struct store_filter f;
	struct rows rw;
	struct shared_source *src;
	struct buf *b = &r->body;
	struct sigdb *db;
	size_t n, i, j, np = 0;

	if (read_filter(req, r, &f, 1) == -1)
		return;
	f.limit = API_PAGE_ROWS;
	db = shared_db(req->sh);
	for (i = 0; db != NULL && i < db->nsigs && np < 15; i++) {
		for (j = 0; j < np; j++)
			if (strcmp(products[j], db->sigs[i].product) == 0)
				break;
		if (j == np)
			products[np++] = db->sigs[i].product;
	}
	products[np] = NULL;

	r->html = 1;
	r->content_type = "text/html; charset=utf-8";
	page_head(b, "Incidents", "dashboard", 1);
	buf_puts(b, ">\n");
	page_header(req, b);
	buf_puts(b, "<main>\n<form id=\"filters\" method=\"get\" "
	    "action=\"/\">\n");
	select_box(b, "state", state_opts, f.active ? NULL : f.state != NULL ?
	    f.state : "all", "active");
	select_box(b, "severity", severities, f.severity, "any");
	select_box(b, "product", products, f.product, "any");
	buf_puts(b, "<button type=\"submit\">Filter</button>\n</form>\n");
	buf_puts(b, "<table id=\"incidents\">\n<thead><tr><th>Severity</th>"
	    "<th>Incident</th><th>Product</th><th>Source</th><th>Fields</th>"
	    "<th>Count</th><th>First seen</th><th>Last seen</th><th>State</th>"
	    "</tr></thead>\n<tbody>\n");
	rw.b = b;
	rw.db = db;
	rw.n = 0;
	store_query(req->st, &f, html_row, &rw);
	buf_puts(b, "</tbody>\n</table>\n");
	if (rw.n == 0)
		buf_puts(b, "<p id=\"no-incidents\">No incidents match.</p>\n");
	sigdb_free(db);

	buf_puts(b, "<h2>Sources</h2>\n<table id=\"sources\">\n<thead><tr>"
	    "<th>Source</th><th>File</th><th>Offset</th><th>Last record</th>"
	    "<th>Problem</th></tr></thead>\n<tbody>\n");
	src = shared_sources(req->sh, &n);
	for (i = 0; i < n; i++) {
		buf_printf(b, "<tr class=\"source health-%s\" data-name=\"",
		    state_name(src[i].state));
		esc(b, src[i].name);
		buf_puts(b, "\"><td class=\"name\">");
		esc(b, src[i].name);
		buf_puts(b, "</td><td class=\"path\">");
		esc(b, src[i].path);
		buf_printf(b, "</td><td class=\"offset\">%llu</td><td "
		    "class=\"last-record\">", (unsigned long long)src[i].offset);
		html_time(b, src[i].last_record_ms);
		buf_puts(b, "</td><td class=\"error\">");
		esc(b, src[i].error);
		buf_puts(b, "</td></tr>\n");
	}
	shared_sources_free(src, n);
	buf_puts(b, "</tbody>\n</table>\n</main>\n</body>\n</html>\n");
}

/* The incident page's timeline: hits per time bin, as SVG bars. */
struct bins {
	int64_t	 first, last;
	int64_t	 hits[API_TIMELINE_BARS];
	int	 pass;
};

static int
bin_minute(void *arg, const struct store_row *row)
{
	struct bins *bn = arg;
	int64_t span, k;

	if (bn->pass == 0) {
		if (bn->first == 0 || row->num[0] < bn->first)
			bn->first = row->num[0];
		if (row->num[0] > bn->last)
			bn->last = row->num[0];
		return 0;
	}
	span = bn->last - bn->first + 1;
	k = (row->num[0] - bn->first) * API_TIMELINE_BARS / span;
	if (k >= 0 && k < API_TIMELINE_BARS)
		bn->hits[k] += row->num[1];
	return 0;
}

static void
html_timeline(const struct api_request *req, struct buf *b)
{
	struct bins bn;
	int64_t max = 0;
	char a[32], z[32];
	int i, h;

	memset(&bn, 0, sizeof(bn));
	store_timeline(req->st, req->id, bin_minute, &bn);
	bn.pass = 1;
	store_timeline(req->st, req->id, bin_minute, &bn);
	for (i = 0; i < API_TIMELINE_BARS; i++)
		if (bn.hits[i] > max)
			max = bn.hits[i];
	buf_printf(b, "<svg id=\"timeline\" role=\"img\" viewBox=\"0 0 %d 60\" "
	    "width=\"100%%\" height=\"80\" preserveAspectRatio=\"none\" "
	    "aria-label=\"hits over time\">", API_TIMELINE_BARS * 5);
	for (i = 0; i < API_TIMELINE_BARS && max > 0; i++) {
		if (bn.hits[i] == 0)
			continue;
		h = (int)(bn.hits[i] * 56 / max) + 2;
		buf_printf(b, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"4\" "
		    "height=\"%d\" fill=\"#c0392b\"><title>%lld</title></rect>",
		    i * 5, 60 - h, h, (long long)bn.hits[i]);
	}
	buf_puts(b, "</svg>\n");
	if (max > 0) {
		timefmt_iso(bn.first * 60000, a);
		timefmt_iso(bn.last * 60000 + 59999, z);
		buf_printf(b, "<p class=\"axis\">%.16s … %.16s (UTC)</p>\n", a,
		    z);
	}
}

static int
html_sample(void *arg, const struct store_row *row)
{
	struct buf *b = arg;

	buf_puts(b, "<tr><td class=\"where\">");
	esc(b, row->text[0]);
	buf_printf(b, ":%lld</td><td class=\"time\">", (long long)row->num[1]);
	html_time(b, row->num[2]);
	buf_puts(b, "</td><td class=\"text\"><code>");
	esc(b, row->text[3]);
	buf_puts(b, "</code></td></tr>\n");
	return 0;
}

/*
 * One history entry: <li class="history-STATE"> (for the states the
 * history holds, "escalated" among them), the time, the state, who, and
 * the note ("recovered: <log line>", "critical after 100 hits") if any.
 */
static int
html_history(void *arg, const struct store_row *row)
{
	static const char *const kinds[] = { "open", "acknowledged",
	    "resolved", "escalated", NULL };
	struct buf *b = arg;
	const char *state = row->text[1] != NULL ? row->text[1] : "";

	buf_puts(b, "<li");
	if (one_of(state, kinds))
		buf_printf(b, " class=\"history-%s\"", state);
	buf_puts(b, ">");
	html_time(b, row->num[0]);
	buf_puts(b, " <span class=\"state\">");
	esc(b, state);
	buf_puts(b, "</span>");
	if (row->text[2] != NULL) {
		buf_puts(b, " by ");
		esc(b, row->text[2]);
	}
	if (row->text[3] != NULL && *row->text[3] != '\0') {
		buf_puts(b, " — <span class=\"note\">");
		esc(b, row->text[3]);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</li>\n");
	return 0;
}

void
api_incident_page(const struct api_request *req, struct api_response *r)
{
	const struct signature *sig;
	struct buf *b = &r->body;
	struct one o;
	size_t i;

	memset(&o, 0, sizeof(o));
	o.db = shared_db(req->sh);
	if (store_incident(req->st, req->id, keep_incident, &o) != 0) {
		one_free(&o);
		r->status = 404;
		r->html = 1;
		r->content_type = "text/html; charset=utf-8";
		page_head(b, "Not found", "error", 0);
		buf_puts(b, ">\n<main><h1>No such incident</h1><p><a "
		    "href=\"/\">Back to the dashboard</a></p></main></body>"
		    "</html>\n");
		return;
	}
	sig = o.db != NULL ? sigdb_find(o.db, o.sig) : NULL;
	r->html = 1;
	r->content_type = "text/html; charset=utf-8";
	page_head(b, sig != NULL ? sig->title : o.sig, "incident", 0);
	buf_printf(b, " data-incident-id=\"%lld\">\n", (long long)req->id);
	page_header(req, b);
	buf_puts(b, "<main>\n<p><a href=\"/\">← all incidents</a></p>\n"
	    "<h1 id=\"title\" class=\"sev-");
	esc(b, o.severity);
	buf_puts(b, "\">");
	esc(b, sig != NULL ? sig->title : o.sig);
	buf_puts(b, "</h1>\n<dl class=\"facts\">\n<dt>State</dt><dd><span "
	    "id=\"state\" class=\"state-");
	esc(b, o.state);
	buf_puts(b, "\">");
	esc(b, o.state);
	buf_puts(b, "</span>");
	if (o.resolution != NULL && *o.resolution != '\0') {
		const char *why = resolution_meaning(o.resolution);

		buf_puts(b, " <span id=\"resolution\"><span "
		    "class=\"resolution\">");
		esc(b, o.resolution);
		buf_puts(b, "</span>");
		if (why != NULL) {
			buf_puts(b, " <span class=\"why\">");
			esc(b, why);
			buf_puts(b, "</span>");
		}
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</dd>\n<dt>Severity</dt><dd>");
	esc(b, o.severity);
	buf_puts(b, "</dd>\n<dt>Signature</dt><dd><code>");
	esc(b, o.sig);
	buf_puts(b, "</code></dd>\n<dt>Source</dt><dd>");
	esc(b, o.source);
	buf_puts(b, "</dd>\n<dt>Fields</dt><dd class=\"fields\">");
	html_fields(b, o.fields);
	buf_printf(b, "</dd>\n<dt>Count</dt><dd id=\"count\">%lld</dd>\n"
	    "<dt>First seen</dt><dd>", (long long)o.copy.count);
	html_time(b, o.copy.first_seen);
	buf_puts(b, "</dd>\n<dt>Last seen</dt><dd>");
	html_time(b, o.copy.last_seen);
	buf_puts(b, "</dd>\n</dl>\n");

	if (!shared_tokens_on(req->sh))
		buf_puts(b, "<section id=\"actions\"><p class=\"note\">"
		    "Acknowledging and resolving over HTTP is off (no api_tokens "
		    "in the configuration); use <code>syncwatch ack</code> and "
		    "<code>syncwatch resolve</code>.</p></section>\n");
	else
	/*
	 * Each form carries its own token field so both work without
	 * JavaScript; the script uses the first (#token) for both.
	 */
	buf_printf(b, "<section id=\"actions\">\n<form id=\"ack\" "
	    "method=\"post\" action=\"/incidents/%lld/ack\"><label>Token "
	    "<input id=\"token\" name=\"token\" type=\"password\" "
	    "autocomplete=\"off\"></label> <button type=\"submit\">"
	    "Acknowledge</button></form>\n<form id=\"resolve\" method=\"post\" "
	    "action=\"/incidents/%lld/resolve\"><label class=\"token-copy\">"
	    "Token <input name=\"token\" type=\"password\" "
	    "class=\"token-copy\" autocomplete=\"off\"></label> <button "
	    "type=\"submit\">Resolve</button></form>\n<p id=\"action-error\" "
	    "class=\"error\" hidden></p>\n</section>\n", (long long)req->id,
	    (long long)req->id);

	buf_puts(b, "<h2>What it means</h2>\n<p id=\"meaning\">");
	esc(b, sig != NULL ? sig->meaning : "");
	buf_puts(b, "</p>\n<h2>How to fix it</h2>\n<ol id=\"fix\">\n");
	for (i = 0; sig != NULL && i < sig->nfix; i++) {
		buf_puts(b, "<li>");
		esc(b, sig->fix[i]);
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ol>\n");
	if (sig != NULL && sig->nrefs > 0) {
		buf_puts(b, "<h2>References</h2>\n<ul id=\"refs\">\n");
		for (i = 0; i < sig->nrefs; i++) {
			buf_puts(b, "<li>");
			esc(b, sig->refs[i]);
			buf_puts(b, "</li>\n");
		}
		buf_puts(b, "</ul>\n");
	}
	buf_puts(b, "<h2>Timeline</h2>\n");
	html_timeline(req, b);
	buf_puts(b, "<h2>Latest records</h2>\n<table id=\"samples\">\n<thead>"
	    "<tr><th>Where</th><th>Time</th><th>Record</th></tr></thead>\n"
	    "<tbody>\n");
	store_samples(req->st, req->id, html_sample, b);
	buf_puts(b, "</tbody>\n</table>\n<h2>History</h2>\n<ol id=\"history\">"
	    "\n");
	store_history(req->st, req->id, html_history, b);
	buf_puts(b, "</ol>\n</main>\n</body>\n</html>\n");
	one_free(&o);
}

/* The value of `name` in an application/x-www-form-urlencoded body. */
static char *
form_value(const char *body, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = body, *end;
	struct buf v = { 0 };
	char *out;

	while (*p != '\0') {
		end = p + strcspn(p, "&");
		if ((size_t)(end - p) > nlen && strncmp(p, name, nlen) == 0 &&
		    p[nlen] == '=') {
			for (p += nlen + 1; p < end; p++) {
				if (*p == '+')
					buf_putc(&v, ' ');
				else if (*p == '%' && isxdigit((unsigned char)
				    p[1]) && isxdigit((unsigned char)p[2])) {
					char hex[3] = { p[1], p[2], 0 };

					buf_putc(&v, (int)strtol(hex, NULL, 16));
					p += 2;
				} else
					buf_putc(&v, *p);
			}
			out = xstrdup(buf_cstr(&v));
			buf_free(&v);
			return out;
		}
		p = *end != '\0' ? end + 1 : end;
	}
	return NULL;
}

void
api_incident_form(const struct api_request *req, struct api_response *r)
{
	char *token = form_value(req->body, "token"), name[128];
	int ok;

	ok = authorise(req, r, token, name, sizeof(name)) &&
	    change_state(req, r, name) == 0;
	if (token != NULL) {
		explicit_bzero(token, strlen(token));
		xfree(token);
	}
	if (!ok) {
		/* An HTML answer for a browser without JavaScript. */
		int status = r->status;

		buf_reset(&r->body);
		r->status = status;
		r->html = 1;
		r->content_type = "text/html; charset=utf-8";
		page_head(&r->body, "Not allowed", "error", 0);
		buf_printf(&r->body, ">\n<main><h1>Not changed</h1><p>%s</p>"
		    "<p><a href=\"/incidents/%lld\">Back</a></p></main></body>"
		    "</html>\n", status == 403 ? "State changes over HTTP are "
		    "off: no api_tokens in the configuration." : status == 401 ?
		    "The token is missing or not valid." : "The incident could "
		    "not be changed.", (long long)req->id);
		return;
	}
	r->status = 303;
	r->content_type = "text/plain; charset=utf-8";
	snprintf(r->location, sizeof(r->location), "/incidents/%lld",
	    (long long)req->id);
}
