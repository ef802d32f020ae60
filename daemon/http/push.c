/*
 * push — the open incidents, posted to Alertmanager's /api/v2/alerts; see
 * push.h.
 *
 * Every second the thread reads the open incidents (the most severe and
 * recent first, at most PUSH_MAX_ACTIVE, like the metrics' series) and
 * compares them with what it knows.  An alert is the incident's labels
 * and annotations from rules/alert.h, instance external_url's host:port
 * (what Prometheus would call the daemon), alertname the signature's
 * stable name, startsAt the incident's first hit, generatorURL its page.  A new
 * or changed incident is sent at once; every alert again every
 * resend_interval, with endsAt four intervals ahead (so that Alertmanager
 * ends it by itself if this daemon dies, as Prometheus does); an incident
 * no longer open (resolved, or acknowledged: somebody is on it) is sent
 * once more with endsAt now.  Each Alertmanager URL keeps its own account
 * of what it has been given: a URL that fails is retried with a backoff
 * doubling from 1 s to a minute, and is given everything it missed when
 * it answers again.
 *
 * Memory is bounded: at most PUSH_MAX_ACTIVE firing alerts and
 * PUSH_MAX_ENDED ended ones waiting for delivery (the oldest ended ones
 * go first; Alertmanager ends those itself when their endsAt passes).
 * What happens is published into the snapshot for /metrics and the
 * status API.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "conf/config.h"
#include "http/push.h"
#include "http/snapshot.h"
#include "lib/buf.h"
#include "lib/httpc.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/timefmt.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "rules/alert.h"
#include "store/store.h"

#define PUSH_MAX_ACTIVE		500
#define PUSH_MAX_ENDED		1000
#define PUSH_SCAN_MS		1000
#define PUSH_TICK_MS		100
#define PUSH_BACKOFF_MIN_MS	1000
#define PUSH_BACKOFF_MAX_MS	60000
#define PUSH_MAX_URLS		16

/* One alert: an incident's label set, as JSON, and whom it reached. */
struct palert {
	int64_t		 id;
	char		*key;		/* the labels as JSON: a change is a
					   new alert */
	json_t		*alert;		/* labels, annotations, startsAt,
					   generatorURL */
	int		 seen;		/* in this scan */
	int64_t		 ended_ms;	/* 0: firing */
	uint32_t	 delivered;	/* bit per URL: has its current form */
};

struct target {
	char		*url;		/* .../api/v2/alerts */
	int64_t		 retry_at;	/* monotonic; 0: now */
	int		 backoff_ms;
	int64_t		 next_resend;	/* monotonic */
};

struct push {
	struct snapshot	*sn;
	struct platform_mutex *lock;
	int		 stop;		/* under lock */
	struct platform_thread *thread;
	char		*state_dir;
	char		*name;
	char		*external_url;
	char		*instance;	/* external_url's host[:port] */
	char		*bearer;
	char		*userpwd;
	char		*ca_file;
	int64_t		 resend_ms;
	long		 timeout_ms;
	struct target	 targets[PUSH_MAX_URLS];
	size_t		 ntargets;
	struct palert	*alerts;
	size_t		 nalerts;
	struct store	*st;
	int64_t		 next_scan;
	struct snapshot_push stats;
};

static void
palert_free(struct palert *a)
{
	xfree(a->key);
	json_decref(a->alert);
}

static int
stopping(struct push *p)
{
	int s;

	platform_mutex_lock(p->lock);
	s = p->stop;
	platform_mutex_unlock(p->lock);
	return s;
}

static json_t *
iso(int64_t ms)
{
	char t[32];

	timefmt_iso(ms, t);
	return json_string(t);
}

struct scan {
	struct push	*p;
	struct sigdb	*db;
};

static struct palert *
find(struct push *p, int64_t id, const char *key)
{
	size_t i;

	for (i = 0; i < p->nalerts; i++)
		if (p->alerts[i].id == id && p->alerts[i].ended_ms == 0 &&
		    strcmp(p->alerts[i].key, key) == 0)
			return &p->alerts[i];
	return NULL;
}

static int
scan_one(void *arg, const struct store_incident *inc)
{
	struct scan *sc = arg;
	struct push *p = sc->p;
	struct palert *pa;
	struct alert a;
	json_t *labels, *ann, *o;
	int64_t now = platform_now_ms();
	char *key;
	size_t i;

	if (strcmp(inc->state, "open") != 0)
		return 0;
	alert_make(&a, inc, sc->db, p->name, p->external_url);
	labels = json_object();
	json_object_set_new(labels, "alertname", json_string(a.alertname));
	json_object_set_new(labels, "instance", json_string(p->instance));
	for (i = 0; i < a.nlabels; i++)
		json_object_set_new(labels, a.labels[i].name,
		    json_text(a.labels[i].value, strlen(a.labels[i].value)));
	key = json_dumps(labels, JSON_SORT_KEYS | JSON_COMPACT);
	if ((pa = find(p, inc->id, key)) != NULL) {
		pa->seen = 1;
		xfree(key);
		json_decref(labels);
		alert_clear(&a);
		return 0;
	}
	ann = json_object();
	json_object_set_new(ann, "summary", json_text(a.summary,
	    strlen(a.summary)));
	json_object_set_new(ann, "description", json_pack("s++++", p->name,
	    ": incident on source ", inc->source, ": ", inc->signature));
	json_object_set_new(ann, "fix", json_text(a.fix, strlen(a.fix)));
	json_object_set_new(ann, "url", json_string(a.url));
	o = json_object();
	json_object_set_new(o, "labels", labels);
	json_object_set_new(o, "annotations", ann);
	/*
	 * A log whose clock runs ahead would date the start after the end,
	 * and Alertmanager refuses the whole post for one such alert.
	 */
	json_object_set_new(o, "startsAt", iso(inc->first_seen < now ?
	    inc->first_seen : now));
	json_object_set_new(o, "generatorURL", json_string(a.url));
	alert_clear(&a);
	p->alerts = xreallocarray(p->alerts, p->nalerts + 1,
	    sizeof(*p->alerts));
	pa = &p->alerts[p->nalerts++];
	memset(pa, 0, sizeof(*pa));
	pa->id = inc->id;
	pa->key = key;
	pa->alert = o;
	pa->seen = 1;
	return 0;
}

/* Drop ended alerts every URL has, and the oldest ended over the cap. */
static void
compact(struct push *p)
{
	uint32_t all = p->ntargets >= 32 ? UINT32_MAX :
	    ((uint32_t)1 << p->ntargets) - 1;
	size_t i, j, ended = 0;

	for (i = 0; i < p->nalerts; i++)
		if (p->alerts[i].ended_ms != 0)
			ended++;
	for (i = j = 0; i < p->nalerts; i++) {
		struct palert *a = &p->alerts[i];

		if (a->ended_ms != 0 && ((a->delivered & all) == all ||
		    ended > PUSH_MAX_ENDED)) {
			if ((a->delivered & all) != all)
				ended--;
			palert_free(a);
			continue;
		}
		p->alerts[j++] = *a;
	}
	p->nalerts = j;
}

/* Read the open incidents; what is no longer open ends. */
static void
scan(struct push *p, int64_t now)
{
	struct scan sc = { p, NULL };
	char *cause = NULL;
	size_t i;

	if (p->st == NULL && (p->st = store_open_existing(p->state_dir,
	    &cause)) == NULL) {
		xfree(cause);	/* no database yet: nothing to push */
		return;
	}
	for (i = 0; i < p->nalerts; i++)
		p->alerts[i].seen = 0;
	sc.db = snapshot_db(p->sn);
	if (store_active(p->st, PUSH_MAX_ACTIVE, scan_one, &sc, &cause) ==
	    -1) {
		log_warnx("alertmanager push: reading the incidents: %s",
		    cause);
		xfree(cause);
		sigdb_free(sc.db);
		for (i = 0; i < p->nalerts; i++)
			p->alerts[i].seen = 1;
		return;
	}
	sigdb_free(sc.db);
	for (i = 0; i < p->nalerts; i++) {
		struct palert *a = &p->alerts[i];

		if (a->seen || a->ended_ms != 0)
			continue;
		a->ended_ms = now;
		a->delivered = 0;
		json_object_set_new(a->alert, "endsAt", iso(now));
	}
	compact(p);
}

/* POST the alerts that target t must get; 0 sent, -1 failed. */
static int
post(struct push *p, size_t t, int all, int64_t now, size_t *n,
    char **cause)
{
	struct httpc_request rq;
	struct httpc_response rs;
	json_t *arr = json_array();
	char *body;
	size_t i;
	int rc;

	*n = 0;
	for (i = 0; i < p->nalerts; i++) {
		struct palert *a = &p->alerts[i];

		if (!all && (a->delivered & (1u << t)))
			continue;
		if (all && a->ended_ms != 0 && (a->delivered & (1u << t)))
			continue;
		if (a->ended_ms == 0)
			json_object_set_new(a->alert, "endsAt",
			    iso(now + 4 * p->resend_ms));
		json_array_append(arr, a->alert);
		(*n)++;
	}
	if (*n == 0) {
		json_decref(arr);
		return 0;
	}
	body = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	memset(&rq, 0, sizeof(rq));
	rq.method = "POST";
	rq.url = p->targets[t].url;
	rq.body = body;
	rq.body_len = strlen(body);
	rq.content_type = "application/json";
	rq.bearer = p->bearer;
	rq.userpwd = p->userpwd;
	rq.ca_file = p->ca_file;
	rq.timeout_ms = p->timeout_ms;
	rq.max_body = 64 * 1024;
	rc = httpc_do(&rq, &rs, cause);
	xfree(body);
	if (rc == -1)
		return -1;
	if (rs.code < 200 || rs.code > 299) {
		size_t len = rs.body.len > 200 ? 200 : rs.body.len;

		xasprintf(cause, "%s: HTTP %ld %.*s", p->targets[t].url,
		    rs.code, (int)len, rs.body.data != NULL ? rs.body.data :
		    "");
		buf_free(&rs.body);
		return -1;
	}
	buf_free(&rs.body);
	for (i = 0; i < p->nalerts; i++)
		p->alerts[i].delivered |= 1u << t;
	return 0;
}

static void
deliver(struct push *p, int64_t mono, int64_t now)
{
	char *cause = NULL;
	size_t t, n;
	int all;

	for (t = 0; t < p->ntargets && !stopping(p); t++) {
		struct target *tg = &p->targets[t];

		if (mono < tg->retry_at)
			continue;
		all = mono >= tg->next_resend;
		if (post(p, t, all, now, &n, &cause) == -1) {
			if (p->stats.failed == 0 || tg->backoff_ms ==
			    PUSH_BACKOFF_MIN_MS)
				log_warnx("alertmanager push: %s; retrying",
				    cause);
			p->stats.failed++;
			xfree(p->stats.last_error);
			p->stats.last_error = cause;
			cause = NULL;
			tg->retry_at = mono + tg->backoff_ms;
			tg->backoff_ms = tg->backoff_ms * 2 >
			    PUSH_BACKOFF_MAX_MS ? PUSH_BACKOFF_MAX_MS :
			    tg->backoff_ms * 2;
			continue;
		}
		if (n > 0) {
			if (tg->backoff_ms > PUSH_BACKOFF_MIN_MS)
				log_notice("alertmanager push: %s answers "
				    "again", tg->url);
			p->stats.sent++;
			p->stats.alerts_sent += n;
			p->stats.last_ok_ms = now;
		}
		tg->backoff_ms = PUSH_BACKOFF_MIN_MS;
		if (all)
			tg->next_resend = mono + p->resend_ms;
	}
	compact(p);
}

static void
publish(struct push *p)
{
	uint32_t all = ((uint32_t)1 << p->ntargets) - 1;
	size_t i;

	p->stats.queue = p->stats.active = 0;
	for (i = 0; i < p->nalerts; i++) {
		if ((p->alerts[i].delivered & all) != all)
			p->stats.queue++;
		if (p->alerts[i].ended_ms == 0)
			p->stats.active++;
	}
	snapshot_set_push(p->sn, &p->stats);
}

static void
push_main(void *arg)
{
	struct push *p = arg;
	int64_t mono, now;

	while (!stopping(p)) {
		mono = platform_mono_ms();
		now = platform_now_ms();
		if (mono >= p->next_scan) {
			scan(p, now);
			p->next_scan = mono + PUSH_SCAN_MS;
		}
		deliver(p, mono, now);
		publish(p);
		platform_sleep_ms(PUSH_TICK_MS);
	}
}

/* The first line of a secret file, without its line end. */
static char *
read_secret(const char *path, char **cause)
{
	struct buf b = { 0 };
	size_t len;
	char *s;

	if (platform_read_secret(path, &b, 64 * 1024, cause) == -1)
		return NULL;
	len = 0;
	while (len < b.len && b.data[len] != '\n' && b.data[len] != '\r')
		len++;
	s = xstrndup(b.data != NULL ? b.data : "", len);
	platform_zero(b.data, b.len);
	buf_free(&b);
	return s;
}

struct push *
push_start(const struct config *cf, struct snapshot *sn, char **cause)
{
	const struct alertmanager_conf *am = &cf->am;
	struct push *p;
	const char *u;
	char *pw;
	size_t i;

	if (am->nurls == 0)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->sn = sn;
	p->lock = platform_mutex_new();
	p->state_dir = xstrdup(cf->state_dir);
	p->name = xstrdup(cf->name);
	p->external_url = xstrdup(cf->external_url);
	/* The instance label Prometheus would give: the URL's host:port. */
	u = strstr(p->external_url, "://");
	u = u != NULL ? u + 3 : p->external_url;
	p->instance = xstrndup(u, strcspn(u, "/"));
	p->resend_ms = am->resend_ms;
	p->timeout_ms = (long)am->timeout_ms;
	p->ca_file = am->ca_file != NULL ? xstrdup(am->ca_file) : NULL;
	for (i = 0; i < am->nurls && i < PUSH_MAX_URLS; i++) {
		xasprintf(&p->targets[i].url, "%s/api/v2/alerts",
		    am->urls[i]);
		p->targets[i].backoff_ms = PUSH_BACKOFF_MIN_MS;
	}
	p->ntargets = i;
	p->stats.enabled = 1;
	p->stats.targets = p->ntargets;
	if (am->bearer_token_file != NULL &&
	    (p->bearer = read_secret(am->bearer_token_file, cause)) == NULL)
		goto fail;
	if (am->basic_auth_user != NULL) {
		if ((pw = read_secret(am->basic_auth_password_file, cause)) ==
		    NULL)
			goto fail;
		xasprintf(&p->userpwd, "%s:%s", am->basic_auth_user, pw);
		platform_zero(pw, strlen(pw));
		xfree(pw);
	}
	snapshot_set_push(sn, &p->stats);
	if ((p->thread = platform_thread_start(push_main, p)) == NULL) {
		xasprintf(cause, "cannot start the Alertmanager push thread");
		goto fail;
	}
	return p;
fail:
	push_stop(p);
	return NULL;
}

void
push_stop(struct push *p)
{
	size_t i;

	if (p == NULL)
		return;
	if (p->thread != NULL) {
		platform_mutex_lock(p->lock);
		p->stop = 1;
		platform_mutex_unlock(p->lock);
		platform_thread_join(p->thread);
	}
	for (i = 0; i < p->nalerts; i++)
		palert_free(&p->alerts[i]);
	xfree(p->alerts);
	for (i = 0; i < p->ntargets; i++)
		xfree(p->targets[i].url);
	store_close(p->st);
	if (p->bearer != NULL)
		platform_zero(p->bearer, strlen(p->bearer));
	if (p->userpwd != NULL)
		platform_zero(p->userpwd, strlen(p->userpwd));
	xfree(p->bearer);
	xfree(p->userpwd);
	xfree(p->ca_file);
	xfree(p->state_dir);
	xfree(p->name);
	xfree(p->external_url);
	xfree(p->instance);
	xfree(p->stats.last_error);
	platform_mutex_free(p->lock);
	xfree(p);
}
