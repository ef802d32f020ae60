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
#include "follow/tail.h"
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "lib/attr.h"

#define TAIL_CHUNK		(256 * 1024)
#define TAIL_FP_TRUST		256	/* fp bytes that identify on their own */

struct tail {
	const struct source_conf *sc;
	char		*path;
	tail_record_cb	 cb;
	void		*arg;
	int		 existed_at_start;
	int		 restored;
	struct tail_pos	 saved;		/* position found in the store */
	int		 have_saved;

	struct platform_file *f;
	struct platform_stat id;	/* of the open file */
	uint64_t	 read_off;
	uint64_t	 fp;
	uint32_t	 fp_len;
	struct reader	*r;
	uint64_t	 gen;		/* marks: see tail.h */
	int		 draining;	/* the path moved on; finish this file */
	int		 switch_ready;	/* drained and flushed; commit, then switch */

	/*
	 * The rotated file, after the switch: a writer that opened it just
	 * before the rename may still append to it, so it is read for a
	 * while longer.  Its records are complete when emitted and commit
	 * with the next batch.
	 */
	struct platform_file *old_f;
	struct reader	*old_r;
	uint64_t	 old_off;
	int64_t		 old_until;

	uint64_t	 committed_off;
	int		 moved;		/* position changed since the last commit */
	int64_t		 now_ms;
	int64_t		 last_data_ms;
	enum tail_state	 state;
	char		*error;
	struct tail_stats stats;
	char		*buf;		/* TAIL_CHUNK bytes */
};

int
tail_mark_le(const struct tail_mark *a, const struct tail_mark *b)
{
	return a->gen < b->gen || (a->gen == b->gen && a->off <= b->off);
}

static void
tail_set_error(struct tail *t, enum tail_state st, const char *fmt, ...)
    PRINTFLIKE(3, 4);

static void
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

/* A record of the rotated file: complete, it commits with the next batch. */
static void
on_old_record(void *arg, const struct event *ev)
{
	struct tail *t = arg;
	struct tail_mark end = { 0, 0 };

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
	t->buf = xmalloc(TAIL_CHUNK);
	return t;
}

static void
tail_close(struct tail *t)
{
	platform_close(t->f);
	t->f = NULL;
	reader_free(t->r);
	t->r = NULL;
	t->draining = t->switch_ready = 0;
}

static void
tail_forget_old(struct tail *t)
{
	platform_close(t->old_f);
	t->old_f = NULL;
	reader_free(t->old_r);
	t->old_r = NULL;
}

static void tail_read_old(struct tail *);

/*
 * Switch: the drained file becomes the old one, read for a while more
 * (platform_rotated_hold_ms; with none, read once more and let go now).
 */
static void
tail_retire(struct tail *t)
{
	int hold = platform_rotated_hold_ms();

	tail_forget_old(t);
	t->old_f = t->f;
	t->old_r = t->r;
	t->old_off = t->read_off;
	t->old_until = t->now_ms + hold;
	t->f = NULL;
	t->r = NULL;
	t->draining = t->switch_ready = 0;
	t->gen++;
	if (hold == 0)
		tail_read_old(t);
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
	xfree(t->buf);
	xfree(t);
}

void
tail_restore(struct tail *t, const struct tail_pos *saved)
{
	t->restored = 1;
	t->have_saved = saved != NULL;
	if (saved != NULL)
		t->saved = *saved;
}

int
tail_restored(const struct tail *t)
{
	return t->restored;
}

/* Hash of the first n bytes of f; -1 if they cannot all be read. */
static int
head_hash(struct platform_file *f, uint32_t n, uint64_t *hash)
{
	unsigned char buf[TAIL_FP_MAX];
	size_t got = 0;
	int64_t r;

	while (got < n) {
		r = platform_pread(f, buf + got, n - got, got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	*hash = hash_fnv1a(buf, n);
	return 0;
}

/* Count line ends before `upto`, in the file's encoding (for start_at=end). */
static uint64_t
count_lines(struct tail *t, struct platform_file *f, uint64_t upto,
    int utf16)
{
	char *buf = t->buf, *p;
	uint64_t off = 0, n = 0;
	int64_t r;
	size_t i;

	while (off < upto) {
		size_t want = upto - off < TAIL_CHUNK ? (size_t)(upto - off) :
		    TAIL_CHUNK;

		if ((r = platform_pread(f, buf, want, off)) <= 0)
			break;
		if (!utf16) {
			for (p = buf; (p = memchr(p, '\n',
			    (size_t)(buf + r - p))) != NULL; p++)
				n++;
		} else {
			/* LE: 0A 00 at an even offset; BE: 00 0A. */
			for (i = (off & 1); i + 1 < (size_t)r; i += 2)
				if ((utf16 == 1 && buf[i] == '\n' &&
				    buf[i + 1] == 0) || (utf16 == 2 &&
				    buf[i] == 0 && buf[i + 1] == '\n'))
					n++;
		}
		off += (uint64_t)r;
	}
	return n;
}

/*
 * Where to start in a file seen for the first time that existed when the
 * daemon started: its end, backed up to the last line end so the first
 * line read is whole.
 */
static uint64_t
end_position(struct tail *t, struct platform_file *f, uint64_t size,
    enum text_encoding *enc, uint64_t *line)
{
	unsigned char bom[3] = { 0 }, buf[4096];
	uint64_t from, pos;
	int utf16 = 0;
	int64_t r;
	size_t i;

	if (platform_pread(f, bom, 3, 0) >= 2) {
		if (bom[0] == 0xff && bom[1] == 0xfe)
			utf16 = 1;
		else if (bom[0] == 0xfe && bom[1] == 0xff)
			utf16 = 2;
	}
	*enc = utf16 == 1 ? TEXT_ENC_UTF16LE : utf16 == 2 ? TEXT_ENC_UTF16BE :
	    (bom[0] == 0xef && bom[1] == 0xbb && bom[2] == 0xbf) ?
	    TEXT_ENC_UTF8_BOM : TEXT_ENC_UNKNOWN;
	from = size > sizeof(buf) ? size - sizeof(buf) : 0;
	if (utf16)
		from &= ~(uint64_t)1;
	r = platform_pread(f, buf, (size_t)(size - from), from);
	pos = utf16 ? (size > 2 ? 2 : size) : 0;
	if (r > 0) {
		for (i = (size_t)r; i > 0; i--) {
			size_t j = i - 1;
			if (!utf16 && buf[j] == '\n') {
				pos = from + j + 1;
				break;
			}
			if (utf16 && j + 1 < (size_t)r && ((from + j) & 1) == 0 &&
			    ((utf16 == 1 && buf[j] == '\n' && buf[j + 1] == 0) ||
			    (utf16 == 2 && buf[j] == 0 && buf[j + 1] == '\n'))) {
				pos = from + j + 2;
				break;
			}
		}
	}
	if (*enc == TEXT_ENC_UNKNOWN && pos > 0)
		*enc = TEXT_ENC_UTF8;	/* sniffing mid-file proves nothing */
	*line = count_lines(t, f, pos, utf16);
	return pos;
}

/* A reader for this file in its format, resumed at a saved position. */
static struct reader *
tail_reader(struct tail *t, int format, reader_record_cb cb,
    enum text_encoding enc, uint64_t off, uint64_t line)
{
	struct reader *r;

	if (format <= FMT_AUTO || format >= FMT_COUNT)
		format = t->sc->format;
	r = reader_new((enum event_format)format, t->sc->max_record,
	    t->sc->tz_minutes, cb, t);
	reader_resume(r, enc, off, line);
	return r;
}

struct rotated_find {
	struct tail	*t;
	char		*dir;
	char		*found;		/* its path, if found */
	struct platform_file *f;
};

/* platform_dir_list callback: is this the file the saved position is on? */
static int
rotated_entry(void *arg, const char *name, const struct platform_stat *st)
{
	struct rotated_find *rf = arg;
	const struct tail_pos *s = &rf->t->saved;
	struct platform_stat fst;
	struct platform_file *f;
	uint64_t h;
	char *p;

	/* The listing may not know identities (Windows): then open it. */
	if (st == NULL || st->type != PLATFORM_REG || st->size < s->offset ||
	    (st->has_id && (st->ino != s->ino || st->dev != s->dev)))
		return 0;
	p = platform_path_join(rf->dir, name);
	if ((f = platform_open_log(p)) != NULL && platform_fstat(f, &fst) == 0 &&
	    fst.type == PLATFORM_REG && fst.dev == s->dev && fst.ino == s->ino &&
	    fst.size >= s->offset && head_hash(f, s->fp_len, &h) == 0 &&
	    h == s->fingerprint) {
		rf->found = p;
		rf->f = f;
		return 1;
	}
	platform_close(f);
	xfree(p);
	return 0;
}

/*
 * The saved position is for a file the path no longer names: it was rotated
 * while the daemon was down.  If the rotated file is still in the same
 * directory (despool.lo_, despool.log.1), find it by its identity and
 * fingerprint and read its unread end first, as the old file of a rotation.
 */
static void
recover_rotated(struct tail *t)
{
	const struct tail_pos *s = &t->saved;
	struct rotated_find rf;

	memset(&rf, 0, sizeof(rf));
	rf.t = t;
	rf.dir = platform_path_dir(t->path);
	if (platform_dir_list(rf.dir, NULL, rotated_entry, &rf) == 0 &&
	    rf.f != NULL) {
		log_notice("source %s: %s was rotated to %s while stopped; "
		    "reading its end first", t->sc->name, t->path, rf.found);
		tail_forget_old(t);
		t->old_f = rf.f;
		t->old_off = s->offset;
		t->old_r = tail_reader(t, s->format, on_old_record,
		    (enum text_encoding)s->encoding, s->offset, s->line);
		t->old_until = t->now_ms;	/* read it once */
	}
	xfree(rf.found);
	xfree(rf.dir);
	if (t->old_f != NULL)
		tail_read_old(t);
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
	if (head_hash(f, t->fp_len, &t->fp) == -1) {
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
		    head_hash(f, s->fp_len, &h) == 0 && h == s->fingerprint &&
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
			recover_rotated(t);
		}
		t->have_saved = 0;
	} else if (t->existed_at_start && t->sc->start_at_end)
		off = end_position(t, f, st.size, &enc, &line);
	t->existed_at_start = 0;	/* a later re-creation starts at 0 */

	t->f = f;
	t->read_off = off;
	t->r = tail_reader(t, fmt, on_record, enc, off, line);
	t->moved = 1;
	t->state = TAIL_OK;
	xfree(t->error);
	t->error = NULL;
	return 0;
}

/*
 * Feed len bytes of buf to reader r, counting what they were.  The lines
 * counter is the sum over every reader the follower has used.
 */
static void
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

		if (head_hash(t->f, n, &h) == 0) {
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

/* Read what a writer still appended to the rotated file; drop it when due. */
static void
tail_read_old(struct tail *t)
{
	int64_t r;

	if (t->old_f == NULL)
		return;
	while ((r = platform_pread(t->old_f, t->buf, TAIL_CHUNK,
	    t->old_off)) > 0) {
		t->old_off += (uint64_t)r;
		tail_feed(t, t->old_r, t->buf, (size_t)r);
	}
	if (r == -1)
		log_warn("source %s: the rotated %s", t->sc->name, t->path);
	if (r == -1 || t->now_ms >= t->old_until) {
		reader_finish(t->old_r);
		tail_forget_old(t);
	} else
		reader_flush(t->old_r);
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
	    (st->size < t->fp_len || head_hash(t->f, t->fp_len, &h) == -1 ||
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
	int64_t due;

	if (t->r == NULL || !reader_holding(t->r))
		return -1;
	due = t->last_data_ms + t->sc->quiet_ms;
	if (now_ms >= due) {
		reader_flush(t->r);
		t->moved = 1;
		return -1;
	}
	return (int)(due - now_ms);
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
