/*
 * snapshot — main loop / HTTP thread hand-over; see snapshot.h.
 */
#include <stdlib.h>
#include <string.h>

#include "http/snapshot.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"

struct snapshot {
	struct platform_mutex	*lock;
	struct sigdb		*db;
	struct snapshot_source	*src;
	size_t			 nsrc;
	uint64_t		 beats;
	uint64_t		 reload_asked;	/* requests so far */
	uint64_t		 reload_taken;	/* of which the loop took */
	uint64_t		 reload_done;	/* and finished */
	struct snapshot_reload	 reload;
	struct snapshot_health	 health;
	struct snapshot_source	*carry;		/* counts before the last
						   reload, by name and path */
	size_t			 ncarry;
	size_t			 configured;	/* sources + inboxes */
	struct snapshot_push	 push;
	void			(*wake)(void *);
	void			*wake_arg;
};

struct snapshot *
snapshot_new(void)
{
	struct snapshot *sn = xcalloc(1, sizeof(*sn));

	sn->lock = platform_mutex_new();
	/* The configuration the daemon started on counts as loaded. */
	sn->reload.ok = 1;
	sn->reload.ok_at_ms = platform_steady_ms();
	return sn;
}

void
snapshot_free(struct snapshot *sn)
{
	if (sn == NULL)
		return;
	sigdb_free(sn->db);
	xfree(sn->push.last_error);
	snapshot_sources_free(sn->src, sn->nsrc);
	snapshot_sources_free(sn->carry, sn->ncarry);
	xfree(sn->reload.error);
	snapshot_health_clear(&sn->health);
	platform_mutex_free(sn->lock);
	xfree(sn);
}

void
snapshot_set_db(struct snapshot *sn, struct sigdb *db)
{
	struct sigdb *old;

	sigdb_ref(db);
	platform_mutex_lock(sn->lock);
	old = sn->db;
	sn->db = db;
	platform_mutex_unlock(sn->lock);
	sigdb_free(old);
}

struct sigdb *
snapshot_db(struct snapshot *sn)
{
	struct sigdb *db;

	platform_mutex_lock(sn->lock);
	db = sn->db != NULL ? sigdb_ref(sn->db) : NULL;
	platform_mutex_unlock(sn->lock);
	return db;
}

static int
carry_cmp(const void *a, const void *b)
{
	const struct snapshot_source *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->path, y->path);
}

void
snapshot_set_configured(struct snapshot *sn, size_t n)
{
	platform_mutex_lock(sn->lock);
	sn->configured = n;
	platform_mutex_unlock(sn->lock);
}

size_t
snapshot_configured(struct snapshot *sn)
{
	size_t n;

	platform_mutex_lock(sn->lock);
	n = sn->configured;
	platform_mutex_unlock(sn->lock);
	return n;
}

void
snapshot_carry(struct snapshot *sn)
{
	struct snapshot_source *c, *old;
	size_t n, nold;

	/* The main thread is the only one that publishes: no race here. */
	c = snapshot_sources(sn, &n);
	qsort(c, n, sizeof(*c), carry_cmp);
	platform_mutex_lock(sn->lock);
	old = sn->carry;
	nold = sn->ncarry;
	sn->carry = c;
	sn->ncarry = n;
	platform_mutex_unlock(sn->lock);
	snapshot_sources_free(old, nold);
}

/* The counts a source had before the last reload go on from there. */
static void
carry_add(const struct snapshot *sn, struct snapshot_source *s)
{
	const struct snapshot_source *c;

	if (sn->ncarry == 0)
		return;
	c = bsearch(s, sn->carry, sn->ncarry, sizeof(*c), carry_cmp);
	if (c == NULL)
		return;
	s->bytes += c->bytes;
	s->lines += c->lines;
	s->records += c->records;
	s->hits += c->hits;
	s->cut += c->cut;
	s->rotations += c->rotations;
	s->truncations += c->truncations;
	if (s->last_record_ms == 0)
		s->last_record_ms = c->last_record_ms;
}

void
snapshot_publish(struct snapshot *sn, struct snapshot_source *src, size_t n)
{
	struct snapshot_source *old;
	size_t nold, i;

	for (i = 0; i < n; i++)
		carry_add(sn, &src[i]);
	platform_mutex_lock(sn->lock);
	old = sn->src;
	nold = sn->nsrc;
	sn->src = src;
	sn->nsrc = n;
	platform_mutex_unlock(sn->lock);
	snapshot_sources_free(old, nold);
}

struct snapshot_source *
snapshot_sources(struct snapshot *sn, size_t *n)
{
	struct snapshot_source *copy;
	size_t i;

	platform_mutex_lock(sn->lock);
	copy = xcalloc(sn->nsrc + 1, sizeof(*copy));
	for (i = 0; i < sn->nsrc; i++) {
		copy[i] = sn->src[i];
		copy[i].name = xstrdup(sn->src[i].name);
		copy[i].path = xstrdup(sn->src[i].path);
		copy[i].error = sn->src[i].error != NULL ?
		    xstrdup(sn->src[i].error) : NULL;
	}
	*n = sn->nsrc;
	platform_mutex_unlock(sn->lock);
	return copy;
}

void
snapshot_sources_free(struct snapshot_source *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		xfree(src[i].name);
		xfree(src[i].path);
		xfree(src[i].error);
	}
	xfree(src);
}

void
snapshot_set_waker(struct snapshot *sn, void (*wake)(void *), void *arg)
{
	platform_mutex_lock(sn->lock);
	sn->wake = wake;
	sn->wake_arg = arg;
	platform_mutex_unlock(sn->lock);
}

void
snapshot_heartbeat(struct snapshot *sn)
{
	platform_mutex_lock(sn->lock);
	sn->beats++;
	platform_mutex_unlock(sn->lock);
}

int
snapshot_wait_beat(struct snapshot *sn, int wait_ms)
{
	void (*wake)(void *);
	void *arg;
	uint64_t before, now;
	int64_t until = platform_mono_ms() + wait_ms;

	platform_mutex_lock(sn->lock);
	before = sn->beats;
	wake = sn->wake;
	arg = sn->wake_arg;
	platform_mutex_unlock(sn->lock);
	if (wake == NULL)
		return 1;
	wake(arg);
	/* A health check is rare: polling the counter is plenty. */
	do {
		platform_sleep_ms(5);
		platform_mutex_lock(sn->lock);
		now = sn->beats;
		platform_mutex_unlock(sn->lock);
		if (now != before)
			return 1;
	} while (platform_mono_ms() < until);
	return 0;
}

int
snapshot_request_reload(struct snapshot *sn, int wait_ms, char **error)
{
	void (*wake)(void *);
	void *arg;
	uint64_t mine;
	int64_t until = platform_mono_ms() + wait_ms;
	int rc = -1;

	platform_mutex_lock(sn->lock);
	mine = ++sn->reload_asked;
	wake = sn->wake;
	arg = sn->wake_arg;
	platform_mutex_unlock(sn->lock);
	if (wake != NULL)
		wake(arg);
	do {
		platform_sleep_ms(10);
		platform_mutex_lock(sn->lock);
		if (sn->reload_done >= mine) {
			rc = sn->reload.error == NULL;
			if (!rc)
				*error = xstrdup(sn->reload.error);
		}
		platform_mutex_unlock(sn->lock);
	} while (rc == -1 && platform_mono_ms() < until);
	return rc;
}

int
snapshot_take_reload(struct snapshot *sn)
{
	int want;

	platform_mutex_lock(sn->lock);
	want = sn->reload_asked > sn->reload_taken;
	sn->reload_taken = sn->reload_asked;
	platform_mutex_unlock(sn->lock);
	return want;
}

void
snapshot_reload_done(struct snapshot *sn, int64_t now_ms, const char *error)
{
	platform_mutex_lock(sn->lock);
	sn->reload_done = sn->reload_taken;
	sn->reload.at_ms = now_ms;
	sn->reload.ok = error == NULL;
	if (error == NULL)
		sn->reload.ok_at_ms = now_ms;
	xfree(sn->reload.error);
	sn->reload.error = error != NULL ? xstrdup(error) : NULL;
	platform_mutex_unlock(sn->lock);
}

void
snapshot_health_clear(struct snapshot_health *h)
{
	size_t i;

	for (i = 0; i < h->nproblems; i++)
		xfree(h->problems[i]);
	xfree(h->problems);
	for (i = 0; i < h->nlimits; i++)
		xfree(h->limits[i].signature);
	xfree(h->limits);
	memset(h, 0, sizeof(*h));
}

void
snapshot_set_health(struct snapshot *sn, struct snapshot_health *h)
{
	struct snapshot_health old;

	platform_mutex_lock(sn->lock);
	old = sn->health;
	sn->health = *h;
	platform_mutex_unlock(sn->lock);
	memset(h, 0, sizeof(*h));
	snapshot_health_clear(&old);
}

void
snapshot_health(struct snapshot *sn, struct snapshot_health *out)
{
	size_t i;

	platform_mutex_lock(sn->lock);
	*out = sn->health;
	out->problems = xcalloc(out->nproblems + 1, sizeof(*out->problems));
	for (i = 0; i < out->nproblems; i++)
		out->problems[i] = xstrdup(sn->health.problems[i]);
	out->limits = xcalloc(out->nlimits + 1, sizeof(*out->limits));
	for (i = 0; i < out->nlimits; i++) {
		out->limits[i].signature =
		    xstrdup(sn->health.limits[i].signature);
		out->limits[i].hits = sn->health.limits[i].hits;
	}
	platform_mutex_unlock(sn->lock);
}

void
snapshot_last_reload(struct snapshot *sn, struct snapshot_reload *out)
{
	platform_mutex_lock(sn->lock);
	*out = sn->reload;
	out->error = sn->reload.error != NULL ? xstrdup(sn->reload.error) :
	    NULL;
	platform_mutex_unlock(sn->lock);
}

void
snapshot_set_push(struct snapshot *sn, const struct snapshot_push *p)
{
	platform_mutex_lock(sn->lock);
	xfree(sn->push.last_error);
	sn->push = *p;
	sn->push.last_error = p->last_error != NULL ?
	    xstrdup(p->last_error) : NULL;
	platform_mutex_unlock(sn->lock);
}

void
snapshot_push(struct snapshot *sn, struct snapshot_push *out)
{
	platform_mutex_lock(sn->lock);
	*out = sn->push;
	out->last_error = sn->push.last_error != NULL ?
	    xstrdup(sn->push.last_error) : NULL;
	platform_mutex_unlock(sn->lock);
}
