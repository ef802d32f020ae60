/*
 * daemon — the main loop; see daemon.h.
 *
 * Events are hints, state is the truth.  An inotify event on a directory
 * only marks the sources in it "to look at"; looking means stat-ing the path
 * and reading from the committed offset, so a missed, merged or overflowing
 * event queue costs a rescan, never a line.  Nothing runs on a timer while
 * the logs are quiet, except the polling of sources that ask for it (or
 * whose directory cannot be watched) and the quiet-period flush of a record
 * that is still being assembled.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <libgen.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "conf/load.h"
#include "follow/daemon.h"
#include "http/http.h"
#include "rules/condition.h"
#include "rules/inbox.h"
#include "rules/incident.h"
#include "lib/log.h"
#include "match/match.h"
#include "platform/platform.h"
#include "http/shared.h"
#include "match/sigdb.h"
#include "store/store.h"
#include "follow/tail.h"
#include "lib/xmalloc.h"

#define DAEMON_READ_BUDGET	(4 * 1024 * 1024)	/* per follower and pass */
#define DAEMON_RETRY_MS		1000	/* after a failed commit */
#define DAEMON_DIR_RETRY_MS	5000	/* a directory that cannot be watched */
#define DAEMON_PRUNE_EVERY_MS	(3600 * 1000)

struct source_rt {
	const struct source_conf *sc;
	struct matcher	*m;
	char		*dir;
	char		*pattern;	/* the file name part, maybe a glob */
	int		 is_glob;
	int		 first_start;	/* never followed before: start_at applies */
	int		 wd;		/* watch id, or -1 while polling */
	int		 polling;	/* configured or fallen back */
	int64_t		 next_poll;
	int		 check;
	struct tail	**tails;
	size_t		 ntails;
	/* Health (condition.h): what was last told to the engine. */
	int		 verdict;	/* -1: not yet */
	int		 had_file;
	int64_t		 missing_since;
	int64_t		 health_due;	/* wall clock, -1: none */
};

/* An [inbox] folder. */
struct inbox_rt {
	const struct inbox_conf *ic;
	const struct signature *sig;
	char		**files;	/* globs: the config's or the sig's */
	size_t		 nfiles;
	int64_t		 max_files;
	int64_t		 max_age_ms;
	int		 wd;		/* watch id, or -1 */
	int64_t		 next_poll;	/* monotonic */
	int		 check;
	int64_t		 verdict;	/* -1: not yet */
	int64_t		 due;		/* wall clock, -1: none */
	int		 error_logged;
};

struct daemon {
	const char	*config_path;
	struct config	*cf;
	struct sigdb	*db;
	struct store	*st;
	struct incidents *inc;		/* the rules, over st */
	struct platform_watch *pw;
	struct source_rt *srcs;
	size_t		 nsrcs;
	struct inbox_rt	*inboxes;
	size_t		 ninboxes;
	int		 sigfd;
	int64_t		 retry_at;	/* a commit failed: not before */
	int64_t		 next_prune;
	int		 commit_failing;
	struct shared	*sh;		/* what the HTTP thread sees */
	struct http	*http;
	struct tail	**all;		/* every follower, for publishing */
	size_t		 nall;
};

/*
 * Rotated generations are never followed, even when a glob matches them:
 * ConfigMgr's .lo_, logrotate's .1/.2.gz, and log4net's dated rolls
 * (EPiServerErrors.log.20130409.log).
 */
static int
is_rotated_name(const char *name)
{
	static const char *globs[] = {
		"*.lo_", "*.[0-9]", "*.[0-9][0-9]", "*.gz", "*.bz2", "*.xz",
		"*.zip", "*.old", "*.bak", "*.log.*",
	};
	size_t i;

	for (i = 0; i < sizeof(globs) / sizeof(globs[0]); i++)
		if (fnmatch(globs[i], name, FNM_CASEFOLD) == 0)
			return 1;
	return 0;
}

static void
source_add_tail(struct daemon *d, struct source_rt *s, const char *path,
    int existed)
{
	size_t i;

	for (i = 0; i < s->ntails; i++)
		if (strcmp(tail_path(s->tails[i]), path) == 0)
			return;
	s->tails = xreallocarray(s->tails, s->ntails + 1, sizeof(*s->tails));
	s->tails[s->ntails++] = tail_new(s->sc, path, s->m, existed);
	log_info("source %s: following %s", s->sc->name, path);
}

/* Pick up files a glob matches now. */
static void
source_expand(struct daemon *d, struct source_rt *s)
{
	glob_t g;
	size_t i;
	const char *base;

	if (!s->is_glob) {
		if (s->ntails == 0)
			source_add_tail(d, s, s->sc->path, s->first_start);
		s->first_start = 0;
		return;
	}
	if (glob(s->sc->path, GLOB_NOSORT, NULL, &g) != 0) {
		s->first_start = 0;	/* whatever appears later is new */
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		struct stat st;

		base = strrchr(g.gl_pathv[i], '/');
		base = base != NULL ? base + 1 : g.gl_pathv[i];
		if (is_rotated_name(base) || stat(g.gl_pathv[i], &st) == -1 ||
		    !S_ISREG(st.st_mode))
			continue;
		source_add_tail(d, s, g.gl_pathv[i], s->first_start);
	}
	globfree(&g);
	s->first_start = 0;
}

static void
source_watch(struct daemon *d, struct source_rt *s, int64_t now)
{
	if (s->sc->watch == WATCH_POLL || d->pw == NULL) {
		s->polling = 1;
		s->next_poll = now;
		return;
	}
	s->wd = platform_watch_dir(d->pw, s->dir);
	if (s->wd >= 0) {
		s->polling = 0;
		return;
	}
	if (errno == ENOSPC)
		log_warnx("source %s: inotify watch limit reached "
		    "(fs.inotify.max_user_watches); polling %s every %d ms",
		    s->sc->name, s->dir, s->sc->poll_ms);
	else
		log_warn("source %s: cannot watch %s; polling it",
		    s->sc->name, s->dir);
	s->polling = 1;
	s->next_poll = now;
}

static void
daemon_teardown(struct daemon *d)
{
	size_t i, j;

	for (i = 0; i < d->nsrcs; i++) {
		struct source_rt *s = &d->srcs[i];

		for (j = 0; j < s->ntails; j++)
			tail_free(s->tails[j]);
		xfree(s->tails);
		if (s->wd >= 0 && d->pw != NULL)
			platform_watch_remove(d->pw, s->wd);
		match_free(s->m);
		xfree(s->dir);
		xfree(s->pattern);
	}
	xfree(d->srcs);
	d->srcs = NULL;
	d->nsrcs = 0;
	for (i = 0; i < d->ninboxes; i++)
		if (d->inboxes[i].wd >= 0 && d->pw != NULL)
			platform_watch_remove(d->pw, d->inboxes[i].wd);
	xfree(d->inboxes);
	d->inboxes = NULL;
	d->ninboxes = 0;
}

static void
daemon_setup(struct daemon *d, int64_t now)
{
	size_t i;
	char *copy;

	d->srcs = xcalloc(d->cf->nsources, sizeof(*d->srcs));
	d->nsrcs = d->cf->nsources;
	for (i = 0; i < d->nsrcs; i++) {
		struct source_rt *s = &d->srcs[i];

		s->sc = &d->cf->sources[i];
		s->m = match_new(d->db, s->sc->product);
		copy = xstrdup(s->sc->path);
		s->dir = xstrdup(dirname(copy));
		xfree(copy);
		copy = xstrdup(s->sc->path);
		s->pattern = xstrdup(basename(copy));
		xfree(copy);
		s->is_glob = strpbrk(s->pattern, "*?[") != NULL;
		s->first_start = store_source_seen(d->st, s->sc->name,
		    platform_now_ms()) == 0;
		s->wd = -1;
		source_watch(d, s, now);
		s->check = 1;
		s->verdict = -1;
		/*
		 * A log that was followed before and is gone now has
		 * disappeared; one that never existed (EPiServer writes its
		 * error log on the first error) has not.
		 */
		s->had_file = store_source_had_file(d->st, s->sc->name) == 1;
		s->health_due = -1;
	}
	d->inboxes = xcalloc(d->cf->ninboxes + 1, sizeof(*d->inboxes));
	d->ninboxes = d->cf->ninboxes;
	for (i = 0; i < d->ninboxes; i++) {
		struct inbox_rt *ib = &d->inboxes[i];

		ib->ic = &d->cf->inboxes[i];
		/* load_all checked that it exists and is an inbox signature. */
		ib->sig = sigdb_find(d->db, ib->ic->signature);
		ib->files = ib->ic->nfiles > 0 ? ib->ic->files :
		    ib->sig->files;
		ib->nfiles = ib->ic->nfiles > 0 ? ib->ic->nfiles :
		    ib->sig->nfiles;
		ib->max_files = ib->ic->max_files >= 0 ? ib->ic->max_files :
		    ib->sig->max_files;
		ib->max_age_ms = ib->ic->max_age_ms >= 0 ?
		    ib->ic->max_age_ms : ib->sig->max_age_ms;
		ib->wd = ib->ic->watch == WATCH_POLL || d->pw == NULL ? -1 :
		    platform_watch_dir(d->pw, ib->ic->path);
		ib->next_poll = now;
		ib->check = 1;
		ib->verdict = -1;
		ib->due = -1;
	}
}

static void
on_watch(void *arg, int id, const char *name)
{
	struct daemon *d = arg;
	size_t i;

	for (i = 0; i < d->nsrcs; i++)
		if (d->srcs[i].wd == id)
			d->srcs[i].check = 1;
	for (i = 0; i < d->ninboxes; i++)
		if (d->inboxes[i].wd == id)
			d->inboxes[i].check = 1;
}

/*
 * Load config and signatures, logging every problem and warning (also
 * those of a file that fails).  0, or -1 with nothing kept.
 */
static int
daemon_load(const char *path, struct config **cfp, struct sigdb **dbp)
{
	char *cause = NULL, *warnings = NULL;
	struct loaded l;

	if (load_all(path, &l, &cause, &warnings) != LOAD_OK) {
		if (warnings != NULL)
			log_warnx("%s", warnings);
		log_warnx("%s", cause);
		xfree(warnings);
		xfree(cause);
		return -1;
	}
	if (warnings != NULL)
		log_warnx("%s", warnings);
	xfree(warnings);
	log_info("%zu signatures from %s", l.db->nsigs, l.patterns);
	*cfp = l.cf;
	*dbp = l.db;
	l.cf = NULL;
	l.db = NULL;
	load_free(&l);
	return 0;
}

/* One transaction for every follower's hits and positions. */
static void
daemon_commit(struct daemon *d, int64_t now_mono)
{
	size_t i, j;
	int dirty = 0, hits = 0, n, failed = 0;
	int64_t now = platform_now_ms();

	if (now_mono < d->retry_at)
		return;
	for (i = 0; i < d->nsrcs && !dirty; i++)
		for (j = 0; j < d->srcs[i].ntails && !dirty; j++)
			dirty = tail_dirty(d->srcs[i].tails[j]);
	if (!dirty)
		return;
	if (store_begin(d->st) == -1)
		failed = 1;
	incident_begin(d->inc);
	for (i = 0; i < d->nsrcs && !failed; i++)
		for (j = 0; j < d->srcs[i].ntails && !failed; j++) {
			n = tail_commit(d->srcs[i].tails[j], d->st, d->inc,
			    now);
			if (n < 0)
				failed = 1;
			else
				hits += n;
		}
	if (!failed && store_commit(d->st) == -1)
		failed = 1;
	if (failed) {
		/* Busy or full: keep everything, offsets unmoved, retry. */
		if (!d->commit_failing)
			log_warnx("cannot commit to the database (%s); "
			    "holding the batch and retrying",
			    store_error(d->st));
		store_rollback(d->st);
		d->commit_failing = 1;
		d->retry_at = now_mono + DAEMON_RETRY_MS;
		for (i = 0; i < d->nsrcs; i++)
			for (j = 0; j < d->srcs[i].ntails; j++)
				tail_uncommitted(d->srcs[i].tails[j]);
		return;
	}
	if (d->commit_failing)
		log_warnx("database writable again; batch committed");
	d->commit_failing = 0;
	for (i = 0; i < d->nsrcs; i++)
		for (j = 0; j < d->srcs[i].ntails; j++)
			tail_committed(d->srcs[i].tails[j]);
	if (hits > 0)
		log_debug("committed %d hits", hits);
	if (now_mono >= d->next_prune) {
		int64_t keep = (int64_t)d->cf->retention_days * 86400000;

		if (store_prune(d->st, now - keep) == -1)
			log_warnx("pruning old incidents: %s",
			    store_error(d->st));
		d->next_prune = now_mono + DAEMON_PRUNE_EVERY_MS;
	}
}

/* What is known of a source's files now. */
static void
source_observe(struct source_rt *s, int64_t now, struct source_health *h)
{
	struct stat st;
	size_t j;
	int64_t mtime;
	int present = 0;

	memset(h, 0, sizeof(*h));
	h->source = s->sc->name;
	h->path = s->sc->path;
	h->expect_every_ms = s->sc->expect_every_ms;
	h->missing_ms = s->sc->missing_ms;
	for (j = 0; j < s->ntails; j++) {
		struct tail *t = s->tails[j];

		if (tail_state(t) == TAIL_ERROR && h->error == NULL)
			h->error = tail_error(t);
		if (stat(tail_path(t), &st) == -1)
			continue;
		present = 1;
		mtime = (int64_t)st.st_mtim.tv_sec * 1000 +
		    st.st_mtim.tv_nsec / 1000000;
		if (mtime > h->last_write_ms)
			h->last_write_ms = mtime;
	}
	if (present) {
		s->had_file = 1;
		s->missing_since = 0;
	} else if (s->missing_since == 0)
		s->missing_since = now;
	h->missing_since_ms = s->missing_since;
	h->had_file = s->had_file;
}

/* A look at an inbox folder. */
static void
inbox_observe(struct inbox_rt *ib, struct inbox_health *h,
    struct inbox_status *st, char **cause)
{
	memset(h, 0, sizeof(*h));
	h->inbox = ib->ic->name;
	h->path = ib->ic->path;
	h->sig = ib->sig;
	h->max_files = ib->max_files;
	h->max_age_ms = ib->max_age_ms;
	*cause = NULL;
	if (inbox_scan(ib->ic->path, ib->files, ib->nfiles, st, cause) ==
	    -1) {
		if (!ib->error_logged)
			log_warnx("inbox %s: %s", ib->ic->name, *cause);
		ib->error_logged = 1;
		h->error = *cause;
		return;
	}
	if (ib->error_logged)
		log_warnx("inbox %s: %s readable again", ib->ic->name,
		    ib->ic->path);
	ib->error_logged = 0;
	h->ok = 1;
	h->count = st->count;
	h->oldest_ms = st->oldest_ms;
	h->oldest = st->oldest;
}

/*
 * Conditions: a source's health, an inbox's backlog.  Observing is cheap
 * (stat, readdir); the engine hears only of verdicts that changed, in one
 * transaction.  If it fails, the verdicts are kept as unknown and tried
 * again after the retry delay.
 */
/* Open the conditions' transaction on the first change.  0 or -1. */
static int
conditions_begin(struct daemon *d, int *begun)
{
	if (*begun)
		return 0;
	*begun = 1;
	incident_begin(d->inc);
	return store_begin(d->st);
}

static void
daemon_conditions(struct daemon *d, int64_t now_mono)
{
	struct source_health h;
	struct inbox_health ih;
	struct inbox_status ist;
	int64_t now = platform_now_ms(), due, iv;
	int v, begun = 0, failed = 0;
	char *cause;
	size_t i;

	if (now_mono < d->retry_at)
		return;
	for (i = 0; i < d->nsrcs && !failed; i++) {
		struct source_rt *s = &d->srcs[i];

		source_observe(s, now, &h);
		v = condition_source_verdict(&h, now, &due);
		s->health_due = due;
		if (v == s->verdict)
			continue;
		s->verdict = v;
		if (conditions_begin(d, &begun) == -1 ||
		    condition_source_apply(d->inc, d->db, &h, v, now, now) == -1)
			failed = 1;
	}
	for (i = 0; i < d->ninboxes && !failed; i++) {
		struct inbox_rt *ib = &d->inboxes[i];

		if (!ib->check && now_mono < ib->next_poll &&
		    (ib->due < 0 || now < ib->due))
			continue;
		ib->check = 0;
		ib->next_poll = now_mono + ib->ic->poll_ms;
		inbox_observe(ib, &ih, &ist, &cause);
		iv = condition_inbox_verdict(&ih, now, &due);
		ib->due = due;
		if (ih.ok && iv != ib->verdict) {
			ib->verdict = iv;
			if (conditions_begin(d, &begun) == -1 ||
			    condition_inbox_apply(d->inc, &ih, iv, now,
			    now) == -1)
				failed = 1;
		}
		xfree(cause);
	}
	if (begun && !failed && store_commit(d->st) == -1)
		failed = 1;
	if (!failed)
		return;
	/*
	 * Nothing was recorded: forget every verdict, so that all of them are
	 * told again (telling the engine a verdict it knows changes nothing).
	 */
	store_rollback(d->st);
	log_warnx("cannot record source and inbox conditions (%s); retrying",
	    store_error(d->st));
	d->retry_at = now_mono + DAEMON_RETRY_MS;
	d->commit_failing = 1;
	for (i = 0; i < d->nsrcs; i++)
		d->srcs[i].verdict = -1;
	for (i = 0; i < d->ninboxes; i++) {
		d->inboxes[i].verdict = -1;
		d->inboxes[i].check = 1;
	}
}

/* The wall-clock side of the rules: quiet periods, age escalations. */
static void
daemon_rules_tick(struct daemon *d, int64_t now_mono)
{
	int64_t now = platform_now_ms(), due;

	if (now_mono < d->retry_at)
		return;
	due = incident_next_due(d->inc);
	if (due < 0 || due > now)
		return;
	if (store_begin(d->st) == -1 || (incident_begin(d->inc), 0) ||
	    incident_advance(d->inc, NULL, now, now) == -1 ||
	    store_commit(d->st) == -1) {
		store_rollback(d->st);
		log_warnx("cannot apply the incident rules' deadlines (%s); "
		    "retrying", store_error(d->st));
		d->retry_at = now_mono + DAEMON_RETRY_MS;
		d->commit_failing = 1;
	}
}

/* Ms from now until a wall-clock time, clamped to 0; -1 stays -1. */
static int64_t
until_wall(int64_t at, int64_t now)
{
	if (at < 0)
		return -1;
	return at > now ? at - now : 0;
}

/* The earliest timed duty of the rules and conditions, in ms, or -1. */
static int64_t
daemon_rules_timeout(struct daemon *d, int64_t now_mono)
{
	int64_t t, best = -1, now = platform_now_ms();
	size_t i;

#define CONSIDER(x) do { t = (x); if (t >= 0 && (best < 0 || t < best)) \
	best = t; } while (0)
	CONSIDER(until_wall(incident_next_due(d->inc), now));
	for (i = 0; i < d->nsrcs; i++)
		CONSIDER(until_wall(d->srcs[i].health_due, now));
	for (i = 0; i < d->ninboxes; i++) {
		CONSIDER(until_wall(d->inboxes[i].due, now));
		CONSIDER(d->inboxes[i].next_poll > now_mono ?
		    d->inboxes[i].next_poll - now_mono : 0);
	}
#undef CONSIDER
	return best;
}

/* Give the HTTP thread a fresh snapshot of every follower. */
static void
daemon_publish(struct daemon *d)
{
	size_t i, j, n = 0;

	for (i = 0; i < d->nsrcs; i++)
		n += d->srcs[i].ntails;
	if (n > d->nall)
		d->all = xreallocarray(d->all, n, sizeof(*d->all));
	d->nall = n;
	for (i = 0, n = 0; i < d->nsrcs; i++)
		for (j = 0; j < d->srcs[i].ntails; j++)
			d->all[n++] = d->srcs[i].tails[j];
	shared_publish(d->sh, d->all, n);
}

static void
daemon_reload(struct daemon *d, int64_t now)
{
	struct config *cf;
	struct sigdb *db;

	log_warnx("reloading %s", d->config_path);
	if (daemon_load(d->config_path, &cf, &db) == -1) {
		log_warnx("reload failed; the previous configuration and "
		    "signatures keep running");
		return;
	}
	if (strcmp(cf->state_dir, d->cf->state_dir) != 0)
		log_warnx("state_dir changes only on restart; still using %s",
		    d->cf->state_dir);
	if (strcmp(cf->listen, d->cf->listen) != 0)
		log_warnx("listen changes only on restart; still on %s",
		    d->cf->listen);
	{
		char *cause = NULL;

		if (shared_load_tokens(d->sh, cf->api_tokens, &cause) == -1) {
			log_warnx("%s; the previous tokens stay", cause);
			xfree(cause);
		}
	}
	shared_set_db(d->sh, db);
	/*
	 * Commit what is committable, then rebuild every follower: each one
	 * resumes from its committed position, so nothing is lost or read
	 * twice across the swap.
	 */
	daemon_commit(d, now);
	daemon_teardown(d);
	config_free(d->cf);
	incident_set_db(d->inc, db);
	sigdb_free(d->db);
	d->cf = cf;
	d->db = db;
	daemon_setup(d, now);
	log_warnx("reloaded: %zu sources, %zu signatures", d->nsrcs,
	    d->db->nsigs);
}

/* One pass over the sources that need a look.  Returns 1 if work remains. */
static int
daemon_pass(struct daemon *d, int64_t now_mono)
{
	size_t i, j;
	int more = 0;
	int64_t now = platform_now_ms();

	for (i = 0; i < d->nsrcs; i++) {
		struct source_rt *s = &d->srcs[i];

		if (s->polling && now_mono >= s->next_poll) {
			s->check = 1;
			s->next_poll = now_mono + (s->sc->watch == WATCH_POLL ?
			    s->sc->poll_ms : DAEMON_DIR_RETRY_MS);
			/* A directory that appeared can be watched now. */
			if (s->sc->watch != WATCH_POLL && d->pw != NULL) {
				s->wd = platform_watch_dir(d->pw, s->dir);
				if (s->wd >= 0)
					s->polling = 0;
			}
		}
		if (!s->check)
			continue;
		s->check = 0;
		source_expand(d, s);
		for (j = 0; j < s->ntails; j++)
			if (tail_check(s->tails[j], d->st, now,
			    DAEMON_READ_BUDGET)) {
				s->check = 1;
				more = 1;
			}
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
	int64_t t = -1, now = platform_now_ms();
	size_t i, j;
	int q;

	for (i = 0; i < d->nsrcs; i++)
		for (j = 0; j < d->srcs[i].ntails; j++) {
			q = tail_quiet(d->srcs[i].tails[j], now);
			if (q >= 0 && (t < 0 || q < t))
				t = q;
		}
	return t;
}

/*
 * Milliseconds until the next timed duty, or -1 for none.  A duty already
 * overdue (a commit retry after a long busy wait) gives 0, never a
 * negative number, which poll() would take as "wait forever".
 */
static int
daemon_timeout(struct daemon *d, int64_t now_mono, int64_t quiet)
{
	int64_t t = quiet, due;
	size_t i;

	due = daemon_rules_timeout(d, now_mono);
	if (due >= 0 && (t < 0 || due < t))
		t = due;
	for (i = 0; i < d->nsrcs; i++) {
		if (!d->srcs[i].polling)
			continue;
		due = d->srcs[i].next_poll - now_mono;
		if (due < 0)
			due = 0;
		if (t < 0 || due < t)
			t = due;
	}
	if (d->commit_failing) {
		due = d->retry_at - now_mono;
		if (due < 0)
			due = 0;
		if (t < 0 || due < t)
			t = due;
	}
	if (t < 0)
		return -1;
	return t > 60000 ? 60000 : (int)t;
}

int
daemon_run(const char *config_path)
{
	struct daemon d;
	struct pollfd pfd[2];
	char *cause = NULL;
	int64_t now, quiet, next_wd;
	int more = 1, sig, timeout, rc = 0, n, ready = 0, wd_ms;

	memset(&d, 0, sizeof(d));
	d.config_path = config_path;
	if (daemon_load(config_path, &d.cf, &d.db) == -1)
		return 2;
	if ((d.st = store_open(d.cf->state_dir, d.cf->samples_per_incident,
	    &cause)) == NULL) {
		log_warnx("%s", cause);
		xfree(cause);
		config_free(d.cf);
		sigdb_free(d.db);
		return 2;
	}
	if ((d.sigfd = platform_signals_init(&cause)) == -1)
		fatalx("%s", cause);
	if ((d.pw = platform_watch_new(&cause)) == NULL) {
		log_warnx("%s; every source is polled", cause);
		xfree(cause);
	}
	d.inc = incident_new(d.st, d.db);
	d.sh = shared_new();
	shared_set_db(d.sh, d.db);
	if (shared_load_tokens(d.sh, d.cf->api_tokens, &cause) == -1)
		fatalx("%s", cause);
	if (strcmp(d.cf->listen, "off") != 0 &&
	    (d.http = http_start(d.cf->listen, d.cf->state_dir, d.sh,
	    &cause)) == NULL)
		fatalx("%s", cause);
	now = platform_mono_ms();
	daemon_setup(&d, now);
	log_warnx("started: %zu sources, %zu signatures, state in %s%s%s",
	    d.nsrcs, d.db->nsigs, d.cf->state_dir,
	    d.http != NULL ? ", http on " : "", d.http != NULL ? d.cf->listen :
	    "");

	wd_ms = platform_watchdog_ms();
	next_wd = platform_mono_ms();
	for (;;) {
		now = platform_mono_ms();
		if (more)
			more = daemon_pass(&d, now);
		quiet = daemon_quiet(&d);
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
		daemon_publish(&d);
		/* Ready once every source has been read up to its end. */
		if (!more && !ready) {
			platform_notify("READY=1\nSTATUS=following the logs");
			ready = 1;
		}
		if (wd_ms > 0 && now >= next_wd) {
			platform_notify("WATCHDOG=1");
			next_wd = now + wd_ms;
		}
		timeout = more ? 0 : daemon_timeout(&d, platform_mono_ms(),
		    quiet);
		if (wd_ms > 0 && (timeout < 0 || timeout > next_wd - now))
			timeout = (int)(next_wd - now > 0 ? next_wd - now : 0);
		pfd[0].fd = d.sigfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = d.pw != NULL ? platform_watch_fd(d.pw) : -1;
		pfd[1].events = POLLIN;
		n = poll(pfd, 2, timeout);
		if (n == -1 && errno != EINTR)
			fatal("poll");
		if (pfd[1].fd != -1 && (pfd[1].revents & POLLIN) &&
		    platform_watch_read(d.pw, on_watch, &d)) {
			log_warnx("inotify queue overflowed; rescanning every "
			    "source");
			for (size_t i = 0; i < d.nsrcs; i++)
				d.srcs[i].check = 1;
		}
		sig = platform_signals_take();
		if (sig & PLATFORM_SIG_STOP)
			break;
		if (sig & PLATFORM_SIG_RELOAD) {
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
	if (d.commit_failing) {
		log_warnx("stopping with an uncommitted batch; it will be "
		    "read again on the next start");
		rc = 1;
	}
	log_warnx("stopped");
	http_stop(d.http);
	daemon_teardown(&d);
	xfree(d.all);
	shared_free(d.sh);
	platform_watch_free(d.pw);
	incident_free(d.inc);
	store_close(d.st);
	sigdb_free(d.db);
	config_free(d.cf);
	return rc;
}
