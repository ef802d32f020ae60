/*
 * source — a configured source and its files; see source.h.
 *
 * Events are hints, state is the truth: a watch event only marks the
 * source "to look at"; looking means stat-ing its paths and reading from
 * the committed offsets, so a missed, merged or overflowing event queue
 * costs a rescan, never a line.
 */
#include <errno.h>
#include <string.h>

#include "conf/config.h"
#include "decode/event.h"
#include "follow/evtail.h"
#include "follow/rotated.h"
#include "follow/source.h"
#include "http/snapshot.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "match/match.h"
#include "platform/platform.h"
#include "rules/condition.h"
#include "rules/incident.h"
#include "store/store.h"

#define SOURCE_DIR_RETRY_MS	5000	/* a directory that cannot be watched */
#define SOURCE_MAX_PENDING	50000	/* hits a file holds while the store fails */

/* Whether the record's earlier parts had hit h's signature in h's role. */
static int
seen_before(struct source_file *f, const struct match_hit *h)
{
	size_t i;

	for (i = 0; i < f->nprev; i++)
		if (f->prev[i].sig == h->sig && f->prev[i].role == (int)h->role)
			return 1;
	if (f->nprev < SOURCE_PREV_HITS) {
		f->prev[f->nprev].sig = h->sig;
		f->prev[f->nprev++].role = (int)h->role;
	}
	return 0;
}

/* A record of one of the source's files: match it, queue its hits. */
static void
on_record(void *arg, const struct event *ev, const struct tail_mark *end)
{
	struct source_file *f = arg;
	struct source *s = f->src;
	const struct match_hit *hits;
	size_t n, i;

	f->clock_ms = ev->has_time ? ev->time_ms : platform_steady_ms();
	f->clock_mark = *end;
	match_set_source(s->m, feed_path(&f->feed));
	n = match_event(s->m, ev, &hits);
	if (!(ev->flags & EVENT_CONTINUED))
		f->nprev = 0;
	for (i = 0; i < n; i++) {
		/*
		 * The rest of a record passed on while still growing: a
		 * signature that hit its first part hit this record already.
		 */
		if (seen_before(f, &hits[i]))
			continue;
		hitq_add(&f->q, &hits[i], ev, end, s->sc->name,
		    feed_path(&f->feed), f->clock_ms);
		f->hits++;
	}
}

static void
source_add_file(struct source *s, const char *path, int existed)
{
	struct source_file *f;
	size_t i;

	for (i = 0; i < s->nfiles; i++)
		if (strcmp(feed_path(&s->files[i]->feed), path) == 0)
			return;
	f = xcalloc(1, sizeof(*f));
	f->src = s;
	if (s->sc->type == SOURCE_EVENTLOG)
		f->feed.ev = evtail_new(s->sc, existed, on_record, f);
	else
		f->feed.tail = tail_new(s->sc, path, existed, on_record, f);
	s->files = xreallocarray(s->files, s->nfiles + 1, sizeof(*s->files));
	s->files[s->nfiles++] = f;
	/* A file says "following" once it is open (tail_open), not before. */
	if (s->sc->type == SOURCE_EVENTLOG)
		log_info("source %s: following %s", s->sc->name, path);
}

static void
source_file_free(struct source_file *f)
{
	feed_free(&f->feed);
	hitq_free(&f->q);
	xfree(f);
}

struct expand {
	struct source	*s;
};

/* platform_dir_list filter: a name the glob matches, not a rotated one. */
static int
expand_want(void *arg, const char *name)
{
	struct source *s = ((struct expand *)arg)->s;

	return !rotated_name(s->sc, name) && (name[0] != '.' ||
	    s->pattern[0] == '.') && platform_glob_match(s->pattern, name,
	    platform_names_casefold());
}

static int
expand_entry(void *arg, const char *name, const struct platform_stat *st)
{
	struct source *s = ((struct expand *)arg)->s;
	char *path;

	if (st == NULL || st->type != PLATFORM_REG)
		return 0;
	path = platform_path_join(s->dir, name);
	source_add_file(s, path, s->first_start);
	xfree(path);
	return 0;
}

/* Pick up files the path names now. */
static void
source_expand(struct source *s)
{
	struct expand e = { s };

	if (!s->is_glob) {
		if (s->nfiles == 0)
			source_add_file(s, s->sc->path, s->first_start);
	} else
		(void)platform_dir_list(s->dir, expand_want, expand_entry, &e);
	s->first_start = 0;	/* whatever appears later is new */
}

/* Watch the folder, noting which one it is.  The watch id, or -1. */
static int
watch_now(struct source *s, struct platform_loop *loop)
{
	int wd = platform_watch_dir(loop, s->dir);

	if (wd >= 0 && platform_stat(s->dir, &s->dir_id) == -1)
		memset(&s->dir_id, 0, sizeof(s->dir_id));
	return wd;
}

void
source_check_dir(struct source *s, struct platform_loop *loop,
    int64_t now_mono)
{
	struct platform_stat st;
	size_t i;
	int waiting = 0;

	if (s->wd < 0 || loop == NULL)
		return;
	for (i = 0; i < s->nfiles && !waiting; i++)
		waiting = feed_state(&s->files[i]->feed) == TAIL_WAITING;
	if (!waiting || (platform_stat(s->dir, &st) == 0 &&
	    (!s->dir_id.has_id || platform_same_file(&st, &s->dir_id))))
		return;
	log_notice("source %s: %s was removed or replaced; watching for it "
	    "to be there again", s->sc->name, s->dir);
	platform_watch_remove(loop, s->wd);
	s->wd = -1;
	s->polling = 1;
	s->next_poll = now_mono;
	s->check = 1;
}

static void
source_watch(struct source *s, struct platform_loop *loop, int64_t now)
{
	s->polling = 1;
	s->next_poll = now;
	if (s->sc->watch == WATCH_POLL || loop == NULL)
		return;
	if ((s->wd = watch_now(s, loop)) >= 0) {
		s->polling = 0;
		return;
	}
	if (errno == ENOENT)
		return;			/* waited for: watched once it exists */
	xfree(s->watch_error);
	if (errno == ENOSPC)
		xasprintf(&s->watch_error, "%s cannot be watched: the watch "
		    "limit is reached (raise fs.inotify.max_user_watches); it "
		    "is polled every %d s", s->dir, SOURCE_DIR_RETRY_MS / 1000);
	else
		xasprintf(&s->watch_error, "%s cannot be watched (%s); it is "
		    "polled every %d s", s->dir, strerror(errno),
		    SOURCE_DIR_RETRY_MS / 1000);
	log_warnx("source %s: %s", s->sc->name, s->watch_error);
}

struct source *
source_new(const struct source_conf *sc, struct matcher *m,
    struct platform_loop *loop, int first_start, int had_file,
    int64_t now_mono)
{
	struct source *s = xcalloc(1, sizeof(*s));

	s->sc = sc;
	s->m = m;
	s->dir = platform_path_dir(sc->path);
	s->pattern = platform_path_base(sc->path);
	s->stem = xstrndup(s->pattern, strcspn(s->pattern, ".*?["));
	s->is_glob = platform_has_glob(s->pattern);
	s->first_start = first_start;
	s->wd = -1;
	source_watch(s, loop, now_mono);
	s->check = 1;
	s->observe = 1;
	s->verdict = -1;
	/*
	 * A log that was followed before and is gone now has disappeared;
	 * one that never existed (EPiServer writes its error log on the first
	 * error) has not.
	 */
	s->had_file = had_file;
	s->health_due = -1;
	return s;
}

void
source_free(struct source *s, struct platform_loop *loop)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nfiles; i++)
		source_file_free(s->files[i]);
	xfree(s->files);
	if (s->wd >= 0 && loop != NULL)
		platform_watch_remove(loop, s->wd);
	xfree(s->dir);
	xfree(s->watch_error);
	xfree(s->stem);
	xfree(s->pattern);
	xfree(s);
}

int
source_concerns(const struct source *s, const char *name)
{
	int fold = platform_names_casefold();
	size_t n = strlen(s->stem), i;

	if (name == NULL || s->is_glob)
		return name == NULL || platform_glob_match(s->pattern, name,
		    fold) || rotated_name(s->sc, name);
	/*
	 * despool.log, and what it rotates to (despool.lo_, despool.log.1):
	 * names that start like it.  A writer may still be appending to the
	 * rotated one.
	 */
	if (n == 0 || strlen(name) < n)
		return 0;
	for (i = 0; i < n; i++)
		if ((fold && (name[i] | 0x20) != (s->stem[i] | 0x20)) ||
		    (!fold && name[i] != s->stem[i]))
			return 0;
	return 1;
}

void
source_unwatch(struct source *s, int64_t now_mono)
{
	if (s->wd < 0)
		return;
	log_notice("source %s: %s went away; watching for it to come back",
	    s->sc->name, s->dir);
	s->wd = -1;
	s->polling = 1;
	s->next_poll = now_mono;
	s->check = 1;
}

int64_t
source_poll(struct source *s, struct platform_loop *loop, int64_t now_mono)
{
	if (!s->polling)
		return -1;
	if (now_mono >= s->next_poll) {
		s->check = 1;
		s->next_poll = now_mono + (s->sc->watch == WATCH_POLL ?
		    s->sc->poll_ms : SOURCE_DIR_RETRY_MS);
		/* A directory that appeared can be watched now. */
		if (s->sc->watch != WATCH_POLL && loop != NULL &&
		    (s->wd = watch_now(s, loop)) >= 0) {
			if (s->watch_error != NULL)
				log_notice("source %s: %s is watched again",
				    s->sc->name, s->dir);
			xfree(s->watch_error);
			s->watch_error = NULL;
			s->polling = 0;
			return -1;
		}
	}
	return s->next_poll - now_mono;
}

static void
pos_from_store(struct tail_pos *pos, const struct store_file *sf)
{
	memset(pos, 0, sizeof(*pos));
	pos->dev = sf->dev;
	pos->ino = sf->ino;
	pos->fingerprint = sf->fingerprint;
	pos->fp_len = sf->fp_len;
	pos->offset = sf->offset;
	pos->line = sf->line;
	pos->encoding = sf->encoding;
	pos->format = sf->format;
}

static void
pos_to_store(struct store_file *sf, const struct source_file *f,
    const struct tail_pos *pos)
{
	memset(sf, 0, sizeof(*sf));
	sf->source = (char *)f->src->sc->name;
	sf->path = (char *)feed_path(&f->feed);
	sf->dev = pos->dev;
	sf->ino = pos->ino;
	sf->fingerprint = pos->fingerprint;
	sf->fp_len = pos->fp_len;
	sf->offset = pos->offset;
	sf->line = pos->line;
	sf->encoding = pos->encoding;
	sf->format = pos->format;
}

/*
 * Give a new follower its saved position, and that of the rotated file
 * it was still reading.  0, or -1 (try again later).
 */
static int
file_restore(struct source_file *f, struct store *st)
{
	struct store_file sf, sr;
	struct tail_pos pos, old;
	const char *name = f->src->sc->name, *path = feed_path(&f->feed);
	char *cause = NULL;
	int rc, rr = 1;

	rc = store_file_get(st, name, path, &sf, &cause);
	if (rc != -1 && (rr = store_retired_get(st, name, path, &sr,
	    &cause)) == -1 && rc == 0)
		store_file_clear(&sf);
	if (rc == -1 || rr == -1) {
		if (!f->restore_failed)
			log_errorx("source %s: reading the saved position of "
			    "%s: %s", name, path, cause);
		f->restore_failed = 1;
		xfree(cause);
		return -1;
	}
	f->restore_failed = 0;
	if (rc == 0) {
		pos_from_store(&pos, &sf);
		store_file_clear(&sf);
	}
	if (rr == 0) {
		pos_from_store(&old, &sr);
		store_file_clear(&sr);
		f->retired_stored = 1;
	}
	feed_restore(&f->feed, rc == 0 ? &pos : NULL, rr == 0 ? &old : NULL);
	return 0;
}

int
source_read(struct source *s, struct store *st, int64_t now_ms,
    size_t budget)
{
	struct source_file *f;
	size_t i;
	int more = 0;

	source_expand(s);
	for (i = 0; i < s->nfiles; i++) {
		f = s->files[i];
		if (!feed_restored(&f->feed) && file_restore(f, st) == -1)
			continue;
		/* The store is behind: wait for it rather than pile up. */
		if (f->q.n >= SOURCE_MAX_PENDING)
			continue;
		if (feed_check(&f->feed, now_ms, budget))
			more = 1;
	}
	return more;
}

int64_t
source_quiet(struct source *s, int64_t now_ms)
{
	int64_t t = -1;
	size_t i;
	int q;

	for (i = 0; i < s->nfiles; i++) {
		q = feed_quiet(&s->files[i]->feed, now_ms);
		if (q >= 0 && (t < 0 || q < t))
			t = q;
	}
	return t;
}

int
source_dirty(const struct source *s)
{
	size_t i;

	for (i = 0; i < s->nfiles; i++)
		if (feed_dirty(&s->files[i]->feed) || s->files[i]->q.n > 0)
			return 1;
	return 0;
}

/* One file's share of the commit.  Hits written, or -1 and *cause. */
static int
file_commit(struct source_file *f, struct store *st, struct incidents *inc,
    int64_t now_ms, char **cause)
{
	struct store_file sf;
	struct tail_mark safe;
	struct tail_pos pos;
	int n, has_pos;

	has_pos = feed_position(&f->feed, &safe, &pos);
	if ((n = hitq_commit(&f->q, &safe, inc, now_ms, cause)) == -1)
		return -1;
	/* The log's own clock moves its quiet periods and escalations on. */
	if (f->clock_ms != 0 && tail_mark_le(&f->clock_mark, &safe) &&
	    incident_advance(inc, f->src->sc->name, f->clock_ms, now_ms,
	    cause) == -1)
		return -1;
	if (has_pos) {
		pos_to_store(&sf, f, &pos);
		if (store_file_put(st, &sf, cause) == -1)
			return -1;
	}
	/* The rotated file still read, or that it is done with. */
	f->retired_pending = feed_retired(&f->feed, &pos);
	if (f->retired_pending) {
		pos_to_store(&sf, f, &pos);
		if (store_retired_put(st, &sf, cause) == -1)
			return -1;
	} else if (f->retired_stored && store_retired_del(st,
	    f->src->sc->name, feed_path(&f->feed), cause) == -1)
		return -1;
	return n;
}

/* What a counter grew by; a follower's counters only grow. */
static uint64_t
grew(uint64_t now, uint64_t before)
{
	return now >= before ? now - before : now;
}

/*
 * Add what f read since the last commit to the store's counters, in the
 * same transaction as its position: a line read again after a crash was
 * not counted the first time.  A follower starts from zero (after a
 * reload too), and so does what it has counted.
 */
static int
file_count(struct source *s, struct source_file *f, struct store *st,
    char **cause)
{
	const struct tail_stats *ts = feed_stats(&f->feed);
	const struct tail_stats *c = &f->counted;
	uint64_t lines, bytes, cut, rot;

	f->counting = *ts;
	lines = grew(ts->lines, c->lines);
	bytes = grew(ts->bytes, c->bytes);
	cut = grew(ts->cut, c->cut);
	rot = grew(ts->rotations + ts->truncations,
	    c->rotations + c->truncations);
	if (lines == 0 && bytes == 0 && cut == 0 && rot == 0)
		return 0;
	return store_totals_add(st, s->sc->name, feed_path(&f->feed), lines,
	    bytes, cut, rot, cause);
}

int
source_commit(struct source *s, struct store *st, struct incidents *inc,
    int64_t now_ms, char **cause)
{
	size_t i;
	int n, hits = 0;

	for (i = 0; i < s->nfiles; i++) {
		s->files[i]->counting = s->files[i]->counted;
		if (!feed_dirty(&s->files[i]->feed) && s->files[i]->q.n == 0)
			continue;
		if ((n = file_commit(s->files[i], st, inc, now_ms, cause)) == -1)
			return -1;
		if (file_count(s, s->files[i], st, cause) == -1)
			return -1;
		hits += n;
	}
	return hits;
}

void
source_committed(struct source *s)
{
	size_t i;

	for (i = 0; i < s->nfiles; i++) {
		hitq_committed(&s->files[i]->q);
		feed_committed(&s->files[i]->feed);
		s->files[i]->retired_stored = s->files[i]->retired_pending;
		s->files[i]->counted = s->files[i]->counting;
	}
}

void
source_uncommitted(struct source *s)
{
	size_t i;

	for (i = 0; i < s->nfiles; i++)
		hitq_uncommitted(&s->files[i]->q);
}

void
source_observe(struct source *s, int64_t now, struct source_health *h)
{
	int64_t mtime, newest = 0;
	size_t j;
	int present = 0;

	memset(h, 0, sizeof(*h));
	h->source = s->sc->name;
	h->path = s->sc->path;
	h->expect_every_ms = s->sc->expect_every_ms;
	h->missing_ms = s->sc->missing_ms;
	for (j = 0; j < s->nfiles; j++) {
		const struct feed *fd = &s->files[j]->feed;

		if (feed_state(fd) == TAIL_ERROR && h->error == NULL)
			h->error = feed_error(fd);
		if (!feed_present(fd, &mtime))
			continue;
		present = 1;
		if (mtime > newest)
			newest = mtime;
	}
	/*
	 * When it was last written, in our time: file times are compared
	 * with file times only.  A file time that changed since the last
	 * look was a write since then; the first one seen is taken as it is
	 * (or as now, if it lies ahead).  So a step of the wall clock, or a
	 * file server whose clock is off, makes no log look silent.
	 */
	if (present && newest != s->seen_write) {
		s->write_at = s->seen_write == 0 && newest < now ? newest : now;
		s->seen_write = newest;
	}
	if (present)
		h->last_write_ms = s->write_at;
	if (present) {
		s->had_file = 1;
		s->missing_since = 0;
	} else if (s->missing_since == 0)
		s->missing_since = now;
	h->missing_since_ms = s->missing_since;
	h->had_file = s->had_file;
}

void
source_publish(const struct source *s, struct snapshot_source **out,
    size_t *n, size_t *cap)
{
	const struct tail_stats *ts;
	const struct feed *t;
	struct snapshot_source *o;
	size_t i;

	for (i = 0; i < s->nfiles; i++) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*out = xreallocarray(*out, *cap, sizeof(**out));
		}
		t = &s->files[i]->feed;
		ts = feed_stats(t);
		o = &(*out)[(*n)++];
		memset(o, 0, sizeof(*o));
		o->name = xstrdup(s->sc->name);
		o->path = xstrdup(feed_path(t));
		o->state = feed_state(t) == TAIL_OK ? SNAPSHOT_OK :
		    feed_state(t) == TAIL_WAITING ? SNAPSHOT_WAITING :
		    SNAPSHOT_ERROR;
		o->error = feed_error(t) != NULL ? xstrdup(feed_error(t)) :
		    NULL;
		o->offset = feed_offset(t);
		o->bytes = ts->bytes;
		o->lines = ts->lines;
		o->records = ts->records;
		o->hits = s->files[i]->hits;
		o->cut = ts->cut;
		o->rotations = ts->rotations;
		o->truncations = ts->truncations;
		o->last_record_ms = ts->last_record_ms;
	}
}
