/*
 * tail — one followed file; see tail.h for the model.
 *
 * Life of a follower:
 *
 *   closed --open()--> reading --path names another inode--> draining
 *      ^                  |                                     |
 *      |             shrank / head changed               EOF reached, last
 *      |                  v                              record flushed and
 *      +------------- reset to 0                         committed
 *      +-----------------------------------------------------+
 *
 * Offsets are raw byte offsets into the file.  The decoder reports the end
 * offset of every complete line; the parser says where the lines it still
 * holds begin (event_pending).  Everything before that point has produced
 * all the records it ever will, so it is the position we commit.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/config.h"
#include "decode/event.h"
#include "rules/incident.h"
#include "lib/log.h"
#include "match/match.h"
#include "cmd/report.h"
#include "match/sigdb.h"
#include "store/store.h"
#include "follow/tail.h"
#include "decode/text.h"
#include "lib/xmalloc.h"
#include "lib/hash.h"

#define TAIL_CHUNK		(256 * 1024)
#define TAIL_MAX_PENDING	50000	/* hits held while the store fails */
#define TAIL_TEXT_MAX		4096	/* of a sample's first line */
#define TAIL_FP_TRUST		256	/* fp bytes that identify on their own */
#define TAIL_RETIRE_MS		10000	/* keep reading a rotated file this long */

struct pending {
	const struct signature *sig;	/* the matcher's database outlives us */
	enum sig_role	 role;
	char		*key;
	char		*fields;
	char		*text;
	uint64_t	 line;
	int64_t		 time_ms;
	uint64_t	 end_offset;
};

struct tail {
	const struct source_conf *sc;
	char		*path;
	struct matcher	*m;
	int		 existed_at_start;
	int		 restored;
	struct store_file saved;	/* position found in the store */
	int		 have_saved;

	int		 fd;
	uint64_t	 dev;
	uint64_t	 ino;
	uint64_t	 read_off;
	uint64_t	 fp;
	uint32_t	 fp_len;
	struct text_decoder *td;
	struct event_parser *ep;
	uint64_t	 line_end;	/* raw end of the last complete line */
	uint64_t	 line_no;	/* its number */
	int		 draining;	/* the path moved on; finish this inode */
	int		 switch_ready;	/* drained and flushed; commit, then switch */

	/*
	 * The rotated file, after the switch: a writer that opened it just
	 * before the rename may still append to it, so it is read for a
	 * while longer.  Its records commit with the next batch.
	 */
	int		 old_fd;
	struct text_decoder *old_td;
	struct event_parser *old_ep;
	int64_t		 old_until;
	int		 in_old;

	struct pending	*pend;
	size_t		 npend;
	size_t		 cappend;
	size_t		 ncommitting;	/* written into the open transaction */
	uint64_t	 committed_off;
	uint64_t	 committing_off;
	int		 moved;		/* position changed since the last commit */

	int64_t		 now_ms;
	int64_t		 last_data_ms;
	int64_t		 clock_ms;	/* time of the last record read ... */
	uint64_t	 clock_off;	/* ... and where it ends */
	enum tail_state	 state;
	char		*error;
	struct tail_stats stats;
};

static void
tail_set_error(struct tail *t, enum tail_state st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
tail_set_error(struct tail *t, enum tail_state st, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Log a problem once, not on every retry. */
	if (t->state != st || t->error == NULL || strcmp(t->error, msg) != 0)
		log_warnx("source %s: %s", t->sc->name, msg);
	xfree(t->error);
	t->error = xstrdup(msg);
	t->state = st;
}

struct tail *
tail_new(const struct source_conf *sc, const char *path, struct matcher *m,
    int existed_at_start)
{
	struct tail *t = xcalloc(1, sizeof(*t));

	t->sc = sc;
	t->path = xstrdup(path);
	t->m = m;
	t->existed_at_start = existed_at_start;
	t->fd = -1;
	t->old_fd = -1;
	t->state = TAIL_WAITING;
	return t;
}

static void
pending_free(struct pending *p)
{
	xfree(p->key);
	xfree(p->fields);
	xfree(p->text);
}

static void
tail_close(struct tail *t)
{
	if (t->fd != -1)
		close(t->fd);
	t->fd = -1;
	text_free(t->td);
	t->td = NULL;
	event_free(t->ep);
	t->ep = NULL;
	t->draining = t->switch_ready = 0;
}

static void
tail_forget_old(struct tail *t)
{
	if (t->old_fd != -1)
		close(t->old_fd);
	t->old_fd = -1;
	text_free(t->old_td);
	t->old_td = NULL;
	event_free(t->old_ep);
	t->old_ep = NULL;
}

/* Switch: the drained file becomes the old one, read for a while more. */
static void
tail_retire(struct tail *t)
{
	tail_forget_old(t);
	t->old_fd = t->fd;
	t->old_td = t->td;
	t->old_ep = t->ep;
	t->old_until = t->now_ms + TAIL_RETIRE_MS;
	t->fd = -1;
	t->td = NULL;
	t->ep = NULL;
	t->draining = t->switch_ready = 0;
}

void
tail_free(struct tail *t)
{
	size_t i;

	if (t == NULL)
		return;
	tail_forget_old(t);
	tail_close(t);
	for (i = 0; i < t->npend; i++)
		pending_free(&t->pend[i]);
	xfree(t->pend);
	store_file_clear(&t->saved);
	xfree(t->path);
	xfree(t->error);
	xfree(t);
}

void
tail_set_matcher(struct tail *t, struct matcher *m)
{
	t->m = m;
}

static void
on_record(void *arg, const struct event *ev)
{
	struct tail *t = arg;
	const struct match_hit *hits;
	struct pending *p;
	size_t n, i, len;

	t->stats.records++;
	if (ev->flags & (EVENT_CUT | EVENT_LINE_CUT))
		t->stats.cut++;
	if (ev->has_time)
		t->stats.last_record_ms = ev->time_ms;
	t->clock_ms = ev->has_time ? ev->time_ms : t->now_ms;
	t->clock_off = t->in_old ? 0 : ev->end_offset;
	n = match_event(t->m, ev, &hits);
	for (i = 0; i < n; i++) {
		if (t->npend == t->cappend) {
			t->cappend = t->cappend ? t->cappend * 2 : 16;
			t->pend = xreallocarray(t->pend, t->cappend,
			    sizeof(*t->pend));
		}
		p = &t->pend[t->npend++];
		p->sig = hits[i].sig;
		p->role = hits[i].role;
		p->key = report_fields_json(&hits[i], 1);
		p->fields = report_fields_json(&hits[i], 0);
		len = ev->first_len < TAIL_TEXT_MAX ? ev->first_len :
		    TAIL_TEXT_MAX;
		/* Do not cut a UTF-8 sequence in half. */
		while (len > 0 && len < ev->first_len &&
		    ((unsigned char)ev->first[len] & 0xc0) == 0x80)
			len--;
		p->text = xstrndup(ev->first, len);
		p->line = ev->line;
		p->time_ms = ev->has_time ? ev->time_ms : t->now_ms;
		/* Old-file records are complete: they commit at once. */
		p->end_offset = t->in_old ? 0 : ev->end_offset;
		t->stats.hits++;
	}
}

static void
on_line(void *arg, const char *line, size_t len, uint64_t line_no,
    uint64_t end_offset, int flags)
{
	struct tail *t = arg;

	t->stats.lines++;
	t->moved = 1;
	if (t->in_old) {
		event_line(t->old_ep, line, len, line_no, end_offset, flags,
		    on_record, t);
		return;
	}
	t->line_end = end_offset;
	t->line_no = line_no;
	event_line(t->ep, line, len, line_no, end_offset, flags, on_record, t);
}

/* The safe position: where held-back lines start, or the last line's end. */
static void
safe_point(const struct tail *t, uint64_t *off, uint64_t *line)
{
	uint64_t first;

	if (t->ep != NULL && event_pending(t->ep, off, &first))
		*line = first - 1;
	else {
		*off = t->line_end;
		*line = t->line_no;
	}
}

/* Hash of the first n bytes of fd; -1 if they cannot all be read. */
static int
head_hash(int fd, uint32_t n, uint64_t *hash)
{
	unsigned char buf[STORE_FP_MAX];
	ssize_t r;
	size_t got = 0;

	while (got < n) {
		r = pread(fd, buf + got, n - got, (off_t)got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	*hash = hash_fnv1a(buf, n);
	return 0;
}

/* Count line ends before `upto`, in the file's encoding (for start_at=end). */
static uint64_t
count_lines(int fd, uint64_t upto, int utf16)
{
	char *buf = xmalloc(TAIL_CHUNK);
	uint64_t off = 0, n = 0;
	ssize_t r;
	size_t i;
	char *p;

	while (off < upto) {
		size_t want = upto - off < TAIL_CHUNK ? (size_t)(upto - off) :
		    TAIL_CHUNK;
		r = pread(fd, buf, want, (off_t)off);
		if (r <= 0)
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
	xfree(buf);
	return n;
}

/*
 * Where to start in a file seen for the first time that existed when the
 * daemon started: its end, backed up to the last line end so the first
 * line read is whole.
 */
static uint64_t
end_position(int fd, uint64_t size, enum text_encoding *enc, uint64_t *line)
{
	unsigned char bom[3] = { 0 }, buf[4096];
	uint64_t from, pos = size;
	int utf16 = 0;
	ssize_t r;
	size_t i;

	if (pread(fd, bom, 3, 0) >= 2) {
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
	r = pread(fd, buf, (size_t)(size - from), (off_t)from);
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
	*line = count_lines(fd, pos, utf16);
	return pos;
}

static void tail_read_old(struct tail *);

/*
 * The saved position is for a file the path no longer names: it was rotated
 * while the daemon was down.  If the rotated file is still in the same
 * directory (despool.lo_, despool.log.1), find it by its inode and
 * fingerprint and read its unread end first, as the old file of a rotation.
 */
static void
recover_rotated(struct tail *t)
{
	const struct store_file *s = &t->saved;
	char *dir, *slash, *p;
	struct dirent *de;
	struct stat st;
	uint64_t h;
	DIR *d;
	int fd;

	dir = xstrdup(t->path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	if ((d = opendir(slash != NULL ? (dir[0] ? dir : "/") : ".")) == NULL) {
		xfree(dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_ino != s->ino)
			continue;
		xasprintf(&p, "%s/%s", dir, de->d_name);
		fd = open(p, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd != -1 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (uint64_t)st.st_dev == s->dev &&
		    (uint64_t)st.st_ino == s->ino &&
		    (uint64_t)st.st_size >= s->offset &&
		    head_hash(fd, s->fp_len, &h) == 0 && h == s->fingerprint &&
		    lseek(fd, (off_t)s->offset, SEEK_SET) != -1) {
			log_warnx("source %s: %s was rotated to %s while "
			    "stopped; reading its end first", t->sc->name,
			    t->path, p);
			t->old_fd = fd;
			t->old_td = text_new(t->sc->max_record);
			text_resume(t->old_td, (enum text_encoding)s->encoding,
			    s->offset, s->line + 1);
			t->old_ep = event_new(s->format > FMT_AUTO &&
			    s->format < FMT_COUNT ? (enum event_format)s->format :
			    (enum event_format)t->sc->format, t->sc->max_record,
			    t->sc->tz_minutes);
			event_resume(t->old_ep, s->offset);
			t->old_until = t->now_ms;	/* read it once */
			xfree(p);
			break;
		}
		if (fd != -1)
			close(fd);
		xfree(p);
	}
	closedir(d);
	xfree(dir);
	if (t->old_fd != -1)
		tail_read_old(t);
}

/* Open the path and decide where to start reading.  0 or -1 (state set). */
static int
tail_open(struct tail *t)
{
	struct stat st;
	uint64_t off = 0, line = 0, h;
	enum text_encoding enc = TEXT_ENC_UNKNOWN;
	int fmt = t->sc->format, fd;

	fd = open(t->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		if (errno == ENOENT) {
			/* When it appears, it is a new file: read it all. */
			t->existed_at_start = 0;
			tail_set_error(t, TAIL_WAITING, "%s: waiting for the "
			    "file to appear", t->path);
		}
		else
			tail_set_error(t, TAIL_ERROR, "%s: %s", t->path,
			    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		tail_set_error(t, TAIL_ERROR, "%s: not a regular file",
		    t->path);
		close(fd);
		return -1;
	}
	t->dev = (uint64_t)st.st_dev;
	t->ino = (uint64_t)st.st_ino;
	t->fp_len = st.st_size < STORE_FP_MAX ? (uint32_t)st.st_size :
	    STORE_FP_MAX;
	if (head_hash(fd, t->fp_len, &t->fp) == -1)
		t->fp_len = 0, t->fp = hash_fnv1a("", 0);

	if (t->have_saved) {
		/*
		 * The file we were reading before the restart?  Its head must
		 * be unchanged, and either the inode is the same or the head
		 * is long enough to identify the file on its own.
		 */
		struct store_file *s = &t->saved;
		int same = s->fp_len <= (uint64_t)st.st_size &&
		    head_hash(fd, s->fp_len, &h) == 0 && h == s->fingerprint &&
		    (uint64_t)st.st_size >= s->offset &&
		    ((s->dev == t->dev && s->ino == t->ino) ||
		    s->fp_len >= TAIL_FP_TRUST);

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
		off = end_position(fd, (uint64_t)st.st_size, &enc, &line);
	t->existed_at_start = 0;	/* a later re-creation starts at 0 */

	if (lseek(fd, (off_t)off, SEEK_SET) == -1) {
		tail_set_error(t, TAIL_ERROR, "%s: %s", t->path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	t->fd = fd;
	t->read_off = off;
	t->line_end = off;
	t->line_no = line;
	t->td = text_new(t->sc->max_record);
	text_resume(t->td, enc, off, line + 1);
	t->ep = event_new((enum event_format)fmt, t->sc->max_record,
	    t->sc->tz_minutes);
	event_resume(t->ep, off);
	t->moved = 1;
	t->state = TAIL_OK;
	xfree(t->error);
	t->error = NULL;
	return 0;
}

/* Read up to budget bytes.  1 if more is waiting, 0 at EOF, -1 on error. */
static int
tail_read(struct tail *t, size_t *budget)
{
	char *buf;
	ssize_t r;
	int more = 0;

	buf = xmalloc(TAIL_CHUNK);
	while (*budget > 0) {
		size_t want = *budget < TAIL_CHUNK ? *budget : TAIL_CHUNK;

		r = read(t->fd, buf, want);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			tail_set_error(t, TAIL_ERROR, "%s: %s", t->path,
			    strerror(errno));
			xfree(buf);
			return -1;
		}
		if (r == 0)
			break;
		t->read_off += (uint64_t)r;
		t->stats.bytes += (uint64_t)r;
		t->last_data_ms = t->now_ms;
		*budget -= (size_t)r;
		text_feed(t->td, buf, (size_t)r, on_line, t);
		if (t->npend >= TAIL_MAX_PENDING) {
			more = 1;	/* wait for a commit */
			break;
		}
		if (*budget == 0)
			more = 1;
	}
	/* Keep the fingerprint growing with a young file's head. */
	if (t->fp_len < STORE_FP_MAX && t->read_off > t->fp_len) {
		uint32_t n = t->read_off < STORE_FP_MAX ?
		    (uint32_t)t->read_off : STORE_FP_MAX;
		uint64_t h;

		if (head_hash(t->fd, n, &h) == 0) {
			t->fp = h;
			t->fp_len = n;
		}
	}
	xfree(buf);
	return more;
}

/* Flush what the parser holds: the file is finished or has gone quiet. */
static void
tail_flush(struct tail *t)
{
	if (t->ep == NULL)
		return;
	/* A last line without terminator is complete once the file is. */
	if (t->draining)
		text_finish(t->td, on_line, t);
	event_flush(t->ep, on_record, t);
	t->moved = 1;
}

/* Read what a writer still appended to the rotated file; drop it when due. */
static void
tail_read_old(struct tail *t)
{
	char *buf;
	ssize_t r;

	if (t->old_fd == -1)
		return;
	buf = xmalloc(TAIL_CHUNK);
	t->in_old = 1;
	while ((r = read(t->old_fd, buf, TAIL_CHUNK)) > 0) {
		t->stats.bytes += (uint64_t)r;
		text_feed(t->old_td, buf, (size_t)r, on_line, t);
	}
	if (t->now_ms >= t->old_until) {
		text_finish(t->old_td, on_line, t);
		event_flush(t->old_ep, on_record, t);
		t->in_old = 0;
		tail_forget_old(t);
	} else
		event_flush(t->old_ep, on_record, t);
	t->in_old = 0;
	xfree(buf);
}

int
tail_check(struct tail *t, struct store *s, int64_t now_ms, size_t budget)
{
	struct stat st, pst;
	uint64_t h;
	int more;

	t->now_ms = now_ms;
	if (!t->restored) {
		int rc = store_file_get(s, t->sc->name, t->path, &t->saved);

		if (rc == -1) {
			tail_set_error(t, TAIL_ERROR, "reading saved position: "
			    "%s", store_error(s));
			return 0;
		}
		t->have_saved = rc == 0;
		t->restored = 1;
	}
	if (t->npend >= TAIL_MAX_PENDING)
		return 0;		/* the store is behind: wait */
	tail_read_old(t);
	if (t->switch_ready) {
		if (t->ncommitting > 0 || t->npend > 0 || t->moved)
			return 0;	/* the old file's end is not committed */
		tail_retire(t);
		t->stats.rotations++;
	}
	if (t->fd == -1 && tail_open(t) == -1)
		return 0;

	if (!t->draining) {
		if (fstat(t->fd, &st) == -1) {
			tail_set_error(t, TAIL_ERROR, "%s: %s", t->path,
			    strerror(errno));
			return 0;
		}
		if (stat(t->path, &pst) == -1 ||
		    (uint64_t)pst.st_ino != t->ino ||
		    (uint64_t)pst.st_dev != t->dev) {
			/* Renamed or deleted: finish this inode first. */
			t->draining = 1;
		} else if ((uint64_t)st.st_size < t->read_off ||
		    (t->fp_len > 0 && ((uint64_t)st.st_size < t->fp_len ||
		    head_hash(t->fd, t->fp_len, &h) == -1 || h != t->fp))) {
			/* copytruncate, or rewritten in place. */
			log_info("source %s: %s was truncated; reading it from "
			    "the start", t->sc->name, t->path);
			event_flush(t->ep, on_record, t);
			/*
			 * Those records came from content that is gone: they
			 * commit with the new file's first position.
			 */
			for (size_t i = 0; i < t->npend; i++)
				t->pend[i].end_offset = 0;
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
	uint64_t off, line;
	int64_t due;

	if (t->ep == NULL || !event_pending(t->ep, &off, &line))
		return -1;
	due = t->last_data_ms + t->sc->quiet_ms;
	if (now_ms >= due) {
		event_flush(t->ep, on_record, t);
		t->moved = 1;
		return -1;
	}
	return (int)(due - now_ms);
}

int
tail_commit(struct tail *t, struct store *s, struct incidents *inc,
    int64_t now_ms)
{
	struct store_file f;
	struct incident_hit h;
	uint64_t off, line;
	size_t i;

	t->ncommitting = 0;
	if (t->fd == -1 && t->npend == 0)
		return 0;
	safe_point(t, &off, &line);
	for (i = 0; i < t->npend && t->pend[i].end_offset <= off; i++) {
		struct pending *p = &t->pend[i];

		h.sig = p->sig;
		h.role = p->role;
		h.source = t->sc->name;
		h.key = p->key;
		h.fields_json = p->fields;
		h.time_ms = p->time_ms;
		h.file = t->path;
		h.line = p->line;
		h.text = p->text;
		if (incident_hit(inc, &h, now_ms) == -1)
			return -1;
	}
	t->ncommitting = i;
	/* The log's own clock moves its quiet periods and escalations on. */
	if (t->clock_ms != 0 && t->clock_off <= off &&
	    incident_advance(inc, t->sc->name, t->clock_ms, now_ms) == -1)
		return -1;
	if (t->fd != -1) {
		memset(&f, 0, sizeof(f));
		f.source = (char *)t->sc->name;
		f.path = t->path;
		f.dev = t->dev;
		f.ino = t->ino;
		f.fingerprint = t->fp;
		f.fp_len = t->fp_len;
		f.offset = off;
		f.line = line;
		f.encoding = t->td != NULL ? (int)text_encoding(t->td) : 0;
		f.format = t->ep != NULL ? (int)event_parser_format(t->ep) : 0;
		if (store_file_put(s, &f) == -1)
			return -1;
	}
	t->committing_off = off;
	return (int)i;
}

void
tail_committed(struct tail *t)
{
	size_t i;

	for (i = 0; i < t->ncommitting; i++)
		pending_free(&t->pend[i]);
	if (t->ncommitting > 0 && t->npend > t->ncommitting)
		memmove(t->pend, t->pend + t->ncommitting,
		    (t->npend - t->ncommitting) * sizeof(*t->pend));
	t->npend -= t->ncommitting;
	t->ncommitting = 0;
	t->committed_off = t->committing_off;
	t->moved = 0;
}

void
tail_uncommitted(struct tail *t)
{
	t->ncommitting = 0;
}

int
tail_dirty(const struct tail *t)
{
	return t->moved || t->npend > 0;
}

const char *
tail_path(const struct tail *t)
{
	return t->path;
}

const char *
tail_source(const struct tail *t)
{
	return t->sc->name;
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
