/*
 * evtail — one followed event log; see evtail.h.
 *
 *   closed --open--> positioned --read after N--> records to the owner
 *     ^                                  |
 *     +---- cannot open / unreadable ----+ (error state, retried)
 *
 * The first read after opening decides where to start: after the stored
 * record number if the log still holds it, from the oldest record if the
 * log was cleared since (its newest number is below ours), or from the
 * oldest after a warning if it wrapped past us.  A replayed capture is
 * opened again when the file changes, and read from the same position:
 * that is how a test appends events.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "conf/config.h"
#include "decode/event.h"
#include "decode/evlog.h"
#include "follow/evtail.h"
#include "lib/attr.h"
#include "lib/log.h"
#include "lib/winevent.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

struct evtail {
	const struct source_conf *sc;
	tail_record_cb	 cb;
	void		*arg;
	int		 first_start;
	int		 restored;
	int		 have_saved;
	struct tail_pos	 saved;

	struct platform_evlog *l;
	int		 positioned;	/* the first read decided where */
	struct platform_stat replay_st;	/* of the capture when opened */
	int64_t		 next_try;	/* wall clock: open again */
	uint64_t	 after;		/* the last record read ... */
	int64_t		 after_ms;	/* ... and its time */
	uint64_t	 committed;
	int		 moved;
	size_t		 budget;	/* records left in this check */
	int64_t		 newest_ms;
	enum tail_state	 state;
	char		*error;
	struct tail_stats stats;
	struct evlog_rec rec;
};

static void
ev_set_error(struct evtail *e, const char *fmt, ...) PRINTFLIKE(2, 3);

static void
ev_set_error(struct evtail *e, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (e->state != TAIL_ERROR || e->error == NULL ||
	    strcmp(e->error, msg) != 0)
		log_errorx("source %s: %s", e->sc->name, msg);
	xfree(e->error);
	e->error = xstrdup(msg);
	e->state = TAIL_ERROR;
}

struct evtail *
evtail_new(const struct source_conf *sc, int first_start, tail_record_cb cb,
    void *arg)
{
	struct evtail *e = xcalloc(1, sizeof(*e));

	e->sc = sc;
	e->first_start = first_start;
	e->cb = cb;
	e->arg = arg;
	e->state = TAIL_WAITING;
	return e;
}

static void
ev_close(struct evtail *e)
{
	platform_evlog_close(e->l);
	e->l = NULL;
	e->positioned = 0;
}

void
evtail_free(struct evtail *e)
{
	if (e == NULL)
		return;
	ev_close(e);
	evlog_rec_free(&e->rec);
	xfree(e->error);
	xfree(e);
}

void
evtail_restore(struct evtail *e, const struct tail_pos *saved)
{
	e->restored = 1;
	e->have_saved = saved != NULL;
	if (saved != NULL) {
		e->saved = *saved;
		e->after = e->committed = saved->offset;
		e->after_ms = (int64_t)saved->fingerprint;
	}
}

int
evtail_restored(const struct evtail *e)
{
	return e->restored;
}

static const char *
ev_name(const struct evtail *e)
{
	return e->sc->channel != NULL ? e->sc->channel : e->sc->replay;
}

/* Open the log (or the capture).  0, or -1 with the state set. */
static int
ev_open(struct evtail *e)
{
	const char *why = NULL;
	char *cause = NULL;

	if (e->sc->replay != NULL) {
		if (platform_stat(e->sc->replay, &e->replay_st) == -1) {
			if (errno == ENOENT) {
				e->state = TAIL_WAITING;
				return -1;
			}
			ev_set_error(e, "%s: %s", e->sc->replay,
			    strerror(errno));
			return -1;
		}
		e->l = platform_evlog_open_replay(e->sc->replay, &cause);
	} else
		e->l = platform_evlog_open(e->sc->channel, &cause);
	if (e->l == NULL) {
		ev_set_error(e, "%s", cause);
		xfree(cause);
		return -1;
	}
	if (platform_evlog_state(e->l, &why) == PLATFORM_EVLOG_UNREADABLE) {
		ev_set_error(e, "%s: %s", ev_name(e), why != NULL ? why :
		    "cannot be read");
		ev_close(e);
		return -1;
	}
	if (e->state != TAIL_OK)
		log_info("source %s: reading the event log %s", e->sc->name,
		    ev_name(e));
	e->state = TAIL_OK;
	xfree(e->error);
	e->error = NULL;
	return 0;
}

/* The first read after opening: where to start in what the log holds. */
static void
ev_position(struct evtail *e)
{
	uint64_t oldest = 1, count = 0, newest;

	e->positioned = 1;
	if (platform_evlog_range(e->l, &oldest, &count) == -1)
		return;			/* read from where we are */
	newest = count > 0 ? oldest + count - 1 : oldest - 1;
	if (!e->have_saved && e->first_start) {
		if (e->sc->start_at_end) {
			e->after = newest;
			e->moved = 1;
		}
		e->first_start = 0;
		return;
	}
	/* Every later opening: does the log still hold where we are? */
	e->have_saved = e->first_start = 0;
	if (e->after > newest) {
		log_notice("source %s: %s was cleared since record %llu was "
		    "read; reading it from its oldest record", e->sc->name,
		    ev_name(e), (unsigned long long)e->after);
		e->after = 0;
		e->moved = 1;
	} else if (count > 0 && e->after + 1 < oldest) {
		log_warnx("source %s: %s wrapped while it was not read: "
		    "records %llu to %llu were overwritten unread", e->sc->name,
		    ev_name(e), (unsigned long long)e->after + 1,
		    (unsigned long long)oldest - 1);
		e->after = oldest - 1;
		e->moved = 1;
	}
}

static int
on_winevent(void *arg, const struct winevent *we)
{
	struct evtail *e = arg;
	struct tail_mark end;
	struct event ev;

	evlog_map(we, e->sc->max_record, &e->rec, &ev);
	ev.line = ev.last_line = we->record;
	ev.end_offset = we->record;
	end.gen = 0;
	end.off = we->record;
	e->after = we->record;
	e->after_ms = ev.has_time ? ev.time_ms : 0;
	if (ev.has_time) {
		e->stats.last_record_ms = ev.time_ms;
		if (ev.time_ms > e->newest_ms)
			e->newest_ms = ev.time_ms;
	}
	e->stats.records++;
	e->stats.lines++;
	e->stats.bytes += ev.text_len;
	if (ev.flags & (EVENT_CUT | EVENT_LINE_CUT))
		e->stats.cut++;
	e->moved = 1;
	e->cb(e->arg, &ev, &end);
	return --e->budget == 0;
}

int
evtail_check(struct evtail *e, int64_t now_ms, size_t budget)
{
	struct platform_stat st;
	char *cause = NULL;
	int64_t n;

	if (!e->restored)
		return 0;
	/* A capture that changed is read again, from where we are. */
	if (e->l != NULL && e->sc->replay != NULL &&
	    (platform_stat(e->sc->replay, &st) == -1 ||
	    !platform_same_file(&st, &e->replay_st) ||
	    st.size != e->replay_st.size ||
	    st.mtime_ms != e->replay_st.mtime_ms)) {
		ev_close(e);
		e->next_try = 0;
	}
	if (e->l == NULL) {
		if (now_ms < e->next_try)
			return 0;
		if (ev_open(e) == -1) {
			e->next_try = now_ms + EVTAIL_RETRY_MS;
			return 0;
		}
	}
	if (!e->positioned)
		ev_position(e);
	/* A record is worth about a line of a file: a few hundred bytes. */
	e->budget = budget / 256 > 0 ? budget / 256 : 1;
	n = platform_evlog_read(e->l, e->after, on_winevent, e, &cause);
	if (n == -1) {
		ev_set_error(e, "%s", cause);
		xfree(cause);
		ev_close(e);
		e->next_try = now_ms + EVTAIL_RETRY_MS;
		return 0;
	}
	return e->budget == 0;
}

int
evtail_position(const struct evtail *e, struct tail_mark *safe,
    struct tail_pos *pos)
{
	safe->gen = 0;
	safe->off = e->after;
	memset(pos, 0, sizeof(*pos));
	pos->offset = e->after;
	pos->line = e->after;
	pos->fingerprint = (uint64_t)e->after_ms;
	pos->format = FMT_EVENTLOG;
	return 1;
}

void
evtail_committed(struct evtail *e)
{
	e->committed = e->after;
	e->moved = 0;
}

int
evtail_dirty(const struct evtail *e)
{
	return e->moved;
}

const char *
evtail_path(const struct evtail *e)
{
	return e->sc->path;
}

enum tail_state
evtail_state(const struct evtail *e)
{
	return e->state;
}

const char *
evtail_error(const struct evtail *e)
{
	return e->error;
}

uint64_t
evtail_offset(const struct evtail *e)
{
	return e->committed;
}

const struct tail_stats *
evtail_stats(const struct evtail *e)
{
	return &e->stats;
}

int
evtail_present(const struct evtail *e, int64_t *newest_ms)
{
	*newest_ms = e->newest_ms;
	return e->state == TAIL_OK;
}
