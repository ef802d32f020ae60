/*
 * evlog-rows — Event Viewer's delimited exports: "Save All Events As…"
 * Text (tab delimited) and CSV (Comma Separated).
 *
 * The header (English: Level, Date and Time, Source, Event ID, Task
 * Category) names five columns, and every row has a sixth without a
 * name: the description.  A field may be quoted ("…", a quote inside
 * doubled), and a quoted description may span lines: a row is complete
 * when a line ends outside quotes.  The date and time are local, in the
 * machine's culture.  A header in another language is not understood,
 * and need not be: the columns are then taken by their place, in
 * Vista's order or, when the first row starts with a date and a time
 * column, in the order of the Windows 2003 exports (Date, Time, Source,
 * Type, Category, Event, User, Computer, Description).  PowerShell's
 * Export-Csv of Get-WinEvent or Get-EventLog is read by its header too.
 *
 * A quoted field that is never closed would swallow the rest of the
 * file: a line that is a row of its own ends it (and is reported).
 */
#include <string.h>
#include <strings.h>

#include "decode/evlog-int.h"

enum { RS_START, RS_UNQ, RS_Q, RS_QQ };

struct fields {
	const char	*f[EVL_FIELDS_MAX];
	size_t		 len[EVL_FIELDS_MAX];
	size_t		 n;
};

static int
step(int st, char c, char delim)
{
	switch (st) {
	case RS_START:
		return c == '"' ? RS_Q : c == delim ? RS_START : RS_UNQ;
	case RS_UNQ:
		return c == delim ? RS_START : RS_UNQ;
	case RS_Q:
		return c == '"' ? RS_QQ : RS_Q;
	default:
		return c == '"' ? RS_Q : c == delim ? RS_START : RS_UNQ;
	}
}

/*
 * Split s into fields, unquoted, into out (which keeps them); the fields
 * past EVL_FIELDS_MAX go into the last one, delimiters and all.
 */
static void
split(const char *s, size_t n, char delim, struct buf *out, struct fields *f)
{
	size_t i, start[EVL_FIELDS_MAX];
	int st = RS_START, nst;

	buf_reset(out);
	f->n = 1;
	start[0] = 0;
	for (i = 0; i < n; i++) {
		nst = step(st, s[i], delim);
		if (s[i] == delim && st != RS_Q && f->n < EVL_FIELDS_MAX) {
			buf_putc(out, '\0');
			start[f->n++] = out->len;
		} else if (!(s[i] == '"' && (st == RS_START || (st == RS_Q &&
		    nst == RS_QQ))))
			buf_putc(out, s[i]);
		st = nst;
	}
	buf_putc(out, '\0');
	for (i = 0; i < f->n; i++) {
		f->f[i] = out->data + start[i];
		f->len[i] = strlen(f->f[i]);
		/* Spaces around a field are no part of it. */
		while (f->len[i] > 0 && is_space((unsigned char)*f->f[i])) {
			f->f[i]++;
			f->len[i]--;
		}
		f->len[i] = rtrim_len(f->f[i], f->len[i]);
	}
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	return n > 0 && n <= 10;
}

static int
has_digit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (is_digit((unsigned char)s[i]))
			return 1;
	return 0;
}

static int
is_datetime(const char *s, size_t n)
{
	struct evtime_local t;
	int64_t ms;

	return evtime_local_parse(s, n, &t) == 0 ||
	    evtime_iso_local(s, n, NULL, &ms) == 0;
}

/* Vista's order (1) or 2003's (2) by a data row's content, or 0. */
static int
row_kind(const struct fields *f)
{
	struct evtime_local t;

	if (f->n >= 5 && f->len[0] > 0 && !has_digit(f->f[0], f->len[0]) &&
	    is_datetime(f->f[1], f->len[1]) && all_digits(f->f[3], f->len[3]))
		return 1;
	if (f->n >= 6 && evtime_local_date(f->f[0], f->len[0], &t) == 0 &&
	    evtime_local_clock(f->f[1], f->len[1], &t) == 0 &&
	    all_digits(f->f[5], f->len[5]))
		return 2;
	return 0;
}

int
evl_row_like(const char *s, size_t n, char delim)
{
	struct buf b = { 0 };
	struct fields f;
	int k;

	split(s, n, delim, &b, &f);
	k = row_kind(&f);
	buf_free(&b);
	return k != 0;
}

static const struct {
	const char	*name;
	enum evl_col	 col;
} col_names[] = {
	{ "Level", C_LEVEL }, { "Type", C_LEVEL }, { "Event Type", C_LEVEL },
	{ "LevelDisplayName", C_LEVEL }, { "EntryType", C_LEVEL },
	{ "Date and Time", C_DATETIME }, { "TimeCreated", C_DATETIME },
	{ "TimeGenerated", C_DATETIME }, { "TimeWritten", C_DATETIME },
	{ "Date", C_DATE }, { "Time", C_TIME },
	{ "Source", C_SOURCE }, { "ProviderName", C_SOURCE },
	{ "Event Source", C_SOURCE },
	{ "Event ID", C_EVENTID }, { "Event", C_EVENTID }, { "Id", C_EVENTID },
	{ "EventID", C_EVENTID }, { "InstanceId", C_EVENTID },
	{ "Task Category", C_CATEGORY }, { "Category", C_CATEGORY },
	{ "TaskDisplayName", C_CATEGORY },
	{ "Description", C_MESSAGE }, { "Message", C_MESSAGE },
	{ "General", C_MESSAGE },
	{ "User", C_USER }, { "UserName", C_USER }, { "UserId", C_USER },
	{ "Computer", C_COMPUTER }, { "MachineName", C_COMPUTER },
	{ "RecordId", C_RECORD }, { "Index", C_RECORD },
	{ "Log Name", C_LOG }, { "LogName", C_LOG },
};

static int
col_of(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(col_names) / sizeof(col_names[0]); i++)
		if (strlen(col_names[i].name) == n &&
		    strncasecmp(col_names[i].name, s, n) == 0)
			return (int)col_names[i].col;
	return -1;
}

/* How many fields of f are column names; *timecol: one is a time. */
static size_t
known_names(const struct fields *f, int *timecol)
{
	size_t i, k = 0;
	int c;

	*timecol = 0;
	for (i = 0; i < f->n; i++)
		if ((c = col_of(f->f[i], f->len[i])) >= 0) {
			k++;
			if (c == C_DATETIME || c == C_DATE || c == C_TIME)
				*timecol = 1;
		}
	return k;
}

int
evl_header_like(const char *s, size_t n, char delim)
{
	struct buf b = { 0 };
	struct fields f;
	size_t k;
	int timecol;

	split(s, n, delim, &b, &f);
	k = f.n >= 3 ? known_names(&f, &timecol) : 0;
	buf_free(&b);
	return k >= 3 && timecol;
}

static void
cols_positional(struct evl *e, int kind)
{
	static const int vista[] = { C_LEVEL, C_DATETIME, C_SOURCE, C_EVENTID,
	    C_CATEGORY, C_MESSAGE };
	static const int old[] = { C_DATE, C_TIME, C_SOURCE, C_LEVEL,
	    C_CATEGORY, C_EVENTID, C_USER, C_COMPUTER, C_MESSAGE };
	size_t i;

	for (i = 0; i < C_NCOL; i++)
		e->cols[i] = -1;
	if (kind == 2)
		for (i = 0; i < sizeof(old) / sizeof(old[0]); i++)
			e->cols[old[i]] = (int)i;
	else
		for (i = 0; i < sizeof(vista) / sizeof(vista[0]); i++)
			e->cols[vista[i]] = (int)i;
	e->have_cols = 1;
}

static void
cols_named(struct evl *e, const struct fields *f)
{
	size_t i;
	int c;

	for (i = 0; i < C_NCOL; i++)
		e->cols[i] = -1;
	for (i = 0; i < f->n; i++)
		if ((c = col_of(f->f[i], f->len[i])) >= 0 && e->cols[c] < 0)
			e->cols[c] = (int)i;
	if (e->cols[C_DATE] >= 0 && e->cols[C_TIME] < 0) {
		e->cols[C_DATETIME] = e->cols[C_DATE];
		e->cols[C_DATE] = -1;
	}
	/* Event Viewer's description column has no name. */
	if (e->cols[C_MESSAGE] < 0)
		e->cols[C_MESSAGE] = (int)f->n;
	e->have_cols = 1;
}

/* Field c of a row ("" when the row has no such column). */
static const char *
fld(const struct evl *e, const struct fields *f, int c, size_t *len)
{
	int k = e->cols[c];

	if (k < 0 || (size_t)k >= f->n) {
		*len = 0;
		return "";
	}
	*len = f->len[k];
	return f->f[k];
}

/* Whether the message is the last column: then extra fields are its. */
static int
message_last(const struct evl *e)
{
	int c;

	for (c = 0; c < C_NCOL; c++)
		if (c != C_MESSAGE && e->cols[c] > e->cols[C_MESSAGE])
			return 0;
	return 1;
}

static void
row_done(struct event_parser *p, event_cb cb, void *arg)
{
	struct evl *e = p->evl;
	struct fields f;
	struct winevent ev;
	struct evtime_local lt, *ltp = NULL;
	struct buf src = { 0 }, lvl = { 0 }, msg = { 0 };
	const char *v, *strs[1];
	size_t len, lens[1], k, i;
	int kind, timecol;
	int64_t ms;

	e->row.open = 0;
	split(e->rbuf.data ? e->rbuf.data : "", e->rbuf.len, e->delim,
	    &e->fbuf, &f);
	if (!e->have_cols) {
		kind = row_kind(&f);
		if (kind == 0 && e->ncols_named == 0) {
			/* The header row. */
			e->ncols_named = -1;
			if (known_names(&f, &timecol) >= 2)
				cols_named(e, &f);
			return;
		}
		cols_positional(e, kind);
	}
	winevent_clear(&ev);
	v = fld(e, &f, C_SOURCE, &len);
	buf_append(&src, v, len);
	ev.source = buf_cstr(&src);
	v = fld(e, &f, C_LEVEL, &len);
	buf_append(&lvl, v, len);
	ev.level_name = buf_cstr(&lvl);
	v = fld(e, &f, C_EVENTID, &len);
	if (all_digits(v, len)) {
		ev.has_event_id = 1;
		for (i = 0; i < len; i++)
			ev.event_id = ev.event_id * 10 + (uint32_t)(v[i] - '0');
	}
	v = fld(e, &f, C_RECORD, &len);
	if (all_digits(v, len))
		for (i = 0; i < len; i++)
			ev.record = ev.record * 10 + (uint64_t)(v[i] - '0');
	/* The time. */
	if (e->cols[C_DATETIME] >= 0) {
		v = fld(e, &f, C_DATETIME, &len);
		if (evtime_local_parse(v, len, &lt) == 0)
			ltp = &lt;
		else if (evtime_iso_local(v, len, &p->tz, &ms) == 0) {
			ev.has_time = 1;
			ev.time_ms = ms;
		}
	} else {
		v = fld(e, &f, C_DATE, &len);
		if (evtime_local_date(v, len, &lt) == 0) {
			v = fld(e, &f, C_TIME, &len);
			if (evtime_local_clock(v, len, &lt) == 0)
				ltp = &lt;
		}
	}
	if (ltp == NULL && !ev.has_time)
		evl_problem(p, e->row.line, "no date and time this export's "
		    "columns can read");
	/* The message: its column, and any the row has past it. */
	k = (size_t)(e->cols[C_MESSAGE] >= 0 ? e->cols[C_MESSAGE] : 0);
	if (f.n == 1)
		k = 0;		/* no delimiter at all: the line is the text */
	for (i = k; i < f.n && (i == k || message_last(e)); i++) {
		if (i > k)
			buf_putc(&msg, e->delim);
		buf_append(&msg, f.f[i], f.len[i]);
	}
	strs[0] = buf_cstr(&msg);
	lens[0] = msg.len;
	ev.strings = strs;
	ev.string_lens = lens;
	ev.nstrings = 1;
	evl_hold(p, &ev, ltp, e->row.line, e->r_last, e->row.start, e->r_end,
	    e->row.flags | (e->rcut ? TEXT_LINE_CUT : 0), cb, arg);
	buf_free(&src);
	buf_free(&lvl);
	buf_free(&msg);
}

void
evl_rows_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	struct evl *e = p->evl;
	size_t i, room, cap;

	if (e->row.open && e->rstate == RS_Q && evl_row_like(s, n, e->delim)) {
		evl_problem(p, e->row.line, "a quoted field opened here is "
		    "not closed");
		row_done(p, cb, arg);
	}
	if (!e->row.open) {
		if (is_blank(s, n))
			return;
		e->row.open = 1;
		e->row.line = ln;
		e->row.start = p->cur_start;
		e->row.flags = lf;
		e->rstate = RS_START;
		e->rcut = 0;
		buf_reset(&e->rbuf);
	} else {
		buf_putc(&e->rbuf, '\n');
		e->row.flags |= lf;
	}
	e->r_last = ln;
	e->r_end = eo;
	/* A runaway row keeps its quoting state but not all its text. */
	cap = p->max_record * 2 + 4096;
	room = e->rbuf.len < cap ? cap - e->rbuf.len : 0;
	if (n > room)
		e->rcut = 1;
	buf_append(&e->rbuf, s, n < room ? n : room);
	for (i = 0; i < n; i++)
		e->rstate = step(e->rstate, s[i], e->delim);
	if (e->rstate != RS_Q)
		row_done(p, cb, arg);
}

void
evl_rows_end(struct event_parser *p, int fin, event_cb cb, void *arg)
{
	struct evl *e = p->evl;

	if (!e->row.open || !fin)
		return;
	evl_problem(p, e->row.line, "a quoted field opened here is not "
	    "closed at the end of the input");
	row_done(p, cb, arg);
}
