/*
 * api-json — the JSON API: status, incidents (list, one, state changes),
 * signatures, sources, and /healthz.  See docs/http.md.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/api-int.h"
#include "http/api.h"
#include "decode/event.h"
#include "http/snapshot.h"
#include "lib/json.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "store/store.h"
#include "version.h"

#define API_HEALTH_WAIT_MS	2000
#define API_RELOAD_WAIT_MS	60000

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
	json_array_append_new(c->arr, api_incident_json(inc, c->db));
	c->n++;
	c->last_seen = inc->last_seen;
	c->last_id = inc->id;
	return 0;
}

/* The push to Alertmanager: null when not configured. */
static json_t *
api_push_json(struct snapshot *sn)
{
	struct snapshot_push p;
	json_t *o;

	snapshot_push(sn, &p);
	if (!p.enabled)
		return json_null();
	o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o}",
	    "targets", (json_int_t)p.targets, "sent", (json_int_t)p.sent,
	    "failed", (json_int_t)p.failed, "queue", (json_int_t)p.queue,
	    "active", (json_int_t)p.active,
	    "last_success", api_json_time(p.last_ok_ms),
	    "last_error", p.last_error != NULL ? json_text(p.last_error,
	    strlen(p.last_error)) : json_null());
	xfree(p.last_error);
	return o;
}

void
api_status(const struct api_request *req, struct api_response *r)
{
	struct snapshot_source *src;
	struct snapshot_health h;
	struct snapshot_reload rl;
	int64_t crit, err, warn;
	size_t n, i, healthy = 0;
	const char *status;
	json_t *problems, *reload;
	char *cause = NULL;

	if (api_check_args(req, r, NULL) == -1)
		return;
	if (store_open_counts(req->st, &crit, &err, &warn, &cause) == -1) {
		api_store_error(r, cause);
		return;
	}
	src = snapshot_sources(req->sn, &n);
	for (i = 0; i < n; i++)
		healthy += api_source_healthy(&src[i]);
	snapshot_sources_free(src, n);
	snapshot_health(req->sn, &h);
	snapshot_last_reload(req->sn, &rl);
	/*
	 * A daemon that cannot record is as bad as a critical incident; one
	 * that refused its new configuration still watches, with the old.
	 */
	status = crit > 0 || h.nproblems > 0 ? "critical" : (err > 0 ||
	    warn > 0 || healthy < n || !rl.ok) ? "warning" : "ok";
	reload = json_pack("{s:b, s:o, s:o, s:o}", "successful", rl.ok,
	    "last_attempt", api_json_time(rl.at_ms),
	    "last_success", api_json_time(rl.ok_at_ms),
	    "error", rl.error != NULL ? json_text(rl.error, strlen(rl.error)) :
	    json_null());
	xfree(rl.error);
	problems = json_array();
	for (i = 0; i < h.nproblems; i++)
		json_array_append_new(problems, json_text(h.problems[i],
		    strlen(h.problems[i])));
	api_reply_json(r, 200, json_pack("{s:s, s:{s:I, s:I, s:I}, s:{s:I, s:I}, "
	    "s:s, s:I, s:s, s:o, s:{s:s, s:b, s:o, s:I, s:I}, s:o, s:s, s:s, s:o}",
	    "status", status,
	    "open", "critical", (json_int_t)crit, "error", (json_int_t)err,
	    "warning", (json_int_t)warn,
	    "sources", "healthy", (json_int_t)healthy,
	    "unhealthy", (json_int_t)(n - healthy),
	    "version", SYNCWATCH_VERSION,
	    "uptime_s", (json_int_t)((platform_mono_ms() - req->started_mono_ms) /
	    1000),
	    "health", h.nproblems > 0 ? "failing" : "ok",
	    "problems", problems,
	    "database", "state", h.db_state != NULL ? h.db_state : "ok",
	    "writable", h.db_writable || h.db_state == NULL,
	    "last_commit", api_json_time(h.last_commit_ms),
	    "commits", (json_int_t)h.commits,
	    "commit_failures", (json_int_t)h.commit_failures,
	    "reload", reload,
	    "name", req->name != NULL ? req->name : "syncwatch",
	    "external_url", req->external_url != NULL ? req->external_url :
	    "", "alertmanager", api_push_json(req->sn)));
	snapshot_health_clear(&h);
}

void
api_incidents(const struct api_request *req, struct api_response *r)
{
	struct store_filter f;
	struct collect c;
	char cursor[64], *cause = NULL;
	int64_t total;
	json_t *o;

	if (api_check_args(req, r, api_filter_args) == -1 ||
	    api_read_filter(req, r, &f, 0) == -1)
		return;
	if (store_query_count(req->st, &f, &total, &cause) == -1) {
		api_store_error(r, cause);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.arr = json_array();
	c.db = snapshot_db(req->sn);
	c.limit = f.limit;
	f.limit++;		/* one more tells whether a next page exists */
	if (store_query(req->st, &f, collect_incident, &c, &cause) == -1) {
		json_decref(c.arr);
		sigdb_free((struct sigdb *)c.db);
		api_store_error(r, cause);
		return;
	}
	sigdb_free((struct sigdb *)c.db);
	o = json_pack("{s:o, s:I}", "incidents", c.arr, "total",
	    (json_int_t)total);
	if (c.more && !f.triage) {
		snprintf(cursor, sizeof(cursor), "%lld.%lld",
		    (long long)c.last_seen, (long long)c.last_id);
		json_object_set_new(o, "next_cursor", json_string(cursor));
	} else
		json_object_set_new(o, "next_cursor", json_null());
	api_reply_json(r, 200, o);
}

static int
add_sample(void *arg, const struct store_row *row)
{
	json_array_append_new(arg, json_pack("{s:s, s:I, s:o, s:s}",
	    "file", row->text[0] ? row->text[0] : "",
	    "line", (json_int_t)row->num[1], "time", api_json_time(row->num[2]),
	    "text", row->text[3] ? row->text[3] : ""));
	return 0;
}

static int
add_minute(void *arg, const struct store_row *row)
{
	json_array_append_new(arg, json_pack("{s:o, s:I}", "minute",
	    api_json_time(row->num[0] * 60000), "hits", (json_int_t)row->num[1]));
	return 0;
}

static int
add_history(void *arg, const struct store_row *row)
{
	json_array_append_new(arg, json_pack("{s:o, s:s, s:o, s:o}", "at",
	    api_json_time(row->num[0]), "state", row->text[1] ? row->text[1] : "",
	    "by", api_json_str(row->text[2]), "note", api_json_str(row->text[3])));
	return 0;
}

/* Load incident req->id with everything; 0, or -1 with an answer made. */
static int
load_full(const struct api_request *req, struct api_response *r,
    struct api_one *o)
{
	const struct signature *sig;
	char *cause = NULL;
	json_t *arr;
	size_t i;
	int rc;

	memset(o, 0, sizeof(*o));
	o->db = snapshot_db(req->sn);
	rc = store_incident(req->st, req->id, api_keep_incident, o, &cause);
	if (rc != 0) {
		if (rc == 1)
			api_error(r, 404, "no such incident");
		else
			api_store_error(r, cause);
		api_one_free(o);
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
	rc = store_samples(req->st, req->id, add_sample, arr, &cause);
	json_object_set_new(o->obj, "samples", arr);
	arr = json_array();
	if (rc == 0)
		rc = store_timeline(req->st, req->id, add_minute, arr, &cause);
	json_object_set_new(o->obj, "timeline", arr);
	arr = json_array();
	if (rc == 0)
		rc = store_history(req->st, req->id, add_history, arr, &cause);
	json_object_set_new(o->obj, "history", arr);
	if (rc == -1) {
		api_store_error(r, cause);
		api_one_free(o);
		return -1;
	}
	return 0;
}

void
api_incident(const struct api_request *req, struct api_response *r)
{
	struct api_one o;

	if (api_check_args(req, r, NULL) == -1 || load_full(req, r, &o) == -1)
		return;
	api_reply_json(r, 200, json_incref(o.obj));
	api_one_free(&o);
}

/* The bearer token of the request, or NULL. */
static const char *
bearer(const struct api_request *req)
{
	const char *auth = req->authorization;

	if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0)
		return NULL;
	return auth + 7;
}

/*
 * POST /api/v1/incidents/ID/ACTION.  The body, if any, is a JSON object:
 * "note" (kept in the history), "by" (who did it; the control token
 * only), "for" (a snooze's length).  Anything else is a 400.
 */
void
api_incident_state(const struct api_request *req, struct api_response *r)
{
	static const char *const keys[] = { "note", "by", "for", NULL };
	const char *val[3] = { NULL, NULL, NULL }, *k, *p;
	char name[128], msg[160];
	json_t *body = NULL, *v;
	json_error_t jerr;
	int auth, i;

	/* Who asks comes first: a stranger learns nothing of the rest. */
	if (!(auth = api_authorise(req, r, bearer(req), name, sizeof(name))) ||
	    api_check_args(req, r, NULL) == -1)
		return;
	for (p = req->body != NULL ? req->body : ""; *p == ' ' || *p == '\t' ||
	    *p == '\r' || *p == '\n'; p++)
		;
	if (*p != '\0') {
		body = json_loadb(req->body, req->body_len,
		    JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(body)) {
			json_decref(body);
			api_error(r, 400, "the body must be a JSON object, as "
			    "in {\"note\": \"text\"}");
			return;
		}
		json_object_foreach(body, k, v) {
			for (i = 0; keys[i] != NULL; i++)
				if (strcmp(keys[i], k) == 0)
					break;
			if (keys[i] == NULL || !json_is_string(v)) {
				snprintf(msg, sizeof(msg), keys[i] == NULL ?
				    "unknown field in the body; known: note, "
				    "by, for" : "%s must be a string", k);
				api_param_error(r, k, msg);
				json_decref(body);
				return;
			}
			val[i] = json_string_value(v);
		}
	}
	if (api_change_state(req, r, name, auth, val[0], val[1],
	    val[2]) == 0)
		api_incident(req, r);
	json_decref(body);
}

/*
 * POST /api/v1/reload: the main loop loads the configuration and the
 * signatures again; 200 when the new ones run, 409 (with why) when they
 * were refused and the old ones keep running.
 */
void
api_reload(const struct api_request *req, struct api_response *r)
{
	char name[128], *error = NULL;
	int rc;

	if (!api_authorise(req, r, bearer(req), name, sizeof(name)))
		return;
	rc = snapshot_request_reload(req->sn, API_RELOAD_WAIT_MS, &error);
	if (rc == 1)
		api_reply_json(r, 200, json_pack("{s:b}", "reloaded", 1));
	else if (rc == 0) {
		api_reply_json(r, 409, json_pack("{s:b, s:s}", "reloaded", 0,
		    "error", error));
		xfree(error);
	} else
		api_error(r, 503, "the main loop did not answer in time");
}

void
api_signatures(const struct api_request *req, struct api_response *r)
{
	struct sigdb *db;
	json_t *arr, *formats, *group;
	size_t i, j;
	int f;

	if (api_check_args(req, r, NULL) == -1)
		return;
	db = snapshot_db(req->sn);
	arr = json_array();
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
	api_reply_json(r, 200, json_pack("{s:o}", "signatures", arr));
}

void
api_sources(const struct api_request *req, struct api_response *r)
{
	struct snapshot_source *src;
	json_t *arr;
	size_t n, i;

	if (api_check_args(req, r, NULL) == -1)
		return;
	arr = json_array();
	src = snapshot_sources(req->sn, &n);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o, "
		    "s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
		    "name", src[i].name, "path", src[i].path,
		    "state", api_state_name(src[i].state),
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
		    "last_record", api_json_time(src[i].last_record_ms)));
	snapshot_sources_free(src, n);
	api_reply_json(r, 200, json_pack("{s:o}", "sources", arr));
}

/*
 * Healthy: the database answers, the main loop turns, and the daemon
 * knows of nothing wrong with itself (follow/health.h: a database that
 * cannot be written or is not the one open, failing commits, folders
 * that cannot be watched).  The loop may sleep for long when nothing
 * happens, so it is woken and must show a heartbeat newer than the
 * request within API_HEALTH_WAIT_MS; that turn also looks at the
 * database file, so what it says is fresh.
 */
void
api_healthz(const struct api_request *req, struct api_response *r)
{
	struct snapshot_health h;
	char *cause = NULL;
	size_t i;

	r->content_type = "text/plain; charset=utf-8";
	r->no_cache = 1;
	if (store_size(req->st, &cause) < 0) {
		r->status = 503;
		buf_printf(&r->body, "database not readable: %s\n", cause);
		xfree(cause);
		return;
	}
	if (!snapshot_wait_beat(req->sn, API_HEALTH_WAIT_MS)) {
		r->status = 503;
		buf_puts(&r->body, "main loop not responding\n");
		return;
	}
	snapshot_health(req->sn, &h);
	if (h.nproblems > 0) {
		r->status = 503;
		buf_puts(&r->body, "unhealthy\n");
		for (i = 0; i < h.nproblems; i++)
			buf_printf(&r->body, "- %s\n", h.problems[i]);
		snapshot_health_clear(&h);
		return;
	}
	snapshot_health_clear(&h);
	r->status = 200;
	buf_puts(&r->body, "ok\n");
}
