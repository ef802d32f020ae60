/*
 * health — the daemon's own problems, for the log, /healthz, the
 * watchdog, the status API and the metrics; see health.h.
 */
#include <stdio.h>
#include <string.h>

#include "conf/config.h"
#include "follow/health.h"
#include "follow/source.h"
#include "http/snapshot.h"
#include "lib/log.h"
#include "lib/timefmt.h"
#include "lib/xmalloc.h"
#include "match/match.h"
#include "match/sigdb.h"
#include "store/store.h"

void
health_init(struct health *h, int watching)
{
	memset(h, 0, sizeof(*h));
	h->watching = watching;
}

void
health_clear(struct health *h)
{
	size_t i;

	xfree(h->db_detail);
	xfree(h->fail_cause);
	for (i = 0; i < h->nlimits; i++)
		xfree(h->limits[i].signature);
	xfree(h->limits);
	memset(h, 0, sizeof(*h));
}

void
health_db(struct health *h, enum store_fault f, const char *msg,
    int64_t now_ms)
{
	if (msg != NULL) {
		if (f == STORE_FAULT_NONE)
			log_notice("%s", msg);
		else if (h->db_detail == NULL || strcmp(h->db_detail, msg) != 0)
			log_errorx("%s", msg);
	}
	if (f != h->db) {
		if (f != STORE_FAULT_NONE && msg == NULL)
			log_errorx("the database is %s; nothing is recorded "
			    "until that is put right", store_fault_name(f));
		h->db_since = now_ms;
		h->db = f;
	}
	if (f == STORE_FAULT_NONE || msg != NULL) {
		xfree(h->db_detail);
		h->db_detail = f != STORE_FAULT_NONE && msg != NULL ?
		    xstrdup(msg) : NULL;
	}
}

void
health_commit_ok(struct health *h, int64_t now_ms)
{
	if (h->failing)
		log_notice("database writable again; the batch held since "
		    "the failure is committed");
	h->failing = 0;
	xfree(h->fail_cause);
	h->fail_cause = NULL;
	h->commits++;
	h->last_commit_ms = now_ms;
}

void
health_commit_failed(struct health *h, const char *cause, int64_t now_ms)
{
	if (!h->failing) {
		log_errorx("cannot commit to the database (%s); holding the "
		    "batch and retrying", cause != NULL ? cause : "?");
		h->failing_since = now_ms;
	}
	h->failing = 1;
	h->failures++;
	xfree(h->fail_cause);
	h->fail_cause = xstrdup(cause != NULL ? cause : "?");
}

/* The entry for signature id, made if need be. */
static struct snapshot_limit *
limit_for(struct snapshot_limit **v, size_t *n, const char *id)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i].signature, id) == 0)
			return &(*v)[i];
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].signature = xstrdup(id);
	(*v)[*n].hits = 0;
	return &(*v)[(*n)++];
}

void
health_fold_limits(struct health *h, const struct matcher *m,
    const struct sigdb *db)
{
	uint64_t n;
	size_t i;

	for (i = 0; i < db->nsigs; i++)
		if ((n = match_limit_hits(m, &db->sigs[i])) > 0)
			limit_for(&h->limits, &h->nlimits,
			    db->sigs[i].id)->hits += n;
}

/* One more problem: p, taken over. */
static void
add_problem(struct snapshot_health *o, char *p)
{
	o->problems = xreallocarray(o->problems, o->nproblems + 1,
	    sizeof(*o->problems));
	o->problems[o->nproblems++] = p;
}

int
health_publish(struct health *h, struct snapshot *sn,
    struct source *const *srcs, size_t nsrcs, struct matcher *const *ms,
    size_t nms, const struct sigdb *db, int64_t now_mono)
{
	struct snapshot_health o;
	char since[32], *p;
	uint64_t n;
	size_t i, j;

	memset(&o, 0, sizeof(o));
	if (h->db != STORE_FAULT_NONE) {
		timefmt_iso(h->db_since, since);
		xasprintf(&p, "database %s since %s: %s", store_fault_name(
		    h->db), since, h->db_detail != NULL ? h->db_detail :
		    "nothing is recorded until it can be written");
		add_problem(&o, p);
	}
	if (h->failing) {
		timefmt_iso(h->failing_since, since);
		xasprintf(&p, "commits failing since %s: %s; the hits and "
		    "positions are held and retried", since, h->fail_cause);
		add_problem(&o, p);
	}
	if (!h->watching)
		add_problem(&o, xstrdup("folders cannot be watched on this "
		    "system: every source is polled"));
	for (i = 0; i < nsrcs; i++)
		if (srcs[i]->watch_error != NULL) {
			xasprintf(&p, "source %s: %s", srcs[i]->sc->name,
			    srcs[i]->watch_error);
			add_problem(&o, p);
		}
	o.db_state = store_fault_name(h->db != STORE_FAULT_NONE ? h->db :
	    h->failing ? STORE_FAULT_OTHER : STORE_FAULT_NONE);
	o.db_writable = h->db == STORE_FAULT_NONE && !h->failing;
	o.last_commit_ms = h->last_commit_ms;
	o.commits = h->commits;
	o.commit_failures = h->failures;
	o.failing_since_ms = h->failing ? h->failing_since : 0;
	/* The limit counts: those folded in, and the live matchers'. */
	for (i = 0; i < h->nlimits; i++)
		limit_for(&o.limits, &o.nlimits, h->limits[i].signature)->hits +=
		    h->limits[i].hits;
	for (j = 0; j < nms; j++)
		for (i = 0; i < db->nsigs; i++)
			if ((n = match_limit_hits(ms[j], &db->sigs[i])) > 0)
				limit_for(&o.limits, &o.nlimits,
				    db->sigs[i].id)->hits += n;
	if (o.nproblems == 0)
		h->unhealthy_since = 0;
	else if (h->unhealthy_since == 0)
		h->unhealthy_since = now_mono;
	i = o.nproblems;
	snapshot_set_health(sn, &o);
	return i == 0;
}

int
health_feed_watchdog(const struct health *h, int64_t now_mono)
{
	return h->unhealthy_since == 0 ||
	    now_mono - h->unhealthy_since < HEALTH_WATCHDOG_GRACE_MS;
}
