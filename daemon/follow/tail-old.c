/*
 * tail-old — the file a followed path moved away from; see tail.h.
 *
 * After a rename the follower reads the renamed file a while longer
 * (platform_rotated_hold_ms: 10 s, but not on Windows, where a file held
 * open keeps its name taken and would break the product's next
 * rollover) for a writer that still appends to it, and its
 * position is stored with every commit (tail_retired) so that a restart
 * in that window resumes it.  After a copytruncate the copy is read to
 * its end in place of the truncated file.  At a restart the file the
 * saved position was on is found again under its rotated name, by
 * identity or, for a copy, by its head (rotated.h).
 */
#include <string.h>

#include "conf/config.h"
#include "decode/event.h"
#include "decode/reader.h"
#include "follow/rotated.h"
#include "follow/tail-int.h"
#include "follow/tail.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

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

/* Drop the rotated file; the next commit says it is done with. */
void
tail_forget_old(struct tail *t)
{
	if (t->old_f != NULL)
		t->moved = 1;
	platform_close(t->old_f);
	t->old_f = NULL;
	reader_free(t->old_r);
	t->old_r = NULL;
}

/* Read the rotated file to its end, finish its last record, drop it. */
static void
tail_finish_old(struct tail *t)
{
	if (t->old_f == NULL)
		return;
	t->old_until = t->now_ms;
	tail_read_old(t);
}

/* Switch: the drained file becomes the old one, read for a while more. */
void
tail_retire(struct tail *t)
{
	tail_finish_old(t);
	if (t->drain_copy) {
		/* A copy is complete: nobody appends to it. */
		tail_close(t);
		t->moved = 1;
		t->gen++;
		return;
	}
	t->old_f = t->f;
	t->old_r = t->r;
	reader_set_callback(t->old_r, on_old_record, t);
	t->old_off = t->read_off;
	t->old_until = t->now_ms + platform_rotated_hold_ms();
	t->old_id = t->id;
	t->old_fp = t->fp;
	t->old_fp_len = t->fp_len;
	t->f = NULL;
	t->r = NULL;
	t->draining = t->switch_ready = t->drain_copy = 0;
	t->hold_since = 0;
	t->moved = 1;
	t->gen++;
	if (platform_rotated_hold_ms() == 0)
		tail_read_old(t);	/* once more, and let go now */
}

/* Make f, found at path, the rotated file, read from position pos on. */
static void
tail_adopt_old(struct tail *t, struct platform_file *f,
    const struct platform_stat *st, const struct tail_pos *pos)
{
	tail_finish_old(t);
	t->old_f = f;
	t->old_off = pos->offset;
	t->old_r = tail_reader(t, pos->format, on_old_record,
	    (enum text_encoding)pos->encoding, pos->offset, pos->line);
	t->old_id = *st;
	t->old_fp = pos->fingerprint;
	t->old_fp_len = pos->fp_len;
	t->old_until = t->now_ms + platform_rotated_hold_ms();
	t->moved = 1;
}

/*
 * The file that holds saved position pos now that the path names another
 * one (live: the file the path names, or NULL): the same file under a
 * rotated name (despool.lo_, app.log.1), or a copy of it that a
 * copytruncate left (the same head, at least as long).
 */
static struct platform_file *
find_position(struct tail *t, const struct tail_pos *pos,
    const struct platform_stat *live, char **found, struct platform_stat *st)
{
	struct rotated_want w;

	memset(&w, 0, sizeof(w));
	w.path = t->path;
	w.has_id = 1;
	w.dev = pos->dev;
	w.ino = pos->ino;
	w.fingerprint = pos->fingerprint;
	w.fp_len = pos->fp_len;
	w.min_size = pos->offset;
	w.not = live;
	return rotated_find(t->sc, &w, found, st);
}

/*
 * The saved position is for a file the path no longer names: it was rotated
 * (renamed, or copied and truncated) while the daemon was down.  If the
 * rotated file is still in the same directory, read its unread end first,
 * as the old file of a rotation.
 */
/*
 * Rotated more than once while stopped: the generations written after the
 * one our position was on, read whole, oldest first, before the live file.
 */
static void
read_newer(struct tail *t, const struct platform_stat *after,
    const struct platform_stat *live)
{
	struct platform_stat st;
	struct platform_file *f;
	struct tail_pos from;
	char **paths;
	size_t n, i;

	n = rotated_newer(t->sc, t->path, after, live, &paths);
	for (i = 0; i < n; i++) {
		if ((f = platform_open_log(paths[i])) != NULL &&
		    platform_fstat(f, &st) == 0) {
			log_notice("source %s: %s was rotated through %s while "
			    "stopped; reading it whole", t->sc->name, t->path,
			    paths[i]);
			memset(&from, 0, sizeof(from));
			from.format = t->sc->format;
			tail_adopt_old(t, f, &st, &from);
			tail_finish_old(t);
		} else
			platform_close(f);
		xfree(paths[i]);
	}
	xfree(paths);
}

void
tail_recover_rotated(struct tail *t, const struct platform_stat *live)
{
	struct platform_stat st;
	struct platform_file *f;
	char *found = NULL;

	if ((f = find_position(t, &t->saved, live, &found, &st)) != NULL) {
		log_notice("source %s: %s was rotated to %s while stopped; "
		    "reading its end first", t->sc->name, t->path, found);
		tail_adopt_old(t, f, &st, &t->saved);
		tail_finish_old(t);
		read_newer(t, &st, live);
	}
	xfree(found);
}

/*
 * The rotated file an earlier run was still reading for a writer that
 * kept appending to it: resume it where that run left it.
 */
void
tail_restore_old(struct tail *t)
{
	struct platform_stat live, st;
	struct platform_file *f;
	char *found = NULL;
	int have_live = platform_stat(t->path, &live) == 0;

	t->have_saved_old = 0;
	t->moved = 1;		/* the next commit says where it is, or not */
	if ((f = find_position(t, &t->saved_old, have_live ? &live : NULL,
	    &found, &st)) == NULL) {
		log_info("source %s: the file %s was rotated to is gone; its "
		    "last lines, if any came after the stop, cannot be read",
		    t->sc->name, t->path);
		return;
	}
	log_info("source %s: resuming %s, which %s was rotated to, at byte "
	    "%llu", t->sc->name, found, t->path,
	    (unsigned long long)t->saved_old.offset);
	tail_adopt_old(t, f, &st, &t->saved_old);
	xfree(found);
	tail_read_old(t);
}

/* Read what a writer still appended to the rotated file; drop it when due. */
void
tail_read_old(struct tail *t)
{
	struct platform_stat st;
	uint64_t h;
	int64_t r;

	if (t->old_f == NULL)
		return;
	/* Rewritten since (a later rotation copied over it): done with. */
	if (platform_fstat(t->old_f, &st) == -1 || st.size < t->old_off ||
	    (t->old_fp_len > 0 && (rotated_head_hash(t->old_f, t->old_fp_len,
	    &h) == -1 || h != t->old_fp))) {
		log_info("source %s: the file %s was rotated to has been "
		    "rewritten; done with it", t->sc->name, t->path);
		reader_finish(t->old_r);
		tail_forget_old(t);
		return;
	}
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

/*
 * The file was truncated after a copy (copytruncate): the bytes between
 * where we are and where it ended live on only in the copy, a rotated
 * generation with the same head that is at least as long as what we
 * read.  If there is one, follow it instead, to its end, as the file the
 * path moved away from.  1 if so.
 */
int
tail_to_copy(struct tail *t, const struct platform_stat *live)
{
	struct rotated_want w;
	struct platform_stat st;
	struct platform_file *f;
	char *found = NULL;

	if (t->fp_len == 0 || t->read_off == 0)
		return 0;
	memset(&w, 0, sizeof(w));
	w.path = t->path;
	w.fingerprint = t->fp;
	w.fp_len = t->fp_len;
	w.min_size = t->read_off;
	w.not = live;
	if ((f = rotated_find(t->sc, &w, &found, &st)) == NULL)
		return 0;
	log_info("source %s: %s was copied to %s and truncated; reading the "
	    "copy's end first", t->sc->name, t->path, found);
	xfree(found);
	platform_close(t->f);
	t->f = f;
	t->id = st;
	t->draining = t->drain_copy = 1;
	t->stats.truncations++;
	return 1;
}

/*
 * The rotated file is dropped when its grace window ends, even if nothing
 * happens to make the owner look: an open file keeps a removed folder's
 * watch from ending.  Returns the ms until then, or -1.
 */
int64_t
tail_old_due(struct tail *t, int64_t now_ms)
{
	if (t->old_f == NULL)
		return -1;
	if (now_ms < t->old_until)
		return t->old_until - now_ms;
	t->now_ms = now_ms;
	tail_read_old(t);
	return -1;
}

int
tail_retired(const struct tail *t, struct tail_pos *pos)
{
	uint64_t off, line;

	if (t->old_f == NULL)
		return 0;
	reader_safe_point(t->old_r, &off, &line);
	memset(pos, 0, sizeof(*pos));
	pos->dev = t->old_id.dev;
	pos->ino = t->old_id.ino;
	pos->fingerprint = t->old_fp;
	pos->fp_len = t->old_fp_len;
	pos->offset = off;
	pos->line = line;
	pos->encoding = (int)reader_encoding(t->old_r);
	pos->format = (int)reader_format(t->old_r);
	return 1;
}
