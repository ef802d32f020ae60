/*
 * check_api — response bodies without a server: the api handlers run on a
 * real store and signature database, with query arguments from a table.
 */
#include <sys/stat.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/auth.h"
#include "http/snapshot.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "store/store.h"
#include "testutil.h"
#include "lib/xmalloc.h"

static char dir[512];
static struct store *st;
static struct snapshot *sn;
static struct auth *au;
static struct sigdb *db;
static const char *args[16][2];

static const char *
arg(void *ctx, const char *name)
{
	int i;

	for (i = 0; args[i][0] != NULL; i++)
		if (strcmp(args[i][0], name) == 0)
			return args[i][1];
	return NULL;
}

static int
each_arg(void *ctx, int (*cb)(void *, const char *, const char *),
    void *cbarg)
{
	int i, rc;

	for (i = 0; args[i][0] != NULL; i++)
		if ((rc = cb(cbarg, args[i][0], args[i][1])) != 0)
			return rc;
	return 0;
}

/* A POST's action, body and Authorization header (call() uses them). */
static const char *post_action, *post_body, *post_auth;

static void
set_args(const char *const *kv)
{
	int i;

	memset(args, 0, sizeof(args));
	for (i = 0; kv != NULL && kv[2 * i] != NULL; i++) {
		args[i][0] = kv[2 * i];
		args[i][1] = kv[2 * i + 1];
	}
}

static void
add_hit_sev(const char *site, const char *path, int64_t t,
    const char *severity)
{
	char key[128], fields[512];
	json_t *o = json_pack("{s:s, s:s}", "path", path, "site", site);
	char *f = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	struct store_hit h;

	snprintf(key, sizeof(key), "{\"site\":\"%s\"}", site);
	snprintf(fields, sizeof(fields), "%s", f);
	free(f);
	json_decref(o);
	memset(&h, 0, sizeof(h));
	h.signature = "configmgr.despool.public-key-missing";
	h.product = "configmgr";
	h.severity = severity;
	h.source = "despool";
	h.key = key;
	h.fields_json = fields;
	h.time_ms = t;
	h.file = "/logs/despool.log";
	h.line = 12;
	h.text = "Cannot find a public key <b>";
	ck_assert_int_eq(store_begin(st, NULL), 0);
	ck_assert_int_eq(store_hit(st, &h, t, NULL, NULL), 0);
	ck_assert_int_eq(store_commit(st, NULL), 0);
}

static void
add_hit(const char *site, const char *path, int64_t t)
{
	add_hit_sev(site, path, t, "critical");
}

static void
setup(void)
{
	char *cause = NULL, pat[512];

	test_mkdtemp(dir, sizeof(dir), "check_api");
	st = store_open(dir, 5, &cause);
	ck_assert_msg(st != NULL, "%s", cause);
	snprintf(pat, sizeof(pat), "%s/patterns", test_srcdir());
	db = sigdb_load(pat, &cause);
	ck_assert_msg(db != NULL, "%s", cause);
	sn = snapshot_new();
	snapshot_set_db(sn, db);
	au = auth_new();
	set_args(NULL);
	post_action = post_body = post_auth = NULL;
}

static void
teardown(void)
{
	snapshot_free(sn);
	auth_free(au);
	sigdb_free(db);
	store_close(st);
	ck_assert_int_eq(test_rmtree(dir), 0);
}

/* Run handler h for incident id; the response body is the caller's. */
static void
call(api_handler h, int64_t id, struct api_response *r)
{
	struct api_request req;

	memset(&req, 0, sizeof(req));
	memset(r, 0, sizeof(*r));
	r->status = 200;
	req.method = post_action != NULL ? "POST" : "GET";
	req.path = "/";
	req.id = id;
	req.action = post_action;
	req.body = post_body != NULL ? post_body : "";
	req.body_len = strlen(req.body);
	req.authorization = post_auth;
	req.arg = arg;
	req.each_arg = each_arg;
	req.sn = sn;
	req.auth = au;
	req.st = st;
	req.web_dir = "/nonexistent";
	h(&req, r);
}

static json_t *
call_json(api_handler h, int64_t id, int want_status)
{
	struct api_response r;
	json_t *j;

	call(h, id, &r);
	ck_assert_int_eq(r.status, want_status);
	j = json_loadb(r.body.data ? r.body.data : "", r.body.len, 0, NULL);
	ck_assert_msg(j != NULL, "not JSON: %s", buf_cstr(&r.body));
	buf_free(&r.body);
	return j;
}

static char *
call_text(api_handler h, int64_t id)
{
	struct api_response r;
	char *s;

	call(h, id, &r);
	ck_assert_int_eq(r.status, 200);
	s = xstrdup(buf_cstr(&r.body));
	buf_free(&r.body);
	return s;
}

START_TEST(test_html_escape)
{
	struct buf b = { 0 };

	api_html_escape(&b, "<script>\"a\" & 'b'\x1b", 19);
	ck_assert_str_eq(buf_cstr(&b),
	    "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&#x241b;");
	buf_free(&b);
}
END_TEST

START_TEST(test_bad_parameters_are_400)
{
	static const char *const bad[][2] = {
		{ "state", "closed" }, { "severity", "fatal" },
		{ "limit", "0" }, { "limit", "501" }, { "limit", "x" },
		{ "cursor", "abc" }, { "since", "yesterday" },
	};
	size_t i;
	json_t *j;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *kv[] = { bad[i][0], bad[i][1], NULL };

		set_args(kv);
		j = call_json(api_incidents, 0, 400);
		ck_assert(json_is_string(json_object_get(j, "error")));
		json_decref(j);
	}
}
END_TEST

START_TEST(test_pagination_walks_every_incident_once)
{
	char site[16], cursor[64] = "";
	const char *kv[] = { "limit", "3", "cursor", cursor, NULL };
	int seen[10] = { 0 }, pages = 0, i;
	json_t *j, *arr, *v;
	size_t k;

	for (i = 0; i < 10; i++) {
		snprintf(site, sizeof(site), "S%02d", i);
		add_hit(site, "C:\\x.ins", 1000 + (i % 3));	/* ties */
	}
	for (;;) {
		set_args(kv);
		j = call_json(api_incidents, 0, 200);
		arr = json_object_get(j, "incidents");
		json_array_foreach(arr, k, v) {
			i = atoi(json_string_value(json_object_get(json_object_get(
			    v, "fields"), "site")) + 1);
			seen[i]++;
		}
		pages++;
		v = json_object_get(j, "next_cursor");
		if (json_is_null(v)) {
			json_decref(j);
			break;
		}
		snprintf(cursor, sizeof(cursor), "%s", json_string_value(v));
		json_decref(j);
		ck_assert_int_lt(pages, 10);
	}
	ck_assert_int_eq(pages, 4);
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(seen[i], 1);
}
END_TEST

START_TEST(test_status_and_incident)
{
	json_t *j;

	add_hit("S02", "<script>alert(1)</script>", 5000);
	j = call_json(api_status, 0, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "status")),
	    "critical");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j,
	    "open"), "critical")), 1);
	json_decref(j);
	j = call_json(api_incident, 1, 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "fields"), "path")), "<script>alert(1)</script>");
	ck_assert_int_gt((int)json_array_size(json_object_get(j, "fix")), 2);
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "samples")),
	    1);
	ck_assert_str_eq(json_string_value(json_object_get(j, "title")),
	    sigdb_find(db, "configmgr.despool.public-key-missing")->title);
	json_decref(j);
	j = call_json(api_incident, 99, 404);
	json_decref(j);
}
END_TEST

START_TEST(test_pages_escape_log_text)
{
	char *page;

	add_hit("S02", "<script>alert(1)</script>", 5000);
	page = call_text(api_dashboard, 0);
	ck_assert_ptr_null(strstr(page, "<script>alert"));
	ck_assert_ptr_nonnull(strstr(page, "&lt;script&gt;alert(1)"));
	ck_assert_ptr_nonnull(strstr(page, "data-id=\"1\""));
	xfree(page);
	page = call_text(api_incident_page, 1);
	ck_assert_ptr_null(strstr(page, "<script>alert"));
	ck_assert_ptr_null(strstr(page, "<b>"));
	ck_assert_ptr_nonnull(strstr(page, "<ol id=\"fix\">"));
	ck_assert_ptr_nonnull(strstr(page, "<svg id=\"timeline\""));
	xfree(page);
}
END_TEST

/* The incident object with "id" id in a JSON array. */
static json_t *
find_id(json_t *arr, json_int_t id)
{
	json_t *v;
	size_t k;

	json_array_foreach(arr, k, v)
		if (json_integer_value(json_object_get(v, "id")) == id)
			return v;
	ck_abort_msg("no incident %lld in the list", (long long)id);
	return NULL;
}

/* History entry i of a detail object: state, by and note (NULL: null). */
static void
check_history(json_t *inc, size_t i, const char *state, const char *by,
    const char *note)
{
	json_t *h = json_array_get(json_object_get(inc, "history"), i);

	ck_assert_msg(h != NULL, "no history entry %zu", i);
	ck_assert_str_eq(json_string_value(json_object_get(h, "state")), state);
	if (by == NULL)
		ck_assert(json_is_null(json_object_get(h, "by")));
	else
		ck_assert_str_eq(json_string_value(json_object_get(h, "by")),
		    by);
	if (note == NULL)
		ck_assert(json_is_null(json_object_get(h, "note")));
	else
		ck_assert_str_eq(json_string_value(json_object_get(h, "note")),
		    note);
}

/*
 * What the incident rules leave in the store shows everywhere: the
 * resolution in list and detail objects and on both pages, history notes,
 * escalations, and an operator's resolve or a new hit clearing it again.
 */
START_TEST(test_resolution_and_notes)
{
	static const char *const all[] = { "state", "all", NULL };
	const char *sig = "configmgr.despool.public-key-missing";
	const char *hostile = "recovered: <script>alert(1)</script>";
	int64_t now = 600000;
	json_t *j, *inc;
	char *page;

	add_hit("S02", "a", 5000);			/* 1: self-heals */
	add_hit_sev("S03", "b", 6000, "warning");	/* 2: escalates */
	add_hit("S04", "c", 7000);			/* 3: recovers */
	ck_assert_int_eq(store_begin(st, NULL), 0);
	ck_assert_int_eq(store_resolve(st, sig, "despool", "{\"site\":\"S02\"}",
	    0, 0, "self-healed", "self-healed: no hit for 10m", now, NULL), 1);
	ck_assert_int_eq(store_escalate(st, 2, "critical",
	    "critical after 100 hits", now, NULL), 1);
	ck_assert_int_eq(store_resolve(st, sig, "despool", "{\"site\":\"S04\"}",
	    0, 0, "recovered", hostile, now, NULL), 1);
	ck_assert_int_eq(store_commit(st, NULL), 0);

	/* The list: resolution on every object, null when not resolved. */
	set_args(all);
	j = call_json(api_incidents, 0, 200);
	inc = find_id(json_object_get(j, "incidents"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(inc, "state")),
	    "resolved");
	ck_assert_str_eq(json_string_value(json_object_get(inc, "resolution")),
	    "self-healed");
	inc = find_id(json_object_get(j, "incidents"), 2);
	ck_assert(json_is_null(json_object_get(inc, "resolution")));
	ck_assert_str_eq(json_string_value(json_object_get(inc, "state")),
	    "open");
	ck_assert_str_eq(json_string_value(json_object_get(inc, "severity")),
	    "critical");
	json_decref(j);
	set_args(NULL);

	/* The detail: notes on history entries, null where there is none. */
	j = call_json(api_incident, 1, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "resolution")),
	    "self-healed");
	ck_assert_str_eq(json_string_value(json_object_get(j, "state_by")),
	    "syncwatch");
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "history")),
	    2);
	check_history(j, 0, "open", NULL, NULL);
	check_history(j, 1, "resolved", "syncwatch",
	    "self-healed: no hit for 10m");
	json_decref(j);
	j = call_json(api_incident, 2, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "severity")),
	    "critical");
	ck_assert(json_is_null(json_object_get(j, "resolution")));
	check_history(j, 1, "escalated", "syncwatch",
	    "critical after 100 hits");
	json_decref(j);
	j = call_json(api_incident, 3, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "resolution")),
	    "recovered");
	check_history(j, 1, "resolved", "syncwatch", hostile);
	json_decref(j);

	/* The pages: the badge, the explanation, notes, escalations. */
	set_args(all);
	page = call_text(api_dashboard, 0);
	set_args(NULL);
	ck_assert_ptr_nonnull(strstr(page, "<td class=\"state\">resolved · "
	    "<span class=\"resolution\">self-healed</span></td>"));
	ck_assert_ptr_nonnull(strstr(page, "<td class=\"state\">open</td>"));
	xfree(page);
	page = call_text(api_incident_page, 1);
	ck_assert_ptr_nonnull(strstr(page, "<span id=\"state\" "
	    "class=\"state-resolved\">resolved</span> <span id=\"resolution\">"
	    "<span class=\"resolution\">self-healed</span> <span "
	    "class=\"why\">"));
	ck_assert_ptr_nonnull(strstr(page, "caches may still be stale"));
	ck_assert_ptr_nonnull(strstr(page, "<li class=\"history-resolved\">"));
	ck_assert_ptr_nonnull(strstr(page, "</span> by syncwatch — <span "
	    "class=\"note\">self-healed: no hit for 10m</span></li>"));
	xfree(page);
	page = call_text(api_incident_page, 2);
	ck_assert_ptr_null(strstr(page, "id=\"resolution\""));
	ck_assert_ptr_nonnull(strstr(page, "<li class=\"history-escalated\">"));
	ck_assert_ptr_nonnull(strstr(page, "<span class=\"state\">escalated"
	    "</span> by syncwatch — <span class=\"note\">critical after 100 "
	    "hits</span>"));
	xfree(page);
	page = call_text(api_incident_page, 3);
	ck_assert_ptr_null(strstr(page, "<script>alert"));
	ck_assert_ptr_nonnull(strstr(page, "<span class=\"note\">recovered: "
	    "&lt;script&gt;alert(1)&lt;/script&gt;</span>"));
	xfree(page);

	/* An operator's resolve and a reopening hit clear the resolution. */
	ck_assert_int_eq(store_set_state(st, 3, "resolved", "ops", now + 1, NULL), 0);
	j = call_json(api_incident, 3, 200);
	ck_assert(json_is_null(json_object_get(j, "resolution")));
	ck_assert_str_eq(json_string_value(json_object_get(j, "state_by")),
	    "ops");
	check_history(j, 2, "resolved", "ops", NULL);
	json_decref(j);
	add_hit("S02", "a", 8000);
	j = call_json(api_incident, 1, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "state")),
	    "open");
	ck_assert(json_is_null(json_object_get(j, "resolution")));
	json_decref(j);
	page = call_text(api_incident_page, 1);
	ck_assert_ptr_null(strstr(page, "id=\"resolution\""));
	xfree(page);
}
END_TEST

START_TEST(test_metrics_escape_labels)
{
	char *text;

	add_hit("S02", "x", 5000);
	text = call_text(api_metrics, 0);
	ck_assert_ptr_nonnull(strstr(text, "syncwatch_open_incidents{severity="
	    "\"critical\",signature=\"configmgr.despool.public-key-missing\"} 1"));
	ck_assert_ptr_nonnull(strstr(text, "# TYPE syncwatch_hits_total "
	    "counter"));
	xfree(text);
}
END_TEST

/* How many lines of text start with prefix. */
static int
lines_starting(const char *text, const char *prefix)
{
	const char *p = text;
	int n = 0;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			n++;
		p = strchr(p, '\n');
		p = p != NULL ? p + 1 : NULL;
	}
	return n;
}

/*
 * One series per active incident, at most 500, the most severe first;
 * the count of them all beside; a resolved incident has none.
 */
START_TEST(test_metrics_incident_cap)
{
	char site[16], *text;
	int i;

	for (i = 0; i < 520; i++) {
		snprintf(site, sizeof(site), "W%03d", i);
		add_hit_sev(site, "x", 1000 + i, "warning");
	}
	add_hit_sev("C01", "x", 500, "critical");
	ck_assert_int_eq(store_set_state(st, 1, "resolved", "t", 9000, NULL),
	    0);
	text = call_text(api_metrics, 0);
	ck_assert_int_eq(lines_starting(text, "syncwatch_incident_open{"),
	    500);
	ck_assert_ptr_nonnull(strstr(text, "syncwatch_incidents_active 520\n"));
	/* The critical one is shown though it is the oldest; the resolved
	   W000 is not. */
	ck_assert_ptr_nonnull(strstr(text, ",site=\"C01\","));
	ck_assert_ptr_null(strstr(text, ",site=\"W000\","));
	ck_assert_ptr_nonnull(strstr(text, "# HELP syncwatch_incident_open "));
	xfree(text);
}
END_TEST

START_TEST(test_tokens)
{
	char path[600], name[64], *cause = NULL;
	FILE *f;

	ck_assert_int_eq(auth_check(au, "whatever", name,
	    sizeof(name)), -1);
	snprintf(path, sizeof(path), "%s/tokens", dir);
	f = fopen(path, "w");
	fputs("# comment\nops 0123456789abcdef\n", f);
	fclose(f);
#ifndef _WIN32
	/* Readable by others: refused, as ssh refuses such a key. */
	ck_assert_int_eq(chmod(path, 0644), 0);
	ck_assert_int_eq(auth_load(au, path, &cause), -1);
	ck_assert_msg(strstr(cause, "mode 0644 is too open") != NULL &&
	    strstr(cause, "chmod 600") != NULL && strstr(cause, path) != NULL,
	    "%s", cause);
	xfree(cause);
#endif
	ck_assert_int_eq(auth_check(au, "0123456789abcdef", name,
	    sizeof(name)), -1);
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert_int_eq(auth_load(au, path, &cause), 0);
	ck_assert_int_eq(auth_check(au, "0123456789abcdef", name,
	    sizeof(name)), 1);
	ck_assert_str_eq(name, "ops");
	ck_assert_int_eq(auth_check(au, "0123456789abcdeX", name,
	    sizeof(name)), 0);
	ck_assert_int_eq(auth_check(au, NULL, name, sizeof(name)), 0);
	f = fopen(path, "w");
	fputs("ops short\n", f);
	fclose(f);
	/* fopen "w" keeps the mode: the file is still 0600. */
	ck_assert_int_eq(auth_load(au, path, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "tokens:1:"));
	xfree(cause);
	/* The old tokens stay after a bad file. */
	ck_assert_int_eq(auth_check(au, "0123456789abcdef", name,
	    sizeof(name)), 1);
}
END_TEST


/* The 400s name the parameter, so a typo is found at once. */
START_TEST(test_unknown_and_repeated_parameters)
{
	static const char *const typo[] = { "sourc", "despool", NULL };
	static const char *const twice[] = { "state", "open", "state",
	    "resolved", NULL };
	static const char *const bad_source[] = { "source", "a\x01" "b", NULL };
	static const char *const triage_cursor[] = { "order", "triage",
	    "cursor", "5.1", NULL };
	json_t *j;

	add_hit("S02", "a", 5000);
	set_args(typo);
	j = call_json(api_incidents, 0, 400);
	ck_assert_str_eq(json_string_value(json_object_get(j, "parameter")),
	    "sourc");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j,
	    "error")), "unknown parameter 'sourc'"));
	json_decref(j);
	/* Every JSON address refuses what it does not take. */
	j = call_json(api_status, 0, 400);
	json_decref(j);
	j = call_json(api_incident, 1, 400);
	json_decref(j);
	j = call_json(api_sources, 0, 400);
	json_decref(j);
	set_args(twice);
	j = call_json(api_incidents, 0, 400);
	ck_assert_str_eq(json_string_value(json_object_get(j, "parameter")),
	    "state");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j,
	    "error")), "more than once"));
	json_decref(j);
	set_args(bad_source);
	j = call_json(api_incidents, 0, 400);
	ck_assert_str_eq(json_string_value(json_object_get(j, "parameter")),
	    "source");
	json_decref(j);
	set_args(triage_cursor);
	j = call_json(api_incidents, 0, 400);
	ck_assert_str_eq(json_string_value(json_object_get(j, "parameter")),
	    "cursor");
	json_decref(j);
	set_args(NULL);
	j = call_json(api_status, 0, 200);
	json_decref(j);
}
END_TEST

/* A hit from another source, for the source filter. */
static void
add_hit_source(const char *source, const char *site, int64_t t)
{
	char key[64];
	struct store_hit h;

	snprintf(key, sizeof(key), "{\"site\":\"%s\"}", site);
	memset(&h, 0, sizeof(h));
	h.signature = "configmgr.despool.public-key-missing";
	h.product = "configmgr";
	h.severity = "critical";
	h.source = source;
	h.key = key;
	h.fields_json = "{}";
	h.time_ms = t;
	h.file = "/logs/x.log";
	h.line = 1;
	h.text = "x";
	ck_assert_int_eq(store_begin(st, NULL), 0);
	ck_assert_int_eq(store_hit(st, &h, t, NULL, NULL), 0);
	ck_assert_int_eq(store_commit(st, NULL), 0);
}

START_TEST(test_source_filter_and_total)
{
	static const char *const other[] = { "source", "other", "limit", "2",
	    NULL };
	static const char *const despool[] = { "source", "despool", NULL };
	static const char *const all[] = { "limit", "1", NULL };
	json_t *j, *arr, *v;
	size_t k;
	int i;

	for (i = 0; i < 3; i++)
		add_hit_source("other", i == 0 ? "A" : i == 1 ? "B" : "C",
		    1000 + i);
	add_hit("S02", "a", 5000);
	set_args(other);
	j = call_json(api_incidents, 0, 200);
	arr = json_object_get(j, "incidents");
	ck_assert_int_eq((int)json_array_size(arr), 2);
	json_array_foreach(arr, k, v)
		ck_assert_str_eq(json_string_value(json_object_get(v,
		    "source")), "other");
	/* The total counts every match, not the page. */
	ck_assert_int_eq((int)json_integer_value(json_object_get(j, "total")),
	    3);
	ck_assert(json_is_string(json_object_get(j, "next_cursor")));
	json_decref(j);
	set_args(despool);
	j = call_json(api_incidents, 0, 200);
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "incidents")),
	    1);
	ck_assert_int_eq((int)json_integer_value(json_object_get(j, "total")),
	    1);
	json_decref(j);
	set_args(all);
	j = call_json(api_incidents, 0, 200);
	ck_assert_int_eq((int)json_integer_value(json_object_get(j, "total")),
	    4);
	json_decref(j);
}
END_TEST

/* A token file with "ops TOKEN", loaded into au. */
static void
load_ops_token(void)
{
	char path[600], *cause = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tokens", dir);
	f = fopen(path, "w");
	fputs("ops 0123456789abcdef\n", f);
	fclose(f);
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert_int_eq(auth_load(au, path, &cause), 0);
	auth_set_control(au, "control-token-0123456789");
}

static json_t *
post(const char *action, int64_t id, const char *auth, const char *body,
    int want)
{
	json_t *j;

	post_action = action;
	post_auth = auth;
	post_body = body;
	j = call_json(api_incident_state, id, want);
	post_action = post_body = post_auth = NULL;
	return j;
}

#define OPS	"Bearer 0123456789abcdef"
#define CONTROL	"Bearer control-token-0123456789"

START_TEST(test_notes_by_and_unack)
{
	json_t *j;
	size_t n;

	load_ops_token();
	add_hit("S02", "a", 5000);
	j = post("ack", 1, OPS, "{\"note\": \"on it <b>\"}", 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "state")),
	    "acknowledged");
	n = json_array_size(json_object_get(j, "history"));
	check_history(j, n - 1, "acknowledged", "ops", "on it <b>");
	json_decref(j);
	/* Only the control token names someone else. */
	j = post("resolve", 1, OPS, "{\"by\": \"mallory\"}", 400);
	ck_assert_str_eq(json_string_value(json_object_get(j, "parameter")),
	    "by");
	json_decref(j);
	j = post("resolve", 1, OPS, "{\"nope\": 1}", 400);
	ck_assert_str_eq(json_string_value(json_object_get(j, "parameter")),
	    "nope");
	json_decref(j);
	j = post("resolve", 1, OPS, "[1]", 400);
	json_decref(j);
	j = post("resolve", 1, OPS, "{\"note\": \"a\\u0007b\"}", 400);
	json_decref(j);
	j = post("unack", 1, CONTROL, "{\"by\": \"cli:alice\", \"note\": "
	    "\"not ours\"}", 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "state")),
	    "open");
	ck_assert_str_eq(json_string_value(json_object_get(j, "state_by")),
	    "cli:alice");
	n = json_array_size(json_object_get(j, "history"));
	check_history(j, n - 1, "open", "cli:alice", "not ours");
	json_decref(j);
	/* Un-acknowledging what is not acknowledged is refused. */
	j = post("unack", 1, OPS, NULL, 409);
	json_decref(j);
	j = post("ack", 1, "Bearer wrong-token-000000000", NULL, 401);
	json_decref(j);
	j = post("ack", 99, OPS, NULL, 404);
	json_decref(j);
}
END_TEST

START_TEST(test_snooze)
{
	static const char *const triage[] = { "order", "triage", NULL };
	struct store_change c;
	json_t *j, *arr;
	size_t n;

	load_ops_token();
	add_hit("S02", "a", 5000);			/* 1 */
	add_hit_sev("S03", "b", 6000, "warning");	/* 2 */
	j = post("snooze", 1, OPS, "{\"for\": \"forever\"}", 400);
	ck_assert_str_eq(json_string_value(json_object_get(j, "parameter")),
	    "for");
	json_decref(j);
	j = post("snooze", 1, OPS, "{\"for\": \"31d\"}", 400);
	json_decref(j);
	j = post("ack", 1, OPS, "{\"for\": \"1h\"}", 400);
	json_decref(j);
	j = post("snooze", 1, OPS, "{\"for\": \"2h\", \"note\": \"patch "
	    "window\"}", 200);
	ck_assert(json_is_string(json_object_get(j, "snoozed_until")));
	n = json_array_size(json_object_get(j, "history"));
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "history"), n - 1), "state")), "snoozed");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(
	    json_array_get(json_object_get(j, "history"), n - 1), "note")),
	    "for 2h, until "));
	json_decref(j);

	/* Not counted as open in the status, listed after the warning. */
	j = call_json(api_status, 0, 200);
	ck_assert_int_eq((int)json_integer_value(json_object_get(
	    json_object_get(j, "open"), "critical")), 0);
	ck_assert_str_eq(json_string_value(json_object_get(j, "status")),
	    "warning");
	json_decref(j);
	set_args(triage);
	j = call_json(api_incidents, 0, 200);
	arr = json_object_get(j, "incidents");
	ck_assert_int_eq((int)json_integer_value(json_object_get(
	    json_array_get(arr, 0), "id")), 2);
	ck_assert_int_eq((int)json_integer_value(json_object_get(
	    json_array_get(arr, 1), "id")), 1);
	json_decref(j);

	/* A snooze that is over counts again by itself. */
	memset(&c, 0, sizeof(c));
	c.snooze = 1;
	c.snooze_ms = platform_now_ms() - 1;
	c.history = "snoozed";
	ck_assert_int_eq(store_change(st, 1, &c, platform_now_ms(), NULL), 0);
	set_args(NULL);
	j = call_json(api_status, 0, 200);
	ck_assert_int_eq((int)json_integer_value(json_object_get(
	    json_object_get(j, "open"), "critical")), 1);
	json_decref(j);
	set_args(triage);
	j = call_json(api_incidents, 0, 200);
	arr = json_object_get(j, "incidents");
	ck_assert_int_eq((int)json_integer_value(json_object_get(
	    json_array_get(arr, 0), "id")), 1);
	ck_assert(json_is_null(json_object_get(json_array_get(arr, 0),
	    "snoozed_until")));
	json_decref(j);
	set_args(NULL);

	/* unsnooze ends one; a resolved incident cannot be snoozed. */
	j = post("snooze", 1, OPS, "{\"for\": \"1h\"}", 200);
	json_decref(j);
	j = post("unsnooze", 1, OPS, NULL, 200);
	ck_assert(json_is_null(json_object_get(j, "snoozed_until")));
	json_decref(j);
	j = post("resolve", 2, OPS, NULL, 200);
	json_decref(j);
	j = post("snooze", 2, OPS, "{\"for\": \"1h\"}", 409);
	json_decref(j);
}
END_TEST

Suite *
api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_html_escape);
	tcase_add_test(tc, test_bad_parameters_are_400);
	tcase_add_test(tc, test_pagination_walks_every_incident_once);
	tcase_add_test(tc, test_status_and_incident);
	tcase_add_test(tc, test_pages_escape_log_text);
	tcase_add_test(tc, test_resolution_and_notes);
	tcase_add_test(tc, test_metrics_escape_labels);
	tcase_add_test(tc, test_metrics_incident_cap);
	tcase_add_test(tc, test_tokens);
	tcase_add_test(tc, test_unknown_and_repeated_parameters);
	tcase_add_test(tc, test_source_filter_and_total);
	tcase_add_test(tc, test_notes_by_and_unack);
	tcase_add_test(tc, test_snooze);
	suite_add_tcase(s, tc);
	return s;
}
