/*
 * event — physical lines in, records out; see event.h and FORMATS.md.
 *
 * One parser per file.  This file is the dispatcher: it decides the format
 * of a file from its first lines (holding them back until it knows, at
 * most EVENT_SNIFF_LINES), then hands every line to the format's own
 * parser (configmgr.c, cmtrace.c, log4net.c, entlib.c, evlog.c,
 * plain.c), which
 * assembles records through record.c.  Every layout is recognised by a
 * hand-written parser working on (pointer, length) and no regular
 * expression runs here.
 *
 * A record is held back until it is known to be complete: for configmgr
 * when its $$< trailer has been read; for the other formats when the next
 * record starts (the lines in between may be exception text that belongs
 * to it) or when the caller flushes.
 */
#include <string.h>
#include <strings.h>

#include "decode/event.h"
#include "decode/record.h"
#include "decode/text.h"
#include "lib/xmalloc.h"
#include "platform/compat.h"

/* The format whose record start this line is, or FMT_AUTO. */
static enum event_format
sniff_line(const char *s, size_t n, int *prev_sep)
{
	int sep = *prev_sep;

	*prev_sep = entlib_is_sep(s, n);
	if (memmem(s, n, "<![LOG[", 7) != NULL)
		return FMT_CMTRACE;
	if (configmgr_sniff(s, n))
		return FMT_CONFIGMGR;
	if (log4net_sniff(s, n))
		return FMT_LOG4NET;
	if (entlib_sniff(s, n, sep))
		return FMT_ENTLIB;
	if (evlog_sniff(s, n))
		return FMT_EVENTLOG;
	return FMT_AUTO;
}

static void
dispatch(struct event_parser *p, enum event_format fmt, const char *s,
    size_t n, uint64_t ln, uint64_t eo, int lf, event_cb cb, void *arg)
{
	/*
	 * The text after a run of NULs in mid-line (text.h): the writer
	 * stopped there, so whatever the record before was waiting for (its
	 * trailer, the end of its attribute tag, more lines) will not come,
	 * and this line starts a record of its own.
	 */
	if ((lf & TEXT_LINE_AFTER_NUL) && fmt != FMT_EVENTLOG) {
		if (fmt == FMT_CONFIGMGR)
			configmgr_flush(p);
		else if (fmt == FMT_CMTRACE)
			cmtrace_flush(p);
		rec_emit(p, cb, arg);
		p->can_continue = 0;
	}
	switch (fmt) {
	case FMT_CONFIGMGR:
		configmgr_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	case FMT_CMTRACE:
		cmtrace_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	case FMT_LOG4NET:
		log4net_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	case FMT_ENTLIB:
		entlib_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	case FMT_EVENTLOG:
		evlog_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	default:
		plain_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	}
}

/* Replay the held lines in format fmt. */
static void
replay(struct event_parser *p, enum event_format fmt, event_cb cb, void *arg)
{
	struct held_line *h;
	size_t k;

	for (k = 0; k < p->nheld; k++) {
		h = &p->hl[k];
		p->cur_start = h->start;
		dispatch(p, fmt, p->held.data + h->off, h->len, h->line_no,
		    h->end_offset, h->flags, cb, arg);
	}
	p->nheld = 0;
	buf_reset(&p->held);
}

struct event_parser *
event_new(enum event_format fmt, size_t max_record, int default_tz_minutes)
{
	struct event_parser *p = xcalloc(1, sizeof(*p));

	p->fmt = (unsigned)fmt < FMT_COUNT ? fmt : FMT_AUTO;
	p->max_record = max_record > 0 ? max_record :
	    EVENT_DEFAULT_MAX_RECORD;
	p->tz.minutes = default_tz_minutes;
	return p;
}

void
event_free(struct event_parser *p)
{
	if (p == NULL)
		return;
	buf_free(&p->held);
	buf_free(&p->text);
	buf_free(&p->first);
	buf_free(&p->comp);
	buf_free(&p->level);
	buf_free(&p->thread);
	buf_free(&p->frag);
	buf_free(&p->scratch);
	buf_free(&p->tag);
	evlog_free(p);
	xfree(p);
}

/*
 * Format detection.  A line that starts a record of a format is evidence
 * for it, and for most formats one such line decides: their record starts
 * are distinctive, and what does not fit them stays a record of its own.
 * ConfigMgr is weighed: its records take every line up to the next $$<
 * trailer, so a monitoring script's output, a status-message export or a
 * mail that quotes one ConfigMgr line among lines of its own (`~` and all)
 * must not be read as one.  Its trailer lines must be more than a third
 * of the ordinary lines (not blank, not stack frames or other
 * continuations) seen so far, as in any real ConfigMgr log, where every
 * record has one; otherwise the file is plain, which every signature
 * reads.  Returns FMT_AUTO while the evidence does not decide (final: it
 * must, and plain it is).
 */
static enum event_format
weigh(const struct event_parser *p, enum event_format f, int final)
{
	if (f != FMT_AUTO && f != FMT_CONFIGMGR)
		return f;
	if (p->votes[FMT_CONFIGMGR] > 0 &&
	    (uint64_t)p->votes[FMT_CONFIGMGR] * 2 > p->others)
		return FMT_CONFIGMGR;
	return final ? FMT_PLAIN : FMT_AUTO;
}

/* What one line says about the format (sniff_line and the counts). */
static enum event_format
vote(struct event_parser *p, const char *s, size_t n)
{
	enum event_format f = sniff_line(s, n, &p->prev_sep);

	if (f != FMT_AUTO)
		p->votes[f]++;
	else if (!is_blank(s, n) && !rec_is_continuation(s, n))
		p->others++;
	return f;
}

void
event_line(struct event_parser *p, const char *line, size_t len,
    uint64_t line_no, uint64_t end_offset, int line_flags, event_cb cb,
    void *arg)
{
	struct held_line *h;
	enum event_format f;
	uint64_t start = p->prev_end;

	if (line == NULL)
		line = "";
	p->prev_end = end_offset;
	if (p->fmt != FMT_AUTO) {
		p->cur_start = start;
		dispatch(p, p->fmt, line, len, line_no, end_offset,
		    line_flags, cb, arg);
		return;
	}
	h = &p->hl[p->nheld++];
	h->off = p->held.len;
	h->len = len;
	h->start = start;
	h->line_no = line_no;
	h->end_offset = end_offset;
	h->flags = line_flags;
	buf_append(&p->held, line, len);
	f = vote(p, line, len);
	f = weigh(p, f, ++p->nsniffed >= EVENT_SNIFF_LINES ||
	    p->nheld >= EVENT_SNIFF_LINES);
	if (f == FMT_AUTO)
		return;
	p->fmt = f;
	replay(p, p->fmt, cb, arg);
}

/*
 * Flushing before the format is known passes the held lines on as plain
 * records but keeps sniffing: a follower flushes a quiet file after its
 * first few lines, and that must not lock the file into plain for good.
 */
static void
flush(struct event_parser *p, int fin, event_cb cb, void *arg)
{
	if (p->fmt == FMT_AUTO && fin && p->nheld > 0) {
		/* The end of a short log: the evidence there is decides. */
		p->fmt = weigh(p, FMT_AUTO, 1);
		replay(p, p->fmt, cb, arg);
		flush(p, fin, cb, arg);
		return;
	}
	if (p->fmt == FMT_AUTO) {
		replay(p, FMT_PLAIN, cb, arg);
		rec_emit(p, cb, arg);
		return;
	}
	if (p->fmt == FMT_EVENTLOG) {
		evlog_end(p, fin, cb, arg);
		return;
	}
	if (p->fmt == FMT_CONFIGMGR)
		configmgr_flush(p);
	else if (p->fmt == FMT_CMTRACE)
		cmtrace_flush(p);
	/*
	 * Lines that come after a record passed on while open continue it;
	 * ConfigMgr and CMTrace records end at their own trailer, so there
	 * nothing can.
	 */
	if (p->open && p->fmt != FMT_CONFIGMGR && p->fmt != FMT_CMTRACE)
		p->can_continue = 1;
	rec_emit(p, cb, arg);
}

void
event_flush(struct event_parser *p, event_cb cb, void *arg)
{
	flush(p, 0, cb, arg);
}

void
event_finish(struct event_parser *p, event_cb cb, void *arg)
{
	flush(p, 1, cb, arg);
}

void
event_set_zone(struct event_parser *p, const struct tzif *zone)
{
	p->tz.zone = zone;
}

void
event_set_problem_cb(struct event_parser *p, event_problem_cb cb, void *arg)
{
	p->problem_cb = cb;
	p->problem_arg = arg;
}

void
event_resume(struct event_parser *p, uint64_t offset)
{
	p->prev_end = offset;
}

int
event_pending(const struct event_parser *p, uint64_t *offset,
    uint64_t *line_no)
{
	int have = 0;

	if (p->fmt == FMT_EVENTLOG)
		return evlog_pending(p, offset, line_no);
	if (p->nheld > 0) {
		*offset = p->hl[0].start;
		*line_no = p->hl[0].line_no;
		have = 1;
	}
	if (p->open && (!have || p->redo_line < *line_no)) {
		*offset = p->redo_offset;
		*line_no = p->redo_line;
		have = 1;
	}
	return have;
}

enum event_format
event_parser_format(const struct event_parser *p)
{
	return p->fmt;
}

enum event_format
event_sniff(const char *text, size_t len)
{
	struct event_parser p;
	const char *s = text, *e = text + len, *nl;
	enum event_format f = FMT_AUTO;
	size_t n, k = 0;

	memset(&p, 0, sizeof(p));
	while (s < e && f == FMT_AUTO) {
		nl = memchr(s, '\n', (size_t)(e - s));
		n = nl != NULL ? (size_t)(nl - s) : (size_t)(e - s);
		f = vote(&p, s, rtrim_len(s, n));
		f = weigh(&p, f, ++k >= EVENT_SNIFF_LINES);
		s += n + 1;
	}
	return f != FMT_AUTO ? f : weigh(&p, FMT_AUTO, 1);
}

static const char *const format_names[FMT_COUNT] = {
	"auto", "configmgr", "cmtrace", "log4net", "entlib", "plain",
	"eventlog"
};

const char *
event_format_name(enum event_format f)
{
	return (unsigned)f < FMT_COUNT ? format_names[f] : "unknown";
}

int
event_format_parse(const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < FMT_COUNT; i++)
		if (strcasecmp(name, format_names[i]) == 0)
			return i;
	return -1;
}

