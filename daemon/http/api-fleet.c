/*
 * api-fleet — the parts of /metrics a fleet's Prometheus builds alerts
 * on: one syncwatch_incident_open series per active incident, named by
 * the labels of rules/alert.h (and annotated by labels summary, fix and
 * url, which the shipped rules turn into annotations); which build and
 * which daemon this is; and the usual process_* metrics.
 *
 * The incident series are capped at API_INCIDENT_SERIES (500): the most
 * severe, then the most recent, incidents are shown, and
 * syncwatch_incidents_active says how many there are in all, so a flood
 * of incidents cannot swamp the Prometheus that scrapes it.
 */
#include <stdio.h>
#include <string.h>

#include "http/api-int.h"
#include "http/api.h"
#include "http/snapshot.h"
#include "lib/httpc.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "rules/alert.h"
#include "store/store.h"
#include "version.h"

#define API_INCIDENT_SERIES	500

void
api_prom_label(struct buf *b, const char *s)
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

static void
pair(struct buf *b, int first, const char *name, const char *value)
{
	buf_printf(b, "%s%s=\"", first ? "" : ",", name);
	api_prom_label(b, value);
	buf_putc(b, '"');
}

struct incident_series {
	const struct api_request *req;
	struct buf	*b;
	struct sigdb	*db;
};

static int
incident_series(void *arg, const struct store_incident *inc)
{
	struct incident_series *is = arg;
	struct alert a;
	size_t i;

	alert_make(&a, inc, is->db, is->req->name != NULL ? is->req->name :
	    "syncwatch", is->req->external_url != NULL ?
	    is->req->external_url : "");
	buf_puts(is->b, "syncwatch_incident_open{");
	for (i = 0; i < a.nlabels; i++)
		pair(is->b, i == 0, a.labels[i].name, a.labels[i].value);
	pair(is->b, 0, "summary", a.summary);
	pair(is->b, 0, "fix", a.fix);
	pair(is->b, 0, "url", a.url);
	buf_puts(is->b, "} 1\n");
	alert_clear(&a);
	return 0;
}

int
api_metrics_incidents(const struct api_request *req, struct buf *b,
    char **cause)
{
	struct incident_series is = { req, b, NULL };
	int64_t n;
	int rc;

	if ((n = store_active_count(req->st, cause)) < 0)
		return -1;
	buf_printf(b, "# HELP syncwatch_incidents_active Incidents open or "
	    "acknowledged.\n# TYPE syncwatch_incidents_active gauge\n"
	    "syncwatch_incidents_active %lld\n", (long long)n);
	buf_printf(b, "# HELP syncwatch_incident_open One series per active "
	    "incident (at most %d, the most severe and recent first), "
	    "labelled for alerting.\n# TYPE syncwatch_incident_open gauge\n",
	    API_INCIDENT_SERIES);
	is.db = snapshot_db(req->sn);
	rc = store_active(req->st, API_INCIDENT_SERIES, incident_series, &is,
	    cause);
	sigdb_free(is.db);
	return rc;
}

/* The push to Alertmanager (http/push.c), when configured. */
void
api_metrics_push(const struct api_request *req, struct buf *b)
{
	struct snapshot_push p;

	snapshot_push(req->sn, &p);
	if (p.enabled) {
		buf_printf(b, "# HELP syncwatch_alertmanager_posts_total Posts "
		    "to Alertmanager, by result.\n# TYPE "
		    "syncwatch_alertmanager_posts_total counter\n"
		    "syncwatch_alertmanager_posts_total{result=\"sent\"} "
		    "%llu\nsyncwatch_alertmanager_posts_total{result="
		    "\"failed\"} %llu\n", (unsigned long long)p.sent,
		    (unsigned long long)p.failed);
		buf_printf(b, "# HELP syncwatch_alertmanager_alerts_sent_total "
		    "Alerts in the posts Alertmanager accepted.\n# TYPE "
		    "syncwatch_alertmanager_alerts_sent_total counter\n"
		    "syncwatch_alertmanager_alerts_sent_total %llu\n",
		    (unsigned long long)p.alerts_sent);
		buf_printf(b, "# HELP syncwatch_alertmanager_queue Alerts not "
		    "yet delivered to every Alertmanager.\n# TYPE "
		    "syncwatch_alertmanager_queue gauge\n"
		    "syncwatch_alertmanager_queue %zu\n", p.queue);
		buf_printf(b, "# HELP syncwatch_alertmanager_active Alerts "
		    "firing.\n# TYPE syncwatch_alertmanager_active gauge\n"
		    "syncwatch_alertmanager_active %zu\n", p.active);
		if (p.last_ok_ms > 0)
			buf_printf(b, "# HELP syncwatch_alertmanager_last_"
			    "success_timestamp_seconds When a post was last "
			    "accepted.\n# TYPE syncwatch_alertmanager_last_"
			    "success_timestamp_seconds gauge\n"
			    "syncwatch_alertmanager_last_success_timestamp_"
			    "seconds %.3f\n", (double)p.last_ok_ms / 1000);
	}
	xfree(p.last_error);
}

void
api_metrics_process(const struct api_request *req, struct buf *b)
{
	struct platform_process p;

	buf_puts(b, "# HELP syncwatch_build_info The syncwatch build.\n"
	    "# TYPE syncwatch_build_info gauge\nsyncwatch_build_info{");
	pair(b, 1, "version", SYNCWATCH_VERSION);
	pair(b, 0, "curl", httpc_version());
	buf_puts(b, "} 1\n# HELP syncwatch_daemon_info This daemon in the "
	    "fleet: its [daemon] name and external_url.\n# TYPE "
	    "syncwatch_daemon_info gauge\nsyncwatch_daemon_info{");
	pair(b, 1, "syncwatch", req->name != NULL ? req->name : "syncwatch");
	pair(b, 0, "external_url", req->external_url != NULL ?
	    req->external_url : "");
	buf_puts(b, "} 1\n");
	platform_process_stats(&p);
	if (p.cpu_seconds >= 0)
		buf_printf(b, "# HELP process_cpu_seconds_total User and "
		    "system CPU time spent in seconds.\n# TYPE "
		    "process_cpu_seconds_total counter\n"
		    "process_cpu_seconds_total %.3f\n", p.cpu_seconds);
	if (p.rss_bytes >= 0)
		buf_printf(b, "# HELP process_resident_memory_bytes Resident "
		    "memory size in bytes.\n# TYPE "
		    "process_resident_memory_bytes gauge\n"
		    "process_resident_memory_bytes %lld\n",
		    (long long)p.rss_bytes);
	if (p.open_fds >= 0)
		buf_printf(b, "# HELP process_open_fds Number of open file "
		    "descriptors (Windows: handles).\n# TYPE process_open_fds "
		    "gauge\nprocess_open_fds %lld\n", (long long)p.open_fds);
	if (p.max_fds >= 0)
		buf_printf(b, "# HELP process_max_fds Maximum number of open "
		    "file descriptors.\n# TYPE process_max_fds gauge\n"
		    "process_max_fds %lld\n", (long long)p.max_fds);
	if (p.start_time_ms >= 0)
		buf_printf(b, "# HELP process_start_time_seconds Start time "
		    "of the process since the epoch in seconds.\n# TYPE "
		    "process_start_time_seconds gauge\n"
		    "process_start_time_seconds %.3f\n",
		    (double)p.start_time_ms / 1000);
}
