/*
 * evlog — the eventlog format: which export a file is, and the hold that
 * gives a file's records in time order; see evlog.h.
 *
 * The first line that says decides the layout for the rest of the file:
 * "Event[N]:" is wevtutil /f:text, a '<' is XML (wevtutil /f:xml, which
 * writes every event of the query on one line, /f:RenderedXml, Event
 * Viewer's "Save as XML"), anything else is a delimited export (Event
 * Viewer's text, tab-delimited, or CSV; the delimiter is the one the line
 * has more of).
 *
 * Event Viewer and `wevtutil qe /rd:true` write the newest event first,
 * and the incident rules need the oldest first (a sequence must see
 * "initialized" before "stopped").  So every record is held, and when the
 * input is over or quiet (or the hold reaches EVL_HOLD_MAX) the held
 * records come out sorted by time.  Records of the same time keep the
 * order they were logged in: by record number when both have one, else
 * in the file's order, read backwards when the file runs newest first.
 * A local date whose order is ambiguous (is 04/05/2011 April or May?) is
 * read the way the file's other rows decide (a row with 13/05/2011 or
 * 05/13/2011 settles it for the whole file); failing that, month first
 * with a 12-hour clock (en-US) and day first with a 24-hour one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/evlog-int.h"
#include "lib/xmalloc.h"

struct evl *
evl_state(struct event_parser *p)
{
	if (p->evl == NULL)
		p->evl = xcalloc(1, sizeof(*p->evl));
	return p->evl;
}

void
evlog_free(struct event_parser *p)
{
	struct evl *e = p->evl;

	if (e == NULL)
		return;
	evlog_rec_free(&e->rec);
	winevent_xml_free(&e->x);
	buf_free(&e->arena);
	xfree(e->held);
	buf_free(&e->rbuf);
	buf_free(&e->fbuf);
	buf_free(&e->w_src);
	buf_free(&e->w_date);
	buf_free(&e->w_level);
	buf_free(&e->w_id);
	buf_free(&e->w_log);
	buf_free(&e->w_comp);
	buf_free(&e->w_msg);
	buf_free(&e->xbuf);
	xfree(e);
	p->evl = NULL;
}

void
evl_problem(struct event_parser *p, uint64_t line, const char *fmt, ...)
{
	struct evl *e = evl_state(p);
	char msg[512];
	va_list ap;

	if (p->problem_cb == NULL || e->problems > EVL_PROBLEMS_MAX)
		return;
	if (e->problems++ == EVL_PROBLEMS_MAX) {
		p->problem_cb(p->problem_arg, line, "further problems in this "
		    "file are not reported");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->problem_cb(p->problem_arg, line, msg);
}

/* The hold. */

static size_t
put(struct buf *a, const char *s, size_t n)
{
	size_t off = a->len;

	buf_append(a, s, n);
	buf_putc(a, '\0');
	return off;
}

void
evl_hold(struct event_parser *p, const struct winevent *ev,
    const struct evtime_local *lt, uint64_t line, uint64_t last_line,
    uint64_t start, uint64_t end, int lflags, event_cb cb, void *arg)
{
	struct evl *e = evl_state(p);
	struct event out;
	struct evl_held *h;

	evlog_map(ev, p->max_record, &e->rec, &out);
	if (e->nheld == e->capheld) {
		e->capheld = e->capheld ? e->capheld * 2 : 64;
		e->held = xreallocarray(e->held, e->capheld, sizeof(*e->held));
	}
	h = &e->held[e->nheld++];
	memset(h, 0, sizeof(*h));
	h->text = put(&e->arena, out.text, out.text_len);
	h->text_len = out.text_len;
	h->first = put(&e->arena, out.first, out.first_len);
	h->first_len = out.first_len;
	h->comp = put(&e->arena, out.component, strlen(out.component));
	h->comp_len = strlen(out.component);
	h->level = put(&e->arena, out.level, strlen(out.level));
	h->level_len = strlen(out.level);
	h->line = line;
	h->last_line = last_line;
	h->start_offset = start;
	h->end_offset = end;
	h->seq = e->seq++;
	h->flags = out.flags | ((lflags & TEXT_LINE_CUT) ? EVENT_LINE_CUT : 0);
	h->has_time = out.has_time;
	h->time_ms = out.time_ms;
	if (lt != NULL && !out.has_time) {
		h->local = 1;
		h->lt = *lt;
	}
	h->has_event_id = out.has_event_id;
	h->event_id = out.event_id;
	h->record_id = out.record_id;
	if (e->arena.len >= EVL_HOLD_MAX)
		evl_emit(p, cb, arg);
}

/* Decide the file's date order from the held local times. */
static int
decide_order(struct event_parser *p)
{
	struct evl *e = p->evl;
	size_t i, mdy = 0, dmy = 0, ampm = 0, local = 0;
	int o;

	for (i = 0; i < e->nheld; i++) {
		if (!e->held[i].local)
			continue;
		local++;
		o = evtime_local_orders(&e->held[i].lt);
		if (o == EVTIME_MDY)
			mdy++;
		else if (o == EVTIME_DMY)
			dmy++;
		if (e->held[i].lt.ampm)
			ampm++;
	}
	if (e->order != 0 || local == 0)
		return e->order;
	if (mdy != dmy)
		e->order = mdy > dmy ? EVTIME_MDY : EVTIME_DMY;
	else
		e->order = ampm * 2 >= local ? EVTIME_MDY : EVTIME_DMY;
	return e->order;
}

/* One held record's place in the time order. */
struct sortent {
	int64_t		 key;		/* its time, or the one before it */
	uint64_t	 record_id;
	uint64_t	 seq;		/* backwards for a newest-first file */
	size_t		 idx;
};

static int
cmp_held(const void *a, const void *b)
{
	const struct sortent *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->record_id != 0 && y->record_id != 0 &&
	    x->record_id != y->record_id)
		return x->record_id < y->record_id ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

void
evl_emit(struct event_parser *p, event_cb cb, void *arg)
{
	struct evl *e = p->evl;
	struct evl_held *h;
	struct event ev;
	struct sortent *se;
	int64_t last;
	size_t i, asc = 0, desc = 0;
	int order, o, have = 0;
	const char *a;

	if (e == NULL || e->nheld == 0)
		return;
	order = decide_order(p);
	for (i = 0; i < e->nheld; i++) {
		h = &e->held[i];
		if (!h->local)
			continue;
		o = evtime_local_orders(&h->lt);
		if (o != EVTIME_MDY && o != EVTIME_DMY && o != EVTIME_YMD)
			o = order;
		if (evtime_local_ms(&h->lt, o, &p->tz, &h->time_ms) == 0)
			h->has_time = 1;
		else
			evl_problem(p, h->line, "no valid date and time");
		h->local = 0;
	}
	/* Sort keys: an untimed record goes with the one before it. */
	se = xcalloc(e->nheld, sizeof(*se));
	last = 0;
	for (i = 0; i < e->nheld; i++)
		if (e->held[i].has_time) {
			last = e->held[i].time_ms;
			break;
		}
	for (i = 0; i < e->nheld; i++) {
		h = &e->held[i];
		if (h->has_time) {
			if (have && h->time_ms > last)
				asc++;
			else if (have && h->time_ms < last)
				desc++;
			last = h->time_ms;
			have = 1;
		}
		se[i].key = last;
		se[i].record_id = h->record_id;
		se[i].idx = i;
	}
	for (i = 0; i < e->nheld; i++)
		se[i].seq = desc > asc ? UINT64_MAX - e->held[i].seq :
		    e->held[i].seq;
	qsort(se, e->nheld, sizeof(*se), cmp_held);
	a = e->arena.data;
	for (i = 0; i < e->nheld; i++) {
		h = &e->held[se[i].idx];
		memset(&ev, 0, sizeof(ev));
		ev.format = FMT_EVENTLOG;
		ev.text = a + h->text;
		ev.text_len = h->text_len;
		ev.first = a + h->first;
		ev.first_len = h->first_len;
		ev.line = h->line;
		ev.last_line = h->last_line;
		ev.end_offset = h->end_offset;
		ev.start_offset = h->start_offset;
		ev.has_time = h->has_time;
		ev.time_ms = h->has_time ? h->time_ms : 0;
		ev.component = a + h->comp;
		ev.level = a + h->level;
		ev.thread = "";
		ev.flags = h->flags;
		ev.has_event_id = h->has_event_id;
		ev.event_id = h->event_id;
		ev.record_id = h->record_id;
		cb(arg, &ev);
	}
	xfree(se);
	e->nheld = 0;
	buf_reset(&e->arena);
}

/* The layouts. */

int
evl_wevt_start(const char *s, size_t n)
{
	size_t i = 6;

	if (n < 8 || memcmp(s, "Event[", 6) != 0 || !is_digit((unsigned char)s[6]))
		return 0;
	while (i < n && is_digit((unsigned char)s[i]))
		i++;
	if (i >= n || s[i++] != ']')
		return 0;
	if (i < n && s[i] == ':')
		i++;
	return is_blank(s + i, n - i);
}

/* How many times c occurs in s outside double quotes. */
static size_t
count_outside(const char *s, size_t n, char c)
{
	size_t i, k = 0;
	int q = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '"')
			q = !q;
		else if (s[i] == c && !q)
			k++;
	return k;
}

void
evlog_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	struct evl *e = evl_state(p);
	size_t i, tabs, commas;

	if (e->layout == EVL_NONE) {
		i = skip_spaces(s, n, 0);
		if (i == n)
			return;		/* blank lines before anything */
		if (evl_wevt_start(s, n))
			e->layout = EVL_WEVT;
		else if (s[i] == '<')
			e->layout = EVL_XML;
		else if (has_prefix(s + i, n - i, "#TYPE "))
			return;		/* PowerShell's Export-Csv type line */
		else {
			tabs = count_outside(s, n, '\t');
			commas = count_outside(s, n, ',');
			if (tabs < 2 && commas < 2) {
				evl_problem(p, ln, "not a line of an event "
				    "log export");
				return;
			}
			e->layout = EVL_ROWS;
			e->delim = tabs >= commas ? '\t' : ',';
		}
	}
	switch (e->layout) {
	case EVL_WEVT:
		evl_wevt_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	case EVL_XML:
		evl_xml_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	default:
		evl_rows_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	}
}

void
evlog_end(struct event_parser *p, int fin, event_cb cb, void *arg)
{
	struct evl *e = evl_state(p);

	switch (e->layout) {
	case EVL_WEVT:
		evl_wevt_end(p, fin, cb, arg);
		break;
	case EVL_XML:
		evl_xml_end(p, fin, cb, arg);
		break;
	case EVL_ROWS:
		evl_rows_end(p, fin, cb, arg);
		break;
	default:
		break;
	}
	evl_emit(p, cb, arg);
}

int
evlog_pending(const struct event_parser *p, uint64_t *offset,
    uint64_t *line_no)
{
	const struct evl *e = p->evl;
	const struct evl_open *o[3];
	size_t i;

	if (e == NULL)
		return 0;
	if (e->nheld > 0) {
		/* The first held is the first read: seq order is file order. */
		*offset = e->held[0].start_offset;
		*line_no = e->held[0].line;
		for (i = 1; i < e->nheld; i++)
			if (e->held[i].line < *line_no) {
				*offset = e->held[i].start_offset;
				*line_no = e->held[i].line;
			}
		return 1;
	}
	o[0] = &e->row;
	o[1] = &e->w;
	o[2] = &e->xo;
	for (i = 0; i < 3; i++)
		if (o[i]->open) {
			*offset = o[i]->start;
			*line_no = o[i]->line;
			return 1;
		}
	return 0;
}

int
evlog_sniff(const char *s, size_t n)
{
	size_t i = skip_spaces(s, n, 0), st, rl;
	int junk;

	if (evl_wevt_start(s, n))
		return 1;
	if (i < n && s[i] == '<')
		return winevent_xml_find(s, n, i, &st, &rl, &junk) && !junk;
	return evl_row_like(s, n, '\t') || evl_row_like(s, n, ',') ||
	    evl_header_like(s, n, '\t') || evl_header_like(s, n, ',');
}

void
event_winevent(struct event_parser *p, const struct winevent *ev,
    uint64_t line, event_cb cb, void *arg)
{
	evl_hold(p, ev, NULL, line, line, p->prev_end, p->prev_end, 0, cb,
	    arg);
}
