/*
 * daemon — the main loop; see daemon.h.
 *
 * Each turn: read what the watches (or the poll timers) say changed
 * (source.c), flush records that have gone quiet, commit every source's
 * hits and positions in one transaction, then, once the logs are read,
 * observe the conditions (source health, inbox backlogs) and move the
 * rules' wall-clock deadlines on; publish a snapshot for the HTTP thread
 * and wait (platform_loop_wait) until something happens or the next timed
 * duty falls due.  Nothing runs on a timer while the logs are quiet,
 * except the polling of sources that ask for it (or whose directory
 * cannot be watched), the inbox rescans and the quiet-period flush of a
 * record still being assembled.
 */
#include <stdio.h>
#include <string.h>

#include "conf/config.h"
#include "conf/load.h"
#include "follow/daemon.h"
#include "follow/folder.h"
#include "follow/health.h"
#include "follow/source.h"
#include "http/auth.h"
#include "http/http.h"
#include "http/push.h"
#include "http/snapshot.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "match/match.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "rules/condition.h"
#include "rules/incident.h"
#include "store/store.h"

#define DAEMON_READ_BUDGET	(4 * 1024 * 1024)	/* per file and pass */
#define DAEMON_RETRY_MS		1000	/* after a failed commit */
#define DAEMON_PRUNE_EVERY_MS	(3600 * 1000)
#define DAEMON_MAX_SLEEP_MS	60000
#define DAEMON_GUARD_MS		1000	/* the database file looked at */

/* Sources of the same products share a matcher (its tables are large). */
struct shared_matcher {
	const char	*products;	/* the source_conf's, or NULL */
	struct matcher	*m;
};

struct daemon {
	const char	*config_path;
	struct config	*cf;
	struct sigdb	*db;
	struct store	*st;
	struct incidents *inc;		/* the rules, over st */
	struct platform_loop *loop;
	int		 watching;	/* directories can be watched */
	struct source	**srcs;
	size_t		 nsrcs;
	struct shared_matcher *matchers; /* one per product list */
	size_t		 nmatchers;
	struct folder	*folders;
	size_t		 nfolders;
	int64_t		 retry_at;	/* a commit failed: not before */
	int64_t		 next_prune;
	struct health	 health;
	int		 state_wd;	/* the state folder's watch, or -1 */
	int		 db_check;	/* look at the database file now */
	int64_t		 next_guard;	/* monotonic */
	enum store_fault guard;		/* what it said last */
	int		 token_written;	/* the control token is there */
	int		 token_failed;	/* and why not was told */
	struct snapshot	*sn;		/* what the HTTP thread sees */
	struct auth	*auth;
	struct http	*http;
	struct push	*push;		/* to Alertmanager, or NULL */
};

/*
 * Load config and signatures, logging every problem and warning (also
 * those of a file that fails).  0, or -1 with nothing kept and, when why
 * is not NULL, the problems in *why (caller frees).
 */
static int
daemon_load(const char *path, struct config **cfp, struct sigdb **dbp,
    char **why)
{
	char *cause = NULL, *warnings = NULL;
	struct loaded l;

	if (load_all(path, &l, &cause, &warnings) != LOAD_OK) {
		if (warnings != NULL)
			log_warnx("%s", warnings);
		log_errorx("%s", cause);
		xfree(warnings);
		if (why != NULL)
			*why = cause;
		else
			xfree(cause);
		return -1;
	}
	if (warnings != NULL)
		log_warnx("%s", warnings);
	xfree(warnings);
	log_info("%zu signatures from %s%s%s", l.db->nsigs, l.patterns,
	    l.cf->patterns_local != NULL ? " and " : "",
	    l.cf->patterns_local != NULL ? l.cf->patterns_local : "");
	*cfp = l.cf;
	*dbp = l.db;
	l.cf = NULL;
	l.db = NULL;
	load_free(&l);
	return 0;
}

static struct platform_loop *
watch_loop(struct daemon *d)
{
	return d->watching ? d->loop : NULL;
}

static void
daemon_teardown(struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->nsrcs; i++)
		source_free(d->srcs[i], watch_loop(d));
	xfree(d->srcs);
	d->srcs = NULL;
	d->nsrcs = 0;
	for (i = 0; i < d->nmatchers; i++) {
		health_fold_limits(&d->health, d->matchers[i].m, d->db);
		match_free(d->matchers[i].m);
	}
	xfree(d->matchers);
	d->matchers = NULL;
	d->nmatchers = 0;
	for (i = 0; i < d->nfolders; i++)
		folder_clear(&d->folders[i], watch_loop(d));
	xfree(d->folders);
	d->folders = NULL;
	d->nfolders = 0;
}

/* Whether the store says yes (1); its errors count as no, after a word. */
static int
store_says(int rc, const char *what, char *cause)
{
	if (rc == -1) {
		log_errorx("%s: %s", what, cause);
		xfree(cause);
		return 0;
	}
	return rc == 1;
}

/* The matcher for a source's products, shared with its likes. */
static struct matcher *
daemon_matcher(struct daemon *d, const char *products)
{
	struct shared_matcher *sm;
	size_t i;

	for (i = 0; i < d->nmatchers; i++) {
		sm = &d->matchers[i];
		if ((sm->products == NULL && products == NULL) ||
		    (sm->products != NULL && products != NULL &&
		    strcmp(sm->products, products) == 0))
			return sm->m;
	}
	d->matchers = xreallocarray(d->matchers, d->nmatchers + 1,
	    sizeof(*d->matchers));
	sm = &d->matchers[d->nmatchers++];
	sm->products = products;
	sm->m = match_new(d->db, products);
	return sm->m;
}

static void
daemon_setup(struct daemon *d, int64_t now)
{
	const struct source_conf *sc;
	char *cause = NULL;
	int seen, had;
	size_t i;

	d->srcs = xcalloc(d->cf->nsources + 1, sizeof(*d->srcs));
	d->nsrcs = d->cf->nsources;
	for (i = 0; i < d->nsrcs; i++) {
		sc = &d->cf->sources[i];
		seen = store_source_seen(d->st, sc->name, platform_steady_ms(),
		    &cause);
		if (seen == -1) {
			log_errorx("source %s: %s", sc->name, cause);
			xfree(cause);
			cause = NULL;
		}
		had = store_says(store_source_had_file(d->st, sc->name,
		    &cause), sc->name, cause);
		cause = NULL;
		d->srcs[i] = source_new(sc, daemon_matcher(d, sc->product),
		    watch_loop(d), seen == 0, had, now);
	}
	snapshot_set_configured(d->sn, d->cf->nsources + d->cf->ninboxes);
	d->folders = xcalloc(d->cf->ninboxes + 1, sizeof(*d->folders));
	d->nfolders = d->cf->ninboxes;
	for (i = 0; i < d->nfolders; i++)
		folder_init(&d->folders[i], &d->cf->inboxes[i], d->db,
		    watch_loop(d), now);
}

static void
on_watch(void *arg, int id, const char *name, int what)
{
	struct daemon *d = arg;
	int64_t now = platform_mono_ms();
	size_t i;

	if (id == d->state_wd) {
		if (name == NULL || strncmp(name, "syncwatch.db", 12) == 0)
			d->db_check = 1;
		if (what & PLATFORM_WATCH_GONE)
			d->state_wd = -1;
		return;
	}
	/*
	 * Work follows what changed: of the sources in that folder, only
	 * those the entry can concern are looked at.
	 */
	for (i = 0; i < d->nsrcs; i++) {
		if (d->srcs[i]->wd != id)
			continue;
		if (what & PLATFORM_WATCH_GONE) {
			d->srcs[i]->check = 1;
			source_unwatch(d->srcs[i], now);
		} else if (source_concerns(d->srcs[i], name))
			d->srcs[i]->check = 1;
	}
	for (i = 0; i < d->nfolders; i++)
		if (d->folders[i].wd == id) {
			d->folders[i].check = 1;
			if (what & PLATFORM_WATCH_GONE)
				d->folders[i].wd = -1;
		}
}

static void daemon_token(struct daemon *);

/*
 * Whether the database can take a commit: the file at its path is the
 * one open and it can be written (store_guard, which puts right what it
 * can).  Looked at once a second at most, unless the state folder's watch
 * or a failure says to look now.
 */
static int
daemon_guard(struct daemon *d, int64_t now_mono)
{
	char *msg = NULL;

	if (!d->db_check && now_mono < d->next_guard)
		return d->guard == STORE_FAULT_NONE;
	d->db_check = 0;
	d->next_guard = now_mono + DAEMON_GUARD_MS;
	d->guard = store_guard(d->st, &msg);
	health_db(&d->health, d->guard, msg, platform_steady_ms());
	xfree(msg);
	if (d->guard == STORE_FAULT_NONE)
		daemon_token(d);
	if (d->guard != STORE_FAULT_NONE)
		d->retry_at = now_mono + DAEMON_RETRY_MS;
	return d->guard == STORE_FAULT_NONE;
}

/* A failed transaction: roll back, hold everything, retry later. */
static void
daemon_failed(struct daemon *d, int64_t now_mono, const char *what,
    char *cause)
{
	char *c;

	store_rollback(d->st);
	xasprintf(&c, "%s: %s", what, cause != NULL ? cause : "?");
	health_commit_failed(&d->health, c, platform_steady_ms());
	xfree(c);
	xfree(cause);
	d->db_check = 1;	/* the file may be what failed */
	d->retry_at = now_mono + DAEMON_RETRY_MS;
}

/* One transaction for every source's hits and positions. */
static void
daemon_commit(struct daemon *d, int64_t now_mono)
{
	char *cause = NULL;
	size_t i;
	int dirty = 0, hits = 0, n;
	int64_t now = platform_steady_ms();

	if (now_mono < d->retry_at)
		return;
	for (i = 0; i < d->nsrcs && !dirty; i++)
		dirty = source_dirty(d->srcs[i]);
	if (!dirty || !daemon_guard(d, now_mono))
		return;
	if (store_begin(d->st, &cause) == -1)
		goto fail;
	incident_begin(d->inc);
	for (i = 0; i < d->nsrcs; i++) {
		if ((n = source_commit(d->srcs[i], d->st, d->inc, now,
		    &cause)) == -1)
			goto fail;
		hits += n;
	}
	if (store_commit(d->st, &cause) == -1)
		goto fail;
	health_commit_ok(&d->health, now);
	for (i = 0; i < d->nsrcs; i++)
		source_committed(d->srcs[i]);
	if (hits > 0)
		log_debug("committed %d hits", hits);
	if (now_mono >= d->next_prune) {
		int64_t keep = (int64_t)d->cf->retention_days * 86400000;

		if (store_prune(d->st, now - keep, &cause) == -1) {
			log_warnx("pruning old incidents: %s", cause);
			xfree(cause);
		}
		d->next_prune = now_mono + DAEMON_PRUNE_EVERY_MS;
	}
	return;
fail:
	/* Busy or full: keep everything, offsets unmoved, retry. */
	for (i = 0; i < d->nsrcs; i++)
		source_uncommitted(d->srcs[i]);
	daemon_failed(d, now_mono, "commit to the database", cause);
}

/* Open the conditions' transaction on the first change.  0 or -1. */
static int
conditions_begin(struct daemon *d, int *begun, char **cause)
{
	if (*begun)
		return 0;
	*begun = 1;
	incident_begin(d->inc);
	return store_begin(d->st, cause);
}

/*
 * Conditions: a source's health, an inbox's backlog.  Observing is cheap
 * (stat, readdir); the engine hears only of verdicts that changed, in one
 * transaction.  If it fails, the verdicts are kept as unknown and tried
 * again after the retry delay.
 */
static void
daemon_conditions(struct daemon *d, int64_t now_mono)
{
	struct source_health h;
	struct inbox_health ih;
	int64_t now = platform_steady_ms(), due, iv;
	char *cause = NULL;
	int v, begun = 0;
	size_t i;

	if (now_mono < d->retry_at || !daemon_guard(d, now_mono))
		return;
	for (i = 0; i < d->nsrcs; i++) {
		struct source *s = d->srcs[i];

		/* Only what was looked at, or whose verdict falls due. */
		if (!s->observe && (s->health_due < 0 || now < s->health_due))
			continue;
		s->observe = 0;
		source_observe(s, now, &h);
		v = condition_source_verdict(&h, now, &due);
		s->health_due = due;
		if (v == s->verdict)
			continue;
		s->verdict = v;
		if (conditions_begin(d, &begun, &cause) == -1 ||
		    condition_source_apply(d->inc, d->db, &h, v, now, now,
		    &cause) == -1)
			goto fail;
	}
	for (i = 0; i < d->nfolders; i++) {
		struct folder *ib = &d->folders[i];

		if (ib->wd < 0 && ib->ic->watch != WATCH_POLL &&
		    watch_loop(d) != NULL && now_mono >= ib->next_poll)
			ib->wd = platform_watch_dir(d->loop, ib->ic->path);
		if (!folder_observe(ib, now_mono, now, &ih))
			continue;
		iv = condition_inbox_verdict(&ih, now, &due);
		ib->due = due;
		if (!ih.ok || iv == ib->verdict)
			continue;
		ib->verdict = iv;
		if (conditions_begin(d, &begun, &cause) == -1 ||
		    condition_inbox_apply(d->inc, &ih, iv, now, now,
		    &cause) == -1)
			goto fail;
	}
	if (begun && store_commit(d->st, &cause) == -1)
		goto fail;
	return;
fail:
	/*
	 * Nothing was recorded: forget every verdict, so that all of them are
	 * told again (telling the engine a verdict it knows changes nothing).
	 */
	for (i = 0; i < d->nsrcs; i++) {
		d->srcs[i]->verdict = -1;
		d->srcs[i]->observe = 1;
	}
	for (i = 0; i < d->nfolders; i++) {
		d->folders[i].verdict = -1;
		d->folders[i].check = 1;
	}
	daemon_failed(d, now_mono, "record the source and inbox conditions",
	    cause);
}

/* The wall-clock side of the rules: quiet periods, age escalations. */
static void
daemon_rules_tick(struct daemon *d, int64_t now_mono)
{
	int64_t now = platform_steady_ms(), due;
	char *cause = NULL;

	if (now_mono < d->retry_at)
		return;
	due = incident_next_due(d->inc);
	if (due < 0 || due > now || !daemon_guard(d, now_mono))
		return;
	if (store_begin(d->st, &cause) == -1)
		goto fail;
	incident_begin(d->inc);
	if (incident_advance(d->inc, NULL, now, now, &cause) == -1 ||
	    store_commit(d->st, &cause) == -1)
		goto fail;
	return;
fail:
	daemon_failed(d, now_mono, "apply the incident rules' deadlines",
	    cause);
}

/* Ms from now until a wall-clock time, clamped to 0; -1 stays -1. */
static int64_t
until_wall(int64_t at, int64_t now)
{
	if (at < 0)
		return -1;
	return at > now ? at - now : 0;
}

/*
 * Milliseconds until the next timed duty, or -1 for none.  A duty already
 * overdue (a commit retry after a long busy wait) gives 0, never a
 * negative number, which the wait would take as "wait forever".
 */
static int
daemon_timeout(struct daemon *d, int64_t now_mono, int64_t quiet)
{
	int64_t t = -1, now = platform_steady_ms();
	size_t i;

#define CONSIDER(x) do { int64_t c_ = (x); if (c_ >= 0 && (t < 0 || \
	c_ < t)) t = c_; } while (0)
	CONSIDER(quiet);
	CONSIDER(until_wall(incident_next_due(d->inc), now));
	for (i = 0; i < d->nsrcs; i++) {
		CONSIDER(until_wall(d->srcs[i]->health_due, now));
		if (d->srcs[i]->polling)
			CONSIDER(d->srcs[i]->next_poll > now_mono ?
			    d->srcs[i]->next_poll - now_mono : 0);
	}
	for (i = 0; i < d->nfolders; i++)
		CONSIDER(folder_timeout(&d->folders[i], now_mono, now));
	if (d->health.failing || d->guard != STORE_FAULT_NONE)
		CONSIDER(d->retry_at > now_mono ? d->retry_at - now_mono : 0);
#undef CONSIDER
	if (t < 0)
		return -1;
	return t > DAEMON_MAX_SLEEP_MS ? DAEMON_MAX_SLEEP_MS : (int)t;
}

/*
 * Give the HTTP thread a fresh snapshot of every file and of the daemon's
 * health, and a heartbeat.  Returns whether all is well.
 */
static int
daemon_publish(struct daemon *d, int64_t now_mono)
{
	struct snapshot_source *out = NULL;
	struct matcher *ms[64];
	size_t i, n = 0, cap = 0, nms = 0;
	int ok;

	for (i = 0; i < d->nsrcs; i++)
		source_publish(d->srcs[i], &out, &n, &cap);
	snapshot_publish(d->sn, out, n);
	for (i = 0; i < d->nmatchers && nms < 64; i++)
		ms[nms++] = d->matchers[i].m;
	ok = health_publish(&d->health, d->sn, d->srcs, d->nsrcs, ms, nms,
	    d->db, now_mono);
	snapshot_heartbeat(d->sn);
	return ok;
}

/*
 * Reload the configuration and the signatures.  A bad new set is reported
 * (in the log, and to whoever asked over HTTP) and the old one keeps
 * running.
 */
static void
daemon_reload(struct daemon *d, int64_t now)
{
	struct config *cf;
	struct sigdb *db;
	char *cause = NULL, *why = NULL;

	log_notice("reloading %s", d->config_path);
	if (daemon_load(d->config_path, &cf, &db, &why) == -1) {
		log_errorx("reload failed; the previous configuration and "
		    "signatures keep running");
		snapshot_reload_done(d->sn, platform_steady_ms(), why);
		xfree(why);
		return;
	}
	if (strcmp(cf->state_dir, d->cf->state_dir) != 0)
		log_warnx("state_dir changes only on restart; still using %s",
		    d->cf->state_dir);
	if (strcmp(cf->listen, d->cf->listen) != 0)
		log_warnx("listen changes only on restart; still on %s",
		    d->cf->listen);
	if (strcmp(cf->name, d->cf->name) != 0 || strcmp(cf->external_url,
	    d->cf->external_url) != 0 || cf->am.nurls != d->cf->am.nurls)
		log_warnx("name, external_url and [alertmanager] change only "
		    "on restart");
	if (auth_load(d->auth, cf->api_tokens, &cause) == -1) {
		log_warnx("%s; the previous tokens stay", cause);
		xfree(cause);
	}
	snapshot_set_db(d->sn, db);
	/*
	 * Commit what is committable, then rebuild every follower: each one
	 * resumes from its committed position, so nothing is lost or read
	 * twice across the swap.
	 */
	daemon_commit(d, now);
	daemon_publish(d, platform_mono_ms());
	snapshot_carry(d->sn);
	daemon_teardown(d);
	config_free(d->cf);
	incident_set_db(d->inc, db);
	sigdb_free(d->db);
	d->cf = cf;
	d->db = db;
	daemon_setup(d, now);
	log_notice("reloaded: %zu sources, %zu signatures", d->nsrcs,
	    d->db->nsigs);
	snapshot_reload_done(d->sn, platform_steady_ms(), NULL);
}

/* One pass over the sources that need a look.  Returns 1 if work remains. */
static int
daemon_pass(struct daemon *d, int64_t now_mono)
{
	size_t i;
	int more = 0;

	for (i = 0; i < d->nsrcs; i++) {
		struct source *s = d->srcs[i];

		source_poll(s, watch_loop(d), now_mono);
		if (!s->check)
			continue;
		s->check = 0;
		s->observe = 1;
		if (source_read(s, d->st, now_mono, DAEMON_READ_BUDGET)) {
			s->check = 1;
			more = 1;
		}
		source_check_dir(s, watch_loop(d), now_mono);
	}
	return more;
}

/*
 * Flush records held past their source's quiet period.  Returns the ms
 * until the next such deadline, or -1.
 */
static int64_t
daemon_quiet(struct daemon *d)
{
	int64_t t = -1, q, now = platform_mono_ms();
	size_t i;

	for (i = 0; i < d->nsrcs; i++) {
		q = source_quiet(d->srcs[i], now);
		if (q >= 0 && (t < 0 || q < t))
			t = q;
	}
	return t;
}

/* snapshot's waker: /healthz wants to see the loop turn. */
static void
daemon_wake(void *arg)
{
	platform_loop_wake(arg);
}

/*
 * Write the control token, or say why not: a state folder that cannot be
 * written (store_guard tells the rest) must not stop the daemon, and the
 * token is written again once the database can be.
 */
static void
daemon_token(struct daemon *d)
{
	char *cause = NULL;

	if (d->token_written)
		return;
	if (strcmp(d->cf->listen, "off") == 0 ||
	    auth_make_control(d->auth, d->cf->state_dir, &cause) == 0) {
		d->token_written = 1;
		return;
	}
	if (!d->token_failed)
		log_errorx("%s; the commands on this machine (syncwatch "
		    "reload, ack, resolve) cannot reach the daemon until it "
		    "can be written", cause);
	d->token_failed = 1;
	xfree(cause);
}

/* Start everything but the loop.  0, or -1 after a message. */
static int
daemon_start(struct daemon *d, const char *config_path)
{
	char *cause = NULL;

	d->config_path = config_path;
	if (daemon_load(config_path, &d->cf, &d->db, NULL) == -1)
		return -1;
	platform_private_files();
	if ((d->st = store_open_daemon(d->cf->state_dir,
	    d->cf->samples_per_incident, &cause)) == NULL)
		goto fail;
	if ((d->loop = platform_loop_new(&d->watching, &cause)) == NULL)
		goto fail;
	health_init(&d->health, d->watching);
	d->guard = store_fault(d->st);
	d->db_check = 1;
	d->state_wd = d->watching ? platform_watch_dir(d->loop,
	    d->cf->state_dir) : -1;
	d->inc = incident_new(d->st, d->db);
	d->sn = snapshot_new();
	snapshot_set_db(d->sn, d->db);
	snapshot_set_waker(d->sn, daemon_wake, d->loop);
	d->auth = auth_new();
	if (auth_load(d->auth, d->cf->api_tokens, &cause) == -1)
		goto fail;
	daemon_token(d);
	if (strcmp(d->cf->listen, "off") != 0 &&
	    (d->http = http_start(d->cf, d->sn, d->auth, &cause)) == NULL)
		goto fail;
	if (d->cf->am.nurls > 0 &&
	    (d->push = push_start(d->cf, d->sn, &cause)) == NULL)
		goto fail;
	daemon_setup(d, platform_mono_ms());
	log_notice("started: %zu sources, %zu signatures, state in %s%s%s",
	    d->nsrcs, d->db->nsigs, d->cf->state_dir,
	    d->http != NULL ? ", http on " : "", d->http != NULL ?
	    d->cf->listen : "");
	return 0;
fail:
	log_errorx("%s", cause);
	xfree(cause);
	return -1;
}

static void
daemon_stop(struct daemon *d)
{
	push_stop(d->push);
	http_stop(d->http);
	daemon_teardown(d);
	snapshot_free(d->sn);
	auth_free(d->auth);
	platform_loop_free(d->loop);
	health_clear(&d->health);
	incident_free(d->inc);
	store_close(d->st);
	sigdb_free(d->db);
	config_free(d->cf);
}

int
daemon_run(const char *config_path)
{
	struct daemon d;
	int64_t now, quiet, next_wd;
	int more = 1, ev, timeout, rc = 0, ready = 0, wd_ms;
	int healthy, was_healthy = 1;

	memset(&d, 0, sizeof(d));
	if (daemon_start(&d, config_path) == -1) {
		daemon_stop(&d);
		return 2;
	}
	wd_ms = platform_watchdog_ms();
	next_wd = platform_mono_ms();
	for (;;) {
		now = platform_mono_ms();
		if (more)
			more = daemon_pass(&d, now);
		quiet = daemon_quiet(&d);
		(void)daemon_guard(&d, now);
		daemon_commit(&d, now);
		/*
		 * Conditions and deadlines once the logs are read: a backlog
		 * of old records must not look like silence, nor let a quiet
		 * period pass that the records still to read would break.
		 */
		if (!more) {
			daemon_conditions(&d, now);
			daemon_rules_tick(&d, now);
		}
		healthy = daemon_publish(&d, now);
		/* Ready once every source has been read up to its end. */
		if (!more && !ready) {
			platform_notify("READY=1\nSTATUS=following the logs");
			ready = 1;
		}
		if (ready && healthy != was_healthy)
			platform_notify(healthy ? "STATUS=following the logs" :
			    "STATUS=unhealthy: see /healthz or the log");
		was_healthy = healthy;
		/*
		 * The watchdog is fed while the loop turns and nothing has been
		 * wrong for longer than the grace: then systemd restarts it,
		 * the last resort of the retries.
		 */
		if (wd_ms > 0 && now >= next_wd) {
			if (health_feed_watchdog(&d.health, now))
				platform_notify("WATCHDOG=1");
			next_wd = now + wd_ms;
		}
		timeout = more ? 0 : daemon_timeout(&d, platform_mono_ms(),
		    quiet);
		if (wd_ms > 0 && (timeout < 0 || timeout > next_wd - now))
			timeout = (int)(next_wd - now > 0 ? next_wd - now : 0);
		ev = platform_loop_wait(d.loop, timeout, on_watch, &d);
		if (ev & PLATFORM_EV_OVERFLOW) {
			log_warnx("watch events were lost; rescanning every "
			    "source");
			for (size_t i = 0; i < d.nsrcs; i++)
				d.srcs[i]->check = 1;
		}
		if (ev & PLATFORM_EV_STOP)
			break;
		if ((ev & PLATFORM_EV_RELOAD) || snapshot_take_reload(d.sn)) {
			platform_notify("RELOADING=1");
			daemon_reload(&d, platform_mono_ms());
			platform_notify("READY=1");
		}
		/* Anything marked, polled or quiet-due gets a pass. */
		more = 1;
	}
	platform_notify("STOPPING=1");
	/*
	 * Stop: commit the safe positions.  A record still being assembled
	 * is not flushed: its lines are read again on the next start.
	 */
	d.retry_at = 0;
	daemon_commit(&d, platform_mono_ms());
	if (d.health.failing || d.guard != STORE_FAULT_NONE) {
		log_warnx("stopping with an uncommitted batch; it will be "
		    "read again on the next start");
		rc = 1;
	}
	log_notice("stopped");
	daemon_stop(&d);
	return rc;
}
