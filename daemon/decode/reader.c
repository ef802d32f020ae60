/*
 * reader — text decoder plus record parser, with positions; see reader.h.
 */
#include <string.h>

#include "decode/reader.h"
#include "lib/tzif.h"
#include "lib/xmalloc.h"

struct reader {
	struct text_decoder	*td;
	struct event_parser	*ep;
	reader_record_cb	 cb;
	void			*arg;
	reader_filter_cb	 filter;
	void			*filter_arg;
	reader_problem_cb	 problem;
	void			*problem_arg;
	int			 resumed;
	uint64_t		 line_end;	/* raw end of the last line */
	uint64_t		 line_no;	/* its number */
	uint64_t		 parsed;	/* lines given to the parser */
	size_t			 max_record;
	int			 tz;
	struct tzif		*zone;		/* owned */
	struct reader_stats	 stats;
};

static void
on_record(void *arg, const struct event *ev)
{
	struct reader *r = arg;

	r->stats.records++;
	if (ev->flags & (EVENT_CUT | EVENT_LINE_CUT))
		r->stats.cut++;
	r->cb(r->arg, ev);
}

static void
on_line(void *arg, const char *line, size_t len, uint64_t line_no,
    uint64_t end_offset, int flags)
{
	struct reader *r = arg;

	r->stats.lines++;
	r->line_end = end_offset;
	/*
	 * A line that ends at a NUL run in mid-line (text.h) leaves its
	 * physical line unfinished: the next line has its number.
	 */
	r->line_no = (flags & TEXT_LINE_AT_NUL) ? line_no - 1 : line_no;
	if (r->filter != NULL && r->filter(r->filter_arg, line, len, line_no,
	    flags)) {
		/*
		 * The parser never sees it: the next line it gets starts
		 * after it, or a record held from there would have its safe
		 * point before a line it does not count.
		 */
		event_resume(r->ep, end_offset);
		return;
	}
	r->parsed++;
	event_line(r->ep, line, len, line_no, end_offset, flags, on_record, r);
}

static void
on_problem(void *arg, uint64_t line, const char *msg)
{
	struct reader *r = arg;

	if (r->problem != NULL)
		r->problem(r->problem_arg, line, msg);
}

/*
 * Whether a file starts as an XML export of events (after any BOM, with
 * UTF-16's NUL bytes and blanks skipped): '<' then '?', '!' or 'E'.
 */
static int
head_is_xml(const unsigned char *b, size_t n)
{
	size_t i = 0;
	int seen_lt = 0;

	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		i = 3;
	else if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) ||
	    (b[0] == 0xfe && b[1] == 0xff)))
		i = 2;
	for (; i < n && i < 512; i++) {
		if (b[i] == 0 || b[i] == ' ' || b[i] == '\t' || b[i] == '\r' ||
		    b[i] == '\n')
			continue;
		if (!seen_lt) {
			if (b[i] != '<')
				return 0;
			seen_lt = 1;
			continue;
		}
		return b[i] == '?' || b[i] == '!' || b[i] == 'E';
	}
	return 0;
}

static size_t
max_line(enum event_format fmt, size_t max_record)
{
	return fmt == FMT_EVENTLOG ? READER_EVENTLOG_MAX_LINE : max_record;
}

struct reader *
reader_new(enum event_format fmt, size_t max_record, int tz_minutes,
    reader_record_cb cb, void *arg)
{
	struct reader *r = xcalloc(1, sizeof(*r));

	r->td = text_new(max_line(fmt, max_record));
	r->ep = event_new(fmt, max_record, tz_minutes);
	event_set_problem_cb(r->ep, on_problem, r);
	r->cb = cb;
	r->arg = arg;
	r->max_record = max_record;
	r->tz = tz_minutes;
	return r;
}

void
reader_free(struct reader *r)
{
	if (r == NULL)
		return;
	text_free(r->td);
	event_free(r->ep);
	tzif_free(r->zone);
	xfree(r);
}

void
reader_set_zone(struct reader *r, struct tzif *zone)
{
	tzif_free(r->zone);
	r->zone = zone;
	event_set_zone(r->ep, zone);
}

void
reader_set_problem_cb(struct reader *r, reader_problem_cb cb, void *arg)
{
	r->problem = cb;
	r->problem_arg = arg;
}

void
reader_set_filter(struct reader *r, reader_filter_cb filter, void *arg)
{
	r->filter = filter;
	r->filter_arg = arg;
}

void
reader_set_callback(struct reader *r, reader_record_cb cb, void *arg)
{
	r->cb = cb;
	r->arg = arg;
}

int
reader_set_format(struct reader *r, enum event_format fmt)
{
	uint64_t off, line;

	if (r->parsed > 0)
		return -1;
	reader_safe_point(r, &off, &line);
	event_free(r->ep);
	r->ep = event_new(fmt, r->max_record, r->tz);
	event_set_zone(r->ep, r->zone);
	event_set_problem_cb(r->ep, on_problem, r);
	event_resume(r->ep, off);
	if (fmt == FMT_EVENTLOG && r->stats.bytes == 0 && !r->resumed) {
		text_free(r->td);
		r->td = text_new(max_line(fmt, r->max_record));
	}
	return 0;
}

void
reader_resume(struct reader *r, enum text_encoding enc, uint64_t offset,
    uint64_t lines)
{
	r->resumed = 1;
	text_resume(r->td, enc, offset, lines + 1);
	event_resume(r->ep, offset);
	r->line_end = offset;
	r->line_no = lines;
}

void
reader_feed(struct reader *r, const void *buf, size_t len)
{
	/* An XML export of events: its one line must not be cut. */
	if (r->stats.bytes == 0 && !r->resumed && len > 0 &&
	    event_parser_format(r->ep) == FMT_AUTO && head_is_xml(buf, len)) {
		text_free(r->td);
		r->td = text_new(READER_EVENTLOG_MAX_LINE);
	}
	r->stats.bytes += len;
	text_feed(r->td, buf, len, on_line, r);
}

void
reader_text_line(struct reader *r, const char *line, size_t len)
{
	r->stats.bytes += len + 1;
	on_line(r, line, len, r->line_no + 1, r->line_end + len + 1, 0);
}

void
reader_finish(struct reader *r)
{
	text_finish(r->td, on_line, r);
	event_finish(r->ep, on_record, r);
}

void
reader_winevent(struct reader *r, const struct winevent *ev, uint64_t line)
{
	event_winevent(r->ep, ev, line, on_record, r);
}

void
reader_flush(struct reader *r)
{
	event_flush(r->ep, on_record, r);
}

int
reader_holding(const struct reader *r)
{
	uint64_t off, line;

	return event_pending(r->ep, &off, &line);
}

void
reader_safe_point(const struct reader *r, uint64_t *offset, uint64_t *lines)
{
	uint64_t first;

	if (event_pending(r->ep, offset, &first))
		*lines = first - 1;
	else {
		*offset = r->line_end;
		*lines = r->line_no;
	}
}

enum text_encoding
reader_encoding(const struct reader *r)
{
	return text_encoding(r->td);
}

enum event_format
reader_format(const struct reader *r)
{
	return event_parser_format(r->ep);
}

const struct reader_stats *
reader_stats(const struct reader *r)
{
	return &r->stats;
}
