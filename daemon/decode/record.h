/*
 * record — the inside of the record parser, shared by the format files.
 *
 * event.c owns the public side (event.h): sniffing the format, holding
 * lines back until it is known, dispatching each line to its format.
 * record.c assembles the record every format builds (its text, first line,
 * line range, end offset, time, component, level, thread) and knows the
 * continuation lines common to all of them.  Each format has a file of its
 * own (configmgr.c, cmtrace.c, log4net.c, entlib.c, plain.c) with a
 * NAME_line function that takes one decoded line, and the timestamp
 * parsers live in evtime.c.  Nothing here is for use outside decode/.
 */
#ifndef SYNCWATCH_RECORD_H
#define SYNCWATCH_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode/event.h"
#include "lib/tzif.h"
#include "lib/buf.h"

/* Bounds of a ConfigMgr trailer's fields: a candidate past them is text. */
#define CM_COMP_MAX	256
#define CM_TS_MAX	128
#define CM_TID_MAX	64
/* A cmtrace attribute tag longer than this is garbage. */
#define CT_TAG_MAX	4096
/* The longest chain of records sharing lines the safe point waits for. */
#define EVENT_REDO_MAX	(1024 * 1024)

enum ct_state {
	CT_NONE,	/* no record, or the held record is complete */
	CT_MSG,		/* inside <![LOG[ … waiting for ]LOG]!> */
	CT_TAG,		/* after ]LOG]!>, reading the attribute tag */
};

struct held_line {
	size_t		 off;
	size_t		 len;
	uint64_t	 start;		/* raw offset where the line starts */
	uint64_t	 line_no;
	uint64_t	 end_offset;
	int		 flags;
};

struct event_parser {
	enum event_format fmt;
	size_t		 max_record;
	struct tzone	 tz;		/* for times without a zone */

	/* FMT_AUTO: lines held back until the format is known. */
	struct buf	 held;
	struct held_line hl[EVENT_SNIFF_LINES];
	size_t		 nheld;
	uint64_t	 nsniffed;
	int		 prev_sep;
	/* Evidence: lines that start a record of each format, and others. */
	uint32_t	 votes[FMT_COUNT];
	uint32_t	 others;

	/* Raw offsets: end of the last line fed, start of the current one. */
	uint64_t	 prev_end;
	uint64_t	 cur_start;

	/* The record being assembled. */
	int		 open;
	int		 can_continue;	/* flushed while open: what follows
					   continues it (EVENT_CONTINUED) */
	enum event_format rfmt;
	struct buf	 text;
	struct buf	 first;
	struct buf	 comp;
	struct buf	 level;
	struct buf	 thread;
	uint64_t	 line;
	uint64_t	 last_line;
	uint64_t	 start_offset;	/* raw start of its first line */
	uint64_t	 end_offset;
	uint64_t	 tline;		/* last line that added text */
	int		 rec_exc;	/* it tells of an exception or failure */
	int		 has_time;
	int64_t		 time_ms;
	int		 flags;

	/*
	 * Where reading must start again to rebuild the open record (what
	 * event_pending reports): the raw start of its first line, unless
	 * that line also ended the record emitted before it (text before a
	 * "<![LOG[", a ConfigMgr trailer in mid-line), in which case reading
	 * from there would turn the end of that record into a record of its
	 * own, and the point is where that record must start again.  Such
	 * a chain is cut after EVENT_REDO_MAX bytes, so that a file where
	 * every line is shared cannot hold the safe point back for ever.
	 */
	uint64_t	 redo_offset;
	uint64_t	 redo_line;
	/* The record emitted last: its last line and its redo point. */
	uint64_t	 prev_last_line;
	uint64_t	 prev_redo_offset;
	uint64_t	 prev_redo_line;

	/* configmgr: a trailer cut by the end of the previous line. */
	struct buf	 frag;		/* from the blanks before "$$<" */
	size_t		 frag_ws;	/* how many blanks that is */
	uint64_t	 frag_line;
	struct buf	 scratch;
	int		 cm_alien;	/* the open record is a line of another
					   layout (configmgr.c) */

	/* cmtrace */
	enum ct_state	 ct;
	int		 ct_lt;		/* the tag's '<' has been seen */
	struct buf	 tag;

	/* entlib: the open block already has its Timestamp: line. */
	int		 ent_ts;

	/* eventlog (evlog.c): its state, made on first use. */
	struct evl	*evl;

	/* Where bad input is reported (event_set_problem_cb). */
	event_problem_cb problem_cb;
	void		*problem_arg;
};

/* Small helpers on (pointer, length) text; lines are not NUL-terminated. */


static inline int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static inline int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space((unsigned char)s[i]))
			return 0;
	return 1;
}

static inline int
has_prefix(const char *s, size_t n, const char *pfx)
{
	size_t k = strlen(pfx);

	return n >= k && memcmp(s, pfx, k) == 0;
}

static inline size_t
skip_spaces(const char *s, size_t n, size_t i)
{
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	return i;
}

static inline size_t
rtrim_len(const char *s, size_t n)
{
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	return n;
}

/* Record assembly (record.c). */
void	rec_append(struct event_parser *, const char *s, size_t n);
void	rec_line(struct event_parser *, const char *s, size_t n);
void	rec_start(struct event_parser *, enum event_format, const char *s,
	    size_t n, uint64_t ln, uint64_t eo, int lflags);
void	rec_touch(struct event_parser *, uint64_t ln, uint64_t eo, int lflags);
/*
 * A line that continues the record flushed last: a record with that one's
 * header and this line's text (EVENT_CONTINUED).
 */
void	rec_continue(struct event_parser *, uint64_t ln, uint64_t eo,
	    int lflags);
void	rec_emit(struct event_parser *, event_cb, void *arg);
void	rec_set_level(struct buf *, const char *s, size_t n);
int	rec_is_continuation(const char *s, size_t n);
/*
 * Whether line s continues the open (or flushed) record: a continuation
 * line by its looks, or, when the record tells of an exception, any
 * indented line, and any line at all unless indented_only.
 */
int	rec_continues(const struct event_parser *, const char *s, size_t n,
	    int indented_only);
/* Note whether text s tells of an exception (rec_exc). */
void	rec_note_exc(struct event_parser *, const char *s, size_t n);
void	rec_orphan_line(struct event_parser *, enum event_format,
	    const char *s, size_t n, uint64_t ln, uint64_t eo, int lf,
	    event_cb, void *arg);

/* The formats: one decoded line each (the file of the same name). */
void	plain_line(struct event_parser *, const char *s, size_t n,
	    uint64_t ln, uint64_t eo, int lf, event_cb, void *arg);
void	log4net_line(struct event_parser *, const char *s, size_t n,
	    uint64_t ln, uint64_t eo, int lf, event_cb, void *arg);
void	configmgr_line(struct event_parser *, const char *s, size_t n,
	    uint64_t ln, uint64_t eo, int lf, event_cb, void *arg);
void	cmtrace_line(struct event_parser *, const char *s, size_t n,
	    uint64_t ln, uint64_t eo, int lf, event_cb, void *arg);
void	entlib_line(struct event_parser *, const char *s, size_t n,
	    uint64_t ln, uint64_t eo, int lf, event_cb, void *arg);
/*
 * eventlog (evlog.c): a line; the end of the input (fin) or a quiet
 * moment; what it holds back; whether a line starts one of its files.
 */
void	evlog_line(struct event_parser *, const char *s, size_t n,
	    uint64_t ln, uint64_t eo, int lf, event_cb, void *arg);
void	evlog_end(struct event_parser *, int fin, event_cb, void *arg);
int	evlog_pending(const struct event_parser *, uint64_t *offset,
	    uint64_t *line_no);
int	evlog_sniff(const char *s, size_t n);
void	evlog_free(struct event_parser *);
/* End of input: a cut trailer or an open attribute tag becomes text. */
void	configmgr_flush(struct event_parser *);
void	cmtrace_flush(struct event_parser *);
/* Whether a line starts a record of that format (format detection). */
int	configmgr_sniff(const char *s, size_t n);
int	log4net_sniff(const char *s, size_t n);
int	entlib_sniff(const char *s, size_t n, int prev_sep);
int	entlib_is_sep(const char *s, size_t n);

#endif
