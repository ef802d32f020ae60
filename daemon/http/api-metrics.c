/*
 * api-metrics — /metrics, in the Prometheus text exposition format:
 * the build, the daemon and the process (api-fleet.c); the daemon's own
 * health (what /healthz says, the database, the commits) and the
 * signatures whose patterns stopped at the match limit; the active
 * incidents one by one (api-fleet.c) and counted by signature and
 * severity; hits by signature and source; each followed file's lines,
 * bytes, cut records, rotations, health and last record time.  The
 * health comes first and is there even when the database cannot be
 * read: a monitor must see why.
 *
 * The counters come from the database (store.h: hit_totals,
 * source_totals), which adds to them in the transaction that records
 * what was read: they never fall across restarts, reloads and prunes,
 * and lag what was read by at most one commit.
 */
#include <stdio.h>
#include <string.h>

#include "http/api-int.h"
#include "http/api.h"
#include "http/snapshot.h"
#include "lib/xmalloc.h"
#include "store/store.h"

#define prom_label api_prom_label

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
	buf_puts(b, "\",source=\"");
	prom_label(b, row->text[2]);
	buf_printf(b, "\"} %lld\n", (long long)row->num[1]);
	return 0;
}

/* The daemon's own health, from the snapshot. */
static void
prom_health(struct buf *b, struct snapshot *sn, int db_readable)
{
	struct snapshot_health h;
	size_t i;

	snapshot_health(sn, &h);
	buf_printf(b, "# HELP syncwatch_healthy Whether the daemon knows of "
	    "nothing wrong with itself (what /healthz says).\n# TYPE "
	    "syncwatch_healthy gauge\nsyncwatch_healthy %d\n",
	    h.nproblems == 0 && db_readable);
	buf_printf(b, "# HELP syncwatch_problems Problems the daemon reports "
	    "about itself (see /api/v1/status).\n# TYPE syncwatch_problems "
	    "gauge\nsyncwatch_problems %zu\n", h.nproblems);
	buf_printf(b, "# HELP syncwatch_database_writable Whether the "
	    "database can be written.\n# TYPE syncwatch_database_writable "
	    "gauge\nsyncwatch_database_writable %d\n",
	    (h.db_writable || h.db_state == NULL) && db_readable);
	buf_printf(b, "# HELP syncwatch_commits_total Batches committed.\n"
	    "# TYPE syncwatch_commits_total counter\nsyncwatch_commits_total "
	    "%llu\n", (unsigned long long)h.commits);
	buf_printf(b, "# HELP syncwatch_commit_failures_total Batches that "
	    "could not be committed (held and retried).\n# TYPE "
	    "syncwatch_commit_failures_total counter\n"
	    "syncwatch_commit_failures_total %llu\n",
	    (unsigned long long)h.commit_failures);
	if (h.last_commit_ms > 0)
		buf_printf(b, "# HELP syncwatch_last_commit_timestamp_seconds "
		    "When a batch was last committed.\n# TYPE "
		    "syncwatch_last_commit_timestamp_seconds gauge\n"
		    "syncwatch_last_commit_timestamp_seconds %lld\n",
		    (long long)(h.last_commit_ms / 1000));
	buf_puts(b, "# HELP syncwatch_match_limit_hits_total Times a "
	    "signature's pattern stopped at PCRE2's match limit (it "
	    "backtracks catastrophically, or a record is hostile).\n"
	    "# TYPE syncwatch_match_limit_hits_total counter\n");
	for (i = 0; i < h.nlimits; i++) {
		buf_puts(b, "syncwatch_match_limit_hits_total{signature=\"");
		prom_label(b, h.limits[i].signature);
		buf_printf(b, "\"} %llu\n",
		    (unsigned long long)h.limits[i].hits);
	}
	snapshot_health_clear(&h);
}

/*
 * The configuration, under the names Prometheus gives its own: whether
 * the last reload was taken (1 before any), and when the configuration
 * running now was loaded.
 */
static void
prom_reload(struct buf *b, struct snapshot *sn)
{
	struct snapshot_reload rl;

	snapshot_last_reload(sn, &rl);
	buf_printf(b, "# HELP syncwatch_config_last_reload_successful Whether "
	    "the last reload of the configuration was taken.\n# TYPE "
	    "syncwatch_config_last_reload_successful gauge\n"
	    "syncwatch_config_last_reload_successful %d\n", rl.ok);
	buf_printf(b, "# HELP syncwatch_config_last_reload_success_timestamp_"
	    "seconds When the configuration running now was loaded.\n"
	    "# TYPE syncwatch_config_last_reload_success_timestamp_seconds "
	    "gauge\nsyncwatch_config_last_reload_success_timestamp_seconds "
	    "%lld\n", (long long)(rl.ok_at_ms / 1000));
	xfree(rl.error);
}

static void
prom_source(struct buf *b, const char *metric, const struct snapshot_source *s,
    long long v)
{
	buf_printf(b, "%s{source=\"", metric);
	prom_label(b, s->name);
	buf_puts(b, "\",path=\"");
	prom_label(b, s->path);
	buf_printf(b, "\"} %lld\n", v);
}

/* The file counters, from the database, each family in its own buffer. */
static const struct {
	const char	*name;
	const char	*help;
} totals[4] = {
	{ "syncwatch_source_lines_total", "Lines read." },
	{ "syncwatch_source_bytes_total", "Bytes read." },
	{ "syncwatch_source_records_cut_total", "Records cut at the size "
	    "limit." },
	{ "syncwatch_source_rotations_total", "Rotations and truncations "
	    "followed." },
};
struct totals {
	struct buf	 out[4];
	uint64_t	 cut;
};

static int
prom_totals(void *arg, const struct store_row *row)
{
	struct totals *t = arg;
	int k;

	for (k = 0; k < 4; k++) {
		buf_printf(&t->out[k], "%s{source=\"", totals[k].name);
		prom_label(&t->out[k], row->text[0]);
		buf_puts(&t->out[k], "\",path=\"");
		prom_label(&t->out[k], row->text[1]);
		buf_printf(&t->out[k], "\"} %lld\n",
		    (long long)row->num[2 + k]);
	}
	t->cut += (uint64_t)row->num[4];
	return 0;
}

void
api_metrics(const struct api_request *req, struct api_response *r)
{
	struct buf *b = &r->body;
	struct snapshot_source *src;
	size_t n, i, k;
	uint64_t cut = 0;
	struct totals t = { 0 };
	int64_t size;
	char *cause = NULL;

	size = store_size(req->st, &cause);
	r->status = 200;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	r->no_cache = 1;
	api_metrics_process(req, b);
	prom_health(b, req->sn, size >= 0);
	prom_reload(b, req->sn);
	api_metrics_push(req, b);
	if (size < 0) {
		const char *p;

		/* The rest comes from the database: say why it is missing. */
		buf_puts(b, "# the database cannot be read: ");
		for (p = cause; p != NULL && *p != '\0'; p++)
			buf_putc(b, *p == '\n' ? ' ' : *p);
		buf_putc(b, '\n');
		xfree(cause);
		return;
	}
	buf_puts(b, "# HELP syncwatch_open_incidents Incidents in state open."
	    "\n# TYPE syncwatch_open_incidents gauge\n");
	if (store_open_by_signature(req->st, prom_open, b, &cause) == -1) {
		api_store_error(r, cause);
		return;
	}
	buf_puts(b, "# HELP syncwatch_hits_total Hits recorded, by signature "
	    "and source.\n# TYPE syncwatch_hits_total counter\n");
	if (store_hits_by_signature(req->st, prom_hits, b, &cause) == -1) {
		api_store_error(r, cause);
		return;
	}

	if (api_metrics_incidents(req, b, &cause) == -1) {
		api_store_error(r, cause);
		return;
	}
	if (store_totals(req->st, prom_totals, &t, &cause) == -1) {
		api_store_error(r, cause);
		return;
	}
	for (k = 0; k < 4; k++) {
		buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n",
		    totals[k].name, totals[k].help, totals[k].name);
		buf_append(b, t.out[k].data, t.out[k].len);
		buf_free(&t.out[k]);
	}
	src = snapshot_sources(req->sn, &n);
	buf_puts(b, "# HELP syncwatch_source_healthy Whether the file is "
	    "being read.\n# TYPE syncwatch_source_healthy gauge\n");
	for (i = 0; i < n; i++)
		prom_source(b, "syncwatch_source_healthy", &src[i],
		    api_source_healthy(&src[i]));
	buf_puts(b, "# HELP syncwatch_source_last_record_timestamp_seconds "
	    "Time of the last record read.\n# TYPE "
	    "syncwatch_source_last_record_timestamp_seconds gauge\n");
	for (i = 0; i < n; i++)
		if (src[i].last_record_ms > 0)
			prom_source(b, "syncwatch_source_last_record_"
			    "timestamp_seconds", &src[i],
			    (long long)(src[i].last_record_ms / 1000));
	snapshot_sources_free(src, n);
	cut = t.cut;
	buf_printf(b, "# HELP syncwatch_parse_errors_total Records cut or "
	    "malformed.\n# TYPE syncwatch_parse_errors_total counter\n"
	    "syncwatch_parse_errors_total %llu\n", (unsigned long long)cut);
	buf_printf(b, "# HELP syncwatch_database_size_bytes Size of "
	    "syncwatch.db.\n# TYPE syncwatch_database_size_bytes gauge\n"
	    "syncwatch_database_size_bytes %lld\n",
	    (long long)size);
}
