/*
 * evlog-wevt — wevtutil's exports: `wevtutil qe LOG /f:text` and
 * `/f:xml` (and /f:RenderedXml, Event Viewer's "Save as XML").
 *
 * /f:text writes blocks:
 *
 *   Event[0]:
 *     Log Name: EktronL2
 *     Source: EktronL2
 *     Date: 2011-05-04T09:57:58.000
 *     Event ID: 0
 *     Task: N/A
 *     Level: Information
 *     …
 *     Description:
 *   Service initialized successfully
 *
 * The fields are indented (some copies lose the indentation; the English
 * names still say what they are) and some may be missing; in another
 * language the names are not understood and the fields are taken by
 * their place (Log Name, Source, Date, Event ID, Task, Level, Opcode,
 * Keyword, User, User Name, Computer, Description).  The description
 * runs to the next "Event[N]".  The date is local time (zone: the
 * reader's) unless it ends in Z, as newer Windows versions write it.
 *
 * /f:xml writes every event of the query as an <Event> element, all on
 * one line; Event Viewer's XML wraps them in <Events>, pretty-printers
 * break them over lines.  Each element is cut out and parsed on its own
 * (lib/winevent.h), so a malformed one costs only itself.
 */
#include <string.h>
#include <strings.h>

#include "decode/evlog-int.h"

/* The fields of a text block, by English name and by place. */
enum { W_LOG, W_SOURCE, W_DATE, W_ID, W_TASK, W_LEVEL, W_OPCODE,
    W_KEYWORD, W_USER, W_USERNAME, W_COMPUTER, W_DESC, W_NFIELD };

static const struct {
	const char	*name;
	int		 field;
} w_names[] = {
	{ "Log Name", W_LOG }, { "Source", W_SOURCE }, { "Date", W_DATE },
	{ "Event ID", W_ID }, { "Task", W_TASK }, { "Task Category", W_TASK },
	{ "Level", W_LEVEL }, { "Opcode", W_OPCODE }, { "Keyword", W_KEYWORD },
	{ "Keywords", W_KEYWORD }, { "User", W_USER },
	{ "User Name", W_USERNAME }, { "Computer", W_COMPUTER },
	{ "Description", W_DESC },
};

static struct buf *
w_buf(struct evl *e, int field)
{
	switch (field) {
	case W_LOG:
		return &e->w_log;
	case W_SOURCE:
		return &e->w_src;
	case W_DATE:
		return &e->w_date;
	case W_ID:
		return &e->w_id;
	case W_LEVEL:
		return &e->w_level;
	case W_COMPUTER:
		return &e->w_comp;
	default:
		return NULL;
	}
}

static void
w_done(struct event_parser *p, event_cb cb, void *arg)
{
	struct evl *e = p->evl;
	struct winevent ev;
	struct evtime_local lt, *ltp = NULL;
	const char *d = buf_cstr(&e->w_date);
	size_t i, n = e->w_id.len;
	int64_t ms;

	if (!e->w.open)
		return;
	e->w.open = 0;
	winevent_clear(&ev);
	ev.source = buf_cstr(&e->w_src);
	ev.channel = buf_cstr(&e->w_log);
	ev.computer = buf_cstr(&e->w_comp);
	ev.level_name = buf_cstr(&e->w_level);
	for (i = 0; i < n && is_digit((unsigned char)e->w_id.data[i]); i++)
		ev.event_id = ev.event_id * 10 +
		    (uint32_t)(e->w_id.data[i] - '0');
	ev.has_event_id = n > 0 && i == n && n <= 10;
	if (evtime_iso_local(d, e->w_date.len, &p->tz, &ms) == 0) {
		ev.has_time = 1;
		ev.time_ms = ms;
	} else if (evtime_local_parse(d, e->w_date.len, &lt) == 0)
		ltp = &lt;
	else
		evl_problem(p, e->w.line, "no date this layout can read");
	ev.message = buf_cstr(&e->w_msg);
	ev.message_len = e->w_msg.len;
	evl_hold(p, &ev, ltp, e->w.line, e->w_last, e->w.start, e->w_end,
	    e->w.flags, cb, arg);
}

void
evl_wevt_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	struct evl *e = p->evl;
	const char *colon;
	struct buf *b;
	size_t i, k, key, keylen;
	int field = -1;

	if (evl_wevt_start(s, n)) {
		w_done(p, cb, arg);
		e->w.open = 1;
		e->w.line = ln;
		e->w.start = p->cur_start;
		e->w.flags = lf;
		e->w_desc = 0;
		e->w_nfield = 0;
		buf_reset(&e->w_src);
		buf_reset(&e->w_date);
		buf_reset(&e->w_level);
		buf_reset(&e->w_id);
		buf_reset(&e->w_log);
		buf_reset(&e->w_comp);
		buf_reset(&e->w_msg);
		e->w_last = ln;
		e->w_end = eo;
		return;
	}
	if (!e->w.open) {
		if (!is_blank(s, n))
			evl_problem(p, ln, "text outside an Event[N] block");
		return;
	}
	e->w_last = ln;
	e->w_end = eo;
	e->w.flags |= lf;
	if (!e->w_desc) {
		key = skip_spaces(s, n, 0);
		colon = memchr(s + key, ':', n - key);
		keylen = colon ? rtrim_len(s + key, (size_t)(colon - s) - key) : 0;
		for (k = 0; colon && k < sizeof(w_names) / sizeof(w_names[0]);
		    k++)
			if (strlen(w_names[k].name) == keylen &&
			    strncasecmp(w_names[k].name, s + key, keylen) == 0)
				field = w_names[k].field;
		if (field < 0 && colon != NULL && key > 0 && keylen > 0 &&
		    e->w_nfield < W_NFIELD)
			field = e->w_nfield;	/* another language: by place */
		if (field >= 0) {
			e->w_nfield = field + 1;
			i = skip_spaces(s, n, (size_t)(colon - s) + 1);
			if (field == W_DESC) {
				e->w_desc = 1;
				if (i < n)
					buf_append(&e->w_msg, s + i, n - i);
			} else if ((b = w_buf(e, field)) != NULL) {
				buf_reset(b);
				buf_append(b, s + i, rtrim_len(s + i, n - i));
			}
			return;
		}
		if (is_blank(s, n))
			return;
		e->w_desc = 1;	/* no "Description:": the text starts here */
	}
	if (e->w_msg.len > 0 || e->w_desc == 2)
		buf_putc(&e->w_msg, '\n');
	e->w_desc = 2;
	if (e->w_msg.len < p->max_record * 2 + 4096)
		buf_append(&e->w_msg, s, n);
}

void
evl_wevt_end(struct event_parser *p, int fin, event_cb cb, void *arg)
{
	/* A block is complete only when the next starts, or at the end. */
	(void)fin;
	w_done(p, cb, arg);
}

/* XML */

/* The line of an offset into the held element (its first line: line0). */
static uint64_t
line_at(const char *s, size_t off, uint64_t line0)
{
	size_t i;

	for (i = 0; i < off; i++)
		if (s[i] == '\n')
			line0++;
	return line0;
}

static void
x_event(struct event_parser *p, const char *s, size_t n, uint64_t line,
    uint64_t last, uint64_t start, uint64_t end, int lf, event_cb cb,
    void *arg)
{
	struct evl *e = p->evl;
	const char *err;
	size_t off;

	if (winevent_xml_parse(&e->x, s, n, &err, &off) == -1)
		evl_problem(p, line_at(s, off < n ? off : n, line),
		    "event XML: %s", err);
	evl_hold(p, &e->x.ev, NULL, line, last, start, end, lf, cb, arg);
}

/* The end tag of the skipped element, in s; the offset past it or 0. */
static size_t
x_skip_end(const char *s, size_t n)
{
	const char *gt;
	size_t i;

	for (i = 0; i + 8 <= n; i++)
		if (s[i] == '<' && s[i + 1] == '/' && (memcmp(s + i + 2,
		    "Event>", 6) == 0 || memcmp(s + i + 2, "Event ", 6) == 0) &&
		    (gt = memchr(s + i, '>', n - i)) != NULL)
			return (size_t)(gt - s) + 1;
	return 0;
}

/* The rest of a line after position i: its events. */
static void
x_scan(struct event_parser *p, const char *s, size_t n, size_t i,
    uint64_t ln, uint64_t eo, int lf, event_cb cb, void *arg)
{
	struct evl *e = p->evl;
	size_t st, rl, end;
	int junk;

	while (i < n) {
		if (!winevent_xml_find(s, n, i, &st, &rl, &junk)) {
			if (junk)
				evl_problem(p, ln, "text outside an <Event> "
				    "element");
			return;
		}
		if (junk)
			evl_problem(p, ln, "text outside an <Event> element");
		end = winevent_xml_end(s + st, n - st, rl);
		if (end == 0) {
			/* It goes on in the next lines. */
			e->xo.open = 1;
			e->xo.line = ln;
			e->xo.start = p->cur_start;
			e->xo.flags = lf;
			e->xroot = rl;
			buf_reset(&e->xbuf);
			buf_append(&e->xbuf, s + st, n - st);
			return;
		}
		x_event(p, s + st, end, ln, ln, p->cur_start, eo, lf, cb, arg);
		i = st + end;
	}
}

void
evl_xml_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	struct evl *e = p->evl;
	struct buf rest = { 0 };
	size_t end;

	if (e->xskip) {
		if ((end = x_skip_end(s, n)) == 0)
			return;
		e->xskip = 0;
		x_scan(p, s, n, end, ln, eo, lf, cb, arg);
		return;
	}
	if (!e->xo.open) {
		x_scan(p, s, n, 0, ln, eo, lf, cb, arg);
		return;
	}
	e->xo.flags |= lf;
	buf_putc(&e->xbuf, '\n');
	buf_append(&e->xbuf, s, n);
	end = winevent_xml_end(e->xbuf.data, e->xbuf.len, e->xroot);
	if (end == 0) {
		if (e->xbuf.len > EVL_XML_MAX) {
			evl_problem(p, e->xo.line, "an <Event> element of more "
			    "than %u bytes: skipped", EVL_XML_MAX);
			e->xo.open = 0;
			e->xskip = 1;
			buf_reset(&e->xbuf);
		}
		return;
	}
	e->xo.open = 0;
	x_event(p, e->xbuf.data, end, e->xo.line, ln, e->xo.start, eo,
	    e->xo.flags, cb, arg);
	/* What follows the element on this line. */
	if (end < e->xbuf.len) {
		buf_append(&rest, e->xbuf.data + end, e->xbuf.len - end);
		x_scan(p, rest.data, rest.len, 0, ln, eo, lf, cb, arg);
		buf_free(&rest);
	}
}

void
evl_xml_end(struct event_parser *p, int fin, event_cb cb, void *arg)
{
	struct evl *e = p->evl;

	if (!fin || !e->xo.open)
		return;
	e->xo.open = 0;
	/* Parsed as far as it goes: the parser reports where it stops. */
	x_event(p, e->xbuf.data, e->xbuf.len, e->xo.line, e->xo.line,
	    e->xo.start, e->xo.start, e->xo.flags, cb, arg);
	buf_reset(&e->xbuf);
}
