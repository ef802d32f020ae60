/*
 * api-html — the pages: the dashboard and an incident's page, and the
 * plain-form state change.  HTML is written by hand into a buffer, and
 * every value that did not come from this file goes through
 * api_html_escape (text from logs can hold <script>, quotes, anything).
 * The pages work without JavaScript; web/dashboard.js only adds live
 * updates and token-authenticated buttons.
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
#include "lib/timefmt.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "store/store.h"
#include "version.h"

#define API_TIMELINE_BARS	120

/* The store failed under a page: say so where it happened. */
void
api_html_store_error(struct buf *b, char *cause)
{
	buf_puts(b, "<p class=\"error\" role=\"alert\">Database not "
	    "readable: ");
	api_esc(b, cause);
	buf_puts(b, "</p>\n");
	xfree(cause);
}

/* The title names the daemon: a fleet's tabs are told apart. */
void
api_page_head(const struct api_request *req, struct buf *b, const char *title,
    const char *page, int refresh)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n");
	if (refresh)
		buf_puts(b, "<meta http-equiv=\"refresh\" content=\"10\">\n");
	buf_puts(b, "<title>");
	api_esc(b, title);
	buf_puts(b, " — ");
	if (req->name != NULL) {
		api_esc(b, req->name);
		buf_puts(b, " — ");
	}
	buf_puts(b, "syncwatch</title>\n<link rel=\"icon\" href=\"data:,\">"
	    "\n<link rel=\"stylesheet\" href=\"/static/dashboard.css\">\n"
	    "<link rel=\"stylesheet\" href=\"/static/triage.css\">\n"
	    "<script src=\"/static/common.js\" defer></script>\n"
	    "<script src=\"/static/dashboard.js\" defer></script>\n"
	    "<script src=\"/static/incident.js\" defer></script>\n</head>\n"
	    "<body data-page=\"");
	buf_puts(b, page);
	buf_puts(b, "\"");
}

/*
 * A refused reload: the daemon still watches, with the configuration it
 * had, and the file on disk is not what runs; say so under the header
 * (dashboard.js keeps it current from /api/v1/status).
 */
static void
html_reload(struct buf *b, struct snapshot *sn)
{
	struct snapshot_reload rl;
	char ts[32];

	snapshot_last_reload(sn, &rl);
	buf_puts(b, "<section id=\"reload\" role=\"status\"");
	if (rl.ok)
		buf_puts(b, " hidden");
	buf_puts(b, "><h2>The new configuration was refused</h2>\n<p>"
	    "syncwatch keeps running the configuration loaded <span "
	    "class=\"reload-since\">");
	if (rl.ok_at_ms > 0) {
		timefmt_iso(rl.ok_at_ms, ts);
		api_esc(b, ts);
	}
	buf_puts(b, "</span>. Fix the problems below, then reload again "
	    "(<code>systemctl reload syncwatch</code>).</p>\n<pre "
	    "class=\"reload-error\">");
	if (rl.error != NULL)
		api_esc(b, rl.error);
	buf_puts(b, "</pre>\n</section>\n");
	xfree(rl.error);
}

void
api_page_header(const struct api_request *req, struct buf *b)
{
	int64_t crit = 0, err = 0, warn = 0;
	struct snapshot_source *src;
	struct snapshot_health h;
	size_t n, i, unhealthy = 0;
	const char *cls, *word;

	char *cause = NULL;

	if (store_open_counts(req->st, &crit, &err, &warn, &cause) == -1)
		api_html_store_error(b, cause);
	src = snapshot_sources(req->sn, &n);
	for (i = 0; i < n; i++)
		unhealthy += !api_source_healthy(&src[i]);
	snapshot_sources_free(src, n);
	snapshot_health(req->sn, &h);
	if (crit > 0 || h.nproblems > 0) {
		cls = "status-critical";
		word = "CRITICAL";
	} else if (err > 0 || warn > 0 || unhealthy > 0) {
		cls = "status-warning";
		word = "WARNING";
	} else {
		cls = "status-ok";
		word = "OK";
	}
	/*
	 * Every time on the pages is UTC, and says so once, here;
	 * web/dashboard.js offers the browser's zone instead.
	 */
	buf_printf(b, "<header>\n<a class=\"brand\" href=\"/\">syncwatch</a>\n"
	    "<span id=\"overall\" class=\"%s\">%s</span>\n<span id=\"zone\">"
	    "Times in UTC</span>\n", cls, word);
	/*
	 * What is wrong with syncwatch itself: in every page's first lines,
	 * where nobody can miss it (dashboard.js keeps it current).
	 */
	buf_puts(b, "<section id=\"problems\" role=\"alert\"");
	if (h.nproblems == 0)
		buf_puts(b, " hidden");
	buf_puts(b, "><h2>syncwatch cannot do its job</h2>\n<ul>\n");
	for (i = 0; i < h.nproblems; i++) {
		buf_puts(b, "<li>");
		api_esc(b, h.problems[i]);
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n</section>\n");
	snapshot_health_clear(&h);
	html_reload(b, req->sn);
	/* A fresh install: nothing to follow yet, and how to change that. */
	if (snapshot_configured(req->sn) == 0)
		buf_puts(b, "<section id=\"setup\" role=\"status\"><h2>No "
		    "log is followed yet</h2>\n<p>Add a <code>[source "
		    "NAME]</code> section (a log's path, format and product) "
		    "to syncwatch.conf, check it with <code>syncwatch "
		    "check-config</code>, then reload (<code>systemctl reload "
		    "syncwatch</code>). The commented examples in the shipped "
		    "file show one for each product.</p>\n</section>\n");
	buf_printf(b, "<section id=\"summary\">Open: <span id=\"count-critical\" "
	    "class=\"sev-critical\">%lld</span> critical, <span "
	    "id=\"count-error\" class=\"sev-error\">%lld</span> error, <span "
	    "id=\"count-warning\" class=\"sev-warning\">%lld</span> warning"
	    "</section>\n</header>\n", (long long)crit, (long long)err,
	    (long long)warn);
}

void
api_html_time(struct buf *b, int64_t ms)
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
void
api_html_fields(struct buf *b, const char *fields_json)
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
		api_esc(b, k);
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
void
api_html_resolution(struct buf *b, const char *resolution)
{
	if (resolution == NULL || *resolution == '\0')
		return;
	buf_puts(b, " · <span class=\"resolution\">");
	api_esc(b, resolution);
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
	char a[32], z[32], *cause = NULL;
	int i, h;

	memset(&bn, 0, sizeof(bn));
	if (store_timeline(req->st, req->id, bin_minute, &bn, &cause) == -1) {
		api_html_store_error(b, cause);
		return;
	}
	bn.pass = 1;
	if (store_timeline(req->st, req->id, bin_minute, &bn, &cause) == -1) {
		api_html_store_error(b, cause);
		return;
	}
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
		buf_printf(b, "<p class=\"axis\"><time datetime=\"%s\">%.10s "
		    "%.5s</time> … <time datetime=\"%s\">%.10s %.5s</time></p>\n",
		    a, a, a + 11, z, z, z + 11);
	}
}

static int
html_sample(void *arg, const struct store_row *row)
{
	struct buf *b = arg;

	buf_puts(b, "<tr><td class=\"where\">");
	api_esc(b, row->text[0]);
	buf_printf(b, ":%lld</td><td class=\"time\">", (long long)row->num[1]);
	api_html_time(b, row->num[2]);
	buf_puts(b, "</td><td class=\"text\"><code>");
	api_esc(b, row->text[3]);
	buf_puts(b, "</code></td></tr>\n");
	return 0;
}

/*
 * One history entry: <li class="history-STATE"> (for the api_states the
 * history holds, "escalated" among them), the time, the state, who, and
 * the note ("recovered: <log line>", "critical after 100 hits") if any.
 */
static int
html_history(void *arg, const struct store_row *row)
{
	static const char *const kinds[] = { "open", "acknowledged",
	    "resolved", "escalated", "snoozed", "unsnoozed", NULL };
	struct buf *b = arg;
	const char *state = row->text[1] != NULL ? row->text[1] : "";

	buf_puts(b, "<li");
	if (api_one_of(state, kinds))
		buf_printf(b, " class=\"history-%s\"", state);
	buf_puts(b, ">");
	api_html_time(b, row->num[0]);
	buf_puts(b, " <span class=\"state\">");
	api_esc(b, state);
	buf_puts(b, "</span>");
	if (row->text[2] != NULL) {
		buf_puts(b, " by ");
		api_esc(b, row->text[2]);
	}
	if (row->text[3] != NULL && *row->text[3] != '\0') {
		buf_puts(b, " — <span class=\"note\">");
		api_esc(b, row->text[3]);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</li>\n");
	return 0;
}

/*
 * One action's form.  Without JavaScript each carries its own token and
 * note fields (the first's are #token and #note); the script uses those
 * two for every form and hides the copies (class "copy").  The snooze's
 * has its length; forms that do not apply to the state are hidden.
 */
static void
action_form(struct buf *b, int64_t id, const char *action,
    const char *label, int first, int hidden)
{
	buf_printf(b, "<form id=\"%s\" method=\"post\" action=\"/incidents/"
	    "%lld/%s\" class=\"action\"%s>", action, (long long)id, action,
	    hidden ? " hidden" : "");
	if (first)
		buf_puts(b, "<label>Token <input id=\"token\" name=\"token\" "
		    "type=\"password\" autocomplete=\"off\"></label> <label "
		    "class=\"note-field\">Note <input id=\"note\" name=\"note\" "
		    "maxlength=\"500\" autocomplete=\"off\"></label> ");
	else
		buf_puts(b, "<label class=\"copy\">Token <input name=\"token\" "
		    "type=\"password\" autocomplete=\"off\"></label> <label "
		    "class=\"copy\">Note <input name=\"note\" maxlength=\"500\" "
		    "autocomplete=\"off\"></label> ");
	if (strcmp(action, "snooze") == 0)
		buf_puts(b, "<label>for <select name=\"for\"><option "
		    "value=\"1h\">1 hour</option><option value=\"4h\">4 hours"
		    "</option><option value=\"1d\">1 day</option><option "
		    "value=\"7d\">7 days</option></select></label> ");
	buf_printf(b, "<button type=\"submit\">%s</button></form>\n", label);
}

void
api_incident_page(const struct api_request *req, struct api_response *r)
{
	const struct signature *sig;
	struct buf *b = &r->body;
	struct api_one o;
	char *cause = NULL;
	size_t i;

	memset(&o, 0, sizeof(o));
	o.db = snapshot_db(req->sn);
	if (store_incident(req->st, req->id, api_keep_incident, &o,
	    &cause) != 0) {
		if (cause != NULL) {
			api_one_free(&o);
			api_store_error(r, cause);
			return;
		}
		api_one_free(&o);
		r->status = 404;
		r->html = 1;
		r->content_type = "text/html; charset=utf-8";
		api_page_head(req, b, "Not found", "error", 0);
		buf_puts(b, ">\n<main><h1>No such incident</h1><p><a "
		    "href=\"/\">Back to the dashboard</a></p></main></body>"
		    "</html>\n");
		return;
	}
	sig = o.db != NULL ? sigdb_find(o.db, o.sig) : NULL;
	r->html = 1;
	r->content_type = "text/html; charset=utf-8";
	api_page_head(req, b, sig != NULL ? sig->title : o.sig, "incident", 0);
	buf_printf(b, " data-incident-id=\"%lld\">\n", (long long)req->id);
	api_page_header(req, b);
	buf_puts(b, "<main>\n<p><a href=\"/\">← all incidents</a></p>\n"
	    "<h1 id=\"title\" class=\"sev-");
	api_esc(b, o.severity);
	buf_puts(b, "\">");
	api_esc(b, sig != NULL ? sig->title : o.sig);
	buf_puts(b, "</h1>\n<dl class=\"facts\">\n<dt>State</dt><dd><span "
	    "id=\"state\" class=\"state-");
	api_esc(b, o.state);
	buf_puts(b, "\">");
	api_esc(b, o.state);
	buf_puts(b, "</span>");
	if (o.resolution != NULL && *o.resolution != '\0') {
		const char *why = resolution_meaning(o.resolution);

		buf_puts(b, " <span id=\"resolution\"><span "
		    "class=\"resolution\">");
		api_esc(b, o.resolution);
		buf_puts(b, "</span>");
		if (why != NULL) {
			buf_puts(b, " <span class=\"why\">");
			api_esc(b, why);
			buf_puts(b, "</span>");
		}
		buf_puts(b, "</span>");
	}
	if (o.copy.snoozed_until > platform_now_ms()) {
		buf_puts(b, " <span id=\"snoozed\">snoozed until ");
		api_html_time(b, o.copy.snoozed_until);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</dd>\n<dt>Severity</dt><dd>");
	api_esc(b, o.severity);
	buf_puts(b, "</dd>\n<dt>Signature</dt><dd><code>");
	api_esc(b, o.sig);
	buf_puts(b, "</code></dd>\n<dt>Source</dt><dd>");
	api_esc(b, o.source);
	buf_puts(b, "</dd>\n<dt>Fields</dt><dd class=\"fields\">");
	api_html_fields(b, o.fields);
	buf_printf(b, "</dd>\n<dt>Count</dt><dd id=\"count\">%lld</dd>\n"
	    "<dt>First seen</dt><dd>", (long long)o.copy.count);
	api_html_time(b, o.copy.first_seen);
	buf_puts(b, "</dd>\n<dt>Last seen</dt><dd>");
	api_html_time(b, o.copy.last_seen);
	buf_puts(b, "</dd>\n</dl>\n");

	if (!auth_enabled(req->auth))
		buf_puts(b, "<section id=\"actions\"><p class=\"note\">"
		    "Acknowledging and resolving over HTTP is off (no api_tokens "
		    "in the configuration); use <code>syncwatch ack</code> and "
		    "<code>syncwatch resolve</code>.</p></section>\n");
	else {
		int snoozed = o.copy.snoozed_until > platform_now_ms();

		buf_puts(b, "<section id=\"actions\" aria-label=\"Actions\">\n");
		action_form(b, req->id, "ack", "Acknowledge", 1, 0);
		action_form(b, req->id, "resolve", "Resolve", 0, 0);
		action_form(b, req->id, "unack", "Un-acknowledge", 0,
		    strcmp(o.state, "acknowledged") != 0);
		action_form(b, req->id, "snooze", "Snooze", 0,
		    strcmp(o.state, "resolved") == 0 || snoozed);
		action_form(b, req->id, "unsnooze", "End the snooze", 0,
		    !snoozed);
		buf_puts(b, "<p id=\"action-error\" class=\"error\" hidden></p>\n"
		    "</section>\n");
	}

	buf_puts(b, "<h2>What it means</h2>\n<p id=\"meaning\">");
	api_esc(b, sig != NULL ? sig->meaning : "");
	buf_puts(b, "</p>\n<h2>How to fix it</h2>\n<ol id=\"fix\">\n");
	for (i = 0; sig != NULL && i < sig->nfix; i++) {
		buf_puts(b, "<li>");
		api_esc(b, sig->fix[i]);
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ol>\n");
	if (sig != NULL && sig->nrefs > 0) {
		buf_puts(b, "<h2>References</h2>\n<ul id=\"refs\">\n");
		for (i = 0; i < sig->nrefs; i++) {
			buf_puts(b, "<li>");
			api_esc(b, sig->refs[i]);
			buf_puts(b, "</li>\n");
		}
		buf_puts(b, "</ul>\n");
	}
	buf_puts(b, "<h2>Timeline</h2>\n");
	html_timeline(req, b);
	buf_puts(b, "<h2>Latest records</h2>\n<table id=\"samples\">\n<thead>"
	    "<tr><th>Where</th><th>Time</th><th>Record</th></tr></thead>\n"
	    "<tbody>\n");
	if (store_samples(req->st, req->id, html_sample, b, &cause) == -1)
		api_html_store_error(b, cause);
	buf_puts(b, "</tbody>\n</table>\n<h2>History</h2>\n<ol id=\"history\">"
	    "\n");
	if (store_history(req->st, req->id, html_history, b, &cause) == -1)
		api_html_store_error(b, cause);
	buf_puts(b, "</ol>\n</main>\n</body>\n</html>\n");
	api_one_free(&o);
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
	char *note = form_value(req->body, "note");
	char *dur = form_value(req->body, "for");
	const char *why = NULL;
	json_t *answer = NULL;
	int ok, auth;

	ok = (auth = api_authorise(req, r, token, name, sizeof(name))) != 0 &&
	    api_change_state(req, r, name, auth, note, NULL, dur != NULL &&
	    *dur != '\0' ? dur : NULL) == 0;
	if (token != NULL) {
		platform_zero(token, strlen(token));
		xfree(token);
	}
	xfree(note);
	xfree(dur);
	if (!ok) {
		/* An HTML answer for a browser without JavaScript. */
		int status = r->status;

		answer = json_loadb(r->body.data != NULL ? r->body.data : "",
		    r->body.len, 0, NULL);
		why = json_string_value(json_object_get(answer, "error"));
		buf_reset(&r->body);
		r->status = status;
		r->html = 1;
		r->content_type = "text/html; charset=utf-8";
		api_page_head(req, &r->body, "Not changed", "error", 0);
		buf_puts(&r->body, ">\n<main><h1>Not changed</h1><p>");
		api_esc(&r->body, status == 403 ? "State changes over HTTP are "
		    "off: no api_tokens in the configuration." : status == 401 ?
		    "The token is missing or not valid." : why != NULL ? why :
		    "The incident could not be changed.");
		buf_printf(&r->body, "</p><p><a href=\"/incidents/%lld\">Back"
		    "</a></p></main></body></html>\n", (long long)req->id);
		json_decref(answer);
		return;
	}
	r->status = 303;
	r->content_type = "text/plain; charset=utf-8";
	snprintf(r->location, sizeof(r->location), "/incidents/%lld",
	    (long long)req->id);
}
