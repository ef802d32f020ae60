/*
 * tail — one followed file; see tail.h for the model.
 *
 * Life of a follower:
 *
 *   closed --open()--> reading --path names another file--> draining
 *      ^                  |                                     |
 *      |             shrank / head changed               EOF reached, last
 *      |                  v                              record flushed and
 *      +------------- reset to 0                         committed
 *      +-----------------------------------------------------+
 *
 * Offsets are raw byte offsets into the file, read with positional reads
 * only (platform_pread), so nothing depends on a file pointer.  The reader
 * knows the safe point; the follower knows the file: its identity (device
 * and inode, or volume and file index) and a fingerprint of its first
 * bytes, which together tell the file we were reading from a new one that
 * took its name.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "conf/config.h"
#include "decode/event.h"
#include "decode/reader.h"
#include "follow/rotated.h"
#include "follow/startpos.h"
#include "follow/tail-int.h"
#include "follow/tail.h"
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "lib/attr.h"


/*
 * One read buffer for every follower: the daemon reads one file at a
 * time, and a thousand sources must not cost a quarter of a gigabyte.
 */
static char *
tail_buffer(void)
{
	static char *buf;

	if (buf == NULL)
		buf = xmalloc(TAIL_CHUNK);
	return buf;
}

int
tail_mark_le(const struct tail_mark *a, const struct tail_mark *b)
{
	return a->gen < b->gen || (a->gen == b->gen && a->off <= b->off);
}

void
tail_set_error(struct tail *t, enum tail_state st, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Log a problem once, not on every retry. */
	if (t->state != st || t->error == NULL || strcmp(t->error, msg) != 0) {
		if (st == TAIL_ERROR)
			log_errorx("source %s: %s", t->sc->name, msg);
		else
			log_notice("source %s: %s", t->sc->name, msg);
	}
	xfree(t->error);
	t->error = xstrdup(msg);
	t->state = st;
}

/* A record of the live file: its mark is where it ends. */
static void
on_record(void *arg, const struct event *ev)
{
	struct tail *t = arg;
	struct tail_mark end = { t->gen, ev->end_offset };

	t->stats.records++;
	if (ev->flags & (EVENT_CUT | EVENT_LINE_CUT))
		t->stats.cut++;
	if (ev->has_time)
		t->stats.last_record_ms = ev->time_ms;
	t->cb(t->arg, ev, &end);
}

struct tail *
tail_new(const struct source_conf *sc, const char *path, int existed_at_start,
    tail_record_cb cb, void *arg)
{
	struct tail *t = xcalloc(1, sizeof(*t));

	t->sc = sc;
	t->path = xstrdup(path);
	t->cb = cb;
	t->arg = arg;
	t->existed_at_start = existed_at_start;
	t->state = TAIL_WAITING;
	t->buf = tail_buffer();
	return t;
}

void
tail_close(struct tail *t)
{
	platform_close(t->f);
	t->f = NULL;
	reader_free(t->r);
	t->r = NULL;
	t->draining = t->switch_ready = t->drain_copy = 0;
	t->hold_since = 0;
}

void
tail_free(struct tail *t)
{
	if (t == NULL)
		return;
	tail_forget_old(t);
	tail_close(t);
	xfree(t->path);
	xfree(t->error);
	xfree(t);
}

void
tail_restore(struct tail *t, const struct tail_pos *saved,
    const struct tail_pos *retired)
{
	t->restored = 1;
	t->have_saved = saved != NULL;
	if (saved != NULL)
		t->saved = *saved;
	t->have_saved_old = retired != NULL;
	if (retired != NULL)
		t->saved_old = *retired;
}

int
tail_restored(const struct tail *t)
{
	return t->restored;
}

/* A reader for this file in its format, resumed at a saved position. */
struct reader *
tail_reader(struct tail *t, int format, reader_record_cb cb,
    enum text_encoding enc, uint64_t off, uint64_t line)
{
	struct reader *r;
	struct tzif *zone;
	char *cause = NULL;

	if (format <= FMT_AUTO || format >= FMT_COUNT)
		format = t->sc->format;
	r = reader_new((enum event_format)format, t->sc->max_record,
	    t->sc->tz_minutes, cb, t);
	/*
	 * Checked when the configuration was read; a zone file gone since is
	 * no reason to stop following: the fixed offset stays.
	 */
	if (t->sc->tz_name != NULL &&
	    (zone = platform_zone(t->sc->tz_name, &cause)) != NULL)
		reader_set_zone(r, zone);
	xfree(cause);
	reader_resume(r, enc, off, line);
	return r;
}

/* Open the path and decide where to start reading.  0 or -1 (state set). */
static int
tail_open(struct tail *t)
{
	struct platform_file *f;
	struct platform_stat st;
	uint64_t off = 0, line = 0, h;
	enum text_encoding enc = TEXT_ENC_UNKNOWN;
	int fmt = t->sc->format;

	if ((f = platform_open_log(t->path)) == NULL) {
		if (errno == ENOENT) {
			/* When it appears, it is a new file: read it all. */
			t->existed_at_start = 0;
			tail_set_error(t, TAIL_WAITING, "%s: waiting for the "
			    "file to appear", t->path);
		} else
			tail_set_error(t, TAIL_ERROR, "%s: %s", t->path,
			    strerror(errno));
		return -1;
	}
	if (platform_fstat(f, &st) == -1 || st.type != PLATFORM_REG) {
		tail_set_error(t, TAIL_ERROR, "%s: not a regular file",
		    t->path);
		platform_close(f);
		return -1;
	}
	t->id = st;
	t->fp_len = st.size < TAIL_FP_MAX ? (uint32_t)st.size : TAIL_FP_MAX;
	if (rotated_head_hash(f, t->fp_len, &t->fp) == -1) {
		t->fp_len = 0;
		t->fp = hash_fnv1a("", 0);
	}

	if (t->have_saved) {
		/*
		 * The file we were reading before the restart?  Its head must
		 * be unchanged, and either the identity is the same or the
		 * head is long enough to identify the file on its own.
		 */
		struct tail_pos *s = &t->saved;
		int same = s->fp_len <= st.size &&
		    rotated_head_hash(f, s->fp_len, &h) == 0 && h == s->fingerprint &&
		    st.size >= s->offset && ((s->dev == st.dev &&
		    s->ino == st.ino) || s->fp_len >= TAIL_FP_TRUST);

		if (same) {
			off = s->offset;
			line = s->line;
			enc = (enum text_encoding)s->encoding;
			if (s->format > FMT_AUTO && s->format < FMT_COUNT)
				fmt = s->format;
		} else {
			log_info("source %s: %s was replaced while stopped; "
			    "reading it from the start", t->sc->name, t->path);
			tail_recover_rotated(t, &st);
		}
		t->have_saved = 0;
	} else if (t->existed_at_start && t->sc->start_at_end)
		off = tail_end_position(f, t->buf, TAIL_CHUNK, st.size, &enc, &line);
	t->existed_at_start = 0;	/* a later re-creation starts at 0 */

	t->f = f;
	t->read_off = off;
	t->r = tail_reader(t, fmt, on_record, enc, off, line);
	t->moved = 1;
	/* Said once it is true: open, after waiting for it or an error. */
	if (t->state != TAIL_OK)
		log_info("source %s: following %s", t->sc->name, t->path);
	t->state = TAIL_OK;
	xfree(t->error);
	t->error = NULL;
	return 0;
}

/*
 * Feed len bytes of buf to reader r, counting what they were.  The lines
 * counter is the sum over every reader the follower has used.
 */
void
tail_feed(struct tail *t, struct reader *r, const char *buf, size_t len)
{
	uint64_t before = reader_stats(r)->lines;

	reader_feed(r, buf, len);
	t->stats.bytes += len;
	t->stats.lines += reader_stats(r)->lines - before;
	t->moved = 1;
}

/* Read up to budget bytes.  1 if more is waiting, 0 at EOF, -1 on error. */
static int
tail_read(struct tail *t, size_t *budget)
{
	int64_t r;

	while (*budget > 0) {
		size_t want = *budget < TAIL_CHUNK ? *budget : TAIL_CHUNK;

		r = platform_pread(t->f, t->buf, want, t->read_off);
		if (r == -1) {
			tail_set_error(t, TAIL_ERROR, "%s: %s", t->path,
			    strerror(errno));
			return -1;
		}
		if (r == 0)
			break;
		t->read_off += (uint64_t)r;
		t->last_data_ms = t->now_ms;
		*budget -= (size_t)r;
		tail_feed(t, t->r, t->buf, (size_t)r);
	}
	/* Keep the fingerprint growing with a young file's head. */
	if (t->fp_len < TAIL_FP_MAX && t->read_off > t->fp_len) {
		uint32_t n = t->read_off < TAIL_FP_MAX ?
		    (uint32_t)t->read_off : TAIL_FP_MAX;
		uint64_t h;

		if (rotated_head_hash(t->f, n, &h) == 0) {
			t->fp = h;
			t->fp_len = n;
		}
	}
	return *budget == 0;
}

/* Flush what the reader holds: the file is finished or has gone quiet. */
static void
tail_flush(struct tail *t)
{
	if (t->r == NULL)
		return;
	/* A last line without terminator is complete once the file is. */
	if (t->draining)
		reader_finish(t->r);
	else
		reader_flush(t->r);
	t->moved = 1;
}

/* The path names another file, or none: finish this one first. */
static int
path_moved(struct tail *t)
{
	struct platform_stat pst;

	return platform_stat(t->path, &pst) == -1 ||
	    !platform_same_file(&pst, &t->id);
}

/* The file shrank, or its first bytes changed: copytruncate or rewrite. */
static int
was_truncated(struct tail *t, const struct platform_stat *st)
{
	uint64_t h;

	return st->size < t->read_off || (t->fp_len > 0 &&
	    (st->size < t->fp_len || rotated_head_hash(t->f, t->fp_len, &h) == -1 ||
	    h != t->fp));
}

int
tail_check(struct tail *t, int64_t now_ms, size_t budget)
{
	struct platform_stat st;
	int more;

	t->now_ms = now_ms;
	if (!t->restored)
		return 0;		/* the owner has not read the store yet */
	if (t->have_saved_old)
		tail_restore_old(t);
	tail_read_old(t);
	if (t->switch_ready) {
		if (t->moved)
			return 0;	/* the old file's end is not committed */
		tail_retire(t);
		t->stats.rotations++;
	}
	if (t->f == NULL && tail_open(t) == -1)
		return 0;

	if (!t->draining) {
		if (platform_fstat(t->f, &st) == -1) {
			tail_set_error(t, TAIL_ERROR, "%s: %s", t->path,
			    strerror(errno));
			return 0;
		}
		if (path_moved(t)) {
			/* Renamed or deleted: finish this file first. */
			t->draining = 1;
		} else if (was_truncated(t, &st) && tail_to_copy(t, &st)) {
			/* Its unread end is in the copy: finish that first. */
		} else if (was_truncated(t, &st)) {
			log_info("source %s: %s was truncated; reading it from "
			    "the start", t->sc->name, t->path);
			/*
			 * The records held came from content that is gone;
			 * the new generation makes them commit with the new
			 * file's first position.
			 */
			reader_flush(t->r);
			t->gen++;
			t->stats.truncations++;
			tail_close(t);
			t->existed_at_start = 0;
			if (tail_open(t) == -1)
				return 0;
		}
	}
	more = tail_read(t, &budget);
	if (more != 0)
		return more > 0;
	if (t->draining) {
		tail_flush(t);
		t->switch_ready = 1;
		return 1;		/* come back after the commit */
	}
	return 0;
}

int
tail_quiet(struct tail *t, int64_t now_ms)
{
	int64_t due, cap, od = tail_old_due(t, now_ms);
	uint64_t off, line;

	if (t->r == NULL || !reader_holding(t->r)) {
		t->hold_since = 0;
		return (int)od;
	}
	/*
	 * A record is held until its file goes quiet, but not for ever: one
	 * that keeps growing (a stack trace written line by line, less than
	 * the quiet period apart) is passed on after TAIL_MAX_HOLD_MS, so
	 * that its hit is committed.  What follows continues it (event.h).
	 */
	reader_safe_point(t->r, &off, &line);
	if (t->hold_since == 0 || off != t->hold_off) {
		t->hold_since = now_ms;
		t->hold_off = off;
	}
	due = t->last_data_ms + t->sc->quiet_ms;
	cap = t->hold_since + (t->sc->quiet_ms > TAIL_MAX_HOLD_MS ?
	    t->sc->quiet_ms : TAIL_MAX_HOLD_MS);
	if (cap < due)
		due = cap;
	if (now_ms >= due) {
		reader_flush(t->r);
		t->hold_since = 0;
		t->moved = 1;
		return (int)od;
	}
	due -= now_ms;
	return (int)(od >= 0 && od < due ? od : due);
}

int
tail_position(const struct tail *t, struct tail_mark *safe,
    struct tail_pos *pos)
{
	uint64_t off, line;

	safe->gen = t->gen;
	safe->off = 0;
	if (t->f == NULL)
		return 0;
	reader_safe_point(t->r, &off, &line);
	safe->off = off;
	memset(pos, 0, sizeof(*pos));
	pos->dev = t->id.dev;
	pos->ino = t->id.ino;
	pos->fingerprint = t->fp;
	pos->fp_len = t->fp_len;
	pos->offset = off;
	pos->line = line;
	pos->encoding = (int)reader_encoding(t->r);
	pos->format = (int)reader_format(t->r);
	return 1;
}

void
tail_committed(struct tail *t)
{
	struct tail_mark safe;
	struct tail_pos pos;

	if (tail_position(t, &safe, &pos))
		t->committed_off = pos.offset;
	t->moved = 0;
}

int
tail_dirty(const struct tail *t)
{
	return t->moved;
}

const char *
tail_path(const struct tail *t)
{
	return t->path;
}

enum tail_state
tail_state(const struct tail *t)
{
	return t->state;
}

const char *
tail_error(const struct tail *t)
{
	return t->error;
}

uint64_t
tail_offset(const struct tail *t)
{
	return t->committed_off;
}

const struct tail_stats *
tail_stats(const struct tail *t)
{
	return &t->stats;
}
