/*
 * api-dash — the dashboard page, built for triage: the incidents that
 * match the filters in the triage order (what is not snoozed first, the
 * worst severity, the longest open), those of one signature grouped into
 * one <tbody> whose head row says how many there are and folds them away
 * (a <details> the stylesheet follows, so it works without JavaScript),
 * the first groups only with a link to more, and the sources.  Every
 * value from a log goes through api_html_escape.  web/dashboard.js
 * renders the same markup from the JSON API (docs/http.md, "Markup
 * contract").
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api-int.h"
#include "http/api.h"
#include "http/snapshot.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "store/store.h"

#define API_PAGE_ROWS		500	/* web/dashboard.js: PAGE_ROWS */
#define API_GROUPS_DEFAULT	20	/* web/dashboard.js: GROUPS_STEP */
#define API_GROUPS_MAX		500

/* One incident read back, with its strings copied. */
struct dash_inc {
	struct store_incident	 inc;
	char			*strs[8];
	struct dash_inc		*next_in_group;
};

/* The incidents of one signature, in triage order. */
struct dash_group {
	const char		*signature;
	struct dash_inc		*first, *last;
	int			 n;
	int64_t			 first_seen;	/* the earliest */
	int64_t			 last_seen;	/* the latest */
	const char		*severity;	/* the first's: the worst */
	int			 active;	/* any open or acknowledged */
};

struct dash {
	struct dash_inc		*incs;
	size_t			 ninc;
	struct dash_group	*groups;
	size_t			 ngroups;
};

static int
keep_inc(void *arg, const struct store_incident *inc)
{
	struct dash *d = arg;
	struct dash_inc *di = &d->incs[d->ninc++];
	const char *src[8] = { inc->signature, inc->source, inc->fields_json,
	    inc->severity, inc->state, inc->state_by, inc->product,
	    inc->resolution };
	int i;

	di->inc = *inc;
	for (i = 0; i < 8; i++)
		di->strs[i] = src[i] != NULL ? xstrdup(src[i]) : NULL;
	di->inc.signature = di->strs[0];
	di->inc.source = di->strs[1];
	di->inc.fields_json = di->strs[2];
	di->inc.severity = di->strs[3];
	di->inc.state = di->strs[4];
	di->inc.state_by = di->strs[5];
	di->inc.product = di->strs[6];
	di->inc.resolution = di->strs[7];
	return d->ninc == API_PAGE_ROWS;
}

/* Group the incidents by signature, each group where its first comes. */
static void
group(struct dash *d)
{
	struct dash_group *g;
	struct dash_inc *di;
	size_t i, j;

	d->groups = xcalloc(d->ninc + 1, sizeof(*d->groups));
	for (i = 0; i < d->ninc; i++) {
		di = &d->incs[i];
		for (j = 0; j < d->ngroups; j++)
			if (strcmp(d->groups[j].signature, di->inc.signature) == 0)
				break;
		g = &d->groups[j];
		if (j == d->ngroups) {
			d->ngroups++;
			g->signature = di->inc.signature;
			g->severity = di->inc.severity;
			g->first = di;
			g->first_seen = di->inc.first_seen;
		} else
			g->last->next_in_group = di;
		g->last = di;
		g->n++;
		if (di->inc.first_seen < g->first_seen)
			g->first_seen = di->inc.first_seen;
		if (di->inc.last_seen > g->last_seen)
			g->last_seen = di->inc.last_seen;
		if (strcmp(di->inc.state, "resolved") != 0)
			g->active = 1;
	}
}

static void
dash_free(struct dash *d)
{
	size_t i;
	int k;

	for (i = 0; i < d->ninc; i++)
		for (k = 0; k < 8; k++)
			xfree(d->incs[i].strs[k]);
	xfree(d->incs);
	xfree(d->groups);
}

/*
 * "open for 3 h 12 min" (web/dashboard.js: openFor): minutes under a day,
 * hours beyond; nothing for a resolved incident.
 */
void
api_open_for(struct buf *b, int64_t since_ms, int64_t now_ms)
{
	int64_t m = (now_ms - since_ms) / 60000;

	if (m < 1)
		buf_puts(b, "open for < 1 min");
	else if (m < 60)
		buf_printf(b, "open for %lld min", (long long)m);
	else if (m < 24 * 60)
		buf_printf(b, "open for %lld h %lld min", (long long)(m / 60),
		    (long long)(m % 60));
	else
		buf_printf(b, "open for %lld d %lld h", (long long)(m / 1440),
		    (long long)(m % 1440 / 60));
}

static void
html_row(struct buf *b, const struct store_incident *inc,
    const struct sigdb *db, int64_t now)
{
	const struct signature *sig = db != NULL ?
	    sigdb_find(db, inc->signature) : NULL;
	int snoozed = inc->snoozed_until > now;

	buf_puts(b, "<tr class=\"incident sev-");
	api_esc(b, inc->severity);
	buf_puts(b, " state-");
	api_esc(b, inc->state);
	if (snoozed)
		buf_puts(b, " snoozed");
	buf_printf(b, "\" data-id=\"%lld\" data-signature=\"",
	    (long long)inc->id);
	api_esc(b, inc->signature);
	buf_puts(b, "\">\n<td class=\"severity\">");
	api_esc(b, inc->severity);
	buf_printf(b, "</td><td class=\"title\"><a href=\"/incidents/%lld\">",
	    (long long)inc->id);
	api_esc(b, sig != NULL ? sig->title : inc->signature);
	buf_puts(b, "</a></td><td class=\"product\">");
	api_esc(b, inc->product != NULL && *inc->product ? inc->product :
	    (sig != NULL ? sig->product : ""));
	buf_puts(b, "</td><td class=\"source\">");
	api_esc(b, inc->source);
	buf_puts(b, "</td><td class=\"fields\">");
	api_html_fields(b, inc->fields_json);
	buf_printf(b, "</td><td class=\"count\">%lld</td><td "
	    "class=\"open-for\">", (long long)inc->count);
	if (strcmp(inc->state, "resolved") != 0)
		api_open_for(b, inc->first_seen, now);
	buf_puts(b, "</td><td class=\"last-seen\">");
	api_html_time(b, inc->last_seen);
	buf_puts(b, "</td><td class=\"state\">");
	api_esc(b, inc->state);
	api_html_resolution(b, inc->resolution);
	if (snoozed) {
		buf_puts(b, " · <span class=\"snooze\">snoozed until ");
		api_html_time(b, inc->snoozed_until);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</td></tr>\n");
}

/*
 * A group of more than one: its head row, a <details> whose summary says
 * what, how many, how long and when last; folded, the stylesheet hides
 * the group's incident rows.
 */
static void
html_group_head(struct buf *b, const struct dash_group *g,
    const struct sigdb *db, int64_t now)
{
	const struct signature *sig = db != NULL ?
	    sigdb_find(db, g->signature) : NULL;

	buf_puts(b, "<tr class=\"group-head sev-");
	api_esc(b, g->severity);
	buf_puts(b, "\" data-signature=\"");
	api_esc(b, g->signature);
	buf_printf(b, "\"><td colspan=\"9\"><details><summary><span "
	    "class=\"severity\">");
	api_esc(b, g->severity);
	buf_puts(b, "</span> <span class=\"title\">");
	api_esc(b, sig != NULL ? sig->title : g->signature);
	buf_printf(b, "</span> <span class=\"group-count\">%d incidents"
	    "</span>", g->n);
	if (g->active) {
		buf_puts(b, " <span class=\"open-for\">");
		api_open_for(b, g->first_seen, now);
		buf_puts(b, "</span>");
	}
	buf_puts(b, " <span class=\"last-hit\">last hit ");
	api_html_time(b, g->last_seen);
	buf_puts(b, "</span></summary></details></td></tr>\n");
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
		api_esc(b, *values);
		buf_puts(b, "\"");
		if (current != NULL && strcmp(current, *values) == 0)
			buf_puts(b, " selected");
		buf_puts(b, ">");
		api_esc(b, *values);
		buf_puts(b, "</option>");
	}
	buf_puts(b, "</select></label>\n");
}

/* The query of this page with groups=n, escaped for an attribute. */
static void
more_link(const struct api_request *req, struct buf *b, size_t n)
{
	static const char *const keep[] = { "state", "severity", "product",
	    "source", "refresh", NULL };
	const char *v, *p;
	size_t i;

	buf_puts(b, "/?");
	for (i = 0; keep[i] != NULL; i++) {
		if ((v = req->arg(req->arg_ctx, keep[i])) == NULL || *v == '\0')
			continue;
		buf_printf(b, "%s=", keep[i]);
		for (p = v; *p != '\0'; p++)
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
			    *p == '_')
				buf_putc(b, *p);
			else
				buf_printf(b, "%%%02X", (unsigned char)*p);
		buf_puts(b, "&amp;");
	}
	buf_printf(b, "groups=%zu", n);
}

static void
html_sources(const struct api_request *req, struct buf *b)
{
	struct snapshot_source *src;
	size_t n, i;

	buf_puts(b, "<h2>Sources</h2>\n<table id=\"sources\">\n<thead><tr>"
	    "<th>Source</th><th>File</th><th>Offset</th><th>Last record</th>"
	    "<th>Problem</th></tr></thead>\n<tbody>\n");
	src = snapshot_sources(req->sn, &n);
	for (i = 0; i < n; i++) {
		buf_printf(b, "<tr class=\"source health-%s\" data-name=\"",
		    api_state_name(src[i].state));
		api_esc(b, src[i].name);
		buf_puts(b, "\"><td class=\"name\">");
		api_esc(b, src[i].name);
		buf_puts(b, "</td><td class=\"path\">");
		api_esc(b, src[i].path);
		buf_printf(b, "</td><td class=\"offset\">%llu</td><td "
		    "class=\"last-record\">", (unsigned long long)src[i].offset);
		api_html_time(b, src[i].last_record_ms);
		buf_puts(b, "</td><td class=\"error\">");
		api_esc(b, src[i].error);
		buf_puts(b, "</td></tr>\n");
	}
	snapshot_sources_free(src, n);
	buf_puts(b, "</tbody>\n</table>\n");
}

void
api_dashboard(const struct api_request *req, struct api_response *r)
{
	static const char *const args[] = { "state", "severity", "product",
	    "source", "groups", "refresh", NULL };
	static const char *const state_opts[] = { "open", "acknowledged",
	    "resolved", "all", NULL };
	const char *products[16], *sources[33], *v;
	struct snapshot_source *src;
	struct store_filter f;
	struct buf *b = &r->body;
	struct dash d;
	struct sigdb *db;
	struct dash_inc *di;
	size_t n, i, j, np = 0, ns = 0, ngroups = API_GROUPS_DEFAULT;
	int64_t total = 0;
	char *cause = NULL, *end;
	int rc, refresh = 1;

	if (api_check_args(req, r, args) == -1 ||
	    api_read_filter(req, r, &f, 1) == -1)
		return;
	if ((v = req->arg(req->arg_ctx, "groups")) != NULL && *v != '\0') {
		long g = strtol(v, &end, 10);

		if (*end != '\0' || g < 1 || g > API_GROUPS_MAX) {
			api_param_error(r, "groups", "groups must be 1 to 500");
			return;
		}
		ngroups = (size_t)g;
	}
	/*
	 * Without JavaScript the page reloads itself every 10 s; a reader
	 * who needs it still (WCAG 2.2.1) turns that off with refresh=off.
	 */
	if ((v = req->arg(req->arg_ctx, "refresh")) != NULL && *v != '\0') {
		if (strcmp(v, "off") != 0 && strcmp(v, "on") != 0) {
			api_param_error(r, "refresh", "refresh must be on or off");
			return;
		}
		refresh = strcmp(v, "on") == 0;
	}
	f.limit = API_PAGE_ROWS;
	f.triage = 1;
	db = snapshot_db(req->sn);
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
	api_page_head(req, b, "Incidents", "dashboard", refresh);
	buf_puts(b, ">\n");
	api_page_header(req, b);
	buf_puts(b, "<main>\n<h1>Incidents</h1>\n");
	if (refresh)
		buf_puts(b, "<p id=\"autorefresh\">This page reloads itself every "
		    "10 s. <a href=\"/?refresh=off\">Stop reloading</a></p>\n");
	buf_puts(b, "<form id=\"filters\" method=\"get\" action=\"/\">\n");
	if (!refresh)
		buf_puts(b, "<input type=\"hidden\" name=\"refresh\" "
		    "value=\"off\">\n");
	select_box(b, "state", state_opts, f.active ? NULL : f.state != NULL ?
	    f.state : "all", "active");
	select_box(b, "severity", api_severities, f.severity, "any");
	select_box(b, "product", products, f.product, "any");
	src = snapshot_sources(req->sn, &n);
	for (i = 0; i < n && ns < 32; i++) {
		for (j = 0; j < ns; j++)
			if (strcmp(sources[j], src[i].name) == 0)
				break;
		if (j == ns)
			sources[ns++] = src[i].name;
	}
	sources[ns] = NULL;
	select_box(b, "source", sources, f.source, "any");
	snapshot_sources_free(src, n);
	buf_puts(b, "<button type=\"submit\">Filter</button>\n</form>\n");

	memset(&d, 0, sizeof(d));
	d.incs = xcalloc(API_PAGE_ROWS, sizeof(*d.incs));
	rc = store_query(req->st, &f, keep_inc, &d, &cause);
	if (rc == 0)
		rc = store_query_count(req->st, &f, &total, &cause);
	group(&d);
	if (ngroups > d.ngroups)
		ngroups = d.ngroups;
	for (i = 0, n = 0; i < ngroups; i++)
		n += (size_t)d.groups[i].n;
	buf_printf(b, "<p id=\"shown\" data-groups=\"%zu\">", ngroups);
	if (d.ngroups > 0)
		buf_printf(b, "%zu of %zu groups, %zu of %lld incidents",
		    ngroups, d.ngroups, n, (long long)total);
	buf_puts(b, "</p>\n<table id=\"incidents\">\n<thead><tr><th>Severity</th>"
	    "<th>Incident</th><th>Product</th><th>Source</th><th>Fields</th>"
	    "<th>Count</th><th>Open for</th><th>Last hit</th><th>State</th>"
	    "</tr></thead>\n");
	for (i = 0; i < ngroups; i++) {
		buf_puts(b, "<tbody class=\"group\" data-signature=\"");
		api_esc(b, d.groups[i].signature);
		buf_puts(b, "\">\n");
		if (d.groups[i].n > 1)
			html_group_head(b, &d.groups[i], db, f.now_ms);
		for (di = d.groups[i].first; di != NULL; di = di->next_in_group)
			html_row(b, &di->inc, db, f.now_ms);
		buf_puts(b, "</tbody>\n");
	}
	buf_puts(b, "</table>\n");
	if (rc == -1)
		api_html_store_error(b, cause);
	if (d.ninc == 0)
		buf_puts(b, "<p id=\"no-incidents\">No incidents match.</p>\n");
	if (ngroups < d.ngroups) {
		buf_puts(b, "<p id=\"more\"><a href=\"");
		more_link(req, b, ngroups + API_GROUPS_DEFAULT);
		buf_puts(b, "\">Show more</a></p>\n");
	}
	dash_free(&d);
	sigdb_free(db);
	html_sources(req, b);
	buf_puts(b, "</main>\n</body>\n</html>\n");
}
