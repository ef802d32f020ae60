/*
 * feed — a followed file or event log behind one set of calls; see feed.h.
 */
#include "follow/evtail.h"
#include "follow/feed.h"
#include "follow/tail.h"
#include "platform/platform.h"

void
feed_free(struct feed *f)
{
	tail_free(f->tail);
	evtail_free(f->ev);
	f->tail = NULL;
	f->ev = NULL;
}

void
feed_restore(struct feed *f, const struct tail_pos *pos,
    const struct tail_pos *retired)
{
	if (f->tail != NULL)
		tail_restore(f->tail, pos, retired);
	else
		evtail_restore(f->ev, pos);
}

int
feed_restored(const struct feed *f)
{
	return f->tail != NULL ? tail_restored(f->tail) :
	    evtail_restored(f->ev);
}

int
feed_check(struct feed *f, int64_t now_ms, size_t budget)
{
	return f->tail != NULL ? tail_check(f->tail, now_ms, budget) :
	    evtail_check(f->ev, now_ms, budget);
}

int
feed_quiet(struct feed *f, int64_t now_ms)
{
	/* Event-log records are whole when they come. */
	return f->tail != NULL ? tail_quiet(f->tail, now_ms) : -1;
}

int
feed_position(const struct feed *f, struct tail_mark *safe,
    struct tail_pos *pos)
{
	return f->tail != NULL ? tail_position(f->tail, safe, pos) :
	    evtail_position(f->ev, safe, pos);
}

int
feed_retired(const struct feed *f, struct tail_pos *pos)
{
	return f->tail != NULL ? tail_retired(f->tail, pos) : 0;
}

void
feed_committed(struct feed *f)
{
	if (f->tail != NULL)
		tail_committed(f->tail);
	else
		evtail_committed(f->ev);
}

int
feed_dirty(const struct feed *f)
{
	return f->tail != NULL ? tail_dirty(f->tail) : evtail_dirty(f->ev);
}

const char *
feed_path(const struct feed *f)
{
	return f->tail != NULL ? tail_path(f->tail) : evtail_path(f->ev);
}

enum tail_state
feed_state(const struct feed *f)
{
	return f->tail != NULL ? tail_state(f->tail) : evtail_state(f->ev);
}

const char *
feed_error(const struct feed *f)
{
	return f->tail != NULL ? tail_error(f->tail) : evtail_error(f->ev);
}

uint64_t
feed_offset(const struct feed *f)
{
	return f->tail != NULL ? tail_offset(f->tail) : evtail_offset(f->ev);
}

const struct tail_stats *
feed_stats(const struct feed *f)
{
	return f->tail != NULL ? tail_stats(f->tail) : evtail_stats(f->ev);
}

int
feed_present(const struct feed *f, int64_t *last_write_ms)
{
	struct platform_stat st;

	if (f->ev != NULL)
		return evtail_present(f->ev, last_write_ms);
	*last_write_ms = 0;
	if (platform_stat(tail_path(f->tail), &st) == -1)
		return 0;
	*last_write_ms = st.mtime_ms;
	return 1;
}
